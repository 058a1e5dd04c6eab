package main

import (
	"errors"

	"github.com/iadsim/iadsim/internal/outdir"
)

// checkOutDir is outdir.Check with a refusal marked as the user's
// mistake (exit code 2).
func checkOutDir(dir string, own func(name string) bool, force bool) error {
	err := outdir.Check(dir, own, force)
	if r := (*outdir.Refused)(nil); errors.As(err, &r) {
		return inputError{err}
	}
	return err
}

// The files each command owns in its --out directory.
var (
	ownRunFile      = outdir.RunFile
	ownCoverageFile = outdir.CoverageFile
)
