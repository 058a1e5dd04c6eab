package radar

import (
	"math/rand/v2"
)

// Strobes.
//
// A noise jammer hides the targets near it, but not itself: whenever the
// beam sweeps across it, the receiver fills with noise in every range
// cell of that azimuth, a radial line on the display, the strobe. Its
// bearing is known as well as the radar measures any azimuth, its range
// not at all. A radar reports a strobe on each jammer it hears whose
// main-beam J/N reaches StrobeJN, and which its beam can point at (in its
// sector and elevation limits).

// StrobeJN is the main-beam jammer-to-noise ratio at and above which a
// radar reports a strobe: 2 (3 dB), jamming as strong as the receiver's
// own noise twice over. Stated assumption: a strobe detector averages the
// noise over many range cells, so it sees far weaker jamming than a
// target's threshold needs; at 3 dB the jamming already costs every
// target in that beam 4.8 dB of S/N, about a quarter of its detection
// range, which is when an operator wants the jammer's bearing.
const StrobeJN = 2.0

// Strobe is the bearing of one jammer as a radar sees it in one look.
type Strobe struct {
	T     float64 // time of the look, s
	Radar string  // radar ID
	// Jammer is the jammer's index in the jammers given to Jamming:
	// truth, for the record; the picture knows only the bearing.
	Jammer int
	Az     float64 // measured bearing, clockwise from north in [0, 2π)
	TrueAz float64 // true bearing, for scoring
	JN     float64 // main-beam J/N, linear
}

// Strobes reports the strobes of the look jm at time t: one on each
// jammer whose main-beam J/N reaches StrobeJN and that lies in the radar's
// sector and elevation coverage, its bearing off by the radar's azimuth
// noise, one draw from rngFor(jammer index).
func (r *Radar) Strobes(t float64, jm Jamming, rngFor func(jammer int) *rand.Rand) []Strobe {
	var out []Strobe
	c := &r.cfg
	for _, s := range jm.src {
		if s.jn < StrobeJN || !c.Sector.Contains(s.az) {
			continue
		}
		if (c.MinElevation != 0 || c.MaxElevation != 0) && (s.el < c.MinElevation || s.el > c.MaxElevation) {
			continue
		}
		n := rngFor(s.jammer).NormFloat64()
		out = append(out, Strobe{T: t, Radar: c.ID, Jammer: s.jammer, Az: wrapAz(s.az + c.SigmaAz*n), TrueAz: s.az, JN: s.jn})
	}
	return out
}
