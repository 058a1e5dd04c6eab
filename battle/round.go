package battle

import (
	"math"
	"strconv"
)

// round keeps output files to the precision that means something (q is a
// power of ten), so they stay small and readable; it changes no
// computation. Its value is that of the decimal text of x to the digits
// of q read back (roundText), so that 44.8424490 does not come out as
// 44.842448999999995, and -0 comes out as 0.
//
// The text is made only where arithmetic could disagree with it. With p
// = 10^d exact (d <= 22), y = x*p is within half an ulp of the exact
// product; r = math.Round(y) is the digit string's integer wherever the
// exact product is not within that error of a half (where math.Round,
// half away from zero, and the text's correctly rounded digits could
// part), and r is exact below 2^52. Then r/p, one correctly rounded IEEE
// division of two exact numbers, is the double nearest the decimal r/p:
// what ParseFloat gives for it. Every position and detection of the
// record is rounded, so the text, a tenth of a microsecond, was 2.5% of
// a batch's CPU.
func round(x, q float64) float64 {
	d := roundDigits(q)
	if d > 22 {
		return roundText(x, d) // 10^d is not a double
	}
	p := math.Pow10(d) // exact
	y := x * p
	if !(math.Abs(y) < 1<<52) { // huge, Inf or NaN
		return roundText(x, d)
	}
	// The fraction of y is exact; its distance from a half against the
	// product's error (half an ulp of y, at most |y|*2^-53), with a
	// factor of two to spare.
	if f := math.Abs(y - math.Trunc(y)); math.Abs(f-0.5) <= math.Abs(y)*0x1p-52 {
		return roundText(x, d)
	}
	v := math.Round(y) / p
	if v == 0 {
		return 0 // not -0
	}
	return v
}

// roundText is round through decimal text: x formatted to d digits after
// the point, read back. It is round's definition, and its way where
// arithmetic is not sure of the digits.
func roundText(x float64, d int) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', d, 64), 64)
	if err != nil {
		return x // NaN and ±Inf format and read back; nothing else fails
	}
	if v == 0 {
		return 0 // not -0
	}
	return v
}

// roundDigits is the number of decimals of q, a power of ten: 0 for q >=
// 1. The record's quanta are looked up; any other q is counted by its
// logarithm, as round always did.
func roundDigits(q float64) int {
	switch q {
	case 0.1:
		return 1
	case 0.01:
		return 2
	case 1e-4:
		return 4
	case 1e-6:
		return 6
	case 1e-7:
		return 7
	}
	return int(math.Max(0, math.Round(-math.Log10(q))))
}
