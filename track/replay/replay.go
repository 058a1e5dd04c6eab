// Package replay plays recorded detections through the multi-target
// tracker, scan by scan, as "iadsim track" does, and measures the tracks
// against the truth when it is known.
//
// The detections come from a file of package trackio (what "iadsim
// detections" writes, or a user's own data). Scans splits them into
// scans, one sensor at one time, in file order; Run feeds the scans to a
// track.Tracker and, at each time of the truth file, predicts the
// confirmed tracks to that time and scores them against the truth:
// OSPA and GOSPA with its split into localisation, missed and false
// (Schuhmacher et al. 2008; Rahmathullah et al. 2017), and the SIAP
// measures over the whole run (package track/metrics). The Result writes
// the files of "iadsim track --out": tracks.csv, metrics.csv and
// metrics.json.
//
// A run is deterministic: the same detections, truth and configuration
// give the same bytes out.
package replay

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/track"
	"github.com/iadsim/iadsim/track/metrics"
	"github.com/iadsim/iadsim/track/trackio"
)

// NewFilter returns the filter named name (ekf, ukf, imm or ballistic) with the
// white-noise acceleration spectral density accelNoise (m²/s³) and a new
// track's velocity uncertainty initVelSigma (m/s per axis).
//
// frame is the tracker frame's place on the earth, or nil when the
// detections do not give it (Cartesian detections, a sensors file
// without an origin). The ballistic filter needs it, to know where down
// is and how the frame turns with the earth; the IMM, given a frame,
// adds a ballistic model to its constant-velocity, turn and acceleration
// models. NewFilter returns a nil filter and no error for "ballistic"
// without a frame, which the caller reports in its own words.
func NewFilter(name string, accelNoise, initVelSigma float64, frame *geo.Frame) (track.Filter, error) {
	switch name {
	case "ekf":
		return &track.EKF{AccelNoise: accelNoise, InitVelSigma: initVelSigma}, nil
	case "ukf":
		return &track.UKF{AccelNoise: accelNoise, InitVelSigma: initVelSigma}, nil
	case "imm":
		im := &track.IMM{AccelNoise: accelNoise / 10, TurnAccelNoise: accelNoise, JerkNoise: accelNoise / 10, InitVelSigma: initVelSigma}
		if frame != nil {
			im.Models = []int{track.ModeCV, track.ModeCT, track.ModeCA, track.ModeBallistic}
			im.Earth = &track.Earth{Frame: *frame}
		}
		return im, nil
	case "ballistic":
		if frame == nil {
			return nil, nil
		}
		return &track.Ballistic{Earth: track.Earth{Frame: *frame}, InitVelSigma: initVelSigma}, nil
	}
	return nil, fmt.Errorf("filter %q: want ekf, ukf, imm or ballistic", name)
}

// NewTracker returns the tracker of cfg, with the filter named filter
// (NewFilter, from cfg's AccelNoise and InitVelSigma, and frame), for
// the detections set of sensors, and the scans to feed it (Scans; name
// is the detections file's, for errors). A cfg without a ClutterDensity
// takes the estimate of ClutterDensity. The filter is cfg.Filter of the
// tracker's configuration, which Run needs again to predict tracks.
func NewTracker(cfg track.Config, filter string, frame *geo.Frame, set *trackio.Detections, sensors []track.Sensor, name string) (*track.Tracker, track.Filter, []Scan, error) {
	f, err := NewFilter(filter, cfg.AccelNoise, cfg.InitVelSigma, frame)
	if err != nil {
		return nil, nil, nil, err
	}
	if f == nil {
		return nil, nil, nil, fmt.Errorf("filter %s needs the tracker frame's place on the earth: polar detections with a sensors file that gives an origin", filter)
	}
	cfg.Filter = f
	scans, err := Scans(set, sensors, name)
	if err != nil {
		return nil, nil, nil, err
	}
	if cfg.ClutterDensity == 0 {
		cfg.ClutterDensity = ClutterDensity(set, scans)
	}
	tr, err := track.New(cfg, sensors)
	if err != nil {
		return nil, nil, nil, err
	}
	return tr, f, scans, nil
}

// Scan is the detections of one sensor at one time.
type Scan struct {
	T      float64 // s
	Sensor int     // index into the tracker's sensors
	Dets   []track.Detection
}

// Scans splits the rows into scans: consecutive rows of one sensor at
// one time. Polar rows name their sensor, which must be one of sensors;
// Cartesian rows all belong to sensor 0. name is the detections file's,
// for errors.
func Scans(set *trackio.Detections, sensors []track.Sensor, name string) ([]Scan, error) {
	index := map[string]int{}
	for i, s := range sensors {
		index[s.ID] = i
	}
	var scans []Scan
	for _, row := range set.Rows {
		si := 0
		if set.Polar {
			var ok bool
			if si, ok = index[row.Sensor]; !ok {
				return nil, &trackio.Error{File: name, Line: row.Line, Msg: fmt.Sprintf("sensor %q is not in the sensors file", row.Sensor)}
			}
		}
		if n := len(scans); n == 0 || scans[n-1].T != row.Time || scans[n-1].Sensor != si {
			scans = append(scans, Scan{T: row.Time, Sensor: si})
		}
		g := &scans[len(scans)-1]
		d := row.Det
		d.Sensor = si
		d.Tag = -1
		g.Dets = append(g.Dets, d)
	}
	return scans, nil
}

// ClutterDensity returns a false-alarm density for JPDA and the track
// score when the user gives none: the mean number of detections per scan
// over the volume of measurement space they span. It counts the targets'
// own detections as clutter too, so it errs on the side of more clutter.
func ClutterDensity(set *trackio.Detections, scans []Scan) float64 {
	if len(set.Rows) == 0 || len(scans) == 0 {
		return 1e-9
	}
	lo := [4]float64{math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1)}
	hi := [4]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	for _, r := range set.Rows {
		d := r.Det
		z := [4]float64{d.Pos.X, d.Pos.Y, d.Pos.Z, 0}
		if set.Polar {
			z = [4]float64{d.Range, d.Az, d.El, d.RangeRate}
		}
		for a := range z {
			lo[a], hi[a] = min(lo[a], z[a]), max(hi[a], z[a])
		}
	}
	// At least 1 km, 0.1 rad, 0.01 rad, 10 m/s (or 1 km per axis) per
	// side, so that one point does not make an infinite density.
	floor := [4]float64{1e3, 1e3, 1e3, 1}
	if set.Polar {
		floor = [4]float64{1e3, 0.1, 0.01, 10}
	}
	vol := 1.0
	dims := 3
	if set.Polar && set.RangeRate {
		dims = 4
	}
	for a := range dims {
		vol *= max(hi[a]-lo[a], floor[a])
	}
	return float64(len(set.Rows)) / float64(len(scans)) / vol
}

// Step is the metrics at one truth time.
type Step struct {
	T       float64 // s
	OSPA    float64 // m
	GOSPA   metrics.GOSPAResult
	NTruth  int // targets in the truth at T
	NTracks int // confirmed tracks at T
}

// Result is what Run measured.
type Result struct {
	Steps     []Step  // one per truth time, in order
	Started   int     // tracks initiated over the run
	Confirmed int     // confirmed tracks after the last scan
	C, P      float64 // the metrics' cut-off (m) and order
	rows      [][]string
	siap      *metrics.SIAP
	truthVel  bool // the truth has velocities, so velocity accuracy means something
}

// MeanOSPA is the mean OSPA distance over the truth times (m), NaN
// without truth.
func (res *Result) MeanOSPA() float64 {
	return meanOf(res.Steps, func(s Step) float64 { return s.OSPA })
}

// MeanGOSPA is the mean GOSPA distance over the truth times (m), NaN
// without truth.
func (res *Result) MeanGOSPA() float64 {
	return meanOf(res.Steps, func(s Step) float64 { return s.GOSPA.Distance })
}

func meanOf(steps []Step, f func(Step) float64) float64 {
	if len(steps) == 0 {
		return math.NaN()
	}
	var s float64
	for _, st := range steps {
		s += f(st)
	}
	return s / float64(len(steps))
}

// Run feeds the scans to the tracker in order, recording the tracks
// after each scan time and, at each truth time (truth may be nil), the
// metrics of the confirmed tracks predicted to it with filter, the
// tracker's own. c is the OSPA and GOSPA cut-off distance and the SIAP
// association gate (m), p the order (≥ 1). A scan at a truth time is
// tracked before the truth is scored.
func Run(tr *track.Tracker, filter track.Filter, scans []Scan, truth *trackio.TruthSet, c, p float64) (*Result, error) {
	res := &Result{C: c, P: p, truthVel: truth != nil && truth.Vel}
	var err error
	if res.siap, err = metrics.NewSIAP(c); err != nil {
		return nil, err
	}
	ff := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	snapshot := func(t float64) {
		for _, tk := range tr.Tracks() {
			res.rows = append(res.rows, []string{ff(t), strconv.Itoa(tk.ID),
				ff(tk.X[0]), ff(tk.X[1]), ff(tk.X[2]), ff(tk.X[3]), ff(tk.X[4]), ff(tk.X[5]),
				ff(tk.P[0]), ff(tk.P[7]), ff(tk.P[14]), ff(tk.P[21]), ff(tk.P[28]), ff(tk.P[35]), tk.Status.String()})
		}
	}
	ids := map[string]int{}
	evaluate := func(t float64, rows []trackio.Truth) error {
		var tpos, epos []r3.Vec
		var tobj, eobj []metrics.Object
		for _, r := range rows {
			id, ok := ids[r.ID]
			if !ok {
				id = len(ids) + 1
				ids[r.ID] = id
			}
			tpos = append(tpos, r.Pos)
			tobj = append(tobj, metrics.Object{ID: id, Pos: r.Pos, Vel: r.Vel})
		}
		for _, tk := range tr.Tracks() {
			if tk.Status != track.Confirmed {
				continue
			}
			if t > tk.T {
				filter.Predict(&tk, t)
			}
			epos = append(epos, tk.Pos())
			eobj = append(eobj, metrics.Object{ID: tk.ID, Pos: tk.Pos(), Vel: tk.Vel()})
		}
		o, err := metrics.OSPA(tpos, epos, c, p)
		if err != nil {
			return err
		}
		g, err := metrics.GOSPA(tpos, epos, c, p)
		if err != nil {
			return err
		}
		res.siap.Add(tobj, eobj)
		res.Steps = append(res.Steps, Step{T: t, OSPA: o, GOSPA: g, NTruth: len(tpos), NTracks: len(epos)})
		return nil
	}
	var truthRows []trackio.Truth
	if truth != nil {
		truthRows = truth.Rows
	}
	gi := 0
	runUntil := func(t float64, inclusive bool) {
		for gi < len(scans) && (scans[gi].T < t || inclusive && scans[gi].T == t) {
			g := scans[gi]
			for _, ch := range tr.Scan(g.T, g.Sensor, g.Dets, nil) {
				if ch.Kind == track.TrackInitiated {
					res.Started++
				}
			}
			gi++
			if gi == len(scans) || scans[gi].T != g.T {
				snapshot(g.T)
			}
		}
	}
	for k := 0; k < len(truthRows); {
		t := truthRows[k].Time
		end := k
		for end < len(truthRows) && truthRows[end].Time == t {
			end++
		}
		runUntil(t, true)
		if err := evaluate(t, truthRows[k:end]); err != nil {
			return nil, err
		}
		k = end
	}
	runUntil(math.Inf(1), true)
	for _, tk := range tr.Tracks() {
		if tk.Status == track.Confirmed {
			res.Confirmed++
		}
	}
	return res, nil
}

// WriteTracks writes tracks.csv: every live track after each scan time,
// its state, covariance diagonal and status.
func (res *Result) WriteTracks(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"time_s", "track_id", "x_m", "y_m", "z_m", "vx_mps", "vy_mps", "vz_mps",
		"var_x_m2", "var_y_m2", "var_z_m2", "var_vx_m2ps2", "var_vy_m2ps2", "var_vz_m2ps2", "status"})
	cw.WriteAll(res.rows)
	return cw.Error()
}

// WriteMetrics writes metrics.csv: OSPA and GOSPA with its split at each
// truth time.
func (res *Result) WriteMetrics(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"time_s", "n_truth", "n_tracks", "ospa_m", "gospa_m",
		"gospa_localisation", "gospa_missed", "gospa_false", "n_missed", "n_false"})
	ff := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, s := range res.Steps {
		g := s.GOSPA
		cw.Write([]string{ff(s.T), strconv.Itoa(s.NTruth), strconv.Itoa(s.NTracks), ff(s.OSPA), ff(g.Distance),
			ff(g.Localisation), ff(g.Missed), ff(g.False), strconv.Itoa(g.NMissed), strconv.Itoa(g.NFalse)})
	}
	cw.Flush()
	return cw.Error()
}

// jsonNum turns NaN (a measure with nothing to measure) into JSON null.
func jsonNum(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// WriteJSON writes metrics.json: the means of OSPA and GOSPA over the
// truth times and the SIAP measures, a measure with nothing to measure
// as null. The velocity accuracy is null unless the truth gave
// velocities (vx_mps, vy_mps, vz_mps): against a truth without them it
// would be the tracks' speed, not their error.
func (res *Result) WriteJSON(w io.Writer) error {
	mean := func(f func(Step) float64) any { return jsonNum(meanOf(res.Steps, f)) }
	s := res.siap.Result()
	if !res.truthVel {
		s.VelocityAccuracy = math.NaN()
	}
	doc := map[string]any{
		"c_m":   res.C,
		"p":     res.P,
		"steps": len(res.Steps),
		"ospa":  map[string]any{"mean": mean(func(s Step) float64 { return s.OSPA })},
		"gospa": map[string]any{
			"mean":         mean(func(s Step) float64 { return s.GOSPA.Distance }),
			"localisation": mean(func(s Step) float64 { return s.GOSPA.Localisation }),
			"missed":       mean(func(s Step) float64 { return s.GOSPA.Missed }),
			"false":        mean(func(s Step) float64 { return s.GOSPA.False }),
		},
		"siap": map[string]any{
			"completeness":             jsonNum(s.Completeness),
			"ambiguity":                jsonNum(s.Ambiguity),
			"spuriousness":             jsonNum(s.Spuriousness),
			"position_accuracy_m":      jsonNum(s.PositionAccuracy),
			"velocity_accuracy_mps":    jsonNum(s.VelocityAccuracy),
			"track_number_changes":     s.TrackNumberChanges,
			"track_number_change_rate": jsonNum(s.TrackNumberChangeRate),
			"longest_segment":          jsonNum(s.LongestSegment),
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
