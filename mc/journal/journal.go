// Package journal reads a Monte Carlo batch's journal (journal.jsonl):
// one JSON record a line for each replication finished, in the order
// they finished, appended as each ends so that a batch killed at any
// point resumes from what it holds.
//
// It is a package of its own, apart from the runner, so that its reader
// is fuzzed in a small binary: Go's fuzzer instruments every package a
// test links, and the runner's links the whole engine (docs/fuzzing.md).
package journal

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Row is the result of one replication: what runs.csv holds in one line.
// The maps are keyed by missile type, threat class, threat id and figure
// name; a threat never detected has no first-detection entry.
type Row struct {
	Replication  int    `json:"replication"`
	Seed         uint64 `json:"seed"` // the master seed; (Seed, Replication) names the run
	Leakers      int    `json:"leakers"`
	Kills        int    `json:"kills"`
	Survivors    int    `json:"survivors"`
	Detected     int    `json:"detected"`
	Interceptors int    `json:"interceptors"`
	// AtDecoys is the interceptors launched at decoys
	// (summary.Totals.AtDecoys).
	AtDecoys int `json:"interceptors_at_decoys,omitempty"`
	// Struck is the threats that reached the radar, launcher or command
	// post they were aimed at (summary.Totals.Struck).
	Struck int `json:"struck,omitempty"`
	// GunRounds is the rounds the units' guns fired
	// (summary.Totals.GunRounds).
	GunRounds int `json:"gun_rounds,omitempty"`

	InterceptorsByType map[string]int     `json:"interceptors_by_type,omitempty"`
	KillsByClass       map[string]int     `json:"kills_by_class,omitempty"`
	LeakersByClass     map[string]int     `json:"leakers_by_class,omitempty"`
	FirstDetection     map[string]float64 `json:"first_detection_s,omitempty"`
	Figures            map[string]float64 `json:"figures,omitempty"`
	// Destroyed holds the ids of the units' equipment destroyed.
	Destroyed map[string]bool `json:"destroyed,omitempty"`
}

// Parse reads the replications recorded in data, the journal named name
// (in errors), in the order they were written, and the length of its
// sound prefix. A last line without its newline, or one that does not
// parse, is a write that a crash cut short: it is left out, and the
// prefix ends before it. A replication recorded twice counts once (the
// first record). A bad line anywhere else is corruption: an error naming
// the journal and the line.
func Parse(name string, data []byte) (rows []Row, sound int64, err error) {
	seen := map[int]bool{}
	line := 0
	for off := 0; off < len(data); {
		line++
		nl := bytes.IndexByte(data[off:], '\n')
		if nl < 0 {
			break // torn: no newline yet
		}
		var r Row
		dec := json.NewDecoder(bytes.NewReader(data[off : off+nl]))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			if off+nl+1 == len(data) {
				break // torn last line
			}
			return nil, 0, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		off += nl + 1
		sound = int64(off)
		if !seen[r.Replication] {
			seen[r.Replication] = true
			rows = append(rows, r)
		}
	}
	return rows, sound, nil
}
