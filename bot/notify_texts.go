package bot

// notifyTexts are the notices' texts (see notify.go).
var notifyTexts = catalog{
	"notice.opened": {
		FR: "📣 Phase « %s » : c'est parti, jusqu'au %s.",
		NL: "📣 Fase ‘%s’ is begonnen en loopt tot %s.",
		EN: "📣 The %s phase has started and runs until %s.",
	},
	"notice.opened_vote": {
		FR: "Découvrez les projets et votez : %s",
		NL: "Bekijk de projecten en stem: %s",
		EN: "See the projects and vote: %s",
	},
	"notice.closing": {
		FR: "⏳ Phase « %s » : clôture dans %s (%s).",
		NL: "⏳ Fase ‘%s’ sluit over %s (%s).",
		EN: "⏳ The %s phase closes in %s (%s).",
	},
	"notice.closed": {
		FR: "✅ Phase « %s » : c'est terminé. Merci à toutes et à tous !",
		NL: "✅ Fase ‘%s’ is afgelopen. Bedankt iedereen!",
		EN: "✅ The %s phase is over. Thank you all!",
	},
	"notice.vote_reminder": {
		FR: "🗳 Vous n'avez pas encore voté : le vote du public se clôture dans %s (%s). Voir les projets : %s",
		NL: "🗳 U hebt nog niet gestemd: de publieksstemming sluit over %s (%s). Bekijk de projecten: %s",
		EN: "🗳 You have not voted yet: the public vote closes in %s (%s). See the projects: %s",
	},
	"notice.jury_next": {
		FR: "Projet suivant : %s",
		NL: "Volgend project: %s",
		EN: "Next project: %s",
	},
}

// notifyPlurals are the notices' texts whose words agree with numbers.
var notifyPlurals = map[string]pluralText{
	"notice.jury": {
		FR: {"⚖️ Jury : ${n} sur %[2]d à évaluer, clôture dans %[3]s (%[4]s).", []pluralVar{{"n", 1, "%[1]d projet", "%[1]d projets"}}},
		NL: {"⚖️ Jury: nog %[1]d van %[2]d projecten te beoordelen, sluit over %[3]s (%[4]s).", nil},
		EN: {"⚖️ Jury: %[1]d of %[2]d projects left, closes in %[3]s (%[4]s).", nil},
	},
	"notice.jury_undated": {
		FR: {"⚖️ Jury : ${n} sur %[2]d à évaluer.", []pluralVar{{"n", 1, "%[1]d projet", "%[1]d projets"}}},
		NL: {"⚖️ Jury: nog %[1]d van %[2]d projecten te beoordelen.", nil},
		EN: {"⚖️ Jury: %[1]d of %[2]d projects left.", nil},
	},
}
