package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/coverage"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/progress"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/units"
	"github.com/paulmach/orb"
	"github.com/spf13/cobra"
)

// coverageFlags are the flags of iadsim coverage, as given.
type coverageFlags struct {
	alts, rcss, altRef, res, extent, out string
	bands, aspects, speed, threat, land  string
	seaState                             int
	force, noClip, perUnit               bool
	pd                                   float64
}

func newCoverageCmd() *cobra.Command {
	var fl coverageFlags
	cmd := &cobra.Command{
		Use:   "coverage SCENARIO.yaml --alt 30m,300m --rcs 0.1m2 --out DIR",
		Short: "Detection and engagement coverage maps per target altitude and RCS",
		Long: `Coverage computes, for a target at each altitude and radar cross section,
where the scenario's air-defence units detect it (line of sight over the
terrain and the curved, refracting earth, the radar equation at --pd, the
radars' range and elevation limits) and where they can also engage it (the
fire-control radar's detection within a missile's kinematic envelope), on a
geographic grid around the units. Into --out, per altitude (and RCS, band
and aspect, when several are given) it writes:

  detection_ALT.tif, engagement_ALT.tif          byte GeoTIFF, 255 covered, 0 not
  detection_ALT.png, engagement_ALT.png          maps with coastlines and range rings
  detection_ALT.geojson, engagement_ALT.geojson  covered areas as polygons
  detection_ALT.kml, engagement_ALT.kml          the same for Google Earth

and horizon.csv, the range at which each radar and each battery first sees
the target: the smooth-earth horizon, the free-space detection range, their
minimum with the instrumented range, and the farthest covered range over
azimuths (terrain-limited). A table on stdout says the same. Altitudes are
above the ground (--alt-ref agl, the default; above the ellipsoid without
terrain) or above mean sea level (--alt-ref msl).

What the radars really see: --threat takes a catalogue class's cross
section by aspect and band (scaled by --rcs, else its rcs figure), each
radar in its own band; --aspect sets where the radars lie off the
target's nose (nose, beam, tail or degrees) and --speed its speed, whose
radial part meets the radars' MTI; --band keeps the radars of one band;
--sea-state or --land put a sea or land under the rays (multipath,
diffraction, clutter), in place of the scenario's surface:. Each cell then
takes the engine's detection model. See docs/coverage.md.

  iadsim coverage examples/s400-coverage.yaml --alt 30m,300m,3km,10km \
      --rcs 0.1m2 --out cov/
  iadsim coverage examples/s400-coverage.yaml --alt 10km --threat fighter-low-observable \
      --band VHF,X --aspect nose,beam --out cov-lo/`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			targets, names, opt, err := coverageParams(fl)
			if err != nil {
				return inputError{err}
			}
			if fl.out == "" {
				return inputError{errors.New("--out is required")}
			}
			if err := checkOutDir(fl.out, ownCoverageFile, fl.force); err != nil {
				return err
			}
			s, err := readScenario(cmd.ErrOrStderr(), a[0], 0, false)
			if err != nil {
				return err
			}
			if err := coverageSurface(s, fl); err != nil {
				return inputError{err}
			}
			an, err := coverage.Open(s)
			if err != nil {
				return inputError{fmt.Errorf("%s: %w", a[0], err)}
			}
			bar := progress.NewBar(cmd.ErrOrStderr(), "coverage")
			if bar != nil {
				opt.Progress = bar.Update
			}
			r, err := an.Run(targets, opt)
			if bar != nil {
				bar.Done()
			}
			if err != nil {
				return inputError{fmt.Errorf("%s: %w", a[0], err)}
			}
			for _, w := range r.Warnings {
				fmt.Fprintln(cmd.ErrOrStderr(), "iadsim: warning:", w)
			}
			if err := export.WriteDir(fl.out, coverageFiles(an, r, names, s.Name, fl.perUnit)); err != nil {
				return err
			}
			return coverage.WriteTable(cmd.OutOrStdout(), r)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.alts, "alt", "", "target altitudes, comma-separated lengths: 30m,300m,3km,10km")
	f.StringVar(&fl.rcss, "rcs", "", "target radar cross sections, comma-separated areas: 0.1m2 or -10dBsm (with --threat: the class's rcs figure if not given)")
	f.Float64Var(&fl.pd, "pd", 0.9, "detection probability per look required, at each radar's Pfa")
	f.StringVar(&fl.altRef, "alt-ref", "agl", "altitudes are above the ground (agl) or above mean sea level (msl)")
	f.StringVar(&fl.res, "res", "250m", "grid cell size")
	f.StringVar(&fl.extent, "extent", "0m", "how far the grid reaches beyond the units (0: far enough for the farthest detection and missile)")
	f.StringVar(&fl.out, "out", "", "output directory (all files are written, or none)")
	f.BoolVar(&fl.noClip, "no-clip", false, "keep the automatic extent whole where it leaves the terrain's tiles (by default the grid stops at them)")
	f.BoolVar(&fl.perUnit, "per-unit", false, "also write each unit's own GeoTIFF and PNG per altitude and kind: detection_ALT_UNIT.tif and .png")
	f.BoolVar(&fl.force, "force", false, "write into an --out directory that holds other files")
	f.StringVar(&fl.threat, "threat", "", "a catalogue threat class whose RCS table by aspect and band the target takes (iadsim catalog list)")
	f.StringVar(&fl.bands, "band", "", "keep the radars of these bands, comma-separated, one map each: VHF, UHF, L, S, C, X (default: every radar in one map)")
	f.StringVar(&fl.aspects, "aspect", "nose", "where the radars lie off the target's nose, comma-separated, one map each: nose, beam, tail or degrees (0 to 180)")
	f.StringVar(&fl.speed, "speed", "250m/s", "target speed; its radial part, at --aspect, is what the radars' MTI sees")
	f.IntVar(&fl.seaState, "sea-state", -1, "a sea of this state (0 to 6) under the radars' rays, in place of the scenario's surface")
	f.StringVar(&fl.land, "land", "", "land of this type under the radars' rays, in place of the scenario's surface: flatland, farmland, woods, wooded_hill, rugged_mountain, metropolitan")
	return cmd
}

// coverageSurface puts the sea or land of --sea-state or --land under the
// scenario's radars, at the scenario surface's height, else at the datum.
func coverageSurface(s *scenario.Scenario, fl coverageFlags) error {
	if fl.seaState < 0 && fl.land == "" {
		return nil
	}
	sf := &scenario.Surface{}
	if s.Surface != nil {
		sf.Height = s.Surface.Height
	} else if s.Terrain != nil {
		sf.Height = s.Terrain.GeoidHeight
		if len(s.Terrain.DEM) == 0 {
			sf.Height = s.Terrain.Ground
		}
	}
	switch {
	case fl.seaState >= 0 && fl.land != "":
		return errors.New("--sea-state and --land: give one surface, sea or land")
	case fl.seaState > 6:
		return fmt.Errorf("--sea-state %d: want a sea state from 0 to 6", fl.seaState)
	case fl.seaState >= 0:
		sf.Type, sf.SeaState = scenario.SurfaceSea, fl.seaState
	default:
		if _, err := radar.ParseLandType(fl.land); err != nil {
			return fmt.Errorf("--land: %w", err)
		}
		sf.Type, sf.Land = scenario.SurfaceLand, fl.land
	}
	s.Surface = sf
	return nil
}

// coverageParams turns the flags into targets, their file-name labels and
// options, every problem at once.
func coverageParams(fl coverageFlags) ([]coverage.Target, []string, coverage.Options, error) {
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
	altV := list("--alt", fl.alts, units.Length)
	table, classRCS, err := threatTable(fl.threat)
	if err != nil {
		errs = append(errs, err)
	}
	var rcsV []float64
	if fl.threat != "" && strings.TrimSpace(fl.rcss) == "" {
		rcsV = []float64{classRCS}
	} else {
		rcsV = list("--rcs", fl.rcss, units.Area)
	}
	for _, x := range rcsV {
		if !(x > 0) {
			errs = append(errs, fmt.Errorf("--rcs %g m²: want > 0", x))
		}
	}
	if !(fl.pd > 0 && fl.pd < 1) {
		errs = append(errs, fmt.Errorf("--pd %g: want a probability strictly between 0 and 1", fl.pd))
	}
	var msl bool
	switch strings.ToLower(fl.altRef) {
	case "agl":
	case "msl":
		msl = true
	default:
		errs = append(errs, fmt.Errorf("--alt-ref %q: want agl or msl", fl.altRef))
	}
	if opt.Resolution, err = units.Length(fl.res); err != nil || !(opt.Resolution > 0) {
		errs = append(errs, fmt.Errorf("--res %q: want a positive length such as 250m", fl.res))
	}
	opt.NoClip = fl.noClip
	if opt.Extent, err = units.Length(fl.extent); err != nil || !(opt.Extent >= 0) {
		errs = append(errs, fmt.Errorf("--extent %q: want a length such as 300km, or 0 for automatic", fl.extent))
	}
	speed, err := units.Speed(fl.speed)
	if err != nil {
		errs = append(errs, fmt.Errorf("--speed: %w", err))
	}
	type band struct {
		b  radar.Band
		ok bool
	}
	bands := []band{{}}
	if strings.TrimSpace(fl.bands) != "" {
		bands = nil
		for p := range strings.SplitSeq(fl.bands, ",") {
			b, err := radar.ParseBand(strings.TrimSpace(p))
			if err != nil {
				errs = append(errs, fmt.Errorf("--band: %w", err))
				continue
			}
			bands = append(bands, band{b, true})
		}
	}
	type aspect struct {
		rad   float64
		label string
	}
	var aspects []aspect
	for p := range strings.SplitSeq(fl.aspects, ",") {
		p = strings.TrimSpace(p)
		a, err := parseAspect(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("--aspect: %w", err))
			continue
		}
		aspects = append(aspects, aspect{a, strings.ToLower(p)})
	}
	var targets []coverage.Target
	var names []string
	seen := map[string]bool{}
	for _, alt := range altV {
		for _, rcs := range rcsV {
			for _, b := range bands {
				for _, as := range aspects {
					name := fileLabel(alt, "m", 1000, "km")
					if len(rcsV) > 1 {
						name += "_" + strconv.FormatFloat(rcs, 'f', -1, 64) + "m2"
					}
					if b.ok {
						name += "_" + b.b.String()
					}
					if len(aspects) > 1 {
						name += "_" + as.label
					}
					if seen[name] {
						errs = append(errs, fmt.Errorf("--alt/--rcs/--band/--aspect: %s given twice", name))
						continue
					}
					seen[name] = true
					t := coverage.Target{Altitude: alt, MSL: msl, RCS: rcs, Pd: fl.pd,
						Aspect: as.rad, Speed: speed.At(alt), Band: b.b, HasBand: b.ok}
					if table != nil {
						t.Table, _ = table.Radar(rcs) // checked by the catalogue; rcs > 0 checked above
					}
					targets = append(targets, t)
					names = append(names, name)
				}
			}
		}
	}
	return targets, names, opt, errors.Join(errs...)
}

// threatTable is the RCS table of catalogue threat class name, and the
// class's rcs figure (nominal), m²; nil and 0 when name is empty.
func threatTable(name string) (*catalog.RCSTable, float64, error) {
	if name == "" {
		return nil, 0, nil
	}
	c, err := catalog.Load()
	if err != nil {
		return nil, 0, err
	}
	e, ok := c.Lookup(name)
	if !ok || e.Kind != catalog.KindThreat {
		return nil, 0, fmt.Errorf("--threat %q: not a threat class of the catalogue (iadsim catalog list)", name)
	}
	if e.RCSTable == nil {
		return nil, 0, fmt.Errorf("--threat %s: the class has no RCS table by aspect and band; give --rcs alone", e.Name)
	}
	fig, ok := e.Figure("rcs")
	if !ok {
		return nil, 0, fmt.Errorf("--threat %s: the class has no rcs figure", e.Name)
	}
	rcs, _, _, err := fig.SI()
	if err != nil {
		return nil, 0, fmt.Errorf("--threat %s: rcs: %w", e.Name, err)
	}
	return e.RCSTable, rcs, nil
}

// parseAspect reads where a radar lies off a target's nose: nose (0),
// beam (90°), tail (180°), or degrees from 0 to 180.
func parseAspect(s string) (float64, error) {
	switch strings.ToLower(s) {
	case "nose":
		return 0, nil
	case "beam":
		return math.Pi / 2, nil
	case "tail":
		return math.Pi, nil
	}
	d, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSuffix(s, "deg"), "°"), 64)
	if err != nil || !(d >= 0 && d <= 180) {
		return 0, fmt.Errorf("%q: want nose, beam, tail or degrees from 0 to 180", s)
	}
	return d * math.Pi / 180, nil
}

// fileLabel writes a length for a file name: 30m, 3km, 1.5km.
func fileLabel(x float64, small string, big float64, bigUnit string) string {
	if x >= big {
		return strconv.FormatFloat(x/big, 'f', -1, 64) + bigUnit
	}
	return strconv.FormatFloat(x, 'f', -1, 64) + small
}

// coverageFiles lists every output file of a coverage run.
func coverageFiles(an *coverage.Analysis, r *coverage.Result, names []string, scenarioName string, perUnit bool) []export.File {
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
					return l.WriteGeoTIFF(w, kind, map[string]string{"SCENARIO": scenarioName})
				}},
				export.File{Name: base + ".png", Write: func(w io.Writer) error { return an.WritePNG(w, l, kind, title) }},
				export.File{Name: base + ".geojson", Write: func(w io.Writer) error {
					return coverage.WriteGeoJSON(w, poly(), kind, l.Target, map[string]any{"scenario": scenarioName, "height_ref": l.HeightRef})
				}},
				export.File{Name: base + ".kml", Write: func(w io.Writer) error {
					return coverage.WriteKML(w, poly(), kind, l.Target, scenarioName)
				}},
			)
			for k, u := range l.Units {
				if !perUnit {
					break
				}
				title := fmt.Sprintf("%s coverage of %s, target %s - %s", kind, u.ID, l.Target.Describe(), scenarioName)
				files = append(files,
					export.File{Name: base + "_" + u.ID + ".tif", Write: func(w io.Writer) error {
						return l.WriteUnitGeoTIFF(w, k, kind, map[string]string{"SCENARIO": scenarioName})
					}},
					export.File{Name: base + "_" + u.ID + ".png", Write: func(w io.Writer) error { return an.WriteUnitPNG(w, l, k, kind, title) }},
				)
			}
		}
	}
	// One layered-defence map when the layers differ by altitude alone.
	same := true
	for _, l := range r.Layers[1:] {
		t, u := l.Target, r.Layers[0].Target
		t.Altitude, t.Speed, u.Altitude, u.Speed = 0, 0, 0, 0
		same = same && t == u
	}
	if same {
		title := fmt.Sprintf("layered defence, target %s m2 - %s", strconv.FormatFloat(r.Layers[0].Target.RCS, 'f', -1, 64), scenarioName)
		files = append(files, export.File{Name: "defence.png", Write: func(w io.Writer) error { return an.WriteDefencePNG(w, r.Layers, title) }})
	}
	files = append(files, export.File{Name: "horizon.csv", Write: func(w io.Writer) error { return coverage.WriteCSV(w, r) }})
	return files
}
