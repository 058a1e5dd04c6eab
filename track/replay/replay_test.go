package replay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/track"
	"github.com/iadsim/iadsim/track/trackio"
)

// cartesian is one sensor that measures x, y, z with 1-sigma sigma.
func cartesian(sigma float64) []track.Sensor {
	return []track.Sensor{{ID: "cartesian", Kind: track.Cartesian, SigmaX: sigma, SigmaY: sigma, SigmaZ: sigma}}
}

func TestScans(t *testing.T) {
	polar := &trackio.Detections{Polar: true, Rows: []trackio.Detection{
		{Time: 0, Sensor: "a", Line: 2}, {Time: 0, Sensor: "a", Line: 3}, {Time: 0, Sensor: "b", Line: 4},
		{Time: 1, Sensor: "b", Line: 5}, {Time: 1, Sensor: "a", Line: 6}, {Time: 1, Sensor: "a", Line: 7},
	}}
	sensors := []track.Sensor{{ID: "a"}, {ID: "b"}}
	scans, err := Scans(polar, sensors, "det.csv")
	if err != nil {
		t.Fatal(err)
	}
	// One scan per run of rows of one sensor at one time, in file order.
	want := []struct {
		t      float64
		sensor int
		n      int
	}{{0, 0, 2}, {0, 1, 1}, {1, 1, 1}, {1, 0, 2}}
	if len(scans) != len(want) {
		t.Fatalf("%d scans, want %d", len(scans), len(want))
	}
	for i, w := range want {
		s := scans[i]
		if s.T != w.t || s.Sensor != w.sensor || len(s.Dets) != w.n {
			t.Errorf("scan %d: t %g sensor %d, %d detections; want %g, %d, %d", i, s.T, s.Sensor, len(s.Dets), w.t, w.sensor, w.n)
		}
		for _, d := range s.Dets {
			if d.Sensor != w.sensor || d.Tag != -1 {
				t.Errorf("scan %d: detection of sensor %d, tag %d; want %d, -1", i, d.Sensor, d.Tag, w.sensor)
			}
		}
	}
	// A sensor the sensors file does not have is named at its line.
	polar.Rows = append(polar.Rows, trackio.Detection{Time: 2, Sensor: "c", Line: 8})
	_, err = Scans(polar, sensors, "det.csv")
	if err == nil || !strings.Contains(err.Error(), `det.csv:8: sensor "c" is not in the sensors file`) {
		t.Errorf("unknown sensor: %v", err)
	}
}

// TestClutterDensity checks the estimate against its definition worked
// by hand: detections per scan over the box they span, each side at
// least its floor.
func TestClutterDensity(t *testing.T) {
	at := func(tm, x, y, z float64) trackio.Detection {
		return trackio.Detection{Time: tm, Det: track.Detection{Pos: r3.Vec{X: x, Y: y, Z: z}}}
	}
	set := &trackio.Detections{Rows: []trackio.Detection{
		at(0, 0, 0, 0), at(0, 2000, 3000, 500), at(1, 1000, 0, 100), at(1, 0, 1500, 0),
	}}
	scans, err := Scans(set, cartesian(50), "det.csv")
	if err != nil {
		t.Fatal(err)
	}
	// 4 detections in 2 scans over 2 km x 3 km x 1 km (500 m under the
	// 1 km floor).
	want := 4.0 / 2 / (2000 * 3000 * 1000)
	if got := ClutterDensity(set, scans); math.Abs(got-want) > 1e-12*want {
		t.Errorf("Cartesian: %g, want %g", got, want)
	}
	rad := math.Pi / 180
	polar := &trackio.Detections{Polar: true, RangeRate: true, Rows: []trackio.Detection{
		{Time: 0, Sensor: "r", Det: track.Detection{Range: 10e3, Az: 0, El: 0.01, RangeRate: -200}},
		{Time: 0, Sensor: "r", Det: track.Detection{Range: 40e3, Az: 90 * rad, El: 0.011, RangeRate: -100}},
		{Time: 5, Sensor: "r", Det: track.Detection{Range: 20e3, Az: 45 * rad, El: 0.02, RangeRate: -150}},
	}}
	if scans, err = Scans(polar, []track.Sensor{{ID: "r"}}, "det.csv"); err != nil {
		t.Fatal(err)
	}
	// 3 detections in 2 scans over 30 km x pi/2 rad x 0.01 rad x 100 m/s.
	want = 3.0 / 2 / (30e3 * math.Pi / 2 * 0.01 * 100)
	if got := ClutterDensity(polar, scans); math.Abs(got-want) > 1e-9*want {
		t.Errorf("polar: %g, want %g", got, want)
	}
	if got := ClutterDensity(&trackio.Detections{}, nil); got != 1e-9 {
		t.Errorf("no detections: %g, want the floor 1e-9", got)
	}
}

func TestNewFilter(t *testing.T) {
	frame := geo.NewFrame(geo.Deg(45, 10, 0))
	for _, c := range []struct {
		name  string
		frame *geo.Frame
		want  string // the filter's type, "" for none
		err   bool
	}{
		{"ekf", nil, "*track.EKF", false},
		{"ukf", nil, "*track.UKF", false},
		{"imm", nil, "*track.IMM", false},
		{"imm", &frame, "*track.IMM", false},
		{"ballistic", &frame, "*track.Ballistic", false},
		{"ballistic", nil, "", false},
		{"kalman", nil, "", true},
	} {
		f, err := NewFilter(c.name, 10, 300, c.frame)
		if (err != nil) != c.err {
			t.Errorf("%s: error %v", c.name, err)
		}
		got := ""
		if f != nil {
			got = fmt.Sprintf("%T", f)
		}
		if got != c.want {
			t.Errorf("%s (frame %v): %s, want %s", c.name, c.frame != nil, got, c.want)
		}
		// The IMM flies ballistic targets only where it knows down.
		if im, ok := f.(*track.IMM); ok && (im.Earth != nil) != (c.frame != nil) {
			t.Errorf("imm with frame %v: Earth %v", c.frame != nil, im.Earth)
		}
	}
}

// TestRunScoresAgainstTruth runs one target at constant velocity,
// detected every second with 1 m noise, and checks the scores against
// the metrics' definitions: before any track is confirmed, one truth and
// no track is OSPA = c and GOSPA (alpha 2, p 1) = c/2; once confirmed,
// the track sits on the target.
func TestRunScoresAgainstTruth(t *testing.T) {
	const c, p = 100.0, 1.0
	set := &trackio.Detections{}
	truth := &trackio.TruthSet{}
	for k := range 20 {
		tm := float64(k)
		pos := r3.Vec{X: 10e3 + 200*tm, Y: 5e3, Z: 1e3}
		set.Rows = append(set.Rows, trackio.Detection{Time: tm, Det: track.Detection{T: tm, Pos: pos}, Line: k + 2})
		truth.Rows = append(truth.Rows, trackio.Truth{Time: tm, ID: "t1", Pos: pos, Vel: r3.Vec{X: 200}})
	}
	cfg := track.Config{AccelNoise: 1, GateProb: 0.999, MaxMisses: 3, InitVelSigma: 300, PD: 0.9, ConfirmM: 2, ConfirmN: 3}
	tr, filter, scans, err := NewTracker(cfg, "ekf", nil, set, cartesian(1), "det.csv")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(tr, filter, scans, truth, c, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Steps) != 20 || res.Started != 1 || res.Confirmed != 1 {
		t.Fatalf("%d steps, %d tracks started, %d confirmed at the end; want 20, 1 and 1", len(res.Steps), res.Started, res.Confirmed)
	}
	first := res.Steps[0]
	if first.NTracks != 0 || first.OSPA != c || first.GOSPA.Distance != c/2 || first.GOSPA.NMissed != 1 {
		t.Errorf("before confirmation: %d tracks, OSPA %g, GOSPA %g (%d missed); want 0, %g, %g, 1",
			first.NTracks, first.OSPA, first.GOSPA.Distance, first.GOSPA.NMissed, c, c/2)
	}
	last := res.Steps[len(res.Steps)-1]
	if last.NTracks != 1 || !(last.OSPA < 5) || last.GOSPA.NMissed != 0 || last.GOSPA.NFalse != 0 {
		t.Errorf("confirmed: %d tracks, OSPA %g m, %d missed, %d false; want 1 track within 5 m", last.NTracks, last.OSPA, last.GOSPA.NMissed, last.GOSPA.NFalse)
	}
	var js bytes.Buffer
	if err := res.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		C     float64 `json:"c_m"`
		Steps int     `json:"steps"`
		OSPA  struct{ Mean float64 }
		SIAP  struct {
			Completeness float64 `json:"completeness"`
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.C != c || doc.Steps != 20 || math.Abs(doc.OSPA.Mean-res.MeanOSPA()) > 1e-9 || !(doc.SIAP.Completeness > 0.8) {
		t.Errorf("metrics.json: %s", js.Bytes())
	}
	var tracks bytes.Buffer
	if err := res.WriteTracks(&tracks); err != nil {
		t.Fatal(err)
	}
	// A header and one row per live track after each of the 20 scans.
	if n := strings.Count(tracks.String(), "\n"); n != 21 {
		t.Errorf("tracks.csv has %d lines, want 21:\n%s", n, tracks.String())
	}
}

// TestNewTrackerNeedsEarth: the ballistic filter without a frame is an
// error naming the origin, not a tracker without a filter.
func TestNewTrackerNeedsEarth(t *testing.T) {
	set := &trackio.Detections{Rows: []trackio.Detection{{Time: 0}}}
	_, _, _, err := NewTracker(track.Config{AccelNoise: 1, InitVelSigma: 300}, "ballistic", nil, set, cartesian(50), "det.csv")
	if err == nil || !strings.Contains(err.Error(), "origin") {
		t.Errorf("ballistic without a frame: %v", err)
	}
}

// TestVelocityAccuracyNeedsTruthVelocity: a truth file without velocity
// columns (what iadsim detections writes) cannot score the tracks'
// velocities: metrics.json says null, not the tracks' speed against a
// truth standing still. With velocities, a straight flight at 200 m/s
// tracked from 1 m detections scores within a few m/s.
func TestVelocityAccuracyNeedsTruthVelocity(t *testing.T) {
	for _, withVel := range []bool{false, true} {
		set := &trackio.Detections{}
		truth := &trackio.TruthSet{Vel: withVel}
		for k := range 30 {
			tm := float64(k)
			pos := r3.Vec{X: 10e3 + 200*tm, Y: 5e3, Z: 1e3}
			set.Rows = append(set.Rows, trackio.Detection{Time: tm, Det: track.Detection{T: tm, Pos: pos}})
			tr := trackio.Truth{Time: tm, ID: "t1", Pos: pos}
			if withVel {
				tr.Vel = r3.Vec{X: 200}
			}
			truth.Rows = append(truth.Rows, tr)
		}
		cfg := track.Config{AccelNoise: 1, GateProb: 0.999, MaxMisses: 3, InitVelSigma: 300, PD: 0.9, ConfirmM: 2, ConfirmN: 3}
		tr, filter, scans, err := NewTracker(cfg, "ekf", nil, set, cartesian(1), "det.csv")
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(tr, filter, scans, truth, 100, 1)
		if err != nil {
			t.Fatal(err)
		}
		var js bytes.Buffer
		if err := res.WriteJSON(&js); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			SIAP struct {
				Velocity *float64 `json:"velocity_accuracy_mps"`
				Position *float64 `json:"position_accuracy_m"`
			} `json:"siap"`
		}
		if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.SIAP.Position == nil {
			t.Errorf("velocities %v: no position accuracy", withVel)
		}
		switch {
		case !withVel && doc.SIAP.Velocity != nil:
			t.Errorf("truth without velocities: velocity accuracy %g m/s, want null", *doc.SIAP.Velocity)
		case withVel && (doc.SIAP.Velocity == nil || !(*doc.SIAP.Velocity < 5)):
			t.Errorf("truth with velocities: velocity accuracy %v, want under 5 m/s", doc.SIAP.Velocity)
		}
	}
}
