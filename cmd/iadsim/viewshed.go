package main

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/iadsim/iadsim/internal/progress"
	"github.com/iadsim/iadsim/terrain"
	"github.com/iadsim/iadsim/units"
	"github.com/spf13/cobra"
)

func newViewshedCmd() *cobra.Command {
	var (
		dem, observer, height, targetHeight, maxRange, kFlag, out string
		refraction                                                float64
		targetMSL, exact, deflate                                 bool
	)
	cmd := &cobra.Command{
		Use:   "viewshed --dem DEM --observer LAT,LON --out VS.tif",
		Short: "Terrain line of sight from one point: a GeoTIFF of what it sees",
		Long: `Viewshed computes which cells of a DEM an observer sees over the terrain
and the curved, refracting earth (effective-earth factor k, 4/3 by default),
and writes a byte GeoTIFF on the DEM's own grid: 255 visible, 0 not visible
or beyond --max-range, as gdal_viewshed writes. The DEM is an SRTM .hgt
tile, a GeoTIFF (geographic WGS-84 or UTM) or a DTED cell. See
docs/terrain.md.

  iadsim viewshed --dem N44W072.hgt --observer 44.27,-71.30 --height 10m \
      --target-height 30m --max-range 100km --out vs.tif`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			v, err := viewParams(observer, height, targetHeight, maxRange, kFlag, refraction,
				cmd.Flags().Changed("refraction"), targetMSL)
			if err != nil {
				return inputError{err}
			}
			if dem == "" || out == "" {
				return inputError{errors.New("--dem and --out are required")}
			}
			g, err := terrain.ReadFile(dem)
			if err != nil {
				return inputError{err}
			}
			opt := &terrain.Options{}
			if bar := progress.NewBar(cmd.ErrOrStderr(), "viewshed"); bar != nil {
				opt.Progress = bar.Update
				defer bar.Done()
			}
			compute := terrain.Viewshed
			if exact {
				compute = terrain.ViewshedExact
			}
			vs, err := compute(g, g.Georef, v, opt)
			if err != nil {
				return inputError{fmt.Errorf("%s: %w", dem, err)}
			}
			if err := terrain.WriteGeoTIFFFile(out, vs, &terrain.WriteOptions{Deflate: deflate}); err != nil {
				return err
			}
			seen := bytes.Count(vs.Pix, []byte{terrain.Visible})
			z, _ := g.Elevation(v.Lat, v.Lon)
			k := v.K
			if k == 0 {
				k = terrain.DefaultK
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d x %d cells, %d visible (%.2f%%); observer ground %.1f m, antenna %.1f m, target %.1f m %s, k %.4f\n",
				out, vs.Cols, vs.Rows, seen, 100*float64(seen)/float64(len(vs.Pix)), z, v.Height, v.TargetHeight,
				map[bool]string{false: "above ground", true: "above sea level"}[targetMSL], k)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&dem, "dem", "", "DEM file (.hgt, GeoTIFF or DTED); the viewshed is on its grid")
	f.StringVar(&observer, "observer", "", "observer latitude,longitude in degrees, e.g. 44.27,-71.30")
	f.StringVar(&height, "height", "0m", "observer (antenna) height above the ground")
	f.StringVar(&targetHeight, "target-height", "0m", "target height above the ground of each cell (above sea level with --target-msl)")
	f.BoolVar(&targetMSL, "target-msl", false, "the target height is above sea level (the DEM's datum), not above the ground")
	f.StringVar(&maxRange, "max-range", "0m", "maximum ground distance; cells beyond are 0 (0 means no limit)")
	f.StringVar(&kFlag, "k", "4/3", "effective-earth factor, a number or a fraction")
	f.Float64Var(&refraction, "refraction", 0, "refraction coefficient n instead of --k: k = 1/(1-n); 0.13 in geodesy, 1/7 in gdal_viewshed")
	f.BoolVar(&exact, "exact", false, "use the slow brute-force line of sight per cell (the reference) instead of the radial sweep")
	f.BoolVar(&deflate, "deflate", false, "deflate-compress the GeoTIFF")
	f.StringVar(&out, "out", "", "output GeoTIFF (written whole or not at all)")
	return cmd
}

// viewParams turns the flags into a terrain.View, all problems at once.
func viewParams(observer, height, target, maxRange, kFlag string, refraction float64, refractionSet, msl bool) (terrain.View, error) {
	var v terrain.View
	var errs []error
	lat, lon, err := parseLatLon(observer)
	if err != nil {
		errs = append(errs, fmt.Errorf("--observer: %w", err))
	}
	v.Lat, v.Lon = lat*math.Pi/180, lon*math.Pi/180
	for _, p := range []struct {
		flag, s string
		dst     *float64
	}{{"--height", height, &v.Height}, {"--target-height", target, &v.TargetHeight}, {"--max-range", maxRange, &v.MaxRange}} {
		x, err := units.Length(p.s)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p.flag, err))
		}
		*p.dst = x
	}
	if v.MaxRange < 0 {
		errs = append(errs, fmt.Errorf("--max-range %q is negative", maxRange))
	}
	v.TargetAboveDatum = msl
	if refractionSet {
		if !(refraction < 1) || refraction < -10 {
			errs = append(errs, fmt.Errorf("--refraction %g: want a coefficient below 1 (0.13 is usual)", refraction))
		} else {
			v.K = 1 / (1 - refraction)
		}
	} else {
		k, err := parseFraction(kFlag)
		if err != nil || !(k > 0) || math.IsInf(k, 0) {
			errs = append(errs, fmt.Errorf("--k %q: want a positive number or fraction, e.g. 4/3", kFlag))
		}
		v.K = k
	}
	return v, errors.Join(errs...)
}

func parseLatLon(s string) (lat, lon float64, err error) {
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return 0, 0, fmt.Errorf("%q: want latitude,longitude in degrees", s)
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil || !(math.Abs(lat) <= 90) || !(math.Abs(lon) <= 180) {
		return 0, 0, fmt.Errorf("%q: want latitude,longitude in degrees, within ±90 and ±180", s)
	}
	return lat, lon, nil
}

func parseFraction(s string) (float64, error) {
	if a, b, ok := strings.Cut(s, "/"); ok {
		x, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
		y, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
		if err := errors.Join(err1, err2); err != nil {
			return 0, err
		}
		return x / y, nil
	}
	return strconv.ParseFloat(strings.TrimSpace(s), 64)
}
