package bm_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
)

// TestEvaluateTurnClosedForm checks the time to go along a turn against
// the plane's closed form. A track at the origin heads north at v,
// turning right at ω on the radius ρ = v/ω about (ρ, 0); a site of
// radius r lies at S = (ρ + L, ρ), on the tangent of the quarter turn.
// The tangent at turn ψ, from P = ρ(1 - cos ψ, sin ψ) along
// (sin ψ, cos ψ), first passes within r of S where
// ρ sin ψ - L cos ψ = ρ - r, that is
// ψ = atan2(L, ρ) + asin((ρ - r)/√(ρ² + L²)), and enters the radius
// there abeam of the tangent point: the time to go is
// ψ/ω + (S - P)·(sin ψ, cos ψ)/v. A left turn is the mirror image. The
// evaluation lays the turn on a sphere from the tangent plane and
// measures the site from it with spherical trigonometry on geodetic
// latitudes, on the earth's mean radius, 6371 km: the ellipsoid's radii
// of curvature run from 6335 to 6400 km, so its distances, and the time
// to go, may be up to 0.6% off.
func TestEvaluateTurnClosedForm(t *testing.T) {
	tests := []struct {
		name          string
		at            geo.LLA
		v, w, l, r    float64 // w in rad/s, positive right
		wantSiteRight bool
	}{
		{"cruise missile, 2 g right, 20 km on", geo.Deg(37.0, 35.4, 0), 245, 2 * 9.80665 / 245, 20e3, 2000, true},
		{"cruise missile, 2 g left, 20 km on", geo.Deg(37.0, 35.4, 0), 245, -2 * 9.80665 / 245, 20e3, 2000, false},
		{"fighter, 3°/s right, 60 km on", geo.Deg(55.75, 37.62, 0), 250, 3 * math.Pi / 180, 60e3, 5000, true},
		{"drone, 0.05 rad/s left, 15 km on", geo.Deg(28.83, 50.89, 0), 50, -0.05, 15e3, 1000, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rho := tt.v / math.Abs(tt.w)
			psi := math.Atan2(tt.l, rho) + math.Asin((rho-tt.r)/math.Hypot(rho, tt.l))
			p := r3.Vec{X: rho * (1 - math.Cos(psi)), Y: rho * math.Sin(psi)}
			s := r3.Vec{X: rho + tt.l, Y: rho}
			want := psi/math.Abs(tt.w) + r3.Dot(r3.Sub(s, p), r3.Vec{X: math.Sin(psi), Y: math.Cos(psi)})/tt.v
			if !tt.wantSiteRight {
				s.X = -s.X
			}
			f := geo.NewFrame(tt.at)
			tk := bm.Track{ID: 1, Pos: f.OriginECEF(), Vel: f.RotateFromENU(r3.Vec{Y: tt.v}), TurnRate: tt.w, TurnSigma: math.Abs(tt.w) / 10, TurnProb: 0.9}
			site := bm.Site{ID: "site", Pos: f.FromENU(s), Value: 10, Radius: tt.r}
			got := bm.Evaluate([]bm.Track{tk}, []bm.Site{site})[0]
			t.Logf("%s; closed form: turn %.2f°, %.2f s to go", got.Reason(), psi*180/math.Pi, want)
			if got.Site != "site" || !strings.Contains(got.Reason(), "turning") {
				t.Fatalf("site %q (%s): want it turning towards the site", got.Site, got.Reason())
			}
			if math.Abs(got.TimeToGo-want) > 0.006*want {
				t.Errorf("time to go %.3f s, closed form %.3f s", got.TimeToGo, want)
			}
			// Turning the other way the track never points at the site.
			tk.TurnRate = -tk.TurnRate
			if got := bm.Evaluate([]bm.Track{tk}, []bm.Site{site})[0]; got.Site != "" {
				t.Errorf("turning away: site %q (%s), want none", got.Site, got.Reason())
			}
		})
	}
}

// TestEvaluateStraightUnchanged: a track whose turn is below the
// Turning thresholds (a small rate, one within twice its spread, or a
// turn model less likely than straight flight) is evaluated exactly as
// one with no turn estimate, whatever its geometry.
func TestEvaluateStraightUnchanged(t *testing.T) {
	s := newSite("a", geo.Deg(32.75, 51.86, 1545), 10, 3000)
	b := bm.Site{ID: "b", Pos: s.frame.FromENU(r3.Vec{X: 30e3, Y: 10e3}), Value: 20, Radius: 2000}
	sites := []bm.Site{s.site, b}
	rng := rand.New(rand.NewPCG(13, 5))
	turned := 0
	for i := range 2000 {
		az := 2 * math.Pi * rng.Float64()
		d := 5e3 + 150e3*rng.Float64()
		p := r3.Vec{X: d * math.Sin(az), Y: d * math.Cos(az), Z: 30 + 10e3*rng.Float64()}
		h := 2 * math.Pi * rng.Float64()
		v := 50 + 250*rng.Float64()
		tk := s.track(i, p, r3.Vec{X: v * math.Sin(h), Y: v * math.Cos(h)})
		plain := bm.EvaluateTrack(tk, sites)
		w := math.Copysign(0.2*rng.Float64(), rng.Float64()-0.5)
		switch i % 3 {
		case 0: // too slow a turn to count
			tk.TurnRate, tk.TurnSigma, tk.TurnProb = math.Copysign(bm.MinTurnRate*rng.Float64(), w), 0, 1
		case 1: // a turn within twice its spread
			tk.TurnRate, tk.TurnSigma, tk.TurnProb = w, math.Abs(w)/2*(1+rng.Float64()), 1
		case 2: // straight flight the likelier
			tk.TurnRate, tk.TurnSigma, tk.TurnProb = w, 0, bm.MinTurnProbability*rng.Float64()
		}
		if tk.Turning() {
			t.Fatalf("track %+v counts as turning", tk)
		}
		got := bm.EvaluateTrack(tk, sites)
		got.Track = plain.Track
		if got != plain {
			t.Errorf("track %d: %+v with the turn, %+v without", i, got, plain)
		}
		// And turning in earnest changes the assessment of some.
		tk.TurnSigma, tk.TurnProb = 0, 1
		if math.Abs(tk.TurnRate) >= bm.MinTurnRate {
			if th := bm.EvaluateTrack(tk, sites); th.Site != plain.Site {
				turned++
			}
		}
	}
	if turned == 0 {
		t.Errorf("no track's site changed when it turned")
	}
	t.Logf("%d of 2000 tracks change site when they turn", turned)
}

// BenchmarkEvaluateTurning is BenchmarkEvaluate's picture with every
// track turning at 3°/s: the cost of predicting along the turn.
func BenchmarkEvaluateTurning(b *testing.B) {
	tracks, sites := benchPicture(3 * math.Pi / 180)
	b.ReportAllocs()
	for b.Loop() {
		bm.Evaluate(tracks, sites)
	}
}
