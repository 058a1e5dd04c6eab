package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/infile"
	"github.com/iadsim/iadsim/wta"
	"github.com/spf13/cobra"
)

func newWTACmd() *cobra.Command {
	var (
		solver    string
		timeLimit time.Duration
		iter      int
		stall     int
		seed      uint64
		out       string
		workers   int
	)
	cmd := &cobra.Command{
		Use:   "wta INSTANCE.txt",
		Short: "Solve a static weapon-target assignment instance",
		Long: `Wta solves a static weapon-target assignment instance: minimise the
expected surviving target value sum_j w_j prod_i (1 - p_ij)^x_ij with at
most mu shots per weapon. The instance format is that of Andersen,
Pavlikov and Toffolo (2022): a first line "m n mu", then the n target
values, then one line "i j p" per weapon-target pair (0-based indices).

Solvers: greedy (maximum marginal return), local-search (iterated local
search with exact multi-exchange neighbourhoods; the default) and exact
(branch and bound, for small instances; says whether it proved
optimality). The local search runs until --time-limit, --iterations
rounds or --stall rounds without a new best, whichever comes first. It
runs --workers independent searches at once, one per core by default,
and keeps the best; with --time-limit 0 and --workers N it gives the same
answer on every machine for the same --seed.

It prints progress lines, then "objective <value>" as its last line.
With --out FILE it writes the assignment, one line per shot, "weapon
target", 0-based as in the instance, ordered by weapon then target.

Limits (docs/scenario.md, "Limits"): target values at most 1e100, at
most 65536 shots in all and 4194304 shots times targets.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			solve, ok := map[string]func(*wta.Instance, wta.Options) (wta.Result, error){
				"greedy":       func(in *wta.Instance, _ wta.Options) (wta.Result, error) { return wta.Greedy(in) },
				"local-search": wta.LocalSearch,
				"exact":        wta.Exact,
			}[solver]
			if !ok {
				return inputError{fmt.Errorf("--solver %q: want greedy, local-search or exact", solver)}
			}
			if timeLimit < 0 || iter < 0 || stall < 0 || workers < 0 {
				return inputError{fmt.Errorf("--time-limit, --iterations, --stall and --workers must not be negative")}
			}
			f, _, err := infile.Open(a[0], 0, `a WTA instance: a first line "m n mu", then the values and kill probabilities`)
			if err != nil {
				return inputError{err}
			}
			defer f.Close()
			in, err := wta.Parse(a[0], f)
			if err != nil {
				return inputError{err}
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "instance %s: %d weapons, %d targets, %d shots\n", a[0], in.Weapons(), in.Targets(), in.Shots())
			opt := wta.Options{
				TimeLimit: timeLimit,
				MaxIter:   iter,
				Stall:     stall,
				Rand:      rand.New(rand.NewPCG(seed, 0)),
				Workers:   cmp.Or(workers, runtime.GOMAXPROCS(0)),
				Progress: func(r wta.Result) {
					fmt.Fprintf(w, "best %.6f at round/node %d, %.3f s\n", r.Objective, r.Iter, r.Elapsed.Seconds())
				},
			}
			res, err := solve(in, opt)
			if err != nil {
				return err
			}
			status := ""
			if solver == "exact" {
				status = ", not proven optimal (limit reached)"
				if res.Optimal {
					status = ", proven optimal"
				}
			}
			fmt.Fprintf(w, "solver %s: %d rounds/nodes, %.3f s%s\n", solver, res.Iter, res.Elapsed.Seconds(), status)
			if out != "" {
				if err := writeFileAtomic("--out", out, func(w io.Writer) error { return wta.WriteShots(w, res.Assignment) }); err != nil {
					return err
				}
				fmt.Fprintf(w, "assignment written to %s\n", out)
			}
			fmt.Fprintf(w, "objective %.6f\n", res.Objective)
			return nil
		},
	}
	cmd.Flags().StringVar(&solver, "solver", "local-search", "greedy, local-search or exact")
	cmd.Flags().DurationVar(&timeLimit, "time-limit", 10*time.Second, "wall-clock limit for local-search and exact (0: none)")
	cmd.Flags().IntVar(&iter, "iterations", 0, "local-search rounds or exact nodes (0: no limit, or the default when --time-limit is 0)")
	cmd.Flags().IntVar(&stall, "stall", 500, "stop the local search after this many rounds without a new best (0: never)")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed of the local search")
	cmd.Flags().IntVar(&workers, "workers", 0, "independent local searches run at once, the best kept (0: one per core); the result depends on it")
	cmd.Flags().StringVar(&out, "out", "", "write the assignment to this file, one \"weapon target\" line per shot")
	return cmd
}

// writeFileAtomic writes a file whole or not at all (export.WriteFile).
// flag names the option that gave path: a directory that cannot hold the
// file is the user's mistake (exit 2).
func writeFileAtomic(flag, path string, write func(io.Writer) error) error {
	err := export.WriteFile(path, write)
	if ce := (*export.CreateError)(nil); errors.As(err, &ce) {
		return inputError{fmt.Errorf("%s: %w", flag, err)}
	}
	return err
}
