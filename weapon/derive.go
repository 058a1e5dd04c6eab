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
	def(&s.CalibrationAltitude, 10e3)
	def(&s.Step, 0.05)
	return s
}

// Derive3DOF returns m made into a [ModelPointMass] missile whose motor,
// drag and end-game reproduce its public-style figures. Every number it
// chooses is an assumption, derived as follows:
//
//  1. Motor: one boost phase of BoostTime, at the thrust Isp·g0·mp/tb of a
//     propellant mass mp. mp starts from the rocket equation,
//     mp = m0 (1 - exp(-(Vb - V0)/(Isp g0))), and is then corrected by the
//     secant method until the fly-out of the max-range shot is at
//     BurnoutSpeed at BoostTime, gravity and drag losses included.
//  2. Drag: the [DefaultCd0] shape scaled by CdScale, found by regula
//     falsi on log CdScale so that the maximum ground range at the
//     calibration altitude is MaxRange (to 0.5%, or the best found within
//     2%), with Aero.Loft the programme that reaches farthest
//     ([Missile.MaxGroundRange]); programme and scale are found in turn,
//     until the best programme at the scale reaches MaxRange within 1%
//     (at most five times). Steps 1 and 2
//     are repeated (up to twice) while the new programme moves mp by more
//     than 0.5%.
//  3. End-game: the lift (CNMax) is an assumption, so the ceiling is set
//     by the manoeuvre the missile must still have there: EndgameAccel is
//     the g limit at the fastest arrival at MaxAltitude among the direct
//     shots of [Missile.Ceiling]. The altitude envelope then ends at
//     MaxAltitude, and EndgameAccel says what manoeuvre the claimed
//     ceiling implies (a slow missile with a high claimed ceiling gets a
//     small one).
//
// MaxFlightTime is raised, if need be, to 1.2 times the time of flight of
// the max-range shot. The Profile is kept: it still predicts intercepts.
// The calibration flies some hundreds of fly-outs, seconds of CPU per
// missile; the result is deterministic.
func Derive3DOF(m Missile, s Sizing) (Missile, error) {
	if err := m.Validate(); err != nil {
		return Missile{}, fmt.Errorf("weapon: derive 3-DOF: %w", err)
	}
	s = s.withDefaults()
	m.Model = ModelPointMass
	m0 := s.LaunchMass
	g0Isp := isaG0 * s.Isp
	setMotor := func(mp float64) {
		m.Motor = Motor{LaunchMass: m0, Boost: Burn{Thrust: g0Isp * mp / m.BoostTime, Time: m.BoostTime, Propellant: mp}}
	}
	mp := m0 * -math.Expm1(-(m.BurnoutSpeed-m.LaunchSpeed)/g0Isp)
	setMotor(mp)
	m.Aero = Aero{
		RefArea: m0 / s.SectionalDensity, CdScale: 1,
		CNAlpha: s.CNAlpha, CNMax: s.CNMax, TVCAngle: s.TVCAngle, Loft: 1,
		MinSpeed: s.MinSpeed,
	}
	flightTime := m.MaxFlightTime
	m.MaxFlightTime = 4 * flightTime // the calibration must not be cut by the timer
	if err := m.Validate(); err != nil {
		return Missile{}, fmt.Errorf("weapon: derive 3-DOF: %w", err)
	}
	calib := Shot{Range: m.MaxRange, Altitude: s.CalibrationAltitude}
	for pass := range 3 {
		// 1. Propellant for the burnout speed.
		f := func(mp float64) float64 {
			setMotor(mp)
			return m.speedAt(calib, m.BoostTime, s.Step) - m.BurnoutSpeed
		}
		prev := mp
		a, fa := mp, f(mp)
		b := math.Min(1.05*mp, 0.95*m0)
		fb := f(b)
		for range 8 {
			if math.Abs(fb) < 1e-3*m.BurnoutSpeed || fb == fa {
				break
			}
			c := b - fb*(b-a)/(fb-fa)
			c = math.Max(0.05*m0, math.Min(c, 0.95*m0))
			a, fa, b, fb = b, fb, c, f(c)
		}
		mp = b
		setMotor(mp)
		if math.Abs(fb) > 0.01*m.BurnoutSpeed {
			return Missile{}, fmt.Errorf("weapon: derive 3-DOF: %s: no propellant mass below 95%% of launch mass reaches %.0f m/s in %.1f s (%.0f m/s short)",
				m.Name, m.BurnoutSpeed, m.BoostTime, -fb)
		}
		if pass > 0 && math.Abs(mp/prev-1) < 5e-3 {
			break
		}

		// 2. Drag scale for the range, with the best programme: the
		// programme is optimised, the scale solved with it held, and both
		// once more.
		for k := 0; ; k++ {
			r, l := m.bestLoft(s.CalibrationAltitude, s.Step, 0, 1.4)
			m.Aero.Loft = l
			if math.Abs(r/m.MaxRange-1) < 0.01 {
				break
			}
			if k == 4 {
				return Missile{}, fmt.Errorf("weapon: derive 3-DOF: %s: drag scale and programme do not settle: the best programme reaches %.0f km, want %.0f km",
					m.Name, r/1e3, m.MaxRange/1e3)
			}
			if err := m.solveCdScale(s.CalibrationAltitude, s.Step); err != nil {
				return Missile{}, err
			}
		}
	}

	// 3. End-game manoeuvre at the ceiling.
	acc := 0.0
	for _, k := range []float64{0.1, 0.3, 0.6, 1, 1.5} {
		if a, ok := m.arrival(Shot{Range: k * m.MaxAltitude, Altitude: m.MaxAltitude}, s.Step); ok {
			acc = math.Max(acc, a)
		}
	}
	if acc == 0 {
		return Missile{}, fmt.Errorf("weapon: derive 3-DOF: %s: no direct shot reaches %.0f km altitude", m.Name, m.MaxAltitude/1e3)
	}
	m.Aero.EndgameAccel = acc
	tof := m.Fly(calib, s.Step).TOF
	m.MaxFlightTime = math.Max(flightTime, math.Ceil(1.2*tof))
	if err := m.Validate(); err != nil {
		return Missile{}, fmt.Errorf("weapon: derive 3-DOF: %w", err)
	}
	return m, nil
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

// solveCdScale sets CdScale so that the maximum ground range at alt with
// the current programme is MaxRange: regula falsi (Illinois) on
// f(x) = range/MaxRange - 1 at CdScale = e^x, which falls with x, after
// bracketing by steps of 0.5. It keeps the best point found and fails if
// that is more than 2% off.
func (m *Missile) solveCdScale(alt, dt float64) error {
	bestX, bestF := 0.0, math.Inf(1)
	f := func(x float64) float64 {
		m.Aero.CdScale = math.Exp(x)
		v := m.maxRangeAt(alt, dt)/m.MaxRange - 1
		if math.Abs(v) < math.Abs(bestF) {
			bestX, bestF = x, v
		}
		return v
	}
	x := math.Log(m.Aero.CdScale)
	fx := f(x)
	lo, flo, hi, fhi := x, fx, x, fx
	for k := 0; fhi > 0 && k < 12; k++ {
		lo, flo = hi, fhi
		hi += 0.5
		fhi = f(hi)
	}
	for k := 0; flo < 0 && k < 12; k++ {
		hi, fhi = lo, flo
		lo -= 0.5
		flo = f(lo)
	}
	if flo >= 0 && fhi <= 0 {
		side := 0
		for range 12 {
			if math.Abs(bestF) < 5e-3 {
				break
			}
			x = (lo*fhi - hi*flo) / (fhi - flo)
			fx = f(x)
			if fx > 0 {
				lo, flo = x, fx
				if side > 0 {
					fhi /= 2
				}
				side = 1
			} else {
				hi, fhi = x, fx
				if side < 0 {
					flo /= 2
				}
				side = -1
			}
		}
	}
	m.Aero.CdScale = math.Exp(bestX)
	if math.Abs(bestF) > 0.02 {
		return fmt.Errorf("weapon: derive 3-DOF: %s: the best drag scale %.3g reaches %.0f km, want %.0f km",
			m.Name, m.Aero.CdScale, (1+bestF)*m.MaxRange/1e3, m.MaxRange/1e3)
	}
	return nil
}
