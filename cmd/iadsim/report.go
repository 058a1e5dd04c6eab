package main

import (
	"errors"

	"github.com/iadsim/iadsim/report"
	"github.com/spf13/cobra"
)

func newReportCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "report DIR --out report.html",
		Short: "Write one self-contained HTML report of a Monte Carlo batch or sweep",
		Long: `Report reads a batch directory written by iadsim mc or merge (or a sweep
directory written by iadsim sweep) and writes one HTML file that needs no
network: the scenario, a map of sites, routes and intercepts, the
engagement timeline of replication 0, histograms of leakers and
interceptors expended, the convergence of the confidence intervals, kill
rates per threat class, the sweep's plots, and, when figures were sampled,
which figures the outcome is most sensitive to.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if out == "" {
				return inputError{errors.New("report: --out FILE is required")}
			}
			if err := report.WriteFile(a[0], out); err != nil {
				var ie *report.InputError
				if errors.As(err, &ie) {
					return inputError{err}
				}
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the HTML file to write (required)")
	return cmd
}
