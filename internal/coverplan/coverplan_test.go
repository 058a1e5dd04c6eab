package coverplan

import (
	"math"
	"strings"
	"testing"
)

func TestTargets(t *testing.T) {
	base := Request{AltRef: "agl", Res: "250m", Extent: "0m", Aspects: "nose", Speed: "250m/s", SeaState: -1, Pd: 0.9}
	for _, c := range []struct {
		name   string
		edit   func(*Request)
		labels string // space-separated, in order
		err    string // a part of the error, "" for none
	}{
		{"one altitude", func(r *Request) { r.Alts, r.RCSs = "30m", "0.1m2" }, "30m", ""},
		{"km labels", func(r *Request) { r.Alts, r.RCSs = "300m,3km,1.5km", "0.1m2" }, "300m 3km 1.5km", ""},
		{"several rcs", func(r *Request) { r.Alts, r.RCSs = "30m", "0.1m2,-10dBsm,1m2" }, "30m_0.1m2 30m_0.1m2 30m_1m2", "given twice"},
		{"bands and aspects", func(r *Request) { r.Alts, r.RCSs, r.Bands, r.Aspects = "10km", "1m2", "VHF,X", "nose,beam" },
			"10km_VHF_nose 10km_VHF_beam 10km_X_nose 10km_X_beam", ""},
		{"threat class rcs", func(r *Request) { r.Alts, r.Threat = "10km", "fighter-low-observable" }, "10km", ""},
		{"not a threat", func(r *Request) { r.Alts, r.Threat = "10km", "s400" }, "", `--threat "s400": not a threat class`},
		{"every problem at once", func(r *Request) { r.Alts, r.RCSs, r.Pd, r.AltRef = "30 furlongs", "0m2", 1, "ground" },
			"", "--alt: |--rcs 0 m²: want > 0|--pd 1: want a probability|--alt-ref \"ground\": want agl or msl"},
		{"no altitude", func(r *Request) { r.RCSs = "1m2" }, "", "--alt is required"},
		{"bad aspect", func(r *Request) { r.Alts, r.RCSs, r.Aspects = "30m", "1m2", "nose,190" }, "", `--aspect: "190": want nose, beam, tail or degrees from 0 to 180`},
	} {
		r := base
		c.edit(&r)
		targets, labels, _, err := Targets(r)
		if c.err != "" {
			for _, part := range strings.Split(c.err, "|") {
				if err == nil || !strings.Contains(err.Error(), part) {
					t.Errorf("%s: error %v, want %q", c.name, err, part)
				}
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := strings.Join(labels, " "); got != c.labels || len(targets) != len(labels) {
			t.Errorf("%s: labels %q (%d targets), want %q", c.name, got, len(targets), c.labels)
		}
	}
}

func TestParseAspect(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"nose", 0, true}, {"BEAM", math.Pi / 2, true}, {"tail", math.Pi, true},
		{"45", math.Pi / 4, true}, {"135deg", 3 * math.Pi / 4, true}, {"90°", math.Pi / 2, true},
		{"-1", 0, false}, {"181", 0, false}, {"side", 0, false},
	} {
		got, err := parseAspect(c.in)
		if (err == nil) != c.ok || c.ok && math.Abs(got-c.want) > 1e-15 {
			t.Errorf("parseAspect(%q) = %g, %v; want %g, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

// FuzzTargets: any flags give targets, one label each and no label twice,
// or an error whose every line names the flag it is about.
func FuzzTargets(f *testing.F) {
	f.Add("30m,300m,3km", "0.1m2,-10dBsm", "VHF,X", "nose,beam,135", "250m/s", "250m", "agl", 0.9)
	f.Add("10km", "1m2", "", "tail", "Mach 0.8", "1km", "msl", 0.5)
	f.Add(",", "0m2", "Q", "181", "", "-1m", "", 1.0)
	f.Fuzz(func(t *testing.T, alts, rcss, bands, aspects, speed, res, altRef string, pd float64) {
		r := Request{Alts: alts, RCSs: rcss, Bands: bands, Aspects: aspects, Speed: speed, Res: res,
			AltRef: altRef, Extent: "0m", SeaState: -1, Pd: pd}
		targets, labels, _, err := Targets(r)
		if err != nil {
			for line := range strings.SplitSeq(err.Error(), "\n") {
				if !strings.HasPrefix(line, "--") {
					t.Fatalf("error line %q names no flag", line)
				}
			}
			return
		}
		if len(targets) != len(labels) || len(targets) == 0 {
			t.Fatalf("%d targets, %d labels", len(targets), len(labels))
		}
		seen := map[string]bool{}
		for i, l := range labels {
			if seen[l] || l == "" || strings.ContainsAny(l, `/\`) {
				t.Fatalf("label %q: empty, repeated or not a file name part", l)
			}
			seen[l] = true
			if tg := targets[i]; !(tg.RCS > 0) || !(tg.Pd > 0 && tg.Pd < 1) {
				t.Fatalf("target %+v accepted", tg)
			}
		}
	})
}
