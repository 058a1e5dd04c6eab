package mc_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/iadsim/iadsim/mc"
	"github.com/iadsim/iadsim/scenario"
)

// A Monte Carlo batch from Go, what iadsim mc does: open the scenario
// (read, compiled once into a template that redraws sampled figures per
// replication, and resolved), and run replications 0 to Runs-1 into a
// directory.
// Replication k's draws depend on the seed and k alone, so the estimates
// below are the same whatever the number of workers.
func ExampleRun() {
	// nil: the file's own seed; &seed replaces it, as --seed does.
	s, src, tm, err := scenario.Open("../examples/s400-cruise-missile-probe.yaml", nil)
	if err != nil {
		fmt.Println(err) // file:line:col: what was expected
		return
	}

	dir, err := os.MkdirTemp("", "iadsim-mc-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	b, err := mc.Run(context.Background(), mc.Config{
		Scenario: s, Template: tm, Source: src,
		Runs: 8,
		Out:  filepath.Join(dir, "batch"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	for _, p := range b.Stats.Probabilities {
		fmt.Printf("%s: %d of %d, %.2f [%.2f, %.2f] (%s)\n", p.Name, p.K, p.N, p.Estimate, p.Lo, p.Hi, p.Method)
	}
	for _, m := range b.Stats.Means {
		fmt.Printf("mean %s: %.2f [%.2f, %.2f]\n", m.Name, m.Estimate, m.Lo, m.Hi)
	}
	// The upper bound of 0 leakers in 8 is Wilson's z²/(n+z²) = 3.84/11.84.
	for _, r := range b.Rows[:3] {
		fmt.Printf("replication %d: seed %d, %d leakers, %d interceptors\n", r.Replication, r.Seed, r.Leakers, r.Interceptors)
	}

	// Output:
	// P(at least one leaker): 0 of 8, 0.00 [0.00, 0.32] (wilson)
	// P(no leaker): 8 of 8, 1.00 [0.68, 1.00] (wilson)
	// P(all threats killed): 8 of 8, 1.00 [0.68, 1.00] (wilson)
	// P(all threats detected): 8 of 8, 1.00 [0.68, 1.00] (wilson)
	// mean leakers: 0.00 [0.00, 0.00]
	// mean kills: 1.00 [1.00, 1.00]
	// mean survivors: 0.00 [0.00, 0.00]
	// mean detected: 1.00 [1.00, 1.00]
	// mean interceptors: 1.25 [1.00, 2.00]
	// mean interceptors_at_decoys: 0.00 [0.00, 0.00]
	// mean struck: 0.00 [0.00, 0.00]
	// mean gun_rounds: 0.00 [0.00, 0.00]
	// mean interceptors_48N6E3: 0.00 [0.00, 0.00]
	// mean interceptors_9M96E2: 1.25 [1.00, 2.00]
	// replication 0: seed 1, 0 leakers, 1 interceptors
	// replication 1: seed 1, 0 leakers, 3 interceptors
	// replication 2: seed 1, 0 leakers, 1 interceptors
}
