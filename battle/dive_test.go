package battle

import (
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/scenario"
)

// TestDiveFlies runs testdata/bmd-dive.yaml, the quasi-ballistic missile
// of bmd-pullup.yaml ending 20 km from the airbase in a terminal dive at
// 45°: the scenario's dive reaches the engine, the missile ends (killed
// or on the airbase) before the same glide without the dive would, and,
// if it leaks, on the airbase.
func TestDiveFlies(t *testing.T) {
	s, end := srbmOutcome(t, "testdata/bmd-dive.yaml")
	th := s.Threats[0]
	if th.PullUp.DiveRange != 20e3 {
		t.Fatalf("pull-up %+v: no dive read", th.PullUp)
	}
	glide := *th.PullUp
	glide.DiveRange, glide.DiveAngle = 0, 0
	g, err := motion.NewBallistic(th.Start, *th.Launch, *th.Impact, motion.BallisticOptions{ApogeeHeight: th.Apogee, BallisticCoeff: th.BallisticCoeff, PullUp: &glide})
	if err != nil {
		t.Fatal(err)
	}
	if end.T >= g.End() {
		t.Errorf("%s at %.0f s, not before the glide without the dive falls at %.0f s", end.Type, end.T, g.End())
	}
	if end.Type == event.Leak && end.Range > 100 {
		t.Errorf("falls %.0f m from the airbase", end.Range)
	}
	t.Logf("%s at %.1f s (the glide alone falls at %.1f s)", end.Type, end.T, g.End())
}

// srbmOutcome runs the scenario at path, whose threat srbm manoeuvres
// in re-entry (pull_up), and returns it and the event that ends the
// missile, its kill or its leak.
func srbmOutcome(t *testing.T, path string) (*scenario.Scenario, *event.Event) {
	t.Helper()
	s, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Threats[0].PullUp == nil {
		t.Fatal("no pull-up read")
	}
	res, err := Run(s, Options{NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := len(res.Events) - 1; i >= 0; i-- {
		if e := res.Events[i]; e.Threat == "srbm" && (e.Type == event.Kill || e.Type == event.Leak) {
			return s, &res.Events[i]
		}
	}
	t.Fatal("the missile neither leaked nor was killed")
	return nil, nil
}
