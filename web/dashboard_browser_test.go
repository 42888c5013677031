package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/bot/console"
	"prixbot/web"
)

// newLiveDashboard is the site with its dashboard on a real HTTP server
// whose address is PUBLIC_URL (http, as without a proxy in front), with
// the console user "me" as an organiser.
func newLiveDashboard(t *testing.T) *liveSite {
	t.Helper()
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	h := bottest.New(t, &bottest.Options{Admins: []string{"console:me"}, Configure: func(c *bot.Config) { c.PublicURL = srv.URL }})
	u, _ := url.Parse(srv.URL)
	pages := web.New(web.Config{Store: h.Store, PublicURL: u, TelegramBot: "prix_test_bot", NowFunc: h.Now,
		Log: slog.New(slog.DiscardHandler), Bot: h.Bot})
	handler = pages.Handler()
	return &liveSite{site: &site{Harness: h, srv: pages, http: handler}, url: srv.URL}
}

// consoleLink types `/admin web` in the console adapter and returns the
// link it prints.
func consoleLink(t *testing.T, s *liveSite) string {
	t.Helper()
	var out bytes.Buffer
	c := console.New(console.Config{In: strings.NewReader("/admin web\n"), Out: &out, LangHint: "en"}, s.Bot)
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(regexp.QuoteMeta(s.url) + `/admin/login\?t=[A-Za-z0-9_-]+`).FindString(out.String())
	if link == "" {
		t.Fatalf("the console printed no sign-in link:\n%s", out.String())
	}
	return link
}

// TestBrowserOrganiserSignsInSeesTheJuryAndVoidsAVote: an organiser signs
// in through the link the console adapter gives, sees the jury grid, voids
// the votes of a fraud signal after the confirmation, and finds the audit
// row; the dashboard's pages pass axe. A form posted from another site,
// without the session's token, is refused and changes nothing.
func TestBrowserOrganiserSignsInSeesTheJuryAndVoidsAVote(t *testing.T) {
	ctx := tab(t)
	s := newLiveDashboard(t)
	projects := []string{"alpha-jardin", "repair-cafe-mobile", "theatre-forum-quartier", "ecole-des-devoirs-volante"}
	for i := range 40 {
		vote(t, s.site, i, projects[[]int{0, 0, 0, 0, 1, 1, 1, 2, 2, 3}[i%10]])
	}
	// Votes over a week, on three platforms, and five voters from one
	// block of numbers (a fraud signal).
	if _, err := s.Store.DB().Exec(`UPDATE votes SET cast_at = cast_at - (id * 3 % 7) * interval '1 day' - (id % 4) * interval '1 hour',
		platform = (ARRAY['telegram', 'telegram', 'slack', 'telegram', 'console'])[id % 5 + 1]`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.DB().Exec(`UPDATE voters SET prefix_hash = 'block' WHERE id IN (SELECT voter_id FROM votes ORDER BY id LIMIT 5)`); err != nil {
		t.Fatal(err)
	}
	seedJury(t, s.site)
	link := consoleLink(t, s)

	do(t, ctx, acceptLanguage("en-GB,en;q=0.9"), chromedp.EmulateViewport(1280, 2200),
		chromedp.Navigate(link), chromedp.WaitVisible(`form[action="/admin/login"] button`))
	axeCheck(t, ctx, "sign-in page")
	do(t, ctx, chromedp.Click(`form[action="/admin/login"] button`), chromedp.WaitVisible("table.grid"),
		chromedp.Poll[chromedp.Void](`document.querySelector("img.chart").naturalWidth > 300`))
	grid := run(t, ctx, chromedp.Text("table.grid"))
	for _, want := range []string{"Juror A", "Juror B", "1 / ", "submitted", "draft", "conflict of interest", "to do"} {
		if !strings.Contains(grid, want) {
			t.Errorf("the jury grid lacks %q:\n%s", want, grid)
		}
	}
	shoot(t, ctx, "dashboard")
	axeCheck(t, ctx, "dashboard")

	// A page of another site posts a void without the token.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><title>Win</title><form method="post" action="` + s.url + `/admin/command">` +
			`<input type="hidden" name="command" value="void 1,2,3,4,5,6,7,8 evil"><button id="go">Win a prize</button></form>`))
	}))
	t.Cleanup(evil.Close)
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1) // another site, not only another origin
	do(t, ctx, chromedp.Navigate(evilURL), chromedp.WaitVisible("#go"))
	do(t, ctx, chromedp.Click("#go"))
	answer := afterNavigation(t, ctx, `location.pathname === "/admin/command" ? document.body.innerText : ""`)
	if !strings.Contains(answer, "cross-origin request") || strings.Contains(answer, "Do you confirm") {
		t.Errorf("the cross-site post was not refused: %q", answer)
	}
	var asked int
	if err := s.Store.DB().Get(&asked, `SELECT count(*) FROM admin_confirmations`); err != nil || asked != 0 || s.Votes() != 40 {
		t.Errorf("the cross-site post changed something: %d confirmations, %d votes (%v)", asked, s.Votes(), err)
	}

	// Void the signal's votes: the plan, then the confirmation.
	do(t, ctx, chromedp.Navigate(s.url+"/admin"), chromedp.WaitVisible(".signals button"), chromedp.Click(".signals button"),
		chromedp.WaitVisible(`form[action="/admin/press"] button.primary`))
	plan := run(t, ctx, chromedp.Text("#answer"))
	if !strings.Contains(plan, "Do you confirm?") || !strings.Contains(plan, "prefix_block") || s.Votes() != 40 {
		t.Errorf("the confirmation says %q (%d votes counted)", plan, s.Votes())
	}
	shoot(t, ctx, "dashboard-confirm")
	axeCheck(t, ctx, "confirmation")
	do(t, ctx, chromedp.Click(`form[action="/admin/press"] button.primary`))
	done := afterNavigation(t, ctx, `document.querySelector('form[action="/admin/press"]') ? "" : document.querySelector("#answer").innerText`)
	if !strings.Contains(done, "5 votes") {
		t.Errorf("after the confirmation: %q", done)
	}
	if s.Votes() != 35 {
		t.Errorf("%d votes still count, want 35", s.Votes())
	}
	do(t, ctx, chromedp.Navigate(s.url+"/admin/audit?action=void"), chromedp.WaitVisible("table.audit"))
	row := run(t, ctx, chromedp.Text("table.audit tbody tr"))
	if !strings.Contains(row, "web:console:me") || !strings.Contains(row, "void") {
		t.Errorf("the audit log's newest void row: %q", row)
	}
	shoot(t, ctx, "dashboard-audit")
	axeCheck(t, ctx, "audit log")
}

// afterNavigation waits until a click's navigation has loaded a page on
// which js (a JavaScript expression) gives a text, and returns that text.
// The page changes under the browser: a read may fail until it has.
func afterNavigation(t *testing.T, ctx context.Context, js string) string {
	t.Helper()
	var text string
	var err error
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); {
		text, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? (`+js+`) : ""`))
		if err == nil && text != "" {
			return text
		}
		do(t, ctx, chromedp.Sleep(50*time.Millisecond))
	}
	t.Fatalf("no page after the navigation: %q (%v)", text, err)
	return ""
}
