package trackio

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/track"
)

func TestReadDetectionsErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "det.csv:1: empty file"},
		{"missing column", "time_s,x_m,y_m\n1,2,3\n", `det.csv:1: missing column "z_m"`},
		{"unknown column", "time_s,x_m,y_m,z_m,speed\n", `det.csv:1: unknown column "speed"`},
		{"text in a number", "time_s,x_m,y_m,z_m\n0,1,2,3\n1,1,two,3\n", `det.csv:3: column y_m: "two" is not a finite number`},
		{"NaN", "time_s,x_m,y_m,z_m\n0,1,NaN,3\n", `det.csv:2: column y_m: "NaN" is not a finite number`},
		{"backwards", "time_s,x_m,y_m,z_m\n0,1,2,3\n2,1,2,3\n1.5,1,2,3\n", "det.csv:4: time_s 1.5 is before the previous row's 2"},
		{"fields", "time_s,x_m,y_m,z_m\n0,1,2\n", "det.csv:2: wrong number of fields"},
		{"half sigmas", "time_s,x_m,y_m,z_m,sigma_x_m\n", `det.csv:1: missing column "sigma_y_m"`},
		{"bad sigma", "time_s,x_m,y_m,z_m,sigma_x_m,sigma_y_m,sigma_z_m\n0,1,2,3,5,-1,5\n", "det.csv:2: column sigma_y_m: -1; want a standard deviation > 0"},
		{"polar missing", "time_s,sensor,range_m,azimuth_deg\n", `det.csv:1: missing column "elevation_deg"`},
		{"mixed", "time_s,sensor,range_m,azimuth_deg,elevation_deg,x_m\n", `det.csv:1: column "x_m" does not belong in a polar detection file`},
		{"range", "time_s,sensor,range_m,azimuth_deg,elevation_deg\n0,r,-5,10,1\n", "det.csv:2: range_m -5; want a range > 0"},
		{"no sensor", "time_s,sensor,range_m,azimuth_deg,elevation_deg\n0,,5,10,1\n", "det.csv:2: column sensor is empty"},
		{"quote", "time_s,x_m,y_m,z_m\n0,\"1,2,3\n", "det.csv:2:"},
	}
	for _, tt := range tests {
		_, err := ReadDetections(strings.NewReader(tt.in), "det.csv")
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one starting %q", tt.name, err, tt.want)
		}
	}
}

func TestReadTruthErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"missing id", "time_s,x_m,y_m,z_m\n", `truth.csv:1: missing column "id"`},
		{"backwards", "time_s,id,x_m,y_m,z_m\n5,a,1,2,3\n4,a,1,2,3\n", "truth.csv:3: time_s 4 is before"},
		{"duplicate", "time_s,id,x_m,y_m,z_m\n5,a,1,2,3\n5,a,1,2,3\n", `truth.csv:3: target "a" twice at time 5 (first at line 2)`},
		{"text", "time_s,id,x_m,y_m,z_m\nsoon,a,1,2,3\n", `truth.csv:2: column time_s: "soon" is not a finite number`},
		{"half velocity", "time_s,id,x_m,y_m,z_m,vx_mps\n", `truth.csv:1: missing column "vy_mps"`},
	}
	for _, tt := range tests {
		_, err := ReadTruth(strings.NewReader(tt.in), "truth.csv")
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one starting %q", tt.name, err, tt.want)
		}
	}
}

// TestRoundTrip writes detections and truth and reads them back.
func TestRoundTrip(t *testing.T) {
	polar := &Detections{Polar: true, RangeRate: true, Sigmas: true, TruthIDs: true, Rows: []Detection{
		{Time: 0, Sensor: "r1", TruthID: "cm1", Det: track.Detection{Range: 12345.5, Az: 1.25, El: 0.01, RangeRate: -230.5, Sigma: [4]float64{40, 0.002, 0, 1}}},
		{Time: 0.5, Sensor: "r2", Det: track.Detection{Range: 20e3, Az: 6.2, El: -0.001, RangeRate: 3}},
	}}
	cart := &Detections{Sigmas: true, Rows: []Detection{
		{Time: 1, Det: track.Detection{Pos: r3.Vec{X: 1.5, Y: -2e5, Z: 3e-3}, Sigma: [4]float64{10, 20, 30}}},
		{Time: 1, Det: track.Detection{Pos: r3.Vec{X: 7}}},
	}}
	for _, set := range []*Detections{polar, cart} {
		var b bytes.Buffer
		if err := WriteDetections(&b, set); err != nil {
			t.Fatal(err)
		}
		got, err := ReadDetections(&b, "x.csv")
		if err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		if got.Polar != set.Polar || got.RangeRate != set.RangeRate || got.Sigmas != set.Sigmas || got.TruthIDs != set.TruthIDs || len(got.Rows) != len(set.Rows) {
			t.Fatalf("read back %+v, wrote %+v", got, set)
		}
		for i, r := range got.Rows {
			w := set.Rows[i]
			d, e := r.Det, w.Det
			if r.Time != w.Time || r.Sensor != w.Sensor || r.TruthID != w.TruthID || d.Pos != e.Pos || d.Range != e.Range ||
				math.Abs(d.Az-e.Az) > 1e-15 || math.Abs(d.El-e.El) > 1e-15 || d.RangeRate != e.RangeRate {
				t.Errorf("row %d: read %+v, wrote %+v", i, r, w)
			}
			for a := range 4 {
				if math.Abs(d.Sigma[a]-e.Sigma[a]) > 1e-15*e.Sigma[a] {
					t.Errorf("row %d sigma %v, wrote %v", i, d.Sigma, e.Sigma)
				}
			}
		}
	}
	truth := &TruthSet{Vel: true, Rows: []Truth{{Time: 0, ID: "a", Pos: r3.Vec{X: 1, Y: 2, Z: 3}, Vel: r3.Vec{X: 4}}, {Time: 0, ID: "b"}}}
	var b bytes.Buffer
	if err := WriteTruth(&b, truth); err != nil {
		t.Fatal(err)
	}
	got, err := ReadTruth(&b, "t.csv")
	if err != nil || !got.Vel || len(got.Rows) != 2 || got.Rows[0].Pos != truth.Rows[0].Pos || got.Rows[0].Vel != truth.Rows[0].Vel || got.Rows[1].ID != "b" {
		t.Errorf("truth read back %+v, %v", got, err)
	}
}

func TestReadSensors(t *testing.T) {
	in := `origin: {lat_deg: 55.0, lon_deg: 37.0, alt_m: 100}
sensors:
  - id: flat
    position_m: [1000, -2000, 30]
    sigma_range_m: 50
    sigma_azimuth_deg: 0.2
    sigma_elevation_deg: 0.3
  - id: geo
    lat_deg: 55.1
    lon_deg: 37.2
    alt_m: 150
    sigma_range_m: 20
    sigma_azimuth_deg: 0.1
    sigma_elevation_deg: 0.1
    sigma_range_rate_mps: 1.5
`
	ss, err := ReadSensors([]byte(in), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 2 || ss[0].Pos != (r3.Vec{X: 1000, Y: -2000, Z: 30}) || math.Abs(ss[0].SigmaAz-0.2*math.Pi/180) > 1e-15 ||
		ss[1].SigmaRangeRate != 1.5 || ss[0].Rot != [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1} {
		t.Fatalf("sensors %+v", ss)
	}
	// The geodetic sensor's position and axes agree with package geo: a
	// target's AER seen from the sensor's own frame equals the polar
	// measurement the tracker predicts with Pos and Rot.
	origin := geo.NewFrame(geo.Deg(55, 37, 100))
	site := geo.Deg(55.1, 37.2, 150)
	target := geo.Deg(55.3, 37.5, 6000)
	aer := geo.NewFrame(site).AER(target.ECEF())
	enu := origin.ToENU(target.ECEF())
	tk := track.Track{X: [6]float64{enu.X, enu.Y, enu.Z}}
	f := &track.EKF{AccelNoise: 1, InitVelSigma: 1}
	tk.P[0], tk.P[7], tk.P[14], tk.P[21], tk.P[28], tk.P[35] = 1, 1, 1, 1, 1, 1
	pr, err := f.PredictMeasurement(&tk, &ss[1])
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(pr.Z[0]-aer.Range) > 1e-6 || math.Abs(pr.Z[1]-aer.Az) > 1e-9 || math.Abs(pr.Z[2]-aer.El) > 1e-9 {
		t.Errorf("predicted %v, geo AER %+v", pr.Z[:3], aer)
	}

	bad := []struct{ in, want string }{
		{"sensors:\n  - id: a\n    position_m: [0, 0, 0]\n    sigma_range_m: 0\n    sigma_azimuth_deg: 1\n    sigma_elevation_deg: 1\n", "s.yaml:4:20: sensor \"a\": sigma_range_m 0"},
		{"sensors:\n  - id: a\n    lat_deg: 1\n    lon_deg: 1\n    alt_m: 1\n    sigma_range_m: 1\n    sigma_azimuth_deg: 1\n    sigma_elevation_deg: 1\n", "needs origin"},
		{"sensors:\n  - id: a\n    speed: 3\n", "s.yaml:3:"},
		{"sensors: [\n", "s.yaml:"},
		{"", "no sensors"},
	}
	for _, b := range bad {
		_, err := ReadSensors([]byte(b.in), "s.yaml")
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%q: error %v, want %q", b.in, err, b.want)
		}
	}
}

// FuzzReadDetections checks the reader never panics, and that what it
// accepts it writes and reads back the same.
func FuzzReadDetections(f *testing.F) {
	f.Add("time_s,x_m,y_m,z_m\n0,1,2,3\n1,4,5,6\n")
	f.Add("time_s,sensor,range_m,azimuth_deg,elevation_deg,range_rate_mps,truth_id\n0,r,1000,370,5,-3,a\n")
	f.Add("time_s,x_m,y_m,z_m,sigma_x_m,sigma_y_m,sigma_z_m\n0,1,2,3,,4,5\n")
	f.Add("\ufefftime_s,x_m,y_m,z_m\r\n0,1e308,-1e308,0\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		set, err := ReadDetections(strings.NewReader(in), "f.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		var b bytes.Buffer
		if err := WriteDetections(&b, set); err != nil {
			t.Fatal(err)
		}
		again, err := ReadDetections(&b, "g.csv")
		if err != nil {
			t.Fatalf("re-read: %v\n%s", err, b.String())
		}
		if len(again.Rows) != len(set.Rows) {
			t.Fatalf("%d rows, then %d", len(set.Rows), len(again.Rows))
		}
	})
}

func FuzzReadTruth(f *testing.F) {
	f.Add("time_s,id,x_m,y_m,z_m\n0,a,1,2,3\n0,b,1,2,3\n")
	f.Add("time_s,id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps\n0,a,1,2,3,4,5,6\n")
	f.Fuzz(func(t *testing.T, in string) {
		set, err := ReadTruth(strings.NewReader(in), "f.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		var b bytes.Buffer
		if err := WriteTruth(&b, set); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadTruth(&b, "g.csv"); err != nil {
			t.Fatalf("re-read: %v", err)
		}
	})
}

func FuzzReadSensors(f *testing.F) {
	f.Add("sensors:\n  - id: a\n    position_m: [0, 0, 0]\n    sigma_range_m: 1\n    sigma_azimuth_deg: 1\n    sigma_elevation_deg: 1\n")
	f.Fuzz(func(t *testing.T, in string) {
		ss, err := ReadSensors([]byte(in), "s.yaml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "s.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		if _, err := track.New(track.Config{GateProb: 0.99, ConfirmM: 1, ConfirmN: 1, MaxMisses: 1, InitVelSigma: 1}, ss); err != nil {
			t.Fatalf("accepted sensors the tracker refuses: %v", err)
		}
	})
}
