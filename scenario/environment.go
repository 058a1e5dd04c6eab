package scenario

import "github.com/iadsim/iadsim/radar"

// Environment is what radar rs sees over surface sf (nil: free space):
// the radar package's Environment, with the radar's band figures either
// way, as they also set the cells of its false alarms and a receiver
// against jammers needs them. The engine and the coverage maps both build
// their radars' environments here, so that a map shows what a run sees.
func (rs *Radar) Environment(sf *Surface) radar.Environment {
	var s radar.Surface
	if sf != nil {
		s = radar.Surface{Kind: radar.SurfaceSea, SeaState: sf.SeaState, Height: sf.Height}
		if sf.Type == SurfaceLand {
			s.Kind = radar.SurfaceLand
			s.Land, _ = radar.ParseLandType(sf.Land) // the scenario checked the name
		}
	}
	return radar.Environment{
		Surface: s, Frequency: rs.Frequency,
		BeamwidthAz: rs.BeamwidthAz, BeamwidthEl: rs.BeamwidthEl, Sidelobe: rs.Sidelobe,
		RangeResolution: rs.RangeResolution, MTIImprovement: rs.MTIImprovement,
		MinRadialSpeed: rs.MinRadialSpeed, PRF: rs.PRF,
	}
}
