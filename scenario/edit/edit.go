// Package edit changes one figure of a parsed scenario, named by a
// selector such as threats.cm.rcs or air_defence.bn1.doctrine.salvo:
// the scenario editor behind sweeps (iadsim sweep --vary), Monte Carlo
// overrides and iadsim run --set. A value is written as in the scenario
// file, with its units, and checked as the scenario's own decoder would.
//
// Every error it returns is about what the caller asked for: a selector
// that matches nothing, a key it does not know, or a value out of range.
package edit

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/scenario/edit/vary"
	"github.com/iadsim/iadsim/units"
)

// A selector names one figure of a parsed scenario, for a sweep to set.
// Its grammar (docs/montecarlo.md):
//
//	threats.<match>.<key>
//	threats.<match>.pull_up.<key>
//	air_defence.<unit>.doctrine.<key>
//	air_defence.<unit>.doctrine.salvo_by_class.<class>
//	air_defence.<unit>.tracker.<key>
//	air_defence.<unit>.missiles.<missile>.<key>
//	air_defence.<unit>.radars.<match>.<key>
//
// A threat <match> is a threat id ("cm-se-03"), the id written in the file
// before count expanded it ("cm-se"), a threat type
// ("subsonic-cruise-missile"), or "*" for all threats; a radar <match> is
// its id, model or role, or "*"; <unit> and <missile> are ids or "*". A
// selector must match at least one thing. Values are written as in the
// scenario file, with their units ("0.1 m2", "-10 dBsm", "880 km/h",
// "Mach 0.8", "30 m", "9.5 s").

type field[T any] struct {
	kind string                                // what the value is, for messages
	set  func(t *T, v string) (float64, error) // returns the SI value set
}

// parsed number setters.
func num[T any](kind string, parse func(string) (float64, error), ok func(float64) bool, set func(*T, float64)) field[T] {
	return field[T]{kind: kind, set: func(t *T, v string) (float64, error) {
		x, err := parse(v)
		if err != nil {
			return 0, err
		}
		if !ok(x) {
			return 0, fmt.Errorf("%q: out of range; want %s", v, kind)
		}
		set(t, x)
		return x, nil
	}}
}

func plainNumber(s string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q: not a number", s)
	}
	return x, nil
}

func integer(s string) (float64, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q: not a whole number", s)
	}
	return float64(n), nil
}

func positive(x float64) bool    { return x > 0 }
func speedRange(x float64) bool  { return x > 0 && x <= scenario.MaxSpeed }
func rcsRange(x float64) bool    { return x > 0 && x <= scenario.MaxRCS }
func nonNegative(x float64) bool { return x >= 0 }
func probability(x float64) bool { return x >= 0 && x <= 1 }
func openUnit(x float64) bool    { return x > 0 && x < 1 }

func length[T any](ok func(float64) bool, set func(*T, float64)) field[T] {
	return num("a length such as \"30 m\"", units.Length, ok, set)
}
func duration[T any](ok func(float64) bool, set func(*T, float64)) field[T] {
	return num("a duration such as \"9.5 s\"", units.Duration, ok, set)
}
func prob[T any](set func(*T, float64)) field[T] {
	return num("a probability from 0 to 1", plainNumber, probability, set)
}
func count[T any](lo int, set func(*T, int)) field[T] {
	return num(fmt.Sprintf("a whole number >= %d", lo), integer, func(x float64) bool { return x >= float64(lo) },
		func(t *T, x float64) { set(t, int(x)) })
}
func fixedSpeed[T any](set func(*T, float64)) field[T] {
	return num("a speed such as \"1000 m/s\"", func(s string) (float64, error) {
		v, err := units.Speed(s)
		if err != nil {
			return 0, err
		}
		if v.IsMach() {
			return 0, fmt.Errorf("%q: a Mach number needs a height; give m/s or km/h here", s)
		}
		return v.At(0), nil
	}, speedRange, set)
}

var threatFields = map[string]field[scenario.Threat]{
	"rcs": num("an area such as \"0.1 m2\" or \"-10 dBsm\", at most 1e6 m2", units.Area, rcsRange, func(t *scenario.Threat, x float64) { t.RCS = x }),
	"speed": {kind: "a speed such as \"880 km/h\" or \"Mach 0.8\"", set: func(t *scenario.Threat, v string) (float64, error) {
		if t.Ballistic() {
			return 0, fmt.Errorf("threat %s is ballistic: its speed follows from its arc", t.ID)
		}
		s, err := units.Speed(v)
		if err != nil {
			return 0, err
		}
		if s.IsMach() && s.Mach() > scenario.MaxMach || !s.IsMach() && s.At(0) > scenario.MaxSpeed {
			return 0, fmt.Errorf("%q: want a speed of at most %d m/s or Mach %d (Earth's escape velocity)", v, scenario.MaxSpeed, scenario.MaxMach)
		}
		// Every leg flies the new speed, Mach resolved at the leg's
		// end height as the scenario reader does.
		for i := range t.Route {
			t.Route[i].Speed = s.At(t.Route[i].At.Alt)
		}
		t.Speed = s.At(t.Altitude)
		if t.Speed <= 0 {
			return 0, fmt.Errorf("%q: want a positive speed", v)
		}
		return t.Speed, nil
	}},
	"altitude": {kind: "a height such as \"30 m\"", set: func(t *scenario.Threat, v string) (float64, error) {
		if t.Ballistic() {
			return 0, fmt.Errorf("threat %s is ballistic: it has no cruise height", t.ID)
		}
		h, err := units.Length(v)
		if err != nil {
			return 0, err
		}
		// The whole route flies at the new height.
		for i := range t.Route {
			t.Route[i].At.Alt = h
		}
		t.Altitude = h
		return h, nil
	}},
	"start": duration(nonNegative, func(t *scenario.Threat, x float64) { t.Start = x }), // adjusted per group in setThreats
	"evade": {kind: "none, or a load factor above 1 g such as \"9 g\"", set: setEvade},
	"ballistic_coefficient": {kind: "a ballistic coefficient in kg/m² above 0, such as 5000", set: func(t *scenario.Threat, v string) (float64, error) {
		if !t.Ballistic() {
			return 0, fmt.Errorf("threat %s is not ballistic: it has no ballistic coefficient", t.ID)
		}
		x, err := above0(plainNumber, v, "a ballistic coefficient in kg/m² above 0, such as 5000")
		if err != nil {
			return 0, err
		}
		// On a booster (ID-booster) it is the booster's own β, with
		// which the engine flies it from its missile's burnout.
		t.BallisticCoeff = x
		return x, nil
	}},
	"pull_up.height": pullUp("a height such as \"30 km\"", units.Length, func(p *motion.PullUp, x float64) { p.Height = x }),
	"pull_up.lift_to_drag": pullUp("a lift-to-drag ratio above 0, such as 1.5", plainNumber,
		func(p *motion.PullUp, x float64) { p.LiftToDrag = x }),
	"pull_up.max_load": pullUp("an acceleration such as \"20 g\"", units.Accel, func(p *motion.PullUp, x float64) { p.MaxLoad = x }),
	"pull_up.dive_range": dive("a ground range such as \"20 km\"", units.Length,
		func(p *motion.PullUp, x float64) { p.DiveRange = x }),
	"pull_up.dive_angle": dive("an angle below the horizon above 0 and up to 90 deg, such as \"45 deg\"", diveAngle,
		func(p *motion.PullUp, x float64) { p.DiveAngle = x }),
	"apogee": {kind: "a height such as \"100 km\"", set: func(t *scenario.Threat, v string) (float64, error) {
		switch {
		case !t.Ballistic():
			return 0, fmt.Errorf("threat %s is not ballistic: it has no apogee", t.ID)
		case t.BoosterOf != "":
			return 0, fmt.Errorf("threat %s is a booster: it flies from its missile's burnout; set the missile's apogee", t.ID)
		case t.FlightTime > 0:
			return 0, fmt.Errorf("threat %s has a flight_time: a ballistic threat takes an apogee or a flight time, not both", t.ID)
		}
		h, err := above0(units.Length, v, "a height above 0 such as \"100 km\"")
		if err != nil {
			return 0, err
		}
		t.Apogee = h
		return h, nil
	}},
}

// above0 parses v and checks that it is above zero, kind saying what is
// wanted.
func above0(parse func(string) (float64, error), v, kind string) (float64, error) {
	x, err := parse(v)
	if err != nil {
		return 0, err
	}
	if !(x > 0) {
		return 0, fmt.Errorf("%q: out of range; want %s", v, kind)
	}
	return x, nil
}

// pullUp is a figure of a ballistic threat's manoeuvring re-entry
// (pull_up in the file), which the threat must have: a sweep varies a
// manoeuvre, it does not invent one.
func pullUp(kind string, parse func(string) (float64, error), set func(*motion.PullUp, float64)) field[scenario.Threat] {
	return field[scenario.Threat]{kind: kind, set: func(t *scenario.Threat, v string) (float64, error) {
		if t.PullUp == nil {
			return 0, fmt.Errorf("threat %s has no pull_up; want a ballistic threat with pull_up: in the file", t.ID)
		}
		x, err := above0(parse, v, kind)
		if err != nil {
			return 0, err
		}
		p := *t.PullUp // threats expanded from one count share it
		set(&p, x)
		t.PullUp = &p
		return x, nil
	}}
}

// diveAngle parses a dive angle: up to 90 deg (above0 checks the rest).
func diveAngle(v string) (float64, error) {
	x, err := units.Angle(v)
	if err == nil && x > math.Pi/2 {
		return 0, fmt.Errorf("%q: out of range; want an angle below the horizon up to 90 deg", v)
	}
	return x, err
}

// dive is a figure of a manoeuvring re-entry's terminal dive
// (pull_up: {dive_range, dive_angle} in the file), which the threat
// must have, as pullUp's figures.
func dive(kind string, parse func(string) (float64, error), set func(*motion.PullUp, float64)) field[scenario.Threat] {
	f := pullUp(kind, parse, set)
	return field[scenario.Threat]{kind: kind, set: func(t *scenario.Threat, v string) (float64, error) {
		if t.PullUp != nil && t.PullUp.DiveRange == 0 {
			return 0, fmt.Errorf("threat %s has no terminal dive; want a pull_up with dive_range and dive_angle in the file", t.ID)
		}
		return f.set(t, v)
	}}
}

// setEvade sets how a routed threat reacts to a launch at it: "none"
// flies on regardless; a load factor breaks at it, keeping the threat's
// own delay and duration, else the scenario's defaults (as evade: {load:
// 9 g} in the file). The SI value is the break's load factor in m/s²
// (9 g is 88.3), NaN for none: a sweep of none and loads is plotted as
// categories.
func setEvade(t *scenario.Threat, v string) (float64, error) {
	if t.Ballistic() {
		return 0, fmt.Errorf("threat %s is ballistic: it does not evade", t.ID)
	}
	if v == catalog.EvadeNone {
		t.Evade = nil
		return math.NaN(), nil
	}
	a, err := units.Accel(v)
	if err != nil {
		return 0, err
	}
	if a <= units.StandardG {
		return 0, fmt.Errorf("%q: want none, or a load factor above 1 g such as \"9 g\": at 1 g the lift only holds the weight and cannot turn", v)
	}
	e := scenario.Evasion{On: scenario.EvadeOnLaunch, Delay: scenario.DefaultEvadeDelay, Duration: scenario.DefaultEvadeDuration}
	if t.Evade != nil {
		e = *t.Evade
	}
	e.Load = a / units.StandardG
	e.Accel = motion.TurnAccel(e.Load)
	t.Evade = &e
	return a, nil
}

var doctrineFields = map[string]field[scenario.Doctrine]{
	"salvo":                 count(1, func(d *scenario.Doctrine, n int) { d.Salvo = n }),
	"reserve":               count(0, func(d *scenario.Doctrine, n int) { d.Reserve = n }),
	"reaction_time":         duration(nonNegative, func(d *scenario.Doctrine, x float64) { d.ReactionTime = x }),
	"min_pk":                prob(func(d *scenario.Doctrine, x float64) { d.MinPk = x }),
	"engage_range":          length(nonNegative, func(d *scenario.Doctrine, x float64) { d.EngageRange = x }),
	"ballistic_range":       length(nonNegative, func(d *scenario.Doctrine, x float64) { d.BallisticRange = x }),
	"ballistic_engagements": count(1, func(d *scenario.Doctrine, n int) { d.BallisticEngagements = n }),
	"ballistic_min_altitude": length(nonNegative, func(d *scenario.Doctrine, x float64) {
		d.BallisticMinAltitude = x
	}),
	"policy": {kind: scenario.PolicyShootLookShoot + " or " + scenario.PolicySalvo, set: func(d *scenario.Doctrine, v string) (float64, error) {
		if v != scenario.PolicyShootLookShoot && v != scenario.PolicySalvo {
			return 0, fmt.Errorf("%q: want %s or %s", v, scenario.PolicyShootLookShoot, scenario.PolicySalvo)
		}
		d.Policy = v
		return math.NaN(), nil // not a number: plotted as a category
	}},
}

// trackerFields are the figures of a unit's tracker. Confirmation needs M
// hits in N looks with M <= N, which setTracker checks after the set.
var trackerFields = map[string]field[scenario.TrackerSpec]{
	"accel_noise": num("a spectral density in m²/s³ above 0, such as 10", plainNumber, positive,
		func(t *scenario.TrackerSpec, x float64) { t.AccelNoise = x }),
	"confirm_m":  count(1, func(t *scenario.TrackerSpec, n int) { t.ConfirmM = n }),
	"confirm_n":  count(1, func(t *scenario.TrackerSpec, n int) { t.ConfirmN = n }),
	"max_misses": count(1, func(t *scenario.TrackerSpec, n int) { t.MaxMisses = n }),
	"gate_prob": num("a probability between 0 and 1", plainNumber, openUnit,
		func(t *scenario.TrackerSpec, x float64) { t.GateProb = x }),
}

var missileFields = map[string]field[scenario.Missile]{
	"pk":                  prob(func(m *scenario.Missile, x float64) { m.PkMax = x }),
	"lethal_radius":       length(positive, func(m *scenario.Missile, x float64) { m.LethalRadius = x }),
	"min_range":           length(nonNegative, func(m *scenario.Missile, x float64) { m.MinRange = x }),
	"max_range":           length(positive, func(m *scenario.Missile, x float64) { m.MaxRange = x }),
	"min_altitude":        length(func(float64) bool { return true }, func(m *scenario.Missile, x float64) { m.MinAltitude = x }),
	"max_altitude":        length(positive, func(m *scenario.Missile, x float64) { m.MaxAltitude = x }),
	"launch_speed":        fixedSpeed(func(m *scenario.Missile, x float64) { m.LaunchSpeed = x }),
	"burnout_speed":       fixedSpeed(func(m *scenario.Missile, x float64) { m.BurnoutSpeed = x }),
	"max_target_speed":    fixedSpeed(func(m *scenario.Missile, x float64) { m.MaxTargetSpeed = x }),
	"boost_time":          duration(positive, func(m *scenario.Missile, x float64) { m.BoostTime = x }),
	"coast_time_constant": duration(positive, func(m *scenario.Missile, x float64) { m.CoastTimeConstant = x }),
	"max_flight_time":     duration(positive, func(m *scenario.Missile, x float64) { m.MaxFlightTime = x }),
	"max_lateral_accel": num("an acceleration such as \"30 g\"", units.Accel, positive,
		func(m *scenario.Missile, x float64) { m.MaxLateralAccel = x }),
	"nav_ratio":    num("a number above 0", plainNumber, positive, func(m *scenario.Missile, x float64) { m.NavRatio = x }),
	"seeker_range": length(nonNegative, func(m *scenario.Missile, x float64) { m.SeekerRange = x }),
}

var radarFields = map[string]field[scenario.Radar]{
	"ref_range":       length(positive, func(r *scenario.Radar, x float64) { r.RefRange = x }),
	"ref_rcs":         num("an area such as \"1 m2\"", units.Area, positive, func(r *scenario.Radar, x float64) { r.RefRCS = x }),
	"ref_pd":          num("a probability between 0 and 1", plainNumber, openUnit, func(r *scenario.Radar, x float64) { r.RefPd = x }),
	"pfa":             num("a probability between 0 and 1", plainNumber, openUnit, func(r *scenario.Radar, x float64) { r.Pfa = x }),
	"min_range":       length(nonNegative, func(r *scenario.Radar, x float64) { r.MinRange = x }),
	"max_range":       length(positive, func(r *scenario.Radar, x float64) { r.MaxRange = x }),
	"antenna_height":  length(nonNegative, func(r *scenario.Radar, x float64) { r.AntennaHeight = x }),
	"scan_period":     duration(positive, func(r *scenario.Radar, x float64) { r.ScanPeriod = x }),
	"swerling":        num("a Swerling case 0 to 4", integer, func(x float64) bool { return x >= 0 && x <= 4 }, func(r *scenario.Radar, x float64) { r.Swerling = int(x) }),
	"fire_channels":   count(1, func(r *scenario.Radar, n int) { r.FireChannels = n }),
	"missiles_guided": count(1, func(r *scenario.Radar, n int) { r.MissilesGuided = n }),
}

func keys[T any](m map[string]field[T]) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

// Set applies one selector=value to a parsed scenario, in place, and
// returns the value set in SI units (NaN for a value that is not a
// number, such as a policy). An unknown selector, one that matches
// nothing, or a bad value is an *InputError.
func Set(s *scenario.Scenario, selector, value string) (float64, error) {
	x, err := set(s, selector, strings.TrimSpace(value))
	if err != nil {
		return 0, fmt.Errorf("%s=%s: %w", selector, value, err)
	}
	return x, nil
}

func set(s *scenario.Scenario, sel, v string) (float64, error) {
	p := strings.Split(sel, ".")
	switch {
	case len(p) == 3 && p[0] == "threats":
		return setThreats(s, p[1], p[2], v)
	case len(p) == 4 && p[0] == "threats" && p[2] == "pull_up":
		return setThreats(s, p[1], "pull_up."+p[3], v)
	case len(p) == 5 && p[0] == "iads" && p[1] == "commands":
		return setLinks(s, p[2], p[3], p[4], v)
	case len(p) >= 3 && (p[0] == "air_defence" || p[0] == "air_defense"):
		hits, x := 0, 0.0
		for i := range s.Units {
			u := &s.Units[i]
			if p[1] != "*" && p[1] != u.ID {
				continue
			}
			n, y, err := setUnit(u, p[2:], v)
			if err != nil {
				return 0, err
			}
			if n > 0 {
				hits, x = hits+n, y
			}
		}
		if hits == 0 {
			return 0, fmt.Errorf("selector matches nothing: check the unit, missile or radar names")
		}
		return x, nil
	}
	return 0, fmt.Errorf("unknown selector; want threats.<id|group|type|*>.<key>, threats.<id|group|type|*>.pull_up.<key>, air_defence.<unit|*>.doctrine.<key>, air_defence.<unit|*>.tracker.<key>, " +
		"air_defence.<unit|*>.missiles.<name|*>.<key>, air_defence.<unit|*>.radars.<id|model|role|*>.<key> or iads.commands.<id|*>.<link|unit_link>.<key>")
}

var linkFields = map[string]field[scenario.Link]{
	"latency":  duration(func(x float64) bool { return x >= 0 && x <= 3600 }, func(l *scenario.Link, x float64) { l.Latency = x }),
	"capacity": num("track reports a second from 0.01 to 10^6", plainNumber, func(x float64) bool { return x >= 0.01 && x <= 1e6 }, func(l *scenario.Link, x float64) { l.Capacity = x }),
}

// setLinks sets a key of the link (which: link or unit_link) of the
// IADS's commands that match (an id, or *).
func setLinks(s *scenario.Scenario, match, which, key, v string) (float64, error) {
	if which != "link" && which != "unit_link" {
		return 0, fmt.Errorf("unknown selector; after iads.commands.<id|*> want link.<key> or unit_link.<key>")
	}
	f, ok := linkFields[key]
	if !ok {
		return 0, fmt.Errorf("unknown link key %q; want one of %s", key, keys(linkFields))
	}
	n, x := 0, 0.0
	if s.IADS != nil {
		for i := range s.IADS.Commands {
			c := &s.IADS.Commands[i]
			if match != "*" && match != c.ID {
				continue
			}
			l := &c.Link
			if which == "unit_link" {
				l = &c.UnitLink
			}
			y, err := f.set(l, v)
			if err != nil {
				return 0, err
			}
			n, x = n+1, y
		}
	}
	if n == 0 {
		return 0, fmt.Errorf("selector matches nothing: no command of the iads has id %q", match)
	}
	return x, nil
}

func setThreats(s *scenario.Scenario, match, key, v string) (float64, error) {
	f, ok := threatFields[key]
	if !ok {
		return 0, fmt.Errorf("unknown threat key %q; want one of %s", key, keys(threatFields))
	}
	// start moves a salvo as a whole: each threat keeps its offset from
	// the salvo's first.
	group := func(t *scenario.Threat) string {
		if t.Group != "" {
			return t.Group
		}
		return t.ID
	}
	first := map[string]float64{}
	for i := range s.Threats {
		t := &s.Threats[i]
		if f0, ok := first[group(t)]; !ok || t.Start < f0 {
			first[group(t)] = t.Start
		}
	}
	// A selector names threats by id, salvo group or class; failing
	// those, by a word of the class ("cruise" for every
	// subsonic-cruise-missile and supersonic-cruise-missile).
	exact := match == "*"
	for i := range s.Threats {
		t := &s.Threats[i]
		exact = exact || match == t.ID || match == t.Group || match == t.Type
	}
	selected := func(t *scenario.Threat) bool {
		if match == "*" || match == t.ID || match == t.Group || match == t.Type {
			return true
		}
		return !exact && slices.Contains(strings.Split(t.Type, "-"), match)
	}
	n, x := 0, 0.0
	for i := range s.Threats {
		t := &s.Threats[i]
		if !selected(t) {
			continue
		}
		offset := t.Start - first[group(t)]
		y, err := f.set(t, v)
		if err != nil {
			return 0, err
		}
		if key == "start" {
			t.Start += offset
		}
		n, x = n+1, y
	}
	if n == 0 {
		return 0, fmt.Errorf("no threat has id, group or type %q, nor a type with the word %q", match, match)
	}
	return x, nil
}

// setUnit applies the rest of a selector, p, to one unit and returns how
// many things it set and the SI value.
func setUnit(u *scenario.Unit, p []string, v string) (int, float64, error) {
	switch {
	case len(p) == 2 && p[0] == "doctrine":
		f, ok := doctrineFields[p[1]]
		if !ok {
			return 0, 0, fmt.Errorf("unknown doctrine key %q; want one of %s", p[1], keys(doctrineFields))
		}
		x, err := f.set(&u.Doctrine, v)
		return 1, x, err
	case len(p) == 3 && p[0] == "doctrine" && p[1] == "salvo_by_class":
		x, err := setClassSalvo(&u.Doctrine, p[2], v)
		return 1, x, err
	case len(p) == 2 && p[0] == "tracker":
		f, ok := trackerFields[p[1]]
		if !ok {
			return 0, 0, fmt.Errorf("unknown tracker key %q; want one of %s", p[1], keys(trackerFields))
		}
		t := u.Tracker
		x, err := f.set(&t, v)
		if err != nil {
			return 0, 0, err
		}
		if t.ConfirmM > t.ConfirmN {
			return 0, 0, fmt.Errorf("unit %s: confirm_m %d would be more than confirm_n %d; want M hits in N looks with M <= N", u.ID, t.ConfirmM, t.ConfirmN)
		}
		u.Tracker = t
		return 1, x, nil
	case len(p) == 3 && p[0] == "missiles":
		f, ok := missileFields[p[2]]
		if !ok {
			return 0, 0, fmt.Errorf("unknown missile key %q; want one of %s", p[2], keys(missileFields))
		}
		n, x := 0, 0.0
		for i := range u.Missiles {
			if p[1] == "*" || p[1] == u.Missiles[i].Name {
				y, err := f.set(&u.Missiles[i], v)
				if err != nil {
					return n, 0, err
				}
				n, x = n+1, y
			}
		}
		return n, x, nil
	case len(p) == 3 && p[0] == "radars":
		f, ok := radarFields[p[2]]
		if !ok {
			return 0, 0, fmt.Errorf("unknown radar key %q; want one of %s", p[2], keys(radarFields))
		}
		n, x := 0, 0.0
		for i := range u.Radars {
			r := &u.Radars[i]
			if p[1] == "*" || p[1] == r.ID || p[1] == r.Model || p[1] == r.Role {
				y, err := f.set(r, v)
				if err != nil {
					return n, 0, err
				}
				n, x = n+1, y
			}
		}
		return n, x, nil
	}
	return 0, 0, fmt.Errorf("unknown selector; after air_defence.<unit> want doctrine.<key>, doctrine.salvo_by_class.<class>, tracker.<key>, missiles.<name|*>.<key> or radars.<id|model|role|*>.<key>")
}

// setClassSalvo sets the salvo against one kinematic class, adding the
// class to the doctrine's salvo_by_class when it is not there.
func setClassSalvo(d *scenario.Doctrine, class, v string) (float64, error) {
	if !slices.Contains(scenario.Classes, class) {
		return 0, fmt.Errorf("unknown class %q; want one of %s", class, strings.Join(scenario.Classes, ", "))
	}
	x, err := integer(v)
	if err != nil {
		return 0, err
	}
	if x < 1 {
		return 0, fmt.Errorf("%q: out of range; want a whole number >= 1", v)
	}
	n := int(x)
	for i := range d.SalvoByClass {
		if d.SalvoByClass[i].Class == class {
			d.SalvoByClass[i].Salvo = n
			return float64(n), nil
		}
	}
	d.SalvoByClass = append(d.SalvoByClass, scenario.ClassSalvo{Class: class, Salvo: n})
	return float64(n), nil
}

// Vary is one --vary flag: a selector and the values it takes (package
// vary).
type Vary = vary.Vary

// ParseVary reads "selector=v1,v2,v3" (vary.Parse).
func ParseVary(s string) (Vary, error) { return vary.Parse(s) }
