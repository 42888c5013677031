package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/bot/report"
	"prixbot/store"
	"prixbot/web"
)

// organiserID is the organiser the dashboard tests sign in as.
const organiserID = "42"

// newDashboard is the site with its dashboard: organiser telegram:42 is
// configured, and links are under publicURL (https).
func newDashboard(t *testing.T, opts *bottest.Options) *site {
	t.Helper()
	if opts == nil {
		opts = &bottest.Options{}
	}
	opts.Admins = append(opts.Admins, "telegram:"+organiserID)
	opts.Configure = func(c *bot.Config) { c.PublicURL = publicURL }
	h := bottest.New(t, opts)
	u, _ := url.Parse(publicURL)
	srv := web.New(web.Config{Store: h.Store, PublicURL: u, TelegramBot: "prix_test_bot", NowFunc: h.Now,
		Log: slog.New(slog.DiscardHandler), Bot: h.Bot})
	return &site{Harness: h, srv: srv, http: srv.Handler()}
}

// request sends a request with the session cookie (none when nil), a form
// for a POST, and extra headers as "Name: value".
func (s *site) request(t *testing.T, method, path string, cookie *http.Cookie, form url.Values, headers ...string) *http.Response {
	t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	req.Header.Set("Accept-Language", "en")
	if cookie != nil {
		req.AddCookie(cookie)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	s.http.ServeHTTP(rec, req)
	return rec.Result()
}

// link asks the bot for a sign-in link as user (platform:id) and returns
// its path and token.
func (s *site) link(t *testing.T, platform, id string) (path, token string) {
	t.Helper()
	resp := s.Send(bot.Event{Platform: platform, UserID: id, ChatID: id, Text: "/admin web"})
	m := regexp.MustCompile(regexp.QuoteMeta(publicURL) + `(/admin/login\?t=([A-Za-z0-9_-]+))`).FindStringSubmatch(bottest.Texts(resp))
	if m == nil {
		t.Fatalf("no sign-in link in %q", bottest.Texts(resp))
	}
	return m[1], m[2]
}

// signIn signs organiser platform:id in and returns the session cookie.
func (s *site) signIn(t *testing.T, platform, id string) *http.Cookie {
	t.Helper()
	_, token := s.link(t, platform, id)
	resp := s.request(t, "POST", "/admin/login", nil, url.Values{"t": {token}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin" {
		t.Fatalf("sign-in: %d %q\n%s", resp.StatusCode, resp.Header.Get("Location"), body(t, resp))
	}
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-prixbot_admin" {
			return c
		}
	}
	t.Fatalf("sign-in set no session cookie: %v", resp.Header["Set-Cookie"])
	return nil
}

// csrfOf returns the form token of a dashboard page.
func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form token in the page:\n%s", page)
	}
	return m[1]
}

// dashboard gets /admin as the cookie's organiser and fails unless it is
// the dashboard.
func (s *site) dashboard(t *testing.T, cookie *http.Cookie) string {
	t.Helper()
	resp := s.request(t, "GET", "/admin", cookie, nil)
	b := body(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(b, "Signed in as web:") {
		t.Fatalf("GET /admin: %d, not the dashboard:\n%s", resp.StatusCode, b)
	}
	return b
}

func signedOut(t *testing.T, s *site, cookie *http.Cookie, what string) {
	t.Helper()
	resp := s.request(t, "GET", "/admin", cookie, nil)
	if b := body(t, resp); strings.Contains(b, "Signed in as") || !strings.Contains(b, "To sign in, type /admin web") {
		t.Errorf("%s: still signed in, or no explanation:\n%s", what, b)
	}
}

func TestSignInWithAOneTimeLinkOpensAStrictSessionCookie(t *testing.T) {
	t.Parallel()
	s := newDashboard(t, nil)
	signedOut(t, s, nil, "a visitor without a session")
	path, token := s.link(t, bot.Telegram, organiserID)
	// Opening the link (or a chat's preview of it) only shows the button.
	for range 2 {
		b := s.page(t, path, "en", http.StatusOK)
		mustContain(t, "link page", b, `<form method="post" action="/admin/login"`, `name="t" value="`+token+`"`, "Sign in</button>")
	}
	resp := s.request(t, "POST", "/admin/login", nil, url.Values{"t": {token}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 {
		t.Fatalf("cookies %v", resp.Header["Set-Cookie"])
	}
	c := cookies[0]
	if c.Name != "__Host-prixbot_admin" || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode || c.Path != "/" ||
		c.MaxAge != 8*3600 || len(c.Value) < 40 {
		t.Errorf("session cookie %+v", c)
	}
	var stored int
	if err := s.Store.DB().Get(&stored, `SELECT count(*) FROM web_sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, c.Value); err != nil || stored != 1 {
		t.Errorf("the session is not stored as the hash of its cookie: %d %v", stored, err)
	}
	b := s.dashboard(t, c)
	mustContain(t, "dashboard", b, `<html lang="en">`, "Signed in as web:telegram:42.", `<meta name="robots" content="noindex, nofollow">`,
		`<a href="/admin?refresh=off">Stop reloading</a>`)
	if h := s.request(t, "GET", "/admin", c, nil).Header; h.Get("Cache-Control") != "no-store" || h.Get("Refresh") != "30" {
		t.Errorf("Cache-Control %q, Refresh %q", h.Get("Cache-Control"), h.Get("Refresh"))
	}
	paused := s.request(t, "GET", "/admin?refresh=off", c, nil)
	if b := body(t, paused); paused.Header.Get("Refresh") != "" || !strings.Contains(b, `Automatic reloading is stopped. <a href="/admin">Resume it</a>`) {
		t.Errorf("paused: Refresh %q", paused.Header.Get("Refresh"))
	}

	// The link worked once.
	resp = s.request(t, "POST", "/admin/login", nil, url.Values{"t": {token}})
	if b := body(t, resp); resp.StatusCode != http.StatusForbidden || len(resp.Cookies()) != 0 || !strings.Contains(b, "already used or has expired") {
		t.Errorf("the link worked twice: %d %v", resp.StatusCode, resp.Cookies())
	}
	// A link expires after 10 minutes.
	_, late := s.link(t, bot.Telegram, organiserID)
	s.Advance(10*time.Minute + time.Second)
	if resp := s.request(t, "POST", "/admin/login", nil, url.Values{"t": {late}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a link of 10 minutes ago: %d", resp.StatusCode)
	}
	// The session ends after 8 hours.
	s.dashboard(t, c)
	s.Advance(8*time.Hour - 10*time.Minute)
	signedOut(t, s, c, "after 8 hours")
	// A made-up cookie opens nothing.
	signedOut(t, s, &http.Cookie{Name: "__Host-prixbot_admin", Value: token}, "a link's token as a cookie")
}

func TestSignOutAndWebOffCloseSessions(t *testing.T) {
	t.Parallel()
	s := newDashboard(t, nil)
	phone, laptop := s.signIn(t, bot.Telegram, organiserID), s.signIn(t, bot.Telegram, organiserID)
	csrf := csrfOf(t, s.dashboard(t, phone))
	resp := s.request(t, "POST", "/admin/logout", phone, url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", resp.StatusCode)
	}
	signedOut(t, s, phone, "after signing out")
	s.dashboard(t, laptop)
	// `/admin web off` in a chat closes the other sessions.
	if got := bottest.Texts(s.Send(bottest.Text(organiserID, "/admin web off"))); !strings.Contains(got, "1") {
		t.Errorf("web off: %q", got)
	}
	signedOut(t, s, laptop, "after web off")
	var actions []string
	if err := s.Store.DB().Select(&actions, `SELECT actor_platform || ':' || actor_id || ' ' || action FROM audit_log
		WHERE action LIKE 'web%' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	want := "telegram:42 web link|web:telegram:42 web sign-in|telegram:42 web link|web:telegram:42 web sign-in|web:telegram:42 web sign-out|telegram:42 web off"
	if got := strings.Join(actions, "|"); got != want {
		t.Errorf("audit\n%s\nwant\n%s", got, want)
	}
}

// TestRemovingAnOrganiserEndsTheirSessions: an organiser listed in the
// database loses their session when the row goes; one configured by
// ADMIN_* loses it when the bot runs without them.
func TestRemovingAnOrganiserEndsTheirSessions(t *testing.T) {
	t.Parallel()
	s := newDashboard(t, nil)
	if _, err := s.Store.DB().Exec(`INSERT INTO organisers (platform, platform_user_id) VALUES ('slack', 'U0ORG')`); err != nil {
		t.Fatal(err)
	}
	listed := s.signIn(t, bot.Slack, "U0ORG")
	s.dashboard(t, listed)
	if _, err := s.Store.DB().Exec(`DELETE FROM organisers`); err != nil {
		t.Fatal(err)
	}
	signedOut(t, s, listed, "a listed organiser removed")

	configured := s.signIn(t, bot.Telegram, organiserID)
	s.dashboard(t, configured)
	other := bottest.New(t, &bottest.Options{Store: s.Store}) // the bot restarted without ADMIN_TELEGRAM_IDS=42
	u, _ := url.Parse(publicURL)
	restarted := web.New(web.Config{Store: s.Store, PublicURL: u, NowFunc: s.Now, Log: slog.New(slog.DiscardHandler), Bot: other.Bot})
	signedOut(t, &site{Harness: s.Harness, srv: restarted, http: restarted.Handler()}, configured, "a configured organiser removed")

	// Strangers get no link at all.
	if got := bottest.Texts(s.Send(bottest.Text("666", "/admin web"))); strings.Contains(got, "/admin/login") {
		t.Errorf("a stranger got a link: %q", got)
	}
}

// seedJury gives Juror A a submitted sheet, a draft and a conflict.
func seedJury(t *testing.T, s *site) {
	t.Helper()
	_, err := s.Store.DB().Exec(`WITH a AS (SELECT id FROM jurors WHERE contest_id = $1 AND name = 'Juror A')
		INSERT INTO jury_sheets (contest_id, juror_id, project_id, submitted_at, conflict)
		SELECT $1, a.id, p, CASE WHEN p = 'alpha-jardin' THEN now() END, p = 'repair-cafe-mobile' FROM a,
			unnest(ARRAY['alpha-jardin', 'ecole-des-devoirs-volante', 'repair-cafe-mobile']) AS p`, s.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.DB().Exec(`INSERT INTO scores (juror_id, project_id, criterion, score)
		SELECT id, 'ecole-des-devoirs-volante', 'collectif', 2 FROM jurors WHERE contest_id = $1 AND name = 'Juror A'`, s.Edition.ID); err != nil {
		t.Fatal(err)
	}
}

func TestOverviewShowsFiguresTalliesJuryGridSignalsAuditAndExports(t *testing.T) {
	t.Parallel()
	s := newDashboard(t, nil)
	for i := range 6 {
		vote(t, s, i, "alpha-jardin")
	}
	vote(t, s, 6, "repair-cafe-mobile")
	voided := vote(t, s, 7, "repair-cafe-mobile")
	if _, err := s.Store.DB().Exec(`UPDATE votes SET voided_at = now(), void_reason = 'test' WHERE receipt = $1`, voided); err != nil {
		t.Fatal(err)
	}
	// Five voters from one block of numbers: a fraud signal.
	if _, err := s.Store.DB().Exec(`UPDATE voters SET prefix_hash = 'block' WHERE id IN (
		SELECT voter_id FROM votes WHERE project_id = 'alpha-jardin' ORDER BY id LIMIT 5)`); err != nil {
		t.Fatal(err)
	}
	seedJury(t, s)
	c := s.signIn(t, bot.Telegram, organiserID)
	b := s.dashboard(t, c)
	mustContain(t, "overview", b,
		"Current phase: public vote",
		"<dt>Voters</dt><dd>8</dd>", "<dt>Counted votes</dt><dd>7</dd>", "<dt>Voided votes</dt><dd>1</dd>",
		"<dt>Subscribers</dt><dd>0</dd>", "<dt>Messages waiting</dt>", "<dt>Messages given up</dt><dd>0</dd>",
		`<img class="chart" src="/admin/votes.png?lang=en" alt="Line chart of the counted votes per period, one line per platform (Telegram)`,
		"Live tally (hidden from the public until the announcement)",
		`Alpha au jardin <span class="id">alpha-jardin</span></th><td class="num">6</td><td class="num">0</td>`,
		`<span class="id">repair-cafe-mobile</span></th><td class="num">1</td><td class="num">1</td>`,
		`<th scope="row">Juror A <em>(not enrolled yet)</em></th><td class="num">1 / `,
		`<td class="cell scored"><span aria-hidden="true">✓</span><span class="visually-hidden">submitted</span></td>`,
		`<td class="cell draft"><span aria-hidden="true">✎</span><span class="visually-hidden">draft</span></td>`,
		`<td class="cell conflict"><span aria-hidden="true">⊘</span><span class="visually-hidden">conflict of interest</span></td>`,
		`<td class="cell todo">`,
		`<input type="hidden" name="command" value="remind jurors">`, "Remind the 2 jurors with sheets left",
		`value="void `, ` prefix_block">`, "Void these 5 votes",
		"web sign-in", `<a href="/admin/audit">`,
		`<a href="/admin/export/votes.csv" download>CSV</a>`, `<a href="/admin/export/audit.json" download>JSON</a>`,
	)
	mustNotContain(t, "overview before the announcement", b, "/admin/export/receipts")
	// The chart is a PNG.
	resp := s.request(t, "GET", "/admin/votes.png?lang=en", c, nil)
	if png := body(t, resp); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(png, "\x89PNG") {
		t.Errorf("chart: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Every dashboard address wants a session.
	for _, path := range []string{"/admin", "/admin/audit", "/admin/votes.png", "/admin/export/votes.csv"} {
		resp := s.request(t, "GET", path, nil, nil)
		if b := body(t, resp); strings.Contains(b, "alpha-jardin") || strings.Contains(b, "PNG") || strings.Contains(b, "cast_at") {
			t.Errorf("%s without a session shows data:\n%s", path, b)
		}
	}
}

func TestExportsAreTheCLIsBytes(t *testing.T) {
	t.Parallel()
	s := newDashboard(t, nil)
	vote(t, s, 1, "alpha-jardin")
	c := s.signIn(t, bot.Telegram, organiserID)
	for _, kind := range []string{"votes", "scores", "results", "audit"} {
		for _, format := range []string{"csv", "json"} {
			resp := s.request(t, "GET", "/admin/export/"+kind+"."+format, c, nil)
			got := body(t, resp)
			var want strings.Builder
			if err := report.Export(context.Background(), s.Store, kind, format, &want); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusOK || got != want.String() {
				t.Errorf("%s.%s: %d, %q, want %q", kind, format, resp.StatusCode, got, want.String())
			}
			if cd := resp.Header.Get("Content-Disposition"); cd != "attachment; filename=prix-2026-"+kind+"."+format {
				t.Errorf("%s.%s: Content-Disposition %q", kind, format, cd)
			}
		}
	}
	if rows, err := csv.NewReader(strings.NewReader(body(t, s.request(t, "GET", "/admin/export/votes.csv", c, nil)))).ReadAll(); err != nil || len(rows) != 2 {
		t.Errorf("votes.csv: %v %v", rows, err)
	}
	for path, status := range map[string]int{"/admin/export/receipts.csv": http.StatusConflict, "/admin/export/voters.csv": http.StatusNotFound,
		"/admin/export/votes.xml": http.StatusNotFound} {
		if resp := s.request(t, "GET", path, c, nil); resp.StatusCode != status {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, status)
		}
	}
}

// confirmation returns the Confirm and Cancel data of a result page.
func confirmation(t *testing.T, page string) (yes, no string) {
	t.Helper()
	for _, m := range regexp.MustCompile(`name="data" value="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		switch {
		case strings.HasPrefix(m[1], "a:y:"):
			yes = m[1]
		case strings.HasPrefix(m[1], "a:n:"):
			no = m[1]
		}
	}
	if yes == "" || no == "" {
		t.Fatalf("no confirmation in the page:\n%s", page)
	}
	return yes, no
}

func TestVoidGoesThroughTheAdminCommandWithItsConfirmationAndAudit(t *testing.T) {
	t.Parallel()
	s := newDashboard(t, nil)
	receipt := vote(t, s, 1, "alpha-jardin")
	var id int64
	if err := s.Store.DB().Get(&id, `SELECT id FROM votes WHERE receipt = $1`, receipt); err != nil {
		t.Fatal(err)
	}
	c := s.signIn(t, bot.Telegram, organiserID)
	csrf := csrfOf(t, s.dashboard(t, c))
	command := url.Values{"csrf": {csrf}, "command": {fmt.Sprintf("void %d duplicate account", id)}}
	resp := s.request(t, "POST", "/admin/command", c, command)
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("void: %d\n%s", resp.StatusCode, page)
	}
	// The same plan as in a chat, then the confirmation's two buttons.
	chat := s.Send(bottest.Lang(bottest.Text(organiserID, fmt.Sprintf("/admin void %d duplicate account", id)), "en"))
	plan := strings.Split(chat.Messages[0].Text, "\n")[0]
	mustContain(t, "confirmation page", html.UnescapeString(page), plan, "Do you confirm?", ">Confirm</button>", ">Cancel</button>")
	yes, no := confirmation(t, page)
	if s.Votes() != 1 {
		t.Fatal("the vote was voided before the confirmation")
	}
	// Cancel, then ask again and confirm.
	mustContain(t, "cancel", body(t, s.request(t, "POST", "/admin/press", c, url.Values{"csrf": {csrf}, "data": {no}})), "Cancelled: nothing changed.")
	if s.Votes() != 1 {
		t.Fatal("cancelling voided the vote")
	}
	yes, _ = confirmation(t, body(t, s.request(t, "POST", "/admin/command", c, command)))
	done := body(t, s.request(t, "POST", "/admin/press", c, url.Values{"csrf": {csrf}, "data": {yes}}))
	mustContain(t, "confirmed", done, "1 vote", "restore")
	if s.Votes() != 0 {
		t.Fatal("the vote still counts")
	}
	var actor string
	if err := s.Store.DB().Get(&actor, `SELECT actor_platform || ':' || actor_id FROM audit_log WHERE action = 'void'`); err != nil || actor != "web:telegram:42" {
		t.Errorf("void audited as %q (%v)", actor, err)
	}
	audit := body(t, s.request(t, "GET", "/admin/audit?action=void", c, nil))
	mustContain(t, "audit page", audit, "<td>web:telegram:42</td><td>void</td>")
	mustNotContain(t, "audit filtered on void", audit, "<td>web sign-in</td>")
	// The same confirmation pressed again does nothing more.
	again := body(t, s.request(t, "POST", "/admin/press", c, url.Values{"csrf": {csrf}, "data": {yes}}))
	mustContain(t, "stale press", again, "already used or has expired")
	// A refused command says why, as in a chat.
	refused := body(t, s.request(t, "POST", "/admin/command", c, url.Values{"csrf": {csrf}, "command": {"void 999999 x"}}))
	mustContain(t, "refusal", refused, `class="answer problem" role="alert"`)
	mustNotContain(t, "refusal", refused, "a:y:")
}

func TestPostsWithoutTheSessionsTokenOrFromElsewhereAreRefused(t *testing.T) {
	t.Parallel()
	s := newDashboard(t, nil)
	receipt := vote(t, s, 1, "alpha-jardin")
	c := s.signIn(t, bot.Telegram, organiserID)
	csrf := csrfOf(t, s.dashboard(t, c))
	other := csrfOf(t, s.dashboard(t, s.signIn(t, bot.Telegram, organiserID)))
	cmd := "void " + receipt + " fraud"
	cases := map[string]struct {
		cookie  *http.Cookie
		form    url.Values
		headers []string
	}{
		"no token":                {c, url.Values{"command": {cmd}}, nil},
		"another session's token": {c, url.Values{"command": {cmd}, "csrf": {other}}, nil},
		"no session":              {nil, url.Values{"command": {cmd}, "csrf": {csrf}}, nil},
		"cross-site":              {c, url.Values{"command": {cmd}, "csrf": {csrf}}, []string{"Sec-Fetch-Site: cross-site"}},
		"other origin":            {c, url.Values{"command": {cmd}, "csrf": {csrf}}, []string{"Origin: https://evil.example"}},
	}
	for name, tc := range cases {
		for _, path := range []string{"/admin/command", "/admin/logout", "/admin/press"} {
			form := url.Values{}
			for k, v := range tc.form {
				form[k] = v
			}
			if path == "/admin/press" {
				form.Set("data", "a:y:0123456789abcdef")
			}
			resp := s.request(t, "POST", path, tc.cookie, form, tc.headers...)
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s: %d, want 403", name, path, resp.StatusCode)
			}
		}
	}
	var pending int
	if err := s.Store.DB().Get(&pending, `SELECT count(*) FROM admin_confirmations`); err != nil || pending != 0 {
		t.Errorf("%d confirmations asked (%v)", pending, err)
	}
	s.dashboard(t, c) // not signed out
	// The same POST with the token is accepted.
	if resp := s.request(t, "POST", "/admin/command", c, url.Values{"command": {cmd}, "csrf": {csrf}}); resp.StatusCode != http.StatusOK {
		t.Errorf("with the token: %d", resp.StatusCode)
	}
}

func TestAuditLogIsPagedAndFiltered(t *testing.T) {
	t.Parallel()
	s := newDashboard(t, nil)
	for i := range 60 {
		if err := s.Store.InTx(context.Background(), func(tx *store.Tx) error {
			return tx.Audit(context.Background(), s.Edition.ID, store.Actor{Platform: "cli", ID: "ops"}, fmt.Sprintf("test %d", i), "", nil, nil)
		}); err != nil {
			t.Fatal(err)
		}
	}
	c := s.signIn(t, bot.Telegram, organiserID)
	first := body(t, s.request(t, "GET", "/admin/audit?actor=cli", c, nil))
	mustContain(t, "first page", first, "<td>test 59</td>", "<td>test 10</td>", `rel="next"`)
	mustNotContain(t, "first page", first, "<td>test 9</td>", "web sign-in")
	next := regexp.MustCompile(`href="(/admin/audit\?[^"]+)" rel="next"`).FindStringSubmatch(first)
	second := body(t, s.request(t, "GET", html.UnescapeString(next[1]), c, nil))
	mustContain(t, "second page", second, "<td>test 9</td>", "<td>test 0</td>", `value="cli"`)
	mustNotContain(t, "second page", second, "<td>test 10</td>", `rel="next"`)
	one := body(t, s.request(t, "GET", "/admin/audit?action=test+42", c, nil))
	if n := strings.Count(one, "<td>test 42</td>"); n != 1 || strings.Contains(one, "<td>test 41</td>") {
		t.Errorf("filtered on test 42: %d rows\n%s", n, one)
	}
}

// TestOverviewListsTheFirstSignalsAndSaysHowManyMore: beyond 12 fraud
// signals, the overview lists the first 12 and names the rest's number.
func TestOverviewListsTheFirstSignalsAndSaysHowManyMore(t *testing.T) {
	t.Parallel()
	s := newDashboard(t, nil)
	for i := range 14 {
		vote(t, s, i, "alpha-jardin")
	}
	// Each voter a block of numbers of their own: with blocks of one
	// voter suspicious, 14 signals of blocks.
	if _, err := s.Store.DB().Exec(`UPDATE voters SET prefix_hash = sha256(phone_hash)`); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(publicURL)
	srv := web.New(web.Config{Store: s.Store, PublicURL: u, NowFunc: s.Now, Log: slog.New(slog.DiscardHandler), Bot: s.Bot,
		Fraud: store.FraudThresholds{PrefixVoters: 1}})
	strict := &site{Harness: s.Harness, srv: srv, http: srv.Handler()}
	b := strict.dashboard(t, s.signIn(t, bot.Telegram, organiserID))
	// 14 blocks, and the 14 votes are from new accounts: 15 signals.
	signals := b[strings.Index(b, `id="signals"`):strings.Index(b, `id="tally"`)]
	if n := strings.Count(signals, "<li><p>"); n != 12 {
		t.Errorf("%d signals listed, want 12\n%s", n, signals)
	}
	mustContain(t, "overview", signals, "And 3 more signals: run the command &#34;suspicious&#34; below for the whole list.")
}
