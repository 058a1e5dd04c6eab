// Command iadsim runs integrated air and missile defence simulations:
// scenarios of S-400 and S-300PMU-2 batteries against raids of cruise
// missiles, drones, aircraft and ballistic missiles.
//
//	iadsim run examples/s400-battalion-vs-mixed-raid.yaml --out out/
//	iadsim validate SCENARIO.yaml
//
// Exit codes: 0 success; 2 bad input or usage (an unknown command or
// flag, a wrong argument, a scenario with errors: the message names the
// file, line and column; an input file missing or corrupt; an --out that
// cannot be a folder or be written); 1 a failure of the machine or the
// run (other I/O errors, an interrupt, an internal error). The README
// lists them.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/dirlock"
	"github.com/iadsim/iadsim/internal/infile"
	"github.com/iadsim/iadsim/internal/interrupt"
	"github.com/iadsim/iadsim/internal/profiling"
	"github.com/iadsim/iadsim/internal/version"
	"github.com/iadsim/iadsim/mc"
	"github.com/spf13/cobra"
)

// inputError marks a failure caused by what the user gave: exit code 2.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

func main() {
	if os.Getenv("GOGC") == "" {
		// Runs allocate much and keep little (battle.GCPercent).
		debug.SetGCPercent(battle.GCPercent)
	}
	root := newRoot()
	if err := root.Execute(); err != nil {
		printError(os.Stderr, err)
		os.Exit(exitCode(err))
	}
}

// exitCode is the contract of README's exit codes for a command's error:
// 2 bad input or usage, 130 an interrupt by SIGINT, 1 any other failure
// of the machine (I/O, SIGTERM, out of memory).
func exitCode(err error) int {
	var in interrupt.Signal
	switch {
	case isInputError(err):
		return 2
	case errors.As(err, &in) && in.Sig == os.Interrupt:
		return 130
	}
	return 1
}

// isInputError tells whether err is the user's to fix (exit 2) rather
// than the machine's (exit 1): an error a command marked as input, a
// file that is not there or not what it should be (a corrupt stats.json
// or manifest, an output folder its writer did not finish), or a path that cannot be a folder or cannot be written
// (an --out under a file, in a read-only place). A failing disk, a full
// one, an interrupt or an internal fault stay 1.
func isInputError(err error) bool {
	var (
		ie     inputError
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
		held   *dirlock.HeldError
		batch  *mc.InputError
		unseal *export.IncompleteError
		prof   *profiling.DirError
		named  *infile.Error
	)
	return errors.As(err, &ie) || errors.As(err, &syntax) || errors.As(err, &typ) || errors.As(err, &held) || errors.As(err, &batch) || errors.As(err, &unseal) || errors.As(err, &prof) || errors.As(err, &named) ||
		errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) || errors.Is(err, fs.ErrExist) ||
		errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.EROFS)
}

// printError writes err with every line prefixed "iadsim: ": an error
// with many problems (a scenario's, one per line) reads as many messages
// of one form, each "iadsim: file:line:col: ...", and each line can be
// grepped or jumped to on its own.
func printError(w io.Writer, err error) {
	for line := range strings.SplitSeq(strings.TrimRight(err.Error(), "\n"), "\n") {
		fmt.Fprintln(w, "iadsim:", line)
	}
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "iadsim",
		Short:         "Integrated air and missile defence simulation (S-400, S-300PMU-2) from public figures",
		SilenceUsage:  true,
		SilenceErrors: true,
		// --version prints what iadsim version prints.
		Version: version.Current().String(),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	// Flag and argument mistakes are the user's: exit 2 like any bad input.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return inputError{err} })
	root.AddCommand(newRunCmd(), newValidateCmd(), newMCCmd(), newMergeCmd(), newSweepCmd(), newReportCmd(), newCatalogCmd(),
		newViewshedCmd(), newWTACmd(), newTrackCmd(), newDetectionsCmd(), newCoverageCmd(), newVersionCmd(), newSchemaCmd(), newFootprintCmd(), newTerrainCmd(), newDISCmd(), newServeCmd(), newExportCmd())
	group(root)
	return root
}

// group makes a command that only holds subcommands (iadsim, iadsim
// catalog) print its help when called alone, and refuse an unknown
// subcommand with exit 2, naming the closest ones. Left to itself, cobra
// reports an unknown command under the root as an ordinary failure (exit
// 1) and one under a group not at all (its help, exit 0).
func group(cmd *cobra.Command) {
	cmd.SuggestionsMinimumDistance = 2
	cmd.Args = func(cmd *cobra.Command, a []string) error {
		if len(a) == 0 {
			return nil
		}
		want := cmd.SuggestionsFor(a[0])
		if len(want) == 0 {
			for _, c := range cmd.Commands() {
				if c.IsAvailableCommand() {
					want = append(want, c.Name())
				}
			}
		}
		return inputError{fmt.Errorf("unknown command %q for %q; want %s", a[0], cmd.CommandPath(), strings.Join(want, ", "))}
	}
	cmd.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
}

// args wraps a cobra argument check so its failures exit with code 2.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := check(cmd, a); err != nil {
			return inputError{err}
		}
		return nil
	}
}
