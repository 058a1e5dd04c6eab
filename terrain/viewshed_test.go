package terrain

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
)

var _ radar.Masker = (*LOS)(nil)

const rad = math.Pi / 180

// strip is a flat sea-level DEM three posts wide running north from 45 N
// along 10 E, posts every 0.0002 degree (22 m).
func strip(rows int) *Grid {
	g := &Grid{Georef: Georef{EPSG: EPSGWGS84, Cols: 3, Rows: rows,
		X0: 10 - 1.5*0.0002, Y0: 45 + (float64(rows)-0.5)*0.0002, DX: 0.0002, DY: 0.0002}}
	g.Z = make([]float32, 3*rows)
	return g
}

// TestHorizon checks the radar horizon over a flat sea-level DEM against
// ../shared/reference/checks.md, "Radar horizon, effective-earth
// refraction (k = 4/3, R_e = 6371 km)": 35.6, 42.2 and 425.2 km within
// 0.1 km, by the sweep, the exact viewshed (short cases: it is slow) and
// LOS. The horizon is taken as a ground distance.
//
// checks.md's d = √(2kRh₁) + √(2kRh₂) drops h² against 2kRh. The exact
// ground distance over the sphere is kR [acos(kR/(kR+h₁)) + acos(kR/(kR+h₂))],
// 425.01 km for the 10 km target, 0.19 km short of the closed form (and
// the slant range, √(2kRh+h²) summed, is 425.34 km). So the 10 km case is
// held to the exact value within 0.1 km and to checks.md within 0.25 km.
func TestHorizon(t *testing.T) {
	const k, R = 4.0 / 3, 6371e3
	for _, c := range []struct {
		h1, h2, want, tol float64
		exact             bool
	}{
		{10, 30, 35.6e3, 100, true}, {10, 50, 42.2e3, 100, true}, {10, 10000, 425.2e3, 250, false},
	} {
		kR := k * R
		sphere := kR * (math.Acos(kR/(kR+c.h1)) + math.Acos(kR/(kR+c.h2)))
		check := func(name string, d float64) {
			t.Helper()
			if math.Abs(d-sphere) > 100 || math.Abs(d-c.want) > c.tol {
				t.Errorf("%s: antenna %g m, target %g m: horizon %.3f km, want %.1f (checks.md) and %.3f (exact sphere)",
					name, c.h1, c.h2, d/1e3, c.want/1e3, sphere/1e3)
			}
		}
		g := strip(int(1.02 * c.want / R / rad / 0.0002))
		v := View{Height: c.h1, TargetHeight: c.h2, K: k, Radius: R}
		v.Lat, v.Lon = g.LatLon(1, float64(g.Rows-1))
		fns := map[string]func(Surface, Georef, View, *Options) (*Raster[uint8], error){"sweep": Viewshed}
		if c.exact {
			fns["exact"] = ViewshedExact
		}
		for name, fn := range fns {
			vs, err := fn(g, g.Georef, v, nil)
			if err != nil {
				t.Fatal(err)
			}
			// Walk north up the middle column to the first hidden post.
			r := g.Rows - 1
			for r >= 0 && vs.Pix[r*3+1] == Visible {
				r--
			}
			lat, _ := g.LatLon(1, float64(r)+0.5) // between the last seen and the first hidden
			check(name, R*(lat-v.Lat))
		}
		// LOS: bisect the ground distance at which the target drops out.
		los := &LOS{Surface: g, K: k, Radius: R}
		from := geo.LLA{Lat: v.Lat, Lon: v.Lon, Alt: c.h1}.ECEF()
		lo, hi := 0.9*c.want/R, 1.01*c.want/R
		for range 40 {
			mid := (lo + hi) / 2
			if los.Visible(from, geo.LLA{Lat: v.Lat + mid, Lon: v.Lon, Alt: c.h2}.ECEF()) {
				lo = mid
			} else {
				hi = mid
			}
		}
		check("LOS", R*lo)
	}
}

// synthetic is a rough random terrain of cols x rows posts at 3": a sum
// of random ridges, 0 to about 1500 m.
func synthetic(cols, rows int, rng *rand.Rand) *Grid {
	d := 1.0 / 1200
	g := &Grid{Georef: Georef{EPSG: EPSGWGS84, Cols: cols, Rows: rows, X0: 7, Y0: 46, DX: d, DY: d}}
	g.Z = make([]float32, cols*rows)
	type wave struct{ kx, ky, ph, a float64 }
	var ws []wave
	for i := range 40 {
		k := 2 * math.Pi / (20 + 600*math.Pow(rng.Float64(), 2))
		th := 2 * math.Pi * rng.Float64()
		ws = append(ws, wave{k * math.Cos(th), k * math.Sin(th), 2 * math.Pi * rng.Float64(), 500 / float64(1+i/4)})
	}
	for r := range rows {
		for c := range cols {
			z := 700.0
			for _, w := range ws {
				z += w.a * math.Sin(w.kx*float64(c)+w.ky*float64(r)+w.ph)
			}
			g.Z[r*cols+c] = float32(math.Max(z, 0))
		}
	}
	return g
}

// agreement is the fraction of cells where two viewsheds agree.
func agreement(a, b *Raster[uint8]) (float64, int) {
	same, diff := 0, 0
	for i := range a.Pix {
		if a.Pix[i] == b.Pix[i] {
			same++
		} else {
			diff++
		}
	}
	return float64(same) / float64(len(a.Pix)), diff
}

// TestSweepAgreesWithExact holds the fast sweep to the brute-force
// reference on at least 99.5% of cells, on the real tile from three
// observers and on random terrain: at full resolution around the
// observer, and on a coarser grid over the whole tile.
func TestSweepAgreesWithExact(t *testing.T) {
	if testing.Short() {
		// Under the race detector (go test -race -short in .ci/run) it
		// alone took over 2.5 minutes; the plain run keeps it.
		t.Skip("-short: the exact viewsheds take minutes under -race")
	}
	type scene struct {
		name string
		g    *Grid
		v    View
	}
	var scenes []scene
	syn := synthetic(601, 601, rand.New(rand.NewPCG(1, 2)))
	for i, h := range []float64{2, 30} {
		lat, lon := syn.LatLon(300+50*float64(i), 280)
		scenes = append(scenes, scene{fmt.Sprint("synthetic ", i), syn, View{Lat: lat, Lon: lon, Height: h, TargetHeight: 10 * float64(i)}})
	}
	if g := readHGTOrNil(t); g != nil {
		for _, o := range observers {
			scenes = append(scenes, scene{o.name, g, View{Lat: o.lat * rad, Lon: o.lon * rad, Height: 10, TargetHeight: 30, MaxRange: 100e3}})
		}
	}
	for _, s := range scenes {
		// A window of 301 x 301 posts around the observer, and every
		// fourth post of the whole grid.
		x, y := s.g.Pixel(s.v.Lat, s.v.Lon)
		win := s.g.Georef
		c0, r0 := max(0, int(x)-150), max(0, int(y)-150)
		win.X0 += float64(c0) * win.DX
		win.Y0 -= float64(r0) * win.DY
		win.Cols, win.Rows = min(301, s.g.Cols-c0), min(301, s.g.Rows-r0)
		coarse := s.g.Georef
		coarse.Cols, coarse.Rows, coarse.DX, coarse.DY = s.g.Cols/4, s.g.Rows/4, 4*s.g.DX, 4*s.g.DY
		// The window again as a DEM of its own, so that the sweep runs
		// on the surface's own grid, as `iadsim viewshed` does: its
		// posts are the cells' ground and its rays end at the edge.
		own := &Grid{Georef: win, Z: make([]float32, win.Cols*win.Rows)}
		for r := range win.Rows {
			copy(own.Z[r*win.Cols:(r+1)*win.Cols], s.g.Z[(r0+r)*s.g.Cols+c0:])
		}
		for _, k := range []struct {
			s   Surface
			out Georef
		}{{s.g, win}, {s.g, coarse}, {own, own.Georef}} {
			out := k.out
			fast, err := Viewshed(k.s, out, s.v, nil)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := ViewshedExact(k.s, out, s.v, nil)
			if err != nil {
				t.Fatal(err)
			}
			f, n := agreement(fast, ref)
			seen := 0
			for _, p := range ref.Pix {
				if p == Visible {
					seen++
				}
			}
			t.Logf("%s, %dx%d cells%s: agree %.4f%% (%d differ; %d visible)", s.name, out.Cols, out.Rows,
				map[bool]string{true: " (own grid)"}[k.s == Surface(own)], 100*f, n, seen)
			if f < 0.995 {
				t.Errorf("%s: sweep agrees with the exact viewshed on %.3f%% of cells, want >= 99.5%%", s.name, 100*f)
			}
			if seen == 0 || seen == len(ref.Pix) {
				t.Errorf("%s: %d of %d cells visible: a test that shows nothing", s.name, seen, len(ref.Pix))
			}
		}
	}
}

// observers on N44W072: Mount Washington's summit, a valley floor
// (Pinkham Notch) and a lower summit in the west (Mount Moosilauke).
var observers = []struct {
	name     string
	lat, lon float64
}{
	{"Mount Washington", 44.27, -71.30},
	{"Pinkham Notch", 44.257, -71.253},
	{"Moosilauke", 44.0245, -71.8314},
	{"Lancaster", 44.49, -71.57},
}

func readHGTOrNil(t *testing.T) *Grid {
	t.Helper()
	if requireOracles() {
		return readHGT(t)
	}
	g, err := ReadFile(hgtPath)
	if err != nil {
		t.Logf("%s absent, the real-terrain cases are skipped: %v", hgtPath, err)
		return nil
	}
	return g
}

// TestLOSMatchesExact checks that LOS, the radar's Masker, gives the
// exact viewshed's answer cell by cell: the same model reached from ECEF.
func TestLOSMatchesExact(t *testing.T) {
	g := synthetic(301, 301, rand.New(rand.NewPCG(3, 4)))
	lat, lon := g.LatLon(150, 150)
	v := View{Lat: lat, Lon: lon, Height: 10, TargetHeight: 30}
	ref, err := ViewshedExact(g, g.Georef, v, nil)
	if err != nil {
		t.Fatal(err)
	}
	los := &LOS{Surface: g}
	z0, _ := g.Elevation(lat, lon)
	from := geo.LLA{Lat: lat, Lon: lon, Alt: z0 + 10}.ECEF()
	rng := rand.New(rand.NewPCG(5, 6))
	diff, seen := 0, 0
	const n = 3000
	for range n {
		c, r := rng.IntN(g.Cols), rng.IntN(g.Rows)
		la, lo := g.LatLon(float64(c), float64(r))
		to := geo.LLA{Lat: la, Lon: lo, Alt: g.At(c, r) + 30}.ECEF()
		vis := los.Visible(from, to)
		if vis {
			seen++
		}
		if vis != (ref.Pix[r*g.Cols+c] == Visible) {
			diff++
		}
	}
	if diff > n/1000 || seen == 0 || seen == n {
		t.Errorf("LOS and the exact viewshed differ on %d of %d cells (%d visible)", diff, n, seen)
	}
	// A target high above is always seen; one under the ground never.
	if !los.Visible(from, geo.LLA{Lat: lat + 0.05*rad, Lon: lon, Alt: 20e3}.ECEF()) {
		t.Error("a target 20 km up is masked")
	}
	if los.Visible(from, geo.LLA{Lat: lat + 0.05*rad, Lon: lon, Alt: -500}.ECEF()) {
		t.Error("a target 500 m under sea level is seen")
	}
}

func TestViewshedErrors(t *testing.T) {
	g := synthetic(50, 50, rand.New(rand.NewPCG(1, 1)))
	lat, lon := g.LatLon(25, 25)
	for _, v := range []View{
		{Lat: 10 * rad, Lon: lon},
		{Lat: 3, Lon: lon},
		{Lat: lat, Lon: lon, K: -1},
		{Lat: lat, Lon: lon, MaxRange: -5},
		{Lat: lat, Lon: lon, Height: math.NaN()},
	} {
		if _, err := Viewshed(g, g.Georef, v, nil); err == nil {
			t.Errorf("%+v: no error", v)
		}
	}
	bad := g.Georef
	bad.DX = 0
	if _, err := Viewshed(g, bad, View{Lat: lat, Lon: lon}, nil); err == nil {
		t.Error("a grid with zero pixel size")
	}
}

// TestProgress checks that progress ends at its total and never runs back.
func TestProgress(t *testing.T) {
	g := synthetic(200, 200, rand.New(rand.NewPCG(1, 1)))
	lat, lon := g.LatLon(100, 100)
	last, total := 0, 0
	opt := &Options{Workers: 2, Progress: func(d, n int) {
		if d < last || d > n {
			t.Errorf("progress %d of %d after %d", d, n, last)
		}
		last, total = d, n
	}}
	if _, err := Viewshed(g, g.Georef, View{Lat: lat, Lon: lon, Height: 5}, opt); err != nil {
		t.Fatal(err)
	}
	if last != total || total == 0 {
		t.Errorf("progress ended at %d of %d", last, total)
	}
}

// TestDeterministic: the same input gives the same bytes whatever the
// number of workers.
func TestDeterministic(t *testing.T) {
	g := synthetic(300, 200, rand.New(rand.NewPCG(7, 7)))
	lat, lon := g.LatLon(120, 90)
	v := View{Lat: lat, Lon: lon, Height: 10, TargetHeight: 30, MaxRange: 8e3}
	a, _ := Viewshed(g, g.Georef, v, &Options{Workers: 1})
	b, _ := Viewshed(g, g.Georef, v, &Options{Workers: 7})
	if f, n := agreement(a, b); n != 0 {
		t.Errorf("1 and 7 workers differ on %d cells (%.4f)", n, f)
	}
	// Beyond MaxRange: OutOfRange.
	for r := range g.Rows {
		for c := range g.Cols {
			la, lo := g.LatLon(float64(c), float64(r))
			s, _, _ := geo.Inverse(geo.LLA{Lat: lat, Lon: lon}, geo.LLA{Lat: la, Lon: lo})
			if s > 8.1e3 && a.Pix[r*g.Cols+c] != OutOfRange {
				t.Fatalf("cell %d,%d at %.0f m is not out of range", c, r, s)
			}
		}
	}
}
