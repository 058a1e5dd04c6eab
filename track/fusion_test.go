package track

import (
	"math"
	"testing"
)

func diagTrack(x [6]float64, v [6]float64) Track {
	tk := Track{X: x}
	for i := range 6 {
		tk.P[i*6+i] = v[i]
	}
	return tk
}

// TestFuseBC checks Bar-Shalom-Campo fusion against its scalar closed
// forms per axis: with variances σa², σb² and cross-covariance c,
// x = xa + (σa² - c)(xb - xa)/(σa² + σb² - 2c) and
// σ² = σa² - (σa² - c)²/(σa² + σb² - 2c); with c = 0 the
// information-weighted mean, and with equal variances σ² and correlation
// ρ the variance σ²(1+ρ)/2.
func TestFuseBC(t *testing.T) {
	a := diagTrack([6]float64{0, 10, 20, 1, 2, 3}, [6]float64{4, 4, 9, 1, 1, 2})
	b := diagTrack([6]float64{6, 16, 26, 3, 4, 5}, [6]float64{12, 4, 9, 3, 1, 2})
	var pab [36]float64
	rho := []float64{0, 0.5, 0.3, 0, -0.2, 0.9}
	for i := range 6 {
		pab[i*6+i] = rho[i] * math.Sqrt(a.P[i*6+i]*b.P[i*6+i])
	}
	f, err := FuseBC(a, b, pab)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		va, vb, c := a.P[i*6+i], b.P[i*6+i], pab[i*6+i]
		d := va + vb - 2*c
		wantX := a.X[i] + (va-c)*(b.X[i]-a.X[i])/d
		wantP := va - (va-c)*(va-c)/d
		if math.Abs(f.X[i]-wantX) > 1e-9 || math.Abs(f.P[i*6+i]-wantP) > 1e-9 {
			t.Errorf("axis %d: x %g P %g, want %g %g", i, f.X[i], f.P[i*6+i], wantX, wantP)
		}
	}
	// Equal variances 4, ρ = 0.5 on axis 1: 4·1.5/2 = 3.
	if math.Abs(f.P[7]-3) > 1e-9 {
		t.Errorf("equal variances, ρ = 0.5: %g, want 3", f.P[7])
	}
}

// TestFuseCI checks covariance intersection against closed forms: two
// estimates with covariances diag(1, 4) and diag(4, 1) are fused with
// ω = 1/2 by symmetry, P = (½diag(1, ¼) + ½diag(¼, 1))⁻¹ = 1.6 I; and
// two identical estimates fuse to themselves.
func TestFuseCI(t *testing.T) {
	a := diagTrack([6]float64{0, 0, 0, 0, 0, 0}, [6]float64{1, 4, 1, 4, 1, 4})
	b := diagTrack([6]float64{2, 2, 2, 2, 2, 2}, [6]float64{4, 1, 4, 1, 4, 1})
	f, err := FuseCI(a, b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		// x = P(½ a⁻¹xa + ½ b⁻¹xb) = 1.6·½·xb/σb².
		wantX := 1.6 * 0.5 * 2 / b.P[i*6+i]
		if math.Abs(f.P[i*6+i]-1.6) > 1e-6 || math.Abs(f.X[i]-wantX) > 1e-6 {
			t.Errorf("axis %d: x %g P %g, want %g 1.6", i, f.X[i], f.P[i*6+i], wantX)
		}
	}
	same, err := FuseCI(a, a)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 36 {
		if math.Abs(same.P[i]-a.P[i]) > 1e-9 {
			t.Fatalf("CI(a, a) P = %v, want a's", same.P)
		}
	}
}

// TestAssociateTracks pairs two sensors' tracks of three targets given
// in another order, with a fourth track seen by one sensor only.
func TestAssociateTracks(t *testing.T) {
	v := [6]float64{100, 100, 100, 25, 25, 25}
	a := []Track{
		diagTrack([6]float64{0, 0, 1000, 200, 0, 0}, v),
		diagTrack([6]float64{5000, 0, 1000, 0, 200, 0}, v),
		diagTrack([6]float64{0, 5000, 1000, -200, 0, 0}, v),
		diagTrack([6]float64{50e3, 5000, 1000, 0, 0, 0}, v),
	}
	b := []Track{
		diagTrack([6]float64{10, 5010, 990, -195, 3, 0}, v),
		diagTrack([6]float64{-12, 8, 1004, 204, -2, 1}, v),
		diagTrack([6]float64{4990, -5, 1010, 2, 197, 0}, v),
	}
	got, err := AssociateTracks(a, b, 0.999)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{1, 2, 0, -1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("aToB %v, want %v", got, want)
		}
	}
}
