package battle

import (
	"math"

	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
)

// receiver is radar rs against noise jammers: its noise figure, with the
// beam gain and the bandwidth derived from its beamwidths and range
// resolution (radar.Receiver). A radar without those figures is not
// modelled against jammers; the scenario refuses a jammer when any radar
// lacks them.
func receiver(rs *scenario.Radar) radar.Receiver {
	if !(rs.NoiseFigure > 0 && rs.Frequency > 0 && rs.BeamwidthAz > 0 && rs.RangeResolution > 0) {
		return radar.Receiver{}
	}
	return radar.Receiver{NoiseFigure: rs.NoiseFigure, SidelobeCancellation: rs.SidelobeCancellation}
}

// jammers are the noise jammers in the air at time now: every threat
// alive that carries one, where it is now.
func (w *world) jammers(now float64) []radar.Jammer {
	var out []radar.Jammer
	for _, th := range w.threats {
		j := th.spec.Jammer
		if j == nil || !th.alive {
			continue
		}
		pos, _, ok := th.mover.State(now)
		if !ok {
			continue
		}
		rj := radar.Jammer{ID: th.spec.ID, Pos: pos, ERP: j.ERP, Bandwidth: j.Bandwidth}
		for _, b := range j.Bands {
			band, _ := radar.ParseFrequencyBand(b) // the scenario checked the name
			rj.Bands = append(rj.Bands, band)
		}
		out = append(out, rj)
	}
	return out
}

// jnDB is a look's jammer-to-noise ratio for the record, in dB to 0.01:
// nil for a look that no jammer reached.
func jnDB(jn float64) *float64 {
	if !(jn > 0) {
		return nil
	}
	x := round(10*math.Log10(jn), 0.01)
	return &x
}
