package weapon

import (
	"errors"
	"fmt"
	"math"
)

// Burn is one phase of a solid rocket motor: a constant thrust for a time,
// burning its propellant at a constant rate. The specific impulse it
// implies is Thrust·Time / (Propellant·g0).
type Burn struct {
	Thrust     float64 // N
	Time       float64 // s
	Propellant float64 // kg burnt over Time
}

// Motor is the thrust and mass history of a point-mass missile ([ModelPointMass]): the boost
// from launch, then the sustain (zero for a single-phase motor). The mass
// falls linearly during each phase and stays at burnout mass after.
type Motor struct {
	LaunchMass float64 // kg, at launch (after ejection from the canister)
	Boost      Burn
	Sustain    Burn
}

// At is the thrust (N) and mass (kg) t seconds after launch.
func (mo Motor) At(t float64) (thrust, mass float64) {
	b, s := mo.Boost, mo.Sustain
	switch {
	case t < 0:
		return 0, mo.LaunchMass
	case t < b.Time:
		return b.Thrust, mo.LaunchMass - b.Propellant*t/b.Time
	case t < b.Time+s.Time:
		return s.Thrust, mo.LaunchMass - b.Propellant - s.Propellant*(t-b.Time)/s.Time
	}
	return 0, mo.LaunchMass - b.Propellant - s.Propellant
}

// BurnTime is the time from launch to the end of the last phase, s.
func (mo Motor) BurnTime() float64 { return mo.Boost.Time + mo.Sustain.Time }

func (mo Motor) problems() error {
	var errs []error
	if !(mo.LaunchMass > 0) || math.IsInf(mo.LaunchMass, 1) {
		errs = append(errs, fmt.Errorf("Motor.LaunchMass = %g, want a finite value > 0", mo.LaunchMass))
	}
	for _, b := range []struct {
		name string
		b    Burn
		need bool
	}{{"Boost", mo.Boost, true}, {"Sustain", mo.Sustain, false}} {
		zero := b.b == Burn{}
		if zero && !b.need {
			continue
		}
		if !(b.b.Thrust >= 0 && b.b.Time > 0 && b.b.Propellant >= 0) ||
			math.IsInf(b.b.Thrust+b.b.Time+b.b.Propellant, 0) {
			errs = append(errs, fmt.Errorf("Motor.%s = %+v, want finite Thrust >= 0, Time > 0, Propellant >= 0", b.name, b.b))
		}
	}
	if !(mo.Boost.Propellant+mo.Sustain.Propellant < mo.LaunchMass) {
		errs = append(errs, fmt.Errorf("Motor: propellant %g kg, want less than the launch mass %g kg",
			mo.Boost.Propellant+mo.Sustain.Propellant, mo.LaunchMass))
	}
	return errors.Join(errs...)
}

// MachCd is one point of a drag coefficient table.
type MachCd struct{ Mach, Cd float64 }

// Aero is the aerodynamics of a point-mass missile ([ModelPointMass]) and the end-game
// conditions that say whether it "reaches" a target.
//
// Drag is D = q S (CdScale·Cd0(M) + CDi), with q = ρV²/2, S = RefArea, Cd0
// interpolated linearly in the table Cd0 (held constant outside it) and
// the drag due to lift
//
//	CDi = CN² / CNAlpha,   CN = m a_aero / (q S),
//
// which is the normal force tilted back by the angle of attack
// α = CN/CNAlpha (small angles, linear normal force): pulling g costs
// speed, and costs more where the air is thin.
//
// The lateral acceleration the airframe can fly is
//
//	a_max = min(MaxLateralAccel, q S CNMax / m + T sin(TVCAngle) / m),
//
// the structural limit, or what the wings give at the largest usable
// normal-force coefficient plus what deflected thrust gives while the
// motor burns (thrust-vector or gas-dynamic control, which turns a
// vertically launched round over at low speed). Deflected thrust costs
// axial thrust T(1 - cos δ) instead of induced drag; the wings are used
// first.
type Aero struct {
	RefArea float64  // S, reference area (body cross-section), m²
	Cd0     []MachCd // zero-lift drag coefficient against Mach, increasing Mach; nil means [DefaultCd0]
	CdScale float64  // multiplies Cd0: a calibration factor, > 0
	CNAlpha float64  // normal-force slope, per rad
	CNMax   float64  // largest usable normal-force coefficient

	TVCAngle float64 // largest thrust deflection while the motor burns, rad; 0 for none

	// Loft is the steepest flight-path angle of the mid-course pitch
	// programme while the motor burns, rad, in [0, π/2): each shot flies
	// the programme between 0 and Loft that the fire control's fast-time
	// fly-out finds fastest at the PIP ([Missile.LoftAngle]); 0 steers
	// straight for the predicted intercept point from launch. See the
	// guidance notes in pointmass.go.
	Loft float64

	// The end-game conditions for reaching a target ([Missile.Fly], the
	// envelope and the launch acceptability tables); they do not change
	// the flight. The missile must arrive at MinSpeed or faster, able to
	// fly EndgameAccel (m/s²).
	MinSpeed     float64
	EndgameAccel float64
}

func (a Aero) problems() error {
	var errs []error
	pos := func(name string, v float64) {
		if !(v > 0) || math.IsInf(v, 1) {
			errs = append(errs, fmt.Errorf("Aero.%s = %g, want a finite value > 0", name, v))
		}
	}
	nonneg := func(name string, v float64) {
		if !(v >= 0) || math.IsInf(v, 1) {
			errs = append(errs, fmt.Errorf("Aero.%s = %g, want a finite value >= 0", name, v))
		}
	}
	pos("RefArea", a.RefArea)
	pos("CdScale", a.CdScale)
	pos("CNAlpha", a.CNAlpha)
	pos("CNMax", a.CNMax)
	if !(a.Loft >= 0 && a.Loft < math.Pi/2) {
		errs = append(errs, fmt.Errorf("Aero.Loft = %g, want a value in [0, π/2)", a.Loft))
	}
	nonneg("MinSpeed", a.MinSpeed)
	nonneg("EndgameAccel", a.EndgameAccel)
	if !(a.TVCAngle >= 0 && a.TVCAngle < math.Pi/2) {
		errs = append(errs, fmt.Errorf("Aero.TVCAngle = %g, want a value in [0, π/2)", a.TVCAngle))
	}
	for i, p := range a.Cd0 {
		if !(p.Cd >= 0) || math.IsInf(p.Cd, 1) || math.IsNaN(p.Mach) || math.IsInf(p.Mach, 0) ||
			i > 0 && !(p.Mach > a.Cd0[i-1].Mach) {
			errs = append(errs, fmt.Errorf("Aero.Cd0[%d] = %+v, want finite Cd >= 0 and Mach above the point before", i, p))
			break
		}
	}
	return errors.Join(errs...)
}

// interp is the table's value at Mach m, linear between points and held
// at the end values outside. The search is linear: tables are short and
// the Mach number moves little between calls.
func interp(tab []MachCd, m float64) float64 {
	n := len(tab)
	if m <= tab[0].Mach {
		return tab[0].Cd
	}
	if m >= tab[n-1].Mach {
		return tab[n-1].Cd
	}
	i := 1
	for tab[i].Mach < m {
		i++
	}
	a, b := tab[i-1], tab[i]
	return a.Cd + (b.Cd-a.Cd)*(m-a.Mach)/(b.Mach-a.Mach)
}

// DefaultCd0 is a generic zero-lift drag curve of a slender surface-to-air
// missile, power off. It is not any real missile's: it is the component
// build-up of E. L. Fleeman, Tactical Missile Design (2nd ed., AIAA 2006),
// ch. 2, for a body of fineness l/d = 14 and length 7 m with a nose of
// fineness 2.5, evaluated at 10 km in the standard atmosphere:
//
//	skin friction  0.053 (l/d) (M / (q l))^0.2   (q in lbf/ft², l in ft)
//	base, coast    0.12 + 0.13 M²  (M < 1),   0.25/M  (M ≥ 1)
//	nose wave      (1.59 + 1.83/M²) atan(0.5/(lN/d))^1.69   (M ≥ 1)
//
// with the wave drag ramped linearly from zero at M = 0.8 to its M = 1
// value (the formula holds only above M = 1). Fins and wings are not
// built up: their drag, the motor-on base drag and every other difference
// from a real round go into [Aero.CdScale], which [Derive3DOF] calibrates
// against the missile's claimed range. The table rises from about 0.3
// subsonic to a peak near 0.6 at M = 1 and falls to about 0.25 at M = 4:
// the subsonic, transonic and supersonic shape Fleeman shows.
func DefaultCd0() []MachCd {
	machs := []float64{0.3, 0.6, 0.8, 0.9, 1, 1.1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8}
	tab := make([]MachCd, len(machs))
	for i, m := range machs {
		tab[i] = MachCd{m, fleemanCd0(m)}
	}
	return tab
}

// fleemanCd0 is the build-up DefaultCd0 documents.
func fleemanCd0(m float64) float64 {
	const (
		fineness = 14.0
		length   = 7.0 // m
		noseFine = 2.5
		lbfFt2   = 47.880259 // Pa
		ft       = 0.3048    // m
		refAlt   = 10e3      // m
	)
	rho, a := Atmosphere(refAlt)
	v := m * a
	q := 0.5 * rho * v * v / lbfFt2
	friction := 0.053 * fineness * math.Pow(m/(q*length/ft), 0.2)
	var base, wave float64
	waveAt := func(m float64) float64 {
		return (1.59 + 1.83/(m*m)) * math.Pow(math.Atan(0.5/noseFine), 1.69)
	}
	switch {
	case m < 1:
		base = 0.12 + 0.13*m*m
		if m > 0.8 {
			wave = waveAt(1) * (m - 0.8) / 0.2
		}
	default:
		base = 0.25 / m
		wave = waveAt(m)
	}
	return friction + base + wave
}

// LethalRadiusForWarhead scales a lethal radius r0, known for a warhead of
// mass w0, to a warhead of mass w by the cube-root law: blast and fragment
// effects at a given level scale with the cube root of the charge
// (Hopkinson-Cranz scaling, as in Driels, Weaponeering, AIAA). It returns
// r0 when either mass is not positive.
func LethalRadiusForWarhead(r0, w0, w float64) float64 {
	if !(w0 > 0 && w > 0) {
		return r0
	}
	return r0 * math.Cbrt(w/w0)
}
