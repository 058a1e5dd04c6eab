package mc

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// Wilson intervals recorded from SciPy 1.10.1 (Debian python3-scipy):
//
//	/usr/bin/python3 -c "from scipy.stats import binomtest; \
//	  ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method='wilson'); \
//	  print(repr(ci.low), repr(ci.high))"
func TestWilsonSciPy(t *testing.T) {
	for _, c := range []struct {
		k, n   int
		lo, hi float64
	}{
		{0, 10, 0.0, 0.27753279986288926},
		{1, 10, 0.017876213095072896, 0.4041500267952385},
		{5, 10, 0.236593090512564, 0.7634069094874361},
		{10, 10, 0.7224672001371109, 1.0},
		{54, 100, 0.44264860323368227, 0.6343919169097589},
		{3, 1000, 0.0010207838811386186, 0.008783014053503173},
		{81, 263, 0.2552885198782742, 0.36620957698280004},
	} {
		iv := Wilson(c.k, c.n, 0.95)
		if math.Abs(iv.Lo-c.lo) > 1e-9 || math.Abs(iv.Hi-c.hi) > 1e-9 {
			t.Errorf("Wilson(%d, %d) = [%.12g, %.12g], SciPy [%.12g, %.12g]", c.k, c.n, iv.Lo, iv.Hi, c.lo, c.hi)
		}
		if iv.Method != MethodWilson || iv.Estimate != float64(c.k)/float64(c.n) {
			t.Errorf("Wilson(%d, %d): estimate %g method %q", c.k, c.n, iv.Estimate, iv.Method)
		}
	}
	if iv := Wilson(0, 0, 0.95); iv.Lo != 0 || iv.Hi != 1 {
		t.Errorf("Wilson(0, 0) = [%g, %g], want [0, 1]", iv.Lo, iv.Hi)
	}
}

// The t interval and Spearman's rho recorded from SciPy 1.10.1:
//
//	x = [3,1,4,1,5,9,2,6]; m = mean(x); se = std(x, ddof=1)/sqrt(8)
//	scipy.stats.t.interval(0.95, 7, loc=m, scale=se)
//	  -> (1.5773000437252445, 6.172699956274755); std(x, ddof=1) = 2.748376143938713
//	scipy.stats.spearmanr([1,2,2,3,5,8,13], [7,3,3,2,9,1,0]).statistic
//	  -> -0.6363636363636364
func TestMeanTAndSpearmanSciPy(t *testing.T) {
	iv, sd := MeanT([]float64{3, 1, 4, 1, 5, 9, 2, 6}, 0.95)
	if iv.Estimate != 3.875 || math.Abs(iv.Lo-1.5773000437252445) > 1e-9 || math.Abs(iv.Hi-6.172699956274755) > 1e-9 ||
		math.Abs(sd-2.748376143938713) > 1e-12 {
		t.Errorf("MeanT = %+v sd %g", iv, sd)
	}
	if r := Spearman([]float64{1, 2, 2, 3, 5, 8, 13}, []float64{7, 3, 3, 2, 9, 1, 0}); math.Abs(r+0.6363636363636364) > 1e-12 {
		t.Errorf("Spearman = %.16g, SciPy -0.6363636363636364", r)
	}
	if r := Spearman([]float64{1, 1, 1}, []float64{1, 2, 3}); r != 0 {
		t.Errorf("Spearman of a constant = %g, want 0", r)
	}
	if iv, _ := MeanT([]float64{7}, 0.95); iv.Lo != 7 || iv.Hi != 7 {
		t.Errorf("MeanT of one value = %+v", iv)
	}
}

// TestWilsonCoverage checks the interval against a leak probability with
// a closed form: a threat is engaged by two independent shots, each
// killing with probability pk = 0.7, so it leaks with probability
// (1-pk)² = 0.09. Over 1000 batches of 200 replications, the 95%
// interval of P(at least one leaker) must cover 0.09 as often as the
// binomial distribution says it does: the exact coverage
// sum_k C(n,k) p^k (1-p)^(n-k) [p in CI(k)], which for Wilson at n = 200,
// p = 0.09 is 0.93784 (SciPy 1.10.1 gives 0.9378428338803086 for the same
// sum), near the nominal 95% as Wilson's is. The observed coverage must
// lie within 4.5 binomial standard deviations of the exact one.
func TestWilsonCoverage(t *testing.T) {
	const (
		pk      = 0.7
		n       = 200
		batches = 1000
	)
	p := (1 - pk) * (1 - pk)
	exact := 0.0
	bin := distuv.Binomial{N: n, P: p}
	for k := 0; k <= n; k++ {
		if iv := Wilson(k, n, Confidence); iv.Lo <= p && p <= iv.Hi {
			exact += bin.Prob(float64(k))
		}
	}
	if math.Abs(exact-0.9378428338803086) > 1e-9 {
		t.Errorf("exact coverage %.12g, SciPy 0.9378428338803086", exact)
	}
	if exact < 0.93 || exact > 0.97 {
		t.Errorf("exact coverage %.4f is not about 95%%", exact)
	}

	rng := rand.New(rand.NewPCG(7, 11))
	layout := Layout{Threats: []ThreatRef{{ID: "t1", Type: "cm"}}}
	covered := 0
	for b := 0; b < batches; b++ {
		rows := make([]Row, n)
		for i := range rows {
			rows[i].Replication = i
			rows[i].Kills = 1
			// Two shots; the threat leaks when both miss.
			leak := rng.Float64() >= pk
			if leak {
				leak = rng.Float64() >= pk // the second shot only after a miss
			}
			if leak {
				rows[i].Leakers, rows[i].Kills = 1, 0
			}
		}
		st := Estimate("closed form", 1, layout, rows)
		pl := st.Probabilities[0]
		if pl.Name != "P(at least one leaker)" || pl.Method != MethodWilson {
			t.Fatalf("first probability is %q (%s)", pl.Name, pl.Method)
		}
		if pl.Lo <= p && p <= pl.Hi {
			covered++
		}
	}
	got := float64(covered) / batches
	sd := math.Sqrt(exact * (1 - exact) / batches)
	t.Logf("coverage %.3f over %d batches; exact %.4f ± %.4f", got, batches, exact, sd)
	if math.Abs(got-exact) > 4.5*sd {
		t.Errorf("coverage %.3f, want %.4f ± %.4f", got, exact, 4.5*sd)
	}
}

func TestConvergenceNarrows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rows := make([]Row, 1000)
	for i := range rows {
		rows[i].Replication = i
		rows[i].Leakers = rng.IntN(3)
		rows[i].Interceptors = 40 + rng.IntN(20)
	}
	pts := Convergence(rows)
	if pts[len(pts)-1].Runs != 1000 {
		t.Fatalf("last point at %d runs", pts[len(pts)-1].Runs)
	}
	// Quadrupling the runs about halves an interval.
	var h100, h1000 float64
	for _, p := range pts {
		switch p.Runs {
		case 100:
			h100 = p.LeakersHalfWidth
		case 1000:
			h1000 = p.LeakersHalfWidth
		}
	}
	if r := h100 / h1000; r < math.Sqrt(10)*0.8 || r > math.Sqrt(10)*1.25 {
		t.Errorf("half-width ratio 100 -> 1000 runs %.2f, want about √10", r)
	}
}

func BenchmarkEstimate(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	rows := make([]Row, 1000)
	for i := range rows {
		rows[i] = Row{Replication: i, Leakers: rng.IntN(3), Interceptors: rng.IntN(60),
			KillsByClass: map[string]int{"cm": rng.IntN(12)}, InterceptorsByType: map[string]int{"a": 1}}
	}
	l := Layout{Missiles: []string{"a"}, Threats: []ThreatRef{{"x", "cm"}}}
	for b.Loop() {
		Estimate("bench", 1, l, rows)
	}
}

// TestSensitivity: a figure that drives the outcome ranks at +1, one that
// runs against it at -1, and both appear as figure_ columns.
func TestSensitivity(t *testing.T) {
	rows := make([]Row, 20)
	for i := range rows {
		rows[i] = Row{Replication: i, Leakers: i / 4, Interceptors: 40 - i,
			Figures: map[string]float64{"bn1-92n6e.ref_range": 1000 * float64(i*i), "cm.rcs": float64(i % 2)}}
	}
	st := Estimate("s", 1, Layout{}, rows)
	if len(st.Sensitivity) != 2 || st.Sensitivity[0].Figure != "bn1-92n6e.ref_range" {
		t.Fatalf("sensitivity %+v", st.Sensitivity)
	}
	s := st.Sensitivity[0]
	if s.Leakers < 0.95 || math.Abs(s.Interceptors+1) > 1e-12 || s.Method != MethodSpearman {
		t.Errorf("rank correlations %+v", s)
	}
	var buf strings.Builder
	if err := WriteCSV(&buf, Layout{}, rows); err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(buf.String(), "\n")
	if !strings.HasSuffix(head, ",figure_bn1-92n6e.ref_range,figure_cm.rcs") {
		t.Errorf("header %s", head)
	}
}
