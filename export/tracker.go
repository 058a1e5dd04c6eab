package export

import (
	"math"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/track"
	"github.com/iadsim/iadsim/track/trackio"
)

// TrackerInput turns a run's record into the stand-alone tracker's
// files (package trackio), as iadsim detections writes them: the unit's
// detections, from its detection events, each in its radar's own
// east-north-up axes; its radars, each with its position and noise, the
// frame's origin at the unit's command post; and the truth samples in
// that frame. Package track/replay plays them through a tracker.
func TrackerInput(u *scenario.Unit, res *record.Result) (*trackio.Detections, *trackio.SensorFile, *trackio.TruthSet) {
	rad := math.Pi / 180
	cp := u.CommandPost.At
	frame := geo.NewFrame(cp)
	sensors := &trackio.SensorFile{Origin: &trackio.Geodetic{LatDeg: cp.LatDeg(), LonDeg: cp.LonDeg(), AltM: cp.Alt}}
	for _, r := range u.Radars {
		lat, lon, alt := r.At.LatDeg(), r.At.LonDeg(), r.At.Alt+r.AntennaHeight
		sensors.Sensors = append(sensors.Sensors, trackio.SensorSpec{
			ID: r.ID, LatDeg: &lat, LonDeg: &lon, AltM: &alt,
			SigmaRangeM: r.SigmaRange, SigmaAzimuthDeg: r.SigmaAz / rad, SigmaElevationDeg: r.SigmaEl / rad,
		})
	}
	dets := &trackio.Detections{Polar: true, TruthIDs: true}
	for _, e := range res.Events {
		if e.Type != event.Detection || e.Unit != u.ID {
			continue
		}
		dets.Rows = append(dets.Rows, trackio.Detection{
			Time: e.T, Sensor: e.Radar, TruthID: e.Threat,
			Det: track.Detection{T: e.T, Range: e.Range, Az: e.Azimuth * rad, El: e.Elevation * rad},
		})
	}
	truth := &trackio.TruthSet{}
	for _, smp := range res.Samples {
		if smp.Kind != "truth" {
			continue
		}
		truth.Rows = append(truth.Rows, trackio.Truth{Time: smp.T, ID: smp.ID, Pos: frame.ToENU(smp.At.ECEF())})
	}
	return dets, sensors, truth
}
