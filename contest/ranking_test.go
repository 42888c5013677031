package contest

import (
	"math"
	"testing"
)

// rankContest is a contest with the given weights and prizes on the default grid.
func rankContest(public, jury float64, prizes ...int) *Contest {
	return &Contest{Weights: Weights{Public: public, Jury: jury}, Prizes: prizes, Grid: DefaultGrid()}
}

// shortlist returns shortlisted projects with those ids.
func shortlist(ids ...string) []Project {
	out := make([]Project, len(ids))
	for i, id := range ids {
		out[i] = Project{ID: id, Name: "Project " + id, Shortlisted: true}
	}
	return out
}

// sheets builds one sheet per juror for each project: sheets("p", 3, 5)
// gives juror j1 a total of 3 and juror j2 a total of 5 for p.
func sheets(project string, totals ...float64) []JurySheet {
	out := make([]JurySheet, len(totals))
	for i, t := range totals {
		out[i] = JurySheet{Juror: string(rune('1' + i)), Project: project, Total: t}
	}
	return out
}

func concat(lists ...[]JurySheet) []JurySheet {
	var out []JurySheet
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// want is the expected part of a Standing; points are compared to 1e-6.
type want struct {
	project                   string
	votes                     int
	public, mean, jury, total float64
	prize, jurors             int
}

func TestRank(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		contest *Contest
		in      RankInput
		want    []want
	}{
		{
			name:    "votes and jury combine 25/75",
			contest: rankContest(25, 75, 10000, 5000, 2500),
			in: RankInput{
				Projects: shortlist("a", "b", "c", "d"),
				Votes:    map[string]int{"a": 10, "b": 5, "c": 0, "d": 2},
				// a: mean (30+20)/2 = 25; b: 30; c: 15; d: 10 -> J = 30
				Sheets: concat(sheets("a", 30, 20), sheets("b", 30, 30), sheets("c", 15), sheets("d", 10, 10)),
			},
			want: []want{
				// b: 25*5/10 = 12.5; 75*30/30 = 75 -> 87.5
				{"b", 5, 12.5, 30, 75, 87.5, 10000, 2},
				// a: 25*10/10 = 25; 75*25/30 = 62.5 -> 87.5, ties with b on total, loses on jury points
				{"a", 10, 25, 25, 62.5, 87.5, 5000, 2},
				// c: 0 + 75*15/30 = 37.5
				{"c", 0, 0, 15, 37.5, 37.5, 2500, 1},
				// d: 25*2/10 = 5; 75*10/30 = 25 -> 30
				{"d", 2, 5, 10, 25, 30, 0, 2},
			},
		},
		{
			name:    "equal totals from different float sums tie, then jury points decide",
			contest: rankContest(25, 75, 10000),
			in: RankInput{
				Projects: shortlist("g", "f", "h"),
				Votes:    map[string]int{"g": 1},
				Sheets:   concat(sheets("f", 5), sheets("g", 2), sheets("h", 9)),
			},
			want: []want{
				{"h", 0, 0, 9, 75, 75, 10000, 1},
				// f: 0 + 75*5/9 = 125/3, which sums to 41.666666666666664 in float64
				{"f", 0, 0, 5, 125.0 / 3, 125.0 / 3, 0, 1},
				// g: 25*1/1 + 75*2/9 = 25 + 50/3 = 125/3, which sums to 41.66666666666667:
				// a tie on total, so f's larger jury points come first
				{"g", 1, 25, 2, 50.0 / 3, 125.0 / 3, 0, 1},
			},
		},
		{
			name: "equal total and jury points: votes decide, then id",
			// With no weight on the public vote, votes change nothing but the order.
			contest: rankContest(0, 100, 10000, 5000, 2500),
			in: RankInput{
				Projects: shortlist("z", "y", "x", "w"),
				Votes:    map[string]int{"z": 4, "y": 9, "x": 4, "w": 4},
				Sheets:   concat(sheets("z", 12), sheets("y", 12), sheets("x", 12), sheets("w", 6)),
			},
			want: []want{
				{"y", 9, 0, 12, 100, 100, 10000, 1},
				{"x", 4, 0, 12, 100, 100, 5000, 1},
				{"z", 4, 0, 12, 100, 100, 2500, 1},
				{"w", 4, 0, 6, 50, 50, 0, 1},
			},
		},
		{
			name:    "no votes at all: public points are 0",
			contest: rankContest(25, 75, 10000, 5000, 2500),
			in: RankInput{
				Projects: shortlist("a", "b"),
				Sheets:   concat(sheets("a", 10), sheets("b", 20)),
			},
			want: []want{
				{"b", 0, 0, 20, 75, 75, 10000, 1},
				{"a", 0, 0, 10, 37.5, 37.5, 5000, 1},
			},
		},
		{
			name:    "a project no juror scored has no jury points",
			contest: rankContest(25, 75, 10000, 5000, 2500),
			in: RankInput{
				Projects: shortlist("a", "b", "c"),
				Votes:    map[string]int{"a": 8, "b": 2, "c": 4},
				Sheets:   concat(sheets("b", 18, 12)),
			},
			want: []want{
				{"b", 2, 6.25, 15, 75, 81.25, 10000, 2},
				{"a", 8, 25, 0, 0, 25, 5000, 0},
				{"c", 4, 12.5, 0, 0, 12.5, 2500, 0},
			},
		},
		{
			name:    "no votes and no scores: everyone ties at zero, ids order, nobody wins",
			contest: rankContest(25, 75, 10000),
			in:      RankInput{Projects: shortlist("b", "a")},
			want: []want{
				{"a", 0, 0, 0, 0, 0, 0, 0},
				{"b", 0, 0, 0, 0, 0, 0, 0},
			},
		},
		{
			name:    "a tie at zero for the third prize wins nothing",
			contest: rankContest(25, 75, 10000, 5000, 2500),
			in: RankInput{
				Projects: shortlist("a", "b", "c", "d"),
				Votes:    map[string]int{"a": 2, "b": 1},
			},
			want: []want{
				{"a", 2, 25, 0, 0, 25, 10000, 0},
				{"b", 1, 12.5, 0, 0, 12.5, 5000, 0},
				{"c", 0, 0, 0, 0, 0, 0, 0},
				{"d", 0, 0, 0, 0, 0, 0, 0},
			},
		},
		{
			name:    "a lone zero still takes the prize of its rank",
			contest: rankContest(25, 75, 10000, 5000, 2500),
			in: RankInput{
				Projects: shortlist("a", "b", "c"),
				Votes:    map[string]int{"a": 2, "b": 1},
			},
			want: []want{
				{"a", 2, 25, 0, 0, 25, 10000, 0},
				{"b", 1, 12.5, 0, 0, 12.5, 5000, 0},
				{"c", 0, 0, 0, 0, 0, 2500, 0},
			},
		},
		{
			name:    "weights 40/60",
			contest: rankContest(40, 60, 10000, 5000, 2500),
			in: RankInput{
				Projects: shortlist("a", "b"),
				Votes:    map[string]int{"a": 100, "b": 25},
				Sheets:   concat(sheets("a", 10, 20), sheets("b", 30)),
			},
			want: []want{
				// b: 40*25/100 = 10; 60*30/30 = 60 -> 70
				{"b", 25, 10, 30, 60, 70, 10000, 1},
				// a: 40; 60*15/30 = 30 -> 70, ties on total, fewer jury points
				{"a", 100, 40, 15, 30, 70, 5000, 2},
			},
		},
		{
			name:    "fewer projects than prizes",
			contest: rankContest(25, 75, 10000, 5000, 2500),
			in: RankInput{
				Projects: shortlist("a", "b"),
				Votes:    map[string]int{"a": 1},
				Sheets:   concat(sheets("b", 3)),
			},
			want: []want{
				{"b", 0, 0, 3, 75, 75, 10000, 1},
				{"a", 1, 25, 0, 0, 25, 5000, 0},
			},
		},
		{
			name:    "projects off the shortlist and their votes and sheets are ignored",
			contest: rankContest(25, 75, 10000),
			in: RankInput{
				Projects: append(shortlist("a", "b"), Project{ID: "out", Name: "Off the list"}),
				Votes:    map[string]int{"a": 5, "b": 10, "out": 1000},
				// The sheet of "out" would make J = 36 if it counted.
				Sheets: concat(sheets("a", 18), sheets("b", 9), sheets("out", 36)),
			},
			want: []want{
				// a: 12.5 + 75 = 87.5; b: 25 + 37.5 = 62.5
				{"a", 5, 12.5, 18, 75, 87.5, 10000, 1},
				{"b", 10, 25, 9, 37.5, 62.5, 0, 1},
			},
		},
		{
			name:    "a juror's last sheet for a project counts once",
			contest: rankContest(0, 100),
			in: RankInput{
				Projects: shortlist("a", "b"),
				Sheets: []JurySheet{
					{Juror: "1", Project: "a", Total: 3},
					{Juror: "2", Project: "a", Total: 9},
					{Juror: "1", Project: "b", Total: 6},
					{Juror: "1", Project: "a", Total: 12}, // replaces the 3
				},
			},
			want: []want{
				{"a", 0, 0, 10.5, 100, 100, 0, 2},
				{"b", 0, 0, 6, 100 * 6 / 10.5, 100 * 6 / 10.5, 0, 1},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkStandings(t, Rank(tt.contest, tt.in), tt.want)
		})
	}
}

func checkStandings(t *testing.T, got []Standing, want []want) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d standings, want %d: %+v", len(got), len(want), got)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
	for i, w := range want {
		g := got[i]
		if g.Rank != i+1 || g.Project != w.project || g.Name != "Project "+w.project || g.Votes != w.votes ||
			!near(g.PublicPoints, w.public) || !near(g.JuryMean, w.mean) || !near(g.JuryPoints, w.jury) ||
			!near(g.Total, w.total) || g.Prize != w.prize || g.Jurors != w.jurors {
			t.Errorf("rank %d = %+v, want %+v", i+1, g, w)
		}
	}
}

func TestRankZScore(t *testing.T) {
	t.Parallel()
	// A grid of n = 2 criteria scored 0..3: totals lie in [0, 6].
	grid := Grid{
		Scale:     DefaultScale(),
		Criteria:  []Criterion{{ID: "a", Group: "g", Label: "A"}, {ID: "b", Group: "g", Label: "B"}},
		Normalise: NormaliseZScore,
	}
	c := &Contest{Weights: Weights{Public: 0, Jury: 100}, Grid: grid}

	t.Run("worked example", func(t *testing.T) {
		t.Parallel()
		// Juror X: p=6, q=4, r=2. m_X = 4, s_X = sqrt((4+0+4)/3) = sqrt(8/3),
		//   z = +2/sqrt(8/3) = +sqrt(3/2), 0, -sqrt(3/2).
		// Juror Y: p=3, q=3. m_Y = 3, s_Y = 0, so z = 0 for both.
		// Pooled raw totals 6, 4, 2, 3, 3: M = 18/5 = 3.6;
		//   deviations 2.4, 0.4, -1.6, -0.6, -0.6, squares sum 5.76+0.16+2.56+0.36+0.36 = 9.2,
		//   S = sqrt(9.2/5) = sqrt(1.84).
		// t' = M + z*S: X p = 3.6 + sqrt(1.5*1.84) = 3.6 + sqrt(2.76) ≈ 5.2613, X q = 3.6,
		//   X r = 3.6 - sqrt(2.76) ≈ 1.9387, Y p = Y q = 3.6 (all within [0, 6]).
		// Means: p = (3.6 + sqrt(2.76) + 3.6) / 2 ≈ 4.4307, q = 3.6, r ≈ 1.9387; J = mean p.
		// Without normalisation the means would be p 4.5, q 3.5, r 2.
		in := RankInput{
			Projects: shortlist("p", "q", "r"),
			Sheets: []JurySheet{
				{Juror: "X", Project: "p", Total: 6}, {Juror: "X", Project: "q", Total: 4}, {Juror: "X", Project: "r", Total: 2},
				{Juror: "Y", Project: "p", Total: 3}, {Juror: "Y", Project: "q", Total: 3},
			},
		}
		meanP := (3.6 + math.Sqrt(2.76) + 3.6) / 2
		meanR := 3.6 - math.Sqrt(2.76)
		checkStandings(t, Rank(c, in), []want{
			{"p", 0, 0, meanP, 100, 100, 0, 2},
			{"q", 0, 0, 3.6, 100 * 3.6 / meanP, 100 * 3.6 / meanP, 0, 2},
			{"r", 0, 0, meanR, 100 * meanR / meanP, 100 * meanR / meanP, 0, 1},
		})
	})

	t.Run("clamped to the scale", func(t *testing.T) {
		t.Parallel()
		// Juror Z: a=6, b=c=d=0. m_Z = 1.5, s_Z = sqrt((4.5² + 3×1.5²)/4) = sqrt(6.75),
		//   z_a = 4.5/sqrt(6.75) = sqrt(3), z_b = -1.5/sqrt(6.75) = -1/sqrt(3).
		// Juror W: 5 everywhere, z = 0.
		// Pooled 6, 0, 0, 0, 5, 5, 5, 5: M = 26/8 = 3.25; squares of deviations
		//   2.75² + 3×3.25² + 4×1.75² = 7.5625 + 31.6875 + 12.25 = 51.5, S = sqrt(51.5/8) = sqrt(6.4375).
		// Z a: 3.25 + sqrt(3)×sqrt(6.4375) ≈ 3.25 + 4.394 = 7.644 > 6, clamped to 6.
		// Z b, c, d: 3.25 - sqrt(6.4375/3) ≈ 3.25 - 1.4649 = 1.7851. W: 3.25.
		// Means: a = (6 + 3.25)/2 = 4.625; b = c = d = (1.7851 + 3.25)/2 ≈ 2.5176.
		in := RankInput{Projects: shortlist("a", "b", "c", "d")}
		for _, p := range []string{"a", "b", "c", "d"} {
			total := 0.0
			if p == "a" {
				total = 6
			}
			in.Sheets = append(in.Sheets, JurySheet{Juror: "Z", Project: p, Total: total}, JurySheet{Juror: "W", Project: p, Total: 5})
		}
		low := (3.25 - math.Sqrt(6.4375/3) + 3.25) / 2
		checkStandings(t, Rank(c, in), []want{
			{"a", 0, 0, 4.625, 100, 100, 0, 2},
			{"b", 0, 0, low, 100 * low / 4.625, 100 * low / 4.625, 0, 2},
			{"c", 0, 0, low, 100 * low / 4.625, 100 * low / 4.625, 0, 2},
			{"d", 0, 0, low, 100 * low / 4.625, 100 * low / 4.625, 0, 2},
		})
	})
}

func TestSheetTotal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		values []int
		want   float64
	}{
		{"none", nil, 0},
		{"twelve criteria", []int{3, 3, 2, 1, 0, 3, 2, 2, 1, 0, 3, 3}, 23},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := SheetTotal(tt.values); got != tt.want {
				t.Errorf("SheetTotal(%v) = %v, want %v", tt.values, got, tt.want)
			}
		})
	}
}

func TestTieBreakNamesTheRuleThatOrderedATie(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		a, b Standing
		want string
	}{
		{"different totals", Standing{Total: 50}, Standing{Total: 40}, TieNone},
		{"jury points", Standing{Total: 70, JuryPoints: 60, Votes: 25}, Standing{Total: 70, JuryPoints: 30, Votes: 100}, TieJury},
		{"votes", Standing{Total: 70, JuryPoints: 30, Votes: 9}, Standing{Total: 70, JuryPoints: 30, Votes: 4}, TieVotes},
		{"ids", Standing{Project: "a", Total: 0.1 + 0.2}, Standing{Project: "b", Total: 0.3}, TieID},
	} {
		if got := TieBreak(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: TieBreak = %q, want %q", tc.name, got, tc.want)
		}
	}
}
