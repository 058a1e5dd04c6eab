package coverage

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"slices"
	"sync"

	"github.com/iadsim/iadsim/basemap"
	"github.com/iadsim/iadsim/terrain"
)

// Map colours.
var (
	colSea      = color.RGBA{214, 230, 242, 255}
	colLand     = color.RGBA{242, 239, 230, 255}
	colCoast    = color.RGBA{90, 107, 122, 255}
	colDetect   = color.RGBA{40, 160, 60, 255}
	colEngage   = color.RGBA{215, 40, 40, 255}
	colRing     = color.RGBA{70, 70, 70, 255}
	colText     = color.RGBA{0, 0, 0, 255}
	colWhite    = color.RGBA{255, 255, 255, 255}
	colRadar    = color.RGBA{20, 20, 120, 255}
	colLauncher = color.RGBA{120, 20, 20, 255}
)

// Map sizes, pixels.
const (
	mapMinWidth = 800
	mapMaxWidth = 1600
	titleHeight = 30
)

// land holds Natural Earth's land, decoded on first use by an Analysis.
type land struct {
	once  sync.Once
	polys []basemap.Polygon
	err   error
}

// landPolygons decodes Natural Earth's land once per Analysis: every map
// of a run draws the same coastlines.
func (a *Analysis) landPolygons() ([]basemap.Polygon, error) {
	a.land.once.Do(func() { a.land.polys, a.land.err = basemap.Land() })
	return a.land.polys, a.land.err
}

// WritePNG draws one layer's coverage of the given kind as a PNG map on
// the layer's grid (plate carrée, cells square at the grid's central
// latitude): land and sea from Natural Earth's 1:50m coastlines, the
// detection coverage in green and, for an engagement map, the engagement
// coverage in red over it, range rings around each unit, the radars and
// launchers, each unit's name, a latitude and longitude grid, a scale
// bar, a title and a legend.
func (a *Analysis) WritePNG(w io.Writer, l *Layer, kind Kind, title string) error {
	return a.writeMap(w, l, nil, kind, title)
}

// WriteUnitPNG is WritePNG for one unit of the layer alone: its coverage,
// its rings and its sites; the other units are drawn as sites only.
func (a *Analysis) WriteUnitPNG(w io.Writer, l *Layer, unit int, kind Kind, title string) error {
	if unit < 0 || unit >= len(l.Units) {
		return fmt.Errorf("unit %d of %d", unit, len(l.Units))
	}
	return a.writeMap(w, l, l.Units[unit], kind, title)
}

func (a *Analysis) writeMap(w io.Writer, l *Layer, only *UnitLayer, kind Kind, title string) error {
	m, err := a.newMap(l.Detection.Georef)
	if err != nil {
		return err
	}
	det, eng := l.Detection, l.Engagement
	if only != nil {
		det, eng = only.Detection, only.Engagement
	}
	for py := range m.h {
		row := min(int(float64(py)/m.scale), m.g.Rows-1)
		for px := range m.w {
			i := row*m.g.Cols + min(int(float64(px)/m.scale), m.g.Cols-1)
			switch {
			case l.Unknown != nil && l.Unknown.Pix[i] == Covered:
				if (px+py)%6 == 0 {
					m.blend(px, py+m.top, colRing, 0.5)
				}
			case kind == Engagement && eng.Pix[i] == Covered:
				m.blend(px, py+m.top, colEngage, 0.65)
			case det.Pix[i] == Covered:
				alpha := 0.55
				if kind == Engagement {
					alpha = 0.3
				}
				m.blend(px, py+m.top, colDetect, alpha)
			}
		}
	}
	m.coast()
	legend := []legendEntry{{colDetect, 0.55, "detected (" + l.Target.Describe() + ")"}}
	if kind == Engagement {
		legend[0].alpha = 0.3
		legend = append(legend, legendEntry{colEngage, 0.65, "engageable: fire-control detection within a missile's envelope"})
	}
	var lines []string
	if l.Unknown != nil {
		lines = append(lines, "hatched: no terrain data, height above ground unknown")
	}
	spacing := m.ringSpacing()
	lines = append(lines,
		fmt.Sprintf("rings every %s around each unit", Length(spacing)),
		"triangles: radars; squares: launchers",
		"heights "+l.HeightRef,
		"coastline: Natural Earth 1:50m",
	)
	m.reserve(legend, lines)
	m.graticule()
	for k, u := range a.Units {
		if only == nil || only.ID == u.ID {
			m.unitRings(u, spacing, unitColour(k))
		}
	}
	m.sites(a.Units)
	m.titleBar(title)
	m.legend(legend, lines)
	m.scaleBar()
	return png.Encode(w, m.img)
}

// unitColours tell units apart: their rings and names.
var unitColours = [...]color.RGBA{
	{40, 40, 40, 255}, {30, 60, 160, 255}, {130, 40, 130, 255}, {150, 80, 0, 255}, {0, 110, 110, 255},
}

func unitColour(k int) color.RGBA { return unitColours[k%len(unitColours)] }

// canvas draws on a map of a geographic grid.
type canvas struct {
	img   *image.RGBA
	g     terrain.Georef
	scale float64 // pixels per cell
	top   int     // rows of pixels above the map
	w, h  int     // the map's size below the title, pixels
	polys []basemap.Polygon
	faces faces
	// placed holds the boxes of the labels drawn so far, which later
	// labels keep clear of.
	placed []image.Rectangle
}

func (m *canvas) pixel(lat, lon float64) (x, y float64) {
	deg := 180 / math.Pi
	return (lon*deg - m.g.X0) / m.g.DX * m.scale, (m.g.Y0-lat*deg)/m.g.DY*m.scale + float64(m.top)
}

func (m *canvas) widthMetres() float64 {
	lat := (m.g.Y0 - float64(m.g.Rows)*m.g.DY/2) * math.Pi / 180
	_, n := radii(lat)
	return float64(m.g.Cols) * m.g.DX * math.Pi / 180 * n * math.Cos(lat)
}

func (m *canvas) set(x, y int, c color.RGBA) {
	if image.Pt(x, y).In(m.img.Rect) {
		m.img.SetRGBA(x, y, c)
	}
}

func (m *canvas) blend(x, y int, c color.RGBA, alpha float64) {
	if !image.Pt(x, y).In(m.img.Rect) {
		return
	}
	o := m.img.RGBAAt(x, y)
	mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a)*(1-alpha) + float64(b)*alpha)) }
	m.img.SetRGBA(x, y, color.RGBA{mix(o.R, c.R), mix(o.G, c.G), mix(o.B, c.B), 255})
}

func (m *canvas) rect(x, y, w, h int, c color.RGBA) {
	for j := y; j < y+h; j++ {
		for i := x; i < x+w; i++ {
			m.set(i, j, c)
		}
	}
}

func (m *canvas) triangle(x, y int, c color.RGBA) {
	for j := -4; j <= 3; j++ {
		half := (j + 4) / 2
		for i := -half; i <= half; i++ {
			m.set(x+i, y+j, c)
		}
	}
}

// line draws a one-pixel line; dash > 0 draws dash pixels of every 2
// dash, counting from the pixel count from, and it returns the count at
// its end, so that a polyline's dashes run on across its segments.
func (m *canvas) line(x0, y0, x1, y1 float64, c color.RGBA, dash, from int) int {
	n := int(math.Ceil(math.Max(math.Abs(x1-x0), math.Abs(y1-y0))))
	b := m.img.Rect
	if n > 4*(b.Dx()+b.Dy()) || (math.Max(x0, x1) < 0 || math.Min(x0, x1) > float64(b.Dx()) ||
		math.Max(y0, y1) < 0 || math.Min(y0, y1) > float64(b.Dy())) {
		return from + n
	}
	for k := 0; k < n || (n == 0 && k == 0); k++ {
		if dash > 0 && ((from+k)/dash)%2 == 1 {
			continue
		}
		f := float64(k) / float64(max(n, 1))
		m.set(int(x0+f*(x1-x0)), int(y0+f*(y1-y0)), c)
	}
	return from + n
}

// fillLand paints the sea and then the land by scanlines, even-odd over
// every ring that reaches the map.
func (m *canvas) fillLand(polys []basemap.Polygon) {
	b := m.img.Rect
	m.rect(0, 0, b.Dx(), b.Dy(), colSea)
	type edge struct{ x0, y0, x1, y1 float64 }
	var edges []edge
	m.rings(polys, func(r basemap.Ring) {
		for i := 1; i < len(r); i++ {
			x0, y0 := m.pixel(r[i-1].Lat*math.Pi/180, r[i-1].Lon*math.Pi/180)
			x1, y1 := m.pixel(r[i].Lat*math.Pi/180, r[i].Lon*math.Pi/180)
			if y0 != y1 {
				edges = append(edges, edge{x0, y0, x1, y1})
			}
		}
	})
	var xs []float64
	for py := m.top; py < b.Dy(); py++ {
		y := float64(py) + 0.5
		xs = xs[:0]
		for _, e := range edges {
			if (e.y0 <= y) != (e.y1 <= y) {
				xs = append(xs, e.x0+(y-e.y0)/(e.y1-e.y0)*(e.x1-e.x0))
			}
		}
		slices.Sort(xs)
		for k := 0; k+1 < len(xs); k += 2 {
			for px := max(0, int(math.Ceil(xs[k]-0.5))); px < min(b.Dx(), int(math.Ceil(xs[k+1]-0.5))); px++ {
				m.img.SetRGBA(px, py, colLand)
			}
		}
	}
}

// coast outlines the land.
func (m *canvas) coast() {
	m.rings(m.polys, func(r basemap.Ring) {
		for i := 1; i < len(r); i++ {
			x0, y0 := m.pixel(r[i-1].Lat*math.Pi/180, r[i-1].Lon*math.Pi/180)
			x1, y1 := m.pixel(r[i].Lat*math.Pi/180, r[i].Lon*math.Pi/180)
			m.line(x0, y0, x1, y1, colCoast, 0, 0)
		}
	})
}

// rings calls f on every ring whose bounding box meets the map's.
func (m *canvas) rings(polys []basemap.Polygon, f func(basemap.Ring)) {
	g := m.g
	lon0, lon1 := g.X0, g.X0+float64(g.Cols)*g.DX
	lat0, lat1 := g.Y0-float64(g.Rows)*g.DY, g.Y0
	for _, p := range polys {
		for _, r := range p {
			if len(r) == 0 {
				continue
			}
			a0, a1, o0, o1 := r[0].Lat, r[0].Lat, r[0].Lon, r[0].Lon
			for _, q := range r {
				a0, a1 = math.Min(a0, q.Lat), math.Max(a1, q.Lat)
				o0, o1 = math.Min(o0, q.Lon), math.Max(o1, q.Lon)
			}
			if a1 >= lat0 && a0 <= lat1 && o1 >= lon0 && o0 <= lon1 {
				f(r)
			}
		}
	}
}
