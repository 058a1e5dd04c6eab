package terrain

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/spatial/r3"
)

// Values of a viewshed raster, as gdal_viewshed writes them by default.
const (
	Visible    uint8 = 255
	NotVisible uint8 = 0
	OutOfRange uint8 = 0 // gdal_viewshed's default -ov

	pending uint8 = 1 // a cell ViewshedExact has still to decide
)

// View says from where and at what a viewshed looks.
type View struct {
	Lat, Lon float64 // observer, geodetic radians
	Height   float64 // observer (antenna) above the ground at Lat, Lon, m
	// TargetHeight is the height of the target above the ground of each
	// cell, or above the surface's datum (sea level) when
	// TargetAboveDatum; a target below the ground is not visible.
	TargetHeight     float64
	TargetAboveDatum bool
	MaxRange         float64 // ground distance, m; 0 means no limit
	K                float64 // effective-earth factor; 0 means DefaultK
	Radius           float64 // earth radius, m; 0 means WGS-84's Euler radius at the observer in each azimuth
}

// Options tune how a viewshed is computed, not what it is.
type Options struct {
	Workers int // goroutines; 0 means runtime.GOMAXPROCS(0)
	// Progress, when not nil, is called with the work done so far and
	// the total, ending with done == total. It may be called from
	// several goroutines but never concurrently.
	Progress func(done, total int)
}

// Viewshed computes which cells of the raster out can see, and be seen
// from, the observer of v, with the line of sight of LOS over s: a cell
// is Visible when its target point clears every ground sample on the way.
// Cells beyond MaxRange are OutOfRange; the raster has out's
// georeferencing, so out = grid.Georef gives a viewshed on the DEM's own
// grid.
//
// The algorithm is a radial sweep in the manner of Franklin and Ray's R2:
// rays fan out from the observer, two post spacings apart at the farthest
// cell across each ray (rayAz), and each walks the ground once, sampled
// bilinearly every post spacing, keeping the running maximum of the
// elevation slope. Nearer
// the observer, where fewer rays would do, some start part-way out and
// take the horizon up to there from their neighbours (see wedge.go). A
// cell lies between two neighbouring rays; its horizon slope at its own
// distance is interpolated in azimuth between theirs and compared with
// the slope of its target, from a geometry exact every few columns and
// linear between. The rays are taken in wedges of 128, each with the
// cells between them, shared among the workers; the result is the same
// whatever their number. A ray stops where it leaves the raster, and
// passes over stretches whose highest posts cannot rise above its
// horizon so far (horizon culling, by the maxima of 16 x 16 blocks). The
// work is O(rays x length), about the number of cells. It agrees with
// ViewshedExact on more than 99.5% of cells (see the tests and
// docs/terrain.md).
func Viewshed(s Surface, out Georef, v View, opt *Options) (*Raster[uint8], error) {
	return viewshed(s, out, v, opt, false)
}

// ViewshedExact is the brute-force reference for Viewshed: each cell gets
// its own line of sight, the ground sampled bilinearly every half post
// along the cell's own azimuth. It costs O(cells x length), hundreds of
// times Viewshed.
func ViewshedExact(s Surface, out Georef, v View, opt *Options) (*Raster[uint8], error) {
	return viewshed(s, out, v, opt, true)
}

// Tuning of the sweep, in post spacings. The tests hold it to the
// agreement promised above.
const (
	sweepStep    = 1.0 // ground sample spacing along a ray
	sweepFan     = 2.0 // spacing of neighbouring rays at the farthest cell
	sweepExclude = 0.5 // ground within this of the target is not sampled
	exactStep    = 0.5
	// chunk is the spacing, in columns and rows, of the exactly placed
	// normals of a projected grid (bilinear between), and the widest span
	// of columns between exactly worked cell geometries (wedge.go).
	chunk = 32
	// rayChunk is the number of samples along a ray between exactly
	// placed ones; between, they are placed linearly in pixel (or degree)
	// space. Over 64 posts the path's curvature there moves a sample by
	// at most a hundredth of a post (a great circle on a geographic grid
	// at 45 degrees: L² tan(lat)/(8R), 4 cm at 1 arc-second).
	rayChunk = 64
)

// sweep is one viewshed computation. The exact one keeps, of each cell,
// how many samples lie before it and the slope of its target; the sweep
// keeps them a wedge at a time (wedge.go).
type sweep struct {
	s         Surface
	g         gridded      // s as a grid, when it is one: positions in pixels
	same      *Grid        // s when out is its own grid
	grid      *Grid        // s when it is a Grid
	anchors   []r3.Vec     // the normals of every chunk-th column of every chunk-th row; projected out only
	nAnchor   int          // anchors per row
	colAxes   [][3]float64 // per column, (cos lon, sin lon, 0) dotted with the observer's east, north, up; geographic out only
	st        site
	lat       float64 // observer, rad
	lon       float64
	wholeRows bool    // the sweep's wedges look at every cell (wedge.go)
	ox, oy    float64 // the observer in out's pixels
	// The least width and height of a pixel, in post spacings, for
	// bounding a cell's distance from the observer (wedge.go).
	colPosts, rowPosts float64
	colWide            float64 // and from above, the width
	placeEvery         int     // rays' samples between exactly placed ones (rayWalk.pos)
	peaks              *peakGrid
	out                Georef
	spc                float64 // surface post spacing, m
	step               float64
	ex                 float64
	nRays              int
	dAz                float64
	invAz              float64 // 1/dAz
	// fanBeta shapes the fan: ray j lies at the azimuth θ where
	// F(θ) = (θ + fanBeta sin(2θ)/2)/dAz is j (rayAz).
	fanBeta float64
	cell    []cell // per cell, ViewshedExact only
	result  []uint8
}

// cell is what ViewshedExact keeps of a cell between its passes.
type cell struct {
	ts    float64 // elevation slope of the cell's target from the observer
	count int32   // ground samples between the observer and the cell
}

// gridded is a surface sampled by pixel coordinates.
type gridded interface {
	Pixel(lat, lon float64) (x, y float64)
	bilinear(x, y float64) (float64, bool)
}

func viewshed(s Surface, out Georef, v View, opt *Options, exact bool) (*Raster[uint8], error) {
	if err := out.check(); err != nil {
		return nil, err
	}
	if opt == nil {
		opt = &Options{}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	w, far, err := newSweep(s, out, v, exact)
	if err != nil {
		return nil, err
	}
	n := out.Cols * out.Rows
	w.result = make([]uint8, n)
	if !exact {
		return w.sweepWedges(out, v, opt, workers, far)
	}
	w.cell = make([]cell, n)

	// Progress: rows of the cell pass, then rows of the exact pass.
	total := 2 * out.Rows
	var mu sync.Mutex
	var done atomic.Int64
	report := func(k int) {
		d := int(done.Add(int64(k)))
		if opt.Progress != nil {
			mu.Lock()
			opt.Progress(d, total)
			mu.Unlock()
		}
	}
	parallel(workers, out.Rows, 1, func(r0, r1 int) {
		for r := r0; r < r1; r++ {
			w.cells(r, v)
		}
		report(r1 - r0)
	})
	parallel(workers, out.Rows, 1, func(r0, r1 int) {
		for r := r0; r < r1; r++ {
			w.exactRow(r)
		}
		report(r1 - r0)
	})
	return &Raster[uint8]{Georef: out, Pix: w.result}, nil
}

// newSweep sets up the computation of a viewshed of s on out from v:
// the sweep (its rays reaching far, the farthest cell) or, if exact, the
// reference.
func newSweep(s Surface, out Georef, v View, exact bool) (*sweep, float64, error) {
	switch {
	case !(math.Abs(v.Lat) <= math.Pi/2) || math.IsNaN(v.Lon) || math.IsInf(v.Lon, 0):
		return nil, 0, fmt.Errorf("observer at %g, %g rad is not a position", v.Lat, v.Lon)
	case v.K < 0 || math.IsNaN(v.K) || math.IsInf(v.K, 0):
		return nil, 0, fmt.Errorf("effective-earth factor %g, want > 0", v.K)
	case v.MaxRange < 0 || math.IsNaN(v.MaxRange), math.IsNaN(v.Height), math.IsNaN(v.TargetHeight):
		return nil, 0, errors.New("observer height, target height and maximum range must be numbers, the range not negative")
	}
	z0, ok := s.Elevation(v.Lat, v.Lon)
	if !ok {
		return nil, 0, fmt.Errorf("observer at %.6f, %.6f has no ground elevation: outside the DEM or on a void",
			v.Lat*180/math.Pi, v.Lon*180/math.Pi)
	}
	w := &sweep{
		s:   s,
		st:  newSite(v.Lat, v.Lon, z0+v.Height, v.K, v.Radius),
		lat: v.Lat,
		lon: v.Lon,
		out: out,
		spc: s.Spacing(),
	}
	if g, ok := s.(gridded); ok {
		w.g = g
	}
	w.placeEvery = rayChunk
	if g, ok := s.(*Grid); ok && g.Cols > 1 && g.Rows > 1 {
		w.grid = g
		if !g.Geographic() {
			w.placeEvery = 4 * rayChunk
		}
	}
	if g, ok := s.(*Grid); ok && g.Georef == out {
		w.same = g // cell grounds are the posts themselves
	}
	if out.Geographic() {
		// A chunk of columns past the last, for the sweep's exactly
		// placed columns (wedge.go).
		w.colAxes = make([][3]float64, out.Cols+chunk+1)
		st := &w.st
		for c := range w.colAxes {
			_, lon := out.LatLon(float64(c), 0)
			y, x := math.Sincos(lon)
			w.colAxes[c] = [3]float64{x*st.east.X + y*st.east.Y, x*st.north.X + y*st.north.Y, x*st.up.X + y*st.up.Y}
		}
	}
	if !(w.spc > 0) {
		return nil, 0, fmt.Errorf("surface post spacing %g m, want > 0", w.spc)
	}
	w.ex = sweepExclude * w.spc
	far := 0.0
	if exact {
		w.step = exactStep * w.spc
	} else {
		w.step = sweepStep * w.spc
		// The farthest cell lies on the raster's edge.
		edge := func(c, r int) {
			lat, lon := out.LatLon(float64(c), float64(r))
			_, th, R := w.st.polar(normal(lat, lon))
			far = math.Max(far, R*th)
		}
		for c := range out.Cols {
			edge(c, 0)
			edge(c, out.Rows-1)
		}
		for r := range out.Rows {
			edge(0, r)
			edge(out.Cols-1, r)
		}
		if v.MaxRange > 0 {
			far = math.Min(far, v.MaxRange)
		}
		// Neighbouring rays are sweepFan posts apart at the farthest
		// cell, counted across the ray: on a grid whose columns are
		// narrower than its rows (a geographic one away from the
		// equator) the rays crowd where they run north-south and thin
		// out where they run east-west (rayAz).
		c, r := w.spc, w.spc
		if w.grid != nil {
			c, r = w.grid.leastPixelMetres()
		}
		w.fanBeta = (r - c) / (r + c)
		w.nRays = max(8, int(math.Ceil(2*math.Pi*far*(r+c)/(2*sweepFan*r*c))))
		w.dAz = 2 * math.Pi / float64(w.nRays)
		w.invAz = float64(w.nRays) / (2 * math.Pi)
	}

	return w, far, nil
}

// rayAz is the azimuth of ray j, the θ where
// F(θ) = (θ + β sin(2θ)/2)/dAz is j, by Newton's method. The rays' density
// in azimuth, F' = (1 + β cos 2θ)/dAz, is then at least the grid's across
// each ray needs: with c and r the width and height of a pixel and
// β = (r - c)/(r + c), (1 + β cos 2θ)/(1 + β) = (r cos²θ + c sin²θ)/r is
// linear in sin²θ, and the need, c/√(c² cos²θ + r² sin²θ), convex in it
// with the same ends. On a 1 arc-second grid at 45° that is 15% fewer rays
// than spacing them all by the narrower columns.
func (w *sweep) rayAz(j int) float64 {
	t := float64(j) * w.dAz
	if w.fanBeta == 0 {
		return t
	}
	th := t
	for range 6 {
		s, c := math.Sincos(2 * th)
		th -= (th + w.fanBeta*s/2 - t) / (1 + w.fanBeta*c)
	}
	return th
}

// rayOf is F(θ), where the azimuth whose east and north components are e
// and n falls among the rays, in rays: from -nRays/2 to nRays/2.
func (w *sweep) rayOf(e, n float64) float64 {
	a := atan2Fast(e, n)
	if h2 := e*e + n*n; w.fanBeta != 0 && h2 > 0 {
		a += w.fanBeta * e * n / h2 // β sin(2θ)/2
	}
	return a * w.invAz
}

// parallel runs f over [0, n) in chunks of size grain, on workers
// goroutines taking chunks in turn.
func parallel(workers, n, grain int, f func(lo, hi int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, (n+grain-1)/grain) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(int64(grain))) - grain
				if lo >= n {
					return
				}
				f(lo, min(lo+grain, n))
			}
		}()
	}
	wg.Wait()
}

// cells works out, for every cell of row r, its distance from the
// observer and the slope of its target, and decides the cells that need
// no line of sight: out of range, underground or at the observer. The
// rest are left pending for exactRow.
func (w *sweep) cells(r int, v View) {
	out := w.out
	st := &w.st
	row := w.cell[r*out.Cols : (r+1)*out.Cols]
	res := w.result[r*out.Cols : (r+1)*out.Cols]
	var buf []float32
	ground := w.rowGround(r, 0, out.Cols-1, &buf)
	rn := rowNormals{w: w}
	if w.colAxes != nil {
		rn = w.rowNormals(r)
	}
	for c := range row {
		// The cell's own ellipsoid normal, in the observer's axes.
		var e, n, up float64
		if w.colAxes != nil {
			e, n, up = rn.at(c, true)
		} else {
			u := normal(out.LatLon(float64(c), float64(r)))
			e, n, up = r3.Dot(u, st.east), r3.Dot(u, st.north), r3.Dot(u, st.up)
		}
		g := w.cellGeom(e, n, up)
		if v.MaxRange > 0 && g.d > v.MaxRange {
			res[c] = OutOfRange
			continue
		}
		z := float64(ground[c])
		zt, decided := targetOn(z, z == z, &v)
		if decided {
			res[c] = NotVisible
			continue
		}
		m := math.Floor((g.d - w.ex) / w.step)
		if m < 1 {
			res[c] = Visible
			continue
		}
		row[c].ts = (zt-st.z0)*g.p/(1+zt*g.q) - g.bv
		row[c].count = int32(m)
		res[c] = pending
	}
}

// rowGround gives the ground of the cells c0 to c1 of row r of the
// output, indexed by column, NaN where there is none: the output's own
// posts when it is the surface's grid, else from the surface, into buf.
func (w *sweep) rowGround(r, c0, c1 int, buf *[]float32) []float32 {
	if w.same != nil {
		return w.same.Z[r*w.out.Cols : (r+1)*w.out.Cols]
	}
	g := grow(*buf, w.out.Cols)
	*buf = g
	for c := c0; c <= c1; c++ {
		z, ok := w.groundAt(c, r)
		if !ok {
			z = math.NaN()
		}
		g[c] = float32(z)
	}
	return g
}

// groundAt is the ground of cell (c, r) of the output, from the surface.
func (w *sweep) groundAt(c, r int) (float64, bool) {
	return w.s.Elevation(w.out.LatLon(float64(c), float64(r)))
}

// targetOn is the height above the datum of the target over a cell
// whose ground is z (ok false: none). decided says the cell is not
// visible without a line of sight: no ground under a target above the
// ground, or ground above a target given above the datum.
func targetOn(z float64, ok bool, v *View) (zt float64, decided bool) {
	if !v.TargetAboveDatum {
		return v.TargetHeight + z, !ok
	}
	return v.TargetHeight, ok && z > v.TargetHeight
}

// atanRatio is atan2(y, x) for y >= 0, by its series when y/x is small
// (a line of sight shorter than 600 km): to 1e-11 and without the cost of
// math.Atan2, which the sweep would pay once per cell.
func atanRatio(y, x float64) float64 {
	if !(x > 0 && y < 0.1*x) {
		return math.Atan2(y, x)
	}
	t := y / x
	t2 := t * t
	return t * (1 - t2*(1.0/3-t2*(1.0/5-t2*(1.0/7-t2*(1.0/9)))))
}

// atan2Fast is math.Atan2 to within 1e-9 rad, by reduction to |t| <=
// tan(pi/8) and the Taylor series there: ample for placing a cell
// between two rays, and a few times cheaper.
func atan2Fast(y, x float64) float64 {
	ax, ay := math.Abs(x), math.Abs(y)
	num, den := ay, ax
	swap := ay > ax
	if swap {
		num, den = ax, ay
	}
	if den == 0 {
		return 0
	}
	t := num / den
	base := 0.0
	if t > math.Sqrt2-1 {
		t = (t - 1) / (t + 1)
		base = math.Pi / 4
	}
	t2 := t * t
	p := 1 - t2*(1.0/3-t2*(1.0/5-t2*(1.0/7-t2*(1.0/9-t2*(1.0/11-t2*(1.0/13-t2*(1.0/15-t2*(1.0/17-t2*(1.0/19)))))))))
	a := base + t*p
	if swap {
		a = math.Pi/2 - a
	}
	if x < 0 {
		a = math.Pi - a
	}
	if y < 0 {
		a = -a
	}
	return a
}

// versinSin gives 1-cos psi and sin psi, by their Taylor series for the
// small angles of line of sight (to 1e-16 below 0.1 rad, 640 km on the
// 4/3 earth).
func versinSin(psi float64) (vers, sin float64) {
	if psi > 0.1 {
		return versin(psi), math.Sin(psi)
	}
	p2 := psi * psi
	// Reciprocals are multiplied, not divided: Go does not fold a/12
	// into a*(1/12), and six divisions per cell showed in the profile.
	vers = p2 * 0.5 * (1 - p2*(1.0/12)*(1-p2*(1.0/30)*(1-p2*(1.0/56))))
	sin = psi * (1 - p2*(1.0/6)*(1-p2*(1.0/20)*(1-p2*(1.0/42)*(1-p2*(1.0/72)))))
	return vers, sin
}

// exactRow decides every pending cell of row r by its own line of sight.
func (w *sweep) exactRow(r int) {
	out := w.out
	for c := range out.Cols {
		i := r*out.Cols + c
		if w.result[i] != pending {
			continue
		}
		lat, lon := out.LatLon(float64(c), float64(r))
		az, _, _ := w.st.polar(normal(lat, lon))
		rr := w.st.ray(az)
		vis := Visible
		for k := 1; k <= int(w.cell[i].count); k++ {
			x := float64(k) * w.step
			la, lo := rr.at(x)
			z, ok := w.s.Elevation(la, lo)
			if !ok {
				continue
			}
			p := x / rr.re
			if w.st.slope(rr.re, z, versin(p), math.Sin(p)) > w.cell[i].ts {
				vis = NotVisible
				break
			}
		}
		w.result[i] = vis
	}
}

// rayWalk walks one ray of the sweep out from the observer a chunk at a
// time, keeping in prefix[k] the steepest slope among its first k ground
// samples. A sample's position does not depend on where the walk starts
// or stops, so a ray gives the same slopes however it is walked.
type rayWalk struct {
	w          *sweep
	rr         ray
	step       float64 // between samples, m
	sd, cd     float64 // sin and cos of the angle between samples
	dp         float64 // that angle
	sinP, cosP float64 // of the angle at sample k, by rotation
	x0, y0     float64 // position of sample k
	best       float64
	k, m       int // last sample walked; last to walk
	prefix     []float32
	done       bool
	// Exactly placed samples ka and ka + w.placeEvery, for pos.
	placed         bool
	ka             int
	xa, ya, xb, yb float64
}

// start readies the walk of ray j from its sample k0, a multiple of
// rayChunk, out to its m-th; prefix[k0] is given, the steepest slope up to
// k0 (-Inf from the observer), and prefix must hold m+1 samples.
func (rw *rayWalk) start(w *sweep, j, k0, m int, step float64, prefix []float32) {
	rr := w.st.ray(w.rayAz(j))
	*rw = rayWalk{w: w, rr: rr, step: step, dp: step / rr.re, k: k0, m: m, prefix: prefix, sinP: 0, cosP: 1}
	rw.sd, rw.cd = math.Sincos(step / rr.re)
	if k0 > 0 {
		rw.sinP, rw.cosP = math.Sincos(float64(k0) * step / rr.re)
	}
	rw.x0, rw.y0 = rw.pos(k0)
	rw.best = float64(prefix[k0])
	rw.done = k0 >= m
}

// pos is sample k's position: in the surface's pixels if it is gridded.
// On a projected grid, where a ray is all but straight and placing a
// point costs a transverse Mercator projection, it is placed exactly
// every w.placeEvery samples and linearly between (a line of sight 180 km
// from the central meridian bows 3 cm from its chord over 256 posts of
// 30 m).
func (rw *rayWalk) pos(k int) (float64, float64) {
	e := rw.w.placeEvery
	if e == rayChunk {
		return rw.place(k)
	}
	ka := k / e * e
	if !rw.placed || ka != rw.ka {
		if rw.placed && ka == rw.ka+e {
			rw.xa, rw.ya = rw.xb, rw.yb
		} else {
			rw.xa, rw.ya = rw.place(ka)
		}
		rw.xb, rw.yb = rw.place(ka + e)
		rw.ka, rw.placed = ka, true
	}
	f := float64(k-ka) / float64(e)
	return rw.xa + f*(rw.xb-rw.xa), rw.ya + f*(rw.yb-rw.ya)
}

// place is sample k's exact position.
func (rw *rayWalk) place(k int) (float64, float64) {
	lat, lon := rw.rr.at(float64(k) * rw.step)
	if rw.w.g != nil {
		return rw.w.g.Pixel(lat, lon)
	}
	return lat, lon
}

// chunk walks the next chunk of samples. On the output's own grid the
// walk ends early, where the ray has left the raster by a margin and is
// going away: past there the prefix would not change. It sets done at
// the end; rw.k is then the last sample walked.
func (rw *rayWalk) chunk() {
	w := rw.w
	// Positions exactly every rayChunk samples, linear between. The
	// chunk's far end is placed whether or not the walk gets there, so
	// that a sample's position does not depend on m.
	k0, x0, y0 := rw.k, rw.x0, rw.y0
	x1, y1 := rw.pos(k0 + rayChunk)
	var xmax, ymax float64
	if w.grid != nil {
		xmax, ymax = float64(w.grid.Cols-1), float64(w.grid.Rows-1)
	}
	if w.same != nil && leaving(x0, y0, x1, y1, xmax, ymax) {
		rw.done = true
		return
	}
	fx, fy := (x1-x0)/rayChunk, (y1-y0)/rayChunk
	sinP, cosP, best := rw.sinP, rw.cosP, rw.best
	sd, cd := rw.sd, rw.cd
	re, gz0 := rw.rr.re, w.st.z0
	prefix := rw.prefix
	end := min(k0+rayChunk, rw.m)
	prefix = prefix[:end+1]
	// Inside the grid's last cell by a margin that the samples' running
	// sums below cannot cross.
	const margin = 1e-6
	inside := func(a, b float64) bool { return a >= margin && b >= margin && a < xmax-margin && b < ymax-margin }
	if g := w.grid; g != nil && inside(x0+fx, y0+fy) && inside(x0+fx*float64(end-k0), y0+fy*float64(end-k0)) {
		// The common case, kept lean: the chunk's first and last
		// samples are inside the grid, and so are all between.
		if rw.below(x0+fx, y0+fy, x0+fx*float64(end-k0), y0+fy*float64(end-k0), k0+1, end) {
			// No ground in the chunk can rise above the horizon.
			for k := k0 + 1; k <= end; k++ {
				prefix[k] = float32(best)
			}
			rw.sinP, rw.cosP = math.Sincos(float64(end) * rw.dp)
			rw.k, rw.x0, rw.y0 = end, x1, y1
			rw.done = end >= rw.m
			return
		}
		Z, cols := g.Z, g.Cols
		a, b := x0, y0
		for k := k0 + 1; k <= end; k++ {
			sinP, cosP = sinP*cd+cosP*sd, cosP*cd-sinP*sd
			a += fx
			b += fy
			c, r := int(a), int(b)
			u, v := a-float64(c), b-float64(r)
			i := r*cols + c
			top, bot := Z[i:i+2], Z[i+cols:i+cols+2]
			z0, z1 := float64(top[0]), float64(top[1])
			z2, z3 := float64(bot[0]), float64(bot[1])
			z0 += u * (z1 - z0)
			z2 += u * (z3 - z2)
			z := z0 + v*(z2-z0)
			best = climb(best, z, re, gz0, sinP, cosP)
			prefix[k] = float32(best)
		}
	} else if g != nil {
		a, b := x0, y0
		for k := k0 + 1; k <= end; k++ {
			sinP, cosP = sinP*cd+cosP*sd, cosP*cd-sinP*sd
			a += fx
			b += fy
			if z, ok := g.bilinear(a, b); ok {
				best = climb(best, z, re, gz0, sinP, cosP)
			}
			prefix[k] = float32(best)
		}
	} else {
		for k := k0 + 1; k <= end; k++ {
			sinP, cosP = sinP*cd+cosP*sd, cosP*cd-sinP*sd
			a, b := x0+fx*float64(k-k0), y0+fy*float64(k-k0)
			var z float64
			var ok bool
			if w.g != nil {
				z, ok = w.g.bilinear(a, b)
			} else {
				z, ok = w.s.Elevation(a, b)
			}
			if ok {
				best = climb(best, z, re, gz0, sinP, cosP)
			}
			prefix[k] = float32(best)
		}
	}
	rw.sinP, rw.cosP, rw.best = sinP, cosP, best
	rw.k, rw.x0, rw.y0 = end, x1, y1
	rw.done = end >= rw.m
}

// climb is the steepest slope best, or that of a sample of height z at
// the central angle whose sine and cosine are sinP and cosP on the
// effective earth of radius re, seen from height z0, if steeper: without
// a division in the common case. A void (NaN) is never steeper.
func climb(best, z, re, z0, sinP, cosP float64) float64 {
	rz := re + z
	num, den := (z-z0)-rz*(1-cosP), rz*sinP
	if num > best*den {
		return num / den
	}
	return best
}

// below says whether the samples ka to kb of the ray, from pixel (xa,
// ya) to (xb, yb), all lie below its horizon so far, by the highest post
// around them (w.peaks): then the walk need not read them. It bounds the
// slope of a sample of height z at central angle psi on the effective
// earth, ((z - z0) - (re + z) vers psi) / ((re + z) sin psi), from above:
// the numerator grows with z and falls with psi, the denominator is at
// least (re + the lowest post) sin psi_a and at most (re + zmax) sin psi_b.
func (rw *rayWalk) below(xa, ya, xb, yb float64, ka, kb int) bool {
	pk := rw.w.peaks
	if pk == nil {
		return false
	}
	zmax := pk.highest(xa, ya, xb, yb)
	if math.IsInf(zmax, -1) {
		return true // voids only
	}
	re, z0 := rw.rr.re, rw.w.st.z0
	versA, sinA := versinSin(float64(ka) * rw.dp)
	num := (zmax - z0) - (re+zmax)*versA
	var ub float64
	if num > 0 {
		ub = num / ((re + pk.lowest) * sinA)
	} else {
		_, sinB := versinSin(float64(kb) * rw.dp)
		ub = num / ((re + zmax) * sinB)
	}
	return ub <= rw.best
}

// peakGrid keeps the highest post of each block of peakBlock x peakBlock
// posts of a grid, for the sweep to pass over ground that cannot be seen
// above its horizon.
type peakGrid struct {
	cols, rows int // blocks
	max        []float32
	lowest     float64 // the lowest post, or 0 if none is below the datum
}

const peakBlock = 16

func newPeakGrid(g *Grid, workers int) *peakGrid {
	pk := &peakGrid{cols: (g.Cols + peakBlock - 1) / peakBlock, rows: (g.Rows + peakBlock - 1) / peakBlock}
	pk.max = make([]float32, pk.cols*pk.rows)
	lows := make([]float32, pk.rows)
	parallel(workers, pk.rows, 1, func(b0, b1 int) {
		for br := b0; br < b1; br++ {
			m := pk.max[br*pk.cols : (br+1)*pk.cols]
			for i := range m {
				m[i] = float32(math.Inf(-1))
			}
			low := float32(0)
			for r := br * peakBlock; r < min((br+1)*peakBlock, g.Rows); r++ {
				for c, z := range g.Z[r*g.Cols : (r+1)*g.Cols] {
					// A void (NaN) is neither.
					if z > m[c/peakBlock] {
						m[c/peakBlock] = z
					}
					if z < low {
						low = z
					}
				}
			}
			lows[br] = low
		}
	})
	for _, l := range lows {
		pk.lowest = math.Min(pk.lowest, float64(l))
	}
	return pk
}

// highest is the highest post of the blocks around the segment from
// pixel (xa, ya) to (xb, yb), both inside the grid, with the posts
// around each point on it: -Inf if all are voids.
func (pk *peakGrid) highest(xa, ya, xb, yb float64) float64 {
	c0, c1 := int(math.Min(xa, xb))/peakBlock, (int(math.Max(xa, xb))+1)/peakBlock
	r0, r1 := int(math.Min(ya, yb))/peakBlock, (int(math.Max(ya, yb))+1)/peakBlock
	c1, r1 = min(c1, pk.cols-1), min(r1, pk.rows-1)
	z := float32(math.Inf(-1))
	for r := r0; r <= r1; r++ {
		for _, m := range pk.max[r*pk.cols+c0 : r*pk.cols+c1+1] {
			z = max(z, m)
		}
	}
	return float64(z)
}

// leaving says whether a chunk of a ray from pixel (x0, y0) to (x1, y1)
// lies wholly beyond one side of the grid [0, xmax] x [0, ymax], by a
// margin of a few pixels, and ends farther out than it starts: it sees
// no ground, nor will the rest of the ray, and no cell lies beside it.
func leaving(x0, y0, x1, y1, xmax, ymax float64) bool {
	const margin = 4
	switch {
	case x0 < -margin && x1 < x0, y0 < -margin && y1 < y0:
		return true
	case x0 > xmax+margin && x1 > x0, y0 > ymax+margin && y1 > y0:
		return true
	}
	return false
}
