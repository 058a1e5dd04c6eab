package track

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/iadsim/iadsim/internal/golden"
	"github.com/iadsim/iadsim/track/assign"
)

// Centralised fusion needs nothing here: give one Tracker all the
// sensors and call Scan for each sensor's scan as it comes, at whatever
// rate each sensor has. The functions below serve the other
// architecture, where each sensor keeps its own tracks and a fusion
// centre combines them.

// AssociateTracks pairs the tracks of two sensors that estimate the same
// targets (track-to-track association, Bar-Shalom, Willett and Tian,
// Tracking and Data Fusion, 2011, §8.2). Both lists must hold states at
// the same time and in the same frame. The test statistic of a pair is
// the squared Mahalanobis distance of the difference of their position
// and velocity, Δᵀ(Pa + Pb)⁻¹Δ, chi-square with 6 degrees of freedom
// when both track one target and their errors are independent (their
// cross-covariance is neglected, which makes the gate slightly too
// wide); pairs beyond the gateProb quantile are forbidden, and the pairs
// are chosen by optimal assignment on ½d² + ½ln det(Pa+Pb). aToB[i] is
// the index in b of a[i]'s partner, or -1.
func AssociateTracks(a, b []Track, gateProb float64) (aToB []int, err error) {
	if !(gateProb > 0 && gateProb < 1) {
		return nil, fmt.Errorf("track: AssociateTracks: gate probability %v, want (0, 1)", gateProb)
	}
	gate := distuv.ChiSquared{K: 6}.Quantile(gateProb)
	cost := make([]float64, len(a)*len(b))
	for i := range a {
		for k := range b {
			cost[i*len(b)+k] = math.Inf(1)
			var s mat.SymDense
			s.AddSym(mat.NewSymDense(6, a[i].P[:]), mat.NewSymDense(6, b[k].P[:]))
			var ch mat.Cholesky
			if !ch.Factorize(&s) {
				continue
			}
			d := make([]float64, 6)
			for j := range d {
				d[j] = a[i].X[j] - b[k].X[j]
			}
			dv := mat.NewVecDense(6, d)
			var sol mat.VecDense
			if err := ch.SolveVecTo(&sol, dv); err != nil {
				continue
			}
			if d2 := mat.Dot(dv, &sol); d2 <= gate {
				cost[i*len(b)+k] = 0.5 * (d2 + ch.LogDet())
			}
		}
	}
	r, _, err := assign.Solve(cost, len(a), len(b))
	return r, err
}

// FuseCI fuses two estimates of one target whose correlation is unknown
// by covariance intersection (S. J. Julier and J. K. Uhlmann, "A
// non-divergent estimation algorithm in the presence of unknown
// correlations", ACC 1997): P⁻¹ = ω Pa⁻¹ + (1-ω) Pb⁻¹,
// x = P(ω Pa⁻¹ xa + (1-ω) Pb⁻¹ xb), with ω in [0, 1] chosen to minimise
// det P (golden-section search; ln det P is convex in ω). The result is
// consistent for any cross-correlation, at the price of being more
// cautious than the optimal fusion when the estimates are independent.
// The fused track takes a's identity, status and time.
func FuseCI(a, b Track) (Track, error) {
	ia, err := inverse6(&a.P)
	if err != nil {
		return a, fmt.Errorf("track: FuseCI: first covariance: %w", err)
	}
	ib, err := inverse6(&b.P)
	if err != nil {
		return a, fmt.Errorf("track: FuseCI: second covariance: %w", err)
	}
	logDet := func(w float64) float64 {
		var s mat.SymDense
		s.AddSym(scaledSym(ia, w), scaledSym(ib, 1-w))
		var ch mat.Cholesky
		if !ch.Factorize(&s) {
			return math.Inf(1)
		}
		return -ch.LogDet()
	}
	// ln det P is convex in ω: a golden-section search on [0, 1], to
	// well under any ω that changes the fused covariance's digits.
	w, best := golden.Search(logDet, 0, 1, 1e-12, nil).Least()
	// The ends are candidates too: CI may keep one estimate alone.
	bw := w
	for _, e := range []float64{0, 1} {
		if v := logDet(e); v < best {
			best, bw = v, e
		}
	}
	return fuseInfo(a, b, scaledSym(ia, bw), scaledSym(ib, 1-bw))
}

// FuseBC fuses two estimates of one target with known cross-covariance
// Pab = E[(xa - x)(xb - x)ᵀ] (row-major 6×6) by the formula of
// Y. Bar-Shalom and L. Campo ("The effect of the common process noise on
// the two-sensor fused-track covariance", IEEE Trans. AES 22(6), 1986):
//
//	x = xa + (Pa - Pab)(Pa + Pb - Pab - Pba)⁻¹(xb - xa),
//	P = Pa - (Pa - Pab)(Pa + Pb - Pab - Pba)⁻¹(Pa - Pba),
//
// the linear minimum-variance combination. With Pab = 0 it is the
// information-weighted mean of independent estimates. The fused track
// takes a's identity, status and time.
func FuseBC(a, b Track, pab [36]float64) (Track, error) {
	pa := mat.NewDense(6, 6, a.P[:])
	pb := mat.NewDense(6, 6, b.P[:])
	cab := mat.NewDense(6, 6, pab[:])
	var d mat.Dense // Pa + Pb - Pab - Pba
	d.Add(pa, pb)
	d.Sub(&d, cab)
	d.Sub(&d, cab.T())
	var gain mat.Dense // (Pa - Pab) D⁻¹
	var pmab mat.Dense
	pmab.Sub(pa, cab)
	var dinv mat.Dense
	if err := dinv.Inverse(&d); err != nil {
		return a, fmt.Errorf("track: FuseBC: Pa + Pb - Pab - Pba is singular: %w", err)
	}
	gain.Mul(&pmab, &dinv)
	diff := make([]float64, 6)
	for i := range diff {
		diff[i] = b.X[i] - a.X[i]
	}
	var dx mat.VecDense
	dx.MulVec(&gain, mat.NewVecDense(6, diff))
	var pmba mat.Dense
	pmba.Sub(pa, cab.T())
	var corr mat.Dense
	corr.Mul(&gain, &pmba)
	out := a
	for i := range 6 {
		out.X[i] += dx.AtVec(i)
		for j := range 6 {
			out.P[i*6+j] = a.P[i*6+j] - (corr.At(i, j)+corr.At(j, i))/2
		}
	}
	out.ext, out.Mode = nil, nil
	return out, nil
}

// fuseInfo returns the estimate with information ia + ib from a and b
// weighted by the information matrices ia and ib.
func fuseInfo(a, b Track, ia, ib *mat.SymDense) (Track, error) {
	var info mat.SymDense
	info.AddSym(ia, ib)
	var ch mat.Cholesky
	if !ch.Factorize(&info) {
		return a, errors.New("track: fused information not positive definite")
	}
	var p mat.SymDense
	if err := ch.InverseTo(&p); err != nil {
		return a, err
	}
	var ya, yb mat.VecDense
	ya.MulVec(ia, mat.NewVecDense(6, a.X[:]))
	yb.MulVec(ib, mat.NewVecDense(6, b.X[:]))
	ya.AddVec(&ya, &yb)
	var x mat.VecDense
	x.MulVec(&p, &ya)
	out := a
	for i := range 6 {
		out.X[i] = x.AtVec(i)
		for j := range 6 {
			out.P[i*6+j] = p.At(i, j)
		}
	}
	out.ext, out.Mode = nil, nil
	return out, nil
}

func inverse6(p *[36]float64) (*mat.SymDense, error) {
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(6, p[:])) {
		return nil, errors.New("not positive definite")
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		return nil, err
	}
	return &inv, nil
}

func scaledSym(a *mat.SymDense, w float64) *mat.SymDense {
	var s mat.SymDense
	s.ScaleSym(w, a)
	return &s
}
