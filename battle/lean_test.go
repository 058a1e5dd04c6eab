package battle

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/scenario"
)

// TestLeanSummary: a run that streams its lean record (Options.Lean) to
// a summary's tally sums up to the summary of its whole record, byte
// for byte, on scenarios whose threats are detected, tracked, killed,
// leak, strike radars and launchers, and include decoys; and the lean
// stream is the smaller: no positions, one detection a threat, no track
// initiated or deleted, no strobe.
func TestLeanSummary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the examples")
	}
	for _, file := range []string{example, "../examples/sead-vs-s400-pantsir.yaml", "testdata/bmd.yaml"} {
		s, err := scenario.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		sh, err := Prepare(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []int{1, 2} {
			full, err := Run(s, Options{Shared: sh, Replication: k, NoSamples: true})
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(Summarize(s, full))
			if err != nil {
				t.Fatal(err)
			}
			tally := NewTally(s)
			var lean []event.Event
			if _, err := Run(s, Options{Shared: sh, Replication: k, NoSamples: true, Lean: true, Stream: func(e event.Event) {
				lean = append(lean, e)
				tally.Add(e)
			}}); err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(SummarizeTally(s, tally))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s replication %d: the lean record's summary\n%s\nthe whole record's\n%s", file, k, got, want)
			}
			count := func(events []event.Event, typ string) int {
				n := 0
				for _, e := range events {
					if e.Type == typ {
						n++
					}
				}
				return n
			}
			for _, e := range lean {
				if e.Pos != nil {
					t.Fatalf("%s replication %d: a lean %s event at %.1f s has a position", file, k, e.Type, e.T)
				}
			}
			if n := count(lean, event.TrackDeleted) + count(lean, event.TrackInitiated) + count(lean, event.Strobe); n != 0 {
				t.Errorf("%s replication %d: %d track initiations, deletions and strobes streamed lean", file, k, n)
			}
			if d, all := count(lean, event.Detection), count(full.Events, event.Detection); d > len(s.Threats) || d >= all {
				t.Errorf("%s replication %d: %d detections streamed lean, of %d, for %d threats", file, k, d, all, len(s.Threats))
			}
			t.Logf("%s replication %d: %d events lean, %d whole", file, k, len(lean), len(full.Events))
		}
	}
}
