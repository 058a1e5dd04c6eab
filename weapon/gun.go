package weapon

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// Gun is an anti-aircraft gun mount laid by a fire-control radar: the
// Pantsir-S1's two twin 30 mm 2A38M, for one. It fires bursts at the
// point where its rounds and the target's predicted track meet.
//
// # Flight of a round
//
// A shell has no motor: drag alone slows it. With a drag coefficient
// taken constant over the supersonic part of its flight, the drag
// deceleration ρ Cd A v² / 2m makes the speed fall exponentially with
// the distance flown,
//
//	v(s) = v0 exp(-s/L),   L = 2m / (ρ Cd A),
//
// and the time to fly s is the integral of ds/v:
//
//	t(s) = (L/v0) (exp(s/L) - 1).
//
// Gravity drops the shell by g t²/2, which the fire control corrects by
// superelevation (a known, deterministic correction): it is left out of
// the miss.
//
// # A burst's kill probability
//
// The fire control aims every round of a burst at one predicted point;
// the target is not there, but off by the aim error μ (the track's error
// carried forward over the time of flight, and the target's own
// manoeuvre), common to the whole burst. Each round scatters about the
// aim point by the mount's dispersion, a circular normal error of σ =
// range x angular dispersion per axis, independent from round to round.
// The target presents to the line of fire an area A (a cylinder seen
// from aspect θ: π d²/4 |cos θ| + L d |sin θ|), taken as a disc
// (cookie cutter) of the same area. A round within the disc hits; a hit
// kills with probability PkHit (the vulnerable fraction of the presented
// area). For a disc centred on the aim point the hit probability of one
// round is the Rayleigh distribution's
//
//	P_H = 1 - exp(-A / 2πσ²),
//
// and for a disc off by μ, small beside σ, the density at μ times the
// area, P_H ≈ A/(2πσ²) exp(-μ²/2σ²). Hitprobability uses
//
//	P_H = exp(-μ²/2σ²) (1 - exp(-A/2πσ²)),
//
// exact in both limits. Rounds being independent given μ, n rounds kill
// with
//
//	P_K = 1 - (1 - PkHit P_H)^n  ≈  1 - exp(-n PkHit P_H),
//
// the textbook form for uncorrelated shots with a common bias (R. E.
// Ball, The Fundamentals of Aircraft Combat Survivability Analysis and
// Design, 2nd ed., AIAA 2003, ch. 5; M. R. Driels, Weaponeering, AIAA
// 2004, on single- and multiple-shot hit probability). Burst draws the
// rounds one by one; its rate over many bursts is checked against this
// form in gun_test.go.
type Gun struct {
	Name string
	// Rate is the rounds per second of every barrel of the mount
	// together; BurstTime how long a burst lasts (s); Rounds the rounds
	// carried.
	Rate, BurstTime float64
	Rounds          int
	// MuzzleVelocity (m/s), DecayLength (m): the shell's speed falls as
	// exp(-s/DecayLength) (DecayLengthOf).
	MuzzleVelocity, DecayLength float64
	// MinRange, MaxRange (m): the slant ranges at which it engages;
	// MaxAltitude (m above the gun) the highest.
	MinRange, MaxRange, MaxAltitude float64
	// Dispersion is the angular spread of the rounds about the aim
	// point, 1-sigma per axis (rad).
	Dispersion float64
	// PkHit is the probability that one hit kills.
	PkHit float64
}

// DecayLengthOf is L = 2m/(ρ Cd A) of a shell of mass m (kg) and calibre
// d (m) with drag coefficient cd in air of density rho (kg/m³): the
// distance over which its speed falls by a factor e.
func DecayLengthOf(m, d, cd, rho float64) float64 {
	return 2 * m / (rho * cd * math.Pi * d * d / 4)
}

// Validate reports what is wrong with the gun's figures.
func (g Gun) Validate() error {
	var errs []error
	pos := func(name string, x float64) {
		if !(x > 0) || math.IsInf(x, 0) {
			errs = append(errs, fmt.Errorf("gun %s: %s %g, want above 0", g.Name, name, x))
		}
	}
	pos("rate", g.Rate)
	pos("burst time", g.BurstTime)
	pos("muzzle velocity", g.MuzzleVelocity)
	pos("decay length", g.DecayLength)
	pos("max range", g.MaxRange)
	pos("max altitude", g.MaxAltitude)
	pos("dispersion", g.Dispersion)
	if g.Rounds < 1 {
		errs = append(errs, fmt.Errorf("gun %s: %d rounds, want at least 1", g.Name, g.Rounds))
	}
	if !(g.MinRange >= 0 && g.MinRange < g.MaxRange) {
		errs = append(errs, fmt.Errorf("gun %s: min range %g, want from 0 to below the max range %g", g.Name, g.MinRange, g.MaxRange))
	}
	if !(g.PkHit > 0 && g.PkHit <= 1) {
		errs = append(errs, fmt.Errorf("gun %s: pk per hit %g, want above 0 and up to 1", g.Name, g.PkHit))
	}
	return errors.Join(errs...)
}

// BurstRounds is the rounds of one full burst.
func (g Gun) BurstRounds() int { return max(1, int(math.Round(g.Rate*g.BurstTime))) }

// TimeOfFlight is the time a round takes to fly the slant range s (m).
func (g Gun) TimeOfFlight(s float64) float64 {
	return g.DecayLength / g.MuzzleVelocity * math.Expm1(s/g.DecayLength)
}

// SpeedAt is a round's speed after flying s (m).
func (g Gun) SpeedAt(s float64) float64 { return g.MuzzleVelocity * math.Exp(-s/g.DecayLength) }

// Lead solves the fire control's problem: the point where a round fired
// now from gun meets a target at p moving at the constant velocity v
// (all ECEF, m and m/s), and the time of flight to it: the first root of
// f(t) = TimeOfFlight(|p + v t - gun|) - t, found by stepping t and
// bisecting. (Iterating t = TimeOfFlight(...) diverges once the target
// closes faster than the slowed rounds fly.) ok is false when the rounds
// cannot meet it within MaxRange.
func (g Gun) Lead(gun, p, v r3.Vec) (aim r3.Vec, tof float64, ok bool) {
	f := func(t float64) float64 {
		return g.TimeOfFlight(r3.Norm(r3.Sub(r3.Add(p, r3.Scale(t, v)), gun))) - t
	}
	const step = 0.05
	tMax := g.TimeOfFlight(g.MaxRange)
	lo, flo := 0.0, f(0)
	for hi := step; lo < tMax; hi += step {
		fhi := f(hi)
		if (flo > 0) != (fhi > 0) {
			for range 40 {
				mid := (lo + hi) / 2
				if fm := f(mid); (fm > 0) == (flo > 0) {
					lo, flo = mid, fm
				} else {
					hi = mid
				}
			}
			tof = (lo + hi) / 2
			aim = r3.Add(p, r3.Scale(tof, v))
			return aim, tof, r3.Norm(r3.Sub(aim, gun)) <= g.MaxRange
		}
		lo, flo = hi, fhi
	}
	return p, 0, false
}

// PresentedArea is the area (m²) a cylinder of length l and diameter d
// (m) presents to a line of fire at the angle whose cosine is cosAspect
// with its axis: its end-on disc and its side-on rectangle, each
// foreshortened.
func PresentedArea(l, d, cosAspect float64) float64 {
	c := math.Min(1, math.Abs(cosAspect))
	s := math.Sqrt(1 - c*c)
	return math.Pi*d*d/4*c + l*d*s
}

// HitProbability is the probability that one round hits a target of
// presented area a (m²) whose centre lies bias (m) off the aim point,
// under a circular normal dispersion of sigma (m) per axis (see Gun).
func HitProbability(a, sigma, bias float64) float64 {
	return math.Exp(-bias*bias/(2*sigma*sigma)) * -math.Expm1(-a/(2*math.Pi*sigma*sigma))
}

// BurstKillProbability is P_K = 1 - (1 - pkHit P_H)^n of n rounds.
func BurstKillProbability(n int, a, sigma, bias, pkHit float64) float64 {
	return -math.Expm1(float64(n) * math.Log1p(-pkHit*HitProbability(a, sigma, bias)))
}

// Burst draws the n rounds of one burst one by one: each lands at the
// aim error (bx, by) in the plane normal to the line of fire plus its own
// dispersion of sigma per axis, and hits when within the disc of area a
// about the target's centre; each hit kills with pkHit. norm draws a
// standard normal and uniform a number in [0, 1). It returns the hits and
// whether one killed.
func Burst(n int, a, sigma, bx, by, pkHit float64, norm, uniform func() float64) (hits int, killed bool) {
	r2 := a / math.Pi
	for range n {
		x, y := bx+sigma*norm(), by+sigma*norm()
		if x*x+y*y <= r2 {
			hits++
			if uniform() < pkHit {
				killed = true
			}
		}
	}
	return hits, killed
}
