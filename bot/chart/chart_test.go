package chart

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"

	"prixbot/contest"
)

func standings(n int) []contest.Standing {
	rows := []contest.Standing{
		{Rank: 1, Project: "a", Name: "Atelier", PublicPoints: 20, JuryPoints: 75, Total: 95, Prize: 10000},
		{Rank: 2, Project: "b", Name: "Boutique solidaire avec un nom beaucoup trop long pour tenir sur une seule ligne d'un téléphone", PublicPoints: 25, JuryPoints: 50, Total: 75, Prize: 5000},
		{Rank: 3, Project: "c", Name: "Café", PublicPoints: 0, JuryPoints: 10, Total: 10, Prize: 2500},
	}
	for i := 4; i <= n; i++ {
		rows = append(rows, contest.Standing{Rank: i, Project: fmt.Sprint(i), Name: fmt.Sprintf("Projet %d", i), PublicPoints: 1, JuryPoints: 4, Total: 5})
	}
	return rows[:n]
}

var french = Labels{Title: "Prix", Points: "points", Public: "public", Jury: "jury",
	Number: func(f float64) string { return strings.Replace(fmt.Sprintf("%.2f", f), ".", ",", 1) },
	Prize:  func(p int) string { return fmt.Sprintf("%d €", p) }}

func TestResultsIsAPNGForAPhone(t *testing.T) {
	t.Parallel()
	b, err := Results(standings(20), french)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	// 800 px, so that Telegram's 400 px halves it and 11-point text reads
	// at 11 px; tall enough for 20 rows of a name and a bar.
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != 800 || h < 20*30*2 {
		t.Errorf("%d×%d px, want 800 wide and at least 1200 high", w, h)
	}
	if _, err := Results(nil, Labels{}); err == nil {
		t.Error("no rows: want an error")
	}
}

// TestLabelsSayTheTotalsAndPrizesInsideThePicture: each bar has its rank
// and name above it from the left edge, its total at its end, and the
// laureates their prize; every label ends inside the plot, and the axis is
// a real range even when every total is 0.
func TestLabelsSayTheTotalsAndPrizesInsideThePicture(t *testing.T) {
	t.Parallel()
	rows := standings(20)
	d, err := build(rows, french)
	if err != nil {
		t.Fatal(err)
	}
	p := d.plot
	if p.X.Min != 0 || math.IsNaN(p.X.Max) || p.X.Max <= 95 {
		t.Errorf("x axis %v…%v, want 0 to beyond the largest total", p.X.Min, p.X.Max)
	}
	for i, r := range rows {
		name, total := d.names.Labels[i], d.totals.Labels[i]
		if !strings.HasPrefix(name, fmt.Sprintf("%d. ", r.Rank)) || d.names.XYs[i].X != p.X.Min {
			t.Errorf("row %d: name %q at x=%v, want the rank first, from the left edge", i, name, d.names.XYs[i].X)
		}
		if w := d.names.TextStyle[i].Width(name); w > dataW {
			t.Errorf("row %d: name %q is %v wide, wider than the plot", i, name, w)
		}
		if y := d.totals.XYs[i].Y; y != float64(len(rows)-1-i) || d.names.XYs[i].Y != y {
			t.Errorf("row %d at y=%v, want %d (the winner at the top)", i, y, len(rows)-1-i)
		}
		want := french.Number(r.Total)
		if r.Prize > 0 {
			want += " · " + french.Prize(r.Prize)
		}
		if total != want || d.totals.XYs[i].X != r.Total {
			t.Errorf("row %d: total label %q at x=%v, want %q at the end of the bar (%v)", i, total, d.totals.XYs[i].X, want, r.Total)
		}
		end := vg.Length(r.Total/p.X.Max)*dataW + d.totals.Offset.X + d.totals.TextStyle[i].Width(total)
		if end > dataW {
			t.Errorf("row %d: %q ends at %v, outside the %v of the plot", i, total, end, dataW)
		}
	}
	if !strings.HasSuffix(d.names.Labels[1], "…") {
		t.Errorf("the long name is not shortened: %q", d.names.Labels[1])
	}

	zero := []contest.Standing{{Rank: 1, Name: "A"}, {Rank: 2, Name: "B"}}
	d, err = build(zero, french)
	if err != nil {
		t.Fatal(err)
	}
	if d.plot.X.Min != 0 || d.plot.X.Max <= 0 || math.IsNaN(d.plot.X.Max) {
		t.Errorf("all totals 0: x axis %v…%v, want 0 to a positive end", d.plot.X.Min, d.plot.X.Max)
	}
}

// TestFitShortensToTheWidth: a name is cut with an ellipsis to fit.
func TestFitShortensToTheWidth(t *testing.T) {
	t.Parallel()
	d, err := build(standings(1), french)
	if err != nil {
		t.Fatal(err)
	}
	style := text.Style{Font: d.names.TextStyle[0].Font, Handler: d.names.TextStyle[0].Handler}
	got := fit(style, strings.Repeat("Mot ", 40), 100)
	if style.Width(got) > 100 || !strings.HasSuffix(got, "…") {
		t.Errorf("fit: %q is %v wide, want at most 100 and an ellipsis", got, style.Width(got))
	}
}

// TestTimelineDrawsAPNG: votes over time by platform render as a PNG of the
// chart's size; no series is an error.
func TestTimelineDrawsAPNG(t *testing.T) {
	day := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	b, err := Timeline(map[string][]Point{
		"Telegram": {{day, 10}, {day.Add(24 * time.Hour), 40}, {day.Add(48 * time.Hour), 25}},
		"Slack":    {{day.Add(24 * time.Hour), 3}},
	}, TimelineLabels{Title: "Votes", Votes: "votes"})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Dx(); got != 2*int(width)*dpi/72 {
		t.Errorf("width %d px", got)
	}
	if _, err := Timeline(nil, TimelineLabels{}); err == nil {
		t.Error("an empty chart was drawn")
	}
}
