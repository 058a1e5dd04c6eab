package battle

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/scenario"
)

// FuzzValidateRun: a scenario that validates runs, and its events can be
// written (issue 19, item 4: rcs 1e308 m2 validated and then made +Inf
// in the events; waypoints at lon 180 and -180 validated and then failed
// to fly). The run is cut to a few seconds and a few entities, so that
// the fuzzer tries many files: what fails to run fails from the start.
// What made it slow, and is done once here rather than for every input:
// loading the embedded catalogue (most of a parse: 250 ms of a
// probe's 254 ms on a loaded machine, 3.4 ms left), and deriving the
// examples' interceptor models (seconds each; the first seed took 16 s,
// which the fuzzer took for a hang).
func FuzzValidateRun(f *testing.F) {
	cat, err := catalog.Load()
	if err != nil {
		f.Fatal(err)
	}
	opt := scenario.Options{Catalog: cat}
	// The interceptor models are derived once for every file with the
	// same missile figures, and only the examples' missiles are flown:
	// a changed figure would leave the fuzzer deriving for seconds (the
	// weapon package fuzzes those).
	known := map[scenario.Missile]bool{}
	cache, _ := Prepare(&scenario.Scenario{})
	paths, _ := filepath.Glob("../examples/*.yaml")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		s, err := scenario.ParseWith(p, b, opt)
		if err != nil {
			continue
		}
		for _, u := range s.Units {
			for _, m := range u.Missiles {
				known[m] = true
			}
		}
		// Fly the seed's missiles now, outside any input's time.
		if s.Terrain == nil || len(s.Terrain.DEM) == 0 {
			s.Duration = min(s.Duration, 20*s.Step, 5)
			Run(s, Options{NoSamples: true, Shared: &Shared{derived: cache.derived}})
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenario.ParseWith("fuzz.yaml", data, opt)
		if err != nil || len(s.Threats) > 20 || len(s.Units) > 4 || s.Terrain != nil && len(s.Terrain.DEM) > 0 {
			return
		}
		for _, u := range s.Units {
			for _, m := range u.Missiles {
				if !known[m] {
					return
				}
			}
		}
		s.Duration = min(s.Duration, 20*s.Step, 5)
		terrain, err := PrepareTerrain(s)
		if err != nil {
			t.Fatalf("validated, then its terrain failed to load: %v", err)
		}
		sh := &Shared{Terrain: terrain, derived: cache.derived}
		res, err := Run(s, Options{NoSamples: true, Shared: sh})
		if err != nil {
			t.Fatalf("validated, then failed to run: %v", err)
		}
		for i, e := range res.Events {
			if _, err := json.Marshal(&e); err != nil {
				t.Fatalf("event %d (%s) cannot be written: %v", i, e.Type, err)
			}
		}
	})
}
