// Package chart draws the results chart attached to the announcement: a PNG
// bar chart of the final points of each project, the public and the jury
// parts stacked, drawn with gonum.org/v1/plot.
package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"prixbot/contest"
)

// Labels are the chart's texts in the reader's language.
type Labels struct {
	Title  string
	Points string // the axis
	Public string // the public part in the legend
	Jury   string // the jury part in the legend
	// Number writes a total ("95,00"); two decimals with a point when nil.
	Number func(float64) string
	// Prize writes a prize ("10 000 €"); "10000 €" when nil.
	Prize func(int) string
}

// The picture is drawn for a phone: people share it, and Telegram shows it
// about 400 px wide. It is 400 points wide at 144 dots per inch (800 px), so
// that its 11-point sans-serif text still reads at 11 px when the phone
// halves it.
const (
	width    = vg.Length(400)
	dpi      = 144
	rowH     = vg.Length(30) // a project: its name above its bar
	barH     = vg.Length(12)
	headH    = vg.Length(96) // title, axis and legend
	fontSize = vg.Length(11)
	// dataW is about the width of the plotting area, left after the
	// padding: the totals are placed to end inside it.
	dataW = width - 24
)

var (
	publicColor = color.RGBA{R: 0xf2, G: 0x8e, B: 0x2b, A: 0xff}
	juryColor   = color.RGBA{R: 0x4e, G: 0x79, B: 0xa7, A: 0xff}
	prizeColor  = color.RGBA{R: 0x8a, G: 0x5a, B: 0x00, A: 0xff}
)

// drawing is the chart before it is rendered, for tests to inspect.
type drawing struct {
	plot   *plot.Plot
	names  *plotter.Labels // "1. name", above each bar, from x = 0
	totals *plotter.Labels // the total (and the prize) at the end of each bar
	height vg.Length
}

// Results renders rows (in ranking order) as a PNG: one horizontal bar per
// project, the winner at the top, public points then jury points stacked,
// the rank and name above each bar, the total at its end and the prize
// beside each laureate's.
func Results(rows []contest.Standing, l Labels) ([]byte, error) {
	d, err := build(rows, l)
	if err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(width, d.height), vgimg.UseDPI(dpi))
	d.plot.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func build(rows []contest.Standing, l Labels) (*drawing, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("chart: no standings to draw")
	}
	number := l.Number
	if number == nil {
		number = func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
	}
	prize := l.Prize
	if prize == nil {
		prize = func(p int) string { return strconv.Itoa(p) + " €" }
	}
	n := len(rows)
	p, sans := newPlot(l.Title)
	p.X.Label.Text = l.Points
	p.X.Label.TextStyle.Font = sans
	p.X.Tick.Label.Font = sans
	p.Legend.TextStyle.Font = sans
	p.Legend.XOffs = -6
	p.HideY()

	// Row i (rank i+1) is at y = n-1-i: the winner at the top.
	public := make(plotter.Values, n)
	jury := make(plotter.Values, n)
	names := plotter.XYLabels{XYs: make(plotter.XYs, n), Labels: make([]string, n)}
	totals := plotter.XYLabels{XYs: make(plotter.XYs, n), Labels: make([]string, n)}
	style := text.Style{Color: color.Black, Font: p.X.Tick.Label.Font, Handler: p.X.Tick.Label.Handler, YAlign: text.YCenter}
	var totalStyles []text.Style
	maxX := 0.0
	for i, r := range rows {
		y := float64(n - 1 - i)
		public[n-1-i], jury[n-1-i] = r.PublicPoints, r.JuryPoints
		names.XYs[i] = plotter.XY{X: 0, Y: y}
		names.Labels[i] = fit(style, fmt.Sprintf("%d. %s", r.Rank, r.Name), dataW)
		label, s := number(r.Total), style
		if r.Prize > 0 {
			label += " · " + prize(r.Prize)
			s.Color = prizeColor
		}
		totals.XYs[i] = plotter.XY{X: r.Total, Y: y}
		totals.Labels[i] = label
		totalStyles = append(totalStyles, s)
		// The label must end inside the plot: total/X.Max × dataW + its
		// width ≤ dataW.
		room := dataW - style.Width(label) - 8
		maxX = max(maxX, r.Total*float64(dataW)/float64(room))
	}
	if maxX <= 0 || math.IsNaN(maxX) || math.IsInf(maxX, 0) {
		maxX = 1 // nothing to scale: an axis from 0 to 1 rather than NaN
	}
	p.X.Min, p.X.Max = 0, maxX
	// Room above the top bar for its name, and below the last one for the
	// legend.
	p.Y.Min, p.Y.Max = -1.4, float64(n)-0.35

	pub, err := plotter.NewBarChart(public, barH)
	if err != nil {
		return nil, err
	}
	pub.Horizontal = true
	pub.LineStyle.Width = 0
	pub.Color = publicColor
	jur, err := plotter.NewBarChart(jury, barH)
	if err != nil {
		return nil, err
	}
	jur.Horizontal = true
	jur.LineStyle.Width = 0
	jur.Color = juryColor
	jur.StackOn(pub)

	nameLabels, err := plotter.NewLabels(names)
	if err != nil {
		return nil, err
	}
	for i := range nameLabels.TextStyle {
		s := style
		s.YAlign = text.YBottom
		nameLabels.TextStyle[i] = s
	}
	nameLabels.Offset = vg.Point{Y: barH/2 + 1}
	totalLabels, err := plotter.NewLabels(totals)
	if err != nil {
		return nil, err
	}
	totalLabels.TextStyle = totalStyles
	totalLabels.Offset = vg.Point{X: 4, Y: 1}

	p.Add(pub, jur, nameLabels, totalLabels)
	p.Legend.Add(l.Public, pub)
	p.Legend.Add(l.Jury, jur)
	p.Legend.Top = false
	p.Legend.Left = false
	return &drawing{plot: p, names: nameLabels, totals: totalLabels, height: vg.Length(n)*rowH + headH}, nil
}

// newPlot returns a plot titled title in the charts' sans-serif font, and
// that font for its other texts.
func newPlot(title string) (*plot.Plot, font.Font) {
	p := plot.New()
	sans := font.Font{Typeface: "Liberation", Variant: "Sans", Size: fontSize}
	p.Title.Text = title
	p.Title.TextStyle.Font = sans
	p.Title.TextStyle.Font.Size = 14
	p.Title.Padding = 6
	return p, sans
}

// fit shortens s with an ellipsis until it is at most w wide in style.
func fit(style text.Style, s string, w vg.Length) string {
	r := []rune(s)
	for len(r) > 1 && style.Width(string(r)) > w {
		r = append(r[:len(r)-2], '…')
	}
	return string(r)
}
