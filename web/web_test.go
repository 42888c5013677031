package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"prixbot/bot/bottest"
	"prixbot/bot/report"
	"prixbot/contest"
	"prixbot/store"
	"prixbot/store/storetest"
	"prixbot/web"
)

// TestMain stops the throw-away PostgreSQL cluster and the browser, if the
// tests started them.
func TestMain(m *testing.M) {
	storetest.Main(m)
	stopBrowser()
}

// site is the public pages over the sample contest, on a settable clock.
type site struct {
	*bottest.Harness
	srv  *web.Server
	http http.Handler
}

const publicURL = "https://prix.example.org"

func newSite(t *testing.T, opts *bottest.Options) *site {
	t.Helper()
	h := bottest.New(t, opts)
	u, _ := url.Parse(publicURL)
	srv := web.New(web.Config{Store: h.Store, PublicURL: u, TelegramBot: "prix_test_bot", SlackCommand: "/prix",
		NowFunc: h.Now, Log: slog.New(slog.DiscardHandler)})
	return &site{Harness: h, srv: srv, http: srv.Handler()}
}

// get requests path with an Accept-Language header (none when "") and
// extra headers as "Name: value".
func (s *site) get(t *testing.T, path, acceptLang string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if acceptLang != "" {
		req.Header.Set("Accept-Language", acceptLang)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Add(k, v)
	}
	rec := httptest.NewRecorder()
	s.http.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// page gets path and fails unless it answers status with HTML.
func (s *site) page(t *testing.T, path, acceptLang string, status int) string {
	t.Helper()
	resp := s.get(t, path, acceptLang)
	b := body(t, resp)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, resp.StatusCode, status, b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	return b
}

func mustContain(t *testing.T, what, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func mustNotContain(t *testing.T, what, s string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(s, w) {
			t.Errorf("%s shows %q", what, w)
		}
	}
}

func TestHomeShowsThePhaseTheTimeLeftAndTheShortlistBySector(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	end, _ := s.Edition.Contest.Calendar.Phase(contest.PhasePublicVote)
	s.SetNow(end.End.Add(-5*24*time.Hour - time.Hour))
	b := s.page(t, "/", "en-GB,en;q=0.9", http.StatusOK)
	mustContain(t, "home", b, `<html lang="en">`, "Current phase: public vote, until 20 December 2026 at 23:59 (5 days left).",
		"Prix de l&#39;Innovation sociale 2026")
	projects, err := s.Store.Projects(context.Background(), s.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := -1
	for _, sector := range s.Edition.Contest.Sectors {
		i := strings.Index(b, ">"+strings.ReplaceAll(sector, "'", "&#39;")+"</h3>")
		if i < last {
			t.Errorf("sector %q missing or out of order", sector)
		}
		last = i
	}
	for _, p := range projects {
		link := `href="/p/` + p.ID + `"`
		if p.Shortlisted != strings.Contains(b, link) {
			t.Errorf("project %s (shortlisted %v): link shown %v", p.ID, p.Shortlisted, !p.Shortlisted)
		}
	}
	// Dutch, and French for a language the contest does not speak.
	mustContain(t, "Dutch home", s.page(t, "/", "nl-BE,nl;q=0.9", http.StatusOK), `<html lang="nl">`, "Huidige fase: publieksstemming", "nog 5 dagen")
	mustContain(t, "German visitor's home", s.page(t, "/", "de-DE", http.StatusOK), `<html lang="fr">`, "Phase en cours : vote du public", "encore 5 jours")
}

func TestLanguageSwitchIsKeptInACookie(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	resp := s.get(t, "/?lang=nl", "en")
	b := body(t, resp)
	mustContain(t, "?lang=nl", b, `<html lang="nl">`, `href="?lang=en"`)
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "lang" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "nl" || !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("the choice is not kept in a lang cookie: %+v", resp.Cookies())
	}
	mustContain(t, "next page with the cookie", body(t, s.get(t, "/p/repair-cafe-mobile", "en", "Cookie: lang=nl")), `<html lang="nl">`, "Stemmen via Telegram")
	mustContain(t, "unknown ?lang=", body(t, s.get(t, "/?lang=de", "en")), `<html lang="en">`)
	if v := resp.Header.Get("Vary"); !strings.Contains(v, "Accept-Language") || !strings.Contains(v, "Cookie") {
		t.Errorf("Vary %q: caches would mix languages", v)
	}
}

func TestProjectPageHasTheCardTheWaysToVoteAndShareTags(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	b := s.page(t, "/p/ecole-des-devoirs-volante", "en", http.StatusOK)
	mustContain(t, "project page", b,
		"<h1>École des devoirs volante</h1>", "ASBL Cartables Ouverts", "Éducation et formation", "Des étudiants bénévoles",
		`href="https://example.org/projets/ecole-des-devoirs-volante"`,
		`href="https://t.me/prix_test_bot?start=p-ecole-des-devoirs-volante"`, "Vote on Telegram",
		"<code id=\"slack\">/prix vote ecole-des-devoirs-volante</code>",
		`<img src="/p/ecole-des-devoirs-volante/qr.png" alt="QR code of the link to vote for École des devoirs volante on Telegram"`,
		"The public vote is open until 20 December 2026 at 23:59.",
		// The image, and the placeholder the browser shows when it cannot load it.
		`<object data="https://example.org/img/ecole-des-devoirs-volante.jpg" role="img" aria-label="Picture of the project École des devoirs volante"><img src="/static/placeholder.svg" alt=""`,
		// Share tags, with absolute addresses.
		`<meta property="og:title" content="École des devoirs volante">`,
		`<meta property="og:url" content="https://prix.example.org/p/ecole-des-devoirs-volante">`,
		`<meta property="og:image" content="https://example.org/img/ecole-des-devoirs-volante.jpg">`,
		`<meta name="twitter:card" content="summary_large_image">`,
		`<link rel="canonical" href="https://prix.example.org/p/ecole-des-devoirs-volante">`)
	// A project without an image: the placeholder alone, a small card.
	b = s.page(t, "/p/alpha-jardin", "fr", http.StatusOK)
	mustContain(t, "project without image", b, `<img src="/static/placeholder.svg" alt=""`, `content="summary"`, "Voter sur Telegram")
	mustNotContain(t, "project without image", b, "<object", "og:image")
}

func TestPagesOfProjectsOffTheShortlistOrUnknownAre404InTheVisitorsLanguage(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	projects, _ := s.Store.Projects(context.Background(), s.Edition.ID)
	var off string
	for _, p := range projects {
		if !p.Shortlisted {
			off = p.ID
		}
	}
	if off == "" {
		t.Fatal("the sample has no project off the shortlist")
	}
	for _, path := range []string{"/p/" + off, "/p/no-such-project", "/p/no-such-project/qr.png", "/nothing/here", "/results/de/chart.png"} {
		mustContain(t, path, s.page(t, path, "nl", http.StatusNotFound), `<html lang="nl">`, "Pagina niet gevonden")
	}
	mustContain(t, "404 in English", s.page(t, "/p/nope", "en", http.StatusNotFound), "Page not found")
}

func TestProjectTextFromTheDatabaseIsEscaped(t *testing.T) {
	t.Parallel()
	csv := "id,name,organisation,sector,summary,url,image_url,shortlisted\n" +
		`evil,"<script>alert(1)</script>","<b>Org</b>",Santé,"a & b <img src=x onerror=alert(2)>","https://example.org/?a=""><script>alert(3)</script>","https://img.example.org/x.png"" onload=""alert(4)",true` + "\n"
	s := newSite(t, &bottest.Options{ProjectsCSV: []byte(csv)})
	b := s.page(t, "/p/evil", "en", http.StatusOK)
	mustNotContain(t, "page of a hostile project", b, "<script>alert", "<b>Org", "<img src=x", "<script>alert(3)", `" onload="alert`)
	mustContain(t, "page of a hostile project", b, "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;Org&lt;/b&gt;", "a &amp; b &lt;img")
	mustNotContain(t, "home with a hostile project", s.page(t, "/", "en", http.StatusOK), "<script>alert")
}

func TestSecurityHeadersOnEveryPage(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	for _, path := range []string{"/", "/p/ecole-des-devoirs-volante", "/p/ecole-des-devoirs-volante/qr.png", "/results", "/receipts", "/nope", "/static/style.css"} {
		resp := s.get(t, path, "fr")
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, d := range []string{"default-src 'none'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, d) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, d)
			}
		}
		if strings.Contains(csp, "unsafe-") || strings.Contains(csp, "script-src") {
			t.Errorf("%s: CSP %q allows scripts or inline code", path, csp)
		}
		if !strings.Contains(csp, "object-src https://example.org") && path != "/static/style.css" {
			t.Errorf("%s: CSP %q does not allow the projects' images (and only them) as objects", path, csp)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
			"Referrer-Policy": "strict-origin-when-cross-origin", "Strict-Transport-Security": "max-age=31536000"} {
			if h.Get(k) != v {
				t.Errorf("%s: %s %q, want %q", path, k, h.Get(k), v)
			}
		}
		if !strings.Contains(h.Get("Permissions-Policy"), "camera=()") {
			t.Errorf("%s: Permissions-Policy %q", path, h.Get("Permissions-Policy"))
		}
	}
}

// decodeQR reads the text of the QR code in a PNG.
func decodeQR(t *testing.T, b []byte) string {
	t.Helper()
	text, err := qrText(b)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// qrText reads the text of the QR code in a PNG.
func qrText(b []byte) (string, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return "", fmt.Errorf("not a PNG: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		return "", fmt.Errorf("no QR code found: %v", err)
	}
	return res.GetText(), nil
}

func TestQRCodeDecodesToTheDeepLink(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	resp := s.get(t, "/p/repair-cafe-mobile/qr.png", "")
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("QR code: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if got, want := decodeQR(t, b), "https://t.me/prix_test_bot?start=p-repair-cafe-mobile"; got != want {
		t.Errorf("QR code holds %q, want %q", got, want)
	}
	// Telegram off: the code holds the page's public address, and no
	// Telegram link is offered.
	srv := web.New(web.Config{Store: s.Store, PublicURL: mustURL(publicURL), NowFunc: s.Now})
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/p/repair-cafe-mobile/qr.png", nil))
	if got, want := decodeQR(t, rec.Body.Bytes()), publicURL+"/p/repair-cafe-mobile"; got != want {
		t.Errorf("Telegram off: QR code holds %q, want %q", got, want)
	}
	rec = httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/p/repair-cafe-mobile", nil))
	mustNotContain(t, "page with Telegram and Slack off", rec.Body.String(), "t.me", "/prix vote")
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// TestPagesAreRenderedOncePerContestChange: a change in the database shows
// once the stamp is checked again (at most CheckEvery later), not before.
func TestPagesAreRenderedOncePerContestChange(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	first := s.page(t, "/", "en", http.StatusOK)
	mustContain(t, "home", first, `href="/p/repair-cafe-mobile"`)
	err := s.Store.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.SetShortlisted(context.Background(), s.Edition.ID, store.Actor{Platform: "cli", ID: "test"}, "repair-cafe-mobile", false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if again := s.page(t, "/", "en", http.StatusOK); again != first {
		t.Error("the page was rendered again within CheckEvery of the last check")
	}
	s.Advance(time.Second)
	mustNotContain(t, "home after the change", s.page(t, "/", "en", http.StatusOK), `href="/p/repair-cafe-mobile"`)
	s.page(t, "/p/repair-cafe-mobile", "en", http.StatusNotFound)
}

// TestTimeLeftChangesWithoutAContestChange: the time left is rendered again
// when its text changes, not only when the database does.
func TestTimeLeftChangesWithoutAContestChange(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	vote, _ := s.Edition.Contest.Calendar.Phase(contest.PhasePublicVote)
	for _, tc := range []struct {
		before time.Duration
		want   string
	}{
		{49 * time.Hour, "2 days left"},
		{48*time.Hour - time.Nanosecond, "47 hours left"},
		{2 * time.Hour, "2 hours left"},
		{119 * time.Minute, "119 minutes left"},
		{90 * time.Second, "1 minute left"},
	} {
		s.SetNow(vote.End.Add(-tc.before))
		mustContain(t, fmt.Sprintf("home %v before the end", tc.before), s.page(t, "/", "en", http.StatusOK), tc.want)
	}
	s.SetNow(vote.End)
	mustContain(t, "home as the jury phase opens", s.page(t, "/", "en", http.StatusOK), "Current phase: jury vote")
	mustContain(t, "project page after the vote", s.page(t, "/p/alpha-jardin", "en", http.StatusOK), "The public vote is closed.")
}

// vote casts a counted vote for project and returns its receipt.
func vote(t *testing.T, s *site, n int, project string) string {
	t.Helper()
	return storetest.Vote(t, s.Store, s.Edition.ID, "telegram", fmt.Appendf(nil, "phone-hash-%d", n), project, s.Now()).Receipt
}

func announce(t *testing.T, s *site) {
	t.Helper()
	s.SetNow(bottest.AfterJury)
	err := s.Store.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.MarkAnnounced(context.Background(), s.Edition.ID, store.Actor{Platform: "cli", ID: "test"}, s.Now(), nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Advance(time.Second)
}

func TestResultsAndReceiptsRevealNothingBeforeTheAnnouncement(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	receipt := vote(t, s, 1, "repair-cafe-mobile")
	s.SetNow(bottest.AfterJury)
	for path, want := range map[string]string{
		"/results":                  "The results will be published here at the ceremony, on 13 February 2027 at 18:00.",
		"/receipts":                 "The list of counted votes will be published here at the ceremony, on 13 February 2027 at 18:00.",
		"/receipts?code=" + receipt: "The list of counted votes will be published here at the ceremony",
	} {
		b := s.page(t, path, "en", http.StatusOK)
		mustContain(t, path, b, want)
		mustNotContain(t, path, b, "<table", "Repair", receipt, "counted for", "<form")
	}
	for _, path := range []string{"/receipts/all.csv", "/receipts/all.json", "/receipts/repair-cafe-mobile.csv", "/results/en/chart.png"} {
		s.page(t, path, "en", http.StatusNotFound)
	}
}

func TestResultsAfterTheAnnouncement(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	for i, p := range []string{"repair-cafe-mobile", "repair-cafe-mobile", "alpha-jardin"} {
		vote(t, s, i, p)
	}
	announce(t, s)
	_, want, err := report.Standings(context.Background(), s.Store)
	if err != nil {
		t.Fatal(err)
	}
	b := s.page(t, "/results", "en", http.StatusOK)
	mustContain(t, "results", b, "Results announced on 5 February 2027 at 12:00.",
		`<tr><td>1</td><th scope="row"><a href="/p/repair-cafe-mobile">Repair Café mobile</a></th><td class="num">2</td><td class="num">25.00</td><td class="num">0.00</td><td class="num">25.00</td><td>€10,000</td></tr>`,
		`<img class="chart" src="/results/en/chart.png"`,
		"The public vote gives up to 25 points: 25 × the project&#39;s votes ÷ the most votes any finalist received.",
		"The jury gives up to 75 points", "12 criteria", "a tie is broken by the jury points")
	if n := strings.Count(b, `<th scope="row">`); n != len(want) {
		t.Errorf("%d rows in the ranking, want %d", n, len(want))
	}
	mustContain(t, "French results", s.page(t, "/results", "fr", http.StatusOK), "10\u00a0000 €", "Points du public")
	resp := s.get(t, "/results/en/chart.png", "")
	chart, _ := io.ReadAll(resp.Body)
	if _, err := png.Decode(bytes.NewReader(chart)); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("chart: %d, %v", resp.StatusCode, err)
	}
	mustContain(t, "home after the announcement", s.page(t, "/", "en", http.StatusOK), "The results are out.", `href="/results"`)
}

func TestReceiptCheckAndPublishedLists(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	counted := vote(t, s, 1, "repair-cafe-mobile")
	other := vote(t, s, 2, "alpha-jardin")
	voided := vote(t, s, 3, "alpha-jardin")
	if _, err := s.Store.DB().Exec(`UPDATE votes SET voided_at = now(), void_reason = 'test' WHERE receipt = $1`, voided); err != nil {
		t.Fatal(err)
	}
	announce(t, s)
	typed := strings.ToLower(strings.ReplaceAll(counted, "-", " ")) // as someone may type it
	b := s.page(t, "/receipts?code="+url.QueryEscape(typed), "en", http.StatusOK)
	mustContain(t, "counted receipt", b, "Receipt "+counted+" is in the list of counted votes, for the project:", `<a href="/p/repair-cafe-mobile">Repair Café mobile</a>`)
	b = s.page(t, "/receipts?code="+voided, "en", http.StatusOK)
	mustContain(t, "voided receipt", b, "Receipt "+voided+" is not in the list of counted votes.")
	b = s.page(t, "/receipts?code=%3Cscript%3E", "nl", http.StatusOK)
	mustContain(t, "not a code", b, "Een bewijscode telt 10 letters en cijfers", `value="&lt;script&gt;"`)

	var export bytes.Buffer
	if err := report.Export(context.Background(), s.Store, "receipts", "csv", &export); err != nil {
		t.Fatal(err)
	}
	resp := s.get(t, "/receipts/all.csv", "")
	if got := body(t, resp); got != export.String() {
		t.Errorf("all.csv differs from prixbot export receipts:\n%s\nwant:\n%s", got, export.String())
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != "attachment; filename=prix-2026-receipts-all.csv" {
		t.Errorf("Content-Disposition %q", cd)
	}
	export.Reset()
	if err := report.Export(context.Background(), s.Store, "receipts", "json", &export); err != nil {
		t.Fatal(err)
	}
	if got := body(t, s.get(t, "/receipts/all.json", "")); got != export.String() {
		t.Errorf("all.json differs from prixbot export receipts --format json")
	}
	if got, want := body(t, s.get(t, "/receipts/alpha-jardin.csv", "")), "project,receipt\nalpha-jardin,"+other+"\n"; got != want {
		t.Errorf("alpha-jardin.csv = %q, want %q", got, want)
	}
	mustContain(t, "receipts page", s.page(t, "/receipts", "en", http.StatusOK), `href="/receipts/all.csv"`, `<a href="/receipts/repair-cafe-mobile.csv">Repair Café mobile (1 receipt, CSV)</a>`, "(0 receipts, CSV)",
		`<label for="code">Your receipt code</label>`)
}
