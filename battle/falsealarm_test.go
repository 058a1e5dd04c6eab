package battle

import (
	"math"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
)

// falseAlarmScenario is the column of quadcopters with every radar's Pfa
// raised to pfa and the fire-control radar's time budget off, so that
// every scan of every radar tests all its cells.
func falseAlarmScenario(t *testing.T, pfa float64) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Load("testdata/column.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for i := range s.Units[0].Radars {
		r := &s.Units[0].Radars[i]
		r.Pfa, r.TrackDwell = pfa, 0
	}
	return s
}

// TestFalseAlarmCount checks the false detections of whole runs against
// the radars' Pfa times their cells (radar.Radar.Cells) times their
// scans: over R replications the count of radar r is binomial
// B(R·scans·cells, Pfa), so it must lie within 4.5σ of its mean.
func TestFalseAlarmCount(t *testing.T) {
	const pfa, reps = 2e-5, 3
	s := falseAlarmScenario(t, pfa)
	sh, err := Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for rep := range reps {
		res, err := Run(s, Options{Shared: sh, Replication: rep, NoSamples: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Events {
			if e.Type == event.Detection && e.Threat == "" {
				got[e.Radar]++
			}
		}
	}
	for _, rs := range s.Units[0].Radars {
		site := rs.At
		site.Alt += rs.AntennaHeight
		r, err := radar.New(radar.Config{ID: rs.ID, Site: site, RefRange: rs.RefRange, RefRCS: rs.RefRCS,
			RefPd: rs.RefPd, Pfa: rs.Pfa, MinRange: rs.MinRange, MaxRange: rs.MaxRange,
			Sector:      radar.Sector{HalfWidth: rs.SectorWidth / 2},
			Environment: radar.Environment{RangeResolution: rs.RangeResolution, BeamwidthAz: rs.BeamwidthAz}})
		if err != nil {
			t.Fatal(err)
		}
		nr, nb := r.Cells()
		if nr == 0 {
			t.Fatalf("radar %s has no cells: the test needs the catalogue's range resolution and beamwidth", rs.ID)
		}
		scans := math.Floor(s.Duration/rs.ScanPeriod) + 1
		n := reps * scans * float64(nr*nb)
		want, sd := n*pfa, math.Sqrt(n*pfa*(1-pfa))
		if math.Abs(got[rs.ID]-want) > 4.5*sd {
			t.Errorf("radar %s: %v false alarms in %d runs, want Pfa × cells × scans = %v × %d × %v = %.0f ± %.0f (4.5σ)",
				rs.ID, got[rs.ID], reps, pfa, nr*nb, reps*scans, want, 4.5*sd)
		}
		t.Logf("radar %s: %v false alarms, expected %.0f", rs.ID, got[rs.ID], want)
	}
}

// TestFalseAlarmsOff checks the scenario's and each radar's switch.
func TestFalseAlarmsOff(t *testing.T) {
	for _, tt := range []struct {
		name string
		off  func(s *scenario.Scenario)
	}{
		{"scenario", func(s *scenario.Scenario) { s.NoFalseAlarms = true }},
		{"radars", func(s *scenario.Scenario) {
			for i := range s.Units[0].Radars {
				s.Units[0].Radars[i].NoFalseAlarms = true
			}
		}},
	} {
		s := falseAlarmScenario(t, 1e-3)
		tt.off(s)
		res, err := Run(s, Options{NoSamples: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Events {
			if e.Type == event.Detection && e.Threat == "" {
				t.Fatalf("%s: false alarms off, but %+v", tt.name, e)
			}
		}
	}
}
