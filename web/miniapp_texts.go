package web

import (
	"maps"

	"prixbot/bot"
)

func init() { maps.Copy(texts, miniAppTexts) }

// miniAppTexts are the Mini App's own texts; the sheet's come from the
// chats' jury texts.
var miniAppTexts = map[string]bot.Text{
	"web.miniapp.title": {FR: "Fiche de notation", NL: "Beoordelingsfiche", EN: "Scoring sheet"},
	"web.miniapp.outside": {
		FR: "Cette fiche s'ouvre depuis Telegram : envoyez /jury au bot et touchez « Ouvrir la fiche de notation ».",
		NL: "Deze fiche opent u vanuit Telegram: stuur /jury naar de bot en tik op \"Beoordelingsfiche openen\".",
		EN: "This sheet opens from Telegram: send /jury to the bot and tap \"Open the scoring sheet\".",
	},
	"web.miniapp.opening": {FR: "Ouverture de votre fiche…", NL: "Uw fiche wordt geopend…", EN: "Opening your sheet…"},
	"web.miniapp.open":    {FR: "Ouvrir ma fiche", NL: "Mijn fiche openen", EN: "Open my sheet"},
	"web.miniapp.forged": {
		FR: "Refusé : cette page n'a pas été ouverte par Telegram pour ce bot ; rien n'a été enregistré.",
		NL: "Geweigerd: deze pagina is niet door Telegram voor deze bot geopend; er is niets opgeslagen.",
		EN: "Refused: this page was not opened by Telegram for this bot; nothing was saved.",
	},
	"web.miniapp.stale": {
		FR: "Refusé : cette fiche a été ouverte il y a trop longtemps ; fermez-la et rouvrez-la depuis /jury dans Telegram. Rien n'a été enregistré.",
		NL: "Geweigerd: deze fiche is te lang geleden geopend; sluit ze en open ze opnieuw via /jury in Telegram. Er is niets opgeslagen.",
		EN: "Refused: this sheet was opened too long ago; close it and open it again from /jury in Telegram. Nothing was saved.",
	},
	"web.miniapp.bad_request": {
		FR: "Cette demande est illisible ; rien n'a été enregistré.",
		NL: "Dit verzoek is onleesbaar; er is niets opgeslagen.",
		EN: "This request cannot be read; nothing was saved.",
	},
	"web.miniapp.no_sheet": {
		FR: "Aucune fiche pour ce compte Telegram : il ne fait pas partie du jury (envoyez votre code d'invitation avec /jury au bot), ou les projets retenus ne sont pas encore publiés.",
		NL: "Geen fiche voor deze Telegram-account: hij hoort niet bij de jury (stuur uw uitnodigingscode met /jury naar de bot), of de geselecteerde projecten zijn nog niet bekend.",
		EN: "No sheet for this Telegram account: it is not on the jury (send your invite code with /jury to the bot), or the shortlist is not published yet.",
	},
	"web.miniapp.fix": {
		FR: "La fiche n'est pas envoyée : corrigez ce qui est signalé.",
		NL: "De fiche is niet ingediend: verbeter wat aangeduid is.",
		EN: "The sheet is not submitted: fix what is pointed out.",
	},
	"web.miniapp.project":  {FR: "Projet", NL: "Project", EN: "Project"},
	"web.miniapp.go":       {FR: "Ouvrir", NL: "Openen", EN: "Open"},
	"web.miniapp.saving":   {FR: "Enregistrement…", NL: "Opslaan…", EN: "Saving…"},
	"web.miniapp.offline":  {FR: "Pas de connexion : ce choix n'est pas enregistré.", NL: "Geen verbinding: deze keuze is niet opgeslagen.", EN: "No connection: this choice is not saved."},
	"web.miniapp.autosave": {FR: "Chaque choix est enregistré aussitôt.", NL: "Elke keuze wordt meteen opgeslagen.", EN: "Every choice is saved at once."},
	"web.miniapp.comment_note": {
		FR: "Le commentaire est enregistré quand vous quittez le champ, et avec la fiche envoyée.",
		NL: "De opmerking wordt opgeslagen wanneer u het veld verlaat, en met de ingediende fiche.",
		EN: "The comment is saved when you leave the field, and with the submitted sheet.",
	},
}
