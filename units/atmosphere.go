package units

import "math"

// The U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562), whose lower 32 km
// are the ICAO International Standard Atmosphere. Below 86 km geometric
// height it is a set of layers in which the molecular-scale temperature
// varies linearly with geopotential height H; the speed of sound is
// sqrt(γ R* T_M / M0), which the standard defines with that temperature.
const (
	gamma     = 1.4              // ratio of specific heats of air
	gasR      = 8.31432          // J/(mol·K), the 1976 standard's value of R*
	molarMass = 0.0289644        // kg/mol, sea-level mean molar mass of air M0
	earthR0   = 6356766.0        // m, effective earth radius for geopotential height
	seaLevelT = 288.15           // K
	lowestZ   = -5000.0          // m geometric, bottom of the standard's tables
	topZ      = 86000.0          // m geometric, top of the layers (84 852 m geopotential)
	airR      = gasR / molarMass // J/(kg·K)
)

// isaLayers are the base geopotential heights (m) and temperature lapse
// rates (K/m) of the 1976 standard's seven layers: troposphere,
// tropopause, two stratospheric layers, stratopause, two mesospheric
// layers.
var isaLayers = [...]struct{ base, lapse float64 }{
	{0, -0.0065},
	{11000, 0},
	{20000, 0.001},
	{32000, 0.0028},
	{47000, 0},
	{51000, -0.0028},
	{71000, -0.002},
}

// GeopotentialHeight converts a geometric height z (m) to the geopotential
// height H = r0 z / (r0 + z) that the standard atmosphere's layers are
// written in, with r0 = 6 356 766 m. The two differ by 19 m at 11 km.
func GeopotentialHeight(z float64) float64 { return earthR0 * z / (earthR0 + z) }

// StandardTemperature returns the molecular-scale temperature (K) of the
// U.S. Standard Atmosphere 1976 at geometric height alt (m). Below -5 km
// it holds the -5 km value and above 86 km the 86 km value (186.946 K):
// the standard's tables start at -5 km, and above 86 km air no longer
// flies anything this toolkit models.
func StandardTemperature(alt float64) float64 {
	h := GeopotentialHeight(math.Max(lowestZ, math.Min(alt, topZ)))
	t := seaLevelT
	for i, l := range isaLayers {
		if i+1 == len(isaLayers) || h <= isaLayers[i+1].base {
			return t + l.lapse*(h-l.base)
		}
		t += l.lapse * (isaLayers[i+1].base - l.base)
	}
	return t // not reached
}

// SpeedOfSound returns the speed of sound (m/s) in the U.S. Standard
// Atmosphere 1976 (ICAO standard atmosphere) at geometric height alt (m):
// 340.294 m/s at sea level, falling with the temperature through the
// troposphere (lapse 6.5 K/km to 11 km geopotential), constant at 295.07
// m/s through the isothermal layer from 11 to 20 km geopotential, rising
// through the stratosphere to 47 km, constant to 51 km, falling again to
// 86 km, and held constant outside -5 to 86 km.
//
// Heights in iadsim are above the WGS-84 ellipsoid while the standard
// counts from mean sea level; the geoid lies within about 110 m of the
// ellipsoid, which moves the speed of sound by at most 0.5 m/s.
func SpeedOfSound(alt float64) float64 {
	return math.Sqrt(gamma * airR * StandardTemperature(alt))
}
