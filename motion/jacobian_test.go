package motion

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
)

// TestEarthAccelJacobian checks the closed-form derivatives of
// EarthAccel against its central differences at states from the ground
// to 600 km, speeds to 7 km/s and drag coefficients from none to
// β = 100 kg/m², in both atmospheres. The tolerances lie below the
// smallest term (the centrifugal ω² = 5.3e-9 /s² in the position block,
// the J2 part of the gravity gradient about 1e-8 /s²), so that a
// dropped or wrong term fails, plus 1e-6 of the derivative for the
// differences' own error where the drag's are large (ISA1976's slope is
// itself a difference).
func TestEarthAccelJacobian(t *testing.T) {
	const (
		epsR   = 0.1  // m
		epsV   = 0.01 // m/s
		tolR   = 2e-10
		tolV   = 1e-9
		tolKap = 1e-5 // relative, plus 1e-7 m/s² per m²/kg
	)
	if !(tolR < EarthRate*EarthRate/10) {
		t.Fatal("the position tolerance would not see the centrifugal term")
	}
	rng := rand.New(rand.NewPCG(3, 9))
	worst := [3]float64{}
	for n := range 400 {
		atm := Exponential
		alt := rng.Float64() * 600e3
		if n%4 == 3 {
			atm = ISA1976
			// Away from the layers' bases, where the slope jumps.
			alt = []float64{5e3, 15e3, 26e3, 40e3, 60e3, 78e3, 95e3}[rng.IntN(7)]
		}
		r := geo.LLA{Lat: (rng.Float64() - 0.5) * math.Pi, Lon: (rng.Float64() - 0.5) * 2 * math.Pi, Alt: alt}.ECEF()
		speed := rng.Float64() * 7000
		dir := r3.Unit(r3.Vec{X: rng.NormFloat64(), Y: rng.NormFloat64(), Z: rng.NormFloat64()})
		v := r3.Scale(speed, dir)
		kappa := []float64{0, 1e-4, 1e-3, 1e-2}[rng.IntN(4)]
		dr, dv, dk := EarthAccelJacobian(r, v, kappa, atm)
		for j := range 3 {
			var er, ev r3.Vec
			switch j {
			case 0:
				er, ev = r3.Vec{X: epsR}, r3.Vec{X: epsV}
			case 1:
				er, ev = r3.Vec{Y: epsR}, r3.Vec{Y: epsV}
			case 2:
				er, ev = r3.Vec{Z: epsR}, r3.Vec{Z: epsV}
			}
			cr := r3.Scale(1/(2*epsR), r3.Sub(EarthAccel(r3.Add(r, er), v, kappa, atm), EarthAccel(r3.Sub(r, er), v, kappa, atm)))
			cv := r3.Scale(1/(2*epsV), r3.Sub(EarthAccel(r, r3.Add(v, ev), kappa, atm), EarthAccel(r, r3.Sub(v, ev), kappa, atm)))
			for i, want := range [3][2]float64{{cr.X, cv.X}, {cr.Y, cv.Y}, {cr.Z, cv.Z}} {
				tr, tv := tolR+1e-6*math.Abs(want[0]), tolV+1e-6*math.Abs(want[1])
				if d := math.Abs(dr[3*i+j] - want[0]); d > tr {
					t.Fatalf("alt %.0f m, v %.0f m/s, κ %g, %v: ∂a%d/∂r%d = %.6e, central difference %.6e (off %.1e)", alt, speed, kappa, atm, i, j, dr[3*i+j], want[0], d)
				} else {
					worst[0] = max(worst[0], d/tr)
				}
				if d := math.Abs(dv[3*i+j] - want[1]); d > tv {
					t.Fatalf("alt %.0f m, v %.0f m/s, κ %g, %v: ∂a%d/∂v%d = %.6e, central difference %.6e (off %.1e)", alt, speed, kappa, atm, i, j, dv[3*i+j], want[1], d)
				} else {
					worst[1] = max(worst[1], d/tv)
				}
			}
		}
		// In κ the drag is linear: a difference from κ (forwards from zero).
		const epsK = 1e-7
		lo := max(kappa-epsK, 0)
		ck := r3.Scale(1/(kappa+epsK-lo), r3.Sub(EarthAccel(r, v, kappa+epsK, atm), EarthAccel(r, v, lo, atm)))
		tk := tolKap*r3.Norm(ck) + 1e-7
		if d := r3.Norm(r3.Sub(dk, ck)); d > tk {
			t.Fatalf("alt %.0f m, v %.0f m/s, κ %g: ∂a/∂κ = %v, difference %v", alt, speed, kappa, dk, ck)
		} else {
			worst[2] = max(worst[2], d/tk)
		}
	}
	t.Logf("largest difference as a fraction of its tolerance: position %.2f, velocity %.2f, κ %.2f", worst[0], worst[1], worst[2])
}
