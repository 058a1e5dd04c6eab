package main

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/spf13/cobra"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/infile"
	"github.com/iadsim/iadsim/track"
	"github.com/iadsim/iadsim/track/replay"
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
targets within --metric-c; the velocity accuracy only when the truth has
vx_mps,vy_mps,vz_mps columns, else null). Bad input exits with code 2 and
writes nothing.`,
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

func runTrack(cmd *cobra.Command, o *trackOptions) error {
	cfg, metricC, sigma, err := trackConfig(o)
	if err != nil {
		return err
	}
	set, err := readTrackFile(o.detections, "a detections CSV file (as iadsim detections writes it)", trackio.ReadDetections)
	if err != nil {
		return err
	}
	sensors, frame, err := trackSensors(o, set, sigma)
	if err != nil {
		return err
	}
	if o.filter == "ballistic" && frame == nil {
		return inputError{errors.New("--filter ballistic needs the tracker frame's place on the earth: polar detections with a --sensors file that gives an origin")}
	}
	tr, filter, scans, err := replay.NewTracker(cfg, o.filter, frame, set, sensors, o.detections)
	if err != nil {
		return inputError{err}
	}
	var truth *trackio.TruthSet
	if o.truth != "" {
		if truth, err = readTrackFile(o.truth, "a truth CSV file (as iadsim detections writes it)", trackio.ReadTruth); err != nil {
			return err
		}
	}
	res, err := replay.Run(tr, filter, scans, truth, metricC, o.metricP)
	if err != nil {
		return err
	}
	files := []export.File{{Name: "tracks.csv", Write: res.WriteTracks}}
	if truth != nil {
		files = append(files, export.File{Name: "metrics.csv", Write: res.WriteMetrics}, export.File{Name: "metrics.json", Write: res.WriteJSON})
	}
	if err := export.WriteDir(o.out, files); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s: %d detections in %d scans; %d tracks started, %d confirmed at the end\n",
		o.detections, len(set.Rows), len(scans), res.Started, res.Confirmed)
	if truth != nil {
		fmt.Fprintf(cmd.OutOrStdout(), "over %d truth times: mean OSPA %.1f m, mean GOSPA %.1f m (c = %g m, p = %g)\n",
			len(res.Steps), res.MeanOSPA(), res.MeanGOSPA(), metricC, o.metricP)
	}
	return nil
}

// trackConfig checks the flags of iadsim track and turns them into the
// tracker's configuration (its filter named by --filter, made by
// replay.NewTracker), the metrics' cut-off c and the Cartesian
// detections' sigma.
func trackConfig(o *trackOptions) (cfg track.Config, metricC, sigma float64, err error) {
	bad := func(format string, a ...any) (track.Config, float64, float64, error) {
		return cfg, 0, 0, inputError{fmt.Errorf(format, a...)}
	}
	if o.detections == "" || o.out == "" {
		return bad("--detections and --out are required")
	}
	if metricC, err = units.Length(o.metricC); err != nil || !(metricC > 0) {
		return bad("--metric-c %q: want a distance > 0 such as 100m", o.metricC)
	}
	if !(o.metricP >= 1) || math.IsInf(o.metricP, 0) {
		return bad("--metric-p %v: want a number ≥ 1", o.metricP)
	}
	if sigma, err = units.Length(o.sigma); err != nil || !(sigma > 0) {
		return bad("--sigma %q: want a distance > 0 such as 50m", o.sigma)
	}
	cfg = track.Config{
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
	switch o.filter {
	case "ekf", "ukf", "imm", "ballistic":
	default:
		return bad("--filter %q: want ekf, ukf, imm or ballistic", o.filter)
	}
	switch o.assoc {
	case "gnn":
	case "jpda":
		cfg.Associator = &track.JPDA{}
	default:
		return bad("--assoc %q: want gnn or jpda", o.assoc)
	}
	return cfg, metricC, sigma, nil
}

// readTrackFile opens path and reads it with read, its failures the
// user's to fix.
func readTrackFile[T any](path, want string, read func(io.Reader, string) (T, error)) (T, error) {
	var zero T
	f, _, err := infile.Open(path, 0, want)
	if err != nil {
		return zero, inputError{err}
	}
	defer f.Close()
	v, err := read(f, path)
	if err != nil {
		return zero, inputError{err}
	}
	return v, nil
}

// trackSensors returns the sensors of the detections: for polar ones
// those of the --sensors file, with the frame's place on the earth when
// the file gives an origin; for Cartesian ones one sensor of --sigma.
func trackSensors(o *trackOptions, set *trackio.Detections, sigma float64) ([]track.Sensor, *geo.Frame, error) {
	bad := func(format string, a ...any) ([]track.Sensor, *geo.Frame, error) {
		return nil, nil, inputError{fmt.Errorf(format, a...)}
	}
	if !set.Polar {
		if o.sensors != "" {
			return bad("--sensors is for polar detections; %s holds Cartesian ones", o.detections)
		}
		return []track.Sensor{{ID: "cartesian", Kind: track.Cartesian, SigmaX: sigma, SigmaY: sigma, SigmaZ: sigma}}, nil, nil
	}
	if o.sensors == "" {
		return bad("%s holds polar detections: --sensors is required", o.detections)
	}
	data, err := infile.ReadFile(o.sensors, 16<<20, "a sensors YAML file of at most 16 MiB (as iadsim detections writes it)")
	if err != nil {
		return nil, nil, inputError{err}
	}
	sensors, frame, err := trackio.ReadSensorsFrame(data, o.sensors)
	if err != nil {
		return nil, nil, inputError{err}
	}
	for _, s := range sensors {
		if s.SigmaRangeRate > 0 && !set.RangeRate {
			return bad("%s: sensor %q measures range rate (sigma_range_rate_mps) but %s has no range_rate_mps column", o.sensors, s.ID, o.detections)
		}
	}
	return sensors, frame, nil
}
