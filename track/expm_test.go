package track

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestExpm checks the switching matrix exponential against the closed
// form of a two-state chain, P(stay in 0 over t) = (b + a e^{-(a+b)t})/(a+b)
// for rates a (0→1) and b (1→0), and against gonum's Padé Exp on the
// three-model generator battle uses, over intervals from a tenth of a
// second to an hour.
func TestExpm(t *testing.T) {
	const a, b = 1.0 / 60, 1.0 / 10
	for _, dt := range []float64{0.1, 1, 10, 100, 3600} {
		var g [numModes][numModes]float64
		g[0][1], g[0][0] = a*dt, -a*dt
		g[1][0], g[1][1] = b*dt, -b*dt
		e := expm(&g)
		want := (b + a*math.Exp(-(a+b)*dt)) / (a + b)
		if math.Abs(e[0][0]-want) > 1e-12 || math.Abs(e[0][1]-(1-want)) > 1e-12 {
			t.Errorf("dt %g: stay %.15g, leave %.15g; closed form %.15g, %.15g", dt, e[0][0], e[0][1], want, 1-want)
		}

		rates := [3][3]float64{{0, 1.0 / 60, 1.0 / 900}, {1.0 / 10, 0, 1.0 / 900}, {1.0 / 900, 0, 0}}
		var g3 [numModes][numModes]float64
		ref := mat.NewDense(3, 3, nil)
		for i := range 3 {
			for j := range 3 {
				if i != j {
					g3[i][j] = rates[i][j] * dt
					g3[i][i] -= rates[i][j] * dt
					ref.Set(i, j, rates[i][j]*dt)
					ref.Set(i, i, ref.At(i, i)-rates[i][j]*dt)
				}
			}
		}
		var r mat.Dense
		r.Exp(ref)
		e3 := expm(&g3)
		for i := range 3 {
			for j := range 3 {
				if math.Abs(e3[i][j]-r.At(i, j)) > 1e-12 {
					t.Errorf("dt %g: [%d][%d] %.15g, gonum %.15g", dt, i, j, e3[i][j], r.At(i, j))
				}
			}
		}
	}
}
