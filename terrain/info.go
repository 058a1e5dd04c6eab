package terrain

import (
	"bytes"
	"fmt"
	"io"
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

// WriteTable writes the survey as iadsim terrain info prints it: a line
// per tile (file, posts, spacing, latitudes, longitudes, voids), then the
// whole-degree box and the cells of it that no tile reaches into, named
// as SRTM names its tiles.
func (s Survey) WriteTable(w io.Writer) error {
	var b bytes.Buffer // one write, checked once
	fmt.Fprintf(&b, "%-28s %11s %9s %22s %24s %8s\n", "tile", "posts", "spacing", "latitude", "longitude", "voids")
	for _, t := range s.Tiles {
		posts := t.Cols * t.Rows
		fmt.Fprintf(&b, "%-28s %5dx%-5d %7.1f m %10.5f..%-10.5f %11.5f..%-11.5f %7.3f%%\n",
			t.Base(), t.Cols, t.Rows, t.Spacing, t.South, t.North, t.West, t.East, 100*float64(t.Voids)/float64(posts))
	}
	cells := (s.North - s.South) * (s.East - s.West)
	fmt.Fprintf(&b, "area: latitude %d..%d, longitude %d..%d: %d whole-degree cells, %d tiles\n",
		s.South, s.North, s.West, s.East, cells, len(s.Tiles))
	if len(s.Holes) == 0 {
		b.WriteString("holes: none\n")
	} else {
		fmt.Fprintf(&b, "holes: %d cells without a tile:", len(s.Holes))
		for _, h := range s.Holes {
			fmt.Fprintf(&b, " %s", CellName(h[0], h[1]))
		}
		b.WriteString("\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}
