package radar

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// Masker reports whether terrain leaves the straight line between two ECEF
// points clear. The terrain package provides one; a Radar with a nil
// Masker sees over a smooth earth only. The smooth-earth horizon is tested
// separately, so a Masker need only answer for the ground itself. A Masker
// shared by radars that look concurrently must be safe for concurrent use.
type Masker interface {
	Visible(from, to r3.Vec) bool
}

// Config describes a radar the way public figures do: it detects a target
// of cross section RefRCS at range RefRange with probability RefPd, at
// false-alarm probability Pfa. All angles are radians, lengths metres,
// times seconds.
type Config struct {
	ID   string
	Site geo.LLA // antenna phase centre: ground height plus mast

	RefRange, RefRCS, RefPd float64
	Pfa                     float64
	// Swerling is the target fluctuation model used for Pd: 0 for a steady
	// target, 1 for a target whose echo power is exponentially distributed
	// and independent from look to look, the usual choice for aircraft and
	// missiles seen by a scanning radar. The zero value is Swerling 0, so
	// a scenario that wants Swerling 1 by default must say so.
	Swerling int

	// MinRange and MaxRange are the instrumented range limits; MaxRange 0
	// means no limit beyond the horizon and the range equation.
	MinRange, MaxRange float64
	// MinElevation and MaxElevation bound the elevation coverage in the
	// site's ENU frame. Both zero means no limit: targets near the radar
	// horizon lie slightly below the local horizontal, so a limit of 0
	// would hide them.
	MinElevation, MaxElevation float64
	// Sector bounds the azimuth coverage of a radar that does not turn
	// while it looks (a fire-control phased array); the zero Sector sees
	// all round. WithSector points it elsewhere.
	Sector Sector

	// ScanPeriod is the time between looks at a target; the engine
	// schedules looks, the radar does not use it. 0 leaves it to the
	// engine.
	ScanPeriod float64

	// One-sigma Gaussian measurement noise of range (m), azimuth and
	// elevation (rad), and range rate (m/s). SigmaRangeRate 0 means the
	// radar does not measure range rate.
	SigmaRange, SigmaAz, SigmaEl float64
	SigmaRangeRate               float64

	K    float64 // effective-earth factor; 0 means DefaultK (4/3)
	Mask Masker  // terrain masking; nil means a smooth earth
	// EarthHeight is the height above the WGS-84 ellipsoid of the smooth
	// earth whose horizon the radar sees over when it has no Surface:
	// a scenario's level ground, or a DEM's datum (the geoid), from which
	// antenna and target heights count; 0, the ellipsoid, by default.
	// Over a Surface, the surface's height takes its place. A radar on a
	// level ground 28 m below the ellipsoid, judged against the
	// ellipsoid, would see a 30 m target only 2 m "up".
	EarthHeight float64

	// Environment holds what lies between the radar and its targets: the
	// surface, its multipath, diffraction and clutter, and the radar's
	// figures against them (see Environment). The zero value is free
	// space, the range equation alone.
	Environment
	// Receiver is the radar against noise jammers (jamming.go); the zero
	// value is not jammed.
	Receiver Receiver
}

// Target is what a radar looks at: truth, in ECEF.
type Target struct {
	ID       int
	Pos, Vel r3.Vec  // ECEF, m and m/s
	RCS      float64 // radar cross section this look, m²
	// Table, when set, gives the RCS by the aspect the radar sees and its
	// band (Aspect, RCSTable.At), in place of RCS.
	Table *RCSTable
}

// Detection is one reported plot: a noisy measurement in the radar's local
// ENU frame (see Radar.Frame), with the truth that scoring needs.
type Detection struct {
	T        float64 // time of the look, s
	Radar    string  // radar ID
	TargetID int     // truth, for scoring only; never for tracking

	Range float64 // measured slant range, m
	Az    float64 // measured azimuth, clockwise from north in [0, 2π)
	El    float64 // measured elevation above the ENU horizontal plane
	// RangeRate is the measured radial velocity, m/s, positive opening;
	// meaningful only when HasRangeRate.
	RangeRate    float64
	HasRangeRate bool

	SNR       float64 // mean signal-to-noise ratio of the look, linear: S/(N+J) under jamming
	JN        float64 // jammer-to-noise ratio of the look, linear; 0 unjammed
	Pd        float64 // detection probability the look was drawn with
	TrueRange float64 // true slant range, m
}

// Radar is a surveillance radar at a fixed site. It is immutable after New
// and safe for concurrent use if its Masker is.
type Radar struct {
	cfg    Config // defaults filled in
	frame  geo.Frame
	pos    r3.Vec // site in ECEF
	site   site
	k      float64
	snrRef float64      // single-look SNR of RefRCS at RefRange
	prop   *propagation // nil in free space
	env    *environment // nil in free space
	band   Band         // of Frequency; X when the radar has none
	jam    *jamReceiver // nil: not jammed
}

// New validates c and returns the radar it describes. It derives the
// reference signal-to-noise ratio, the single-look SNR that gives RefPd
// at Pfa under the Swerling model, so that at range R on cross section σ
//
//	SNR(R, σ) = SNRref (σ/RefRCS) (RefRange/R)⁴
//
// as the range equation has it. All problems are reported together.
func New(c Config) (*Radar, error) {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

	if c.ID == "" {
		bad("ID is empty")
	}
	if !(math.Abs(c.Site.Lat) <= math.Pi/2) || !finite(c.Site.Lon) || !finite(c.Site.Alt) {
		bad("site %v is not a geodetic position (radians, metres)", c.Site)
	}
	if !(c.RefRange > 0) || !finite(c.RefRange) {
		bad("reference range %v m, want > 0", c.RefRange)
	}
	if !(c.RefRCS > 0) || !finite(c.RefRCS) {
		bad("reference RCS %v m², want > 0", c.RefRCS)
	}
	if !(c.Pfa > 0 && c.Pfa < 1) {
		bad("Pfa %v, want 0 < Pfa < 1", c.Pfa)
	}
	if !(c.RefPd > 0 && c.RefPd < 1) || (c.Pfa > 0 && c.RefPd <= c.Pfa) {
		bad("reference Pd %v, want Pfa < Pd < 1", c.RefPd)
	}
	if c.Swerling != 0 && c.Swerling != 1 {
		bad("Swerling case %d, want 0 or 1", c.Swerling)
	}
	if c.MaxRange == 0 {
		c.MaxRange = math.Inf(1)
	}
	if !(c.MinRange >= 0) || !(c.MaxRange > c.MinRange) {
		bad("range limits [%v, %v] m, want 0 ≤ min < max", c.MinRange, c.MaxRange)
	}
	if c.MinElevation == 0 && c.MaxElevation == 0 {
		c.MinElevation, c.MaxElevation = -math.Pi/2, math.Pi/2
	}
	if !(c.MinElevation >= -math.Pi/2 && c.MinElevation < c.MaxElevation && c.MaxElevation <= math.Pi/2) {
		bad("elevation limits [%v, %v] rad, want -π/2 ≤ min < max ≤ π/2", c.MinElevation, c.MaxElevation)
	}
	if !finite(c.Sector.Azimuth) || !(c.Sector.HalfWidth >= 0) || math.IsInf(c.Sector.HalfWidth, 0) {
		bad("sector %+v, want a finite boresight and a half-width ≥ 0 rad (0: all round)", c.Sector)
	}
	if !(c.ScanPeriod >= 0) || !finite(c.ScanPeriod) {
		bad("scan period %v s, want ≥ 0", c.ScanPeriod)
	}
	for _, s := range []struct {
		name string
		v    float64
	}{{"range", c.SigmaRange}, {"azimuth", c.SigmaAz}, {"elevation", c.SigmaEl}, {"range-rate", c.SigmaRangeRate}} {
		if !(s.v >= 0) || !finite(s.v) {
			bad("%s sigma %v, want ≥ 0", s.name, s.v)
		}
	}
	k, ok := effectiveK(c.K)
	if !ok {
		bad("effective-earth factor %v, want > 0 and finite (0 for 4/3)", c.K)
	}
	c.K = k
	if !finite(c.EarthHeight) {
		bad("earth height %v m, want a finite height above the ellipsoid", c.EarthHeight)
	}
	errs = append(errs, c.Environment.validate()...)
	errs = append(errs, c.Receiver.validate(c.Environment)...)
	if len(errs) > 0 {
		return nil, fmt.Errorf("radar %q: %w", c.ID, errors.Join(errs...))
	}

	r := &Radar{
		cfg:   c,
		frame: geo.NewFrame(c.Site),
		pos:   c.Site.ECEF(),
		site:  newSite(c.Site),
		k:     k,
	}
	r.snrRef = r.requiredSNR(c.RefPd)
	r.band = BandX
	if c.Frequency > 0 {
		r.band = BandOf(c.Frequency)
	}
	r.prop, r.env = c.Environment.build(c.Site.Alt, k)
	r.jam = c.Receiver.build(&r.cfg)
	if r.env != nil {
		r.env.snrRef, r.env.refRCS, r.env.refRange = r.snrRef, c.RefRCS, c.RefRange
	}
	return r, nil
}

// Config returns the radar's configuration with defaults filled in:
// MaxRange +Inf when unlimited, elevation limits ±π/2 when unlimited, and
// K the effective-earth factor in use.
func (r *Radar) Config() Config { return r.cfg }

// WithSector returns the radar with its sector's boresight turned to
// azimuth az (rad), as the mount of a fire-control array turns it to a
// threat axis; r itself is unchanged.
func (r *Radar) WithSector(az float64) *Radar {
	c := *r
	c.cfg.Sector.Azimuth = wrapAz(az)
	return &c
}

// Band is the radar's band, of its Frequency; X, the band public RCS
// figures are mostly quoted for, when it has none.
func (r *Radar) Band() Band { return r.band }

// Sector is the radar's azimuth sector now.
func (r *Radar) Sector() Sector { return r.cfg.Sector }

// Frame is the radar's local ENU frame, in which detections are measured.
func (r *Radar) Frame() geo.Frame { return r.frame }

// SNR is the mean single-look signal-to-noise ratio (linear) on a target
// of cross section rcs at slant range slantRange in free space. A cross
// section ≤ 0 gives 0.
func (r *Radar) SNR(slantRange, rcs float64) float64 {
	if !(rcs > 0) {
		return 0
	}
	q := r.cfg.RefRange / slantRange
	q *= q
	return r.snrRef * rcs / r.cfg.RefRCS * q * q
}

// Pd is the single-look detection probability on a target of cross section
// rcs at slant range slantRange in free space, under the radar's Swerling
// model and false-alarm probability.
func (r *Radar) Pd(slantRange, rcs float64) float64 {
	return r.pd(r.SNR(slantRange, rcs))
}

// DetectionRange is the free-space range at which a target of cross
// section rcs is detected with probability pd: the reference range scaled
// by (σ SNRref / (σref SNR(pd)))^(1/4). It is +Inf when pd ≤ Pfa, 0 when
// pd = 1 or rcs = 0, and NaN for pd outside [0, 1] or rcs < 0. The horizon
// and the instrumented limits are not applied; see Covers.
func (r *Radar) DetectionRange(rcs, pd float64) float64 {
	if !(rcs >= 0) {
		return math.NaN()
	}
	need := r.requiredSNR(pd)
	return r.cfg.RefRange * math.Sqrt(math.Sqrt(rcs/r.cfg.RefRCS*r.snrRef/need))
}

func (r *Radar) pd(snr float64) float64 {
	if r.cfg.Swerling == 0 {
		return PdSwerling0(snr, r.cfg.Pfa)
	}
	return PdSwerling1(snr, r.cfg.Pfa)
}

func (r *Radar) requiredSNR(pd float64) float64 {
	if r.cfg.Swerling == 0 {
		return SNRSwerling0(pd, r.cfg.Pfa)
	}
	return SNRSwerling1(pd, r.cfg.Pfa)
}

// Covers reports whether the radar could see a target at ECEF position pos
// at all, whatever its cross section: the target lies inside the range and
// elevation limits and the azimuth sector, clears the Masker, and clears
// the smooth refracting earth (AboveHorizon with the radar's K, heights
// above the Surface) or, over a Surface, lies beyond the horizon where
// diffraction still leaves a one-way propagation factor of
// DiffractionFloor or more. A tracker uses it to decide whether a missed
// detection counts as a miss.
func (r *Radar) Covers(pos r3.Vec) bool {
	_, ok := r.see(pos, r.frame.AER(pos))
	return ok
}

// see reports whether the radar could see a target at pos, seen at a, and
// with what one-way pattern propagation factor F (1 in free space).
func (r *Radar) see(pos r3.Vec, a geo.AER) (f float64, ok bool) {
	c := &r.cfg
	// Cheapest tests first; the mask, a terrain walk, last.
	if !(a.Range > 0) || a.Range < c.MinRange || a.Range > c.MaxRange ||
		a.El < c.MinElevation || a.El > c.MaxElevation || !c.Sector.Contains(a.Az) {
		return 0, false
	}
	return r.path(pos, r3.Sub(pos, r.pos), a.El)
}

// path reports whether the earth and the terrain leave the ray from the
// antenna to pos (d = pos - antenna, seen at elevation el) clear, and
// with what one-way propagation factor F (1 in free space).
func (r *Radar) path(pos, d r3.Vec, el float64) (f float64, ok bool) {
	c := &r.cfg
	alt, up := geo.HeightUp(pos)
	f = 1
	if r.prop == nil {
		if !r.site.clear(alt, up, d, r.k, c.EarthHeight) {
			return 0, false
		}
	} else {
		// Over a surface the earth does not hide a target outright:
		// diffraction carries a weakened field beyond the horizon, down to
		// DiffractionFloor.
		theta, rAlpha := r.site.arc(up, d)
		f = r.prop.factor(alt-c.Surface.Height, theta*rAlpha, el)
		if !(f >= diffractionFloor) && !r.site.clear(alt, up, d, r.k, c.Surface.Height) {
			return 0, false
		}
	}
	if c.Mask != nil && !c.Mask.Visible(r.pos, pos) {
		return 0, false
	}
	return f, true
}

// Look is one look at every target at time t. A target is detectable when
// Covers holds; it is then detected with probability Pd(SNR), and its
// measurement gets independent Gaussian noise with the configured sigmas.
// Over a Surface the SNR is the free-space one times F⁴, the pattern
// propagation factor of multipath or diffraction, against noise plus the
// clutter of the target's cell after the radar's MTI; a target in the
// MTI's notch there is not detected (see Environment). A target with an
// RCS table has the cross section of the aspect it shows the radar, in
// the radar's band. Detections come in
// the order of targets. False alarms are drawn apart, by FalseAlarms.
//
// Randomness comes from rngFor(target.ID), which must return a non-nil
// generator: the engine gives each (radar, target) pair its own stream,
// so the draws for one target never depend on which other targets are in
// the slice or in what order. Every target consumes exactly one uniform
// and four normal draws per look, whether or not it is covered or
// detected, so a change in one target's Pd or coverage does not shift its
// later noise draws (common random numbers across Monte Carlo variants).
func (r *Radar) Look(t float64, targets []Target, rngFor func(targetID int) *rand.Rand) []Detection {
	return r.look(nil, t, targets, Jamming{}, rngFor)
}

// look appends to dst the detections of one look at targets.
func (r *Radar) look(dst []Detection, t float64, targets []Target, jm Jamming, rngFor func(targetID int) *rand.Rand) []Detection {
	dets := dst
	c := &r.cfg
	for i := range targets {
		tg := &targets[i]
		rng := rngFor(tg.ID)
		u := rng.Float64()
		nr, na, ne, nv := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()

		d, a, s, snr, ok := r.signal(tg)
		if !ok {
			continue
		}
		var jn float64
		if len(jm.src) > 0 {
			jn = r.toNoise(jm, a)
			snr = jammed(s, snr, jn)
		}
		pd := r.pd(snr)
		if u >= pd {
			continue
		}
		det := Detection{
			T:         t,
			Radar:     c.ID,
			TargetID:  tg.ID,
			Range:     a.Range + c.SigmaRange*nr,
			Az:        wrapAz(a.Az + c.SigmaAz*na),
			El:        a.El + c.SigmaEl*ne,
			SNR:       snr,
			JN:        jn,
			Pd:        pd,
			TrueRange: a.Range,
		}
		if c.SigmaRangeRate > 0 {
			det.RangeRate = r3.Dot(tg.Vel, d)/a.Range + c.SigmaRangeRate*nv
			det.HasRangeRate = true
		}
		if dets == nil {
			// One allocation per look: at most the remaining targets.
			dets = make([]Detection, 0, len(targets)-i)
		}
		dets = append(dets, det)
	}
	return dets
}

// Assess is what a look at tg would draw its detection with, unjammed:
// the mean signal-to-interference ratio (noise and, over a Surface, the
// clutter after the MTI; linear) and the detection probability it gives.
// ok is false, and snr and pd 0, when the radar cannot see tg at all
// (Covers). Coverage maps use it to apply the engine's detection model
// cell by cell.
func (r *Radar) Assess(tg Target) (snr, pd float64, ok bool) {
	_, _, _, snr, ok = r.signal(&tg)
	if !ok {
		return 0, 0, false
	}
	return snr, r.pd(snr), true
}

// signal is what a look at tg sees: the line of sight d (ECEF, from the
// antenna), its direction a, the signal-to-noise ratio s with the
// propagation factor, and the signal-to-interference ratio snr with the
// clutter after the MTI (s in free space). ok is false when the radar
// cannot see tg.
func (r *Radar) signal(tg *Target) (d r3.Vec, a geo.AER, s, snr float64, ok bool) {
	d = r3.Sub(tg.Pos, r.pos)
	a = geo.ENUToAER(r.frame.RotateToENU(d))
	f, ok := r.see(tg.Pos, a)
	if !ok {
		return d, a, 0, 0, false
	}
	rcs := tg.RCS
	if tg.Table != nil {
		az, el := Aspect(tg.Pos, tg.Vel, r.pos)
		rcs = tg.Table.At(r.band, az, el)
	}
	s = r.SNR(a.Range, rcs) * f * f * f * f
	snr = s
	if r.env != nil {
		snr = r.env.signalToInterference(s, a, r3.Dot(tg.Vel, d)/a.Range)
	}
	return d, a, s, snr, true
}

// wrapAz brings an azimuth into [0, 2π).
func wrapAz(az float64) float64 {
	az = math.Mod(az, 2*math.Pi)
	if az < 0 {
		az += 2 * math.Pi
	}
	if az >= 2*math.Pi { // az was a tiny negative number
		az = 0
	}
	return az
}
