package geo

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// The squares' sum is taken as it is between normLow and normHigh. Below
// normLow a square may have lost bits to underflow that the sum still
// needs (the smallest normal square is 2⁻¹⁰²², and a sum of 2⁻⁹⁰⁰ has
// its last bit at 2⁻⁹⁵²: what a subnormal square loses is below half of
// it); above normHigh a square may have overflowed. Outside, math.Hypot
// scales the components first and is exact there.
const (
	normLow  = 0x1p-900
	normHigh = 0x1p+900
)

// Hypot is √(x² + y²), the length of the vector (x, y), within an ulp of
// the exact value (math.Hypot is within 2), for a fraction of its cost.
//
// math.Hypot divides the smaller component by the larger before squaring
// so that no square overflows or underflows, whatever the magnitudes: a
// division and its dependency chain on every call. The lengths of a
// simulation are metres and metres a second (at most 10⁹, squares of
// 10¹⁸) and sines and cosines (at most 1), far inside the lengths of
// 10⁻¹³⁵ to 10¹³⁵ (sums of squares of 2⁻⁹⁰⁰ to 2⁹⁰⁰) where no square
// loses a bit to underflow or overflows: there the squares and their sum
// are rounded once each and the correctly rounded root halves their
// error, which keeps it within an ulp where Hypot's quotient, square and
// product take up to two. Outside that range (a geodesic's tiny sines at
// a pole, an infinite or NaN component) Hypot is math.Hypot, with its
// special cases: Hypot(±Inf, NaN) = +Inf.
func Hypot(x, y float64) float64 {
	if s := x*x + y*y; s >= normLow && s <= normHigh {
		return math.Sqrt(s)
	}
	return hypotScaled(x, y)
}

// hypotScaled is math.Hypot, kept out of line so that Hypot's common
// case is inlined where it is called.
//
//go:noinline
func hypotScaled(x, y float64) float64 { return math.Hypot(x, y) }

// Norm is the Euclidean length of v, |v| = √(x² + y² + z²), within an ulp
// of the exact value as Hypot is. gonum's r3.Norm takes two math.Hypot
// calls for it (and is within 2 or 3 ulp); Norm takes one square root
// for lengths between 10⁻¹³⁵ and 10¹³⁵ (metres and metres a second are
// never outside), and is r3.Norm outside, with its special cases.
func Norm(v r3.Vec) float64 {
	if s := v.X*v.X + v.Y*v.Y + v.Z*v.Z; s >= normLow && s <= normHigh {
		return math.Sqrt(s)
	}
	return normScaled(v)
}

// normScaled is r3.Norm, out of line as hypotScaled is.
//
//go:noinline
func normScaled(v r3.Vec) float64 { return r3.Norm(v) }
