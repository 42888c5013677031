package web_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"prixbot/bot/telegram/telegramtest"
)

// miniAppURL is the address Telegram opens the Mini App at, initData in
// its fragment as Telegram puts it there.
func miniAppURL(base, initData string) string {
	return base + "/jury/app#tgWebAppData=" + url.QueryEscape(initData) + "&tgWebAppVersion=8.0&tgWebAppPlatform=android"
}

// scoreOf returns a juror's saved level for a criterion of a project, -1
// when there is none.
func (m *miniApp) scoreOf(t *testing.T, juror int64, project, criterion string) int {
	t.Helper()
	v := -1
	err := m.Store.DB().Get(&v, `SELECT COALESCE((SELECT s.score FROM scores s JOIN juror_identities i ON i.juror_id = s.juror_id
		WHERE i.platform = 'telegram' AND i.user_id = $1 AND s.project_id = $2 AND s.criterion = $3), -1)`, strconv.FormatInt(juror, 10), project, criterion)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// tapLevel taps the level sel names, scrolled to the middle of the screen
// (the running total stays at the bottom of it).
func tapLevel(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('`+sel+`').scrollIntoView({block: "center"})`),
		chromedp.Click(chromedp.CSS(sel)))
}

// TestBrowserMiniAppSavesASheetAndRefusesAForgedInitData: in Chromium, the
// Mini App opened as Telegram opens it reads initData from the address,
// shows the sheet, saves each tap at once (the running total follows) and
// the comment when the juror leaves it, submits the sheet and opens the
// next project; a tap
// sent with forged initData is refused on screen and changes nothing, and
// a page opened with forged initData shows no sheet. axe finds no serious
// or critical violation on the sheet and on the refusal.
func TestBrowserMiniAppSavesASheetAndRefusesAForgedInitData(t *testing.T) {
	ctx := tab(t)
	m := newMiniApp(t)
	srv := httptest.NewServer(m.http)
	t.Cleanup(srv.Close)
	ids, _ := m.shortlist(t)
	criteria := m.Edition.Contest.Grid.Criteria

	do(t, ctx, acceptLanguage("en-GB,en;q=0.9"), chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(miniAppURL(srv.URL, m.initData(jurorA))), chromedp.WaitVisible(chromedp.CSS("#sheet")))
	if lang := run(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "en" {
		t.Errorf("the sheet is in %q, want the juror's English", lang)
	}
	axeCheck(t, ctx, "the Mini App's sheet")
	for c, crit := range criteria {
		lv := (c + 1) % 4
		tapLevel(t, ctx, `#c-`+crit.ID+` input[value="`+strconv.Itoa(lv)+`"]`)
		if c == 5 {
			// The draft is saved as it is tapped, before any submission.
			do(t, ctx, chromedp.Poll[chromedp.Void](`document.getElementById("total").textContent.includes("6/12")`, chromedp.WithPollingTimeout(30*time.Second)))
			if got := m.scoreOf(t, jurorA, ids[0], crit.ID); got != lv {
				t.Errorf("criterion %s saved as %d, want %d", crit.ID, got, lv)
			}
			do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
			shoot(t, ctx, "miniapp")
		}
	}
	do(t, ctx, chromedp.Poll[chromedp.Void](`document.getElementById("total").textContent.includes("12/12")`, chromedp.WithPollingTimeout(30*time.Second)))
	if total := run(t, ctx, chromedp.Text(chromedp.CSS("#total"))); total != "Total: 18/36 (12/12 criteria scored)" {
		t.Errorf("running total %q", total)
	}
	// The comment is saved once the juror leaves the field.
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#comment"), "Clear plan, modest reach."), chromedp.Focus(chromedp.CSS("#p")),
		chromedp.Poll[chromedp.Void](`document.getElementById("saved").textContent === "Comment saved."`, chromedp.WithPollingTimeout(30*time.Second)))
	var draft string
	if err := m.Store.DB().Get(&draft, `SELECT comment FROM jury_sheets WHERE project_id = $1`, ids[0]); err != nil || draft != "Clear plan, modest reach." {
		t.Errorf("the comment's draft: %q (%v)", draft, err)
	}

	// A tap whose initData was forged (another bot's token) is refused on
	// screen, put back, and changes nothing.
	forged := telegramtest.InitData("654321:another-bot", jurorA, "en", m.Now())
	before := m.counts(t)
	do(t, ctx, chromedp.SetValue(chromedp.CSS(`#sheet input[name="init_data"]`), forged))
	tapLevel(t, ctx, `#c-collectif input[value="3"]`)
	do(t, ctx, chromedp.Poll[chromedp.Void](`document.getElementById("saved").textContent.startsWith("Refused")`, chromedp.WithPollingTimeout(30*time.Second)))
	if got := run(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#c-collectif input[value="1"]').checked`)); !got {
		t.Errorf("the refused tap was not put back")
	}
	if after := m.counts(t); after != before || m.scoreOf(t, jurorA, ids[0], "collectif") != 1 {
		t.Errorf("a forged tap changed the database: %v then %v", before, after)
	}

	do(t, ctx, chromedp.SetValue(chromedp.CSS(`#sheet input[name="init_data"]`), m.initData(jurorA)),
		chromedp.Click(chromedp.CSS("#submit")), chromedp.WaitVisible(chromedp.CSS("#notice")))
	if notice := run(t, ctx, chromedp.Text(chromedp.CSS("#notice"))); notice != "Sheet submitted: 18/36." {
		t.Errorf("after the submission: %q", notice)
	}
	if p := run(t, ctx, chromedp.Evaluate[string](`document.getElementById("sheet").dataset.p`)); p != "1" {
		t.Errorf("after the submission the sheet of project %s is open, want the next one (1)", p)
	}
	var submitted bool
	var comment string
	if err := m.Store.DB().QueryRow(`SELECT submitted_at IS NOT NULL, comment FROM jury_sheets WHERE project_id = $1`, ids[0]).Scan(&submitted, &comment); err != nil ||
		!submitted || comment != "Clear plan, modest reach." {
		t.Errorf("the sheet in the database: submitted %v, comment %q (%v)", submitted, comment, err)
	}

	// Opened with forged initData, the Mini App shows no sheet.
	do(t, ctx, chromedp.Navigate(miniAppURL(srv.URL, forged)), chromedp.WaitVisible(chromedp.CSS("#error")))
	if text := run(t, ctx, chromedp.Text(chromedp.CSS("#error"))); !strings.HasPrefix(text, "Refused: this page was not opened by Telegram") {
		t.Errorf("forged initData: %q", text)
	}
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#sheet").length`)); n != 0 {
		t.Errorf("forged initData opened a sheet")
	}
	axeCheck(t, ctx, "the Mini App's refusal")
}
