package bot

// adminPlanTexts are what the organisers read before they confirm a change:
// what it will do, or why it cannot be done and what would make it possible.
var adminPlanTexts = catalog{
	"admin.args_none":    {FR: "Cette commande ne prend pas d'argument.", NL: "Deze opdracht neemt geen argument.", EN: "This command takes no argument."},
	"admin.args_one":     {FR: "Cette commande prend un argument.", NL: "Deze opdracht neemt één argument.", EN: "This command takes one argument."},
	"admin.args_missing": {FR: "Il manque un argument.", NL: "Er ontbreekt een argument.", EN: "An argument is missing."},
	"admin.args_remind":  {FR: "Seul le jury peut recevoir un rappel.", NL: "Alleen de jury kan een herinnering krijgen.", EN: "Only the jury can be reminded."},
	"admin.args_shortlist": {
		FR: "Dites add ou remove, puis l'identifiant du projet.",
		NL: "Zeg add of remove, en dan de id van het project.",
		EN: "Say add or remove, then the project's id.",
	},
	"admin.args_export": {
		FR: "Dites quel export : votes, scores, results, audit ou receipts.",
		NL: "Zeg welke export: votes, scores, results, audit of receipts.",
		EN: "Say which export: votes, scores, results, audit or receipts.",
	},
	"admin.args_void":  {FR: "Dites quels votes, puis pourquoi.", NL: "Zeg welke stemmen, en dan waarom.", EN: "Say which votes, then why."},
	"admin.args_audit": {FR: "n est un nombre positif.", NL: "n is een positief getal.", EN: "n is a positive number."},
	"admin.args_phase": {
		FR: "Dites open, close ou extend, puis la phase.",
		NL: "Zeg open, close of extend, en dan de fase.",
		EN: "Say open, close or extend, then the phase.",
	},
	"admin.args_until": {
		FR: "Après la phase, seulement : until <moment> (extend en a besoin).",
		NL: "Na de fase alleen: until <moment> (extend heeft het nodig).",
		EN: "After the phase, only: until <time> (extend needs it).",
	},
	"admin.args_time": {
		FR: "« %s » n'est pas un moment comme 2026-12-20T23:59 ou 2026-12-20.",
		NL: "„%s” is geen moment zoals 2026-12-20T23:59 of 2026-12-20.",
		EN: "“%s” is not a time like 2026-12-20T23:59 or 2026-12-20.",
	},
	"admin.args_conflict": {
		FR: "Donnez le nom d'un membre du jury et l'identifiant d'un projet.",
		NL: "Geef de naam van een jurylid en de id van een project.",
		EN: "Give a juror's name and a project's id.",
	},
	"admin.phase_label": {FR: "« %s » (%s)", NL: "„%s” (%s)", EN: "“%s” (%s)"},
	"admin.phase_plan": {
		FR: "Phase %s : aujourd'hui du %s au %s ; après : du %s au %s.",
		NL: "Fase %s: nu van %s tot %s; daarna: van %s tot %s.",
		EN: "Phase %s: now from %s to %s; after: from %s to %s.",
	},
	"admin.phase_plan_vote_closes": {
		FR: "Le vote du public se ferme : %s (%s) restent acquis, plus aucun vote ne sera accepté.",
		NL: "De publieksstemming sluit: %s (%s) blijven behouden, er wordt geen stem meer aanvaard.",
		EN: "The public vote closes: %s (%s) stay, and no further vote is accepted.",
	},
	"admin.phase_plan_vote_open": {
		FR: "Le vote du public sera ouvert ; jusqu'ici : %s (%s).",
		NL: "De publieksstemming zal open zijn; tot nu: %s (%s).",
		EN: "The public vote will be open; so far: %s (%s).",
	},
	"admin.phase_plan_jury_closes": {
		FR: "L'évaluation du jury se ferme : %s comptent, %s ne compteront pas, et plus aucune fiche ne pourra être modifiée.",
		NL: "De juryevaluatie sluit: %s tellen, %s tellen niet mee, en geen enkele fiche kan nog gewijzigd worden.",
		EN: "Jury scoring closes: %s count, %s will not count, and no sheet can be changed any more.",
	},
	"admin.phase_plan_jury_open": {
		FR: "Le jury pourra évaluer ; jusqu'ici : %s, %s.",
		NL: "De jury zal kunnen beoordelen; tot nu: %s, %s.",
		EN: "The jury will be able to score; so far: %s, %s.",
	},
	"admin.phase_plan_undo": {FR: "Pour revenir en arrière : %s", NL: "Terugdraaien: %s", EN: "To undo it: %s"},
	"admin.phase_unchanged": {
		FR: "Rien à changer : la phase %s va déjà du %s au %s.",
		NL: "Niets te wijzigen: de fase %s loopt al van %s tot %s.",
		EN: "Nothing to change: the %s phase already runs from %s to %s.",
	},
	"admin.phase_none": {
		FR: "Il n'y a pas de phase « %s ». Les phases : %s.",
		NL: "Er is geen fase „%s”. De fasen: %s.",
		EN: "There is no phase “%s”. The phases: %s.",
	},
	"admin.phase_ended": {
		FR: "La phase %s est finie depuis le %s : dites jusqu'à quand la rouvrir, par exemple : %s",
		NL: "De fase %s is voorbij sinds %s: zeg tot wanneer ze weer opengaat, bijvoorbeeld: %s",
		EN: "The %s phase ended on %s: say until when to reopen it, for example: %s",
	},
	"admin.phase_not_started": {
		FR: "La phase %s ne commence que le %s : il n'y a rien à fermer. Pour l'ouvrir dès maintenant : %s",
		NL: "De fase %s begint pas op %s: er is niets te sluiten. Om ze nu te openen: %s",
		EN: "The %s phase only starts on %s: there is nothing to close. To open it now: %s",
	},
	"admin.phase_past": {
		FR: "La nouvelle fin (%s) est déjà passée : choisissez un moment à venir.",
		NL: "Het nieuwe einde (%s) is al voorbij: kies een moment in de toekomst.",
		EN: "The new end (%s) has already passed: choose a time to come.",
	},
	"admin.phase_overlap": {
		FR: "La phase %s chevaucherait la phase %s (du %s au %s). Ce qui le permettrait : %s",
		NL: "De fase %s zou overlappen met de fase %s (van %s tot %s). Wat het mogelijk maakt: %s",
		EN: "The %s phase would overlap the %s phase (from %s to %s). What would make it possible: %s",
	},
	"admin.phase_overlap_later": {
		FR: "La phase %s chevaucherait la phase %s (du %s au %s). Pour la décaler, changez les dates de %s dans le fichier du concours et importez-le : prixbot import contest FICHIER.yaml",
		NL: "De fase %s zou overlappen met de fase %s (van %s tot %s). Om die te verschuiven, wijzig de data van %s in het wedstrijdbestand en importeer het: prixbot import contest BESTAND.yaml",
		EN: "The %s phase would overlap the %s phase (from %s to %s). To move that one, change the dates of %s in the contest file and import it: prixbot import contest FILE.yaml",
	},
	"admin.phase_op": {
		FR: "Dites open, close ou extend, puis la phase : %s phase close public_vote",
		NL: "Zeg open, close of extend, dan de fase: %s phase close public_vote",
		EN: "Say open, close or extend, then the phase: %s phase close public_vote",
	},

	"admin.no_project": {
		FR: "Aucun projet n'a l'identifiant « %s ». Les identifiants sont dans : %s",
		NL: "Geen enkel project heeft de id „%s”. De id's staan in: %s",
		EN: "No project has the id “%s”. The ids are in: %s",
	},
	"admin.shortlist_unchanged_add": {
		FR: "Rien à changer : « %s » fait déjà partie de la sélection.",
		NL: "Niets te wijzigen: „%s” staat al op de shortlist.",
		EN: "Nothing to change: “%s” is already on the shortlist.",
	},
	"admin.shortlist_unchanged_remove": {
		FR: "Rien à changer : « %s » ne fait pas partie de la sélection.",
		NL: "Niets te wijzigen: „%s” staat niet op de shortlist.",
		EN: "Nothing to change: “%s” is not on the shortlist.",
	},
	"admin.shortlist_plan_add": {
		FR: "« %s » (%s) entre dans la sélection : le public pourra voter pour lui et %s devront l'évaluer. Pour revenir en arrière : %s",
		NL: "„%s” (%s) komt op de shortlist: het publiek kan erop stemmen en %s moeten het beoordelen. Terugdraaien: %s",
		EN: "“%s” (%s) joins the shortlist: the public can vote for it and %s will have to score it. To undo it: %s",
	},
	"admin.shortlist_plan_remove": {
		FR: "« %s » (%s) quitte la sélection : le public ne le verra plus, et ses %s et %s ne compteront plus dans le classement (ils restent enregistrés). Pour revenir en arrière : %s",
		NL: "„%s” (%s) verlaat de shortlist: het publiek ziet het niet meer, en zijn %s en %s tellen niet meer mee in de rangschikking (ze blijven bewaard). Terugdraaien: %s",
		EN: "“%s” (%s) leaves the shortlist: the public no longer sees it, and its %s and %s no longer count in the ranking (they stay stored). To undo it: %s",
	},

	"admin.remind_none": {
		FR: "Rien à faire : aucun membre du jury n'a de fiche à remettre.",
		NL: "Niets te doen: geen enkel jurylid moet nog een fiche indienen.",
		EN: "Nothing to do: no juror has a sheet left to submit.",
	},
	"admin.remind_plan": {
		FR: "%s partiront maintenant (à %s), pour %s en tout ; un seul rappel par personne et par heure.",
		NL: "%s vertrekken nu (naar %s), voor %s in totaal; één herinnering per persoon per uur.",
		EN: "%s will go now (to %s), for %s in all; one reminder per person per hour.",
	},

	"admin.announce_too_early": {
		FR: "Pas encore : la phase %s se termine le %s ; les résultats pourront être annoncés ensuite. Pour la terminer maintenant : %s",
		NL: "Nog niet: de fase %s eindigt op %s; daarna kan de uitslag bekendgemaakt worden. Om ze nu te beëindigen: %s",
		EN: "Not yet: the %s phase ends on %s; the results can be announced after that. To end it now: %s",
	},
	"admin.announce_no_shortlist": {
		FR: "Rien à annoncer : la sélection est vide. Pour y ajouter un projet : %s",
		NL: "Niets bekend te maken: de shortlist is leeg. Om een project toe te voegen: %s",
		EN: "Nothing to announce: the shortlist is empty. To add a project: %s",
	},
	"admin.announce_nothing": {
		FR: "Rien à annoncer : aucun vote compté et aucune fiche du jury remise, le classement ne départagerait personne. Pour laisser le jury évaluer : %s (ou importez ses notes avec prixbot import jury-scores FICHIER.csv).",
		NL: "Niets bekend te maken: geen getelde stemmen en geen ingediende juryfiches, de rangschikking zou niemand onderscheiden. Om de jury te laten beoordelen: %s (of importeer de scores met prixbot import jury-scores BESTAND.csv).",
		EN: "Nothing to announce: no counted vote and no jury sheet submitted, so the ranking would tell nobody apart. To let the jury score: %s (or import their scores with prixbot import jury-scores FILE.csv).",
	},
	"admin.announce_plan": {
		FR: "Annonce des résultats — les lauréats :",
		NL: "Bekendmaking van de uitslag — de laureaten:",
		EN: "Announcement of the results — the laureates:",
	},
	"admin.announce_basis": {
		FR: "Classement établi sur %s et %s.",
		NL: "Rangschikking op basis van %s en %s.",
		EN: "Ranking made of %s and %s.",
	},
	"admin.announce_sends": {
		FR: "%s partiront (%s et %s), en trois temps à %s d'intervalle : le 3e, le 2e, puis le 1er.",
		NL: "%s vertrekken (%s en %s), in drie stappen met %s ertussen: de 3e, de 2e en dan de 1e.",
		EN: "%s will go (%s and %s), in three steps %s apart: the 3rd, the 2nd, then the 1st.",
	},
	"admin.announce_final": {
		FR: "Irréversible : une fois envoyés, les résultats sont publics et le classement est figé dans le journal d'audit.",
		NL: "Onomkeerbaar: eenmaal verstuurd is de uitslag openbaar en ligt de rangschikking vast in het auditlog.",
		EN: "This cannot be undone: once sent, the results are public and the ranking is fixed in the audit log.",
	},
	"admin.standing": {
		FR: "%d. %s — %s points (public %s + jury %s)",
		NL: "%d. %s — %s punten (publiek %s + jury %s)",
		EN: "%d. %s — %s points (public %s + jury %s)",
	},
	"admin.tie_jury": {
		FR: "Égalité : %s et %s ont tous deux %s points ; les points du jury (%s contre %s) les départagent.",
		NL: "Gelijkspel: %s en %s hebben allebei %s punten; de jurypunten (%s tegen %s) beslissen.",
		EN: "Tie: %s and %s both have %s points; the jury points (%s against %s) decide.",
	},
	"admin.tie_votes": {
		FR: "Égalité : %s et %s ont tous deux %s points, dont autant du jury ; le nombre de votes (%s contre %s) les départage.",
		NL: "Gelijkspel: %s en %s hebben allebei %s punten, evenveel van de jury; het aantal stemmen (%s tegen %s) beslist.",
		EN: "Tie: %s and %s both have %s points, as many from the jury; the number of votes (%s against %s) decides.",
	},
	"admin.tie_id": {
		FR: "Égalité parfaite : %s et %s ont tous deux %s points, autant du jury et autant de votes ; seul l'ordre alphabétique des identifiants (%s avant %s) les départage.",
		NL: "Volledig gelijkspel: %s en %s hebben allebei %s punten, evenveel van de jury en evenveel stemmen; alleen de alfabetische volgorde van de id's (%s vóór %s) beslist.",
		EN: "Perfect tie: %s and %s both have %s points, as many from the jury and as many votes; only the alphabetical order of their ids (%s before %s) decides.",
	},

	"admin.votes_none": {
		FR: "Aucun vote ne correspond à « %s » : donnez des numéros de vote, voter:<n> ou des codes de reçu, comme dans %s",
		NL: "Geen enkele stem komt overeen met „%s”: geef stemnummers, voter:<n> of ontvangstcodes, zoals in %s",
		EN: "No vote matches “%s”: give vote numbers, voter:<n> or receipt codes, as in %s",
	},
	"admin.void_unchanged": {
		FR: "Rien à changer : ces votes sont déjà annulés.",
		NL: "Niets te wijzigen: deze stemmen zijn al ongeldig.",
		EN: "Nothing to change: these votes are already voided.",
	},
	"admin.restore_unchanged": {
		FR: "Rien à changer : ces votes comptent déjà.",
		NL: "Niets te wijzigen: deze stemmen tellen al.",
		EN: "Nothing to change: these votes already count.",
	},
	"admin.void_plan": {
		FR: "%s cesseront de compter (%s), pour la raison « %s » ; ils restent enregistrés. Pour revenir en arrière : %s",
		NL: "%s tellen niet meer mee (%s), met als reden „%s”; ze blijven bewaard. Terugdraaien: %s",
		EN: "%s will stop counting (%s), for the reason “%s”; they stay stored. To undo it: %s",
	},
	"admin.restore_plan": {
		FR: "%s compteront de nouveau (%s).",
		NL: "%s tellen weer mee (%s).",
		EN: "%s will count again (%s).",
	},

	"admin.on_platform": {FR: " sur %s", NL: " op %s", EN: " on %s"},
	"admin.forget_none": {
		FR: "Aucun compte « %s »%s.",
		NL: "Geen account „%s”%s.",
		EN: "No account “%s”%s.",
	},
	"admin.forget_ambiguous": {
		FR: "Plusieurs comptes s'appellent « %s » : désignez celui à effacer par son identifiant : %s",
		NL: "Meerdere accounts heten „%s”: wijs het te wissen account aan met zijn id: %s",
		EN: "Several accounts are called “%s”: name the one to erase by its id: %s",
	},
	"admin.account": {FR: "%s, compte n° %d", NL: "%s, account nr. %d", EN: "%s, account #%d"},
	"admin.forget_plan": {
		FR: "Les données personnelles de %s seront effacées : nom, nom d'utilisateur, identifiant et conversation. Ses votes restent comptés. Irréversible.",
		NL: "De persoonsgegevens van %s worden gewist: naam, gebruikersnaam, id en gesprek. De stemmen blijven geteld. Onomkeerbaar.",
		EN: "The personal data of %s will be erased: name, username, id and chat. Its votes still count. This cannot be undone.",
	},

	"admin.invite_long": {
		FR: "Ce nom est trop long : %d caractères au plus.",
		NL: "Deze naam is te lang: hoogstens %d tekens.",
		EN: "This name is too long: %d characters at most.",
	},
	"admin.invite_plan_new": {
		FR: "« %s » n'est pas encore au jury : il y sera ajouté, avec un code d'invitation à usage unique valable jusqu'au %s.",
		NL: "„%s” zit nog niet in de jury: wordt toegevoegd, met een uitnodigingscode voor één gebruik, geldig tot %s.",
		EN: "“%s” is not on the jury yet: they will be added, with a one-time invite code valid until %s.",
	},
	"admin.invite_plan": {
		FR: "Un nouveau code d'invitation pour « %s », valable jusqu'au %s ; un code précédent encore inutilisé ne vaudra plus.",
		NL: "Een nieuwe uitnodigingscode voor „%s”, geldig tot %s; een vorige, nog ongebruikte code vervalt.",
		EN: "A new invite code for “%s”, valid until %s; an earlier code still unused stops working.",
	},
	"admin.invite_plan_enrolled": {
		FR: "« %s » est déjà inscrit au jury : un nouveau code (valable jusqu'au %s) lui permettrait de s'inscrire depuis un autre compte.",
		NL: "„%s” is al ingeschreven in de jury: een nieuwe code (geldig tot %s) laat inschrijven vanaf een ander account toe.",
		EN: "“%s” is already enrolled on the jury: a new code (valid until %s) would let them enrol from another account.",
	},

	"admin.no_juror": {
		FR: "Aucun membre du jury ne s'appelle « %s ». Le jury : %s.",
		NL: "Geen enkel jurylid heet „%s”. De jury: %s.",
		EN: "No juror is called “%s”. The jury: %s.",
	},
	"admin.conflict_not_shortlisted": {
		FR: "« %s » ne fait pas partie de la sélection : le jury ne l'évalue pas. Pour l'y ajouter : %s",
		NL: "„%s” staat niet op de shortlist: de jury beoordeelt het niet. Om het toe te voegen: %s",
		EN: "“%s” is not on the shortlist: the jury does not score it. To add it: %s",
	},
	"admin.conflict_unchanged_on": {
		FR: "Rien à changer : %s a déjà un conflit d'intérêts avec « %s ».",
		NL: "Niets te wijzigen: %s heeft al een belangenconflict met „%s”.",
		EN: "Nothing to change: %s already has a conflict of interest with “%s”.",
	},
	"admin.conflict_unchanged_off": {
		FR: "Rien à changer : %s n'a pas de conflit d'intérêts avec « %s ».",
		NL: "Niets te wijzigen: %s heeft geen belangenconflict met „%s”.",
		EN: "Nothing to change: %s has no conflict of interest with “%s”.",
	},
	"admin.conflict_plan_on": {
		FR: "%s sera déclaré en conflit d'intérêts avec « %s » : sa fiche (%s) ne comptera pas dans la moyenne et il ne pourra plus l'évaluer. Pour revenir en arrière : %s",
		NL: "%s krijgt een belangenconflict met „%s”: de fiche (%s) telt niet mee in het gemiddelde en kan niet meer ingevuld worden. Terugdraaien: %s",
		EN: "%s will be declared in conflict of interest with “%s”: their sheet (%s) will not count in the mean and they can no longer score it. To undo it: %s",
	},
	"admin.conflict_plan_off": {
		FR: "Le conflit d'intérêts de %s avec « %s » sera levé : il devra évaluer ce projet, et sa fiche comptera une fois remise.",
		NL: "Het belangenconflict van %s met „%s” wordt opgeheven: dit project moet dan beoordeeld worden, en de fiche telt eenmaal ingediend.",
		EN: "The conflict of interest of %s with “%s” will be withdrawn: they will have to score it, and the sheet counts once submitted.",
	},
	"admin.status_juror": {FR: "%s : %d/%d (%s, %s)", NL: "%s: %d/%d (%s, %s)", EN: "%s: %d/%d (%s, %s)"},
	"admin.sheet_todo":   {FR: "pas commencée", NL: "niet begonnen", EN: "not started"},
	"admin.sheet_draft":  {FR: "brouillon", NL: "ontwerp", EN: "draft"},
	"admin.sheet_scored": {FR: "remise", NL: "ingediend", EN: "submitted"},

	"admin.retention_unset": {
		FR: "Le fichier du concours ne fixe pas retention_days : ajoutez-le, puis importez le fichier avec prixbot import contest FICHIER.yaml.",
		NL: "Het wedstrijdbestand bepaalt geen retention_days: voeg het toe en importeer het bestand met prixbot import contest BESTAND.yaml.",
		EN: "The contest file sets no retention_days: add it, then import the file with prixbot import contest FILE.yaml.",
	},
	"admin.retention_none": {
		FR: "Rien à faire : plus aucune identité n'est conservée.",
		NL: "Niets te doen: er wordt geen enkele identiteit meer bewaard.",
		EN: "Nothing to do: no identity is kept any more.",
	},
	"admin.retention_plan": {
		FR: "Les identités de %s seront effacées (votants et abonnés) ; les votes restent comptés. Irréversible.",
		NL: "De identiteiten van %s worden gewist (stemmers en abonnees); de stemmen blijven geteld. Onomkeerbaar.",
		EN: "The identities of %s will be erased (voters and subscribers); the votes still count. This cannot be undone.",
	},
}

// adminPlurals are the organisers' texts whose words agree with numbers.
var adminPlurals = map[string]pluralText{
	// The fraud signals: a count, where (a project or a number block), and
	// the votes concerned.
	"admin.signal_new_accounts": {
		FR: {"${a} pour %[2]s (${v})", []pluralVar{{"a", 1, "%[1]d compte tout neuf a voté", "%[1]d comptes tout neufs ont voté"}, {"v", 3, "%[3]d vote", "%[3]d votes"}}},
		NL: {"${a} op %[2]s (${v})", []pluralVar{{"a", 1, "%[1]d gloednieuw account stemde", "%[1]d gloednieuwe accounts stemden"}, {"v", 3, "%[3]d stem", "%[3]d stemmen"}}},
		EN: {"${a} for %[2]s (${v})", []pluralVar{{"a", 1, "%[1]d brand-new account voted", "%[1]d brand-new accounts voted"}, {"v", 3, "%[3]d vote", "%[3]d votes"}}},
	},
	"admin.signal_prefix_block": {
		FR: {"${a} du même bloc de 1 000 (${v})", []pluralVar{{"a", 1, "%[1]d votant a un numéro", "%[1]d votants ont un numéro"}, {"v", 3, "%[3]d vote", "%[3]d votes"}}},
		NL: {"${a} uit hetzelfde blok van 1 000 (${v})", []pluralVar{{"a", 1, "%[1]d stemmer heeft een nummer", "%[1]d stemmers hebben een nummer"}, {"v", 3, "%[3]d stem", "%[3]d stemmen"}}},
		EN: {"${a} from one block of 1,000 (${v})", []pluralVar{{"a", 1, "%[1]d voter has a number", "%[1]d voters have numbers"}, {"v", 3, "%[3]d vote", "%[3]d votes"}}},
	},
	"admin.signal_link_burst": {
		FR: {"${a} de %[2]s, ${s} de ${v}", []pluralVar{{"a", 1, "%[1]d ouverture du lien", "%[1]d ouvertures du lien"}, {"s", 1, "suivie", "suivies"}, {"v", 3, "%[3]d vote", "%[3]d votes"}}},
		NL: {"%[1]d keer de link van %[2]s geopend, gevolgd door ${v}", []pluralVar{{"v", 3, "%[3]d stem", "%[3]d stemmen"}}},
		EN: {"${a} of the link of %[2]s, followed by ${v}", []pluralVar{{"a", 1, "%[1]d opening", "%[1]d openings"}, {"v", 3, "%[3]d vote", "%[3]d votes"}}},
	},
	"n.votes": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d vote compté", "%d votes comptés"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d getelde stem", "%d getelde stemmen"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d counted vote", "%d counted votes"}}},
	},
	"n.votes_plain": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d vote", "%d votes"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d stem", "%d stemmen"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d vote", "%d votes"}}},
	},
	"n.voters": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d votant", "%d votants"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d stemmer", "%d stemmers"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d voter", "%d voters"}}},
	},
	"n.sheets": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d fiche du jury remise", "%d fiches du jury remises"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d ingediende juryfiche", "%d ingediende juryfiches"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d jury sheet submitted", "%d jury sheets submitted"}}},
	},
	"n.sheets_left": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d fiche à remettre", "%d fiches à remettre"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d fiche in te dienen", "%d fiches in te dienen"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d sheet left", "%d sheets left"}}},
	},
	"n.drafts": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d brouillon", "%d brouillons"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d ontwerp", "%d ontwerpen"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d draft", "%d drafts"}}},
	},
	"n.conflicts": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d conflit", "%d conflits"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d conflict", "%d conflicten"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d conflict", "%d conflicts"}}},
	},
	"n.jurors": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d membre du jury", "%d membres du jury"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d jurylid", "%d juryleden"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d juror", "%d jurors"}}},
	},
	"n.messages": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d message", "%d messages"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d bericht", "%d berichten"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d message", "%d messages"}}},
	},
	"n.subscribers": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d abonné", "%d abonnés"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d abonnee", "%d abonnees"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d subscriber", "%d subscribers"}}},
	},
	"n.channels": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d canal", "%d canaux"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d kanaal", "%d kanalen"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d channel", "%d channels"}}},
	},
	"n.reminders": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d rappel", "%d rappels"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d herinnering", "%d herinneringen"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d reminder", "%d reminders"}}},
	},
	"n.accounts": {
		FR: {"${n}", []pluralVar{{"n", 1, "%d compte", "%d comptes"}}},
		NL: {"${n}", []pluralVar{{"n", 1, "%d account", "%d accounts"}}},
		EN: {"${n}", []pluralVar{{"n", 1, "%d account", "%d accounts"}}},
	},
	"admin.tie_zero": {
		FR: {"${n} à égalité à 0 point : aucun d'eux ne reçoit de prix.", []pluralVar{{"n", 1, "%d projet", "%d projets"}}},
		NL: {"${n} staan gelijk op 0 punten: geen van hen krijgt een prijs.", []pluralVar{{"n", 1, "%d project", "%d projecten"}}},
		EN: {"${n} tie at 0 points: none of them wins a prize.", []pluralVar{{"n", 1, "%d project", "%d projects"}}},
	},
	"admin.retention_done": {
		FR: {"C'est fait : ${n} ; les votes restent comptés.", []pluralVar{{"n", 1, "%d compte effacé", "%d comptes effacés"}}},
		NL: {"Gedaan: ${n}; de stemmen blijven geteld.", []pluralVar{{"n", 1, "%d account gewist", "%d accounts gewist"}}},
		EN: {"Done: ${n}; the votes still count.", []pluralVar{{"n", 1, "%d account erased", "%d accounts erased"}}},
	},
}
