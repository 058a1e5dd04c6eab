package terrain

import (
	"math"
)

// Surface is ground elevation looked up by position: a Grid, a DEM of many
// tiles, or anything else that answers in the same way.
type Surface interface {
	// Elevation gives the ground height in metres above the surface's
	// vertical datum at geodetic latitude and longitude (radians). It
	// reports false where the surface has no data: outside it, or next
	// to a void.
	Elevation(lat, lon float64) (float64, bool)
	// Spacing is the smallest distance between posts in metres; line of
	// sight samples the surface at half of it.
	Spacing() float64
}

// Grid is one raster of elevation posts: metres above the vertical datum,
// row-major from the north-west corner, NaN for a void.
type Grid struct {
	Georef
	Z      []float32
	Source string // file it was read from, for messages
}

// At gives the post at (col, row), NaN for a void or outside the grid.
func (g *Grid) At(col, row int) float64 {
	if col < 0 || row < 0 || col >= g.Cols || row >= g.Rows {
		return math.NaN()
	}
	return float64(g.Z[row*g.Cols+col])
}

// Elevation is the bilinear interpolation of the four posts around the
// position; it reports false outside the posts' extent or when any of
// the four is a void.
func (g *Grid) Elevation(lat, lon float64) (float64, bool) {
	x, y := g.Pixel(lat, lon)
	return g.bilinear(x, y)
}

// bilinear interpolates at continuous pixel coordinates.
func (g *Grid) bilinear(x, y float64) (float64, bool) {
	// Positions a rounding error outside the edge posts are on them.
	const eps = 1e-9
	xmax, ymax := float64(g.Cols-1), float64(g.Rows-1)
	if x < 0 && x > -eps {
		x = 0
	} else if x > xmax && x < xmax+eps {
		x = xmax
	}
	if y < 0 && y > -eps {
		y = 0
	} else if y > ymax && y < ymax+eps {
		y = ymax
	}
	// The comparisons also reject NaN.
	if !(x >= 0 && y >= 0 && x <= float64(g.Cols-1) && y <= float64(g.Rows-1)) {
		return 0, false
	}
	c, r := int(x), int(y)
	// On the last column or row the cell to the right or below does not
	// exist; step back so the weight of the missing posts is zero.
	if c == g.Cols-1 && c > 0 {
		c--
	}
	if r == g.Rows-1 && r > 0 {
		r--
	}
	fx, fy := x-float64(c), y-float64(r)
	i := r*g.Cols + c
	z00 := float64(g.Z[i])
	if g.Cols == 1 || g.Rows == 1 {
		return g.bilinearThin(x, y)
	}
	z01, z10, z11 := float64(g.Z[i+1]), float64(g.Z[i+g.Cols]), float64(g.Z[i+g.Cols+1])
	z := (z00*(1-fx)+z01*fx)*(1-fy) + (z10*(1-fx)+z11*fx)*fy
	if math.IsNaN(z) {
		return 0, false
	}
	return z, true
}

// bilinearThin handles a grid one post wide or high: linear along it.
func (g *Grid) bilinearThin(x, y float64) (float64, bool) {
	t, n := x, g.Cols
	if g.Cols == 1 {
		t, n = y, g.Rows
	}
	if n == 1 {
		z := float64(g.Z[0])
		return z, !math.IsNaN(z)
	}
	i := min(int(t), n-2)
	f := t - float64(i)
	z := float64(g.Z[i])*(1-f) + float64(g.Z[i+1])*f
	return z, !math.IsNaN(z)
}

// Voids counts the void posts.
func (g *Grid) Voids() int {
	n := 0
	for _, z := range g.Z {
		if z != z {
			n++
		}
	}
	return n
}

// Raster gives the grid as a float32 raster with NaN as its no-data value,
// ready for WriteGeoTIFF. It shares the posts.
func (g *Grid) Raster() *Raster[float32] {
	return &Raster[float32]{Georef: g.Georef, Pix: g.Z, NoData: math.NaN(), HasNoData: true}
}
