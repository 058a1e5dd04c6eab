package catalog

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func load(t testing.TB) *Catalog {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func TestLoadEveryEntry(t *testing.T) {
	c := load(t)
	want := map[string][]string{
		KindSystem:      {"s400", "s300pmu2"},
		KindSet:         {"30K6E", "98Zh6E", "83M6E2"},
		KindCommandPost: {"55K6E", "54K6E2"},
		KindRadar:       {"91N6E", "92N6E", "96L6E", "64N6E2", "30N6E2", "55Zh6M", "59N6", "55Zh6M-RLM-D", "55Zh6M-RLM-S", "1RS1-1E", "1RS2-1E"},
		KindMast:        {"40V6M"},
		KindLauncher:    {"5P85TE2", "5P85SE2", "96K6"},
		KindMissile:     {"40N6E", "48N6E3", "48N6DM", "48N6E2", "9M96E2", "9M96E", "57E6E"},
		KindThreat: {"subsonic-cruise-missile", "supersonic-cruise-missile", "shahed-136-class",
			"small-multirotor", "short-range-ballistic-missile", "fighter-4th-gen",
			"fighter-low-observable", "large-aircraft", "anti-radiation-missile", "stand-off-jammer",
			"air-launched-decoy"},
	}
	total := 0
	for kind, names := range want {
		total += len(names)
		for _, n := range names {
			e, ok := c.Lookup(n)
			if !ok {
				t.Errorf("Lookup(%q): missing", n)
				continue
			}
			if e.Kind != kind {
				t.Errorf("%s: kind %q, want %q", n, e.Kind, kind)
			}
			spec, _ := kindSpecOf(kind)
			need := spec.required
			if kind == KindRadar {
				// Every catalogue radar says what it sees over a surface;
				// only prf is truly optional (none: no blind speeds).
				need = append(need[:len(need):len(need)], "frequency", "beamwidth_azimuth", "beamwidth_elevation",
					"sidelobe_db", "range_resolution", "mti_improvement_db", "min_radial_speed", "noise_figure_db")
			}
			if kind == KindThreat {
				// A jammer is all three figures or none.
				_, erp := e.Figure("jammer_erp_dbw")
				_, bw := e.Figure("jammer_bandwidth")
				_, bands := e.Figure("jammer_bands")
				if erp != bw || erp != bands {
					t.Errorf("%s: jammer figures erp %v, bandwidth %v, bands %v; want all or none", n, erp, bw, bands)
				}
			}
			for _, k := range need {
				if _, ok := e.Figure(k); !ok {
					t.Errorf("%s: missing figure %s", n, k)
				}
			}
		}
	}
	if got := len(c.List()); got != total {
		t.Errorf("List has %d entries, want %d", got, total)
	}
}

// Every figure keeps its provenance: a source, a verification key, and the
// assumption rule; every numeric figure a unit and min <= nominal <= max.
// The loader enforces this; the test checks the loaded values again so that
// a change to the loader cannot quietly drop the rule.
func TestEveryFigureHasProvenance(t *testing.T) {
	c := load(t)
	for _, e := range c.List() {
		for _, f := range e.Figures {
			id := e.Name + "." + f.Key
			if strings.TrimSpace(f.Source) == "" {
				t.Errorf("%s: no source", id)
			}
			if !slices.Contains([]string{"V", "Q", "S", "U"}, f.V) {
				t.Errorf("%s: v %q", id, f.V)
			}
			if (f.V == "U") != strings.HasPrefix(f.Source, "assumption:") {
				t.Errorf("%s: v %s with source %q", id, f.V, f.Source)
			}
			if f.IsText() {
				continue
			}
			if _, ok := lookupUnit(f.Unit); !ok {
				t.Errorf("%s: unit %q", id, f.Unit)
			}
			if !(f.Min <= f.Nominal && f.Nominal <= f.Max) {
				t.Errorf("%s: %g <= %g <= %g does not hold", id, f.Min, f.Nominal, f.Max)
			}
			if _, _, _, err := f.SI(); err != nil {
				t.Errorf("%s: %v", id, err)
			}
			for _, cl := range f.Claims {
				if cl.Source == "" || !slices.Contains([]string{"V", "Q", "S", "U"}, cl.V) {
					t.Errorf("%s: claim %+v lacks provenance", id, cl)
				}
			}
		}
		for _, p := range e.Parts {
			if p.Source == "" || p.V == "" || p.Count < 1 || p.Max < p.Count {
				t.Errorf("%s part %s: %+v", e.Name, p.Name, p)
			}
		}
	}
}

// Figures checked against shared/reference/public-figures.yaml (values, keys
// and sources copied from that file; a source is matched by a substring of
// its URL).
func TestPublicFigures(t *testing.T) {
	c := load(t)
	tests := []struct {
		entry, key      string
		nominal         float64
		min, max        float64 // NaN: no range expected
		unit, v, src    string
		claimsInclude   []float64
		noteHasDisagree bool
	}{
		{"40N6E", "max_range", 400, nan, nan, "km", "Q", "missilethreat.csis.org/defsys/s-400-triumf", nil, false},
		{"48N6E2", "max_range", 200, nan, nan, "km", "Q", "globalsecurity.org/military/world/russia/s-300pmu2.htm", nil, false},
		{"48N6DM", "max_range", 250, nan, nan, "km", "Q", "missilethreat.csis.org", nil, false},
		{"48N6DM", "warhead_mass", 143, nan, nan, "kg", "Q", "missilethreat.csis.org", nil, false},
		{"48N6E3", "max_range", 250, 240, 250, "km", "U", "assumption:", nil, false},
		{"48N6E2", "burnout_speed", 1900, nan, nan, "m/s", "S", "nuke.fas.org/guide/russia/airdef/s-300pmu.htm", nil, false},
		{"48N6E2", "boost_time", 12, nan, nan, "s", "S", "nuke.fas.org", nil, false},
		{"48N6E2", "warhead_mass", 180, nan, nan, "kg", "S", "rusarmy.com", nil, false},
		{"48N6E2", "pk", 0.8, 0.5, 0.93, "", "Q", "globalsecurity.org", []float64{0.98}, false},
		{"9M96E2", "max_range", 120, 100, 120, "km", "Q", "army-technology.com/projects/s-400-triumph-air-defence-missile-system", []float64{100}, true},
		{"9M96E", "max_range", 40, nan, nan, "km", "V", "thehindubusinessline.com", nil, false},
		{"91N6E", "ref_range", 600, nan, nan, "km", "V", "sarabic.ae", nil, false},
		{"91N6E", "tracks", 300, nan, nan, "", "Q", "army-technology.com", nil, false},
		{"96L6E", "ref_range", 300, nan, nan, "km", "Q", "globalsecurity.org", nil, false},
		{"96L6E", "tracks", 100, nan, nan, "", "V", "actualidad.rt.com", nil, false},
		{"40V6M", "antenna_height", 25, 25, 39, "m", "S", "ausairpower.net/APA-40V6M-Mast-System.html", nil, false},
		{"5P85TE2", "capacity_48N6E3", 4, nan, nan, "", "Q", "army-technology.com", nil, false},
		{"5P85TE2", "capacity_9M96E2", 16, nan, nan, "", "Q", "army-technology.com", nil, false},
		{"s400", "max_range", 400, 250, 400, "km", "V", "airforce-technology.com/news/news118847-html", []float64{400, 250}, false},
		{"s400", "detection_range", 600, nan, nan, "km", "V", "sarabic.ae", []float64{600}, false},
		{"s400", "ballistic_target_range", 60, nan, nan, "km", "V", "french.peopledaily.com.cn/International/8469063.html", nil, false},
		{"s400", "min_altitude", 5, nan, nan, "m", "V", "sarabic.ae", nil, false},
		{"s400", "max_altitude", 30, 30, 185, "km", "V", "konflikty.pl", []float64{40, 56, 185}, true},
		{"s400", "targets_engaged", 36, 36, 40, "", "V", "french.peopledaily.com.cn", []float64{36, 40, 80}, true},
		{"s400", "missiles_guided", 72, nan, nan, "", "V", "french.peopledaily.com.cn", nil, false},
		{"s400", "reaction_time", 9.5, 9, 10, "s", "U", "assumption:", nil, false},
		{"s400", "readiness_time", 5, nan, nan, "min", "V", "french.peopledaily.com.cn", nil, false},
		{"s400", "max_target_speed", 4800, 2800, 4800, "m/s", "V", "fr.sputniknews.africa/20070726/69757612.html", []float64{2800}, false},
		{"s300pmu2", "max_range", 195, 150, 250, "km", "V", "brahmand.com", []float64{200, 150, 250}, true},
		{"s300pmu2", "min_altitude", 10, nan, nan, "m", "V", "brahmand.com", nil, false},
		{"s300pmu2", "max_altitude", 27, nan, nan, "km", "V", "brahmand.com", nil, false},
		{"s300pmu2", "targets_engaged", 36, nan, nan, "", "Q", "globalsecurity.org", nil, false},
		{"s300pmu2", "missiles_guided", 72, nan, nan, "", "Q", "globalsecurity.org", nil, false},
		{"s300pmu2", "tracks", 100, nan, nan, "", "Q", "globalsecurity.org", nil, false},
		{"s300pmu2", "detection_range", 300, nan, nan, "km", "Q", "globalsecurity.org", nil, false},
		// Skolnik, Introduction to Radar Systems, Table 2.2.
		{"subsonic-cruise-missile", "rcs", 0.5, 0.1, 1, "m2", "V", "scribd.com/document/374957094", nil, false},
		{"fighter-4th-gen", "rcs", 2, 2, 6, "m2", "V", "scribd.com/document/374957094", nil, false},
		{"large-aircraft", "rcs", 40, 20, 100, "m2", "V", "scribd.com/document/374957094", nil, false},
		{"fighter-low-observable", "rcs", 0.003, 0.001, 0.01, "m2", "V", "bhaswanth.in", []float64{1e-6}, true},
		{"small-multirotor", "rcs", 0.05, 0.012, 0.15, "m2", "V", "jstage.jst.go.jp", nil, false},
		{"shahed-136-class", "rcs", 0.1, 0.01, 0.5, "m2", "U", "assumption:", nil, false},
		{"shahed-136-class", "speed", 185, 150, 190, "km/h", "V", "euronews.ro", []float64{180, 150, 170, 190}, false},
		{"shahed-136-class", "range", 2000, 2000, 2500, "km", "V", "euronews.ro", nil, false},
		{"shahed-136-class", "warhead_mass", 50, 40, 60, "kg", "V", "euronews.ro", []float64{40, 60}, true},
		{"subsonic-cruise-missile", "speed", 880, 880, 885, "km/h", "V", "hotnews.ro", []float64{885}, false},
		{"short-range-ballistic-missile", "range", 300, 193, 500, "km", "V", "currentnews-updates.blogspot.com", []float64{193, 500}, false},
		{"short-range-ballistic-missile", "speed", 1696, 1207, 2173, "m/s", "U", "oracles.py", nil, false},
	}
	for _, tt := range tests {
		e, ok := c.Lookup(tt.entry)
		if !ok {
			t.Errorf("%s: missing", tt.entry)
			continue
		}
		f, ok := e.Figure(tt.key)
		if !ok {
			t.Errorf("%s.%s: missing", tt.entry, tt.key)
			continue
		}
		id := tt.entry + "." + tt.key
		if f.Nominal != tt.nominal || f.Unit != tt.unit || f.V != tt.v {
			t.Errorf("%s = %g %q v %s, want %g %q v %s", id, f.Nominal, f.Unit, f.V, tt.nominal, tt.unit, tt.v)
		}
		if math.IsNaN(tt.min) {
			if f.HasRange {
				t.Errorf("%s: unexpected range [%g, %g]", id, f.Min, f.Max)
			}
		} else if !f.HasRange || f.Min != tt.min || f.Max != tt.max {
			t.Errorf("%s: range [%g, %g] (%v), want [%g, %g]", id, f.Min, f.Max, f.HasRange, tt.min, tt.max)
		}
		if !strings.Contains(f.Source, tt.src) {
			t.Errorf("%s: source %q does not contain %q", id, f.Source, tt.src)
		}
		for _, want := range tt.claimsInclude {
			if !slices.ContainsFunc(f.Claims, func(c Claim) bool { return c.Value == want }) {
				t.Errorf("%s: no claim of %g", id, want)
			}
		}
		if tt.noteHasDisagree {
			disagree := strings.Contains(f.Note, "DISAGREE")
			for _, cl := range f.Claims {
				disagree = disagree || strings.Contains(cl.Note, "DISAGREE")
			}
			if !disagree {
				t.Errorf("%s: the disagreement is not said", id)
			}
		}
	}
}

var nan = math.NaN()

// The speed profile the engine flies (see the package documentation) must
// reach each missile's highest quoted max_range within max_flight_time with
// at least 600 m/s left. Closed forms: boost distance (V0+Vb) tb / 2; coast
// distance Vb τ ln(1 + t'/τ) and speed Vb/(1 + t'/τ) at t' after burnout, so
// the coast time to cover distance d is t' = τ (exp(d/(Vb τ)) - 1).
func TestSpeedProfileReachesMaxRange(t *testing.T) {
	c := load(t)
	const minTerminal = 600.0 // m/s
	n := 0
	for _, e := range c.List() {
		if e.Kind != KindMissile {
			continue
		}
		n++
		si := func(key string) float64 {
			f, ok := e.Figure(key)
			if !ok {
				t.Fatalf("%s: missing %s", e.Name, key)
			}
			return f.Value(Nominal, nil)
		}
		f, _ := e.Figure("max_range")
		rmax := f.Value(High, nil)
		v0, vb, tb := si("launch_speed"), si("burnout_speed"), si("boost_time")
		tau, tmax := si("coast_time_constant"), si("max_flight_time")

		boost := (v0 + vb) / 2 * tb
		if boost >= rmax {
			t.Errorf("%s: boost alone covers %.0f m >= max range", e.Name, boost)
			continue
		}
		tc := tau * math.Expm1((rmax-boost)/(vb*tau)) // coast time to max range
		tReach := tb + tc
		vReach := vb / (1 + tc/tau)
		if tReach > tmax {
			t.Errorf("%s: max range %.0f km reached at %.1f s, after max_flight_time %.0f s", e.Name, rmax/1e3, tReach, tmax)
		}
		if vReach < minTerminal {
			t.Errorf("%s: %.0f m/s left at max range %.0f km, want >= %.0f", e.Name, vReach, rmax/1e3, minTerminal)
		}
		// Cross-check the inversion: the distance formula at tReach gives rmax.
		if s := boost + vb*tau*math.Log1p((tReach-tb)/tau); math.Abs(s-rmax) > 1e-6*rmax {
			t.Errorf("%s: s(tReach) = %.1f m, want %.1f", e.Name, s, rmax)
		}
		t.Logf("%-7s max range %3.0f km at %5.1f s, %4.0f m/s left; s(max_flight_time) = %3.0f km",
			e.Name, rmax/1e3, tReach, vReach, (boost+vb*tau*math.Log1p((tmax-tb)/tau))/1e3)
	}
	if n != 7 {
		t.Errorf("checked %d missiles, want 7", n)
	}
}

func TestLookup(t *testing.T) {
	c := load(t)
	for _, tt := range []struct{ query, want string }{
		{"40N6E", "40N6E"}, {"40n6e", "40N6E"}, {" s400 ", "s400"}, {"S-400", "s400"},
		{"sa-21", "s400"}, {"S-300PMU-2", "s300pmu2"}, {"Favorit", "s300pmu2"},
		{"subsonic-cruise-missile", "subsonic-cruise-missile"}, {"Tomahawk-class", "subsonic-cruise-missile"},
		{"98zh6e", "98Zh6E"},
	} {
		e, ok := c.Lookup(tt.query)
		if !ok || e.Name != tt.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.query, e.Name, ok, tt.want)
		}
	}
	if _, ok := c.Lookup("S-500"); ok {
		t.Error(`Lookup("S-500") found something`)
	}
}

func TestListIsStableAndReadOnly(t *testing.T) {
	c := load(t)
	a := c.List()
	names := func(es []Entry) []string {
		var s []string
		for _, e := range es {
			s = append(s, e.Name)
		}
		return s
	}
	// File order: families in listing order, entries in file order.
	if got := names(a)[:3]; !slices.Equal(got, []string{"s400", "30K6E", "98Zh6E"}) {
		t.Errorf("List starts %v", got)
	}
	a[0].Figures[0].Nominal = -1
	a[0].Figures[0].Claims[0].Value = -1
	a[0].Parts[0].Count = -1
	b := c.List()
	if b[0].Figures[0].Nominal == -1 || b[0].Figures[0].Claims[0].Value == -1 || b[0].Parts[0].Count == -1 {
		t.Error("changing a listed entry changed the catalogue")
	}
	if !slices.Equal(names(a), names(b)) {
		t.Error("List order changed between calls")
	}
	c2 := load(t)
	if !slices.Equal(names(b), names(c2.List())) {
		t.Error("List order differs between loads")
	}
	fams := c.Families()
	if len(fams) != 4 || fams[0].Name != "s400" || fams[1].Name != "s300pmu2" || fams[2].Name != "pantsir" || fams[3].Name != "threats" {
		t.Errorf("Families = %+v", fams)
	}
}

func TestComposition(t *testing.T) {
	c := load(t)
	count := func(entry, part string) (int, int) {
		e, _ := c.Lookup(entry)
		for _, p := range e.Parts {
			if p.Name == part {
				return p.Count, p.Max
			}
		}
		return 0, 0
	}
	for _, tt := range []struct {
		entry, part string
		count, max  int
	}{
		{"s400", "5P85TE2", 8, 12},
		{"s400", "92N6E", 1, 1},
		{"s400", "96L6E", 1, 1},
		{"s400", "40V6M", 2, 2}, // the 92N6E's and the 96L6E's
		{"s400", "91N6E", 1, 1},
		{"s400", "48N6E3", 16, 16},
		{"s400", "9M96E2", 64, 64},
		{"30K6E", "55K6E", 1, 1},
		{"30K6E", "91N6E", 1, 1},
		{"30K6E", "98Zh6E", 6, 6},
		{"98Zh6E", "5P85TE2", 12, 12},
		{"83M6E2", "54K6E2", 1, 1},
		{"83M6E2", "64N6E2", 1, 1},
		{"s300pmu2", "30N6E2", 1, 1},
		{"s300pmu2", "5P85SE2", 8, 12},
		{"s300pmu2", "48N6E2", 32, 32},
	} {
		if n, m := count(tt.entry, tt.part); n != tt.count || m != tt.max {
			t.Errorf("%s has %d (up to %d) %s, want %d (up to %d)", tt.entry, n, m, tt.part, tt.count, tt.max)
		}
	}
	// The default load fits the default launchers.
	for _, sys := range []string{"s400", "s300pmu2"} {
		e, _ := c.Lookup(sys)
		var launcher Entry
		slots := 0.0 // launcher-equivalents used by the load
		for _, p := range e.Parts {
			if p.Role == "launcher" {
				launcher, _ = c.Lookup(p.Name)
			}
		}
		launchers := 0
		for _, p := range e.Parts {
			switch p.Role {
			case "launcher":
				launchers = p.Count
			case "load":
				f, ok := launcher.Figure(CapacityPrefix + p.Name)
				if !ok {
					t.Errorf("%s: launcher %s cannot carry %s", sys, launcher.Name, p.Name)
					continue
				}
				slots += float64(p.Count) / f.Nominal
			}
		}
		if slots > float64(launchers) {
			t.Errorf("%s: load needs %.1f launchers, has %d", sys, slots, launchers)
		}
	}
}

func TestRadarRoles(t *testing.T) {
	c := load(t)
	want := map[string]string{"91N6E": "surveillance", "96L6E": "surveillance", "64N6E2": "surveillance",
		"92N6E": "fire-control", "30N6E2": "fire-control"}
	for name, role := range want {
		e, _ := c.Lookup(name)
		f, _ := e.Figure("role")
		if f.Text != role {
			t.Errorf("%s role %q, want %q", name, f.Text, role)
		}
		fc, _ := e.Figure("fire_channels")
		if (role == "surveillance") != (fc.Nominal == 0) {
			t.Errorf("%s: %s radar with %g fire channels", name, role, fc.Nominal)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	c := load(b)
	for b.Loop() {
		if _, ok := c.Lookup("48N6E2"); !ok {
			b.Fatal("missing")
		}
	}
}
