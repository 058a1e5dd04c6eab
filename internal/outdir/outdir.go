// Package outdir guards the --out directories of the iadsim command: a
// command writes into a directory that is new, empty, or holds only its
// own earlier output, never into one that holds anything else, unless
// forced. It is the command line's own code, not part of the library.
package outdir

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/dirlock"
)

// Refused is the error of a directory that a command will not write
// into: the user's mistake (exit code 2), not the machine's.
type Refused struct{ msg string }

func (e *Refused) Error() string { return e.msg }

// Check refuses to write a command's output into dir when dir already
// holds something the command did not write: a typo in --out (--out . or
// --out ~) would otherwise mix a run's files into a home or source
// folder, and a later run's files into an earlier one's of another kind.
// A directory that does not exist, is empty, or holds only files that own
// accepts (the same command's earlier output, which a rerun replaces),
// the folder's lock file and what a killed writer left of those files is
// fine; force accepts any directory. A refusal is a *Refused; any other
// error is the file system's.
func Check(dir string, own func(name string) bool, force bool) error {
	st, err := os.Stat(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return &Refused{fmt.Sprintf("--out %s: is a file; want a directory, new or empty", dir)}
	}
	if force {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var foreign []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !ownOrLeftover(own, e.Name()) {
			foreign = append(foreign, e.Name())
		}
	}
	if len(foreign) == 0 {
		return nil
	}
	shown := foreign[:min(len(foreign), 5)]
	more := ""
	if len(foreign) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(foreign)-len(shown))
	}
	return &Refused{fmt.Sprintf("--out %s: holds %s%s, which this command did not write; want a new or empty directory, or --force to write into it anyway",
		dir, strings.Join(shown, ", "), more)}
}

// runFiles are the files iadsim run writes.
var runFiles = []string{"events.jsonl", "summary.json", "tracks.csv", "scene.geojson"}

// RunFile reports whether name is a file iadsim run writes: its own set,
// and a CZML it wrote beside them (run --czml DIR/NAME.czml, which joins
// the folder's seal).
func RunFile(name string) bool {
	return slices.Contains(runFiles, name) || strings.HasSuffix(name, ".czml") && !strings.HasPrefix(name, ".")
}

// coverageFile matches the files iadsim coverage writes: a raster, an
// image and two vector files per kind and level (and per unit), the
// layered-defence map and the horizon table.
var coverageFile = regexp.MustCompile(`^((detection|engagement)_[^/]+\.(tif|png|geojson|kml)|defence\.png|horizon\.csv)$`)

// CoverageFile reports whether name is a file iadsim coverage writes.
func CoverageFile(name string) bool { return coverageFile.MatchString(name) }

// ownOrLeftover accepts the command's own files, the lock file of the
// folder (dirlock.File), and what a writer killed mid-way left of its
// own files, which the next write removes (export.WriteDir): temporaries
// .NAME.* and files moved aside, NAME.bak-*. The folder's seal
// (export.SumsFile) and its leftovers are every command's own.
func ownOrLeftover(own func(string) bool, name string) bool {
	owns := func(n string) bool { return n == export.SumsFile || own(n) }
	if owns(name) || name == dirlock.File {
		return true
	}
	if base, _, ok := strings.Cut(name, ".bak-"); ok && owns(base) {
		return true
	}
	if rest, ok := strings.CutPrefix(name, "."); ok {
		if k := strings.LastIndexByte(rest, '.'); k > 0 && owns(rest[:k]) {
			return true
		}
	}
	return false
}
