package coverage

import (
	"math"

	"github.com/iadsim/iadsim/terrain"
	"github.com/paulmach/orb"
)

// Directions of a boundary edge, anticlockwise, in a frame whose y runs
// north: turning left is adding one.
const (
	east = iota
	north
	west
	south
)

// Polygons vectorises the covered cells of a raster on a geographic grid
// into polygons with holes, in longitude and latitude degrees, exactly
// along the cell edges. Cells sharing an edge belong to one polygon;
// cells touching only at a corner belong to two (the boundary turns
// around the corner, so no ring crosses itself). Outer rings run
// anticlockwise and holes clockwise, as RFC 7946 asks, each closed, with
// collinear vertices dropped. Polygons come in the order of their
// north-westernmost cell.
//
// Every longitude is in [-180, 180]: a raster that reaches across the
// antimeridian is cut there, through the column it crosses, into the
// polygons of its west side and then those of its east side, as RFC 7946
// (3.1.9) asks of a geometry that crosses it.
func Polygons(r *terrain.Raster[uint8]) orb.MultiPolygon {
	edge := func(x int) float64 { return r.X0 + float64(x)*r.DX }
	west, east := edge(0), edge(r.Cols)
	if !r.Geographic() || west >= -180 && east <= 180 {
		return polygons(r, 0, r.Cols, edge)
	}
	// The meridian to cut at, and the shift of each side into range.
	cut, shiftW, shiftE := 180.0, 0.0, -360.0
	if west < -180 {
		cut, shiftW, shiftE = -180, 360, 0
	}
	if west >= cut || east <= cut { // wholly beyond it
		return polygons(r, 0, r.Cols, func(x int) float64 { return edge(x) + shiftW + shiftE })
	}
	// Column k holds the cut; an edge within rounding of it is taken as
	// on it, so that no sliver column is left on either side.
	f := (cut - west) / r.DX
	k := int(math.Floor(f))
	wEnd := k + 1
	if math.Abs(f-math.Round(f)) < 1e-9 {
		k = int(math.Round(f))
		wEnd = k
	}
	mp := polygons(r, 0, wEnd, func(x int) float64 { return math.Min(edge(x), cut) + shiftW })
	return append(mp, polygons(r, k, r.Cols, func(x int) float64 { return math.Max(edge(k+x), cut) + shiftE })...)
}

// polygons vectorises columns c0 to c1 (not included) of r, giving
// the longitude of vertex column x (counted from c0) by lon.
func polygons(r *terrain.Raster[uint8], c0, c1 int, lon func(x int) float64) orb.MultiPolygon {
	cols, rows := c1-c0, r.Rows
	on := func(c, row int) bool {
		return c >= 0 && row >= 0 && c < cols && row < rows && r.Pix[row*r.Cols+c0+c] != 0
	}
	// Vertices (x, y), x = 0..cols east, y = 0..rows north from the
	// south-west corner; cell (c, row) spans x in [c, c+1] and y in
	// [rows-row-1, rows-row]. Each boundary edge keeps its covered cell on
	// its left; out holds, per vertex, a bit per direction leaving it.
	vw := cols + 1
	out := make([]uint8, vw*(rows+1))
	vid := func(x, y int) int { return y*vw + x }
	for row := range rows {
		for c := range cols {
			if !on(c, row) {
				continue
			}
			x, y := c, rows-row-1
			if !on(c, row+1) {
				out[vid(x, y)] |= 1 << east
			}
			if !on(c+1, row) {
				out[vid(x+1, y)] |= 1 << north
			}
			if !on(c, row-1) {
				out[vid(x+1, y+1)] |= 1 << west
			}
			if !on(c-1, row) {
				out[vid(x, y+1)] |= 1 << south
			}
		}
	}
	label := components(r)
	dx := [4]int{1, 0, -1, 0}
	dy := [4]int{0, 1, 0, -1}
	// leftCell is the covered cell on the left of the edge leaving (x, y)
	// in direction d, as an index into r.Pix.
	leftCell := func(x, y, d int) int {
		x += c0
		switch d {
		case east:
			return (rows-y-1)*r.Cols + x
		case north:
			return (rows-y-1)*r.Cols + x - 1
		case west:
			return (rows-y)*r.Cols + x - 1
		}
		return (rows-y)*r.Cols + x
	}
	orig := append([]uint8(nil), out...)
	type ring struct {
		pts  orb.Ring
		comp int32
		area float64
	}
	type open struct {
		pts  []orb.Point
		comp int32
	}
	var outers, holes []ring
	lat := func(y int) float64 { return r.Y0 - float64(rows-y)*r.DY }
	// Scan vertices north to south, west to east, so that polygons come
	// in the order of their north-westernmost cell.
	for y := rows; y >= 0; y-- {
		for x := 0; x <= cols; x++ {
			for out[vid(x, y)] != 0 {
				d0 := 0
				for out[vid(x, y)]&(1<<d0) == 0 {
					d0++
				}
				rg := open{comp: label[leftCell(x, y, d0)]}
				cx, cy, d := x, y, d0
				out[vid(cx, cy)] &^= 1 << d
				for {
					nx, ny := cx+dx[d], cy+dy[d]
					// Leave the end of the edge turning left if it
					// can, then straight on, then right: the turn
					// keeps to the cell on the left, so cells meeting
					// at a corner stay apart.
					o := orig[vid(nx, ny)]
					nd := -1
					for _, t := range [3]int{(d + 1) % 4, d, (d + 3) % 4} {
						if o&(1<<t) != 0 {
							nd = t
							break
						}
					}
					if nd != d {
						rg.pts = append(rg.pts, orb.Point{lon(nx), lat(ny)})
					}
					cx, cy = nx, ny
					if cx == x && cy == y && nd == d0 {
						break
					}
					out[vid(cx, cy)] &^= 1 << nd
					d = nd
				}
				// A ring that touches itself at a corner is split
				// there into simple rings, as OGC validity asks: an
				// outer ring into an outer ring and a hole touching it
				// at a point, a hole into two holes.
				for _, pts := range simple(rg.pts) {
					a := planar(pts)
					rg := ring{pts: pts, comp: rg.comp, area: a}
					if a > 0 {
						outers = append(outers, rg)
					} else {
						holes = append(holes, rg)
					}
				}
			}
		}
	}
	// A hole lies in an outer ring of the component whose cells border
	// it: the only one, or the smallest that contains a point just
	// inside the hole.
	byComp := make(map[int32][]int, len(outers))
	mp := make(orb.MultiPolygon, len(outers))
	for i, o := range outers {
		byComp[o.comp] = append(byComp[o.comp], i)
		mp[i] = orb.Polygon{o.pts}
	}
	for _, h := range holes {
		cand := byComp[h.comp]
		if len(cand) == 0 {
			continue
		}
		best := cand[0]
		if len(cand) > 1 {
			// The hole's uncovered side is on the right of its edges.
			p0, p1 := h.pts[0], h.pts[1]
			ex, ey := p1[0]-p0[0], p1[1]-p0[1]
			n := math.Hypot(ex/r.DX, ey/r.DY)
			q := orb.Point{(p0[0]+p1[0])/2 + 0.25*ey/n/r.DY*r.DX, (p0[1]+p1[1])/2 - 0.25*ex/n/r.DX*r.DY}
			bestArea := math.Inf(1)
			for _, i := range cand {
				if a := outers[i].area; a < bestArea && inRing(outers[i].pts, q) {
					best, bestArea = i, a
				}
			}
		}
		mp[best] = append(mp[best], h.pts)
	}
	return mp
}

// simple splits a closed vertex list (without its closing point) at
// every vertex it passes twice, returning closed rings.
func simple(pts []orb.Point) []orb.Ring {
	var out []orb.Ring
	at := make(map[orb.Point]int, len(pts))
	var stack []orb.Point
	for _, p := range pts {
		if k, ok := at[p]; ok {
			loop := append(orb.Ring(nil), stack[k:]...)
			out = append(out, append(loop, p))
			for _, q := range stack[k+1:] {
				delete(at, q)
			}
			stack = stack[:k+1]
			continue
		}
		at[p] = len(stack)
		stack = append(stack, p)
	}
	if len(stack) > 0 {
		out = append(out, append(orb.Ring(stack), stack[0]))
	}
	return out
}

// planar is the signed shoelace area of a closed ring in its own
// coordinates, anticlockwise positive.
func planar(r orb.Ring) float64 {
	s := 0.0
	for i := 1; i < len(r); i++ {
		s += r[i-1][0]*r[i][1] - r[i][0]*r[i-1][1]
	}
	return s / 2
}

// inRing reports whether q lies inside the closed ring, by the even-odd
// rule.
func inRing(r orb.Ring, q orb.Point) bool {
	in := false
	for i := 1; i < len(r); i++ {
		a, b := r[i-1], r[i]
		if (a[1] > q[1]) != (b[1] > q[1]) && q[0] < a[0]+(q[1]-a[1])/(b[1]-a[1])*(b[0]-a[0]) {
			in = !in
		}
	}
	return in
}

// components labels the covered cells of r by 4-connected component,
// -1 elsewhere; labels count from 0 in raster order of first cells.
func components(r *terrain.Raster[uint8]) []int32 {
	cols, rows := r.Cols, r.Rows
	label := make([]int32, len(r.Pix))
	for i := range label {
		label[i] = -1
	}
	var stack []int
	next := int32(0)
	for i, p := range r.Pix {
		if p == 0 || label[i] >= 0 {
			continue
		}
		label[i] = next
		stack = append(stack[:0], i)
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			c, row := j%cols, j/cols
			for _, nb := range [4][2]int{{c - 1, row}, {c + 1, row}, {c, row - 1}, {c, row + 1}} {
				if nb[0] < 0 || nb[1] < 0 || nb[0] >= cols || nb[1] >= rows {
					continue
				}
				k := nb[1]*cols + nb[0]
				if r.Pix[k] != 0 && label[k] < 0 {
					label[k] = next
					stack = append(stack, k)
				}
			}
		}
		next++
	}
	return label
}
