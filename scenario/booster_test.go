package scenario

import "testing"

// TestBooster: a ballistic threat's booster becomes the threat
// ID-booster right after it (each salvo member's after it), with its own
// RCS and β, no target, and the name of the missile it left.
func TestBooster(t *testing.T) {
	c := cat(t)
	src := head + `sites:
  - {id: s1, at: {lat: 44, lon: -70}}
threats:
  - id: bm
    type: short-range-ballistic-missile
    rcs: 0.01 m2
    count: 2
    interval: 10 s
    launch: {lat: 42, lon: -72, alt: 30 km}
    target: s1
    ballistic_coefficient: 5000
    booster: {rcs: 1 m2, ballistic_coefficient: 500}
`
	s := parse(t, src, Options{Catalog: c})
	var ids []string
	for _, th := range s.Threats {
		ids = append(ids, th.ID)
	}
	if len(ids) != 4 || ids[0] != "bm-01" || ids[1] != "bm-01-booster" || ids[2] != "bm-02" || ids[3] != "bm-02-booster" {
		t.Fatalf("threats %v", ids)
	}
	rv, b := s.Threats[2], s.Threats[3]
	if rv.RCS != 0.01 || rv.BallisticCoeff != 5000 || rv.BoosterOf != "" || rv.Target != "s1" {
		t.Errorf("warhead %+v", rv)
	}
	if b.RCS != 1 || b.BallisticCoeff != 500 || b.BoosterOf != "bm-02" || b.Target != "" || b.Start != rv.Start ||
		b.Type != "short-range-ballistic-missile-booster" || b.Booster != nil {
		t.Errorf("booster %+v", b)
	}
}

func TestBoosterErrors(t *testing.T) {
	c := cat(t)
	const missile = `threats:
  - id: bm
    type: short-range-ballistic-missile
    launch: {lat: 1, lon: 2}
`
	tests := []struct{ name, src, pos, msg string }{
		{"booster on a route", head + `threats:
  - id: cm
    type: subsonic-cruise-missile
    route: [{lat: 1, lon: 2, alt: 30 m}, {lat: 1.1, lon: 2, alt: 30 m}]
    booster: {rcs: 1 m2, ballistic_coefficient: 500}
`, "8:5", "booster applies only to ballistic threats; want it removed"},
		{"booster without rcs", head + missile + "    impact: {lat: 2, lon: 2}\n    booster: {ballistic_coefficient: 500}\n",
			"9:14", "booster has no rcs; want rcs:"},
		{"negative coefficient", head + missile + "    impact: {lat: 2, lon: 2}\n    ballistic_coefficient: -5\n",
			"9:28", "ballistic_coefficient -5 is out of range; want a value greater than zero"},
		{"booster id taken", head + "sites:\n  - {id: bm-booster, at: {lat: 2, lon: 2}}\n" + missile +
			"    target: bm-booster\n    booster: {rcs: 1 m2, ballistic_coefficient: 500}\n",
			"11:14", `duplicate id "bm-booster"`},
		{"pull-up on a route", head + `threats:
  - id: cm
    type: subsonic-cruise-missile
    route: [{lat: 1, lon: 2, alt: 30 m}, {lat: 1.1, lon: 2, alt: 30 m}]
    pull_up: {height: 30 km, lift_to_drag: 1.5}
`, "8:5", "pull_up applies only to ballistic threats; want it removed"},
		{"pull-up without drag", head + missile + "    impact: {lat: 2, lon: 2}\n    pull_up: {height: 30 km, lift_to_drag: 1.5}\n",
			"9:5", "pull_up needs ballistic_coefficient"},
		{"pull-up without lift", head + missile + "    impact: {lat: 2, lon: 2}\n    ballistic_coefficient: 5000\n    pull_up: {height: 30 km}\n",
			"10:14", "pull_up has no lift_to_drag; want lift_to_drag:"},
		{"pull-up at zero L/D", head + missile + "    impact: {lat: 2, lon: 2}\n    ballistic_coefficient: 5000\n    pull_up: {height: 30 km, lift_to_drag: 0}\n",
			"10:44", "lift_to_drag 0 is out of range"},
		{"pull-up load in metres", head + missile + "    impact: {lat: 2, lon: 2}\n    ballistic_coefficient: 5000\n    pull_up: {height: 30 km, lift_to_drag: 1, max_load: 3 m}\n",
			"10:57", "max_load \"3 m\": unknown unit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErrorAt(t, c, tt.src, tt.pos, tt.msg) })
	}
}

// TestPullUp: a ballistic threat's pull_up is read into its
// motion.PullUp, and its booster, which tumbles, has none.
func TestPullUp(t *testing.T) {
	src := head + `sites:
  - {id: s1, at: {lat: 44, lon: -70}}
threats:
  - id: bm
    type: short-range-ballistic-missile
    launch: {lat: 42, lon: -72, alt: 30 km}
    target: s1
    ballistic_coefficient: 5000
    booster: {rcs: 1 m2, ballistic_coefficient: 500}
    pull_up: {height: 25 km, lift_to_drag: 2}
`
	s := parse(t, src, Options{Catalog: cat(t)})
	if p := s.Threats[0].PullUp; p == nil || p.Height != 25e3 || p.LiftToDrag != 2 || p.MaxLoad != 0 {
		t.Errorf("pull-up %+v", p)
	}
	if s.Threats[1].PullUp != nil {
		t.Errorf("booster's pull-up %+v, want none", s.Threats[1].PullUp)
	}
}
