package radar

import (
	"fmt"
	"math"

	"github.com/iadsim/iadsim/geo"
)

// Environment is the surface under a radar and the radar's figures
// against it. With a Surface, every look's SNR carries the pattern
// propagation factor F⁴ of multipath and diffraction (see propagation.go)
// and competes with the clutter of the target's resolution cell, which the
// radar's Doppler processing suppresses by MTIImprovement at the cost of a
// notch around zero radial speed (and around its blind speeds).
type Environment struct {
	Surface Surface
	// Frequency is the carrier, Hz. A Surface needs it.
	Frequency float64
	// BeamwidthAz and BeamwidthEl are the 3 dB beamwidths, rad: the
	// azimuth width of the clutter cell, and how much of the reflected ray
	// and of the surface the elevation beam takes in. BeamwidthEl 0 is a
	// beam broad in elevation (a fan), which takes in both fully.
	BeamwidthAz, BeamwidthEl float64
	// Sidelobe is the one-way power ratio of the sidelobes to the beam
	// peak (1e-3 is -30 dB): what a pencil beam pointed above the surface
	// still takes in of the reflected ray and the clutter. 0 means none.
	Sidelobe float64
	// RangeResolution is the depth of a resolution cell, c τ/2 for a
	// pulse of τ (or c/2B compressed), m.
	RangeResolution float64
	// MTIImprovement is the clutter improvement factor of the radar's MTI
	// or pulse-Doppler processing, a power ratio (1000 is 30 dB): the
	// signal-to-clutter ratio after the filter over the one before it,
	// averaged over radial speeds.
	MTIImprovement float64
	// MinRadialSpeed is the half-width of the clutter notch, m/s: where
	// the MTI is on, a target whose radial speed lies within it of zero,
	// or of a blind speed, is filtered out with the clutter.
	MinRadialSpeed float64
	// PRF is the pulse repetition frequency the MTI runs at, Hz. It sets
	// the blind speeds n λ PRF/2; 0 means none (staggered PRFs or a
	// resolved pulse-Doppler waveform), only the notch at zero.
	PRF float64
}

func (e Environment) validate() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if err := e.Surface.validate(); err != nil {
		bad("%v", err)
	}
	for _, v := range []struct {
		name string
		x    float64
	}{{"frequency", e.Frequency}, {"azimuth beamwidth", e.BeamwidthAz}, {"elevation beamwidth", e.BeamwidthEl},
		{"range resolution", e.RangeResolution}, {"minimum radial speed", e.MinRadialSpeed}, {"PRF", e.PRF}} {
		if !(v.x >= 0) || math.IsInf(v.x, 1) {
			bad("%s %v, want ≥ 0 and finite", v.name, v.x)
		}
	}
	if !(e.Sidelobe >= 0 && e.Sidelobe < 1) {
		bad("sidelobe level %v, want a power ratio 0 ≤ s < 1", e.Sidelobe)
	}
	if !(e.MTIImprovement == 0 || e.MTIImprovement >= 1) || math.IsInf(e.MTIImprovement, 1) {
		bad("MTI improvement %v, want a power ratio ≥ 1 (0 for none)", e.MTIImprovement)
	}
	if e.Surface.Kind != SurfaceNone {
		if !(e.Frequency > 0) {
			bad("a surface needs the radar's frequency")
		}
		if !(e.BeamwidthAz > 0) || !(e.RangeResolution > 0) {
			bad("a surface needs the azimuth beamwidth and range resolution for its clutter cell")
		}
	}
	return errs
}

// build precomputes what every look needs: nil, nil in free space.
func (e Environment) build(siteAlt, k float64) (*propagation, *environment) {
	if e.Surface.Kind == SurfaceNone {
		return nil, nil
	}
	p := newPropagation(e.Frequency, k, siteAlt-e.Surface.Height, e.Surface, e.BeamwidthEl, e.Sidelobe)
	env := &environment{
		Environment:    e,
		prop:           p,
		fGHz:           math.Min(math.Max(e.Frequency/1e9, 0.5), 35),
		improvement:    math.Max(e.MTIImprovement, 1),
		clutterHorizon: math.Sqrt(2*p.ae*p.h1 + p.h1*p.h1),
		sidelobe2:      e.Sidelobe * e.Sidelobe,
	}
	if e.PRF > 0 {
		env.blindSpeed = p.lambda * e.PRF / 2
	}
	if e.Surface.Kind == SurfaceLand {
		env.gamma = Gamma(e.Surface.Land, e.Frequency)
	}
	return p, env
}

// environment is an Environment made ready for looks.
type environment struct {
	Environment
	prop           *propagation
	fGHz           float64 // frequency for the sea clutter model, held inside its 0.5-35 GHz
	gamma          float64 // land: constant gamma at the radar's frequency
	improvement    float64 // MTI improvement, ≥ 1
	blindSpeed     float64 // first blind speed, m/s; 0: none
	clutterHorizon float64 // slant range of the surface horizon, m
	sidelobe2      float64 // two-way sidelobe power ratio
	snrRef, refRCS float64 // set by the radar: SNR of refRCS at 1 m is snrRef RefRange⁴
	refRange       float64
}

// ClutterCell is the surface cell that shares a target's range and
// azimuth resolution cell, seen from the antenna.
type ClutterCell struct {
	Grazing   float64 // grazing angle at the cell, rad
	Elevation float64 // elevation of the cell from the antenna, rad (negative)
	Area      float64 // m²
}

// clutterCell is the surface cell at slant range rng from an antenna at
// height h above a sphere of radius ae, for a beam of azimuth width
// beamAz, elevation width beamEl (0: broad) and range resolution dr, at
// grazing angle sin ψ = (2 ae h + h² - R²)/(2 ae R) (the law of cosines
// in the triangle of the earth's centre, antenna and cell); its area is
// cellArea's. ok is false beyond the surface's horizon.
func clutterCell(rng, h, ae, beamAz, beamEl, dr float64) (c ClutterCell, ok bool) {
	sinPsi := (2*ae*h + h*h - rng*rng) / (2 * ae * rng)
	if !(sinPsi > 0) || sinPsi > 1 {
		return c, false
	}
	psi := math.Asin(sinPsi)
	sinEl := -(2*ae*h + h*h + rng*rng) / (2 * (ae + h) * rng)
	return ClutterCell{
		Grazing:   psi,
		Elevation: math.Asin(math.Max(sinEl, -1)),
		Area:      cellArea(rng, psi, beamAz, beamEl, dr),
	}, true
}

// cellArea is the area of surface a beam of azimuth width beamAz and
// elevation width beamEl (rad; 0: broad in elevation) and a range
// resolution dr take in at slant range rng and grazing angle psi: the
// smaller of the pulse-limited area R θaz ΔR sec ψ, where the pulse
// is shorter than the beam's footprint (low grazing angles, the usual
// case of a surface radar), and the beam-limited R² θaz θel / sin ψ,
// the footprint itself (Richards, Fundamentals of Radar Signal
// Processing, 2005, pp. 57-63; as MathWorks surfclutterrcs has them).
func cellArea(rng, psi, beamAz, beamEl, dr float64) float64 {
	a := rng * beamAz * dr / math.Cos(psi)
	if beamEl > 0 {
		a = math.Min(a, rng*rng*beamAz*beamEl/math.Sin(psi))
	}
	return a
}

// SeaReflectivity is σ0, the sea's clutter cross section per unit area
// (a ratio, m²/m²), for horizontal polarisation at grazing angle psi (rad)
// and frequency freq (Hz) in sea state ss, by the NRL model
// (Gregers-Hansen and Mital, "An Improved Empirical Model for Radar Sea
// Clutter Reflectivity", NRL/MR/5310--12-9346, 2012):
//
//	σ0 dB = C1 + C2 log sin ψ + (27.5 + C3 ψ) log f / (1 + 0.95 ψ)
//	        + C4 (ss+1)^(1/(2 + 0.085 ψ + 0.033 ss)) + C5 ψ²
//
// with ψ in degrees, f in GHz and, for H, C1..C5 = -73.0, 20.781, 7.351,
// 25.65, 0.0054. The model holds over 0.5-35 GHz, sea states 0-6 and
// grazing angles 0.1-60°; outside, frequency and angle are held at the
// nearer limit (an assumption: at VHF the model has no data).
func SeaReflectivity(psi, freq float64, ss int) float64 {
	return FromDB(seaDB(psi, math.Min(math.Max(freq/1e9, 0.5), 35), ss))
}

func seaDB(psi, fGHz float64, ss int) float64 {
	const c1, c2, c3, c4, c5 = -73.0, 20.781, 7.351, 25.65, 0.0054
	deg := math.Min(math.Max(psi*180/math.Pi, 0.1), 60)
	s := float64(ss)
	return c1 + c2*math.Log10(math.Sin(deg*math.Pi/180)) +
		(27.5+c3*deg)*math.Log10(fGHz)/(1+0.95*deg) +
		c4*math.Pow(s+1, 1/(2+0.085*deg+0.033*s)) + c5*deg*deg
}

// gamma10 is the constant gamma of each land type at 10 GHz, dB
// (MathWorks surfacegamma, after Nathanson, Radar Design Principles, 1999,
// for flatland, farmland and wooded hills, and Long, Radar Reflectivity of
// Land and Sea, 2001, for the others).
var gamma10 = [...]float64{-20, -15, -15, -10, 0, 0}

// Gamma is the constant gamma of land type l at frequency freq (Hz), a
// ratio: γ dB = γ(10 GHz) + 5 log(f/10 GHz). Land's σ0 = γ sin ψ.
func Gamma(l LandType, freq float64) float64 {
	return FromDB(gamma10[l] + 5*math.Log10(freq/10e9))
}

// reflectivity is σ0 of the radar's surface at grazing angle psi.
func (e *environment) reflectivity(psi float64) float64 {
	if e.Surface.Kind == SurfaceLand {
		return e.gamma * math.Sin(psi)
	}
	return FromDB(seaDB(psi, e.fGHz, e.Surface.SeaState))
}

// ClutterToNoise is the clutter-to-noise ratio, before Doppler
// processing, of the surface cell at the range of a target seen at a
// (range and elevation): σ0 A scaled by the range equation as a target of
// that cross section would be, times the two-way gain of the beam, pointed
// at the target, toward the cell (Gaussian main beam, floored at the
// sidelobes). Zero beyond the surface's horizon or in free space.
func (r *Radar) ClutterToNoise(a geo.AER) float64 {
	if r.env == nil {
		return 0
	}
	return r.env.cnr(a)
}

func (e *environment) cnr(a geo.AER) float64 {
	cell, ok := clutterCell(a.Range, e.prop.h1, e.prop.ae, e.BeamwidthAz, e.BeamwidthEl, e.RangeResolution)
	if !ok {
		return 0
	}
	sigma := e.reflectivity(cell.Grazing) * cell.Area
	q := e.refRange / a.Range
	q *= q
	g := 1.0
	if e.BeamwidthEl > 0 {
		x := (a.El - cell.Elevation) / e.BeamwidthEl
		g = math.Max(math.Exp(-8*math.Ln2*x*x), e.sidelobe2)
	}
	return e.snrRef * sigma / e.refRCS * q * q * g
}

// inNotch reports whether radial speed vr (m/s) falls within
// MinRadialSpeed of zero or of a blind speed n λ PRF/2.
func (e *environment) inNotch(vr float64) bool {
	v := math.Abs(vr)
	if e.blindSpeed > 0 {
		v = math.Mod(v, e.blindSpeed)
		v = math.Min(v, e.blindSpeed-v)
	}
	return v < e.MinRadialSpeed
}

// signalToInterference turns a look's SNR (propagation included) into the
// signal to noise plus clutter ratio that sets its Pd. Where the clutter
// of the target's cell is above the noise the radar runs its MTI (a
// clutter map switches it on cell by cell): the clutter falls by the
// improvement factor, and a target in the notch (radial speed vr) is
// filtered out with it. Elsewhere the clutter, if any, adds to the noise.
func (e *environment) signalToInterference(snr float64, a geo.AER, vr float64) float64 {
	cnr := e.cnr(a)
	if cnr < 1 {
		return snr / (1 + cnr)
	}
	if e.inNotch(vr) {
		return 0
	}
	return snr / (1 + cnr/e.improvement)
}
