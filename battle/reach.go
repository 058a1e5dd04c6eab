package battle

import (
	"math"

	"github.com/iadsim/iadsim/bm"
	"gonum.org/v1/gonum/spatial/r3"
)

// reachMargin is added to a unit's reach bound (reachOf) for what the
// bound leaves out: the ground's height under the intercept point (the
// missiles' altitude limits are above the ground) and the difference
// between the envelope's ground range and a straight line in ECEF, m.
const reachMargin = 20e3

// reach bounds where a unit can engage: no missile of its launchers
// meets a target beyond dist + speed·horizon of its fire-control radar
// (the target's speed), whatever the target does.
type reach struct {
	dist    float64 // m: launcher offset + missile range + altitude limit + margin
	horizon float64 // s: reaction time + the longest flight time
}

// reachOf is the bound of unit u's launchers and rounds at the start of
// the run. Reloads bring rounds of the same types, so it holds to the
// end.
func reachOf(b *bm.Unit) reach {
	var r reach
	for _, l := range b.Launchers {
		off := r3.Norm(r3.Sub(l.At.ECEF(), b.FC.Pos))
		for _, rd := range l.Rounds {
			m := rd.Missile
			r.dist = max(r.dist, off+m.MaxRange+m.MaxAltitude+reachMargin)
			r.horizon = max(r.horizon, b.Doctrine.ReactionTime+m.MaxFlightTime)
		}
	}
	return r
}

// quickFloor is the least sum of squares beyond's quick test takes: far
// above the subnormals, so that a component whose square underflowed is
// no part of the sum's value (the norms decide a sum that underflowed).
const quickFloor = 0x1p-900

// beyond reports whether a track at pos moving at vel is certainly out
// of the unit's reach at its time: the unit's planner could give it no order (bm.Unit.Plan,
// Feasible), now or within the flight time of a round launched now.
//
// An IADS asks it of every unit and every track each second (the
// allocation's kill questions, the pictures it gives), so it is asked
// first with square roots of sums of squares, a few times cheaper than
// r3.Norm's overflow-safe hypotenuses. The two agree to a few ulps, so
// where the distance and the bound differ by more than a billionth the
// quick answer is the norms' answer; nearer than that, or where a sum of
// squares overflows or underflows, the norms decide (TestReachBeyondExact).
// It takes the track's position and velocity, not the track (500 bytes
// of covariances a copy).
func (r reach) beyond(fc, pos, vel r3.Vec) bool {
	d := r3.Sub(pos, fc)
	n2, v2 := r3.Norm2(d), r3.Norm2(vel)
	if n2 >= quickFloor && n2 <= math.MaxFloat64 && (v2 >= quickFloor || vel == r3.Vec{}) && v2 <= math.MaxFloat64 {
		dist, bound := math.Sqrt(n2), r.dist+math.Sqrt(v2)*r.horizon
		if math.Abs(dist-bound) > 1e-9*bound {
			return dist > bound
		}
	}
	return r3.Norm(d) > r.dist+r3.Norm(vel)*r.horizon
}
