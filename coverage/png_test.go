package coverage

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/terrain"
)

var update = flag.Bool("update", false, "rewrite testdata/map.png, the reference rendering")

// TestScaleBar checks the scale bar's length at 0, 45 and 70° N, where a
// pixel of the plate carrée map spans ever fewer metres east-west: the
// bar's ends are its length apart by geo.Inverse (to a millimetre), and
// by the closed form of an arc of a parallel, Δλ N(φ) cos φ (the
// geodesic is shorter than the parallel by a few parts in 10⁵ at these
// lengths), to 0.1%. The bar is a round length, about a fifth of the map.
func TestScaleBar(t *testing.T) {
	a := analysis(t, oneRadar(100e3, false), nil)
	for _, lat := range []float64{0, 45, 70} {
		g := terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: 400, Rows: 300, X0: 10, Y0: lat + 0.6, DX: 0.004, DY: 0.004}
		m, err := a.newMap(g)
		if err != nil {
			t.Fatal(err)
		}
		x0, x1, y, length := m.scaleBar()
		d, _, _ := geo.Inverse(m.position(x0, y), m.position(x1, y))
		if math.Abs(d-length) > 1e-3 {
			t.Errorf("%g N: bar of %g m spans %.4f m by geo.Inverse", lat, length, d)
		}
		phi := m.position(x0, y).Lat
		_, n := radii(phi)
		metresPerPixel := g.DX * math.Pi / 180 * n * math.Cos(phi) / m.scale
		if arc := (x1 - x0) * metresPerPixel; math.Abs(arc-length)/length > 1e-3 {
			t.Errorf("%g N: bar of %g m is %.1f px, %.1f m along the parallel", lat, length, x1-x0, arc)
		}
		if niceStep(length) != length {
			t.Errorf("%g N: bar of %g m is not a round length", lat, length)
		}
		if f := (x1 - x0) / float64(m.w); f < 0.08 || f > 0.3 {
			t.Errorf("%g N: bar is %.2f of the map's width, want about a fifth", lat, f)
		}
	}
}

// twoUnits is a scenario of two units 30 km apart east-west at 45 N.
func twoUnits() *scenario.Scenario {
	s := oneRadar(100e3, false)
	u := s.Units[0]
	u.ID = "east"
	u.Radars = []scenario.Radar{u.Radars[0]}
	u.Radars[0].ID, u.Radars[0].At = "r2", geo.Deg(45, 10.38, 0)
	u.Launchers = []scenario.Launcher{{ID: "l2", At: geo.Deg(45, 10.38, 0), Loads: u.Launchers[0].Loads}}
	s.Units[0].ID = "west"
	s.Units = append(s.Units, u)
	return s
}

// TestRingLabelsApart draws the range rings of two units whose rings
// cross, and checks that no two labels (ring ranges, unit names, grid
// labels) overlap and that both units' rings are labelled: with every
// label at its ring's north, as before, the two units' labels of the
// same range sat 30 km apart on rings that cross.
func TestRingLabelsApart(t *testing.T) {
	a := analysis(t, twoUnits(), nil)
	res, err := a.Run([]Target{{Altitude: 300, RCS: 1, Pd: 0.9}}, Options{Resolution: 500, Extent: 60e3})
	if err != nil {
		t.Fatal(err)
	}
	m, err := a.newMap(res.Grid)
	if err != nil {
		t.Fatal(err)
	}
	m.reserve([]legendEntry{{colDetect, 0.5, "detected"}}, []string{"a line of the legend"})
	m.graticule()
	spacing := m.ringSpacing()
	n0 := len(m.placed)
	m.unitRings(a.Units[0], spacing, unitColour(0))
	n1 := len(m.placed)
	m.unitRings(a.Units[1], spacing, unitColour(1))
	n2 := len(m.placed)
	m.sites(a.Units)
	if n1 == n0 || n2 == n1 {
		t.Errorf("ring labels: %d for the first unit, %d for the second; want both labelled", n1-n0, n2-n1)
	}
	for i, p := range m.placed {
		for _, q := range m.placed[i+1:] {
			if p.Overlaps(q) {
				t.Errorf("labels at %v and %v overlap", p, q)
			}
		}
	}
}

// TestMapReference draws the engagement map of a coverage layer with
// hidden pockets and compares it with testdata/map.png, a rendering
// looked at and kept (go test ./coverage -run TestMapReference -update
// rewrites it): at most 1% of the pixels may differ by more than 48 of
// 255 in a channel, which lets a font's anti-aliasing or a line's
// rounding change and catches a lost layer, legend, grid or label.
func TestMapReference(t *testing.T) {
	l := masked(t)
	a := analysis(t, oneRadar(1000e3, true), flat())
	var b bytes.Buffer
	if err := a.WritePNG(&b, l, Engagement, "engagement coverage, target 30 m AGL - reference"); err != nil {
		t.Fatal(err)
	}
	ref := filepath.Join("testdata", "map.png")
	if *update {
		if err := os.WriteFile(ref, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(ref)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != want.Bounds() {
		t.Fatalf("map is %v, the reference %v", got.Bounds(), want.Bounds())
	}
	if f := differing(got, want, 48); f > 0.01 {
		t.Errorf("%.2f%% of the pixels differ from %s by more than 48; want at most 1%%", 100*f, ref)
	}
	// The test can fail: a map without its legend differs.
	blank := image.NewRGBA(want.Bounds())
	if f := differing(blank, want, 48); f < 0.5 {
		t.Errorf("a blank image differs from the reference in only %.2f%% of pixels", 100*f)
	}
}

// differing is the fraction of pixels of a and b, of the same bounds,
// that differ by more than tol in some channel (8-bit).
func differing(a, b image.Image, tol int) float64 {
	r := a.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			for _, d := range []int{int(r1>>8) - int(r2>>8), int(g1>>8) - int(g2>>8), int(b1>>8) - int(b2>>8)} {
				if d > tol || d < -tol {
					n++
					break
				}
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

// TestDefenceMap checks the layered-defence map's colouring on two
// layers, 30 m and 3 km, given in the wrong order: each cell takes the
// lowest altitude engaged there, and the map is drawn for both orders
// alike.
func TestDefenceMap(t *testing.T) {
	g := flat()
	a := analysis(t, oneRadar(1000e3, true), g)
	res, err := a.Run([]Target{{Altitude: 3000, RCS: 1, Pd: 0.9}, {Altitude: 30, RCS: 1, Pd: 0.9}}, Options{Resolution: 500, Extent: 50e3})
	if err != nil {
		t.Fatal(err)
	}
	high, low := res.Layers[0], res.Layers[1]
	lowest := lowestEngaged([]*Layer{low, high})
	n := [3]int{}
	for i, k := range lowest {
		want := uint8(2)
		switch {
		case low.Engagement.Pix[i] == Covered:
			want = 0
		case high.Engagement.Pix[i] == Covered:
			want = 1
		}
		if k != want {
			t.Fatalf("cell %d: lowest layer %d, want %d", i, k, want)
		}
		n[k]++
	}
	if n[0] == 0 || n[1] == 0 || n[2] == 0 {
		t.Errorf("cells by lowest layer %v: want some at 30 m, some at 3 km only, some at neither", n)
	}
	var b1, b2 bytes.Buffer
	if err := a.WriteDefencePNG(&b1, res.Layers, "t"); err != nil {
		t.Fatal(err)
	}
	if err := a.WriteDefencePNG(&b2, []*Layer{low, high}, "t"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Error("the map depends on the layers' order")
	}
	if _, err := png.Decode(&b1); err != nil {
		t.Error(err)
	}
}
