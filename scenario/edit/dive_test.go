package edit

import (
	"math"
	"testing"
)

// TestSetDive: a sweep varies the terminal dive of a threat whose file
// gives one (threats.<match>.pull_up.dive_range and dive_angle), and
// refuses what no dive can be, or a dive the file does not give.
func TestSetDive(t *testing.T) {
	s := load(t, "../../battle/testdata/bmd-dive.yaml")
	for _, c := range []struct {
		key, val string
		si       float64
	}{{"dive_range", "25 km", 25e3}, {"dive_angle", "30 deg", math.Pi / 6}} {
		si, err := Set(s, "threats.srbm.pull_up."+c.key, c.val)
		if err != nil || math.Abs(si-c.si) > 1e-12 {
			t.Errorf("threats.srbm.pull_up.%s=%s: %g, %v; want %g", c.key, c.val, si, err, c.si)
		}
	}
	if p := s.Threats[0].PullUp; p.DiveRange != 25e3 || math.Abs(p.DiveAngle-math.Pi/6) > 1e-12 || p.Height != 30e3 {
		t.Errorf("pull-up %+v", p)
	}
	for _, c := range [][2]string{
		{"threats.srbm.pull_up.dive_angle", "91 deg"},
		{"threats.srbm.pull_up.dive_angle", "0 deg"},
		{"threats.srbm.pull_up.dive_range", "-1 km"},
		{"threats.srbm.pull_up.dive_range", "20 s"},
	} {
		if _, err := Set(s, c[0], c[1]); err == nil {
			t.Errorf("%s=%s: %v, want an error", c[0], c[1], err)
		}
	}
	// A pull-up without a dive in the file gets none from a sweep.
	s = load(t, "../../battle/testdata/bmd-pullup.yaml")
	for _, key := range []string{"dive_range", "dive_angle"} {
		if _, err := Set(s, "threats.srbm.pull_up."+key, "20"); err == nil {
			t.Errorf("pull_up.%s on a pull-up without a dive: %v, want an error", key, err)
		}
	}
}
