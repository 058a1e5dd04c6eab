package track

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/iadsim/iadsim/geo"
)

// propagateDense is F p Fᵀ + Q by the textbook triple loops, every term
// added: what propagate must give bit for bit.
func propagateDense(p []float64, n int, F, Q []float64) {
	var fp [maxX * maxX]float64
	for i := range n {
		for j := range n {
			var s float64
			for k := range n {
				s += F[i*n+k] * p[k*n+j]
			}
			fp[i*n+j] = s
		}
	}
	for i := range n {
		for j := i; j < n; j++ {
			var s float64
			for k := range n {
				s += fp[i*n+k] * F[j*n+k]
			}
			s += Q[i*n+j]
			p[i*n+j], p[j*n+i] = s, s
		}
	}
}

// sparseCov returns a random n×n covariance (A Aᵀ + I) with some exact
// zeros across blocks, as a new track's models have.
func sparseCov(rng *rand.Rand, n int) []float64 {
	a := make([]float64, n*n)
	for i := range a {
		if rng.IntN(4) > 0 {
			a[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3))
		}
	}
	p := make([]float64, n*n)
	for i := range n {
		for j := range n {
			var s float64
			for k := range n {
				s += a[i*n+k] * a[j*n+k]
			}
			p[i*n+j] = s
		}
		p[i*n+i]++
	}
	return p
}

// TestPropagateSkipsZeros holds propagate, which skips the zero entries
// of the transition, to the full product: bit for bit against the
// textbook loops, and within rounding against gonum's BLAS product, for
// the models' own transitions (CA, the turn model with its -0 at zero
// turn rate, the ballistic step's) and random sparse ones.
func TestPropagateSkipsZeros(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	type tcase struct {
		name string
		n    int
		F    []float64
	}
	var cases []tcase
	ca := caTransition(1.3)
	cases = append(cases, tcase{"CA", 9, ca[:]})
	for _, w := range []float64{0, 0.05} {
		// predictCT's transition at turn rate w.
		const n = 7
		c := turnCoeffs(w, 1)
		vx, vy := 240.0, -30.0
		F := make([]float64, n*n)
		for i := range n {
			F[i*n+i] = 1
		}
		F[0*n+3], F[0*n+4], F[0*n+6] = c.a, -c.b, c.da*vx-c.db*vy
		F[1*n+3], F[1*n+4], F[1*n+6] = c.b, c.a, c.db*vx+c.da*vy
		F[2*n+5] = 1
		F[3*n+3], F[3*n+4], F[3*n+6] = c.cs, -c.sn, -c.sn*vx-c.cs*vy
		F[4*n+3], F[4*n+4], F[4*n+6] = c.sn, c.cs, c.cs*vx-c.sn*vy
		F[6*n+6] = 0.9
		cases = append(cases, tcase{"CT", n, F})
	}
	for range 20 {
		n := 3 + rng.IntN(maxX-2)
		F := make([]float64, n*n)
		for i := range F {
			switch rng.IntN(3) {
			case 0:
				F[i] = rng.NormFloat64()
			case 1:
				F[i] = math.Copysign(0, -1)
			}
		}
		cases = append(cases, tcase{"random", n, F})
	}
	for _, tc := range cases {
		n := tc.n
		p := sparseCov(rng, n)
		Q := sparseCov(rng, n)
		got, want := append([]float64(nil), p...), append([]float64(nil), p...)
		propagate(got, n, tc.F, Q)
		propagateDense(want, n, tc.F, Q)
		for k := range got {
			if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
				t.Fatalf("%s n=%d: entry %d is %v, the full product's %v", tc.name, n, k, got[k], want[k])
			}
		}
		var fp, ref mat.Dense
		Fm := mat.NewDense(n, n, tc.F)
		fp.Mul(Fm, mat.NewDense(n, n, p))
		ref.Mul(&fp, Fm.T())
		ref.Add(&ref, mat.NewDense(n, n, Q))
		scale := mat.Norm(&ref, math.Inf(1))
		for i := range n {
			for j := range n {
				if d := math.Abs(got[i*n+j] - ref.At(i, j)); d > 1e-12*scale {
					t.Fatalf("%s n=%d: entry (%d,%d) %v against gonum's %v", tc.name, n, i, j, got[i*n+j], ref.At(i, j))
				}
			}
		}
	}
}

// mixDense is mix as session 8 left it, choosing each element's source
// as it goes: what mix must give bit for bit.
func mixDense(old *immState, j int, w [numModes]float64, x *[maxX]float64, p []float64) {
	nj := len(modeComps[j])
	var xs [numModes][maxX]float64
	var where [numModes][maxX]int
	for i := range numModes {
		if w[i] == 0 {
			continue
		}
		where[i] = mixSource(&old.immMeans, i, j, &xs[i])
	}
	mixSum(&xs, w, nj, x)
	clear(p)
	pj := old.p(j)
	for i := range numModes {
		if w[i] == 0 {
			continue
		}
		ni := len(modeComps[i])
		pi, wi := old.p(i), &where[i]
		for a := range nj {
			da := xs[i][a] - x[a]
			for b := range nj {
				var c float64
				switch {
				case wi[a] >= 0 && wi[b] >= 0:
					c = pi[wi[a]*ni+wi[b]]
				case wi[a] < 0 && wi[b] < 0:
					c = pj[a*nj+b]
				}
				p[a*nj+b] += w[i] * (c + da*(xs[i][b]-x[b]))
			}
		}
	}
}

// climbing is the true state of a climbing, turning target at t.
func climbing(t float64) [6]float64 {
	return [6]float64{20e3 + 900*t, 10e3 + 300*t + 2e3*math.Sin(t/10), 15e3 + 1200*t - 4.9*t*t, 900, 300 + 200*math.Cos(t/10), 1200 - 9.8*t}
}

// climbingTrack returns a five-model IMM, its sensor and noise, and a
// track of the climbing target started from one detection at time 0.
func climbingTrack(tb testing.TB) (*IMM, Sensor, *rand.Rand, Track) {
	earth := &Earth{Frame: geo.NewFrame(geo.Deg(44, -70, 0))}
	f := &IMM{Models: []int{ModeCV, ModeCT, ModeCA, ModeBallistic, ModeLift}, Earth: earth, AccelNoise: 5, InitVelSigma: 1000}
	s := bmdSensor()
	rng := rand.New(rand.NewPCG(7, 11))
	x, p, err := f.Initiate(&s, detectAny(tb, &s, climbing(0), rng))
	if err != nil {
		tb.Fatal(err)
	}
	return f, s, rng, Track{X: x, P: p}
}

// TestMixMatchesDense holds mix, which computes one triangle and
// mirrors it, to the element-by-element mixing of every entry, bit for
// bit, over the states of a track of all five models followed through
// a climb: their covariances are exactly symmetric after each update.
func TestMixMatchesDense(t *testing.T) {
	f, s, rng, tk := climbingTrack(t)
	on, nOn := f.active()
	g := f.params()
	for k := 1; k <= 15; k++ {
		at := 1.5 * float64(k)
		f.Predict(&tk, at)
		if err := f.Update(&tk, &s, detectAny(t, &s, climbing(at), rng)); err != nil {
			t.Fatal(err)
		}
		old := tk.ext.(*immState)
		// The update leaves each model's covariance exactly symmetric
		// (symmetrise), which mixing's one triangle relies on.
		for j := range numModes {
			if !on[j] {
				continue
			}
			n, pj := len(modeComps[j]), old.p(j)
			for a := range n {
				for b := range a {
					if math.Float64bits(pj[a*n+b]) != math.Float64bits(pj[b*n+a]) {
						t.Fatalf("scan %d, model %d: covariance (%d,%d) %v, (%d,%d) %v", k, j, a, b, pj[a*n+b], b, a, pj[b*n+a])
					}
				}
			}
		}
		var mu [numModes]float64
		pi := g.switching(on, nOn, 1.5, &old.immMeans, &mu)
		for j := range numModes {
			if !on[j] {
				continue
			}
			w := mixWeights(&pi, &old.immMeans, &mu, j)
			var x1, x2 [maxX]float64
			p1, p2 := make([]float64, maxX*maxX), make([]float64, maxX*maxX)
			n := len(modeComps[j])
			mix(old, j, w, &x1, p1[:n*n])
			mixDense(old, j, w, &x2, p2[:n*n])
			if x1 != x2 {
				t.Fatalf("scan %d, model %d: mixed mean %v, want %v", k, j, x1, x2)
			}
			for e := range p1 {
				if math.Float64bits(p1[e]) != math.Float64bits(p2[e]) {
					t.Fatalf("scan %d, model %d: mixed covariance entry %d %v, want %v", k, j, e, p1[e], p2[e])
				}
			}
		}
	}
}

// BenchmarkIMMPredict is one confirmed track's prediction over a second
// with the five models, as a scan makes it.
func BenchmarkIMMPredict(b *testing.B) {
	f, s, rng, tk := climbingTrack(b)
	for k := 1; k <= 10; k++ {
		f.Predict(&tk, float64(k))
		if err := f.Update(&tk, &s, detectAny(b, &s, climbing(float64(k)), rng)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		c := tk
		f.Predict(&c, tk.T+1)
	}
}

// TestCombinedIsState holds the invariant aboveGround relies on to leave
// a track far above the ground as it is: a track with an IMM state
// carries that state's combination (X, P and Mode), bit for bit, after
// every prediction, update, PDA update and conditioning on the ground.
func TestCombinedIsState(t *testing.T) {
	f, tr := flatGroundTracker(t)
	s := bmdSensor()
	rng := rand.New(rand.NewPCG(5, 9))
	truth := func(t float64) [6]float64 {
		return [6]float64{20e3 + 250*t, 10e3 - 40*t, 400 - 5*t, 250, -40, -5}
	}
	x, p, err := f.Initiate(&s, detectAny(t, &s, truth(0), rng))
	if err != nil {
		t.Fatal(err)
	}
	tk := Track{X: x, P: p}
	check := func(step string, k int) {
		t.Helper()
		st, ok := tk.ext.(*immState)
		if !ok {
			t.Fatalf("%s %d: the track has no IMM state", step, k)
		}
		c := tk
		combine(&c, st)
		if c.X != tk.X || c.P != tk.P || !slices.Equal(c.Mode, tk.Mode) {
			t.Fatalf("%s %d: the track's estimate is not its state's combination: X %v, want %v", step, k, tk.X, c.X)
		}
	}
	for k := 1; k <= 40; k++ {
		at := float64(k)
		f.Predict(&tk, at)
		check("prediction", k)
		tr.aboveGround(&tk, false)
		check("conditioning", k)
		d := detectAny(t, &s, truth(at), rng)
		if k%3 == 0 {
			err = f.UpdatePDA(&tk, &s, PDA{Dets: []Detection{d}, Beta: []float64{0.9}, Beta0: 0.1, PD: 0.9, PG: 0.999, Clutter: 1e-9})
		} else {
			err = f.Update(&tk, &s, d)
		}
		if err != nil {
			t.Fatal(err)
		}
		check("update", k)
		tr.aboveGround(&tk, true)
		check("conditioning after the update", k)
	}
}
