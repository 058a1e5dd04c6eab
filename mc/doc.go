// Package mc runs a scenario many times and reduces the runs to
// statistics: a Monte Carlo batch.
//
// One run of the engine is one draw from the distribution of outcomes a
// scenario defines. A batch runs replications 0 to Runs-1 on a pool of
// workers; replication k's random streams derive from the master seed and
// k alone (battle.Options.Replication), so its result depends on nothing
// else: not the number of workers, not the order in which replications
// finish, not the shard of the batch it ran in. Shard i of n runs the
// replications k with k mod n = i, and Merge joins the shards into the
// batch that one machine would have produced, byte for byte.
//
// A replication counts once it is durably written: each finished
// replication is appended as one JSON line to journal.jsonl and the file is
// synced before the next is counted. Resuming reads the journal, drops a
// torn last line (a crash in the middle of a write), and runs only what is
// missing; a replication is never counted twice. The final tables
// (runs.csv, runs.parquet, stats.json) are written from the journal sorted
// by replication, all or nothing, so they do not depend on the order of
// completion.
//
// Estimates name their method: probabilities (the chance that at least one
// threat leaks, the kill rate of a threat class) carry Wilson score
// intervals, means (leakers, interceptors expended) carry BCa bootstrap
// intervals, which stay inside the range of the counts (package stats).
// A sweep (RunSweep) runs one batch per setting of the figures it varies,
// set by package scenario/edit. See docs/montecarlo.md, and the Example of
// Run for a batch run from Go.
package mc
