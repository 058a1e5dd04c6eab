package battle

import (
	"math"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// heightSigma is the 1-sigma height error of one measurement of a target
// at p (ECEF) by a radar whose antenna frame is f and whose range and
// elevation errors are sigmaRange (m) and sigmaEl (rad): the elevation
// error across the slant range and the range error along the line of
// sight, each projected on the antenna's vertical. The battle manager
// compares a track's height error with its fire-control radar's
// (bm.FireControl.HeightSigma).
func heightSigma(f geo.Frame, sigmaRange, sigmaEl float64) func(p r3.Vec) float64 {
	return func(p r3.Vec) float64 {
		d := f.ToENU(p)
		r := r3.Norm(d)
		if r == 0 {
			return sigmaRange
		}
		sinEl := d.Z / r
		cosEl := math.Sqrt(max(0, 1-sinEl*sinEl))
		return math.Hypot(r*sigmaEl*cosEl, sigmaRange*sinEl)
	}
}
