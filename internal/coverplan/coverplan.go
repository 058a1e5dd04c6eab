// Package coverplan turns what a user asks of iadsim coverage (target
// altitudes, cross sections, bands, aspects, a threat class, a speed, a
// sea or land under the rays) into the targets and options of a coverage
// analysis, each target with a label for its file names, and lists the
// files of the answer. It is the command line's own code, not part of
// the library: a library user builds coverage.Target values directly.
package coverplan

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
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/units"
	"github.com/paulmach/orb"
)

// Request is what the flags of iadsim coverage ask, as given: lists are
// comma-separated.
type Request struct {
	Alts, RCSs, AltRef, Res, Extent string
	Bands, Aspects, Speed, Threat   string
	Land                            string
	SeaState                        int // < 0: none
	NoClip                          bool
	Pd                              float64
}

// Surface puts the sea or land of --sea-state or --land under the
// scenario's radars, at the scenario surface's height, else at the datum.
func Surface(s *scenario.Scenario, fl Request) error {
	if fl.SeaState < 0 && fl.Land == "" {
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
	case fl.SeaState >= 0 && fl.Land != "":
		return errors.New("--sea-state and --land: give one surface, sea or land")
	case fl.SeaState > 6:
		return fmt.Errorf("--sea-state %d: want a sea state from 0 to 6", fl.SeaState)
	case fl.SeaState >= 0:
		sf.Type, sf.SeaState = scenario.SurfaceSea, fl.SeaState
	default:
		if _, err := radar.ParseLandType(fl.Land); err != nil {
			return fmt.Errorf("--land: %w", err)
		}
		sf.Type, sf.Land = scenario.SurfaceLand, fl.Land
	}
	s.Surface = sf
	return nil
}

// Targets turns the request into the targets of the analysis, one per
// combination of altitude, cross section, band and aspect, each with its
// label for file names (30m, 3km_0.1m2_X_beam: the parts that vary), and
// the analysis options, every problem at once. Errors name the flag.
func Targets(fl Request) ([]coverage.Target, []string, coverage.Options, error) {
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
	altV := list("--alt", fl.Alts, units.Length)
	table, classRCS, err := threatTable(fl.Threat)
	if err != nil {
		errs = append(errs, err)
	}
	var rcsV []float64
	if fl.Threat != "" && strings.TrimSpace(fl.RCSs) == "" {
		rcsV = []float64{classRCS}
	} else {
		rcsV = list("--rcs", fl.RCSs, units.Area)
	}
	for _, x := range rcsV {
		if !(x > 0) {
			errs = append(errs, fmt.Errorf("--rcs %g m²: want > 0", x))
		}
	}
	if !(fl.Pd > 0 && fl.Pd < 1) {
		errs = append(errs, fmt.Errorf("--pd %g: want a probability strictly between 0 and 1", fl.Pd))
	}
	var msl bool
	switch strings.ToLower(fl.AltRef) {
	case "agl":
	case "msl":
		msl = true
	default:
		errs = append(errs, fmt.Errorf("--alt-ref %q: want agl or msl", fl.AltRef))
	}
	if opt.Resolution, err = units.Length(fl.Res); err != nil || !(opt.Resolution > 0) {
		errs = append(errs, fmt.Errorf("--res %q: want a positive length such as 250m", fl.Res))
	}
	opt.NoClip = fl.NoClip
	if opt.Extent, err = units.Length(fl.Extent); err != nil || !(opt.Extent >= 0) {
		errs = append(errs, fmt.Errorf("--extent %q: want a length such as 300km, or 0 for automatic", fl.Extent))
	}
	speed, err := units.Speed(fl.Speed)
	if err != nil {
		errs = append(errs, fmt.Errorf("--speed: %w", err))
	}
	type band struct {
		b  radar.Band
		ok bool
	}
	bands := []band{{}}
	if strings.TrimSpace(fl.Bands) != "" {
		bands = nil
		for p := range strings.SplitSeq(fl.Bands, ",") {
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
	for p := range strings.SplitSeq(fl.Aspects, ",") {
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
					t := coverage.Target{Altitude: alt, MSL: msl, RCS: rcs, Pd: fl.Pd,
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

// Files lists every output file of a coverage run, r of an, its layers
// labelled by names (from Targets): per layer and kind (detection,
// engagement) a GeoTIFF, a PNG, GeoJSON and KML; with perUnit each
// unit's GeoTIFF and PNG; one layered-defence map when the layers differ
// by altitude alone; and horizon.csv.
func Files(an *coverage.Analysis, r *coverage.Result, names []string, scenarioName string, perUnit bool) []export.File {
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
