package main

import (
	"fmt"
	"io"
	"math"

	"github.com/spf13/cobra"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/terrain"
)

func newTerrainCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "terrain",
		Short: "Elevation tiles: what a folder of DEM files covers",
	}
	cmd.AddCommand(newTerrainInfoCmd(), newTerrainGeoidCmd())
	return cmd
}

func newTerrainGeoidCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "geoid LAT,LON",
		Short: "Print the EGM96 geoid undulation at a point",
		Long: `Geoid prints the EGM96 geoid undulation N at a geodetic latitude and
longitude in degrees: the height of mean sea level above the WGS-84
ellipsoid, in metres, from the 15' grid embedded in the binary (Debian
proj-data's egm96_15.gtx, public domain), bilinear between its posts as
PROJ interpolates it. A height above mean sea level h_msl is
h_msl + N above the ellipsoid; SRTM and DTED heights are above the geoid,
GPS heights above the ellipsoid. The last line is "undulation N" so that
scripts can read it:

  iadsim terrain geoid 32.65,51.67     # Isfahan: undulation 0.12`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			lat, lon, err := parseLatLon(a[0])
			if err != nil {
				return inputError{err}
			}
			n := geo.GeoidHeight(lat*math.Pi/180, lon*math.Pi/180)
			bw := &errWriter{w: cmd.OutOrStdout()}
			bw.printf("point: latitude %.6f, longitude %.6f (WGS-84)\n", lat, lon)
			bw.printf("model: EGM96, 15' grid, bilinear (mean sea level above the WGS-84 ellipsoid)\n")
			bw.printf("undulation %.3f\n", n)
			return bw.err
		},
	}
}

func newTerrainInfoCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "info DIR|FILE|PATTERN...",
		Short: "List DEM tiles, what each covers, and the holes of the area",
		Long: `Info reads the DEM tiles named (files, folders of tiles, or glob patterns
such as 'tiles/N3*', in any supported format, mixed: SRTM .hgt, GeoTIFF,
DTED), as a scenario's terrain: {dem: [...]} reads them, and prints one
line per tile: its file, its posts, its post spacing, the latitudes and
longitudes its posts span, and its voids. Then the whole-degree box around
the tiles and every whole-degree cell of that box that no tile reaches
into, named as SRTM names its tile (N44W072): the holes a scenario's
routes and radars would meet as "no terrain data". See docs/terrain.md.

  iadsim terrain info ../shared/data/terrain`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, paths []string) error {
			d, err := terrain.Open(paths...)
			if err != nil {
				return inputError{err}
			}
			return printSurvey(cmd.OutOrStdout(), d.Survey())
		},
	}
}

// printSurvey writes the tiles as a table, then the box and its holes.
func printSurvey(w io.Writer, s terrain.Survey) error {
	bw := &errWriter{w: w}
	bw.printf("%-28s %11s %9s %22s %24s %8s\n", "tile", "posts", "spacing", "latitude", "longitude", "voids")
	for _, t := range s.Tiles {
		posts := t.Cols * t.Rows
		bw.printf("%-28s %5dx%-5d %7.1f m %10.5f..%-10.5f %11.5f..%-11.5f %7.3f%%\n",
			t.Base(), t.Cols, t.Rows, t.Spacing, t.South, t.North, t.West, t.East, 100*float64(t.Voids)/float64(posts))
	}
	cells := (s.North - s.South) * (s.East - s.West)
	bw.printf("area: latitude %d..%d, longitude %d..%d: %d whole-degree cells, %d tiles\n",
		s.South, s.North, s.West, s.East, cells, len(s.Tiles))
	if len(s.Holes) == 0 {
		bw.printf("holes: none\n")
		return bw.err
	}
	bw.printf("holes: %d cells without a tile:", len(s.Holes))
	for _, h := range s.Holes {
		bw.printf(" %s", terrain.CellName(h[0], h[1]))
	}
	bw.printf("\n")
	return bw.err
}

// errWriter keeps the first write error, so that a table of many lines
// is checked once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}
