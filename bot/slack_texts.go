package bot

// slackTexts are the texts of Slack membership, account linking, the jury
// form and Slack's App Home.
var slackTexts = catalog{
	"slack.not_member": {
		FR: "Seuls les membres à part entière de l'espace de travail peuvent voter : pas les invités, les bots ni les comptes désactivés.",
		NL: "Alleen volwaardige leden van de werkruimte kunnen stemmen: geen gasten, bots of gedeactiveerde accounts.",
		EN: "Only full members of the workspace can vote: not guests, bots or deactivated accounts.",
	},
	"slack.member_unknown": {
		FR: "Je n'ai pas pu vérifier votre appartenance à l'espace de travail. Réessayez dans un instant.",
		NL: "Ik kon uw lidmaatschap van de werkruimte niet nagaan. Probeer het zo meteen opnieuw.",
		EN: "I could not check your membership of the workspace. Please try again in a moment.",
	},
	"slack.help": {
		FR: "Commandes : `/prix list` les projets finalistes, `/prix show <id>` un projet, `/prix vote <id>` voter, `/prix myvote` votre vote, `/prix link` relier votre compte Telegram, `/prix lang` la langue, `/prix jury` pour les membres du jury.",
		NL: "Opdrachten: `/prix list` de finalisten, `/prix show <id>` een project, `/prix vote <id>` stemmen, `/prix myvote` uw stem, `/prix link` uw Telegram-account koppelen, `/prix lang` de taal, `/prix jury` voor juryleden.",
		EN: "Commands: `/prix list` the finalists, `/prix show <id>` a project, `/prix vote <id>` vote, `/prix myvote` your vote, `/prix link` link your Telegram account, `/prix lang` the language, `/prix jury` for jurors.",
	},
	"slack.unknown_command": {
		FR: "Je ne connais pas « %s ».",
		NL: "Ik ken \"%s\" niet.",
		EN: "I do not know \"%s\".",
	},
	"link.code": {
		FR: "Votre code de liaison : %s (valable %d minutes, une seule fois).",
		NL: "Uw koppelcode: %s (%d minuten geldig, één keer).",
		EN: "Your link code: %s (valid for %d minutes, once).",
	},
	"link.send_telegram": {
		FR: "Envoyez « /link %s » au bot Telegram du prix pour relier vos deux comptes : vous ne compterez que pour une personne.",
		NL: "Stuur \"/link %s\" naar de Telegram-bot van de prijs om uw twee accounts te koppelen: u telt dan als één persoon.",
		EN: "Send \"/link %s\" to the prize's Telegram bot to link your two accounts: you then count as one person.",
	},
	"link.send_slack": {
		FR: "Tapez « /prix link %s » dans Slack pour relier vos deux comptes : vous ne compterez que pour une personne.",
		NL: "Typ \"/prix link %s\" in Slack om uw twee accounts te koppelen: u telt dan als één persoon.",
		EN: "Type \"/prix link %s\" in Slack to link your two accounts: you then count as one person.",
	},
	"link.code_unknown": {
		FR: "Ce code de liaison n'est pas valable : il est mal tapé, déjà utilisé ou expiré. Demandez-en un nouveau avec /link sur l'autre plateforme.",
		NL: "Deze koppelcode is niet geldig: verkeerd getypt, al gebruikt of verlopen. Vraag een nieuwe met /link op het andere platform.",
		EN: "This link code is not valid: mistyped, already used or expired. Ask for a new one with /link on the other platform.",
	},
	"link.same_platform": {
		FR: "Ce code vient de la même plateforme. Envoyez-le depuis l'autre (Telegram ou Slack).",
		NL: "Deze code komt van hetzelfde platform. Stuur hem vanaf het andere (Telegram of Slack).",
		EN: "This code comes from the same platform. Send it from the other one (Telegram or Slack).",
	},
	"link.both_voted": {
		FR: "Impossible de relier ces comptes : chacun a déjà voté. Une personne ne vote qu'une fois ; les deux votes restent tels quels, et les organisateurs peuvent être contactés en cas d'erreur.",
		NL: "Deze accounts kunnen niet gekoppeld worden: elk heeft al gestemd. Eén persoon stemt maar één keer; beide stemmen blijven zoals ze zijn, en bij een vergissing kunt u de organisatoren contacteren.",
		EN: "These accounts cannot be linked: each has already voted. One person votes once; both votes stay as they are, and you can contact the organisers if this is a mistake.",
	},
	"link.unverified": {
		FR: "Aucun des deux comptes n'est encore vérifié. Votez ou vérifiez-vous d'abord sur l'une des plateformes.",
		NL: "Geen van beide accounts is al geverifieerd. Stem of verifieer u eerst op een van de platformen.",
		EN: "Neither account is verified yet. Vote or verify yourself on one of the platforms first.",
	},
	"link.done": {
		FR: "C'est fait : vos comptes %s et %s ne font plus qu'un électeur.",
		NL: "Klaar: uw accounts op %s en %s zijn nu één kiezer.",
		EN: "Done: your %s and %s accounts are now one voter.",
	},
	"link.vote_counts": {
		FR: "Votre vote pour %s vaut pour les deux.",
		NL: "Uw stem voor %s geldt voor beide.",
		EN: "Your vote for %s stands for both.",
	},
	"form.comment": {FR: "Commentaire (facultatif)", NL: "Opmerking (optioneel)", EN: "Comment (optional)"},
	"form.submit":  {FR: "Envoyer la fiche", NL: "Fiche indienen", EN: "Submit the sheet"},
	"form.choose":  {FR: "Choisir un niveau", NL: "Kies een niveau", EN: "Choose a level"},
	"form.required": {
		FR: "Choisissez un niveau pour ce critère.",
		NL: "Kies een niveau voor dit criterium.",
		EN: "Choose a level for this criterion.",
	},
	"form.bad_level": {
		FR: "Ce niveau ne figure pas sur l'échelle.",
		NL: "Dit niveau staat niet op de schaal.",
		EN: "This level is not on the scale.",
	},
	"form.comment_too_long": {
		FR: "Le commentaire est trop long (au plus %d caractères).",
		NL: "De opmerking is te lang (hoogstens %d tekens).",
		EN: "The comment is too long (at most %d characters).",
	},
	"home.title":         {FR: "Prix de l'Innovation sociale", NL: "Prijs voor Sociale Innovatie", EN: "Social Innovation Prize"},
	"home.phase":         {FR: "Phase en cours : %s, jusqu'au %s (encore %s).", NL: "Huidige fase: %s, tot %s (nog %s).", EN: "Current phase: %s, until %s (%s left)."},
	"home.no_phase":      {FR: "Aucune phase n'est en cours.", NL: "Er loopt geen fase.", EN: "No phase is running."},
	"home.next_phase":    {FR: "Prochaine phase : %s, le %s.", NL: "Volgende fase: %s, op %s.", EN: "Next phase: %s, on %s."},
	"home.your_vote":     {FR: "Votre vote", NL: "Uw stem", EN: "Your vote"},
	"home.jury":          {FR: "Votre travail de juré", NL: "Uw jurywerk", EN: "Your jury work"},
	"home.jury_counts":   {FR: "%d fiches envoyées sur %d, %d en cours.", NL: "%d van %d fiches ingediend, %d bezig.", EN: "%d of %d sheets submitted, %d in progress."},
	"phase.applications": {FR: "candidatures", NL: "kandidaturen", EN: "applications"},
	"phase.selection":    {FR: "sélection", NL: "selectie", EN: "selection"},
	"phase.public_vote":  {FR: "vote du public", NL: "publieksstemming", EN: "public vote"},
	"phase.jury_vote":    {FR: "vote du jury", NL: "jurystemming", EN: "jury vote"},
	"phase.ceremony":     {FR: "cérémonie", NL: "ceremonie", EN: "ceremony"},
}
