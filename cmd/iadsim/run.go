package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/czml"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/profiling"
	"github.com/iadsim/iadsim/mc"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/scenario/edit"
	"github.com/spf13/cobra"
)

func newRunCmd() *cobra.Command {
	var (
		out         string
		seed        uint64
		realtime    bool
		replication int
		sets        []string
		asJSON      bool
		force       bool
		czmlFile    string
		disOut      disFlags
		profile     string
		workers     int
	)
	cmd := &cobra.Command{
		Use:   "run SCENARIO.yaml",
		Short: "Run a scenario and print what was detected, tracked, engaged, killed and what leaked",
		Long: `Run plays a scenario to its end and prints a summary table: per threat its
first detection, track confirmation, interceptors fired and outcome, then
totals. With --out DIR it also writes events.jsonl, summary.json,
tracks.csv and scene.geojson (see docs/events.md). The same file and seed
give byte-identical outputs. --dis ADDR:PORT sends the run as DIS v7 PDUs
over UDP (in real time, or with --dis-fast as fast as possible), and
--dis-pcap FILE writes them to a pcap file (docs/dis.md). --json prints the summary as JSON (what
summary.json holds) in place of the table. An --out directory that holds
other files than a run's is refused unless --force. --czml FILE writes
the run as CZML for CesiumJS (docs/czml.md). Without --dis or --czml the
run keeps no record in memory: events.jsonl is written as the run goes,
to a file in the system's temporary folder (TMPDIR) that is copied into
--out with the other files at the end, so a large grid needs the memory
of its world, not of its millions of events.

--replication R reruns replication R of a Monte Carlo batch alone: its
random streams and, with figures: sample, its draw of the catalogue
figures. A row of runs.csv with replication R and seed S is rerun by
iadsim run SCENARIO --seed S --replication R, with one --set for each of
the batch's overrides (a sweep point's, listed in its manifest.json).

--profile DIR writes a CPU profile of the command (cpu.pprof) and a heap
profile at its end (heap.pprof) into DIR: see where a scenario spends its
time with go tool pprof -top DIR/cpu.pprof (docs/PERFORMANCE.md).

--workers N runs the looks that the radars of different battalions make
at the same instant on up to N cores (0: one per core); the record is
the same byte for byte whatever N. It speeds up a grid of many
battalions; a one-battalion scenario gains nothing.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) (err error) {
			if err := checkWorkers(workers); err != nil {
				return err
			}
			if replication < 0 {
				return inputError{fmt.Errorf("--replication %d: want a replication number, 0 or more", replication)}
			}
			if out != "" {
				if err := checkOutDir(out, ownRunFile, force); err != nil {
					return err
				}
			}
			disDst, err := disOut.check()
			if err != nil {
				return err
			}
			stopProfile, err := profiling.Start(profile)
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, stopProfile()) }()
			base, _, tm, err := loadScenario(cmd, a[0], seed)
			if err != nil {
				return err
			}
			printWarnings(cmd.ErrOrStderr(), base)
			for _, o := range sets {
				sel, val, ok := strings.Cut(o, "=")
				if !ok {
					return inputError{fmt.Errorf("--set %q: want selector=value, such as air_defence.*.tracker.accel_noise=10", o)}
				}
				if _, err := edit.Set(base, sel, val); err != nil {
					return inputError{err}
				}
			}
			s, err := mc.Replica(tm, base, replication, sets)
			if err != nil {
				return inputError{err}
			}
			opt := battle.Options{Replication: replication, Workers: workers}
			if workers == 0 {
				opt.Workers = runtime.GOMAXPROCS(0)
			}
			if realtime {
				opt.Pace = 1
			}
			if disOut.wanted() || czmlFile != "" {
				// DIS and CZML replay the whole record.
				res, err := battle.Run(s, opt)
				if err != nil {
					return runError(a[0], err)
				}
				sum := battle.Summarize(s, res)
				if out != "" {
					if err := export.ReplaceDir(out, export.RunFiles(s, res, sum), ownRunFile); err != nil {
						return err
					}
				}
				if disOut.wanted() {
					if err := disOut.emit(cmd, disDst, s, res); err != nil {
						return err
					}
				}
				if czmlFile != "" {
					if err := writeCZML(czmlFile, czml.FromResult(s, res)); err != nil {
						return err
					}
				}
				return printSummary(cmd, sum, asJSON)
			}
			// Without DIS or CZML, the run keeps no record: what the
			// summary and the files need is taken as it goes.
			sum, err := streamRun(a[0], s, opt, out)
			if err != nil {
				return err
			}
			return printSummary(cmd, sum, asJSON)
		},
	}
	disOut.add(cmd)
	cmd.Flags().StringVar(&out, "out", "", "write events.jsonl, summary.json, tracks.csv and scene.geojson into this directory")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "master random seed (default: the scenario's seed)")
	cmd.Flags().BoolVar(&realtime, "realtime", false, "pace the simulation clock to wall time")
	cmd.Flags().IntVar(&replication, "replication", 0, "run replication R of a Monte Carlo batch: its random streams and figure draws")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON (as in summary.json) instead of the table")
	cmd.Flags().BoolVar(&force, "force", false, "write into an --out directory that holds other files")
	cmd.Flags().StringVar(&czmlFile, "czml", "", "write the run as CZML for CesiumJS into this file")
	cmd.Flags().StringArrayVar(&sets, "set", nil, "set a figure after reading, selector=value as sweep's --vary takes (repeatable)")
	cmd.Flags().StringVar(&profile, "profile", "", "write CPU and heap profiles (cpu.pprof, heap.pprof) of the command into this directory")
	cmd.Flags().IntVar(&workers, "workers", 1, "run the radars' looks of one instant on up to N cores, 0 for one per core (the record is the same for any N)")
	return cmd
}

// readScenario reads a scenario and prints its warnings to stderr. With a
// seed from the command line, the run's random draws and any sampled
// catalogue figures both follow it.
func readScenario(stderr io.Writer, path string, seed uint64, seedSet bool) (*scenario.Scenario, error) {
	s, _, _, err := compileScenario(path, seed, seedSet)
	if err != nil {
		return nil, err
	}
	printWarnings(stderr, s)
	return s, nil
}

// printWarnings writes a scenario's warnings, one a line, as
// file:line:col: warning: message. They do not change the exit code.
func printWarnings(w io.Writer, s *scenario.Scenario) {
	for _, wn := range s.Warnings {
		fmt.Fprintln(w, wn)
	}
}

func newValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate SCENARIO.yaml",
		Short: "Check a scenario without running it",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := scenario.Load(a[0])
			if err != nil {
				return inputError{err}
			}
			printWarnings(cmd.ErrOrStderr(), s)
			n := 0
			for _, u := range s.Units {
				n += len(u.Radars) + len(u.Launchers)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: ok: %d sites, %d air-defence units (%d radars and launchers), %d threats, %g s\n",
				a[0], len(s.Sites), len(s.Units), n, len(s.Threats), s.Duration)
			return nil
		},
	}
}
