package bot_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"prixbot/bot"
	"prixbot/bot/bottest"
	"prixbot/bot/report"
	"prixbot/contest"
	"prixbot/store"
)

const organiser = "42"

func newAdminHarness(t *testing.T, opts *bottest.Options) *bottest.Harness {
	t.Helper()
	if opts == nil {
		opts = &bottest.Options{}
	}
	opts.Admins = append(opts.Admins, "telegram:"+organiser)
	return bottest.New(t, opts)
}

// adminRun sends "/admin cmd" as user and, when the bot asks for a
// confirmation, presses Confirm; it returns the last response.
func adminRun(t *testing.T, h *bottest.Harness, user, cmd string) *bot.Response {
	t.Helper()
	resp := h.Send(bottest.Text(user, "/admin "+cmd))
	for _, b := range bottest.Buttons(resp) {
		if strings.HasPrefix(b.Data, "a:y:") {
			return h.Send(bottest.Press(user, b.Data))
		}
	}
	return resp
}

// person is a voter with every kind of personal data prixbot may hold.
type person struct {
	id, username, name, phone string
}

func (p person) event(ev bot.Event) bot.Event {
	ev.Username, ev.Name = p.username, p.name
	return ev
}

// vote takes p through the real voter conversation: Vote on a card, their
// own contact, confirmation. It returns the receipt.
func (p person) vote(t *testing.T, h *bottest.Harness, project string) string {
	t.Helper()
	h.Send(p.event(bottest.Press(p.id, "v:"+project)))
	h.Send(p.event(bottest.Contact(p.id, p.id, p.phone)))
	resp := h.Send(p.event(bottest.Press(p.id, "c:"+project)))
	code := receiptCode.FindString(bottest.Texts(resp))
	if code == "" {
		t.Fatalf("%s: no receipt after voting: %q", p.id, bottest.Texts(resp))
	}
	h.Send(p.event(bottest.Text(p.id, "/subscribe")))
	return code
}

func voters(n int) []person {
	out := make([]person, n)
	for i := range out {
		out[i] = person{id: fmt.Sprint(7770001 + i), username: fmt.Sprintf("voter_%c%c", 'q'+i%8, 'k'+i/8),
			name: fmt.Sprintf("Zoë Testvoter %c", 'A'+i), phone: phone(900 + i)}
	}
	return out
}

// fingerprint hashes the content of every table a command could change
// (not accounts and processed_updates, which every message touches).
func fingerprint(t *testing.T, st *store.Store) string {
	t.Helper()
	var tables []string
	if err := st.DB().Select(&tables, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'
		AND tablename NOT IN ('accounts', 'processed_updates', 'goose_db_version') ORDER BY tablename`); err != nil {
		t.Fatal(err)
	}
	// One statement for every table: tests take dozens of fingerprints.
	sums := make([]string, len(tables))
	for i, table := range tables {
		sums[i] = fmt.Sprintf(`SELECT %s || '=' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM %s t`,
			pq.QuoteLiteral(table), pq.QuoteIdentifier(table))
	}
	var rows []string
	if err := st.DB().Select(&rows, strings.Join(sums, " UNION ALL ")); err != nil {
		t.Fatal(err)
	}
	slices.Sort(rows)
	return strings.Join(rows, " ")
}

func auditCount(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.DB().Get(&n, `SELECT count(*) FROM audit_log`); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAdminRefusesNonOrganisers runs every admin command, and a confirmation
// press, as someone who is not an organiser: each gets the same short
// refusal and nothing changes.
func TestAdminRefusesNonOrganisers(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	p := voters(1)[0]
	receipt := p.vote(t, h, "repair-cafe-mobile")
	// A pending confirmation of the organiser's, which the stranger will press.
	resp := h.Send(bottest.Text(organiser, "/admin shortlist remove ecole-des-devoirs-volante"))
	var token string
	for _, b := range bottest.Buttons(resp) {
		if strings.HasPrefix(b.Data, "a:y:") {
			token = b.Data
		}
	}
	if token == "" {
		t.Fatalf("shortlist asked for no confirmation: %q", bottest.Texts(resp))
	}
	refusal := bot.T(bot.FR, "error.forbidden")
	cases := map[string]string{
		"status":     "/admin status",
		"phase":      "/admin phase close public_vote",
		"shortlist":  "/admin shortlist remove repair-cafe-mobile",
		"tally":      "/admin tally",
		"remind":     "/admin remind jurors",
		"results":    "/admin results",
		"announce":   "/admin announce",
		"export":     "/admin export votes",
		"void":       "/admin void " + receipt + " fraud",
		"restore":    "/admin restore " + receipt,
		"forget":     "/admin forget telegram:" + p.id,
		"audit":      "/admin audit 5",
		"invite":     "/admin invite Juror Z",
		"suspicious": "/admin suspicious",
		"conflict":   "/admin conflict Juror A repair-cafe-mobile",
		"retention":  "/admin retention",
		"web":        "/admin web",
	}
	for _, name := range bot.AdminCommandNames() {
		if _, ok := cases[name]; !ok {
			t.Errorf("command %q is not in the table", name)
		}
	}
	cases["(bare)"] = "/admin"
	cases["(unknown)"] = "/admin nonsense"
	cases["(confirm button)"] = token
	cases["(cancel button)"] = strings.Replace(token, "a:y:", "a:n:", 1)
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			before := fingerprint(t, h.Store)
			var ev bot.Event
			if strings.HasPrefix(text, "a:") {
				ev = bottest.Press("666", text)
			} else {
				ev = bottest.Text("666", text)
			}
			resp := h.Send(ev)
			if got := bottest.Texts(resp); got != refusal+"\n" {
				t.Errorf("reply %q, want only %q", got, refusal)
			}
			if len(bottest.Buttons(resp)) > 0 || (len(resp.Messages) > 0 && resp.Messages[0].Document != nil) {
				t.Errorf("the refusal carries buttons or a document: %+v", resp)
			}
			if after := fingerprint(t, h.Store); after != before {
				t.Errorf("the database changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
	// The organiser's confirmation survived the stranger's press.
	if resp := h.Send(bottest.Press(organiser, token)); strings.Contains(bottest.Texts(resp), bot.ErrorMark) {
		t.Errorf("the organiser's own confirmation no longer works: %q", bottest.Texts(resp))
	}
}

// TestAdminChangesAreAuditedAndIdempotent runs each state-changing command
// as an organiser: it asks for confirmation, writes one audit row naming
// the organiser in the transaction of the change, and running it again
// changes nothing and writes nothing.
func TestAdminChangesAreAuditedAndIdempotent(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	ps := voters(2)
	receipt := ps[0].vote(t, h, "repair-cafe-mobile")
	ps[1].vote(t, h, "repair-cafe-mobile")
	steps := []struct {
		cmd, action string
		again       bool // running it again changes nothing
	}{
		{"phase extend jury_vote until 2027-02-01T23:59", "phase extend", true},
		{"shortlist remove ecole-des-devoirs-volante", "shortlist remove", true},
		{"shortlist add ecole-des-devoirs-volante", "shortlist add", true},
		{"void " + receipt + " same phone block", "void", true},
		{"restore " + receipt, "restore", true},
		{"remind jurors", "remind jurors", true},
		{"forget telegram:" + ps[1].id, "forget", false}, // the account is gone: not found
		{"invite Juror C", "jury invite", false},         // a new code each time
		{"phase close public_vote", "phase close", true},
		{"phase open jury_vote", "phase open", true},
		{"phase close jury_vote", "phase close", true},
		{"announce", "announce", true},
	}
	for _, s := range steps {
		h.Advance(time.Minute) // a phase opened at one step can close at the next
		ask := h.Send(bottest.Text(organiser, "/admin "+s.cmd))
		if len(bottest.Buttons(ask)) != 2 {
			t.Fatalf("%s: no confirmation asked: %q", s.cmd, bottest.Texts(ask))
		}
		before := auditCount(t, h.Store)
		resp := h.Send(bottest.Press(organiser, bottest.Buttons(ask)[0].Data))
		if strings.Contains(bottest.Texts(resp), bot.ErrorMark) {
			t.Fatalf("%s: %q", s.cmd, bottest.Texts(resp))
		}
		var rows []store.AuditEntry
		if err := h.Store.DB().Select(&rows, `SELECT id, at, contest_id, actor_platform, actor_id, action, target,
			COALESCE(before, 'null') AS before, COALESCE(after, 'null') AS after FROM audit_log WHERE id > (SELECT max(id) FROM audit_log) - $1 ORDER BY id`,
			auditCount(t, h.Store)-before); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Action != s.action || rows[0].ActorPlatform != bot.Telegram || rows[0].ActorID != organiser {
			t.Fatalf("%s: audit rows %+v, want one %q by telegram:%s", s.cmd, rows, s.action, organiser)
		}
		// Pressing the same button again is refused; it changes nothing.
		if resp := h.Send(bottest.Press(organiser, bottest.Buttons(ask)[0].Data)); !strings.Contains(bottest.Texts(resp), bot.ErrorMark) {
			t.Errorf("%s: a second press of Confirm did something: %q", s.cmd, bottest.Texts(resp))
		}
		if !s.again {
			continue
		}
		print := fingerprint(t, h.Store)
		adminRun(t, h, organiser, s.cmd)
		if got := fingerprint(t, h.Store); got != print {
			t.Errorf("%s: running it twice changed the database again", s.cmd)
		}
	}
}

// TestAuditLogIsAppendOnly: no statement can alter or remove audit rows,
// and no code in the repository tries.
func TestAuditLogIsAppendOnly(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	adminRun(t, h, organiser, "shortlist remove ecole-des-devoirs-volante")
	n := auditCount(t, h.Store)
	for _, stmt := range []string{
		`UPDATE audit_log SET action = 'nothing'`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
	} {
		if _, err := h.Store.DB().Exec(stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err %v, want the append-only refusal", stmt, err)
		}
	}
	if got := auditCount(t, h.Store); got != n {
		t.Errorf("audit rows %d, want %d", got, n)
	}
	alter := regexp.MustCompile(`(?i)(update\s+audit_log|delete\s+from\s+audit_log|truncate\s+(table\s+)?audit_log)`)
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if loc := alter.FindIndex(src); loc != nil {
			t.Errorf("%s alters the audit log: %q", path, src[loc[0]:loc[1]])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

type outboxRow struct {
	Key       string    `db:"dedupe_key"`
	Platform  string    `db:"platform"`
	Chat      string    `db:"chat_id"`
	Payload   []byte    `db:"payload"`
	NotBefore time.Time `db:"not_before"`
}

func announcements(t *testing.T, st *store.Store) []outboxRow {
	t.Helper()
	var rows []outboxRow
	if err := st.DB().Select(&rows, `SELECT dedupe_key, platform, chat_id, payload, not_before FROM outbox WHERE kind = 'announce' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestAnnounceOnceMatchesResults announces twice: one set of messages (3rd,
// 2nd, 1st, to every subscriber and both channels; the chart only on the
// channels' 1st, subscribers' rows small text), and what is announced is the
// ranking `prixbot results` prints.
func TestAnnounceOnceMatchesResults(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, &bottest.Options{Configure: func(c *bot.Config) {
		c.SlackAnnounceChannel, c.TelegramAnnounceChannel = "C0ANNOUNCE", "@prixchannel"
	}})
	ps := voters(6)
	for i, p := range ps {
		p.vote(t, h, []string{"repair-cafe-mobile", "repair-cafe-mobile", "repair-cafe-mobile", "ecole-des-devoirs-volante", "ecole-des-devoirs-volante", "atelier-numerique-seniors"}[i])
	}
	h.SetNow(bottest.AfterJury)
	ctx := context.Background()
	_, want, err := report.Standings(ctx, h.Store)
	if err != nil {
		t.Fatal(err)
	}
	var wantCSV bytes.Buffer
	if err := report.WriteResultsCSV(&wantCSV, want); err != nil {
		t.Fatal(err)
	}

	resp := adminRun(t, h, organiser, "announce")
	sent := announcements(t, h.Store)
	if len(sent) != (len(ps)+2)*3 {
		t.Fatalf("%d announcement messages, want %d (6 subscribers and 2 channels, 3 steps)", len(sent), (len(ps)+2)*3)
	}
	var gotCSV []byte
	for _, m := range resp.Messages {
		if m.Document != nil && m.Document.MIME == "text/csv" {
			gotCSV = m.Document.Content
		}
	}
	if !bytes.Equal(gotCSV, wantCSV.Bytes()) {
		t.Errorf("the organiser's results:\n%s\nwant `prixbot results --format csv`:\n%s", gotCSV, wantCSV.String())
	}
	// Each recipient: 3rd, then 2nd, then 1st with the chart, a minute apart.
	byChat := map[string][]outboxRow{}
	for _, r := range sent {
		byChat[r.Platform+"/"+r.Chat] = append(byChat[r.Platform+"/"+r.Chat], r)
	}
	for chat, rows := range byChat {
		slices.SortFunc(rows, func(a, b outboxRow) int { return a.NotBefore.Compare(b.NotBefore) })
		for i, r := range rows {
			var m bot.Message
			if err := json.Unmarshal(r.Payload, &m); err != nil {
				t.Fatal(err)
			}
			s := want[2-i]
			if prize := bot.FormatNumber(bot.FR, s.Prize); !strings.Contains(m.Text, s.Name) || !strings.Contains(m.Text, prize) {
				t.Errorf("%s step %d: %q, want %s and %s €", chat, i, m.Text, s.Name, prize)
			}
			channel := r.Chat == "C0ANNOUNCE" || r.Chat == "@prixchannel"
			if wantChart := channel && i == 2; (m.Document != nil) != wantChart || (wantChart && !bytes.HasPrefix(m.Document.Content, []byte("\x89PNG"))) {
				t.Errorf("%s step %d: chart %v, want a PNG on a channel's last step only", chat, i, m.Document != nil)
			}
			if !channel && len(r.Payload) >= 4<<10 {
				t.Errorf("%s step %d: a subscriber's row holds %d bytes, want under 4 KB", chat, i, len(r.Payload))
			}
		}
	}
	var snapshot []byte
	if err := h.Store.DB().Get(&snapshot, `SELECT after FROM audit_log WHERE action = 'announce'`); err != nil {
		t.Fatal(err)
	}
	var doc struct{ Standings []report.StandingJSON }
	if err := json.Unmarshal(snapshot, &doc); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(doc.Standings, report.ResultsJSON(want)) {
		t.Errorf("audited standings %+v, want %+v", doc.Standings, report.ResultsJSON(want))
	}

	resp = adminRun(t, h, organiser, "announce")
	if !strings.Contains(bottest.Texts(resp), bot.T(bot.FR, "admin.already_announced", "")[:20]) {
		t.Errorf("second announce: %q", bottest.Texts(resp))
	}
	if again := announcements(t, h.Store); len(again) != len(sent) {
		t.Errorf("announcing twice: %d messages, want %d", len(again), len(sent))
	}
}

// TestAnnounceWaitsForBothVotes: announcing is refused, saying from when it
// is possible, until the public vote and then the jury vote are over.
func TestAnnounceWaitsForBothVotes(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	voters(1)[0].vote(t, h, "repair-cafe-mobile")
	for _, tc := range []struct {
		name string
		now  time.Time
		want string // in the refusal; "" for an announcement
	}{
		{"public vote open", bottest.VoteOpen, "(public_vote) se termine le 20 décembre 2026 à 23:59 ; les résultats pourront être annoncés ensuite. Pour la terminer maintenant : /admin phase close public_vote"},
		{"jury vote open", bottest.AfterVote, "(jury_vote) se termine le 31 janvier 2027 à 23:59 ; les résultats pourront être annoncés ensuite. Pour la terminer maintenant : /admin phase close jury_vote"},
		{"both over", bottest.AfterJury, ""},
	} {
		h.SetNow(tc.now)
		text := bottest.Texts(adminRun(t, h, organiser, "announce"))
		sent := len(announcements(t, h.Store))
		switch {
		case tc.want != "" && (!strings.Contains(text, bot.ErrorMark) || !strings.Contains(text, tc.want) || sent != 0):
			t.Errorf("%s: %q and %d messages; want a refusal saying %q and nothing sent", tc.name, text, sent, tc.want)
		case tc.want == "" && sent == 0:
			t.Errorf("%s: nothing announced: %q", tc.name, text)
		}
	}
}

// TestVoidRestoreChangesResultsExactly voids a project's votes: it loses
// exactly those votes in the ranking; restoring gives the ranking back.
func TestVoidRestoreChangesResultsExactly(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	ctx := context.Background()
	ps := voters(5)
	var receipts []string
	for i, p := range ps {
		receipts = append(receipts, p.vote(t, h, []string{"repair-cafe-mobile", "repair-cafe-mobile", "repair-cafe-mobile", "ecole-des-devoirs-volante", "ecole-des-devoirs-volante"}[i]))
	}
	_, before, err := report.Standings(ctx, h.Store)
	if err != nil {
		t.Fatal(err)
	}
	resp := adminRun(t, h, organiser, "void "+receipts[0]+","+receipts[1]+" burst from one block")
	if !strings.Contains(bottest.Texts(resp), "2") {
		t.Fatalf("void: %q", bottest.Texts(resp))
	}
	_, voided, err := report.Standings(ctx, h.Store)
	if err != nil {
		t.Fatal(err)
	}
	// By hand: repair-cafe-mobile 1 vote, ecole-des-devoirs-volante 2 (now V).
	in, err := h.Store.RankInput(ctx, h.Edition.ID)
	if err != nil {
		t.Fatal(err)
	}
	if in.Votes["repair-cafe-mobile"] != 1 || in.Votes["ecole-des-devoirs-volante"] != 2 {
		t.Fatalf("votes after void %v", in.Votes)
	}
	wantVoided := contest.Rank(h.Edition.Contest, contest.RankInput{Projects: in.Projects,
		Votes: map[string]int{"repair-cafe-mobile": 1, "ecole-des-devoirs-volante": 2}, Sheets: in.Sheets})
	if !reflect.DeepEqual(voided, wantVoided) {
		t.Errorf("results after void differ from the hand-made tally")
	}
	if voided[0].Project != "ecole-des-devoirs-volante" || voided[0].PublicPoints != 25 {
		t.Errorf("first after void: %+v", voided[0])
	}
	adminRun(t, h, organiser, "restore "+receipts[0]+","+receipts[1])
	_, restored, err := report.Standings(ctx, h.Store)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(restored, before) {
		t.Errorf("results after restore differ from before the void")
	}
	// A voter reference voids all their votes; the reason is kept.
	var voterID int64
	if err := h.Store.DB().Get(&voterID, `SELECT voter_id FROM votes WHERE receipt = $1`, receipts[3]); err != nil {
		t.Fatal(err)
	}
	adminRun(t, h, organiser, fmt.Sprintf("void voter:%d duplicate person", voterID))
	var reason string
	if err := h.Store.DB().Get(&reason, `SELECT void_reason FROM votes WHERE receipt = $1`, receipts[3]); err != nil || reason != "duplicate person" {
		t.Errorf("void reason %q, %v", reason, err)
	}
}

func parseCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, b)
	}
	return rows
}

func exportDoc(t *testing.T, h *bottest.Harness, kind string) []byte {
	t.Helper()
	resp := adminRun(t, h, organiser, "export "+kind)
	for _, m := range resp.Messages {
		if m.Document != nil {
			return m.Document.Content
		}
	}
	t.Fatalf("export %s: no document in %q", kind, bottest.Texts(resp))
	return nil
}

// TestExportsMatchTheDatabase: the chat exports parse as CSV and hold what
// the database holds; the published receipts are exactly the counted votes'.
func TestExportsMatchTheDatabase(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)
	ps := voters(4)
	var receipts []string
	for _, p := range ps {
		receipts = append(receipts, p.vote(t, h, "repair-cafe-mobile"))
	}
	adminRun(t, h, organiser, "void "+receipts[2]+" test")

	votes := parseCSV(t, exportDoc(t, h, "votes"))
	var db []struct {
		ID      int64   `db:"id"`
		Project string  `db:"project_id"`
		Reason  *string `db:"void_reason"`
	}
	if err := h.Store.DB().Select(&db, `SELECT id, project_id, void_reason FROM votes ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(votes) != len(db)+1 || strings.Join(votes[0], ",") != "id,project,platform,cast_at,voided_at,void_reason" {
		t.Fatalf("votes export %v, database %d rows", votes, len(db))
	}
	for i, v := range db {
		row := votes[i+1]
		reason := ""
		if v.Reason != nil {
			reason = *v.Reason
		}
		if row[0] != fmt.Sprint(v.ID) || row[1] != v.Project || row[5] != reason || (row[4] == "") != (v.Reason == nil) {
			t.Errorf("votes row %v, database %+v", row, v)
		}
	}
	for _, r := range votes {
		for _, cell := range r {
			if slices.Contains(receipts, cell) {
				t.Errorf("the votes export reveals a receipt: %v", r)
			}
		}
	}

	audit := parseCSV(t, exportDoc(t, h, "audit"))
	if len(audit)-1 != auditCount(t, h.Store) {
		t.Errorf("audit export has %d rows, the log %d", len(audit)-1, auditCount(t, h.Store))
	}
	results := parseCSV(t, exportDoc(t, h, "results"))
	if len(results) != 21 || results[1][1] != "repair-cafe-mobile" || results[1][3] != "3" {
		t.Errorf("results export: %v", results[:2])
	}
	scores := parseCSV(t, exportDoc(t, h, "scores"))
	if strings.Join(scores[0], ",") != "juror,project,criterion,score,submitted_at,conflict,updated_at" {
		t.Errorf("scores header %v", scores[0])
	}

	// Receipts: refused before the announcement, then exactly the counted ones.
	if resp := adminRun(t, h, organiser, "export receipts"); !strings.Contains(bottest.Texts(resp), bot.ErrorMark) {
		t.Errorf("receipts before the announcement: %q", bottest.Texts(resp))
	}
	h.SetNow(bottest.AfterJury)
	adminRun(t, h, organiser, "announce")
	var got []string
	for _, r := range parseCSV(t, exportDoc(t, h, "receipts"))[1:] {
		if r[0] != "repair-cafe-mobile" {
			t.Errorf("receipt row %v", r)
		}
		got = append(got, r[1])
	}
	want := []string{receipts[0], receipts[1], receipts[3]}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("published receipts %v, want the counted %v", got, want)
	}
}

// personalValues are the strings under which p's personal data could be
// stored: ids, names, the phone number and its hashes (bytea reads as hex).
func personalValues(p person, pepper []byte) []string {
	e164 := p.phone
	return []string{p.id, p.username, p.name, strings.TrimPrefix(e164, "+"),
		hex.EncodeToString(bot.PhoneHash(pepper, e164))}
}

// leaks returns "table.column has value" for every column of every table
// holding one of values, by column then by value. One statement asks every
// column for every value: the tests ask many times, over a hundred columns.
func leaks(t *testing.T, st *store.Store, values []string) []string {
	t.Helper()
	var cols []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
	}
	// The columns of the tables, as information_schema.columns lists them
	// (which takes ten times as long to ask).
	if err := st.DB().Select(&cols, `SELECT c.relname AS table_name, a.attname AS column_name FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2`); err != nil {
		t.Fatal(err)
	}
	asks := make([]string, len(cols))
	for i, c := range cols {
		asks[i] = fmt.Sprintf(`SELECT %d AS col, v.i FROM unnest($1::text[]) WITH ORDINALITY AS v(s, i)
			WHERE EXISTS (SELECT FROM %s WHERE strpos(%s::text, v.s) > 0)`, i, pq.QuoteIdentifier(c.Table), pq.QuoteIdentifier(c.Column))
	}
	var found []struct {
		Col   int `db:"col"`
		Value int `db:"i"` // 1-based
	}
	if err := st.DB().Select(&found, strings.Join(asks, " UNION ALL ")+" ORDER BY 1, 2", pq.Array(values)); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range found {
		c := cols[f.Col]
		out = append(out, fmt.Sprintf("%s.%s has %q", c.Table, c.Column, values[f.Value-1]))
	}
	return out
}

// TestForgetLeavesNoPersonalData erases voters through the organisers'
// forget, a Telegram voter by @username and by id and a Slack voter by id:
// no column of any table holds anything of theirs afterwards but the
// peppered hash their voter is known by (phone or Slack identity), which
// stops them voting twice while the public vote is open — the scheduler
// drops it once the vote closes — and the totals are the same.
func TestForgetLeavesNoPersonalData(t *testing.T) {
	t.Parallel()
	pepper := []byte("forget-test-pepper")
	h := newAdminHarness(t, &bottest.Options{Pepper: pepper, Configure: func(c *bot.Config) { c.SlackAnnounceChannel = "C0ANNOUNCE" }})
	ctx := context.Background()
	ps := voters(3)
	for _, p := range ps {
		p.vote(t, h, "repair-cafe-mobile")
	}
	sl := person{id: "U0FORGET1", username: "slack_forgettable", name: "Zoë Slackvoter"}
	h.Send(slackEv(sl.event(bottest.Press(sl.id, "v:ecole-des-devoirs-volante")), member))
	if resp := h.Send(slackEv(sl.event(bottest.Press(sl.id, "c:ecole-des-devoirs-volante")), member)); !receiptCode.MatchString(bottest.Texts(resp)) {
		t.Fatalf("the Slack member's vote: %q", bottest.Texts(resp))
	}
	h.Send(slackEv(sl.event(bottest.Text(sl.id, "/subscribe")), member))
	slackHash := hex.EncodeToString(bot.SlackIdentityHash(pepper, sl.id))
	type erased struct {
		cmd    string
		values []string // personal data; the last is the voter's hash, the only one allowed to stay
	}
	tg := func(p person) []string { return personalValues(p, pepper) }
	forgotten := []erased{
		{"forget @" + ps[0].username, tg(ps[0])},
		{"forget telegram:" + ps[1].id, tg(ps[1])},
		{"forget slack:" + sl.id, []string{sl.id, sl.username, sl.name, slackHash}},
	}
	for _, f := range forgotten {
		if l := leaks(t, h.Store, f.values); len(l) < 2 {
			t.Fatalf("%s: the test finds %v before forget: it checks nothing", f.cmd, l)
		}
	}
	_, before, err := report.Standings(ctx, h.Store)
	if err != nil {
		t.Fatal(err)
	}

	for _, f := range forgotten {
		if resp := adminRun(t, h, organiser, f.cmd); strings.Contains(bottest.Texts(resp), bot.ErrorMark) {
			t.Fatalf("%s: %q", f.cmd, bottest.Texts(resp))
		}
	}
	for _, f := range forgotten {
		hash := f.values[len(f.values)-1]
		for _, l := range leaks(t, h.Store, f.values) {
			if l != fmt.Sprintf("voters.phone_hash has %q", hash) {
				t.Errorf("after %s: %s", f.cmd, l)
			}
		}
	}
	if l := leaks(t, h.Store, personalValues(ps[2], pepper)); len(l) == 0 {
		t.Error("the voter nobody forgot was erased too")
	}
	_, after, err := report.Standings(ctx, h.Store)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("totals changed through erasure")
	}
}

// TestSuspiciousReportAndQuarantine: voters from one block of numbers, new
// accounts voting together and votes after a deep-link burst are reported
// with the command that quarantines them; quarantine and restore are votes
// voided and restored.
func TestSuspiciousReportAndQuarantine(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, &bottest.Options{Configure: func(c *bot.Config) {
		c.Fraud = store.FraudThresholds{NewAccounts: 3, PrefixVoters: 3, LinkOpens: 3, LinkVotes: 3}
	}})
	if resp := adminRun(t, h, organiser, "suspicious"); !strings.Contains(bottest.Texts(resp), bot.T(bot.FR, "admin.suspicious_none")) {
		t.Errorf("no votes yet: %q", bottest.Texts(resp))
	}
	for _, p := range voters(4) {
		h.Send(p.event(bottest.Text(p.id, "/start p-repair-cafe-mobile")))
		p.vote(t, h, "repair-cafe-mobile")
	}
	resp := adminRun(t, h, organiser, "suspicious")
	text := bottest.Texts(resp)
	for _, kind := range []string{store.SignalNewAccounts, store.SignalPrefixBlock, store.SignalLinkBurst} {
		if !strings.Contains(text, "/admin void ") || !strings.Contains(text, " "+kind+"\n") {
			t.Errorf("no %s signal in %q", kind, text)
		}
	}
	line := regexp.MustCompile(`/admin void (\S+) ` + store.SignalPrefixBlock).FindStringSubmatch(text)
	if line == nil {
		t.Fatalf("no quarantine command in %q", text)
	}
	votes := h.Votes()
	adminRun(t, h, organiser, "void "+line[1]+" "+store.SignalPrefixBlock)
	if got := h.Votes(); got != votes-4 {
		t.Errorf("after quarantine %d counted votes, want %d", got, votes-4)
	}
	if resp := adminRun(t, h, organiser, "suspicious"); !strings.Contains(bottest.Texts(resp), bot.T(bot.FR, "admin.suspicious_none")) {
		t.Errorf("quarantined votes still reported: %q", bottest.Texts(resp))
	}
	adminRun(t, h, organiser, "restore "+line[1])
	if got := h.Votes(); got != votes {
		t.Errorf("after restore %d counted votes, want %d", got, votes)
	}
}

// TestRetentionErasesAfterTheCeremony: before retention_days have passed
// nothing is erased; after, every voter's identity is, once, with the same totals.
func TestRetentionErasesAfterTheCeremony(t *testing.T) {
	t.Parallel()
	pepper := []byte("retention-pepper")
	h := newAdminHarness(t, &bottest.Options{Pepper: pepper})
	ps := voters(2)
	for _, p := range ps {
		p.vote(t, h, "atelier-numerique-seniors")
	}
	votes := h.Votes()
	h.SetNow(time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)) // ceremony 13 Feb 2027 + 90 days not reached
	adminRun(t, h, organiser, "retention")
	if l := leaks(t, h.Store, personalValues(ps[0], pepper)); len(l) == 0 {
		t.Fatal("erased before retention_days")
	}
	h.SetNow(time.Date(2027, 5, 20, 12, 0, 0, 0, time.UTC))
	resp := adminRun(t, h, organiser, "retention")
	if !strings.Contains(bottest.Texts(resp), "2") {
		t.Errorf("retention: %q", bottest.Texts(resp))
	}
	for _, p := range ps {
		if l := leaks(t, h.Store, personalValues(p, pepper)); len(l) > 0 {
			t.Errorf("%s kept after retention:\n%s", p.id, strings.Join(l, "\n"))
		}
	}
	if h.Votes() != votes {
		t.Errorf("votes %d after retention, want %d", h.Votes(), votes)
	}
	var n int
	if err := h.Store.DB().Get(&n, `SELECT count(*) FROM audit_log WHERE action = 'retention'`); err != nil || n != 1 {
		t.Errorf("%d retention audit rows (%v), want 1", n, err)
	}
}

// TestResponseCarriesRefusalAndConfirmation reads an organiser's commands
// the way a program does, by the Response's fields rather than its texts:
// a state change carries its Confirmation (the same buttons the chat shows),
// pressing its Yes makes the change, pressing a spent one is refused with
// not_found, and a refused command carries its code and the sentence the
// chat shows; a reading command and a stranger get what they should.
func TestResponseCarriesRefusalAndConfirmation(t *testing.T) {
	t.Parallel()
	h := newAdminHarness(t, nil)

	ask := h.Send(bottest.Lang(bottest.Text(organiser, "/admin shortlist remove repair-cafe-mobile"), "en"))
	c := ask.Confirm
	if c == nil || ask.Error != nil {
		t.Fatalf("a state change: Confirm %+v, Error %v; want a confirmation and no error", c, ask.Error)
	}
	if buttons := bottest.Buttons(ask); len(buttons) != 2 || buttons[0] != c.Yes || buttons[1] != c.No {
		t.Errorf("buttons %+v, want the confirmation's Yes and No %+v", buttons, c)
	}
	if c.Yes.Text != "Confirm" || !strings.HasPrefix(c.Yes.Data, "a:y:") || !strings.HasPrefix(c.No.Data, "a:n:") {
		t.Errorf("confirmation %+v", c)
	}
	done := h.Send(bottest.Press(organiser, c.Yes.Data))
	if done.Error != nil || done.Confirm != nil {
		t.Errorf("confirmed: Error %v, Confirm %+v; want neither", done.Error, done.Confirm)
	}
	again := h.Send(bottest.Press(organiser, c.Yes.Data))
	if again.Error == nil || again.Error.Code != contest.NotFound || !strings.Contains(bottest.Texts(again), again.Error.Message) {
		t.Errorf("a spent confirmation: Error %v, texts %q; want not_found with the chat's sentence", again.Error, bottest.Texts(again))
	}

	for _, tc := range []struct {
		name, text, code string
	}{
		{"unknown command", "/admin nonsense", contest.Invalid},
		{"bad arguments", "/admin shortlist", contest.Invalid},
		{"cannot be done", "/admin shortlist add no-such-project", contest.Conflict},
	} {
		resp := h.Send(bottest.Text(organiser, tc.text))
		if resp.Error == nil || resp.Error.Code != tc.code || resp.Confirm != nil {
			t.Errorf("%s: Error %v, Confirm %+v; want code %s and no confirmation", tc.name, resp.Error, resp.Confirm, tc.code)
			continue
		}
		if got := bottest.Texts(resp); got != bot.ErrorMark+resp.Error.Message+"\n" {
			t.Errorf("%s: texts %q, want the Error's message %q after the mark", tc.name, got, resp.Error.Message)
		}
	}
	if resp := h.Send(bottest.Text(organiser, "/admin status")); resp.Error != nil || resp.Confirm != nil {
		t.Errorf("status: Error %v, Confirm %+v; want neither", resp.Error, resp.Confirm)
	}
	if resp := h.Send(bottest.Text("666", "/admin status")); resp.Error == nil || resp.Error.Code != contest.Forbidden {
		t.Errorf("a stranger's command: Error %v, want forbidden", resp.Error)
	}
}

// TestResponseCarriesAnyHandlersRefusal: outside the organisers' commands
// too, a refused Event carries its code in Response.Error, with the
// sentence the user reads and the handler's own error as the cause: a
// message too long to read, and a vote for a project the organisers took
// off the shortlist a moment ago.
func TestResponseCarriesAnyHandlersRefusal(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, &bottest.Options{Configure: func(c *bot.Config) { c.EditionTTL = time.Hour }})
	long := h.Send(bottest.Lang(bottest.Text("1", strings.Repeat("a", bot.MaxTextLen+1)), "en"))
	if long.Error == nil || long.Error.Code != contest.Invalid || long.Error.Message != bot.T(bot.EN, "error.too_long") {
		t.Errorf("a message too long: Error %v", long.Error)
	}
	h.Send(bottest.Lang(bottest.Press("1", "v:alpha-jardin"), "en"))
	mustButton(t, h.Send(bottest.Lang(bottest.Contact("1", "1", phone(1)), "en")), "c:alpha-jardin")
	if _, err := h.Store.DB().Exec(`UPDATE projects SET shortlisted = false WHERE id = 'alpha-jardin'`); err != nil {
		t.Fatal(err)
	}
	resp := h.Send(bottest.Lang(bottest.Press("1", "c:alpha-jardin"), "en"))
	var cause *contest.Error
	if resp.Error == nil || resp.Error.Code != contest.NotFound || resp.Error.Message != bot.T(bot.EN, "error.not_found") ||
		!errors.As(resp.Error.Cause, &cause) || cause.Code != contest.NotFound {
		t.Errorf("a vote for a project off the shortlist: Error %v (cause %v)", resp.Error, cause)
	}
	if resp.Confirm != nil || h.Votes() != 0 {
		t.Errorf("Confirm %+v, %d votes; want neither", resp.Confirm, h.Votes())
	}
}
