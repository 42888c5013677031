package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/contest"
	"prixbot/store"
)

// The sample contest's jurors (examples/prix-2026) and its jury phase,
// 2026-12-21 00:00 to 2027-01-31 23:59 in Brussels.
const (
	jurorA = "111"
	jurorB = "222"
	admin  = "999"
)

var (
	inviteCode = regexp.MustCompile(`[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}`)
	juryClosed = time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)
)

// juryHarness is the sample contest during its jury phase, with one organiser.
func juryHarness(t *testing.T) *bottest.Harness {
	t.Helper()
	return bottest.New(t, &bottest.Options{Now: bottest.AfterVote, Admins: []string{"telegram:" + admin}})
}

// press presses a button on message "m1" and returns the response.
func press(h *bottest.Harness, user, data string) *bot.Response {
	h.T.Helper()
	ev := bottest.Press(user, data)
	ev.Callback.MessageID = "m1"
	return h.Send(ev)
}

// juryButton returns the button of resp with that data, failing the test if
// there is none.
func juryButton(t *testing.T, resp *bot.Response, data string) bot.Button {
	t.Helper()
	for _, b := range bottest.Buttons(resp) {
		if b.Data == data {
			return b
		}
	}
	t.Fatalf("no button %q in %q", data, bottest.Texts(resp))
	return bot.Button{}
}

// hasData reports whether resp has a button whose data starts with prefix.
func hasData(resp *bot.Response, prefix string) bool {
	for _, b := range bottest.Buttons(resp) {
		if strings.HasPrefix(b.Data, prefix) {
			return true
		}
	}
	return false
}

// invite has the organiser invite a juror and returns the code.
func invite(t *testing.T, h *bottest.Harness, name string) string {
	t.Helper()
	resp := adminRun(t, h, admin, "invite "+name)
	code := inviteCode.FindString(bottest.Texts(resp))
	if code == "" {
		t.Fatalf("no code in the invite: %q", bottest.Texts(resp))
	}
	return code
}

// juryCounts returns the number of score rows, sheets and jury audit rows.
func juryCounts(t *testing.T, h *bottest.Harness) [3]int {
	t.Helper()
	var n [3]int
	for i, q := range []string{
		`SELECT count(*) FROM scores`,
		`SELECT count(*) FROM jury_sheets`,
		`SELECT count(*) FROM audit_log WHERE action LIKE 'jury%'`,
	} {
		if err := h.Store.DB().Get(&n[i], q); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

func TestJuryEnrolWithCode(t *testing.T) {
	t.Parallel()
	h := juryHarness(t)
	code := invite(t, h, "Juror C")

	resp := h.Send(bottest.Text("333", "/jury "+code))
	if got := bottest.Texts(resp); !strings.Contains(got, bot.T(bot.FR, "jury.welcome", "Juror C")) || !strings.Contains(got, "0/20") {
		t.Fatalf("enrolment answered %q", got)
	}
	if !hasData(resp, "j:next") {
		t.Errorf("the welcome has no next-project button")
	}
	tests := []struct {
		name, user, code, want string
	}{
		{"second use by someone else", "444", code, "jury.code_used"},
		{"second use by the juror", "333", code, "jury.code_used"},
		{"random code", "444", "QWER-TYUI-OPAS", "jury.code_unknown"},
		{"not a code at all", "444", "hello", "jury.code_unknown"},
	}
	for _, tt := range tests {
		if got := bottest.Texts(h.Send(bottest.Text(tt.user, "/jury "+tt.code))); !strings.Contains(got, bot.T(bot.FR, tt.want)) {
			t.Errorf("%s: answered %q, want %s", tt.name, got, tt.want)
		}
	}

	late := invite(t, h, "Juror D")
	h.Advance(bot.InviteTTL)
	if got := bottest.Texts(h.Send(bottest.Text("444", "/jury "+late))); !strings.Contains(got, bot.T(bot.FR, "jury.code_expired")) {
		t.Errorf("expired code answered %q", got)
	}
	// 444 is no juror: /jury is as unknown to them as any unknown command.
	if got, want := bottest.Texts(h.Send(bottest.Text("444", "/jury"))), bottest.Texts(h.Send(bottest.Text("444", "/nosuchcommand"))); got != want {
		t.Errorf("/jury from a non-juror answered %q, an unknown command %q", got, want)
	}
	// The enrolled juror now has their list.
	if got := bottest.Texts(h.Send(bottest.Text("333", "/jury"))); !strings.Contains(got, bot.T(bot.FR, "jury.list_title", "Juror C")) {
		t.Errorf("/jury after enrolment answered %q", got)
	}
}

// level is the level the test gives criterion c of project p.
func level(p, c int) int { return (p + c*(p%3+1)) % 4 }

func TestJurorScoresAllProjects(t *testing.T) {
	t.Parallel()
	h := juryHarness(t)
	ctx := context.Background()
	standings := func() map[string]contest.Standing {
		t.Helper()
		in, err := h.Store.RankInput(ctx, h.Edition.ID)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]contest.Standing{}
		for _, s := range contest.Rank(h.Edition.Contest, in) {
			out[s.Project] = s
		}
		return out
	}
	for p, s := range standings() {
		if s.JuryMean != 0 {
			t.Fatalf("before scoring, %s has jury mean %v", p, s.JuryMean)
		}
	}

	list := h.Send(bottest.Text(jurorA, "/jury"))
	if got := bottest.Texts(list); !strings.Contains(got, "Juror A") || !strings.Contains(got, "0/20") {
		t.Fatalf("/jury answered %q", got)
	}
	resp := press(h, jurorA, juryButton(t, list, "j:next").Data)
	totals := map[string]int{}
	for p := range 20 {
		m := resp.Messages[0]
		if m.EditMessageID != "m1" {
			t.Fatalf("project %d: the sheet is not edited in place: %+v", p, m)
		}
		if strings.Count(m.Text, "\n") < 15 || !strings.Contains(m.Text, "PORTAGE") || !strings.Contains(m.Text, "CONTENU") || !strings.Contains(m.Text, "CONTEXTE") {
			t.Fatalf("project %d: sheet without the grouped grid: %q", p, m.Text)
		}
		total := 0
		for c := range 12 {
			if hasData(resp, fmt.Sprintf("j:u:%d", p)) {
				t.Fatalf("project %d: submit offered with %d of 12 criteria", p, c)
			}
			lv := level(p, c)
			data := fmt.Sprintf("j:s:%d:%d:%d", p, c, lv)
			label := juryButton(t, resp, data).Text
			resp = press(h, jurorA, data)
			total += lv
			if got := juryButton(t, resp, data).Text; got != "✅ "+label {
				t.Fatalf("project %d criterion %d: chosen button reads %q, want it marked", p, c, got)
			}
			if !strings.Contains(resp.Messages[0].Text, fmt.Sprintf("%d/36", total)) {
				t.Fatalf("project %d: running total %d not shown in %q", p, total, resp.Messages[0].Text)
			}
		}
		resp = press(h, jurorA, juryButton(t, resp, fmt.Sprintf("j:u:%d", p)).Data)
		if want := bot.T(bot.FR, "jury.submitted", total, 36); resp.Answer != want {
			t.Fatalf("project %d: submit answered %q, want %q", p, resp.Answer, want)
		}
		// The submitted sheet gives way to the next project to score.
		if got := bottest.Texts(resp); p < 19 && (!hasData(resp, fmt.Sprintf("j:o:%d", p+1)) || !strings.Contains(got, "Projet suivant à noter : "+fmt.Sprint(p+2))) {
			t.Fatalf("project %d: after submitting, the next project is not offered: %q %+v", p, got, bottest.Buttons(resp))
		} else if p == 19 && !strings.Contains(got, bot.T(bot.FR, "jury.all_done")) {
			t.Fatalf("last project: after submitting, no thanks: %q", got)
		}
		var id string
		if err := h.Store.DB().Get(&id, `SELECT id FROM projects WHERE contest_id = $1 AND shortlisted ORDER BY position, id OFFSET $2 LIMIT 1`, h.Edition.ID, p); err != nil {
			t.Fatal(err)
		}
		totals[id] = total
		resp = press(h, jurorA, "j:next")
	}
	if resp.Answer != bot.T(bot.FR, "jury.all_done") || !strings.Contains(bottest.Texts(resp), "20/20") {
		t.Errorf("after 20 sheets, next answered %q / %q", resp.Answer, bottest.Texts(resp))
	}
	after := standings()
	best := 0
	for _, v := range totals {
		best = max(best, v)
	}
	for id, total := range totals {
		s := after[id]
		if s.JuryMean != float64(total) || s.Jurors != 1 {
			t.Errorf("%s: jury mean %v from %d jurors, want %d from 1", id, s.JuryMean, s.Jurors, total)
		}
		if want := 75 * float64(total) / float64(best); s.JuryPoints-want > 1e-9 || want-s.JuryPoints > 1e-9 {
			t.Errorf("%s: jury points %v, want %v", id, s.JuryPoints, want)
		}
	}
	status, err := h.Store.JuryStatus(ctx, h.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	if status[0].Name != "Juror A" || status[0].Scored != 20 || status[0].Left() != 0 {
		t.Errorf("Juror A's status = %+v, want 20 scored", status[0])
	}

	// A revision during the phase reopens the sheet; after the close it is refused.
	resp = press(h, jurorA, fmt.Sprintf("j:s:0:0:%d", (level(0, 0)+1)%4))
	if resp.Answer != bot.T(bot.FR, "jury.reopened") || !hasData(resp, "j:u:0") {
		t.Errorf("revision answered %q, buttons %+v", resp.Answer, bottest.Buttons(resp))
	}
	press(h, jurorA, "j:u:0")
	h.SetNow(juryClosed)
	before := juryCounts(t, h)
	resp = press(h, jurorA, fmt.Sprintf("j:s:0:0:%d", level(0, 0)))
	if resp.Answer != bot.T(bot.FR, "jury.closed") || hasData(resp, "j:s:") || hasData(resp, "j:u:") {
		t.Errorf("revision after close answered %q with buttons %+v", resp.Answer, bottest.Buttons(resp))
	}
	if !strings.Contains(bottest.Texts(resp), bot.T(bot.FR, "jury.read_only")) {
		t.Errorf("the read-only sheet does not say so: %q", bottest.Texts(resp))
	}
	if got := juryCounts(t, h); got != before {
		t.Errorf("refused revision changed counts %v -> %v", before, got)
	}
	if s := standings()[firstShortlisted(t, h)]; s.JuryMean != float64(totals[firstShortlisted(t, h)]-level(0, 0)+(level(0, 0)+1)%4) {
		t.Errorf("after close, the revised project's mean is %v", s.JuryMean)
	}
}

func firstShortlisted(t *testing.T, h *bottest.Harness) string {
	t.Helper()
	var id string
	if err := h.Store.DB().Get(&id, `SELECT id FROM projects WHERE contest_id = $1 AND shortlisted ORDER BY position, id LIMIT 1`, h.Edition.ID); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestJuryDraftsSurviveARestart(t *testing.T) {
	t.Parallel()
	h := juryHarness(t)
	for c := range 5 {
		press(h, jurorA, fmt.Sprintf("j:s:3:%d:2", c))
	}
	restarted := bot.New(bot.Config{Store: h.Store, NowFunc: h.Now, Log: slog.New(slog.DiscardHandler)})
	resp, err := restarted.Handle(context.Background(), bot.Event{Platform: bot.Telegram, UpdateID: "restart-1", UserID: jurorA, ChatID: jurorA, Text: "/jury"})
	if err != nil {
		t.Fatal(err)
	}
	if got := bottest.Texts(resp); !strings.Contains(got, "4. ") || !strings.Contains(got, bot.T(bot.FR, "jury.draft_detail", 5, 12)) {
		t.Errorf("after a restart, the list reads %q; want project 4 as a draft with 5/12", got)
	}
	resp, err = restarted.Handle(context.Background(), bot.Event{Platform: bot.Telegram, UpdateID: "restart-2", UserID: jurorA, ChatID: jurorA,
		Callback: &bot.Callback{ID: "x", Data: "j:o:3", MessageID: "m9"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := juryButton(t, resp, "j:s:3:4:2").Text; !strings.HasPrefix(got, "✅") {
		t.Errorf("after a restart, the draft's choice is not marked: %q", got)
	}
	if got := resp.Messages[0].Text; !strings.Contains(got, "10/36") {
		t.Errorf("after a restart, the draft's total is not 10: %q", got)
	}
}

func TestJuryNonJurorsAndConflicts(t *testing.T) {
	t.Parallel()
	h := juryHarness(t)
	unknown := h.Send(bottest.Press("42", "zz:1"))
	before := juryCounts(t, h)
	for _, data := range []string{"j:s:0:0:2", "j:next", "j:o:0", "j:cy:0", "j:l"} {
		if got := h.Send(bottest.Press("42", data)); got.Answer != unknown.Answer || len(got.Messages) != len(unknown.Messages) {
			t.Errorf("non-juror pressing %s got %+v, an unknown button %+v", data, got, unknown)
		}
	}
	if got := juryCounts(t, h); got != before {
		t.Errorf("a non-juror changed counts %v -> %v", before, got)
	}

	// Juror B declares a conflict on project 1, after a confirmation.
	press(h, jurorB, "j:s:0:0:3")
	resp := press(h, jurorB, "j:c:0")
	if !strings.Contains(bottest.Texts(resp), "?") || !hasData(resp, "j:cy:0") {
		t.Fatalf("conflict without a confirmation: %q", bottest.Texts(resp))
	}
	resp = press(h, jurorB, "j:cy:0")
	if resp.Answer != bot.T(bot.FR, "jury.conflict_done") || hasData(resp, "j:s:0:") {
		t.Errorf("conflict answered %q with buttons %+v", resp.Answer, bottest.Buttons(resp))
	}
	before = juryCounts(t, h)
	resp = press(h, jurorB, "j:s:0:1:2")
	if resp.Answer != bot.T(bot.FR, "jury.conflict_refused") {
		t.Errorf("scoring in conflict answered %q", resp.Answer)
	}
	if got := juryCounts(t, h); got != before {
		t.Errorf("scoring in conflict changed counts %v -> %v", before, got)
	}
	if got := bottest.Texts(h.Send(bottest.Text(jurorB, "/jury"))); !strings.Contains(got, "🚫 1. ") || !strings.Contains(got, "0/19") {
		t.Errorf("the list does not show the conflict: %q", got)
	}
	var audited int
	if err := h.Store.DB().Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'jury conflict' AND actor_id = $1`, jurorB); err != nil || audited != 1 {
		t.Errorf("%d conflict audit rows (err %v), want 1", audited, err)
	}

	// An organiser withdraws it, then sets one for Juror A; both audited.
	first := firstShortlisted(t, h)
	adminRun(t, h, admin, "conflict Juror B "+first+" off")
	if resp := press(h, jurorB, "j:s:0:1:2"); !strings.Contains(resp.Answer, "2.") || !hasData(resp, "j:s:0:1:") {
		t.Errorf("after the organiser withdrew the conflict, scoring answered %q", resp.Answer)
	}
	adminRun(t, h, admin, "conflict Juror A "+first)
	if resp := press(h, jurorA, "j:s:0:0:1"); resp.Answer != bot.T(bot.FR, "jury.conflict_refused") {
		t.Errorf("Juror A scoring after the organiser's conflict answered %q", resp.Answer)
	}
	if err := h.Store.DB().Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'jury conflict' AND actor_id = $1`, admin); err != nil || audited != 2 {
		t.Errorf("%d organiser conflict audit rows (err %v), want 2", audited, err)
	}
	if got := bottest.Texts(adminRun(t, h, admin, "conflict Nobody "+first)); !strings.HasPrefix(got, bot.ErrorMark) {
		t.Errorf("a conflict for an unknown juror answered %q", got)
	}
}

func TestJuryForgedButtons(t *testing.T) {
	t.Parallel()
	h := juryHarness(t)
	press(h, jurorA, "j:s:0:0:1")
	before := juryCounts(t, h)
	bad := bot.T(bot.FR, "jury.bad_button")
	for _, data := range []string{
		"j:s:20:0:1",  // project past the shortlist
		"j:s:0:12:1",  // criterion past the grid
		"j:s:0:0:4",   // level above the scale
		"j:s:0:0:-1",  // level below the scale
		"j:s:-1:0:1",  // negative project
		"j:s:00:0:1",  // not the canonical form
		"j:s:0:0:+2",  // nor this
		"j:s:0:0: 2",  // nor this
		"j:s:0:0",     // too few parts
		"j:s:0:0:1:1", // too many parts
		"j:s:a:b:c",   // not numbers
		"j:s:9999999999999999999:0:1",
		"j:o:20", "j:u:20", "j:c:20", "j:cy:20", "j:i:0:12",
		"j:x:0", "j:", "j:next:0", "j:l:1", "j:s::::",
	} {
		resp := press(h, jurorA, data)
		if resp.Answer != bad || len(resp.Messages) != 0 {
			t.Errorf("%q answered %q with %d messages, want the bad-button answer and nothing else", data, resp.Answer, len(resp.Messages))
		}
	}
	if got := juryCounts(t, h); got != before {
		t.Errorf("forged buttons changed counts %v -> %v", before, got)
	}
	// Submitting an incomplete sheet is refused too.
	if resp := press(h, jurorA, "j:u:0"); resp.Answer != bot.T(bot.FR, "jury.incomplete") {
		t.Errorf("incomplete submit answered %q", resp.Answer)
	}
	if resp := press(h, jurorA, "j:u:1"); resp.Answer != bot.T(bot.FR, "jury.incomplete") {
		t.Errorf("submit of an untouched sheet answered %q", resp.Answer)
	}
	if got := juryCounts(t, h); got != before {
		t.Errorf("refused submissions changed counts %v -> %v", before, got)
	}
	// Every button the bot draws fits Telegram's 64 bytes.
	for _, resp := range []*bot.Response{press(h, jurorA, "j:o:19"), h.Send(bottest.Text(jurorA, "/jury"))} {
		for _, b := range bottest.Buttons(resp) {
			if len(b.Data) > bot.MaxCallbackData {
				t.Errorf("button %q has %d bytes of data", b.Text, len(b.Data))
			}
		}
		if n := len(bottest.Buttons(resp)); n > bot.MaxButtons {
			t.Errorf("%d buttons, more than Telegram allows", n)
		}
	}
}

// TestHelpDependsOnWhoAsks: /help names /jury to a juror and /admin to an
// organiser, and neither to a voter.
func TestHelpDependsOnWhoAsks(t *testing.T) {
	t.Parallel()
	h := juryHarness(t)
	for _, tc := range []struct {
		user                string
		wantJury, wantAdmin bool
	}{
		{"555", false, false},
		{jurorA, true, false},
		{admin, false, true},
	} {
		got := bottest.Texts(h.Send(bottest.Lang(bottest.Text(tc.user, "/help"), "en")))
		if strings.Contains(got, "/jury") != tc.wantJury || strings.Contains(got, "/admin") != tc.wantAdmin {
			t.Errorf("/help to %s (juror %v, organiser %v):\n%s", tc.user, tc.wantJury, tc.wantAdmin, got)
		}
		if !strings.Contains(got, "/projects") {
			t.Errorf("/help to %s lacks everyone's commands:\n%s", tc.user, got)
		}
	}
}

// TestRefusedJurySubmissionLeavesTheSheet: a juror's form that is refused
// halfway (the organiser closed the jury phase while it was being saved, so
// a later score is refused with contest.Closed) leaves the sheet as it was:
// the scores written before the refusal are rolled back with it. The update
// is still recorded, so a redelivery does nothing.
func TestRefusedJurySubmissionLeavesTheSheet(t *testing.T) {
	t.Parallel()
	h := juryHarness(t)
	ctx := context.Background()
	grid := h.Edition.Contest.Grid
	// A draft: criterion 1 of the first project scored in the chat.
	press(h, jurorA, "j:s:0:1:2")
	var j store.Juror
	sheet := func() (store.Sheet, string) {
		t.Helper()
		var sh store.Sheet
		var comment string
		err := h.Store.InTx(ctx, func(tx *store.Tx) error {
			var err error
			if j, err = tx.JurorByPlatform(ctx, h.Edition.ID, bot.Telegram, jurorA); err != nil {
				return err
			}
			sheets, err := tx.JurorSheets(ctx, j)
			if err != nil {
				return err
			}
			sh = sheets[0]
			comment, err = tx.SheetComment(ctx, j, sh.Project.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return sh, comment
	}
	before, beforeComment := sheet()
	if len(before.Scores) != 1 || before.Status() != store.SheetDraft {
		t.Fatalf("the draft holds %v (%s)", before.Scores, before.Status())
	}

	// The organiser's transaction holds criterion 1's score, so the form's
	// save waits there, after criterion 0 is written; meanwhile it closes
	// the jury phase (the bot's cached contest still has it open).
	org, err := h.Store.DB().BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer org.Rollback()
	if _, err := org.ExecContext(ctx, `SELECT FROM scores WHERE juror_id = $1 AND project_id = $2 AND criterion = $3 FOR UPDATE`,
		j.ID, before.Project.ID, grid.Criteria[1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := org.ExecContext(ctx, `UPDATE phases SET end_at = $3 WHERE contest_id = $1 AND name = $2`,
		h.Edition.ID, contest.PhaseJuryVote, h.Now()); err != nil {
		t.Fatal(err)
	}
	form := bottest.Press(jurorA, "jf:0")
	form.UpdateID = "refused-form"
	form.Form = map[string]string{bot.FormComment: "written before the refusal"}
	for _, c := range grid.Criteria {
		form.Form[c.ID] = "3"
	}
	type result struct {
		resp *bot.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := h.Handle(form)
		done <- result{resp, err}
	}()
	waitForLock(t, h, "INSERT INTO scores")
	if err := org.Commit(); err != nil {
		t.Fatal(err)
	}
	res := <-done
	if res.err != nil {
		t.Fatal(res.err)
	}
	if got, want := bottest.Texts(res.resp), bot.T(bot.FR, "error.closed"); !strings.Contains(got, want) {
		t.Fatalf("the refused form answered %q, want %q", got, want)
	}
	after, afterComment := sheet()
	if fmt.Sprint(after.Scores) != fmt.Sprint(before.Scores) || after.Status() != before.Status() || afterComment != beforeComment {
		t.Fatalf("the refused form changed the sheet: %v %s %q, was %v %s %q",
			after.Scores, after.Status(), afterComment, before.Scores, before.Status(), beforeComment)
	}
	if again := h.Send(form); !again.Duplicate {
		t.Fatalf("the refused form's update was not recorded: its redelivery answered %q", bottest.Texts(again))
	}
}

// waitForLock waits until a statement of h's database starting with query
// waits for a lock.
func waitForLock(t *testing.T, h *bottest.Harness, query string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		var n int
		if err := h.Store.DB().Get(&n, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND starts_with(query, $1)`, query); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no statement %q waits for a lock", query)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
