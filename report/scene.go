package report

import (
	"fmt"
	"github.com/iadsim/iadsim/basemap"
	"image/color"
	"math"
	"os"
	"sort"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/mc"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// readEvents reads an events.jsonl file, refusing times no run writes:
// they would leave the plot's axis, and its tick labelling, without end.
func readEvents(path string) ([]event.Event, error) {
	evs, err := event.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for i, e := range evs {
		if !(math.Abs(e.T) <= maxTime) {
			return nil, &InputError{fmt.Errorf("%s:%d: time %g s; want a run's time, at most %g s", path, i+1, e.T, maxTime)}
		}
	}
	return evs, nil
}

func readScene(path string) (*geojson.FeatureCollection, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// Coordinates no run writes (1e308) would leave the map's axes, and
	// their tick labelling, without end. Longitudes may pass ±180 by a
	// little where a route crosses the antimeridian.
	for i, f := range fc.Features {
		if f.Geometry == nil {
			continue
		}
		b := f.Geometry.Bound()
		if !(b.Min.Lon() >= -360 && b.Max.Lon() <= 360 && b.Min.Lat() >= -90 && b.Max.Lat() <= 90) {
			return nil, &InputError{fmt.Errorf("%s: feature %d: coordinates out of range (%g to %g east, %g to %g north); want longitudes and latitudes in degrees", path, i, b.Min.Lon(), b.Max.Lon(), b.Min.Lat(), b.Max.Lat())}
		}
	}
	return fc, nil
}

// maxTime bounds an event's time, s: 31 years, longer than any run.
const maxTime = 1e9

// metresPerDegree is the length of a degree of latitude, near enough for
// a map's aspect ratio.
const metresPerDegree = 111_320.0

// mapPlot draws the scene on an equirectangular projection whose x axis
// is longitude scaled by cos(latitude) at the map's centre, so that
// distances are true to within a few per cent over a few hundred
// kilometres: defended sites with their radius, command posts, radars,
// launchers, each threat's planned path coloured by class, and the
// intercepts, kills, leaks and impacts of replication 0.
func mapPlot(fc *geojson.FeatureCollection, info mc.Info) (*plot.Plot, vg.Length, error) {
	bound := fc.Features[0].Geometry.Bound()
	for _, f := range fc.Features[1:] {
		bound = bound.Union(f.Geometry.Bound())
	}
	lat0 := (bound.Min[1] + bound.Max[1]) / 2 * math.Pi / 180
	k := math.Cos(lat0)
	xy := func(p orb.Point) plotter.XY { return plotter.XY{X: p[0], Y: p[1]} }

	p := plot.New()
	p.Title.Text = "Sites, routes and intercepts (replication 0)"
	p.X.Label.Text = "longitude (deg)"
	p.Y.Label.Text = "latitude (deg)"
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	if err := addCoastlines(p, bound); err != nil {
		return nil, 0, err
	}

	classes := map[string]int{}
	for _, c := range info.Threats {
		classes[c.Type] = len(classes)
	}
	legendDone := map[string]bool{}
	points := map[string]plotter.XYs{}
	for _, f := range fc.Features {
		kind, _ := f.Properties["kind"].(string)
		var lines orb.MultiLineString // a path cut at the antimeridian has several
		switch g := f.Geometry.(type) {
		case orb.LineString:
			lines = orb.MultiLineString{g}
		case orb.MultiLineString:
			lines = g
		}
		for _, g := range lines {
			typ, _ := f.Properties["type"].(string)
			line := make(plotter.XYs, len(g))
			for i, q := range g {
				line[i] = xy(q)
			}
			l, err := plotter.NewLine(line)
			if err != nil {
				return nil, 0, err
			}
			l.Color = plotutil.Color(3 + classes[typ])
			l.Width = vg.Points(0.8)
			p.Add(l)
			if !legendDone[typ] {
				legendDone[typ] = true
				p.Legend.Add(typ, l)
			}
		}
		switch g := f.Geometry.(type) {
		case orb.Point:
			points[kind] = append(points[kind], xy(g))
			if kind == "site" {
				r, _ := f.Properties["radius_m"].(float64)
				if r > 0 {
					ring := make(plotter.XYs, 49)
					for i := range ring {
						a := 2 * math.Pi * float64(i) / 48
						ring[i] = plotter.XY{X: g[0] + r*math.Cos(a)/(metresPerDegree*k), Y: g[1] + r*math.Sin(a)/metresPerDegree}
					}
					l, err := plotter.NewLine(ring)
					if err != nil {
						return nil, 0, err
					}
					l.Color = color.RGBA{R: 0, G: 110, B: 0, A: 255}
					p.Add(l)
				}
			}
		}
	}
	marks := []struct {
		kind, label string
		shape       draw.GlyphDrawer
		col         color.Color
		radius      vg.Length
	}{
		{"site", "defended site", draw.BoxGlyph{}, color.RGBA{G: 110, A: 255}, 4},
		{"command_post", "command post", draw.PyramidGlyph{}, color.RGBA{B: 160, A: 255}, 3.5},
		{"radar", "radar", draw.RingGlyph{}, color.RGBA{B: 200, A: 255}, 3.5},
		{"launcher", "launcher", draw.SquareGlyph{}, color.RGBA{R: 60, G: 60, B: 200, A: 255}, 2},
		{"intercept", "intercept", draw.CrossGlyph{}, color.RGBA{R: 120, G: 120, B: 120, A: 255}, 2.5},
		{"kill", "kill", draw.CircleGlyph{}, color.RGBA{R: 200, A: 255}, 2.5},
		{"leak", "leaker", draw.PlusGlyph{}, color.Black, 4},
		{"impact", "impact", draw.TriangleGlyph{}, color.RGBA{R: 140, G: 70, A: 255}, 3},
	}
	for _, m := range marks {
		pts := points[m.kind]
		if len(pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, 0, err
		}
		sc.Shape, sc.Color, sc.Radius = m.shape, m.col, vg.Points(float64(m.radius))
		p.Add(sc)
		p.Legend.Add(m.label, sc)
	}
	// Keep the projection's aspect, a degree of longitude k times as long
	// on the page as one of latitude: widen the axis that is too short.
	// The legend stands beside the map (svgURI), not over it.
	x0, x1 := bound.Min[0], bound.Max[0]
	y0, y1 := bound.Min[1], bound.Max[1]
	padX, padY := 0.05*(x1-x0)+1e-3, 0.05*(y1-y0)+1e-3
	x0, x1, y0, y1 = x0-padX, x1+padX, y0-padY, y1+padY
	dx, dy := (x1-x0)*k, y1-y0
	ratio := math.Min(0.75, math.Max(0.4, dy/dx)) // page height over width: the map fits a screen
	if dy/dx < ratio {
		c, half := (y0+y1)/2, ratio*dx/2
		y0, y1 = c-half, c+half
	} else {
		c, half := (x0+x1)/2, dy/ratio/k/2
		x0, x1 = c-half, c+half
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	// The plot area is the figure less the legend and about 1.5 cm of
	// axis on each side.
	h := (wide-legendWidth(p)-1.5*vg.Centimeter)*vg.Length(ratio) + 1.5*vg.Centimeter
	return p, h, nil
}

// timelineRow is one threat's story in replication 0.
type timelineRow struct {
	id, class              string
	start, end             float64
	outcome                string
	detect, confirm        float64 // NaN when it never happened
	launches, hits, misses []float64
}

// timelinePlot draws one line per threat, from launch to its end, with
// its first detection, track confirmation, the interceptors launched at
// it and their intercepts (filled: kill; open: miss).
func timelinePlot(evs []event.Event, info mc.Info) (*plot.Plot, vg.Length, error) {
	rows := map[string]*timelineRow{}
	var order []string
	end := info.Duration
	for _, e := range evs {
		if e.Type == event.ScenarioEnd {
			end = e.T
		}
		if e.Threat == "" {
			continue
		}
		r := rows[e.Threat]
		if r == nil {
			r = &timelineRow{id: e.Threat, class: e.ThreatType, start: math.NaN(), end: math.NaN(), detect: math.NaN(), confirm: math.NaN()}
			rows[e.Threat] = r
			order = append(order, e.Threat)
		}
		switch e.Type {
		case event.ThreatLaunch:
			r.start = e.T
		case event.Detection:
			if math.IsNaN(r.detect) {
				r.detect = e.T
			}
		case event.TrackConfirmed:
			if math.IsNaN(r.confirm) {
				r.confirm = e.T
			}
		case event.Launch:
			r.launches = append(r.launches, e.T)
		case event.Intercept:
			if e.Killed != nil && *e.Killed {
				r.hits = append(r.hits, e.T)
			} else {
				r.misses = append(r.misses, e.T)
			}
		case event.Kill, event.Leak, event.Impact, event.ThreatEnd:
			r.end, r.outcome = e.T, e.Type
		}
	}
	// Threats in order of launch, first at the top.
	sort.SliceStable(order, func(a, b int) bool { return rows[order[a]].start < rows[order[b]].start })
	p := plot.New()
	p.Title.Text = "Engagement timeline (replication 0)"
	p.X.Label.Text = "time since scenario start (s)"
	p.Add(plotter.NewGrid())
	names := make([]string, len(order))
	var det, conf, launch, hit, miss, leak plotter.XYs
	outcomeColor := map[string]color.Color{
		event.Kill: color.RGBA{R: 200, A: 255}, event.Leak: color.Black,
		event.Impact: color.RGBA{R: 140, G: 70, A: 255}, event.ThreatEnd: color.Gray{Y: 140},
	}
	for i, id := range order {
		r := rows[id]
		y := float64(len(order) - 1 - i)
		names[len(order)-1-i] = id
		s, e := r.start, r.end
		if math.IsNaN(s) {
			s = 0
		}
		if math.IsNaN(e) {
			e = end
		}
		l, err := plotter.NewLine(plotter.XYs{{X: s, Y: y}, {X: e, Y: y}})
		if err != nil {
			return nil, 0, err
		}
		l.Width = vg.Points(2)
		l.Color = color.Gray{Y: 170}
		if c, ok := outcomeColor[r.outcome]; ok {
			l.Color = c
		}
		p.Add(l)
		if !math.IsNaN(r.detect) {
			det = append(det, plotter.XY{X: r.detect, Y: y})
		}
		if !math.IsNaN(r.confirm) {
			conf = append(conf, plotter.XY{X: r.confirm, Y: y})
		}
		for _, t := range r.launches {
			launch = append(launch, plotter.XY{X: t, Y: y})
		}
		for _, t := range r.hits {
			hit = append(hit, plotter.XY{X: t, Y: y})
		}
		for _, t := range r.misses {
			miss = append(miss, plotter.XY{X: t, Y: y})
		}
		if r.outcome == event.Leak {
			leak = append(leak, plotter.XY{X: r.end, Y: y})
		}
	}
	for _, m := range []struct {
		pts   plotter.XYs
		label string
		shape draw.GlyphDrawer
		col   color.Color
	}{
		{det, "first detection", draw.RingGlyph{}, color.RGBA{B: 200, A: 255}},
		{conf, "track confirmed", draw.SquareGlyph{}, color.RGBA{G: 130, B: 130, A: 255}},
		{launch, "interceptor launched", draw.TriangleGlyph{}, color.RGBA{R: 60, G: 60, B: 200, A: 255}},
		{miss, "intercept, missed", draw.CrossGlyph{}, color.RGBA{R: 120, G: 120, B: 120, A: 255}},
		{hit, "intercept, killed", draw.CircleGlyph{}, color.RGBA{R: 200, A: 255}},
		{leak, "leaked", draw.PlusGlyph{}, color.Black},
	} {
		if len(m.pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(m.pts)
		if err != nil {
			return nil, 0, err
		}
		sc.Shape, sc.Color, sc.Radius = m.shape, m.col, vg.Points(3)
		p.Add(sc)
		p.Legend.Add(m.label, sc)
	}
	p.NominalY(names...)
	p.Legend.Top = true
	h := vg.Length(len(order))*0.45*vg.Centimeter + 4*vg.Centimeter
	return p, h, nil
}

// addCoastlines draws Natural Earth's 1:50m coastlines (package basemap)
// under the scene: the outline of every piece of land that reaches into
// the scene's box, widened by half on each side for the legend and the
// aspect-ratio padding. The plot clips them to its axes.
func addCoastlines(p *plot.Plot, b orb.Bound) error {
	land, err := basemap.Land()
	if err != nil {
		return err
	}
	wx, wy := (b.Max[0]-b.Min[0])/2+0.5, (b.Max[1]-b.Min[1])/2+0.5
	x0, x1, y0, y1 := b.Min[0]-wx, b.Max[0]+wx, b.Min[1]-wy, b.Max[1]+wy
	coast := color.RGBA{R: 150, G: 130, B: 100, A: 255}
	for _, poly := range land {
		for _, ring := range poly {
			inside := false
			line := make(plotter.XYs, len(ring))
			for i, q := range ring {
				line[i] = plotter.XY{X: q.Lon, Y: q.Lat}
				inside = inside || (q.Lon >= x0 && q.Lon <= x1 && q.Lat >= y0 && q.Lat <= y1)
			}
			if !inside || len(line) < 2 {
				continue
			}
			l, err := plotter.NewLine(line)
			if err != nil {
				return err
			}
			l.Color, l.Width = coast, vg.Points(0.6)
			p.Add(l)
		}
	}
	return nil
}
