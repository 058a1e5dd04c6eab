package mc

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/iadsim/iadsim/internal/dirlock"
	mcjournal "github.com/iadsim/iadsim/mc/journal"
)

// JournalFile is the name of the journal in a batch directory.
const JournalFile = "journal.jsonl"

// journal is the durable record of finished replications: one JSON Row a
// line, in the order they finished.
type journal struct {
	f *os.File
}

// ReadJournal reads the replications recorded at path, in the order they
// were written, and the length of the file's sound prefix, as
// journal.Parse reads them. A missing file is an empty journal.
func ReadJournal(path string) (rows []Row, sound int64, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	return mcjournal.Parse(path, data)
}

// openJournal opens the journal at path for appending, first cutting off
// any torn tail so that the next record starts on a line of its own.
func openJournal(path string, sound int64) (*journal, error) {
	// A symbolic link planted as the journal is not followed: its
	// target would be truncated and written.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|dirlock.NoFollow, 0o644)
	if err != nil {
		return nil, err
	}
	if err := f.Truncate(sound); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(sound, 0); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return &journal{f: f}, nil
}

// append records r and returns once the record is on stable storage.
func (j *journal) append(r *Row) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

func (j *journal) close() error { return j.f.Close() }

// syncDir makes a new file's directory entry durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
