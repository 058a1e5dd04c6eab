package battle

import (
	"path/filepath"
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
	paths, err := filepath.Glob("../examples/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	battles := 0
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			s, err := scenario.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Threats) == 0 || len(s.Units) == 0 {
				t.Skip("no battle: a coverage example")
			}
			battles++
			res, err := Run(s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			launches := 0
			for _, e := range res.Events {
				if e.Type == event.Launch {
					launches++
				}
			}
			if launches == 0 {
				t.Errorf("no launch: the property holds vacuously")
			}
			for _, f := range recordFaults(s, res) {
				t.Error(f)
			}
		})
	}
	if battles < 3 {
		t.Errorf("%d battle examples checked, want at least the 3 of examples/", battles)
	}
}
