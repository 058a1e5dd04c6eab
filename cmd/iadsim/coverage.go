package main

import (
	"errors"
	"fmt"

	"github.com/iadsim/iadsim/coverage"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/coverplan"
	"github.com/iadsim/iadsim/internal/progress"
	"github.com/spf13/cobra"
)

// coverageFlags are the flags of iadsim coverage, as given.
type coverageFlags struct {
	coverplan.Request
	out            string
	force, perUnit bool
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
			targets, names, opt, err := coverplan.Targets(fl.Request)
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
			if err := coverplan.Surface(s, fl.Request); err != nil {
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
			if err := export.ReplaceDir(fl.out, coverplan.Files(an, r, names, s.Name, fl.perUnit), ownCoverageFile); err != nil {
				return err
			}
			return coverage.WriteTable(cmd.OutOrStdout(), r)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.Alts, "alt", "", "target altitudes, comma-separated lengths: 30m,300m,3km,10km")
	f.StringVar(&fl.RCSs, "rcs", "", "target radar cross sections, comma-separated areas: 0.1m2 or -10dBsm (with --threat: the class's rcs figure if not given)")
	f.Float64Var(&fl.Pd, "pd", 0.9, "detection probability per look required, at each radar's Pfa")
	f.StringVar(&fl.AltRef, "alt-ref", "agl", "altitudes are above the ground (agl) or above mean sea level (msl)")
	f.StringVar(&fl.Res, "res", "250m", "grid cell size")
	f.StringVar(&fl.Extent, "extent", "0m", "how far the grid reaches beyond the units (0: far enough for the farthest detection and missile)")
	f.StringVar(&fl.out, "out", "", "output directory (all files are written, or none)")
	f.BoolVar(&fl.NoClip, "no-clip", false, "keep the automatic extent whole where it leaves the terrain's tiles (by default the grid stops at them)")
	f.BoolVar(&fl.perUnit, "per-unit", false, "also write each unit's own GeoTIFF and PNG per altitude and kind: detection_ALT_UNIT.tif and .png")
	f.BoolVar(&fl.force, "force", false, "write into an --out directory that holds other files")
	f.StringVar(&fl.Threat, "threat", "", "a catalogue threat class whose RCS table by aspect and band the target takes (iadsim catalog list)")
	f.StringVar(&fl.Bands, "band", "", "keep the radars of these bands, comma-separated, one map each: VHF, UHF, L, S, C, X (default: every radar in one map)")
	f.StringVar(&fl.Aspects, "aspect", "nose", "where the radars lie off the target's nose, comma-separated, one map each: nose, beam, tail or degrees (0 to 180)")
	f.StringVar(&fl.Speed, "speed", "250m/s", "target speed; its radial part, at --aspect, is what the radars' MTI sees")
	f.IntVar(&fl.SeaState, "sea-state", -1, "a sea of this state (0 to 6) under the radars' rays, in place of the scenario's surface")
	f.StringVar(&fl.Land, "land", "", "land of this type under the radars' rays, in place of the scenario's surface: flatland, farmland, woods, wooded_hill, rugged_mountain, metropolitan")
	return cmd
}
