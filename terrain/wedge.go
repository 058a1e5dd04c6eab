package terrain

import (
	"math"
	"math/bits"
	"sync"

	"gonum.org/v1/gonum/spatial/r3"
)

// The sweep decides its cells one wedge of neighbouring rays at a time:
// a worker walks the wedge's rays, keeping their horizons in a buffer
// that stays in cache, then finds the cells whose azimuth falls between
// the wedge's first and last ray, row by row, and decides each as it is
// found. Nothing per cell outlives its wedge, no raster-sized array but
// the result is made, and no cell is sorted or read out of order.

// wedgeRays is the number of rays in a wedge: enough that the rows a
// wedge crosses are long runs of cells, few enough that its rays' horizons
// (4 bytes a sample) stay in a core's cache: about 2 MB at 1 arc-second.
// 128 was 8% faster than 64 and as fast as 256 on the 1" tile.
const wedgeRays = 128

// sweepSparse says how near the observer a ray may start late: a ray
// whose index in its wedge is an odd multiple of 2^t starts at
// far/(sweepSparse 2^t), where the rays 2^t either side of it are
// 4/sweepSparse posts apart. At 3 the sweep does about 10% less work
// than with every ray walked from the observer, and agrees with the
// exact viewshed on at most 0.05 points fewer cells near the observer
// (TestSweepAgreesWithExact); at 2 it does about 17% less but loses up
// to 0.25 points.
const sweepSparse = 3.0

// wedgeBuf is one worker's scratch space, reused from wedge to wedge.
type wedgeBuf struct {
	lo, hi []float64 // per row, the columns the wedge may cover
	from   []int32   // per ray of the wedge: where its walk starts
	order  []int     // the rays of the wedge, parents first
	walks  []rayWalk
	rays   [][]float32 // per ray of the wedge, the steepest slope up to each sample walked
	poly   [][2]float64
	ground []float32 // a row's ground, when the output is not the surface's grid
}

// wedge decides the cells whose ray lies in [j0, j1): it walks the
// wedge's rays out to where they leave the raster or pass far, then
// decides the cells row by row as it finds them.
func (w *sweep) wedge(j0, j1 int, far float64, v View, b *wedgeBuf) {
	out := w.out
	nw := j1 - j0
	w.outline(j0, j1, far, b)
	step := w.step
	w.walkWedge(j0, nw, far, step, b)

	st := &w.st
	nRays := float64(w.nRays)
	invStep := 1 / step
	for r := range out.Rows {
		if b.lo[r] > b.hi[r] {
			continue
		}
		c0 := max(0, int(math.Floor(b.lo[r]))-2)
		c1 := min(out.Cols-1, int(math.Ceil(b.hi[r]))+2)
		if c0 > c1 {
			continue
		}
		rn := w.rowNormals(r)
		ground := w.rowGround(r, c0, c1, &b.ground)
		res := w.result[r*out.Cols : (r+1)*out.Cols]
		dy := (float64(r) - w.oy) * w.rowPosts
		sp := span{hi: -1}
		for c := c0; c <= c1; {
			// A span of columns between two exactly placed ones, whose
			// geoms are linear in the column.
			if c < sp.lo || c > sp.last() {
				sp.place(w, &rn, c, dy)
			}
			last := min(c1, sp.last())
			g0, dg := &sp.g0, &sp.dg
			for ; c <= last; c++ {
				// sp.at, in parts, the azimuth first, to pass over the
				// cells outside the wedge: as a call it cost 40%.
				f := float64(c-sp.lo) * sp.inv
				a := g0.a + f*dg.a
				if a < 0 {
					a += nRays
				} else if a >= nRays {
					a -= nRays
				}
				j := min(int(a), w.nRays-1)
				if j < j0 || j >= j1 {
					continue
				}
				d, gp, gq, bv := g0.d+f*dg.d, g0.p+f*dg.p, g0.q+f*dg.q, g0.bv+f*dg.bv
				if v.MaxRange > 0 && d > v.MaxRange-w.spc {
					// Near the edge of range, the cell's own distance.
					g := w.cellGeom(rn.at(c, true))
					d, gp, gq, bv = g.d, g.p, g.q, g.bv
					if d > v.MaxRange {
						res[c] = OutOfRange
						continue
					}
				}
				z := float64(ground[c])
				zt, decided := targetOn(z, z == z, &v)
				if decided {
					res[c] = NotVisible
					continue
				}
				m := int((d - w.ex) * invStep)
				if m < 1 {
					res[c] = Visible
					continue
				}
				// The horizon at the cell's distance, between its two
				// rays. A ray ends where it leaves the raster: past
				// there it gains nothing.
				ra, rb := b.rays[j-j0], b.rays[j-j0+1]
				x, y := float64(ra[min(m, len(ra)-1)]), float64(rb[min(m, len(rb)-1)])
				// -Inf, a ray with no ground yet, makes h NaN: then
				// the other ray's.
				h := x + (a-float64(j))*(y-x)
				if h != h {
					h = math.Max(x, y)
				}
				if (zt-st.z0)*gp/(1+zt*gq)-bv >= h {
					res[c] = Visible
				} else {
					res[c] = NotVisible
				}
			}
		}
	}
}

// walkWedge walks the nw+1 rays of the wedge from ray j0, each out to
// far or to where it leaves the raster, into b.rays. The rays advance
// together a chunk at a time, so that the ground they read stays in
// cache from one ray to the next.
//
// Near the observer the rays are closer than the cells need: a ray whose
// index within the wedge is an odd multiple of 2^t is walked only from
// far/(sweepSparse 2^t) on, and takes its horizon up to there from the
// rays 2^t either side (its parents).
func (w *sweep) walkWedge(j0, nw int, far, step float64, b *wedgeBuf) {
	// Samples up to the farthest cell; a cell's count is less.
	m := int((far+w.spc)/step) + 1
	b.from = grow(b.from, nw+1)
	b.order = b.order[:0]
	for jl := range b.from {
		b.from[jl] = 0
		if jl == 0 || jl == nw {
			continue
		}
		t := bits.TrailingZeros(uint(jl))
		if jl+1<<t > nw {
			continue
		}
		b.from[jl] = int32(far/(sweepSparse*float64(uint(1)<<t))/step) / rayChunk * rayChunk
	}
	// Parents before children: the rays walked from the observer, then
	// the late starters, coarsest first.
	for jl := 0; jl <= nw; jl++ {
		if b.from[jl] == 0 {
			b.order = append(b.order, jl)
		}
	}
	for t := bits.Len(uint(nw)); t >= 0; t-- {
		for jl := 1 << t; jl < nw; jl += 2 << t {
			if b.from[jl] > 0 {
				b.order = append(b.order, jl)
			}
		}
	}
	if len(b.rays) < nw+1 {
		b.rays = append(b.rays, make([][]float32, nw+1-len(b.rays))...)
	}
	b.walks = grow(b.walks, nw+1)
	for jl := range b.walks {
		b.rays[jl] = grow(b.rays[jl], m+1)
		b.walks[jl] = rayWalk{k: -1}
	}
	for k := 0; ; k += rayChunk {
		busy := false
		for _, jl := range b.order {
			rw := &b.walks[jl]
			if rw.k < 0 {
				// Not started: a late starter starts at its from, or
				// where a parent's walk ended, if sooner.
				p := b.rays[jl]
				if f := int(b.from[jl]); f > 0 {
					t := 1 << bits.TrailingZeros(uint(jl))
					pa, pb := &b.walks[jl-t], &b.walks[jl+t]
					if k < f && !pa.done && !pb.done {
						busy = true
						continue
					}
					// The horizon up to k, halfway between the
					// parents', which have both been walked that far.
					qa, qb := pa.prefix[:pa.k+1], pb.prefix[:pb.k+1]
					for i := 0; i <= k; i++ {
						x, y := qa[min(i, pa.k)], qb[min(i, pb.k)]
						// -Inf, no ground yet, takes the other's.
						if h := 0.5 * (x + y); h >= -math.MaxFloat32 {
							p[i] = h
						} else {
							p[i] = max(x, y)
						}
					}
				} else {
					p[0] = float32(math.Inf(-1))
				}
				rw.start(w, (j0+jl)%w.nRays, k, m, step, p)
			}
			if !rw.done {
				rw.chunk()
				busy = true
			}
		}
		if !busy {
			break
		}
	}
	for jl := range b.walks {
		b.rays[jl] = b.rays[jl][:b.walks[jl].k+1]
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// outline sets b.lo and b.hi to the span of columns, in each row, of the
// wedge between rays j0 and j1 out to far: a polygon through the observer
// and points along the two rays every 128 posts, scanned row by row. Each
// edge widens the rows within one of it, so that the polygon's straight
// edges, against the rays' slight curves on the grid (a great circle on
// a geographic grid bows L² tan(lat)/(8R) from its chord, 0.15 m at 45
// degrees and 1 arc-second), lose no cell; the cells themselves are then
// sorted into wedges by their azimuth.
func (w *sweep) outline(j0, j1 int, far float64, b *wedgeBuf) {
	out := w.out
	b.lo = grow(b.lo, out.Rows)
	b.hi = grow(b.hi, out.Rows)
	if w.wholeRows {
		for r := range b.lo {
			b.lo[r], b.hi[r] = 0, float64(out.Cols-1)
		}
		return
	}
	for r := range b.lo {
		b.lo[r], b.hi[r] = math.Inf(1), math.Inf(-1)
	}
	// Past far by the bulge of the wedge's arc over its chord, and a
	// few posts.
	half := (w.rayAz(j1) - w.rayAz(j0)) / 2
	reach := far/math.Cos(half) + 4*w.spc
	seg := 4 * chunk * w.spc
	nseg := int(math.Ceil(reach / seg))
	b.poly = b.poly[:0]
	ox, oy := out.Pixel(w.lat, w.lon)
	b.poly = append(b.poly, [2]float64{ox, oy})
	for _, j := range []int{j0, j1} {
		rr := w.st.ray(w.rayAz(j))
		pts := make([][2]float64, 0, nseg)
		for s := 1; s <= nseg; s++ {
			x, y := out.Pixel(rr.at(min(float64(s)*seg, reach)))
			pts = append(pts, [2]float64{x, y})
		}
		if j == j1 {
			for p, q := 0, len(pts)-1; p < q; p, q = p+1, q-1 {
				pts[p], pts[q] = pts[q], pts[p]
			}
		}
		b.poly = append(b.poly, pts...)
	}
	rows := float64(out.Rows - 1)
	for e := range b.poly {
		p, q := b.poly[e], b.poly[(e+1)%len(b.poly)]
		if p[1] > q[1] {
			p, q = q, p
		}
		ya, yb := math.Max(0, math.Floor(p[1])-1), math.Min(rows, math.Ceil(q[1])+1)
		if ya > yb {
			continue
		}
		dy := q[1] - p[1]
		for r := int(ya); r <= int(yb); r++ {
			// x over y in [r-1, r+1], clipped to the edge.
			y0, y1 := math.Max(p[1], float64(r)-1), math.Min(q[1], float64(r)+1)
			var xa, xb float64
			switch {
			case y0 > y1:
				continue
			case dy == 0:
				xa, xb = p[0], q[0]
			default:
				xa = p[0] + (q[0]-p[0])*(y0-p[1])/dy
				xb = p[0] + (q[0]-p[0])*(y1-p[1])/dy
			}
			if xa > xb {
				xa, xb = xb, xa
			}
			b.lo[r] = math.Min(b.lo[r], xa)
			b.hi[r] = math.Max(b.hi[r], xb)
		}
	}
}

// geom is what the sweep needs of a cell's place, whatever its ground:
// its ground distance d from the observer, and the parts of its target's
// slope. On the effective earth of radius kR a target at height zt and
// central angle psi = d/(kR) has the slope
//
//	((zt - z0) - (kR + zt) vers psi) / ((kR + zt) sin psi)
//	  = (zt - z0) p / (1 + zt q) - bv,
//
// with p = 1/(kR sin psi), q = 1/(kR) and bv = vers psi / sin psi.
type geom struct {
	d, p, q, bv float64
	a           float64 // azimuth in rays, [0, nRays) where exact
}

// cellGeom is the geom of the cell whose unit ellipsoid normal has the
// components e, n, up in the observer's axes.
func (w *sweep) cellGeom(e, n, up float64) geom {
	st := &w.st
	h2 := e*e + n*n
	h := math.Sqrt(h2)
	var theta float64
	if up > 0 && h < 0.05 {
		// arcsin h, by its series: no division.
		t2 := h2
		theta = h * (1 + t2*(1.0/6+t2*(3.0/40+t2*(5.0/112+t2*(35.0/1152)))))
	} else {
		theta = atanRatio(h, up)
	}
	var R float64
	switch {
	case st.radius > 0:
		R = st.radius
	case h == 0:
		R = math.Sqrt(st.m * st.n)
	default:
		R = st.m * st.n * h2 / (st.n*n*n + st.m*e*e)
	}
	kR := st.k * R
	vers, sin := versinSin(theta / st.k)
	a := w.rayOf(e, n)
	if a < 0 {
		a += float64(w.nRays)
	}
	return geom{d: R * theta, p: 1 / (kR * sin), q: 1 / kR, bv: vers / sin, a: a}
}

// rowNormals gives the ellipsoid normals of the cells of one row in the
// observer's axes.
type rowNormals struct {
	w          *sweep
	cLat       float64 // geographic grid: cos of the row's latitude
	ez, nz, uz float64 // and sin of it times the observer's axes' z
	// Projected grid: the rows of anchors above and below, the row's
	// place between them, and n0, n1 the normals at columns anchor and
	// anchor+1 of the row, interpolated between them.
	above, below []r3.Vec
	fy           float64
	anchor       int
	n0, n1       r3.Vec
}

func (w *sweep) rowNormals(r int) rowNormals {
	rn := rowNormals{w: w, anchor: -1}
	if w.colAxes != nil {
		lat, _ := w.out.LatLon(0, float64(r))
		sLat, cLat := math.Sincos(lat)
		st := &w.st
		rn.cLat = cLat
		rn.ez, rn.nz, rn.uz = sLat*st.east.Z, sLat*st.north.Z, sLat*st.up.Z
	} else {
		ar := r / chunk
		rn.above = w.anchors[ar*w.nAnchor : (ar+1)*w.nAnchor]
		rn.below = w.anchors[(ar+1)*w.nAnchor : (ar+2)*w.nAnchor]
		rn.fy = float64(r%chunk) / chunk
	}
	return rn
}

// at gives the east, north and up components of column c's normal, of
// unit length if unit (on a geographic grid they always are). c may lie
// up to a chunk past the last column.
func (rn *rowNormals) at(c int, unit bool) (e, n, up float64) {
	w := rn.w
	if w.colAxes != nil {
		// cos lat (cos lon, sin lon, 0) + sin lat (0, 0, 1): a column's
		// dots are kept.
		t := &w.colAxes[c]
		return rn.cLat*t[0] + rn.ez, rn.cLat*t[1] + rn.nz, rn.cLat*t[2] + rn.uz
	}
	// A projected grid: normals exactly every chunk cells across and
	// down, bilinear between; over 32 cells of 30 m the error is far
	// below a millimetre.
	if a := c / chunk; a != rn.anchor {
		rn.anchor = a
		f := rn.fy
		lerp := func(p, q r3.Vec) r3.Vec {
			return r3.Vec{X: p.X + f*(q.X-p.X), Y: p.Y + f*(q.Y-p.Y), Z: p.Z + f*(q.Z-p.Z)}
		}
		rn.n0, rn.n1 = lerp(rn.above[a], rn.below[a]), lerp(rn.above[a+1], rn.below[a+1])
	}
	f := float64(c%chunk) / chunk
	n0, n1 := rn.n0, rn.n1
	u := r3.Vec{X: n0.X + f*(n1.X-n0.X), Y: n0.Y + f*(n1.Y-n0.Y), Z: n0.Z + f*(n1.Z-n0.Z)}
	if unit {
		s := 1 / math.Sqrt(u.X*u.X+u.Y*u.Y+u.Z*u.Z)
		u = r3.Vec{X: s * u.X, Y: s * u.Y, Z: s * u.Z}
	}
	st := &w.st
	return u.X*st.east.X + u.Y*st.east.Y + u.Z*st.east.Z,
		u.X*st.north.X + u.Y*st.north.Y + u.Z*st.north.Z,
		u.X*st.up.X + u.Y*st.up.Y + u.Z*st.up.Z
}

// geomSpan sets how far apart, in columns, the sweep works a cell's geom
// out exactly: a power of two up to chunk, spanning no more than
// 1/(2 geomSpan) of the distance ρ from the observer; between, it is
// linear in the column. Linear interpolation over a span L errs by at
// most L²/8 times the second derivative, which along a row is at most
// 1/ρ for the distance, 2/ρ² relative for the slope's 1/distance part
// and (1 + 3|fanBeta|)/(dAz ρ²) rays for the azimuth in rays (rayAz):
// so below 1/(32 geomSpan²) of the distance (1.2e-4 at 16),
// 2/(32 geomSpan²) of a target's height above the observer (0.7 m at
// 3 km) and (1 + 3|fanBeta|)/(32 geomSpan² dAz) rays of azimuth (a
// third of the rays' spacing at 1 arc-second), small beside
// the sweep's own error (TestGeomSpan; TestSweepAgreesWithExact moved by
// 0.01 points from exact geometry). A cell within a post of the maximum
// range gets its own.
const geomSpan = 16

// span interpolates the geoms of a row between exactly placed columns.
type span struct {
	lo, hi int // columns of g0 and g1: hi = lo + n, or lo when n is 1; hi < lo when unset
	block  int // the chunk of columns whose spacing n is
	n      int
	inv    float64 // 1/n
	g0, g1 geom
	dg     geom    // g1 - g0
	a1     float64 // g1's azimuth before it was brought to g0's side of north
}

// at is the geom of column c, which the span serves, interpolated; its
// azimuth may lie a little outside [0, nRays). The sweep works the same
// sums in place.
func (sp *span) at(c int) geom {
	f := float64(c-sp.lo) * sp.inv
	g, d := &sp.g0, &sp.dg
	return geom{d: g.d + f*d.d, p: g.p + f*d.p, q: g.q + f*d.q, bv: g.bv + f*d.bv, a: g.a + f*d.a}
}

// last is the last column the span serves: hi's own span follows; -1
// before the first.
func (sp *span) last() int {
	if sp.hi < sp.lo {
		return -1
	}
	return max(sp.hi-1, sp.lo)
}

// place works out the exactly placed columns either side of c.
func (sp *span) place(w *sweep, rn *rowNormals, c int, dy float64) {
	if bl := c / chunk; bl != sp.block || sp.n == 0 {
		sp.block, sp.n = bl, w.spacing(bl, dy)
	}
	lo := c - c%sp.n
	if lo == sp.hi && sp.hi > sp.lo {
		sp.g0 = sp.g1
		sp.g0.a = sp.a1 // as cellGeom gave it

	} else {
		sp.g0 = w.cellGeom(rn.at(lo, true))
	}
	sp.lo, sp.hi = lo, lo
	sp.inv = 1 / float64(sp.n)
	sp.g1 = sp.g0
	if sp.n > 1 {
		sp.hi = lo + sp.n
		sp.g1 = w.cellGeom(rn.at(sp.hi, true))
		sp.a1 = sp.g1.a
		// The azimuth of g1 on g0's side of north, to interpolate
		// across it; the cell's is brought back to [0, nRays).
		if h := float64(w.nRays) / 2; sp.g1.a-sp.g0.a > h {
			sp.g1.a -= float64(w.nRays)
		} else if sp.g0.a-sp.g1.a > h {
			sp.g1.a += float64(w.nRays)
		}
	}
	sp.dg = geom{d: sp.g1.d - sp.g0.d, p: sp.g1.p - sp.g0.p, q: sp.g1.q - sp.g0.q, bv: sp.g1.bv - sp.g0.bv, a: sp.g1.a - sp.g0.a}
}

// spacing is the span of exactly placed columns in chunk bl of a row dy
// posts from the observer.
func (w *sweep) spacing(bl int, dy float64) int {
	x0, x1 := float64(bl*chunk), float64((bl+1)*chunk)
	dx := 0.0
	switch {
	case w.ox < x0:
		dx = x0 - w.ox
	case w.ox > x1:
		dx = w.ox - x1
	}
	dx *= w.colPosts
	rho := math.Sqrt(dx*dx + dy*dy)
	// The largest n whose span, n columns, is no wider than
	// rho/(2 geomSpan).
	n := 1
	for n < chunk && 2*float64(2*n)*w.colWide*geomSpan <= rho {
		n *= 2
	}
	return n
}

// prepareWedges works out what the wedges share: the observer's pixel,
// the pixel sizes, and on a projected grid the coarse grid of normals.
func (w *sweep) prepareWedges(workers int, far float64) {
	if w.grid != nil {
		w.peaks = newPeakGrid(w.grid, workers)
	}
	if w.colAxes == nil {
		// A projected grid: the normals every chunk cells across and
		// down, which every wedge would otherwise work out again.
		w.nAnchor = w.out.Cols/chunk + 3
		rows := w.out.Rows/chunk + 2
		w.anchors = make([]r3.Vec, rows*w.nAnchor)
		parallel(workers, rows, 1, func(r0, r1 int) {
			for r := r0; r < r1; r++ {
				for a := range w.nAnchor {
					w.anchors[r*w.nAnchor+a] = normal(w.out.LatLon(float64(a*chunk), float64(r*chunk)))
				}
			}
		})
	}
	// Where a wedge is not a thin, nearly straight sector on the grid
	// (a view beyond 300 km, or near a pole), each wedge looks at every
	// cell: slow, but right.
	ox, oy := w.out.Pixel(w.lat, w.lon)
	w.ox, w.oy = ox, oy
	w.colPosts, w.rowPosts = w.postsPerPixel(w.out)
	w.colWide = w.widestColumn(w.out)
	w.wholeRows = far > 300e3 || math.Abs(w.lat) > 80*math.Pi/180 ||
		math.IsNaN(ox+oy) || math.IsInf(ox+oy, 0)
}

// sweepWedges runs the sweep wedge by wedge on the workers.
func (w *sweep) sweepWedges(out Georef, v View, opt *Options, workers int, far float64) (*Raster[uint8], error) {
	// A wedge is a narrow sector, whatever the number of rays, so that
	// its outline is convex and its rows are single runs.
	nw := max(1, min(wedgeRays, w.nRays/16))
	nWedges := (w.nRays + nw - 1) / nw
	w.prepareWedges(workers, far)
	total := w.nRays
	var mu sync.Mutex
	done := 0
	bufs := make(chan *wedgeBuf, workers)
	for range workers {
		bufs <- &wedgeBuf{}
	}
	parallel(workers, nWedges, 1, func(q0, q1 int) {
		b := <-bufs
		for q := q0; q < q1; q++ {
			j0, j1 := q*nw, min((q+1)*nw, w.nRays)
			w.wedge(j0, j1, far, v, b)
			if opt.Progress != nil {
				mu.Lock()
				done += j1 - j0
				opt.Progress(done, total)
				mu.Unlock()
			}
		}
		bufs <- b
	})
	return &Raster[uint8]{Georef: out, Pix: w.result}, nil
}

// widestColumn bounds from above the width of out's pixels in post
// spacings: at the raster's most equatorward row if geographic.
func (w *sweep) widestColumn(out Georef) float64 {
	lat := 0.0
	if top, bottom := out.Y0-0.5*out.DY, out.Y0-(float64(out.Rows)-0.5)*out.DY; out.Geographic() && top*bottom > 0 {
		lat = math.Min(math.Abs(top), math.Abs(bottom)) * math.Pi / 180
	}
	dx, _ := out.pixelMetres(lat)
	return 1.01 * dx / w.spc
}

// postsPerPixel bounds from below the width and height of out's pixels
// in post spacings: a geographic pixel's width at the raster's most
// poleward row, a projected one's less 1% for the projection's scale.
func (w *sweep) postsPerPixel(out Georef) (col, row float64) {
	lat := 0.0
	if out.Geographic() {
		lat = out.polewardLat()
	}
	dx, dy := out.pixelMetres(lat)
	return 0.99 * dx / w.spc, 0.99 * dy / w.spc
}
