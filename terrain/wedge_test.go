package terrain

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestGeomSpan holds the sweep's cell geometry, interpolated between
// exactly placed columns (span), to the exact geometry of each cell
// (cellGeom) at 20 000 random cells of a 1 arc-second geographic grid
// and of a 30 m UTM grid, 100 km around the observer, to the bounds the
// second derivatives give (see geomSpan): the distance within
// 1/(32 geomSpan²) of itself, the target's slope within the equivalent of
// 2/(32 geomSpan²) of its height above the observer (targets 0 to 3 km
// up), the azimuth within 1/(32 geomSpan²) rad times the rays' largest
// density and its change, (1 + 3|fanBeta|)/dAz rays.
func TestGeomSpan(t *testing.T) {
	// The 1" tile as bench.sh makes it, and its UTM copy (gdalinfo).
	grids := map[string]*Grid{
		"geographic 1\"": {Georef: Georef{EPSG: EPSGWGS84, Cols: 3601, Rows: 3601,
			X0: -72 - 0.5/3600, Y0: 45 + 0.5/3600, DX: 1.0 / 3600, DY: 1.0 / 3600}},
		"UTM 30 m": {Georef: Georef{EPSG: 32619, Cols: 2764, Rows: 3785,
			X0: 259462, Y0: 4987345, DX: 30, DY: 30}},
	}
	bound := 1 / (32.0 * geomSpan * geomSpan)
	for _, name := range []string{"geographic 1\"", "UTM 30 m"} {
		g := grids[name]
		g.Z = make([]float32, g.Cols*g.Rows) // sea level: the geometry does not depend on it
		v := View{Lat: 44.27 * rad, Lon: -71.30 * rad, Height: 10, MaxRange: 100e3}
		w, far, err := newSweep(g, g.Georef, v, false)
		if err != nil {
			t.Fatal(err)
		}
		w.prepareWedges(1, far)
		rng := rand.New(rand.NewPCG(4, 2))
		var worstD, worstH, worstA float64 // worstH relative to the height
		n := 0
		for n < 20000 {
			c, r := rng.IntN(g.Cols), rng.IntN(g.Rows)
			rn := w.rowNormals(r)
			sp := span{hi: -1}
			sp.place(w, &rn, c, (float64(r)-w.oy)*w.rowPosts)
			got := sp.at(c)
			want := w.cellGeom(rn.at(c, true))
			if want.d < 5*w.spc || want.d > far {
				continue
			}
			n++
			worstD = math.Max(worstD, math.Abs(got.d-want.d)/want.d)
			for _, dz := range []float64{100, 1000, 3000} {
				zt := w.st.z0 + dz
				slope := func(g geom) float64 { return (zt-w.st.z0)*g.p/(1+zt*g.q) - g.bv }
				worstH = math.Max(worstH, math.Abs(slope(got)-slope(want))*want.d/dz)
			}
			da := math.Abs(got.a - want.a)
			da = math.Min(da, float64(w.nRays)-da)
			worstA = math.Max(worstA, da)
		}
		boundA := bound * (1 + 3*math.Abs(w.fanBeta)) / w.dAz
		t.Logf("%s: %d cells; worst errors: distance %.2e of it (bound %.2e), slope worth %.2e of the height (bound %.2e), azimuth %.3f rays (bound %.3f)",
			name, n, worstD, bound, worstH, 2*bound, worstA, boundA)
		if worstD > bound {
			t.Errorf("%s: distance error %.2e of the distance, want <= %.2e", name, worstD, bound)
		}
		if worstH > 2*bound {
			t.Errorf("%s: target slope error worth %.2e of its height, want <= %.2e", name, worstH, 2*bound)
		}
		if worstA > boundA {
			t.Errorf("%s: azimuth error %.3f rays, want <= %.3f", name, worstA, boundA)
		}
	}
}

// TestPeaksBoundIsSafe: the sweep passes over a chunk of a ray when the
// highest posts around it cannot rise above the horizon (rayWalk.below).
// On the real tile, from each observer, along 360 rays walked in full,
// every chunk the bound passes over is one where the full walk's horizon
// did not rise; and the bound passes over a fair share of chunks, or it
// would be no use.
func TestPeaksBoundIsSafe(t *testing.T) {
	g := readHGTOrNil(t)
	if g == nil {
		t.Skip("needs the SRTM tile")
	}
	for _, o := range observers {
		v := View{Lat: o.lat * rad, Lon: o.lon * rad, Height: 10, TargetHeight: 30, MaxRange: 100e3}
		w, far, err := newSweep(g, g.Georef, v, false)
		if err != nil {
			t.Fatal(err)
		}
		w.prepareWedges(1, far)
		peaks := w.peaks
		m := int(far/w.step) + 1
		passed, chunks := 0, 0
		for q := range 360 {
			j := q * w.nRays / 360
			// The full walk, reading every sample.
			w.peaks = nil
			prefix := make([]float32, m+1)
			prefix[0] = float32(math.Inf(-1))
			var rw rayWalk
			rw.start(w, j, 0, m, w.step, prefix)
			for !rw.done {
				rw.chunk()
			}
			w.peaks = peaks
			for k0 := 0; k0+rayChunk <= rw.k; k0 += rayChunk {
				xa, ya := rw.pos(k0 + 1)
				xb, yb := rw.pos(k0 + rayChunk)
				if !insideGrid(g, xa, ya) || !insideGrid(g, xb, yb) {
					continue
				}
				chunks++
				probe := rayWalk{w: w, rr: rw.rr, dp: rw.dp, best: float64(prefix[k0])}
				if probe.below(xa, ya, xb, yb, k0+1, k0+rayChunk) {
					passed++
					if prefix[k0+rayChunk] != prefix[k0] {
						t.Fatalf("%s ray %d: chunk from sample %d passed over, but the horizon rose from %g to %g",
							o.name, j, k0, prefix[k0], prefix[k0+rayChunk])
					}
				}
			}
		}
		t.Logf("%s: %d of %d chunks passed over", o.name, passed, chunks)
		if passed < chunks/10 {
			t.Errorf("%s: only %d of %d chunks passed over", o.name, passed, chunks)
		}
	}
}

func insideGrid(g *Grid, x, y float64) bool {
	return x >= 0 && y >= 0 && x < float64(g.Cols-1) && y < float64(g.Rows-1)
}

// TestRayFan: on a geographic grid the rays are spaced by the grid's
// posts across each ray (rayAz): at the farthest cell no two neighbouring
// rays are more than sweepFan posts apart, measured across the ray in the
// pixel size of that direction; rayOf, the azimuth's place among the
// rays, inverts rayAz; and there are fewer rays than with every gap set by
// the narrower columns.
func TestRayFan(t *testing.T) {
	g := &Grid{Georef: Georef{EPSG: EPSGWGS84, Cols: 3601, Rows: 3601,
		X0: -72 - 0.5/3600, Y0: 45 + 0.5/3600, DX: 1.0 / 3600, DY: 1.0 / 3600}}
	g.Z = make([]float32, g.Cols*g.Rows)
	v := View{Lat: 44.27 * rad, Lon: -71.30 * rad, Height: 10, MaxRange: 100e3}
	w, far, err := newSweep(g, g.Georef, v, false)
	if err != nil {
		t.Fatal(err)
	}
	c, r := g.leastPixelMetres()
	worst := 0.0
	for j := range w.nRays {
		a, b := w.rayAz(j), w.rayAz(j+1)
		mid := (a + b) / 2
		across := math.Hypot(c*math.Cos(mid), r*math.Sin(mid))
		worst = math.Max(worst, far*(b-a)/across)
		s, co := math.Sincos(a)
		back := w.rayOf(s, co)
		if back < 0 {
			back += float64(w.nRays)
		}
		// atan2Fast is good to 1e-9 rad.
		if d := math.Abs(back - float64(j)); math.Min(d, float64(w.nRays)-d) > 2e-9*w.invAz {
			t.Fatalf("ray %d at %.9f rad comes back as ray %.12f", j, a, back)
		}
	}
	uniform := int(math.Ceil(2 * math.Pi * far / (sweepFan * w.spc)))
	t.Logf("%d rays (%d with every gap set by the %.1f m columns); widest gap %.3f posts across (want <= %g); fanBeta %.3f",
		w.nRays, uniform, c, worst, sweepFan, w.fanBeta)
	if worst > sweepFan*(1+1e-9) {
		t.Errorf("neighbouring rays %.3f posts apart at the farthest cell, want <= %g", worst, sweepFan)
	}
	if !(w.nRays < uniform) {
		t.Errorf("%d rays, want fewer than %d", w.nRays, uniform)
	}
}
