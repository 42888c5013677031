package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"sort"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Point is a count at an instant: the votes of one period.
type Point struct {
	At    time.Time
	Count int
}

// TimelineLabels are the timeline's texts in the reader's language.
type TimelineLabels struct {
	Title string
	Votes string // the vertical axis
	// Time writes an instant on the horizontal axis ("12/10"); the time
	// package's "02/01" when nil.
	Time func(time.Time) string
}

// lineColors and lineDashes tell the series apart by colour and by dash,
// for readers who do not see the colours.
var (
	lineColors = []color.Color{juryColor, publicColor, color.RGBA{R: 0x59, G: 0xa1, B: 0x4f, A: 0xff}, color.RGBA{R: 0x76, G: 0x4e, B: 0xa7, A: 0xff}}
	lineDashes = [][]vg.Length{nil, {vg.Points(6), vg.Points(3)}, {vg.Points(2), vg.Points(2)}, {vg.Points(8), vg.Points(2), vg.Points(2), vg.Points(2)}}
)

// Timeline renders counts over time as a PNG line chart, one line per
// series (a platform's votes per period), named by the map's keys in the
// legend, in key order.
func Timeline(series map[string][]Point, l TimelineLabels) ([]byte, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("chart: no series to draw")
	}
	format := l.Time
	if format == nil {
		format = func(t time.Time) string { return t.Format("02/01") }
	}
	p, sans := newPlot(l.Title)
	p.Y.Label.Text = l.Votes
	p.Y.Label.TextStyle.Font = sans
	p.Y.Tick.Label.Font = sans
	p.X.Tick.Label.Font = sans
	p.Legend.TextStyle.Font = sans
	p.Legend.Top = true
	p.Legend.Left = true
	p.Y.Min = 0
	p.X.Tick.Marker = timeTicks{format: format}
	top := 0
	for _, pts := range series {
		for _, pt := range pts {
			top = max(top, pt.Count)
		}
	}
	p.Y.Max = float64(top)*1.3 + 1 // room for the legend above the lines
	names := make([]string, 0, len(series))
	for name := range series {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		pts := series[name]
		xys := make(plotter.XYs, len(pts))
		for j, pt := range pts {
			xys[j] = plotter.XY{X: float64(pt.At.Unix()), Y: float64(pt.Count)}
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, err
		}
		line.Color = lineColors[i%len(lineColors)]
		line.Width = vg.Points(2)
		line.Dashes = lineDashes[i%len(lineDashes)]
		points.Color = line.Color
		points.Shape = draw.CircleGlyph{}
		points.Radius = vg.Points(2)
		p.Add(line, points)
		p.Legend.Add(name, line)
	}
	c := vgimg.NewWith(vgimg.UseWH(2*width, width), vgimg.UseDPI(dpi))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// timeTicks places about five ticks on a time axis (Unix seconds), labelled
// by format.
type timeTicks struct{ format func(time.Time) string }

// Ticks returns the axis' ticks between min and max.
func (tt timeTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = tt.format(time.Unix(int64(ticks[i].Value), 0).UTC())
		}
	}
	return ticks
}
