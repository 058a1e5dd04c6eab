package terrain

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ReadFile reads one elevation file, choosing the reader from its content
// (a TIFF byte-order mark, a DTED UHL1 header) or, for SRTM tiles that
// have neither, from the .hgt extension. Errors name the file.
func ReadFile(path string) (*Grid, error) {
	data, release, err := mapFile(path)
	if err != nil {
		return nil, err
	}
	// Every reader copies the posts out of data.
	defer release()
	g, err := decodeFile(path, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	g.Source = path
	return g, nil
}

func decodeFile(path string, data []byte) (*Grid, error) {
	switch {
	case bytes.HasPrefix(data, []byte("II")) || bytes.HasPrefix(data, []byte("MM")):
		return ReadGeoTIFF(data)
	case bytes.HasPrefix(data, []byte("UHL1")):
		return ReadDTED(data)
	case strings.EqualFold(filepath.Ext(path), ".hgt"):
		return ReadHGT(path, data)
	}
	return nil, errors.New("not a DEM this package reads: neither a GeoTIFF, a DTED cell nor an SRTM .hgt tile")
}

// demExt are the extensions Open takes from a folder.
var demExt = []string{".hgt", ".tif", ".tiff", ".dt0", ".dt1", ".dt2"}

// DEM is a mosaic of elevation grids. Where tiles overlap (SRTM and DTED
// tiles share their edge posts) the first tile given wins; between tiles
// that do not overlap the elevation is undefined, as it would be across a
// void. A DEM is safe for concurrent use.
type DEM struct {
	Grids []*Grid
	index map[[2]int][]int // whole-degree cell of lat, lon -> grids touching it
	space float64
}

// Open reads every file named, and every DEM file (by extension: .hgt,
// .tif, .tiff, .dt0, .dt1, .dt2) in every folder named, into one DEM.
// Folders are read in name order, not recursively.
func Open(paths ...string) (*DEM, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		n := len(files)
		for _, e := range ents {
			if !e.IsDir() && slices.Contains(demExt, strings.ToLower(filepath.Ext(e.Name()))) {
				files = append(files, filepath.Join(p, e.Name()))
			}
		}
		if len(files) == n {
			return nil, fmt.Errorf("%s: no DEM files (%s) in this folder", p, strings.Join(demExt, ", "))
		}
	}
	if len(files) == 0 {
		return nil, errors.New("no DEM files given")
	}
	grids := make([]*Grid, len(files))
	for i, f := range files {
		g, err := ReadFile(f)
		if err != nil {
			return nil, err
		}
		grids[i] = g
	}
	return NewDEM(grids...), nil
}

// NewDEM makes a mosaic of grids already in memory.
func NewDEM(grids ...*Grid) *DEM {
	d := &DEM{Grids: grids, index: make(map[[2]int][]int), space: math.Inf(1)}
	for i, g := range grids {
		d.space = math.Min(d.space, g.Spacing())
		// The whole-degree cells the grid's posts touch.
		la0, lo0 := g.LatLon(0, float64(g.Rows-1))
		la1, lo1 := g.LatLon(float64(g.Cols-1), 0)
		if !g.Geographic() { // a UTM grid is not a lat/lon rectangle
			la2, lo2 := g.LatLon(0, 0)
			la3, lo3 := g.LatLon(float64(g.Cols-1), float64(g.Rows-1))
			la0, la1 = min(la0, la1, la2, la3), max(la0, la1, la2, la3)
			lo0, lo1 = min(lo0, lo1, lo2, lo3), max(lo0, lo1, lo2, lo3)
		}
		for a := degCell(la0); a <= degCell(la1); a++ {
			for o := degCell(lo0); o <= degCell(lo1); o++ {
				k := [2]int{a, o}
				d.index[k] = append(d.index[k], i)
			}
		}
	}
	return d
}

func degCell(rad float64) int { return int(math.Floor(rad * 180 / math.Pi)) }

// Elevation is the bilinear elevation from the first grid whose posts
// surround the position with no void among them.
func (d *DEM) Elevation(lat, lon float64) (float64, bool) {
	lon = math.Remainder(lon, 2*math.Pi)
	for _, i := range d.index[[2]int{degCell(lat), degCell(lon)}] {
		if z, ok := d.Grids[i].Elevation(lat, lon); ok {
			return z, true
		}
	}
	return 0, false
}

// Spacing is the finest post spacing of the tiles, in metres.
func (d *DEM) Spacing() float64 { return d.space }
