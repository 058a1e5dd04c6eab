// Package assign solves the two-dimensional (linear sum) assignment
// problem: given a cost for pairing each row with each column, choose at
// most one column per row and one row per column so that the total cost is
// least.
//
// Solve implements the shortest augmenting path method of Jonker and
// Volgenant as laid out for rectangular matrices by Crouse (D. F. Crouse,
// "On implementing 2D rectangular assignment algorithms", IEEE Trans.
// Aerospace and Electronic Systems 52(4), 2016), the same method behind
// SciPy's linear_sum_assignment. One row at a time is joined to the
// matching by a Dijkstra search over reduced costs c[i][j] - u[i] - v[j];
// the dual variables u and v keep the reduced costs non-negative, so each
// search is exact and the whole solve takes O(n²m) time for n ≤ m.
//
// A cost of +Inf forbids a pairing, as a tracking gate does. Where the
// forbidden entries leave no complete assignment of the smaller side,
// Solve does not fail: it returns a maximum matching of minimum cost, that
// is, it pairs as many rows as any assignment can and, among all such
// assignments, it finds one of least total cost. This is what a
// global-nearest-neighbour tracker needs: every gated pair that can be
// used is used, and the rest stay unassigned.
package assign

import (
	"errors"
	"fmt"
	"math"
)

// Unassigned marks a row that Solve leaves without a column.
const Unassigned = -1

// Solve finds a minimum-cost assignment of rows to columns for the
// row-major rows×cols matrix cost (cost[i*cols+j] is the cost of pairing
// row i with column j). Costs may be negative; +Inf forbids a pair.
//
// rowToCol[i] is the column given to row i, or Unassigned. When a
// complete assignment of the smaller side exists, every row (rows ≤ cols)
// or every column (rows > cols) is assigned and the result has the total
// cost of SciPy's linear_sum_assignment. Otherwise the result is a maximum
// matching over the allowed pairs with the least total cost among maximum
// matchings. total is the sum of the chosen costs (0 when nothing is
// assigned).
//
// Solve returns an error, and no assignment, when the dimensions do not
// match len(cost), or an entry is NaN or -Inf, or the finite costs are so
// large that sums of them could overflow.
func Solve(cost []float64, rows, cols int) (rowToCol []int, total float64, err error) {
	maxAbs, err := checkCost(cost, rows, cols)
	if err != nil {
		return nil, 0, err
	}
	// Dual variables and path lengths are sums of at most rows+cols costs
	// (each counted at most twice); keep them finite so that +Inf can only
	// mean "forbidden".
	if maxAbs*float64(2*(rows+cols)+2) > math.MaxFloat64 {
		return nil, 0, errors.New("assign: costs too large: their sums overflow")
	}

	rowToCol = make([]int, rows)
	for i := range rowToCol {
		rowToCol[i] = Unassigned
	}
	if rows == 0 || cols == 0 {
		return rowToCol, 0, nil
	}

	// The search joins the rows one by one, so let the rows be the
	// smaller side.
	c, n, m := cost, rows, cols
	if rows > cols {
		c = make([]float64, len(cost))
		for i := range rows {
			for j := range cols {
				c[j*rows+i] = cost[i*cols+j]
			}
		}
		n, m = cols, rows
	}

	var w workspace
	col4row, ok := w.solve(c, n, m)
	if !ok {
		// No complete assignment of the n rows exists. Let k be the size
		// of a maximum matching over the allowed pairs; add n-k free
		// columns of cost 0. Every complete assignment of the padded
		// matrix then puts exactly k rows on real columns, and its cost is
		// the cost of those k pairs, so its optimum is a minimum-cost
		// maximum matching.
		k := maxMatching(c, n, m)
		mp := m + n - k
		pad := make([]float64, n*mp)
		for i := range n {
			copy(pad[i*mp:i*mp+m], c[i*m:i*m+m])
		}
		col4row, ok = w.solve(pad, n, mp)
		if !ok {
			return nil, 0, errors.New("assign: internal error: padded problem infeasible")
		}
		for i, j := range col4row {
			if j >= m {
				col4row[i] = Unassigned
			}
		}
	}

	if rows > cols {
		for j, i := range col4row {
			if i != Unassigned {
				rowToCol[i] = j
			}
		}
	} else {
		copy(rowToCol, col4row)
	}
	for i, j := range rowToCol {
		if j != Unassigned {
			total += cost[i*cols+j]
		}
	}
	return rowToCol, total, nil
}

// workspace holds the arrays of one shortest augmenting path solve.
type workspace struct {
	u, v, short         []float64
	path, col4row       []int
	row4col, remaining  []int
	rowVisited, colSeen []bool
}

// solve assigns every one of the n rows of the n×m matrix c (n ≤ m) at
// least cost, or reports false when some row cannot be assigned.
func (w *workspace) solve(c []float64, n, m int) ([]int, bool) {
	w.u = resize(w.u, n)
	w.v = resize(w.v, m)
	w.short = resize(w.short, m)
	w.path = resize(w.path, m)
	w.col4row = resize(w.col4row, n)
	w.row4col = resize(w.row4col, m)
	w.remaining = resize(w.remaining, m)
	w.rowVisited = resize(w.rowVisited, n)
	w.colSeen = resize(w.colSeen, m)
	u, v, short, path := w.u, w.v, w.short, w.path
	col4row, row4col, remaining := w.col4row, w.row4col, w.remaining
	rowVisited, colSeen := w.rowVisited, w.colSeen
	for i := range col4row {
		col4row[i] = Unassigned
	}
	for j := range row4col {
		row4col[j] = Unassigned
	}

	inf := math.Inf(1)
	for cur := range n {
		for j := range m {
			short[j] = inf
			path[j] = Unassigned
			colSeen[j] = false
			// Scanning the columns in reverse order breaks ties the same
			// way on every run; any fixed order would do.
			remaining[j] = m - 1 - j
		}
		for i := range rowVisited {
			rowVisited[i] = false
		}

		// Dijkstra search from row cur for the nearest free column.
		nrem, minVal, i, sink := m, 0.0, cur, -1
		for sink < 0 {
			rowVisited[i] = true
			row := c[i*m : i*m+m]
			ui := u[i]
			lowest, idx := inf, -1
			for it := range nrem {
				j := remaining[it]
				if r := minVal + row[j] - ui - v[j]; r < short[j] {
					path[j] = i
					short[j] = r
				}
				// Among equally near columns prefer a free one: it ends
				// the search sooner.
				if s := short[j]; s < lowest || s == lowest && row4col[j] < 0 && s < inf {
					lowest, idx = s, it
				}
			}
			if idx < 0 {
				return nil, false
			}
			minVal = lowest
			j := remaining[idx]
			colSeen[j] = true
			nrem--
			remaining[idx] = remaining[nrem]
			if row4col[j] < 0 {
				sink = j
			} else {
				i = row4col[j]
			}
		}

		// Update the duals so the reduced costs stay non-negative and
		// are zero along the new matching.
		u[cur] += minVal
		for i := range n {
			if rowVisited[i] && i != cur {
				u[i] += minVal - short[col4row[i]]
			}
		}
		for j := range m {
			if colSeen[j] {
				v[j] -= minVal - short[j]
			}
		}

		// Augment along the path back from the sink.
		for j := sink; ; {
			i := path[j]
			row4col[j] = i
			col4row[i], j = j, col4row[i]
			if i == cur {
				break
			}
		}
	}
	return col4row, true
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// checkCost checks a row-major cost matrix: its dimensions, no NaN and no
// -Inf (+Inf forbids a pair). It returns the largest finite |cost|.
func checkCost(cost []float64, rows, cols int) (maxAbs float64, err error) {
	if rows < 0 || cols < 0 {
		return 0, fmt.Errorf("assign: negative dimensions %d×%d", rows, cols)
	}
	if cols > 0 && rows > math.MaxInt/cols || len(cost) != rows*cols {
		return 0, fmt.Errorf("assign: cost has %d entries, want %d×%d", len(cost), rows, cols)
	}
	for k, c := range cost {
		switch {
		case math.IsNaN(c):
			return 0, fmt.Errorf("assign: cost[%d][%d] is NaN", k/cols, k%cols)
		case math.IsInf(c, -1):
			return 0, fmt.Errorf("assign: cost[%d][%d] is -Inf", k/cols, k%cols)
		case !math.IsInf(c, 1):
			maxAbs = max(maxAbs, math.Abs(c))
		}
	}
	return maxAbs, nil
}
