package wta

import "math"

// lap solves sparse rectangular linear assignment problems: assign every
// row to a distinct column at least total cost, using only the listed
// row-column edges. It is the shortest augmenting path method with row
// and column potentials (Jonker and Volgenant 1987; Crouse 2016, "On
// implementing 2D rectangular assignment algorithms", IEEE Trans.
// Aerospace and Electronic Systems 52(4)), here over adjacency lists so
// that each augmentation costs what it touches. Its buffers are reused
// from one call to the next.
type lap struct {
	// Edges of row i are col[start[i]:start[i+1]] with costs
	// cost[start[i]:start[i+1]]. The caller fills them.
	start []int
	col   []int
	cost  []float64

	u, v, dist []float64
	path       []int
	rowOfCol   []int
	touched    []int
	seenRow    []bool
	seenCol    []bool
	v0         []float64

	// raiseFree's scratch: the edges by column, and the search's.
	tstart, trow, tfill []int
	tcost               []float64
	rowFrom, settled    []int

	settledRows, settledCols []int
}

// reset prepares an empty problem with c columns.
func (s *lap) reset() {
	s.start = append(s.start[:0], 0)
	s.col = s.col[:0]
	s.cost = s.cost[:0]
}

// add appends an edge to the row being built.
func (s *lap) add(col int, cost float64) {
	s.col = append(s.col, col)
	s.cost = append(s.cost, cost)
}

// endRow closes the row being built.
func (s *lap) endRow() { s.start = append(s.start, len(s.col)) }

// solve assigns the rows built so far to distinct columns among c and
// returns each row's column in colOf, or false if some row cannot be
// matched.
//
// Column prices v0 (nil, or up to one per column; missing ones are 0),
// such as the duals of a similar problem solved just before, warm-start
// the dual solution, so that most rows are matched at once and only a
// few augmenting paths are needed. Any prices give the optimum. A
// rectangular problem's optimality conditions ask more than a square
// one's: the columns left free must share one price that no other
// column's exceeds. The prices are shifted to be at most 0 (augmenting
// paths only lower them) and, once every row is matched, raiseFree
// brings the free columns priced below 0 up to 0 along reverse
// augmenting paths. That is what squaring the problem up with c - r
// rows that take any column at no cost would do, without the dense
// block those rows would add. A last check of every edge's reduced cost
// certifies the result; should rounding defeat it, the problem is
// solved again from zero prices.
func (s *lap) solve(c int, colOf []int, v0 []float64) ([]int, bool) {
	if v0 == nil {
		return s.solveFrom(c, colOf, nil)
	}
	top := 0.0
	for _, x := range v0 {
		top = max(top, x)
	}
	s.v0 = grow(s.v0, len(v0))
	for j, x := range v0 {
		s.v0[j] = x - top
	}
	colOf, ok := s.solveFrom(c, colOf, s.v0)
	if !ok {
		return colOf, false
	}
	s.raiseFree(c, colOf)
	if !s.certified(colOf) {
		// Only rounding gets here: a cold start needs no repair.
		return s.solveFrom(c, colOf, nil)
	}
	return colOf, true
}

// raiseFree brings every column left free to price 0, the price the
// optimality conditions of a rectangular problem ask of free columns once
// every price is at most 0. A free column f priced below 0 is raised
// along a shortest alternating path found backwards from it: a row moves
// onto f, the row holding that row's column moves onto it, and so on,
// until the column given up can itself be priced 0; Dijkstra's method
// over reduced costs finds the path of least cost, and the prices change
// as in a forward augmentation, so every reduced cost stays nonnegative,
// every matched edge stays tight and no other free column is touched.
// Each free column costs one such search, over the edges it reaches.
func (s *lap) raiseFree(c int, colOf []int) {
	r := len(s.start) - 1
	v, u, dist, rowOfCol := s.v, s.u, s.dist, s.rowOfCol
	var f0 int
	for f0 = 0; f0 < c; f0++ {
		if rowOfCol[f0] < 0 && v[f0] < 0 {
			break
		}
	}
	if f0 == c {
		return
	}
	// The edges by column, to walk them backwards.
	s.tstart = growInt(s.tstart, c+1)
	clear(s.tstart)
	for _, j := range s.col {
		s.tstart[j+1]++
	}
	for j := range c {
		s.tstart[j+1] += s.tstart[j]
	}
	s.trow = growInt(s.trow, len(s.col))
	s.tcost = grow(s.tcost, len(s.col))
	s.tfill = append(s.tfill[:0], s.tstart[:c]...)
	for i := range r {
		for k := s.start[i]; k < s.start[i+1]; k++ {
			j := s.col[k]
			s.trow[s.tfill[j]] = i
			s.tcost[s.tfill[j]] = s.cost[k]
			s.tfill[j]++
		}
	}
	s.rowFrom = growInt(s.rowFrom, r)
	for i := range r {
		j := colOf[i]
		u[i] = math.Inf(1)
		for k := s.start[i]; k < s.start[i+1]; k++ {
			if s.col[k] == j {
				u[i] = min(u[i], s.cost[k]-v[j])
			}
		}
	}
	for f := f0; f < c; f++ {
		if rowOfCol[f] >= 0 || v[f] >= 0 {
			continue
		}
		touched := append(s.touched[:0], f)
		dist[f] = 0
		settled := s.settled[:0]
		sinkD, sink := -v[f], f
		for {
			best, lowest := -1, math.Inf(1)
			for k, j := range touched {
				if dist[j] < lowest {
					lowest, best = dist[j], k
				}
			}
			if best < 0 || lowest >= sinkD {
				break
			}
			g := touched[best]
			touched[best] = touched[len(touched)-1]
			touched = touched[:len(touched)-1]
			s.seenCol[g] = true
			settled = append(settled, g)
			for k := s.tstart[g]; k < s.tstart[g+1]; k++ {
				i := s.trow[k]
				h := colOf[i]
				if h == g || s.seenCol[h] {
					continue
				}
				d := lowest + s.tcost[k] - u[i] - v[g]
				if d < dist[h] {
					if math.IsInf(dist[h], 1) {
						touched = append(touched, h)
					}
					dist[h] = d
					s.rowFrom[i] = g
					if d-v[h] < sinkD {
						sinkD, sink = d-v[h], h
					}
				}
			}
		}
		for _, g := range settled {
			v[g] += sinkD - dist[g]
			if i := rowOfCol[g]; i >= 0 {
				u[i] -= sinkD - dist[g]
			}
		}
		if sink != f {
			// An end not settled was priced 0 already: nothing to change.
			i := rowOfCol[sink]
			rowOfCol[sink] = -1
			for h := sink; h != f; {
				g := s.rowFrom[i]
				next := rowOfCol[g]
				rowOfCol[g], colOf[i] = i, g
				h, i = g, next
			}
		}
		v[sink] = 0
		for _, g := range settled {
			s.seenCol[g] = false
			dist[g] = math.Inf(1)
		}
		for _, j := range touched {
			dist[j] = math.Inf(1)
		}
		s.touched, s.settled = touched, settled
	}
}

// certified reports whether the matching colOf with prices s.v, once the
// columns left free are priced 0, satisfies the optimality conditions:
// no edge of negative reduced cost.
func (s *lap) certified(colOf []int) bool {
	v := s.v
	for i := range len(s.start) - 1 {
		j := colOf[i]
		var ui float64
		for k := s.start[i]; k < s.start[i+1]; k++ {
			if s.col[k] == j {
				ui = s.cost[k] - v[j]
				break
			}
		}
		for k := s.start[i]; k < s.start[i+1]; k++ {
			vj := v[s.col[k]]
			if s.rowOfCol[s.col[k]] < 0 {
				vj = 0
			}
			if r := s.cost[k] - ui - vj; r < -1e-12*(1+math.Abs(s.cost[k])+math.Abs(ui)) {
				return false
			}
		}
	}
	return true
}

func (s *lap) solveFrom(c int, colOf []int, v0 []float64) ([]int, bool) {
	r := len(s.start) - 1
	s.u = grow(s.u, r)
	s.v = grow(s.v, c)
	s.dist = grow(s.dist, c)
	s.path = growInt(s.path, c)
	s.rowOfCol = growInt(s.rowOfCol, c)
	s.seenRow = growBool(s.seenRow, r)
	s.seenCol = growBool(s.seenCol, c)
	colOf = growInt(colOf, r)
	u, v, dist, path, rowOfCol := s.u, s.v, s.dist, s.path, s.rowOfCol
	clear(v)
	copy(v, v0)
	clear(s.seenRow)
	clear(s.seenCol)
	for j := range c {
		rowOfCol[j] = -1
		dist[j] = math.Inf(1)
	}
	// Start from the dual solution v = v0, u = least reduced row costs,
	// and match each row to its cheapest column when that column is
	// still free: near a local optimum most rows are matched so, and
	// only the rest need an augmenting path.
	for i := range r {
		colOf[i] = -1
		a, b := s.start[i], s.start[i+1]
		if a == b {
			return colOf, false
		}
		km, best := a, s.cost[a]-v[s.col[a]]
		for k := a + 1; k < b; k++ {
			if d := s.cost[k] - v[s.col[k]]; d < best {
				km, best = k, d
			}
		}
		u[i] = best
		if j := s.col[km]; rowOfCol[j] < 0 {
			rowOfCol[j] = i
			colOf[i] = j
		}
	}
	for cur := range r {
		if colOf[cur] >= 0 {
			continue
		}
		// Dijkstra over reduced costs from row cur to a free column; the
		// columns reached and not yet settled are in touched.
		touched := s.touched[:0]
		settledRows, settledCols := s.settledRows[:0], s.settledCols[:0]
		minVal := 0.0
		i, sink := cur, -1
		for sink < 0 {
			s.seenRow[i] = true
			settledRows = append(settledRows, i)
			for k := s.start[i]; k < s.start[i+1]; k++ {
				j := s.col[k]
				if s.seenCol[j] {
					continue
				}
				d := minVal + s.cost[k] - u[i] - v[j]
				if d < dist[j] {
					if math.IsInf(dist[j], 1) {
						touched = append(touched, j)
					}
					path[j], dist[j] = i, d
				}
			}
			best, lowest := -1, math.Inf(1)
			for k, j := range touched {
				if dist[j] < lowest || dist[j] == lowest && rowOfCol[j] < 0 {
					lowest, best = dist[j], k
				}
			}
			if best < 0 {
				s.touched = touched
				s.settledRows, s.settledCols = settledRows, settledCols
				return colOf, false
			}
			j := touched[best]
			touched[best] = touched[len(touched)-1]
			touched = touched[:len(touched)-1]
			minVal = lowest
			s.seenCol[j] = true
			settledCols = append(settledCols, j)
			if rowOfCol[j] < 0 {
				sink = j
			} else {
				i = rowOfCol[j]
			}
		}
		u[cur] += minVal
		for _, i := range settledRows {
			if i != cur {
				u[i] += minVal - dist[colOf[i]]
			}
			s.seenRow[i] = false
		}
		for _, j := range settledCols {
			v[j] -= minVal - dist[j]
		}
		for j := sink; ; {
			i := path[j]
			rowOfCol[j] = i
			colOf[i], j = j, colOf[i]
			if i == cur {
				break
			}
		}
		for _, j := range settledCols {
			s.seenCol[j] = false
			dist[j] = math.Inf(1)
		}
		for _, j := range touched {
			dist[j] = math.Inf(1)
		}
		s.touched = touched
		s.settledRows, s.settledCols = settledRows, settledCols
	}
	return colOf, true
}

func grow(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	return b[:n]
}

func growInt(b []int, n int) []int {
	if cap(b) < n {
		return make([]int, n)
	}
	return b[:n]
}

func growBool(b []bool, n int) []bool {
	if cap(b) < n {
		return make([]bool, n)
	}
	return b[:n]
}
