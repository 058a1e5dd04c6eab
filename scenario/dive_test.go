package scenario

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// diveThreat is a quasi-ballistic threat whose pull_up is the given
// flow mapping (line 10 of the file, the mapping at column 14).
const diveThreat = `threats:
  - id: bm
    type: short-range-ballistic-missile
    launch: {lat: 1, lon: 2, alt: 30 km}
    impact: {lat: 2, lon: 2}
    ballistic_coefficient: 5000
    pull_up: `

// TestPullUpDive: a pull_up's terminal dive is read into its
// motion.PullUp, and without the keys there is none.
func TestPullUpDive(t *testing.T) {
	c := cat(t)
	s := parse(t, head+diveThreat+"{height: 30 km, lift_to_drag: 1.5, max_load: 20 g, dive_range: 20 km, dive_angle: 45 deg}\n", Options{Catalog: c})
	if p := s.Threats[0].PullUp; p.DiveRange != 20e3 || math.Abs(p.DiveAngle-math.Pi/4) > 1e-15 {
		t.Errorf("pull-up %+v, want a dive at 45° from 20 km", p)
	}
	s = parse(t, head+diveThreat+"{height: 30 km, lift_to_drag: 1.5}\n", Options{Catalog: c})
	if p := s.Threats[0].PullUp; p.DiveRange != 0 || p.DiveAngle != 0 {
		t.Errorf("pull-up %+v, want no dive", p)
	}
}

func TestPullUpDiveErrors(t *testing.T) {
	c := cat(t)
	tests := []struct{ name, pullUp, pos, msg string }{
		{"range without angle", "{height: 30 km, lift_to_drag: 1.5, dive_range: 20 km}", "10:49", "dive_range needs dive_angle"},
		{"angle without range", "{height: 30 km, lift_to_drag: 1.5, dive_angle: 45 deg}", "10:49", "dive_angle needs dive_range"},
		{"past vertical", "{height: 30 km, lift_to_drag: 1.5, dive_range: 20 km, dive_angle: 100 deg}", "10:80", "dive_angle 100 deg is out of range; want an angle below the horizon above 0 and up to 90 deg"},
		{"zero angle", "{height: 30 km, lift_to_drag: 1.5, dive_range: 20 km, dive_angle: 0 deg}", "10:80", "dive_angle 0 deg is out of range"},
		{"range in seconds", "{height: 30 km, lift_to_drag: 1.5, dive_range: 20 s, dive_angle: 45 deg}", "10:61", "dive_range \"20 s\""},
		{"negative range", "{height: 30 km, lift_to_drag: 1.5, dive_range: -20 km, dive_angle: 45 deg}", "10:61", "dive_range -20 km is out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErrorAt(t, c, head+diveThreat+tt.pullUp+"\n", tt.pos, tt.msg) })
	}
}

// FuzzPullUp: whatever the pull_up mapping holds, the file is read or
// refused with positioned errors, never a panic.
func FuzzPullUp(f *testing.F) {
	c := cat(f)
	for _, s := range []string{
		"{height: 30 km, lift_to_drag: 1.5, max_load: 20 g, dive_range: 20 km, dive_angle: 45 deg}",
		"{height: 30 km, lift_to_drag: 1.5, dive_angle: 90 deg}",
		"{dive_range: 0 km, dive_angle: -1 rad}",
		"{height: 1e400 m, lift_to_drag: NaN, dive_range: inf km}",
		"[1, 2]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pullUp string) {
		if strings.ContainsAny(pullUp, "\n\r") {
			return // one flow mapping on the pull_up line
		}
		_, err := Compile("f.yaml", []byte(head+diveThreat+pullUp+"\n"), Options{Catalog: c})
		var list ErrorList
		if err != nil && !errors.As(err, &list) {
			t.Fatalf("%q: %v (%T), want an ErrorList", pullUp, err, err)
		}
		for _, e := range list {
			if !strings.HasPrefix(e.Error(), "f.yaml:") {
				t.Errorf("%q: error %q names no position", pullUp, e.Error())
			}
		}
	})
}
