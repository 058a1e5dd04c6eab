package mc

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Confidence is the coverage of every interval this package reports.
const Confidence = 0.95

// Methods named in the estimates.
const (
	MethodWilson   = "wilson"    // Wilson score interval for a binomial proportion
	MethodStudentT = "student-t" // mean ± t(n-1) · s/√n
	MethodSpearman = "spearman"  // rank correlation, ties given their mean rank
)

// Interval is an estimate with its confidence interval.
type Interval struct {
	Estimate float64 `json:"estimate"`
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
	Method   string  `json:"method"`
}

// HalfWidth is half the interval's width, the "±" an analyst quotes.
func (iv Interval) HalfWidth() float64 { return (iv.Hi - iv.Lo) / 2 }

// Wilson returns the Wilson score interval for a binomial proportion
// after k successes in n independent trials, at confidence conf:
//
//	(p̂ + z²/2n ± z·√(p̂(1-p̂)/n + z²/4n²)) / (1 + z²/n)
//
// with z the normal quantile at (1+conf)/2. Unlike the textbook p̂ ± z·se
// it stays inside [0, 1] and keeps close to its nominal coverage for
// small n and for p near 0 or 1, where Monte Carlo leak probabilities
// often are (Wilson 1927; Brown, Cai and DasGupta 2001). With n = 0 the
// interval is [0, 1].
func Wilson(k, n int, conf float64) Interval {
	if n <= 0 {
		return Interval{Estimate: 0, Lo: 0, Hi: 1, Method: MethodWilson}
	}
	z := distuv.UnitNormal.Quantile((1 + conf) / 2)
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	// At k = 0 or k = n one bound is exactly 0 or 1; rounding must not
	// move it off.
	lo, hi := math.Max(0, centre-half), math.Min(1, centre+half)
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return Interval{Estimate: p, Lo: lo, Hi: hi, Method: MethodWilson}
}

// MeanT returns the sample mean of x and its Student t interval at
// confidence conf, mean ± t(n-1) · s/√n, with s the sample standard
// deviation (n-1 in the denominator). The interval assumes the mean is
// close to normal, which the central limit theorem gives for the sums and
// counts of a batch of a few dozen runs or more. With fewer than two
// values the interval is the mean itself.
func MeanT(x []float64, conf float64) (iv Interval, sd float64) {
	iv.Method = MethodStudentT
	n := len(x)
	if n == 0 {
		return iv, 0
	}
	iv.Estimate = sum(x) / float64(n)
	if n < 2 {
		iv.Lo, iv.Hi = iv.Estimate, iv.Estimate
		return iv, 0
	}
	var ss float64
	for _, v := range x {
		d := v - iv.Estimate
		ss += d * d
	}
	sd = math.Sqrt(ss / float64(n-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile((1 + conf) / 2)
	half := t * sd / math.Sqrt(float64(n))
	iv.Lo, iv.Hi = iv.Estimate-half, iv.Estimate+half
	return iv, sd
}

// sum adds in index order, so the result is the same wherever it is
// computed.
func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

// Spearman returns the rank correlation of x and y: the Pearson
// correlation of their ranks, tied values sharing their mean rank. It is
// 0 when either has no spread (nothing to correlate) or the lengths
// differ or are below two.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return 0
	}
	rx, ry := ranks(x), ranks(y)
	r := stat.Correlation(rx, ry, nil)
	if math.IsNaN(r) {
		return 0
	}
	return r
}

// ranks gives each value its 1-based rank, ties their mean rank.
func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for m := i; m <= j; m++ {
			r[idx[m]] = mean
		}
		i = j + 1
	}
	return r
}
