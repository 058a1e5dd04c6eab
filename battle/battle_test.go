package battle

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
)

var update = flag.Bool("update", false, "rewrite the golden digests in testdata")

const example = "../examples/s400-battalion-vs-mixed-raid.yaml"

func loadExample(t testing.TB) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Load(example)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func runExample(t testing.TB) (*scenario.Scenario, *Result) {
	t.Helper()
	s := loadExample(t)
	res, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s, res
}

// TestExampleInvariants checks the example run against what must hold in
// any correct run: causality, envelopes and the radar horizon.
func TestExampleInvariants(t *testing.T) {
	s, res := runExample(t)
	ev := res.Events
	if len(ev) < 100 {
		t.Fatalf("only %d events", len(ev))
	}

	// Events in time order.
	for i := 1; i < len(ev); i++ {
		if ev[i].T < ev[i-1].T {
			t.Fatalf("event %d (%s at %v) before event %d (%s at %v)", i, ev[i].Type, ev[i].T, i-1, ev[i-1].Type, ev[i-1].T)
		}
	}

	launchers := map[string]geo.LLA{}
	missiles := map[string]scenario.Missile{}
	radars := map[string]scenario.Radar{}
	for _, u := range s.Units {
		for _, l := range u.Launchers {
			launchers[l.ID] = l.At
		}
		for _, m := range u.Missiles {
			missiles[m.Name] = m
		}
		for _, r := range u.Radars {
			radars[r.ID] = r
		}
	}
	threats := map[string]scenario.Threat{}
	for _, th := range s.Threats {
		threats[th.ID] = th
	}

	firstDet := map[string]float64{}
	launchOf := map[string]event.Event{} // interceptor -> launch
	var counts = map[string]int{}
	for _, e := range ev {
		counts[e.Type]++
		switch e.Type {
		case event.Detection:
			if e.Threat == "" {
				break // a false alarm: noise, under no horizon
			}
			if _, ok := firstDet[e.Threat]; !ok {
				firstDet[e.Threat] = e.T
				checkHorizon(t, e, radars[e.Radar], threats[e.Threat], s.Surface)
			}
		case event.Launch:
			launchOf[e.Interceptor] = e
			d, ok := firstDet[e.Threat]
			if !ok || d > e.T {
				t.Errorf("%s launched at %s at %.1f s before any detection of it", e.Interceptor, e.Threat, e.T)
			}
		case event.Intercept:
			l, ok := launchOf[e.Interceptor]
			if !ok {
				t.Errorf("intercept by %s, never launched", e.Interceptor)
				continue
			}
			if l.T > e.T {
				t.Errorf("%s fuzed before launch", e.Interceptor)
			}
			if d, ok := firstDet[e.Threat]; !ok || d > e.T {
				t.Errorf("intercept of %s at %.1f s before its detection", e.Threat, e.T)
			}
			m := missiles[e.Missile]
			at := geo.Deg(e.Pos.Lat, e.Pos.Lon, e.Pos.Alt)
			ground, _, _ := geo.Inverse(launchers[l.Launcher], at)
			if ground > m.MaxRange {
				t.Errorf("%s (%s) fuzed %.1f km from %s, beyond its %.0f km", e.Interceptor, e.Missile, ground/1000, l.Launcher, m.MaxRange/1000)
			}
		}
	}
	for _, typ := range []string{event.Detection, event.TrackConfirmed, event.Engagement, event.Launch, event.Intercept, event.Kill} {
		if counts[typ] == 0 {
			t.Errorf("the example has no %s event", typ)
		}
	}
}

// checkHorizon: a low flyer's first detection lies inside the 4/3-earth
// radar horizon of the radar that saw it (shared/reference/checks.md).
// Over a surface heights count from it, and diffraction carries the field
// a little beyond the horizon: first sight may lie beyond it by a few per
// cent, never by 10 % (the field falls there by tens of dB).
func checkHorizon(t *testing.T, e event.Event, r scenario.Radar, th scenario.Threat, sf *scenario.Surface) {
	t.Helper()
	if th.Launch != nil || th.Altitude > 100 {
		return
	}
	antenna, height, reach := r.At.Alt+r.AntennaHeight, th.Altitude, 1.0
	if sf != nil {
		antenna, height, reach = antenna-sf.Height, height-sf.Height, 1.1
	}
	horizon := radar.HorizonRange(antenna, height, 0)
	if e.Range > reach*horizon {
		t.Errorf("%s first seen by %s at %.1f km, beyond the %.1f km horizon for %.0f m and %.0f m",
			e.Threat, e.Radar, e.Range/1000, horizon/1000, antenna, height)
	}
	if e.Range < 0.5*horizon {
		t.Logf("%s first seen at %.1f km, well inside the %.1f km horizon", e.Threat, e.Range/1000, horizon/1000)
	}
}

// TestGoldenEvents compares each example's events.jsonl with the copy
// kept in testdata/golden, line by line, so that a change shows which
// events moved. Two runs with one seed must also agree byte for byte.
// After an intended change: go test ./battle -run TestGoldenEvents -update
// and read the diff of testdata/golden before committing it.
func TestGoldenEvents(t *testing.T) {
	for _, ex := range []struct {
		scenario, golden string
	}{
		{example, "s400-battalion-vs-mixed-raid.events.jsonl"},
		{"../examples/s400-white-mountains-raid.yaml", "s400-white-mountains-raid.events.jsonl"},
	} {
		t.Run(ex.golden, func(t *testing.T) {
			s, err := scenario.Load(ex.scenario)
			if err != nil {
				t.Fatal(err)
			}
			run := func() []byte {
				res, err := Run(s, Options{})
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := writeEvents(&buf, res.Events); err != nil {
					t.Fatal(err)
				}
				return buf.Bytes()
			}
			a, b := run(), run()
			if !bytes.Equal(a, b) {
				t.Fatalf("two runs with one seed differ")
			}
			golden := filepath.Join("testdata", "golden", ex.golden)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, a, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if d := firstDiff(want, a); d != "" {
				t.Errorf("events of %s changed from %s:\n%s\n"+
					"if the change is intended, run: go test ./battle -run TestGoldenEvents -update, and read git diff %s",
					ex.scenario, golden, d, golden)
			}
		})
	}
}

// firstDiff describes the first few lines where got differs from want, or
// returns "" when they are equal.
func firstDiff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	var b strings.Builder
	fmt.Fprintf(&b, "golden %d lines, now %d lines", len(wl)-1, len(gl)-1)
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 5; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "\nline %d:\n  golden: %s\n  now:    %s", i+1, w, g)
			shown++
		}
	}
	return b.String()
}

func TestSeedChangesRun(t *testing.T) {
	s := loadExample(t)
	a, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Seed++
	b, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ba, bb bytes.Buffer
	writeEvents(&ba, a.Events)
	writeEvents(&bb, b.Events)
	if bytes.Equal(ba.Bytes(), bb.Bytes()) {
		t.Fatal("a different seed gave the same events")
	}
}

func TestMul3T(t *testing.T) {
	// A frame's rotation times its own transpose is the identity.
	f := geo.NewFrame(geo.Deg(43.9, -69.9, 30))
	r := f.Rotation()
	p := mul3T(r, r)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(p[3*i+j]-want) > 1e-15 {
				t.Fatalf("R·Rᵀ[%d][%d] = %v", i, j, p[3*i+j])
			}
		}
	}
}

func writeEvents(w io.Writer, events []event.Event) error {
	enc := json.NewEncoder(w)
	for i := range events {
		if err := enc.Encode(&events[i]); err != nil {
			return err
		}
	}
	return nil
}

func BenchmarkExample(b *testing.B) {
	s := loadExample(b)
	for b.Loop() {
		if _, err := Run(s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(s.Duration*float64(b.N)/b.Elapsed().Seconds(), "sim-s/s")
}
