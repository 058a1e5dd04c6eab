package coverage

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/terrain"
	"gonum.org/v1/gonum/spatial/r3"
)

// radii gives the meridian and prime-vertical radii of curvature of
// WGS-84 at a latitude.
func radii(lat float64) (m, n float64) {
	s := math.Sin(lat)
	w := 1 - geo.E2*s*s
	n = geo.A / math.Sqrt(w)
	return n * (1 - geo.E2) / w, n
}

// sites lists every radar antenna and launcher of the analysis.
func (a *Analysis) sites() []geo.LLA {
	var p []geo.LLA
	for _, u := range a.Units {
		for _, r := range u.Radars {
			p = append(p, r.Antenna)
		}
		for _, w := range u.Weapons {
			p = append(p, w.Launchers...)
		}
	}
	return p
}

// defaultExtent reaches the farthest first detection of any target by any
// radar over a smooth earth, and the longest missile range.
func (a *Analysis) defaultExtent(targets []Target, res float64) float64 {
	far := 0.0
	for _, u := range a.Units {
		for _, r := range u.Radars {
			c := r.Radar.Config()
			for _, t := range targets {
				h2 := t.Altitude
				if !t.MSL && a.Surface != nil {
					h2 += a.maxGround
				}
				hor := radar.HorizonRange(r.Antenna.Alt-a.GeoidHeight, h2, a.K)
				if c.Surface.Kind != radar.SurfaceNone {
					hor *= 1.15 // diffraction reaches a little beyond
				}
				d := math.Min(t.reach(r.Radar), hor)
				far = math.Max(far, d)
			}
		}
		for _, w := range u.Weapons {
			far = math.Max(far, w.MaxRange)
		}
	}
	return min(max(1.05*far+2*res, 5e3), 3000e3)
}

// grid is a geographic grid with square cells of res metres at its
// central latitude, reaching extent beyond every site; when clip, no
// farther than the terrain's tiles reach (but always holding the sites).
func (a *Analysis) grid(extent, res float64, clip bool) (terrain.Georef, error) {
	p := a.sites()
	la0, la1 := math.Inf(1), math.Inf(-1)
	for _, s := range p {
		la0, la1 = math.Min(la0, s.Lat), math.Max(la1, s.Lat)
	}
	lo0, lo1 := lonSpan(p)
	sla0, sla1, slo0, slo1 := la0, la1, lo0, lo1
	m, _ := radii((la0 + la1) / 2)
	la0 = math.Max(la0-extent/m, -89.5*math.Pi/180)
	la1 = math.Min(la1+extent/m, 89.5*math.Pi/180)
	pole := math.Max(math.Abs(la0), math.Abs(la1))
	_, np := radii(pole)
	dlon := extent / (np * math.Cos(pole))
	lo0, lo1 = lo0-dlon, lo1+dlon
	if lo1-lo0 >= 2*math.Pi {
		return terrain.Georef{}, fmt.Errorf("an extent of %.0f km reaches around the earth at %.1f° latitude; reduce it", extent/1e3, pole*180/math.Pi)
	}
	if s, n, w, e, ok := a.terrainBox(); clip && ok && lo1 <= math.Pi && lo0 >= -math.Pi {
		// A target above the ground is never covered off the terrain:
		// cells there would only be hatched. A target above sea level
		// can be, but the map is of the terrain the user gave.
		la0, la1 = math.Max(la0, math.Min(s, sla0)), math.Min(la1, math.Max(n, sla1))
		lo0, lo1 = math.Max(lo0, math.Min(w, slo0)), math.Min(lo1, math.Max(e, slo1))
	}
	mid := (la0 + la1) / 2
	mm, nm := radii(mid)
	deg := 180 / math.Pi
	dy := res / mm * deg
	dx := res / (nm * math.Cos(mid)) * deg
	// Counted in floats: a resolution of 1e-300 m makes counts past any
	// integer.
	fr, fc := math.Ceil((la1-la0)*deg/dy), math.Ceil((lo1-lo0)*deg/dx)
	if !(fr*fc <= MaxCells) {
		size := fmt.Sprintf("%.0f x %.0f", fc, fr)
		if max(fr, fc) > math.MaxInt64 {
			size = fmt.Sprintf("more than %.2g x %.2g", min(fc, math.MaxInt64), min(fr, math.MaxInt64))
		}
		return terrain.Georef{}, fmt.Errorf("a grid of %s cells (%.0f km beyond the units at %g m) is larger than %d cells; coarsen the resolution or reduce the extent",
			size, extent/1e3, res, MaxCells)
	}
	rows, cols := int(fr), int(fc)
	// Centred on the sites' box, its centre on this side of the
	// antimeridian (the box itself may cross it: Polygons cuts there).
	cx, cy := math.Remainder((lo0+lo1)/2*deg, 360), (la0+la1)/2*deg
	return terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: cols, Rows: rows,
		X0: cx - float64(cols)*dx/2, Y0: cy + float64(rows)*dy/2, DX: dx, DY: dy}, nil
}

// terrainBox is the box of the analysis's terrain tiles, radians; not ok
// without tiles, or when they straddle the antimeridian (a box that wide
// clips nothing).
func (a *Analysis) terrainBox() (south, north, west, east float64, ok bool) {
	var d *terrain.DEM
	switch s := a.Surface.(type) {
	case *terrain.DEM:
		d = s
	case *terrain.Grid:
		d = terrain.NewDEM(s)
	default:
		return 0, 0, 0, 0, false
	}
	if len(d.Grids) == 0 {
		return 0, 0, 0, 0, false
	}
	south, north, west, east = d.Bounds()
	return south, north, west, east, east-west < math.Pi
}

// lonSpan returns the shortest span of longitude, radians, that holds
// every site: west to east across the widest gap's far side, so that a
// unit astride the antimeridian (179.9° and -179.9°) spans 0.2°, not
// 359.8°. lo1 may exceed π.
func lonSpan(p []geo.LLA) (lo0, lo1 float64) {
	lon := make([]float64, len(p))
	for i, s := range p {
		lon[i] = math.Remainder(s.Lon, 2*math.Pi)
	}
	slices.Sort(lon)
	// The gap after the last site wraps round to the first.
	gap, at := lon[0]+2*math.Pi-lon[len(lon)-1], len(lon)-1
	for i := 1; i < len(lon); i++ {
		if g := lon[i] - lon[i-1]; g > gap {
			gap, at = g, i-1
		}
	}
	if at == len(lon)-1 {
		return lon[0], lon[at]
	}
	return lon[at+1], lon[at] + 2*math.Pi
}

// cells caches what every layer needs of the grid: the trigonometry of
// its rows and columns and the ground of each cell.
type cells struct {
	g                terrain.Georef
	sLat, cLat, nLat []float64              // per row; nLat the prime-vertical radius
	sLon, cLon       []float64              // per column
	ground           []float32              // per cell above the datum, NaN without data; nil without terrain
	geoid            []float32              // per cell, the geoid above the datum, when it varies by position; else nil
	mslShift         float64                // an MSL height above the datum: minus a level ground
	unknown          *terrain.Raster[uint8] // 255 where ground is NaN; nil if nowhere
	mu               sync.Mutex
	rayCache         map[[2]float64]*rayCells // by centre latitude, longitude
	workers          int
}

func (a *Analysis) cells(g terrain.Georef, workers int) *cells {
	c := &cells{g: g, workers: workers,
		sLat: make([]float64, g.Rows), cLat: make([]float64, g.Rows), nLat: make([]float64, g.Rows),
		sLon: make([]float64, g.Cols), cLon: make([]float64, g.Cols)}
	if a.Level {
		c.mslShift = -a.GeoidHeight
	}
	for r := range g.Rows {
		lat, _ := g.LatLon(0, float64(r))
		c.sLat[r], c.cLat[r] = math.Sincos(lat)
		_, c.nLat[r] = radii(lat)
	}
	for col := range g.Cols {
		_, lon := g.LatLon(float64(col), 0)
		c.sLon[col], c.cLon[col] = math.Sincos(lon)
	}
	if a.Surface != nil {
		c.ground = make([]float32, g.Rows*g.Cols)
		rows(workers, g.Rows, func(r int) {
			for col := range g.Cols {
				z, ok := a.Surface.Elevation(g.LatLon(float64(col), float64(r)))
				if !ok {
					z = math.NaN()
				}
				c.ground[r*g.Cols+col] = float32(z)
			}
		})
		if a.GeoidByPosition {
			egm, err := geo.EGM96()
			if err == nil { // checked by Open, which applied it to the DEM
				c.geoid = make([]float32, len(c.ground))
				rows(workers, g.Rows, func(r int) {
					for col := range g.Cols {
						lat, lon := g.LatLon(float64(col), float64(r))
						c.geoid[r*g.Cols+col] = float32(egm.Height(lat, lon) - a.GeoidHeight)
					}
				})
			}
		}
		u := &terrain.Raster[uint8]{Georef: g, Pix: make([]uint8, len(c.ground))}
		any := false
		for i, z := range c.ground {
			if z != z {
				u.Pix[i], any = Covered, true
			}
		}
		if any {
			c.unknown = u
		}
	}
	return c
}

// ecef is the ECEF position of height h above the ellipsoid over the
// centre of cell (col, row).
func (c *cells) ecef(col, row int, h float64) r3.Vec {
	n, cl, sl := c.nLat[row], c.cLat[row], c.sLat[row]
	return r3.Vec{
		X: (n + h) * cl * c.cLon[col],
		Y: (n + h) * cl * c.sLon[col],
		Z: (n*(1-geo.E2) + h) * sl,
	}
}

// height is the target's height above the datum over cell i, NaN where
// it is above a ground that is unknown.
func (c *cells) height(i int, t Target) float64 {
	if t.MSL && c.mslShift != 0 {
		if h := t.Altitude + c.mslShift; h >= 0 {
			return h
		}
		return math.NaN() // below the level ground
	}
	if t.MSL && c.geoid != nil {
		return t.Altitude + float64(c.geoid[i])
	}
	if c.ground == nil || t.MSL {
		return t.Altitude
	}
	return float64(c.ground[i]) + t.Altitude
}

// aboveGround is the target's height above the ground over cell i, the
// height a missile's minimum and maximum altitudes bound, as the battle
// manager measures them (bm: the track's height less the ground under
// it): above the DEM's ground, the level ground, or the ellipsoid
// without terrain. Where the DEM has no data the ground is taken at its
// datum, sea level, as a run takes it (battle.Terrain.Ground).
func (c *cells) aboveGround(i int, t Target) float64 {
	h := c.height(i, t)
	if c.ground != nil {
		if z := float64(c.ground[i]); z == z {
			h -= z
		}
	}
	return h
}

// rows runs f on every row in [0, n), on workers goroutines taking rows
// in turn.
func rows(workers, n int, f func(r int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				r := int(next.Add(1)) - 1
				if r >= n {
					return
				}
				f(r)
			}
		}()
	}
	wg.Wait()
}

// layer computes every unit's coverage of one target.
func (a *Analysis) layer(c *cells, t Target, opt Options, prog *progress) (*Layer, error) {
	g := c.g
	n := g.Cols * g.Rows
	l := &Layer{Target: t,
		Detection:  &terrain.Raster[uint8]{Georef: g, Pix: make([]uint8, n)},
		Engagement: &terrain.Raster[uint8]{Georef: g, Pix: make([]uint8, n)}}
	if !t.MSL && c.unknown != nil {
		l.Unknown = c.unknown
	}
	for _, u := range a.Units {
		ul := &UnitLayer{ID: u.ID,
			Detection:  &terrain.Raster[uint8]{Georef: g, Pix: make([]uint8, n)},
			Engagement: &terrain.Raster[uint8]{Georef: g, Pix: make([]uint8, n)}}
		var fc *RadarLayer
		for _, r := range u.Radars {
			if t.HasBand && r.Radar.Band() != t.Band {
				prog.step()(1, 1)
				prog.step()(1, 1)
				continue
			}
			rl, err := a.radarLayer(c, r, t, opt, prog)
			if err != nil {
				return nil, fmt.Errorf("unit %s: radar %s: %w", u.ID, r.ID, err)
			}
			ul.Radars = append(ul.Radars, rl)
			if r == u.FireControl {
				fc = rl
			}
			for i, p := range rl.Detection.Pix {
				ul.Detection.Pix[i] |= p
			}
			b := &ul.Ranges
			b.Horizon = math.Max(b.Horizon, rl.Ranges.Horizon)
			b.FreeSpace = math.Max(b.FreeSpace, rl.Ranges.FreeSpace)
			b.Instrumented = math.Max(b.Instrumented, rl.Ranges.Instrumented)
			b.FirstSeen = math.Max(b.FirstSeen, rl.Ranges.FirstSeen)
			if len(ul.Radars) == 1 || rl.Ranges.Nearest < b.Nearest {
				b.Nearest, b.NearestLimit = rl.Ranges.Nearest, rl.Ranges.NearestLimit
			}
		}
		if fc != nil {
			a.engage(c, u, t, fc.Detection.Pix, ul.Engagement.Pix)
		}
		centre := u.Radars[0]
		if u.FireControl != nil {
			centre = u.FireControl
		}
		ul.Ranges.Covered = stats(c.rays(centre.Antenna, opt.Resolution), ul.Detection, l.Unknown)
		for i := range n {
			l.Detection.Pix[i] |= ul.Detection.Pix[i]
			l.Engagement.Pix[i] |= ul.Engagement.Pix[i]
		}
		l.Units = append(l.Units, ul)
	}
	prog.step()(1, 1)
	return l, nil
}

// radarLayer computes one radar's detection coverage of a target.
func (a *Analysis) radarLayer(c *cells, r *Radar, t Target, opt Options, prog *progress) (*RadarLayer, error) {
	g := c.g
	cfg := r.Radar.Config()
	det := r.Radar.DetectionRange(t.rcs(r.Radar), t.Pd)
	limit := t.reach(r.Radar)
	model := t.model(r.Radar)
	above := r.Antenna.Alt - a.GeoidHeight - r.Ground // antenna above the ground, or the ellipsoid
	rl := &RadarLayer{ID: r.ID, Role: r.Role, Antenna: above,
		Detection: &terrain.Raster[uint8]{Georef: g, Pix: make([]uint8, g.Cols*g.Rows)}}
	h2 := t.Altitude
	if t.MSL {
		h2 += c.mslShift - r.Ground
	}
	rl.Ranges = Ranges{Horizon: radar.HorizonRange(above, h2, a.K), FreeSpace: det, Instrumented: cfg.MaxRange}
	rl.Ranges.FirstSeen = math.Min(rl.Ranges.Horizon, math.Min(det, cfg.MaxRange))
	rl.Ranges.Nearest, rl.Ranges.NearestLimit = nearest(above, h2, cfg.MinRange, cfg.MinElevation, cfg.MaxElevation, rl.Ranges.FirstSeen)

	var vs []uint8
	if a.Surface != nil {
		v := terrain.View{Lat: r.Antenna.Lat, Lon: r.Antenna.Lon, Height: above,
			TargetHeight: t.Altitude, TargetAboveDatum: t.MSL, K: a.K}
		if !math.IsInf(limit, 0) {
			// Ground distance can exceed the slant range by tens of
			// metres at hundreds of kilometres (the chord is shorter
			// than the arc): keep a margin, the cell pass decides.
			v.MaxRange = 1.001*limit + 2*opt.Resolution
		}
		ras, err := terrain.Viewshed(a.Surface, g, v, &terrain.Options{Workers: opt.Workers, Progress: prog.step()})
		if err != nil {
			return nil, err
		}
		vs = ras.Pix
	} else {
		prog.step()(1, 1)
	}

	pos := r.Radar.Frame().OriginECEF()
	minR := cfg.MinRange
	pix := rl.Detection.Pix
	step := prog.step()
	var done atomic.Int64
	rows(c.workers, g.Rows, func(row int) {
		for col := range g.Cols {
			i := row*g.Cols + col
			if vs != nil && vs[i] != terrain.Visible {
				continue
			}
			h := c.height(i, t)
			if h != h {
				continue
			}
			p := c.ecef(col, row, h)
			// Pd falls with range: Pd ≥ t.Pd exactly when the slant
			// range is within the detection range. Cheap tests first.
			d := r3.Norm(r3.Sub(p, pos))
			if d > limit || d < minR {
				continue
			}
			if !model {
				if r.Radar.Covers(p) {
					pix[i] = Covered
				}
				continue
			}
			tg := radar.Target{Pos: p, Vel: t.velocity(p, pos), RCS: t.RCS, Table: t.Table}
			if _, pd, ok := r.Radar.Assess(tg); ok && pd >= t.Pd {
				pix[i] = Covered
			}
		}
		step(int(done.Add(1)), g.Rows)
	})
	var unknown *terrain.Raster[uint8]
	if !t.MSL {
		unknown = c.unknown
	}
	rl.Ranges.Covered = stats(c.rays(r.Antenna, opt.Resolution), rl.Detection, unknown)
	return rl, nil
}

// engage marks where the fire-control coverage fc lies within the
// kinematic envelope of one of the unit's missiles.
func (a *Analysis) engage(c *cells, u *Unit, t Target, fc, out []uint8) {
	g := c.g
	type launcher struct {
		foot r3.Vec
		norm float64
	}
	ls := make([][]launcher, len(u.Weapons))
	for k, w := range u.Weapons {
		for _, p := range w.Launchers {
			f := geo.LLA{Lat: p.Lat, Lon: p.Lon}.ECEF()
			ls[k] = append(ls[k], launcher{f, r3.Norm(f)})
		}
	}
	rows(c.workers, g.Rows, func(row int) {
		for col := range g.Cols {
			i := row*g.Cols + col
			if fc[i] != Covered {
				continue
			}
			h := c.aboveGround(i, t)
			alt := c.height(i, t)
			foot := c.ecef(col, row, 0)
			nf := r3.Norm(foot)
			for k := range u.Weapons {
				w := &u.Weapons[k]
				if h < w.MinAltitude || h > w.MaxAltitude {
					continue
				}
				reach := w.MaxRangeAt(alt)
				// Ground range as weapon.Missile.CheckEnvelope takes it:
				// the arc between the feet on a sphere of their mean
				// geocentric radius.
				if slices.ContainsFunc(ls[k], func(l launcher) bool {
					rad := (l.norm + nf) / 2
					gr := 2 * rad * math.Asin(math.Min(1, r3.Norm(r3.Sub(foot, l.foot))/(2*rad)))
					return gr >= w.MinRange && gr <= reach
				}) {
					out[i] = Covered
					break
				}
			}
		}
	})
}

// statAzimuths is the number of azimuths Ranges.Covered is measured on.
const statAzimuths = 720

// rayCells are the cells that the azimuths of stats cross from one
// centre, sample by sample: for each azimuth, the cell index of every
// sample until the first off the grid.
type rayCells struct {
	step  float64   // ground distance between samples, m
	cells [][]int32 // per azimuth
}

// rays gives the rays of a centre, computed once per run: every layer
// and every raster measured from that centre crosses the same cells.
func (c *cells) rays(centre geo.LLA, res float64) *rayCells {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := [2]float64{centre.Lat, centre.Lon}
	if rc, ok := c.rayCache[key]; ok {
		return rc
	}
	g := c.g
	m, n := radii(centre.Lat)
	sLat, cLat := math.Sincos(centre.Lat)
	sLon, cLon := math.Sincos(centre.Lon)
	up := r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat}
	east := r3.Vec{X: -sLon, Y: cLon}
	north := r3.Vec{X: -sLat * cLon, Y: -sLat * sLon, Z: cLat}
	rc := &rayCells{step: res / 2, cells: make([][]int32, statAzimuths)}
	rows(c.workers, statAzimuths, func(k int) {
		az := 2 * math.Pi * float64(k) / statAzimuths
		sa, ca := math.Sincos(az)
		t := r3.Add(r3.Scale(ca, north), r3.Scale(sa, east))
		R := m * n / (n*ca*ca + m*sa*sa)
		var idx []int32
		for j := 0; float64(j)*rc.step <= math.Pi*R/2; j++ {
			ss, cs := math.Sincos(float64(j) * rc.step / R)
			u := r3.Add(r3.Scale(cs, up), r3.Scale(ss, t))
			lat, lon := math.Asin(math.Max(-1, math.Min(1, u.Z))), math.Atan2(u.Y, u.X)
			x, y := g.Pixel(lat, lon)
			col, row := int(math.Round(x)), int(math.Round(y))
			if col < 0 || row < 0 || col >= g.Cols || row >= g.Rows {
				break
			}
			idx = append(idx, int32(row*g.Cols+col))
		}
		rc.cells[k] = idx
	})
	if c.rayCache == nil {
		c.rayCache = map[[2]float64]*rayCells{}
	}
	c.rayCache[key] = rc
	return rc
}

// stats measures, along azimuths every half degree from the centre, the
// farthest ground distance at which ras is covered, sampling it every
// half cell along the normal section of the ellipsoid (Euler's radius in
// each azimuth, as terrain's line of sight walks). The coverage is
// clipped where the sample after the farthest covered one is off the grid
// or in an unknown cell.
func stats(rc *rayCells, ras, unknown *terrain.Raster[uint8]) Stats {
	far := make([]float64, statAzimuths)
	var st Stats
	for k, idx := range rc.cells {
		last := -1
		for j, i := range idx {
			if ras.Pix[i] == Covered {
				last = j
			}
		}
		if last < 0 {
			continue
		}
		far[k] = float64(last) * rc.step
		if last == len(idx)-1 || (unknown != nil && unknown.Pix[idx[last+1]] == Covered) {
			st.Clipped = true
		}
	}
	slices.Sort(far)
	st.Min, st.Max = far[0], far[len(far)-1]
	st.Median = (far[len(far)/2-1] + far[len(far)/2]) / 2
	return st
}
