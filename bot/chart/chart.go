// Package chart draws the results chart attached to the announcement: a PNG
// bar chart of the final points of each project, the public and the jury
// parts stacked, drawn with gonum.org/v1/plot.
package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"prixbot/contest"
)

// Labels are the chart's texts in the reader's language.
type Labels struct {
	Title  string
	Points string // the axis
	Public string // the public part in the legend
	Jury   string // the jury part in the legend
}

// Results renders rows (in ranking order) as a PNG: one horizontal bar per
// project, the winner at the top, public points then jury points stacked.
func Results(rows []contest.Standing, l Labels) ([]byte, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("chart: no standings to draw")
	}
	// Bars are drawn bottom-up: reverse so that rank 1 is at the top.
	rows = slices.Clone(rows)
	slices.Reverse(rows)
	public := make(plotter.Values, len(rows))
	jury := make(plotter.Values, len(rows))
	names := make([]string, len(rows))
	for i, r := range rows {
		public[i], jury[i] = r.PublicPoints, r.JuryPoints
		names[i] = fmt.Sprintf("%d. %s", r.Rank, shorten(r.Name, 40))
	}
	p := plot.New()
	p.Title.Text = l.Title
	p.X.Label.Text = l.Points
	p.X.Min = 0
	width := vg.Points(12)
	pub, err := plotter.NewBarChart(public, width)
	if err != nil {
		return nil, err
	}
	pub.Horizontal = true
	pub.LineStyle.Width = 0
	pub.Color = color.RGBA{R: 0xf2, G: 0x8e, B: 0x2b, A: 0xff}
	jur, err := plotter.NewBarChart(jury, width)
	if err != nil {
		return nil, err
	}
	jur.Horizontal = true
	jur.LineStyle.Width = 0
	jur.Color = color.RGBA{R: 0x4e, G: 0x79, B: 0xa7, A: 0xff}
	jur.StackOn(pub)
	p.Add(pub, jur)
	p.Legend.Add(l.Public, pub)
	p.Legend.Add(l.Jury, jur)
	p.Legend.Top = false
	p.Legend.Left = false
	p.NominalY(names...)
	h := vg.Length(len(rows))*vg.Points(18) + vg.Points(90)
	wt, err := p.WriterTo(vg.Points(640), h, "png")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
