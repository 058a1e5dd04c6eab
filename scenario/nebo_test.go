package scenario

import (
	"testing"

	"github.com/iadsim/iadsim/radar"
)

// TestNeboMComponents: the 55Zh6M complex's three modules, by catalogue
// name, are radars of the VHF, L and X bands.
func TestNeboMComponents(t *testing.T) {
	c := cat(t)
	src := head + `air_defence:
  - id: nebo
    command_post: {id: cp, at: {lat: 44.5, lon: -71.4}}
    radars:
      - {id: m, model: 55Zh6M, at: {lat: 44.5, lon: -71.4}}
      - {id: d, model: RLM-D, at: {lat: 44.5, lon: -71.4}}
      - {id: s, model: 55Zh6M-RLM-S, at: {lat: 44.5, lon: -71.4}}
      - {id: fc, model: 92N6E, at: {lat: 44.5, lon: -71.4}}
`
	s := parse(t, src, Options{Catalog: c})
	for i, want := range []radar.Band{radar.BandVHF, radar.BandL, radar.BandX} {
		r := s.Units[0].Radars[i]
		if got := radar.BandOf(r.Frequency); got != want || r.Role != RoleSurveillance {
			t.Errorf("radar %s (%s): band %v, role %s; want %v, surveillance", r.ID, r.Model, got, r.Role, want)
		}
	}
}
