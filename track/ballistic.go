package track

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
)

// Earth places the tracker frame on the rotating earth, for the
// ballistic model: a ballistic target falls towards the earth's centre,
// not along the frame's -z, and a frame fixed to the ground turns with
// the earth.
type Earth struct {
	// Frame is the tracker frame, the local east-north-up frame at a
	// point (geo.NewFrame): the engine's command post frame.
	Frame geo.Frame
	// Atmosphere is the air density model of drag; the zero value is
	// the exponential atmosphere the ballistic threats fly in by default.
	Atmosphere motion.Atmosphere
}

// ballisticStep is the longest integration step of the ballistic model,
// s. Over one second the gravity gradient and the Coriolis term change
// the acceleration by parts in a thousand, and a re-entry's drag by a few
// percent at 3 km/s near 20 km: RK4 is then accurate to well under a
// metre, far below any radar's error.
const ballisticStep = 1.0

// accel returns the acceleration in the tracker frame of the ballistic
// state x = [x y z vx vy vz κ]: gravity with J2, the Coriolis and
// centrifugal terms and drag κρ|v|v/2, as motion.EarthAccel gives them
// in the earth-fixed frame. The drag stays linear in κ for a negative κ,
// a push, which no body feels but the filter's estimate may reach where
// κ is unobservable: the model is then the linear one the filter's
// Jacobian assumes, and an estimate below zero is pulled back by the
// drag it fails to predict, as one above is. The estimate is not held at
// zero either: high in the arc, where the air is too thin to show the
// drag, κ wanders about its prior with the measurement noise, and held
// at zero every excursion below was cut off and none above, so that the
// mean estimate climbed to 1.6-2.3 times the truth's κ (β 2200-3100
// kg/m² for 5000) and the predicted impact fell short by kilometres.
// Flown as no drag, a negative κ saw no change in the measurements as it
// moved back up to zero, and the estimate stuck below the truth. Left
// linear it stays at its prior where the air shows nothing and
// converges in re-entry (TestDragEstimateByHeight); where the air would
// make a negative κ's push felt, an update bounds it (IMM.clampDrag).
func (e *Earth) accel(x *[maxX]float64) [3]float64 {
	if x[6] < 0 {
		// Two drags at one point: its gravity found once.
		pt := e.point(x)
		return e.accelAt(&pt, x[6])
	}
	r := e.Frame.FromENU(r3.Vec{X: x[0], Y: x[1], Z: x[2]})
	v := e.Frame.RotateFromENU(r3.Vec{X: x[3], Y: x[4], Z: x[5]})
	a := e.Frame.RotateToENU(motion.EarthAccel(r, v, x[6], e.Atmosphere))
	return [3]float64{a.X, a.Y, a.Z}
}

// point is the ballistic state x's position and velocity in the
// earth-fixed frame, where the acceleration and its Jacobian are
// computed.
func (e *Earth) point(x *[maxX]float64) motion.EarthPoint {
	r := e.Frame.FromENU(r3.Vec{X: x[0], Y: x[1], Z: x[2]})
	v := e.Frame.RotateFromENU(r3.Vec{X: x[3], Y: x[4], Z: x[5]})
	return motion.NewEarthPoint(r, v, e.Atmosphere)
}

// accelAt is accel at the point pt of drag estimate κ.
func (e *Earth) accelAt(pt *motion.EarthPoint, kappa float64) [3]float64 {
	ecef := pt.Accel(kappa)
	if kappa < 0 {
		// gravity - (drag of -κ): EarthAccel flies κ ≤ 0 as vacuum, so
		// ecef is already the vacuum's.
		ecef = r3.Sub(r3.Scale(2, ecef), pt.Accel(-kappa))
	}
	a := e.Frame.RotateToENU(ecef)
	return [3]float64{a.X, a.Y, a.Z}
}

// motionJacobian returns the part of the model's Jacobian, n×n with
// stride n (n its size), that does not depend on the state: the
// position's derivative the velocity, and with the manoeuvre
// acceleration on, its part of the velocity's and its decay at 1/τ. The
// acceleration's rows are left to fill.
func (l liftNoise) motionJacobian() (A [maxX * maxX]float64) {
	n := l.size()
	for i := range 3 {
		A[i*n+i+3] = 1
		if l.on() {
			A[(i+3)*n+i+7] = 1
			A[(i+7)*n+i+7] = -1 / l.tau
		}
	}
	return A
}

// jacobian returns the derivatives of accel at the ballistic state x in
// the tracker frame: ar[3i+j] = ∂a_i/∂x_j, av[3i+j] = ∂a_i/∂v_j and
// ak = ∂a/∂κ, from motion.EarthAccelJacobian's earth-fixed ones turned
// into the frame (R J Rᵀ, R the frame's rotation). The drag is linear in
// κ of either sign, as accel flies it.
func (e *Earth) jacobian(x *[maxX]float64) (ar, av [9]float64, ak [3]float64) {
	pt := e.point(x)
	return e.jacobianAt(&pt, x[6])
}

// jacobianAt is jacobian at the point pt of drag estimate κ.
func (e *Earth) jacobianAt(pt *motion.EarthPoint, kappa float64) (ar, av [9]float64, ak [3]float64) {
	dr, dv, dk := pt.Jacobian(kappa)
	R := e.Frame.Rotation()
	ar, av = rotate3(&R, &dr), rotate3(&R, &dv)
	k := e.Frame.RotateToENU(dk)
	return ar, av, [3]float64{k.X, k.Y, k.Z}
}

// rotate3 returns R J Rᵀ for 3×3 row-major matrices.
func rotate3(R, J *[9]float64) (out [9]float64) {
	var rj [9]float64
	for i := range 3 {
		for j := range 3 {
			rj[3*i+j] = R[3*i]*J[j] + R[3*i+1]*J[3+j] + R[3*i+2]*J[6+j]
		}
	}
	for i := range 3 {
		for j := range 3 {
			out[3*i+j] = rj[3*i]*R[3*j] + rj[3*i+1]*R[3*j+1] + rj[3*i+2]*R[3*j+2]
		}
	}
	return out
}

// liftNoise is the manoeuvre acceleration of the Lift model: a
// Gauss-Markov process of stationary standard deviation sigma, m/s², and
// correlation time tau, s. The zero value is the ballistic model's: no
// manoeuvre.
type liftNoise struct{ sigma, tau float64 }

func (g *IMM) lift() liftNoise { return liftNoise{sigma: g.LiftAccel, tau: g.LiftTime} }

// on reports whether the model carries the manoeuvre acceleration.
func (l liftNoise) on() bool { return l.tau > 0 }

// size is the model's number of states: 7 ballistic, 10 with the
// manoeuvre acceleration.
func (l liftNoise) size() int {
	if l.on() {
		return 10
	}
	return 7
}

// deriv returns the time derivative of the ballistic state x, and with
// l on of its manoeuvre acceleration x[7:10], which adds to the
// velocity's and decays at 1/τ.
func (e *Earth) deriv(x *[maxX]float64, l liftNoise) [maxX]float64 {
	return derivWith(x, e.accel(x), l)
}

// derivWith is deriv given the acceleration a at x.
func derivWith(x *[maxX]float64, a [3]float64, l liftNoise) [maxX]float64 {
	d := [maxX]float64{x[3], x[4], x[5], a[0], a[1], a[2]}
	if l.on() {
		for i := range 3 {
			d[3+i] += x[7+i]
			d[7+i] = -x[7+i] / l.tau
		}
	}
	return d
}

// predictBallistic moves the 7-state ballistic model [x y z vx vy vz κ]
// by dt: the mean by the classical fourth-order Runge-Kutta method in
// steps of at most ballisticStep, the covariance by the transition
// Φ = I + Ah + (Ah)²/2 of each step, A the Jacobian of the dynamics at
// the step's midpoint (in closed form: Earth.jacobian), plus
// continuous white-noise acceleration of density q on each axis (the
// CWNA Q of EKF) and a random walk of density qk on κ. It runs backwards
// for a negative dt, adding noise for |dt|.
func predictBallistic(e *Earth, x *[maxX]float64, p []float64, dt, q, qk float64) {
	predictLift(e, x, p, dt, q, qk, liftNoise{})
}

// predictLift moves the Lift model [x y z vx vy vz κ ax ay az] by dt as
// predictBallistic moves the ballistic model, the manoeuvre acceleration
// a adding to the velocity's and decaying as exp(-t/τ), and in the
// covariance the Singer model's: white jerk of density 2σ²/τ, which
// holds a's variance at σ² (discretised as the CA model's Q, exact as τ
// grows beside the step). With l zero it is predictBallistic.
func predictLift(e *Earth, x *[maxX]float64, p []float64, dt, q, qk float64, l liftNoise) {
	n := l.size()
	if dt == 0 {
		return
	}
	steps := e.steps(x, dt)
	h := dt / float64(steps)
	Q := freeNoise(q, qk, l, h)
	for range steps {
		d0 := e.deriv(x, l)
		// A = [0 I 0 0; ∂a/∂p ∂a/∂v ∂a/∂κ I; 0 0 0 0; 0 0 0 -I/τ] at the
		// step's midpoint (on the RK4 k1 slope): a re-entry's drag grows
		// by a tenth over a second of descent, and A taken at the start
		// would miss it in the covariance. The midpoint rule is second
		// order in h.
		mid := *x
		for i := range 6 {
			mid[i] += h / 2 * d0[i]
		}
		// The midpoint's position, velocity and drag are those of the
		// second RK4 stage, which reads nothing else: one point serves
		// both.
		pt := e.point(&mid)
		A := l.motionJacobian()
		ar, av, ak := e.jacobianAt(&pt, mid[6])
		for i := range 3 {
			for j := range 3 {
				A[(i+3)*n+j] = ar[3*i+j]
				A[(i+3)*n+3+j] = av[3*i+j]
			}
			A[(i+3)*n+6] = ak[i]
		}
		propagateStep(p, n, &A, &Q, h)
		a2 := e.accelAt(&pt, mid[6])
		rk4Stages(e, x, h, d0, &a2, l)
	}
}

// propagateStep moves the covariance p (n×n) over one step h of a model
// whose dynamics have the Jacobian A: p ← Φ p Φᵀ + Q with the transition
// Φ = I + Ah + (Ah)²/2.
func propagateStep(p []float64, n int, A, Q *[maxX * maxX]float64, h float64) {
	// A² over the columns of each row of A that are not zero: the
	// position's rows hold one, the drag's none (see propagate for why
	// the sums are the full product's).
	var cols [maxX]int
	var F [maxX * maxX]float64
	for i := range n {
		ai := A[i*n : i*n+n]
		nc := 0
		for k, a := range ai {
			if a != 0 {
				cols[nc] = k
				nc++
			}
		}
		// Row i of A², gathered a row of A at a time: each entry's terms
		// in the order of its dot product, from +0.
		var a2 [maxX]float64
		for _, k := range cols[:nc] {
			aik, ak := ai[k], A[k*n:k*n+n]
			row := a2[:len(ak)]
			for j := range ak {
				row[j] += aik * ak[j]
			}
		}
		for j := range n {
			F[i*n+j] = ai[j]*h + a2[j]*h*h/2
		}
		F[i*n+i]++
	}
	propagate(p[:n*n], n, F[:n*n], Q[:n*n])
}

// freeNoise is the process noise over one step h of the ballistic model
// (l off: noise7's white acceleration of density q and random walk of
// density qk on κ) or of the Lift model, which adds the Singer model's
// white jerk of density 2σ²/τ on a, with its integrals on velocity and
// position (predictCA's Q), packed with stride l.size().
func freeNoise(q, qk float64, l liftNoise, h float64) [maxX * maxX]float64 {
	n := l.size()
	q7 := noise7(q, q, qk, h)
	var Q [maxX * maxX]float64
	for i := range 7 {
		copy(Q[i*n:i*n+7], q7[i*7:i*7+7])
	}
	if !l.on() {
		return Q
	}
	qa := 2 * l.sigma * l.sigma / l.tau
	t := math.Abs(h)
	s := sign(h)
	t2, t3 := t*t, t*t*t
	for ax := range 3 {
		pi, vi, ai := ax, ax+3, ax+7
		Q[pi*n+pi] += qa * t3 * t2 / 20
		Q[pi*n+vi] += qa * t2 * t2 / 8 * s
		Q[vi*n+pi] += qa * t2 * t2 / 8 * s
		Q[pi*n+ai], Q[ai*n+pi] = qa*t3/6, qa*t3/6
		Q[vi*n+vi] += qa * t3 / 3
		Q[vi*n+ai], Q[ai*n+vi] = qa*t2/2*s, qa*t2/2*s
		Q[ai*n+ai] = qa * t
	}
	return Q
}

// maxDragSteps bounds the steps of one prediction, so that a diverged
// estimate costs no more than a few thousand evaluations.
const maxDragSteps = 1000

// steps returns the number of equal Runge-Kutta steps in which the
// ballistic model moves x by dt: steps of at most ballisticStep, and of
// at most 1/λ where λ = ρκ|v| is the rate at which drag damps the
// velocity (the largest eigenvalue of ∂a/∂v of drag ρκ|v|v/2) at x's
// height. RK4 is stable only for hλ below 2.8 and accurate for hλ under
// one; a body of κ = 0.0075 m²/kg (β = 133 kg/m²) at 1000 m/s near the
// ground has λ = 9/s, and steps of a second multiplied its speed by
// thousands each step.
//
// The geodetic height, a conversion with a cube root and an arc tangent,
// is wanted only where the air may shorten the step. The earth lies
// within the sphere of radius A about its centre, so a point at distance
// |r| from the centre is at least |r| - A above the ellipsoid (below it,
// it is that much deeper at most), and the air is no denser at the
// height than at that bound less a kilometre (density falls with height
// in both atmospheres; the kilometre, 15% of the density, is far more
// than the rounding of either). Where even that density gives λh ≤ 1
// the step is ballisticStep as the exact height would make it.
func (e *Earth) steps(x *[maxX]float64, dt float64) int {
	h := ballisticStep
	if k := x[6]; k > 0 {
		r := e.Frame.FromENU(r3.Vec{X: x[0], Y: x[1], Z: x[2]})
		speed := math.Sqrt(x[3]*x[3] + x[4]*x[4] + x[5]*x[5])
		if low := geo.Norm(r) - geo.A - dragStepMargin; e.Atmosphere.Density(low)*k*speed*h > 1 {
			lam := e.Atmosphere.Density(geo.Height(r)) * k * speed
			if lam*h > 1 {
				h = 1 / lam
			}
		}
	}
	return min(max(int(math.Ceil(math.Abs(dt)/h)), 1), maxDragSteps)
}

// dragStepMargin is the margin, m, below the bound of a point's height
// at which Earth.steps judges whether the air may shorten the step.
const dragStepMargin = 1000.0

// predictBallisticMean moves the ballistic mean x by dt as
// predictBallistic does, bit for bit, without the covariance.
func predictBallisticMean(e *Earth, x *[maxX]float64, dt float64) {
	predictLiftMean(e, x, dt, liftNoise{})
}

// predictLiftMean moves the mean x of the Lift model (or with l zero of
// the ballistic model) by dt as predictLift does, bit for bit, without
// the covariance.
func predictLiftMean(e *Earth, x *[maxX]float64, dt float64, l liftNoise) {
	if dt == 0 {
		return
	}
	steps := e.steps(x, dt)
	h := dt / float64(steps)
	for range steps {
		rk4State(e, x, h, e.deriv(x, l), l)
	}
}

// rk4State advances the ballistic state x (with l on, the Lift model's)
// by one Runge-Kutta step h, given its derivative k1 at the start.
func rk4State(e *Earth, x *[maxX]float64, h float64, k1 [maxX]float64, l liftNoise) {
	rk4Stages(e, x, h, k1, nil, l)
}

// rk4Stages is rk4State given, if a2 is not nil, the acceleration at the
// second stage's point (whose position, velocity and drag, all the
// acceleration reads, are x's moved by h/2 along k1).
func rk4Stages(e *Earth, x *[maxX]float64, h float64, k1 [maxX]float64, a2 *[3]float64, l liftNoise) {
	m := 6
	if l.on() {
		m = l.size()
	}
	at := func(k *[maxX]float64, c float64, a *[3]float64) [maxX]float64 {
		y := *x
		for i := range m {
			y[i] += c * k[i]
		}
		if a != nil {
			return derivWith(&y, *a, l)
		}
		return e.deriv(&y, l)
	}
	k2 := at(&k1, h/2, a2)
	k3 := at(&k2, h/2, nil)
	k4 := at(&k3, h, nil)
	for i := range m {
		x[i] += h / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
	}
}

// Ballistic is the filter of a body in free flight over the rotating
// earth: the IMM's ballistic model alone (see IMM), an extended Kalman
// filter on [x y z vx vy vz κ] with κ = 1/β the inverse ballistic
// coefficient (m²/kg), estimated from the drag it causes in re-entry.
// It suits a ballistic missile from burnout to impact; it does not suit
// anything that flies with lift or thrust. The zero fields take the
// IMM's defaults.
type Ballistic struct {
	Earth         Earth
	AccelNoise    float64 // q of the unmodelled acceleration, m²/s³
	DragNoise     float64 // random walk density on κ, (m²/kg)²/s
	InitVelSigma  float64 // m/s
	InitDrag      float64 // κ of a new track, m²/kg
	InitDragSigma float64 // m²/kg
}

func (f *Ballistic) imm() *IMM {
	return &IMM{
		Models: []int{ModeBallistic}, Earth: &f.Earth,
		BallisticAccelNoise: f.AccelNoise, DragNoise: f.DragNoise,
		InitVelSigma: f.InitVelSigma, InitDrag: f.InitDrag, InitDragSigma: f.InitDragSigma,
	}
}

// Predict moves tk to time t under gravity, the earth's rotation and
// drag.
func (f *Ballistic) Predict(tk *Track, t float64) { f.imm().Predict(tk, t) }

// PredictMeasurement linearises h at the estimate.
func (f *Ballistic) PredictMeasurement(tk *Track, s *Sensor) (Prediction, error) {
	return f.imm().PredictMeasurement(tk, s)
}

// Update applies the EKF update with d.
func (f *Ballistic) Update(tk *Track, s *Sensor, d Detection) error {
	return f.imm().Update(tk, s, d)
}

// UpdatePDA applies the PDA update.
func (f *Ballistic) UpdatePDA(tk *Track, s *Sensor, h PDA) error {
	return f.imm().UpdatePDA(tk, s, h)
}

// Initiate starts a track at the converted position of d.
func (f *Ballistic) Initiate(s *Sensor, d Detection) (x [6]float64, p [36]float64, err error) {
	return initiate(s, &d, f.InitVelSigma)
}

// Drag returns the ballistic model's estimate of the inverse ballistic
// coefficient κ = 1/β of tk's target, m²/kg, and its covariance with the
// state: cov[0:6] with x y z vx vy vz (tracker frame), cov[6] its
// variance, (m²/kg)². It is what a battle manager needs to fly the track
// to the ground through the air; κ may be negative where the air has not
// shown it (see Earth.accel), and flies as vacuum there. ok is false for a track that no
// ballistic model has followed (a single-model filter, or an IMM without
// ModeBallistic). Above the atmosphere κ is unobservable: its variance
// stays near the filter's prior (InitDragSigma²) until re-entry shows it.
func (tk *Track) Drag() (kappa float64, cov [7]float64, ok bool) {
	st, isIMM := tk.ext.(*immState)
	if !isIMM || st.mu[ModeBallistic] == 0 {
		return 0, cov, false
	}
	n := len(modeComps[ModeBallistic])
	copy(cov[:], st.p(ModeBallistic)[6*n:7*n])
	return st.x[ModeBallistic][6], cov, true
}
