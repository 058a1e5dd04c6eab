package replay_test

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/track"
	"github.com/iadsim/iadsim/track/replay"
	"github.com/iadsim/iadsim/track/trackio"
)

// The stand-alone tracker from Go, what iadsim detections and iadsim
// track do: run a scenario, take one unit's radar detections and the
// truth (export.TrackerInput), and play them through a tracker of one's
// own choosing, scored against the truth. Here the JPDA IMM tracks the
// Tomahawk-class missile of the cruise missile probe.
func ExampleRun() {
	s, err := scenario.Load("../../examples/s400-cruise-missile-probe.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := battle.Run(s, battle.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	dets, sensorFile, truth := export.TrackerInput(&s.Units[0], res)

	// The sensors as the tracker reads them from sensors.yaml, with the
	// frame's place on the earth, which the IMM's ballistic model needs.
	var yaml bytes.Buffer
	if err := trackio.WriteSensors(&yaml, sensorFile); err != nil {
		fmt.Println(err)
		return
	}
	sensors, frame, err := trackio.ReadSensorsFrame(yaml.Bytes(), "sensors.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := track.Config{AccelNoise: 10, InitVelSigma: 300, GateProb: 0.999, PD: 0.9,
		MaxMisses: 3, ConfirmM: 2, ConfirmN: 3, Associator: &track.JPDA{}}
	tr, filter, scans, err := replay.NewTracker(cfg, "imm", frame, dets, sensors, "detections")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := replay.Run(tr, filter, scans, truth, 100, 1) // c = 100 m, p = 1
	if err != nil {
		fmt.Println(err)
		return
	}
	falseAlarms := 0
	for _, d := range dets.Rows {
		if d.TruthID == "" {
			falseAlarms++
		}
	}
	fmt.Printf("%d detections (%d false alarms) in %d scans, %d tracks started, %d confirmed at the end\n",
		len(dets.Rows), falseAlarms, len(scans), r.Started, r.Confirmed)
	fmt.Printf("over %d truth times: mean OSPA %.1f m, mean GOSPA %.1f m\n", len(r.Steps), r.MeanOSPA(), r.MeanGOSPA())
	// metrics.json of iadsim track; the missile flies under the radars'
	// horizon for most of the run, so the SIAP completeness is low.
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		fmt.Println(err)
		return
	}
	var m struct {
		SIAP struct {
			Completeness float64  `json:"completeness"`
			Position     float64  `json:"position_accuracy_m"`
			Velocity     *float64 `json:"velocity_accuracy_mps"`
		} `json:"siap"`
	}
	if err := json.Unmarshal(js.Bytes(), &m); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("SIAP: completeness %.2f, position accuracy %.0f m, velocity accuracy %v (the truth has no velocities)\n",
		m.SIAP.Completeness, m.SIAP.Position, m.SIAP.Velocity)

	// Output:
	// 415 detections (352 false alarms) in 308 scans, 346 tracks started, 1 confirmed at the end
	// over 345 truth times: mean OSPA 88.1 m, mean GOSPA 53.4 m
	// SIAP: completeness 0.15, position accuracy 21 m, velocity accuracy <nil> (the truth has no velocities)
}
