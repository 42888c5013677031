package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"prixbot/contest"
	"prixbot/store"
)

// BenchmarkResults1M measures the ranking of the sample contest with
// 1,000,000 counted votes and 3 jurors' scores on the 20 shortlisted projects:
// the database tally plus contest.Rank, i.e. what `prixbot results` does
// after connecting.
func BenchmarkResults1M(b *testing.B) {
	ctx := context.Background()
	st := newStore(b)
	ed := loadSample(b, st)
	exec := func(query string, args ...any) {
		if _, err := st.DB().ExecContext(ctx, query, args...); err != nil {
			b.Fatal(err)
		}
	}
	began := time.Now()
	// One vote per voter, skewed over the shortlist so tallies differ.
	exec(`INSERT INTO voters (contest_id, phone_hash)
		SELECT $1, sha256(int8send(g)) FROM generate_series(1, 1000000) g`, ed.ID)
	exec(`INSERT INTO votes (contest_id, voter_id, slot, project_id, receipt, platform, cast_at)
		SELECT $1, v.id, 1, p.id, md5(v.id::text), 'telegram', now()
		FROM voters v
		JOIN LATERAL (SELECT id FROM projects WHERE contest_id = $1 AND shortlisted
			ORDER BY position OFFSET (v.id * v.id) % 20 LIMIT 1) p ON true
		WHERE v.contest_id = $1`, ed.ID)
	exec(`INSERT INTO jurors (contest_id, name) VALUES ($1, 'Juror C')`, ed.ID)
	var sb strings.Builder
	for j, juror := range []string{"Juror A", "Juror B", "Juror C"} {
		for i, p := range shortlistedIDs(b, st, ed.ID) {
			for k, c := range ed.Contest.Grid.Criteria {
				fmt.Fprintf(&sb, "%s,%s,%s,%d\n", juror, p, c.ID, (i+j+k)%4)
			}
		}
	}
	rows, err := contest.ParseScores(strings.NewReader("juror,project,criterion,score\n"+sb.String()), ed.Contest.Grid)
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := st.ImportScores(ctx, ed.ID, ed.Contest.Grid, rows, cliActor, juryOpen); err != nil {
		b.Fatal(err)
	}
	exec(`ANALYZE`)
	b.Logf("setup: 1,000,000 votes and %d scores in %s", len(rows), time.Since(began).Round(time.Millisecond))

	b.ResetTimer()
	for b.Loop() {
		in, err := st.RankInput(ctx, ed.ID)
		if err != nil {
			b.Fatal(err)
		}
		standings := contest.Rank(ed.Contest, in)
		if len(standings) != 20 || sumVotes(in.Votes) != 1000000 {
			b.Fatalf("%d standings, %d votes", len(standings), sumVotes(in.Votes))
		}
	}
}

func sumVotes(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func shortlistedIDs(tb testing.TB, st *store.Store, contestID int64) []string {
	tb.Helper()
	ps, err := st.Projects(context.Background(), contestID)
	if err != nil {
		tb.Fatal(err)
	}
	var ids []string
	for _, p := range ps {
		if p.Shortlisted {
			ids = append(ids, p.ID)
		}
	}
	return ids
}
