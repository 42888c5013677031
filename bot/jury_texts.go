package bot

// juryTexts are the juror's conversation texts.
var juryTexts = catalog{
	"jury.code_unknown": {
		FR: "Ce code d'invitation n'est pas valable. Vérifiez-le ou demandez-en un nouveau aux organisateurs.",
		NL: "Deze uitnodigingscode is niet geldig. Controleer hem of vraag de organisatoren om een nieuwe.",
		EN: "This invite code is not valid. Check it or ask the organisers for a new one.",
	},
	"jury.code_used": {
		FR: "Ce code d'invitation a déjà servi (ou a été remplacé). Demandez-en un nouveau aux organisateurs.",
		NL: "Deze uitnodigingscode is al gebruikt (of vervangen). Vraag de organisatoren om een nieuwe.",
		EN: "This invite code has already been used (or replaced). Ask the organisers for a new one.",
	},
	"jury.code_expired": {
		FR: "Ce code d'invitation a expiré. Demandez-en un nouveau aux organisateurs.",
		NL: "Deze uitnodigingscode is verlopen. Vraag de organisatoren om een nieuwe.",
		EN: "This invite code has expired. Ask the organisers for a new one.",
	},
	"jury.code_other_juror": {
		FR: "Ce compte est déjà celui d'un autre membre du jury. Contactez les organisateurs.",
		NL: "Deze account hoort al bij een ander jurylid. Neem contact op met de organisatoren.",
		EN: "This account already belongs to another juror. Please contact the organisers.",
	},
	"jury.welcome": {
		FR: "Bienvenue dans le jury, %s !",
		NL: "Welkom in de jury, %s!",
		EN: "Welcome to the jury, %s!",
	},
	"jury.invite": {
		FR: "Invitation pour %s : le code est %s. Le membre du jury envoie « /jury CODE » au bot. Le code sert une seule fois et expire le %s.",
		NL: "Uitnodiging voor %s: de code is %s. Het jurylid stuurt \"/jury CODE\" naar de bot. De code werkt één keer en verloopt op %s.",
		EN: "Invite for %s: the code is %s. The juror sends \"/jury CODE\" to the bot. The code works once and expires on %s.",
	},
	"jury.list_title": {
		FR: "Jury — %s",
		NL: "Jury — %s",
		EN: "Jury — %s",
	},
	"jury.progress": {
		FR: "Fiches envoyées : %d/%d · brouillons : %d · à faire : %d · conflits : %d",
		NL: "Ingediende fiches: %d/%d · concepten: %d · te doen: %d · belangenconflicten: %d",
		EN: "Sheets submitted: %d/%d · drafts: %d · to do: %d · conflicts: %d",
	},
	"jury.opens": {
		FR: "La notation s'ouvre le %s.",
		NL: "Het beoordelen begint op %s.",
		EN: "Scoring opens on %s.",
	},
	"jury.open_until": {
		FR: "Vous pouvez noter et revoir vos fiches jusqu'au %s.",
		NL: "U kunt beoordelen en uw fiches herzien tot %s.",
		EN: "You can score and revise your sheets until %s.",
	},
	"jury.read_only": {
		FR: "La phase du jury est close : les fiches ne peuvent plus être modifiées.",
		NL: "De juryfase is afgesloten: de fiches kunnen niet meer gewijzigd worden.",
		EN: "The jury phase is closed: sheets can no longer be changed.",
	},
	"jury.closed": {
		FR: "Impossible maintenant : la notation n'est pas ouverte.",
		NL: "Nu niet mogelijk: het beoordelen is niet open.",
		EN: "Not possible now: scoring is not open.",
	},
	"jury.no_shortlist": {
		FR: "La liste des projets retenus n'est pas encore publiée.",
		NL: "De lijst van geselecteerde projecten is nog niet bekend.",
		EN: "The shortlist has not been published yet.",
	},
	"jury.next_button": {
		FR: "▶ Projet suivant à noter",
		NL: "▶ Volgend project om te beoordelen",
		EN: "▶ Next project to score",
	},
	"jury.list_button": {
		FR: "☰ Tous les projets",
		NL: "☰ Alle projecten",
		EN: "☰ All projects",
	},
	"jury.all_done": {
		FR: "Toutes vos fiches sont envoyées. Merci !",
		NL: "Al uw fiches zijn ingediend. Dank u!",
		EN: "All your sheets are submitted. Thank you!",
	},
	"jury.draft_detail": {
		FR: "brouillon, %d/%d critères",
		NL: "concept, %d/%d criteria",
		EN: "draft, %d/%d criteria",
	},
	"jury.conflict_detail": {
		FR: "conflit d'intérêts",
		NL: "belangenconflict",
		EN: "conflict of interest",
	},
	"jury.total": {
		FR: "Total : %d/%d (%d/%d critères notés)",
		NL: "Totaal: %d/%d (%d/%d criteria beoordeeld)",
		EN: "Total: %d/%d (%d/%d criteria scored)",
	},
	"jury.draft_note": {
		FR: "Brouillon : choisissez un niveau pour chaque critère, puis envoyez la fiche.",
		NL: "Concept: kies een niveau voor elk criterium en dien de fiche dan in.",
		EN: "Draft: pick a level for every criterion, then submit the sheet.",
	},
	"jury.ready_note": {
		FR: "Tous les critères sont notés : envoyez la fiche pour qu'elle compte.",
		NL: "Alle criteria zijn beoordeeld: dien de fiche in zodat ze meetelt.",
		EN: "Every criterion is scored: submit the sheet so that it counts.",
	},
	"jury.submitted_note": {
		FR: "Fiche envoyée. Vous pouvez encore la modifier pendant la phase du jury ; il faudra alors la renvoyer.",
		NL: "Fiche ingediend. U kunt ze tijdens de juryfase nog wijzigen; dien ze dan opnieuw in.",
		EN: "Sheet submitted. You may still change it during the jury phase; you will then submit it again.",
	},
	"jury.conflict_note": {
		FR: "Vous avez déclaré un conflit d'intérêts : vous ne notez pas ce projet et vos notes éventuelles ne comptent pas.",
		NL: "U hebt een belangenconflict gemeld: u beoordeelt dit project niet en eventuele scores tellen niet mee.",
		EN: "You declared a conflict of interest: you do not score this project and any scores you gave do not count.",
	},
	"jury.submit_button": {
		FR: "📨 Envoyer la fiche (%d/%d)",
		NL: "📨 Fiche indienen (%d/%d)",
		EN: "📨 Submit the sheet (%d/%d)",
	},
	"jury.next_is": {
		FR: "Projet suivant à noter : %d. %s",
		NL: "Volgend project om te beoordelen: %d. %s",
		EN: "Next project to score: %d. %s",
	},
	"jury.submitted": {
		FR: "Fiche envoyée : %d/%d.",
		NL: "Fiche ingediend: %d/%d.",
		EN: "Sheet submitted: %d/%d.",
	},
	"jury.reopened": {
		FR: "Modifié. La fiche redevient un brouillon : renvoyez-la pour qu'elle compte.",
		NL: "Gewijzigd. De fiche is weer een concept: dien ze opnieuw in zodat ze meetelt.",
		EN: "Changed. The sheet is a draft again: submit it again so that it counts.",
	},
	"jury.incomplete": {
		FR: "Notez d'abord tous les critères.",
		NL: "Beoordeel eerst alle criteria.",
		EN: "Score every criterion first.",
	},
	"jury.conflict_button": {
		FR: "🚫 Déclarer un conflit d'intérêts",
		NL: "🚫 Belangenconflict melden",
		EN: "🚫 Declare a conflict of interest",
	},
	"jury.conflict_ask": {
		FR: "Déclarer un conflit d'intérêts avec « %s » ? Vous ne noterez pas ce projet et vos notes ne compteront pas dans sa moyenne. Seuls les organisateurs peuvent l'annuler.",
		NL: "Een belangenconflict melden met \"%s\"? U beoordeelt dit project dan niet en uw scores tellen niet mee in het gemiddelde. Alleen de organisatoren kunnen dit ongedaan maken.",
		EN: "Declare a conflict of interest with \"%s\"? You will not score this project and your scores will not count in its mean. Only the organisers can undo this.",
	},
	"jury.conflict_yes": {
		FR: "Oui, je déclare un conflit",
		NL: "Ja, ik meld een conflict",
		EN: "Yes, I declare a conflict",
	},
	"jury.cancel": {
		FR: "Annuler",
		NL: "Annuleren",
		EN: "Cancel",
	},
	"jury.conflict_done": {
		FR: "Conflit d'intérêts enregistré.",
		NL: "Belangenconflict geregistreerd.",
		EN: "Conflict of interest recorded.",
	},
	"jury.conflict_refused": {
		FR: "Vous avez déclaré un conflit d'intérêts avec ce projet : vous ne pouvez pas le noter.",
		NL: "U hebt een belangenconflict met dit project gemeld: u kunt het niet beoordelen.",
		EN: "You declared a conflict of interest with this project: you cannot score it.",
	},
	"jury.conflict_set": {
		FR: "Conflit d'intérêts enregistré pour %s avec le projet %s.",
		NL: "Belangenconflict geregistreerd voor %s met project %s.",
		EN: "Conflict of interest recorded for %s with project %s.",
	},
	"jury.conflict_cleared": {
		FR: "Conflit d'intérêts levé pour %s avec le projet %s.",
		NL: "Belangenconflict opgeheven voor %s met project %s.",
		EN: "Conflict of interest withdrawn for %s with project %s.",
	},
	"jury.comment_saved": {
		FR: "Commentaire enregistré.",
		NL: "Opmerking opgeslagen.",
		EN: "Comment saved.",
	},
	"jury.miniapp_button": {
		FR: "📝 Ouvrir la fiche de notation",
		NL: "📝 Beoordelingsfiche openen",
		EN: "📝 Open the scoring sheet",
	},
	"jury.bad_button": {
		FR: "Ce bouton n'est pas valable. Tapez /jury pour revoir vos fiches.",
		NL: "Deze knop is niet geldig. Typ /jury om uw fiches te zien.",
		EN: "This button is not valid. Type /jury to see your sheets.",
	},
}
