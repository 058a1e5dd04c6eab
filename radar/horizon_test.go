package radar

import (
	"math"
	"testing"

	"github.com/iadsim/iadsim/geo"
)

// checks.md, "Radar horizon, effective-earth refraction (k = 4/3,
// R_e = 6371 km)": 35.6, 42.2 and 425.2 km, tolerance 0.1 km.
func TestHorizonRange(t *testing.T) {
	tests := []struct{ h1, h2, wantKm float64 }{
		{10, 30, 35.6},
		{10, 50, 42.2},
		{10, 10000, 425.2},
	}
	for _, tt := range tests {
		for _, k := range []float64{0, 4.0 / 3.0} {
			if got := HorizonRange(tt.h1, tt.h2, k) / 1e3; !near(got, tt.wantKm, 0.1) {
				t.Errorf("HorizonRange(%g, %g, %g) = %.2f km, want %.1f", tt.h1, tt.h2, k, got, tt.wantKm)
			}
		}
	}
	// The rule of thumb 4.12 (√h1 + √h2) km.
	if got, want := HorizonRange(100, 400, 0), 4.12e3*(10+20); !near(got, want, 0.002*want) {
		t.Errorf("HorizonRange(100, 400) = %.0f m, rule of thumb %.0f", got, want)
	}
	if got := HorizonRange(-5, 0, 1); got != 0 {
		t.Errorf("HorizonRange below the surface = %g, want 0", got)
	}
	if !math.IsNaN(HorizonRange(10, 10, -1)) || !math.IsNaN(HorizonRange(10, 10, math.Inf(1))) {
		t.Error("HorizonRange accepted a bad k")
	}
}

// boundary finds by bisection the largest ground angle (radians of
// longitude on the equator) at which a target at height h2 is visible from
// a radar at height h1 on the equator.
func boundary(h1, h2, k float64) float64 {
	radar := geo.Deg(0, 0, h1).ECEF()
	lo, hi := 0.0, 0.5 // 0.5 rad ≈ 3200 km, beyond any horizon here
	for range 60 {
		mid := (lo + hi) / 2
		if AboveHorizon(radar, geo.LLA{Lon: mid, Alt: h2}.ECEF(), k) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// On the equator, looking east, the WGS-84 surface is a circle of radius A
// exactly, so the effective-earth horizon has a closed form: the two
// tangent arcs on the sphere of radius kA,
//
//	s = kA (acos(kA/(kA+h1)) + acos(kA/(kA+h2)))
//
// AboveHorizon must switch from visible to hidden at that ground distance.
func TestAboveHorizonEquatorExact(t *testing.T) {
	tests := []struct{ h1, h2, k float64 }{
		{10, 30, 4.0 / 3.0},
		{10, 50, 4.0 / 3.0},
		{10, 10000, 4.0 / 3.0},
		{30, 10000, 1},
		{0, 100, 4.0 / 3.0},
		{25, 25, 2},
		{10, 300e3, 4.0 / 3.0}, // a ballistic missile near apogee
	}
	for _, tt := range tests {
		re := tt.k * geo.A
		want := re * (math.Acos(re/(re+tt.h1)) + math.Acos(re/(re+tt.h2)))
		got := geo.A * boundary(tt.h1, tt.h2, tt.k)
		if !near(got, want, 0.5) {
			t.Errorf("h1 %g h2 %g k %g: horizon at %.1f m, closed form %.1f m", tt.h1, tt.h2, tt.k, got, want)
		}
	}
}

// A target at height h2 at ground distance just inside or outside
// HorizonRange (mean-radius sphere, the rule of thumb) is visible or not,
// at several latitudes and azimuths. The target is placed by the spherical
// direct problem on geodetic latitude and longitude; with the local radius
// of curvature 6335-6400 km against 6371 km, the two models differ by at
// most 0.3 % in ground distance here, so "just" is 0.5 %.
func TestAboveHorizonAgainstHorizonRange(t *testing.T) {
	const margin = 0.005
	for _, lat := range []float64{0, 30, 55.75, 70} {
		for _, az := range []float64{0, 45, 90, 200} {
			for _, h := range [][2]float64{{10, 30}, {10, 50}, {10, 10000}, {40, 1000}} {
				site := geo.Deg(lat, 37.6, h[0])
				d := HorizonRange(h[0], h[1], 0)
				for _, f := range []float64{1 - margin, 1 + margin} {
					tgt := greatCircle(site, az*math.Pi/180, f*d)
					tgt.Alt = h[1]
					got := AboveHorizon(site.ECEF(), tgt.ECEF(), 0)
					if want := f < 1; got != want {
						t.Errorf("lat %g az %g h %v: %.3f × horizon: visible %v, want %v", lat, az, h, f, got, want)
					}
				}
			}
		}
	}
}

// greatCircle is the spherical direct problem on a sphere of radius
// EarthRadius, applied to geodetic latitude and longitude.
func greatCircle(p geo.LLA, az, dist float64) geo.LLA {
	d := dist / EarthRadius
	sLat, cLat := math.Sincos(p.Lat)
	sd, cd := math.Sincos(d)
	lat := math.Asin(sLat*cd + cLat*sd*math.Cos(az))
	lon := p.Lon + math.Atan2(math.Sin(az)*sd*cLat, cd-sLat*math.Sin(lat))
	return geo.LLA{Lat: lat, Lon: lon}
}

func TestAboveHorizonCases(t *testing.T) {
	site := geo.Deg(44.27, -71.30, 20)
	r := site.ECEF()
	tests := []struct {
		name   string
		target geo.LLA
		k      float64
		want   bool
	}{
		{"overhead", geo.Deg(44.27, -71.30, 5000), 0, true},
		{"itself", site, 0, true},
		{"antipode", geo.Deg(-44.27, 108.70, 1e6), 0, false},
		{"other side of the earth, high", geo.Deg(0, 0, 1e6), 0, false},
		{"ground at 100 km", geo.Deg(45.17, -71.30, 0), 0, false},
		{"aircraft at 100 km", geo.Deg(45.17, -71.30, 5000), 0, true},
		{"bad k", geo.Deg(44.27, -71.30, 5000), -1, false},
	}
	for _, tt := range tests {
		if got := AboveHorizon(r, tt.target.ECEF(), tt.k); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// A site whose ground lies below the ellipsoid keeps its surface
	// horizon: 10 km height at 400 km is inside HorizonRange(0, 10000).
	low := geo.Deg(8, 80, -90).ECEF()
	if !AboveHorizon(low, geo.Deg(11.6, 80, 10000).ECEF(), 0) {
		t.Error("site below the ellipsoid cannot see an aircraft at 10 km, 400 km away")
	}
}

func BenchmarkAboveHorizon(b *testing.B) {
	r := geo.Deg(44.27, -71.30, 20).ECEF()
	tg := geo.Deg(46, -70, 3000).ECEF()
	for b.Loop() {
		AboveHorizon(r, tg, 0)
	}
}

// TestEarthHeight: a radar whose smooth earth lies EarthHeight above the
// ellipsoid counts antenna and target heights from it. An antenna 10 m
// above an earth 28 m below the ellipsoid sees a target 30 m above that
// earth out to checks.md's 35.6 km and not beyond, in every azimuth, as
// at the ellipsoid; judged from the ellipsoid (EarthHeight 0) the same
// target, 2 m "up", hides beyond about 9 km.
func TestEarthHeight(t *testing.T) {
	for _, h0 := range []float64{-28, 0, 1570} {
		c := testConfig()
		c.Site = geo.Deg(40, 50, h0+10)
		c.EarthHeight = h0
		r := mustNew(t, c)
		for az := 0.0; az < 360; az += 45 {
			for _, tt := range []struct {
				d    float64
				want bool
			}{{35.4e3, true}, {35.8e3, false}} {
				p, _ := geo.Direct(c.Site, az*math.Pi/180, tt.d)
				p.Alt = h0 + 30
				if got := r.Covers(p.ECEF()); got != tt.want {
					t.Errorf("earth at %g m, azimuth %g deg, %.1f km: covered %v, want %v", h0, az, tt.d/1e3, got, tt.want)
				}
			}
		}
	}
	c := testConfig()
	c.Site = geo.Deg(40, 50, -18)
	r := mustNew(t, c)
	p, _ := geo.Direct(c.Site, 0, 20e3)
	p.Alt = 2
	if r.Covers(p.ECEF()) {
		t.Error("earth at the ellipsoid: a target 2 m up seen 20 km from an antenna below it")
	}
}
