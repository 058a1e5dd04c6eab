package track

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
)

// Motion models of the IMM, in the order of Track.Mode.
const (
	ModeCV = iota // constant velocity: x y z vx vy vz
	ModeCT        // horizontal coordinated turn: x y z vx vy vz ω
	ModeCA        // constant acceleration: x y z vx vy vz ax ay az
	// ModeBallistic is free flight over the rotating earth: x y z vx vy
	// vz κ, with κ = 1/β the inverse ballistic coefficient.
	ModeBallistic
	// ModeLift is the ballistic model with an unknown manoeuvre
	// acceleration: x y z vx vy vz κ ax ay az, the lift of a
	// manoeuvring re-entry (see IMM.LiftAccel).
	ModeLift
	numModes
)

// Indices of each model's state components in the common space
// [x y z vx vy vz ax ay az ω κ].
var modeComps = [numModes][]int{
	ModeCV:        {0, 1, 2, 3, 4, 5},
	ModeCT:        {0, 1, 2, 3, 4, 5, 9},
	ModeCA:        {0, 1, 2, 3, 4, 5, 6, 7, 8},
	ModeBallistic: {0, 1, 2, 3, 4, 5, 10},
	ModeLift:      {0, 1, 2, 3, 4, 5, 10, 6, 7, 8},
}

// IMM is the interacting multiple model filter (H. A. P. Blom and
// Y. Bar-Shalom, "The interacting multiple model algorithm for systems
// with Markovian switching coefficients", IEEE Trans. AC 33(8), 1988) over
// motion models chosen from four (Models: by default the first three),
// each an EKF on its own state:
//
//   - CV, constant velocity with continuous white-noise acceleration of
//     density AccelNoise, discretised exactly (see EKF);
//   - CT, the horizontal coordinated turn at an unknown turn rate ω
//     (Bar-Shalom, Li and Kirubarajan 2001, §11.7.1; X. R. Li and
//     V. P. Jilkov, "Survey of maneuvering target tracking, part I",
//     IEEE Trans. AES 39(4), 2003, §V.A): x, y, vx, vy rotate at ω, z is
//     constant velocity, ω a random walk. Its transition is nonlinear in ω
//     and is linearised at the estimate. Its process noise is the CV's
//     exact CWNA Q with density TurnAccelNoise on the horizontal axes and
//     AccelNoise on the vertical (exact for ω = 0, the usual
//     approximation otherwise) plus TurnRateNoise·T on ω. With
//     TurnAccel set it is a nearly coordinated turn: ω is bounded by
//     the hardest turn at the track's speed (turnRate, clampTurn) and an
//     update holds the predicted speed within its spread (holdSpeed);
//   - CA, constant acceleration driven by continuous white-noise jerk of
//     density JerkNoise (the Wiener-process acceleration model, §6.2.3),
//     discretised exactly: per axis F = [1 T T²/2; 0 1 T; 0 0 1],
//     Q = q[T⁵/20 T⁴/8 T³/6; T⁴/8 T³/3 T²/2; T³/6 T²/2 T];
//   - Ballistic, free flight over the rotating earth (Earth places the
//     tracker frame on it): WGS-84 gravity with J2, the Coriolis and
//     centrifugal accelerations, and drag ρ|v|v·κ/2 with κ = 1/β, the
//     inverse ballistic coefficient (m²/kg), a state the filter
//     estimates from the deceleration it sees in re-entry (a random walk
//     of density DragNoise), on the state [x y z vx vy vz κ]
//     (X. R. Li and V. P. Jilkov, "Survey of maneuvering target
//     tracking, part II: motion models of ballistic and space targets",
//     IEEE Trans. AES 46(1), 2010, §III-IV). The mean is integrated by
//     RK4, the covariance propagated through the Jacobian, with white
//     noise acceleration of density BallisticAccelNoise for what the
//     model leaves out. The CV model sees a ballistic target's gravity,
//     10 m/s², as noise: over a 10 s revisit it misses it by half a
//     kilometre and splits the track; this one predicts it;
//   - Lift, the ballistic model plus a manoeuvre acceleration a, on
//     [x y z vx vy vz κ ax ay az]: the lift of a manoeuvring re-entry
//     (motion.PullUp), which pulls a body out of its dive at tens of
//     m/s² and holds it in a glide for minutes, an acceleration no
//     ballistic model knows. a is a first-order Gauss-Markov process,
//     the Singer model (R. A. Singer, "Estimating optimal tracking
//     filter performance for manned maneuvering targets", IEEE Trans.
//     AES 6(4), 1970): correlation time LiftTime, stationary standard
//     deviation LiftAccel, so that its spread is bounded by what the
//     airframe can pull however long the track coasts, and a sustained
//     glide, which lasts longer than LiftTime, is followed by the
//     measurements renewing a. Its ax ay az are not the CA model's
//     (which holds the whole acceleration, gravity included): the two
//     do not exchange them in the mixing.
//
// Mode switching is a continuous-time Markov chain, so scans at irregular
// intervals switch consistently. By default, over an interval T a model
// stays with probability exp(-T/Sojourn[i]) and otherwise moves to one of
// the others with equal probability. Rates, when set, give the chain
// whole: the rate of every switch, so that an aircraft's track can move
// between CV and CA every few seconds and to the ballistic model hardly
// ever; over T the transition matrix is then exp(ΛT), Λ the generator
// (off the diagonal the rates, on it minus their row sums).
//
// The models have different state sizes. Mixing happens in the common
// space [x y z vx vy vz ax ay az ω]: when mixing into model j, a model i
// that lacks a component of model j borrows it, mean and covariance
// block, from model j's own estimate with no cross-covariance (the
// unbiased mixing of K. Granström, P. Willett and Y. Bar-Shalom,
// "Systematic approach to IMM mixing for unequal dimension states",
// IEEE Trans. AES 51(4), 2015). Padding with zeros instead would pull a
// manoeuvring CA or CT estimate towards zero acceleration or turn rate
// every scan. The mixed estimate is then cut back to model j's
// components, which for a Gaussian is exact marginalisation.
//
// Track.X and Track.P hold the moment-matched combination of the models'
// position and velocity, Track.Mode the model probabilities, indexed by
// the Mode constants (zero for a model the IMM does not run): after
// Predict the predicted ones, after an update the posterior ones.
// Gating uses the combined estimate.
//
// InitClimbSigma, when positive, is the prior of the aircraft models (CV,
// CT and CA) on a new track's vertical speed: zero with that standard
// deviation along the local vertical (Earth's, or the frame's z axis
// without Earth), applied as a pseudo-measurement when a track's models
// are first built. One detection says nothing of the velocity, and three
// detections a second apart at 80 km, each 70 m off in height, give a
// vertical speed tens of m/s off: an intercept point 40 s ahead then lies
// kilometres above a fighter flying level. Aircraft and cruise missiles
// climb and dive at a few tens of m/s at most; the ballistic model keeps
// the whole velocity prior.
//
// Zero fields take defaults: Models {CV, CT, CA}, TurnAccelNoise =
// AccelNoise, TurnRateNoise 1e-4 rad²/s³, JerkNoise 1 m²/s⁵,
// BallisticAccelNoise 1 m²/s³, DragNoise 1e-10 (m²/kg)²/s, InitDrag 0,
// InitDragSigma 1e-3 m²/kg (β down to 1000 kg/m² within 1σ),
// InitTurnSigma 0.1 rad/s, InitAccelSigma 10 m/s², LiftAccel 30 m/s²,
// LiftTime 20 s, Sojourn {30, 10, 10, 60, 60} s, Start {0.8, 0.1, 0.1,
// 0.1, 0.1} (normalised over Models).
type IMM struct {
	// Models are the motion models the filter runs, by their Mode
	// constants, each at most once; nil means CV, CT and CA.
	// ModeBallistic needs Earth.
	Models              []int
	Earth               *Earth  // the tracker frame on the earth
	AccelNoise          float64 // CV q, m²/s³
	TurnAccelNoise      float64 // CT q on the horizontal axes, m²/s³
	TurnRateNoise       float64 // CT q on ω, rad²/s³
	JerkNoise           float64 // CA q, m²/s⁵
	BallisticAccelNoise float64 // ballistic q on each axis, m²/s³
	DragNoise           float64 // ballistic q on κ, (m²/kg)²/s
	InitVelSigma        float64 // m/s
	InitTurnSigma       float64 // rad/s
	InitAccelSigma      float64 // m/s²
	InitDrag            float64 // κ of a new track, m²/kg
	InitDragSigma       float64 // m²/kg
	InitClimbSigma      float64 // aircraft models' vertical speed prior, m/s; 0: none
	// TurnAccel, m/s², when positive, bounds the CT model's turn rate
	// by what a target can fly: the hardest lateral acceleration at the
	// track's horizontal speed v, ω_b = TurnAccel/max(v, TurnMinSpeed).
	// ω is then a first-order Gauss-Markov process of correlation time
	// TurnTime and standard deviation ω_b (see predictCT), and
	// TurnRateNoise is not used.
	TurnAccel float64
	// TurnAccelAt, when set with TurnAccel, gives the hardest lateral
	// acceleration, m/s², of a target flying at horizontal speed v
	// (m/s), at most TurnAccel: it replaces TurnAccel in ω_b, and the
	// CT model's horizontal white acceleration TurnAccelNoise is scaled
	// by its square over TurnAccel's. A raid's targets turn as their
	// class can: a fighter's 9 g at 250 m/s, a Shahed-class drone's
	// half g at 50 m/s. With one bound for all, a drone's track took a
	// fighter's turn model, whose prediction over a 6 s revisit spread
	// the gate over a whole column of drones a few hundred metres apart.
	TurnAccelAt  func(v float64) float64
	TurnMinSpeed float64 // m/s; the least v in ω_b
	TurnTime     float64 // s, ω's correlation time; 0: 10 s
	// LiftAccel, m/s², is the stationary standard deviation of the Lift
	// model's manoeuvre acceleration on each axis, and its prior on a
	// new track (mean zero); LiftTime, s, its correlation time.
	LiftAccel float64
	LiftTime  float64
	Sojourn   [numModes]float64 // mean time in each model, s
	// Rates[i][j], 1/s, is the rate of switching from model i to model j
	// (i ≠ j; the diagonal is unused). When any is set they replace
	// Sojourn.
	Rates [numModes][numModes]float64
	Start [numModes]float64 // model probabilities of a new track
	// GateModels are the models whose own prediction the gate holds
	// whatever their probability (see PredictMeasurement); nil gates on
	// the combined estimate alone.
	GateModels []int
	// TentativeCV makes the tracker estimate tentative tracks with the
	// CV model alone, an EKF of AccelNoise and InitVelSigma (see
	// Tentative), and build the models from its estimate when the track
	// is confirmed: about a fifth of the work on tracks most of which
	// are false alarms or duplicates. The battle does not use it: a
	// fighter's tentative tracks after a 9 g break, without the turn
	// model and the level prior, lost the fighter again and again
	// (docs/PERFORMANCE.md, "Tentative tracks").
	TentativeCV bool

	// memo keeps the switching matrices of the last intervals predicted
	// over (see switchMemo); made on first use.
	memo *switchMemo
	// free holds model states that no track holds any more, for the
	// next predictions and updates to fill instead of allocating (see
	// fresh and updateOwned).
	free []*immState
}

// switchMemo remembers the transition matrices of the last few
// intervals a filter predicted over. A tracker predicts all its tracks
// over the same interval at each scan, and guidance asks for a track at
// the same offsets from its last update again and again, while each
// matrix costs a 4×4 matrix exponential: looked up by the exact interval
// and set of models, a remembered matrix is the one transition would
// compute, bit for bit. It makes an IMM unsafe for concurrent use (a
// battle builds its filters per replication, one goroutine each).
type switchMemo struct {
	next int // the entry to overwrite next, round robin
	used int
	keys [switchMemoSize]switchKey
	pis  [switchMemoSize][numModes][numModes]float64
}

// switchMemoSize is how many intervals a switchMemo keeps: the scan
// intervals of a unit's radars and the guidance steps within one scan.
const switchMemoSize = 16

type switchKey struct {
	on [numModes]bool
	a  float64
}

// memoized returns f's switching matrix over a from its memo, computing
// and keeping it when the memo lacks it.
func (f *IMM) memoized(on [numModes]bool, nOn int, a float64) [numModes][numModes]float64 {
	m := f.memo
	if m == nil {
		return f.transition(on, nOn, a)
	}
	k := switchKey{on: on, a: a}
	for i := range m.used {
		if m.keys[i] == k {
			return m.pis[i]
		}
	}
	pi := f.transition(on, nOn, a)
	m.keys[m.next], m.pis[m.next] = k, pi
	m.next = (m.next + 1) % switchMemoSize
	m.used = min(m.used+1, switchMemoSize)
	return pi
}

// immState is the per-model estimate of a track: never modified once a
// Track holds it, except by the tracker while nothing outside it can
// hold it (see updateOwned). The components of a model the filter does
// not run, and those past a model's size, are zero: every state starts
// zero and is written only within its models' sizes.
type immState struct {
	immMeans
	// cov holds the models' covariances one after the other, each n×n
	// with stride n at covAt: 2.5 KB, where one 11×11 array a model made
	// the state 5.3 KB, allocated at every prediction (see p).
	cov [covSize]float64
}

// covAt is where each model's covariance starts in immState.cov, and
// covSize their total.
var covAt = func() (at [numModes + 1]int) {
	for j := range numModes {
		n := len(modeComps[j])
		at[j+1] = at[j] + n*n
	}
	return at
}()

const covSize = 6*6 + 7*7 + 9*9 + 7*7 + 10*10

// p returns model j's covariance, n×n with stride n (n its size).
func (st *immState) p(j int) []float64 {
	return st.cov[covAt[j]:covAt[j+1]:covAt[j+1]]
}

// immMeans is the part of an immState that the IMM's combined mean
// depends on: the models' means and probabilities (see predictMeans).
type immMeans struct {
	x  [numModes][maxX]float64
	mu [numModes]float64
}

func (f *IMM) params() IMM {
	g := *f
	if g.TurnAccelNoise == 0 {
		g.TurnAccelNoise = g.AccelNoise
	}
	if g.TurnRateNoise == 0 {
		g.TurnRateNoise = 1e-4
	}
	if g.JerkNoise == 0 {
		g.JerkNoise = 1
	}
	if g.TurnTime == 0 {
		g.TurnTime = 10
	}
	if g.InitTurnSigma == 0 {
		g.InitTurnSigma = 0.1
	}
	if g.InitAccelSigma == 0 {
		g.InitAccelSigma = 10
	}
	if g.BallisticAccelNoise == 0 {
		g.BallisticAccelNoise = 1
	}
	if g.DragNoise == 0 {
		g.DragNoise = 1e-10
	}
	if g.InitDragSigma == 0 {
		g.InitDragSigma = 1e-3
	}
	if g.LiftAccel == 0 {
		g.LiftAccel = 30
	}
	if g.LiftTime == 0 {
		g.LiftTime = 20
	}
	if g.Sojourn == [numModes]float64{} {
		g.Sojourn = [numModes]float64{30, 10, 10, 60, 60}
	}
	if g.Start == [numModes]float64{} {
		g.Start = [numModes]float64{0.8, 0.1, 0.1, 0.1, 0.1}
	}
	return g
}

// active reports which models the filter runs, and how many.
func (f *IMM) active() (on [numModes]bool, n int) {
	if f.Models == nil {
		return [numModes]bool{ModeCV: true, ModeCT: true, ModeCA: true}, 3
	}
	for _, m := range f.Models {
		if m >= 0 && m < numModes && !on[m] && (m != ModeBallistic && m != ModeLift || f.Earth != nil) {
			on[m] = true
			n++
		}
	}
	return on, n
}

// state returns tk's IMM state, building it from X and P for a new
// track.
func (f *IMM) state(tk *Track) *immState {
	if st, ok := tk.ext.(*immState); ok {
		return st
	}
	return f.newState(tk, new(immState))
}

// fresh returns a state to write a track's next estimate into, as a new
// zero state would be: one given back by updateOwned, or a new one. A
// state given back is of this filter, so only its model probabilities
// need clearing: its models' components are overwritten whole by
// Predict and Update (mix and the copy of the old estimate), and the
// rest are zero.
func (f *IMM) fresh() *immState {
	n := len(f.free)
	if n == 0 {
		return new(immState)
	}
	st := f.free[n-1]
	f.free[n-1] = nil
	f.free = f.free[:n-1]
	st.mu = [numModes]float64{}
	return st
}

// newState builds into st, zero, the IMM state of a new track from its
// X and P, and returns st.
func (f *IMM) newState(tk *Track, st *immState) *immState {
	g := f.params()
	on, _ := f.active()
	var sum float64
	for j := range numModes {
		if on[j] {
			sum += g.Start[j]
		}
	}
	for j := range numModes {
		if !on[j] {
			continue
		}
		n := len(modeComps[j])
		for a := range 6 {
			st.x[j][a] = tk.X[a]
			for b := range 6 {
				st.p(j)[a*n+b] = tk.P[a*6+b]
			}
		}
		for a := 6; a < n; a++ {
			sig := g.InitAccelSigma
			switch {
			case j == ModeCT:
				sig = g.InitTurnSigma
			case j == ModeLift && a > 6:
				sig = g.LiftAccel
			case j == ModeBallistic || j == ModeLift:
				sig = g.InitDragSigma
				st.x[j][a] = g.InitDrag
			}
			st.p(j)[a*n+a] = sig * sig
		}
		st.mu[j] = g.Start[j] / sum
		if g.InitClimbSigma > 0 && j != ModeBallistic && j != ModeLift {
			f.levelPrior(st.x[j][:n], st.p(j)[:n*n], n, g.InitClimbSigma)
		}
	}
	// A track's covariance from elsewhere (a detection's, converted from
	// polar) is symmetric only to rounding.
	st.symmetrise(on)
	return st
}

// levelPrior conditions a model's new estimate x (n states, position and
// velocity first) with covariance p on a vertical speed of zero with
// standard deviation sigma: a Kalman update on the pseudo-measurement
// uᵀv = 0 ± sigma, u the local vertical at the estimate's position.
func (f *IMM) levelPrior(x, p []float64, n int, sigma float64) {
	u := [3]float64{0, 0, 1}
	if f.Earth != nil {
		lla := geo.FromECEF(f.Earth.Frame.FromENU(r3.Vec{X: x[0], Y: x[1], Z: x[2]}))
		sLat, cLat := math.Sincos(lla.Lat)
		sLon, cLon := math.Sincos(lla.Lon)
		up := f.Earth.Frame.RotateToENU(r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat})
		u = [3]float64{up.X, up.Y, up.Z}
	}
	var ph [maxX]float64 // P Hᵀ, H = [0 0 0 uᵀ 0...]
	for i := range n {
		for a := range 3 {
			ph[i] += p[i*n+3+a] * u[a]
		}
	}
	var s, nu float64
	for a := range 3 {
		s += u[a] * ph[3+a]
		nu -= u[a] * x[3+a]
	}
	s += sigma * sigma
	for i := range n {
		x[i] += ph[i] / s * nu
	}
	for i := range n {
		for j := range n {
			p[i*n+j] -= ph[i] * ph[j] / s
		}
	}
}

// Predict mixes the models and moves each to time t.
func (f *IMM) Predict(tk *Track, t float64) {
	if t == tk.T && tk.ext != nil {
		// No time: no switching and no motion, the estimate stands.
		return
	}
	if f.memo == nil {
		f.memo = &switchMemo{}
	}
	g := f.params()
	on, nOn := f.active()
	old := f.state(tk)
	dt := t - tk.T
	a := math.Abs(dt)
	st := f.fresh()
	pi := g.switching(on, nOn, a, &old.immMeans, &st.mu)
	for j := range numModes {
		if !on[j] {
			continue
		}
		mix(old, j, mixWeights(&pi, &old.immMeans, &st.mu, j), &st.x[j], st.p(j))
		switch j {
		case ModeCV:
			var x6 [6]float64
			var p6 [36]float64
			copy(x6[:], st.x[j][:6])
			copy(p6[:], st.p(j)[:36])
			predictCV(&x6, &p6, dt, g.AccelNoise*a*a*a/3, g.AccelNoise*a*a/2*sign(dt), g.AccelNoise*a)
			copy(st.x[j][:6], x6[:])
			copy(st.p(j)[:36], p6[:])
		case ModeCT:
			q := g.turnAccelNoise(math.Hypot(st.x[j][3], st.x[j][4]))
			predictCT(&st.x[j], st.p(j), dt, q, g.AccelNoise, g.turnRate(&st.x[j], dt))
		case ModeCA:
			predictCA(&st.x[j], st.p(j), dt, g.JerkNoise)
		case ModeBallistic:
			predictBallistic(f.Earth, &st.x[j], st.p(j), dt, g.BallisticAccelNoise, g.DragNoise)
		case ModeLift:
			predictLift(f.Earth, &st.x[j], st.p(j), dt, g.BallisticAccelNoise, g.DragNoise, g.lift())
		}
	}
	combine(tk, st)
	tk.T = t
}

// PredictState returns the position and velocity that Predict would
// give tk at time t, bit for bit, leaving tk as it is. It predicts the
// models' means alone: the IMM's mean does not depend on the
// covariances (the mixing weights come from the model probabilities, and
// the CV and ballistic means move on their own), so for those models it
// skips the covariance, the dearest part (the ballistic model's Jacobian
// and the products of its transition at every step). A guidance
// loop that asks where a track's target is every tenth of a second needs
// nothing more.
func (f *IMM) PredictState(tk *Track, t float64) [6]float64 {
	if t == tk.T && tk.ext != nil {
		return tk.X
	}
	old, ok := tk.ext.(*immState)
	if !ok {
		// A track never predicted: its models built here, on the stack,
		// not kept.
		var fresh immState
		old = f.newState(tk, &fresh)
	}
	var next immMeans
	f.predictMeans(&old.immMeans, t-tk.T, &next)
	return next.mean()
}

// predictMeans writes into next the models' means and probabilities that
// Predict gives old over dt, bit for bit, without the covariances: the
// means of the models the filter runs, whole (the others are not read).
func (f *IMM) predictMeans(old *immMeans, dt float64, next *immMeans) {
	if f.memo == nil {
		f.memo = &switchMemo{}
	}
	g := f.params()
	on, nOn := f.active()
	a := math.Abs(dt)
	mu := &next.mu
	*mu = [numModes]float64{}
	pi := g.switching(on, nOn, a, old, mu)
	xs := &next.x
	for j := range numModes {
		if !on[j] {
			continue
		}
		w := mixWeights(&pi, old, mu, j)
		x := &xs[j]
		switch j {
		case ModeCV:
			mixMean(old, j, w, x)
			for a := range 3 {
				x[a] += dt * x[a+3] // predictCV's mean
			}
		case ModeBallistic:
			mixMean(old, j, w, x)
			predictBallisticMean(f.Earth, x, dt)
		case ModeLift:
			mixMean(old, j, w, x)
			predictLiftMean(f.Earth, x, dt, g.lift())
		case ModeCT:
			mixMean(old, j, w, x)
			predictCTMean(x, dt, g.turnRate(x, dt))
		case ModeCA:
			mixMean(old, j, w, x)
			predictCAMean(x, dt)
		}
	}
}

// mean returns the combined position and velocity of st, as combine
// computes them.
func (st *immMeans) mean() [6]float64 {
	var x [6]float64
	for j := range numModes {
		if st.mu[j] == 0 {
			continue
		}
		for a := range 6 {
			x[a] += st.mu[j] * st.x[j][a]
		}
	}
	return x
}

// switching returns the models' transition matrix over a time |dt| = a,
// among the models the filter runs (on, n of them), and writes into mu
// the model probabilities it predicts from old's. f has its defaults
// filled in (params).
func (f *IMM) switching(on [numModes]bool, n int, a float64, old *immMeans, mu *[numModes]float64) [numModes][numModes]float64 {
	pi := f.memoized(on, n, a)
	for j := range numModes {
		for i := range numModes {
			mu[j] += pi[i][j] * old.mu[i]
		}
	}
	return pi
}

// mixWeights returns the weights of the models i in the mixture that
// model j starts its prediction from: P(model i before | model j now).
func mixWeights(pi *[numModes][numModes]float64, old *immMeans, mu *[numModes]float64, j int) [numModes]float64 {
	var w [numModes]float64
	for i := range numModes {
		if mu[j] > 0 {
			w[i] = pi[i][j] * old.mu[i] / mu[j]
		}
	}
	return w
}

// transition returns the matrix of switching probabilities over an
// interval a ≥ 0 among the models on (nOn of them): exp(Λa) from Rates,
// or the sojourn rule.
func (g *IMM) transition(on [numModes]bool, nOn int, a float64) (pi [numModes][numModes]float64) {
	if g.Rates != ([numModes][numModes]float64{}) {
		var gen [numModes][numModes]float64
		for i := range numModes {
			if !on[i] {
				continue
			}
			for j := range numModes {
				if i != j && on[j] {
					gen[i][j] = g.Rates[i][j] * a
					gen[i][i] -= g.Rates[i][j] * a
				}
			}
		}
		pi = expm(&gen)
		for i := range numModes {
			for j := range numModes {
				pi[i][j] = max(pi[i][j], 0)
			}
		}
		return pi
	}
	for i := range numModes {
		if !on[i] {
			continue
		}
		stay := 1.0
		if g.Sojourn[i] > 0 && nOn > 1 {
			stay = math.Exp(-a / g.Sojourn[i])
		}
		for j := range numModes {
			switch {
			case i == j:
				pi[i][j] = stay
			case on[j]:
				pi[i][j] = (1 - stay) / float64(nOn-1)
			}
		}
	}
	return pi
}

// expm returns the matrix exponential of a, by scaling and squaring
// (C. Moler and C. Van Loan, "Nineteen dubious ways to compute the
// exponential of a matrix, twenty-five years later", SIAM Review 45(1),
// 2003, method 3): the Taylor series of a/2^s, |a/2^s| ≤ 1/2 in the
// infinity norm, to the 18th power, whose remainder is under 1e-16 of
// the sum, squared s times. The generators here are 5×5 with rows
// summing to zero; gonum's Padé Exp on a mat.Dense allocated on every
// Predict, at every track's every scan.
func expm(a *[numModes][numModes]float64) [numModes][numModes]float64 {
	var norm float64
	for i := range numModes {
		var r float64
		for j := range numModes {
			r += math.Abs(a[i][j])
		}
		norm = max(norm, r)
	}
	s := 0
	if norm > 0.5 {
		s = int(math.Ceil(math.Log2(norm / 0.5)))
	}
	scale := math.Ldexp(1, -s)
	var b, term, sum [numModes][numModes]float64
	for i := range numModes {
		for j := range numModes {
			b[i][j] = a[i][j] * scale
		}
		term[i][i], sum[i][i] = 1, 1
	}
	for k := 1; k <= 18; k++ {
		term = matMul(&term, &b)
		for i := range numModes {
			for j := range numModes {
				term[i][j] /= float64(k)
				sum[i][j] += term[i][j]
			}
		}
	}
	for range s {
		sum = matMul(&sum, &sum)
	}
	return sum
}

// matMul returns the product a b of two numModes×numModes matrices.
func matMul(a, b *[numModes][numModes]float64) (c [numModes][numModes]float64) {
	for i := range numModes {
		for k := range numModes {
			for j := range numModes {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}

// mix writes into x, p (model j's layout) the mixture over models i with
// weights w of their estimates, augmented where they lack a component of
// model j by model j's own. Each model's covariance in model j's
// components is read where it lies, in place: copied out first, as
// five 11×11 matrices cleared on every call, it cost more than the sums.
func mix(old *immState, j int, w [numModes]float64, x *[maxX]float64, p []float64) {
	nj := len(modeComps[j])
	// Each model's estimate in model j's components.
	var xs [numModes][maxX]float64
	var where [numModes][maxX]int
	for i := range numModes {
		if w[i] == 0 {
			continue // a model the filter does not run, or out of reach
		}
		where[i] = mixSource(&old.immMeans, i, j, &xs[i])
	}
	mixSum(&xs, w, nj, x)
	clear(p)
	pj := old.p(j)
	for i := range numModes {
		if w[i] == 0 {
			continue
		}
		ni := len(modeComps[i])
		pi, wi, wt := old.p(i), &where[i], w[i]
		// The spread of model i's mean about the mixture, by component.
		var d [maxX]float64
		for a := range nj {
			d[a] = xs[i][a] - x[a]
		}
		// Model i's covariance where it has both components, model j's
		// where it has neither, none across: the row's source chosen
		// once, not at every element.
		if m := mixPrefix[i][j]; m >= 0 {
			// Model j's first m components lie where they lie in model
			// i, the rest not in model i: no search of where.
			for a := range nj {
				da, row := d[a], p[a*nj:a*nj+nj]
				if a < m {
					src := pi[a*ni : a*ni+m]
					for b := a; b < m; b++ {
						row[b] += wt * (src[b] + da*d[b])
					}
					for b := m; b < nj; b++ {
						var c float64
						row[b] += wt * (c + da*d[b])
					}
					continue
				}
				src := pj[a*nj : a*nj+nj]
				for b := a; b < nj; b++ {
					row[b] += wt * (src[b] + da*d[b])
				}
			}
			continue
		}
		for a := range nj {
			da, row := d[a], p[a*nj:a*nj+nj]
			if wa := wi[a]; wa >= 0 {
				src := pi[wa*ni : wa*ni+ni]
				for b := a; b < nj; b++ {
					var c float64
					if wb := wi[b]; wb >= 0 {
						c = src[wb]
					}
					row[b] += wt * (c + da*d[b])
				}
				continue
			}
			src := pj[a*nj : a*nj+nj]
			for b := a; b < nj; b++ {
				var c float64
				if wi[b] < 0 {
					c = src[b]
				}
				row[b] += wt * (c + da*d[b])
			}
		}
	}
	// The upper triangle, mirrored: the models' covariances are
	// symmetric (see symmetrise), and so is their mixture.
	for a := range nj {
		for b := a + 1; b < nj; b++ {
			p[b*nj+a] = p[a*nj+b]
		}
	}
}

// mixMean writes into x model j's mixed mean, as mix does, without the
// covariance.
func mixMean(old *immMeans, j int, w [numModes]float64, x *[maxX]float64) {
	var xs [numModes][maxX]float64
	for i := range numModes {
		if w[i] != 0 {
			mixSource(old, i, j, &xs[i])
		}
	}
	mixSum(&xs, w, len(modeComps[j]), x)
}

// mixSource writes into xs model i's estimate in model j's components,
// augmented by model j's own where model i lacks one, and returns where
// each of model j's components lies in model i (-1: not there).
func mixSource(old *immMeans, i, j int, xs *[maxX]float64) (where [maxX]int) {
	where = mixWhere[i][j]
	for a := range len(modeComps[j]) {
		if where[a] >= 0 {
			xs[a] = old.x[i][where[a]]
		} else {
			xs[a] = old.x[j][a]
		}
	}
	return where
}

// mixWhere[i][j][a] is where model j's component a lies in model i's
// state, -1 where model i lacks it: a table of modeComps, made once
// rather than searched at every mixing.
var mixWhere = func() (w [numModes][numModes][maxX]int) {
	for i := range numModes {
		for j := range numModes {
			cj, ci := modeComps[j], modeComps[i]
			// The CA model's acceleration is the whole of it, the Lift
			// model's what is left over gravity and drag: not the same
			// quantity.
			apart := i == ModeCA && j == ModeLift || i == ModeLift && j == ModeCA
			for a, c := range cj {
				w[i][j][a] = -1
				if apart && c >= 6 && c <= 8 {
					continue
				}
				for b, d := range ci {
					if d == c {
						w[i][j][a] = b
					}
				}
			}
		}
	}
	return w
}()

// mixPrefix[i][j] is m where model j's first m components lie at the
// same places in model i's state and its others not at all
// (mixWhere[i][j] is 0, 1, …, m-1, then -1), and -1 where they lie
// otherwise: mix then reads model i's covariance without searching.
var mixPrefix = func() (m [numModes][numModes]int) {
	for i := range numModes {
		for j := range numModes {
			w, nj := &mixWhere[i][j], len(modeComps[j])
			k := 0
			for k < nj && w[k] == k {
				k++
			}
			m[i][j] = k
			for _, wk := range w[k:nj] {
				if wk >= 0 {
					m[i][j] = -1
				}
			}
		}
	}
	return m
}()

// mixSum writes into x the weighted sum of the models' estimates xs, in
// n components.
func mixSum(xs *[numModes][maxX]float64, w [numModes]float64, n int, x *[maxX]float64) {
	*x = [maxX]float64{}
	for i := range numModes {
		for a := range n {
			x[a] += w[i] * xs[i][a]
		}
	}
}

// symmetrise sets each model's covariance to (P + Pᵀ)/2. The update's
// P - K S Kᵀ leaves it symmetric only to rounding; made exactly so, it
// stays so through every prediction (propagate computes one triangle
// and mirrors it), and mixing and combining compute one triangle too,
// half the sums.
func (st *immState) symmetrise(on [numModes]bool) {
	for j := range numModes {
		if !on[j] {
			continue
		}
		n, p := len(modeComps[j]), st.p(j)
		for a := range n {
			for b := a + 1; b < n; b++ {
				v := (p[a*n+b] + p[b*n+a]) / 2
				p[a*n+b], p[b*n+a] = v, v
			}
		}
	}
}

// combine sets tk.X, tk.P and tk.Mode from the models by moment matching.
func combine(tk *Track, st *immState) {
	var x [6]float64
	var p [36]float64
	for j := range numModes {
		if st.mu[j] == 0 {
			continue
		}
		for a := range 6 {
			x[a] += st.mu[j] * st.x[j][a]
		}
	}
	for j := range numModes {
		if st.mu[j] == 0 {
			continue
		}
		// The model's spread about the mixture, its probability and its
		// covariance taken once for the model, not at every entry.
		n, mu, pj := len(modeComps[j]), st.mu[j], st.p(j)
		var d [6]float64
		for a := range 6 {
			d[a] = st.x[j][a] - x[a]
		}
		for a := range 6 {
			da, row := d[a], pj[a*n:a*n+6]
			for b := a; b < 6; b++ {
				p[a*6+b] += mu * (row[b] + da*d[b])
			}
		}
	}
	// One triangle, mirrored, as in mix.
	for a := range 6 {
		for b := a + 1; b < 6; b++ {
			p[b*6+a] = p[a*6+b]
		}
	}
	tk.X, tk.P = x, p
	tk.Mode = st.mu[:]
	tk.ext = st
}

// Likeliest returns the position and velocity estimate, and its
// covariance, of the most probable model of an IMM track (the combined
// estimate of any other track), and that model's Mode index (-1 for a
// track of another filter).
func (tk *Track) Likeliest() (x [6]float64, p [36]float64, mode int) {
	st, ok := tk.ext.(*immState)
	if !ok {
		return tk.X, tk.P, -1
	}
	mode = 0
	for j := range numModes {
		if st.mu[j] > st.mu[mode] {
			mode = j
		}
	}
	n := len(modeComps[mode])
	for a := range 6 {
		x[a] = st.x[mode][a]
		for b := range 6 {
			p[a*6+b] = st.p(mode)[a*n+b]
		}
	}
	return x, p, mode
}

// Turn returns the turn model's estimate of tk's horizontal turn rate ω,
// rad/s about the tracker frame's z axis (positive counterclockwise seen
// from above, a left turn), its standard deviation, and the turn model's
// probability. A battle manager predicts a turning target's path with
// them. ok is false for a track that no turn model follows (a
// single-model filter, or an IMM without ModeCT).
func (tk *Track) Turn() (omega, sigma, prob float64, ok bool) {
	st, isIMM := tk.ext.(*immState)
	if !isIMM || st.mu[ModeCT] == 0 {
		return 0, 0, 0, false
	}
	n := len(modeComps[ModeCT])
	return st.x[ModeCT][6], math.Sqrt(st.p(ModeCT)[6*n+6]), st.mu[ModeCT], true
}

// PredictMeasurement linearises h at the combined estimate. With
// GateModels it linearises it with the gate covariance
//
//	P_g = P + Σ_{j in GateModels} (P_j + (x_j - x)(x_j - x)ᵀ),
//
// P and x the combined estimate, P_j and x_j model j's position and
// velocity: the gate then holds the detection that any of those models
// expects, however little probability the IMM gives it. Gating on the
// combined estimate alone loses a target at the start of a manoeuvre:
// the manoeuvre model is unlikely then, the combined covariance is the
// straight-flight model's, and a fighter's 9 g break leaves that gate
// within three seconds, before the detections have raised the
// manoeuvre model's probability (the detections outside the gate never
// reach it). The price is a wider gate, and so more candidate pairs, on
// every track.
func (f *IMM) PredictMeasurement(tk *Track, s *Sensor) (Prediction, error) {
	p := tk.P
	if st, ok := tk.ext.(*immState); ok && len(f.GateModels) > 0 {
		on, _ := f.active()
		for _, j := range f.GateModels {
			if j < 0 || j >= numModes || !on[j] || st.mu[j] == 0 {
				continue
			}
			n := len(modeComps[j])
			for a := range 6 {
				da := st.x[j][a] - tk.X[a]
				for b := a; b < 6; b++ {
					p[a*6+b] += st.p(j)[a*n+b] + da*(st.x[j][b]-tk.X[b])
				}
			}
		}
		// One triangle, mirrored: tk.P and the models' covariances are
		// exactly symmetric (combine, symmetrise).
		for a := range 6 {
			for b := a + 1; b < 6; b++ {
				p[b*6+a] = p[a*6+b]
			}
		}
	}
	var mp measPred
	if err := linearise(s, tk.X[:], p[:], 6, &mp); err != nil {
		return Prediction{}, err
	}
	return newPrediction(s, &mp)
}

// Update updates each model with d, weighs the models by their
// likelihoods and combines them.
func (f *IMM) Update(tk *Track, s *Sensor, d Detection) error {
	return f.update(tk, s, d, false)
}

// updateOwned updates tk with d as Update does, bit for bit, where the
// caller (the tracker) knows that tk's state was made since anything
// outside it could last see the track (a prediction of this scan): that
// state is then nobody's once replaced, and is kept for the next
// prediction or update to fill (fresh) rather than left to the garbage
// collector.
func (f *IMM) updateOwned(tk *Track, s *Sensor, d Detection) error {
	return f.update(tk, s, d, true)
}

func (f *IMM) update(tk *Track, s *Sensor, d Detection, owned bool) error {
	old, st := f.state(tk), f.fresh()
	return f.settle(old, st, owned, f.updateInto(tk, st, old, s, d))
}

// settle keeps for reuse the state that an update into st from old
// leaves nobody's: st when the update failed (written, never held), old
// when it succeeded and the caller owned it.
func (f *IMM) settle(old, st *immState, owned bool, err error) error {
	switch {
	case err != nil:
		f.free = append(f.free, st)
	case owned:
		f.free = append(f.free, old)
	}
	return err
}

// updateInto writes into st, fresh, old updated with d, and combines it
// into tk.
func (f *IMM) updateInto(tk *Track, st, old *immState, s *Sensor, d Detection) error {
	on, _ := f.active()
	var logL [numModes]float64
	for j := range numModes {
		if !on[j] {
			continue
		}
		n := len(modeComps[j])
		st.x[j] = old.x[j]
		copy(st.p(j), old.p(j))
		d2, ld, err := ekfUpdate(st.x[j][:n], st.p(j)[:n*n], n, s, &d)
		if err != nil {
			return err
		}
		logL[j] = -d2/2 - ld/2
		if j == ModeCT && f.TurnAccel > 0 {
			holdSpeed(&old.x[j], old.p(j), &st.x[j], st.p(j), n)
		}
	}
	f.clampDrag(st)
	g := f.params()
	g.clampTurn(st)
	if err := reweigh(st, old, logL); err != nil {
		return err
	}
	st.symmetrise(on)
	combine(tk, st)
	return nil
}

// UpdatePDA runs a PDA update in each model with the track's weights
// and weighs the models by their PDA likelihoods
// (1 - PD·PG) + PD/β_FA Σ_k N(ν_jk; 0, S_j), the IMMPDAF of
// A. Houles and Y. Bar-Shalom (IEEE Trans. AES 25(2), 1989).
func (f *IMM) UpdatePDA(tk *Track, s *Sensor, h PDA) error {
	return f.updatePDA(tk, s, h, false)
}

// updatePDAOwned is UpdatePDA where tk's state is the caller's to give
// back, as in updateOwned.
func (f *IMM) updatePDAOwned(tk *Track, s *Sensor, h PDA) error {
	return f.updatePDA(tk, s, h, true)
}

func (f *IMM) updatePDA(tk *Track, s *Sensor, h PDA, owned bool) error {
	old, st := f.state(tk), f.fresh()
	return f.settle(old, st, owned, f.updatePDAInto(tk, st, old, s, h))
}

// updatePDAInto writes into st, fresh, old updated with h, and combines
// it into tk.
func (f *IMM) updatePDAInto(tk *Track, st, old *immState, s *Sensor, h PDA) error {
	on, _ := f.active()
	var logL [numModes]float64
	for j := range numModes {
		if !on[j] {
			continue
		}
		n := len(modeComps[j])
		st.x[j] = old.x[j]
		copy(st.p(j), old.p(j))
		var mp measPred
		if err := linearise(s, st.x[j][:n], st.p(j)[:n*n], n, &mp); err != nil {
			return err
		}
		r := measVar(s, nil)
		_, si, ld, err := mp.innov(&r)
		if err != nil {
			return err
		}
		sum := 0.0
		for k := range h.Dets {
			z := measVec(s, &h.Dets[k])
			nu := mp.residual(&z)
			sum += math.Exp(-quadN(&si, &nu, mp.m)/2 - ld/2 - float64(mp.m)/2*math.Log(2*math.Pi))
		}
		l := 1 - h.PD*h.PG
		if h.Clutter > 0 {
			l += h.PD / h.Clutter * sum
		}
		logL[j] = math.Log(l)
		if err := pdaUpdate(st.x[j][:n], st.p(j)[:n*n], n, s, &mp, h); err != nil {
			return err
		}
		if j == ModeCT && f.TurnAccel > 0 {
			holdSpeed(&old.x[j], old.p(j), &st.x[j], st.p(j), n)
		}
	}
	f.clampDrag(st)
	g := f.params()
	g.clampTurn(st)
	if err := reweigh(st, old, logL); err != nil {
		return err
	}
	st.symmetrise(on)
	combine(tk, st)
	return nil
}

// maxDragPush is the hardest push, m/s², a negative κ may give the
// ballistic models' estimate (see clampDrag).
const maxDragPush = 1.0

// clampDrag bounds a negative κ of the ballistic models' estimates where
// the air would make it felt. κ is left below zero where the air is too
// thin to show the drag (see Earth.accel: held at zero there, the
// estimate was biased high), but the push of a negative κ grows with
// the air's density and the square of the speed, and feeds itself: a
// fighter's track in dense air, whose ballistic model took the thrust
// that holds the fighter's speed for a negative drag, ran away to
// 5e12 m/s. κ is raised to where the push is maxDragPush, about the
// white acceleration the model allows, and a body that falls into the
// air with a negative estimate has it raised towards zero as the air
// thickens, by then seen by the drag it shows.
func (f *IMM) clampDrag(st *immState) {
	if f.Earth == nil {
		return
	}
	for _, j := range [...]int{ModeBallistic, ModeLift} {
		x := &st.x[j]
		if !(x[6] < 0) {
			continue
		}
		alt := geo.Height(f.Earth.Frame.FromENU(r3.Vec{X: x[0], Y: x[1], Z: x[2]}))
		q := f.Earth.Atmosphere.Density(alt) * (x[3]*x[3] + x[4]*x[4] + x[5]*x[5]) / 2 // dynamic pressure
		if q > 0 {
			x[6] = max(x[6], -maxDragPush/q)
		}
	}
}

// clampTurn keeps the CT model's turn rate within the hardest turn a
// target can fly at the estimate's speed, TurnAccel/max(v, TurnMinSpeed)
// (see turnRate), when TurnAccel is set: an update may otherwise turn a
// track made of two neighbours' detections at 3 rad/s at 1000 m/s, a
// lateral acceleration of 300 g. f has its defaults filled in (params).
func (f *IMM) clampTurn(st *immState) {
	if f.TurnAccel <= 0 {
		return
	}
	x := &st.x[ModeCT]
	v := math.Hypot(x[3], x[4])
	wb := f.turnAccel(v) / max(v, f.TurnMinSpeed, 1)
	x[6] = max(min(x[6], wb), -wb)
}

// holdSpeed conditions the CT model's updated estimate x, p (n states)
// on its horizontal speed being the predicted one, xp's, within the
// prediction's own spread of that speed (along xp's velocity, from pp):
// a Kalman update on the pseudo-measurement |v| = |v_p| ± σ_p, the soft
// constraint of D. Simon, "Kalman filtering with state constraints: a
// survey of linear and nonlinear algorithms", IET Control Theory Appl.
// 4(8), 2010, §2.3, linearised at the updated estimate. A coordinated
// turn holds the speed, but its linearised covariance does not: over a
// revisit of seconds the turn-rate uncertainty spreads the velocity
// along the tangent of the circle of constant speed, and an update that
// moves the velocity along that tangent by δ raises the speed by
// √(v² + δ²) - v, a second-order effect no EKF sees. Detections of two
// neighbours in one track did that each revisit, and the speed ran away.
func holdSpeed(xp *[maxX]float64, pp []float64, x *[maxX]float64, p []float64, n int) {
	sp := math.Hypot(xp[3], xp[4])
	s := math.Hypot(x[3], x[4])
	if sp == 0 || s == 0 {
		return
	}
	up := [2]float64{xp[3] / sp, xp[4] / sp}
	r := up[0]*up[0]*pp[3*n+3] + 2*up[0]*up[1]*pp[3*n+4] + up[1]*up[1]*pp[4*n+4]
	u := [2]float64{x[3] / s, x[4] / s}
	var ph [maxX]float64
	for i := range n {
		ph[i] = p[i*n+3]*u[0] + p[i*n+4]*u[1]
	}
	sv := u[0]*ph[3] + u[1]*ph[4] + r
	nu := sp - s
	for i := range n {
		x[i] += ph[i] / sv * nu
	}
	for i := range n {
		for j := range n {
			p[i*n+j] -= ph[i] * ph[j] / sv
		}
	}
}

// reweigh sets st.mu ∝ old.mu · exp(logL), in logs so that distant
// detections do not underflow every model to zero.
func reweigh(st, old *immState, logL [numModes]float64) error {
	top := math.Inf(-1)
	for j := range numModes {
		if old.mu[j] > 0 {
			top = max(top, logL[j])
		}
	}
	var sum float64
	for j := range numModes {
		if old.mu[j] > 0 {
			st.mu[j] = old.mu[j] * math.Exp(logL[j]-top)
		}
		sum += st.mu[j]
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return errors.New("track: IMM: model likelihoods vanish")
	}
	for j := range numModes {
		st.mu[j] /= sum
	}
	return nil
}

// Tentative returns the filter of tentative tracks (Staged): with
// TentativeCV, the constant-velocity model alone, as an EKF of
// AccelNoise and InitVelSigma; else nil, every model from the first
// detection. On confirmation the IMM builds its models from the EKF's
// estimate, each from the prior of a new track (Start, InitClimbSigma),
// as it would from one detection: the level prior of the aircraft
// models then conditions an estimate that already holds the
// detections, which for a linear model is the same as conditioning
// first. The stage's price is what two or three detections of a
// manoeuvring target need and the CV model lacks: the turn model and,
// with no level prior, a vertical speed known to hundreds of m/s from
// a search radar's elevation.
func (f *IMM) Tentative() Filter {
	if !f.TentativeCV {
		return nil
	}
	return &EKF{AccelNoise: f.AccelNoise, InitVelSigma: f.InitVelSigma}
}

// Initiate starts a track at the converted position of d; the models
// take their extra components from their priors on the first Predict.
func (f *IMM) Initiate(s *Sensor, d Detection) (x [6]float64, p [36]float64, err error) {
	return initiate(s, &d, f.InitVelSigma)
}

// turnAccel is the hardest lateral acceleration, m/s², of a target at
// horizontal speed v: TurnAccelAt's, within TurnAccel, or TurnAccel.
func (f *IMM) turnAccel(v float64) float64 {
	if f.TurnAccelAt == nil {
		return f.TurnAccel
	}
	a := f.TurnAccelAt(v)
	if !(a >= 0) {
		return f.TurnAccel
	}
	return min(a, f.TurnAccel)
}

// turnAccelNoise is the CT model's horizontal white-acceleration
// density for a track of horizontal speed v: TurnAccelNoise, scaled by
// the square of the turn it can fly at v over the hardest (TurnAccelAt).
// f has its defaults filled in (params).
func (f *IMM) turnAccelNoise(v float64) float64 {
	if f.TurnAccelAt == nil || !(f.TurnAccel > 0) {
		return f.TurnAccelNoise
	}
	return f.TurnAccelNoise * sq(f.turnAccel(v)/f.TurnAccel)
}

// turnNoise is how the CT model's turn rate moves over one interval:
// ω ← phi·ω plus white noise of variance q.
type turnNoise struct{ phi, q float64 }

// turnRate returns the turn-rate motion of the CT model whose estimate
// is x over dt. f has its defaults filled in (params).
//
// Without TurnAccel ω is a random walk of density TurnRateNoise. With it,
// ω is a first-order Gauss-Markov process (the Singer model's, applied to
// the turn rate: R. A. Singer, IEEE Trans. AES 6(4), 1970; Li and Jilkov
// 2003, §V.A) of correlation time τ = TurnTime and stationary standard
// deviation ω_b = TurnAccel/v, v the estimate's horizontal speed:
// phi = exp(-|dt|/τ), q = ω_b²(1 - phi²). A target turns no faster than
// its lateral acceleration allows at its speed: a fighter at 280 m/s
// under 9 g at 0.31 rad/s, a quadcopter at 15 m/s far faster. One bound
// for all tracks, the fastest turn of the slowest threat, gave a
// fighter's track a turn-rate uncertainty of a quadcopter's, 0.65 rad/s:
// 180 m/s of velocity uncertainty a second, growing without limit while
// the track coasted, so that the linearised update took a neighbour's
// detection and put the track at 1.5-5 km/s. The mean reverting to zero
// bounds ω's variance however long a track coasts, and a turn ends.
func (f *IMM) turnRate(x *[maxX]float64, dt float64) turnNoise {
	a := math.Abs(dt)
	if f.TurnAccel <= 0 {
		return turnNoise{phi: 1, q: f.TurnRateNoise * a}
	}
	h := math.Hypot(x[3], x[4])
	wb := f.turnAccel(h) / max(h, f.TurnMinSpeed, 1)
	phi := math.Exp(-a / f.TurnTime)
	return turnNoise{phi: phi, q: wb * wb * (1 - phi*phi)}
}

// predictCT moves the 7-state coordinated turn model [x y z vx vy vz ω]
// by dt, linearising in ω for the covariance. Position and velocity turn
// at the interval's initial ω; ω then moves as tn says.
func predictCT(x *[maxX]float64, p []float64, dt, q, qz float64, tn turnNoise) {
	const n = 7
	c := turnCoeffs(x[6], dt)
	vx, vy := x[3], x[4]
	F := [n * n]float64{}
	for i := range n {
		F[i*n+i] = 1
	}
	F[0*n+3], F[0*n+4], F[0*n+6] = c.a, -c.b, c.da*vx-c.db*vy
	F[1*n+3], F[1*n+4], F[1*n+6] = c.b, c.a, c.db*vx+c.da*vy
	F[2*n+5] = dt
	F[3*n+3], F[3*n+4], F[3*n+6] = c.cs, -c.sn, -dt*c.sn*vx-dt*c.cs*vy
	F[4*n+3], F[4*n+4], F[4*n+6] = c.sn, c.cs, dt*c.cs*vx-dt*c.sn*vy
	F[6*n+6] = tn.phi
	moveCT(x, &c, dt, tn.phi)
	Q := noise7(q, qz, 0, dt)
	Q[6*n+6] = tn.q
	propagate(p[:n*n], n, F[:], Q[:])
}

// predictCTMean moves the coordinated turn model's mean as predictCT
// does, bit for bit, without its covariance.
func predictCTMean(x *[maxX]float64, dt float64, tn turnNoise) {
	c := turnCoeffs(x[6], dt)
	moveCT(x, &c, dt, tn.phi)
}

// turnCoefficients are the trigonometric terms of a coordinated turn at
// rate w over dt: sn, cs = sin and cos of wT, a = sin(wT)/w,
// b = (1-cos(wT))/w, and da, db their w-derivatives.
type turnCoefficients struct{ sn, cs, a, b, da, db float64 }

// turnCoeffs returns the turn's coefficients, by series near w = 0 where
// the closed forms lose their digits.
func turnCoeffs(w, dt float64) (c turnCoefficients) {
	wt := w * dt
	c.sn, c.cs = math.Sincos(wt)
	if math.Abs(wt) < 1e-4 {
		t2, t3 := dt*dt, dt*dt*dt
		c.a = dt - w*w*t3/6
		c.b = w*t2/2 - w*w*w*t3*dt/24
		c.da = -w * t3 / 3
		c.db = t2/2 - w*w*t3*dt/8
	} else {
		c.a = c.sn / w
		c.b = (1 - c.cs) / w
		c.da = (dt*c.cs - c.a) / w
		c.db = (dt*c.sn - c.b) / w
	}
	return c
}

// moveCT moves the turn model's mean x by dt: position and velocity turn
// at the interval's initial rate, and the rate decays by phi.
func moveCT(x *[maxX]float64, c *turnCoefficients, dt, phi float64) {
	vx, vy := x[3], x[4]
	x[0] += c.a*vx - c.b*vy
	x[1] += c.b*vx + c.a*vy
	x[2] += dt * x[5]
	x[3], x[4] = c.cs*vx-c.sn*vy, c.sn*vx+c.cs*vy
	x[6] *= phi
}

// noise7 is the process noise over dt of a model of seven states,
// position, velocity and one more: the exact CWNA Q of density q on the
// two horizontal axes and qz on the vertical (see EKF), and a random walk
// of density q6 on the seventh state. A negative dt adds the noise of
// |dt|.
func noise7(q, qz, q6, dt float64) [49]float64 {
	const n = 7
	var Q [n * n]float64
	t := math.Abs(dt)
	for ax := range 3 {
		q := q
		if ax == 2 {
			q = qz
		}
		Q[ax*n+ax] = q * t * t * t / 3
		Q[ax*n+ax+3] = q * t * t / 2 * sign(dt)
		Q[(ax+3)*n+ax] = Q[ax*n+ax+3]
		Q[(ax+3)*n+ax+3] = q * t
	}
	Q[6*n+6] = q6 * t
	return Q
}

// caTransition is the constant-acceleration model's transition over dt:
// per axis [1 T T²/2; 0 1 T; 0 0 1].
func caTransition(dt float64) (F [81]float64) {
	const n = 9
	for i := range n {
		F[i*n+i] = 1
	}
	for ax := range 3 {
		pi, vi, ai := ax, ax+3, ax+6
		F[pi*n+vi], F[pi*n+ai], F[vi*n+ai] = dt, dt*dt/2, dt
	}
	return F
}

// predictCAMean moves the constant-acceleration model's mean x by dt as
// predictCA does, bit for bit, without the covariance.
func predictCAMean(x *[maxX]float64, dt float64) {
	const n = 9
	F := caTransition(dt)
	var nx [n]float64
	for i := range n {
		for k := range n {
			nx[i] += F[i*n+k] * x[k]
		}
	}
	copy(x[:n], nx[:])
}

// predictCA moves the 9-state constant-acceleration model by dt.
func predictCA(x *[maxX]float64, p []float64, dt, q float64) {
	const n = 9
	var Q [n * n]float64
	F := caTransition(dt)
	t := math.Abs(dt)
	s := sign(dt)
	for ax := range 3 {
		pi, vi, ai := ax, ax+3, ax+6
		t2, t3 := t*t, t*t*t
		Q[pi*n+pi] = q * t3 * t2 / 20
		Q[pi*n+vi], Q[vi*n+pi] = q*t2*t2/8*s, q*t2*t2/8*s
		Q[pi*n+ai], Q[ai*n+pi] = q*t3/6, q*t3/6
		Q[vi*n+vi] = q * t3 / 3
		Q[vi*n+ai], Q[ai*n+vi] = q*t2/2*s, q*t2/2*s
		Q[ai*n+ai] = q * t
	}
	var nx [n]float64
	for i := range n {
		for k := range n {
			nx[i] += F[i*n+k] * x[k]
		}
	}
	copy(x[:n], nx[:])
	propagate(p[:n*n], n, F[:], Q[:])
}

// propagate sets p ← F p Fᵀ + Q for n×n matrices.
//
// The models' transitions are mostly zeros (the constant-acceleration
// model's has 18 entries of 81 that are not, the turn model's 17 of
// 49), so each product runs over the columns of F's row that are not
// zero, listed first, in the order the full product adds them. A sum
// that starts at +0 is not changed by adding a ±0 (+0 + -0 = +0), so
// leaving out the zero terms gives the full product bit for bit, for a
// finite p.
func propagate(p []float64, n int, F, Q []float64) {
	p, F, Q = p[:n*n], F[:n*n], Q[:n*n]
	var cols [maxX][maxX]uint8
	var nc [maxX]int
	for i := range n {
		for k, f := range F[i*n : i*n+n] {
			if f != 0 {
				cols[i][nc[i]] = uint8(k)
				nc[i]++
			}
		}
	}
	// F p a row of p at a time: each entry of row i of F p gathers the
	// same terms in the same order as the dot product of F's row i and
	// p's column, from +0, so the sums are the same, with the rows read
	// whole.
	var fp [maxX * maxX]float64
	for i := range n {
		fpi := fp[i*n : i*n+n]
		for _, k := range cols[i][:nc[i]] {
			f, pk := F[i*n+int(k)], p[int(k)*n:int(k)*n+n]
			pk = pk[:len(fpi)]
			for j := range fpi {
				fpi[j] += f * pk[j]
			}
		}
	}
	// (F p) Fᵀ's upper triangle a column at a time, F's row j and its
	// columns not zero taken once for the column.
	for j := range n {
		fj, cj := F[j*n:j*n+n], cols[j][:nc[j]]
		for i := range j + 1 {
			fpi := fp[i*n : i*n+n]
			var s float64
			for _, k := range cj {
				s += fpi[k] * fj[k]
			}
			s += Q[i*n+j]
			p[i*n+j], p[j*n+i] = s, s
		}
	}
}
