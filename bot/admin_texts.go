package bot

// adminTexts are the organisers' conversation's texts, and those of the
// announcement that subscribers and channels receive.
var adminTexts = catalog{
	"admin.help": {
		FR: "Commandes des organisateurs (✓ : demande une confirmation) :",
		NL: "Opdrachten voor organisatoren (✓: vraagt om bevestiging):",
		EN: "Organiser commands (✓: asks for a confirmation):",
	},
	"admin.unknown":     {FR: "Commande inconnue : %s.", NL: "Onbekende opdracht: %s.", EN: "Unknown command: %s."},
	"admin.usage":       {FR: "Usage : %s", NL: "Gebruik: %s", EN: "Usage: %s"},
	"admin.confirm":     {FR: "Confirmez-vous ?", NL: "Bevestigt u?", EN: "Do you confirm?"},
	"admin.not_done":    {FR: "Pas fait : la situation a changé.", NL: "Niet uitgevoerd: de toestand is veranderd.", EN: "Not done: things have changed."},
	"admin.confirm_yes": {FR: "Confirmer", NL: "Bevestigen", EN: "Confirm"},
	"admin.confirm_no":  {FR: "Annuler", NL: "Annuleren", EN: "Cancel"},
	"admin.confirmed":   {FR: "Confirmé.", NL: "Bevestigd.", EN: "Confirmed."},
	"admin.cancelled":   {FR: "Annulé : rien n'a changé.", NL: "Geannuleerd: er is niets gewijzigd.", EN: "Cancelled: nothing changed."},
	"admin.stale": {
		FR: "Cette confirmation a déjà servi ou a expiré. Relancez la commande.",
		NL: "Deze bevestiging is al gebruikt of verlopen. Geef de opdracht opnieuw.",
		EN: "This confirmation was already used or has expired. Run the command again.",
	},
	"admin.not_yours": {
		FR: "Cette confirmation appartient à l'organisateur qui a lancé la commande : lui seul peut la confirmer ou l'annuler. Lancez la commande vous-même si vous voulez la faire.",
		NL: "Deze bevestiging hoort bij de organisator die de opdracht gaf: alleen die kan bevestigen of annuleren. Geef de opdracht zelf als u ze wilt uitvoeren.",
		EN: "This confirmation belongs to the organiser who ran the command: only they can confirm or cancel it. Run the command yourself if you want it done.",
	},
	"admin.unchanged": {FR: "Rien à changer : c'était déjà le cas.", NL: "Niets te wijzigen: dat was al zo.", EN: "Nothing to change: it already was so."},

	"admin.status_phase": {
		FR: "Phase en cours : %s, jusqu'au %s (encore %s).",
		NL: "Huidige fase: %s, tot %s (nog %s).",
		EN: "Current phase: %s, until %s (%s left).",
	},
	"admin.status_next": {FR: "Aucune phase en cours ; prochaine : %s le %s.", NL: "Geen lopende fase; volgende: %s op %s.", EN: "No phase open; next: %s on %s."},
	"admin.status_over": {FR: "Toutes les phases sont terminées.", NL: "Alle fasen zijn voorbij.", EN: "Every phase is over."},
	"admin.status_counts": {
		FR: "%s · %s (annulés : %d) · %s · projets sélectionnés : %d",
		NL: "%s · %s (ongeldig: %d) · %s · geselecteerde projecten: %d",
		EN: "%s · %s (voided: %d) · %s · shortlisted projects: %d",
	},
	"admin.status_jury": {FR: "Jury : %d inscrits sur %d (fiches remises/à remettre) :", NL: "Jury: %d van %d ingeschreven (ingediende/te indienen fiches):", EN: "Jury: %d of %d enrolled (sheets submitted/due):"},
	"admin.status_outbox": {
		FR: "Envois : %d en attente (%d dus, le plus ancien attend depuis %s), %d envoyés, %d en échec, %d bloqués.",
		NL: "Berichten: %d in de wachtrij (%d aan de beurt, de oudste wacht al %s), %d verzonden, %d mislukt, %d geblokkeerd.",
		EN: "Outbox: %d waiting (%d due, the oldest waiting for %s), %d sent, %d dead, %d blocked.",
	},
	"admin.status_announced":     {FR: "Résultats annoncés le %s.", NL: "Uitslag bekendgemaakt op %s.", EN: "Results announced on %s."},
	"admin.status_not_announced": {FR: "Résultats pas encore annoncés.", NL: "Uitslag nog niet bekendgemaakt.", EN: "Results not announced yet."},

	"admin.phase_done": {
		FR: "C'est fait : la phase %s va du %s au %s.",
		NL: "Gedaan: de fase %s loopt van %s tot %s.",
		EN: "Done: the %s phase runs from %s to %s.",
	},
	"admin.shortlist_add":    {FR: "%s est ajouté à la sélection.", NL: "%s staat nu op de shortlist.", EN: "%s is now on the shortlist."},
	"admin.shortlist_remove": {FR: "%s est retiré de la sélection.", NL: "%s staat niet meer op de shortlist.", EN: "%s is off the shortlist."},
	"admin.tally":            {FR: "Décompte en direct (organisateurs seulement) :", NL: "Live telling (alleen organisatoren):", EN: "Live tally (organisers only):"},
	"admin.voided":           {FR: "(+%d annulés)", NL: "(+%d ongeldig)", EN: "(+%d voided)"},
	"admin.reminded":         {FR: "C'est fait : %s en file d'envoi.", NL: "Gedaan: %s in de wachtrij.", EN: "Done: %s queued."},
	"admin.results_head": {
		FR: "Classement provisoire (privé) — total (public + jury), ▲ avance sur le suivant :",
		NL: "Voorlopige rangschikking (privé) — totaal (publiek + jury), ▲ voorsprong op de volgende:",
		EN: "Preview of the ranking (private) — total (public + jury), ▲ lead over the next:",
	},
	"admin.no_shortlist": {FR: "La sélection est vide.", NL: "De shortlist is leeg.", EN: "The shortlist is empty."},
	"admin.export":       {FR: "Export %s (CSV).", NL: "Export %s (CSV).", EN: "Export %s (CSV)."},
	"admin.voided_n": {
		FR: "C'est fait : %s annulés. Pour les rétablir : %s",
		NL: "Gedaan: %s ongeldig verklaard. Terugzetten: %s",
		EN: "Done: %s voided. To restore them: %s",
	},
	"admin.restored_n": {FR: "C'est fait : %s rétablis.", NL: "Gedaan: %s teruggezet.", EN: "Done: %s restored."},
	"admin.forgotten": {
		FR: "C'est fait : les données personnelles de %s sont effacées ; ses votes restent comptés.",
		NL: "Gedaan: de persoonsgegevens van %s zijn gewist; de stemmen blijven geteld.",
		EN: "Done: the personal data of %s is erased; its votes still count.",
	},
	"admin.audit_head":      {FR: "Journal d'audit, %d dernières entrées :", NL: "Auditlog, laatste %d regels:", EN: "Audit log, last %d entries:"},
	"admin.suspicious_none": {FR: "Aucun signal suspect.", NL: "Geen verdachte signalen.", EN: "No suspicious signal."},
	"admin.suspicious_head": {
		FR: "Signaux à examiner (une mise en quarantaine est un /admin void, réversible) :",
		NL: "Te onderzoeken signalen (quarantaine is een /admin void, omkeerbaar):",
		EN: "Signals to review (quarantine is an /admin void, reversible):",
	},
	"admin.already_announced": {
		FR: "Les résultats ont déjà été annoncés le %s : rien de nouveau n'est envoyé.",
		NL: "De uitslag is al bekendgemaakt op %s: er wordt niets nieuws verstuurd.",
		EN: "The results were already announced on %s: nothing new is sent.",
	},
	"admin.announced": {
		FR: "C'est fait : l'annonce est lancée (%s : le 3e, le 2e, puis le 1er).",
		NL: "Gedaan: de bekendmaking is gestart (%s: de 3e, de 2e en dan de 1e).",
		EN: "Done: the announcement has started (%s: the 3rd, the 2nd, then the 1st).",
	},
	"admin.retention_later": {
		FR: "Rien à faire encore : les identités seront effacées à partir du %s.",
		NL: "Nog niets te doen: de identiteiten worden vanaf %s gewist.",
		EN: "Nothing to do yet: identities will be erased from %s on.",
	},

	"admin.chart": {FR: "Graphique des résultats.", NL: "Grafiek van de uitslag.", EN: "Results chart."},

	"announce.rank3": {
		FR: "%s — troisième prix : %s !",
		NL: "%s — derde prijs: %s!",
		EN: "%s — third prize: %s!",
	},
	"announce.rank2": {
		FR: "%s — deuxième prix : %s !",
		NL: "%s — tweede prijs: %s!",
		EN: "%s — second prize: %s!",
	},
	"announce.rank1": {
		FR: "%s — et le premier prix revient à %s ! Bravo à tous les projets et merci à toutes celles et ceux qui ont voté.",
		NL: "%s — en de eerste prijs gaat naar %s! Proficiat aan alle projecten en dank aan iedereen die gestemd heeft.",
		EN: "%s — and the first prize goes to %s! Congratulations to every project and thank you to everyone who voted.",
	},
	"announce.start": {
		FR: "Les résultats sont annoncés ! Les lauréats :",
		NL: "De uitslag is bekend! De laureaten:",
		EN: "The results are out! The laureates:",
	},
	"announce.laureate": {FR: "%d. %s %s", NL: "%d. %s %s", EN: "%d. %s %s"},
	"announce.check_receipt": {
		FR: "Votre vote a-t-il été compté ? /myvote vous redonne votre code de reçu ; il figure dans la liste publiée des reçus : %s",
		NL: "Is uw stem geteld? /myvote geeft u uw ontvangstcode opnieuw; die staat in de gepubliceerde lijst van ontvangstcodes: %s",
		EN: "Was your vote counted? /myvote gives you your receipt code again; it is in the published list of receipts: %s",
	},
	"announce.receipts_cli": {
		FR: "demandez-la aux organisateurs (prixbot export receipts)",
		NL: "vraag ze aan de organisatoren (prixbot export receipts)",
		EN: "ask the organisers for it (prixbot export receipts)",
	},
	"announce.euros":  {FR: "%d €", NL: "€ %d", EN: "€%d"},
	"announce.prize":  {FR: "(%d €)", NL: "(%d €)", EN: "(€%d)"},
	"announce.points": {FR: "points", NL: "punten", EN: "points"},
	"announce.public": {FR: "public", NL: "publiek", EN: "public"},
	"announce.jury":   {FR: "jury", NL: "jury", EN: "jury"},
}
