// Package units reads quantities the way people write them, "400 km",
// "880 km/h", "-10 dBsm", "Mach 0.8", and returns SI values: metres,
// seconds, radians, metres per second, square metres, watts, hertz.
//
// A quantity is a decimal number, optionally signed and in exponent form
// ("4e5"), followed by a unit, with or without a space between them. A
// bare number is an error wherever a unit is needed: "400" could be
// metres or kilometres, and a wrong guess moves a battery by a factor of a
// thousand. NaN and infinities are refused. Negative values are accepted
// only where they mean something: lengths (a height below the ellipsoid),
// angles, and decibel figures.
//
// Conversion factors are those of NIST Special Publication 811 (2008),
// Appendix B; every one used here is exact by definition except the
// radian-degree factor, which is π/180.
package units

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Exact conversion factors to SI (NIST SP 811, Appendix B.8 and B.9).
const (
	Foot         = 0.3048          // m
	NauticalMile = 1852.0          // m
	StatuteMile  = 1609.344        // m
	Knot         = 1852.0 / 3600   // m/s
	MilePerHour  = 0.44704         // m/s
	KmPerHour    = 1000.0 / 3600   // m/s
	StandardG    = 9.80665         // m/s², standard acceleration of gravity
	Degree       = math.Pi / 180   // rad
	Milliradian  = 1e-3            // rad
	Minute       = 60.0            // s
	Hour         = 3600.0          // s
	Kilometre    = 1000.0          // m
	Millisecond  = 1e-3            // s
	Kilowatt     = 1e3             // W
	Megawatt     = 1e6             // W
	Kilohertz    = 1e3             // Hz
	Megahertz    = 1e6             // Hz
	Gigahertz    = 1e9             // Hz
	metre        = 1.0             // m
	second       = 1.0             // s
	radian       = 1.0             // rad
	watt         = 1.0             // W
	hertz        = 1.0             // Hz
	metrePerSec  = 1.0             // m/s
	squareMetre  = 1.0             // m²
	metrePerSec2 = 1.0             // m/s²
	dBsmMarker   = math.MaxFloat64 // stands for the logarithmic unit in the area table
)

// kind describes one kind of quantity: its units and how to tell a person
// what was expected.
type kind struct {
	name     string             // "length"
	example  string             // `"30 m" or "400 km"`
	units    map[string]float64 // unit spelling -> SI factor
	negative bool               // whether a negative value means something
	others   string             // forms besides "number unit", for the list of known units
}

var (
	lengthKind = kind{"length", `"30 m" or "400 km"`, map[string]float64{
		"m": metre, "km": Kilometre, "ft": Foot, "nmi": NauticalMile, "NM": NauticalMile, "mi": StatuteMile,
	}, true, ""}
	speedKind = kind{"speed", `"250 m/s", "880 km/h" or "Mach 0.8"`, map[string]float64{
		"m/s": metrePerSec, "mph": MilePerHour,
		"km/h": KmPerHour, "km/hr": KmPerHour, "kmh": KmPerHour, "kph": KmPerHour,
		"kn": Knot, "kt": Knot, "kts": Knot, "knot": Knot, "knots": Knot,
	}, false, `a Mach number: "Mach 0.8", "M0.8", "0.8 Mach"`}
	areaKind = kind{"radar cross section or area", `"0.1 m2" or "-10 dBsm"`, map[string]float64{
		"m2": squareMetre, "m^2": squareMetre, "m²": squareMetre, "dBsm": dBsmMarker,
	}, false, ""}
	durationKind = kind{"duration", `"0.1 s" or "10 min"`, map[string]float64{
		"s": second, "ms": Millisecond, "min": Minute, "h": Hour,
	}, false, ""}
	angleKind = kind{"angle", `"0.2 deg" or "3 mrad"`, map[string]float64{
		"deg": Degree, "°": Degree, "rad": radian, "mrad": Milliradian,
	}, true, ""}
	accelKind = kind{"acceleration", `"30 g" or "300 m/s2"`, map[string]float64{
		"m/s2": metrePerSec2, "m/s^2": metrePerSec2, "m/s²": metrePerSec2, "g": StandardG,
	}, false, ""}
	powerKind = kind{"power", `"500 W" or "2 MW"`, map[string]float64{
		"W": watt, "kW": Kilowatt, "MW": Megawatt,
	}, false, ""}
	frequencyKind = kind{"frequency", `"3 GHz" or "150 MHz"`, map[string]float64{
		"Hz": hertz, "kHz": Kilohertz, "MHz": Megahertz, "GHz": Gigahertz,
	}, false, ""}
)

// Error tells what is wrong with a quantity and what was expected.
type Error struct {
	Input   string // the text as given
	Problem string // what is wrong: "no unit", "unknown unit \"kmh\""
	Want    string // what was expected: `a length such as "30 m" or "400 km"`
}

func (e *Error) Error() string {
	return fmt.Sprintf("%q: %s; want %s", e.Input, e.Problem, e.Want)
}

func (k kind) err(input, problem string) error {
	return &Error{Input: input, Problem: problem, Want: k.want()}
}

func (k kind) want() string {
	article := "a"
	if strings.ContainsRune("aeiou", rune(k.name[0])) {
		article = "an"
	}
	return article + " " + k.name + " such as " + k.example
}

func (k kind) unitList() string {
	names := make([]string, 0, len(k.units))
	for u := range k.units {
		names = append(names, u)
	}
	sort.Strings(names)
	if k.others != "" {
		names = append(names, "or "+k.others)
	}
	return strings.Join(names, ", ")
}

// Length parses a length, "400 km", "30m", "1500 ft", and returns metres.
// Units: m, km, ft, nmi (or NM), mi.
func Length(s string) (float64, error) { return lengthKind.parse(s) }

// Area parses an area or a radar cross section and returns square metres.
// Units: m2, m^2, m², and dBsm, decibels relative to one square metre:
// x dBsm is 10^(x/10) m², so "-10 dBsm" is 0.1 m².
func Area(s string) (float64, error) { return areaKind.parse(s) }

// Duration parses a duration, "0.1 s", "250 ms", "10 min", "2 h", and
// returns seconds.
func Duration(s string) (float64, error) { return durationKind.parse(s) }

// Angle parses an angle and returns radians. Units: deg (or °), rad, mrad.
func Angle(s string) (float64, error) { return angleKind.parse(s) }

// Accel parses an acceleration and returns m/s². Units: m/s2 (m/s^2,
// m/s²) and g, the standard acceleration of gravity, 9.80665 m/s² exactly.
func Accel(s string) (float64, error) { return accelKind.parse(s) }

// Power parses a power and returns watts. Units: W, kW, MW.
func Power(s string) (float64, error) { return powerKind.parse(s) }

// Frequency parses a frequency and returns hertz. Units: Hz, kHz, MHz, GHz.
func Frequency(s string) (float64, error) { return frequencyKind.parse(s) }

// parse reads "number unit" for kind k.
func (k kind) parse(s string) (float64, error) {
	x, unit, err := k.number(s)
	if err != nil {
		return 0, err
	}
	if unit == "" {
		return 0, k.err(s, "no unit")
	}
	f, ok := k.units[unit]
	if !ok {
		return 0, k.err(s, fmt.Sprintf("unknown unit %q (known: %s)", unit, k.unitList()))
	}
	if f == dBsmMarker {
		// A logarithmic figure may be negative: -10 dBsm is a positive area.
		v := math.Pow(10, x/10)
		if math.IsInf(v, 0) {
			return 0, k.err(s, "out of range")
		}
		return v, nil
	}
	if x < 0 && !k.negative {
		return 0, k.err(s, "negative")
	}
	v := x * f
	if math.IsInf(v, 0) {
		return 0, k.err(s, "out of range")
	}
	return v, nil
}

// number splits s into its leading decimal number and the unit text after
// it. It accepts a sign, a fraction and an exponent, and nothing that
// strconv would also take but people do not write as a measurement:
// "NaN", "Inf", hexadecimal, underscores.
func (k kind) number(s string) (x float64, unit string, err error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, "", k.err(s, "empty")
	}
	i := 0
	if t[i] == '+' || t[i] == '-' {
		i++
	}
	digits := 0
	for i < len(t) && isDigit(t[i]) {
		i++
		digits++
	}
	if i < len(t) && t[i] == '.' {
		i++
		for i < len(t) && isDigit(t[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, "", k.err(s, "no number")
	}
	// An exponent only when digits follow: "5 m" has none, "5e3 m" has one.
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		j := i + 1
		if j < len(t) && (t[j] == '+' || t[j] == '-') {
			j++
		}
		if j < len(t) && isDigit(t[j]) {
			for j < len(t) && isDigit(t[j]) {
				j++
			}
			i = j
		}
	}
	x, perr := strconv.ParseFloat(t[:i], 64)
	if perr != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, "", k.err(s, "number out of range")
	}
	return x, strings.TrimSpace(t[i:]), nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// SpeedValue is a parsed speed. A speed written in m/s, km/h, kn or mph is
// fixed; one written as a Mach number is a fraction of the local speed of
// sound and so depends on the altitude: resolve it with At.
type SpeedValue struct {
	v    float64 // m/s, or the Mach number when mach is set
	mach bool
}

// MetresPerSecond makes a fixed speed.
func MetresPerSecond(v float64) SpeedValue { return SpeedValue{v: v} }

// MachNumber makes a speed that is m times the local speed of sound.
func MachNumber(m float64) SpeedValue { return SpeedValue{v: m, mach: true} }

// IsMach reports whether the speed was given as a Mach number.
func (s SpeedValue) IsMach() bool { return s.mach }

// Mach returns the Mach number, or 0 for a fixed speed.
func (s SpeedValue) Mach() float64 {
	if s.mach {
		return s.v
	}
	return 0
}

// At returns the speed in m/s at a height alt (m): the fixed speed, or the
// Mach number times SpeedOfSound(alt).
func (s SpeedValue) At(alt float64) float64 {
	if s.mach {
		return s.v * SpeedOfSound(alt)
	}
	return s.v
}

func (s SpeedValue) String() string {
	if s.mach {
		return "Mach " + strconv.FormatFloat(s.v, 'g', -1, 64)
	}
	return strconv.FormatFloat(s.v, 'g', -1, 64) + " m/s"
}

// Speed parses a speed: "250 m/s", "880 km/h" (also km/hr, kmh, kph),
// "480 kn" (also kt, kts, knot, knots), "550 mph", or a Mach number,
// "Mach 0.8" (also "0.8 Mach" and the aviator's "M0.8"). Speeds are not
// negative. "0.8 M" is refused: after a number, M could as well be
// metres or mega.
func Speed(s string) (SpeedValue, error) {
	k := speedKind
	t := strings.TrimSpace(s)
	prefix := 0
	switch {
	case len(t) >= 4 && strings.EqualFold(t[:4], "mach"):
		prefix = 4
	case strings.HasPrefix(t, "M"):
		prefix = 1
	}
	if prefix > 0 {
		x, rest, err := k.number(t[prefix:])
		if err != nil {
			return SpeedValue{}, k.err(s, "no Mach number")
		}
		if rest != "" {
			return SpeedValue{}, k.err(s, fmt.Sprintf("unexpected %q after the Mach number", rest))
		}
		return mach(s, x)
	}
	x, unit, err := k.number(t)
	if err != nil {
		return SpeedValue{}, k.err(s, err.(*Error).Problem)
	}
	if strings.EqualFold(unit, "mach") {
		return mach(s, x)
	}
	v, err := k.parse(t)
	if err != nil {
		return SpeedValue{}, k.err(s, err.(*Error).Problem)
	}
	return MetresPerSecond(v), nil
}

func mach(s string, x float64) (SpeedValue, error) {
	switch {
	case x < 0:
		return SpeedValue{}, speedKind.err(s, "negative")
	case math.IsInf(x*SpeedOfSound(lowestZ), 0):
		return SpeedValue{}, speedKind.err(s, "out of range")
	}
	return MachNumber(x), nil
}

// FromDB converts decibels to a power ratio: 10^(db/10).
func FromDB(db float64) float64 { return math.Pow(10, db/10) }

// ToDB converts a power ratio to decibels: 10 log10(ratio).
func ToDB(ratio float64) float64 { return 10 * math.Log10(ratio) }

var ratioKind = kind{"ratio", `"13 dB" or "20"`, map[string]float64{"dB": 0}, true, ""}

// Ratio parses a power ratio: either decibels, "13 dB" (a ratio of
// 10^1.3, about 19.95), or a plain number, "20", which is the ratio
// itself. A ratio is the one quantity that needs no unit. A plain ratio
// may not be negative; a decibel figure may.
func Ratio(s string) (float64, error) {
	k := ratioKind
	x, unit, err := k.number(s)
	if err != nil {
		return 0, err
	}
	switch unit {
	case "":
		if x < 0 {
			return 0, k.err(s, "negative")
		}
		return x, nil
	case "dB":
		v := FromDB(x)
		if math.IsInf(v, 0) {
			return 0, k.err(s, "out of range")
		}
		return v, nil
	}
	return 0, k.err(s, fmt.Sprintf("unknown unit %q (known: dB, or none)", unit))
}
