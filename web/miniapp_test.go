package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/bot/telegram/telegramtest"
	"prixbot/web"
)

// The sample contest's jurors (examples/prix-2026) and the end of its jury
// phase.
const (
	botToken = "123456:miniapp-test-token"
	jurorA   = 111
	jurorB   = 222
)

var juryClosed = time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)

// miniApp is the web pages with the jury Mini App, over the sample
// contest in its jury phase.
type miniApp struct {
	*bottest.Harness
	http http.Handler
}

func newMiniApp(t *testing.T) *miniApp {
	t.Helper()
	h := bottest.New(t, &bottest.Options{Now: bottest.AfterVote})
	srv := web.New(web.Config{Store: h.Store, PublicURL: mustURL(publicURL), TelegramBot: "prix_test_bot", NowFunc: h.Now,
		Log: slog.New(slog.DiscardHandler), Bot: h.Bot, TelegramToken: botToken})
	return &miniApp{Harness: h, http: srv.Handler()}
}

// initData is what Telegram gives the Mini App that user opens a minute
// ago, in English.
func (m *miniApp) initData(user int64) string {
	return telegramtest.InitData(botToken, user, "en", m.Now().Add(-time.Minute))
}

// post posts form to path, from an English phone, and returns the
// response and its body.
func (m *miniApp) post(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9") // the phone's, as Telegram's web view sends it
	rec := httptest.NewRecorder()
	m.http.ServeHTTP(rec, req)
	resp := rec.Result()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// open opens the sheet of project p ("" for the next to score).
func (m *miniApp) open(t *testing.T, user int64, p string, status int) string {
	t.Helper()
	form := url.Values{"init_data": {m.initData(user)}}
	if p != "" {
		form.Set("p", p)
	}
	resp, b := m.post(t, "/jury/app", form)
	if resp.StatusCode != status {
		t.Fatalf("opening sheet %q: status %d, want %d\n%s", p, resp.StatusCode, status, b)
	}
	return b
}

// scoreAnswer is the JSON answer to a tap.
type scoreAnswer struct {
	Saved                       bool
	Message, Total, Note, Level string
}

// tap taps level lv of criterion c on sheet p.
func (m *miniApp) tap(t *testing.T, initData string, p, c, lv int) (int, scoreAnswer) {
	t.Helper()
	resp, b := m.post(t, "/jury/app/score", url.Values{"init_data": {initData}, "p": {strconv.Itoa(p)}, "c": {strconv.Itoa(c)}, "level": {strconv.Itoa(lv)}})
	var a scoreAnswer
	if err := json.Unmarshal([]byte(b), &a); err != nil {
		t.Fatalf("tap: %d %q: %v", resp.StatusCode, b, err)
	}
	return resp.StatusCode, a
}

// comment saves the comment of sheet p.
func (m *miniApp) comment(t *testing.T, initData string, p int, text string) (int, scoreAnswer) {
	t.Helper()
	resp, b := m.post(t, "/jury/app/comment", url.Values{"init_data": {initData}, "p": {strconv.Itoa(p)}, "comment": {text}})
	var a scoreAnswer
	if err := json.Unmarshal([]byte(b), &a); err != nil {
		t.Fatalf("comment: %d %q: %v", resp.StatusCode, b, err)
	}
	return resp.StatusCode, a
}

// counts returns the number of scores, sheets, jury audit rows and
// accounts: what a Mini App request may change.
func (m *miniApp) counts(t *testing.T) [4]int {
	t.Helper()
	var n [4]int
	for i, q := range []string{`SELECT count(*) FROM scores`, `SELECT count(*) FROM jury_sheets`,
		`SELECT count(*) FROM audit_log WHERE action LIKE 'jury%'`, `SELECT count(*) FROM accounts`} {
		if err := m.Store.DB().Get(&n[i], q); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// shortlist returns the shortlisted projects' ids and names (as HTML), in
// order.
func (m *miniApp) shortlist(t *testing.T) (ids, names []string) {
	t.Helper()
	projects, err := m.Store.Projects(context.Background(), m.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range projects {
		if p.Shortlisted {
			ids, names = append(ids, p.ID), append(names, html.EscapeString(p.Name))
		}
	}
	return ids, names
}

// checked returns the level checked for a criterion in a sheet page, ""
// when none.
func checked(page, criterion string) string {
	m := regexp.MustCompile(`name="` + criterion + `" value="(\d+)" checked`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestMiniAppSavesEveryTapAndTheDraftSurvives: with initData signed by
// Telegram, the juror's next sheet opens with the whole grid in their
// language; a tap is saved as the chat's button would save it (audited
// with their Telegram account), the comment as it is typed, and the draft
// is there when the sheet is opened again, in the Mini App and in the
// chat.
func TestMiniAppSavesEveryTapAndTheDraftSurvives(t *testing.T) {
	t.Parallel()
	m := newMiniApp(t)
	req := httptest.NewRequest("GET", "/jury/app", nil)
	rec := httptest.NewRecorder()
	m.http.ServeHTTP(rec, req)
	shell := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(shell, `<script src="/static/miniapp.js" defer></script>`) || !strings.Contains(shell, `id="open"`) {
		t.Fatalf("the page Telegram opens: %d\n%s", rec.Code, shell)
	}
	_, names := m.shortlist(t)
	page := m.open(t, jurorA, "", http.StatusOK)
	mustContain(t, "the sheet", page, `<html lang="en">`, `<h1 id="title">`+names[0]+`</h1>`, "Project holders", "Content", "Context",
		"1. Collective nature of the project", "12. Openness to research", "absent (0)", "weak (1)", "intermediate (2)", "strong (3)",
		"Total: 0/36 (0/12 criteria scored)", "Comment (optional)", "Submit the sheet", `value="`+m.initData(jurorA)[:20])
	if n := strings.Count(page, `<fieldset class="criterion"`); n != 12 {
		t.Errorf("%d criteria on the sheet, want 12", n)
	}
	before := m.counts(t)
	status, a := m.tap(t, m.initData(jurorA), 0, 0, 2)
	if status != http.StatusOK || !a.Saved || a.Level != "2" || a.Total != "Total: 2/36 (1/12 criteria scored)" ||
		a.Message != "1. Collective nature of the project: intermediate" {
		t.Fatalf("tap: %d %+v", status, a)
	}
	after := m.counts(t)
	if after[0] != before[0]+1 || after[2] != before[2]+1 {
		t.Errorf("counts %v then %v: want one more score and one more audit row", before, after)
	}
	var actor string
	if err := m.Store.DB().Get(&actor, `SELECT actor_platform || ':' || actor_id FROM audit_log WHERE action = 'jury score' ORDER BY id DESC LIMIT 1`); err != nil || actor != "telegram:111" {
		t.Errorf("the score is audited as %q (%v)", actor, err)
	}
	if status, a := m.comment(t, m.initData(jurorA), 0, strings.Repeat("é", 1501)); status != http.StatusConflict || a.Saved ||
		a.Message != bot.T(bot.EN, "form.comment_too_long", 3000) {
		t.Errorf("a comment too long: %d %+v", status, a)
	}
	if status, a := m.comment(t, m.initData(jurorA), 0, "  Promising, to be checked on site. "); status != http.StatusOK || !a.Saved || a.Message != "Comment saved." {
		t.Errorf("comment: %d %+v", status, a)
	}
	m.Advance(time.Hour)
	again := m.open(t, jurorA, "0", http.StatusOK)
	if checked(again, "collectif") != "2" || checked(again, "richesse") != "" || !strings.Contains(again, ">Promising, to be checked on site.</textarea>") {
		t.Errorf("the draft opened again: collectif %q, richesse %q\n%s", checked(again, "collectif"), checked(again, "richesse"), again)
	}
	if list := bottest.Texts(m.Send(bottest.Text("111", "/jury"))); !strings.Contains(list, "1/12") {
		t.Errorf("the chat's list does not show the draft: %q", list)
	}
	for _, resp := range []*http.Response{rec.Result(), m.postResponse(t, "/jury/app", url.Values{"init_data": {m.initData(jurorA)}})} {
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors https://web.telegram.org") ||
			strings.Contains(csp, "unsafe") || resp.Header.Get("X-Frame-Options") != "" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("Mini App headers: %v", resp.Header)
		}
	}
}

func (m *miniApp) postResponse(t *testing.T, path string, form url.Values) *http.Response {
	t.Helper()
	resp, _ := m.post(t, path, form)
	return resp
}

// TestMiniAppRefusesForgedAndStaleInitData: initData signed with another
// bot's token, changed after signing, missing, or older than a day is
// refused with one sentence on every request, and changes nothing.
func TestMiniAppRefusesForgedAndStaleInitData(t *testing.T) {
	t.Parallel()
	m := newMiniApp(t)
	good := m.initData(jurorA)
	forgedSentence := "Refused: this page was not opened by Telegram for this bot; nothing was saved."
	staleSentence := "Refused: this sheet was opened too long ago; close it and open it again from /jury in Telegram. Nothing was saved."
	before := m.counts(t)
	for _, tc := range []struct {
		name, initData, sentence string
	}{
		{"another bot's token", telegramtest.InitData("654321:another-bot", jurorA, "en", m.Now()), forgedSentence},
		{"another juror put in", strings.Replace(good, "%22id%22%3A111", "%22id%22%3A222", 1), forgedSentence},
		{"none", "", forgedSentence},
		{"two days old", telegramtest.InitData(botToken, jurorA, "en", m.Now().Add(-48*time.Hour)), staleSentence},
	} {
		if tc.initData == good {
			t.Fatalf("%s: the test changed nothing", tc.name)
		}
		for _, path := range []string{"/jury/app", "/jury/app/score", "/jury/app/comment", "/jury/app/submit"} {
			form := url.Values{"init_data": {tc.initData}, "p": {"0"}, "c": {"0"}, "level": {"3"}, "collectif": {"3"}, "comment": {"forged"}}
			resp, b := m.post(t, path, form)
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(b, tc.sentence) || strings.Contains(b, "<h1") {
				t.Errorf("%s, %s: %d\n%s", tc.name, path, resp.StatusCode, b)
			}
		}
	}
	if after := m.counts(t); after != before {
		t.Errorf("refused requests changed the database: %v then %v", before, after)
	}
}

// TestMiniAppRefusesSomeoneWhoIsNoJuror: a Telegram user who is not on the
// jury gets no sheet.
func TestMiniAppRefusesSomeoneWhoIsNoJuror(t *testing.T) {
	t.Parallel()
	m := newMiniApp(t)
	page := m.open(t, 4242, "", http.StatusForbidden)
	mustContain(t, "a stranger's page", page, "No sheet for this Telegram account")
	if status, a := m.tap(t, m.initData(4242), 0, 0, 1); status != http.StatusForbidden || a.Saved {
		t.Errorf("a stranger's tap: %d %+v", status, a)
	}
	if status, a := m.comment(t, m.initData(4242), 0, "hello"); status != http.StatusForbidden || a.Saved {
		t.Errorf("a stranger's comment: %d %+v", status, a)
	}
	var n int
	m.Store.DB().Get(&n, `SELECT count(*) FROM scores`)
	if n != 0 {
		t.Errorf("%d scores", n)
	}
}

// TestMiniAppRefusesAConflictOfInterest: once the juror declared a
// conflict with a project (in the chat), its sheet is read-only in the
// Mini App and a tap on it is refused with the chat's reason.
func TestMiniAppRefusesAConflictOfInterest(t *testing.T) {
	t.Parallel()
	m := newMiniApp(t)
	m.Send(bottest.Press("111", "j:cy:1"))
	before := m.counts(t)
	status, a := m.tap(t, m.initData(jurorA), 1, 0, 3)
	if status != http.StatusConflict || a.Saved || a.Message != bot.T(bot.EN, "jury.conflict_refused") {
		t.Errorf("a tap on a conflict: %d %+v", status, a)
	}
	if status, a := m.comment(t, m.initData(jurorA), 1, "A comment on a conflict"); status != http.StatusConflict || a.Message != bot.T(bot.EN, "jury.conflict_refused") {
		t.Errorf("a comment on a conflict: %d %+v", status, a)
	}
	resp, b := m.post(t, "/jury/app/submit", url.Values{"init_data": {m.initData(jurorA)}, "p": {"1"}, "collectif": {"3"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, "you cannot score it") {
		t.Errorf("a submission on a conflict: %d\n%s", resp.StatusCode, b)
	}
	if after := m.counts(t); after != before {
		t.Errorf("the refusals changed the database: %v then %v", before, after)
	}
	page := m.open(t, jurorA, "1", http.StatusOK)
	mustContain(t, "the conflict's sheet", page, bot.T(bot.EN, "jury.conflict_note"), `value="3" disabled`)
	mustNotContain(t, "the conflict's sheet", page, `id="submit"`)
}

// TestMiniAppIsReadOnlyAfterTheJuryPhase: after the jury phase the sheet
// shows what was scored, cannot change, and says why.
func TestMiniAppIsReadOnlyAfterTheJuryPhase(t *testing.T) {
	t.Parallel()
	m := newMiniApp(t)
	if status, _ := m.tap(t, m.initData(jurorA), 0, 4, 1); status != http.StatusOK {
		t.Fatalf("tap in the jury phase: %d", status)
	}
	m.SetNow(juryClosed)
	before := m.counts(t)
	status, a := m.tap(t, m.initData(jurorA), 0, 4, 3)
	if status != http.StatusConflict || a.Saved || a.Level != "1" || a.Message != bot.T(bot.EN, "jury.closed") {
		t.Errorf("a tap after the jury phase: %d %+v", status, a)
	}
	if status, a := m.comment(t, m.initData(jurorA), 0, "Too late"); status != http.StatusConflict || a.Message != bot.T(bot.EN, "jury.closed") {
		t.Errorf("a comment after the jury phase: %d %+v", status, a)
	}
	resp, b := m.post(t, "/jury/app/submit", url.Values{"init_data": {m.initData(jurorA)}, "p": {"0"}, "consistance": {"3"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, bot.T(bot.EN, "jury.closed")) {
		t.Errorf("a submission after the jury phase: %d\n%s", resp.StatusCode, b)
	}
	if after := m.counts(t); after != before {
		t.Errorf("the refusals changed the database: %v then %v", before, after)
	}
	page := m.open(t, jurorA, "0", http.StatusOK)
	mustContain(t, "the sheet after the jury phase", page, bot.T(bot.EN, "jury.read_only"), `name="consistance" value="1" checked disabled`)
	mustNotContain(t, "the sheet after the jury phase", page, `id="submit"`, "Every choice is saved at once.")
}

// TestMiniAppSubmitsThenOpensTheNextProject: a sheet with a level missing
// comes back with what to fix and the comment typed, and nothing is
// submitted; the complete sheet is submitted with its comment, and the
// next project to score opens.
func TestMiniAppSubmitsThenOpensTheNextProject(t *testing.T) {
	t.Parallel()
	m := newMiniApp(t)
	ids, names := m.shortlist(t)
	form := url.Values{"init_data": {m.initData(jurorA)}, "p": {"0"}, "comment": {"Strong local roots; governance unclear."}}
	for c, crit := range m.Edition.Contest.Grid.Criteria {
		if c > 0 {
			form.Set(crit.ID, strconv.Itoa(c%4))
		}
	}
	resp, b := m.post(t, "/jury/app/submit", form)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b, `<h1 id="title">`+names[0]+`</h1>`) || !strings.Contains(b, "Strong local roots; governance unclear.</textarea>") ||
		!strings.Contains(b, `<fieldset class="criterion invalid" data-c="0" data-level=""`) {
		t.Fatalf("an incomplete sheet: %d\n%s", resp.StatusCode, b)
	}
	var submitted int
	m.Store.DB().Get(&submitted, `SELECT count(*) FROM jury_sheets WHERE submitted_at IS NOT NULL`)
	if submitted != 0 {
		t.Fatalf("an incomplete sheet was submitted")
	}
	form.Set("collectif", "3")
	resp, b = m.post(t, "/jury/app/submit", form)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("submission: %d\n%s", resp.StatusCode, b)
	}
	mustContain(t, "after the submission", b, "Sheet submitted: 21/36.", `<h1 id="title">`+names[1]+`</h1>`, `<option value="0">✅ 1. `+names[0]+`</option>`)
	var sheet struct {
		Comment   string `db:"comment"`
		Submitted bool   `db:"submitted"`
	}
	if err := m.Store.DB().Get(&sheet, `SELECT comment, submitted_at IS NOT NULL AS submitted FROM jury_sheets WHERE project_id = $1`, ids[0]); err != nil ||
		!sheet.Submitted || sheet.Comment != "Strong local roots; governance unclear." {
		t.Errorf("the sheet in the database: %+v (%v)", sheet, err)
	}
}

// TestMiniAppIsOffWithoutTheTelegramToken: without the token initData
// cannot be verified, and the Mini App is not served.
func TestMiniAppIsOffWithoutTheTelegramToken(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	if resp := s.get(t, "/jury/app", "en"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /jury/app without a token: %d", resp.StatusCode)
	}
}
