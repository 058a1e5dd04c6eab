package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/iadsim/iadsim/coverage"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/terrain"
	"github.com/iadsim/iadsim/units"
	"github.com/paulmach/orb"
	"github.com/spf13/cobra"
)

func newCoverageCmd() *cobra.Command {
	var (
		alts, rcss, altRef, res, extent, out string
		force                                bool
		pd                                   float64
	)
	cmd := &cobra.Command{
		Use:   "coverage SCENARIO.yaml --alt 30m,300m --rcs 0.1m2 --out DIR",
		Short: "Detection and engagement coverage maps per target altitude and RCS",
		Long: `Coverage computes, for a target at each altitude and radar cross section,
where the scenario's air-defence units detect it (line of sight over the
terrain and the curved, refracting earth, the radar equation at --pd, the
radars' range and elevation limits) and where they can also engage it (the
fire-control radar's detection within a missile's kinematic envelope), on a
geographic grid around the units. Into --out, per altitude (and RCS, when
several are given) it writes:

  detection_ALT.tif, engagement_ALT.tif          byte GeoTIFF, 255 covered, 0 not
  detection_ALT.png, engagement_ALT.png          maps with coastlines and range rings
  detection_ALT.geojson, engagement_ALT.geojson  covered areas as polygons
  detection_ALT.kml, engagement_ALT.kml          the same for Google Earth

and horizon.csv, the range at which each radar and each battery first sees
the target: the smooth-earth horizon, the free-space detection range, their
minimum with the instrumented range, and the farthest covered range over
azimuths (terrain-limited). A table on stdout says the same. Altitudes are
above the ground (--alt-ref agl, the default; above the ellipsoid without
terrain) or above mean sea level (--alt-ref msl). See docs/coverage.md.

  iadsim coverage examples/s400-coverage.yaml --alt 30m,300m,3km,10km \
      --rcs 0.1m2 --out cov/`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			targets, names, opt, err := coverageParams(alts, rcss, altRef, res, extent, pd)
			if err != nil {
				return inputError{err}
			}
			if out == "" {
				return inputError{errors.New("--out is required")}
			}
			if err := checkOutDir(out, ownCoverageFile, force); err != nil {
				return err
			}
			s, err := readScenario(cmd.ErrOrStderr(), a[0], 0, false)
			if err != nil {
				return err
			}
			an, err := coverage.Open(s)
			if err != nil {
				return inputError{fmt.Errorf("%s: %w", a[0], err)}
			}
			bar := newFractionBar(cmd.ErrOrStderr(), "coverage")
			if bar != nil {
				opt.Progress = bar.update
			}
			r, err := an.Run(targets, opt)
			if bar != nil {
				bar.done()
			}
			if err != nil {
				return inputError{fmt.Errorf("%s: %w", a[0], err)}
			}
			for _, w := range r.Warnings {
				fmt.Fprintln(cmd.ErrOrStderr(), "iadsim: warning:", w)
			}
			if err := export.WriteDir(out, coverageFiles(an, r, names, s.Name)); err != nil {
				return err
			}
			return coverage.WriteTable(cmd.OutOrStdout(), r)
		},
	}
	f := cmd.Flags()
	f.StringVar(&alts, "alt", "", "target altitudes, comma-separated lengths: 30m,300m,3km,10km")
	f.StringVar(&rcss, "rcs", "", "target radar cross sections, comma-separated areas: 0.1m2 or -10dBsm")
	f.Float64Var(&pd, "pd", 0.9, "detection probability per look required, at each radar's Pfa")
	f.StringVar(&altRef, "alt-ref", "agl", "altitudes are above the ground (agl) or above mean sea level (msl)")
	f.StringVar(&res, "res", "250m", "grid cell size")
	f.StringVar(&extent, "extent", "0m", "how far the grid reaches beyond the units (0: far enough for the farthest detection and missile)")
	f.StringVar(&out, "out", "", "output directory (all files are written, or none)")
	f.BoolVar(&force, "force", false, "write into an --out directory that holds other files")
	return cmd
}

// coverageParams turns the flags into targets, their file-name labels and
// options, every problem at once.
func coverageParams(alts, rcss, altRef, res, extent string, pd float64) ([]coverage.Target, []string, coverage.Options, error) {
	var errs []error
	var opt coverage.Options
	list := func(flag, s string, parse func(string) (float64, error)) []float64 {
		if strings.TrimSpace(s) == "" {
			errs = append(errs, fmt.Errorf("%s is required", flag))
			return nil
		}
		var v []float64
		for p := range strings.SplitSeq(s, ",") {
			x, err := parse(strings.TrimSpace(p))
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", flag, err))
				continue
			}
			v = append(v, x)
		}
		return v
	}
	altV := list("--alt", alts, units.Length)
	rcsV := list("--rcs", rcss, units.Area)
	for _, x := range rcsV {
		if !(x > 0) {
			errs = append(errs, fmt.Errorf("--rcs %g m²: want > 0", x))
		}
	}
	if !(pd > 0 && pd < 1) {
		errs = append(errs, fmt.Errorf("--pd %g: want a probability strictly between 0 and 1", pd))
	}
	var msl bool
	switch strings.ToLower(altRef) {
	case "agl":
	case "msl":
		msl = true
	default:
		errs = append(errs, fmt.Errorf("--alt-ref %q: want agl or msl", altRef))
	}
	var err error
	if opt.Resolution, err = units.Length(res); err != nil || !(opt.Resolution > 0) {
		errs = append(errs, fmt.Errorf("--res %q: want a positive length such as 250m", res))
	}
	if opt.Extent, err = units.Length(extent); err != nil || !(opt.Extent >= 0) {
		errs = append(errs, fmt.Errorf("--extent %q: want a length such as 300km, or 0 for automatic", extent))
	}
	var targets []coverage.Target
	var names []string
	seen := map[string]bool{}
	for _, alt := range altV {
		for _, rcs := range rcsV {
			name := fileLabel(alt, "m", 1000, "km")
			if len(rcsV) > 1 {
				name += "_" + strconv.FormatFloat(rcs, 'f', -1, 64) + "m2"
			}
			if seen[name] {
				errs = append(errs, fmt.Errorf("--alt/--rcs: %s given twice", name))
				continue
			}
			seen[name] = true
			targets = append(targets, coverage.Target{Altitude: alt, MSL: msl, RCS: rcs, Pd: pd})
			names = append(names, name)
		}
	}
	return targets, names, opt, errors.Join(errs...)
}

// fileLabel writes a length for a file name: 30m, 3km, 1.5km.
func fileLabel(x float64, small string, big float64, bigUnit string) string {
	if x >= big {
		return strconv.FormatFloat(x/big, 'f', -1, 64) + bigUnit
	}
	return strconv.FormatFloat(x, 'f', -1, 64) + small
}

// coverageFiles lists every output file of a coverage run.
func coverageFiles(an *coverage.Analysis, r *coverage.Result, names []string, scenarioName string) []export.File {
	var files []export.File
	for i, l := range r.Layers {
		for _, kind := range []coverage.Kind{coverage.Detection, coverage.Engagement} {
			ras := l.Detection
			if kind == coverage.Engagement {
				ras = l.Engagement
			}
			base := string(kind) + "_" + names[i]
			var mp orb.MultiPolygon // computed once, for GeoJSON and KML
			poly := func() orb.MultiPolygon {
				if mp == nil {
					mp = coverage.Polygons(ras)
				}
				return mp
			}
			title := fmt.Sprintf("%s coverage, target %s - %s", kind, l.Target.Describe(), scenarioName)
			files = append(files,
				export.File{Name: base + ".tif", Write: func(w io.Writer) error {
					return terrain.WriteGeoTIFF(w, ras, &terrain.WriteOptions{Deflate: true})
				}},
				export.File{Name: base + ".png", Write: func(w io.Writer) error { return an.WritePNG(w, l, kind, title) }},
				export.File{Name: base + ".geojson", Write: func(w io.Writer) error {
					return coverage.WriteGeoJSON(w, poly(), kind, l.Target, map[string]any{"scenario": scenarioName, "height_ref": l.HeightRef})
				}},
				export.File{Name: base + ".kml", Write: func(w io.Writer) error {
					return coverage.WriteKML(w, poly(), kind, l.Target, scenarioName)
				}},
			)
		}
	}
	files = append(files, export.File{Name: "horizon.csv", Write: func(w io.Writer) error { return coverage.WriteCSV(w, r) }})
	return files
}
