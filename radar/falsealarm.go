package radar

import (
	"math"
	"math/rand/v2"
)

// False alarms. The detector compares each resolution cell with a
// threshold set for the false-alarm probability Pfa (detect.go), so noise
// alone crosses it in a fraction Pfa of the cells. A scan tests every
// cell of the radar's coverage once, and the number of false alarms in a
// scan of n cells is binomial, B(n, Pfa): with the catalogue's Pfa of
// 1e-6 and about a million cells, one a scan.
//
// The cells are range cells times azimuth beams: from MinRange to
// MaxRange in steps of RangeResolution, and over the sector (or the whole
// circle) in steps of BeamwidthAz. Elevation is not a cell dimension: a
// 3-D radar measures a detection's elevation within the cell (monopulse,
// or the split between stacked beams) rather than thresholding each
// elevation beam apart, so a false alarm's elevation is uniform over the
// radar's elevation coverage. (Thresholding every elevation beam would
// multiply the rate by the number of beams, some 40 for a 2° beam over
// 80°.) Doppler filter banks are not cells either: a pulse-Doppler
// radar's Pfa is read as per range-azimuth cell after its filters.
//
// Drawing is done by skipping, not cell by cell: the gap from one false
// cell to the next is geometric, ⌊ln U / ln(1-Pfa)⌋, so a scan costs one
// draw per false alarm whatever the number of cells, and the count is
// exactly binomial, the cells distinct and uniform.

// Cells is the number of range cells and azimuth beams the radar's
// threshold tests in one scan of its whole sector. Both are 0 when the
// radar lacks what sets them: its range resolution, its azimuth
// beamwidth, or a finite MaxRange.
func (r *Radar) Cells() (rangeCells, beams int) {
	c := &r.cfg
	if !(c.RangeResolution > 0) || !(c.BeamwidthAz > 0) || math.IsInf(c.MaxRange, 1) {
		return 0, 0
	}
	width := 2 * math.Pi
	if !c.Sector.Full() {
		width = 2 * c.Sector.HalfWidth
	}
	rangeCells = int(math.Ceil((c.MaxRange - c.MinRange) / c.RangeResolution))
	beams = max(1, int(math.Round(width/c.BeamwidthAz)))
	return rangeCells, beams
}

// FalseAlarms draws the false alarms of one scan at time t over the slice
// of the sector from across = from to across = to (Sector.Across
// coordinates: 0 the sector's left edge, 1 its right; to may pass 1, and
// the slice then wraps), which a rotating radar's full scan takes as 0
// and 1 and a phased array's search sweep as its share of the frame. The
// slice holds round((to-from)·beams) of the radar's azimuth beams, each
// with all its range cells (Cells).
//
// Each false alarm is a Detection with TargetID -1: its range uniform in
// its range cell, its azimuth uniform in its beam, its elevation uniform
// over the elevation limits. Its SNR is the power that crossed the
// threshold, -ln Pfa plus an exponential excess (the noise power given
// that it crossed, by the exponential's lack of memory); its Pd is Pfa,
// and it has no TrueRange. A radar that measures range rate reports one
// drawn from its noise alone, N(0, SigmaRangeRate²).
//
// Randomness comes from rng alone, apart from the targets' streams, so
// turning false alarms off changes no look at a target.
func (r *Radar) FalseAlarms(t, from, to float64, rng *rand.Rand) []Detection {
	return r.AppendFalseAlarms(nil, t, from, to, rng)
}

// AppendFalseAlarms appends FalseAlarms' detections to dst and returns
// the result, with the same draws.
func (r *Radar) AppendFalseAlarms(dst []Detection, t, from, to float64, rng *rand.Rand) []Detection {
	rangeCells, beams := r.Cells()
	span := math.Min(to-from, 1)
	slice := int(math.Round(span * float64(beams)))
	if rangeCells == 0 || slice <= 0 {
		return dst
	}
	c := &r.cfg
	n := float64(rangeCells) * float64(slice)
	lq := math.Log1p(-c.Pfa)
	left, width := 0.0, 2*math.Pi
	if !c.Sector.Full() {
		left, width = c.Sector.Azimuth-c.Sector.HalfWidth, 2*c.Sector.HalfWidth
	}
	beamWidth := width / float64(beams)
	first := from * float64(beams) // where the slice starts, in beams from the left edge
	threshold := -math.Log(c.Pfa)

	dets := dst
	k := -1.0 // index of the last false cell, range cell fastest
	for {
		// 1-U lies in (0, 1], so the logarithm is finite.
		k += 1 + math.Floor(math.Log(1-rng.Float64())/lq)
		if k >= n {
			return dets
		}
		rc := math.Mod(k, float64(rangeCells))
		beam := math.Floor(k / float64(rangeCells))
		rg := c.MinRange + (rc+rng.Float64())*c.RangeResolution
		rg = math.Min(rg, c.MaxRange)
		az := wrapAz(left + math.Mod(first+beam+rng.Float64(), float64(beams))*beamWidth)
		d := Detection{
			T: t, Radar: c.ID, TargetID: -1,
			Range: rg, Az: az,
			El:  c.MinElevation + rng.Float64()*(c.MaxElevation-c.MinElevation),
			SNR: threshold + rng.ExpFloat64(),
			Pd:  c.Pfa,
		}
		if c.SigmaRangeRate > 0 {
			d.RangeRate, d.HasRangeRate = c.SigmaRangeRate*rng.NormFloat64(), true
		}
		dets = append(dets, d)
	}
}
