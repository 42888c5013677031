package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"prixbot/bot/bottest"
	"prixbot/bot/report"
	"prixbot/contest"
	"prixbot/store"
	"prixbot/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// contestWith returns the sample contest with three votes (two for the first
// shortlisted project, one for the second) and Juror A's complete sheet for
// the first, scored 2 on every criterion; and those two projects.
func contestWith(t *testing.T) (*store.Store, *store.Edition, string, string) {
	t.Helper()
	ctx := context.Background()
	h := bottest.New(t, nil)
	st, ed := h.Store, h.Edition
	var ids []string
	if err := st.DB().Select(&ids, `SELECT id FROM projects WHERE contest_id = $1 AND shortlisted ORDER BY id LIMIT 2`, ed.ID); err != nil || len(ids) != 2 {
		t.Fatalf("shortlist: %v %v", ids, err)
	}
	first, second := ids[0], ids[1]
	for i, p := range []string{first, first, second} {
		storetest.Vote(t, st, ed.ID, "telegram", fmt.Appendf(nil, "phone-hash-%d", i), p, bottest.VoteOpen)
	}
	var rows []contest.ScoreRow
	for _, c := range ed.Contest.Grid.Criteria {
		rows = append(rows, contest.ScoreRow{Juror: "Juror A", Project: first, Criterion: c.ID, Value: 2})
	}
	if _, drafts, err := st.ImportScores(ctx, ed.ID, ed.Contest.Grid, rows, store.Actor{Platform: "cli", ID: "test"}, bottest.AfterVote); err != nil || len(drafts) != 0 {
		t.Fatalf("scores: drafts %v, %v", drafts, err)
	}
	return st, ed, first, second
}

// export runs report.Export and parses its CSV.
func export(t *testing.T, st *store.Store, kind string) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Export(context.Background(), st, kind, "csv", &buf); err != nil {
		t.Fatalf("export %s: %v", kind, err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("export %s is not CSV: %v", kind, err)
	}
	return records
}

func header(t *testing.T, kind string, records [][]string, want string) {
	t.Helper()
	if len(records) == 0 || strings.Join(records[0], ",") != want {
		t.Fatalf("%s header: %v, want %s", kind, records, want)
	}
}

func TestResults(t *testing.T) {
	t.Parallel()
	st, ed, first, second := contestWith(t)
	records := export(t, st, "results")
	header(t, "results", records, "rank,project,name,votes,public_points,jury_mean,jury_points,total,prize")
	var shortlisted int
	if err := st.DB().Get(&shortlisted, `SELECT count(*) FROM projects WHERE contest_id = $1 AND shortlisted`, ed.ID); err != nil {
		t.Fatal(err)
	}
	if len(records)-1 != shortlisted {
		t.Fatalf("%d rows, want one per shortlisted project (%d)", len(records)-1, shortlisted)
	}
	// 12 criteria scored 2: a jury mean of 24, the largest; 2 votes of 2.
	mean := fmt.Sprintf("%.2f", float64(2*len(ed.Contest.Grid.Criteria)))
	want := map[int]string{
		1: "1," + first + ",*,2,25.00," + mean + ",75.00,100.00,10000",
		2: "2," + second + ",*,1,12.50,0.00,0.00,12.50,5000",
		3: "3,*,*,0,0.00,0.00,0.00,0.00,", // a tie at zero wins nothing
	}
	for i, w := range want {
		got := records[i]
		got[2] = "*"
		if i == 3 {
			got[1] = "*"
		}
		if strings.Join(got, ",") != w {
			t.Errorf("row %d: %s, want %s", i, strings.Join(got, ","), w)
		}
	}

	var buf bytes.Buffer
	if err := report.Export(context.Background(), st, "results", "json", &buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Contest   string                `json:"contest"`
		Normalise string                `json:"normalise"`
		Standings []report.StandingJSON `json:"standings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("results JSON: %v: %s", err, buf.Bytes())
	}
	top := doc.Standings[0]
	if doc.Contest != ed.Contest.Slug || doc.Normalise != string(ed.Contest.Grid.Normalise) || len(doc.Standings) != shortlisted ||
		top.Project != first || top.Votes != 2 || top.PublicPoints != 25 || top.JuryPoints != 75 || top.Total != 100 || top.Prize != 10000 {
		t.Errorf("results JSON: %s", buf.Bytes())
	}
	if strings.Contains(buf.String(), `"prize": 0`) {
		t.Errorf("a standing without a prize has a prize field: %s", buf.Bytes())
	}
}

func TestVotesScoresAndAudit(t *testing.T) {
	t.Parallel()
	st, ed, first, second := contestWith(t)

	votes := export(t, st, "votes")
	header(t, "votes", votes, "id,project,platform,cast_at,voided_at,void_reason")
	count := map[string]int{}
	for _, r := range votes[1:] {
		count[r[1]]++
		cast, err := time.Parse(time.RFC3339, r[3])
		if r[2] != "telegram" || err != nil || !cast.Equal(bottest.VoteOpen) || r[4] != "" || r[5] != "" {
			t.Errorf("vote row %q: want a telegram vote cast at %s, in UTC, not voided", r, bottest.VoteOpen.UTC().Format(time.RFC3339))
		}
	}
	if len(votes) != 4 || count[first] != 2 || count[second] != 1 {
		t.Errorf("votes: %q, want 2 for %s and 1 for %s", votes, first, second)
	}

	scores := export(t, st, "scores")
	header(t, "scores", scores, "juror,project,criterion,score,submitted_at,conflict,updated_at")
	if len(scores)-1 != len(ed.Contest.Grid.Criteria) {
		t.Errorf("%d score rows, want one per criterion (%d)", len(scores)-1, len(ed.Contest.Grid.Criteria))
	}
	for _, r := range scores[1:] {
		if r[0] != "Juror A" || r[1] != first || r[3] != "2" || r[4] == "" || r[5] != "false" {
			t.Errorf("score row %q", r)
		}
	}

	audit := export(t, st, "audit")
	header(t, "audit", audit, "id,at,actor_platform,actor_id,action,target,before,after")
	actors := map[string]bool{}
	for _, r := range audit[1:] {
		actors[r[2]+":"+r[3]] = true
	}
	if !actors["system:bottest"] || !actors["cli:test"] {
		t.Errorf("audit actors %v, want the sample's import and the scores' (system:bottest, cli:test)", actors)
	}

	var buf bytes.Buffer
	if err := report.Export(context.Background(), st, "votes", "json", &buf); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rows); err != nil || len(rows) != 3 {
		t.Errorf("votes JSON: %d rows, %v: %s", len(rows), err, buf.Bytes())
	}
	if strings.Contains(strings.ToLower(buf.String()), "phone") || strings.Contains(buf.String(), "voter") {
		t.Errorf("votes JSON names the voters: %s", buf.Bytes())
	}
}

var receipt = regexp.MustCompile(`^[A-Z2-7]{5}-[A-Z2-7]{5}$`)

func TestReceiptsOnlyAfterTheAnnouncement(t *testing.T) {
	t.Parallel()
	st, ed, first, second := contestWith(t)
	var buf bytes.Buffer
	if err := report.Export(context.Background(), st, "receipts", "csv", &buf); contest.ErrorCode(err) != contest.Closed || buf.Len() != 0 {
		t.Fatalf("receipts before the announcement: %v, %q; want contest.Closed and nothing written", err, buf.String())
	}
	if _, err := st.DB().Exec(`UPDATE contests SET announced_at = now() WHERE id = $1`, ed.ID); err != nil {
		t.Fatal(err)
	}
	records := export(t, st, "receipts")
	header(t, "receipts", records, "project,receipt")
	count := map[string]int{}
	for _, r := range records[1:] {
		count[r[0]]++
		if !receipt.MatchString(r[1]) {
			t.Errorf("receipt %q", r[1])
		}
	}
	if len(records) != 4 || count[first] != 2 || count[second] != 1 {
		t.Errorf("receipts %q, want one per vote", records)
	}
}

func TestUnknownExport(t *testing.T) {
	t.Parallel()
	h := bottest.New(t, nil)
	var buf bytes.Buffer
	if err := report.Export(context.Background(), h.Store, "voters", "csv", &buf); contest.ErrorCode(err) != contest.Invalid || buf.Len() != 0 {
		t.Errorf("export voters: %v, %q; want contest.Invalid and nothing written", err, buf.String())
	}
	for _, k := range report.Kinds {
		if !report.IsKind(k) {
			t.Errorf("IsKind(%q) = false", k)
		}
	}
	if report.IsKind("voters") || report.IsKind("") {
		t.Error("IsKind accepts what is not an export")
	}
}

func TestRendering(t *testing.T) {
	t.Parallel()
	if report.Prize(0) != "" || report.Prize(2500) != "2500" {
		t.Errorf("Prize(0), Prize(2500) = %q, %q", report.Prize(0), report.Prize(2500))
	}
	if got := report.Points(12.5); got != "12.50" {
		t.Errorf("Points(12.5) = %q", got)
	}
	if got := report.Points(100.0 / 3); got != "33.33" {
		t.Errorf("Points(100/3) = %q", got)
	}
	brussels := time.FixedZone("CEST", 2*3600)
	at := time.Date(2026, 10, 1, 12, 0, 0, 0, brussels)
	if got := report.Stamp(&at); got != "2026-10-01T10:00:00Z" {
		t.Errorf("Stamp = %q, want UTC", got)
	}
	if report.Stamp(nil) != "" {
		t.Error("Stamp(nil) is not empty")
	}
}
