package scenario

import (
	"math"
	"testing"
)

// armRaid is one S-400 battalion and one threat of type typ aimed at
// target, with the extra keys.
func armRaid(typ, target, extra string) string {
	return head + "air_defence:\n  - system: s400\n    id: bn\n    at: {lat: 44.5, lon: -71.4}\n" +
		"threats:\n  - id: x\n    type: " + typ + "\n    target: " + target + "\n" + extra +
		"    route:\n      - {lat: 44, lon: -72}\n      - {lat: 44.2, lon: -71.8}\n"
}

func TestAntiRadiationTarget(t *testing.T) {
	c := cat(t)
	s := parse(t, armRaid("harm-class", "bn-92n6e", ""), Options{Catalog: c})
	th := s.Threats[0]
	var fc *Radar
	for i := range s.Units[0].Radars {
		if s.Units[0].Radars[i].ID == "bn-92n6e" {
			fc = &s.Units[0].Radars[i]
		}
	}
	if fc == nil {
		t.Fatal("no radar bn-92n6e in the battalion")
	}
	last := th.Route[len(th.Route)-1].At
	if th.TargetRadar != "bn-92n6e" || th.Emitters || len(th.Route) != 3 ||
		math.Abs(last.Lat-fc.At.Lat) > 1e-12 || math.Abs(last.Lon-fc.At.Lon) > 1e-12 {
		t.Errorf("target %q emitters %v, route %d points ending at %v; want the radar's %v appended", th.TargetRadar, th.Emitters, len(th.Route), last, fc.At)
	}
	if math.Abs(th.SeekerAccuracy-math.Pi/180) > 1e-12 || th.LethalRadius != 15 {
		t.Errorf("seeker accuracy %g rad, lethal radius %g m; want the class's 1 deg and 15 m", th.SeekerAccuracy, th.LethalRadius)
	}
	s = parse(t, armRaid("anti-radiation-missile", "emitters", "    seeker_accuracy: 0.5 deg\n    lethal_radius: 20 m\n"), Options{Catalog: c})
	th = s.Threats[0]
	if !th.Emitters || th.TargetRadar != "" || len(th.Route) != 2 || th.LethalRadius != 20 || math.Abs(th.SeekerAccuracy-0.5*math.Pi/180) > 1e-12 {
		t.Errorf("emitters: %+v", th)
	}
}

func TestAntiRadiationErrors(t *testing.T) {
	c := cat(t)
	tests := []struct{ name, src, pos, msg string }{
		{"fighter at a radar", armRaid("fighter", "bn-92n6e", "    rcs: 5 m2\n    speed: 250 m/s\n    altitude: 5 km\n    lethal_radius: 10 m\n"), "9:5", `threat has no cep; want cep: the circular error probable of its guidance`},
		{"arm at a launcher", armRaid("arm", "bn-tel-01", ""), "11:13", `target "bn-tel-01" is a launcher; an anti-radiation missile homes on a radar's emission`},
		{"cep on an arm", armRaid("arm", "bn-92n6e", "    cep: 5 m\n"), "12:5", `cep applies to a threat other than an anti-radiation missile`},
		{"seeker on a cruise missile", armRaid("subsonic-cruise-missile", "bn-55k6e", "    seeker_accuracy: 1 deg\n"), "12:5", `seeker_accuracy applies to an anti-radiation missile`},
		{"zero cep", armRaid("subsonic-cruise-missile", "bn-tel-01", "    cep: 0 m\n"), "12:10", `cep 0 m is out of range`},
		{"cruise missile at emitters", armRaid("subsonic-cruise-missile", "emitters", ""), "11:13", `target "emitters" is for an anti-radiation missile`},
		{"zero accuracy", armRaid("arm", "emitters", "    seeker_accuracy: 0 deg\n"), "12:22", `seeker_accuracy 0 deg is out of range; want a bearing error above 0`},
		{"negative radius", armRaid("arm", "bn-92n6e", "    lethal_radius: -5 m\n"), "12:20", `lethal_radius -5 m is out of range`},
		{"radius on a site attack", armRaid("arm", "bn-92n6e", "")[:0] + threatWith("arm", "    lethal_radius: 5 m\n"), "7:5", `lethal_radius applies to a threat aimed at a unit's equipment`},
		{"ballistic", head + "air_defence:\n  - system: s400\n    id: bn\n    at: {lat: 44.5, lon: -71.4}\nthreats:\n  - id: x\n    type: arm\n    target: bn-91n6e\n    launch: {lat: 44, lon: -72}\n", "11:13", `an anti-radiation missile flies a route`},
	}
	doctrine := func(d string) string {
		return head + "air_defence:\n  - system: s400\n    id: bn\n    at: {lat: 44.5, lon: -71.4}\n    doctrine: {arm_emcon: " + d + "}\n"
	}
	tests = append(tests, []struct{ name, src, pos, msg string }{
		{"arm_emcon without silent_for", doctrine("{range: 60 km}"), "8:27", `arm_emcon has no silent_for; want silent_for: how long the radars stay silent`},
		{"arm_emcon range zero", doctrine("{range: 0 km, silent_for: 1 min}"), "8:35", `range 0 km is out of range; want a value greater than zero`},
		{"arm_emcon unknown key", doctrine("{range: 9 km, silent_for: 1 min, until: 2 min}"), "8:60", `unknown key "until" in arm_emcon; want one of: range, silent_for`},
		{"arm_emcon text", doctrine("on"), "8:27", `arm_emcon is "on"; want a mapping`},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErrorAt(t, c, tt.src, tt.pos, tt.msg) })
	}
}

// TestEquipmentTarget: a threat other than an anti-radiation missile may
// aim at a unit's launcher, command post or radar; it takes its class's
// CEP and lethal radius, and its route ends at the equipment.
func TestEquipmentTarget(t *testing.T) {
	c := cat(t)
	for _, tt := range []struct{ target, kind string }{
		{"bn-tel-01", EquipmentLauncher}, {"bn-55k6e", EquipmentPost}, {"bn-92n6e", EquipmentRadar},
	} {
		s := parse(t, armRaid("subsonic-cruise-missile", tt.target, ""), Options{Catalog: c})
		th := s.Threats[0]
		if th.Equipment == nil || th.Equipment.Kind != tt.kind || th.Equipment.Unit != "bn" || th.TargetRadar != "" {
			t.Fatalf("%s: equipment %+v, target radar %q; want a %s of bn, not homed on", tt.target, th.Equipment, th.TargetRadar, tt.kind)
		}
		last := th.Route[len(th.Route)-1].At
		if len(th.Route) != 3 || math.Abs(last.Lat-th.Equipment.At.Lat) > 1e-12 || math.Abs(last.Lon-th.Equipment.At.Lon) > 1e-12 {
			t.Errorf("%s: route %d points ending at %v; want the equipment's %v appended", tt.target, len(th.Route), last, th.Equipment.At)
		}
		if th.CEP != 10 || th.LethalRadius != 25 {
			t.Errorf("%s: CEP %g m, lethal radius %g m; want the class's 10 m and 25 m", tt.target, th.CEP, th.LethalRadius)
		}
	}
}

func TestProtects(t *testing.T) {
	c := cat(t)
	unit := func(protects string) string {
		return head + "air_defence:\n  - system: s400\n    id: bn\n    at: {lat: 44.5, lon: -71.4}\n" +
			"  - system: s400\n    id: pd\n    at: {lat: 44.6, lon: -71.4}\n    protects: " + protects + "\n"
	}
	s := parse(t, unit("bn"), Options{Catalog: c})
	if s.Units[1].Protects != "bn" || s.Units[0].Protects != "" {
		t.Errorf("protects %q, %q; want \"\", bn", s.Units[0].Protects, s.Units[1].Protects)
	}
	wantErrorAt(t, c, unit("nobody"), "11:15", `protects "nobody" is not an air-defence unit of this scenario`)
	wantErrorAt(t, c, unit("pd"), "11:15", `unit pd protects itself`)
	wantErrorAt(t, c, unit("[bn]"), "11:15", `protects is`)
}
