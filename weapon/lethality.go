package weapon

import (
	"errors"
	"fmt"
	"math"
)

// Lethality is the warhead's kill probability against miss distance, a
// circular Gaussian:
//
//	Pk(r) = PkMax exp(-r² / (2 LethalRadius²))
//
// so that Pk falls to PkMax e^(-1/2) ≈ 0.61 PkMax at r = LethalRadius. This
// is the Carleton damage function used in weaponeering (M. R. Driels,
// Weaponeering: Conventional Weapon System Effectiveness, AIAA), written
// there as D0 exp(-π D0 r²/A_L) for a lethal area A_L; the two forms agree
// with D0 = PkMax and A_L = 2π PkMax LethalRadius². It has no hard edge, so
// a small change in miss distance never flips a kill into a miss, which
// keeps Monte Carlo statistics smooth.
type Lethality struct {
	LethalRadius float64 // miss distance at which Pk = PkMax e^(-1/2), m
	PkMax        float64 // kill probability at zero miss, in (0, 1]
}

// Validate reports parameters out of range.
func (l Lethality) Validate() error {
	if err := l.problems(); err != nil {
		return fmt.Errorf("weapon: lethality: %w", err)
	}
	return nil
}

func (l Lethality) problems() error {
	var errs []error
	if !(l.LethalRadius > 0) || math.IsInf(l.LethalRadius, 1) {
		errs = append(errs, fmt.Errorf("LethalRadius = %g, want a finite value > 0", l.LethalRadius))
	}
	if !(l.PkMax > 0 && l.PkMax <= 1) {
		errs = append(errs, fmt.Errorf("PkMax = %g, want a value in (0, 1]", l.PkMax))
	}
	return errors.Join(errs...)
}

// KillProbability is Pk for a miss distance in metres. The sign of miss is
// ignored; a NaN miss kills nothing.
func (l Lethality) KillProbability(miss float64) float64 {
	if math.IsNaN(miss) {
		return 0
	}
	x := miss / l.LethalRadius
	return l.PkMax * math.Exp(-0.5*x*x)
}

// TargetClass is what a warhead is up against, for its kill probability:
// how much of the target's presented area holds a component whose loss
// kills it (its vulnerable area, in the language of R. E. Ball, The
// Fundamentals of Aircraft Combat Survivability Analysis and Design, 2nd
// ed., AIAA 2003, ch. 5), and how hard that component is.
type TargetClass int

// The target classes. The catalogue's lethal_radius of a missile is read
// as its lethal radius against Aircraft.
const (
	Aircraft      TargetClass = iota // manned aircraft: large, many soft critical components
	Drone                            // one-way attack drone or small UAV: small, soft
	CruiseMissile                    // cruise or anti-radiation missile: small, the warhead and motor are what count
	BallisticRV                      // ballistic missile or its re-entry vehicle: small, dense, closing at km/s
)

func (c TargetClass) String() string {
	switch c {
	case Aircraft:
		return "aircraft"
	case Drone:
		return "drone"
	case CruiseMissile:
		return "cruise-missile"
	case BallisticRV:
		return "ballistic-rv"
	}
	return "TargetClass(?)"
}

// vulnerability is the class's factor on the lethal radius and its kill
// probability at zero miss. No public source gives either for these
// warheads; they are assumptions (U), ordered as Ball orders
// vulnerability (ch. 5: the vulnerable area falls with the size and
// redundancy of the critical components and rises with their softness):
//
//	class           radius   P0    why
//	aircraft        1.0      0.85  the catalogue's figure; P0 allows for a fuze that fires
//	                               late or a pattern that misses the engines and crew
//	drone           0.8      0.85  as soft, but a smaller airframe catches fewer fragments
//	cruise missile  0.6      0.80  a kill needs the warhead, motor or fuel tank hit
//	ballistic RV    0.3      0.50  a hardened body at 2-4 km/s: a warhead kill needs a near
//	                               hit; a pass that only damages it is not a kill
//
// P0 against aircraft is a calibration: it is chosen inside every
// catalogue round's vendor claim (0.5 to 0.9 or 0.93), and a well-guided
// shot at a non-manoeuvring fighter, whose miss from seeker noise and
// glint is about a metre, realises it (TestCalibrationFighterMidEnvelope).
func (c TargetClass) vulnerability() (radius, p0 float64) {
	switch c {
	case Drone:
		return 0.8, 0.85
	case CruiseMissile:
		return 0.6, 0.80
	case BallisticRV:
		return 0.3, 0.50
	}
	return 1, 0.85
}

// KillProbabilityAgainst is the warhead's kill probability against a
// target of class c passing at miss metres: the physics of the end game,
// not the vendor's figure (PkMax, which stays a claim to compare with).
// With R = LethalRadius times the class's radius factor and P0 its
// zero-miss kill probability (see TargetClass.vulnerability),
//
//	Pk(r) = P0                                  r ≤ R/2
//	Pk(r) = P0 exp(-(r - R/2)² / (2 (R/2)²))    r > R/2
//
// a blend of the cookie-cutter and the Gaussian damage functions Ball
// describes (ch. 4, "the cookie cutter" and "the Carleton"): inside half
// the lethal radius the fragments are dense enough that the kill no
// longer depends on the miss, beyond it their density falls off smoothly,
// so a small change in miss never flips a kill. At r = R it is
// P0 e^(-1/2), the level the Carleton form of [Lethality.KillProbability]
// has at its lethal radius. It does not increase with the miss; the sign
// of miss is ignored and a NaN miss kills nothing.
func (l Lethality) KillProbabilityAgainst(c TargetClass, miss float64) float64 {
	if math.IsNaN(miss) {
		return 0
	}
	k, p0 := c.vulnerability()
	half := 0.5 * k * l.LethalRadius
	x := (math.Abs(miss) - half) / half
	if x <= 0 {
		return p0
	}
	return p0 * math.Exp(-0.5*x*x)
}
