// Command iadsim runs integrated air and missile defence simulations:
// scenarios of S-400 and S-300PMU-2 batteries against raids of cruise
// missiles, drones, aircraft and ballistic missiles.
//
//	iadsim run examples/s400-battalion-vs-mixed-raid.yaml --out out/
//	iadsim validate SCENARIO.yaml
//
// Exit codes: 0 success; 2 bad input or usage (an unknown command or
// flag, a wrong argument, a scenario with errors: the message names the
// file, line and column); 1 a failure of the machine or the run (I/O, an
// interrupt, an internal error).
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
		// --version prints what iadsim version prints.
		Version: currentVersion().String(),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	// Flag and argument mistakes are the user's: exit 2 like any bad input.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return inputError{err} })
	root.AddCommand(newRunCmd(), newValidateCmd(), newMCCmd(), newMergeCmd(), newSweepCmd(), newReportCmd(), newCatalogCmd(),
		newViewshedCmd(), newWTACmd(), newTrackCmd(), newDetectionsCmd(), newCoverageCmd(), newVersionCmd(), newSchemaCmd(), newFootprintCmd(), newTerrainCmd(), newDISCmd())
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
