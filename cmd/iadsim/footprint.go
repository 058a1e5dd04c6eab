package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/footprint"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/terrain"
	"github.com/iadsim/iadsim/units"
)

func newFootprintCmd() *cobra.Command {
	var (
		launch, step, extent, rcs, apogee, typ, out string
		workers                                     int
	)
	cmd := &cobra.Command{
		Use:   "footprint SCENARIO.yaml --launch LAT,LON[;LAT,LON...] --out DIR",
		Short: "Defended footprints of the air-defence units against ballistic missiles",
		Long: `Footprint draws, for each launch point, the ground area where a ballistic
warhead aimed there can be engaged before it falls: per unit of the
scenario and for all of them together (the grid). Each cell of a grid
about the units is the aim point of one missile on its minimum-energy arc
(or --apogee) from the launch point, flown in a battle of its own with
the aim point as a defended site; a unit defends the cell when it commits
an engagement to that missile. The scenario's own threats are left out.
Into --out, for launch point L (1, 2, ... in the order given):

  footprint-L-UNIT.tif, footprint-L-grid.tif   byte GeoTIFF, 255 defended, 0 not
  footprint-L.png                              the grid's footprint, command posts, launch point
  footprint.geojson                            every footprint as polygons, with its area

One battle per cell and launch point: a 5 km grid 160 km wide is about
1000 battles, a minute or two on a few cores. See docs/bmd.md.

  iadsim footprint battle/testdata/bmd.yaml --launch "42.0,-72.4;37.0,-75.0" --out fp/`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			var opt footprint.Options
			launches, err := parseLaunches(launch)
			if err != nil {
				return inputError{err}
			}
			if out == "" {
				return inputError{fmt.Errorf("--out is required")}
			}
			for _, f := range []struct {
				flag, val string
				dst       *float64
				parse     func(string) (float64, error)
			}{
				{"--step", step, &opt.Step, units.Length}, {"--extent", extent, &opt.Extent, units.Length},
				{"--rcs", rcs, &opt.RCS, units.Area}, {"--apogee", apogee, &opt.Apogee, units.Length},
			} {
				if f.val == "" {
					continue
				}
				v, err := f.parse(f.val)
				if err != nil || !(v > 0) {
					return inputError{fmt.Errorf("%s %q: want a positive quantity with its unit, such as 5km or 0.1m2", f.flag, f.val)}
				}
				*f.dst = v
			}
			opt.Type, opt.Workers = typ, workers
			s, err := readScenario(cmd.ErrOrStderr(), a[0], 0, false)
			if err != nil {
				return err
			}
			var results []*footprint.Result
			var files []export.File
			var posts []geo.LLA
			for _, u := range s.Units {
				posts = append(posts, u.CommandPost.At)
			}
			for i, l := range launches {
				r, err := footprint.Compute(s, l, opt)
				if err != nil {
					return inputError{fmt.Errorf("%s: launch %d: %w", a[0], i+1, err)}
				}
				results = append(results, r)
				for j, u := range r.Units {
					files = append(files, rasterFile(fmt.Sprintf("footprint-%d-%s.tif", i+1, u), r.Raster(r.Defended[j])))
				}
				files = append(files, rasterFile(fmt.Sprintf("footprint-%d-grid.tif", i+1), r.Raster(r.Grid)),
					export.File{Name: fmt.Sprintf("footprint-%d.png", i+1), Write: func(w io.Writer) error { return r.WritePNG(w, posts) }})
				fmt.Fprintf(cmd.OutOrStdout(), "launch %d (%.4f, %.4f): grid %.0f km²", i+1, l.LatDeg(), l.LonDeg(), r.Area(r.Grid))
				for j, u := range r.Units {
					fmt.Fprintf(cmd.OutOrStdout(), ", %s %.0f km²", u, r.Area(r.Defended[j]))
				}
				fmt.Fprintln(cmd.OutOrStdout())
			}
			files = append(files, export.File{Name: "footprint.geojson", Write: func(w io.Writer) error { return footprint.WriteGeoJSON(w, results) }})
			return export.WriteDir(out, files)
		},
	}
	f := cmd.Flags()
	f.StringVar(&launch, "launch", "", "launch points, LAT,LON in degrees, separated by ';' (required)")
	f.StringVar(&out, "out", "", "output directory (required)")
	f.StringVar(&step, "step", "5km", "grid spacing")
	f.StringVar(&extent, "extent", "", "half-width of the grid about the units (default: each unit's range against ballistic targets, or 80 km, beyond its distance from their centre)")
	f.StringVar(&rcs, "rcs", "0.1m2", "the warhead's radar cross section")
	f.StringVar(&apogee, "apogee", "", "loft or depress the arcs to this apogee (default: minimum-energy arcs)")
	f.StringVar(&typ, "type", "short-range-ballistic-missile", "the missile's threat class")
	f.IntVar(&workers, "workers", 0, "battles run at once (default: GOMAXPROCS)")
	return cmd
}

// parseLaunches reads "LAT,LON;LAT,LON".
func parseLaunches(s string) ([]geo.LLA, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("--launch is required: LAT,LON[;LAT,LON...] in degrees, such as 42.0,-72.4")
	}
	var out []geo.LLA
	for _, p := range strings.Split(s, ";") {
		f := strings.Split(strings.TrimSpace(p), ",")
		if len(f) != 2 {
			return nil, fmt.Errorf("--launch %q: want LAT,LON in degrees, such as 42.0,-72.4", p)
		}
		lat, err1 := strconv.ParseFloat(strings.TrimSpace(f[0]), 64)
		lon, err2 := strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
		if err1 != nil || err2 != nil || !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180) {
			return nil, fmt.Errorf("--launch %q: want a latitude from -90 to 90 and a longitude from -180 to 180, in degrees", p)
		}
		out = append(out, geo.Deg(lat, lon, 0))
	}
	return out, nil
}

// rasterFile is a GeoTIFF output file.
func rasterFile(name string, r *terrain.Raster[uint8]) export.File {
	return export.File{Name: name, Write: func(w io.Writer) error { return terrain.WriteGeoTIFF(w, r, nil) }}
}
