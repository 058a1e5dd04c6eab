package export

import (
	"fmt"
	"io"
	"os"

	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/summary"
)

// A Spool takes a run's events as the run makes them
// (battle.Options.Stream) and gives the files RunFiles gives of the
// record kept whole, byte for byte, without keeping it: events.jsonl is
// written as the events come to a file in the system's temporary folder,
// and only the events the scene draws (InScene) are kept. A national
// grid's record (1.7 million events for 16 battalions against 400
// threats, 0.8 GB) is most of a kept run's memory.
type Spool struct {
	f     *os.File
	ew    *EventWriter
	scene []event.Event
}

// NewSpool begins a spool of a run whose epoch is ep. Close removes it.
func NewSpool(ep epoch.Epoch) (*Spool, error) {
	f, err := os.CreateTemp("", "iadsim-events-*.jsonl")
	if err != nil {
		return nil, fmt.Errorf("spooling events.jsonl: %w", err)
	}
	return &Spool{f: f, ew: NewEventWriter(f, ep)}, nil
}

// Add takes the run's next event.
func (sp *Spool) Add(e event.Event) {
	sp.ew.Add(e)
	if InScene(e) {
		sp.scene = append(sp.scene, e)
	}
}

// RunFiles are RunFiles(s, res, sum) for the run whose events were
// added, res being its result without its events (Result.Events is
// empty in a run that streams them).
func (sp *Spool) RunFiles(s *scenario.Scenario, res *record.Result, sum summary.Summary) ([]File, error) {
	if err := sp.ew.Flush(); err != nil {
		return nil, fmt.Errorf("spooling events.jsonl in %s: %w", sp.f.Name(), err)
	}
	kept := *res
	kept.Events = sp.scene
	files := RunFiles(s, &kept, sum)
	for i := range files {
		if files[i].Name != "events.jsonl" {
			continue
		}
		files[i].Write = func(w io.Writer) error {
			if _, err := sp.f.Seek(0, io.SeekStart); err != nil {
				return fmt.Errorf("reading back the spooled events.jsonl: %w", err)
			}
			if _, err := io.Copy(w, sp.f); err != nil {
				return fmt.Errorf("copying the spooled events.jsonl: %w", err)
			}
			return nil
		}
	}
	return files, nil
}

// Close removes the spool's file.
func (sp *Spool) Close() error {
	err := sp.f.Close()
	if rm := os.Remove(sp.f.Name()); rm != nil && err == nil {
		err = rm
	}
	return err
}
