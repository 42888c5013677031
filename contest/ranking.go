package contest

import (
	"cmp"
	"math"
	"slices"
)

// Score is one juror's score for one criterion of one project.
type Score struct {
	Juror     string // juror name
	Project   string
	Criterion string
	Value     int
}

// Standing is one row of the ranking.
type Standing struct {
	Rank         int
	Project      string
	Name         string
	Votes        int
	PublicPoints float64
	JuryMean     float64
	JuryPoints   float64
	Total        float64
	Prize        int // 0 when none
	Jurors       int // how many jurors' sheets make up JuryMean (0: no jury score)
}

// JurySheet is one juror's total for one project: the sum of their scores on
// every criterion (see SheetTotal). The caller leaves out drafts and sheets of
// jurors with a conflict of interest.
type JurySheet struct {
	Juror   string
	Project string
	Total   float64
}

// RankInput is what the ranking is computed from.
type RankInput struct {
	Projects []Project      // only the shortlisted ones are ranked
	Votes    map[string]int // counted (not voided) votes by project id
	Sheets   []JurySheet
}

// SheetTotal returns the total of one juror's sheet for a project: the sum of
// the scores given on each criterion.
func SheetTotal(values []int) float64 {
	total := 0
	for _, v := range values {
		total += v
	}
	return float64(total)
}

// tieEpsilon is the precision to which points are compared: values that
// differ by less are equal, whatever order floating-point sums were done in.
const tieEpsilon = 1e-9

// Rank returns the ranking of the shortlisted projects (docs/contracts.md,
// "Results"):
//
//   - votes_p is in.Votes[p]; V is the largest votes_p among them.
//   - jury_mean_p is the mean, over the jurors with a sheet for p, of their
//     totals for p (0 when no juror scored p); J is the largest jury_mean_p.
//   - public_points = Weights.Public × votes_p / V, or 0 when V = 0;
//     jury_points = Weights.Jury × jury_mean_p / J, or 0 when J = 0;
//     total = public_points + jury_points.
//   - Order: total desc, then jury_points desc, then votes desc, then project
//     id asc; points are compared to 1e-9 so equal sums tie (TieBreak says
//     which rule ordered two tied standings). Rank is the 1-based position
//     and Prize is c.Prize(Rank), except that nobody wins a prize on a tie
//     at zero: a total of 0 shared with another project wins nothing.
//
// Sheets for projects that are not shortlisted are ignored; when a juror has
// several sheets for a project the last one counts.
//
// When c.Grid.Normalise is NormaliseZScore, each sheet total t of juror j is
// replaced before the means by
//
//	t' = clamp(M + S × (t − m_j) / s_j, n × Scale.Min, n × Scale.Max)
//
// where m_j and s_j are the mean and population standard deviation of j's
// totals over the projects j scored ((t − m_j) / s_j is taken as 0 when
// s_j = 0, e.g. a juror who scored one project or gave every project the same
// total), M and S are the mean and population standard deviation of all the
// raw totals of all jurors pooled, and n is the number of criteria. This
// removes each juror's leniency and spread while keeping totals on the scale
// of the grid; jury_mean_p is then the mean of the t'.
func Rank(c *Contest, in RankInput) []Standing {
	var out []Standing
	shortlisted := map[string]bool{}
	for _, p := range in.Projects {
		if p.Shortlisted && !shortlisted[p.ID] {
			shortlisted[p.ID] = true
			out = append(out, Standing{Project: p.ID, Name: p.Name, Votes: in.Votes[p.ID]})
		}
	}

	sheets := latestSheets(in.Sheets, shortlisted)
	if c.Grid.Normalise == NormaliseZScore {
		sheets = zscore(sheets, c.Grid)
	}
	sum, count := map[string]float64{}, map[string]int{}
	for _, s := range sheets {
		sum[s.Project] += s.Total
		count[s.Project]++
	}

	maxVotes, maxMean := 0, 0.0
	for i := range out {
		s := &out[i]
		if n := count[s.Project]; n > 0 {
			s.Jurors, s.JuryMean = n, sum[s.Project]/float64(n)
		}
		maxVotes = max(maxVotes, s.Votes)
		maxMean = max(maxMean, s.JuryMean)
	}
	for i := range out {
		s := &out[i]
		if maxVotes > 0 {
			s.PublicPoints = c.Weights.Public * float64(s.Votes) / float64(maxVotes)
		}
		if maxMean > 0 {
			s.JuryPoints = c.Weights.Jury * s.JuryMean / maxMean
		}
		s.Total = s.PublicPoints + s.JuryPoints
	}

	slices.SortFunc(out, func(a, b Standing) int {
		return cmp.Or(
			cmp.Compare(rounded(b.Total), rounded(a.Total)),
			cmp.Compare(rounded(b.JuryPoints), rounded(a.JuryPoints)),
			cmp.Compare(b.Votes, a.Votes),
			cmp.Compare(a.Project, b.Project),
		)
	})
	zeros := 0
	for _, s := range out {
		if rounded(s.Total) == 0 {
			zeros++
		}
	}
	for i := range out {
		out[i].Rank = i + 1
		if rounded(out[i].Total) != 0 || zeros < 2 {
			out[i].Prize = c.Prize(i + 1)
		}
	}
	return out
}

// What decides the order of two standings whose totals tie (TieBreak).
const (
	TieNone  = ""      // the totals differ: no tie
	TieJury  = "jury"  // tied on total, ordered by jury points
	TieVotes = "votes" // tied on total and jury points, ordered by votes
	TieID    = "id"    // tied on all three, ordered by project id
)

// TieBreak says which rule of Rank put a before b when their totals tie,
// or TieNone when their totals differ.
func TieBreak(a, b Standing) string {
	switch {
	case rounded(a.Total) != rounded(b.Total):
		return TieNone
	case rounded(a.JuryPoints) != rounded(b.JuryPoints):
		return TieJury
	case a.Votes != b.Votes:
		return TieVotes
	}
	return TieID
}

// rounded rounds x to tieEpsilon for comparisons.
func rounded(x float64) float64 {
	return math.Round(x/tieEpsilon) * tieEpsilon
}

// latestSheets keeps the sheets of shortlisted projects, one per juror and
// project (the last one given), in their first order.
func latestSheets(sheets []JurySheet, shortlisted map[string]bool) []JurySheet {
	var out []JurySheet
	at := map[[2]string]int{}
	for _, s := range sheets {
		if !shortlisted[s.Project] {
			continue
		}
		key := [2]string{s.Juror, s.Project}
		if i, ok := at[key]; ok {
			out[i] = s
			continue
		}
		at[key] = len(out)
		out = append(out, s)
	}
	return out
}

// zscore rescales every juror's totals as documented on Rank.
func zscore(sheets []JurySheet, g Grid) []JurySheet {
	all := make([]float64, len(sheets))
	byJuror := map[string][]float64{}
	for i, s := range sheets {
		all[i] = s.Total
		byJuror[s.Juror] = append(byJuror[s.Juror], s.Total)
	}
	poolMean, poolSD := meanSD(all)
	n := float64(len(g.Criteria))
	out := make([]JurySheet, len(sheets))
	for i, s := range sheets {
		m, sd := meanSD(byJuror[s.Juror])
		z := 0.0
		if sd > tieEpsilon {
			z = (s.Total - m) / sd
		}
		s.Total = min(max(poolMean+z*poolSD, n*float64(g.Scale.Min)), n*float64(g.Scale.Max))
		out[i] = s
	}
	return out
}

// meanSD returns the mean and the population standard deviation of xs.
func meanSD(xs []float64) (mean, sd float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)))
}
