package terrain

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"gonum.org/v1/gonum/spatial/r3"
)

var _ radar.Masker = (*Screen)(nil)

// screenObservers are antennas on the real tile: Mount Washington's
// shoulder, a valley floor at Lancaster, and the western foothills.
var screenObservers = []struct {
	name     string
	lat, lon float64 // degrees
	mast     float64 // m above the ground
}{
	{"washington", 44.27, -71.30, 10},
	{"lancaster", 44.49, -71.57, 25},
	{"foothills", 44.55, -71.85, 15},
}

// TestScreenAgreesWithLOS draws random targets over the real N44W072
// tile, 0 to 500 m above the ground, around three antennas, and holds the
// table lookup to LOS, the brute-force line of sight it tabulates, on at
// least 99% of them. Each disagreement is classified by its cause: the
// target's slope lies between the screening slopes of the two rays around
// it (azimuth binning: the ridge that decides lies between the rays), or
// the ground that decides lies within the last range step before the
// target, which the table does not look at.
func TestScreenAgreesWithLOS(t *testing.T) {
	g := readHGT(t)
	const n = 4000
	for _, o := range screenObservers {
		t.Run(o.name, func(t *testing.T) {
			z, ok := g.Elevation(o.lat*rad, o.lon*rad)
			if !ok {
				t.Fatal("observer off the tile")
			}
			ant := geo.LLA{Lat: o.lat * rad, Lon: o.lon * rad, Alt: z + o.mast - 28}
			sc, err := NewScreen(g, ant, 0, -28, 160e3, nil)
			if err != nil {
				t.Fatal(err)
			}
			los := &LOS{Surface: g, GeoidHeight: -28}
			from := ant.ECEF()
			rng := rand.New(rand.NewPCG(1, uint64(len(o.name))))
			agree, visible, azimuthEdge, rangeStep := 0, 0, 0, 0
			for range n {
				lat := 44.0 + rng.Float64()
				lon := -72.0 + rng.Float64()
				zg, ok := g.Elevation(lat*rad, lon*rad)
				if !ok {
					continue
				}
				to := geo.LLA{Lat: lat * rad, Lon: lon * rad, Alt: zg - 28 + 500*rng.Float64()}.ECEF()
				want := los.Visible(from, to)
				if want {
					visible++
				}
				if sc.Visible(from, to) == want {
					agree++
					continue
				}
				switch sc.cause(to) {
				case "azimuth":
					azimuthEdge++
				case "range":
					rangeStep++
				}
			}
			frac := float64(agree) / n
			t.Logf("%s: %d of %d agree (%.2f%%), %d visible; of %d disagreements %d between rays, %d in the last range step",
				o.name, agree, n, 100*frac, visible, n-agree, azimuthEdge, rangeStep)
			if frac < 0.99 {
				t.Errorf("agreement %.2f%%, want at least 99%%", 100*frac)
			}
			if visible < n/20 || visible > n-n/20 {
				t.Errorf("%d of %d visible: the draw does not test both answers", visible, n)
			}
		})
	}
}

// cause says why the table may differ from LOS for a target: "azimuth"
// when the target's slope lies between the screening slopes of the two
// rays around it, "range" when the ground in the last range step before
// the target (which the table skips) is steeper than the target, or "".
func (sc *Screen) cause(to r3.Vec) string {
	b := geo.FromECEF(to)
	az, theta, R := sc.st.polar(normal(b.Lat, b.Lon))
	d := R * theta
	r := int(math.Floor((d - sc.ex) / sc.step))
	if r < 1 {
		return ""
	}
	vers, sin := versinSin(theta / sc.st.k)
	ts := sc.st.slope(sc.st.k*R, b.Alt-sc.los.GeoidHeight, vers, sin)
	f := az / sc.dAz
	if f < 0 {
		f += float64(sc.nAz)
	}
	a := min(int(f), sc.nAz-1)
	l := float64(sc.slope[a*(sc.nR+1)+r])
	rt := float64(sc.slope[((a+1)%sc.nAz)*(sc.nR+1)+r])
	if ts >= min(l, rt) && ts < max(l, rt) {
		return "azimuth"
	}
	// The ground of the skipped stretch, along the target's own azimuth.
	rr := sc.st.ray(az)
	spc := sc.los.Surface.Spacing() / 2
	for x := float64(r) * sc.step; x <= d-sc.ex; x += spc / 4 {
		lat, lon := rr.at(x)
		z, ok := sc.los.Surface.Elevation(lat, lon)
		if !ok {
			continue
		}
		vs, sn := versinSin(x / rr.re)
		if sc.st.slope(rr.re, z, vs, sn) > ts {
			return "range"
		}
	}
	return ""
}

// TestScreenFallsBack checks that a line not from the antenna, or beyond
// the table, is answered by LOS itself.
func TestScreenFallsBack(t *testing.T) {
	g := readHGT(t)
	z, _ := g.Elevation(44.27*rad, -71.30*rad)
	ant := geo.LLA{Lat: 44.27 * rad, Lon: -71.30 * rad, Alt: z + 10}
	sc, err := NewScreen(g, ant, 0, 0, 20e3, nil)
	if err != nil {
		t.Fatal(err)
	}
	los := &LOS{Surface: g}
	rng := rand.New(rand.NewPCG(2, 2))
	for range 300 {
		a := geo.LLA{Lat: (44.1 + 0.8*rng.Float64()) * rad, Lon: (-71.9 + 0.8*rng.Float64()) * rad, Alt: 2000 * rng.Float64()}
		b := geo.LLA{Lat: (44.1 + 0.8*rng.Float64()) * rad, Lon: (-71.9 + 0.8*rng.Float64()) * rad, Alt: 2000 * rng.Float64()}
		if got, want := sc.Visible(a.ECEF(), b.ECEF()), los.Visible(a.ECEF(), b.ECEF()); got != want {
			t.Fatalf("from %v to %v: screen %v, LOS %v", a, b, got, want)
		}
		// Beyond 20 km of the antenna: LOS as well.
		if d, _, _ := geo.Inverse(ant, b); d > 20.5e3 {
			if got, want := sc.Visible(ant.ECEF(), b.ECEF()), los.Visible(ant.ECEF(), b.ECEF()); got != want {
				t.Fatalf("antenna to %v, %.0f m: screen %v, LOS %v", b, d, got, want)
			}
		}
	}
}

func TestNewScreenErrors(t *testing.T) {
	g := strip(10)
	ok := geo.LLA{Lat: 45 * rad, Lon: 10 * rad, Alt: 10}
	for _, c := range []struct {
		name     string
		s        Surface
		ant      geo.LLA
		k, rng   float64
		opt      *ScreenOptions
		wantFail bool
	}{
		{"fine", g, ok, 0, 1e3, nil, false},
		{"no surface", nil, ok, 0, 1e3, nil, true},
		{"bad latitude", g, geo.LLA{Lat: 2, Lon: 0}, 0, 1e3, nil, true},
		{"NaN height", g, geo.LLA{Lat: 0.7, Lon: 0, Alt: math.NaN()}, 0, 1e3, nil, true},
		{"negative k", g, ok, -1, 1e3, nil, true},
		{"zero range", g, ok, 0, 0, nil, true},
		{"infinite range", g, ok, 0, math.Inf(1), nil, true},
		{"negative step", g, ok, 0, 1e3, &ScreenOptions{RangeStep: -1}, true},
		{"huge table", g, ok, 0, 1e9, &ScreenOptions{RangeStep: 1}, true},
	} {
		_, err := NewScreen(c.s, c.ant, c.k, 0, c.rng, c.opt)
		if (err != nil) != c.wantFail {
			t.Errorf("%s: error %v, want failure %v", c.name, err, c.wantFail)
		}
	}
}

// BenchmarkScreen times building the table (100 km around Mount
// Washington on the 3" tile) and one lookup, beside BenchmarkLOS's
// brute-force walk for the same kind of line.
func BenchmarkScreen(b *testing.B) {
	g := readHGT(b)
	z, _ := g.Elevation(44.27*rad, -71.30*rad)
	ant := geo.LLA{Lat: 44.27 * rad, Lon: -71.30 * rad, Alt: z + 10}
	b.Run("build 100 km", func(b *testing.B) {
		for b.Loop() {
			if _, err := NewScreen(g, ant, 0, 0, 100e3, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	sc, err := NewScreen(g, ant, 0, 0, 100e3, nil)
	if err != nil {
		b.Fatal(err)
	}
	// Targets drawn as in TestScreenAgreesWithLOS: 0-500 m above the
	// ground anywhere on the tile, most of them hidden.
	from := ant.ECEF()
	rng := rand.New(rand.NewPCG(3, 3))
	var targets []r3.Vec
	for len(targets) < 1024 {
		lat, lon := (44+rng.Float64())*rad, (-72+rng.Float64())*rad
		if zg, ok := g.Elevation(lat, lon); ok {
			targets = append(targets, geo.LLA{Lat: lat, Lon: lon, Alt: zg + 500*rng.Float64()}.ECEF())
		}
	}
	los := &LOS{Surface: g}
	for _, m := range []struct {
		name string
		v    func(from, to r3.Vec) bool
	}{{"lookup", sc.Visible}, {"LOS", los.Visible}} {
		b.Run(m.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				m.v(from, targets[i%len(targets)])
				i++
			}
		})
	}
}
