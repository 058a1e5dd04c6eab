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
	// detection (e.g. 0.999); the gate is the chi-square quantile with 3
	// degrees of freedom.
	GateProb float64
	// A tentative track is confirmed when ConfirmM of its first ConfirmN
	// opportunities (scans that covered it) gave it a detection, and
	// deleted as soon as that can no longer happen. 1 ≤ M ≤ N ≤ 64.
	ConfirmM, ConfirmN int
	// MaxMisses is the number of consecutive misses, counted only while
	// covered, that deletes a confirmed track.
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

	// Filter estimates each track; nil means the EKF built from
	// AccelNoise and InitVelSigma.
	Filter Filter
	// Associator pairs detections with tracks; nil means GNN.
	Associator Associator
}

// An Associator decides which detection updates each track. cost is the
// tracks×dets row-major matrix of negative log likelihoods ½d² + ½ln det S,
// +Inf where the gate forbids the pair. trackToDet[i] is the detection
// for track i, or -1.
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
	gate    float64 // chi-square gate on d²
	tracks  []entry // sorted by ID
	nextID  int

	// Scratch reused across scans.
	valid []int
	preds []Prediction
	ok    []bool
	cost  []float64
	used  []bool
}

// entry is a track with the bookkeeping track management needs.
type entry struct {
	Track
	chances int        // opportunities while tentative: hits plus misses
	born    float64    // time of the first detection
	first   [3]float64 // position of the first detection
	sigma0  float64    // its position standard deviation sqrt(trace)
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
	if !(cfg.MaxSpeed >= 0) || !(cfg.MaxPosSigma >= 0) {
		bad("MaxSpeed %v, MaxPosSigma %v: want ≥ 0 (0 = unused)", cfg.MaxSpeed, cfg.MaxPosSigma)
	}
	for i, s := range sensors {
		if err := checkSensor(&s); err != nil {
			bad("sensor %d (%q): %w", i, s.ID, err)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("track: bad config: %w", errors.Join(errs...))
	}
	tr := &Tracker{cfg: cfg, sensors: slices.Clone(sensors), filter: cfg.Filter, assoc: cfg.Associator, nextID: 1}
	if tr.filter == nil {
		tr.filter = &EKF{AccelNoise: cfg.AccelNoise, InitVelSigma: cfg.InitVelSigma}
	}
	if tr.assoc == nil {
		tr.assoc = GNN{}
	}
	tr.gate = distuv.ChiSquared{K: 3}.Quantile(cfg.GateProb)
	return tr, nil
}

func checkSensor(s *Sensor) error {
	for _, v := range []float64{s.SigmaRange, s.SigmaAz, s.SigmaEl} {
		if !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("sigmas %v, %v, %v: want finite values > 0", s.SigmaRange, s.SigmaAz, s.SigmaEl)
		}
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
// default), updates the tracks that got one, starts a tentative track on
// each detection left over, and runs M-of-N confirmation and deletion.
//
// A track that gets no detection counts a miss only when covered is nil
// or covered(position) is true: a sensor cannot miss what it does not
// look at. Scans should come in time order; a track whose state is
// already later than t is not moved back in time. Detections with a
// non-finite value or a range ≤ 0 are ignored, and so is a scan of an
// unknown sensor. Scan returns what changed, existing tracks (by ID)
// first, then the new ones.
func (tr *Tracker) Scan(t float64, sensor int, dets []Detection, covered func(pos r3.Vec) bool) []Change {
	if sensor < 0 || sensor >= len(tr.sensors) || math.IsNaN(t) || math.IsInf(t, 0) {
		return nil
	}
	s := &tr.sensors[sensor]
	tr.valid = tr.valid[:0]
	for k, d := range dets {
		if finite(d.Range) && finite(d.Az) && finite(d.El) && d.Range > 0 {
			tr.valid = append(tr.valid, k)
		}
	}
	nT, nD := len(tr.tracks), len(tr.valid)
	tr.preds = resize(tr.preds, nT)
	tr.ok = resize(tr.ok, nT)
	tr.cost = resize(tr.cost, nT*nD)
	tr.used = resize(tr.used, nD)
	clear(tr.used)

	for i := range tr.tracks {
		tk := &tr.tracks[i].Track
		if t > tk.T {
			tr.filter.Predict(tk, t)
		}
		p, err := tr.filter.PredictMeasurement(tk, s)
		tr.preds[i], tr.ok[i] = p, err == nil
	}
	inf := math.Inf(1)
	for i := range tr.tracks {
		row := tr.cost[i*nD : i*nD+nD]
		p := &tr.preds[i]
		// For positive definite S, νᵀS⁻¹ν ≥ ν_j²/S_jj: a detection whose
		// range or azimuth alone is out of the gate is out of it, and
		// most pairs of a crowded scan fail there, cheaply.
		gr, ga := tr.gate*p.S[0], tr.gate*p.S[4]
		for k, di := range tr.valid {
			row[k] = inf
			if !tr.ok[i] {
				continue
			}
			d := &dets[di]
			if nr := d.Range - p.Z[0]; nr*nr > gr {
				continue
			}
			if na := wrapPi(d.Az - p.Z[1]); na*na > ga {
				continue
			}
			d2 := p.Distance2(*d)
			if d2 <= tr.gate && tr.speedGate(&tr.tracks[i], s, d, t) {
				row[k] = 0.5 * (d2 + p.LogDetS)
			}
		}
	}
	var trackToDet []int
	if nT > 0 && nD > 0 {
		var err error
		trackToDet, err = tr.assoc.Associate(tr.cost, nT, nD)
		if err != nil || len(trackToDet) != nT {
			// A broken associator must not spawn a duplicate track on
			// every detection: drop the scan's associations and starts.
			trackToDet = nil
			for k := range tr.used {
				tr.used[k] = true
			}
		}
	}

	var changes []Change
	cfg := &tr.cfg
	live := tr.tracks[:0]
	for i := range tr.tracks {
		e := tr.tracks[i]
		k := -1
		if trackToDet != nil {
			k = trackToDet[i]
		}
		if k >= 0 && k < nD && !tr.used[k] {
			tr.used[k] = true
			d := dets[tr.valid[k]]
			if err := tr.filter.Update(&e.Track, s, d); err == nil {
				e.Hits++
				e.Misses = 0
				e.Tag = d.Tag
				if e.Status == Tentative {
					e.chances++
					if e.Hits >= cfg.ConfirmM {
						e.Status, e.Confirmed = Confirmed, t
						changes = append(changes, Change{TrackConfirmed, e.Track})
					}
				}
			}
		} else if covered == nil || covered(e.Pos()) {
			e.Misses++
			switch e.Status {
			case Tentative:
				e.chances++
				if e.chances-e.Hits > cfg.ConfirmN-cfg.ConfirmM {
					e.Status = Deleted
				}
			case Confirmed:
				if e.Misses >= cfg.MaxMisses {
					e.Status = Deleted
				}
			}
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
			Track:   Track{ID: tr.nextID, Status: Tentative, T: t, X: x, P: p, Hits: 1, Tag: d.Tag, Confirmed: math.NaN()},
			chances: 1,
			born:    t,
			first:   [3]float64{x[0], x[1], x[2]},
			sigma0:  math.Sqrt(p[0] + p[7] + p[14]),
		}
		tr.nextID++
		changes = append(changes, Change{TrackInitiated, e.Track})
		if cfg.ConfirmM <= 1 {
			e.Status, e.Confirmed = Confirmed, t
			changes = append(changes, Change{TrackConfirmed, e.Track})
		}
		tr.tracks = append(tr.tracks, e)
	}
	return changes
}

// speedGate applies the two-point MaxSpeed test to a track with one hit.
func (tr *Tracker) speedGate(e *entry, s *Sensor, d *Detection, t float64) bool {
	if tr.cfg.MaxSpeed <= 0 || e.Hits != 1 {
		return true
	}
	pos, cov := convert(s, *d)
	dist := math.Sqrt(sq(pos[0]-e.first[0]) + sq(pos[1]-e.first[1]) + sq(pos[2]-e.first[2]))
	slack := math.Sqrt(tr.gate) * (e.sigma0 + math.Sqrt(cov[0]+cov[4]+cov[8]))
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
