package battle_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/scenario"
)

// The main path of iadsim as a library, what iadsim run does: load a
// scenario, run it, read its summary and write its outputs. The scenario
// is the cruise missile probe of examples/: one S-400 battalion, one
// Tomahawk-class missile at 30 m. The same file and seed give the same
// run, so the lines below are checked by go test.
func Example() {
	s, err := scenario.Load("../examples/s400-cruise-missile-probe.yaml")
	if err != nil {
		fmt.Println(err) // file:line:col: what was expected
		return
	}
	res, err := battle.Run(s, battle.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}

	sum := battle.Summarize(s, res)
	for _, t := range sum.Threats {
		fmt.Printf("%s (%s): first detected at %.1f km by %s, %d interceptors, %s at %.1f s\n",
			t.ID, t.Type, *t.FirstDetectionR/1000, t.FirstDetectionBy, t.Interceptors, t.Outcome, t.OutcomeT)
	}
	fmt.Printf("totals: %d killed, %d leaked, %d interceptors\n",
		sum.Totals.Kills, sum.Totals.Leakers, sum.Totals.Interceptors)

	// The files of iadsim run --out DIR: written all or nothing, and
	// sealed last by SHA256SUMS, which readers check.
	dir, err := os.MkdirTemp("", "iadsim-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	// export.RunFiles lists them; each is also a function of its own
	// (export.WriteEvents, WriteJSON, WriteTracks, WriteScene) to write
	// one to any io.Writer.
	if err := export.WriteDir(dir, export.RunFiles(s, res, sum)); err != nil {
		fmt.Println(err)
		return
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, n := range names {
		// WriteDir holds the folder with a lock file, .iadsim.lock, that
		// stays (a later writer takes the same lock); ls does not show it.
		if name := filepath.Base(n); !strings.HasPrefix(name, ".") {
			fmt.Println(name)
		}
	}

	// Output:
	// cm (subsonic-cruise-missile): first detected at 48.9 km by bn1-92n6e, 1 interceptors, killed at 344.6 s
	// totals: 1 killed, 0 leaked, 1 interceptors
	// SHA256SUMS
	// events.jsonl
	// scene.geojson
	// summary.json
	// tracks.csv
}
