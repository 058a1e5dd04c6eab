// Command iadsim runs integrated air and missile defence simulations:
// scenarios of S-400 and S-300PMU-2 batteries against raids of cruise
// missiles, drones, aircraft and ballistic missiles.
//
//	iadsim run examples/s400-battalion-vs-mixed-raid.yaml --out out/
//	iadsim validate SCENARIO.yaml
//
// Exit codes: 0 success, 1 an internal failure, 2 bad input (the message
// names the file, line and column).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// inputError marks a failure caused by what the user gave: exit code 2.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

func main() {
	root := newRoot()
	if err := root.Execute(); err != nil {
		printError(os.Stderr, err)
		var ie inputError
		if errors.As(err, &ie) {
			os.Exit(2)
		}
		os.Exit(1)
	}
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
	}
	// Flag and argument mistakes are the user's: exit 2 like any bad input.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return inputError{err} })
	root.AddCommand(newRunCmd(), newValidateCmd(), newMCCmd(), newMergeCmd(), newSweepCmd(), newReportCmd(), newCatalogCmd(), newViewshedCmd(), newWTACmd(), newTrackCmd(), newDetectionsCmd(), newCoverageCmd(), newFootprintCmd())
	return root
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
