package track

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTrackTurn checks Track.Turn, the turn-rate estimate a battle
// manager predicts a turning target's path with: a cruise missile at
// 245 m/s flies north, turns right at its waypoint at 2 g (ω = -2g/v,
// -4.59°/s about z, clockwise seen from above) through 90°, and flies
// east. In the last half of the turn the estimate must have the turn's
// sign and lie within 3σ of the truth on average, with the turn model
// the likelier; on the straight leg after it, it must fall back.
func TestTrackTurn(t *testing.T) {
	s := Sensor{ID: "r", Rot: identity, SigmaRange: 20, SigmaAz: 1e-3, SigmaEl: 1e-3}
	f := &IMM{Models: []int{ModeCV, ModeCT}, AccelNoise: 0.5, TurnAccelNoise: 1, TurnRateNoise: 1e-4, InitVelSigma: 300}
	const (
		period = 1.0
		speed  = 245.0
		turnAt = 40.0
	)
	omega := -2 * 9.80665 / speed
	turnEnd := turnAt + (math.Pi/2)/math.Abs(omega)
	rng := rand.New(rand.NewPCG(13, 2))
	x := [6]float64{20e3, 30e3, 100, 0, speed}
	var tk Track
	var errs, sigmas, probs, after []float64
	for k := range 100 {
		tt := float64(k) * period
		if k > 0 {
			// The truth turns at ω over the part of the step inside the turn.
			var xs [maxX]float64
			copy(xs[:], x[:])
			var p [maxX * maxX]float64
			if in := math.Min(tt, turnEnd) - math.Max(tt-period, turnAt); in > 0 {
				xs[6] = omega
				predictCT(&xs, p[:], in, 0, 0, turnNoise{phi: 1})
				xs[6] = 0
				predictCT(&xs, p[:], period-in, 0, 0, turnNoise{phi: 1})
			} else {
				predictCT(&xs, p[:], period, 0, 0, turnNoise{phi: 1})
			}
			copy(x[:], xs[:6])
		}
		trackStep(t, f, &s, &tk, k, tt, detectAny(t, &s, x, rng))
		if k == 0 {
			continue // a new track has no model estimates yet
		}
		w, sig, prob, ok := tk.Turn()
		if !ok {
			t.Fatalf("t=%g: no turn estimate from an IMM with the turn model", tt)
		}
		switch {
		case tt >= (turnAt+turnEnd)/2 && tt <= turnEnd:
			errs = append(errs, w-omega)
			sigmas = append(sigmas, sig)
			probs = append(probs, prob)
		case tt >= turnEnd+30:
			after = append(after, math.Abs(w)*prob)
		}
	}
	e, sig, p := mean(errs), mean(sigmas), mean(probs)
	t.Logf("second half of the turn: mean ω error %.4f rad/s (truth %.4f), mean σ %.4f, turn probability %.2f; after it mean |ω|·P %.4f",
		e, omega, sig, p, mean(after))
	if math.Abs(e) > 3*sig || math.Abs(e) > math.Abs(omega)/2 {
		t.Errorf("mean ω error %.4f rad/s against a truth of %.4f, σ %.4f", e, omega, sig)
	}
	if p < 0.5 {
		t.Errorf("turn model probability %.2f in the turn, want above 0.5", p)
	}
	if m := mean(after); m > math.Abs(omega)/5 {
		t.Errorf("30 s after the turn the turn still reads %.4f rad/s (|ω|·P)", m)
	}
	for _, f := range []Filter{&EKF{AccelNoise: 1, InitVelSigma: 300}, &IMM{Models: []int{ModeCV, ModeCA}, InitVelSigma: 300}} {
		var tk Track
		trackStep(t, f, &s, &tk, 0, 0, detectAny(t, &s, x, rng))
		trackStep(t, f, &s, &tk, 1, 1, detectAny(t, &s, x, rng))
		if _, _, _, ok := tk.Turn(); ok {
			t.Errorf("%T %v: a turn estimate from a filter without the turn model", f, f)
		}
	}
}
