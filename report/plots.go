package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"

	"github.com/iadsim/iadsim/mc"
	"github.com/iadsim/iadsim/stats"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure sizes: two narrow figures side by side, or one wide one, fill
// the page's column (70rem) on a laptop screen; the page scales them down
// on a narrower one.
const (
	wide   = 26 * vg.Centimeter
	narrow = 13.5 * vg.Centimeter
	short  = 8 * vg.Centimeter
)

// legendGap separates the plot from the legend beside it.
const legendGap = 0.4 * vg.Centimeter

// legendWidth is the width of the strip that p's legend takes at the
// right of its figure (svgURI), 0 when it has no entries. The text is
// measured in the plot's font, but a browser draws an SVG's text in the
// nearest font it has, up to a fifth wider (DejaVu Sans for Liberation
// Sans): the strip leaves room for that.
func legendWidth(p *plot.Plot) vg.Length {
	w := p.Legend.Rectangle(draw.Canvas{}).Size().X
	if w <= 0 {
		return 0
	}
	return 1.25*w + legendGap
}

// svgURI renders p as SVG and returns it as a data: URI. The legend, if
// any, goes in a strip at the right of the figure, level with the top of
// the axes, so that it never covers data and its text is never cut off by
// the plot's edge.
func svgURI(p *plot.Plot, w, h vg.Length) (string, error) {
	c := vgsvg.New(w, h)
	dc := draw.New(c)
	if lw := legendWidth(p); lw > 0 {
		legend := p.Legend
		p.Legend = plot.NewLegend()
		p.Draw(draw.Crop(dc, 0, -lw, 0, 0))
		p.Legend = legend
		top := vg.Length(0)
		if p.Title.Text != "" {
			top = p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding
		}
		legend.Top, legend.Left = true, true
		legend.Padding = vg.Points(2)
		legend.XOffs, legend.YOffs = 0, 0
		legend.Draw(draw.Crop(dc, w-lw+legendGap, 0, 0, -top))
	} else {
		p.Draw(dc)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", err
	}
	return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Add(plotter.NewGrid())
	return p
}

// countHistogram plots how many replications had each value of an
// integer outcome.
func countHistogram(title, xlabel string, values []int) (*plot.Plot, error) {
	p := newPlot(title, xlabel, "replications")
	if len(values) == 0 {
		return p, nil
	}
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	// Many distinct values (interceptors expended) are grouped into at
	// most 30 bins of whole numbers.
	bin := 1
	for (hi-lo)/bin+1 > 30 {
		bin++
	}
	counts := make(plotter.Values, (hi-lo)/bin+1)
	for _, v := range values {
		counts[(v-lo)/bin]++
	}
	bars, err := plotter.NewBarChart(counts, 0.8*narrow/vg.Length(len(counts)+1))
	if err != nil {
		return nil, err
	}
	bars.Color = plotutil.Color(0)
	bars.LineStyle.Width = 0
	p.Add(bars)
	names := make([]string, len(counts))
	step := max(1, len(counts)/12)
	for i := range names {
		if i%step == 0 {
			if bin == 1 {
				names[i] = strconv.Itoa(lo + i)
			} else {
				names[i] = fmt.Sprintf("%d-%d", lo+i*bin, lo+i*bin+bin-1)
			}
		}
	}
	p.NominalX(names...)
	fitBars(p, len(counts))
	return p, nil
}

// fitBars sets the x axis of n vertical bars at 0..n-1 to hold each bar
// whole, with half a slot of margin at either end.
func fitBars(p *plot.Plot, n int) {
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
}

// errPoints is points with asymmetric vertical error bars.
type errPoints struct {
	plotter.XYs
	plotter.YErrors
}

func intervalPoints(x []float64, iv []stats.Interval) errPoints {
	var e errPoints
	for i := range iv {
		e.XYs = append(e.XYs, plotter.XY{X: x[i], Y: iv[i].Estimate})
		e.YErrors = append(e.YErrors, struct{ Low, High float64 }{iv[i].Estimate - iv[i].Lo, iv[i].Hi - iv[i].Estimate})
	}
	return e
}

// rateBars plots proportions per category with their intervals.
func rateBars(title, ylabel string, rates []mc.Proportion) (*plot.Plot, error) {
	p := newPlot(title, "", ylabel)
	p.Y.Min, p.Y.Max = 0, 1
	vals := make(plotter.Values, len(rates))
	x := make([]float64, len(rates))
	ivs := make([]stats.Interval, len(rates))
	names := make([]string, len(rates))
	for i, r := range rates {
		vals[i], x[i], ivs[i], names[i] = r.Estimate, float64(i), r.Interval, r.Name
	}
	if len(rates) == 0 {
		return p, nil
	}
	bars, err := plotter.NewBarChart(vals, 1.2*vg.Centimeter)
	if err != nil {
		return nil, err
	}
	bars.Color = plotutil.Color(1)
	bars.LineStyle.Width = 0
	eb, err := plotter.NewYErrorBars(intervalPoints(x, ivs))
	if err != nil {
		return nil, err
	}
	eb.LineStyle.Width = vg.Points(1.2)
	p.Add(bars, eb)
	p.NominalX(names...)
	fitBars(p, len(rates))
	return p, nil
}

// convergencePlot shows the half-widths of the main intervals against the
// number of runs, on log-log axes, beside a 1/√n guide.
func convergencePlot(pts []mc.ConvergencePoint) (*plot.Plot, error) {
	p := newPlot("Confidence-interval convergence", "runs", "95% half-width")
	if len(pts) < 2 {
		return p, nil
	}
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	series := []struct {
		name string
		get  func(c mc.ConvergencePoint) float64
	}{
		{"P(at least one leaker)", func(c mc.ConvergencePoint) float64 { return c.PLeakHalfWidth }},
		{"mean leakers", func(c mc.ConvergencePoint) float64 { return c.LeakersHalfWidth }},
		{"mean interceptors", func(c mc.ConvergencePoint) float64 { return c.InterceptorsHalfWidth }},
	}
	var guideAt float64
	for i, s := range series {
		var xy plotter.XYs
		for _, c := range pts {
			if v := s.get(c); v > 0 {
				xy = append(xy, plotter.XY{X: float64(c.Runs), Y: v})
			}
		}
		if len(xy) < 1 {
			continue
		}
		l, sc, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		l.Color, sc.Color = plotutil.Color(i), plotutil.Color(i)
		sc.Shape = plotutil.Shape(i)
		p.Add(l, sc)
		p.Legend.Add(s.name, l, sc)
		if i == 0 {
			guideAt = xy[0].Y * math.Sqrt(xy[0].X)
		}
	}
	if guideAt > 0 {
		first, last := float64(pts[0].Runs), float64(pts[len(pts)-1].Runs)
		g, err := plotter.NewLine(plotter.XYs{{X: first, Y: guideAt / math.Sqrt(first)}, {X: last, Y: guideAt / math.Sqrt(last)}})
		if err != nil {
			return nil, err
		}
		g.Color = color.Gray{Y: 128}
		g.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		p.Add(g)
		p.Legend.Add("1/√n", g)
	}
	p.Legend.Top = true
	return p, nil
}

// sensitivityPlot ranks the drawn figures by the size of their rank
// correlation with leakers, strongest first at the top, at most 15, as
// horizontal bars so that every figure's name reads level. Dashed lines
// mark the batch's noise level (mc.CriticalCorrelation). It returns the
// figure's height, which grows with the number of bars.
func sensitivityPlot(s []mc.Sensitivity) (*plot.Plot, vg.Length, error) {
	s = append([]mc.Sensitivity(nil), s...)
	sort.SliceStable(s, func(a, b int) bool { return math.Abs(s[a].Leakers) > math.Abs(s[b].Leakers) })
	if len(s) > 15 {
		s = s[:15]
	}
	p := newPlot("Sensitivity of leakers to the drawn figures", "Spearman rank correlation with leakers", "")
	p.X.Min, p.X.Max = -1, 1
	h := vg.Length(len(s))*0.6*vg.Centimeter + 3.5*vg.Centimeter
	if len(s) == 0 {
		return p, h, nil
	}
	// Bars go bottom to top: the strongest last, at the top.
	vals := make(plotter.Values, len(s))
	names := make([]string, len(s))
	for i, f := range s {
		j := len(s) - 1 - i
		vals[j], names[j] = f.Leakers, f.Figure
	}
	bars, err := plotter.NewBarChart(vals, 0.4*vg.Centimeter)
	if err != nil {
		return nil, 0, err
	}
	bars.Horizontal = true
	bars.Color = plotutil.Color(2)
	bars.LineStyle.Width = 0
	p.Add(bars)
	if c := s[0].Critical; c > 0 && c < 1 {
		for i, x := range []float64{-c, c} {
			l, err := plotter.NewLine(plotter.XYs{{X: x, Y: -0.5}, {X: x, Y: float64(len(s)) - 0.5}})
			if err != nil {
				return nil, 0, err
			}
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			l.Color = plotutil.Color(0)
			p.Add(l)
			if i == 0 {
				p.Legend.Add(fmt.Sprintf("noise: |ρ| < %.2f", c), l)
				p.Legend.Add(fmt.Sprintf("(95%%, %d runs)", s[0].N))
			}
		}
	}
	p.NominalY(names...)
	return p, h, nil
}

// sweepPlot plots one estimate of every sweep point against the first
// varied figure, one line per combination of the others.
func sweepPlot(sw *mc.Sweep, title, ylabel string, get func(pt mc.Point) stats.Interval) (*plot.Plot, error) {
	v0 := sw.Vary[0]
	numeric := true
	for _, pt := range sw.Points {
		if math.IsNaN(pt.Settings[0].SI) {
			numeric = false
		}
	}
	xl := v0.Selector
	if numeric {
		xl += " (SI)"
	}
	p := newPlot(title, xl, ylabel)
	type series struct {
		name string
		x    []float64
		iv   []stats.Interval
	}
	var order []string
	groups := map[string]*series{}
	for _, pt := range sw.Points {
		key := ""
		for _, s := range pt.Settings[1:] {
			key += s.Selector + "=" + s.Value + " "
		}
		g := groups[key]
		if g == nil {
			g = &series{name: key}
			groups[key] = g
			order = append(order, key)
		}
		x := float64(len(g.x))
		if numeric {
			x = pt.Settings[0].SI
		}
		g.x = append(g.x, x)
		g.iv = append(g.iv, get(pt))
	}
	// Values spanning more than a decade read better on a log axis.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, g := range groups {
		for _, x := range g.x {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if numeric && lo > 0 && hi/lo >= 10 {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	for i, k := range order {
		g := groups[k]
		e := intervalPoints(g.x, g.iv)
		l, sc, err := plotter.NewLinePoints(e.XYs)
		if err != nil {
			return nil, err
		}
		eb, err := plotter.NewYErrorBars(e)
		if err != nil {
			return nil, err
		}
		l.Color, sc.Color, eb.Color = plotutil.Color(i), plotutil.Color(i), plotutil.Color(i)
		p.Add(l, sc, eb)
		if g.name != "" {
			p.Legend.Add(g.name, l, sc)
		}
	}
	if !numeric {
		p.NominalX(v0.Values...)
	}
	return p, nil
}
