package battle

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/scenario"
)

// TestExamplesRecordFaults (issue 12): the bundled battle examples keep
// the properties that random raids are held to (recordFaults): among
// them, no launch without the firing unit's fire-control radar track
// (or a remote track the doctrine allows), no launch at a target known
// destroyed, no track outliving its threat.
func TestExamplesRecordFaults(t *testing.T) {
	battles := eachBattleExample(t, func(t *testing.T, name string, s *scenario.Scenario) {
		res := runRecordChecked(t, s)
		switch name {
		case "grid-regional.yaml":
			checkGrid(t, s, res)
		case "grid-regiments.yaml":
			checkLevels(t, res)
		}
	})
	if battles < 3 {
		t.Errorf("%d battle examples checked, want at least the 3 of examples/", battles)
	}
}

// eachBattleExample calls check, in a subtest, with every bundled
// example that is a battle (threats and units), and returns how many it
// checked: a coverage example, a theatre example whose tiles are not
// fetched, and in -short grid-regional are skipped.
func eachBattleExample(t *testing.T, check func(t *testing.T, name string, s *scenario.Scenario)) int {
	t.Helper()
	paths, err := filepath.Glob("../examples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	battles := 0
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			s, err := scenario.Load(path)
			if err != nil && tilesNotFetched(err) {
				t.Skip("a theatre example whose tiles are not fetched (docs/terrain.md, \"Theatre examples\"); cmd/iadsim's TestTheatreExamples checks it")
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Threats) == 0 || len(s.Units) == 0 {
				t.Skip("no battle: a coverage example")
			}
			if filepath.Base(path) == "grid-regional.yaml" && testing.Short() {
				// Half a minute of CPU. Its record is clean since
				// session 9 (issue 16): a hold is said again under each
				// target its track follows (bm.Unit.Follows), and no
				// track is confirmed flying level faster than any
				// threat (track.Config.MaxLevelSpeed).
				t.Skip("grid-regional: half a minute a run; not in -short")
			}
			battles++
			check(t, filepath.Base(path), s)
		})
	}
	return battles
}

// checkGrid holds examples/grid-regional.yaml to what issue 16 asks of
// a national grid: at least 12 battalions of both systems in one IADS,
// several hundred threats of every class of the catalogue, and a fight
// in which the command post's assignment decides and more than one
// battalion fires.
func checkGrid(t *testing.T, s *scenario.Scenario, res *Result) {
	t.Helper()
	systems := map[string]int{}
	for _, u := range s.Units {
		systems[u.System]++
	}
	if len(s.Units) < 12 || systems["s400"] == 0 || systems["s300pmu2"] == 0 {
		t.Errorf("%d units, systems %v: want at least 12, S-400 and S-300PMU-2", len(s.Units), systems)
	}
	if s.IADS == nil || len(s.IADS.Units) != len(s.Units) {
		t.Errorf("IADS %+v: want every battalion in it", s.IADS)
	}
	if len(s.Threats) < 300 {
		t.Errorf("%d threats, want several hundred", len(s.Threats))
	}
	types := map[string]bool{}
	for _, th := range s.Threats {
		types[th.Type] = true
	}
	for _, want := range []string{"subsonic-cruise-missile", "supersonic-cruise-missile", "shahed-136-class", "small-multirotor",
		"short-range-ballistic-missile", "fighter-4th-gen", "fighter-low-observable", "large-aircraft",
		"anti-radiation-missile", "stand-off-jammer", "air-launched-decoy"} {
		if !types[want] {
			t.Errorf("no threat of type %s", want)
		}
	}
	shooters := map[string]bool{}
	assigned := 0
	for _, e := range res.Events {
		if e.Type == event.Launch {
			shooters[e.Unit] = true
		}
		if e.Type == event.Engagement && strings.Contains(e.Reason, "assigned to this unit by the IADS") {
			assigned++
		}
	}
	if len(shooters) < 2 || assigned == 0 {
		t.Errorf("%d battalions fired, %d engagements assigned by the IADS: want several and some", len(shooters), assigned)
	}
}

// checkLevels holds examples/grid-regiments.yaml to what it shows: every
// engagement and hold_fire names its level, regiments and the brigade
// allocate to their battalions, the national post allocates to
// commands, and some battalions wait for their orders.
func checkLevels(t *testing.T, res *Result) {
	t.Helper()
	seen := map[string]int{}
	for _, e := range res.Events {
		if e.Type != event.Engagement && e.Type != event.HoldFire {
			continue
		}
		if e.Level == "" {
			t.Fatalf("%s at %.0f s of %s names no level", e.Type, e.T, e.Unit)
		}
		switch {
		case e.Type == event.Engagement && e.Level == "regiment" && strings.Contains(e.Reason, "given to tehran-rgt by adoc (national)"):
			seen["national to a regiment"]++
		case e.Type == event.Engagement && e.Level == "brigade" && e.Command == "gulf-bde":
			seen["brigade"]++
		case e.Type == event.HoldFire && strings.HasPrefix(e.Reason, "outside the sector of responsibility of"):
			seen["outside"]++
		case e.Type == event.HoldFire && strings.HasPrefix(e.Reason, "awaiting the orders of"):
			seen["awaiting"]++
		case e.Type == event.HoldFire && e.Level == "national" && strings.HasPrefix(e.Reason, "allocated by adoc (national) to"):
			seen["national hold"]++
		}
	}
	// A battalion told to hold by the national post's allocation to
	// another command ("national hold") is no longer in this record:
	// since a battalion under levels decides on its post's picture
	// (iads/levels.go), teh-n engages the Caspian missiles the national
	// post gives tehran-rgt 7 to 13 s sooner, and the central regiment's
	// battalions hold at them as already engaged. Its reason, relayed
	// through a regiment's sector, is held by iads
	// TestGridAllocationByLevel.
	for _, k := range []string{"national to a regiment", "brigade", "outside", "awaiting"} {
		if seen[k] == 0 {
			t.Errorf("no decision of the kind %q: %v", k, seen)
		}
	}
}

// tilesNotFetched reports a load error of a theatre example whose
// terrain, examples/data/tiles/NAME, is fetched by iadsim terrain fetch
// and not bundled, and is absent.
func tilesNotFetched(err error) bool {
	return strings.Contains(err.Error(), "data/tiles/") && strings.Contains(err.Error(), "cannot be read")
}
