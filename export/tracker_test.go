package export

import (
	"math"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
)

// TestTrackerInput: only the unit's detections are kept, angles turn
// from degrees to radians, the radar's sensor sits at its antenna, and
// the truth is in the command post's east-north-up frame: a threat above
// the post at 1 km is at (0, 0, 1000), one 0.01° north where
// GeographicLib's CartConvert puts it.
func TestTrackerInput(t *testing.T) {
	cp := geo.Deg(44, -72, 300)
	u := &scenario.Unit{ID: "u1", CommandPost: scenario.Post{ID: "cp", At: cp},
		Radars: []scenario.Radar{{ID: "r1", At: geo.Deg(44.01, -72, 310), AntennaHeight: 20, SigmaRange: 30, SigmaAz: 0.002, SigmaEl: 0.003}}}
	res := &record.Result{
		Events: []event.Event{
			{Type: event.Detection, T: 4, Unit: "u1", Radar: "r1", Threat: "cm1", Range: 12e3, Azimuth: 90, Elevation: 1.5},
			{Type: event.Detection, T: 5, Unit: "u2", Radar: "r9", Threat: "cm1", Range: 9e3, Azimuth: 10, Elevation: 2},
			{Type: event.Launch, T: 6, Unit: "u1"},
		},
		Samples: []record.Sample{
			{Kind: "truth", T: 0, ID: "cm1", At: geo.Deg(44, -72, 1300)},
			{Kind: "track", T: 0, ID: "7", At: geo.Deg(44, -72, 1300)},
			{Kind: "truth", T: 1, ID: "cm1", At: geo.Deg(44.01, -72, 300)},
		},
	}
	dets, sensors, truth := TrackerInput(u, res)
	rad := math.Pi / 180
	if len(dets.Rows) != 1 || !dets.Polar || !dets.TruthIDs {
		t.Fatalf("detections %+v", dets)
	}
	d := dets.Rows[0]
	if d.Time != 4 || d.Sensor != "r1" || d.TruthID != "cm1" || d.Det.Range != 12e3 ||
		math.Abs(d.Det.Az-90*rad) > 1e-15 || math.Abs(d.Det.El-1.5*rad) > 1e-15 {
		t.Errorf("detection %+v", d)
	}
	s := sensors.Sensors[0]
	if math.Abs(sensors.Origin.LatDeg-44) > 1e-12 || sensors.Origin.AltM != 300 || len(sensors.Sensors) != 1 || s.ID != "r1" || *s.AltM != 330 ||
		s.SigmaRangeM != 30 || math.Abs(s.SigmaAzimuthDeg-0.002/rad) > 1e-12 || math.Abs(s.SigmaElevationDeg-0.003/rad) > 1e-12 {
		t.Errorf("sensors %+v, %+v", sensors.Origin, s)
	}
	if len(truth.Rows) != 2 {
		t.Fatalf("%d truth rows, want 2 (the track sample is not truth)", len(truth.Rows))
	}
	if p := truth.Rows[0].Pos; math.Abs(p.X) > 1e-6 || math.Abs(p.Y) > 1e-6 || math.Abs(p.Z-1000) > 1e-6 {
		t.Errorf("above the post: %v, want (0, 0, 1000)", p)
	}
	// GeographicLib: echo 44.01 -72 300 | CartConvert -l 44 -72 300 -p 6
	// gives 0.000000 1111.175751 -0.096968 (east, north, up in m).
	if p := truth.Rows[1].Pos; math.Abs(p.X) > 1e-6 || math.Abs(p.Y-1111.175751) > 1e-5 || math.Abs(p.Z+0.096968) > 1e-5 {
		t.Errorf("0.01° north: %v, want (0, 1111.175751, -0.096968) as CartConvert gives", p)
	}
}
