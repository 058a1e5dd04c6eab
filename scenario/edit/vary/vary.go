// Package vary reads a sweep's --vary flags: a selector of one figure of
// a scenario (package edit resolves it) and the values it takes, one
// point of the sweep each.
//
// It is a package of its own, apart from edit, so that its parser is
// fuzzed in a small binary: Go's fuzzer instruments every package a test
// links, and edit's links the scenario reader and the catalogue, which
// made each execution of this small parser cost as much as a scan of
// their coverage counters (docs/fuzzing.md).
package vary

import (
	"fmt"
	"strings"
)

// Vary is one --vary flag: a selector and the values it takes.
type Vary struct {
	Selector string   `json:"selector"`
	Values   []string `json:"values"`
}

// Parse reads "selector=v1,v2,v3".
func Parse(s string) (Vary, error) {
	sel, vals, ok := strings.Cut(s, "=")
	sel = strings.TrimSpace(sel)
	if !ok || sel == "" || strings.TrimSpace(vals) == "" {
		return Vary{}, fmt.Errorf("--vary %q: want selector=v1,v2,..., such as threats.drone.rcs=0.01m2,0.1m2", s)
	}
	var vs []string
	for _, v := range strings.Split(vals, ",") {
		if v = strings.TrimSpace(v); v == "" {
			return Vary{}, fmt.Errorf("--vary %q: an empty value; want selector=v1,v2,... with no empty value", s)
		}
		vs = append(vs, v)
	}
	return Vary{Selector: sel, Values: vs}, nil
}
