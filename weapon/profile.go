package weapon

import (
	"errors"
	"fmt"
	"math"
)

// Profile is a prescribed speed history along the flight path, measured
// from launch (t = 0).
//
// Boost: the speed rises linearly from LaunchSpeed to BurnoutSpeed over
// BoostTime. Coast: the speed decays as under a drag proportional to v²,
//
//	dv/dt = -v²/(Vb τ)  ⇒  v(t) = Vb / (1 + (t - tb)/τ),
//
// with Vb = BurnoutSpeed, tb = BoostTime and τ = CoastTimeConstant, the
// time in which the speed halves after burnout. Both phases have closed
// forms for the path length flown and its inverse, which is what intercept
// planning needs.
type Profile struct {
	LaunchSpeed       float64 // speed leaving the launcher (cold-launch ejection), m/s
	BurnoutSpeed      float64 // speed at the end of the boost, m/s
	BoostTime         float64 // motor burn time, s
	CoastTimeConstant float64 // τ: time after burnout for the speed to halve, s
}

// Validate reports every parameter out of range: all must be finite and
// positive, but for LaunchSpeed, which may be zero (a standing start).
func (p Profile) Validate() error {
	if err := p.problems(); err != nil {
		return fmt.Errorf("weapon: speed profile: %w", err)
	}
	return nil
}

func (p Profile) problems() error {
	var errs []error
	check := func(name string, v float64) {
		if !(v > 0) || math.IsInf(v, 1) {
			errs = append(errs, fmt.Errorf("%s = %g, want a finite value > 0", name, v))
		}
	}
	if !(p.LaunchSpeed >= 0) || math.IsInf(p.LaunchSpeed, 1) {
		errs = append(errs, fmt.Errorf("LaunchSpeed = %g, want a finite value >= 0", p.LaunchSpeed))
	}
	check("BurnoutSpeed", p.BurnoutSpeed)
	check("BoostTime", p.BoostTime)
	check("CoastTimeConstant", p.CoastTimeConstant)
	return errors.Join(errs...)
}

// Speed is the speed t seconds after launch, m/s; zero before launch.
func (p Profile) Speed(t float64) float64 {
	switch {
	case t < 0:
		return 0
	case t <= p.BoostTime:
		return p.LaunchSpeed + (p.BurnoutSpeed-p.LaunchSpeed)*t/p.BoostTime
	default:
		return p.BurnoutSpeed / (1 + (t-p.BoostTime)/p.CoastTimeConstant)
	}
}

// boostDistance is the path length flown during the whole boost.
func (p Profile) boostDistance() float64 {
	return 0.5 * (p.LaunchSpeed + p.BurnoutSpeed) * p.BoostTime
}

// Distance is the path length flown in the first t seconds after launch, m:
//
//	boost: s = V0 t + (Vb - V0) t²/(2 tb)
//	coast: s = s(tb) + Vb τ ln(1 + (t - tb)/τ)
func (p Profile) Distance(t float64) float64 {
	switch {
	case t <= 0:
		return 0
	case t <= p.BoostTime:
		return p.LaunchSpeed*t + 0.5*(p.BurnoutSpeed-p.LaunchSpeed)*t*t/p.BoostTime
	default:
		return p.boostDistance() + p.BurnoutSpeed*p.CoastTimeConstant*math.Log1p((t-p.BoostTime)/p.CoastTimeConstant)
	}
}

// TimeToFly is the inverse of Distance: the time after launch at which the
// path length flown reaches s. The coast never stops, so every s ≥ 0 is
// reached; ok is false only for a negative or NaN s.
func (p Profile) TimeToFly(s float64) (t float64, ok bool) {
	if !(s >= 0) {
		return 0, false
	}
	if sb := p.boostDistance(); s > sb {
		// Invert the logarithm with expm1 so that short coasts keep their digits.
		return p.BoostTime + p.CoastTimeConstant*math.Expm1((s-sb)/(p.BurnoutSpeed*p.CoastTimeConstant)), true
	}
	// s = V0 t + a t²/2 with a = (Vb-V0)/tb. The root is written as
	// 2s/(V0 + sqrt(V0² + 2as)), which has no cancellation and holds for
	// any sign of a, including a = 0.
	a := (p.BurnoutSpeed - p.LaunchSpeed) / p.BoostTime
	disc := p.LaunchSpeed*p.LaunchSpeed + 2*a*s
	if disc < 0 { // rounding at s = boost distance with a < 0
		disc = 0
	}
	d := p.LaunchSpeed + math.Sqrt(disc)
	if d == 0 {
		return 0, true
	}
	return 2 * s / d, true
}

// maxSpeed bounds the speed over the whole flight: the profile is linear
// in the boost and falls in the coast.
func (p Profile) maxSpeed() float64 {
	return math.Max(p.LaunchSpeed, p.BurnoutSpeed)
}
