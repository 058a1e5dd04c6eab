package radar

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// Noise jamming.
//
// A noise jammer raises the noise floor of every radar receiver that hears
// it on the radar's frequency. The radar compares each echo with noise
// plus jamming, S/(N+J), so a look's SNR falls by 1 + J/N, where the
// jammer-to-noise ratio comes from the one-way range equation (Skolnik,
// Introduction to Radar Systems, 3rd ed., §14.2; Schleher, Electronic
// Warfare in the Information Age, ch. 5):
//
//	J/N = ERP G g(θ) λ² F² / ((4π)² Rj² k T0 Fn max(Bj, Br))
//
// ERP is the jammer's effective radiated power toward the radar (W), Bj
// the bandwidth it spreads it over; G the radar's main-beam gain and g(θ)
// its pattern toward the jammer, relative to the beam, while the beam
// points at the target looked at: a jammer in the beam (a self-screening
// jammer, or a stand-off jammer on the target's line of sight) gains the
// full G, one off it only the sidelobe level; λ the radar's wavelength;
// Rj the range to the jammer; F its one-way propagation factor over the
// surface (1 in free space); k T0 Fn Br the receiver's noise (T0 = 290 K,
// noise figure Fn, bandwidth Br). A jammer narrower than the receiver
// puts all its power in; a wider one only the share Br/Bj. A jammer below
// the radar's horizon, masked by terrain, or whose bands do not cover the
// radar's frequency adds nothing.
//
// The signal side needs no power or gain: the radar's reference figures
// give S/N (see New), and J/N is measured against the same noise. Two
// consequences are the textbook closed forms (jamming_test.go): against a
// self-screening jammer S/J falls as R² rather than R⁴, so the
// burn-through range, where S/J reaches what detection needs, is
//
//	R_bt = sqrt(S/N(R₀) R₀⁴ / (J/N(R₀) R₀² (S/J)_req)),
//
// and against a stand-off jammer at a fixed range J/N is a constant, so
// the detection range shrinks by (1 + J/N)^(-1/4).

// T0 is the standard noise temperature, K (IEEE Std 145: the temperature
// at which a noise figure is defined).
const T0 = 290.0

// Receiver is what a radar's antenna and receiver put against noise
// jamming. The zero value is a radar that is not modelled against
// jammers: jammers do not affect it.
type Receiver struct {
	// NoiseFigure is the receiver's noise figure, a power ratio ≥ 1 (key
	// noise_figure_db): its noise is k T0 NoiseFigure Bandwidth.
	NoiseFigure float64
	// Bandwidth is the receiver's noise bandwidth, Hz; 0 takes the
	// compressed pulse's c/(2 ΔR) from the Environment's
	// RangeResolution.
	Bandwidth float64
	// Gain is the antenna's main-beam gain, a power ratio; 0 takes the
	// rule G ≈ 26 000/(θaz θel) with the Environment's beamwidths in
	// degrees (a beam broad in elevation, BeamwidthEl 0, spans the
	// radar's elevation limits).
	Gain float64
	// SidelobeCancellation is what a sidelobe canceller takes off the
	// jamming of a jammer outside the main beam (where the pattern is at
	// its sidelobe floor), a power ratio ≥ 1; 0 or 1: no canceller. A
	// canceller's auxiliary antennas hear a sidelobe jammer about as well
	// as the main antenna's sidelobes do, and it subtracts their weighted
	// signal; a jammer in the main beam is far stronger in the main
	// channel than in the auxiliaries, and is not cancelled (Farina,
	// Electronic Counter-Countermeasures, ch. 24 of Skolnik's Radar
	// Handbook, 3rd ed.; Leonov and Fomichev, Radar Technology
	// Encyclopedia, "cancellation, sidelobe"). The model assumes as many auxiliary
	// channels as jammers in the sidelobes, and one cancellation for
	// all; no figure is public for the S-400's radars.
	SidelobeCancellation float64
}

// Jammer is a noise jammer as a radar sees it in one look.
type Jammer struct {
	ID        string  // for the record
	Pos       r3.Vec  // ECEF, m
	ERP       float64 // effective radiated power toward the radar, W
	Bandwidth float64 // noise bandwidth, Hz
	// Bands are the frequency ranges it covers; empty covers every
	// frequency.
	Bands []FrequencyBand
}

// FrequencyBand is a frequency range, Hz: a letter band as a jammer covers it.
type FrequencyBand struct{ Low, High float64 }

// Contains reports whether frequency f (Hz) lies in the band.
func (b FrequencyBand) Contains(f float64) bool { return f >= b.Low && f <= b.High }

// letterBands are the radar letter bands of IEEE Std 521-2002, with VHF
// and UHF from its table.
var letterBands = []struct {
	name string
	band FrequencyBand
}{
	{"HF", FrequencyBand{3e6, 30e6}}, {"VHF", FrequencyBand{30e6, 300e6}}, {"UHF", FrequencyBand{300e6, 1e9}},
	{"L", FrequencyBand{1e9, 2e9}}, {"S", FrequencyBand{2e9, 4e9}}, {"C", FrequencyBand{4e9, 8e9}}, {"X", FrequencyBand{8e9, 12e9}},
	{"Ku", FrequencyBand{12e9, 18e9}}, {"K", FrequencyBand{18e9, 27e9}}, {"Ka", FrequencyBand{27e9, 40e9}},
}

// ParseFrequencyBand reads a radar letter band of IEEE Std 521 ("S", "X", "VHF",
// "Ku"), case-insensitively.
func ParseFrequencyBand(s string) (FrequencyBand, error) {
	var names []string
	for _, b := range letterBands {
		if strings.EqualFold(b.name, s) {
			return b.band, nil
		}
		names = append(names, b.name)
	}
	return FrequencyBand{}, fmt.Errorf("unknown radar band %q; want one of %s (IEEE Std 521)", s, strings.Join(names, ", "))
}

// gainRule is the constant of the beamwidth rule of thumb G ≈ 26 000/(θaz
// θel), beamwidths in degrees: 4π sr in square degrees (41 253) times an
// aperture efficiency of about 0.63 (Stimson, Introduction to Airborne
// Radar, 2nd ed., ch. 9).
const gainRule = 26000.0

func (rc Receiver) validate(e Environment) []error {
	if rc == (Receiver{}) {
		return nil
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !(rc.NoiseFigure >= 1) || math.IsInf(rc.NoiseFigure, 1) {
		bad("noise figure %v, want a power ratio ≥ 1 (0 dB or more)", rc.NoiseFigure)
	}
	if !(rc.Bandwidth >= 0) || math.IsInf(rc.Bandwidth, 1) {
		bad("receiver bandwidth %v Hz, want ≥ 0 and finite", rc.Bandwidth)
	}
	if !(rc.Gain >= 0) || math.IsInf(rc.Gain, 1) {
		bad("antenna gain %v, want a power ratio ≥ 0 and finite", rc.Gain)
	}
	if c := rc.SidelobeCancellation; c != 0 && !(c >= 1) || math.IsInf(c, 1) {
		bad("sidelobe cancellation %v, want 0 (none) or a power ratio ≥ 1 and finite", c)
	}
	if !(e.Frequency > 0) {
		bad("a receiver against jamming needs the radar's frequency")
	}
	if rc.Bandwidth == 0 && !(e.RangeResolution > 0) {
		bad("a receiver against jamming needs its bandwidth or the range resolution")
	}
	if !(e.BeamwidthAz > 0) {
		bad("a receiver against jamming needs the azimuth beamwidth for its antenna pattern")
	}
	return errs
}

// jamReceiver is a Receiver made ready for looks.
type jamReceiver struct {
	k         float64 // λ² G/((4π)² k T0 Fn): J/N = k ERP g F²/(Rj² max(Bj, Br))
	bandwidth float64 // Br, Hz
	freq      float64
	beamAz    float64
	beamEl    float64 // 0: broad in elevation
	sidelobe  float64 // one-way power ratio, the pattern's floor
	cancelled float64 // the floor after the sidelobe canceller
	gain      float64 // main-beam gain G, power ratio
}

func (rc Receiver) build(c *Config) *jamReceiver {
	if rc == (Receiver{}) {
		return nil
	}
	e := c.Environment
	br := rc.Bandwidth
	if br == 0 {
		br = SpeedOfLight / (2 * e.RangeResolution)
	}
	g := rc.Gain
	if g == 0 {
		el := e.BeamwidthEl
		if el == 0 {
			el = c.MaxElevation - c.MinElevation
		}
		g = gainRule / (e.BeamwidthAz * 180 / math.Pi * el * 180 / math.Pi)
	}
	lambda := SpeedOfLight / e.Frequency
	return &jamReceiver{
		k:         lambda * lambda * g / (16 * math.Pi * math.Pi * Boltzmann * T0 * rc.NoiseFigure),
		bandwidth: br, freq: e.Frequency,
		beamAz: e.BeamwidthAz, beamEl: e.BeamwidthEl, sidelobe: e.Sidelobe,
		cancelled: e.Sidelobe / math.Max(1, rc.SidelobeCancellation), gain: g,
	}
}

// ReceiverFigures are the antenna's main-beam gain (a power ratio) and the
// receiver's noise bandwidth (Hz) in use against jammers, derived where
// the Receiver leaves them 0; both 0 for a radar without a Receiver.
func (r *Radar) ReceiverFigures() (gain, bandwidth float64) {
	if r.jam == nil {
		return 0, 0
	}
	return r.jam.gain, r.jam.bandwidth
}

// jamSource is one jammer the radar hears in this look, with what does
// not depend on where the beam points.
type jamSource struct {
	az, el float64 // direction from the antenna, rad
	jn     float64 // J/N with the beam on it
	jammer int     // its index in the jammers given to Jamming
}

// Jamming is the set of jammers a radar hears in one look: where each
// is, and its J/N in the main beam. Make it with Radar.Jamming.
type Jamming struct {
	src []jamSource
}

// Jamming prepares one look's jammers: it drops those out of band, below
// the horizon or masked by terrain, and works out the rest's J/N with the
// beam on them. A radar without a Receiver hears none.
func (r *Radar) Jamming(jammers []Jammer) Jamming {
	var out Jamming
	if r.jam == nil {
		return out
	}
	for i := range jammers {
		j := &jammers[i]
		if !(j.ERP > 0) || !j.covers(r.jam.freq) {
			continue
		}
		d := r3.Sub(j.Pos, r.pos)
		a := geo.ENUToAER(r.frame.RotateToENU(d))
		if !(a.Range > 0) {
			continue
		}
		f, ok := r.path(j.Pos, d, a.El)
		if !ok {
			continue
		}
		jn := r.jam.k * j.ERP * f * f / (a.Range * a.Range * math.Max(j.Bandwidth, r.jam.bandwidth))
		out.src = append(out.src, jamSource{az: a.Az, el: a.El, jn: jn, jammer: i})
	}
	return out
}

func (j *Jammer) covers(f float64) bool {
	if len(j.Bands) == 0 {
		return true
	}
	for _, b := range j.Bands {
		if b.Contains(f) {
			return true
		}
	}
	return false
}

// toNoise is the jammer-to-noise ratio J/N (linear) with the beam pointed
// at a: each jammer's main-beam J/N times the antenna's pattern toward it,
// a Gaussian beam of the radar's beamwidths (half power at half a
// beamwidth off the axis) floored at the sidelobe level.
func (r *Radar) toNoise(jm Jamming, a geo.AER) float64 {
	var sum float64
	for _, s := range jm.src {
		sum += s.jn * r.jam.pattern(s.az, s.el, a)
	}
	return sum
}

// JamToNoise is the jammer-to-noise ratio J/N (linear) of the look jm
// while the beam points at ECEF position pos.
func (r *Radar) JamToNoise(jm Jamming, pos r3.Vec) float64 {
	if len(jm.src) == 0 {
		return 0
	}
	return r.toNoise(jm, r.frame.AER(pos))
}

// pattern is the one-way power gain of the antenna toward (az, el),
// relative to its peak, with the beam on a: the Gaussian beam, or outside
// it the sidelobe floor less what the sidelobe canceller takes off.
func (jr *jamReceiver) pattern(az, el float64, a geo.AER) float64 {
	dAz := math.Remainder(az-a.Az, 2*math.Pi) * math.Cos(a.El)
	x := dAz / jr.beamAz
	q := x * x
	if jr.beamEl > 0 {
		y := (el - a.El) / jr.beamEl
		q += y * y
	}
	if g := math.Exp(-4 * math.Ln2 * q); g >= jr.sidelobe {
		return g
	}
	return jr.cancelled
}

// LookJammed is Look with noise jamming: each target's SNR is against
// noise plus the jamming jm the radar hears with its beam on the target,
// and a detection carries the J/N of its look. Look is LookJammed with
// no jammers; the random draws are the same.
func (r *Radar) LookJammed(t float64, targets []Target, jm Jamming, rngFor func(targetID int) *rand.Rand) []Detection {
	return r.look(nil, t, targets, jm, rngFor)
}

// AppendLookJammed appends LookJammed's detections to dst and returns
// the result, with the same draws: an engine that looks every few
// seconds reuses one buffer instead of making one each look.
func (r *Radar) AppendLookJammed(dst []Detection, t float64, targets []Target, jm Jamming, rngFor func(targetID int) *rand.Rand) []Detection {
	return r.look(dst, t, targets, jm, rngFor)
}

// jammed is the signal-to-interference ratio S/(N+C+J) of a look whose
// S/N is s, whose S/(N+C) is sir and whose J/N is jn: 1/(1/sir + jn/s).
func jammed(s, sir, jn float64) float64 {
	if !(jn > 0) || !(sir > 0) {
		return sir
	}
	return 1 / (1/sir + jn/s)
}

// ValidateJammer checks a jammer's figures: a positive finite ERP and
// bandwidth, and bands with 0 < Low < High.
func ValidateJammer(j Jammer) error {
	var errs []error
	if !(j.ERP > 0) || math.IsInf(j.ERP, 1) {
		errs = append(errs, fmt.Errorf("ERP %v W, want > 0 and finite", j.ERP))
	}
	if !(j.Bandwidth > 0) || math.IsInf(j.Bandwidth, 1) {
		errs = append(errs, fmt.Errorf("bandwidth %v Hz, want > 0 and finite", j.Bandwidth))
	}
	for _, b := range j.Bands {
		if !(b.Low > 0 && b.High > b.Low) {
			errs = append(errs, fmt.Errorf("band [%v, %v] Hz, want 0 < low < high", b.Low, b.High))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("jammer %s: %w", j.ID, errors.Join(errs...))
	}
	return nil
}
