package weapon

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// Guidance is a guidance law: from the missile's and the target's positions
// and velocities it gives the lateral acceleration the missile should fly,
// m/s². The command must be perpendicular to the missile's velocity, since
// the speed is the [Profile]'s business; the airframe's g limit is applied
// by the [Interceptor], not by the law.
type Guidance interface {
	Command(mPos, mVel, tPos, tVel r3.Vec) r3.Vec
}

// ProNav is true proportional navigation in three dimensions (Zarchan,
// Tactical and Strategic Missile Guidance, ch. 2). With the relative
// position R = tPos - mPos and velocity V = tVel - mVel, the line-of-sight
// (LOS) rate vector and the closing speed are
//
//	Ω = R × V / |R|²,   Vc = -R·V / |R|,
//
// and the command is
//
//	a = N' Vc Ω × R̂,
//
// of magnitude N' Vc |Ω| (the planar n_c = N' Vc dλ/dt), perpendicular to
// the LOS and in the plane in which the LOS turns. Because this missile
// cannot change its speed, the command is then projected onto the plane
// normal to its velocity; near a collision course the LOS and the velocity
// are close and the projection loses little.
//
// When the range is opening (Vc ≤ 0) there is nothing for PN to null and the
// command is zero: the missile holds its heading. This matters in a tail
// chase during the boost, when a slow young missile briefly falls behind.
type ProNav struct {
	N float64 // effective navigation ratio N', typically 3 to 5
}

// Command implements [Guidance].
func (g ProNav) Command(mPos, mVel, tPos, tVel r3.Vec) r3.Vec {
	r := r3.Sub(tPos, mPos)
	v := r3.Sub(tVel, mVel)
	r2 := r3.Norm2(r)
	if r2 == 0 {
		return r3.Vec{}
	}
	rn := math.Sqrt(r2)
	vc := -r3.Dot(r, v) / rn
	if !(vc > 0) {
		return r3.Vec{}
	}
	omega := r3.Scale(1/r2, r3.Cross(r, v))
	a := r3.Scale(g.N*vc/rn, r3.Cross(omega, r))
	return perpendicular(a, mVel)
}

// AccelGuidance is a [Guidance] that also uses the target's acceleration.
// The [Interceptor] calls CommandAccel, with the aim's Acc, when its law
// implements it.
type AccelGuidance interface {
	Guidance
	CommandAccel(mPos, mVel, tPos, tVel, tAcc r3.Vec) r3.Vec
}

// AugProNav is augmented proportional navigation (Zarchan, ch. 8): the
// [ProNav] command plus N'/2 times the target's acceleration normal to the
// line of sight,
//
//	a = N' Vc Ω × R̂ + (N'/2) (a_T - (a_T·R̂) R̂),
//
// which is what nulls the miss that a constant target manoeuvre leaves
// behind PN with a lagging airframe: against a step manoeuvre the zero-lag
// APN command is a constant N'/2 n_T instead of PN's rising
// N'/(N'-2) n_T [1 - (1 - t/t_F)^(N'-2)]. Without a target acceleration it
// is PN. As for PN, an opening range gives no command, and the result is
// projected normal to the missile's velocity.
type AugProNav struct {
	N float64 // effective navigation ratio N'
}

// Command implements [Guidance]: PN, for want of a target acceleration.
func (g AugProNav) Command(mPos, mVel, tPos, tVel r3.Vec) r3.Vec {
	return ProNav(g).Command(mPos, mVel, tPos, tVel)
}

// CommandAccel implements [AccelGuidance].
func (g AugProNav) CommandAccel(mPos, mVel, tPos, tVel, tAcc r3.Vec) r3.Vec {
	r := r3.Sub(tPos, mPos)
	r2 := r3.Norm2(r)
	if r2 == 0 || !(-r3.Dot(r, r3.Sub(tVel, mVel)) > 0) {
		return r3.Vec{}
	}
	pn := ProNav(g).Command(mPos, mVel, tPos, tVel)
	aT := r3.Sub(tAcc, r3.Scale(r3.Dot(tAcc, r)/r2, r))
	return r3.Add(pn, perpendicular(r3.Scale(g.N/2, aT), mVel))
}

// perpendicular removes from a its component along d.
func perpendicular(a, d r3.Vec) r3.Vec {
	d2 := r3.Norm2(d)
	if d2 == 0 {
		return a
	}
	return r3.Sub(a, r3.Scale(r3.Dot(a, d)/d2, d))
}
