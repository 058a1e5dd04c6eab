package main

import (
	"fmt"
	"io"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/track/trackio"
	"github.com/spf13/cobra"
)

func newDetectionsCmd() *cobra.Command {
	var (
		out    string
		seed   uint64
		unitID string
	)
	cmd := &cobra.Command{
		Use:   "detections SCENARIO.yaml --out DIR",
		Short: "Write the detections and truth a scenario's radars produce, for iadsim track",
		Long: `Detections runs a scenario and writes, for one air-defence unit (the first,
or --unit), what its radars detected and where the threats truly were, in
the formats iadsim track reads:

  detections.csv  time_s,sensor,range_m,azimuth_deg,elevation_deg,truth_id
                  (each radar's own east-north-up axes)
  sensors.yaml    each radar's position and noise, the frame's origin at the
                  unit's command post
  truth.csv       time_s,id,x_m,y_m,z_m once a second, in the command
                  post's east-north-up frame

so that, for example,

  iadsim track --detections det/detections.csv --sensors det/sensors.yaml \
      --truth det/truth.csv --filter imm --assoc jpda --out trk/

tracks them with another filter or associator than the run's own.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if out == "" {
				return inputError{fmt.Errorf("detections: --out DIR is required")}
			}
			s, err := readScenario(cmd.ErrOrStderr(), a[0], seed, cmd.Flags().Changed("seed"))
			if err != nil {
				return err
			}
			u, err := pickUnit(s, unitID)
			if err != nil {
				return inputError{err}
			}
			res, err := battle.Run(s, battle.Options{})
			if err != nil {
				return runError(a[0], err)
			}
			dets, sensors, truth := export.TrackerInput(u, res)
			if err := export.WriteDir(out, []export.File{
				{Name: "detections.csv", Write: func(w io.Writer) error { return trackio.WriteDetections(w, dets) }},
				{Name: "sensors.yaml", Write: func(w io.Writer) error { return trackio.WriteSensors(w, sensors) }},
				{Name: "truth.csv", Write: func(w io.Writer) error { return trackio.WriteTruth(w, truth) }},
			}); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d detections by %d radars of %s, %d truth points, in %s\n",
				a[0], len(dets.Rows), len(sensors.Sensors), u.ID, len(truth.Rows), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write detections.csv, sensors.yaml and truth.csv into this directory")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "master random seed (default: the scenario's seed)")
	cmd.Flags().StringVar(&unitID, "unit", "", "the air-defence unit whose radars to write (default: the first)")
	return cmd
}

func pickUnit(s *scenario.Scenario, id string) (*scenario.Unit, error) {
	if len(s.Units) == 0 {
		return nil, fmt.Errorf("%s has no air-defence unit, so no radar to detect anything", s.File)
	}
	if id == "" {
		return &s.Units[0], nil
	}
	var ids []string
	for i := range s.Units {
		if s.Units[i].ID == id {
			return &s.Units[i], nil
		}
		ids = append(ids, s.Units[i].ID)
	}
	return nil, fmt.Errorf("--unit %q is not a unit of %s; want one of %v", id, s.File, ids)
}
