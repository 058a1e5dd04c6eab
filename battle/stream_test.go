package battle

import (
	"bytes"
	"testing"

	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/scenario"
)

// TestStreamIsTheRecord: a run that streams its events (Options.Stream)
// passes on, in order, exactly the events a run that keeps them
// records, byte for byte in events.jsonl, and keeps none itself. Run on
// the bundled raid and on a grid of four battalions in one IADS (its
// shared picture, allocation and hold_fire).
func TestStreamIsTheRecord(t *testing.T) {
	for _, c := range []struct {
		name string
		load func(testing.TB) *scenario.Scenario
	}{
		{"example", loadExample},
		{"grid 4x25", func(tb testing.TB) *scenario.Scenario { return loadGrid(tb, 4, 25, 300) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := c.load(t)
			kept, err := Run(s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var streamed []event.Event
			res, err := Run(s, Options{Stream: func(e event.Event) { streamed = append(streamed, e) }})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Events) != 0 {
				t.Errorf("streaming run kept %d events, want none", len(res.Events))
			}
			if len(res.Samples) != len(kept.Samples) || len(res.Threats) != len(kept.Threats) {
				t.Errorf("samples %d, threats %d; want %d and %d as kept", len(res.Samples), len(res.Threats), len(kept.Samples), len(kept.Threats))
			}
			var a, b bytes.Buffer
			if err := export.WriteEvents(&a, kept.Events, epoch.New(s.Epoch)); err != nil {
				t.Fatal(err)
			}
			if err := export.WriteEvents(&b, streamed, epoch.New(s.Epoch)); err != nil {
				t.Fatal(err)
			}
			if len(kept.Events) < 100 || !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("streamed %d events (%d bytes), kept %d (%d bytes): want the same record of at least 100", len(streamed), b.Len(), len(kept.Events), a.Len())
			}
		})
	}
}
