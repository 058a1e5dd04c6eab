package terrain

import (
	"fmt"
	"math"
	"path/filepath"
)

// TileInfo is what one tile of a DEM covers.
type TileInfo struct {
	File                     string  // as read
	Cols, Rows               int     // posts
	Spacing                  float64 // finest post spacing, m
	South, North, West, East float64 // extent of the posts, degrees
	Voids                    int     // posts with no data
}

// Survey is what a DEM covers: its tiles, the whole-degree box around
// them, and the whole-degree cells of that box no tile reaches into.
type Survey struct {
	Tiles                    []TileInfo
	South, North, West, East int      // the box, whole degrees
	Holes                    [][2]int // south-west corners (lat, lon) of cells without a tile, degrees
}

// Survey describes the DEM's tiles and where the box around them has no
// tile at all. A cell counts as covered when any tile's extent reaches
// into it, even partly; voids inside tiles are counted per tile, not
// reported as holes.
func (d *DEM) Survey() Survey {
	var s Survey
	s.South, s.West = math.MaxInt, math.MaxInt
	s.North, s.East = math.MinInt, math.MinInt
	for _, g := range d.Grids {
		la0, la1, lo0, lo1 := g.Bounds()
		t := TileInfo{File: g.Source, Cols: g.Cols, Rows: g.Rows, Spacing: g.Spacing(),
			South: la0 * 180 / math.Pi, North: la1 * 180 / math.Pi, West: lo0 * 180 / math.Pi, East: lo1 * 180 / math.Pi}
		for _, z := range g.Z {
			if math.IsNaN(float64(z)) {
				t.Voids++
			}
		}
		s.Tiles = append(s.Tiles, t)
		// Tile edges sit on whole degrees up to rounding: 44° computed
		// as 43.999999999 is 44°.
		const eps = 1e-9
		s.South, s.North = min(s.South, int(math.Floor(t.South+eps))), max(s.North, int(math.Ceil(t.North-eps)))
		s.West, s.East = min(s.West, int(math.Floor(t.West+eps))), max(s.East, int(math.Ceil(t.East-eps)))
	}
	for lat := s.South; lat < s.North; lat++ {
		for lon := s.West; lon < s.East; lon++ {
			if !s.reaches(lat, lon) {
				s.Holes = append(s.Holes, [2]int{lat, lon})
			}
		}
	}
	return s
}

// reaches reports whether any tile's extent overlaps the interior of the
// whole-degree cell with south-west corner lat, lon.
func (s *Survey) reaches(lat, lon int) bool {
	for _, t := range s.Tiles {
		const eps = 1e-9
		if t.South < float64(lat+1)-eps && t.North > float64(lat)+eps && t.West < float64(lon+1)-eps && t.East > float64(lon)+eps {
			return true
		}
	}
	return false
}

// CellName names a whole-degree cell as SRTM names its tile: N44W072 for
// the cell from 44° N, 72° W.
func CellName(lat, lon int) string {
	ns, ew := 'N', 'E'
	if lat < 0 {
		ns, lat = 'S', -lat
	}
	if lon < 0 {
		ew, lon = 'W', -lon
	}
	return fmt.Sprintf("%c%02d%c%03d", ns, lat, ew, lon)
}

// Base is the tile's file name without its folder.
func (t TileInfo) Base() string { return filepath.Base(t.File) }
