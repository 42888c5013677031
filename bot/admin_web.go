package bot

import (
	"context"
	"strings"

	"prixbot/store"
)

// Web is the platform of the organisers' web dashboard. Its Events carry
// the signed-in organiser as UserID "<platform>:<id>" (the platform and id
// they signed in with), so that the dashboard runs `/admin` commands
// through the same handlers, checks, confirmations and audit rows as a
// chat, with the actor written "web:<platform>:<id>". Only the dashboard
// makes such Events, for a session it has checked.
const Web = "web"

// WebLoginPath is the dashboard's address for a sign-in link: the link is
// WebLoginPath?t=<token>.
const WebLoginPath = "/admin/login"

// organiserID returns the platform and id an organiser is configured or
// listed under: on the dashboard, the ones they signed in with.
func organiserID(platform, userID string) (string, string) {
	if platform == Web {
		if p, id, ok := strings.Cut(userID, ":"); ok {
			return p, id
		}
	}
	return platform, userID
}

// IsAdmin reports whether a platform user is an organiser by configuration
// (Config.Admins). Organisers may also be listed in the database, which the
// caller checks (store.Tx.IsOrganiser, store.WebSession.Listed).
func (b *Bot) IsAdmin(platform, userID string) bool {
	p, id := organiserID(platform, userID)
	return b.cfg.Admins[p+":"+id]
}

func checkWeb(args []string) error {
	if len(args) > 1 || (len(args) == 1 && args[0] != "off") {
		return badArgs("admin.args_web")
	}
	return nil
}

// adminWeb answers `/admin web` with a one-time link that signs the
// organiser in to the web dashboard, and `/admin web off` by closing every
// session they have open there (and the links not yet used). The link is a
// secret: it is sent only to the organiser (ephemeral on Slack).
func (b *Bot) adminWeb(ctx context.Context, r *Request, args []string) error {
	p, id := organiserID(r.Platform, r.UserID)
	who := store.Actor{Platform: p, ID: id}
	if len(args) == 1 {
		n, err := r.Tx.CloseWebSessions(ctx, r.Edition.ID, who, actorOf(r), r.Now)
		if err != nil {
			return err
		}
		r.Reply(Message{Text: T(r.Lang, "admin.web_off", n)})
		return nil
	}
	token, err := r.Tx.CreateWebLink(ctx, r.Edition.ID, who, actorOf(r), r.Now)
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(b.cfg.PublicURL, "/")
	link := base + WebLoginPath + "?t=" + token
	m := Message{Text: T(r.Lang, "admin.web_link", link, int(store.WebLinkTTL.Minutes()), int(store.WebSessionTTL.Hours()), adminSyntax(r)), Ephemeral: true}
	if base == "" {
		m.Text += "\n" + T(r.Lang, "admin.web_relative")
	} else if strings.HasPrefix(base, "https://") {
		m.Buttons = [][]Button{{{Text: T(r.Lang, "admin.web_button"), URL: link}}}
	}
	r.Reply(m)
	return nil
}

// adminWebTexts are the texts of `/admin web`.
var adminWebTexts = catalog{
	"admin.args_web": {
		FR: "Tapez « web » pour un lien de connexion, ou « web off » pour fermer vos sessions.",
		NL: "Typ 'web' voor een aanmeldlink, of 'web off' om uw sessies te sluiten.",
		EN: "Type \"web\" for a sign-in link, or \"web off\" to close your sessions.",
	},
	"admin.web_link": {
		FR: "Votre lien de connexion au tableau de bord :\n%s\nIl sert une seule fois, pendant %d minutes, et ouvre une session de %d heures. Ne le partagez pas. Pour fermer vos sessions : %s web off",
		NL: "Uw aanmeldlink voor het dashboard:\n%s\nHij werkt één keer, %d minuten lang, en opent een sessie van %d uur. Deel hem niet. Om uw sessies te sluiten: %s web off",
		EN: "Your sign-in link to the dashboard:\n%s\nIt works once, for %d minutes, and opens a session of %d hours. Do not share it. To close your sessions: %s web off",
	},
	"admin.web_relative": {
		FR: "(PUBLIC_URL n'est pas défini : ouvrez ce chemin sur l'adresse HTTP_ADDR du bot.)",
		NL: "(PUBLIC_URL is niet ingesteld: open dit pad op het HTTP_ADDR-adres van de bot.)",
		EN: "(PUBLIC_URL is not set: open this path on the bot's HTTP_ADDR address.)",
	},
	"admin.web_button": {FR: "Ouvrir le tableau de bord", NL: "Dashboard openen", EN: "Open the dashboard"},
	"admin.web_off": {
		FR: "Sessions du tableau de bord fermées : %d. Les liens non utilisés ne servent plus.",
		NL: "Dashboardsessies gesloten: %d. Ongebruikte links werken niet meer.",
		EN: "Dashboard sessions closed: %d. Unused links no longer work.",
	},
}
