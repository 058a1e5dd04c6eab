// Package fetch downloads public elevation tiles into a local cache: the
// one-degree tiles of the Copernicus DEM and of SRTM that cover an area,
// from the open-data buckets that publish them (or a mirror laid out the
// same way), resuming an interrupted transfer, checking what arrives, and
// never leaving a half-written tile where terrain.Open would read it.
package fetch

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/iadsim/iadsim/terrain"
)

// A Source is one public DEM product and the layout of its bucket: where
// the tile whose south-west corner is (lat, lon) lies under its base URL,
// and the name it takes in the cache.
type Source struct {
	Name    string                    // as --source spells it
	Product string                    // what the tiles are
	Base    string                    // the public bucket's URL, without a trailing slash
	Datum   string                    // the vertical datum of the heights
	Spacing string                    // post spacing
	Path    func(lat, lon int) string // the tile's path under Base
	File    func(lat, lon int) string // the tile's file name in the cache
	Gzip    bool                      // the bucket serves the tile gzipped
}

// Sources are the products terrain fetch knows, in the order of the docs.
//
//   - copernicus-30: Copernicus DEM GLO-30 Public on the AWS Registry of
//     Open Data (bucket copernicus-dem-30m), Cloud-Optimized GeoTIFFs of
//     float32 heights above EGM2008, one folder per tile:
//     Copernicus_DSM_COG_10_N44_00_W072_00_DEM/Copernicus_DSM_COG_10_N44_00_W072_00_DEM.tif.
//     The sea has no tiles.
//   - srtm-1: SRTM 1" as the Tilezen/Mapzen terrain tiles publish it on
//     AWS (bucket elevation-tiles-prod, "skadi" layout): skadi/N44/N44W072.hgt.gz,
//     3601x3601 big-endian int16 posts above EGM96, gzipped.
//   - srtm-3: NASA SRTM GL3 (3") as OpenTopography mirrors it on its
//     public S3 at SDSC: raster/SRTM_GL3/SRTM_GL3_srtm/North/North_30_60/N44W072.tif,
//     under South, North/North_0_29 or North/North_30_60 by latitude;
//     GeoTIFF int16 above EGM96.
func Sources() []Source {
	return []Source{
		{
			Name:    "copernicus-30",
			Product: "Copernicus DEM GLO-30 Public (AWS open data)",
			Base:    "https://copernicus-dem-30m.s3.amazonaws.com",
			Datum:   "EGM2008",
			Spacing: `1" (30 m)`,
			Path: func(lat, lon int) string {
				n := copernicusName(lat, lon)
				return "/" + n + "/" + n + ".tif"
			},
			File: func(lat, lon int) string { return copernicusName(lat, lon) + ".tif" },
		},
		{
			Name:    "srtm-1",
			Product: "SRTM 1\" (Tilezen terrain tiles, skadi layout, AWS open data)",
			Base:    "https://elevation-tiles-prod.s3.amazonaws.com",
			Datum:   "EGM96",
			Spacing: `1" (30 m)`,
			Path: func(lat, lon int) string {
				n := terrain.CellName(lat, lon)
				return "/skadi/" + n[:3] + "/" + n + ".hgt.gz"
			},
			File: func(lat, lon int) string { return terrain.CellName(lat, lon) + ".hgt" },
			Gzip: true,
		},
		{
			Name:    "srtm-3",
			Product: "NASA SRTM GL3 (OpenTopography public S3)",
			Base:    "https://opentopography.s3.sdsc.edu",
			Datum:   "EGM96",
			Spacing: `3" (90 m)`,
			Path: func(lat, lon int) string {
				folder := "North/North_30_60"
				switch {
				case lat < 0:
					folder = "South"
				case lat < 30:
					folder = "North/North_0_29"
				}
				return "/raster/SRTM_GL3/SRTM_GL3_srtm/" + folder + "/" + terrain.CellName(lat, lon) + ".tif"
			},
			File: func(lat, lon int) string { return terrain.CellName(lat, lon) + ".tif" },
		},
	}
}

// Lookup finds a source by name.
func Lookup(name string) (Source, error) {
	var names []string
	for _, s := range Sources() {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return Source{}, fmt.Errorf("source %q: want one of %s", name, strings.Join(names, ", "))
}

// copernicusName is the Copernicus DEM's name of a GLO-30 tile:
// Copernicus_DSM_COG_10_N44_00_W072_00_DEM for SRTM's N44W072.
func copernicusName(lat, lon int) string {
	n := terrain.CellName(lat, lon)
	return "Copernicus_DSM_COG_10_" + n[:3] + "_00_" + n[3:] + "_00_DEM"
}

// MaxCells bounds an area: a GLO-30 tile is up to 40 MB, so 400 of them
// are 16 GB, more than anyone asks for by mistake.
const MaxCells = 400

// An Area is a latitude/longitude box in degrees.
type Area struct {
	South, West, North, East float64
}

// ParseArea reads LAT1,LON1,LAT2,LON2: two opposite corners in degrees,
// in either order. An area does not cross the antimeridian.
func ParseArea(s string) (Area, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return Area{}, fmt.Errorf("area %q: want LAT1,LON1,LAT2,LON2 in degrees (two opposite corners)", s)
	}
	var v [4]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		limit := 90.0
		if i%2 == 1 {
			limit = 180
		}
		if err != nil || !(math.Abs(x) <= limit) {
			return Area{}, fmt.Errorf("area %q: value %d %q: want degrees within ±%g", s, i+1, strings.TrimSpace(p), limit)
		}
		v[i] = x
	}
	a := Area{South: min(v[0], v[2]), North: max(v[0], v[2]), West: min(v[1], v[3]), East: max(v[1], v[3])}
	if n := len(a.Cells()); n > MaxCells {
		return Area{}, fmt.Errorf("area %q covers %d one-degree tiles; want at most %d (fetch a large theatre in parts)", s, n, MaxCells)
	}
	return a, nil
}

// Cells are the south-west corners of the one-degree cells the area
// reaches into, south to north, then west to east. An edge on a whole
// degree takes no cell beyond it; a point area takes its one cell, and
// an area on the north pole's edge or the antimeridian the cell south or
// west of it.
func (a Area) Cells() [][2]int {
	s, w := int(math.Floor(a.South)), int(math.Floor(a.West))
	s, w = min(s, 89), min(w, 179)
	n, e := int(math.Ceil(a.North))-1, int(math.Ceil(a.East))-1
	n, e = max(n, s), max(e, w)
	n, e = min(n, 89), min(e, 179)
	var cells [][2]int
	for lat := s; lat <= n; lat++ {
		for lon := w; lon <= e; lon++ {
			cells = append(cells, [2]int{lat, lon})
		}
	}
	return cells
}
