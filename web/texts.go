package web

import (
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"prixbot/bot"
)

// t returns the text for key in lang, formatted with args: the web's own
// texts, else the chats' (phase names, shared sentences).
func t(lang, key string, args ...any) string {
	if x, ok := texts[key]; ok {
		return x.In(lang, args...)
	}
	if x, ok := dashboardTexts[key]; ok {
		return x.In(lang, args...)
	}
	return bot.T(lang, key, args...)
}

var tags = map[string]language.Tag{bot.FR: language.French, bot.NL: language.Dutch, bot.EN: language.English}

// countText returns the ".one" or ".other" form of key for n, by the
// plural rules of lang.
func countText(lang, key string, n int) string {
	form := ".other"
	if plural.Cardinal.MatchPlural(tags[lang], n, 0, 0, 0, 0) == plural.One {
		form = ".one"
	}
	return t(lang, key+form, n)
}

// timeLeft renders the time left until end ("13 days left"), and the
// instant this text changes: in days above two days, in hours above two
// hours, else in minutes.
func timeLeft(lang string, now, end time.Time) (string, time.Time) {
	d := end.Sub(now)
	unit, key := time.Minute, "web.left.minutes"
	switch {
	case d >= 48*time.Hour:
		unit, key = 24*time.Hour, "web.left.days"
	case d >= 2*time.Hour:
		unit, key = time.Hour, "web.left.hours"
	}
	n := int(d / unit)
	return countText(lang, key, n), end.Add(-time.Duration(n) * unit)
}

// texts are the web pages' texts, in the catalogue format of the chats.
var texts = map[string]bot.Text{
	"web.skip":         {FR: "Aller au contenu", NL: "Naar de inhoud", EN: "Skip to content"},
	"web.nav":          {FR: "Navigation", NL: "Navigatie", EN: "Navigation"},
	"web.nav.projects": {FR: "Projets", NL: "Projecten", EN: "Projects"},
	"web.nav.results":  {FR: "Résultats", NL: "Uitslag", EN: "Results"},
	"web.nav.receipts": {FR: "Vérifier un reçu", NL: "Bewijs controleren", EN: "Check a receipt"},
	"web.languages":    {FR: "Langue", NL: "Taal", EN: "Language"},
	"web.footer": {
		FR: "Le vote du public compte pour %g %% du classement, le jury pour %g %%.",
		NL: "De publieksstemming telt voor %g %% van de rangschikking, de jury voor %g %%.",
		EN: "The public vote counts for %g %% of the ranking, the jury for %g %%.",
	},
	"web.phase.open": {
		FR: "Phase en cours : %s, jusqu'au %s (%s).",
		NL: "Huidige fase: %s, tot %s (%s).",
		EN: "Current phase: %s, until %s (%s).",
	},
	"web.phase.next": {
		FR: "Aucune phase n'est en cours. Prochaine étape : %s, à partir du %s (%s).",
		NL: "Er loopt nu geen fase. Volgende stap: %s, vanaf %s (%s).",
		EN: "No phase is under way. Next: %s, from %s (%s).",
	},
	"web.phase.over":         {FR: "Le concours est terminé.", NL: "De wedstrijd is afgelopen.", EN: "The contest is over."},
	"web.left.days.one":      {FR: "encore %d jour", NL: "nog %d dag", EN: "%d day left"},
	"web.left.days.other":    {FR: "encore %d jours", NL: "nog %d dagen", EN: "%d days left"},
	"web.left.hours.one":     {FR: "encore %d heure", NL: "nog %d uur", EN: "%d hour left"},
	"web.left.hours.other":   {FR: "encore %d heures", NL: "nog %d uur", EN: "%d hours left"},
	"web.left.minutes.one":   {FR: "encore %d minute", NL: "nog %d minuut", EN: "%d minute left"},
	"web.left.minutes.other": {FR: "encore %d minutes", NL: "nog %d minuten", EN: "%d minutes left"},
	"web.home.shortlist":     {FR: "Les projets finalistes", NL: "De finalisten", EN: "The finalists"},
	"web.home.empty": {
		FR: "La liste des projets finalistes n'est pas encore publiée.",
		NL: "De lijst van de finalisten is nog niet bekendgemaakt.",
		EN: "The list of finalists has not been published yet.",
	},
	"web.home.results": {
		FR: "Les résultats sont annoncés.", NL: "De uitslag is bekendgemaakt.", EN: "The results are out.",
	},
	"web.home.results_link":    {FR: "Voir le classement", NL: "Bekijk de rangschikking", EN: "See the ranking"},
	"web.image":                {FR: "Image du projet %s", NL: "Afbeelding van het project %s", EN: "Picture of the project %s"},
	"web.project.organisation": {FR: "Organisation", NL: "Organisatie", EN: "Organisation"},
	"web.project.sector":       {FR: "Secteur", NL: "Sector", EN: "Sector"},
	"web.project.website":      {FR: "Site du projet", NL: "Website van het project", EN: "Project website"},
	"web.vote.title":           {FR: "Voter pour ce projet", NL: "Op dit project stemmen", EN: "Vote for this project"},
	"web.vote.before": {
		FR: "Le vote du public s'ouvre le %s.", NL: "De publieksstemming begint op %s.", EN: "The public vote opens on %s.",
	},
	"web.vote.after": {
		FR: "Le vote du public est clos.", NL: "De publieksstemming is afgelopen.", EN: "The public vote is closed.",
	},
	"web.vote.telegram": {FR: "Voter sur Telegram", NL: "Stemmen via Telegram", EN: "Vote on Telegram"},
	"web.vote.slack": {
		FR: "Dans l'espace Slack du réseau, tapez :", NL: "Typ in de Slack-werkruimte van het netwerk:", EN: "In the network's Slack workspace, type:",
	},
	"web.qr.alt": {
		FR: "Code QR du lien pour voter pour %s sur Telegram",
		NL: "QR-code van de link om via Telegram op %s te stemmen",
		EN: "QR code of the link to vote for %s on Telegram",
	},
	"web.qr.page_alt": {
		FR: "Code QR de l'adresse de cette page", NL: "QR-code van het adres van deze pagina", EN: "QR code of this page's address",
	},
	"web.qr.caption": {
		FR: "Scannez ce code avec un téléphone. Pour une affiche :",
		NL: "Scan deze code met een telefoon. Voor een affiche:",
		EN: "Scan this code with a phone. For a poster:",
	},
	"web.qr.download":   {FR: "le code QR en PNG", NL: "de QR-code als PNG", EN: "the QR code as PNG"},
	"web.results.title": {FR: "Résultats", NL: "Uitslag", EN: "Results"},
	"web.results.announced": {
		FR: "Résultats annoncés le %s.", NL: "Uitslag bekendgemaakt op %s.", EN: "Results announced on %s.",
	},
	"web.results.at_ceremony": {
		FR: "Les résultats seront publiés ici lors de la cérémonie, le %s.",
		NL: "De uitslag wordt hier bekendgemaakt tijdens de ceremonie, op %s.",
		EN: "The results will be published here at the ceremony, on %s.",
	},
	"web.results.later": {
		FR: "Les résultats seront publiés ici dès leur annonce.",
		NL: "De uitslag komt hier zodra ze bekendgemaakt is.",
		EN: "The results will be published here once they are announced.",
	},
	"web.results.caption": {FR: "Classement final", NL: "Eindrangschikking", EN: "Final ranking"},
	"web.results.rank":    {FR: "Rang", NL: "Plaats", EN: "Rank"},
	"web.results.project": {FR: "Projet", NL: "Project", EN: "Project"},
	"web.results.votes":   {FR: "Votes", NL: "Stemmen", EN: "Votes"},
	"web.results.public":  {FR: "Points du public", NL: "Punten publiek", EN: "Public points"},
	"web.results.jury":    {FR: "Points du jury", NL: "Punten jury", EN: "Jury points"},
	"web.results.total":   {FR: "Total", NL: "Totaal", EN: "Total"},
	"web.results.prize":   {FR: "Prix", NL: "Prijs", EN: "Prize"},
	"web.results.euros":   {FR: "%s €", NL: "€ %s", EN: "€%s"},
	"web.results.chart_alt": {
		FR: "Graphique en barres : les points de chaque projet, part du public et part du jury ; les mêmes chiffres que le tableau.",
		NL: "Staafdiagram: de punten van elk project, deel van het publiek en deel van de jury; dezelfde cijfers als de tabel.",
		EN: "Bar chart: each project's points, the public's part and the jury's part; the same figures as the table.",
	},
	"web.results.formula_title": {FR: "Comment le classement est calculé", NL: "Hoe de rangschikking berekend wordt", EN: "How the ranking is computed"},
	"web.results.formula_public": {
		FR: "Le vote du public donne jusqu'à %g points : %g × les votes du projet ÷ le plus grand nombre de votes reçu par un finaliste.",
		NL: "De publieksstemming geeft tot %g punten: %g × de stemmen van het project ÷ het hoogste aantal stemmen van een finalist.",
		EN: "The public vote gives up to %g points: %g × the project's votes ÷ the most votes any finalist received.",
	},
	"web.results.formula_jury": {
		FR: "Le jury donne jusqu'à %g points : %g × la note moyenne du projet ÷ la meilleure note moyenne. La note d'un juré est la somme de ses notes sur les %d critères de la grille.",
		NL: "De jury geeft tot %g punten: %g × het gemiddelde jurycijfer van het project ÷ het beste gemiddelde. Het cijfer van een jurylid is de som van zijn scores op de %d criteria van het rooster.",
		EN: "The jury gives up to %g points: %g × the project's mean jury score ÷ the best mean. A juror's score is the sum of their marks on the grid's %d criteria.",
	},
	"web.results.formula_zscore": {
		FR: "Les notes de chaque juré sont d'abord ramenées à une même échelle (écart à sa moyenne, en écarts-types), pour qu'un juré sévère pèse autant qu'un juré généreux.",
		NL: "De scores van elk jurylid worden eerst op dezelfde schaal gebracht (afwijking van zijn gemiddelde, in standaardafwijkingen), zodat een strenge jurylid evenveel weegt als een milde.",
		EN: "Each juror's scores are first brought to one scale (distance from their mean, in standard deviations), so that a severe juror weighs as much as a generous one.",
	},
	"web.results.formula_order": {
		FR: "Le classement suit le total ; à égalité, les points du jury départagent, puis les votes.",
		NL: "De rangschikking volgt het totaal; bij gelijkspel beslissen de juryscores, daarna de stemmen.",
		EN: "The ranking follows the total; a tie is broken by the jury points, then by the votes.",
	},
	"web.receipts.title": {FR: "Vérifier votre reçu", NL: "Uw bewijs controleren", EN: "Check your receipt"},
	"web.receipts.at_ceremony": {
		FR: "La liste des votes comptés sera publiée ici lors de la cérémonie, le %s. Gardez votre reçu d'ici là.",
		NL: "De lijst van de getelde stemmen wordt hier bekendgemaakt tijdens de ceremonie, op %s. Bewaar uw bewijs tot dan.",
		EN: "The list of counted votes will be published here at the ceremony, on %s. Keep your receipt until then.",
	},
	"web.receipts.later": {
		FR: "La liste des votes comptés sera publiée ici dès l'annonce des résultats.",
		NL: "De lijst van de getelde stemmen komt hier zodra de uitslag bekend is.",
		EN: "The list of counted votes will be published here once the results are announced.",
	},
	"web.receipts.intro": {
		FR: "Quand vous avez voté, le bot vous a donné un reçu, un code comme ABCDE-FGHIJ. Tapez-le pour savoir pour quel projet votre vote a été compté.",
		NL: "Toen u stemde, gaf de bot u een bewijs, een code zoals ABCDE-FGHIJ. Typ die in om te zien voor welk project uw stem geteld werd.",
		EN: "When you voted, the bot gave you a receipt, a code like ABCDE-FGHIJ. Type it to see which project your vote was counted for.",
	},
	"web.receipts.label":  {FR: "Votre code de reçu", NL: "Uw bewijscode", EN: "Your receipt code"},
	"web.receipts.submit": {FR: "Vérifier", NL: "Controleren", EN: "Check"},
	"web.receipts.found": {
		FR: "Le reçu %s est dans la liste des votes comptés, pour le projet :",
		NL: "Het bewijs %s staat in de lijst van getelde stemmen, voor het project:",
		EN: "Receipt %s is in the list of counted votes, for the project:",
	},
	"web.receipts.missing": {
		FR: "Le reçu %s n'est pas dans la liste des votes comptés. Vérifiez le code ; un vote annulé pour fraude n'est pas compté.",
		NL: "Het bewijs %s staat niet in de lijst van getelde stemmen. Controleer de code; een stem die wegens fraude ongeldig is verklaard, telt niet.",
		EN: "Receipt %s is not in the list of counted votes. Check the code; a vote voided for fraud is not counted.",
	},
	"web.receipts.invalid": {
		FR: "Un code de reçu compte 10 lettres et chiffres, comme ABCDE-FGHIJ.",
		NL: "Een bewijscode telt 10 letters en cijfers, zoals ABCDE-FGHIJ.",
		EN: "A receipt code has 10 letters and digits, like ABCDE-FGHIJ.",
	},
	"web.receipts.lists": {FR: "Les listes publiées", NL: "De gepubliceerde lijsten", EN: "The published lists"},
	"web.receipts.all": {
		FR: "Tous les reçus comptés, par projet :", NL: "Alle getelde bewijzen, per project:", EN: "Every counted receipt, by project:",
	},
	"web.receipts.count.one":   {FR: "%d reçu", NL: "%d bewijs", EN: "%d receipt"},
	"web.receipts.count.other": {FR: "%d reçus", NL: "%d bewijzen", EN: "%d receipts"},
	"web.notfound.title":       {FR: "Page introuvable", NL: "Pagina niet gevonden", EN: "Page not found"},
	"web.notfound.text": {
		FR: "Cette adresse ne mène à aucune page du concours.",
		NL: "Dit adres leidt naar geen enkele pagina van de wedstrijd.",
		EN: "This address leads to no page of the contest.",
	},
	"web.notfound.home": {FR: "Voir les projets finalistes", NL: "Bekijk de finalisten", EN: "See the finalists"},
	"web.unavailable": {
		FR: "Le site est momentanément indisponible. Réessayez dans un instant.",
		NL: "De site is even niet beschikbaar. Probeer het zo meteen opnieuw.",
		EN: "The site is unavailable for a moment. Please try again shortly.",
	},
}
