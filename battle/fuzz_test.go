package battle

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/iadsim/iadsim/scenario"
)

// FuzzValidateRun: a scenario that validates runs, and its events can be
// written (issue 19, item 4: rcs 1e308 m2 validated and then made +Inf
// in the events; waypoints at lon 180 and -180 validated and then failed
// to fly). The run is cut to a few seconds and a few entities, so that
// the fuzzer tries many files: what fails to run fails from the start.
// Still, each input is a run of milliseconds to seconds, nowhere near the
// parsers' 10^5 inputs a minute; fuzz it with -parallel 1
// -fuzzminimizetime 10x, or minimizing an input takes minutes.
func FuzzValidateRun(f *testing.F) {
	// The interceptor models are derived once for every file with the
	// same missile figures, and only the examples' missiles are flown:
	// a derivation takes seconds, which would leave the fuzzer stuck on
	// each changed figure (the weapon package fuzzes those).
	known := map[scenario.Missile]bool{}
	paths, _ := filepath.Glob("../examples/*.yaml")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		if s, err := scenario.Parse(p, b); err == nil {
			for _, u := range s.Units {
				for _, m := range u.Missiles {
					known[m] = true
				}
			}
		}
	}
	cache, _ := Prepare(&scenario.Scenario{})
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenario.Parse("fuzz.yaml", data)
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
		sh := &Shared{Terrain: terrain, missiles: cache.missiles, reaches: cache.reaches}
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
