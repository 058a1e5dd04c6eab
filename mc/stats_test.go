package mc

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/iadsim/iadsim/stats"
)

// TestMeanInsideSupport: the interval of a mean count never leaves the
// counts' range. Issue 11 found mean leakers 0.10 [-0.13, 0.33] (one
// leaker in ten runs) and survivors [-0.00, 0.01] with a Student t
// interval.
func TestMeanInsideSupport(t *testing.T) {
	layout := Layout{Threats: []ThreatRef{{ID: "t1", Type: "cm"}, {ID: "t2", Type: "cm"}}}
	for _, c := range []struct {
		name    string
		leakers []int
	}{
		{"one leaker in ten", []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
		{"three in five hundred", append(make([]int, 497), 1, 1, 1)},
		{"all leak", []int{2, 2, 2, 2, 2}},
		{"one run", []int{1}},
	} {
		rows := make([]Row, len(c.leakers))
		for i, l := range c.leakers {
			rows[i] = Row{Replication: i, Seed: 7, Leakers: l, Survivors: 2 - l}
		}
		st := Estimate("s", 7, layout, rows)
		for _, m := range st.Means {
			if m.Lo < m.Min || m.Hi > m.Max || m.Lo > m.Estimate || m.Hi < m.Estimate || m.Lo < 0 {
				t.Errorf("%s: mean %s %g [%g, %g] leaves the counts' range [%g, %g]", c.name, m.Name, m.Estimate, m.Lo, m.Hi, m.Min, m.Max)
			}
			if m.Method != stats.MethodBCa {
				t.Errorf("%s: mean %s by %q", c.name, m.Name, m.Method)
			}
		}
		if st.Means[0].Name != "leakers" {
			t.Fatalf("first mean %q", st.Means[0].Name)
		}
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
// runs against it at -1, each with its p-value and the noise level of the
// batch, and both appear as figure_ columns.
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
	if s.Leakers < 0.95 || math.Abs(s.Interceptors+1) > 1e-12 || s.Method != stats.MethodSpearman {
		t.Errorf("rank correlations %+v", s)
	}
	// 20 runs: beyond |0.444| a correlation is not noise (tables of
	// Pearson's r, df 18); cm.rcs alternates within every leaker count,
	// so its correlation is 0 and its p-value 1.
	if s.N != 20 || math.Abs(s.Critical-0.444) > 0.0005 || !s.Distinguishable(s.Leakers) || s.PLeakers > 1e-3 || s.PInterceptors != 0 {
		t.Errorf("significance %+v", s)
	}
	if r := st.Sensitivity[1]; r.Distinguishable(r.Leakers) || math.Abs(r.PLeakers-1) > 1e-9 {
		t.Errorf("cm.rcs %+v: want no correlation with leakers", r)
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
		if iv := stats.Wilson(k, n, stats.Confidence); iv.Lo <= p && p <= iv.Hi {
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
		k := 0
		for i := range rows {
			if rows[i].Leakers > 0 {
				k++
			}
		}
		pl := stats.Wilson(k, n, stats.Confidence)
		if b == 0 {
			// The estimate of the batch is this interval. (Once: the
			// means' bootstrap makes Estimate too slow to call a
			// thousand times here.)
			est := Estimate("closed form", 1, layout, rows).Probabilities[0]
			if est.Name != "P(at least one leaker)" || est.Method != stats.MethodWilson || est.Interval != pl {
				t.Fatalf("first probability is %q (%s) %+v, want %+v", est.Name, est.Method, est.Interval, pl)
			}
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
