package bm

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/spatial/r3"
	"gonum.org/v1/gonum/stat/distuv"
)

func TestSameTargetGateIsChiSquare(t *testing.T) {
	// The gate constant is the 99.9% point of chi-square with 3 dof.
	want := distuv.ChiSquared{K: 3}.Quantile(0.999)
	if math.Abs(SameTargetGate-want) > 1e-3 {
		t.Fatalf("SameTargetGate %v, chi-square(3) 99.9%% point %v", SameTargetGate, want)
	}
}

func TestSameTargetMahalanobis(t *testing.T) {
	// Diagonal covariances: the distance is Σ d_i² / (σa_i² + σb_i²).
	a := Track{Pos: r3.Vec{X: 1000, Y: 2000, Z: 300}, PosCov: [9]float64{100, 0, 0, 0, 400, 0, 0, 0, 900}}
	b := Track{Pos: r3.Vec{X: 1030, Y: 1960, Z: 300}, PosCov: [9]float64{200, 0, 0, 0, 400, 0, 0, 0, 100}}
	want := 30.0*30/300 + 40.0*40/800
	ok, d2 := SameTarget(a, b, SameTargetGate)
	if math.Abs(d2-want) > 1e-12 || !ok {
		t.Fatalf("d² = %v (ok %v), want %v", d2, ok, want)
	}
	b.Pos = r3.Vec{X: 1200, Y: 2000, Z: 300}
	if ok, _ := SameTarget(a, b, SameTargetGate); ok {
		t.Fatal("200 m apart with 17 m sigma taken for one target")
	}
}

// TestSameTargetAgainstGonum checks the cofactor inverse against gonum's
// Cholesky solve on random positive definite covariances.
func TestSameTargetAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 200; k++ {
		var a, b [9]float64
		for _, c := range []*[9]float64{&a, &b} {
			g := mat.NewDense(3, 3, nil)
			for i := 0; i < 3; i++ {
				for j := 0; j < 3; j++ {
					g.Set(i, j, rng.NormFloat64()*30)
				}
			}
			var s mat.Dense
			s.Mul(g, g.T())
			for i := 0; i < 3; i++ {
				for j := 0; j < 3; j++ {
					c[3*i+j] = s.At(i, j)
				}
				c[4*i] += 1
			}
		}
		d := r3.Vec{X: rng.NormFloat64() * 50, Y: rng.NormFloat64() * 50, Z: rng.NormFloat64() * 50}
		_, got := SameTarget(Track{Pos: d, PosCov: a}, Track{PosCov: b}, SameTargetGate)
		var sum [9]float64
		for i := range sum {
			sum[i] = a[i] + b[i]
		}
		var ch mat.Cholesky
		if !ch.Factorize(mat.NewSymDense(3, sum[:])) {
			t.Fatal("not positive definite")
		}
		var x mat.VecDense
		v := mat.NewVecDense(3, []float64{d.X, d.Y, d.Z})
		if err := ch.SolveVecTo(&x, v); err != nil {
			t.Fatal(err)
		}
		want := mat.Dot(v, &x)
		if math.Abs(got-want) > 1e-9*math.Max(1, want) {
			t.Fatalf("case %d: d² %v, gonum %v", k, got, want)
		}
	}
}

// TestCorrelateRegistration: two tracks of one target, each 30 m sigma,
// 250 m apart by the radars' registration bias, are one target for the
// command post, although SameTarget on the filters' covariances alone
// splits them; 2 km apart they are two.
func TestCorrelateRegistration(t *testing.T) {
	cov := [9]float64{900, 0, 0, 0, 900, 0, 0, 0, 900}
	a := Track{Pos: r3.Vec{X: 1000}, PosCov: cov}
	b := Track{Pos: r3.Vec{X: 1250}, PosCov: cov}
	if same, _ := SameTarget(a, b, SameTargetGate); same {
		t.Fatal("SameTarget took 250 m at 42 m sigma for one target")
	}
	same, d2 := Correlate(a, b)
	want := 250.0 * 250 / (2*900 + RegistrationSigma*RegistrationSigma)
	if !same || math.Abs(d2-want) > 1e-9 {
		t.Fatalf("Correlate: same %v, d² %v, want true, %v", same, d2, want)
	}
	b.Pos.X = 3000
	if same, _ := Correlate(a, b); same {
		t.Fatal("2 km apart taken for one target")
	}
}

// FuzzApart: Apart never separates a pair that Correlate joins, for any
// positions and covariances (symmetric, built as LLᵀ plus a diagonal
// that may be zero, and arbitrary ones).
func FuzzApart(f *testing.F) {
	f.Add(0.0, 0.0, 0.0, 100.0, 50.0, 10.0, 300.0, 0.0, 0.0, false)
	f.Add(5000.0, 0.0, 0.0, 2000.0, 0.0, 0.0, 0.0, 0.0, 0.0, true)
	f.Add(1500.0, -300.0, 20.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, false)
	f.Fuzz(func(t *testing.T, dx, dy, dz, l00, l10, l11, l20, l21, l22 float64, raw bool) {
		for _, v := range []float64{dx, dy, dz, l00, l10, l11, l20, l21, l22} {
			if math.IsNaN(v) || math.Abs(v) > 1e7 {
				t.Skip()
			}
		}
		var c [9]float64
		if raw {
			c = [9]float64{l00, l10, l20, l10, l11, l21, l20, l21, l22}
		} else {
			// L lower triangular; C = L Lᵀ is positive semidefinite.
			l := [9]float64{l00, 0, 0, l10, l11, 0, l20, l21, l22}
			for i := 0; i < 3; i++ {
				for j := 0; j < 3; j++ {
					for k := 0; k < 3; k++ {
						c[3*i+j] += l[3*i+k] * l[3*j+k]
					}
				}
			}
		}
		a := Track{Pos: r3.Vec{X: 4e6, Y: 3e6, Z: 3e6}, PosCov: c}
		b := Track{Pos: r3.Add(a.Pos, r3.Vec{X: dx, Y: dy, Z: dz}), PosCov: c}
		for _, pair := range [][2]Track{{a, b}, {a, Track{Pos: b.Pos}}, {Track{Pos: a.Pos}, Track{Pos: b.Pos}}} {
			same, d2 := Correlate(pair[0], pair[1])
			if same && Apart(pair[0], pair[1]) {
				t.Fatalf("Apart separates a pair Correlate joins (d² %g): %+v %+v", d2, pair[0], pair[1])
			}
		}
	})
}

// TestApartSeparatesFarPairs: the bound is not vacuous: tracks 20 km
// apart with 300 m errors are apart, 200 m apart they are not.
func TestApartSeparatesFarPairs(t *testing.T) {
	c := [9]float64{300 * 300, 0, 0, 0, 300 * 300, 0, 0, 0, 300 * 300}
	a := Track{Pos: r3.Vec{X: 4e6, Y: 3e6, Z: 3e6}, PosCov: c}
	far := Track{Pos: r3.Add(a.Pos, r3.Vec{X: 20e3}), PosCov: c}
	near := Track{Pos: r3.Add(a.Pos, r3.Vec{X: 200}), PosCov: c}
	if !Apart(a, far) {
		t.Errorf("tracks 20 km apart with 300 m errors: not apart")
	}
	if Apart(a, near) {
		t.Errorf("tracks 200 m apart: apart")
	}
}
