package battle

import (
	"bytes"
	"testing"

	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/scenario"
)

// TestStreamIsTheRecord: a run that streams its events and samples
// (Options.Stream, StreamSamples) passes on, in order, exactly the
// events and samples a run that keeps them records, byte for byte in
// events.jsonl and tracks.csv, and keeps none itself. Run on
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
			var samples []Sample
			res, err := Run(s, Options{Stream: func(e event.Event) { streamed = append(streamed, e) },
				StreamSamples: func(smp Sample) { samples = append(samples, smp) }})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Events) != 0 || len(res.Samples) != 0 {
				t.Errorf("streaming run kept %d events and %d samples, want none", len(res.Events), len(res.Samples))
			}
			if len(res.Threats) != len(kept.Threats) {
				t.Errorf("threats %d; want %d as kept", len(res.Threats), len(kept.Threats))
			}
			var ta, tb bytes.Buffer
			if err := export.WriteTracks(&ta, kept.Samples, epoch.New(s.Epoch)); err != nil {
				t.Fatal(err)
			}
			if err := export.WriteTracks(&tb, samples, epoch.New(s.Epoch)); err != nil {
				t.Fatal(err)
			}
			if len(kept.Samples) < 100 || !bytes.Equal(ta.Bytes(), tb.Bytes()) {
				t.Errorf("streamed %d samples (%d bytes of tracks.csv), kept %d (%d bytes): want the same, at least 100", len(samples), tb.Len(), len(kept.Samples), ta.Len())
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
