package coverage

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/terrain"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The furniture of a map: fonts, labels that keep clear of each other,
// the latitude and longitude grid, range rings, sites, legend and scale.

var (
	colGrid  = color.RGBA{100, 110, 120, 255}
	colFrame = color.RGBA{120, 120, 120, 255}
)

// faces are the map's TrueType faces, from the Go fonts (Bigelow &
// Holmes, BSD licence, in golang.org/x/image): sizes in pixels, since
// the map is drawn at 72 dpi.
type faces struct {
	title, body, label font.Face
}

func newFaces() (faces, error) {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return faces{}, fmt.Errorf("map font: %w", err)
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return faces{}, fmt.Errorf("map font: %w", err)
	}
	face := func(f *opentype.Font, px float64) font.Face {
		// NewFace fails only on a nil font or options it was not given.
		ff, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
		return ff
	}
	return faces{title: face(bold, 17), body: face(regular, 14), label: face(bold, 13)}, nil
}

// newMap makes a canvas for a map of grid g: sea and land painted, a
// white band above for the title.
func (a *Analysis) newMap(g terrain.Georef) (*canvas, error) {
	polys, err := a.landPolygons()
	if err != nil {
		return nil, err
	}
	fs, err := newFaces()
	if err != nil {
		return nil, err
	}
	width := min(max(g.Cols, mapMinWidth), mapMaxWidth)
	scale := float64(width) / float64(g.Cols)
	height := max(1, int(math.Round(float64(g.Rows)*scale)))
	m := &canvas{img: image.NewRGBA(image.Rect(0, 0, width, height+titleHeight)), g: g, scale: scale,
		top: titleHeight, w: width, h: height, polys: polys, faces: fs}
	m.fillLand(polys)
	return m, nil
}

// position is the latitude and longitude, radians, at pixel (x, y).
func (m *canvas) position(x, y float64) geo.LLA {
	deg := math.Pi / 180
	return geo.LLA{Lat: (m.g.Y0 - (y-float64(m.top))/m.scale*m.g.DY) * deg, Lon: (m.g.X0 + x/m.scale*m.g.DX) * deg}
}

// textBox is the box that string s drawn with its dot at (x, y) covers,
// with a pixel of halo each side.
func textBox(f font.Face, x, y int, s string) image.Rectangle {
	b, _ := font.BoundString(f, s)
	return image.Rect(x+b.Min.X.Floor()-2, y+b.Min.Y.Floor()-2, x+b.Max.X.Ceil()+2, y+b.Max.Y.Ceil()+2)
}

// text draws s with its dot at (x, y) on a white halo, legible over the
// coverage and lines, and returns the box it covers.
func (m *canvas) text(f font.Face, x, y int, s string, c color.RGBA) image.Rectangle {
	d := font.Drawer{Dst: m.img, Src: image.NewUniform(colWhite), Face: f}
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			if dx != 0 || dy != 0 {
				d.Dot = fixed.P(x+dx, y+dy)
				d.DrawString(s)
			}
		}
	}
	d.Src, d.Dot = image.NewUniform(c), fixed.P(x, y)
	d.DrawString(s)
	return textBox(f, x, y, s)
}

// place draws label s at the first of the candidate dots where it lies
// wholly on the map and clear of every label placed before, and reports
// whether one was.
func (m *canvas) place(f font.Face, s string, c color.RGBA, dots []image.Point) bool {
	area := image.Rect(0, m.top, m.w, m.top+m.h)
next:
	for _, p := range dots {
		b := textBox(f, p.X, p.Y, s)
		if !b.In(area) {
			continue
		}
		for _, o := range m.placed {
			if b.Overlaps(o) {
				continue next
			}
		}
		m.placed = append(m.placed, m.text(f, p.X, p.Y, s, c))
		return true
	}
	return false
}

// niceStep is the smallest of 1, 2, 2.5 and 5 times a power of ten that
// is at least x.
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*p >= x*(1-1e-9) {
			return f * p
		}
	}
	return 10 * p
}

// graticule draws the parallels and meridians at a round step, about
// four to eight across the map, labelled along the left and top edges.
func (m *canvas) graticule() {
	g := m.g
	lonSpan, latSpan := float64(g.Cols)*g.DX, float64(g.Rows)*g.DY
	step := niceStep(math.Max(lonSpan, latSpan) / 7)
	south, north := g.Y0-latSpan, g.Y0
	for v := math.Ceil(south/step) * step; v <= north; v += step {
		_, y := m.pixel(v*math.Pi/180, g.X0*math.Pi/180)
		for x := range m.w {
			m.blend(x, int(y), colGrid, 0.35)
		}
		m.place(m.faces.body, degLabel(v, step, "N", "S"), colGrid, []image.Point{{4, int(y) - 4}, {4, int(y) + 15}})
	}
	for v := math.Ceil(g.X0/step) * step; v <= g.X0+lonSpan; v += step {
		x, _ := m.pixel(south*math.Pi/180, v*math.Pi/180)
		for y := m.top; y < m.top+m.h; y++ {
			m.blend(int(x), y, colGrid, 0.35)
		}
		m.place(m.faces.body, degLabel(math.Remainder(v, 360), step, "E", "W"), colGrid,
			[]image.Point{{int(x) + 4, m.top + 16}, {int(x) + 4, m.top + 34}})
	}
}

// degLabel writes a latitude or longitude in degrees with as many
// decimals as the step needs: 44.25°N, 71.5°W.
func degLabel(v, step float64, pos, neg string) string {
	dec := 0
	for dec < 4 && math.Abs(step*math.Pow(10, float64(dec))-math.Round(step*math.Pow(10, float64(dec)))) > 1e-6 {
		dec++
	}
	hemi := pos
	if v < -1e-9 {
		hemi, v = neg, -v
	}
	return strconv.FormatFloat(math.Abs(v), 'f', dec, 64) + "°" + hemi
}

// ringSpacing is a round range-ring interval, about five rings across
// half the map.
func (m *canvas) ringSpacing() float64 {
	span := m.widthMetres()
	spacing := 10e3
	for _, s := range []float64{10e3, 25e3, 50e3, 100e3, 200e3, 500e3} {
		spacing = s
		if span/2/s <= 5 {
			break
		}
	}
	return spacing
}

// unitRings draws range rings every spacing around the unit's fire-control
// radar (else its first), each labelled with its range where the label
// fits clear of the others, trying the north first and then round the
// ring: the rings of two units then keep their labels apart.
func (m *canvas) unitRings(u *Unit, spacing float64, c color.RGBA) {
	centre := u.Radars[0]
	if u.FireControl != nil {
		centre = u.FireControl
	}
	p := centre.Antenna
	span := m.widthMetres()
	for k := 1; float64(k)*spacing <= span; k++ {
		r := float64(k) * spacing
		var px, py float64
		run := 0
		for j := 0; j <= 360; j++ {
			q, _ := geo.Direct(p, float64(j)*math.Pi/180, r)
			x, y := m.pixel(q.Lat, q.Lon)
			if j > 0 {
				run = m.line(px, py, x, y, c, 5, run)
			}
			px, py = x, y
		}
		var dots []image.Point
		for _, az := range []float64{0, 30, -30, 60, -60, 90, -90, 120, -120, 150, -150, 180} {
			q, _ := geo.Direct(p, az*math.Pi/180, r)
			x, y := m.pixel(q.Lat, q.Lon)
			dots = append(dots, image.Pt(int(x)+3, int(y)-3))
		}
		m.place(m.faces.label, Length(r), c, dots)
	}
}

// sites draws every unit's launchers (squares) and radars (triangles),
// each unit's name beside its radars and, where the map is large enough
// to tell them apart, each radar's model.
func (m *canvas) sites(units []*Unit) {
	for _, u := range units {
		for _, wp := range u.Weapons {
			for _, p := range wp.Launchers {
				x, y := m.pixel(p.Lat, p.Lon)
				m.rect(int(x)-3, int(y)-3, 7, 7, colWhite)
				m.rect(int(x)-2, int(y)-2, 5, 5, colLauncher)
			}
		}
		for _, r := range u.Radars {
			x, y := m.pixel(r.Antenna.Lat, r.Antenna.Lon)
			m.triangle(int(x), int(y)-1, colWhite)
			m.triangle(int(x), int(y)+1, colWhite)
			m.triangle(int(x), int(y), colRadar)
		}
	}
	for k, u := range units {
		// The box of the unit's sites, its name beside it.
		x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		box := func(p geo.LLA) {
			x, y := m.pixel(p.Lat, p.Lon)
			x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
		}
		for _, r := range u.Radars {
			box(r.Antenna)
		}
		for _, w := range u.Weapons {
			for _, p := range w.Launchers {
				box(p)
			}
		}
		cy := int((y0 + y1) / 2)
		wid := font.MeasureString(m.faces.label, u.ID).Ceil()
		// The unit's name always shows: a label that fits nowhere clear
		// goes to the right of its sites anyway.
		dots := []image.Point{{int(x1) + 7, cy + 5}, {int(x0) - 7 - wid, cy + 5},
			{int((x0+x1)/2) - wid/2, int(y0) - 8}, {int((x0+x1)/2) - wid/2, int(y1) + 18}}
		if !m.place(m.faces.label, u.ID, unitColour(k), dots) {
			m.placed = append(m.placed, m.text(m.faces.label, dots[0].X, dots[0].Y, u.ID, unitColour(k)))
		}
		for _, r := range u.Radars {
			x, y := m.pixel(r.Antenna.Lat, r.Antenna.Lon)
			if m.nearest(units, x, y) < 40 || r.Model == "" {
				continue
			}
			m.place(m.faces.body, r.Model, colRadar, []image.Point{{int(x) + 7, int(y) + 5}, {int(x) - 7 - font.MeasureString(m.faces.body, r.Model).Ceil(), int(y) + 5}})
		}
	}
}

// nearest is the pixel distance from (x, y) to the nearest other site.
func (m *canvas) nearest(units []*Unit, x, y float64) float64 {
	d := math.Inf(1)
	f := func(p geo.LLA) {
		px, py := m.pixel(p.Lat, p.Lon)
		if h := math.Hypot(px-x, py-y); h > 0.5 {
			d = math.Min(d, h)
		}
	}
	for _, u := range units {
		for _, r := range u.Radars {
			f(r.Antenna)
		}
		for _, w := range u.Weapons {
			for _, p := range w.Launchers {
				f(p)
			}
		}
	}
	return d
}

// titleBar writes the title in the white band above the map.
func (m *canvas) titleBar(title string) {
	m.rect(0, 0, m.w, m.top, colWhite)
	m.rect(0, m.top-1, m.w, 1, colFrame)
	f := m.faces.title
	if font.MeasureString(f, title).Ceil() > m.w-16 {
		f = m.faces.body // a long title in the smaller face
	}
	d := font.Drawer{Dst: m.img, Src: image.NewUniform(colText), Face: f, Dot: fixed.P(8, m.top-9)}
	d.DrawString(title)
}

// legendEntry is a swatch of colour and what it means.
type legendEntry struct {
	c     color.RGBA
	alpha float64
	s     string
}

// legendLineHeight is the spacing of the legend's lines, pixels.
const legendLineHeight = 18

// wrap breaks the legend's lines at spaces so that none is wider than
// the room left of the scale bar.
func (m *canvas) wrap(lines []string) []string {
	room := m.scaleBox().Min.X - 8 - 24
	var out []string
	for _, s := range lines {
		words := strings.Fields(s)
		cur := ""
		for _, w := range words {
			next := w
			if cur != "" {
				next = cur + " " + w
			}
			if cur != "" && font.MeasureString(m.faces.body, next).Ceil() > room {
				out = append(out, cur)
				next = "   " + w // a continued line is indented
			}
			cur = next
		}
		out = append(out, cur)
	}
	return out
}

// legendBox is where the legend of these swatches and lines goes: a box
// at the map's bottom left.
func (m *canvas) legendBox(swatches []legendEntry, lines []string) image.Rectangle {
	lines = m.wrap(lines)
	f := m.faces.body
	boxW := 0
	for _, e := range swatches {
		boxW = max(boxW, 34+font.MeasureString(f, e.s).Ceil())
	}
	for _, s := range lines {
		boxW = max(boxW, 16+font.MeasureString(f, s).Ceil())
	}
	boxH := 10 + legendLineHeight*(len(swatches)+len(lines))
	x0, y0 := 8, m.img.Bounds().Dy()-boxH-8
	return image.Rect(x0-1, y0-1, x0+boxW+1, y0+boxH+1)
}

// scaleBox is where the scale bar goes, at the map's bottom right.
func (m *canvas) scaleBox() image.Rectangle {
	return image.Rect(m.w-24-m.w/5-8, m.top+m.h-50, m.w, m.top+m.h)
}

// reserve keeps the boxes of the legend and scale bar, drawn last, clear
// of the labels drawn before them.
func (m *canvas) reserve(swatches []legendEntry, lines []string) {
	m.placed = append(m.placed, m.legendBox(swatches, lines), m.scaleBox())
}

// legend draws the swatches and lines of text in legendBox.
func (m *canvas) legend(swatches []legendEntry, lines []string) {
	const lh = legendLineHeight
	f := m.faces.body
	b := m.legendBox(swatches, lines)
	lines = m.wrap(lines)
	m.rect(b.Min.X, b.Min.Y, b.Dx(), b.Dy(), colFrame)
	m.rect(b.Min.X+1, b.Min.Y+1, b.Dx()-2, b.Dy()-2, colWhite)
	x0, y0 := b.Min.X+1, b.Min.Y+1
	d := font.Drawer{Dst: m.img, Src: image.NewUniform(colText), Face: f}
	y := y0 + lh
	for _, e := range swatches {
		for dy := -12; dy < 0; dy++ {
			for dx := 8; dx < 26; dx++ {
				m.blend(x0+dx, y+dy, e.c, e.alpha)
			}
		}
		d.Dot = fixed.P(x0+32, y)
		d.DrawString(e.s)
		y += lh
	}
	for _, s := range lines {
		d.Dot = fixed.P(x0+8, y)
		d.DrawString(s)
		y += lh
	}
}

// scaleBar draws a bar of a round length, about a fifth of the map's
// width, at the bottom right: its ends are that far apart along the
// geodesic (geo.Inverse) at the bar's latitude. It returns the bar's
// ends in pixels and its length, m.
func (m *canvas) scaleBar() (x0, x1, y, length float64) {
	y = float64(m.top + m.h - 24)
	x1 = float64(m.w - 24)
	dist := func(x0 float64) float64 {
		d, _, _ := geo.Inverse(m.position(x0, y), m.position(x1, y))
		return d
	}
	length = niceStep(dist(x1-float64(m.w)/5) * 0.75)
	// Bisection on the western end: the distance grows as it moves
	// west, and the map is wider than the bar.
	lo, hi := x1-float64(m.w)+24, x1
	for range 60 {
		mid := (lo + hi) / 2
		if dist(mid) > length {
			lo = mid
		} else {
			hi = mid
		}
	}
	x0 = (lo + hi) / 2
	label := Length(length)
	lw := font.MeasureString(m.faces.body, label).Ceil()
	bx, by := int(math.Round(x0)), int(y)
	bw := int(math.Round(x1)) - bx
	m.rect(bx-6, by-24, bw+12, 34, colWhite)
	m.rect(bx, by, bw/2, 5, colText)
	m.rect(bx+bw/2, by, bw-bw/2, 5, colWhite)
	for _, x := range []int{bx, bx + bw/2, bx + bw} {
		m.rect(x, by-3, 1, 8, colText)
	}
	m.rect(bx, by, bw, 1, colText)
	m.rect(bx, by+5, bw, 1, colText)
	d := font.Drawer{Dst: m.img, Src: image.NewUniform(colText), Face: m.faces.body, Dot: fixed.P(bx+(bw-lw)/2, by-7)}
	d.DrawString(label)
	return x0, x1, y, length
}
