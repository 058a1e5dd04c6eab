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
// rectangular problem's optimality conditions require the columns left
// free to end at one common price, which warm prices would not ensure,
// so a warm start first makes the problem square with c - r rows that
// take any column at no cost: a dense block, worth it only when the
// rows are dense already.
func (s *lap) solve(c int, colOf []int, v0 []float64) ([]int, bool) {
	real := len(s.start) - 1
	if v0 != nil && c > real {
		// Warm prices: make the problem square with rows that take any
		// column at no cost, so that no price has to be 0 at the end.
		for range c - real {
			for j := range c {
				s.add(j, 0)
			}
			s.endRow()
		}
		defer func() {
			s.start = s.start[:real+1]
			s.col = s.col[:s.start[real]]
			s.cost = s.cost[:s.start[real]]
		}()
	}
	colOf, ok := s.solveFrom(c, colOf, v0)
	return colOf[:real], ok
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
		var settledRows, settledCols []int
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
