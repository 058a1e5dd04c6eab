package battle

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/scenario"
)

// withFigure returns the catalogue with one line of its data replaced.
func withFigure(t *testing.T, file, old, new string) *catalog.Catalog {
	t.Helper()
	data := catalog.Data()
	m := fstest.MapFS{}
	err := fs.WalkDir(data, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(data, path)
		if err != nil {
			return err
		}
		if strings.HasSuffix(path, file) {
			if !bytes.Contains(b, []byte(old)) {
				t.Fatalf("%s does not contain %q", path, old)
			}
			b = bytes.Replace(b, []byte(old), []byte(new), 1)
		}
		m[path] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.LoadFS(m)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func runWith(t *testing.T, c *catalog.Catalog) []event.Event {
	t.Helper()
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	tm, err := scenario.Compile(example, data, scenario.Options{Catalog: c})
	if err != nil {
		t.Fatal(err)
	}
	s, err := tm.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Events
}

// TestCatalogueFigureChangesRun: the example takes the 92N6E from the
// catalogue, so a different figure in the catalogue gives a different run.
func TestCatalogueFigureChangesRun(t *testing.T) {
	base, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	a := runWith(t, base)
	b := runWith(t, withFigure(t, "s400.yaml",
		"ref_range: {nominal: 250, min: 200, max: 400, unit: km",
		"ref_range: {nominal: 150, min: 150, max: 400, unit: km"))
	firstFC := func(ev []event.Event) float64 {
		for _, e := range ev {
			if e.Type == event.Detection && e.Radar == "bn1-92n6e" && e.Threat == "ftr-01" {
				return e.Range
			}
		}
		return 0
	}
	ra, rb := firstFC(a), firstFC(b)
	if ra == 0 || rb == 0 {
		t.Fatalf("no 92N6E detection of ftr-01: %v, %v", ra, rb)
	}
	if !(rb < ra) {
		t.Errorf("a shorter 92N6E reference range (150 km, was 250 km) should shorten its first detection of ftr-01: %.0f m, was %.0f m", rb, ra)
	}
}

const raid40 = `
version: 1
name: 40 threats against one S-400 fire unit
duration: 15 min
seed: 3
sites:
  - {id: base, at: {lat: 43.90, lon: -69.97}, value: 10}
air_defence:
  - id: fu
    system: s400
    at: {lat: 43.90, lon: -69.97}
    missiles: {48N6E3: 16, 9M96E2: 64}
threats:
  - {id: n, type: subsonic-cruise-missile, altitude: 2 km, count: 10, interval: 1 s, target: base, route: [{lat: 44.80, lon: -69.97}, {lat: 44.40, lon: -69.97}]}
  - {id: s, type: subsonic-cruise-missile, altitude: 2 km, count: 10, interval: 1 s, target: base, route: [{lat: 43.00, lon: -69.97}, {lat: 43.40, lon: -69.97}]}
  - {id: e, type: subsonic-cruise-missile, altitude: 2 km, count: 10, interval: 1 s, target: base, route: [{lat: 43.90, lon: -68.80}, {lat: 43.90, lon: -69.30}]}
  - {id: w, type: subsonic-cruise-missile, altitude: 2 km, count: 10, interval: 1 s, target: base, route: [{lat: 43.90, lon: -71.10}, {lat: 43.90, lon: -70.60}]}
`

// TestFireUnitLimits: 40 simultaneous threats against one fire unit never
// see more targets engaged or missiles in flight than the catalogue's fire
// channels and missiles guided for its 92N6E.
func TestFireUnitLimits(t *testing.T) {
	s, err := scenario.Parse("raid40.yaml", []byte(raid40))
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	fc, _ := c.Lookup("92N6E")
	channels, _ := fc.Figure("fire_channels")
	guided, _ := fc.Figure("missiles_guided")
	res, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	engaged, inFlight, maxEngaged, maxInFlight, holds := 0, 0, 0, 0, 0
	for _, e := range res.Events {
		switch e.Type {
		case event.Engagement:
			engaged++
		case event.EngagementOver:
			engaged--
		case event.Launch:
			inFlight++
		case event.Intercept, event.SelfDestruct:
			inFlight--
		case event.HoldFire:
			if strings.Contains(e.Reason, "fire channels") {
				holds++
			}
		}
		maxEngaged, maxInFlight = max(maxEngaged, engaged), max(maxInFlight, inFlight)
		if float64(engaged) > channels.Nominal {
			t.Fatalf("t=%.1f: %d targets engaged, the 92N6E has %v fire channels", e.T, engaged, channels.Nominal)
		}
		if float64(inFlight) > guided.Nominal {
			t.Fatalf("t=%.1f: %d missiles in flight, the 92N6E guides %v", e.T, inFlight, guided.Nominal)
		}
	}
	if float64(maxEngaged) != channels.Nominal {
		t.Errorf("at most %d targets engaged at once; a 40-threat raid should fill all %v channels", maxEngaged, channels.Nominal)
	}
	if holds == 0 {
		t.Error("no hold_fire event says the fire channels were busy")
	}
	t.Logf("max engaged %d of %v channels, max in flight %d of %v, %d channel holds", maxEngaged, channels.Nominal, maxInFlight, guided.Nominal, holds)
}
