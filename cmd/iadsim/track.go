package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/infile"
	"github.com/iadsim/iadsim/track"
	"github.com/iadsim/iadsim/track/metrics"
	"github.com/iadsim/iadsim/track/trackio"
	"github.com/iadsim/iadsim/units"
)

// trackOptions are the flags of "iadsim track".
type trackOptions struct {
	detections, sensors, truth, out string
	filter, assoc, confirm          string
	metricC, sigma                  string
	metricP                         float64
	accelNoise, pd, clutter, gate   float64
	initVel                         float64
	maxMisses                       int
}

func newTrackCmd() *cobra.Command {
	var o trackOptions
	cmd := &cobra.Command{
		Use:   "track --detections det.csv [--sensors sensors.yaml] [--truth truth.csv] --out DIR",
		Short: "Track detections from a file and, given the truth, measure the tracks",
		Long: `Track runs the multi-target tracker on a file of detections and writes
tracks.csv into the output directory: per scan time, every live track's
state (time_s, track_id, x_m, y_m, z_m, vx_mps, vy_mps, vz_mps), its
covariance diagonal (var_x_m2, var_y_m2, var_z_m2, var_vx_m2ps2,
var_vy_m2ps2, var_vz_m2ps2) and status (tentative or confirmed).

Detections are Cartesian (time_s,x_m,y_m,z_m in a local east-north-up
frame, optional sigma_x_m,sigma_y_m,sigma_z_m, else --sigma) or polar
(time_s,sensor,range_m,azimuth_deg,elevation_deg, optional range_rate_mps
and sigma columns, with --sensors giving each sensor's position and noise).

With --truth (time_s,id,x_m,y_m,z_m) it also writes metrics.csv (OSPA and
GOSPA with its split at each truth time, confirmed tracks only) and
metrics.json (their means and the SIAP measures, tracks associated with
targets within --metric-c). Bad input exits with code 2 and writes nothing.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runTrack(cmd, &o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.detections, "detections", "", "detection CSV file (required)")
	f.StringVar(&o.sensors, "sensors", "", "sensors YAML file (required for polar detections)")
	f.StringVar(&o.truth, "truth", "", "truth CSV file: also write metrics.csv and metrics.json")
	f.StringVar(&o.out, "out", "", "output directory (required)")
	// The default is the filter that tracked best, by GOSPA, across the
	// benchmark sets of docs/bmd.md (clutter, turns, ballistic targets),
	// each filter with its own defaults: none tuned on the truth.
	f.StringVar(&o.filter, "filter", "imm", "filter: imm (constant velocity, turn, acceleration; and ballistic with a sensors file's origin), ekf, ukf or ballistic (needs the sensors file's origin)")
	f.StringVar(&o.assoc, "assoc", "gnn", "association: gnn or jpda")
	f.StringVar(&o.confirm, "confirm", "2/3", "confirmation: M/N (M detections in the first N chances) or score (SPRT)")
	f.StringVar(&o.metricC, "metric-c", "100m", "OSPA/GOSPA cut-off distance c, and the SIAP association gate")
	f.Float64Var(&o.metricP, "metric-p", 1, "OSPA/GOSPA order p (≥ 1)")
	f.StringVar(&o.sigma, "sigma", "50m", "1-sigma position error of Cartesian detections without sigma columns")
	f.Float64Var(&o.accelNoise, "accel-noise", 10, "white-noise acceleration spectral density q, m²/s³")
	f.Float64Var(&o.initVel, "init-vel-sigma", 300, "1-sigma of a new track's unknown velocity per axis, m/s")
	f.Float64Var(&o.pd, "pd", 0.9, "detection probability (track score, JPDA)")
	f.Float64Var(&o.clutter, "clutter-density", 0, "false alarms per scan per unit measurement volume (0: estimate from the detections)")
	f.Float64Var(&o.gate, "gate", 0.999, "gate probability")
	f.IntVar(&o.maxMisses, "max-misses", 3, "consecutive misses that delete a confirmed track")
	return cmd
}

// scanGroup is the detections of one sensor at one time.
type scanGroup struct {
	t      float64
	sensor int
	dets   []track.Detection
}

func runTrack(cmd *cobra.Command, o *trackOptions) error {
	bad := func(format string, a ...any) error { return inputError{fmt.Errorf(format, a...)} }
	if o.detections == "" || o.out == "" {
		return bad("--detections and --out are required")
	}
	metricC, err := units.Length(o.metricC)
	if err != nil || !(metricC > 0) {
		return bad("--metric-c %q: want a distance > 0 such as 100m", o.metricC)
	}
	if !(o.metricP >= 1) || math.IsInf(o.metricP, 0) {
		return bad("--metric-p %v: want a number ≥ 1", o.metricP)
	}
	sigma, err := units.Length(o.sigma)
	if err != nil || !(sigma > 0) {
		return bad("--sigma %q: want a distance > 0 such as 50m", o.sigma)
	}
	cfg := track.Config{
		AccelNoise: o.accelNoise, GateProb: o.gate, MaxMisses: o.maxMisses,
		InitVelSigma: o.initVel, PD: o.pd, ClutterDensity: o.clutter,
	}
	switch o.confirm {
	case "score":
		cfg.Confirm = track.ScoreConfirm
		cfg.ConfirmM, cfg.ConfirmN = 1, 1
	default:
		if _, err := fmt.Sscanf(o.confirm, "%d/%d", &cfg.ConfirmM, &cfg.ConfirmN); err != nil {
			return bad("--confirm %q: want M/N such as 2/3, or score", o.confirm)
		}
	}
	var filter track.Filter
	switch o.filter {
	case "ekf", "ukf", "imm", "ballistic":
	default:
		return bad("--filter %q: want ekf, ukf, imm or ballistic", o.filter)
	}
	switch o.filter {
	case "ekf":
		filter = &track.EKF{AccelNoise: o.accelNoise, InitVelSigma: o.initVel}
	case "ukf":
		filter = &track.UKF{AccelNoise: o.accelNoise, InitVelSigma: o.initVel}
	case "imm":
		filter = &track.IMM{AccelNoise: o.accelNoise / 10, TurnAccelNoise: o.accelNoise, JerkNoise: o.accelNoise / 10, InitVelSigma: o.initVel}
	}
	switch o.assoc {
	case "gnn":
	case "jpda":
		cfg.Associator = &track.JPDA{}
	default:
		return bad("--assoc %q: want gnn or jpda", o.assoc)
	}

	f, _, err := infile.Open(o.detections, 0, "a detections CSV file (as iadsim detections writes it)")
	if err != nil {
		return inputError{err}
	}
	set, err := trackio.ReadDetections(f, o.detections)
	f.Close()
	if err != nil {
		return inputError{err}
	}
	var sensors []track.Sensor
	if set.Polar {
		if o.sensors == "" {
			return bad("%s holds polar detections: --sensors is required", o.detections)
		}
		data, err := infile.ReadFile(o.sensors, 16<<20, "a sensors YAML file of at most 16 MiB (as iadsim detections writes it)")
		if err != nil {
			return inputError{err}
		}
		var frame *geo.Frame
		if sensors, frame, err = trackio.ReadSensorsFrame(data, o.sensors); err != nil {
			return inputError{err}
		}
		// The ballistic model needs the frame's place on the earth: where
		// down is, and how the frame turns with the earth.
		switch {
		case frame != nil && o.filter == "ballistic":
			filter = &track.Ballistic{Earth: track.Earth{Frame: *frame}, InitVelSigma: o.initVel}
		case frame != nil && o.filter == "imm":
			im := filter.(*track.IMM)
			im.Models = []int{track.ModeCV, track.ModeCT, track.ModeCA, track.ModeBallistic}
			im.Earth = &track.Earth{Frame: *frame}
		}
		for _, s := range sensors {
			if s.SigmaRangeRate > 0 && !set.RangeRate {
				return bad("%s: sensor %q measures range rate (sigma_range_rate_mps) but %s has no range_rate_mps column", o.sensors, s.ID, o.detections)
			}
		}
	} else {
		if o.sensors != "" {
			return bad("--sensors is for polar detections; %s holds Cartesian ones", o.detections)
		}
		sensors = []track.Sensor{{ID: "cartesian", Kind: track.Cartesian, SigmaX: sigma, SigmaY: sigma, SigmaZ: sigma}}
	}
	if filter == nil {
		return bad("--filter ballistic needs the tracker frame's place on the earth: polar detections with a --sensors file that gives an origin")
	}
	cfg.Filter = filter
	groups, err := groupScans(set, sensors, o.detections)
	if err != nil {
		return inputError{err}
	}
	if cfg.ClutterDensity == 0 {
		cfg.ClutterDensity = estimateClutter(set, groups)
	}
	tr, err := track.New(cfg, sensors)
	if err != nil {
		return inputError{err}
	}

	var truth *trackio.TruthSet
	if o.truth != "" {
		f, _, err := infile.Open(o.truth, 0, "a truth CSV file (as iadsim detections writes it)")
		if err != nil {
			return inputError{err}
		}
		truth, err = trackio.ReadTruth(f, o.truth)
		f.Close()
		if err != nil {
			return inputError{err}
		}
	}
	res, err := runTracker(tr, filter, groups, truth, metricC, o.metricP)
	if err != nil {
		return err
	}
	files := []export.File{{Name: "tracks.csv", Write: res.writeTracks}}
	if truth != nil {
		files = append(files,
			export.File{Name: "metrics.csv", Write: res.writeMetrics},
			export.File{Name: "metrics.json", Write: func(w io.Writer) error { return res.writeJSON(w, metricC, o.metricP) }})
	}
	if err := export.WriteDir(o.out, files); err != nil {
		return err
	}
	confirmed := 0
	for _, tk := range tr.Tracks() {
		if tk.Status == track.Confirmed {
			confirmed++
		}
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s: %d detections in %d scans; %d tracks started, %d confirmed at the end\n",
		o.detections, len(set.Rows), len(groups), res.started, confirmed)
	if truth != nil {
		fmt.Fprintf(cmd.OutOrStdout(), "over %d truth times: mean OSPA %.1f m, mean GOSPA %.1f m (c = %g m, p = %g)\n",
			len(res.steps), meanOf(res.steps, func(s step) float64 { return s.ospa }),
			meanOf(res.steps, func(s step) float64 { return s.gospa.Distance }), metricC, o.metricP)
	}
	return nil
}

// groupScans splits the rows into scans: consecutive rows of one sensor
// at one time.
func groupScans(set *trackio.Detections, sensors []track.Sensor, name string) ([]scanGroup, error) {
	index := map[string]int{}
	for i, s := range sensors {
		index[s.ID] = i
	}
	var groups []scanGroup
	for _, row := range set.Rows {
		si := 0
		if set.Polar {
			var ok bool
			if si, ok = index[row.Sensor]; !ok {
				return nil, &trackio.Error{File: name, Line: row.Line, Msg: fmt.Sprintf("sensor %q is not in the sensors file", row.Sensor)}
			}
		}
		if n := len(groups); n == 0 || groups[n-1].t != row.Time || groups[n-1].sensor != si {
			groups = append(groups, scanGroup{t: row.Time, sensor: si})
		}
		g := &groups[len(groups)-1]
		d := row.Det
		d.Sensor = si
		d.Tag = -1
		g.dets = append(g.dets, d)
	}
	return groups, nil
}

// estimateClutter returns a false-alarm density for JPDA and the track
// score when the user gives none: the mean number of detections per scan
// over the volume of measurement space they span. It counts the targets'
// own detections as clutter too, so it errs on the side of more clutter.
func estimateClutter(set *trackio.Detections, groups []scanGroup) float64 {
	if len(set.Rows) == 0 || len(groups) == 0 {
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
	return float64(len(set.Rows)) / float64(len(groups)) / vol
}

// step is the metrics at one truth time.
type step struct {
	t              float64
	ospa           float64
	gospa          metrics.GOSPAResult
	nTruth, nTrack int
}

type trackResult struct {
	rows    [][]string
	steps   []step
	siap    *metrics.SIAP
	started int
}

func meanOf(steps []step, f func(step) float64) float64 {
	if len(steps) == 0 {
		return math.NaN()
	}
	var s float64
	for _, st := range steps {
		s += f(st)
	}
	return s / float64(len(steps))
}

// runTracker feeds the scans to the tracker in order, recording the
// tracks after each scan time and, at each truth time, the metrics of the
// confirmed tracks predicted to it.
func runTracker(tr *track.Tracker, filter track.Filter, groups []scanGroup, truth *trackio.TruthSet, c, p float64) (*trackResult, error) {
	res := &trackResult{}
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
		res.steps = append(res.steps, step{t: t, ospa: o, gospa: g, nTruth: len(tpos), nTrack: len(epos)})
		return nil
	}
	var truthRows []trackio.Truth
	if truth != nil {
		truthRows = truth.Rows
	}
	gi := 0
	runUntil := func(t float64, inclusive bool) {
		for gi < len(groups) && (groups[gi].t < t || inclusive && groups[gi].t == t) {
			g := groups[gi]
			for _, ch := range tr.Scan(g.t, g.sensor, g.dets, nil) {
				if ch.Kind == track.TrackInitiated {
					res.started++
				}
			}
			gi++
			if gi == len(groups) || groups[gi].t != g.t {
				snapshot(g.t)
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
	return res, nil
}

func (res *trackResult) writeTracks(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"time_s", "track_id", "x_m", "y_m", "z_m", "vx_mps", "vy_mps", "vz_mps",
		"var_x_m2", "var_y_m2", "var_z_m2", "var_vx_m2ps2", "var_vy_m2ps2", "var_vz_m2ps2", "status"})
	cw.WriteAll(res.rows)
	return cw.Error()
}

func (res *trackResult) writeMetrics(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"time_s", "n_truth", "n_tracks", "ospa_m", "gospa_m",
		"gospa_localisation", "gospa_missed", "gospa_false", "n_missed", "n_false"})
	ff := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, s := range res.steps {
		g := s.gospa
		cw.Write([]string{ff(s.t), strconv.Itoa(s.nTruth), strconv.Itoa(s.nTrack), ff(s.ospa), ff(g.Distance),
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

func (res *trackResult) writeJSON(w io.Writer, c, p float64) error {
	mean := func(f func(step) float64) any { return jsonNum(meanOf(res.steps, f)) }
	s := res.siap.Result()
	doc := map[string]any{
		"c_m":   c,
		"p":     p,
		"steps": len(res.steps),
		"ospa":  map[string]any{"mean": mean(func(s step) float64 { return s.ospa })},
		"gospa": map[string]any{
			"mean":         mean(func(s step) float64 { return s.gospa.Distance }),
			"localisation": mean(func(s step) float64 { return s.gospa.Localisation }),
			"missed":       mean(func(s step) float64 { return s.gospa.Missed }),
			"false":        mean(func(s step) float64 { return s.gospa.False }),
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
