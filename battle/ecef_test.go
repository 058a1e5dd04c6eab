package battle

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/track"
)

// TestPredictECEFCovariance: the battle manager's track covariance is
// the tracker's, predicted to the decision's time, turned from the
// unit's east-north-up frame into ECEF, Rᵀ C R block by block: within
// 1e-12 of the largest entry of gonum's product (R is orthonormal) and,
// bit for bit, the sum over k and l of r_ki C_kl r_lj that the battle
// manager has always been given (the products made once a block change
// nothing). Tracks at four places on the earth, each with a covariance
// of its own correlations.
func TestPredictECEFCovariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 7))
	for _, at := range []geo.LLA{geo.Deg(43.9, -69.95, 30), geo.Deg(-33.9, 151.2, 10), geo.Deg(0, 0, 0), geo.Deg(78.2, 15.6, 500)} {
		f := geo.NewFrame(at)
		imm := &track.IMM{Models: []int{track.ModeCV}, AccelNoise: 1}
		u := &unit{frame: f, filter: imm}
		// A covariance L Lᵀ with L random: positive definite, every
		// entry correlated.
		var l, c [36]float64
		for i := range l {
			l[i] = rng.NormFloat64() * 40
		}
		for i := range 6 {
			for j := range 6 {
				for k := range 6 {
					c[6*i+j] += l[6*i+k] * l[6*j+k]
				}
			}
		}
		tk := track.Track{ID: 3, T: 10, X: [6]float64{20e3, -15e3, 4000, 200, 50, -3}, P: c}
		bt := u.predictECEF(tk, 12)
		p := tk
		imm.Predict(&p, 12)
		r := f.Rotation()
		var want [36]float64
		for bi := range 2 {
			for bj := range 2 {
				for i := range 3 {
					for j := range 3 {
						var sum float64
						for k := range 3 {
							for l := range 3 {
								sum += r[3*k+i] * p.P[6*(3*bi+k)+3*bj+l] * r[3*l+j]
							}
						}
						want[6*(3*bi+i)+3*bj+j] = sum
					}
				}
			}
		}
		for i := range want {
			if math.Float64bits(bt.Cov[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%v: covariance entry %d %v, the sum over k and l %v", at, i, bt.Cov[i], want[i])
			}
		}
		// gonum: T = blockdiag(R, R), Cov = Tᵀ P T.
		tm := mat.NewDense(6, 6, nil)
		for b := range 2 {
			for i := range 3 {
				for j := range 3 {
					tm.Set(3*b+i, 3*b+j, r[3*i+j])
				}
			}
		}
		var tp, g mat.Dense
		tp.Mul(tm.T(), mat.NewDense(6, 6, p.P[:]))
		g.Mul(&tp, tm)
		scale := mat.Norm(&g, math.Inf(1))
		for i := range 6 {
			for j := range 6 {
				if d := math.Abs(bt.Cov[6*i+j] - g.At(i, j)); d > 1e-12*scale {
					t.Errorf("%v: covariance (%d,%d) %v, gonum's %v", at, i, j, bt.Cov[6*i+j], g.At(i, j))
				}
			}
		}
		for i := range 3 {
			for j := range 3 {
				if bt.PosCov[3*i+j] != bt.Cov[6*i+j] {
					t.Errorf("%v: position covariance (%d,%d) %v, the covariance's %v", at, i, j, bt.PosCov[3*i+j], bt.Cov[6*i+j])
				}
			}
		}
		if pos := f.FromENU(r3.Vec{X: p.X[0], Y: p.X[1], Z: p.X[2]}); bt.Pos != pos {
			t.Errorf("%v: position %v, want %v", at, bt.Pos, pos)
		}
	}
}
