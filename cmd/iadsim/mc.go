package main

import (
	"errors"
	"fmt"

	"github.com/iadsim/iadsim/internal/dirglob"
	"github.com/iadsim/iadsim/internal/interrupt"
	"github.com/iadsim/iadsim/internal/profiling"
	"github.com/iadsim/iadsim/internal/progress"
	"github.com/iadsim/iadsim/mc"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/scenario/edit"
	"github.com/spf13/cobra"
)

// mcError maps the mc package's input errors to exit code 2.
func mcError(err error) error {
	var ie *mc.InputError
	if errors.As(err, &ie) {
		return inputError{err}
	}
	var el scenario.ErrorList
	if errors.As(err, &el) {
		return inputError{el}
	}
	return err
}

// runError is a failed battle.Run of the scenario file path: the file's
// own problems found only then (a route off the terrain's tiles), each
// already naming file, line and column, are bad input; others are named
// by the file.
func runError(path string, err error) error {
	var el scenario.ErrorList
	if errors.As(err, &el) {
		return inputError{el}
	}
	return fmt.Errorf("%s: %w", path, err)
}

// loadScenario reads a scenario file and its bytes, with --seed applied,
// and the compiled template that redraws sampled figures per replication.
func loadScenario(cmd *cobra.Command, path string, seed uint64) (*scenario.Scenario, []byte, *scenario.Template, error) {
	return compileScenario(path, seed, cmd.Flags().Changed("seed"))
}

// compileScenario reads, compiles and resolves a scenario file
// (scenario.Open), its failures the user's to fix. With a seed from the
// command line (seedSet), the run's random draws and any sampled
// catalogue figures both follow it.
func compileScenario(path string, seed uint64, seedSet bool) (*scenario.Scenario, []byte, *scenario.Template, error) {
	var sp *uint64
	if seedSet {
		sp = &seed
	}
	s, src, tm, err := scenario.Open(path, sp)
	if err != nil {
		return nil, nil, nil, inputError{err}
	}
	return s, src, tm, nil
}

func newMCCmd() *cobra.Command {
	var (
		out     string
		runs    int
		seed    uint64
		workers int
		shard   string
		resume  bool
		profile string
	)
	cmd := &cobra.Command{
		Use:   "mc SCENARIO.yaml --runs N --out DIR",
		Short: "Run a Monte Carlo batch: many replications, statistics with confidence intervals",
		Long: `Mc runs replications 0 to N-1 of a scenario on all cores and writes, in
--out DIR: runs.csv and runs.parquet (one row per replication), stats.json
(estimates with 95% confidence intervals: Wilson for probabilities,
BCa bootstrap for means), journal.jsonl (each replication as it finished,
synced to disk), manifest.json, a copy of the scenario, and the full record
of replication 0. It prints a summary table.

Replication k depends only on the scenario, the seed and k: the tables are
the same for any --workers and any --shard split. --shard i/n runs the
replications k with k mod n = i (0 <= i < n); iadsim merge joins the
shards. After a crash or an interrupt, run the same command with --resume:
what is in the journal is kept, the rest is run. See docs/montecarlo.md
and docs/scaling.md.

--profile DIR writes a CPU profile of the whole batch, every worker
included (cpu.pprof), and a heap profile at its end (heap.pprof) into
DIR: go tool pprof -top DIR/cpu.pprof (docs/PERFORMANCE.md).`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) (err error) {
			if out == "" {
				return inputError{errors.New("mc: --out DIR is required")}
			}
			if err := checkWorkers(workers); err != nil {
				return err
			}
			var sh mc.Shard
			if shard != "" {
				if sh, err = mc.ParseShard(shard); err != nil {
					return inputError{err}
				}
			}
			stopProfile, err := profiling.Start(profile)
			if err != nil {
				return err
			}
			defer func() { err = errors.Join(err, stopProfile()) }()
			s, src, tm, err := loadScenario(cmd, a[0], seed)
			if err != nil {
				return err
			}
			printWarnings(cmd.ErrOrStderr(), s)
			ctx, stop := interrupt.Context(cmd.Context())
			defer stop()
			bar := progress.NewBatch(cmd.ErrOrStderr())
			b, err := mc.Run(ctx, mc.Config{Scenario: s, Template: tm, Source: src, Runs: runs, Shard: sh,
				Workers: workers, Resume: resume, Out: out, Progress: bar.Update})
			bar.Finish()
			if err != nil {
				if ctx.Err() != nil {
					return interrupt.Error(ctx, fmt.Sprintf("mc: interrupted; the finished replications are in %s: continue with --resume", out))
				}
				return mcError(err)
			}
			return b.Stats.WriteTable(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "batch directory (required)")
	cmd.Flags().IntVar(&runs, "runs", 100, "replications in the whole batch")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "master random seed (default: the scenario's seed)")
	cmd.Flags().IntVar(&workers, "workers", 0, "replications run at once (default: GOMAXPROCS, all cores)")
	cmd.Flags().StringVar(&shard, "shard", "", "run only part i/n of the batch (0 <= i < n)")
	cmd.Flags().BoolVar(&resume, "resume", false, "continue the batch recorded in --out")
	cmd.Flags().StringVar(&profile, "profile", "", "write CPU and heap profiles (cpu.pprof, heap.pprof) of the command into this directory")
	return cmd
}

func newMergeCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "merge DIR... --out DIR",
		Short: "Join the shards of a Monte Carlo batch into the batch one machine would have written",
		Long: `Merge reads the shard directories written by iadsim mc --shard, checks that
they are parts of one batch (same scenario file, seed and runs) that
together hold every replication once, and writes to --out the same
runs.csv, runs.parquet and stats.json as an unsharded batch.

A DIR with * ? or [ that names no directory is a pattern iadsim expands
itself ('mc/shard-*', quoted), for where no shell does: a container with
the bare binary, Windows.`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if out == "" {
				return inputError{errors.New("merge: --out DIR is required")}
			}
			dirs, err := dirglob.Expand(a)
			if err != nil {
				return inputError{err}
			}
			b, err := mc.Merge(dirs, out)
			if err != nil {
				return mcError(err)
			}
			return b.Stats.WriteTable(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "directory of the merged batch (required)")
	return cmd
}

func newSweepCmd() *cobra.Command {
	var (
		out     string
		runs    int
		seed    uint64
		workers int
		resume  bool
		vary    []string
	)
	cmd := &cobra.Command{
		Use:   "sweep SCENARIO.yaml --vary SELECTOR=V1,V2,... --runs N --out DIR",
		Short: "Run a parameter sweep: a Monte Carlo batch at each value of one or more figures",
		Long: `Sweep runs a batch of --runs replications at every point of the grid the
--vary flags span (repeat --vary for more than one figure: every
combination is run). Each point is a batch directory DIR/point-NNN; the
sweep's table is DIR/sweep.csv and DIR/sweep.json, and iadsim report DIR
plots it. Every point uses the same seed (common random numbers).

Selectors (values with units, as in the scenario file):
  threats.<id|group|type|*>.<rcs|speed|altitude|start>
  air_defence.<unit|*>.doctrine.<salvo|reserve|reaction_time|min_pk|engage_range|policy>
  air_defence.<unit|*>.doctrine.salvo_by_class.<ballistic|cruise|aircraft|drone>
  air_defence.<unit|*>.tracker.<accel_noise|confirm_m|confirm_n|max_misses|gate_prob>
  air_defence.<unit|*>.missiles.<name|*>.<pk|lethal_radius|max_range|...>
  air_defence.<unit|*>.radars.<id|model|role|*>.<ref_range|ref_rcs|ref_pd|pfa|scan_period|...>
For example:
  iadsim sweep raid.yaml --vary threats.subsonic-cruise-missile.rcs=0.01m2,0.1m2,1m2 --runs 200 --out sw/
See docs/montecarlo.md for every key.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if out == "" {
				return inputError{errors.New("sweep: --out DIR is required")}
			}
			if err := checkWorkers(workers); err != nil {
				return err
			}
			var vs []edit.Vary
			for _, v := range vary {
				pv, err := edit.ParseVary(v)
				if err != nil {
					return inputError{err}
				}
				vs = append(vs, pv)
			}
			if len(vs) == 0 {
				return inputError{errors.New("sweep: give at least one --vary SELECTOR=V1,V2,...")}
			}
			s0, src, tm, err := loadScenario(cmd, a[0], seed)
			if err != nil {
				return err
			}
			printWarnings(cmd.ErrOrStderr(), s0)
			load := func() (*scenario.Scenario, error) {
				s, _, _, err := loadScenario(cmd, a[0], seed)
				return s, err
			}
			ctx, stop := interrupt.Context(cmd.Context())
			defer stop()
			bar := progress.NewBatch(cmd.ErrOrStderr())
			sw, err := mc.RunSweep(ctx, mc.SweepConfig{Load: load, Template: tm, Source: src, Vary: vs, Runs: runs,
				Workers: workers, Resume: resume, Out: out,
				Progress: func(i, n int, p mc.Progress) {
					bar.Label = fmt.Sprintf("point %d/%d ", i+1, n)
					bar.Update(p)
				}})
			bar.Finish()
			if err != nil {
				if ctx.Err() != nil {
					return interrupt.Error(ctx, "sweep: interrupted; continue with --resume")
				}
				return mcError(err)
			}
			return sw.WriteTable(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "sweep directory (required)")
	cmd.Flags().IntVar(&runs, "runs", 100, "replications at each point")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "master random seed (default: the scenario's seed)")
	cmd.Flags().IntVar(&workers, "workers", 0, "replications run at once (default: GOMAXPROCS)")
	cmd.Flags().BoolVar(&resume, "resume", false, "continue the sweep recorded in --out")
	cmd.Flags().StringArrayVar(&vary, "vary", nil, "SELECTOR=V1,V2,...: a figure and its values (repeatable)")
	return cmd
}

// checkWorkers refuses a negative --workers, which the batch would
// otherwise take, in silence, as one per core.
func checkWorkers(n int) error {
	if n < 0 {
		return inputError{fmt.Errorf("--workers %d: want 0 (one per core) or more", n)}
	}
	return nil
}
