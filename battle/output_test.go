package battle

import (
	"strconv"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/scenario"
)

// TestLeakRangeRounded: a leak's distance from the site is written to the
// 0.1 m of every range_m, not as 289.48000000216825 or, for a threat that
// ends its route on the site's centre, 1.16e-9.
func TestLeakRangeRounded(t *testing.T) {
	s, err := scenario.Load("../examples/s400-white-mountains-raid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Unarmed, so that the raid leaks whatever the envelopes say.
	for i := range s.Units {
		for j := range s.Units[i].Launchers {
			s.Units[i].Launchers[j].Loads = nil
		}
	}
	res, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	leaks := 0
	for _, e := range res.Events {
		if e.Type != event.Leak {
			continue
		}
		leaks++
		txt := strconv.FormatFloat(e.Range, 'f', -1, 64)
		if _, frac, _ := strings.Cut(txt, "."); len(frac) > 1 {
			t.Errorf("leak of %s at range_m %s; want it to 0.1 m", e.Threat, txt)
		}
	}
	if leaks == 0 {
		t.Fatal("the example has no leak to look at")
	}
}
