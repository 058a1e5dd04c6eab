package catalog

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// A Figure is one published (or assumed) number about an entry, kept with its
// unit and its source so that a result can always be traced back to who
// claimed it.
//
// A numeric figure has a Nominal value and, when sources disagree or the value
// is uncertain, a range [Min, Max] with Min <= Nominal <= Max (HasRange is
// true). A text figure (a role, a band, a guidance method) has Text set and no
// numbers. Values are stored in the unit the source used; SI and Value convert.
type Figure struct {
	Key      string  // figure key, such as "max_range" or "rcs"
	Nominal  float64 // the value a model uses by default, in Unit
	Min, Max float64 // the carried spread, in Unit; both equal Nominal when !HasRange
	HasRange bool    // Min or Max was given
	Unit     string  // "km", "m/s", "m2", "deg", "g", ..., "" for dimensionless
	Text     string  // value of a text figure; empty for a numeric one
	Source   string  // URL or publication, or "assumption: <reasoning>" when V is "U"
	V        string  // verification key: V, Q, S or U (see Verification)
	Note     string  // caveat, wording of the source, or the disagreement
	Claims   []Claim // individual public values behind a disputed figure
}

// A Claim is one public value for a figure, in the figure's unit, with its
// own source. Claims show where a range comes from; a claim may lie outside
// the carried range when it is listed only to be set aside (its Note says so).
type Claim struct {
	Value  float64
	Source string
	V      string
	Note   string
}

// Verification keys, as in shared/reference/public-figures.yaml.
const (
	Verified   = "V" // read in the source's own text
	Quoted     = "Q" // read as a verbatim quote, with the URL, in a third-party compilation
	Secondary  = "S" // secondary compilation (research notes in public repositories)
	Unverified = "U" // not verified: a placeholder or an assumption, exposed as a parameter
)

// IsText reports whether f is a text figure.
func (f Figure) IsText() bool { return f.Text != "" }

// SI returns the nominal value and the range of f converted to SI units
// (km to m, deg to rad, g to m/s², dBsm to m², km/h to m/s, min to s, ...).
// Without a range, min and max equal nominal. It fails for a text figure or
// an unknown unit.
func (f Figure) SI() (nominal, min, max float64, err error) {
	if f.IsText() {
		return 0, 0, 0, fmt.Errorf("figure %s: text figure %q has no SI value", f.Key, f.Text)
	}
	u, ok := lookupUnit(f.Unit)
	if !ok {
		return 0, 0, 0, fmt.Errorf("figure %s: unknown unit %q", f.Key, f.Unit)
	}
	lo, hi := f.Nominal, f.Nominal
	if f.HasRange {
		lo, hi = f.Min, f.Max
	}
	return u.toSI(f.Nominal), u.toSI(lo), u.toSI(hi), nil
}

// SIUnit returns the SI unit that SI and Value convert f to: "m", "m/s",
// "m2", "s", "rad", "m/s2", "kg", "Hz", or "" for a dimensionless or text figure.
func (f Figure) SIUnit() string {
	if f.IsText() {
		return ""
	}
	u, ok := lookupUnit(f.Unit)
	if !ok {
		return ""
	}
	return [...]string{dimNone: "", dimLength: "m", dimSpeed: "m/s", dimArea: "m2", dimTime: "s",
		dimAngle: "rad", dimAccel: "m/s2", dimMass: "kg", dimFrequency: "Hz", dimText: ""}[u.dim]
}

// ParseDraw returns the Draw named s: "nominal", "low", "high", "sample" or
// "uniform", the names String gives.
func ParseDraw(s string) (Draw, bool) {
	for d := Nominal; d <= Uniform; d++ {
		if d.String() == s {
			return d, true
		}
	}
	return 0, false
}

// Draw says which value of a figure a model takes.
type Draw int

const (
	// Nominal takes the nominal value.
	Nominal Draw = iota
	// Low takes the low end of the range (the nominal value if there is none).
	Low
	// High takes the high end of the range.
	High
	// Sample draws from the triangular distribution on [Min, Max] with its
	// mode at Nominal: every carried value is possible, the nominal one the
	// most likely.
	Sample
	// Uniform draws uniformly from [Min, Max]: no value in the range is
	// preferred, for figures whose nominal value is itself a guess.
	Uniform
)

// String returns the lower-case name of d.
func (d Draw) String() string {
	switch d {
	case Nominal:
		return "nominal"
	case Low:
		return "low"
	case High:
		return "high"
	case Sample:
		return "sample"
	case Uniform:
		return "uniform"
	}
	return fmt.Sprintf("Draw(%d)", int(d))
}

// Value returns the value of f chosen by mode, in SI units.
//
// Sample and Uniform draw in the figure's own unit before converting, so a
// figure written in dBsm is sampled in decibels (log-uniform in m²). They
// take exactly one number from rng whether or not f has a range, so that
// giving one figure a range in the data does not shift every later draw of a
// seeded run. With a nil rng they return the nominal value.
//
// Value returns NaN for a text figure or an unknown unit.
func (f Figure) Value(mode Draw, rng *rand.Rand) float64 {
	if f.IsText() {
		return math.NaN()
	}
	u, ok := lookupUnit(f.Unit)
	if !ok {
		return math.NaN()
	}
	lo, hi := f.Nominal, f.Nominal
	if f.HasRange {
		lo, hi = f.Min, f.Max
	}
	x := f.Nominal
	switch mode {
	case Low:
		x = lo
	case High:
		x = hi
	case Sample, Uniform:
		if rng == nil {
			break
		}
		p := rng.Float64()
		if mode == Uniform {
			x = lo + p*(hi-lo)
		} else {
			x = triangular(lo, f.Nominal, hi, p)
		}
	}
	return u.toSI(x)
}

// triangular is the inverse distribution function of the triangular
// distribution on [a, b] with mode c, at probability p in [0, 1).
func triangular(a, c, b, p float64) float64 {
	w := b - a
	if w <= 0 {
		return c
	}
	if p < (c-a)/w {
		return a + math.Sqrt(p*w*(c-a))
	}
	return b - math.Sqrt((1-p)*w*(b-c))
}

// dimension is what a unit measures; a figure key expects one.
type dimension int

const (
	dimNone dimension = iota // dimensionless: counts, probabilities, ratios
	dimLength
	dimSpeed
	dimArea
	dimTime
	dimAngle
	dimAccel
	dimMass
	dimFrequency
	dimText // not a unit: the figure carries text
)

func (d dimension) String() string {
	return [...]string{"dimensionless", "length", "speed", "area", "time", "angle", "acceleration", "mass", "frequency", "text"}[d]
}

// unit converts values written in one unit to SI. Every unit is linear
// (SI = value × scale) except dBsm, which is 10^(value/10) m².
type unit struct {
	dim   dimension
	scale float64
	db    bool
}

func (u unit) toSI(x float64) float64 {
	if u.db {
		return math.Pow(10, x/10)
	}
	return x * u.scale
}

// standardGravity is g0 in m/s² (CGPM 1901, exact).
const standardGravity = 9.80665

// lookupUnit returns the conversion for a unit name. The table is small on
// purpose: it holds the units the public figures are written in, each one
// that the units package also reads (TestUnitsAgree), so that a figure can
// be copied into a scenario as written. Exact
// definitions: international foot 0.3048 m, nautical mile 1852 m, statute
// mile 1609.344 m, knot 1852 m/h.
func lookupUnit(name string) (unit, bool) {
	switch name {
	case "":
		return unit{dimNone, 1, false}, true
	case "m":
		return unit{dimLength, 1, false}, true
	case "km":
		return unit{dimLength, 1000, false}, true
	case "ft":
		return unit{dimLength, 0.3048, false}, true
	case "nmi":
		return unit{dimLength, 1852, false}, true
	case "m/s":
		return unit{dimSpeed, 1, false}, true
	case "km/h":
		return unit{dimSpeed, 1000.0 / 3600, false}, true
	case "mph":
		return unit{dimSpeed, 1609.344 / 3600, false}, true
	case "kn":
		return unit{dimSpeed, 1852.0 / 3600, false}, true
	case "m2":
		return unit{dimArea, 1, false}, true
	case "dBsm":
		return unit{dimArea, 1, true}, true
	case "s":
		return unit{dimTime, 1, false}, true
	case "min":
		return unit{dimTime, 60, false}, true
	case "h":
		return unit{dimTime, 3600, false}, true
	case "deg":
		return unit{dimAngle, math.Pi / 180, false}, true
	case "rad":
		return unit{dimAngle, 1, false}, true
	case "mrad":
		return unit{dimAngle, 1e-3, false}, true
	case "g":
		return unit{dimAccel, standardGravity, false}, true
	case "m/s2":
		return unit{dimAccel, 1, false}, true
	case "kg":
		return unit{dimMass, 1, false}, true
	case "Hz":
		return unit{dimFrequency, 1, false}, true
	case "kHz":
		return unit{dimFrequency, 1e3, false}, true
	case "MHz":
		return unit{dimFrequency, 1e6, false}, true
	case "GHz":
		return unit{dimFrequency, 1e9, false}, true
	}
	return unit{}, false
}

// unitNames lists the units lookupUnit knows, for error messages.
const unitNames = `"", m, km, ft, nmi, m/s, km/h, mph, kn, m2, dBsm, s, min, h, deg, rad, mrad, g, m/s2, kg, Hz, kHz, MHz, GHz`
