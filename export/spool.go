package export

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
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
// and tracks.csv as the samples come (AddSample) to another, and only
// the events the scene draws (InScene) are kept. A national grid's
// record (1.7 million events for 16 battalions against 400 threats, 0.8
// GB) and its samples are most of a kept run's memory.
type Spool struct {
	f, tracks *os.File
	ew        *EventWriter
	tw        *TrackWriter
	scene     []event.Event
	unlinked  bool // the files are gone from the folder already (NewSpool)
}

// NewSpool begins a spool of a run whose epoch is ep. Its files are
// unlinked from the temporary folder as soon as they are made, where the
// system allows it (Unix), and read back through their open handles: a
// run killed by a signal, which runs no deferred Close, leaves nothing
// behind. Close removes them where they could not be unlinked.
func NewSpool(ep epoch.Epoch) (*Spool, error) {
	var files [2]*os.File
	for i, pattern := range []string{"iadsim-events-*.jsonl", "iadsim-tracks-*.csv"} {
		f, err := os.CreateTemp("", pattern)
		if err != nil {
			for _, g := range files[:i] {
				g.Close()
				os.Remove(g.Name())
			}
			return nil, fmt.Errorf("spooling a run's files: %w", err)
		}
		files[i] = f
	}
	sp := &Spool{f: files[0], tracks: files[1], ew: NewEventWriter(files[0], ep), tw: NewTrackWriter(files[1], ep)}
	sp.unlinked = os.Remove(sp.f.Name()) == nil && os.Remove(sp.tracks.Name()) == nil
	return sp, nil
}

// AddSample takes the run's next sample.
func (sp *Spool) AddSample(s record.Sample) { sp.tw.Add(s) }

// Add takes the run's next event.
func (sp *Spool) Add(e event.Event) {
	sp.ew.Add(e)
	if InScene(e) {
		sp.scene = append(sp.scene, e)
	}
}

// RunFiles are RunFiles(s, res, sum) for the run whose events and
// samples were added, res being its result without them (a run that
// streams them keeps none).
func (sp *Spool) RunFiles(s *scenario.Scenario, res *record.Result, sum summary.Summary) ([]File, error) {
	if err := sp.ew.Flush(); err != nil {
		return nil, fmt.Errorf("spooling events.jsonl in %s: %w", sp.f.Name(), err)
	}
	if err := sp.tw.Flush(); err != nil {
		return nil, fmt.Errorf("spooling tracks.csv in %s: %w", sp.tracks.Name(), err)
	}
	kept := *res
	kept.Events = sp.scene
	files := RunFiles(s, &kept, sum)
	for i := range files {
		switch files[i].Name {
		case "events.jsonl":
			files[i].Write = copier(sp.f, files[i].Name)
		case "tracks.csv":
			files[i].Write = copier(sp.tracks, files[i].Name)
		}
	}
	return files, nil
}

// copier writes a spooled file, from its start each time it is asked.
func copier(f *os.File, name string) func(io.Writer) error {
	return func(w io.Writer) error {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("reading back the spooled %s: %w", name, err)
		}
		if _, err := io.Copy(w, f); err != nil {
			return fmt.Errorf("copying the spooled %s: %w", name, err)
		}
		return nil
	}
}

// Close closes the spool's files and removes them if NewSpool could not.
func (sp *Spool) Close() error {
	var errs []error
	for _, f := range []*os.File{sp.f, sp.tracks} {
		errs = append(errs, f.Close())
		if !sp.unlinked {
			if err := os.Remove(f.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
