package weapon

import (
	"fmt"
	"math"
)

// Sizing holds the assumptions [Derive3DOF] needs beyond the public-style
// figures. No public source gives any of them for the catalogue's
// missiles; a zero field takes the default stated beside it.
type Sizing struct {
	// LaunchMass, kg. Default 1000. The flight does not depend on it:
	// thrust and propellant scale with it and the reference area is
	// LaunchMass/SectionalDensity, so every force per unit mass is the
	// same. It only sets the numbers in Motor and Aero.
	LaunchMass float64

	// SectionalDensity is launch mass over reference area, kg/m². Default
	// 9000: about what the widely quoted, unverified 1,800 kg and 0.515 m
	// of the 48N6 (8,600) and 420 kg and 0.24 m of the 9M96E2 (9,300)
	// give. It sets the drag due to lift against the other forces.
	SectionalDensity float64

	Isp float64 // motor specific impulse, s. Default 250, a composite solid propellant (Fleeman, ch. 4)

	CNAlpha  float64 // normal-force slope per rad. Default 20, a wing-body-tail SAM on body area
	CNMax    float64 // largest usable normal-force coefficient. Default 8: CNAlpha times about 23° of incidence
	TVCAngle float64 // thrust deflection while burning, rad. Default 10°, to turn over after a cold launch

	MinSpeed float64 // end-game speed, m/s. Default 500, about Mach 1.7 at altitude

	// CdScale multiplies [DefaultCd0]. Default 1; Derive3DOF keeps it
	// within [0.8, 1.5] and may lower it toward 0.8 only to meet a range.
	CdScale float64

	// Loft is the steepest boost programme, rad ([Aero.Loft]); each shot
	// flies the one between flat and Loft that arrives fastest
	// ([Missile.LoftAngle]). Default 45°.
	Loft float64

	// SustainThrust is the thrust of a sustain phase, if the range needs
	// one, per launch weight. Default 2.
	SustainThrust float64

	// MaxPropellant is the largest propellant mass, boost and sustain,
	// per launch mass. Default 0.8.
	MaxPropellant float64

	// CalibrationAltitude is the target altitude of the range calibration,
	// m. Default 10 km, the "mid altitude" of the envelope check.
	CalibrationAltitude float64

	Step float64 // fly-out step of the calibration, s. Default 0.05
}

func (s Sizing) withDefaults() Sizing {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&s.LaunchMass, 1000)
	def(&s.SectionalDensity, 9000)
	def(&s.Isp, 250)
	def(&s.CNAlpha, 20)
	def(&s.CNMax, 8)
	def(&s.TVCAngle, 10*math.Pi/180)
	def(&s.MinSpeed, 500)
	def(&s.CdScale, 1)
	def(&s.Loft, 45*math.Pi/180)
	def(&s.SustainThrust, 2)
	def(&s.MaxPropellant, 0.8)
	def(&s.CalibrationAltitude, 10e3)
	def(&s.Step, 0.05)
	return s
}

// Bounds on the drag scale [Derive3DOF] may use: the generic curve
// [DefaultCd0] leaves out the fins and the motor-on base drag, so a real
// round sits somewhat above it, but not by a factor of two.
const (
	minCdScale = 0.8
	maxCdScale = 1.5
)

// Derive3DOF returns m made into a [ModelPointMass] missile whose motor,
// drag and end-game reproduce its public-style figures. Every number it
// chooses is an assumption, derived as follows:
//
//  1. Motor: a boost phase of BoostTime, at the thrust Isp·g0·mp/tb of a
//     propellant mass mp. mp starts from the rocket equation,
//     mp = m0 (1 - exp(-(Vb - V0)/(Isp g0))), and is then corrected by the
//     secant method until the fly-out of the max-range shot is at
//     BurnoutSpeed at BoostTime, gravity and drag losses included.
//  2. Drag and loft are held: Cd0 is [DefaultCd0] scaled by
//     Sizing.CdScale (a physical 0.8-1.5), and the boost programme is
//     [Missile.LoftAngle], chosen per shot up to Aero.Loft = Sizing.Loft.
//  3. Range: with no timer, the missile reaches the stationary target at
//     the calibration altitude out to some range R. If R is beyond
//     MaxRange, the range is cut to MaxRange by the flight time:
//     MaxFlightTime is the time of flight of the MaxRange shot (a
//     self-destruct timer, as real rounds have). If R falls short, a
//     sustain phase of thrust Sizing.SustainThrust (per launch weight) is
//     added, its propellant found by bisection, up to a total propellant
//     fraction of Sizing.MaxPropellant; if that is not enough, CdScale is
//     lowered toward 0.8. If the MaxRange shot then takes longer than
//     the catalogue's MaxFlightTime (the claimed range is claimed within
//     that time), the sustain is grown, within the same propellant
//     bound, until it does not (sustainForTime); the timer is then the
//     time of flight of the MaxRange shot. What is then still short is a shortfall:
//     Derive3DOF returns the missile that reaches farthest with physical
//     parameters and says so in the returned Calibration, not in an error.
//  4. End-game: the lift (CNMax) is an assumption, so the ceiling is set
//     by the manoeuvre the missile must still have there: EndgameAccel is
//     the g limit at the fastest arrival at MaxAltitude among the direct
//     shots of [Missile.Ceiling], if any reaches it.
//
// The Profile is kept: it still predicts intercepts. The calibration
// flies some tens of fly-outs, about a second of CPU per missile; the
// result is deterministic.
func Derive3DOF(m Missile, s Sizing) (Missile, error) {
	out, _, err := Derive3DOFCalibrated(m, s)
	return out, err
}

// Calibration reports how [Derive3DOFCalibrated] met the missile's
// catalogue range.
type Calibration struct {
	// Unlimited is the max ground range at the calibration altitude
	// before any flight-time cut, m.
	Unlimited float64
	// Range is the max ground range the derived missile reaches at the
	// calibration altitude, m: MaxRange, or less when Short.
	Range float64
	// Short says the catalogue MaxRange could not be reached with the
	// physical bounds (drag scale, propellant fraction).
	Short bool
	// Ceiling is the highest altitude a direct shot reaches with
	// MinSpeed, m (before EndgameAccel is set); below MaxAltitude when
	// the claim cannot be met.
	Ceiling float64
}

// Derive3DOFCalibrated is [Derive3DOF], also returning how the range was
// met.
func Derive3DOFCalibrated(m Missile, s Sizing) (Missile, Calibration, error) {
	var cal Calibration
	if err := m.Validate(); err != nil {
		return Missile{}, cal, fmt.Errorf("weapon: derive 3-DOF: %w", err)
	}
	s = s.withDefaults()
	if !(s.CdScale >= minCdScale && s.CdScale <= maxCdScale) {
		return Missile{}, cal, fmt.Errorf("weapon: derive 3-DOF: %s: Sizing.CdScale = %g, want a value in [%g, %g]", m.Name, s.CdScale, minCdScale, maxCdScale)
	}
	m.Model = ModelPointMass
	m0 := s.LaunchMass
	g0Isp := isaG0 * s.Isp
	setBoost := func(mp float64) {
		m.Motor = Motor{LaunchMass: m0, Boost: Burn{Thrust: g0Isp * mp / m.BoostTime, Time: m.BoostTime, Propellant: mp}}
	}
	mp := m0 * -math.Expm1(-(m.BurnoutSpeed-m.LaunchSpeed)/g0Isp)
	setBoost(mp)
	m.Aero = Aero{
		RefArea: m0 / s.SectionalDensity, CdScale: s.CdScale,
		CNAlpha: s.CNAlpha, CNMax: s.CNMax, TVCAngle: s.TVCAngle, Loft: s.Loft,
		MinSpeed: s.MinSpeed,
	}
	claimedTime := m.MaxFlightTime
	m.MaxFlightTime = 1e4 // no timer while calibrating
	if err := m.Validate(); err != nil {
		return Missile{}, cal, fmt.Errorf("weapon: derive 3-DOF: %w", err)
	}
	calib := Shot{Range: m.MaxRange, Altitude: s.CalibrationAltitude}

	// 1. Boost propellant for the burnout speed.
	f := func(mp float64) float64 {
		setBoost(mp)
		return m.speedAt(calib, m.BoostTime, s.Step) - m.BurnoutSpeed
	}
	a, fa := mp, f(mp)
	b := math.Min(1.05*mp, 0.95*m0)
	fb := f(b)
	for range 10 {
		if math.Abs(fb) < 1e-3*m.BurnoutSpeed || fb == fa {
			break
		}
		c := b - fb*(b-a)/(fb-fa)
		c = math.Max(0.05*m0, math.Min(c, 0.95*m0))
		a, fa, b, fb = b, fb, c, f(c)
	}
	mp = b
	setBoost(mp)
	if math.Abs(fb) > 0.01*m.BurnoutSpeed {
		return Missile{}, cal, fmt.Errorf("weapon: derive 3-DOF: %s: no propellant mass below 95%% of launch mass reaches %.0f m/s in %.1f s (%.0f m/s short)",
			m.Name, m.BurnoutSpeed, m.BoostTime, -fb)
	}

	// 3. Range.
	alt := s.CalibrationAltitude
	r := m.maxRangeAt(alt, s.Step)
	cal.Unlimited = r
	if r < m.MaxRange {
		r = m.addSustain(s, alt)
		cal.Unlimited = r
	}
	if r < m.MaxRange {
		r = m.lowerDrag(alt, s.Step)
		cal.Unlimited = r
	}
	cal.Range = r
	if r >= m.MaxRange {
		o := m.Fly(calib, s.Step)
		if o.Reached && o.TOF > claimedTime {
			o = m.sustainForTime(s, calib, claimedTime)
		}
		if !o.Reached {
			return Missile{}, cal, fmt.Errorf("weapon: derive 3-DOF: %s: the %.0f km calibration shot does not reach (%+v)", m.Name, m.MaxRange/1e3, o)
		}
		m.MaxFlightTime = math.Ceil(o.TOF*10) / 10
		cal.Range = m.MaxRange
	} else {
		cal.Short = true
		o := m.Fly(Shot{Range: r, Altitude: alt}, s.Step)
		m.MaxFlightTime = math.Ceil(1.1 * o.TOF)
	}

	// 4. End-game manoeuvre at the ceiling.
	acc := 0.0
	for _, k := range []float64{0.1, 0.3, 0.6, 1, 1.5} {
		if a, ok := m.arrival(Shot{Range: k * m.MaxAltitude, Altitude: m.MaxAltitude}, s.Step); ok {
			acc = math.Max(acc, a)
		}
	}
	cal.Ceiling = m.MaxAltitude
	if acc == 0 {
		cal.Ceiling = m.Ceiling(s.Step)
	}
	m.Aero.EndgameAccel = acc
	if err := m.Validate(); err != nil {
		return Missile{}, cal, fmt.Errorf("weapon: derive 3-DOF: %w", err)
	}
	return m, cal, nil
}

// setSustain gives the missile a sustain phase burning mp kg of
// propellant at the thrust and specific impulse of s, or none if mp is
// not positive.
func (m *Missile) setSustain(s Sizing, mp float64) {
	m.Motor.Sustain = Burn{}
	if mp > 0 {
		thrust := s.SustainThrust * m.Motor.LaunchMass * isaG0
		m.Motor.Sustain = Burn{Thrust: thrust, Time: mp * isaG0 * s.Isp / thrust, Propellant: mp}
	}
}

// addSustain adds the sustain phase that makes the max range at alt
// MaxRange, or the largest allowed, and returns the range.
func (m *Missile) addSustain(s Sizing, alt float64) float64 {
	m0 := m.Motor.LaunchMass
	set := func(mp float64) { m.setSustain(s, mp) }
	hi := s.MaxPropellant*m0 - m.Motor.Boost.Propellant
	if hi <= 0 {
		return m.maxRangeAt(alt, s.Step)
	}
	set(hi)
	rhi := m.maxRangeAt(alt, s.Step)
	if rhi <= m.MaxRange {
		return rhi
	}
	lo := 0.0
	for hi-lo > 2e-3*m0 {
		c := 0.5 * (lo + hi)
		set(c)
		if m.maxRangeAt(alt, s.Step) >= m.MaxRange {
			hi = c
		} else {
			lo = c
		}
	}
	set(hi)
	return m.maxRangeAt(alt, s.Step)
}

// sustainForTime grows the sustain phase (or adds one) until the shot
// c reaches within the flight time tmax, or the propellant is at
// Sizing.MaxPropellant, and returns the fly-out of c. The sustain is the
// smallest that does it, found by bisection on its propellant mass; the
// time of flight falls as the propellant grows.
func (m *Missile) sustainForTime(s Sizing, c Shot, tmax float64) Outcome {
	m0 := m.Motor.LaunchMass
	set := func(mp float64) { m.setSustain(s, mp) }
	lo, hi := m.Motor.Sustain.Propellant, s.MaxPropellant*m0-m.Motor.Boost.Propellant
	if hi <= lo {
		return m.Fly(c, s.Step)
	}
	set(hi)
	if o := m.Fly(c, s.Step); !o.Reached || o.TOF > tmax {
		return o // the most the motor may hold; the timer is then its time
	}
	for hi-lo > 2e-3*m0 {
		mid := 0.5 * (lo + hi)
		set(mid)
		if o := m.Fly(c, s.Step); o.Reached && o.TOF <= tmax {
			hi = mid
		} else {
			lo = mid
		}
	}
	set(hi)
	return m.Fly(c, s.Step)
}

// lowerDrag lowers CdScale toward minCdScale until the max range at alt
// is MaxRange, and returns the range.
func (m *Missile) lowerDrag(alt, dt float64) float64 {
	hi := m.Aero.CdScale
	m.Aero.CdScale = minCdScale
	r := m.maxRangeAt(alt, dt)
	if r <= m.MaxRange {
		return r
	}
	lo := minCdScale
	for hi-lo > 0.01 {
		c := 0.5 * (lo + hi)
		m.Aero.CdScale = c
		if m.maxRangeAt(alt, dt) >= m.MaxRange {
			lo = c
		} else {
			hi = c
		}
	}
	m.Aero.CdScale = lo
	return m.maxRangeAt(alt, dt)
}

// speedAt is the missile's speed tb seconds into the fly-out of shot s.
func (m *Missile) speedAt(s Shot, tb, dt float64) float64 {
	g := newShotGeometry(s)
	t0 := g.at(0)
	i := Launch(m, 0, g.launcher, m.LaunchDirection(g.launcher, t0.Pos))
	n := math.Ceil(tb / dt)
	h := tb / n
	for range int(n) {
		t, _, _ := i.State()
		a, b := g.at(t), g.at(t+h)
		if r := i.Step(h, a, b, a); r.Kind != Flying {
			break
		}
	}
	_, _, v := i.State()
	return norm(v)
}

// arrival flies shot s and returns the g limit at the fuzing, if it hits
// within the lethal radius.
func (m *Missile) arrival(s Shot, dt float64) (accel float64, ok bool) {
	g := newShotGeometry(s)
	t0 := g.at(0)
	i := Launch(m, 0, g.launcher, m.LaunchDirection(g.launcher, t0.Pos))
	for {
		t, _, _ := i.State()
		a, b := g.at(t), g.at(t+dt)
		r := i.Step(dt, a, b, a)
		if r.Kind == Flying {
			continue
		}
		if r.Kind != Fuzed || r.Miss > m.LethalRadius {
			return 0, false
		}
		_, p, v := i.State()
		return m.forcesAt(r.T, p, v).aMax, true
	}
}
