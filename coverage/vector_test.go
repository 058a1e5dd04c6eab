package coverage

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/terrain"
	"github.com/paulmach/orb"
)

// raster makes a raster from rows of text, '#' covered, on a grid of
// unit cells whose north-west corner is (0, rows).
func raster(rows ...string) *terrain.Raster[uint8] {
	r := &terrain.Raster[uint8]{Georef: terrain.Georef{EPSG: terrain.EPSGWGS84,
		Cols: len(rows[0]), Rows: len(rows), X0: 0, Y0: float64(len(rows)), DX: 1, DY: 1}}
	for _, s := range rows {
		for _, ch := range s {
			if ch == '#' {
				r.Pix = append(r.Pix, Covered)
			} else {
				r.Pix = append(r.Pix, 0)
			}
		}
	}
	return r
}

func TestPolygons(t *testing.T) {
	for _, c := range []struct {
		name         string
		rows         []string
		polys, holes int
		verts        int // vertices of the first outer ring, closing one included; 0: not checked
	}{
		{"empty", []string{"...", "..."}, 0, 0, 0},
		{"one cell", []string{"...", ".#.", "..."}, 1, 0, 5},
		{"full", []string{"##", "##"}, 1, 0, 5},
		{"L", []string{"#.", "##"}, 1, 0, 7},
		{"ring", []string{"###", "#.#", "###"}, 1, 1, 5},
		{"diagonal", []string{"#.", ".#"}, 2, 0, 5},
		{"anti-diagonal", []string{".#", "#."}, 2, 0, 5},
		{"hole with a diagonal", []string{"####", "#..#", "#.##", "####"}, 1, 1, 5},
		{"checkerboard", []string{"#.#", ".#.", "#.#"}, 5, 0, 5},
		{"two holes", []string{"#####", "#.#.#", "#####"}, 1, 2, 5},
		{"island in a hole", []string{"#####", "#...#", "#.#.#", "#...#", "#####"}, 2, 1, 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := raster(c.rows...)
			mp := Polygons(r)
			holes := 0
			sum := 0.0
			for _, p := range mp {
				holes += len(p) - 1
				for k, ring := range p {
					if ring[0] != ring[len(ring)-1] {
						t.Errorf("ring not closed: %v", ring)
					}
					a := planar(ring)
					if (k == 0) != (a > 0) {
						t.Errorf("ring %d of a polygon has signed area %g: outer rings anticlockwise, holes clockwise", k, a)
					}
					sum += a
				}
			}
			if len(mp) != c.polys || holes != c.holes {
				t.Errorf("%d polygons, %d holes; want %d, %d: %v", len(mp), holes, c.polys, c.holes, mp)
			}
			if n := float64(strings.Count(strings.Join(c.rows, ""), "#")); sum != n {
				t.Errorf("area %g, want %g cells", sum, n)
			}
			if c.verts > 0 && len(mp[0][0]) != c.verts {
				t.Errorf("outer ring %v has %d vertices, want %d (collinear ones dropped)", mp[0][0], len(mp[0][0]), c.verts)
			}
		})
	}
}

// TestPolygonsRandom: on random rasters, the polygons' area is the
// number of covered cells, and every polygon's rings are closed and
// oriented, and no vertex repeats within a ring (no ring crosses itself
// at a corner).
func TestPolygonsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		cols, rows := 1+rng.IntN(30), 1+rng.IntN(30)
		p := rng.Float64()
		r := &terrain.Raster[uint8]{Georef: terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: cols, Rows: rows,
			X0: 0, Y0: float64(rows), DX: 1, DY: 1}, Pix: make([]uint8, cols*rows)}
		n := 0
		for i := range r.Pix {
			if rng.Float64() < p {
				r.Pix[i] = Covered
				n++
			}
		}
		sum := 0.0
		for _, poly := range Polygons(r) {
			for k, ring := range poly {
				a := planar(ring)
				if (k == 0) != (a > 0) {
					t.Fatalf("ring %d signed area %g", k, a)
				}
				seen := map[orb.Point]bool{}
				for _, q := range ring[:len(ring)-1] {
					if seen[q] {
						t.Fatalf("vertex %v twice in a ring", q)
					}
					seen[q] = true
				}
				sum += a
			}
		}
		if sum != float64(n) {
			t.Fatalf("%dx%d raster: polygon area %g, want %d cells", cols, rows, sum, n)
		}
	}
}

func BenchmarkPolygons(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 1000
	r := &terrain.Raster[uint8]{Georef: terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: n, Rows: n,
		X0: 0, Y0: 1, DX: 1e-3, DY: 1e-3}, Pix: make([]uint8, n*n)}
	// Blobs: a smoothed random field, thresholded.
	for i := range r.Pix {
		if rng.Float64() < 0.5 {
			r.Pix[i] = Covered
		}
	}
	for b.Loop() {
		Polygons(r)
	}
}

// FuzzPolygons holds any raster's polygons to its cells: the signed
// areas sum to the covered count, outer rings anticlockwise, holes
// clockwise, no vertex twice in a ring.
func FuzzPolygons(f *testing.F) {
	f.Add(uint8(3), []byte{1, 0, 1, 0, 1, 0, 1, 0, 1})
	f.Add(uint8(4), []byte{1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1})
	f.Add(uint8(5), []byte{1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, w uint8, data []byte) {
		cols := int(w%64) + 1
		rows := len(data) / cols
		if rows == 0 {
			return
		}
		r := &terrain.Raster[uint8]{Georef: terrain.Georef{EPSG: terrain.EPSGWGS84, Cols: cols, Rows: rows,
			X0: 0, Y0: float64(rows), DX: 1, DY: 1}, Pix: make([]uint8, cols*rows)}
		n := 0
		for i := range r.Pix {
			if data[i]&1 == 1 {
				r.Pix[i] = Covered
				n++
			}
		}
		sum := 0.0
		for _, poly := range Polygons(r) {
			for k, ring := range poly {
				a := planar(ring)
				if (k == 0) != (a > 0) || ring[0] != ring[len(ring)-1] {
					t.Fatalf("ring %d: signed area %g, closed %v", k, a, ring[0] == ring[len(ring)-1])
				}
				seen := map[orb.Point]bool{}
				for _, q := range ring[:len(ring)-1] {
					if seen[q] {
						t.Fatalf("vertex %v twice in a ring", q)
					}
					seen[q] = true
				}
				sum += a
			}
		}
		if sum != float64(n) {
			t.Fatalf("area %g, want %d", sum, n)
		}
	})
}
