package bm

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// arcTracks flies a target at speed v, m/s, from heading h0 turning at
// rate w, rad/s (positive right), at 30 m over Incirlik, one estimate a
// second from t0 to t1, each velocity off by N(0, sv²) on each axis and
// carrying that covariance, as a tracker's estimates do.
func arcTracks(rng *rand.Rand, v, h0, w, sv, t0, t1 float64) []Track {
	f := geo.NewFrame(geo.LLA{Lat: 37.0019 * math.Pi / 180, Lon: 35.4259 * math.Pi / 180, Alt: 30})
	var cov [36]float64
	for i := 3; i < 6; i++ {
		cov[6*i+i] = sv * sv
	}
	var out []Track
	var e, n float64
	for t := t0; t <= t1; t++ {
		h := h0 + w*t
		if w != 0 {
			e, n = v/w*(math.Cos(h0)-math.Cos(h)), v/w*(math.Sin(h)-math.Sin(h0))
		} else {
			e, n = v*t*math.Sin(h0), v*t*math.Cos(h0)
		}
		vel := r3.Vec{X: v*math.Sin(h) + sv*rng.NormFloat64(), Y: v*math.Cos(h) + sv*rng.NormFloat64(), Z: sv * rng.NormFloat64()}
		out = append(out, Track{ID: 1, T: t, Updated: t, Pos: f.FromENU(r3.Vec{X: e, Y: n}), Vel: f.RotateFromENU(vel), Cov: cov})
	}
	return out
}

// TestProfileTurnClosedForm: a cruise missile at 250 m/s turning at
// 2 g (0.078 rad/s) with 5 m/s velocity noise, and the same missile
// flying straight. The weighted least-squares slope of heading on time
// has the standard error σh/√Σ(t-t̄)², σh = 5/250 rad, 0.00042 rad/s
// over the window's thirty estimates a second apart. Over 2000 trials the turn's rate is
// within 2 standard errors of the truth, and the straight flight's within
// 2 of zero, in about 95% of them (a normal's 95.4%, a little more
// where the residuals' chi-square scales sigma up, by 8% on average);
// the turns are called turning (Track.Turning) in every trial, the
// straight flight, whose 2σ is below MinTurnRate, in none.
func TestProfileTurnClosedForm(t *testing.T) {
	const v, sv, trials = 250.0, 5.0, 2000
	wantSE := sv / v / math.Sqrt(2247.5) // thirty estimates: Σ(t-t̄)² = n(n²-1)/12 s²
	for _, tc := range []struct {
		name string
		w    float64
	}{
		{"turning right at 2 g", 2 * 9.80665 / v},
		{"turning left at 1 g", -9.80665 / v},
		{"straight", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(13, 1))
			var within, turning int
			var sumSigma float64
			for k := 0; k < trials; k++ {
				p := &Profile{}
				var tk Track
				for _, tk = range arcTracks(rng, v, 1.0, tc.w, sv, 0, 29) {
					p.Observe(tk)
				}
				rate, sigma, ok := p.Turn()
				if !ok {
					t.Fatalf("trial %d: no turn fitted from %d headings", k, len(p.headings))
				}
				sumSigma += sigma
				if math.Abs(rate-tc.w) < 2*sigma {
					within++
				}
				if p.WithTurn(tk).Turning() {
					turning++
				}
			}
			frac, meanSigma := float64(within)/trials, sumSigma/trials
			t.Logf("rate within 2σ in %.3f of trials; mean σ %.5f rad/s (closed form %.5f); turning in %.3f", frac, meanSigma, wantSE, float64(turning)/trials)
			// 2000 trials of p = 0.954: a standard deviation of 0.005.
			if frac < 0.935 || frac > 0.99 {
				t.Errorf("rate within 2σ in %.3f of trials, want about 0.95", frac)
			}
			if math.Abs(meanSigma-wantSE) > 0.2*wantSE {
				t.Errorf("mean σ %.5f rad/s, want the closed form's %.5f within 20%%", meanSigma, wantSE)
			}
			switch f := float64(turning) / trials; {
			case tc.w == 0 && f > 0:
				t.Errorf("straight flight called turning in %.3f of trials, want none", f)
			case tc.w != 0 && f < 0.99:
				t.Errorf("turn called turning in only %.3f of trials", f)
			}
		})
	}
}

// TestProfileTurnNeedsHistory: no fit from too few headings or too
// short a span, a hovering target's headings are not kept, and the
// window forgets what is older than TurnWindow.
func TestProfileTurnNeedsHistory(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	p := &Profile{}
	tks := arcTracks(rng, 250, 0, 0.05, 0, 0, 30)
	for _, tk := range tks[:4] {
		p.Observe(tk)
	}
	if _, _, ok := p.Turn(); ok {
		t.Errorf("turn fitted from 4 headings")
	}
	if got := p.WithTurn(Track{TurnRate: 0.3, TurnSigma: 0.2, TurnProb: 0.6}); got.TurnRate != 0.3 || got.TurnProb != 0.6 {
		t.Errorf("WithTurn without a fit changed the tracker's turn: %+v", got)
	}
	for _, tk := range tks[4:] {
		p.Observe(tk)
	}
	if n := len(p.headings); n != int(TurnWindow) {
		t.Errorf("%d headings kept, want the %g s window's %d", n, TurnWindow, int(TurnWindow))
	}
	// Heading crosses north (-0.2 to 0.8 rad): the unwrapped fit is
	// exact without noise but for the meridians' convergence over the
	// 5 km flown, 1e-4 rad/s.
	p = &Profile{}
	for _, tk := range arcTracks(rng, 250, -0.2, 0.05, 0, 0, 20) {
		p.Observe(tk)
	}
	if rate, _, ok := p.Turn(); !ok || math.Abs(rate-0.05) > 1e-4 {
		t.Errorf("rate across north %.6f (ok %v), want 0.05", rate, ok)
	}
	// Estimates between two detections are one estimate extrapolated: a
	// track a 10 s search radar updates gives one heading a scan, not
	// ten (the doctrine raid's drones read as turning at 10°/s on them).
	p = &Profile{}
	for _, tk := range arcTracks(rng, 50, 0, 0, 0, 0, 29) {
		tk.Updated = 1 + 10*math.Floor(tk.T/10) // detections at 1, 11 and 21 s
		p.Observe(tk)
	}
	if n := len(p.headings); n != 3 {
		t.Errorf("%d headings kept from three detections, want 3", n)
	}
	slow := arcTracks(rng, 5, 0, 0.05, 0, 0, 12)
	p = &Profile{}
	for _, tk := range slow {
		p.Observe(tk)
	}
	if _, _, ok := p.Turn(); ok {
		t.Errorf("turn fitted for a target at 5 m/s")
	}
}

// TestProfileTurnKept: the fit Turn keeps between changes of the
// headings is the fit of the headings as they stand, bit for bit, as
// the profile takes in a turn's estimates, each detection's estimate
// asked again and extrapolated between detections (no new heading), a
// pause at hover speed (the headings dropped) and the turn again.
func TestProfileTurnKept(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	tracks := arcTracks(rng, 250, 0.3, 0.05, 5, 0, 80)
	for i := range tracks {
		if i%3 != 0 {
			tracks[i].Updated = tracks[i-i%3].Updated // extrapolated: no detection since
		}
		if i >= 40 && i < 44 {
			tracks[i].Vel = r3.Scale(0.01, tracks[i].Vel) // hovering: its headings dropped
		}
	}
	p := &Profile{}
	fits := 0
	for i, tk := range tracks {
		for range 2 { // each estimate asked twice, as two units' evaluations would
			p.Observe(tk)
			got := p.WithTurn(tk)
			rate, sigma, ok := p.fitTurn()
			want := tk
			if ok {
				fits++
				want.TurnRate, want.TurnSigma = rate, sigma
				want.TurnProb = math.Erf(math.Abs(rate) / sigma / math.Sqrt2)
			}
			if math.Float64bits(got.TurnRate) != math.Float64bits(want.TurnRate) ||
				math.Float64bits(got.TurnSigma) != math.Float64bits(want.TurnSigma) ||
				math.Float64bits(got.TurnProb) != math.Float64bits(want.TurnProb) {
				t.Fatalf("estimate %d: kept turn %v ± %v (p %v), the headings' %v ± %v (p %v)",
					i, got.TurnRate, got.TurnSigma, got.TurnProb, want.TurnRate, want.TurnSigma, want.TurnProb)
			}
		}
	}
	if fits == 0 {
		t.Fatal("no turn fitted: the test checks nothing")
	}
}
