package weapon

import (
	"fmt"
	"math"
	"slices"
	"sync"
)

// ReachShape is how a missile's reach falls against low targets: the
// fraction of its MaxRange it reaches against a stationary target at each
// altitude, from the ground up to the altitude at which MaxRange is
// quoted (Sizing.CalibrationAltitude, 10 km). A low, flat shot flies all
// the way through dense air and a lofted one must dive back into it, so
// the drag takes more of the missile's energy and the end-game speed is
// lost sooner: the 3-DOF model reaches a target at 100 m with the 9M96E
// at 27 km, not the 40 km it reaches at 10 km.
//
// Above the last altitude the fraction is 1: higher up the kinematic
// model keeps the catalogue's MaxRange, and what thin air costs there is
// the airframe's (its lift limit, airframe.go) and MaxAltitude's.
type ReachShape struct {
	Altitudes []float64 // target altitude above the ellipsoid, m, increasing
	Fractions []float64 // reach over MaxRange at each altitude, in [0, 1]
}

// ReachAltitudes are the target altitudes, m above the ellipsoid, at
// which [DeriveReach] flies the 3-DOF model, below the calibration
// altitude it adds: closer together low down, where the reach changes
// fastest.
var ReachAltitudes = []float64{0, 100, 300, 1000, 2000, 3000, 5000, 7000}

// ReachStep is the fly-out step, s, with which the engine derives reach
// shapes (Sizing.Step of [DeriveReach]): twice the calibration's default,
// which moves the reach by well under 1% and halves the cost.
const ReachStep = 0.1

// At is the fraction of MaxRange reached against a target at altitude alt
// (m above the ellipsoid), interpolated linearly between the shape's
// altitudes; 1 for a nil shape, and above its last altitude.
func (r *ReachShape) At(alt float64) float64 {
	if r == nil || len(r.Altitudes) == 0 {
		return 1
	}
	a, f := r.Altitudes, r.Fractions
	switch {
	case alt <= a[0]:
		return f[0]
	case alt >= a[len(a)-1]:
		return 1
	}
	i, _ := slices.BinarySearch(a, alt) // a[i-1] < alt <= a[i]
	w := (alt - a[i-1]) / (a[i] - a[i-1])
	return f[i-1] + w*(f[i]-f[i-1])
}

// MaxRangeAt is the farthest ground range at which m can intercept a
// target at altitude alt (m above the ellipsoid): MaxRange scaled by its
// Reach shape, or MaxRange where it has none.
func (m *Missile) MaxRangeAt(alt float64) float64 {
	return m.MaxRange * m.Reach.At(alt)
}

// DeriveReach derives the reach shape of m from the 3-DOF model:
// [Derive3DOF] with the sizing s makes the point-mass missile whose
// reach at s.CalibrationAltitude is the catalogue's MaxRange, and each of
// ReachAltitudes is flown for the farthest ground range out to MaxRange
// at which it still reaches a stationary target (see [Missile.Fly]),
// found to 0.3%. The fraction is that range over the one at the
// calibration altitude, at most 1: the catalogue's MaxRange stays the
// greatest reach.
//
// The farthest range is the outer edge, found by walking in from
// MaxRange in steps of 5% to the first shot that reaches: the choice
// among a few pitch programmes leaves thin gaps in the reach, where a
// shot just short of the edge of one programme is not yet far enough for
// the next, which a planner need not respect.
//
// It costs the derivation (about a second of CPU per missile with a
// 0.1 s step) and some tens of fly-outs, so the result is kept for the
// life of the process, keyed by every figure of m and s: the shape is a
// function of them alone, and every run of every scenario with the
// catalogue's 9M96E would otherwise pay the same second again. The
// shape returned is shared; do not change it.
func DeriveReach(m Missile, s Sizing) (*ReachShape, error) {
	m.Reach, m.LAR = nil, nil
	key := fmt.Sprintf("%#v|%#v", m, s)
	if r, ok := reachMemo.Load(key); ok {
		return r.(*ReachShape), nil
	}
	r, err := deriveReach(m, s)
	if err != nil {
		return nil, err
	}
	got, _ := reachMemo.LoadOrStore(key, r)
	return got.(*ReachShape), nil
}

// reachMemo holds the shapes DeriveReach has derived in this process,
// by the figures it derived them from. It changes no result, only how
// often the same one is computed.
var reachMemo sync.Map

func deriveReach(m Missile, s Sizing) (*ReachShape, error) {
	if m.pointMass() {
		return nil, fmt.Errorf("weapon: reach shape of %s: the missile already flies the 3-DOF model", m.Name)
	}
	s = s.withDefaults()
	d, err := Derive3DOF(m, s)
	if err != nil {
		return nil, fmt.Errorf("weapon: reach shape: %w", err)
	}
	ref := d.outerEdge(s.CalibrationAltitude, d.MaxRange, s.Step)
	if !(ref > 0) {
		return nil, fmt.Errorf("weapon: reach shape of %s: the 3-DOF model reaches nothing at %.0f m", m.Name, s.CalibrationAltitude)
	}
	r := &ReachShape{}
	for _, h := range ReachAltitudes {
		if h >= s.CalibrationAltitude {
			break
		}
		r.Altitudes = append(r.Altitudes, h)
		r.Fractions = append(r.Fractions, math.Min(1, d.outerEdge(h, ref, s.Step)/ref))
	}
	r.Altitudes = append(r.Altitudes, s.CalibrationAltitude)
	r.Fractions = append(r.Fractions, 1)
	return r, nil
}

// outerEdge is the farthest ground range up to limit at which m reaches a
// stationary target at alt, to 0.3%, or 0 when it reaches none from 5%
// of limit out.
func (m *Missile) outerEdge(alt, limit, dt float64) float64 {
	f := func(r float64) float64 { return m.Fly(Shot{Range: r, Altitude: alt}, dt).Margin }
	hi, fhi := limit, f(limit)
	if fhi >= 0 {
		return limit
	}
	step := 0.05 * limit
	for lo := limit - step; lo > 0.5*step; lo -= step {
		flo := f(lo)
		if flo >= 0 {
			return rootBracket(f, lo, hi, flo, fhi, 3e-3)
		}
		hi, fhi = lo, flo
	}
	return 0
}

// problems reports a shape that is not a function of altitude or whose
// fractions are not in [0, 1].
func (r *ReachShape) problems() error {
	if r == nil {
		return nil
	}
	if len(r.Altitudes) != len(r.Fractions) || len(r.Altitudes) == 0 {
		return fmt.Errorf("Reach has %d altitudes and %d fractions, want the same number, at least one", len(r.Altitudes), len(r.Fractions))
	}
	for i, a := range r.Altitudes {
		if math.IsNaN(a) || math.IsInf(a, 0) || i > 0 && !(a > r.Altitudes[i-1]) {
			return fmt.Errorf("Reach altitude %g, want finite altitudes in increasing order", a)
		}
		if f := r.Fractions[i]; !(f >= 0 && f <= 1) {
			return fmt.Errorf("Reach fraction %g at %g m, want a value in [0, 1]", f, a)
		}
	}
	return nil
}
