package weapon

import "math"

// The U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562), whose lower 32 km
// are the ICAO standard atmosphere. Package units gives its temperature and
// speed of sound (the tests check that the two agree); the point-mass
// fly-out also needs the density, and both at once in its inner loop. The
// density follows from the hydrostatic equation layer by layer: with the
// molecular-scale temperature linear in geopotential height H,
//
//	L ≠ 0:  P = Pb (Tb / (Tb + L (H - Hb)))^(g0 M0 / (R* L))
//	L = 0:  P = Pb exp(-g0 M0 (H - Hb) / (R* Tb))
//	ρ = P M0 / (R* T)
//
// with the standard's constants below.
const (
	isaG0       = 9.80665   // m/s², standard gravity
	isaM0       = 0.0289644 // kg/mol, sea-level molar mass of air
	isaR        = 8.31432   // J/(mol·K), the standard's gas constant
	isaP0       = 101325.0  // Pa, sea-level pressure
	isaT0       = 288.15    // K
	isaR0       = 6356766.0 // m, earth radius of the geopotential height
	isaLowZ     = -5000.0   // m, bottom of the tables
	isaTopH     = 84852.0   // m geopotential, 86 km geometric: top of the layers
	isaHydroEps = isaG0 * isaM0 / isaR
)

// isaLayer is one layer: base geopotential height (m), lapse rate (K/m),
// and the base temperature and pressure, which isaLayers fills in from
// the sea-level values so that no rounded table constant enters.
type isaLayer struct{ base, lapse, t, p float64 }

var isaLayers = func() [7]isaLayer {
	ls := [7]isaLayer{
		{base: 0, lapse: -0.0065},
		{base: 11000, lapse: 0},
		{base: 20000, lapse: 0.001},
		{base: 32000, lapse: 0.0028},
		{base: 47000, lapse: 0},
		{base: 51000, lapse: -0.0028},
		{base: 71000, lapse: -0.002},
	}
	ls[0].t, ls[0].p = isaT0, isaP0
	for i := 1; i < len(ls); i++ {
		ls[i].t, ls[i].p = ls[i-1].at(ls[i].base)
	}
	return ls
}()

// at is temperature and pressure at geopotential height h in the layer.
func (l isaLayer) at(h float64) (t, p float64) {
	dh := h - l.base
	if l.lapse == 0 {
		return l.t, l.p * math.Exp(-isaHydroEps*dh/l.t)
	}
	t = l.t + l.lapse*dh
	return t, l.p * math.Pow(l.t/t, isaHydroEps/l.lapse)
}

// Atmosphere returns the air density (kg/m³) and the speed of sound (m/s)
// of the U.S. Standard Atmosphere 1976 at geometric height alt (m), taken
// above the WGS-84 ellipsoid (the geoid is within about 110 m of it).
//
// Below -5 km it holds the -5 km values. Above 86 km, where the standard's
// model changes to one of diffusion that a fly-out does not need, the
// density falls on isothermally at the 86 km temperature (scale height
// about 5.5 km) and the speed of sound holds its 86 km value; the density
// there is below 7e-6 kg/m³ and no longer matters for an interceptor.
func Atmosphere(alt float64) (density, speedOfSound float64) {
	z := math.Max(alt, isaLowZ)
	h := isaR0 * z / (isaR0 + z)
	i := len(isaLayers) - 1
	for i > 0 && h < isaLayers[i].base {
		i--
	}
	l := isaLayers[i]
	var t, p float64
	if h > isaTopH {
		tTop, pTop := l.at(isaTopH)
		t, p = tTop, pTop*math.Exp(-isaHydroEps*(h-isaTopH)/tTop)
	} else {
		t, p = l.at(h)
	}
	return p * isaM0 / (isaR * t), math.Sqrt(1.4 * isaR / isaM0 * t)
}

// The fly-out evaluates the atmosphere four times per integration
// substep, and the power law of the exact layers dominated its cost. It
// uses instead a table of ρ and of the speed of sound every atmoStep
// metres of geopotential height from 0 to atmoTop: ln ρ is interpolated
// linearly, the density being the node's below times exp(f Δln ρ), f
// the fraction of the way to the next node, by its Taylor polynomial to
// the sixth power (f Δln ρ is at most 0.02: a scale height of 5 km over
// 100 m, the remainder below 3e-16), so that no exponential is taken;
// the speed of sound linearly. The layer bases up to 71 km fall on
// nodes, so the kinks of the temperature profile are kept: within 1e-5
// of Atmosphere below 84 km and 5e-4 above, where the air no longer
// matters (TestAtmosphereTable). Outside the table it falls back to
// Atmosphere.
const (
	atmoStep = 100.0 // m
	atmoTop  = 150e3 // m
)

var atmoTable = func() []struct{ rho, dlnRho, a float64 } {
	n := int(atmoTop/atmoStep) + 1
	tab := make([]struct{ rho, dlnRho, a float64 }, n)
	for i := range tab {
		h := float64(i) * atmoStep
		tab[i].rho, tab[i].a = Atmosphere(isaR0 * h / (isaR0 - h)) // geometric height of h
	}
	for i := range n - 1 {
		tab[i].dlnRho = math.Log(tab[i+1].rho) - math.Log(tab[i].rho)
	}
	return tab
}()

// atmosphere is Atmosphere by table.
func atmosphere(alt float64) (density, speedOfSound float64) {
	x := isaR0 * alt / (isaR0 + alt) / atmoStep
	if !(x >= 0 && x < float64(len(atmoTable)-1)) {
		return Atmosphere(alt)
	}
	i := int(x)
	f := x - float64(i)
	a, b := atmoTable[i], atmoTable[i+1]
	d := f * a.dlnRho
	e := 1 + d*(1+d*(1.0/2+d*(1.0/6+d*(1.0/24+d*(1.0/120+d*(1.0/720))))))
	return a.rho * e, a.a + f*(b.a-a.a)
}
