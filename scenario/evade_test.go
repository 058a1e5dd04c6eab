package scenario

import (
	"math"
	"testing"

	"github.com/iadsim/iadsim/units"
)

// threatWith is a file with one routed threat of type typ and the extra
// keys (each line indented as a key of the threat).
func threatWith(typ, extra string) string {
	return head + "threats:\n  - id: x\n    type: " + typ + "\n" + extra +
		"    route:\n      - {lat: 44, lon: -72}\n      - {lat: 44.5, lon: -71.4}\n"
}

func TestEvade(t *testing.T) {
	c := cat(t)
	g := units.StandardG
	const free = "drone\n    rcs: 1 m2\n    speed: 200 m/s\n    altitude: 5 km" // a type of the file's own
	tests := []struct {
		name, typ, extra string
		turn             float64  // TurnAccel, m/s²
		evade            *Evasion // nil: no evasion
	}{
		{"fighter by default", "fighter-4th-gen", "", 9 * g,
			&Evasion{On: "launch", Load: math.Hypot(1, 9), Accel: 9 * g, Delay: 2, Duration: 10}},
		{"alias", "fighter", "", 9 * g,
			&Evasion{On: "launch", Load: math.Hypot(1, 9), Accel: 9 * g, Delay: 2, Duration: 10}},
		{"awacs", "large-aircraft", "", 1.5 * g,
			&Evasion{On: "launch", Load: math.Hypot(1, 1.5), Accel: 1.5 * g, Delay: 2, Duration: 10}},
		{"cruise missile does not evade", "subsonic-cruise-missile", "", 2 * g, nil},
		{"drone does not evade", "shahed-136-class", "", 0.5 * g, nil},
		{"evade none", "fighter-4th-gen", "    evade: none\n", 9 * g, nil},
		{"9 g load", "fighter-4th-gen", "    evade: {load: 9 g}\n", 9 * g,
			&Evasion{On: "launch", Load: 9, Accel: g * math.Sqrt(80), Delay: 2, Duration: 10}},
		{"every key", "fighter-4th-gen", "    max_lateral_accel: 5 g\n    evade: {load: 90 m/s2, on: launch, delay: 0.5 s, duration: 20 s}\n", 5 * g,
			&Evasion{On: "launch", Load: 90 / g, Accel: g * math.Sqrt(90/g*90/g-1), Delay: 0.5, Duration: 20}},
		{"on lock", "fighter-4th-gen", "    evade: {on: lock, load: 9 g}\n", 9 * g,
			&Evasion{On: "lock", Load: 9, Accel: g * math.Sqrt(80), Delay: 2, Duration: 10}},
		{"a missile told to evade", "subsonic-cruise-missile", "    evade: {}\n", 2 * g,
			&Evasion{On: "launch", Load: math.Hypot(1, 2), Accel: 2 * g, Delay: 2, Duration: 10}},
		{"free text turns instantly", free + "\n", "", 0, nil},
		{"free text told", free + "\n", "    evade: {load: 3 g}\n", 0,
			&Evasion{On: "launch", Load: 3, Accel: g * math.Sqrt(8), Delay: 2, Duration: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := parse(t, threatWith(tt.typ, tt.extra), Options{Catalog: c})
			th := s.Threats[0]
			if math.Abs(th.TurnAccel-tt.turn) > 1e-9 {
				t.Errorf("TurnAccel %.6g, want %.6g", th.TurnAccel, tt.turn)
			}
			switch {
			case tt.evade == nil && th.Evade != nil:
				t.Errorf("evades: %+v", *th.Evade)
			case tt.evade != nil && th.Evade == nil:
				t.Errorf("does not evade, want %+v", *tt.evade)
			case tt.evade != nil:
				got, want := *th.Evade, *tt.evade
				if got.On != want.On || math.Abs(got.Load-want.Load) > 1e-12 || math.Abs(got.Accel-want.Accel) > 1e-9 ||
					got.Delay != want.Delay || got.Duration != want.Duration {
					t.Errorf("evade %+v, want %+v", got, want)
				}
			}
		})
	}
}

func TestEvadeErrors(t *testing.T) {
	c := cat(t)
	tests := []struct{ name, src, pos, msg string }{
		{"1 g", threatWith("fighter", "    evade: {load: 1 g}\n"), "7:19", `load 1 g is out of range; want a load factor above 1 g`},
		{"no unit", threatWith("fighter", "    evade: {load: 9}\n"), "7:19", `load "9": no unit; want an acceleration`},
		{"radar", threatWith("fighter", "    evade: {on: radar}\n"), "7:17", `on "radar" is not known; want one of: launch, lock`},
		{"negative delay", threatWith("fighter", "    evade: {delay: -1 s}\n"), "7:20", `delay "-1 s": negative`},
		{"unknown key", threatWith("fighter", "    evade: {hold: 3 s}\n"), "7:13", `unknown key "hold" in evade; want one of: on, load, delay, duration`},
		{"text", threatWith("fighter", "    evade: always\n"), "7:12", `evade "always" is not known; want none, or a mapping`},
		{"no load", threatWith("drone\n    rcs: 1 m2\n    speed: 200 m/s\n    altitude: 5 km", "    evade: {delay: 1 s}\n"), "10:12", `evade has no load and the threat no max_lateral_accel; want load: such as "9 g"`},
		{"ballistic", head + "threats:\n  - id: x\n    type: srbm\n    evade: {load: 9 g}\n    launch: {lat: 44, lon: -72}\n    impact: {lat: 44.5, lon: -71.4}\n",
			"7:5", "evade applies only to routed threats"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErrorAt(t, c, tt.src, tt.pos, tt.msg) })
	}
}
