package assign

import "math"

// maxMatching returns the size of a maximum matching of the bipartite
// graph whose edges are the finite entries of the n×m matrix c, by the
// Hopcroft-Karp algorithm (J. E. Hopcroft and R. M. Karp, SIAM J. Comput.
// 2(4), 1973): breadth-first layers from the free rows, then disjoint
// shortest augmenting paths by depth-first search, O(E√V) in all.
func maxMatching(c []float64, n, m int) int {
	adj := make([][]int, n)
	for i := range n {
		for j, x := range c[i*m : i*m+m] {
			if !math.IsInf(x, 1) {
				adj[i] = append(adj[i], j)
			}
		}
	}
	h := hopcroftKarp{adj: adj, rowMate: make([]int, n), colMate: make([]int, m), layer: make([]int, n)}
	for i := range h.rowMate {
		h.rowMate[i] = -1
	}
	for j := range h.colMate {
		h.colMate[j] = -1
	}
	size := 0
	for h.bfs() {
		for i := range n {
			if h.rowMate[i] < 0 && h.dfs(i) {
				size++
			}
		}
	}
	return size
}

type hopcroftKarp struct {
	adj              [][]int
	rowMate, colMate []int
	layer            []int // BFS depth of each row; -1 when not in the layers
	queue            []int
}

// bfs layers the rows by their alternating-path distance from the free
// rows and reports whether a free column is reachable.
func (h *hopcroftKarp) bfs() bool {
	h.queue = h.queue[:0]
	for i, mate := range h.rowMate {
		if mate < 0 {
			h.layer[i] = 0
			h.queue = append(h.queue, i)
		} else {
			h.layer[i] = -1
		}
	}
	found := false
	for q := 0; q < len(h.queue); q++ {
		i := h.queue[q]
		for _, j := range h.adj[i] {
			next := h.colMate[j]
			if next < 0 {
				found = true
			} else if h.layer[next] < 0 {
				h.layer[next] = h.layer[i] + 1
				h.queue = append(h.queue, next)
			}
		}
	}
	return found
}

// dfs looks for an augmenting path from row i that follows the layers,
// and flips it when found.
func (h *hopcroftKarp) dfs(i int) bool {
	for _, j := range h.adj[i] {
		next := h.colMate[j]
		if next < 0 || h.layer[next] == h.layer[i]+1 && h.dfs(next) {
			h.rowMate[i] = j
			h.colMate[j] = i
			return true
		}
	}
	h.layer[i] = -1 // dead end: do not search it again in this phase
	return false
}
