package scenario

import (
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/geo"
)

// The tests below take every expected figure from the catalogue itself,
// so that they check the resolution, not a copy of the data.

func cat(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fig returns a catalogue figure, failing the test when it is absent.
func fig(t testing.TB, c *catalog.Catalog, entry, key string) catalog.Figure {
	t.Helper()
	e, ok := c.Lookup(entry)
	if !ok {
		t.Fatalf("no catalogue entry %s", entry)
	}
	f, ok := e.Figure(key)
	if !ok {
		t.Fatalf("catalogue entry %s has no figure %s", entry, key)
	}
	return f
}

// si returns the nominal SI value of a catalogue figure.
func si(t testing.TB, c *catalog.Catalog, entry, key string) float64 {
	t.Helper()
	x, _, _, err := fig(t, c, entry, key).SI()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// radarFigures maps catalogue keys to a radar's fields.
func radarFigures(r Radar) map[string]float64 {
	return map[string]float64{
		"ref_range": r.RefRange, "ref_rcs": r.RefRCS, "ref_pd": r.RefPd, "pfa": r.Pfa,
		"min_range": r.MinRange, "max_range": r.MaxRange,
		"min_elevation": r.MinElevation, "max_elevation": r.MaxElevation, "scan_period": r.ScanPeriod,
		"noise_range": r.SigmaRange, "noise_azimuth": r.SigmaAz, "noise_elevation": r.SigmaEl,
	}
}

// missileFigures maps catalogue keys to a missile's fields.
func missileFigures(m Missile) map[string]float64 {
	return map[string]float64{
		"min_range": m.MinRange, "max_range": m.MaxRange, "min_altitude": m.MinAltitude, "max_altitude": m.MaxAltitude,
		"launch_speed": m.LaunchSpeed, "burnout_speed": m.BurnoutSpeed, "boost_time": m.BoostTime,
		"coast_time_constant": m.CoastTimeConstant, "max_flight_time": m.MaxFlightTime,
		"max_lateral_accel": m.MaxLateralAccel, "nav_ratio": m.NavRatio, "lethal_radius": m.LethalRadius,
		"pk": m.PkMax, "max_target_speed": m.MaxTargetSpeed, "seeker_range": m.SeekerRange,
	}
}

func parse(t testing.TB, src string, opt Options) *Scenario {
	t.Helper()
	tm, err := Compile("t.yaml", []byte(src), opt)
	if err != nil {
		t.Fatalf("Compile:\n%v", err)
	}
	s, err := tm.Resolve(nil)
	if err != nil {
		t.Fatalf("Resolve:\n%v", err)
	}
	return s
}

const head = "version: 1\nname: t\nduration: 1 min\n"

// TestBattalion expands each catalogue system and checks the unit against
// the catalogue: composition, every radar and missile figure, the fire
// channels and missiles guided, the loads and the layout.
func TestBattalion(t *testing.T) {
	c := cat(t)
	for _, name := range c.Names(catalog.KindSystem) {
		t.Run(name, func(t *testing.T) {
			s := parse(t, head+"air_defence:\n  - system: "+name+"\n    at: {lat: 44.5, lon: -71.4, alt: 300 m}\n", Options{Catalog: c})
			sys, _ := c.Lookup(name)
			u := s.Units[0]
			id := strings.ToLower(name) + "-1"
			if u.ID != id || u.System != sys.Name {
				t.Errorf("unit %q system %q", u.ID, u.System)
			}
			if u.Doctrine.ReactionTime != si(t, c, name, "reaction_time") {
				t.Errorf("reaction time %g", u.Doctrine.ReactionTime)
			}
			at := geo.Deg(44.5, -71.4, 300)
			// checkPlace checks a component's distance and bearing from at.
			checkPlace := func(what string, p geo.LLA, dist, bearingDeg float64) {
				t.Helper()
				s12, azi, _ := geo.Inverse(at, p)
				if math.Abs(s12-dist) > 1e-6 || dist > 0 && math.Abs(math.Remainder(azi*180/math.Pi-bearingDeg, 360)) > 1e-9 || p.Alt != at.Alt {
					t.Errorf("%s at %.3f m, bearing %.6f deg, height %g; want %g m, %g deg, %g", what, s12, azi*180/math.Pi, p.Alt, dist, bearingDeg, at.Alt)
				}
			}
			var mast string
			loads := map[string]int{}
			nLaunchers := 0
			var launcher catalog.Entry
			for _, p := range sys.Parts {
				e, _ := c.Lookup(p.Name)
				switch {
				case e.Kind == catalog.KindMast:
					mast = e.Name
				case e.Kind == catalog.KindCommandPost:
					if u.CommandPost.ID != id+"-"+strings.ToLower(e.Name) {
						t.Errorf("command post %q", u.CommandPost.ID)
					}
					checkPlace("command post", u.CommandPost.At, postDistance, 90)
				case p.Role == "load":
					loads[e.Name] = p.Count
				case e.Kind == catalog.KindLauncher:
					nLaunchers, launcher = p.Count, e
				}
			}
			var radarIDs []string
			for _, r := range u.Radars {
				radarIDs = append(radarIDs, r.ID)
				e, ok := c.Lookup(r.Model)
				if !ok || r.ID != id+"-"+strings.ToLower(e.Name) {
					t.Errorf("radar %s model %s", r.ID, r.Model)
				}
				for k, v := range radarFigures(r) {
					if want := si(t, c, e.Name, k); v != want {
						t.Errorf("%s %s = %g, catalogue %g", r.ID, k, v, want)
					}
				}
				if role := fig(t, c, e.Name, "role").Text; r.Role != role {
					t.Errorf("%s role %q, catalogue %q", r.ID, r.Role, role)
				}
				switch r.Role {
				case RoleFireControl:
					checkPlace(r.ID, r.At, 0, 0)
					if r.FireChannels != int(si(t, c, e.Name, "fire_channels")) || r.MissilesGuided != int(si(t, c, e.Name, "missiles_guided")) {
						t.Errorf("%s: %d fire channels, %d missiles guided", r.ID, r.FireChannels, r.MissilesGuided)
					}
					if r.AntennaHeight != si(t, c, mast, "antenna_height") {
						t.Errorf("%s antenna height %g", r.ID, r.AntennaHeight)
					}
				case RoleSurveillance:
					// The 96L6E stands on the S-400's second mast; the
					// 91N6E and the S-300PMU-2's search radar on the ground.
					onMast := e.Name == "96L6E" && name == "s400"
					if want := 0.0; onMast && r.AntennaHeight != si(t, c, mast, "antenna_height") || !onMast && r.AntennaHeight != want || r.FireChannels != 0 {
						t.Errorf("%s: %+v", r.ID, r)
					}
				default:
					if r.AntennaHeight != 0 || r.FireChannels != 0 {
						t.Errorf("%s: %+v", r.ID, r)
					}
				}
			}
			if len(u.Radars) < 2 {
				t.Errorf("radars %v", radarIDs)
			}
			if len(u.Launchers) != nLaunchers {
				t.Fatalf("%d launchers, catalogue %d", len(u.Launchers), nLaunchers)
			}
			got := map[string]int{}
			for k, l := range u.Launchers {
				if want := fmt.Sprintf("%s-tel-%02d", id, k+1); l.ID != want || l.Model != launcher.Name {
					t.Errorf("launcher %s (%s), want %s (%s)", l.ID, l.Model, want, launcher.Name)
				}
				if l.ReloadTime != si(t, c, launcher.Name, "reload_time") {
					t.Errorf("%s reload %g", l.ID, l.ReloadTime)
				}
				checkPlace(l.ID, l.At, launcherRing, 360*float64(k)/float64(nLaunchers))
				share := 0.0
				for _, ld := range l.Loads {
					got[ld.Missile] += ld.Count
					share += float64(ld.Count) / si(t, c, launcher.Name, catalog.CapacityPrefix+ld.Missile)
				}
				if share > 1+1e-12 {
					t.Errorf("%s overloaded: %+v", l.ID, l.Loads)
				}
			}
			if !reflect.DeepEqual(got, loads) {
				t.Errorf("loads %v, catalogue %v", got, loads)
			}
			if len(u.Missiles) != len(loads) {
				t.Errorf("%d missiles, want %d", len(u.Missiles), len(loads))
			}
			for _, m := range u.Missiles {
				for k, v := range missileFigures(m) {
					if want := si(t, c, m.Name, k); v != want {
						t.Errorf("%s %s = %g, catalogue %g", m.Name, k, v, want)
					}
				}
			}
			// The rest of the layout.
			for _, r := range u.Radars {
				for _, p := range sys.Parts {
					if p.Name != r.Model {
						continue
					}
					switch p.Role {
					case "surveillance-radar":
						checkPlace(r.ID, r.At, surveillanceDistance, 270)
					case "low-altitude-detector":
						checkPlace(r.ID, r.At, detectorDistance, 0)
					}
				}
			}
			// Every use is recorded once, nominal.
			seen := map[string]bool{}
			for _, f := range s.Figures {
				k := f.Entity + " " + f.Key
				if seen[k] {
					t.Errorf("figure %s recorded twice", k)
				}
				seen[k] = true
				if f.Mode != catalog.Nominal || f.Value != f.Nominal && !strings.HasPrefix(f.Key, "part:") {
					t.Errorf("use %+v", f)
				}
			}
			for _, k := range []string{id + " reaction_time", id + "-tel-01 reload_time", id + "/" + u.Missiles[0].Name + " max_range"} {
				if !seen[k] {
					t.Errorf("no record of %s", k)
				}
			}
		})
	}
}

// TestBattalionLoads changes a battalion's launchers and rounds.
func TestBattalionLoads(t *testing.T) {
	c := cat(t)
	unit := func(extra string) string {
		return head + "air_defence:\n  - system: s400\n    at: {lat: 44.5, lon: -71.4}\n" + extra
	}
	s := parse(t, unit("    id: bn1\n    launchers: 8\n    missiles: {48N6E3: 16, 9M96E2: 32}\n"), Options{Catalog: c})
	u := s.Units[0]
	cap48, cap96 := si(t, c, "5P85TE2", "capacity_48N6E3"), si(t, c, "5P85TE2", "capacity_9M96E2")
	full := map[string]int{}
	for _, l := range u.Launchers {
		if len(l.Loads) > 1 {
			t.Errorf("%s mixes loads: %+v", l.ID, l.Loads)
		}
		for _, ld := range l.Loads {
			full[ld.Missile]++
		}
	}
	if want := map[string]int{"48N6E3": int(math.Ceil(16 / cap48)), "9M96E2": int(math.Ceil(32 / cap96))}; !reflect.DeepEqual(full, want) || len(u.Launchers) != 8 {
		t.Errorf("launchers per missile %v, want %v, of %d", full, want, len(u.Launchers))
	}
	if u.Launchers[0].ID != "bn1-tel-01" || u.Radars[0].ID != "bn1-91n6e" {
		t.Errorf("ids %s %s", u.Launchers[0].ID, u.Radars[0].ID)
	}
	// The file's counts are not recorded as catalogue parts.
	for _, f := range s.Figures {
		if f.Key == "part:5P85TE2" || f.Key == "part:9M96E2" {
			t.Errorf("recorded %+v", f)
		}
	}
	// Two battalions get ids from their places in the list.
	s = parse(t, unit("  - system: S-400\n    at: {lat: 45, lon: -71}\n"), Options{Catalog: c})
	if s.Units[0].ID != "s400-1" || s.Units[1].ID != "s400-2" || s.Units[1].Radars[0].ID != "s400-2-91n6e" {
		t.Errorf("ids %s %s", s.Units[0].ID, s.Units[1].ID)
	}
}

// TestComponents builds a unit part by part from catalogue models.
func TestComponents(t *testing.T) {
	c := cat(t)
	src := head + `air_defence:
  - id: u
    system: S-300PMU-2
    command_post: {id: cp, at: {lat: 1, lon: 2}}
    radars:
      - id: fc
        model: 92n6e
        mast: 40V6M
        at: {lat: 1, lon: 2}
        ref_range: 100 km
        noise: {range: 7 m}
      - id: sr
        model: 91N6E
        at: {lat: 1, lon: 2.01}
    launchers:
      - id: l1
        model: 5P85TE2
        at: {lat: 1, lon: 2}
        missiles: {48N6E3: 2, 9M96E2: 8}
      - id: l2
        model: 5P85SE2
        at: {lat: 1, lon: 2}
        missiles: {48n6e2: 4}
    missiles:
      48N6E3: {pk: 0.5}
      9M96E2:
`
	s := parse(t, src, Options{Catalog: c})
	u := s.Units[0]
	fc, sr := u.Radars[0], u.Radars[1]
	for k, v := range radarFigures(fc) {
		want := si(t, c, "92N6E", k)
		switch k {
		case "ref_range":
			want = 100e3
		case "noise_range":
			want = 7
		}
		if v != want {
			t.Errorf("fc %s = %g, want %g", k, v, want)
		}
	}
	if fc.Model != "92N6E" || fc.Role != RoleFireControl || fc.AntennaHeight != si(t, c, "40V6M", "antenna_height") ||
		fc.FireChannels != int(si(t, c, "92N6E", "fire_channels")) || sr.Role != RoleSurveillance || sr.AntennaHeight != 0 {
		t.Errorf("radars %+v %+v", fc, sr)
	}
	if u.Doctrine.ReactionTime != si(t, c, "s300pmu2", "reaction_time") {
		t.Errorf("reaction time %g", u.Doctrine.ReactionTime)
	}
	// Missiles: the two inline in file order, then the catalogue's
	// 48N6E2 from l2's load.
	var names []string
	for _, m := range u.Missiles {
		names = append(names, m.Name)
		for k, v := range missileFigures(m) {
			want := si(t, c, m.Name, k)
			if m.Name == "48N6E3" && k == "pk" {
				want = 0.5
			}
			if v != want {
				t.Errorf("%s %s = %g, want %g", m.Name, k, v, want)
			}
		}
	}
	if strings.Join(names, " ") != "48N6E3 9M96E2 48N6E2" || u.Launchers[1].Loads[0].Missile != "48N6E2" {
		t.Errorf("missiles %v, loads %+v", names, u.Launchers[1].Loads)
	}
	if u.Launchers[0].ReloadTime != si(t, c, "5P85TE2", "reload_time") {
		t.Errorf("reload %g", u.Launchers[0].ReloadTime)
	}
	// Written figures are not recorded; taken ones are, with their entity.
	rec := map[string]FigureUse{}
	for _, f := range s.Figures {
		rec[f.Entity+" "+f.Key] = f
	}
	for _, k := range []string{"fc ref_range", "fc noise_range", "u/48N6E3 pk"} {
		if _, ok := rec[k]; ok {
			t.Errorf("%s recorded though written", k)
		}
	}
	for _, k := range []string{"fc noise_azimuth", "fc antenna_height", "u/48N6E3 max_range", "u/48N6E2 pk", "l1 capacity_9M96E2", "u reaction_time"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("%s not recorded", k)
		}
	}
	if f := rec["fc antenna_height"]; f.Entry != "40V6M" || f.Unit != "m" {
		t.Errorf("mast record %+v", f)
	}
}

// TestThreatTypes takes threat figures from the catalogue class.
func TestThreatTypes(t *testing.T) {
	c := cat(t)
	src := head + `sites:
  - id: s
    at: {lat: 1, lon: 2, alt: 10 m}
threats:
  - id: cm
    type: Tomahawk-class
    count: 2
    interval: 1 s
    route:
      - {lat: 0, lon: 0}
      - {lat: 1, lon: 1, alt: 50 m}
  - id: d
    type: shahed-136-class
    rcs: 0.2 m2
    altitude: 1 km
    route:
      - {lat: 0, lon: 0}
      - {lat: 1, lon: 1}
  - id: b
    type: srbm
    launch: {lat: 0, lon: 0}
    target: s
`
	s := parse(t, src, Options{Catalog: c})
	cm, d, b := s.Threats[0], s.Threats[2], s.Threats[3]
	class := "subsonic-cruise-missile"
	alt := si(t, c, class, "altitude")
	if cm.Type != class || cm.RCS != si(t, c, class, "rcs") || cm.Speed != si(t, c, class, "speed") || cm.Altitude != alt ||
		cm.Route[0].At.Alt != alt || cm.Route[1].At.Alt != 50 || cm.Route[1].Speed != cm.Speed {
		t.Errorf("cruise missile %+v", cm)
	}
	if d.RCS != 0.2 || d.Altitude != 1000 || d.Speed != si(t, c, "shahed-136-class", "speed") {
		t.Errorf("drone %+v", d)
	}
	if b.Type != "short-range-ballistic-missile" || b.RCS != si(t, c, b.Type, "rcs") || b.Speed != 0 || !b.Ballistic() {
		t.Errorf("srbm %+v", b)
	}
	var keys []string
	for _, f := range s.Figures {
		keys = append(keys, f.Entity+" "+f.Key)
	}
	// One record per threat as written (the salvo shares it); none for
	// written figures, nor speed, altitude or turn limit of a ballistic
	// missile.
	if got := strings.Join(keys, ", "); got != "cm rcs, cm speed, cm altitude, cm max_lateral_accel, d speed, d max_lateral_accel, b rcs" {
		t.Errorf("records: %s", got)
	}
}

// TestUnknownNames: every catalogue name that does not resolve is an
// error at its position that names the closest catalogue names.
func TestUnknownNames(t *testing.T) {
	battalion := head + "air_defence:\n  - system: s400\n    at: {lat: 1, lon: 2}\n"
	comp := head + `air_defence:
  - id: u
    command_post: {id: cp, at: {lat: 1, lon: 2}}
    radars:
      - id: r
        model: 92N6E
        at: {lat: 1, lon: 2}
    launchers:
      - id: l
        model: 5P85TE2
        at: {lat: 1, lon: 2}
        missiles: {48N6E3: 4}
`
	threat := head + "threats:\n  - id: t\n    type: subsonic-cruise-missile\n    route: [{lat: 0, lon: 0}, {lat: 1, lon: 1}]\n"
	sub := func(base, old, new string) string {
		if !strings.Contains(base, old) {
			panic("test case: no " + old)
		}
		return strings.Replace(base, old, new, 1)
	}
	tests := []struct {
		name, src, pos, msg string
	}{
		{"system", sub(battalion, "s400", "s-500"), "5:13", `system "s-500" is not in the catalogue; want a catalogue system such as s400, s300pmu2 (closest first; iadsim catalog list shows all)`},
		{"system in a component unit", sub(comp, "  - id: u\n", "  - id: u\n    system: S-500\n"), "6:13", `system "S-500" is not in the catalogue; want a catalogue system such as s400,`},
		{"battalion missile", battalion + "    missiles: {48N6X: 4}\n", "7:16", `missile "48N6X" is not in the catalogue; want a catalogue missile such as 40N6E, 48N6DM, 48N6E3`},
		{"loaded missile", sub(comp, "{48N6E3: 4}", "{48N6X: 4}"), "15:20", `launcher l loads missile "48N6X", which the unit does not define and the catalogue does not know; want a catalogue missile such as 40N6E, 48N6DM, 48N6E3`},
		{"radar model", sub(comp, "model: 92N6E", "model: 92N6X"), "9:16", `radar model "92N6X" is not in the catalogue; want a catalogue radar such as 92N6E, 91N6E, 96L6E`},
		{"radar model of another kind", sub(comp, "model: 92N6E", "model: 48N6E2"), "9:16", `radar model "48N6E2" is a missile in the catalogue, not a radar; want a catalogue radar such as`},
		{"mast", sub(comp, "model: 92N6E\n", "model: 92N6E\n        mast: 40V6\n"), "10:15", `mast "40V6" is not in the catalogue; want a catalogue mast such as 40V6M`},
		{"launcher model", sub(comp, "model: 5P85TE2", "model: 5P85TE"), "13:16", `launcher model "5P85TE" is not in the catalogue; want a catalogue launcher such as 5P85TE2, 5P85SE2`},
		{"threat type without figures", sub(threat, "subsonic-cruise-missile", "subsonic-cruise-misile"), "5:5", `threat has no rcs; want rcs: a radar cross section such as "0.1 m2" or "-10 dBsm", or type: a catalogue threat class such as subsonic-cruise-missile, supersonic-cruise-missile,`},
		{"missile of the file's own without figures", sub(comp, "        missiles: {48N6E3: 4}\n", "        missiles: {48N6X: 4}\n    missiles:\n      48N6X: {max_range: 100 km}\n"), "17:7", `missile "48N6X" is not in the catalogue, so its figures must all be written; want the missing figures, or a catalogue missile such as 40N6E,`},
		// Capacities.
		{"launcher cannot carry", sub(sub(comp, "5P85TE2", "5P85SE2"), "{48N6E3: 4}", "{9M96E2: 4}"), "15:20", `launcher l is a 5P85SE2, which does not carry 9M96E2; want one of the missiles it carries: 48N6E2, 48N6E3, 48N6DM`},
		{"launcher overloaded", sub(comp, "{48N6E3: 4}", "{48N6E3: 3, 9M96E2: 8}"), "15:19", `launcher l (5P85TE2) is loaded beyond its capacity with 3 48N6E3 of 4, 8 9M96E2 of 16; want`},
		{"battalion too small", battalion + "    launchers: 3\n", "5:13", `4 of the 16 48N6E3 do not fit on the unit's 3 launchers (a 5P85TE2 carries 4, sharing its room with the other missiles); want fewer rounds`},
		{"battalion above its maximum", battalion + "    launchers: 13\n", "7:16", `launchers 13 is more than a s400 battalion has; want 1 to 12 (catalogue)`},
		{"battalion missile not carried", sub(battalion, "s400", "s300pmu2") + "    missiles: {9M96E2: 4}\n", "7:16", `the launchers of system s300pmu2 (5P85SE2) do not carry 9M96E2; want missiles they carry: 48N6E2, 48N6E3, 48N6DM`},
		{"figures mode", sub(battalion, "duration: 1 min\n", "duration: 1 min\nfigures: median\n"), "4:10", `figures "median" is not known; want one of: nominal, low, high, sample, uniform`},
		// Doctrine: missile preference, holding for it, releasing the reserve.
		{"doctrine: unknown class", battalion + "    doctrine: {missiles_by_class: {bomber: [9M96E2]}}\n", "7:36", `target class "bomber" is not known; want one of ballistic, cruise, aircraft, drone`},
		{"doctrine: missile not carried", battalion + "    doctrine: {missiles_by_class: {drone: [9M96E, 9M96E2]}}\n", "7:44", `missiles_by_class names 9M96E against drone, which no launcher of unit s400-1 carries; want missiles its launchers load: 48N6E3, 9M96E2`},
		{"doctrine: missile not carried by a component unit", sub(comp, "        missiles: {48N6E3: 4}\n", "        missiles: {48N6E3: 4}\n    doctrine: {missiles_by_class: {cruise: [48N6E3, 9M96E2]}}\n"), "16:53", `missiles_by_class names 9M96E2 against cruise, which no launcher of unit u carries; want missiles its launchers load: 48N6E3`},
		{"doctrine: missile twice", battalion + "    doctrine: {missiles_by_class: {drone: [9M96E2, 9m96e2]}}\n", "7:52", `missile 9M96E2 is listed twice against drone; want each missile once`},
		{"doctrine: empty preference", battalion + "    doctrine: {missiles_by_class: {drone: []}}\n", "7:43", `missiles_by_class drone is an empty list; want at least one missile, or the class left out`},
		{"doctrine: preference not a list", battalion + "    doctrine: {missiles_by_class: {drone: 9M96E2}}\n", "7:43", `missiles_by_class drone is "9M96E2"; want a list (lines starting with "- ")`},
		{"doctrine: hold for an unknown class", battalion + "    doctrine: {hold_for_preferred: [drone, boat]}\n", "7:44", `hold_for_preferred: target class "boat" is not known; want one of ballistic, cruise, aircraft, drone`},
		{"doctrine: negative release time", battalion + "    doctrine: {reserve: 4, reserve_release: {time_to_go: -5 s}}\n", "7:58", `time_to_go "-5 s": negative; want a duration`},
		{"doctrine: release time without a unit", battalion + "    doctrine: {reserve_release: {time_to_go: 60}}\n", "7:46", `time_to_go "60": no unit; want a duration`},
		{"doctrine: release to no class", battalion + "    doctrine: {reserve_release: {classes: []}}\n", "7:43", `classes is empty; want at least one target class, or time_to_go: 0 s to keep the reserve whatever comes`},
		{"doctrine: release to a class twice", battalion + "    doctrine: {reserve_release: {classes: [cruise, cruise]}}\n", "7:52", `classes: target class cruise given twice; want each class once`},
		{"doctrine: unknown release key", battalion + "    doctrine: {reserve_release: {time: 60 s}}\n", "7:34", `unknown key "time" in reserve_release; want one of: time_to_go, classes`},
		{"battalion with a radar key", battalion + "    ref_range: 10 km\n", "7:5", `unknown key "ref_range" in air_defence unit; want one of: id, system, at, launchers, missiles, doctrine, tracker`},
	}
	c := cat(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErrorAt(t, c, tt.src, tt.pos, tt.msg) })
	}
}

// raid is a battalion and a threat whose figures come from the catalogue.
const raid = head + `air_defence:
  - system: s400
    id: bn1
    at: {lat: 44.5, lon: -71.4}
threats:
  - id: cm
    type: subsonic-cruise-missile
    route: [{lat: 44, lon: -72}, {lat: 44.5, lon: -71.4}]
`

// TestFigureModes: low and high take the ends of every figure's range,
// nominal the nominal value, and sample draws inside the range, the same
// draws for the same seed; the file's figures: key and Options.Figures
// both set the mode.
func TestFigureModes(t *testing.T) {
	c := cat(t)
	fc := func(s *Scenario) Radar {
		for _, r := range s.Units[0].Radars {
			if r.Role == RoleFireControl {
				return r
			}
		}
		t.Fatal("no fire-control radar")
		return Radar{}
	}
	for _, mode := range []catalog.Draw{catalog.Nominal, catalog.Low, catalog.High, catalog.Sample, catalog.Uniform} {
		t.Run(mode.String(), func(t *testing.T) {
			s := parse(t, strings.Replace(raid, head, head+"figures: "+mode.String()+"\n", 1), Options{Catalog: c})
			if s.FigureMode != mode {
				t.Errorf("mode %v", s.FigureMode)
			}
			ranged := 0
			for _, f := range s.Figures {
				want := map[catalog.Draw]float64{catalog.Nominal: f.Nominal, catalog.Low: f.Min, catalog.High: f.Max}[mode]
				switch {
				case f.Mode != mode:
					t.Errorf("%+v: mode", f)
				case f.Note != "":
				case mode == catalog.Sample || mode == catalog.Uniform:
					if f.Value < f.Min || f.Value > f.Max {
						t.Errorf("%s %s = %g outside [%g, %g]", f.Entity, f.Key, f.Value, f.Min, f.Max)
					}
				case f.Value != want:
					t.Errorf("%s %s = %g, want %g", f.Entity, f.Key, f.Value, want)
				}
				if f.Min < f.Max {
					ranged++
				}
			}
			if ranged < 20 {
				t.Errorf("only %d ranged figures used", ranged)
			}
			// The values reach the scenario: the 92N6E's reference range
			// and the threat's RCS, against the catalogue's figures.
			for _, x := range []struct {
				got        float64
				entry, key string
			}{{fc(s).RefRange, "92N6E", "ref_range"}, {s.Threats[0].RCS, "subsonic-cruise-missile", "rcs"}} {
				nom, lo, hi, _ := fig(t, c, x.entry, x.key).SI()
				switch mode {
				case catalog.Nominal:
					lo, hi = nom, nom
				case catalog.Low:
					hi = lo
				case catalog.High:
					lo = hi
				}
				if x.got < lo || x.got > hi {
					t.Errorf("%s %s = %g, want [%g, %g]", x.entry, x.key, x.got, lo, hi)
				}
			}
			again := parse(t, strings.Replace(raid, head, head+"figures: "+mode.String()+"\n", 1), Options{Catalog: c})
			if !reflect.DeepEqual(s.Figures, again.Figures) {
				t.Error("the same file and seed drew differently")
			}
		})
	}
	// A caller's mode overrides the file's.
	high := catalog.High
	s := parse(t, strings.Replace(raid, head, head+"figures: low\n", 1), Options{Catalog: c, Figures: &high})
	if _, _, hi, _ := fig(t, c, "92N6E", "ref_range").SI(); s.FigureMode != catalog.High || fc(s).RefRange != hi {
		t.Errorf("override: %v, %g", s.FigureMode, fc(s).RefRange)
	}
	// Another seed draws other values.
	a := parse(t, strings.Replace(raid, head, head+"figures: sample\nseed: 1\n", 1), Options{Catalog: c})
	b := parse(t, strings.Replace(raid, head, head+"figures: sample\nseed: 2\n", 1), Options{Catalog: c})
	if reflect.DeepEqual(a.Figures, b.Figures) {
		t.Error("seeds 1 and 2 drew the same figures")
	}
}

// TestStreamsIndependent: adding a unit and a threat before the others
// changes none of their draws.
func TestStreamsIndependent(t *testing.T) {
	c := cat(t)
	sample := catalog.Sample
	a := parse(t, raid, Options{Catalog: c, Figures: &sample})
	more := strings.Replace(raid, "air_defence:\n", "air_defence:\n  - system: s300pmu2\n    at: {lat: 45, lon: -71}\n", 1)
	more = strings.Replace(more, "threats:\n", "threats:\n  - {id: x, type: fighter, route: [{lat: 1, lon: 1}, {lat: 2, lon: 2}]}\n", 1)
	b := parse(t, more, Options{Catalog: c, Figures: &sample})
	drawn := map[string]float64{}
	for _, f := range b.Figures {
		drawn[f.Entity+" "+f.Key] = f.Value
	}
	differs := 0
	for _, f := range a.Figures {
		if v, ok := drawn[f.Entity+" "+f.Key]; !ok || v != f.Value {
			t.Errorf("%s %s: %g, with more entities %g", f.Entity, f.Key, f.Value, v)
		}
		if f.Value != f.Nominal {
			differs++
		}
	}
	if differs == 0 {
		t.Error("sample drew only nominal values")
	}
}

// TestTemplate resolves one template with several sets of streams, also
// concurrently.
func TestTemplate(t *testing.T) {
	c := cat(t)
	sample := catalog.Sample
	tm, err := Compile("raid.yaml", []byte(raid), Options{Catalog: c, Figures: &sample})
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	out := make([]*Scenario, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			s, err := tm.Resolve(SeedStreams(uint64(i)))
			if err != nil {
				t.Error(err)
			}
			out[i] = s
		})
	}
	wg.Wait()
	for i := range n {
		s, err := tm.Resolve(SeedStreams(uint64(i)))
		if err != nil || !reflect.DeepEqual(s, out[i]) {
			t.Errorf("replication %d differs when resolved again: %v", i, err)
		}
		if i > 0 && reflect.DeepEqual(s.Figures, out[0].Figures) {
			t.Errorf("replications 0 and %d drew the same", i)
		}
	}
	// Replication 0 is what Parse draws; replication 1 draws otherwise.
	if r0, _ := tm.Resolve(ReplicationStreams(0, 0)); !reflect.DeepEqual(r0, out[0]) {
		t.Error("ReplicationStreams(seed, 0) differs from SeedStreams(seed)")
	}
	if r1, _ := tm.Resolve(ReplicationStreams(0, 1)); reflect.DeepEqual(r1.Figures, out[0].Figures) {
		t.Error("replications 0 and 1 of one seed drew the same")
	}
	// nil streams: the file's seed, as Parse.
	s, _ := tm.Resolve(nil)
	p, err := Parse("raid.yaml", []byte(strings.Replace(raid, head, head+"figures: sample\n", 1)))
	if err != nil || !reflect.DeepEqual(s.Figures, p.Figures) {
		t.Errorf("Resolve(nil) and Parse draw differently (%v)", err)
	}
}

// fixed is a random source that always gives the same number.
type fixed uint64

func (f fixed) Uint64() uint64 { return uint64(f) }

// TestChannelsReconciled: draws that leave missiles_guided below
// fire_channels are reconciled by moving the catalogue's figure.
func TestChannelsReconciled(t *testing.T) {
	c := cat(t)
	sample := catalog.Sample
	streams := func(entity, key string) *rand.Rand {
		switch key {
		case "fire_channels":
			return rand.New(fixed(math.MaxUint64)) // the top of the range
		case "missiles_guided":
			return rand.New(fixed(0)) // the bottom
		}
		return rand.New(fixed(1 << 63))
	}
	tm, err := Compile("raid.yaml", []byte(raid), Options{Catalog: c, Figures: &sample})
	if err != nil {
		t.Fatal(err)
	}
	s, err := tm.Resolve(streams)
	if err != nil {
		t.Fatal(err)
	}
	var r Radar
	for _, x := range s.Units[0].Radars {
		if x.Role == RoleFireControl {
			r = x
		}
	}
	if _, _, hi, _ := fig(t, c, r.Model, "fire_channels").SI(); float64(r.FireChannels) != math.Round(hi) || r.MissilesGuided != r.FireChannels {
		t.Errorf("fire channels %d, missiles guided %d", r.FireChannels, r.MissilesGuided)
	}
	noted := false
	for _, f := range s.Figures {
		noted = noted || f.Key == "missiles_guided" && strings.HasPrefix(f.Note, "raised") && f.Value == float64(r.MissilesGuided)
	}
	if !noted {
		t.Error("the adjustment is not recorded")
	}
}

// TestCatalogueChangeChangesScenario: a scenario takes its figures from
// the catalogue it is given: a copy of the data with one figure changed
// changes the resolved unit, and nothing in this package holds a copy.
func TestCatalogueChangeChangesScenario(t *testing.T) {
	files := fstest.MapFS{}
	err := fs.WalkDir(catalog.Data(), ".", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(catalog.Data(), path)
		files[path] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	old := "fire_channels: {nominal: 6, min: 6, max: 40,"
	f := files["data/s400.yaml"]
	if !strings.Contains(string(f.Data), old) {
		t.Fatalf("data/s400.yaml has no %q", old)
	}
	f.Data = []byte(strings.Replace(string(f.Data), old, "fire_channels: {nominal: 9, min: 6, max: 40,", 1))
	changed, err := catalog.LoadFS(files)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		c    *catalog.Catalog
		want int
	}{{cat(t), 6}, {changed, 9}} {
		s := parse(t, raid, Options{Catalog: x.c})
		for _, r := range s.Units[0].Radars {
			if r.Role == RoleFireControl && r.FireChannels != x.want {
				t.Errorf("fire channels %d, want %d", r.FireChannels, x.want)
			}
		}
	}
}

// TestDocsCatalogueExample reads the documented catalogue example.
func TestDocsCatalogueExample(t *testing.T) {
	c := cat(t)
	s, err := Parse("scenario.md", []byte(docsExample(t, fromCatalog)))
	if err != nil {
		t.Fatalf("the documented example does not parse:\n%v", err)
	}
	if s.FigureMode != catalog.Nominal || len(s.Units) != 3 || len(s.Threats) != 13 {
		t.Fatalf("%v, %d units, %d threats", s.FigureMode, len(s.Units), len(s.Threats))
	}
	if h := s.Threats[8]; h.TargetRadar != "bn1-92n6e" || h.LethalRadius != 15 {
		t.Errorf("harm: target radar %q, lethal radius %g m; want bn1-92n6e, 15 m", h.TargetRadar, h.LethalRadius)
	}
	if h := s.Threats[9]; h.Equipment == nil || h.Equipment.Kind != EquipmentLauncher || h.CEP != 10 || h.LethalRadius != 25 {
		t.Errorf("tlam-tel: equipment %+v, CEP %g m, lethal radius %g m; want launcher bn1-tel-01, 10 m, 25 m", h.Equipment, h.CEP, h.LethalRadius)
	}
	if p := s.Units[2]; p.Protects != "bn1" || !s.Units[0].Doctrine.GridCueing {
		t.Errorf("pantsir protects %q, bn1 grid cueing %v; want bn1, true", p.Protects, s.Units[0].Doctrine.GridCueing)
	}
	if d := s.Units[0].Doctrine.ARMEmcon; d.Range != 60e3 || d.SilentFor != 90 {
		t.Errorf("bn1 arm_emcon %+v, want 60 km, 90 s", d)
	}
	if d := s.Threats[11]; !d.Decoy || s.Threats[10].Decoy || d.RCSTable == nil {
		t.Errorf("decoy %v with table %v, the jammer decoy %v; want the twelfth threat a decoy with its class's table", d.Decoy, d.RCSTable != nil, s.Threats[10].Decoy)
	}
	if j := s.Threats[10].Jammer; j == nil || j.ERP != 1000 || j.Bandwidth != 200e6 || len(j.Bands) != 3 {
		t.Errorf("growler's jammer %+v, want 1 kW over 200 MHz in S, C and X", j)
	}
	bn, fav := s.Units[0], s.Units[1]
	rounds := map[string]int{}
	for _, l := range bn.Launchers {
		for _, ld := range l.Loads {
			rounds[ld.Missile] += ld.Count
		}
	}
	if bn.ID != "bn1" || len(bn.Launchers) != 8 || rounds["48N6E3"] != 16 || rounds["9M96E2"] != 32 || bn.Doctrine.Salvo != 1 || len(bn.Doctrine.SalvoByClass) != 1 ||
		bn.Doctrine.ReactionTime != si(t, c, "s400", "reaction_time") || bn.CommandPost.ID != "bn1-55k6e" {
		t.Errorf("bn1: %+v, rounds %v", bn, rounds)
	}
	if fav.System != "s300pmu2" || fav.Radars[0].AntennaHeight != si(t, c, "40V6M", "antenna_height") ||
		fav.Radars[0].FireChannels != int(si(t, c, "30N6E2", "fire_channels")) ||
		fav.Radars[1].ScanPeriod != 10 || fav.Radars[1].RefRange != si(t, c, "64N6E2", "ref_range") {
		t.Errorf("favorit radars: %+v", fav.Radars)
	}
	if m := fav.Missiles[0]; len(fav.Missiles) != 1 || m.PkMax != 0.7 || m.MaxRange != si(t, c, "48N6E2", "max_range") {
		t.Errorf("favorit missiles: %+v", fav.Missiles)
	}
	tl, sh, sr := s.Threats[0], s.Threats[4], s.Threats[7]
	if tl.RCS != si(t, c, "subsonic-cruise-missile", "rcs") || tl.Route[0].At.Alt != si(t, c, "subsonic-cruise-missile", "altitude") {
		t.Errorf("tlam: %+v", tl)
	}
	if sh.Altitude != 1000 || sh.Speed != si(t, c, "shahed-136-class", "speed") {
		t.Errorf("shahed: %+v", sh)
	}
	if !sr.Ballistic() || sr.RCS != si(t, c, "short-range-ballistic-missile", "rcs") {
		t.Errorf("srbm: %+v", sr)
	}
	if len(s.Figures) < 100 {
		t.Errorf("only %d figures recorded", len(s.Figures))
	}
}

func BenchmarkResolveSample(b *testing.B) {
	sample := catalog.Sample
	data := []byte(docsExample(b, fromCatalog))
	tm, err := Compile("example.yaml", data, Options{Catalog: cat(b), Figures: &sample})
	if err != nil {
		b.Fatal(err)
	}
	var seed uint64
	for b.Loop() {
		seed++
		if _, err := tm.Resolve(SeedStreams(seed)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEveryEntryInEveryMode: every catalogue system and threat class
// resolves to a valid scenario at both ends of every range and in draws.
func TestEveryEntryInEveryMode(t *testing.T) {
	c := cat(t)
	var b strings.Builder
	b.WriteString(head + "air_defence:\n")
	for _, name := range c.Names(catalog.KindSystem) {
		fmt.Fprintf(&b, "  - {system: %s, at: {lat: 44.5, lon: -71.4}}\n", name)
	}
	b.WriteString("threats:\n")
	for i, name := range c.Names(catalog.KindThreat) {
		fmt.Fprintf(&b, "  - {id: t%d, type: %s, route: [{lat: 44, lon: -72}, {lat: 44.5, lon: -71.4}]}\n", i, name)
		fmt.Fprintf(&b, "  - {id: b%d, type: %s, launch: {lat: 44, lon: -72}, impact: {lat: 44.5, lon: -71.4}}\n", i, name)
	}
	for _, mode := range []catalog.Draw{catalog.Nominal, catalog.Low, catalog.High, catalog.Sample, catalog.Uniform} {
		tm, err := Compile("all.yaml", []byte(b.String()), Options{Catalog: c, Figures: &mode})
		if err != nil {
			t.Fatalf("%v: %v", mode, err)
		}
		for rep := range uint64(20) {
			if _, err := tm.Resolve(ReplicationStreams(7, rep)); err != nil {
				t.Fatalf("%v, replication %d: %v", mode, rep, err)
			}
		}
	}
}

func TestDocsIADS(t *testing.T) {
	s, err := Parse("scenario.md", []byte(docsExample(t, fromCatalog)))
	if err != nil {
		t.Fatal(err)
	}
	if s.IADS == nil || s.IADS.CommandPost != "regiment-cp" || len(s.IADS.Units) != 2 || s.IADS.EngagementsPerTarget != 1 {
		t.Fatalf("iads: %+v", s.IADS)
	}
	if e := s.Units[1].Radars[0].Emcon; e.Until != 120 || e.Range != 150e3 {
		t.Errorf("emcon: %+v", e)
	}
	if c := s.Units[0].Doctrine.SalvoByClass; len(c) != 1 || c[0] != (ClassSalvo{"ballistic", 2}) {
		t.Errorf("salvo_by_class: %+v", c)
	}
}

// TestBallisticRangeFromSystem: a unit's range against ballistic targets
// comes from its catalogue system unless its doctrine writes one; 0 in
// the doctrine lifts the limit.
func TestBallisticRangeFromSystem(t *testing.T) {
	c := cat(t)
	for _, tt := range []struct {
		system, doctrine string
		want             float64
	}{
		{"s400", "", 60e3},
		{"s300pmu2", "", 40e3},
		{"s400", "    doctrine: {ballistic_range: 45 km}\n", 45e3},
		{"s400", "    doctrine: {ballistic_range: 0 km}\n", 0},
	} {
		src := head + "air_defence:\n  - system: " + tt.system + "\n    id: bn1\n    at: {lat: 44.5, lon: -71.4}\n" + tt.doctrine
		s := parse(t, src, Options{Catalog: c})
		if got := s.Units[0].Doctrine.BallisticRange; got != tt.want {
			t.Errorf("%s %q: ballistic range %g m, want %g m", tt.system, tt.doctrine, got, tt.want)
		}
	}
}
