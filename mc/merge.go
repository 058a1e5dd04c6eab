package mc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/iadsim/iadsim/export"
)

// Merge joins the shards of one batch, each in one of dirs, into out. The
// shards must come from the same scenario file, seed, runs and overrides,
// and together hold every replication exactly once (a replication found
// in two directories must be the same record in both). The result is the
// directory an unsharded batch would have written: the same journal
// (sorted), runs.csv, runs.parquet and stats.json bytes, and a manifest
// for the whole batch.
func Merge(dirs []string, out string) (*Batch, error) {
	if len(dirs) == 0 {
		return nil, inputErrorf("merge: no directories")
	}
	var m Manifest
	byRep := map[int][]byte{}
	var rows []Row
	rep0 := ""
	for i, d := range dirs {
		// Only finished shards: an unfinished one's journal may end in
		// a torn record, or its files come from two writes.
		if err := export.Verify(d, ManifestFile, JournalFile); err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		dm, err := readManifest(d)
		if err != nil {
			return nil, &InputError{fmt.Errorf("merge: %w", err)}
		}
		if i == 0 {
			m = dm
		} else if err := m.same(dm); err != nil {
			return nil, inputErrorf("merge: %s is not a shard of the batch in %s: it has %v", d, dirs[0], err)
		}
		rs, _, err := ReadJournal(filepath.Join(d, JournalFile))
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			b, err := json.Marshal(r)
			if err != nil {
				return nil, err
			}
			if prev, ok := byRep[r.Replication]; ok {
				if !bytes.Equal(prev, b) {
					return nil, inputErrorf("merge: replication %d differs between two directories (one of them %s)", r.Replication, d)
				}
				continue
			}
			if r.Replication < 0 || r.Replication >= m.Runs {
				return nil, inputErrorf("merge: %s: replication %d out of a batch of %d", d, r.Replication, m.Runs)
			}
			byRep[r.Replication] = b
			rows = append(rows, r)
			if r.Replication == 0 {
				rep0 = d
			}
		}
	}
	if len(rows) != m.Runs {
		var missing []int
		for k := 0; k < m.Runs && len(missing) < 5; k++ {
			if _, ok := byRep[k]; !ok {
				missing = append(missing, k)
			}
		}
		return nil, inputErrorf("merge: %d of %d replications found; missing %v...: a shard is absent or unfinished (finish it with --resume)", len(rows), m.Runs, missing)
	}
	sortRows(rows)
	m.Shard = Shard{Index: 0, Count: 1}
	src, err := os.ReadFile(filepath.Join(dirs[0], ScenarioFile))
	if err != nil {
		return nil, err
	}
	unlock, err := lockDir(out)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := export.Unseal(out); err != nil {
		return nil, err
	}
	if err := export.WriteHeldDir(out, []export.File{
		{Name: ManifestFile, Write: func(w io.Writer) error { return export.WriteJSON(w, m) }},
		{Name: ScenarioFile, Write: func(w io.Writer) error { _, err := w.Write(src); return err }},
		{Name: JournalFile, Write: func(w io.Writer) error {
			for _, r := range rows {
				if _, err := w.Write(append(byRep[r.Replication], '\n')); err != nil {
					return err
				}
			}
			return nil
		}},
	}); err != nil {
		return nil, err
	}
	if rep0 != "" && filepath.Clean(rep0) != filepath.Clean(out) {
		if err := copyDir(filepath.Join(rep0, Replication0Dir), filepath.Join(out, Replication0Dir)); err != nil {
			return nil, err
		}
	}
	st, err := Finish(out, m, rows)
	if err != nil {
		return nil, err
	}
	if err := seal(out); err != nil {
		return nil, err
	}
	return &Batch{Dir: out, Manifest: m, Rows: rows, Stats: st}, nil
}

// copyDir copies the regular files of src into dst, all or nothing; a
// missing src copies nothing.
func copyDir(src, dst string) error {
	ents, err := os.ReadDir(src)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var files []export.File
	for _, e := range ents {
		if !e.Type().IsRegular() || e.Name()[0] == '.' {
			continue
		}
		p := filepath.Join(src, e.Name())
		files = append(files, export.File{Name: e.Name(), Write: func(w io.Writer) error {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = io.Copy(w, f)
			return err
		}})
	}
	return export.WriteHeldDir(dst, files)
}
