package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/iadsim/iadsim/czml"
	"github.com/iadsim/iadsim/export"
	"github.com/spf13/cobra"
)

func newExportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write a run's record in another tool's format",
	}
	cmd.AddCommand(newExportCZMLCmd())
	return cmd
}

func newExportCZMLCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "czml RUN_DIR [--out FILE]",
		Short: "Write a run directory as CZML, the scene CesiumJS animates",
		Long: `Export czml reads a directory written by iadsim run --out (scene.geojson,
summary.json, events.jsonl, tracks.csv) and writes it as CZML: the clock,
sites, command posts, radars with their coverage domes, launchers, threats,
tracks and interceptors with time-tagged positions, and markers for
launches, intercepts, kills, leaks and impacts, each with its reason
(docs/czml.md). It writes what iadsim run --czml writes for the same run,
byte for byte: to FILE with --out, else to standard output.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			// A run killed while it wrote, or a folder of files from two
			// runs, is refused before anything is read.
			if err := export.Verify(a[0], "scene.geojson", "summary.json", "events.jsonl", "tracks.csv"); err != nil {
				return err
			}
			r, err := czml.ReadDir(a[0])
			if err != nil {
				var ie *czml.InputError
				if errors.As(err, &ie) {
					return inputError{err}
				}
				return err
			}
			if out == "" {
				return czml.Write(cmd.OutOrStdout(), r)
			}
			return writeCZML(out, r)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the CZML file to write (default: standard output)")
	return cmd
}

// writeCZML writes r to path whole or not at all; into a run's folder it
// joins the run's seal (export.AddFile).
func writeCZML(path string, r czml.Run) error {
	name := filepath.Base(path)
	if name == "." || name == string(filepath.Separator) {
		return inputError{fmt.Errorf("--czml %q: want a file name", path)}
	}
	err := export.AddFile(filepath.Dir(path), export.File{Name: name, Write: func(w io.Writer) error { return czml.Write(w, r) }})
	var ie *export.IncompleteError
	if errors.As(err, &ie) {
		return inputError{err}
	}
	return err
}
