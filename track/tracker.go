package track

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/spatial/r3"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/iadsim/iadsim/track/assign"
)

// Config sets the tracker's models and track management.
type Config struct {
	// AccelNoise is the continuous white-noise acceleration spectral
	// density q (m²/s³) per axis of the constant-velocity model; see EKF.
	// About (maximum acceleration)²·(scan period) suits manoeuvring aircraft.
	AccelNoise float64
	// GateProb is the probability that the gate holds a target's own
	// detection (e.g. 0.999); the gate is the chi-square quantile with as
	// many degrees of freedom as the measurement has (3, or 4 with range
	// rate).
	GateProb float64
	// A tentative track is confirmed when ConfirmM of its first ConfirmN
	// opportunities (scans that covered it) gave it a detection, and
	// deleted as soon as that can no longer happen. 1 ≤ M ≤ N ≤ 64.
	// With Confirm set to ScoreConfirm they are checked but unused.
	ConfirmM, ConfirmN int
	// ConfirmAfterFirst makes M-of-N count from the second instant on:
	// the detections of the first only start the track (several sensors
	// may see it at that instant), the next gives it a velocity
	// (two-point initiation), and ConfirmM of the ConfirmN looks after
	// the first must detect it, so that with M ≥ 2 a track is confirmed
	// only once a detection has fallen in a gate predicted with a
	// velocity of its own (the "2/2 & M/N" logic of Bar-Shalom, Willett
	// and Tian, Tracking and Data Fusion, 2011, §3.x). Without it two
	// detections confirm a 2-of-3 track, and a pair of two targets'
	// detections that the speed bounds let through becomes a confirmed
	// ghost at whatever speed the pair implies.
	ConfirmAfterFirst bool
	// MaxMisses is the number of consecutive misses, counted only while
	// covered, that deletes a confirmed track when MaxCoast is zero.
	MaxMisses int
	// InitVelSigma is the 1-sigma (m/s, per axis) of the unknown velocity
	// of a track started from one detection.
	InitVelSigma float64
	// ConfirmSpread, when positive (above 1), is how closely a detection
	// must have been predicted to count towards confirming a track with
	// ConfirmAfterFirst: within ConfirmSpread times the radar's own
	// error (the geometric mean, over the measurement's axes, of the
	// innovation's standard deviation over the measurement's). Zero
	// counts every detection in the gate. See informative.
	ConfirmSpread float64
	// MaxSpeed (m/s), when positive, is the speed of the fastest target
	// the air can hold, with a margin. It gates the second detection of
	// a track (two-point initiation): some velocity of at most MaxSpeed
	// must carry the first detection to it within the chi-square gate of
	// their two position errors, so a tentative track cannot pair
	// detections of two targets, or a noisy pair of one, into a speed no
	// target has. And it deletes a track whose estimated speed exceeds
	// MaxSpeed by more than the one-dimensional gate (3.3σ at GateProb
	// 0.999) of its own speed uncertainty: no target could fly it. Set
	// InitVelSigma to about MaxSpeed/2 (the one-point initiation of
	// Bar-Shalom, Li and Kirubarajan, Estimation with Applications to
	// Tracking and Navigation, 2001, §5.5.3) so that a new track's
	// velocity prior agrees.
	MaxSpeed float64
	// MaxLevelSpeed (m/s), when positive and with Ground (which gives
	// the vertical), is the fastest horizontal speed of any target, with
	// a margin. It matters where it is below MaxSpeed: in a raid with
	// ballistic missiles, which fly fast only on a steep climb or dive,
	// a track flying level faster than anything else in the air is two
	// targets' detections, not a target (grid-regional: tracks that
	// passed along a column of cruise missiles 1.5 km apart at 2.5-3.3
	// km/s, level at 1.8 km, below the 2.8 km/s that the SRBMs' speed
	// allows; their horizontal speed is 1.6 km/s). A track whose
	// horizontal speed exceeds it by more than the one-dimensional gate
	// of its uncertainty is deleted, and a tentative track faster than
	// it is not confirmed, as with MaxSpeed.
	MaxLevelSpeed float64
	// MinSpeed (m/s), when positive, is the speed of the slowest target
	// the air can hold, with a margin: nothing in it hovers. A track's
	// second detection must then also have moved at least MinSpeed·Δt
	// from its first (within the gate), and the pairing is costed by how
	// far the pair is from such a speed rather than by a prediction at
	// zero velocity (see twoPoint: the column of targets). A track
	// slower than MinSpeed beyond the gate of its velocity uncertainty
	// is deleted.
	MinSpeed float64
	// Ground, when set, gives the height (m) of a tracker-frame position
	// above the ground or the sea (negative below it), and the local
	// vertical there as a unit vector in the tracker frame. A track whose
	// height is below the ground by more than the one-dimensional gate of
	// its height uncertainty is deleted, and a detection that far below
	// it starts no track: nothing flies there. The caller can give the
	// terrain, the sea, or the ellipsoid; the gate is the only margin.
	Ground func(pos r3.Vec) (height float64, up r3.Vec)
	// MaxPosSigma (m), when positive, deletes a track whose position
	// standard deviation sqrt(trace Ppos) grows beyond it, as it does for
	// a track coasting out of coverage. Zero keeps such tracks.
	MaxPosSigma float64
	// MaxCoast (s), when positive, is the longest a track lives without
	// a detection: any track, tentative or confirmed, is deleted once it
	// has gone this long since its last detection, whatever covered it,
	// and a confirmed track is not deleted sooner by its misses. Time, not
	// the miss count, decides, for two reasons. A sensor that revisits
	// every second but sees a faint target with a low Pd misses it three
	// times in a row often; the track is still good. And misses count
	// only while a sensor that has seen the track covers it, so a track
	// coasting out of every sensor's coverage (below the horizon, into
	// the ground on its last velocity) counts none: without this bound it
	// would coast forever. Set it to a few revisits of the slowest sensor
	// that holds the track. Zero deletes confirmed tracks on MaxMisses
	// alone, and leaves an uncovered track to MaxPosSigma.
	MaxCoast float64

	// PredictAll predicts every live track at every scan. Without it a
	// tentative track that has detections of one instant only is left
	// unpredicted by a scan none of whose detections can be its second
	// (none passes the two-point test of MaxSpeed, which needs no
	// prediction), while its coast limit is not reached. Such tracks are
	// mostly one false alarm each, and predicting each of them at every
	// scan of every radar was most of a battle's tracking (issue 21).
	//
	// The times of the scans it skipped are kept, and a scan that may
	// give it its second detection first predicts it through each of
	// them in turn, with the tests and the ground conditioning each scan
	// made: the estimate it gates with is the one PredictAll gives, bit
	// for bit. A scan of a sensor that has detected it still counts it a
	// miss if the sensor covers its position, which it takes from the
	// track's estimate moved on at its own velocity (coasted); a track
	// ended by its misses is reported as it stands, at its last
	// prediction. What differs from PredictAll: a track found under the
	// ground or too fast at a skipped scan is deleted at the later one,
	// and a miss is judged where the estimate's velocity carries it, not
	// at the filter's prediction: for a track of one instant, whose
	// velocity is its prior's, zero, that is where it was detected,
	// without the few metres an IMM's ballistic models drop it under
	// gravity and the ground conditioning lifts it at each scan, so that
	// a false alarm's track at the edge of a radar's cover may end by its
	// coast limit rather than its misses, or the other way. It needs
	// MaxSpeed; MaxPosSigma turns it off.
	PredictAll bool

	// Filter estimates each track; nil means the EKF built from
	// AccelNoise and InitVelSigma.
	Filter Filter
	// Associator pairs detections with tracks; nil means GNN. A JPDA
	// associator makes the tracker update each track with all the
	// detections in its gate, weighted.
	Associator Associator

	// PD is the probability of detecting a target in coverage; 0 means
	// 0.9. It weighs misses in the track score and in JPDA.
	PD float64
	// ClutterDensity is the false-alarm density β_FA: expected false
	// detections per scan per unit measurement volume (per m·rad² for a
	// polar sensor, per m·rad²·m/s with range rate, per m³ for a
	// Cartesian one). Zero turns off the track score; JPDA and
	// ScoreConfirm need it > 0.
	ClutterDensity float64
	// NewTargetDensity is β_NT, the density of new targets in the same
	// units; it sets a new track's score ln(β_NT/β_FA). 0 means
	// ClutterDensity/10.
	NewTargetDensity float64
	// Confirm chooses M-of-N (the default) or score-based confirmation.
	Confirm Confirmation
	// FalseConfirm (α) and TrueDelete (β) are the error probabilities of
	// the sequential probability ratio test of ScoreConfirm: confirm at
	// score ln((1-β)/α), delete a tentative track at ln(β/(1-α)).
	// 0 means 1e-6 and 0.01.
	FalseConfirm, TrueDelete float64
	// ScoreDrop, when positive, deletes a confirmed track whose score
	// has fallen this far below its highest (Blackman and Popoli §6.2.4).
	ScoreDrop float64
}

// Confirmation is a track confirmation rule.
type Confirmation int

const (
	// MofN confirms a track with ConfirmM detections in its first
	// ConfirmN chances.
	MofN Confirmation = iota
	// ScoreConfirm confirms a track by Wald's sequential probability
	// ratio test on its log-likelihood ratio score (Blackman and Popoli,
	// Design and Analysis of Modern Tracking Systems, 1999, §6.2): each
	// detection adds ln(PD/β_FA) - d²/2 - ln((2π)^(m/2)√det S), each
	// covered miss ln(1-PD), starting from ln(β_NT/β_FA).
	ScoreConfirm
)

// An Associator decides which detection updates each track. The tracker
// calls it once per cluster: a set of tracks and detections linked by
// their gates, so that the cost matrices stay small however many targets
// there are. cost is the row-major matrix of negative log likelihoods
// ½d² + ½ln det S, +Inf where the gate forbids the pair, with one row per
// track and dets columns: the cluster's detections first, then one
// column per track (column nDetections+i for track i, +Inf for the
// others) whose cost is that of the track taking no detection this
// scan. trackToDet[i] is the column for track i, or -1; a column past
// the detections means none.
type Associator interface {
	Associate(cost []float64, tracks, dets int) (trackToDet []int, err error)
}

// GNN is global nearest neighbour association: the assignment of most
// gated pairs, and of least total cost among those, by assign.Solve.
type GNN struct{}

// Associate solves the assignment problem on cost.
func (GNN) Associate(cost []float64, tracks, dets int) ([]int, error) {
	r, _, err := assign.Solve(cost, tracks, dets)
	return r, err
}

// Tracker holds the tracks of one air picture.
type Tracker struct {
	cfg     Config
	sensors []Sensor
	filter  Filter
	// tent estimates tentative tracks: the filter's Tentative stage when
	// it has one (see Staged), else the filter itself.
	tent   Filter
	assoc  Associator
	jpda   *JPDA
	gate   [maxZ + 1]float64 // chi-square gate on d² by measurement dimension
	gate1  float64           // sqrt(gate[1]): the gate in sigmas along one axis
	pd     float64
	tracks []entry // sorted by ID
	nextID int

	// Scratch reused across scans.
	valid  []int
	key    []float64 // first measurement component of each valid detection, sorted
	order  []int     // indices into valid, by key
	sorted []float64 // key in that order
	localT []int     // a track's index within its cluster, or -1
	localD []int     // a detection's index within its cluster, or -1
	ts, ds []int32   // the tracks and detections of one cluster
	preds  []Prediction
	ok     []bool
	pairs  []pair
	uf     []int32
	hit    []int        // detection (index into valid) for each track, or -1
	ext0   []any        // each track's filter state before the scan
	idle   []bool       // tracks the scan leaves unpredicted (see untouched)
	missed []bool       // of those, the ones it counts a miss
	gone   []string     // why a track caught up (see catchUp) is deleted, or ""
	dpos   [][3]float64 // each valid detection's position, when needed
	dtr    []float64    // and the trace of its covariance
	used   []bool
	cost   []float64
	pdas   []PDA
}

// entry is a track with the bookkeeping track management needs.
type entry struct {
	Track
	chances  int        // opportunities while tentative: hits plus misses
	born     float64    // time of the first detection
	first    [3]float64 // position of the first detection (or detections, of one instant)
	cov0     [9]float64 // its position covariance
	later    int        // hits after the first instant, born
	maxScore float64
	seenBy   uint64 // sensors (bit per index, the first 64) that have detected the track
	// skipped are the times of the scans that left the track
	// unpredicted since its last prediction (see Config.PredictAll).
	skipped []float64
}

// pair is a gated (track, detection) pair of one scan.
type pair struct {
	t, d   int32 // track index, index into valid
	cost   float64
	d2     float64
	logDet float64
}

// New returns a tracker with no tracks for the given sensors, which Scan
// names by index.
func New(cfg Config, sensors []Sensor) (*Tracker, error) {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !(cfg.AccelNoise >= 0) || math.IsInf(cfg.AccelNoise, 0) {
		bad("AccelNoise %v: want a finite q ≥ 0 (m²/s³)", cfg.AccelNoise)
	}
	if !(cfg.GateProb > 0 && cfg.GateProb < 1) {
		bad("GateProb %v: want a probability in (0, 1), e.g. 0.999", cfg.GateProb)
	}
	if cfg.ConfirmM < 1 || cfg.ConfirmN < cfg.ConfirmM || cfg.ConfirmN > 64 {
		bad("ConfirmM %d of ConfirmN %d: want 1 ≤ M ≤ N ≤ 64", cfg.ConfirmM, cfg.ConfirmN)
	}
	if cfg.MaxMisses < 1 {
		bad("MaxMisses %d: want ≥ 1", cfg.MaxMisses)
	}
	if !(cfg.InitVelSigma > 0) || math.IsInf(cfg.InitVelSigma, 0) {
		bad("InitVelSigma %v: want a finite speed > 0 (m/s)", cfg.InitVelSigma)
	}
	if !(cfg.MaxCoast >= 0) || math.IsInf(cfg.MaxCoast, 0) {
		bad("MaxCoast %v: want a finite time ≥ 0 (s; 0 = unused)", cfg.MaxCoast)
	}
	if !(cfg.MaxSpeed >= 0) || !(cfg.MaxPosSigma >= 0) || !(cfg.MinSpeed >= 0) || math.IsInf(cfg.MinSpeed, 0) {
		bad("MaxSpeed %v, MinSpeed %v, MaxPosSigma %v: want ≥ 0 (0 = unused)", cfg.MaxSpeed, cfg.MinSpeed, cfg.MaxPosSigma)
	}
	if !(cfg.MaxLevelSpeed >= 0) {
		bad("MaxLevelSpeed %v: want ≥ 0 (m/s; 0 = unused)", cfg.MaxLevelSpeed)
	}
	if cfg.MaxSpeed > 0 && cfg.MinSpeed >= cfg.MaxSpeed {
		bad("MinSpeed %v ≥ MaxSpeed %v: want the slowest target slower than the fastest", cfg.MinSpeed, cfg.MaxSpeed)
	}
	if !(cfg.PD >= 0 && cfg.PD < 1) {
		bad("PD %v: want a probability in (0, 1), or 0 for 0.9", cfg.PD)
	}
	if !(cfg.ClutterDensity >= 0) || math.IsInf(cfg.ClutterDensity, 0) || !(cfg.NewTargetDensity >= 0) || math.IsInf(cfg.NewTargetDensity, 0) {
		bad("ClutterDensity %v, NewTargetDensity %v: want finite densities ≥ 0", cfg.ClutterDensity, cfg.NewTargetDensity)
	}
	if !(cfg.FalseConfirm >= 0 && cfg.FalseConfirm < 0.5) || !(cfg.TrueDelete >= 0 && cfg.TrueDelete < 0.5) {
		bad("FalseConfirm %v, TrueDelete %v: want probabilities in [0, 0.5), 0 for the defaults", cfg.FalseConfirm, cfg.TrueDelete)
	}
	if !(cfg.ConfirmSpread == 0 || cfg.ConfirmSpread > 1) || math.IsInf(cfg.ConfirmSpread, 0) {
		bad("ConfirmSpread %v: want a finite ratio > 1, or 0 (unused)", cfg.ConfirmSpread)
	}
	if !(cfg.ScoreDrop >= 0) {
		bad("ScoreDrop %v: want ≥ 0 (0 = unused)", cfg.ScoreDrop)
	}
	if cfg.Confirm != MofN && cfg.Confirm != ScoreConfirm {
		bad("Confirm %d: want MofN or ScoreConfirm", cfg.Confirm)
	}
	_, isJPDA := cfg.Associator.(*JPDA)
	if _, ok := cfg.Associator.(JPDA); ok {
		isJPDA = true
	}
	if (isJPDA || cfg.Confirm == ScoreConfirm) && !(cfg.ClutterDensity > 0) {
		bad("ClutterDensity %v: JPDA and score confirmation need a false-alarm density > 0", cfg.ClutterDensity)
	}
	for i, s := range sensors {
		if err := checkSensor(&s); err != nil {
			bad("sensor %d (%q): %w", i, s.ID, err)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("track: bad config: %w", errors.Join(errs...))
	}
	if cfg.PD == 0 {
		cfg.PD = 0.9
	}
	if cfg.NewTargetDensity == 0 {
		cfg.NewTargetDensity = cfg.ClutterDensity / 10
	}
	if cfg.FalseConfirm == 0 {
		cfg.FalseConfirm = 1e-6
	}
	if cfg.TrueDelete == 0 {
		cfg.TrueDelete = 0.01
	}
	tr := &Tracker{cfg: cfg, sensors: slices.Clone(sensors), filter: cfg.Filter, assoc: cfg.Associator, nextID: 1, pd: cfg.PD}
	if tr.filter == nil {
		tr.filter = &EKF{AccelNoise: cfg.AccelNoise, InitVelSigma: cfg.InitVelSigma}
	}
	tr.tent = tr.filter
	if st, ok := tr.filter.(Staged); ok {
		if f := st.Tentative(); f != nil {
			tr.tent = f
		}
	}
	switch a := tr.assoc.(type) {
	case nil:
		tr.assoc = GNN{}
	case *JPDA:
		tr.jpda = a
	case JPDA:
		tr.jpda = &a
	}
	for m := 1; m <= maxZ; m++ {
		tr.gate[m] = distuv.ChiSquared{K: float64(m)}.Quantile(cfg.GateProb)
	}
	tr.gate1 = math.Sqrt(tr.gate[1])
	return tr, nil
}

func checkSensor(s *Sensor) error {
	switch s.Kind {
	case Cartesian:
		for _, v := range []float64{s.SigmaX, s.SigmaY, s.SigmaZ} {
			if !(v > 0) || math.IsInf(v, 0) {
				return fmt.Errorf("sigmas %v, %v, %v: want finite values > 0 (m)", s.SigmaX, s.SigmaY, s.SigmaZ)
			}
		}
		return nil
	case Polar:
	default:
		return fmt.Errorf("kind %d: want Polar or Cartesian", s.Kind)
	}
	for _, v := range []float64{s.SigmaRange, s.SigmaAz, s.SigmaEl} {
		if !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("sigmas %v, %v, %v: want finite values > 0", s.SigmaRange, s.SigmaAz, s.SigmaEl)
		}
	}
	if !(s.SigmaRangeRate >= 0) || math.IsInf(s.SigmaRangeRate, 0) {
		return fmt.Errorf("SigmaRangeRate %v: want a finite value ≥ 0 (0: no range rate)", s.SigmaRangeRate)
	}
	for _, v := range []float64{s.Pos.X, s.Pos.Y, s.Pos.Z} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("position %v is not finite", s.Pos)
		}
	}
	R := &s.Rot
	for a := range 3 {
		for b := range 3 {
			dot := R[a*3]*R[b*3] + R[a*3+1]*R[b*3+1] + R[a*3+2]*R[b*3+2]
			want := 0.0
			if a == b {
				want = 1
			}
			if !(math.Abs(dot-want) < 1e-9) {
				return fmt.Errorf("Rot is not orthonormal (row %d·row %d = %v)", a, b, dot)
			}
		}
	}
	det := R[0]*(R[4]*R[8]-R[5]*R[7]) - R[1]*(R[3]*R[8]-R[5]*R[6]) + R[2]*(R[3]*R[7]-R[4]*R[6])
	if det < 0 {
		return errors.New("Rot is a reflection (determinant -1), not a rotation")
	}
	return nil
}

// Sensors returns a copy of the tracker's sensors.
func (tr *Tracker) Sensors() []Sensor { return slices.Clone(tr.sensors) }

// Scan processes one scan of sensor (an index into the sensors given to
// New) at time t. It predicts the live tracks to t (every one with
// Config.PredictAll; else a new track that no detection of the scan can
// reach keeps its state until one can, so that the tracks it returns
// may be of earlier times), gates the detections with the filter's
// innovation covariance, associates them (GNN by default, or JPDA),
// updates the tracks, starts a tentative track on each detection left
// over, and runs confirmation and deletion.
//
// Gating does not try every pair: the detections are sorted on their
// first measurement component (range, or x for a Cartesian sensor) and
// each track looks only at the window its gate allows on that axis, so
// a scan costs O((tracks + detections) log detections) plus the pairs
// that pass. Tracks and detections linked by gates form clusters, and
// association runs on each cluster alone.
//
// A track that gets no detection counts a miss only when this sensor has
// detected it before and covered is nil or covered(position) is true: a
// sensor cannot miss what it does not look at, and a sensor that has never
// seen a target (another band, less power, a narrow sector, a target too
// small for it) says nothing by not seeing it now. So a fire-control radar
// scanning every second does not delete, by its silence, the tracks a
// surveillance radar holds at ranges only it reaches. Silence is not
// evidence then, but time is: with Config.MaxCoast a track ends once it
// has gone that long without a detection, covered or not. Scans should
// come in time order; a track whose state is already later than t is not
// moved back in time. Detections with a
// non-finite value or a range ≤ 0 are ignored, and so is a scan of an
// unknown sensor. Scan returns what changed, existing tracks (by ID)
// first, then the new ones.
func (tr *Tracker) Scan(t float64, sensor int, dets []Detection, covered func(pos r3.Vec) bool) []Change {
	if sensor < 0 || sensor >= len(tr.sensors) || math.IsNaN(t) || math.IsInf(t, 0) {
		return nil
	}
	s := &tr.sensors[sensor]
	tr.prepare(t, sensor, dets, covered)
	var pdaOf []int // track -> index into tr.pdas, for JPDA
	var err error
	if tr.jpda != nil {
		pdaOf, err = tr.associateJPDA(s, dets)
	} else {
		err = tr.associateGNN()
	}
	if err != nil {
		// A broken associator must not spawn a duplicate track on every
		// detection: drop the scan's associations and starts.
		for i := range tr.hit {
			tr.hit[i] = -1
		}
		pdaOf = nil
		for k := range tr.used {
			tr.used[k] = true
		}
	}

	var changes []Change
	cfg := &tr.cfg
	scoring := cfg.ClutterDensity > 0
	live := tr.tracks[:0]
	for i := range tr.tracks {
		// The entry in place, copied into live when it stays: a copy in a
		// local escaped to the heap (the filter's methods take its
		// address through an interface), 4 KB a track and scan.
		e := &tr.tracks[i]
		if tr.idle[i] {
			// No detection of the scan can be its second (see
			// untouched); a miss counts all the same.
			if tr.missed[i] {
				e.Misses++
				e.chances++
				if scoring {
					e.Score += math.Log(1 - tr.pd)
				}
				e.maxScore = max(e.maxScore, e.Score)
				if tr.hopeless(e) {
					// It ends as it stands, at its last prediction: one
					// more, over the scans it skipped, would cost what
					// skipping them saved.
					e.Status = Deleted
					changes = append(changes, Change{Kind: TrackDeleted, Track: e.Track, Reason: "not confirmed"})
					continue
				}
			}
			live = append(live, *e)
			continue
		}
		if why := tr.gone[i]; why != "" {
			// Caught up through the scans it skipped, it was found at
			// one of them where no target can be.
			e.Status = Deleted
			changes = append(changes, Change{Kind: TrackDeleted, Track: e.Track, Reason: why})
			continue
		}
		got := false
		var r [maxZ]float64 // the variances of the detection that updated the track
		switch {
		case pdaOf != nil && pdaOf[i] >= 0:
			h := tr.pdas[pdaOf[i]]
			if err := tr.updatePDA(e, i, s, h); err == nil {
				got = true
				r = measVar(s, nil)
				best, bestB := -1, h.Beta0
				var lr float64 // Σ_k g_k: the PDA likelihood ratio, less the miss term
				for k := range h.Dets {
					if h.Beta[k] > bestB {
						best, bestB = k, h.Beta[k]
					}
				}
				if best >= 0 {
					e.Tag = h.Dets[best].Tag
				}
				if scoring {
					lr = tr.pdaRatio(i, h)
					e.Score += math.Log(1 - tr.pd*cfg.GateProb + lr)
				}
			}
		case tr.hit[i] >= 0:
			d := dets[tr.valid[tr.hit[i]]]
			if err := tr.update(e, i, s, d); err == nil {
				got = true
				r = measVar(s, &d)
				e.Tag = d.Tag
				if scoring {
					e.Score += tr.hitScore(i, d)
				}
			}
		}
		// A state no target can have (too fast, under the ground) ends
		// the track before anything else: such a track is a ghost or has
		// lost its target, and must neither be confirmed nor coast on.
		// One that may be under the ground only by its uncertainty is
		// conditioned on being above it.
		why := tr.implausible(&e.Track)
		if why == "" {
			// A state the scan made (a prediction, an update) is the
			// track's alone until the scan returns.
			tr.aboveGround(&e.Track, e.ext != tr.ext0[i])
		}
		if why != "" {
			e.Status = Deleted
		}
		if got {
			e.seenBy |= sensorBit(sensor)
			e.Updated = t
			e.Hits++
			e.Misses = 0
			if t > e.born {
				if e.later == 0 || tr.informative(&tr.preds[i], &r) {
					e.later++
				}
			} else {
				// Another sensor's detection of the first instant: a
				// better first position for the two-point test, no
				// velocity yet.
				e.first = [3]float64{e.X[0], e.X[1], e.X[2]}
				e.cov0 = [9]float64{e.P[0], e.P[1], e.P[2], e.P[6], e.P[7], e.P[8], e.P[12], e.P[13], e.P[14]}
			}
			if e.Status == Tentative {
				e.chances++
				if tr.confirmed(e) {
					tr.promote(&e.Track, t)
					changes = append(changes, Change{Kind: TrackConfirmed, Track: e.Track})
				}
			}
		} else if e.seenBy&sensorBit(sensor) != 0 && (covered == nil || covered(e.Pos())) {
			e.Misses++
			if scoring {
				e.Score += math.Log(1 - tr.pd)
			}
			switch e.Status {
			case Tentative:
				e.chances++
				if tr.hopeless(e) {
					e.Status, why = Deleted, "not confirmed"
				}
			case Confirmed:
				if cfg.MaxCoast <= 0 && e.Misses >= cfg.MaxMisses {
					e.Status, why = Deleted, "misses"
				}
			}
		}
		if !got && e.Status != Deleted && cfg.MaxCoast > 0 && t-e.Updated >= cfg.MaxCoast {
			e.Status, why = Deleted, "coast limit"
		}
		e.maxScore = max(e.maxScore, e.Score)
		if e.Status == Confirmed && cfg.ScoreDrop > 0 && e.maxScore-e.Score > cfg.ScoreDrop {
			e.Status, why = Deleted, "score"
		}
		if cfg.MaxPosSigma > 0 && e.Status != Deleted &&
			e.P[0]+e.P[7]+e.P[14] > cfg.MaxPosSigma*cfg.MaxPosSigma {
			e.Status, why = Deleted, "uncertainty"
		}
		if e.Status == Deleted {
			changes = append(changes, Change{Kind: TrackDeleted, Track: e.Track, Reason: why})
			continue
		}
		live = append(live, *e)
	}
	tr.tracks = live
	clear(tr.ext0) // keep no state of a past scan alive

	for k, di := range tr.valid {
		if tr.used[k] {
			continue
		}
		d := dets[di]
		x, p, err := tr.tent.Initiate(s, d)
		if err != nil {
			continue
		}
		if tr.belowGround(x[:3], &p) {
			// A detection far under the ground (a multipath image, a
			// wild elevation error) is no target's.
			continue
		}
		// Built in place at the end of the tracks, not in a local that
		// would escape to the heap (see the loop above).
		tr.tracks = append(tr.tracks, entry{
			Track:   Track{ID: tr.nextID, Status: Tentative, T: t, X: x, P: p, Hits: 1, Tag: d.Tag, Confirmed: math.NaN(), Updated: t},
			chances: 1,
			seenBy:  sensorBit(sensor),
			born:    t,
			first:   [3]float64{x[0], x[1], x[2]},
			cov0:    [9]float64{p[0], p[1], p[2], p[6], p[7], p[8], p[12], p[13], p[14]},
		})
		e := &tr.tracks[len(tr.tracks)-1]
		if scoring {
			e.Score = math.Log(cfg.NewTargetDensity / cfg.ClutterDensity)
			e.maxScore = e.Score
		}
		tr.nextID++
		changes = append(changes, Change{Kind: TrackInitiated, Track: e.Track})
		if tr.confirmed(e) {
			tr.promote(&e.Track, t)
			changes = append(changes, Change{Kind: TrackConfirmed, Track: e.Track})
		}
	}
	return changes
}

// prepare predicts every track that the scan can touch to t (see
// Config.PredictAll), picks the valid detections and gates them, leaving
// the pairs in tr.pairs.
func (tr *Tracker) prepare(t float64, sensor int, dets []Detection, covered func(pos r3.Vec) bool) {
	s := &tr.sensors[sensor]
	tr.valid = tr.valid[:0]
	var maxR [maxZ]float64
	for k := range dets {
		if validDet(s, &dets[k]) {
			tr.valid = append(tr.valid, k)
			r := measVar(s, &dets[k])
			for a := range r {
				maxR[a] = max(maxR[a], r[a])
			}
		}
	}
	nT, nD := len(tr.tracks), len(tr.valid)
	tr.preds = resize(tr.preds, nT)
	tr.ok = resize(tr.ok, nT)
	tr.hit = resize(tr.hit, nT)
	tr.ext0 = resize(tr.ext0, nT)
	tr.idle = resize(tr.idle, nT)
	tr.missed = resize(tr.missed, nT)
	tr.gone = resize(tr.gone, nT)
	tr.used = resize(tr.used, nD)
	clear(tr.used)
	tr.dpos = tr.dpos[:0]
	for i := range tr.tracks {
		e := &tr.tracks[i]
		tk := &e.Track
		f := tr.filterOf(tk)
		tr.ext0[i] = tk.ext
		tr.hit[i] = -1
		tr.idle[i], tr.missed[i], tr.gone[i], tr.ok[i] = false, false, "", false
		if t > tk.T {
			tr.idle[i], tr.missed[i] = tr.untouched(e, t, sensor, dets, covered)
		}
		if tr.idle[i] {
			e.skipped = append(e.skipped, t)
			continue
		}
		if tr.gone[i] = tr.catchUp(e); tr.gone[i] != "" {
			continue
		}
		if t > tk.T {
			f.Predict(tk, t)
		}
		p, err := f.PredictMeasurement(tk, s)
		tr.preds[i], tr.ok[i] = p, err == nil
	}
	tr.gatePairs(s, dets, t, &maxR)
}

// ownedUpdater is a filter that can update a track whose state the
// tracker alone holds, and keep the state it replaces for reuse (the
// IMM: see IMM.updateOwned).
type ownedUpdater interface {
	updateOwned(tk *Track, s *Sensor, d Detection) error
	updatePDAOwned(tk *Track, s *Sensor, h PDA) error
}

// owned reports whether track i's filter state was made in this scan
// (by its prediction), so that nothing outside the tracker holds it:
// the tracks it hands out are copies of earlier states.
func (tr *Tracker) owned(e *entry, i int) bool {
	return e.ext != nil && e.ext != tr.ext0[i]
}

// update updates track i, e, with d by its filter.
func (tr *Tracker) update(e *entry, i int, s *Sensor, d Detection) error {
	f := tr.filterOf(&e.Track)
	if o, ok := f.(ownedUpdater); ok && tr.owned(e, i) {
		return o.updateOwned(&e.Track, s, d)
	}
	return f.Update(&e.Track, s, d)
}

// updatePDA runs track i's PDA update with h.
func (tr *Tracker) updatePDA(e *entry, i int, s *Sensor, h PDA) error {
	f := tr.filterOf(&e.Track)
	if o, ok := f.(ownedUpdater); ok && tr.owned(e, i) {
		return o.updatePDAOwned(&e.Track, s, h)
	}
	return f.UpdatePDA(&e.Track, s, h)
}

// informative reports whether a detection with variances r, in the gate
// of prediction p, counts towards confirmation: p predicted it within
// ConfirmSpread times the detection's own error, or ConfirmSpread is 0.
//
// The second instant of a track gives it a velocity, from two detections
// whose errors, over the interval, may leave that velocity uncertain by
// hundreds of m/s: a search radar's plot, 300 m wide across the beam,
// followed a second later by the fire-control radar's. The next
// detection then falls in a gate kilometres wide after a revisit of
// 10 s, and in a column of targets it is another target's as often as
// its own: it tests nothing, and with it the track was confirmed at the
// speed the two targets' plots made (grid-regional: 750 m/s from the
// plots of two drones at 50 m/s, then 3-5 km/s). A track of one target
// whose first two detections came a revisit of one radar apart predicts
// the third within about twice that radar's error (one axis: a velocity
// known to √2σ/T, so a prediction σ√(1 + 2) and an innovation σ√4), so
// three leaves room for process noise and a longer gap. A detection in
// a wider gate still updates the track and keeps it alive; it only does
// not count. The price is paid where targets show themselves in short
// glimpses: over hills a cruise missile seen by the search radar and
// then by the fire-control radar, whose error is ten times smaller,
// may not be confirmed before it is masked again (the battle does not
// set it: in examples/s400-white-mountains-raid.yaml one more cruise
// missile leaked with ConfirmSpread 3).
func (tr *Tracker) informative(p *Prediction, r *[maxZ]float64) bool {
	if tr.cfg.ConfirmSpread <= 0 {
		return true
	}
	logR := 0.0
	for a := range p.Dim {
		if !(r[a] > 0) {
			return true
		}
		logR += math.Log(r[a])
	}
	return (p.LogDetS-logR)/float64(2*p.Dim) <= math.Log(tr.cfg.ConfirmSpread)
}

// promote confirms tk at t and, when tentative tracks have a filter of
// their own, hands its estimate to the full filter at once (a
// prediction over no time), so that the confirmed track carries that
// filter's state, an IMM's model probabilities among it, from the
// change that announces it.
func (tr *Tracker) promote(tk *Track, t float64) {
	tk.Status, tk.Confirmed = Confirmed, t
	if tr.tent != tr.filter {
		tr.filter.Predict(tk, tk.T)
	}
}

// filterOf returns the filter that estimates tk: the tentative stage
// until the track is confirmed, then the full filter, which takes over
// the stage's estimate (an IMM builds its models from it).
func (tr *Tracker) filterOf(tk *Track) Filter {
	if tk.Status == Tentative {
		return tr.tent
	}
	return tr.filter
}

// beyondReach reports whether a detection at distance n from a track's
// first position surely fails the two-point test (twoPoint) whose gate
// on d² is gate, the speed bound allowing a displacement up to rMax, the
// detections' position covariances summing to C of trace trC. The test's
// d² is the squared distance under C from the shell of allowed
// displacements, which lies in the ball of radius rMax: at least
// (n - rMax)²/λ_max(C) ≥ (n - rMax)²/trace C. A margin of 1% covers
// rounding; a detection within the bound costs a prediction, not a
// pairing.
func beyondReach(n, rMax, trC, gate float64) bool {
	return n > rMax && sq(n-rMax) > 1.01*gate*trC
}

// coasted is where track tk's estimate puts it at t, moved on at its own
// velocity: where a scan that leaves it unpredicted judges its miss (see
// Config.PredictAll). The tracks left unpredicted have detections of one
// instant only, so their velocity is their prior's, and moving the
// filter's models instead (an IMM's ballistic models falling, the ground
// lifting them back) at every scan of a radar that has seen them was a
// twentieth of a battle's CPU for a few metres.
func coasted(tk *Track, t float64) r3.Vec {
	dt := t - tk.T
	return r3.Vec{X: tk.X[0] + dt*tk.X[3], Y: tk.X[1] + dt*tk.X[4], Z: tk.X[2] + dt*tk.X[5]}
}

// untouched reports whether the scan of sensor at t, with dets, can leave
// track e unpredicted (see Config.PredictAll), and if so whether it
// counts the track a miss: a tentative track with detections of one
// instant only, none of the scan's detections passing its two-point test,
// its coast limit not reached.
func (tr *Tracker) untouched(e *entry, t float64, sensor int, dets []Detection, covered func(pos r3.Vec) bool) (idle, missed bool) {
	cfg := &tr.cfg
	if cfg.PredictAll || cfg.MaxPosSigma > 0 || !(cfg.MaxSpeed > 0) || e.Status != Tentative || e.later > 0 ||
		cfg.MaxCoast > 0 && t-e.Updated >= cfg.MaxCoast {
		return false, false
	}
	s := &tr.sensors[sensor]
	if len(tr.dpos) < len(tr.valid) {
		tr.dpos, tr.dtr = tr.dpos[:0], tr.dtr[:0]
		for _, di := range tr.valid {
			pos, cov := detPos(s, &dets[di])
			tr.dpos = append(tr.dpos, pos)
			tr.dtr = append(tr.dtr, cov[0]+cov[4]+cov[8])
		}
	}
	rMax := cfg.MaxSpeed * max(t-e.born, 0)
	tr0 := e.cov0[0] + e.cov0[4] + e.cov0[8]
	for k, pos := range tr.dpos {
		n := math.Sqrt(sq(pos[0]-e.first[0]) + sq(pos[1]-e.first[1]) + sq(pos[2]-e.first[2]))
		if beyondReach(n, rMax, tr0+tr.dtr[k], tr.gate[3]) {
			continue
		}
		// Near enough for the bound: the test itself, which needs no
		// prediction either, decides.
		if d2, _ := tr.twoPoint(e, s, &dets[tr.valid[k]], t); d2 <= tr.gate[3] {
			return false, false
		}
	}
	if e.seenBy&sensorBit(sensor) == 0 {
		return true, false // a sensor that never saw it says nothing by its silence
	}
	if covered == nil {
		return true, true
	}
	return true, covered(coasted(&e.Track, t))
}

// catchUp predicts track e through the scans it skipped, each as Scan
// would have, bit for bit: the prediction to the scan's time, the
// plausibility tests, the ground conditioning. A scan that left a track
// unpredicted gave it no detection, and a miss it counted changes no
// estimate, so nothing else moved it. It returns why the track is
// deleted if one of those
// states is one no target can have (and leaves the track there), or "".
func (tr *Tracker) catchUp(e *entry) string {
	f := tr.filterOf(&e.Track)
	for _, at := range e.skipped {
		f.Predict(&e.Track, at)
		if why := tr.implausible(&e.Track); why != "" {
			return why
		}
		// The prediction is the track's own: nothing outside holds it.
		tr.aboveGround(&e.Track, true)
	}
	e.skipped = e.skipped[:0]
	return ""
}

// confirmed reports whether a tentative track has met its confirmation
// rule. With MaxSpeed set it must also fly no faster than that (and no
// faster level than MaxLevelSpeed): a track
// whose few detections still put it above any target's speed has not
// shown itself to be a target yet (a noisy pair of detections a second
// apart, or a pair of two targets' detections), and stays tentative
// until more detections settle its velocity.
func (tr *Tracker) confirmed(e *entry) bool {
	if v := tr.cfg.MaxSpeed; v > 0 && sq(e.X[3])+sq(e.X[4])+sq(e.X[5]) > v*v {
		return false
	}
	if _, level, ok := tr.levelVelocity(&e.Track); ok && level > tr.cfg.MaxLevelSpeed {
		return false
	}
	if tr.cfg.Confirm == ScoreConfirm {
		return e.Score >= math.Log((1-tr.cfg.TrueDelete)/tr.cfg.FalseConfirm)
	}
	hits := e.Hits
	if tr.cfg.ConfirmAfterFirst {
		hits = e.later
	}
	return hits >= tr.cfg.ConfirmM
}

// hopeless reports whether a tentative track can no longer be confirmed.
func (tr *Tracker) hopeless(e *entry) bool {
	if tr.cfg.Confirm == ScoreConfirm {
		return e.Score <= math.Log(tr.cfg.TrueDelete/(1-tr.cfg.FalseConfirm))
	}
	return e.chances-e.Hits > tr.cfg.ConfirmN-tr.cfg.ConfirmM
}

// hitScore is the score increment of track i updated with d: the log
// likelihood ratio ln(PD·N(ν; 0, S)/β_FA).
func (tr *Tracker) hitScore(i int, d Detection) float64 {
	p := &tr.preds[i]
	d2, ld, ok := p.Likelihood(d)
	if !ok {
		return 0
	}
	return math.Log(tr.pd/tr.cfg.ClutterDensity) - d2/2 - ld/2 - float64(p.Dim)/2*math.Log(2*math.Pi)
}

// pdaRatio returns Σ_k PD·N(ν_k; 0, S)/β_FA over the detections of h.
func (tr *Tracker) pdaRatio(i int, h PDA) float64 {
	var sum float64
	for _, d := range h.Dets {
		sum += math.Exp(tr.hitScore(i, d))
	}
	return sum
}

// gatePairs fills tr.pairs with the (track, detection) pairs inside
// their gates, by track and then by detection.
func (tr *Tracker) gatePairs(s *Sensor, dets []Detection, t float64, maxR *[maxZ]float64) {
	tr.pairs = tr.pairs[:0]
	nD := len(tr.valid)
	if nD == 0 {
		return
	}
	tr.order = resize(tr.order, nD)
	tr.key = resize(tr.key, nD)
	for k, di := range tr.valid {
		tr.order[k] = k
		z := measVec(s, &dets[di])
		tr.key[k] = z[0]
	}
	slices.SortStableFunc(tr.order, func(a, b int) int { return cmpFloat(tr.key[a], tr.key[b]) })
	tr.sorted = resize(tr.sorted, nD)
	sorted := tr.sorted
	for j, k := range tr.order {
		sorted[j] = tr.key[k]
	}
	polar := s.Kind == Polar
	var cand []int
	for i := range tr.tracks {
		if !tr.ok[i] {
			continue
		}
		p := &tr.preds[i]
		gate := tr.gate[p.Dim]
		// For positive definite S, νᵀS⁻¹ν ≥ ν_j²/S_jj: a detection whose
		// first or second component alone is out of the gate is out of
		// it. The bound uses the largest R of the scan, so that a
		// detection with its own larger sigma is not cut by it.
		w0 := math.Sqrt(gate * (p.HPH[0] + maxR[0]))
		g1 := gate * (p.HPH[5] + maxR[1])
		lo, _ := slices.BinarySearch(sorted, p.Z[0]-w0)
		cand = cand[:0]
		for j := lo; j < nD && sorted[j] <= p.Z[0]+w0; j++ {
			k := tr.order[j]
			d := &dets[tr.valid[k]]
			z1 := d.Pos.Y
			if polar {
				z1 = d.Az
			}
			n1 := z1 - p.Z[1]
			if polar {
				n1 = wrapPi(n1)
			}
			if n1*n1 > g1 {
				continue
			}
			cand = append(cand, k)
		}
		slices.Sort(cand)
		for _, k := range cand {
			d := &dets[tr.valid[k]]
			d2, ld, ok := p.Likelihood(*d)
			if !ok || d2 > gate {
				continue
			}
			c2 := d2
			if v2, two := tr.twoPoint(&tr.tracks[i], s, d, t); two {
				if v2 > tr.gate[3] {
					continue
				}
				c2 = v2
			}
			tr.pairs = append(tr.pairs, pair{t: int32(i), d: int32(k), cost: 0.5 * (c2 + ld), d2: d2, logDet: ld})
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// clusters groups tr.pairs into clusters of tracks and detections linked
// by gates. It returns the pairs reordered by cluster (each cluster's
// pairs keep their order) and the start of each cluster in it; clusters
// come in the order of their lowest track.
func (tr *Tracker) clusters() (ordered []pair, start []int) {
	nT := len(tr.tracks)
	n := nT + len(tr.valid)
	tr.uf = resize(tr.uf, n)
	for i := range tr.uf {
		tr.uf[i] = int32(i)
	}
	find := func(x int32) int32 {
		for tr.uf[x] != x {
			tr.uf[x] = tr.uf[tr.uf[x]]
			x = tr.uf[x]
		}
		return x
	}
	for _, p := range tr.pairs {
		a, b := find(p.t), find(int32(nT)+p.d)
		if a != b {
			// Keep the smaller index as the root: any fixed rule would
			// do, this one is easy to reason about.
			if a > b {
				a, b = b, a
			}
			tr.uf[b] = a
		}
	}
	id := make([]int32, n)
	for i := range id {
		id[i] = -1
	}
	var count []int
	cl := make([]int32, len(tr.pairs))
	for k, p := range tr.pairs {
		r := find(p.t)
		if id[r] < 0 {
			id[r] = int32(len(count))
			count = append(count, 0)
		}
		cl[k] = id[r]
		count[id[r]]++
	}
	start = make([]int, len(count)+1)
	for c, v := range count {
		start[c+1] = start[c] + v
	}
	ordered = make([]pair, len(tr.pairs))
	next := slices.Clone(start[:len(count)])
	for k, p := range tr.pairs {
		ordered[next[cl[k]]] = p
		next[cl[k]]++
	}
	return ordered, start
}

// members lists the distinct tracks and detections of a cluster's pairs
// in tr.ts and tr.ds, ascending, and maps each to its position there in
// tr.localT and tr.localD; release undoes the maps.
func (tr *Tracker) members(ps []pair) (ts, ds []int32) {
	ts, ds = tr.ts[:0], tr.ds[:0]
	for _, p := range ps {
		if tr.localT[p.t] < 0 {
			tr.localT[p.t] = 0
			ts = append(ts, p.t)
		}
		if tr.localD[p.d] < 0 {
			tr.localD[p.d] = 0
			ds = append(ds, p.d)
		}
	}
	slices.Sort(ts)
	slices.Sort(ds)
	for i, t := range ts {
		tr.localT[t] = i
	}
	for k, d := range ds {
		tr.localD[d] = k
	}
	tr.ts, tr.ds = ts, ds
	return ts, ds
}

func (tr *Tracker) release() {
	for _, t := range tr.ts {
		tr.localT[t] = -1
	}
	for _, d := range tr.ds {
		tr.localD[d] = -1
	}
}

func (tr *Tracker) resetLocal() {
	tr.localT = resize(tr.localT, len(tr.tracks))
	tr.localD = resize(tr.localD, len(tr.valid))
	for i := range tr.localT {
		tr.localT[i] = -1
	}
	for i := range tr.localD {
		tr.localD[i] = -1
	}
	tr.ts, tr.ds = tr.ts[:0], tr.ds[:0]
}

// associateGNN sets tr.hit and tr.used from the associator, cluster by
// cluster.
func (tr *Tracker) associateGNN() error {
	ordered, start := tr.clusters()
	tr.resetLocal()
	for c := 0; c+1 < len(start); c++ {
		ps := ordered[start[c]:start[c+1]]
		if len(ps) == 1 {
			// One track, one detection: nothing to decide.
			tr.hit[ps[0].t] = int(ps[0].d)
			tr.used[ps[0].d] = true
			continue
		}
		ts, ds := tr.members(ps)
		nT, nD := len(ts), len(ds)
		// Each track has a column of its own, the choice of taking no
		// detection this scan, at one cost for every track: the cost of
		// the least likely pair the gates let through. Without it the
		// assignment would pair as many tracks as it can, and a track
		// whose own target went undetected would take a neighbour's
		// detection and push the neighbour's track onto another one: a
		// chain of swaps along a column. With it, pairs compete on their
		// likelihoods ½d² + ½ln det S alone, and a track goes without
		// rather than force a worse pairing on the others (Blackman and
		// Popoli 1999, §6.5: the auxiliary non-assignment costs).
		cols := nD + nT
		var miss float64
		for _, p := range ps {
			miss = max(miss, 0.5*(tr.gate[tr.preds[p.t].Dim]+p.logDet))
		}
		tr.cost = resize(tr.cost, nT*cols)
		for k := range tr.cost {
			tr.cost[k] = math.Inf(1)
		}
		for i := range nT {
			tr.cost[i*cols+nD+i] = miss
		}
		for _, p := range ps {
			tr.cost[tr.localT[p.t]*cols+tr.localD[p.d]] = p.cost
		}
		tr.release()
		toDet, err := tr.assoc.Associate(tr.cost, nT, cols)
		if err != nil {
			return err
		}
		if len(toDet) != nT {
			return fmt.Errorf("track: associator gave %d rows, want %d", len(toDet), nT)
		}
		for i, k := range toDet {
			if k < 0 || k >= nD || math.IsInf(tr.cost[i*cols+k], 1) {
				continue
			}
			d := ds[k]
			if tr.used[d] {
				continue
			}
			tr.hit[ts[i]] = int(d)
			tr.used[d] = true
		}
	}
	return nil
}

// associateJPDA computes the JPDA weights of every cluster into tr.pdas
// and returns, per track, its PDA (or -1). Every gated detection counts
// as used: it belongs to a track's picture and starts no new track.
func (tr *Tracker) associateJPDA(s *Sensor, dets []Detection) ([]int, error) {
	ordered, start := tr.clusters()
	pdaOf := make([]int, len(tr.tracks))
	for i := range pdaOf {
		pdaOf[i] = -1
	}
	tr.pdas = tr.pdas[:0]
	cfg := &tr.cfg
	miss := 1 - tr.pd*cfg.GateProb
	tr.resetLocal()
	for c := 0; c+1 < len(start); c++ {
		ps := ordered[start[c]:start[c+1]]
		ts, ds := tr.members(ps)
		// Pairs come by track, ascending, as ts does: one row per track.
		rows := make([][]jEntry, len(ts))
		for _, p := range ps {
			dim := float64(tr.preds[p.t].Dim)
			g := tr.pd / cfg.ClutterDensity * math.Exp(-p.d2/2-p.logDet/2-dim/2*math.Log(2*math.Pi))
			li := tr.localT[p.t]
			rows[li] = append(rows[li], jEntry{tr.localD[p.d], g})
		}
		tr.release()
		beta0, beta, _ := tr.jpda.sparse(rows, len(ds), miss)
		for li, ti := range ts {
			h := PDA{Beta0: beta0[li], Beta: beta[li], PD: tr.pd, PG: cfg.GateProb, Clutter: cfg.ClutterDensity}
			for _, e := range rows[li] {
				h.Dets = append(h.Dets, dets[tr.valid[ds[e.d]]])
			}
			pdaOf[ti] = len(tr.pdas)
			tr.pdas = append(tr.pdas, h)
		}
		for _, dk := range ds {
			tr.used[dk] = true
		}
	}
	return pdaOf, nil
}

// detPos returns the position of d in the tracker frame and its
// covariance.
func detPos(s *Sensor, d *Detection) (pos [3]float64, cov [9]float64) {
	if s.Kind == Cartesian {
		r := measVar(s, d)
		return [3]float64{d.Pos.X, d.Pos.Y, d.Pos.Z}, [9]float64{r[0], 0, 0, 0, r[1], 0, 0, 0, r[2]}
	}
	return convert(s, *d)
}

// twoPoint is the two-point speed test of a track with no hit after its
// first instant (one detection, or several of that instant): is there
// a velocity v with MinSpeed ≤ |v| ≤ MaxSpeed that carries the first
// detection to d? That is, a displacement w = v·Δt in the spherical shell
// of those radii, with (Δ-w)ᵀC⁻¹(Δ-w) inside the 3-degree gate, where Δ
// is the displacement between the detections and C the sum of their
// position covariances. It returns that least squared distance (zero
// when Δ itself lies in the shell) and whether the test applies; the
// tracker gates on it and uses it in place of d² in the association
// cost. The test is exact, not a bound on the largest error: a radar's
// error ellipsoid at long range is a thin disc kilometres wide across
// the beam and tens of metres deep in range, and a scalar slack the size
// of its widest axis would let through pairs its range accuracy rules
// out. And the cost, unlike d² from a prediction at zero velocity, does
// not favour a detection that has not moved: in a column of targets
// spaced one revisit apart, the next target stands where the first was a
// scan ago, and only the target's own detection has moved at a speed it
// can have.
func (tr *Tracker) twoPoint(e *entry, s *Sensor, d *Detection, t float64) (d2 float64, ok bool) {
	if tr.cfg.MaxSpeed <= 0 && tr.cfg.MinSpeed <= 0 || e.later > 0 {
		return 0, false
	}
	pos, cov := detPos(s, d)
	delta := [3]float64{pos[0] - e.first[0], pos[1] - e.first[1], pos[2] - e.first[2]}
	var c [9]float64
	for k := range c {
		c[k] = cov[k] + e.cov0[k]
	}
	dt := max(t-e.born, 0)
	rMax := math.Inf(1)
	if tr.cfg.MaxSpeed > 0 {
		rMax = tr.cfg.MaxSpeed * dt
	}
	return shellDistance(delta, c, tr.cfg.MinSpeed*dt, rMax), true
}

// shellDistance returns the least squared Mahalanobis distance, under the
// covariance c (row-major, positive definite), from delta to a point w of
// the spherical shell rMin ≤ |w| ≤ rMax about the origin; zero in the
// shell. From outside, the nearest point lies on the outer sphere, at
// w(λ) = (c⁻¹+λI)⁻¹c⁻¹delta for the λ ≥ 0 that makes |w(λ)| = rMax (the
// trust-region subproblem; Nocedal and Wright, Numerical Optimization,
// 2006, §4.3); from inside, on the inner sphere, with -λ in [0, 1/c_max).
// In c's eigenbasis, with eigenvalues c_i and coordinates δ_i, w_i =
// δ_i/(1+λc_i) and the distance is Σ λ²c_iδ_i²/(1+λc_i)²; |w(λ)| is
// monotonic in λ, so bisection finds it.
func shellDistance(delta [3]float64, c [9]float64, rMin, rMax float64) float64 {
	n := math.Sqrt(delta[0]*delta[0] + delta[1]*delta[1] + delta[2]*delta[2])
	if n >= rMin && n <= rMax {
		return 0
	}
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(3, c[:]), true) {
		return math.Inf(1)
	}
	ci := es.Values(nil) // ascending
	var q mat.Dense
	es.VectorsTo(&q)
	var d [3]float64
	for i := range 3 {
		if !(ci[i] > 0) {
			return math.Inf(1)
		}
		for a := range 3 {
			d[i] += q.At(a, i) * delta[a]
		}
	}
	r := rMax
	if n < rMin {
		r = rMin
	}
	w2 := func(l float64) float64 {
		var s float64
		for i := range 3 {
			s += sq(d[i] / (1 + l*ci[i]))
		}
		return s
	}
	dist := func(l float64) float64 {
		var s float64
		for i := range 3 {
			s += sq(l) * ci[i] * d[i] * d[i] / sq(1+l*ci[i])
		}
		return s
	}
	if r == 0 {
		return dist(math.Inf(1)) // w = 0: Σ δ_i²/c_i
	}
	var lo, hi float64
	if n > r {
		// |w(λ)| ≤ |δ|/(1+λ·c_min), so the root is below hi.
		lo, hi = 0, (n/r-1)/ci[0]
	} else {
		// λ in (-1/c_max, 0]: |w| grows from |δ| without bound as λ
		// nears -1/c_max, unless δ has no component along that axis
		// (the "hard case", below).
		lo, hi = -1/ci[2], 0
		far := lo * (1 - 1e-12)
		if w2(far) < r*r {
			// The nearest point lies along the widest axis: w keeps
			// the other components at λ = -1/c_max and takes the
			// rest of its length on that axis.
			var s, rest float64
			for i := range 2 {
				wi := d[i] / (1 + far*ci[i])
				s += sq(d[i]-wi) / ci[i]
				rest += wi * wi
			}
			return s + sq(math.Abs(d[2])-math.Sqrt(max(r*r-rest, 0)))/ci[2]
		}
		lo = far
	}
	for range 200 {
		mid := 0.5 * (lo + hi)
		// |w(λ)| falls as λ grows, on either side of zero.
		if w2(mid) > r*r {
			lo = mid
		} else {
			hi = mid
		}
	}
	return dist(0.5 * (lo + hi))
}

// implausible returns why a track's state is one no target can have, or
// "": a state or covariance not finite ("diverged"), a speed above
// MaxSpeed or below MinSpeed, or a height under the
// Ground, each by more than the one-dimensional gate of the state's own
// uncertainty along it.
func (tr *Tracker) implausible(tk *Track) string {
	for _, x := range tk.X {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "diverged"
		}
	}
	// A covariance that is not finite fails every test below unseen (a
	// comparison with NaN is false) and would let its track coast on
	// under the ground; its diagonal shows it.
	for i := 0; i < 36; i += 7 {
		if math.IsNaN(tk.P[i]) || math.IsInf(tk.P[i], 0) {
			return "diverged"
		}
	}
	if v := tr.cfg.MaxSpeed; v > 0 {
		vel := [3]float64{tk.X[3], tk.X[4], tk.X[5]}
		speed := math.Sqrt(sq(vel[0]) + sq(vel[1]) + sq(vel[2]))
		if speed > v {
			// The speed's variance is that of the velocity along its own
			// direction (first order).
			u := [3]float64{vel[0] / speed, vel[1] / speed, vel[2] / speed}
			sigma := math.Sqrt(quadForm(&tk.P, 3, u))
			if speed-tr.gate1*sigma > v {
				return "speed"
			}
			// A speed beyond any target's whose own uncertainty is wider
			// than any target's speed says nothing of a target: a track
			// that coasted until its gate spanned hundreds of kilometres
			// and took a plot there (grid-regional: 35 km/s, then NaN).
			if sigma > v {
				return "speed"
			}
			if tr.mixtureTooFast(tk, v, nil) {
				return "speed"
			}
		}
	}
	if why := tr.tooFastLevel(tk); why != "" {
		return why
	}
	if v := tr.cfg.MinSpeed; v > 0 {
		// Near zero the speed is far from Gaussian: bound it by the
		// velocity's widest spread, sqrt(trace Pv), instead.
		speed := math.Sqrt(sq(tk.X[3]) + sq(tk.X[4]) + sq(tk.X[5]))
		if speed+tr.gate1*math.Sqrt(tk.P[21]+tk.P[28]+tk.P[35]) < v {
			return "speed"
		}
	}
	if tr.belowGround(tk.X[:3], &tk.P) {
		return "ground"
	}
	return ""
}

// levelVelocity returns tk's horizontal velocity (across the Ground's
// vertical at its position) and its norm; ok is false without
// MaxLevelSpeed or Ground.
func (tr *Tracker) levelVelocity(tk *Track) (vh [3]float64, speed float64, ok bool) {
	if !(tr.cfg.MaxLevelSpeed > 0) || tr.cfg.Ground == nil {
		return vh, 0, false
	}
	_, up := tr.cfg.Ground(r3.Vec{X: tk.X[0], Y: tk.X[1], Z: tk.X[2]})
	vz := tk.X[3]*up.X + tk.X[4]*up.Y + tk.X[5]*up.Z
	vh = [3]float64{tk.X[3] - vz*up.X, tk.X[4] - vz*up.Y, tk.X[5] - vz*up.Z}
	return vh, math.Sqrt(sq(vh[0]) + sq(vh[1]) + sq(vh[2])), true
}

// tooFastLevel returns "speed" when tk's horizontal speed exceeds
// MaxLevelSpeed by more than the gate of its uncertainty (the velocity's
// variance along the horizontal velocity, first order), else "".
func (tr *Tracker) tooFastLevel(tk *Track) string {
	vh, speed, ok := tr.levelVelocity(tk)
	if !ok || speed <= tr.cfg.MaxLevelSpeed {
		return ""
	}
	u := [3]float64{vh[0] / speed, vh[1] / speed, vh[2] / speed}
	if speed-tr.gate1*math.Sqrt(quadForm(&tk.P, 3, u)) > tr.cfg.MaxLevelSpeed {
		return "speed"
	}
	_, up := tr.cfg.Ground(r3.Vec{X: tk.X[0], Y: tk.X[1], Z: tk.X[2]})
	if tr.mixtureTooFast(tk, tr.cfg.MaxLevelSpeed, &up) {
		return "speed"
	}
	return ""
}

// mixtureTooFast reports whether an IMM track's models, taken as the
// mixture they are, give a speed under limit (the horizontal speed,
// across the vertical up, when up is not nil) less probability than the
// gate's one-sided tail, Φ(-gate1): the test the combined estimate
// passes or fails alone when the models agree. When they disagree, the
// combined estimate lies between them with a covariance widened by
// their spread (moment matching), and a track whose every likely model
// flies faster than any target passed the combined test (grid-regional,
// replication 9: the models at 3.83 and 2.80 km/s, combined 3.56 km/s,
// sigma 501 m/s of which most was the spread; TestImplausibleModelsDisagree).
// Each model's speed is taken as Gaussian with the variance of its
// velocity along its own direction (first order), as in implausible.
// A track of another filter is judged by its combined estimate alone:
// false.
func (tr *Tracker) mixtureTooFast(tk *Track, limit float64, up *r3.Vec) bool {
	st, ok := tk.ext.(*immState)
	if !ok {
		return false
	}
	tail := 0.5 * math.Erfc(tr.gate1/math.Sqrt2)
	var plausible float64 // the probability of a speed under limit
	for j := range numModes {
		if st.mu[j] == 0 {
			continue
		}
		v := [3]float64{st.x[j][3], st.x[j][4], st.x[j][5]}
		if up != nil {
			vz := v[0]*up.X + v[1]*up.Y + v[2]*up.Z
			v = [3]float64{v[0] - vz*up.X, v[1] - vz*up.Y, v[2] - vz*up.Z}
		}
		speed := math.Sqrt(sq(v[0]) + sq(v[1]) + sq(v[2]))
		if speed == 0 {
			plausible += st.mu[j]
		} else {
			// Velocity components are 3, 4 and 5 of every model's state.
			n, p := len(modeComps[j]), st.p(j)
			var variance float64
			for a := range 3 {
				for b := range 3 {
					variance += v[a] * p[(3+a)*n+3+b] * v[b]
				}
			}
			sigma := math.Sqrt(max(variance, 0)) / speed
			switch {
			case sigma > 0:
				plausible += st.mu[j] * 0.5 * math.Erfc((speed-limit)/(sigma*math.Sqrt2))
			case speed <= limit:
				plausible += st.mu[j]
			}
		}
		if plausible >= tail {
			return false
		}
	}
	return true
}

// belowGround reports whether a position with covariance p (the
// position block of a track covariance) lies under the Ground by more
// than its gate.
func (tr *Tracker) belowGround(pos []float64, p *[36]float64) bool {
	if tr.cfg.Ground == nil {
		return false
	}
	h, up := tr.cfg.Ground(r3.Vec{X: pos[0], Y: pos[1], Z: pos[2]})
	if !(h < 0) {
		return false
	}
	n := r3.Norm(up)
	if !(n > 0) {
		return false
	}
	u := [3]float64{up.X / n, up.Y / n, up.Z / n}
	return h+tr.gate1*math.Sqrt(quadForm(p, 0, u)) < 0
}

// aboveGround conditions a track on its target being above the Ground:
// the density truncation of Simon and Simon (Constrained Kalman filtering
// via density function truncation for turbofan engine health
// estimation, Int. J. Systems Science 41(2), 2010). Along the local
// vertical u the height is N(h, s²), s² = uᵀP_pos u; cut at the ground,
// with α = -h/s and λ = φ(α)/(1-Φ(α)), it has mean h + sλ and variance
// s²(1 + αλ - λ²). The whole state follows the height as in a Kalman
// update on it, with gain K = P Hᵀ/s² (H picks uᵀ·position): the
// velocity of a track diving into the ground is pulled up with its
// position by their correlation. Far above the ground (α < -6) nothing
// changes. An IMM track has each of its models' estimates conditioned,
// at its own height (h moved by uᵀ of its offset from the combined
// position), and each model's probability multiplied by the chance its
// estimate gives the target of being above the ground, Φ(-α), before
// they are combined again: a ballistic model that drops a coasting low
// flyer under the ground loses its weight rather than drag the track's
// velocity with it.
//
// owned says that tk's IMM state was made in this scan and that nothing
// outside the tracker holds it yet: it is then conditioned in place.
func (tr *Tracker) aboveGround(tk *Track, owned bool) {
	if tr.cfg.Ground == nil {
		return
	}
	h, up := tr.cfg.Ground(tk.Pos())
	n := r3.Norm(up)
	if !(n > 0) || !finite(h) {
		return
	}
	u := [3]float64{up.X / n, up.Y / n, up.Z / n}
	st, ok := tk.ext.(*immState)
	if !ok {
		truncateHeight(tk.X[:], tk.P[:], 6, h, u)
		return
	}
	if untruncated(st, tk, h, u) {
		// Far above the ground nothing moves: the track keeps its state
		// without the copy below (3 KB per track and scan), and its
		// combined estimate, which the IMM made from that state when it
		// last predicted or updated it (TestCombinedIsState), without
		// combining it again.
		return
	}
	// Each model keeps the chance its estimate gives the target of being
	// above the ground; if none does, the ground test deletes the track,
	// and its state is left as it is.
	var above [numModes]float64
	var sum float64
	for j := range numModes {
		if st.mu[j] == 0 {
			continue
		}
		m, hj := modelHeight(st, j, tk, h, u)
		above[j] = aboveProb(st.p(j)[:m*m], m, hj, u)
		sum += st.mu[j] * above[j]
	}
	if !(sum > 0) {
		return
	}
	next := st
	if !owned {
		// A Track's IMM state is never modified once anything outside
		// the tracker may hold it: work on a copy.
		next = tr.stateFor(tk)
		*next = *st
	}
	sum = 0
	for j := range numModes {
		if next.mu[j] == 0 {
			continue
		}
		m, hj := modelHeight(next, j, tk, h, u)
		next.mu[j] *= truncateHeight(next.x[j][:m], next.p(j)[:m*m], m, hj, u)
		sum += next.mu[j]
	}
	for j := range numModes {
		next.mu[j] /= sum
	}
	combine(tk, next)
}

// stateFor returns a state to write tk's next IMM estimate into whole:
// one its filter keeps for reuse (IMM.fresh), or a new one.
func (tr *Tracker) stateFor(tk *Track) *immState {
	if f, ok := tr.filterOf(tk).(interface{ fresh() *immState }); ok {
		return f.fresh()
	}
	return new(immState)
}

// untruncated reports whether aboveGround would leave st as it is:
// every model of the track's estimate (combined position tk.X, whose
// height above the ground along u is h) so far above the ground that
// truncateHeight keeps it, and the model probabilities unchanged, bit
// for bit, by their normalisation.
func untruncated(st *immState, tk *Track, h float64, u [3]float64) bool {
	var sum float64
	for j := range numModes {
		if st.mu[j] == 0 {
			continue
		}
		m, hj := modelHeight(st, j, tk, h, u)
		if _, _, far := farAbove(st.p(j)[:m*m], m, hj, u); !far {
			return false
		}
		sum += st.mu[j]
	}
	if !(sum > 0) {
		return false
	}
	for j := range numModes {
		if st.mu[j]/sum != st.mu[j] {
			return false
		}
	}
	return true
}

// modelHeight returns the number of states of model j of st and the
// height above the ground of its estimate, from the combined estimate's
// (tk.X, height h along u).
func modelHeight(st *immState, j int, tk *Track, h float64, u [3]float64) (int, float64) {
	hj := h
	for a := range 3 {
		hj += u[a] * (st.x[j][a] - tk.X[a])
	}
	return len(modeComps[j]), hj
}

// farAbove returns the variance s2 of the height of an estimate with
// covariance p (n×n, position first) along u and α = -h/s, and reports
// whether the estimate, h above the ground, is so far above it (or has
// no height variance) that the truncation leaves it as it is.
func farAbove(p []float64, n int, h float64, u [3]float64) (s2, alpha float64, far bool) {
	for a := range 3 {
		for b := range 3 {
			s2 += u[a] * p[a*n+b] * u[b]
		}
	}
	if !(s2 > 0) {
		return s2, 0, true
	}
	alpha = -h / math.Sqrt(s2)
	return s2, alpha, alpha < -6
}

// aboveProb returns the probability that an estimate with covariance p
// (n×n, position first), h above the ground along u, gives the target of
// being above it: what truncateHeight returns, without the truncation.
func aboveProb(p []float64, n int, h float64, u [3]float64) float64 {
	_, alpha, far := farAbove(p, n, h, u)
	if far {
		return 1
	}
	return math.Erfc(alpha/math.Sqrt2) / 2
}

// truncateHeight applies the density truncation of aboveGround to the
// state x (n entries, position first) with covariance p (n×n), whose
// height above the ground along u is h, and returns the probability the
// estimate gave the target of being above the ground.
func truncateHeight(x, p []float64, n int, h float64, u [3]float64) float64 {
	s2, alpha, far := farAbove(p, n, h, u)
	if far {
		return 1
	}
	s := math.Sqrt(s2)
	above := math.Erfc(alpha/math.Sqrt2) / 2
	lambda, v := truncatedMoments(alpha)
	dm := s * lambda
	shrink := v - 1      // new variance s²(1 + shrink), shrink in (-1, 0]
	var ph [maxX]float64 // P Hᵀ
	for i := range n {
		for a := range 3 {
			ph[i] += p[i*n+a] * u[a]
		}
	}
	for i := range n {
		x[i] += ph[i] / s2 * dm
	}
	for i := range n {
		for j := range n {
			p[i*n+j] += ph[i] * ph[j] / s2 * shrink
		}
	}
	return above
}

// truncatedMoments returns the mean λ and the variance v, in (0, 1], of
// a standard normal variable cut below at α. λ =
// φ(α)/(1-Φ(α)) is the inverse Mills ratio. From erfc it keeps its
// value to α of about 37, where erfc underflows and φ/erfc became 0/0,
// but the variance, a difference of two numbers near α², loses digits
// long before (1e-7 of itself at α = 30): a ballistic model that dropped a low flyer's estimate 40
// of its sigmas under the ground came out of the cut NaN, with a
// probability of zero, and was revived NaN by the next switching
// (grid-regional deleted 39 tracks of one replication as diverged).
// Beyond maxDirectAlpha both come from Laplace's continued fraction of
// the Mills ratio, λ = α + δ, δ = 1/(α + 2/(α + 3/(α + ...))), written
// with t = 2/(α + 3/(α + ...)) so that the variance, 1 - λδ = δ(t - δ),
// is no difference of two numbers near one (about 1/α²).
func truncatedMoments(alpha float64) (lambda, v float64) {
	if alpha <= maxDirectAlpha {
		lambda = math.Sqrt(2/math.Pi) * math.Exp(-alpha*alpha/2) / math.Erfc(alpha/math.Sqrt2)
		return lambda, 1 + (alpha*lambda - lambda*lambda)
	}
	// Backward from a depth at which the tail k/(α + ...) no longer
	// moves the result: 40 levels leave it under a rounding for α ≥ 4
	// (against mpmath, TestTruncatedMoments).
	var tail float64
	for k := 40; k >= 3; k-- {
		tail = float64(k) / (alpha + tail)
	}
	t := 2 / (alpha + tail)
	delta := 1 / (alpha + t)
	return alpha + delta, delta * (t - delta)
}

// maxDirectAlpha is where truncatedMoments leaves φ/erfc for the
// continued fraction: the two agree to 5e-13 of the variance there, and
// beyond it the fraction is the more exact (mpmath: 2e-16 against
// φ/erfc's 2e-12 at α = 5, 1e-7 at 30). Below it the fraction would need
// ever more levels.
const maxDirectAlpha = 4

// quadForm returns uᵀ P_bb u for the 3×3 block of the 6×6 covariance p
// that starts at row and column b.
func quadForm(p *[36]float64, b int, u [3]float64) float64 {
	var s float64
	for i := range 3 {
		for j := range 3 {
			s += u[i] * p[(b+i)*6+b+j] * u[j]
		}
	}
	return max(s, 0)
}

// Tracks returns the live tracks, tentative and confirmed, by ID.
func (tr *Tracker) Tracks() []Track {
	return tr.AppendTracks(make([]Track, 0, len(tr.tracks)))
}

// AppendTracks appends the live tracks, by ID, to dst and returns the
// extended slice: Tracks into a buffer the caller reuses from scan to
// scan.
func (tr *Tracker) AppendTracks(dst []Track) []Track {
	for i := range tr.tracks {
		dst = append(dst, tr.tracks[i].Track)
	}
	return dst
}

// NumTracks returns the number of live tracks, tentative and confirmed.
func (tr *Tracker) NumTracks() int { return len(tr.tracks) }

// TrackAt returns live track i of NumTracks, by ID, where the tracker
// holds it: for a loop that reads the tracks as they stand without the
// copy of each (440 bytes) that AppendTracks makes. The caller must not
// change it, nor read it after the tracker's next Scan, Drop or other
// change of its tracks.
func (tr *Tracker) TrackAt(i int) *Track { return &tr.tracks[i].Track }

// Drop deletes the live track with the given ID at once, as a command
// post does when it learns that the track's target is destroyed, and
// returns it with status Deleted. Its number is never given again: a
// later detection there starts a new track. ok is false if no live track
// has the ID.
func (tr *Tracker) Drop(id int) (tk Track, ok bool) {
	i, ok := tr.find(id)
	if !ok {
		return Track{}, false
	}
	tk = tr.tracks[i].Track
	tk.Status = Deleted
	tr.tracks = slices.Delete(tr.tracks, i, i+1)
	return tk, true
}

// find returns the index of the live track with the given ID, or where
// it would be, and whether it is there. It reads the IDs in place: a
// comparison function taking an entry by value (slices.BinarySearchFunc)
// copied 600 bytes a probe, and the battle asks for tracks by ID at
// every decision.
func (tr *Tracker) find(id int) (int, bool) {
	lo, hi := 0, len(tr.tracks)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if tr.tracks[m].ID < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(tr.tracks) && tr.tracks[lo].ID == id
}

// Track returns the live track with the given ID.
func (tr *Tracker) Track(id int) (Track, bool) {
	i, ok := tr.find(id)
	if !ok {
		return Track{}, false
	}
	return tr.tracks[i].Track, true
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func sq(x float64) float64 { return x * x }

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// sensorBit is the bit of a sensor in entry.seenBy; sensors past the 64th
// share the last bit.
func sensorBit(sensor int) uint64 { return 1 << uint(min(sensor, 63)) }
