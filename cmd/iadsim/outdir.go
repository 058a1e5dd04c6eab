package main

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/iadsim/iadsim/internal/dirlock"
)

// checkOutDir refuses to write a command's output into dir when dir
// already holds something the command did not write: a typo in --out
// (--out . or --out ~) would otherwise mix a run's files into a home or
// source folder, and a later run's files into an earlier one's of another
// kind. A directory that does not exist, is empty, or holds only files
// that own accepts (the same command's earlier output, which a rerun
// replaces) is fine; force accepts any directory.
func checkOutDir(dir string, own func(name string) bool, force bool) error {
	st, err := os.Stat(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return inputError{fmt.Errorf("--out %s: is a file; want a directory, new or empty", dir)}
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
	return inputError{fmt.Errorf("--out %s: holds %s%s, which this command did not write; want a new or empty directory, or --force to write into it anyway",
		dir, strings.Join(shown, ", "), more)}
}

// runFiles are the files iadsim run writes.
var runFiles = []string{"events.jsonl", "summary.json", "tracks.csv", "scene.geojson"}

func ownRunFile(name string) bool { return slices.Contains(runFiles, name) }

// coverageFile matches the files of coverageFiles: a raster, an image and
// two vector files per kind and level, and the horizon table.
var coverageFile = regexp.MustCompile(`^((detection|engagement)_[^/]+\.(tif|png|geojson|kml)|horizon\.csv)$`)

func ownCoverageFile(name string) bool { return coverageFile.MatchString(name) }

// ownOrLeftover accepts the command's own files, the lock file of the
// folder (dirlock.File), and what a writer killed mid-way left of its
// own files, which the next write removes (export.WriteDir): temporaries
// .NAME.* and files moved aside, NAME.bak-*.
func ownOrLeftover(own func(string) bool, name string) bool {
	if own(name) || name == dirlock.File {
		return true
	}
	if base, _, ok := strings.Cut(name, ".bak-"); ok && own(base) {
		return true
	}
	if rest, ok := strings.CutPrefix(name, "."); ok {
		if k := strings.LastIndexByte(rest, '.'); k > 0 && own(rest[:k]) {
			return true
		}
	}
	return false
}
