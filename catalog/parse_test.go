package catalog

import (
	"math"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/radar"
)

// mastFile is a minimal valid family file; line 8 holds the figure.
const mastFile = `family: t
title: T
entries:
  - name: m1
    kind: mast
    title: M
    figures:
      antenna_height: {nominal: 25, unit: m, source: "https://example.org", v: V}
`

func TestParseValid(t *testing.T) {
	pf, err := parseFamily("data/t.yaml", []byte(mastFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(pf.entries) != 1 || pf.entries[0].entry.Family != "t" {
		t.Fatalf("parsed %+v", pf)
	}
	f, ok := pf.entries[0].entry.Figure("antenna_height")
	if !ok || f.Nominal != 25 || f.HasRange || f.Min != 25 || f.Max != 25 {
		t.Errorf("figure %+v", f)
	}
}

// A bad edit must fail with the file, line and column of the problem.
func TestParseErrors(t *testing.T) {
	fig := func(s string) string {
		return strings.Replace(mastFile, `{nominal: 25, unit: m, source: "https://example.org", v: V}`, s, 1)
	}
	tests := []struct {
		name, doc, want string
	}{
		{"min above nominal", fig(`{nominal: 25, min: 30, unit: m, source: "s", v: V}`),
			"data/t.yaml:8:7: figure antenna_height: want min <= nominal <= max, have 30 <= 25 <= 25"},
		{"max below nominal", fig(`{nominal: 25, max: 20, unit: m, source: "s", v: V}`),
			"data/t.yaml:8:7: figure antenna_height: want min <= nominal <= max"},
		{"missing unit", fig(`{nominal: 25, source: "s", v: V}`),
			"data/t.yaml:8:7: figure antenna_height: missing unit"},
		{"missing source", fig(`{nominal: 25, unit: m, v: V}`),
			"data/t.yaml:8:7: figure antenna_height: missing source"},
		{"missing v", fig(`{nominal: 25, unit: m, source: "s"}`),
			"data/t.yaml:8:7: figure antenna_height: missing v"},
		{"bad v", fig(`{nominal: 25, unit: m, source: "s", v: X}`),
			`data/t.yaml:8:7: figure antenna_height: v "X" is not one of V, Q, S, U`},
		{"U without reasoning", fig(`{nominal: 25, unit: m, source: "s", v: U}`),
			`must begin "assumption:"`},
		{"assumption marked V", fig(`{nominal: 25, unit: m, source: "assumption: guess", v: V}`),
			"data/t.yaml:8:7: figure antenna_height: v is V but the source is an assumption"},
		{"unknown figure field", fig(`{nominal: 25, unit: m, source: "s", v: V, nominl: 3}`),
			`data/t.yaml:8:65: figure antenna_height: unknown key "nominl"`},
		{"unknown unit", fig(`{nominal: 25, unit: furlong, source: "s", v: V}`),
			`data/t.yaml:8:7: figure antenna_height: unknown unit "furlong"`},
		{"unit of the wrong kind", fig(`{nominal: 25, unit: s, source: "s", v: V}`),
			`data/t.yaml:8:7: figure antenna_height: unit "s" measures time, the key needs length`},
		{"text for a number", fig(`{text: tall, source: "s", v: V}`),
			"data/t.yaml:8:7: figure antenna_height: a numeric figure has a nominal value and no text"},
		{"string for a number", fig(`{nominal: "25", unit: m, source: "s", v: V}`),
			"data/t.yaml:8:33: figure antenna_height nominal: expected a number, found a string"},
		{"infinite", fig(`{nominal: .inf, unit: m, source: "s", v: V}`),
			"figure antenna_height nominal: expected a number, found a non-finite number"},
		{"not a mapping", fig(`25`),
			"data/t.yaml:8:23: figure antenna_height: expected a mapping, found a number"},
		{"misspelt figure key", strings.Replace(mastFile, "antenna_height", "antena_height", 1),
			"data/t.yaml:8:7: figure antena_height: unknown figure key"},
		{"figure of another kind", strings.Replace(mastFile, "antenna_height: {nominal: 25, unit: m,", "antenna_height: {nominal: 25, unit: m, source: \"s\", v: V}\n      rcs: {nominal: 1, unit: m2,", 1),
			"data/t.yaml:9:7: mast m1: figure rcs does not belong to a mast"},
		{"missing required figure", strings.Replace(mastFile, "antenna_height", "\n      ref_range", 1),
			"data/t.yaml:7:5: mast m1: missing figure antenna_height"},
		{"duplicate key", strings.Replace(mastFile, "title: M", "title: M\n    title: N", 1),
			`data/t.yaml:7:5: mapping key "title" already defined at [6:5]`},
		{"unknown kind", strings.Replace(mastFile, "kind: mast", "kind: tower", 1),
			`data/t.yaml:4:5: entry m1: kind "tower" is not one of`},
		{"unknown entry field", strings.Replace(mastFile, "title: M", "title: M\n    colour: green", 1),
			`data/t.yaml:7:5: entry: unknown key "colour"`},
		{"unknown top-level key", mastFile + "version: 2\n",
			`data/t.yaml:9:1: family file: unknown key "version"`},
		{"family does not match file", strings.Replace(mastFile, "family: t", "family: u", 1),
			`data/t.yaml:1:1: family "u" does not match its file name`},
		{"bad name", strings.Replace(mastFile, "name: m1", "name: m 1", 1),
			`data/t.yaml:4:5: entry name "m 1"`},
		{"parts on a mast", strings.Replace(mastFile, "title: M", "title: M\n    parts: [{name: x, role: y, count: 1, source: s, v: V}]", 1),
			"data/t.yaml:4:5: mast m1: only systems and sets have parts"},
		{"part without source", strings.Replace(mastFile, "title: M", "title: M\n    parts: [{name: x, role: y, count: 1, v: V}]", 1),
			"data/t.yaml:7:14: part x: missing source"},
		{"anchor", strings.Replace(mastFile, "title: M", "title: &a M", 1),
			"entry title: expected a string, found an anchor or alias"},
		{"syntax error", strings.Replace(mastFile, "    kind: mast", "   kind: mast", 1),
			"data/t.yaml:5:"},
		{"empty file", "", "data/t.yaml:1:1: expected one YAML document"},
		{"two documents", mastFile + "---\n" + mastFile, "data/t.yaml:1:1: expected one YAML document"},
		{"missing entries", "family: t\ntitle: T\n", `data/t.yaml:1:1: family file: missing key "entries"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseFamily("data/t.yaml", []byte(tt.doc))
			if err == nil {
				t.Fatalf("no error; want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n%v\nwant it to contain\n%s", err, tt.want)
			}
		})
	}
}

// Ranges and kinds carry their own rules: probabilities in [0, 1], whole
// counts, ordered pairs of figures.
func TestParseRules(t *testing.T) {
	radar := func(key, value string) string {
		figs := map[string]string{
			"role": `{text: surveillance, source: s, v: V}`, "band": `{text: S, source: s, v: V}`,
			"ref_range": `{nominal: 100, unit: km, source: s, v: V}`, "ref_rcs": `{nominal: 1, unit: m2, source: s, v: V}`,
			"ref_pd": `{nominal: 0.5, unit: "", source: s, v: V}`, "pfa": `{nominal: 1.0e-6, unit: "", source: s, v: V}`,
			"min_range": `{nominal: 1, unit: km, source: s, v: V}`, "max_range": `{nominal: 100, unit: km, source: s, v: V}`,
			"min_elevation": `{nominal: -1, unit: deg, source: s, v: V}`, "max_elevation": `{nominal: 80, unit: deg, source: s, v: V}`,
			"scan_period": `{nominal: 10, unit: s, source: s, v: V}`, "noise_range": `{nominal: 10, unit: m, source: s, v: V}`,
			"noise_azimuth": `{nominal: 0.1, unit: deg, source: s, v: V}`, "noise_elevation": `{nominal: 0.1, unit: deg, source: s, v: V}`,
			"fire_channels": `{nominal: 0, unit: "", source: s, v: V}`, "missiles_guided": `{nominal: 0, unit: "", source: s, v: V}`,
			"tracks": `{nominal: 100, unit: "", source: s, v: V}`,
		}
		if key != "" {
			figs[key] = value
		}
		var b strings.Builder
		b.WriteString("family: t\ntitle: T\nentries:\n  - name: r\n    kind: radar\n    title: R\n    figures:\n")
		for _, k := range []string{"role", "ref_range", "ref_rcs", "ref_pd", "pfa", "min_range", "max_range",
			"min_elevation", "max_elevation", "scan_period", "noise_range", "noise_azimuth", "noise_elevation",
			"fire_channels", "missiles_guided", "tracks", "band"} {
			b.WriteString("      " + k + ": " + figs[k] + "\n")
		}
		return b.String()
	}
	if _, err := parseFamily("data/t.yaml", []byte(radar("", ""))); err != nil {
		t.Fatalf("valid radar: %v", err)
	}
	tests := []struct{ key, value, want string }{
		{"ref_pd", `{nominal: 0.5, max: 1.2, unit: "", source: s, v: V}`, "figure ref_pd: a probability lies in [0, 1]"},
		{"tracks", `{nominal: 10.5, unit: "", source: s, v: V}`, "figure tracks: a count is a whole number >= 0"},
		{"fire_channels", `{nominal: -1, unit: "", source: s, v: V}`, "a count is a whole number >= 0"},
		{"min_range", `{nominal: 200, unit: km, source: s, v: V}`, "data/t.yaml:14:7: radar r: want min_range < max_range, have 200 km and 100 km"},
		{"max_elevation", `{nominal: -5, unit: deg, source: s, v: V}`, "want min_elevation < max_elevation"},
		{"role", `{text: jammer, source: s, v: V}`, `data/t.yaml:8:7: radar r: role "jammer" is not surveillance or fire-control`},
		{"scan_period", `{nominal: 0, unit: s, source: s, v: V}`, "scan_period must be > 0"},
		{"band", `{text: S, unit: GHz, source: s, v: V}`, "a text figure has text and no nominal"},
	}
	for _, tt := range tests {
		_, err := parseFamily("data/t.yaml", []byte(radar(tt.key, tt.value)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s = %s: error %v, want %q", tt.key, tt.value, err, tt.want)
		}
	}
}

// Problems that span files are found when the catalogue is built.
func TestBuildErrors(t *testing.T) {
	parse := func(name, doc string) parsedFamily {
		t.Helper()
		pf, err := parseFamily(name, []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		return pf
	}
	a := parse("data/a.yaml", strings.Replace(mastFile, "family: t", "family: a", 1))
	b := parse("data/b.yaml", strings.Replace(mastFile, "family: t", "family: b", 1))
	if _, err := build([]parsedFamily{a, b}); err == nil || !strings.Contains(err.Error(), `data/b.yaml:4:5: name "m1" already used by entry m1 (a)`) {
		t.Errorf("duplicate across files: %v", err)
	}
	launcher := `family: l
title: L
entries:
  - name: tel
    kind: launcher
    title: TEL
    figures:
      capacity_X1: {nominal: 4, unit: "", source: s, v: V}
      reload_time: {nominal: 10, unit: min, source: s, v: V}
  - name: sys
    kind: set
    title: Set
    parts: [{name: radarX, role: radar, count: 1, source: s, v: V}]
    figures:
      role: {text: set, source: s, v: V}
`
	_, err := build([]parsedFamily{parse("data/l.yaml", launcher)})
	for _, want := range []string{
		`data/l.yaml:8:7: figure capacity_X1: "X1" is not a missile in the catalogue`,
		`data/l.yaml:13:14: part "radarX" is not a catalogue entry`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
}

// FuzzParseFamily feeds arbitrary bytes to the family-file parser: it must
// return an error or a family, never panic.
func FuzzParseFamily(f *testing.F) {
	// Seed with each embedded entry as a family file of its own: small
	// seeds keep the fuzzer's minimisation of new inputs quick.
	for _, name := range familyFiles() {
		data, err := dataFS.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		parts := strings.Split(string(data), "\n  - name: ")
		for _, entry := range parts[1:] {
			f.Add([]byte(parts[0] + "\n  - name: " + entry))
		}
	}
	f.Add([]byte(mastFile))
	f.Add([]byte("family: t\ntitle: T\nentries: [{name: a, kind: threat, title: A, figures: {rcs: {nominal: 1}}}]\n"))
	f.Add([]byte("- [\n"))
	f.Add([]byte("a: &x {b: *x}\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := parseFamily("data/t.yaml", data)
		if err == nil {
			for _, e := range pf.entries {
				for _, fig := range e.entry.Figures {
					if !fig.IsText() && !(fig.Min <= fig.Nominal && fig.Nominal <= fig.Max) {
						t.Fatalf("accepted %s.%s with min %g nominal %g max %g", e.entry.Name, fig.Key, fig.Min, fig.Nominal, fig.Max)
					}
				}
			}
		}
	})
}

// A threat's evasion is launch or none; the catalogue's aircraft evade on a
// launch warning, its missiles and drones do not.
func TestThreatEvasion(t *testing.T) {
	doc := func(evasion string) string { return threatDoc("evasion", evasion) }
	for _, ok := range []string{"launch", "none"} {
		if _, err := parseFamily("data/t.yaml", []byte(doc(ok))); err != nil {
			t.Errorf("evasion %s: %v", ok, err)
		}
	}
	if _, err := parseFamily("data/t.yaml", []byte(doc("lock"))); err == nil ||
		!strings.Contains(err.Error(), `data/t.yaml:15:7: threat x: evasion "lock" is not launch or none`) {
		t.Errorf("evasion lock: %v", err)
	}
	c := load(t)
	for _, e := range c.List() {
		if e.Kind != KindThreat {
			continue
		}
		f, has := e.Figure("evasion")
		aircraft := strings.Contains(e.Name, "fighter") || strings.Contains(e.Name, "aircraft") || strings.Contains(e.Name, "jammer")
		if got := has && f.Text == EvadeOnLaunch; got != aircraft {
			t.Errorf("%s: evades on launch %v, want %v (aircraft evade, missiles and drones not)", e.Name, got, aircraft)
		}
	}
}

// threatDoc is a family file of one threat x with every required figure
// and the text figure key: text (line 15).
func threatDoc(key, text string) string {
	return "family: t\ntitle: T\nentries:\n  - name: x\n    kind: threat\n    title: X\n    figures:\n" +
		"      rcs: {nominal: 1, unit: m2, source: s, v: V}\n" +
		"      speed: {nominal: 200, unit: m/s, source: s, v: V}\n" +
		"      min_altitude: {nominal: 0, unit: m, source: s, v: V}\n" +
		"      max_altitude: {nominal: 10, unit: km, source: s, v: V}\n" +
		"      altitude: {nominal: 5, unit: km, source: s, v: V}\n" +
		"      max_lateral_accel: {nominal: 5, unit: g, source: s, v: V}\n" +
		"      range: {nominal: 500, unit: km, source: s, v: V}\n" +
		"      " + key + ": {text: " + text + ", source: s, v: V}\n"
}

// A threat's role is decoy or nothing; the catalogue's air-launched-decoy
// is the one decoy, with a table that shows a fighter's echo in the
// augmented bands and the bare airframe below them.
func TestThreatRole(t *testing.T) {
	if _, err := parseFamily("data/t.yaml", []byte(threatDoc("role", "decoy"))); err != nil {
		t.Errorf("role decoy: %v", err)
	}
	if _, err := parseFamily("data/t.yaml", []byte(threatDoc("role", "jammer"))); err == nil ||
		!strings.Contains(err.Error(), `data/t.yaml:15:7: threat x: role "jammer" is not decoy`) {
		t.Errorf("role jammer: %v", err)
	}
	c := load(t)
	for _, e := range c.List() {
		if e.Kind != KindThreat {
			continue
		}
		f, has := e.Figure("role")
		if got, want := has && f.Text == ThreatRoleDecoy, e.Name == "air-launched-decoy"; got != want {
			t.Errorf("%s: decoy %v, want %v", e.Name, got, want)
		}
	}
	e, ok := c.Lookup("air-launched-decoy")
	if !ok || e.RCSTable == nil {
		t.Fatal("air-launched-decoy has no rcs_table")
	}
	tab, err := e.RCSTable.Radar(2)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []struct {
		band string
		want float64 // m², of a 2 m² decoy, nose-on
	}{{"X", 2}, {"S", 2}, {"L", 2 * 0.0501187}, {"VHF", 2 * 0.1584893}} {
		bb, _ := radar.ParseBand(b.band)
		if got := tab.At(bb, 0, 0); math.Abs(got-b.want) > 1e-6 {
			t.Errorf("%s band: %g m², want %g", b.band, got, b.want)
		}
	}
}
