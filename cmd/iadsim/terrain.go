package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/interrupt"
	"github.com/iadsim/iadsim/terrain"
	"github.com/iadsim/iadsim/terrain/fetch"
)

func newTerrainCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "terrain",
		Short: "Elevation tiles: fetch the public ones, list what a folder covers, the geoid",
	}
	cmd.AddCommand(newTerrainInfoCmd(), newTerrainGeoidCmd(), newTerrainFetchCmd())
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
			return d.Survey().WriteTable(cmd.OutOrStdout())
		},
	}
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

// mirrorEnv names the environment variable that points terrain fetch at a
// mirror of the public buckets, as --base-url does.
const mirrorEnv = "IADSIM_TERRAIN_MIRROR"

func newTerrainFetchCmd() *cobra.Command {
	var area, source, out, base string
	cmd := &cobra.Command{
		Use:   "fetch --area LAT1,LON1,LAT2,LON2 [--source copernicus-30|srtm-1|srtm-3] --out DIR",
		Short: "Download the public elevation tiles that cover an area",
		Long: `Fetch downloads the one-degree elevation tiles that cover an area from
the public open-data buckets into the folder DIR, a cache: a tile already
there is checked against DIR/SHA256SUMS and kept; a new one is checked
against the MD5 the server states (S3's ETag), read as a tile of its cell,
and only then put under its name, its SHA-256 added to SHA256SUMS. A cut
transfer waits in DIR/.partial and the next run resumes it (HTTP Range).
Cells the source has no tile for (the sea, for Copernicus) are listed as
absent. At the end it prints the terrain: block to paste into a scenario.

Sources (docs/terrain.md gives their URL layouts and licences):
  copernicus-30  Copernicus DEM GLO-30 Public, AWS open data; heights above EGM2008
  srtm-1         SRTM 1", Tilezen terrain tiles (skadi), AWS open data; above EGM96
  srtm-3         NASA SRTM GL3 3", OpenTopography's public S3; above EGM96

--base-url (or IADSIM_TERRAIN_MIRROR) points at a mirror laid out as the
public bucket. Offline: copy DIR (with SHA256SUMS) to the machine; the
scenario reads DIR as any folder of tiles.

  iadsim terrain fetch --area 32,51,34,53 --source srtm-1 --out tiles/isfahan`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if area == "" || out == "" {
				return inputError{fmt.Errorf("want --area LAT1,LON1,LAT2,LON2 and --out DIR, the cache folder for the tiles")}
			}
			src, err := fetch.Lookup(source)
			if err != nil {
				return inputError{err}
			}
			a, err := fetch.ParseArea(area)
			if err != nil {
				return inputError{err}
			}
			if base == "" {
				base = os.Getenv(mirrorEnv)
			}
			from := src.Base
			if base != "" {
				from = base
			}
			bw := &errWriter{w: cmd.OutOrStdout()}
			bw.printf("source: %s: %s, %s posts, heights above %s\n", src.Name, src.Product, src.Spacing, src.Datum)
			bw.printf("from: %s\n", from)
			f := &fetch.Fetcher{Source: src, Base: base, Dir: out, Progress: func(t fetch.Tile) {
				cell := terrain.CellName(t.Lat, t.Lon)
				if t.Status == fetch.Absent {
					bw.printf("%s  absent   HTTP %d: the source has no tile here (the sea, or outside its coverage)\n", cell, t.Code)
					return
				}
				bw.printf("%s  %-7s  %s  sha256 %s\n", cell, t.Status, t.File, t.SHA256)
			}}
			ctx, stop := interrupt.Context(cmd.Context())
			defer stop()
			tiles, err := f.Fetch(ctx, a)
			if err != nil {
				return err
			}
			var got, absent []string
			for _, t := range tiles {
				if t.Status == fetch.Absent {
					absent = append(absent, terrain.CellName(t.Lat, t.Lon))
				} else {
					got = append(got, t.File)
				}
			}
			bw.printf("%d tiles in %s, %d absent\n", len(got), out, len(absent))
			if len(got) == 0 {
				bw.printf("no tile covers the area: the scenario would have no terrain there\n")
				return bw.err
			}
			bw.printf("\npaste into the scenario (dem is relative to the scenario file; geoid_height: auto\n")
			bw.printf("raises the %s heights by EGM96's undulation at the units", src.Datum)
			if src.Datum != "EGM96" {
				bw.printf(", which differs from %s's by about a metre, more in high mountains", src.Datum)
			}
			bw.printf("):\n")
			bw.printf("terrain:\n  dem: [%q]\n  geoid_height: auto\n", out)
			if len(absent) > 0 {
				bw.printf("# no tile for %s: routes and radars there meet no terrain data\n", strings.Join(absent, " "))
			}
			return bw.err
		},
	}
	cmd.Flags().StringVar(&area, "area", "", "LAT1,LON1,LAT2,LON2: two opposite corners of the area, degrees")
	cmd.Flags().StringVar(&source, "source", "copernicus-30", "copernicus-30, srtm-1 or srtm-3")
	cmd.Flags().StringVar(&out, "out", "", "the cache folder the tiles go to")
	cmd.Flags().StringVar(&base, "base-url", "", "a mirror laid out as the source's public bucket (default $"+mirrorEnv+", else the public bucket)")
	return cmd
}
