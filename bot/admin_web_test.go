package bot_test

import (
	"context"
	"crypto/sha256"
	"net/url"
	"strings"
	"testing"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/store"
)

// webLink returns the sign-in link in a reply to `/admin web`.
func webLink(t *testing.T, resp *bot.Response) string {
	t.Helper()
	for _, f := range strings.Fields(bottest.Texts(resp)) {
		if strings.Contains(f, bot.WebLoginPath+"?t=") {
			return f
		}
	}
	t.Fatalf("no sign-in link in %q", bottest.Texts(resp))
	return ""
}

// TestAdminWebGivesAOneTimeLinkStoredAsAHash: `/admin web` answers an
// organiser, privately, with a link under PUBLIC_URL whose token is stored
// only as its hash, for that organiser, and audited without the token; the
// link opens one session, once; `/admin web off` closes the sessions.
func TestAdminWebGivesAOneTimeLinkStoredAsAHash(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, &bottest.Options{Configure: func(c *bot.Config) { c.PublicURL = "https://prix.example.org/" }})
	ctx := context.Background()
	resp := h.Send(bottest.Text(organiser, "/admin web"))
	link := webLink(t, resp)
	if !strings.HasPrefix(link, "https://prix.example.org/admin/login?t=") {
		t.Fatalf("link %q is not under PUBLIC_URL", link)
	}
	if !resp.Messages[0].Ephemeral || len(bottest.Buttons(resp)) != 1 || bottest.Buttons(resp)[0].URL != link {
		t.Errorf("the link is not private with a button that opens it: %+v", resp.Messages[0])
	}
	u, _ := url.Parse(link)
	token := u.Query().Get("t")
	var stored struct {
		Hash     []byte `db:"token_hash"`
		Platform string `db:"platform"`
		ID       string `db:"platform_user_id"`
	}
	if err := h.Store.DB().Get(&stored, `SELECT token_hash, platform, platform_user_id FROM web_login_tokens`); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(token))
	if string(stored.Hash) != string(sum[:]) || stored.Platform != "telegram" || stored.ID != organiser {
		t.Errorf("stored %+v, want the token's hash for telegram:%s", stored, organiser)
	}
	var audited int
	if err := h.Store.DB().Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'web link'
		AND actor_platform = 'telegram' AND actor_id = $1 AND position($2 in coalesce(target, '') || coalesce(after::text, '')) = 0`, organiser, token); err != nil || audited != 1 {
		t.Errorf("audit rows of the link without its token: %d, %v", audited, err)
	}

	session, ws, err := h.Store.OpenWebSession(ctx, h.Edition.ID, token, h.Now())
	if err != nil || ws.Organiser != (store.Actor{Platform: "telegram", ID: organiser}) {
		t.Fatalf("OpenWebSession: %+v, %v", ws, err)
	}
	if _, _, err := h.Store.OpenWebSession(ctx, h.Edition.ID, token, h.Now()); err == nil {
		t.Error("the link opened a second session")
	}
	if _, err := h.Store.WebSessionOf(ctx, session, h.Now()); err != nil {
		t.Fatalf("the session is not open: %v", err)
	}
	// The dashboard's own Events act as the organiser they signed in as.
	web := bot.Event{Platform: bot.Web, UserID: "telegram:" + organiser, ChatID: "telegram:" + organiser, Text: "/admin web off"}
	if got := bottest.Texts(h.Send(web)); !strings.Contains(got, "1") || strings.Contains(got, bot.ErrorMark) {
		t.Errorf("web off: %q", got)
	}
	if _, err := h.Store.WebSessionOf(ctx, session, h.Now()); err == nil {
		t.Error("the session is still open after web off")
	}
	var actor string
	if err := h.Store.DB().Get(&actor, `SELECT actor_platform || ':' || actor_id FROM audit_log WHERE action = 'web off'`); err != nil || actor != "web:telegram:"+organiser {
		t.Errorf("web off audited as %q (%v)", actor, err)
	}
}

// TestAdminWebRefusesNonOrganisersAndForgedWebIdentities: `/admin web` from
// a stranger, directly or as a dashboard Event naming a non-organiser, is
// refused and gives no link.
func TestAdminWebRefusesNonOrganisersAndForgedWebIdentities(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	for _, ev := range []bot.Event{
		bottest.Text("666", "/admin web"),
		{Platform: bot.Web, UserID: "telegram:666", ChatID: "x", Text: "/admin web"},
		{Platform: bot.Web, UserID: organiser, ChatID: "x", Text: "/admin web"},
	} {
		got := bottest.Texts(h.Send(ev))
		if got != bot.T(bot.FR, "error.forbidden")+"\n" {
			t.Errorf("%s %s: %q", ev.Platform, ev.UserID, got)
		}
	}
	var n int
	if err := h.Store.DB().Get(&n, `SELECT count(*) FROM web_login_tokens`); err != nil || n != 0 {
		t.Errorf("%d links stored (%v)", n, err)
	}
	if got := bottest.Texts(h.Send(bottest.Text(organiser, "/admin web please"))); !strings.HasPrefix(got, bot.ErrorMark) {
		t.Errorf("a wrong argument: %q", got)
	}
}
