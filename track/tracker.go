package track

import (
	"errors"
	"fmt"
	"math"
	"slices"

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
	// MaxMisses is the number of consecutive misses, counted only while
	// covered, that deletes a confirmed track when MaxCoast is zero.
	MaxMisses int
	// InitVelSigma is the 1-sigma (m/s, per axis) of the unknown velocity
	// of a track started from one detection.
	InitVelSigma float64
	// MaxSpeed (m/s), when positive, also gates the second detection of a
	// track: it must lie within MaxSpeed·Δt of the first, plus the gate
	// times their position errors (two-point initiation).
	MaxSpeed float64
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
// there are. cost is the tracks×dets row-major matrix of negative log
// likelihoods ½d² + ½ln det S, +Inf where the gate forbids the pair.
// trackToDet[i] is the detection for track i, or -1.
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
	assoc   Associator
	jpda    *JPDA
	gate    [maxZ + 1]float64 // chi-square gate on d² by measurement dimension
	pd      float64
	tracks  []entry // sorted by ID
	nextID  int

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
	hit    []int // detection (index into valid) for each track, or -1
	used   []bool
	cost   []float64
	pdas   []PDA
}

// entry is a track with the bookkeeping track management needs.
type entry struct {
	Track
	chances  int        // opportunities while tentative: hits plus misses
	born     float64    // time of the first detection
	first    [3]float64 // position of the first detection
	sigma0   float64    // its position standard deviation sqrt(trace)
	maxScore float64
	seenBy   uint64 // sensors (bit per index, the first 64) that have detected the track
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
	if !(cfg.MaxSpeed >= 0) || !(cfg.MaxPosSigma >= 0) {
		bad("MaxSpeed %v, MaxPosSigma %v: want ≥ 0 (0 = unused)", cfg.MaxSpeed, cfg.MaxPosSigma)
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
// New) at time t. It predicts every live track to t, gates the detections
// with the filter's innovation covariance, associates them (GNN by
// default, or JPDA), updates the tracks, starts a tentative track on each
// detection left over, and runs confirmation and deletion.
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
	tr.prepare(t, s, dets)
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
		e := tr.tracks[i]
		got := false
		switch {
		case pdaOf != nil && pdaOf[i] >= 0:
			h := tr.pdas[pdaOf[i]]
			if err := tr.filter.UpdatePDA(&e.Track, s, h); err == nil {
				got = true
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
			if err := tr.filter.Update(&e.Track, s, d); err == nil {
				got = true
				e.Tag = d.Tag
				if scoring {
					e.Score += tr.hitScore(i, d)
				}
			}
		}
		if got {
			e.seenBy |= sensorBit(sensor)
			e.Updated = t
			e.Hits++
			e.Misses = 0
			if e.Status == Tentative {
				e.chances++
				if tr.confirmed(&e) {
					e.Status, e.Confirmed = Confirmed, t
					changes = append(changes, Change{TrackConfirmed, e.Track})
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
				if tr.hopeless(&e) {
					e.Status = Deleted
				}
			case Confirmed:
				if cfg.MaxCoast <= 0 && e.Misses >= cfg.MaxMisses {
					e.Status = Deleted
				}
			}
		}
		if !got && cfg.MaxCoast > 0 && t-e.Updated >= cfg.MaxCoast {
			e.Status = Deleted
		}
		e.maxScore = max(e.maxScore, e.Score)
		if e.Status == Confirmed && cfg.ScoreDrop > 0 && e.maxScore-e.Score > cfg.ScoreDrop {
			e.Status = Deleted
		}
		if cfg.MaxPosSigma > 0 && e.Status != Deleted &&
			e.P[0]+e.P[7]+e.P[14] > cfg.MaxPosSigma*cfg.MaxPosSigma {
			e.Status = Deleted
		}
		if e.Status == Deleted {
			changes = append(changes, Change{TrackDeleted, e.Track})
			continue
		}
		live = append(live, e)
	}
	tr.tracks = live

	for k, di := range tr.valid {
		if tr.used[k] {
			continue
		}
		d := dets[di]
		x, p, err := tr.filter.Initiate(s, d)
		if err != nil {
			continue
		}
		e := entry{
			Track:   Track{ID: tr.nextID, Status: Tentative, T: t, X: x, P: p, Hits: 1, Tag: d.Tag, Confirmed: math.NaN(), Updated: t},
			chances: 1,
			seenBy:  sensorBit(sensor),
			born:    t,
			first:   [3]float64{x[0], x[1], x[2]},
			sigma0:  math.Sqrt(p[0] + p[7] + p[14]),
		}
		if scoring {
			e.Score = math.Log(cfg.NewTargetDensity / cfg.ClutterDensity)
			e.maxScore = e.Score
		}
		tr.nextID++
		changes = append(changes, Change{TrackInitiated, e.Track})
		if tr.confirmed(&e) {
			e.Status, e.Confirmed = Confirmed, t
			changes = append(changes, Change{TrackConfirmed, e.Track})
		}
		tr.tracks = append(tr.tracks, e)
	}
	return changes
}

// prepare predicts every track to t, picks the valid detections and
// gates them, leaving the pairs in tr.pairs.
func (tr *Tracker) prepare(t float64, s *Sensor, dets []Detection) {
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
	tr.used = resize(tr.used, nD)
	clear(tr.used)
	for i := range tr.tracks {
		tk := &tr.tracks[i].Track
		if t > tk.T {
			tr.filter.Predict(tk, t)
		}
		p, err := tr.filter.PredictMeasurement(tk, s)
		tr.preds[i], tr.ok[i] = p, err == nil
		tr.hit[i] = -1
	}
	tr.gatePairs(s, dets, t, &maxR)
}

// confirmed reports whether a tentative track has met its confirmation
// rule.
func (tr *Tracker) confirmed(e *entry) bool {
	if tr.cfg.Confirm == ScoreConfirm {
		return e.Score >= math.Log((1-tr.cfg.TrueDelete)/tr.cfg.FalseConfirm)
	}
	return e.Hits >= tr.cfg.ConfirmM
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
			if ok && d2 <= gate && tr.speedGate(&tr.tracks[i], s, d, t) {
				tr.pairs = append(tr.pairs, pair{t: int32(i), d: int32(k), cost: 0.5 * (d2 + ld), d2: d2, logDet: ld})
			}
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
		tr.cost = resize(tr.cost, nT*nD)
		for k := range tr.cost {
			tr.cost[k] = math.Inf(1)
		}
		for _, p := range ps {
			tr.cost[tr.localT[p.t]*nD+tr.localD[p.d]] = p.cost
		}
		tr.release()
		toDet, err := tr.assoc.Associate(tr.cost, nT, nD)
		if err != nil {
			return err
		}
		if len(toDet) != nT {
			return fmt.Errorf("track: associator gave %d rows, want %d", len(toDet), nT)
		}
		for i, k := range toDet {
			if k < 0 || k >= nD || math.IsInf(tr.cost[i*nD+k], 1) {
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

// speedGate applies the two-point MaxSpeed test to a track with one hit.
func (tr *Tracker) speedGate(e *entry, s *Sensor, d *Detection, t float64) bool {
	if tr.cfg.MaxSpeed <= 0 || e.Hits != 1 {
		return true
	}
	pos, cov := detPos(s, d)
	dist := math.Sqrt(sq(pos[0]-e.first[0]) + sq(pos[1]-e.first[1]) + sq(pos[2]-e.first[2]))
	slack := math.Sqrt(tr.gate[3]) * (e.sigma0 + math.Sqrt(cov[0]+cov[4]+cov[8]))
	return dist <= tr.cfg.MaxSpeed*(t-e.born)+slack
}

// Tracks returns the live tracks, tentative and confirmed, by ID.
func (tr *Tracker) Tracks() []Track {
	out := make([]Track, len(tr.tracks))
	for i := range tr.tracks {
		out[i] = tr.tracks[i].Track
	}
	return out
}

// Drop deletes the live track with the given ID at once, as a command
// post does when it learns that the track's target is destroyed, and
// returns it with status Deleted. Its number is never given again: a
// later detection there starts a new track. ok is false if no live track
// has the ID.
func (tr *Tracker) Drop(id int) (tk Track, ok bool) {
	i, ok := slices.BinarySearchFunc(tr.tracks, id, func(e entry, id int) int { return e.ID - id })
	if !ok {
		return Track{}, false
	}
	tk = tr.tracks[i].Track
	tk.Status = Deleted
	tr.tracks = slices.Delete(tr.tracks, i, i+1)
	return tk, true
}

// Track returns the live track with the given ID.
func (tr *Tracker) Track(id int) (Track, bool) {
	i, ok := slices.BinarySearchFunc(tr.tracks, id, func(e entry, id int) int { return e.ID - id })
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
