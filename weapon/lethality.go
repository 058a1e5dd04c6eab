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
