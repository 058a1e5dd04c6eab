package main

import (
	"fmt"
	"io"
	"os"

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
// --out directory, to events.jsonl spooled in a temporary file and, if
// the scene draws it, to the few events kept for scene.geojson. A
// national grid's record (1.7 million events for 16 battalions against
// 400 threats, 0.8 GB) is most of a kept run's memory. The files are
// those export.RunFiles writes of the kept record, byte for byte, and
// ReplaceDir writes them all or nothing; the spool is removed either
// way.
func streamRun(path string, s *scenario.Scenario, opt battle.Options, out string) (summary.Summary, error) {
	tally := battle.NewTally(s)
	var (
		spool *os.File
		ew    *export.EventWriter
		scene []event.Event
	)
	if out != "" {
		f, err := os.CreateTemp("", "iadsim-events-*.jsonl")
		if err != nil {
			return summary.Summary{}, fmt.Errorf("spooling events.jsonl: %w", err)
		}
		defer func() {
			f.Close()
			os.Remove(f.Name())
		}()
		spool, ew = f, export.NewEventWriter(f, epoch.New(s.Epoch))
	}
	opt.Stream = func(e event.Event) {
		tally.Add(e)
		if ew == nil {
			return
		}
		ew.Add(e)
		if export.InScene(e) {
			scene = append(scene, e)
		}
	}
	res, err := battle.Run(s, opt)
	if err != nil {
		return summary.Summary{}, runError(path, err)
	}
	sum := battle.SummarizeTally(s, tally)
	if out == "" {
		return sum, nil
	}
	if err := ew.Flush(); err != nil {
		return summary.Summary{}, fmt.Errorf("spooling events.jsonl in %s: %w", spool.Name(), err)
	}
	res.Events = scene
	files := export.RunFiles(s, res, sum)
	for i := range files {
		if files[i].Name != "events.jsonl" {
			continue
		}
		files[i].Write = func(w io.Writer) error {
			if _, err := spool.Seek(0, io.SeekStart); err != nil {
				return fmt.Errorf("reading back the spooled events.jsonl: %w", err)
			}
			_, err := io.Copy(w, spool)
			return err
		}
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
