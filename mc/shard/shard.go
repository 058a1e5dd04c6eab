// Package shard splits a Monte Carlo batch into parts that run apart, on
// one machine each: the tasks of a Slurm job array or the pods of a
// Kubernetes indexed job, which iadsim mc --shard i/n names and iadsim
// merge joins. Part i of n runs the replications k with k mod n = i, so
// that every part has about as many runs, early and late ones alike.
//
// It is a package of its own, apart from the runner, so that its parser
// is fuzzed in a small binary: Go's fuzzer instruments every package a
// test links, and the runner's links the whole engine, which made each
// execution of this small parser cost as much as a scan of the engine's
// coverage counters (docs/fuzzing.md).
package shard

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is part Index of Count of a batch: the replications k with
// k mod Count = Index. The zero value means the whole batch.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// Parse reads "i/n", 0 ≤ i < n, the form of --shard. Indices start at 0
// as Slurm array and Kubernetes completion indices do.
func Parse(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("shard %q: want i/n with 0 <= i < n, such as 3/16", s)
	}
	return Shard{Index: i, Count: n}, nil
}

// Norm is s, or the whole batch (0/1) for the zero value.
func (s Shard) Norm() Shard {
	if s.Count < 1 {
		return Shard{Index: 0, Count: 1}
	}
	return s
}

// Owns reports whether replication k belongs to the shard.
func (s Shard) Owns(k int) bool { s = s.Norm(); return k%s.Count == s.Index }

// Replications lists the shard's replications of a batch of runs, in
// order.
func (s Shard) Replications(runs int) []int {
	s = s.Norm()
	var ks []int
	for k := s.Index; k < runs; k += s.Count {
		ks = append(ks, k)
	}
	return ks
}

func (s Shard) String() string { s = s.Norm(); return fmt.Sprintf("%d/%d", s.Index, s.Count) }
