package bm

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
)

// slowGroundTrackToRadius is groundTrackToRadius as it was before the
// quick test of the dot products: the spherical trigonometry alone,
// every geodetic conversion made afresh.
func slowGroundTrackToRadius(p, v, c r3.Vec, r float64) (float64, bool) {
	here := geo.FromECEF(p)
	east, north := horizontal(here, v)
	gs := geo.Hypot(east, north)
	if !(gs > 0) {
		return 0, false
	}
	d, ok := greatCircleToRadius(here, math.Atan2(east, north), geo.FromECEF(c), r)
	return d / gs, ok
}

// TestGroundTrackQuickTest: the dot products that turn a site away
// before the trigonometry never turn away one the trigonometry finds,
// and the time to go is the same to the bit, for sites all round a
// track, on its great circle, on the rim of their radius and behind it.
func TestGroundTrackQuickTest(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 7))
	found, rim := 0, 0
	for trial := 0; trial < 20000; trial++ {
		here := geo.LLA{Lat: (rng.Float64()*140 - 70) * math.Pi / 180, Lon: (rng.Float64()*360 - 180) * math.Pi / 180, Alt: rng.Float64() * 10000}
		heading := rng.Float64() * 2 * math.Pi
		speed := 50 + rng.Float64()*600
		frame := geo.NewFrame(here)
		sh, ch := math.Sincos(heading)
		v := frame.RotateFromENU(r3.Vec{X: speed * sh, Y: speed * ch, Z: rng.NormFloat64() * 20})
		p := here.ECEF()
		r := 500 + rng.Float64()*20000
		// The site: ahead along the heading, off it by a cross-track
		// distance near r (the rim) or anywhere, or behind.
		along := (rng.Float64()*2 - 0.5) * 400e3
		off := r * (0.9 + 0.2*rng.Float64())
		if trial%3 == 0 {
			off = (rng.Float64()*2 - 1) * 300e3
		}
		if rng.IntN(2) == 0 {
			off = -off
		}
		site := frame.FromENU(r3.Vec{X: along*sh + off*ch, Y: along*ch - off*sh, Z: rng.NormFloat64() * 500})
		want, wantOK := slowGroundTrackToRadius(p, v, site, r)
		got, gotOK := groundTrackToRadius(p, v, site, r)
		viaSite := NewSite("s", site, 1, r)
		g := newGroundTrack(p, v)
		got2, got2OK := g.toRadius(viaSite.point(), r)
		if gotOK != wantOK || got != want || got2OK != wantOK || got2 != want {
			t.Fatalf("trial %d: track at %v heading %.6f rad, site %v r %.1f m: got %v %v (NewSite %v %v), want %v %v",
				trial, here, heading, site, r, got, gotOK, got2, got2OK, want, wantOK)
		}
		if wantOK {
			found++
		}
		if math.Abs(math.Abs(off)-r) < 0.1*r {
			rim++
		}
	}
	// The trials must reach both answers, and the rim, to test anything.
	if found < 2000 || found > 18000 || rim < 2000 {
		t.Fatalf("%d of 20000 sites reached, %d near the rim: the trials miss a case", found, rim)
	}
}
