package web_test

import (
	"bytes"
	"context"
	_ "embed"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"prixbot/bot/bottest"
	"prixbot/contest"
	"prixbot/examples"
)

// The browser tests drive Debian's chromium, headless, from Go. One
// browser serves the whole test binary, a tab per test. They skip when no
// chromium is installed, except in CI (CI=true), where .ci/run installs it
// and they must run.

// axeSource is axe-core's axe.min.js, vendored from the npm package
// (version and licence in testdata/axe).
//
//go:embed testdata/axe/axe.min.js
var axeSource string

var browser struct {
	once   sync.Once
	ctx    context.Context // the browser; a tab is chromedp.NewContext(ctx)
	cancel func()
	err    error
}

// chromiumPath finds the browser.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// tab returns a new tab of the shared browser, in a browser context of
// its own (no cookie from another test), closed when the test ends.
func tab(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed: .ci/run installs it (apt-get install chromium)")
		}
		t.Skip("chromium is not installed (apt-get install chromium); CI runs these tests")
	}
	browser.once.Do(func() {
		dir, err := os.MkdirTemp("", "prixbot-chromium-")
		if err != nil {
			browser.err = err
			return
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(path), chromedp.UserDataDir(dir),
			chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.WindowSize(1024, 768))
		ctx, cancelCtx := chromedp.NewContext(alloc)
		browser.ctx = ctx
		browser.cancel = func() { cancelCtx(); cancelAlloc(); os.RemoveAll(dir) }
		browser.err = chromedp.Do(ctx) // starts the browser
	})
	if browser.err != nil {
		t.Fatalf("chromium does not start: %v", browser.err)
	}
	ctx, cancel := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		t.Fatal(err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	return ctx
}

// do runs steps in the tab, failing the test on an error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// run runs one step that gives a value, failing the test on an error.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// acceptLanguage makes the tab send that Accept-Language header.
func acceptLanguage(v string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": v}})
		return err
	})
}

// stopBrowser ends the shared browser, if a test started it.
func stopBrowser() {
	if browser.cancel != nil {
		browser.cancel()
	}
}

// imageServer serves a picture for /img/<id>.png, and 404 for
// /img/missing.png.
func imageServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/img/"), ".png")
		if name == "missing" || name == r.URL.Path {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		png.Encode(w, picture(name))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// sun is the colour of the sun in every picture, and nowhere in the
// placeholder.
var sun = color.RGBA{250, 214, 90, 255}

// placeholderColour is the frame of the placeholder picture.
var placeholderColour = color.RGBA{0x9f, 0xb3, 0xc8, 255}

// picture draws a small landscape in colours chosen by name.
func picture(name string) image.Image {
	h := fnv.New32a()
	h.Write([]byte(name))
	v := h.Sum32()
	sky := color.RGBA{uint8(120 + v%100), uint8(160 + v>>8%80), uint8(200 + v>>16%55), 255}
	ground := color.RGBA{uint8(40 + v>>4%80), uint8(110 + v>>12%90), uint8(50 + v>>20%60), 255}
	img := image.NewRGBA(image.Rect(0, 0, 320, 180))
	cx, cy, r := 60+int(v%200), 50, 22
	for y := range 180 {
		for x := range 320 {
			c := sky
			if y > 110+int(20*float64((x+int(v))%160)/160) {
				c = ground
			} else if (x-cx)*(x-cx)+(y-cy)*(y-cy) < r*r {
				c = sun
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// liveSite is the pages on a real HTTP server, with images from imgs
// (alpha-jardin's cannot be loaded).
type liveSite struct {
	*site
	url string
}

func newLiveSite(t *testing.T) *liveSite {
	t.Helper()
	imgs := imageServer(t)
	csv, err := examples.FS.ReadFile(examples.SampleProjects)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i, line := range strings.Split(strings.TrimSpace(string(csv)), "\n") {
		if i > 0 {
			id, _, _ := strings.Cut(line, ",")
			img := imgs.URL + "/img/" + id + ".png"
			if id == "alpha-jardin" {
				img = imgs.URL + "/img/missing.png"
			}
			// image_url is the column before the last (shortlisted).
			cut := strings.LastIndex(line, ",")
			prev := strings.LastIndex(line[:cut], ",")
			line = line[:prev+1] + img + line[cut:]
		}
		lines = append(lines, line)
	}
	s := newSite(t, &bottest.Options{ProjectsCSV: []byte(strings.Join(lines, "\n") + "\n")})
	srv := httptest.NewServer(s.http)
	t.Cleanup(srv.Close)
	return &liveSite{site: s, url: srv.URL}
}

// shoot saves a screenshot of the tab as name.png in the directory
// PRIXBOT_SCREENSHOTS names (relative to the repository), when it is set.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("PRIXBOT_SCREENSHOTS")
	if dir == "" {
		return
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", dir)
	}
	buf := run(t, ctx, chromedp.CaptureScreenshot())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// axeCheck runs axe-core on the tab's page and fails the test on any
// serious or critical violation.
func axeCheck(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	type violation struct {
		ID, Impact, Help string
		Nodes            []string
	}
	do(t, ctx, chromedp.Evaluate[chromedp.Void](axeSource))
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
			.filter(v => v.impact === "serious" || v.impact === "critical")
			.map(v => ({ID: v.id, Impact: v.impact, Help: v.help, Nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)})))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	for _, v := range found {
		t.Errorf("axe on %s: %s violation %s (%s) at %v", page, v.Impact, v.ID, v.Help, v.Nodes)
	}
}

// hasColour reports whether a screenshot has a pixel within 12 of c on
// each channel.
func hasColour(t *testing.T, shot []byte, c color.RGBA) bool {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d > -12 && d < 12 }
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if near(r, c.R) && near(g, c.G) && near(b, c.B) {
				return true
			}
		}
	}
	return false
}

// TestBrowserVisitorFindsTheDeepLinkAndItsQRCodeInEachLanguage: a Dutch
// browser gets the page in Dutch; the language links switch to English
// and French. In each, the Telegram button carries the deep link, and the
// QR code the browser shows decodes to it (read from a screenshot with
// gozxing).
func TestBrowserVisitorFindsTheDeepLinkAndItsQRCodeInEachLanguage(t *testing.T) {
	ctx := tab(t)
	s := newLiveSite(t)
	const deepLink = "https://t.me/prix_test_bot?start=p-repair-cafe-mobile"
	do(t, ctx, acceptLanguage("nl-BE,nl;q=0.9"), chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(s.url+"/p/repair-cafe-mobile"), chromedp.WaitVisible("#qr"))
	shoot(t, ctx, "project-mobile-nl")
	for _, l := range []struct{ lang, link, switchTo string }{
		{"nl", "Stemmen via Telegram", `a[hreflang="en"]`},
		{"en", "Vote on Telegram", `a[hreflang="fr"]`},
		{"fr", "Voter sur Telegram", ""},
	} {
		lang := run(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
		text := run(t, ctx, chromedp.Text("#telegram"))
		href := run(t, ctx, chromedp.AttributeValue("#telegram", "href")).Value
		if lang != l.lang || text != l.link || href != deepLink {
			t.Errorf("page in %q: link %q to %q; want %s, %q to %q", lang, text, href, l.lang, l.link, deepLink)
		}
		// The code is on screen once the browser has loaded and painted
		// it; it loads on its own, so poll the screen until a deadline.
		deadline := time.Now().Add(30 * time.Second)
		got, err := qrText(run(t, ctx, chromedp.Screenshot("#qr")))
		for got != deepLink && time.Now().Before(deadline) {
			do(t, ctx, chromedp.Sleep(50*time.Millisecond))
			got, err = qrText(run(t, ctx, chromedp.Screenshot("#qr")))
		}
		if got != deepLink {
			t.Errorf("%s: the QR code on screen holds %q (%v), want %q", l.lang, got, err, deepLink)
		}
		if l.switchTo != "" {
			do(t, ctx, chromedp.Click(chromedp.CSS(l.switchTo)), chromedp.WaitVisible(`html:not([lang="`+l.lang+`"]) #qr`))
		}
	}
	axeCheck(t, ctx, "project page")
}

// TestBrowserShowsThePlaceholderWhenAnImageCannotBeLoaded: the project's
// picture shows when it loads (its sun is on screen), and the placeholder
// when it does not, without any script.
func TestBrowserShowsThePlaceholderWhenAnImageCannotBeLoaded(t *testing.T) {
	ctx := tab(t)
	s := newLiveSite(t)
	for _, tc := range []struct {
		project     string
		placeholder bool
	}{{"alpha-jardin", true}, {"repair-cafe-mobile", false}} {
		want := sun
		if tc.placeholder {
			want = placeholderColour
		}
		do(t, ctx, chromedp.Navigate(s.url+"/p/"+tc.project), chromedp.WaitVisible(".project .pic"))
		deadline := time.Now().Add(30 * time.Second)
		shot := run(t, ctx, chromedp.Screenshot(".project .pic"))
		for !hasColour(t, shot, want) && time.Now().Before(deadline) {
			do(t, ctx, chromedp.Sleep(50*time.Millisecond)) // the browser loads on its own; nothing to wait on
			shot = run(t, ctx, chromedp.Screenshot(".project .pic"))
		}
		if !hasColour(t, shot, want) || tc.placeholder && hasColour(t, shot, sun) {
			t.Errorf("%s: the picture on screen is not the one expected (placeholder %v)", tc.project, tc.placeholder)
		}
	}
}

// TestBrowserFindsAReceiptAfterTheAnnouncement: a voter types their
// receipt (in lower case, as people do) and learns which project it
// counted for; every public page passes axe.
func TestBrowserFindsAReceiptAfterTheAnnouncement(t *testing.T) {
	ctx := tab(t)
	s := newLiveSite(t)
	open, _ := s.Edition.Contest.Calendar.Phase(contest.PhasePublicVote)
	s.SetNow(open.End.Add(-3*24*time.Hour - 5*time.Hour))
	do(t, ctx, acceptLanguage("en-GB,en;q=0.9"), chromedp.Navigate(s.url+"/"), chromedp.WaitVisible("main"))
	shoot(t, ctx, "home")
	axeCheck(t, ctx, "home")
	do(t, ctx, chromedp.Navigate(s.url+"/p/repair-cafe-mobile"), chromedp.WaitVisible("#qr"))
	shoot(t, ctx, "project")
	receipt := ""
	for i, p := range []string{"repair-cafe-mobile", "repair-cafe-mobile", "theatre-forum-quartier", "alpha-jardin", "repair-cafe-mobile"} {
		receipt = vote(t, s.site, i, p)
	}
	do(t, ctx, chromedp.Navigate(s.url+"/receipts"), chromedp.WaitVisible("main"))
	axeCheck(t, ctx, "receipts before the announcement")
	announce(t, s.site)

	do(t, ctx, chromedp.Navigate(s.url+"/receipts"), chromedp.WaitVisible("#code"),
		chromedp.SendKeys("#code", strings.ToLower(receipt)), chromedp.Submit("#code"), chromedp.WaitVisible("#answer"))
	if answer := run(t, ctx, chromedp.Text("#answer")); !strings.Contains(answer, receipt) || !strings.Contains(answer, "Repair Café mobile") {
		t.Errorf("the receipt check says %q", answer)
	}
	shoot(t, ctx, "receipts")
	axeCheck(t, ctx, "receipt check")
	do(t, ctx, chromedp.Navigate(s.url+"/results"), chromedp.WaitVisible("img.chart"),
		chromedp.Poll[chromedp.Void](`document.querySelector("img.chart").naturalWidth > 300`))
	shoot(t, ctx, "results")
	axeCheck(t, ctx, "results")
	do(t, ctx, chromedp.Navigate(s.url+"/no-such-page"), chromedp.WaitVisible("main"))
	axeCheck(t, ctx, "404 page")
}
