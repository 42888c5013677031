package bot

import (
	"golang.org/x/text/language"
)

// Languages prixbot speaks; French is the default.
const (
	FR = "fr"
	NL = "nl"
	EN = "en"
)

// langs are the languages in the matcher's order.
var langs = []string{FR, NL, EN}

var matcher = language.NewMatcher([]language.Tag{language.French, language.Dutch, language.English})

// MatchLang maps a platform language code or locale ("nl-BE", "en_US", "de")
// or an HTTP Accept-Language header ("de, en;q=0.5") to fr, nl or en;
// anything else is French.
func MatchLang(hint string) string {
	switch hint {
	case "":
		return FR
	case FR, NL, EN: // what Telegram sends most; the matcher costs µs per update
		return hint
	}
	_, i := language.MatchStrings(matcher, hint)
	return langs[i]
}

// Text is one user-facing text in the three languages. Texts may hold
// fmt verbs filled by T.
type Text struct{ FR, NL, EN string }

// In returns the text in lang (fr, nl or en; anything else is French),
// formatted with args when there are any, numbers as the language writes
// them (see FormatNumber).
func (t Text) In(lang string, args ...any) string {
	if len(args) == 0 {
		return t.in(lang)
	}
	return printer(lang).Sprintf(t.in(lang), args...)
}

func (t Text) in(lang string) string {
	switch lang {
	case NL:
		return t.NL
	case EN:
		return t.EN
	}
	return t.FR
}

// catalog maps text keys to their translations. Each conversation keeps its
// own catalog; catalogs lists them all.
type catalog map[string]Text

var catalogs = []catalog{commonTexts, voterTexts, juryTexts, adminTexts, adminPlanTexts, adminWebTexts, slackTexts, notifyTexts}

// T returns the text for key in lang, formatted with args through the
// language's printer (see FormatNumber); a text with plurals picks its
// words by the numbers it is given. An unknown key is a programming error
// and shows as the key itself, so tests catch it.
func T(lang, key string, args ...any) string {
	for _, c := range pluralCatalogs {
		if _, ok := c[key]; ok {
			return printer(lang).Sprintf(key, args...)
		}
	}
	if t, ok := lookup(key); ok {
		return t.In(lang, args...)
	}
	return "!" + key
}

// lookup finds the text of key in the catalogs.
func lookup(key string) (Text, bool) {
	for _, c := range catalogs {
		if t, ok := c[key]; ok {
			return t, true
		}
	}
	return Text{}, false
}

var commonTexts = catalog{
	"datetime": {FR: "%s %s %s à %s", NL: "%s %s %s om %s", EN: "%s %s %s at %s"},
	"help": {
		FR: "Je suis le bot du Prix de l'Innovation sociale. Ce que je sais faire :\n/projects voir les projets finalistes et voter\n/myvote votre vote et son reçu\n/subscribe recevoir les nouvelles, /unsubscribe les arrêter\n/lang changer de langue\n/privacy ce que nous gardons de vous\n/forget effacer vos données",
		NL: "Ik ben de bot van de Prijs voor Sociale Innovatie. Dit kan ik:\n/projects de finalisten bekijken en stemmen\n/myvote uw stem en uw bewijs\n/subscribe nieuws ontvangen, /unsubscribe ermee stoppen\n/lang taal wijzigen\n/privacy wat we over u bewaren\n/forget uw gegevens wissen",
		EN: "I am the bot of the Social Innovation Prize. Here is what I can do:\n/projects see the finalists and vote\n/myvote your vote and its receipt\n/subscribe get the news, /unsubscribe stop it\n/lang change language\n/privacy what we keep about you\n/forget erase your data",
	},
	"error.sorry": {
		FR: "Désolé, quelque chose s'est mal passé de notre côté. Réessayez dans un instant.",
		NL: "Sorry, er ging bij ons iets mis. Probeer het zo meteen opnieuw.",
		EN: "Sorry, something went wrong on our side. Please try again in a moment.",
	},
	"error.forbidden": {
		FR: "Cette commande ne vous est pas accessible.",
		NL: "Deze opdracht is niet voor u beschikbaar.",
		EN: "This command is not available to you.",
	},
	"error.invalid": {
		FR: "Je n'ai pas compris cette demande.",
		NL: "Dit verzoek begrijp ik niet.",
		EN: "I did not understand that request.",
	},
	"error.not_found": {
		FR: "Je ne trouve pas ce que vous cherchez.",
		NL: "Ik vind niet wat u zoekt.",
		EN: "I cannot find what you are looking for.",
	},
	"error.conflict": {
		FR: "C'est déjà fait.",
		NL: "Dat is al gebeurd.",
		EN: "That has already been done.",
	},
	"error.closed": {
		FR: "Ce n'est pas possible en ce moment du concours.",
		NL: "Dat kan nu niet in deze fase van de wedstrijd.",
		EN: "That is not possible at this stage of the contest.",
	},
	"error.too_long": {
		FR: "Ce message est trop long pour moi. Utilisez les boutons ou /help.",
		NL: "Dit bericht is te lang voor mij. Gebruik de knoppen of /help.",
		EN: "That message is too long for me. Use the buttons or /help.",
	},
	"error.busy": {
		FR: "Doucement ! Attendez quelques secondes avant de continuer.",
		NL: "Rustig aan! Wacht enkele seconden voor u verdergaat.",
		EN: "Slow down! Wait a few seconds before going on.",
	},
	"error.code_wait": {
		FR: "Trop de codes erronés. Réessayez dans %d min.",
		NL: "Te veel foute codes. Probeer het over %d min. opnieuw.",
		EN: "Too many wrong codes. Try again in %d min.",
	},
	"error.unknown_button": {
		FR: "Ce bouton n'est plus valable. Tapez /start pour recommencer.",
		NL: "Deze knop is niet meer geldig. Typ /start om opnieuw te beginnen.",
		EN: "This button is no longer valid. Type /start to begin again.",
	},
	"error.no_contest": {
		FR: "Aucun concours n'est en cours pour l'instant.",
		NL: "Er loopt momenteel geen wedstrijd.",
		EN: "No contest is running at the moment.",
	},
	"error.no_contest_admin": {
		FR: "Aucun concours n'est importé : importez-en un avec « prixbot import contest FICHIER.yaml » puis « prixbot import projects FICHIER.csv ».",
		NL: "Er is geen wedstrijd geïmporteerd: importeer er een met „prixbot import contest BESTAND.yaml” en daarna „prixbot import projects BESTAND.csv”.",
		EN: "No contest is imported: import one with `prixbot import contest FILE.yaml`, then `prixbot import projects FILE.csv`.",
	},
}
