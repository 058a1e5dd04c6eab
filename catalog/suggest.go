package catalog

import (
	"slices"
	"strings"
)

// Closest returns up to n entry names nearest to name, for an error
// message that suggests what the user may have meant ("s-500": s400,
// s300pmu2). Only entries of the given kinds are considered, or every
// entry when kinds is empty. The distance of an entry is the smallest
// Levenshtein edit distance, ignoring case, between name and the entry's
// name or any of its aliases; ties keep catalogue order.
func (c *Catalog) Closest(name string, n int, kinds ...string) []string {
	type cand struct {
		name string
		dist int
	}
	q := strings.ToLower(strings.TrimSpace(name))
	var cs []cand
	for _, e := range c.entries {
		if len(kinds) > 0 && !slices.Contains(kinds, e.Kind) {
			continue
		}
		best := editDistance(q, strings.ToLower(e.Name))
		for _, a := range e.Aliases {
			best = min(best, editDistance(q, strings.ToLower(a)))
		}
		cs = append(cs, cand{e.Name, best})
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return a.dist - b.dist })
	out := make([]string, 0, min(n, len(cs)))
	for _, x := range cs[:min(n, len(cs))] {
		out = append(out, x.name)
	}
	return out
}

// Names returns the names of the entries of a kind, in catalogue order, or
// of every entry when kind is "".
func (c *Catalog) Names(kind string) []string {
	var out []string
	for _, e := range c.entries {
		if kind == "" || e.Kind == kind {
			out = append(out, e.Name)
		}
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, counted in
// bytes: catalogue names are ASCII.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
