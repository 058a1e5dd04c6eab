package edit

import (
	"math"
	"os"
	"slices"
	"testing"

	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/units"
)

// small is the Monte Carlo package's small scenario: two kinds of
// cruise missile, drones and one battalion.
const (
	small = "../../mc/testdata/small.yaml"
	// probe is the bundled low-observable probe: one fighter over one battalion.
	probe = "../../examples/s400-low-observable-probe.yaml"
)

func load(t testing.TB, path string) *scenario.Scenario {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// setCase is one selector=value, how to see it applied, and the SI
// value Set must return.
type setCase struct {
	sel, val string
	check    func(s *scenario.Scenario) bool
	si       float64
}

// checkSets applies each case to a fresh load of the scenario at path.
func checkSets(t *testing.T, path string, cases []setCase) {
	t.Helper()
	for _, c := range cases {
		s := load(t, path)
		si, err := Set(s, c.sel, c.val)
		if err != nil {
			t.Errorf("%s=%s: %v", c.sel, c.val, err)
			continue
		}
		if !c.check(s) {
			t.Errorf("%s=%s: not applied", c.sel, c.val)
		}
		if !(si == c.si || math.IsNaN(si) && math.IsNaN(c.si)) && math.Abs(si-c.si) > 1e-9 {
			t.Errorf("%s=%s: SI %g, want %g", c.sel, c.val, si, c.si)
		}
	}
}

func TestSet(t *testing.T) {
	checkSets(t, small, []setCase{
		{"threats.cm.rcs", "1 m2", func(s *scenario.Scenario) bool { return s.Threats[0].RCS == 1 && s.Threats[6].RCS == 0.1 }, 1},
		// A word of the class, as issue 7 writes it: "cruise" selects the cruise missiles.
		{"threats.cruise.rcs", "2 m2", func(s *scenario.Scenario) bool { return s.Threats[0].RCS == 2 && s.Threats[6].RCS == 0.1 }, 2},
		{"threats.shahed-136-class.rcs", "-10 dBsm", func(s *scenario.Scenario) bool {
			return math.Abs(s.Threats[7].RCS-0.1) < 1e-12 && s.Threats[0].RCS == 0.1
		}, 0.1},
		{"threats.cm-02.altitude", "100 m", func(s *scenario.Scenario) bool {
			return s.Threats[1].Route[1].At.Alt == 100 && s.Threats[0].Route[1].At.Alt == 15
		}, 100},
		{"threats.*.speed", "720 km/h", func(s *scenario.Scenario) bool { return s.Threats[3].Route[1].Speed == 200 }, 200},
		{"threats.drone.start", "60 s", func(s *scenario.Scenario) bool { return s.Threats[6].Start == 60 && s.Threats[7].Start == 70 }, 60},
		{"air_defence.bn1.doctrine.salvo", "2", func(s *scenario.Scenario) bool { return s.Units[0].Doctrine.Salvo == 2 }, 2},
		{"air_defence.*.doctrine.policy", "salvo", func(s *scenario.Scenario) bool { return s.Units[0].Doctrine.Policy == "salvo" }, math.NaN()},
		{"air_defence.bn1.missiles.9M96E2.pk", "0.5", func(s *scenario.Scenario) bool {
			return s.Units[0].Missiles[1].PkMax == 0.5 && s.Units[0].Missiles[0].PkMax == 0.8
		}, 0.5},
		{"air_defence.bn1.radars.fire-control.ref_range", "100 km", func(s *scenario.Scenario) bool { return s.Units[0].Radars[1].RefRange == 100e3 }, 100e3},
		{"air_defence.bn1.radars.91N6E.scan_period", "5 s", func(s *scenario.Scenario) bool { return s.Units[0].Radars[0].ScanPeriod == 5 }, 5},
		// The tracker's figures, as issue 11 sweeps them.
		{"air_defence.*.tracker.accel_noise", "10", func(s *scenario.Scenario) bool { return s.Units[0].Tracker.AccelNoise == 10 }, 10},
		{"air_defence.bn1.tracker.confirm_m", "3", func(s *scenario.Scenario) bool { return s.Units[0].Tracker.ConfirmM == 3 }, 3},
		{"air_defence.bn1.tracker.confirm_n", "5", func(s *scenario.Scenario) bool { return s.Units[0].Tracker.ConfirmN == 5 }, 5},
		{"air_defence.bn1.tracker.max_misses", "4", func(s *scenario.Scenario) bool { return s.Units[0].Tracker.MaxMisses == 4 }, 4},
		{"air_defence.bn1.tracker.gate_prob", "0.99", func(s *scenario.Scenario) bool { return s.Units[0].Tracker.GateProb == 0.99 }, 0.99},
		{"air_defence.bn1.doctrine.salvo_by_class.ballistic", "2", func(s *scenario.Scenario) bool {
			return slices.Contains(s.Units[0].Doctrine.SalvoByClass, scenario.ClassSalvo{Class: "ballistic", Salvo: 2})
		}, 2},
	})
	for _, c := range [][2]string{
		{"threats.nothing.rcs", "1 m2"},
		{"threats.cm.colour", "red"},
		{"threats.cm.rcs", "big"},
		{"threats.cm.rcs", "-1 m2"},
		{"threats.cm.rcs", "1e308 m2"},    // the scenario reader's bound, MaxRCS
		{"threats.cm.speed", "1e300 m/s"}, // faster than Earth's escape velocity
		{"threats.cm.speed", "Mach 40"},
		{"air_defence.bn1.missiles.*.burnout_speed", "20 km/s"},
		{"air_defence.bn9.doctrine.salvo", "2"},
		{"air_defence.bn1.doctrine.salvo", "0"},
		{"air_defence.bn1.missiles.S-300.pk", "0.5"},
		{"air_defence.bn1.missiles.*.pk", "1.5"},
		{"air_defence.bn1.radars.*.wattage", "1"},
		{"weather.rain", "1"},
		{"air_defence.bn1.tracker.accel_noise", "0"},
		{"air_defence.bn1.tracker.confirm_m", "4"}, // more hits than looks (confirm_n is 3)
		{"air_defence.bn1.tracker.confirm_n", "1"}, // fewer looks than hits (confirm_m is 2)
		{"air_defence.bn1.tracker.gate_prob", "1"},
		{"air_defence.bn1.tracker.colour", "1"},
		{"air_defence.bn1.doctrine.salvo_by_class.balloon", "2"},
		{"air_defence.bn1.doctrine.salvo_by_class.cruise", "0"},
		{"threats.cm", "1"},
	} {
		s := load(t, small)
		if _, err := Set(s, c[0], c[1]); err == nil {
			t.Errorf("%s=%s: %v, want an error", c[0], c[1], err)
		}
	}
}

// TestSetBallistic: the figures of ballistic missile defence (issue 13)
// can be swept: a missile's and its booster's ballistic coefficient, its
// apogee, and a unit's range and floor against ballistic targets; and
// they are refused where they mean nothing.
func TestSetBallistic(t *testing.T) {
	const bmd = "../../battle/testdata/bmd-booster.yaml"
	checkSets(t, bmd, []setCase{
		{"threats.srbm.ballistic_coefficient", "2000", func(s *scenario.Scenario) bool {
			return s.Threats[0].BallisticCoeff == 2000 && s.Threats[1].BallisticCoeff == 500
		}, 2000},
		{"threats.srbm-booster.ballistic_coefficient", "300", func(s *scenario.Scenario) bool {
			return s.Threats[0].BallisticCoeff == 5000 && s.Threats[1].BallisticCoeff == 300
		}, 300},
		{"threats.srbm-booster.rcs", "3 m2", func(s *scenario.Scenario) bool { return s.Threats[1].RCS == 3 && s.Threats[0].RCS == 0.01 }, 3},
		{"threats.srbm.apogee", "80 km", func(s *scenario.Scenario) bool { return s.Threats[0].Apogee == 80e3 }, 80e3},
		{"air_defence.*.doctrine.ballistic_range", "40 km", func(s *scenario.Scenario) bool { return s.Units[0].Doctrine.BallisticRange == 40e3 }, 40e3},
		{"air_defence.*.doctrine.ballistic_min_altitude", "5 km", func(s *scenario.Scenario) bool {
			return s.Units[0].Doctrine.BallisticMinAltitude == 5e3
		}, 5e3},
	})
	for _, c := range [][2]string{
		{"threats.srbm.ballistic_coefficient", "0"},
		{"threats.srbm.ballistic_coefficient", "heavy"},
		{"threats.srbm-booster.apogee", "80 km"}, // a booster flies from its missile's burnout
		{"threats.srbm.apogee", "-1 km"},
		{"air_defence.bn1.doctrine.ballistic_range", "-1 km"},
	} {
		s := load(t, bmd)
		if _, err := Set(s, c[0], c[1]); err == nil {
			t.Errorf("%s=%s: %v, want an error", c[0], c[1], err)
		}
	}
	// The manoeuvre of a threat that has one.
	s := load(t, "../../battle/testdata/bmd-pullup.yaml")
	for _, c := range []struct {
		key, val string
		si       float64
	}{{"height", "25 km", 25e3}, {"lift_to_drag", "2", 2}, {"max_load", "10 g", 98.0665}} {
		si, err := Set(s, "threats.srbm.pull_up."+c.key, c.val)
		if err != nil || math.Abs(si-c.si) > 1e-9 {
			t.Errorf("threats.srbm.pull_up.%s=%s: %g, %v", c.key, c.val, si, err)
		}
	}
	if p := s.Threats[0].PullUp; p.Height != 25e3 || p.LiftToDrag != 2 || math.Abs(p.MaxLoad-98.0665) > 1e-9 {
		t.Errorf("pull-up %+v", p)
	}
	for _, c := range [][2]string{{"threats.srbm.pull_up.lift_to_drag", "0"}, {"threats.srbm.pull_up.colour", "1"}} {
		if _, err := Set(s, c[0], c[1]); err == nil {
			t.Errorf("%s=%s: %v, want an error", c[0], c[1], err)
		}
	}
	// Not where the file gives no pull_up.
	s = load(t, bmd)
	if _, err := Set(s, "threats.srbm.pull_up.height", "20 km"); err == nil {
		t.Errorf("pull_up.height on a threat without pull_up: %v, want an error", err)
	}
	// Not on a routed threat.
	s = load(t, small)
	for _, key := range []string{"ballistic_coefficient", "apogee"} {
		if _, err := Set(s, "threats.cm."+key, "5000"); err == nil {
			t.Errorf("threats.cm.%s on a cruise missile: %v, want an error", key, err)
		}
	}
}

// TestSetEvade: threats.<match>.evade turns a threat's break off, or sets
// its load factor, keeping its delay and duration (the defaults for one
// that did not evade).
func TestSetEvade(t *testing.T) {
	for _, c := range []struct {
		file, sel, val string
		id             string            // the threat checked
		want           *scenario.Evasion // nil: no evasion
		si             float64
	}{
		{probe, "threats.lo.evade", "none", "lo", nil, math.NaN()},
		{probe, "threats.fighter.evade", "6 g", "lo", &scenario.Evasion{On: "launch", Load: 6, Accel: motion.TurnAccel(6), Delay: 2, Duration: 10}, 6 * units.StandardG},
		{small, "threats.cm-02.evade", "9g", "cm-02", &scenario.Evasion{On: "launch", Load: 9, Accel: motion.TurnAccel(9), Delay: 2, Duration: 10}, 9 * units.StandardG},
	} {
		s := load(t, c.file)
		i := slices.IndexFunc(s.Threats, func(th scenario.Threat) bool { return th.ID == c.id })
		th := &s.Threats[i]
		si, err := Set(s, c.sel, c.val)
		if err != nil {
			t.Errorf("%s=%s: %v", c.sel, c.val, err)
			continue
		}
		switch {
		case c.want == nil && th.Evade != nil:
			t.Errorf("%s=%s: evasion %+v, want none", c.sel, c.val, *th.Evade)
		case c.want != nil && (th.Evade == nil || math.Abs(th.Evade.Accel-c.want.Accel) > 1e-9 ||
			th.Evade.Load != c.want.Load || th.Evade.On != c.want.On || th.Evade.Delay != c.want.Delay || th.Evade.Duration != c.want.Duration):
			t.Errorf("%s=%s: evasion %+v, want %+v", c.sel, c.val, th.Evade, *c.want)
		}
		if !(math.IsNaN(si) && math.IsNaN(c.si)) && math.Abs(si-c.si) > 1e-9 {
			t.Errorf("%s=%s: SI %g, want %g", c.sel, c.val, si, c.si)
		}
	}
	for _, v := range []string{"1 g", "0.5 g", "fast", "9 m"} {
		s := load(t, probe)
		if _, err := Set(s, "threats.lo.evade", v); err == nil {
			t.Errorf("threats.lo.evade=%s: %v, want an error", v, err)
		}
	}
}

// TestSetLinks: the latency and capacity of a grid's links can be swept
// (issue 16), for one command or all.
func TestSetLinks(t *testing.T) {
	const grid = "../../examples/grid-regiments.yaml"
	checkSets(t, grid, []setCase{
		{"iads.commands.gulf-bde.link.latency", "5 s", func(s *scenario.Scenario) bool {
			return s.IADS.Commands[3].Link.Latency == 5 && s.IADS.Commands[0].Link.Latency == 1
		}, 5},
		{"iads.commands.*.unit_link.capacity", "12.5", func(s *scenario.Scenario) bool {
			return s.IADS.Commands[0].UnitLink.Capacity == 12.5 && s.IADS.Commands[3].UnitLink.Capacity == 12.5
		}, 12.5},
	})
	for _, c := range [][2]string{
		{"iads.commands.nowhere.link.latency", "1 s"},
		{"iads.commands.*.uplink.latency", "1 s"},
		{"iads.commands.*.link.colour", "1"},
		{"iads.commands.*.link.latency", "-1 s"},
		{"iads.commands.*.link.capacity", "0"},
	} {
		s := load(t, grid)
		if _, err := Set(s, c[0], c[1]); err == nil {
			t.Errorf("%s=%s: no error", c[0], c[1])
		}
	}
	s := load(t, small)
	if _, err := Set(s, "iads.commands.*.link.latency", "1 s"); err == nil {
		t.Error("a scenario without an iads: no error")
	}
}
