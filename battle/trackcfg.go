package battle

import (
	"cmp"
	"math"
	"slices"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/track"
	"gonum.org/v1/gonum/spatial/r3"
)

// speedMargin is how much faster than the scenario's fastest threat a
// track may be believed to fly, and how much slower than its slowest: a
// quarter, for the speed a manoeuvre or the tracker's own lag adds or
// takes away.
const speedMargin = 1.25

// speedSamples is how many points of each threat's flight threatSpeeds
// looks at, besides the speeds the scenario writes.
const speedSamples = 400

// threatSpeeds returns the lowest and highest speeds, m/s, the world's
// threats fly: the written waypoint speeds, a ballistic missile's
// burnout speed, and the speed at evenly spaced points of each flight
// (climbs, dives, a terrain follower's hops, the slow top of a ballistic
// arc, a re-entry). It also returns the highest horizontal speed, level,
// of the written waypoint speeds and of those points: a ballistic
// missile flies fast on a steep climb or dive, and its horizontal speed
// is a fraction of its speed (grid-regional's SRBMs: 1.58 km/s of their
// 2.17). All are zero without threats.
func (w *world) threatSpeeds() (slowest, fastest, level float64) {
	slowest = math.Inf(1)
	note := func(v float64) {
		slowest, fastest = min(slowest, v), max(fastest, v)
	}
	for _, th := range w.threats {
		for _, wp := range th.spec.Route {
			note(wp.Speed)
			level = max(level, wp.Speed)
		}
		if b, ok := th.mover.(*motion.Ballistic); ok {
			note(b.BurnoutSpeed())
		}
		t0, t1 := th.mover.Start(), th.mover.End()
		for k := range speedSamples + 1 {
			if pos, vel, ok := th.mover.State(t0 + (t1-t0)*float64(k)/speedSamples); ok {
				note(r3.Norm(vel))
				level = max(level, horizontalSpeed(pos, vel))
			}
		}
	}
	if math.IsInf(slowest, 1) {
		return 0, 0, 0
	}
	return slowest, fastest, level
}

// horizontalSpeed returns the speed, m/s, of ECEF velocity vel across
// the local vertical (the ellipsoid's normal) at ECEF position pos.
func horizontalSpeed(pos, vel r3.Vec) float64 {
	lla := geo.FromECEF(pos)
	sLat, cLat := math.Sincos(lla.Lat)
	sLon, cLon := math.Sincos(lla.Lon)
	up := r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat}
	return r3.Norm(r3.Sub(vel, r3.Scale(r3.Dot(vel, up), up)))
}

// trackerLimits are the figures of a unit's tracker that follow from the
// scenario rather than from its tracker block: what no target can do.
type trackerLimits struct {
	maxSpeed float64 // m/s; 0 when the scenario has no threat
	// maxLevelSpeed is the fastest horizontal speed, m/s, with
	// speedMargin (track.Config.MaxLevelSpeed); 0 without threats.
	maxLevelSpeed float64
	minSpeed      float64 // m/s; 0 when the scenario has no threat
	initVelSigma  float64 // m/s, 1σ per axis
	// maxTurnRate is the fastest turn, rad/s, of any routed threat: its
	// hardest horizontal acceleration (its turns at waypoints and its
	// evasion break, the class's g limit) over its slowest speed. It is
	// what the tracker's turn model must follow; 0 when none turns.
	maxTurnRate float64
	// maxAccel is that hardest horizontal acceleration, m/s².
	maxAccel float64
	// turns are the routed threats' turns: each one's speeds and its
	// hardest horizontal acceleration (see turnAccelAt).
	turns []turnClass
	// ballistic says whether any threat flies a ballistic arc.
	ballistic bool
	// liftLoad is the hardest pull-up of any ballistic threat whose
	// re-entry manoeuvres (pull_up's max_load, m/s²; 0 when none does).
	liftLoad float64
	// climbSigma is the prior standard deviation, m/s, of a new track's
	// vertical speed in the aircraft models: the fastest climb or dive of
	// a routed threat with speedMargin, at least minClimbSigma.
	climbSigma float64
}

// minClimbSigma is the least vertical speed prior of a new track, m/s:
// a level flight's height holds to a few m/s, and a prior no narrower
// than this leaves room for what the sampling of the flights misses.
const minClimbSigma = 10.0

// turnClass is what one routed threat can do in a turn: its slowest and
// fastest speeds over its flight, m/s, and its hardest horizontal
// acceleration, m/s².
type turnClass struct{ slow, fast, accel float64 }

// turnAccelAt returns the hardest horizontal acceleration, m/s², of a
// target flying at v m/s among turns: the hardest of the threats that
// fly at that speed, within speedMargin of their own speeds; at a speed
// none of them flies, that of the one whose speeds are nearest (by
// ratio). A track of 50 m/s is a drone's, not a fighter's: it turns at
// the drone's half g. Nil when no threat turns.
func turnAccelAt(turns []turnClass) func(v float64) float64 {
	if len(turns) == 0 {
		return nil
	}
	return func(v float64) float64 {
		best, nearest, gap, covered := 0.0, 0.0, math.Inf(1), false
		for _, c := range turns {
			lo, hi := c.slow/speedMargin, c.fast*speedMargin
			if v >= lo && v <= hi {
				best, covered = max(best, c.accel), true
				continue
			}
			g := max(lo/max(v, 1), v/hi)
			if g < gap || g == gap && c.accel > nearest {
				nearest, gap = c.accel, g
			}
		}
		if covered {
			return best
		}
		return nearest
	}
}

// manoeuvres returns the fastest turn, rad/s, of the world's routed
// threats (each one's hardest horizontal acceleration, of its turns at
// waypoints and its evasion break, over its slowest speed) and their
// fastest vertical speed, m/s, at evenly spaced points of each flight,
// and each turning threat's speeds and acceleration. Ballistic threats
// are left out: the tracker's ballistic model follows them.
func (w *world) manoeuvres() (turnRate, maxAccel, climb float64, turns []turnClass) {
	for _, th := range w.threats {
		if th.spec.Ballistic() {
			continue
		}
		accel := th.spec.TurnAccel
		if ev := th.spec.Evade; ev != nil {
			accel = max(accel, ev.Accel)
		}
		slowest, fastest := math.Inf(1), 0.0
		t0, t1 := th.mover.Start(), th.mover.End()
		for k := range speedSamples + 1 {
			pos, vel, ok := th.mover.State(t0 + (t1-t0)*float64(k)/speedSamples)
			if !ok {
				continue
			}
			up := r3.Unit(pos) // the geocentric vertical: within 0.2° of the geodetic
			climb = max(climb, math.Abs(r3.Dot(vel, up)))
			slowest = min(slowest, r3.Norm(vel))
			fastest = max(fastest, r3.Norm(vel))
		}
		if accel > 0 && slowest > 0 && !math.IsInf(slowest, 1) {
			turnRate = max(turnRate, accel/slowest)
			maxAccel = max(maxAccel, accel)
			turns = append(turns, turnClass{slow: slowest, fast: fastest, accel: accel})
		}
	}
	return turnRate, maxAccel, climb, mergeTurns(turns)
}

// mergeTurns returns turns with the classes of equal acceleration whose
// speeds, with speedMargin, overlap made one: turnAccelAt gives the same
// answer at every speed (the union of two overlapping ranges is one
// range, and the nearest of its ends is the nearer of theirs), and asks
// a handful of classes instead of every threat, on every prediction of
// the turn model: the saturation raid's 140 turning threats make 4,
// grid-regional's 335 make 9.
func mergeTurns(turns []turnClass) []turnClass {
	if len(turns) == 0 {
		return nil
	}
	sorted := slices.Clone(turns)
	slices.SortFunc(sorted, func(a, b turnClass) int {
		if c := cmp.Compare(a.accel, b.accel); c != 0 {
			return c
		}
		return cmp.Compare(a.slow, b.slow)
	})
	merged := sorted[:1]
	for _, c := range sorted[1:] {
		last := &merged[len(merged)-1]
		if c.accel == last.accel && c.slow/speedMargin <= last.fast*speedMargin {
			last.fast = max(last.fast, c.fast)
			continue
		}
		merged = append(merged, c)
	}
	return merged
}

// limits are the tracker limits of the world's units (deriveLimits),
// derived once per run, or once per batch for the scenario the batch
// prepared (Shared.trackerLimits): they follow from the threats' figures
// and flights as the scenario writes them, before any break.
func (w *world) limits() trackerLimits {
	if w.lim == nil {
		l := w.shared.trackerLimits(w.s, w.deriveLimits)
		w.lim = &l
	}
	return *w.lim
}

// deriveLimits derives the tracker limits from the world's threats. The
// speed bounds are the fastest and the slowest threat with speedMargin;
// a new track's velocity prior is zero with a standard deviation of half
// the bound (one-point initiation: Bar-Shalom, Li and Kirubarajan 2001,
// §5.5.3). It samples each flight at 401 points (a hundredth of a
// replication of the bundled raid).
func (w *world) deriveLimits() trackerLimits {
	slowest, fastest, level := w.threatSpeeds()
	l := trackerLimits{maxSpeed: speedMargin * fastest, maxLevelSpeed: speedMargin * level, minSpeed: slowest / speedMargin, initVelSigma: initVelSigma}
	if l.maxSpeed > 0 {
		l.initVelSigma = l.maxSpeed / 2
	}
	for _, th := range w.threats {
		l.ballistic = l.ballistic || th.spec.Ballistic()
		if p := th.spec.PullUp; p != nil && th.spec.Ballistic() {
			load := p.MaxLoad
			if load == 0 {
				load = liftLoadUncapped
			}
			l.liftLoad = max(l.liftLoad, load)
		}
	}
	rate, accel, climb, turns := w.manoeuvres()
	l.maxTurnRate, l.maxAccel, l.turns = rate, accel, turns
	l.climbSigma = max(speedMargin*climb, minClimbSigma)
	return l
}

// ground is the tracker's Ground of a unit whose tracker frame is f: a
// position's height above the ground (Terrain.Ground: the terrain, the
// scenario's level ground, or the ellipsoid of a smooth earth) and the
// local vertical in the frame's axes.
func (w *world) ground(f geo.Frame) func(p r3.Vec) (float64, r3.Vec) {
	return func(p r3.Vec) (float64, r3.Vec) {
		lla, up := geo.FromECEFUp(f.FromENU(p))
		floor := w.terrain.Ground(lla.Lat, lla.Lon)
		return lla.Alt - floor, f.RotateToENU(up)
	}
}

// modelSojourn is the mean time, s, a track's target is believed to keep
// to each model of trackFilter when no threat manoeuvres: a quarter of
// an hour, for an aircraft does not turn into a ballistic missile nor one
// into an aircraft. With the IMM's default of 30 s, a low flyer coasting
// half a minute behind a ridge drifted to the ballistic model, fell under
// its own prediction and was pulled back by the ground, losing a quarter
// of its speed.
var modelSojourn = [5]float64{track.ModeCV: 900, track.ModeBallistic: 900}

// modelStart is the prior of a new track: most targets are not ballistic.
var modelStart = [5]float64{track.ModeCV: 0.8, track.ModeBallistic: 0.2}

// Switching of the IMM when threats manoeuvre (assumptions, 1/s): an
// aircraft is believed to start a turn once a minute and to end it after
// 10 s (a break and its hold, a turn at a waypoint), and to become
// ballistic, or a ballistic missile an aircraft, once in a quarter of an
// hour as above. A turn every 20 s kept the turn model's probability at a
// third on straight flight: its spread, mixed into the CV model over the
// search radars' 10 s revisits, kept a fighter's velocity above
// FirmTrack for minutes, and the fire-control radar was turned to it
// only at 100-250 s instead of 20-30 s.
const (
	rateTurn   = 1.0 / 60
	rateSteady = 1.0 / 10
	rateKind   = 1.0 / 900
)

// modelRates are those rates, by model.
var modelRates = [5][5]float64{
	track.ModeCV:        {track.ModeCT: rateTurn, track.ModeBallistic: rateKind},
	track.ModeCT:        {track.ModeCV: rateSteady, track.ModeBallistic: rateKind},
	track.ModeBallistic: {track.ModeCV: rateKind},
}

// modelStartTurn is the prior of a new track when threats turn: the
// share of time the rates give the turn model, a seventh of the
// aircraft's, taken from CV.
var modelStartTurn = [5]float64{track.ModeCV: 0.8 * 6 / 7, track.ModeCT: 0.8 / 7, track.ModeBallistic: 0.2}

// trackFilter is the filter of a unit's tracker whose frame is f and
// whose fire-control radar revisits its tracks every revisit seconds: an
// IMM of
//
//   - the constant-velocity model, with the tracker block's accel_noise,
//     for an aircraft or a cruise missile flying straight;
//   - when a routed threat turns or breaks (lim.maxTurnRate > 0), the
//     horizontal nearly-coordinated-turn model at an estimated turn rate
//     ω, for the same targets turning (motion.Break and the turns at
//     waypoints are level coordinated turns). ω is bounded by what a
//     target can fly at the track's own speed: the hardest manoeuvre
//     (g limit) of the scenario's threats that fly at that speed
//     (turnAccelAt, track.IMM.TurnAccelAt; at most lim.maxAccel, the
//     hardest of all) over that speed: a Gauss-Markov process with that
//     standard deviation and a correlation time of one fire-control
//     revisit T, so that a break is followed within a revisit and a
//     track coasting between the search radars' 10 s revisits does not
//     spread its heading without limit. The turn holds the speed: an
//     update that turns the velocity is kept at the predicted speed
//     within its spread, and the horizontal white acceleration is small,
//     density a²T/10 with a the bound at the track's speed (about 3 g
//     over one second for a 9 g fighter, for the roll-in and what the
//     turn model leaves out); vertically it keeps accel_noise.
//     The gate holds both models' predictions (track.IMM.GateModels).
//     With accel_noise alone the CV model sees a 9 g break, 88 m/s², as
//     noise of density 10 m²/s³: it lags the turn by hundreds of metres
//     within three seconds, the fire-control radar's detections fall
//     outside the track's gate and start a new track, and a round guided
//     on the old one is lost. A turn model whose ω was a random walk
//     bounded by the slowest threat's turn (a quadcopter's 0.65 rad/s),
//     with white acceleration a²T, gave a fighter's track kilometres of
//     gate and hundreds of m/s of velocity spread a second: in dense
//     raids tracks took their neighbours' detections and flew at
//     1.5-5 km/s. One bound for all, the raid's hardest turner's, gave a
//     Shahed-class drone's track (50 m/s, half a g) an anti-radiation
//     missile's 20 g: its prediction over a 6 s revisit took in the
//     drones ahead and behind in its column, and grid-regional's tracks
//     chained along columns at 3-4.5 km/s (track.TestDroneColumn);
//   - when a threat flies a ballistic arc, the ballistic model (gravity,
//     the earth's rotation and drag with an estimated ballistic
//     coefficient), so that one track follows a ballistic missile from
//     burnout to impact. The constant-velocity model alone sees gravity
//     as noise, misses a ballistic target by half a kilometre over a 10 s
//     revisit and splits its track in several. Where no threat is
//     ballistic the model is left out, as the speed bounds leave out
//     speeds no threat flies: a fighter tracked by search radars alone,
//     its height a few hundred metres off, was otherwise taken for a
//     falling body when the fire-control radar's first detections
//     corrected its height, and the unit aimed 5 km under it.
//
// The aircraft models start a track level, within lim.climbSigma
// (track.IMM.InitClimbSigma).
func trackFilter(ts scenario.TrackerSpec, f geo.Frame, lim trackerLimits, revisit float64) track.Filter {
	imm := &track.IMM{
		Models:     []int{track.ModeCV},
		Earth:      &track.Earth{Frame: f},
		AccelNoise: ts.AccelNoise, InitVelSigma: lim.initVelSigma,
		InitClimbSigma: lim.climbSigma,
		Sojourn:        modelSojourn, Start: modelStart,
	}
	if w := lim.maxTurnRate; w > 0 && revisit > 0 {
		imm.Models = append(imm.Models, track.ModeCT)
		imm.TurnAccel, imm.TurnMinSpeed, imm.TurnTime = lim.maxAccel, lim.minSpeed, revisit
		imm.TurnAccelAt = turnAccelAt(lim.turns)
		imm.TurnAccelNoise = lim.maxAccel * lim.maxAccel * revisit / 10
		imm.InitTurnSigma = w / 2
		imm.Rates = modelRates
		imm.Start = modelStartTurn
		imm.GateModels = []int{track.ModeCV, track.ModeCT}
	}
	if lim.ballistic {
		imm.Models = append(imm.Models, track.ModeBallistic)
	}
	if lim.liftLoad > 0 {
		liftModel(imm, lim.liftLoad)
	}
	return imm
}

// liftLoadUncapped stands for the hardest pull-up of a threat whose
// pull_up sets no max_load, m/s²: 30 g, beyond any public figure of a
// manoeuvring re-entry vehicle (an assumption).
const liftLoadUncapped = 30 * 9.80665

// liftTime is the correlation time of a manoeuvring re-entry's lift, s:
// the pull-up builds over seconds as the body descends into denser air,
// and the glide that follows lasts minutes; the filter renews it from
// the detections (assumption).
const liftTime = 20.0

// rateLift is the rate, 1/s, at which a ballistic missile is believed
// to start a manoeuvring re-entry, or to end one: once a minute
// (assumption: about one re-entry's length).
const rateLift = 1.0 / 60

// liftModel adds to imm the lift model (track.ModeLift), for a
// manoeuvring re-entry (motion.PullUp, up to load m/s²): the ballistic
// model with a manoeuvre acceleration whose standard deviation is the
// Singer model's for a target that pulls anything up to load, load/√3
// (R. A. Singer, IEEE Trans. AES 6(4), 1970, with no probability of
// either no manoeuvre or the hardest). The ballistic model alone knows
// gravity and drag only: at the pull-up a quasi-ballistic missile's
// detections leave its gate within a few fire-control revisits, and the
// track split in three to six, each a new threat drawing its own
// interceptor. The gate holds the lift model's prediction.
func liftModel(imm *track.IMM, load float64) {
	imm.Models = append(imm.Models, track.ModeLift)
	imm.LiftAccel, imm.LiftTime = load/math.Sqrt(3), liftTime
	if imm.Rates == ([5][5]float64{}) {
		imm.Rates[track.ModeCV][track.ModeBallistic] = 1 / modelSojourn[track.ModeCV]
		imm.Rates[track.ModeBallistic][track.ModeCV] = 1 / modelSojourn[track.ModeBallistic]
	}
	imm.Rates[track.ModeBallistic][track.ModeLift] = rateLift
	imm.Rates[track.ModeLift][track.ModeBallistic] = rateLift
	imm.Rates[track.ModeLift][track.ModeCV] = rateKind
	imm.Start[track.ModeLift] = imm.Start[track.ModeBallistic] / 2
	imm.Start[track.ModeBallistic] /= 2
	if imm.GateModels == nil {
		imm.GateModels = []int{track.ModeCV}
	}
	imm.GateModels = append(imm.GateModels, track.ModeLift)
}
