package bot

// voterTexts are the voter conversation's texts.
var voterTexts = catalog{
	"cmd.start":       {FR: "Accueil", NL: "Begin", EN: "Start"},
	"cmd.projects":    {FR: "Voir les projets", NL: "De projecten bekijken", EN: "See the projects"},
	"cmd.myvote":      {FR: "Mon vote et mon reçu", NL: "Mijn stem en mijn bewijs", EN: "My vote and receipt"},
	"cmd.subscribe":   {FR: "Recevoir les nouvelles", NL: "Nieuws ontvangen", EN: "Get the news"},
	"cmd.unsubscribe": {FR: "Ne plus recevoir les nouvelles", NL: "Geen nieuws meer ontvangen", EN: "Stop the news"},
	"cmd.lang":        {FR: "Changer de langue", NL: "Taal wijzigen", EN: "Change language"},
	"cmd.privacy":     {FR: "Vos données", NL: "Uw gegevens", EN: "Your data"},
	"cmd.forget":      {FR: "Effacer mes données", NL: "Mijn gegevens wissen", EN: "Erase my data"},
	"cmd.help":        {FR: "Aide", NL: "Hulp", EN: "Help"},

	"voter.welcome": {
		FR: "Bienvenue ! Ici, vous découvrez les projets finalistes du %s et vous votez pour celui qui vous touche le plus. Le vote du public compte pour un quart du classement final.",
		NL: "Welkom! Hier ontdekt u de finalisten van de %s en stemt u op het project dat u het meest aanspreekt. De publieksstem telt voor een kwart van de eindrangschikking.",
		EN: "Welcome! Here you can discover the finalists of the %s and vote for the project that speaks to you most. The public vote makes up a quarter of the final ranking.",
	},
	"voter.vote_open": {
		FR: "Le vote du public est ouvert jusqu'au %s.",
		NL: "De publieksstemming loopt tot %s.",
		EN: "The public vote is open until %s.",
	},
	"voter.vote_opens": {
		FR: "Le vote du public ouvrira le %s.",
		NL: "De publieksstemming begint op %s.",
		EN: "The public vote opens on %s.",
	},
	"voter.vote_closed": {
		FR: "Le vote du public est terminé depuis le %s. Merci à toutes celles et ceux qui ont voté !",
		NL: "De publieksstemming is afgelopen sinds %s. Dank aan iedereen die gestemd heeft!",
		EN: "The public vote closed on %s. Thank you to everyone who voted!",
	},
	"voter.vote_unscheduled": {
		FR: "La date du vote du public n'est pas encore fixée.",
		NL: "De datum van de publieksstemming ligt nog niet vast.",
		EN: "The date of the public vote has not been set yet.",
	},
	"voter.not_open_short": {
		FR: "Le vote n'est pas ouvert.",
		NL: "De stemming is niet open.",
		EN: "Voting is not open.",
	},
	"voter.offer_subscribe": {
		FR: "Voulez-vous être prévenu·e des prochaines étapes et des résultats ?",
		NL: "Wilt u op de hoogte blijven van de volgende stappen en de uitslag?",
		EN: "Would you like to hear about the next steps and the results?",
	},
	"voter.no_shortlist": {
		FR: "Les projets finalistes ne sont pas encore publiés.",
		NL: "De finalisten zijn nog niet bekendgemaakt.",
		EN: "The finalists have not been published yet.",
	},
	"voter.choose_sector": {
		FR: "Choisissez un secteur pour voir ses projets :",
		NL: "Kies een sector om de projecten te zien:",
		EN: "Choose a sector to see its projects:",
	},
	"voter.sector_page": {FR: "Projets « %s »", NL: "Projecten „%s”", EN: "Projects in “%s”"},
	"voter.page":        {FR: "(page %d sur %d)", NL: "(pagina %d van %d)", EN: "(page %d of %d)"},
	"voter.unknown_project": {
		FR: "Ce projet ne fait pas partie des finalistes. Voici la liste des projets en lice :",
		NL: "Dit project is geen finalist. Hier vindt u de projecten die meedingen:",
		EN: "This project is not one of the finalists. Here are the projects in the running:",
	},
	"voter.ask_contact": {
		FR: "Pour que chaque personne ne vote qu'une fois, partagez votre numéro de téléphone avec le bouton ci-dessous. Nous n'en gardons qu'une empreinte codée, jamais le numéro lui-même.",
		NL: "Zodat iedereen maar één keer stemt, deelt u uw telefoonnummer met de knop hieronder. We bewaren alleen een gecodeerde vingerafdruk ervan, nooit het nummer zelf.",
		EN: "So that each person votes only once, please share your phone number with the button below. We keep only a coded fingerprint of it, never the number itself.",
	},
	"voter.not_own_contact": {
		FR: "Ce contact n'est pas le vôtre. Utilisez le bouton ci-dessous pour partager votre propre numéro.",
		NL: "Dit contact is niet van u. Gebruik de knop hieronder om uw eigen nummer te delen.",
		EN: "That contact is not yours. Please use the button below to share your own number.",
	},
	"voter.bad_phone": {
		FR: "Je n'ai pas pu lire ce numéro de téléphone. Réessayez avec le bouton ci-dessous.",
		NL: "Ik kon dit telefoonnummer niet lezen. Probeer opnieuw met de knop hieronder.",
		EN: "I could not read that phone number. Please try again with the button below.",
	},
	"voter.country_refused": {
		FR: "Désolé, ce vote est réservé aux numéros de téléphone commençant par %s. Aucun vote n'a été enregistré.",
		NL: "Sorry, deze stemming staat alleen open voor telefoonnummers die beginnen met %s. Er is geen stem geregistreerd.",
		EN: "Sorry, this vote is open only to phone numbers starting with %s. No vote was recorded.",
	},
	"voter.other_phone": {
		FR: "Ce compte est déjà vérifié avec un autre numéro. Votre vote reste celui de ce numéro : voyez /myvote.",
		NL: "Dit account is al geverifieerd met een ander nummer. Uw stem blijft die van dat nummer: zie /myvote.",
		EN: "This account is already verified with another number. Your vote stays with that number: see /myvote.",
	},
	"voter.verified": {
		FR: "Merci, c'est vérifié.",
		NL: "Bedankt, u bent geverifieerd.",
		EN: "Thank you, you are verified.",
	},
	"voter.pick_project": {
		FR: "Choisissez maintenant le projet pour lequel vous voulez voter.",
		NL: "Kies nu het project waarop u wilt stemmen.",
		EN: "Now choose the project you want to vote for.",
	},
	"voter.confirm": {
		FR: "Vous allez voter pour « %s ». Confirmez-vous ?",
		NL: "U gaat stemmen op „%s”. Bevestigt u?",
		EN: "You are about to vote for “%s”. Do you confirm?",
	},
	"voter.confirm_change": {
		FR: "Vous votez actuellement pour « %s ». Voulez-vous reporter votre vote sur « %s » ?",
		NL: "U stemt nu op „%s”. Wilt u uw stem verplaatsen naar „%s”?",
		EN: "You are currently voting for “%s”. Do you want to move your vote to “%s”?",
	},
	"voter.final": {
		FR: "Attention : ce vote est définitif, il ne pourra plus être changé.",
		NL: "Let op: deze stem is definitief en kan daarna niet meer gewijzigd worden.",
		EN: "Please note: this vote is final and cannot be changed afterwards.",
	},
	"voter.changeable": {
		FR: "Vous pourrez changer d'avis jusqu'au %s.",
		NL: "U kunt van gedachten veranderen tot %s.",
		EN: "You can change your mind until %s.",
	},
	"voter.already_this": {
		FR: "Vous votez déjà pour « %s ». Votre reçu : %s.",
		NL: "U stemt al op „%s”. Uw bewijs: %s.",
		EN: "You are already voting for “%s”. Your receipt: %s.",
	},
	"voter.already_this_short": {
		FR: "Vous votez déjà pour ce projet.",
		NL: "U stemt al op dit project.",
		EN: "You already vote for this project.",
	},
	"voter.already_voted": {
		FR: "Vous avez déjà voté (pour « %s ») et chaque personne vote une seule fois. Aucun nouveau vote n'a été enregistré ; /myvote montre votre reçu.",
		NL: "U hebt al gestemd (op „%s”) en iedereen stemt maar één keer. Er is geen nieuwe stem geregistreerd; /myvote toont uw bewijs.",
		EN: "You have already voted (for “%s”) and each person votes once. No new vote was recorded; /myvote shows your receipt.",
	},
	"voter.vote_voided": {
		FR: "Votre vote pour « %s » a été annulé par les organisateurs : vous ne pouvez pas voter à nouveau. Si c'est une erreur, écrivez-leur.",
		NL: "Uw stem voor „%s” is door de organisatoren geannuleerd: u kunt niet opnieuw stemmen. Is dat een vergissing, schrijf hen dan.",
		EN: "Your vote for “%s” was cancelled by the organisers, so you cannot vote again. If you think this is a mistake, write to them.",
	},
	"voter.vote_voided_short": {
		FR: "Votre vote a été annulé par les organisateurs.",
		NL: "Uw stem is door de organisatoren geannuleerd.",
		EN: "Your vote was cancelled by the organisers.",
	},
	"voter.voided_note": {
		FR: "Un vote annulé par les organisateurs ne compte pas et ne peut pas être refait. Si c'est une erreur, écrivez-leur.",
		NL: "Een door de organisatoren geannuleerde stem telt niet en kan niet opnieuw worden uitgebracht. Is dat een vergissing, schrijf hen dan.",
		EN: "A vote cancelled by the organisers does not count and cannot be cast again. If you think this is a mistake, write to them.",
	},
	"voter.already_voted_short": {
		FR: "Vous avez déjà voté.",
		NL: "U hebt al gestemd.",
		EN: "You have already voted.",
	},
	"voter.counted_short": {FR: "Vote enregistré !", NL: "Stem geregistreerd!", EN: "Vote recorded!"},
	"voter.receipt": {
		FR: "Merci ! Votre vote pour « %s » est enregistré.\nDate : %s\nReçu : %s\nGardez ce code : il prouve que votre vote est compté. /myvote vous le redonne à tout moment.",
		NL: "Bedankt! Uw stem op „%s” is geregistreerd.\nTijdstip: %s\nBewijs: %s\nBewaar deze code: ze bewijst dat uw stem meetelt. /myvote toont ze altijd opnieuw.",
		EN: "Thank you! Your vote for “%s” is recorded.\nTime: %s\nReceipt: %s\nKeep this code: it proves your vote is counted. /myvote shows it again at any time.",
	},
	"voter.cancelled": {
		FR: "C'est annulé, rien n'a été enregistré.",
		NL: "Geannuleerd, er is niets geregistreerd.",
		EN: "Cancelled; nothing was recorded.",
	},
	"voter.no_vote": {
		FR: "Vous n'avez pas encore voté.",
		NL: "U hebt nog niet gestemd.",
		EN: "You have not voted yet.",
	},
	"voter.myvote": {FR: "Votre vote :", NL: "Uw stem:", EN: "Your vote:"},
	"voter.myvote_line": {
		FR: "• « %s », le %s, reçu %s",
		NL: "• „%s”, op %s, bewijs %s",
		EN: "• “%s”, on %s, receipt %s",
	},
	"voter.voided": {
		FR: "(annulé par les organisateurs)",
		NL: "(geannuleerd door de organisatoren)",
		EN: "(cancelled by the organisers)",
	},
	"voter.subscribed": {
		FR: "C'est noté : vous recevrez les nouvelles du prix (ouverture du vote, rappel, résultats). /unsubscribe pour arrêter.",
		NL: "Genoteerd: u ontvangt het nieuws van de prijs (start van de stemming, herinnering, uitslag). /unsubscribe om te stoppen.",
		EN: "Done: you will get the prize's news (vote opening, a reminder, the results). /unsubscribe to stop.",
	},
	"voter.already_subscribed": {
		FR: "Vous êtes déjà abonné·e aux nouvelles.",
		NL: "U ontvangt het nieuws al.",
		EN: "You already get the news.",
	},
	"voter.unsubscribed": {
		FR: "Vous ne recevrez plus de nouvelles. /subscribe pour vous réabonner.",
		NL: "U ontvangt geen nieuws meer. /subscribe om het opnieuw te ontvangen.",
		EN: "You will not get any more news. /subscribe to get it again.",
	},
	"voter.not_subscribed": {
		FR: "Vous n'étiez pas abonné·e aux nouvelles.",
		NL: "U ontving het nieuws niet.",
		EN: "You were not getting the news.",
	},
	"voter.lang_choose": {
		FR: "Dans quelle langue voulez-vous que je vous parle ?",
		NL: "In welke taal wilt u dat ik met u praat?",
		EN: "Which language would you like me to speak?",
	},
	"voter.lang_set": {
		FR: "Je vous parlerai désormais en français.",
		NL: "Ik praat voortaan Nederlands met u.",
		EN: "I will speak English with you from now on.",
	},
	"voter.lang_unknown": {
		FR: "Je parle français (fr), néerlandais (nl) et anglais (en). Tapez /lang pour choisir.",
		NL: "Ik spreek Frans (fr), Nederlands (nl) en Engels (en). Typ /lang om te kiezen.",
		EN: "I speak French (fr), Dutch (nl) and English (en). Type /lang to choose.",
	},
	"help.jury": {
		FR: "Membre du jury :\n/jury vos projets à noter, votre avancement et la grille",
		NL: "Jurylid:\n/jury uw te beoordelen projecten, uw voortgang en het beoordelingsrooster",
		EN: "As a juror:\n/jury your projects to score, your progress and the grid",
	},
	"help.admin": {
		FR: "Organisation :\n/admin status l'état du concours\n/admin help toutes les commandes d'organisation",
		NL: "Organisatie:\n/admin status de stand van de wedstrijd\n/admin help alle organisatieopdrachten",
		EN: "As an organiser:\n/admin status where the contest stands\n/admin help every organiser command",
	},
	"voter.privacy": {
		FR: "Ce que nous gardons, et pourquoi :\n• votre identifiant, votre nom et votre pseudo sur la plateforme, votre conversation avec le bot, votre langue et votre abonnement aux nouvelles, pour vous répondre ;\n• le projet pour lequel vous avez appuyé sur « Voter », le temps de vérifier votre numéro ;\n• si vous votez : une empreinte codée de votre numéro de téléphone (jamais le numéro), pour qu'une personne ne vote qu'une fois ; une empreinte codée de votre numéro sans ses trois derniers chiffres, commune aux numéros d'un même bloc de mille, pour repérer les votes en série ; votre vote, son heure, sa plateforme et son reçu.\n/forget efface tout de suite votre nom, votre identifiant, votre pseudo, votre abonnement et l'empreinte du bloc. Votre vote reste compté, sans lien avec vous. Tant que le vote est ouvert, nous gardons seulement l'empreinte du numéro pour empêcher un second vote ; elle est effacée à la clôture du vote.",
		NL: "Wat we bewaren, en waarom:\n• uw id, naam en gebruikersnaam op het platform, uw gesprek met de bot, uw taal en uw nieuwsabonnement, om u te antwoorden;\n• het project waarvoor u op \"Stem\" drukte, zolang uw nummer nagegaan wordt;\n• als u stemt: een gecodeerde vingerafdruk van uw telefoonnummer (nooit het nummer), zodat iedereen maar één keer stemt; een gecodeerde vingerafdruk van uw nummer zonder de drie laatste cijfers, gedeeld door de nummers van eenzelfde blok van duizend, om reeksen stemmen op te sporen; uw stem, het tijdstip, het platform en het bewijs.\n/forget wist meteen uw naam, uw id, uw gebruikersnaam, uw abonnement en de vingerafdruk van het blok. Uw stem blijft meetellen, zonder band met u. Zolang de stemming loopt, bewaren we alleen de vingerafdruk van het nummer om een tweede stem te verhinderen; die wordt gewist wanneer de stemming sluit.",
		EN: "What we keep, and why:\n• your platform id, name and username, your chat with the bot, your language and your news subscription, to answer you;\n• the project you pressed \"Vote\" for, while your number is checked;\n• if you vote: a coded fingerprint of your phone number (never the number), so each person votes once; a coded fingerprint of your number without its last three digits, shared by the numbers of the same block of a thousand, to spot votes cast in series; your vote, its time, its platform and its receipt.\n/forget erases your name, your id, your username, your subscription and the block's fingerprint at once. Your vote stays counted, no longer linked to you. While the vote is open we keep only the number's fingerprint, to prevent a second vote; it is erased when the vote closes.",
	},
	"voter.privacy_retention": {
		FR: "Sans /forget, tout cela est effacé au plus tard %d jours après la cérémonie.",
		NL: "Zonder /forget wordt dit alles uiterlijk %d dagen na de uitreiking gewist.",
		EN: "Without /forget, all of it is erased at the latest %d days after the ceremony.",
	},
	"voter.forget_ask": {
		FR: "Voulez-vous vraiment effacer vos données ? Si vous avez voté, votre vote restera compté, de façon anonyme.",
		NL: "Wilt u uw gegevens echt wissen? Als u gestemd hebt, blijft uw stem anoniem meetellen.",
		EN: "Do you really want to erase your data? If you have voted, your vote stays counted, anonymously.",
	},
	"voter.forgotten": {
		FR: "C'est fait : votre nom, votre identifiant et votre abonnement sont effacés. Si vous avez voté, votre vote reste compté, sans lien avec vous.",
		NL: "Gedaan: uw naam, uw id en uw abonnement zijn gewist. Als u gestemd hebt, blijft uw stem meetellen, zonder band met u.",
		EN: "Done: your name, your id and your subscription are erased. If you voted, your vote stays counted, no longer linked to you.",
	},
	"voter.forgotten_hash_kept": {
		FR: "Jusqu'à la clôture du vote, nous gardons seulement l'empreinte codée de votre numéro, pour qu'il ne serve pas à voter deux fois.",
		NL: "Tot de stemming sluit, bewaren we alleen de gecodeerde vingerafdruk van uw nummer, zodat het geen twee keer kan stemmen.",
		EN: "Until the vote closes we keep only the coded fingerprint of your number, so it cannot be used to vote twice.",
	},
	"voter.forgotten_short": {FR: "Données effacées.", NL: "Gegevens gewist.", EN: "Data erased."},
	"voter.fallback": {
		FR: "Je réponds aux boutons et aux commandes. /projects pour voir les projets, /help pour tout le reste.",
		NL: "Ik reageer op knoppen en opdrachten. /projects om de projecten te zien, /help voor de rest.",
		EN: "I respond to buttons and commands. /projects to see the projects, /help for everything else.",
	},

	"voter.btn.projects":      {FR: "Voir les projets", NL: "De projecten bekijken", EN: "See the projects"},
	"voter.btn.subscribe":     {FR: "Me tenir au courant", NL: "Hou me op de hoogte", EN: "Keep me posted"},
	"voter.btn.vote":          {FR: "Voter", NL: "Stem", EN: "Vote"},
	"voter.btn.page":          {FR: "Page du projet", NL: "Projectpagina", EN: "Project page"},
	"voter.btn.back":          {FR: "Retour à la liste", NL: "Terug naar de lijst", EN: "Back to the list"},
	"voter.btn.sectors":       {FR: "Tous les secteurs", NL: "Alle sectoren", EN: "All sectors"},
	"voter.btn.previous":      {FR: "Précédents", NL: "Vorige", EN: "Previous"},
	"voter.btn.next":          {FR: "Suivants", NL: "Volgende", EN: "Next"},
	"voter.btn.share_contact": {FR: "Partager mon numéro", NL: "Mijn nummer delen", EN: "Share my number"},
	"voter.btn.confirm":       {FR: "Je confirme", NL: "Bevestigen", EN: "Confirm"},
	"voter.btn.cancel":        {FR: "Annuler", NL: "Annuleren", EN: "Cancel"},
	"voter.btn.forget":        {FR: "Oui, effacer", NL: "Ja, wissen", EN: "Yes, erase"},
	"voter.btn.keep":          {FR: "Non, garder", NL: "Nee, bewaren", EN: "No, keep"},
}
