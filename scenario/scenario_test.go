package scenario

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/units"
)

// docsExamples extracts the examples from docs/scenario.md, so that the
// documentation and the code cannot drift apart: the yaml block under each
// ### heading of the Examples section, by heading, and the Reference
// section.
func docsExamples(t testing.TB) (examples map[string]string, reference string) {
	t.Helper()
	md, err := os.ReadFile("../docs/scenario.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(md)
	i := strings.Index(text, "\n## Examples\n")
	if i < 0 {
		t.Fatal("docs/scenario.md has no ## Examples section")
	}
	ref := strings.Index(text, "\n## Reference\n")
	if ref < 0 || ref > i {
		t.Fatal("docs/scenario.md has no ## Reference section before the examples")
	}
	examples = map[string]string{}
	for _, sec := range strings.Split(text[i:], "\n### ")[1:] {
		heading, rest, _ := strings.Cut(sec, "\n")
		start := strings.Index(rest, "```yaml\n")
		if start < 0 {
			t.Fatalf("example %q has no yaml block", heading)
		}
		rest = rest[start+len("```yaml\n"):]
		end := strings.Index(rest, "\n```")
		if end < 0 {
			t.Fatalf("example %q: the yaml block is not closed", heading)
		}
		examples[heading] = rest[:end+1]
	}
	// From the heading to the next section: the search starts past the
	// heading's own "\n## ".
	reference = text[ref+1:]
	if j := strings.Index(reference, "\n## "); j >= 0 {
		reference = reference[:j]
	}
	return examples, reference
}

// docsExample returns one example of docs/scenario.md by its heading.
func docsExample(t testing.TB, heading string) string {
	t.Helper()
	ex, _ := docsExamples(t)
	src, ok := ex[heading]
	if !ok {
		t.Fatalf("docs/scenario.md has no example %q", heading)
	}
	return src
}

const (
	writtenOut    = "Every figure written out"
	fromCatalog   = "From the catalogue"
	commandLevels = "Command levels"
)

// TestDocsKeys checks that every key of the reference tables appears in
// one of the examples.
func TestDocsKeys(t *testing.T) {
	ex, reference := docsExamples(t)
	all := ex[writtenOut] + ex[fromCatalog] + ex[commandLevels]
	if len(ex) != 3 {
		t.Errorf("examples %v, want %q, %q and %q", len(ex), writtenOut, fromCatalog, commandLevels)
	}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\|").FindAllStringSubmatch(reference, -1) {
		if !regexp.MustCompile(`(?m)[\s{,]` + m[1] + `:`).MatchString(all) {
			t.Errorf("key %s is in the reference but in no example", m[1])
		}
	}
}

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// TestDocsExample reads the example that writes every figure out. Where
// it leaves a key out and names a catalogue model, the value is the
// catalogue's, read from the catalogue here.
func TestDocsExample(t *testing.T) {
	src := docsExample(t, writtenOut)
	s, err := Parse("scenario.md", []byte(src))
	if err != nil {
		t.Fatalf("the documented example does not parse:\n%v", err)
	}
	c := cat(t)

	if s.Version != 1 || s.Name != "Airbase raid, S-400 battalion" || s.Seed != 42 || s.Step != 0.1 || s.Duration != 1800 {
		t.Errorf("top level: %+v", s)
	}
	if want := time.Date(2025, 3, 1, 4, 30, 0, 0, time.UTC); !s.Epoch.Equal(want) {
		t.Errorf("epoch %v, want %v", s.Epoch, want)
	}
	if !strings.HasPrefix(s.Description, "Cruise missiles low") {
		t.Errorf("description %q", s.Description)
	}
	if len(s.Sites) != 2 || s.Sites[1].Name != "depot" || s.Sites[1].Radius != DefaultSiteRadius || s.Sites[0].Radius != 3000 || s.Sites[0].Value != 10 {
		t.Errorf("sites: %+v", s.Sites)
	}
	if got := s.Sites[0].At; !near(got.LatDeg(), 44.5, 1e-12) || !near(got.LonDeg(), -71.4, 1e-12) || got.Alt != 300 {
		t.Errorf("airbase at %+v", got)
	}

	if len(s.Units) != 1 {
		t.Fatalf("%d units", len(s.Units))
	}
	u := s.Units[0]
	if u.ID != "s400-1" || u.System != "s400" || u.CommandPost.ID != "s400-1-cp" {
		t.Errorf("unit: %+v", u)
	}
	sr, fc := u.Radars[0], u.Radars[1]
	deg := math.Pi / 180
	if sr.Role != RoleSurveillance || sr.RefRange != 600e3 || sr.RefRCS != 4 || sr.MinElevation != -deg || !near(sr.MaxElevation, 60*deg, 1e-15) ||
		sr.SigmaRange != 100 || !near(sr.SigmaAz, 0.3*deg, 1e-15) || sr.ScanPeriod != 10 || sr.AntennaHeight != 10 || sr.MinRange != 2000 {
		t.Errorf("surveillance radar: %+v", sr)
	}
	// The 92N6E leaves out pfa, min_range and the elevation limits.
	if fc.Role != RoleFireControl || fc.Pfa != si(t, c, "92N6E", "pfa") || fc.MaxElevation != si(t, c, "92N6E", "max_elevation") ||
		fc.MinRange != si(t, c, "92N6E", "min_range") || fc.FireChannels != 6 || fc.MissilesGuided != 12 || fc.RefPd != 0.9 {
		t.Errorf("fire-control radar: %+v", fc)
	}
	l2 := u.Launchers[1]
	if len(l2.Loads) != 2 || l2.Loads[0] != (MissileLoad{"48N6E3", 2}) || l2.Loads[1] != (MissileLoad{"9M96E2", 8}) ||
		l2.ReloadTime != si(t, c, "5P85TE2", "reload_time") || u.Launchers[0].ReloadTime != 900 {
		t.Errorf("launchers: %+v", u.Launchers)
	}
	if len(u.Missiles) != 2 || u.Missiles[0].Name != "48N6E3" || u.Missiles[1].Name != "9M96E2" {
		t.Fatalf("missiles: %+v", u.Missiles)
	}
	m := u.Missiles[0]
	if m.MaxRange != 250e3 || m.MaxAltitude != 27e3 || m.BurnoutSpeed != 1900 || !near(m.MaxLateralAccel, 20*9.80665, 1e-12) || m.PkMax != 0.8 || m.MaxTargetSpeed != 4800 {
		t.Errorf("48N6E3: %+v", m)
	}
	if m9 := u.Missiles[1]; m9.NavRatio != si(t, c, "9M96E2", "nav_ratio") || m9.LaunchSpeed != si(t, c, "9M96E2", "launch_speed") || m9.SeekerRange != 15e3 {
		t.Errorf("9M96E2: %+v", m9)
	}
	if !reflect.DeepEqual(u.Doctrine, Doctrine{Policy: PolicyShootLookShoot, Salvo: 2, ReactionTime: 10, MinPk: 0.3, Reserve: 2,
		ReserveRelease:   ReserveRelease{TimeToGo: 90, Classes: []string{"cruise", "ballistic"}},
		MissilesByClass:  []ClassMissiles{{"drone", []string{"9M96E2"}}, {"cruise", []string{"9M96E2", "48N6E3"}}},
		HoldForPreferred: []string{"drone"}, BallisticRange: 60e3, BallisticMinAltitude: 5e3, BallisticEngagements: 2, ballisticRangeSet: true}) {
		t.Errorf("doctrine: %+v", u.Doctrine)
	}
	if u.Tracker != (TrackerSpec{AccelNoise: 25, ConfirmM: 2, ConfirmN: 3, MaxMisses: 3, GateProb: 0.999}) {
		t.Errorf("tracker: %+v", u.Tracker)
	}

	// 4 cruise missiles, 3 drones, a fighter, 3 ballistic missiles and
	// the second one's booster, which separates at burnout.
	var ids []string
	for _, th := range s.Threats {
		ids = append(ids, th.ID)
	}
	if got := strings.Join(ids, " "); got != "tlam-01 tlam-02 tlam-03 tlam-04 drones-01 drones-02 drones-03 fighter-1 srbm-1 srbm-2 srbm-2-booster srbm-3" {
		t.Fatalf("threat ids: %s", got)
	}
	tl := s.Threats[2]
	if tl.Group != "tlam" || tl.Start != 10 || tl.RCS != 0.1 || !near(tl.Speed, 880/3.6, 1e-9) || tl.Count != 4 || tl.Interval != 5 {
		t.Errorf("tlam-03: %+v", tl)
	}
	// The route gains the airbase as its last point; heights default to
	// the threat's altitude.
	if len(tl.Route) != 4 || tl.Route[3].At != s.Sites[0].At || tl.Route[0].At.Alt != 30 || tl.Route[1].At.Alt != 50 {
		t.Errorf("tlam route: %+v", tl.Route)
	}
	// The drones' route already ends at the depot: nothing is appended.
	if dr := s.Threats[4]; len(dr.Route) != 2 || dr.Route[1].At.Alt != 1000 {
		t.Errorf("drone route: %+v", dr.Route)
	}
	// Mach 0.85 resolved at the waypoint's 9 km (units checks the
	// atmosphere itself against the 1976 standard's tables).
	// The fighter, a catalogue class by its alias, flies its waypoints'
	// speeds; its own speed is the catalogue's.
	f := s.Threats[7]
	if !near(f.Route[0].Speed, 0.85*units.SpeedOfSound(9000), 1e-9) || !near(f.Route[2].Speed, 250, 1e-9) ||
		f.Speed != si(t, c, "fighter-4th-gen", "speed") || f.Type != "fighter-4th-gen" || f.RCS != 5 {
		t.Errorf("fighter: %v, %+v", f.Speed, f.Route)
	}
	if s.Threats[4].Type != "drone" {
		t.Errorf("free-text type %q", s.Threats[4].Type)
	}
	b1, b2 := s.Threats[8], s.Threats[9]
	if !b1.Ballistic() || *b1.Impact != s.Sites[0].At || b1.Apogee != 80e3 || b1.Route != nil {
		t.Errorf("srbm-1: %+v", b1)
	}
	if *b2.Impact != geo.Deg(44.62, -71.10, 250) || b2.FlightTime != 240 || b2.Target != "" {
		t.Errorf("srbm-2: %+v", b2)
	}
	if b3 := s.Threats[11]; b3.PullUp == nil || b3.PullUp.Height != 30e3 || b3.PullUp.LiftToDrag != 1.5 || !near(b3.PullUp.MaxLoad, 20*units.StandardG, 1e-12) {
		t.Errorf("srbm-3: pull-up %+v", b3.PullUp)
	}
	if bst := s.Threats[10]; bst.PullUp != nil {
		t.Errorf("srbm-2-booster: pull-up %+v, want none", bst.PullUp)
	}
}

// minimal is a small valid scenario that the error cases below change.
const minimal = `version: 1
name: t
duration: 1 min
sites:
  - id: s
    at: {lat: 1, lon: 2}
threats:
  - id: t1
    type: drone
    rcs: 1 m2
    speed: 50 m/s
    altitude: 100 m
    route:
      - {lat: 0, lon: 0}
      - {lat: 1, lon: 1}
`

// unit is a valid air_defence section, lines 1-30 of its own.
const unit = `version: 1
name: t
duration: 1 min
air_defence:
  - id: u
    command_post: {id: cp, at: {lat: 1, lon: 2}}
    radars:
      - id: r
        role: fire-control
        at: {lat: 1, lon: 2}
        ref_range: 100 km
        ref_rcs: 1 m2
        ref_pd: 0.9
        max_range: 150 km
        scan_period: 1 s
        noise: {range: 10 m, azimuth: 0.1 deg, elevation: 0.1 deg}
        fire_channels: 2
        missiles_guided: 4
    launchers:
      - id: l
        at: {lat: 1, lon: 2}
        missiles: {M1: 4}
    missiles:
      M1:
        max_range: 40 km
        max_altitude: 20 km
        burnout_speed: 1000 m/s
        boost_time: 5 s
        coast_time_constant: 30 s
        max_flight_time: 60 s
        max_lateral_accel: 20 g
        lethal_radius: 10 m
        pk: 0.7
`

func TestMinimalValid(t *testing.T) {
	for name, src := range map[string]string{"minimal": minimal, "unit": unit} {
		if _, err := Parse(name, []byte(src)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestErrors(t *testing.T) {
	sub := func(base, old, new string) string {
		if !strings.Contains(base, old) {
			panic("test case: no " + old)
		}
		return strings.Replace(base, old, new, 1)
	}
	tests := []struct {
		name, src string
		pos       string // "line:col"
		msg       string
	}{
		{"unknown key", sub(minimal, "name: t\n", "name: t\nspeeed: 3\n"), "3:1", `unknown key "speeed" in the scenario; want one of: version, name,`},
		{"wrong type", sub(minimal, "name: t", "name: [a, b]"), "2:7", "name is a list; want text"},
		{"missing version", sub(minimal, "version: 1\n", ""), "1:1", "the scenario has no version; want version: 1"},
		{"version 2", sub(minimal, "version: 1", "version: 2"), "1:10", "version 2 is not supported; want version: 1"},
		{"latitude 95", sub(minimal, "{lat: 1, lon: 2}", "{lat: 95, lon: 2}"), "6:15", "lat 95 is out of range; want a latitude from -90 to 90 degrees"},
		{"longitude 200", sub(minimal, "{lat: 1, lon: 2}", "{lat: 1, lon: 200}"), "6:23", "lon 200 is out of range; want a longitude from -180 to 180 degrees"},
		{"negative speed", sub(minimal, "speed: 50 m/s", "speed: -50 m/s"), "11:12", `speed "-50 m/s": negative; want a speed such as`},
		{"zero rcs", sub(minimal, "rcs: 1 m2", "rcs: 0 m2"), "10:10", "rcs 0 m2 is out of range; want a cross section greater than zero and at most 1e6 m2 (60 dBsm)"},
		{"huge rcs", sub(minimal, "rcs: 1 m2", "rcs: 1e308 m2"), "10:10", "rcs 1e308 m2 is out of range; want a cross section greater than zero and at most 1e6 m2 (60 dBsm)"},
		{"bare number for a length", sub(minimal, "altitude: 100 m", "altitude: 100"), "12:15", `altitude "100": no unit; want a length such as "30 m" or "400 km"`},
		{"route with one point", sub(minimal, "      - {lat: 1, lon: 1}\n", ""), "14:7", "route has 1 point(s); want at least 2 waypoints"},
		{"duplicate id", sub(minimal, "id: t1", "id: s"), "8:9", `duplicate id "s" (first used at 5:9); want ids unique`},
		{"unknown target site", sub(minimal, "altitude: 100 m\n", "altitude: 100 m\n    target: nowhere\n"), "13:13", `target "nowhere" is not a site or a unit's radar, launcher or command post; want the id of one of them`},
		{"unknown missile in a load", sub(unit, "{M1: 4}", "{M1: 4, M2: 2}"), "22:27", `launcher l loads missile "M2", which the unit does not define and the catalogue does not know; want one of the unit's missiles: M1, or a catalogue missile such as`},
		{"negative count", sub(unit, "{M1: 4}", "{M1: -4}"), "22:24", "count of M1 -4 is out of range; want a whole number of 1 or more"},
		{"bad epoch", sub(minimal, "name: t\n", "name: t\nepoch: 2025-13-01T00:00:00Z\n"), "3:8", `epoch "2025-13-01T00:00:00Z" is not an RFC 3339 time`},
		{"both route and launch", sub(minimal, "    route:\n", "    launch: {lat: 3, lon: 4}\n    route:\n"), "13:5", "threat has both route and launch; want route for a flyer or launch"},
		{"invalid YAML syntax", sub(minimal, "name: t", "name: [t"), "3:1", "invalid YAML: ',' or ']' must be specified; want valid YAML"},
		{"tab indentation", sub(minimal, "  - id: s\n", "\t- id: s\n"), "5:1", "invalid YAML: found character '\t' that cannot start any token; want spaces for indentation, not tabs"},
		{"empty file", "", "1:1", "the file holds no scenario; want a mapping that starts with version: 1"},
		{"comment only", "# nothing yet\n", "1:1", "the file holds no scenario"},
		{"pd of 1", sub(unit, "ref_pd: 0.9", "ref_pd: 1"), "13:17", "ref_pd 1 is out of range; want a probability strictly between 0 and 1"},
		{"pd of 0", sub(unit, "ref_pd: 0.9", "ref_pd: 0"), "13:17", "ref_pd 0 is out of range"},
		{"min range above max range", sub(unit, "max_range: 40 km", "min_range: 50 km\n        max_range: 40 km"), "25:20", "min_range is not below max_range; want min_range < max_range"},
		{"not a mapping", "- a\n- b\n", "1:1", "the scenario is a list; want a mapping of key: value"},
		{"missing required radar key", sub(unit, "        scan_period: 1 s\n", ""), "8:9", "radar has no scan_period; want scan_period:"},
		{"unknown role", sub(unit, "role: fire-control", "role: tracking"), "9:15", `role "tracking" is not known; want one of: surveillance, fire-control`},
		{"mach for a missile speed", sub(unit, "burnout_speed: 1000 m/s", "burnout_speed: Mach 3"), "27:24", "burnout_speed is a Mach number; want a fixed speed"},
		{"surveillance with fire channels", sub(unit, "role: fire-control", "role: surveillance"), "17:9", "fire_channels applies only to fire-control radars"},
		{"fewer missiles guided than channels", sub(unit, "missiles_guided: 4", "missiles_guided: 1"), "18:26", "missiles_guided 1 is fewer than fire_channels 2"},
		{"count without interval", sub(minimal, "altitude: 100 m\n", "altitude: 100 m\n    count: 3\n"), "13:12", "count 3 has no interval"},
		{"salvo id collision", sub(minimal, "id: s\n", "id: t1-02\n") + "    count: 2\n    interval: 1 s\n", "16:12", `duplicate id "t1-02" (first used at 5:9)`},
		{"second document", minimal + "---\nversion: 1\n", "17:1", "a second YAML document; want one scenario per file"},
		{"unknown alias", sub(minimal, "{lat: 1, lon: 2}", "*here"), "6:9", "alias *here names no anchor"},
		{"waypoint without height", sub(minimal, "    altitude: 100 m\n", ""), "13:9", "waypoint has no alt and the threat no altitude"},
		{"NaN latitude", sub(minimal, "{lat: 1, lon: 2}", "{lat: .nan, lon: 2}"), "6:15", "lat is the number .nan; want a latitude in degrees"},
		{"string for a number", sub(minimal, "{lat: 1, lon: 2}", "{lat: north, lon: 2}"), "6:15", `lat is "north"; want a latitude in degrees`},
		{"ballistic without impact", sub(minimal, "    speed: 50 m/s\n    altitude: 100 m\n    route:\n      - {lat: 0, lon: 0}\n      - {lat: 1, lon: 1}\n", "    launch: {lat: 0, lon: 0}\n"), "8:5", "ballistic threat has neither impact nor target"},
		{"merge key", sub(minimal, "name: t\n", "name: t\n<<: {a: 1}\n"), "3:1", "merge key << is not used in scenarios"},
		{"huge count", sub(minimal, "altitude: 100 m\n", "altitude: 100 m\n    count: 100000\n    interval: 1 s\n"), "13:12", "count 100000 is out of range; want a number of threats from 1 to 1000"},
	}
	c := cat(t) // shared: loading the catalogue for each case is slow
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErrorAt(t, c, tt.src, tt.pos, tt.msg) })
	}
}

func TestAllErrorsAtOnce(t *testing.T) {
	src := `version: 1
name: t
duration: 1 min
sites:
  - id: s
    at: {lat: 95, lon: 2}
threats:
  - id: t1
    type: drone
    rcs: 0 m2
    speed: 50 m/s
    altitude: 100
    route:
      - {lat: 0, lon: 0}
      - {lat: 1, lon: 1}
`
	_, err := Parse("three.yaml", []byte(src))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("got %v, want an ErrorList", err)
	}
	want := []string{
		"three.yaml:6:15: lat 95 is out of range",
		"three.yaml:10:10: rcs 0 m2 is out of range",
		`three.yaml:12:15: altitude "100": no unit`,
	}
	if len(list) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(list), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(list[i].Error(), w) {
			t.Errorf("error %d: %s\nwant prefix %s", i, list[i], w)
		}
	}
}

func TestAnchors(t *testing.T) {
	src := `version: 1
name: t
duration: 1 min
sites:
  - id: s
    at: &home {lat: 1, lon: 2, alt: 10 m}
threats:
  - id: t1
    type: drone
    rcs: 1 m2
    speed: Mach 0.5
    altitude: 0 m
    route:
      - {lat: 0, lon: 0}
      - *home
`
	s, err := Parse("a.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Threats[0].Route
	if len(r) != 2 || r[1].At != geo.Deg(1, 2, 10) {
		t.Errorf("route %+v", r)
	}
	// Mach resolved at each point's height: 0 m and 10 m.
	if r[0].Speed != 0.5*units.SpeedOfSound(0) || r[1].Speed != 0.5*units.SpeedOfSound(10) {
		t.Errorf("speeds %v %v", r[0].Speed, r[1].Speed)
	}
}

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(path, []byte(minimal), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil || s.File != path {
		t.Fatalf("Load: %v, %v", s, err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "absent.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("absent file: %v", err)
	}
}

var positioned = regexp.MustCompile(`^fuzz\.yaml:[1-9][0-9]*:[1-9][0-9]*: .+; want .+`)

func FuzzParse(f *testing.F) {
	ex, _ := docsExamples(f)
	c := cat(f)
	for _, s := range []string{ex[writtenOut], ex[fromCatalog], minimal, unit, "", "a: [", "version: 1\n\tname: x", "- 1", "a: &x [*x]\nb: *x", "version: 1\nthreats: [{id: a, count: 3, interval: 1 s, route: [{lat: 1, lon: 1}, {lat: 2, lon: 2}], speed: Mach 1, altitude: 1 km, type: x, rcs: 1 m2}]\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s *Scenario
		tmpl, err := Compile("fuzz.yaml", data, Options{Catalog: c})
		if err == nil {
			s, err = tmpl.Resolve(nil)
		}
		if err == nil {
			if s == nil || s.Version != 1 {
				t.Fatalf("no error but scenario %+v", s)
			}
			return
		}
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Fatalf("error %T %v is not a non-empty ErrorList", err, err)
		}
		for _, e := range list {
			if !positioned.MatchString(e.Error()) {
				t.Fatalf("error without position or expectation: %q", e.Error())
			}
		}
	})
}

// BenchmarkParse parses the examples with a shared catalogue: the cost
// of a scenario, not of loading the catalogue.
func BenchmarkParse(b *testing.B) {
	c := cat(b)
	for _, name := range []string{writtenOut, fromCatalog} {
		data := []byte(docsExample(b, name))
		b.Run(strings.Fields(name)[0], func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Compile("example.yaml", data, Options{Catalog: c}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestByteOrderMark: a UTF-8 byte order mark, which Windows editors
// write, is skipped, and positions on the first line do not count it.
func TestByteOrderMark(t *testing.T) {
	if _, err := Parse("bom.yaml", []byte("\ufeff"+minimal)); err != nil {
		t.Errorf("a minimal scenario after a byte order mark: %v", err)
	}
	_, err := Parse("bom.yaml", []byte("\ufeffversion: 2\n"))
	if err == nil || !strings.Contains(err.Error(), "bom.yaml:1:10: ") {
		t.Errorf("version 2 after a byte order mark: %v; want an error at 1:10", err)
	}
}
