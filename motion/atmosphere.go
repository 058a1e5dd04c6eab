package motion

import "math"

// Atmosphere is a model of air density against height, for drag.
type Atmosphere int

const (
	// Exponential is ρ = 1.225 exp(-h / 7200 m) kg/m³: one scale height
	// for the whole atmosphere, within about 30% of the standard
	// atmosphere below 50 km. Quick and smooth; the default.
	Exponential Atmosphere = iota
	// ISA1976 is the U.S. Standard Atmosphere, 1976 (NOAA-S/T 76-1562),
	// identical to the ICAO standard atmosphere below 32 km: seven layers
	// of constant temperature gradient in geopotential height up to
	// 86 km, continued above as isothermal at the 86 km temperature.
	ISA1976
)

func (a Atmosphere) String() string {
	switch a {
	case Exponential:
		return "exponential"
	case ISA1976:
		return "ISA1976"
	}
	return "Atmosphere(?)"
}

// Constants of the 1976 standard atmosphere.
const (
	isaG0 = 9.80665              // m/s², standard gravity
	isaR  = 8.31432 / 28.9644e-3 // J/(kg K), R* / M0 (air below 86 km)
	isaR0 = 6356766.0            // m, earth radius for geopotential height
	isaP0 = 101325.0             // Pa
	isaT0 = 288.15               // K

	expRho0 = 1.225  // kg/m³
	expH    = 7200.0 // m
)

// The exponential atmosphere by table: every free flight, threat or
// prediction, and the tracker's ballistic model ask for its density at
// each acceleration, and math.Exp was most of an acceleration's cost.
// expTable holds ρ at every expNode metres from expBottom up to expTop,
// each node's value by math.Exp; between nodes ρ is the nearest node's
// times exp(-δ/H), δ at most half a node, by its Taylor polynomial to the
// fifth power, whose remainder (δ/H)⁶/720 < 2e-16 is below a double's
// rounding: within 1e-14 of math.Exp's (TestExponentialTable). Above
// the table it falls back to math.Exp.
const (
	expNode   = 100.0   // m
	expBottom = -5000.0 // m, where the density is held
	expTop    = 200e3   // m
)

// expNodes is the number of nodes of the exponential atmosphere's table.
const expNodes = int((expTop-expBottom)/expNode) + 1

// expTable is ρ at the nodes of the exponential atmosphere's table: an
// array, not a slice, so that its length is a constant the lookup
// checks without loading it.
var expTable = func() (t [expNodes]float64) {
	for i := range t {
		t[i] = expRho0 * math.Exp(-(expBottom+float64(i)*expNode)/expH)
	}
	return t
}()

// DensitySlope returns dρ/dh, kg/m⁴, at height h metres: -ρ/H for the
// exponential atmosphere, and for ISA1976 the central difference of
// Density over ±1 m (a layer's ρ varies by parts in 10⁸ over it, and the
// slope jumps at a layer's base, where the difference gives the mean of
// the two sides'). It is zero below -5 km, where the density is held.
// A tracker's ballistic model linearises its drag with it.
func (a Atmosphere) DensitySlope(h float64) float64 {
	if h < -5000 {
		return 0
	}
	return a.densitySlope(h, a.Density(h))
}

// densitySlope is DensitySlope(h) given rho = Density(h): the
// exponential atmosphere's slope is -ρ/H.
func (a Atmosphere) densitySlope(h, rho float64) float64 {
	if h < -5000 {
		return 0
	}
	if a == Exponential {
		return -rho / expH
	}
	return (a.Density(h+1) - a.Density(h-1)) / 2
}

// Density returns the air density in kg/m³ at height h metres (taken as
// height above sea level). Below -5 km it is held at its -5 km value.
// Every free flight's acceleration asks for it, so the exponential
// atmosphere's table is read here without a call, and the builtin max
// replaces math.Max's call (the same value, NaN and signed zeros
// alike).
func (a Atmosphere) Density(h float64) float64 {
	h = max(h, -5000)
	if a != Exponential {
		return isaDensity(h)
	}
	// expRho0 exp(-h/expH) by expTable: the nearest node's value times
	// exp(-δ/H) by its Taylor polynomial. The table ends at expTop;
	// above it, math.Exp.
	x := (h - expBottom) / expNode
	if !(x < float64(expNodes-1)) {
		return expRho0 * math.Exp(-h/expH)
	}
	i := int(x + 0.5)
	d := (float64(i) - x) * (expNode / expH) // -δ/H
	return expTable[i] * (1 + d*(1+d*(1.0/2+d*(1.0/6+d*(1.0/24+d*(1.0/120))))))
}

// isaDensity is the 1976 standard atmosphere's density at height h, at
// or above -5 km.
func isaDensity(h float64) float64 {
	// Base geopotential height (m) and temperature gradient (K/m) of each
	// layer; base temperatures and pressures follow by continuity.
	layers := [...]struct{ h, lapse float64 }{
		{0, -6.5e-3},
		{11000, 0},
		{20000, 1.0e-3},
		{32000, 2.8e-3},
		{47000, 0},
		{51000, -2.8e-3},
		{71000, -2.0e-3},
		{84852, 0}, // 86 km geometric; isothermal above
	}
	hp := isaR0 * h / (isaR0 + h) // geopotential height
	t, p := isaT0, isaP0
	for i, l := range layers {
		top := math.Inf(1)
		if i+1 < len(layers) {
			top = layers[i+1].h
		}
		dh := math.Min(hp, top) - l.h
		if i == 0 {
			dh = math.Min(hp, top) // extends below sea level
		}
		tNext := t + l.lapse*dh
		if l.lapse == 0 {
			p *= math.Exp(-isaG0 * dh / (isaR * t))
		} else {
			p *= math.Pow(tNext/t, -isaG0/(isaR*l.lapse))
		}
		t = tNext
		if hp <= top {
			break
		}
	}
	return p / (isaR * t)
}
