package assign

import (
	"errors"
	"math"
)

// ErrInfeasible is returned by Auction when the forbidden entries leave
// no assignment of every row (or every column, whichever is fewer).
var ErrInfeasible = errors.New("assign: no complete assignment avoids the forbidden entries")

// Auction solves the problem of Solve by the forward auction algorithm
// of D. P. Bertsekas ("The auction algorithm: a distributed relaxation
// method for the assignment problem", Annals of Operations Research 14,
// 1988; Linear Network Optimization, MIT Press, 1991, §4.1) with epsilon
// scaling.
//
// Rows bid for columns. A row's value for column j is -cost[i][j] - p_j;
// an unassigned row takes its best column and raises its price by the
// difference between its best and second-best values plus ε, evicting
// the column's previous holder. When every row holds a column, each is
// within ε of its best (ε-complementary slackness), so the total cost is
// within n·ε of the optimum, n = max(rows, cols). Epsilon
// scaling runs the auction for ε = C/4, C/16, ... down to eps, keeping
// the prices from one round to the next, which avoids the long price
// wars of a small ε from the start. For integer costs, eps < 1/n gives
// an optimal assignment.
//
// A rectangular problem is made square with zero-cost dummy rows (or
// columns), which take the columns left over and change no total.
// Unlike Solve, Auction needs a complete assignment of the smaller side
// to exist: otherwise it returns ErrInfeasible. eps ≤ 0 means 1e-9 times
// the largest finite |cost| (or 1e-9).
func Auction(cost []float64, rows, cols int, eps float64) (rowToCol []int, total float64, err error) {
	maxAbs, err := checkCost(cost, rows, cols)
	if err != nil {
		return nil, 0, err
	}
	if maxAbs*float64(4*(rows+cols)+4) > math.MaxFloat64/4 {
		return nil, 0, errors.New("assign: costs too large: their sums overflow")
	}
	if !(eps > 0) || math.IsInf(eps, 0) {
		eps = 1e-9 * max(maxAbs, 1)
	}
	rowToCol = make([]int, rows)
	for i := range rowToCol {
		rowToCol[i] = Unassigned
	}
	if rows == 0 || cols == 0 {
		return rowToCol, 0, nil
	}
	// Square n×n benefit matrix: a = -cost, NaN for forbidden; dummy rows
	// (or columns) of benefit 0.
	n := max(rows, cols)
	a := make([]float64, n*n)
	for i := range n {
		for j := range n {
			v := 0.0
			if i < rows && j < cols {
				c := cost[i*cols+j]
				if math.IsInf(c, 1) {
					v = math.NaN()
				} else {
					v = -c
				}
			}
			a[i*n+j] = v
		}
	}
	col, ok := auction(a, n, eps, 2*maxAbs)
	if !ok {
		return nil, 0, ErrInfeasible
	}
	for i := range rows {
		if j := col[i]; j < cols {
			rowToCol[i] = j
			total += cost[i*cols+j]
		}
	}
	return rowToCol, total, nil
}

// auction assigns every row of the n×n benefit matrix a (NaN forbidden)
// to a column, maximising the total benefit to within n·epsFinal. span
// bounds the range of the finite benefits. ok is false when no complete
// assignment exists.
func auction(a []float64, n int, epsFinal, span float64) (colOf []int, ok bool) {
	// A complete assignment must exist, or the prices rise for ever.
	var c []float64
	if n > 0 {
		c = make([]float64, n*n)
		for k, v := range a {
			if math.IsNaN(v) {
				c[k] = math.Inf(1)
			}
		}
		if maxMatching(c, n, n) < n {
			return nil, false
		}
	}
	price := make([]float64, n)
	colOf = make([]int, n)
	rowOf := make([]int, n)
	queue := make([]int, 0, n)
	// A row with a single allowed column has no second best: bid as if
	// the second were worse by more than any benefit difference.
	gap := span + 1
	eps := max(span/4, epsFinal)
	for {
		for i := range colOf {
			colOf[i] = Unassigned
			rowOf[i] = Unassigned
		}
		queue = queue[:0]
		for i := n - 1; i >= 0; i-- {
			queue = append(queue, i)
		}
		for len(queue) > 0 {
			i := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			row := a[i*n : i*n+n]
			best, second, bj := math.Inf(-1), math.Inf(-1), -1
			for j, v := range row {
				if math.IsNaN(v) {
					continue
				}
				if w := v - price[j]; w > best {
					best, second, bj = w, best, j
				} else if w > second {
					second = w
				}
			}
			if math.IsInf(second, -1) {
				second = best - gap
			}
			price[bj] += best - second + eps
			if old := rowOf[bj]; old != Unassigned {
				colOf[old] = Unassigned
				queue = append(queue, old)
			}
			rowOf[bj], colOf[i] = i, bj
		}
		if eps <= epsFinal {
			return colOf, true
		}
		eps = max(eps/4, epsFinal)
	}
}
