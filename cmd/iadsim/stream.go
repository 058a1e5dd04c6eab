package main

import (
	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/summary"
	"github.com/spf13/cobra"
)

// streamRun runs s, read from path, without keeping its record: each
// event goes, as the run makes it, to the summary's tally and, with an
// --out directory, each event and sample to a spool of the run's files
// (export.Spool), which ReplaceDir then writes all or nothing.
func streamRun(path string, s *scenario.Scenario, opt battle.Options, out string) (summary.Summary, error) {
	tally := battle.NewTally(s)
	var spool *export.Spool
	if out != "" {
		sp, err := export.NewSpool(epoch.New(s.Epoch))
		if err != nil {
			return summary.Summary{}, err
		}
		defer sp.Close()
		spool = sp
	}
	opt.Stream = func(e event.Event) {
		tally.Add(e)
		if spool != nil {
			spool.Add(e)
		}
	}
	if spool != nil {
		opt.StreamSamples = spool.AddSample
	}
	res, err := battle.Run(s, opt)
	if err != nil {
		return summary.Summary{}, runError(path, err)
	}
	sum := battle.SummarizeTally(s, tally)
	if spool == nil {
		return sum, nil
	}
	files, err := spool.RunFiles(s, res, sum)
	if err != nil {
		return summary.Summary{}, err
	}
	return sum, export.ReplaceDir(out, files, ownRunFile)
}

// printSummary prints a run's summary: the table, or with --json the
// JSON of summary.json.
func printSummary(cmd *cobra.Command, sum summary.Summary, asJSON bool) error {
	if asJSON {
		return export.WriteJSON(cmd.OutOrStdout(), sum)
	}
	return sum.WriteTable(cmd.OutOrStdout())
}
