package track

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/geo"
)

// bearingTo is the bearing of p from site, in the site's ENU frame: what
// a radar there measures without error.
func bearingTo(site, p geo.LLA, sigma float64) Bearing {
	return Bearing{Site: site, Az: geo.NewFrame(site).AER(p.ECEF()).Az, Sigma: sigma}
}

// TestTriangulateExact: two exact bearings on a jammer 9 km up fix the
// point under it (placed by the geodesic Direct problem) within 30 m, at
// ranges from 150 to 400 km and crossing angles from 15° to 120°.
func TestTriangulateExact(t *testing.T) {
	a := geo.Deg(44.0, -70.0, 100)
	b, _ := geo.Direct(a, 60*math.Pi/180, 80e3)
	b.Alt = 300
	for _, c := range []struct{ az, rng float64 }{
		{90, 300e3}, {10, 150e3}, {120, 400e3}, {200, 250e3}, {45, 200e3},
	} {
		j, _ := geo.Direct(a, c.az*math.Pi/180, c.rng)
		j.Alt = 9000
		f, ok := Triangulate(bearingTo(a, j, 0), bearingTo(b, j, 0))
		if !ok {
			t.Errorf("jammer at %g° %g km: no fix", c.az, c.rng/1e3)
			continue
		}
		got := geo.FromECEF(f.Pos)
		ground := geo.LLA{Lat: j.Lat, Lon: j.Lon}
		if d, _, _ := geo.Inverse(got, ground); d > 30 || math.Abs(got.Alt) > 1e-3 {
			t.Errorf("jammer at %g° %g km: fix %.1f m from the point under it, at height %.3f m", c.az, c.rng/1e3, d, got.Alt)
		}
	}
}

// TestTriangulateError: with noisy bearings the fixes scatter about the
// jammer as the closed form says: the root-mean-square miss over 4000
// pairs is Sigma, sqrt((r1 σ1)² + (r2 σ2)²)/sin γ, within 5%.
func TestTriangulateError(t *testing.T) {
	a := geo.Deg(44.0, -70.0, 100)
	b, _ := geo.Direct(a, 0, 100e3)
	j, _ := geo.Direct(a, 70*math.Pi/180, 200e3)
	j.Alt = 9000
	ground := geo.LLA{Lat: j.Lat, Lon: j.Lon}
	const sa, sb = 0.3 * math.Pi / 180, 0.5 * math.Pi / 180
	exact, ok := Triangulate(bearingTo(a, j, sa), bearingTo(b, j, sb))
	if !ok {
		t.Fatal("no fix")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var sum2 float64
	const n = 4000
	for range n {
		ba, bb := bearingTo(a, j, sa), bearingTo(b, j, sb)
		ba.Az += sa * rng.NormFloat64()
		bb.Az += sb * rng.NormFloat64()
		f, ok := Triangulate(ba, bb)
		if !ok {
			t.Fatal("a noisy pair made no fix")
		}
		d, _, _ := geo.Inverse(geo.FromECEF(f.Pos), ground)
		sum2 += d * d
	}
	rms := math.Sqrt(sum2 / n)
	t.Logf("crossing %.1f°, r1 %.0f km, r2 %.0f km: rms miss %.0f m, closed form %.0f m",
		exact.Crossing*180/math.Pi, exact.R1/1e3, exact.R2/1e3, rms, exact.Sigma)
	if math.Abs(rms/exact.Sigma-1) > 0.05 {
		t.Errorf("rms miss %.0f m, closed form %.0f m; want within 5%%", rms, exact.Sigma)
	}
}

// TestTriangulateRefuses: lines that cross behind a radar, or at less
// than MinCrossing, make no fix.
func TestTriangulateRefuses(t *testing.T) {
	a := geo.Deg(44.0, -70.0, 100)
	b, _ := geo.Direct(a, 0, 3e3) // a battalion's radars, 3 km apart
	j, _ := geo.Direct(a, 90*math.Pi/180, 100e3)
	if f, ok := Triangulate(bearingTo(a, j, 0), bearingTo(b, j, 0)); ok {
		t.Errorf("radars 3 km apart fix a jammer 100 km off at a crossing of %.2f°", f.Crossing*180/math.Pi)
	}
	c, _ := geo.Direct(a, 0, 100e3)
	away := bearingTo(c, j, 0)
	away.Az += math.Pi
	if _, ok := Triangulate(bearingTo(a, j, 0), away); ok {
		t.Error("a fix behind the second radar")
	}
	same := bearingTo(a, j, 0)
	if _, ok := Triangulate(same, same); ok {
		t.Error("a fix from one line twice")
	}
}
