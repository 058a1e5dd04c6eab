package track

import (
	"fmt"
	"math"
	"math/rand/v2"
	"syscall"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// TestJPDAClosedForm checks the marginals against the closed forms of
// small cases: one track is the PDA of Bar-Shalom and Tse (β_k = g_k /
// (B + Σg), β_0 = B/(B + Σg)); two tracks sharing one detection have
// three joint events {none, 1←d, 2←d}.
func TestJPDAClosedForm(t *testing.T) {
	const B = 0.1
	g := []float64{2, 0.5, 3}
	beta, exact, err := JPDA{}.Marginals(g, 1, 3, B)
	if err != nil || !exact {
		t.Fatal(err, exact)
	}
	den := B + 2 + 0.5 + 3
	want := []float64{B / den, 2 / den, 0.5 / den, 3 / den}
	for k := range want {
		if math.Abs(beta[k]-want[k]) > 1e-12 {
			t.Errorf("PDA β = %v, want %v", beta, want)
			break
		}
	}
	g1, g2 := 4.0, 1.5
	beta, _, err = JPDA{}.Marginals([]float64{g1, g2}, 2, 1, B)
	if err != nil {
		t.Fatal(err)
	}
	den = B*B + g1*B + g2*B
	want = []float64{(B*B + g2*B) / den, g1 * B / den, (B*B + g1*B) / den, g2 * B / den}
	for k := range want {
		if math.Abs(beta[k]-want[k]) > 1e-12 {
			t.Errorf("two tracks β = %v, want %v", beta, want)
			break
		}
	}
}

// bruteMarginals enumerates every map of tracks to detections or none
// and keeps the one-to-one ones: an independent, slower enumeration.
func bruteMarginals(g []float64, tracks, dets int, miss float64) []float64 {
	w := dets + 1
	beta := make([]float64, tracks*w)
	var total float64
	choice := make([]int, tracks)
	var walk func(i int)
	walk = func(i int) {
		if i == tracks {
			seen := map[int]bool{}
			weight := 1.0
			for t, c := range choice {
				if c == 0 {
					weight *= miss
					continue
				}
				if seen[c] {
					return
				}
				seen[c] = true
				weight *= g[t*dets+c-1]
			}
			total += weight
			for t, c := range choice {
				beta[t*w+c] += weight
			}
			return
		}
		for c := range w {
			choice[i] = c
			walk(i + 1)
		}
	}
	walk(0)
	for k := range beta {
		beta[k] /= total
	}
	return beta
}

// TestJPDARandom compares the enumeration with brute force on random
// clusters, and checks the cheap fallback's rows are distributions.
func TestJPDARandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for trial := range 300 {
		nt, nd := 1+rng.IntN(4), 1+rng.IntN(4)
		g := make([]float64, nt*nd)
		for k := range g {
			if rng.Float64() < 0.7 {
				g[k] = math.Exp(4 * rng.NormFloat64())
			}
		}
		miss := 0.01 + rng.Float64()
		got, exact, err := JPDA{}.Marginals(g, nt, nd, miss)
		if err != nil || !exact {
			t.Fatal(err, exact)
		}
		want := bruteMarginals(g, nt, nd, miss)
		for k := range want {
			if math.Abs(got[k]-want[k]) > 1e-9 {
				t.Fatalf("trial %d: β %v, brute force %v", trial, got, want)
			}
		}
		cheap, exact, err := JPDA{MaxHypotheses: 1}.Marginals(g, nt, nd, miss)
		if err != nil {
			t.Fatal(err)
		}
		anyPair := false
		for _, v := range g {
			anyPair = anyPair || v > 0
		}
		if exact && anyPair {
			t.Fatalf("trial %d: cap of 1 still exact", trial)
		}
		for i := range nt {
			var sum float64
			for k := range nd + 1 {
				b := cheap[i*(nd+1)+k]
				if b < -1e-12 || b > 1+1e-12 {
					t.Fatalf("cheap β %v out of [0, 1]", b)
				}
				sum += b
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Fatalf("cheap row sums to %v", sum)
			}
		}
	}
}

// TestGatingMatchesBruteForce checks that the sorted-axis pre-gating
// finds exactly the pairs a test of every pair finds.
func TestGatingMatchesBruteForce(t *testing.T) {
	for _, s := range []Sensor{testSensor(), {Kind: Cartesian, SigmaX: 50, SigmaY: 50, SigmaZ: 80}} {
		tr, err := New(testConfig(), []Sensor{s})
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(9, 9))
		truth := make([][6]float64, 300)
		for i := range truth {
			truth[i] = [6]float64{rng.Float64() * 40e3, rng.Float64() * 40e3, 3e3, 0, 0, 0}
		}
		for k := range 4 {
			var dets []Detection
			for _, x := range truth {
				dets = append(dets, detectAny(t, &s, x, rng))
			}
			for range 300 {
				x := [6]float64{rng.Float64() * 40e3, rng.Float64() * 40e3, 3e3}
				d := detectAny(t, &s, x, rng)
				if rng.IntN(5) == 0 {
					d.Sigma[0] = 200 // a few detections with their own, larger sigma
				}
				dets = append(dets, d)
			}
			tr.prepare(float64(k), 0, dets, nil)
			got := map[[2]int32]bool{}
			for _, p := range tr.pairs {
				got[[2]int32{p.t, p.d}] = true
			}
			n := 0
			for i := range tr.tracks {
				if !tr.ok[i] {
					continue
				}
				pr := &tr.preds[i]
				for kk, di := range tr.valid {
					d2, _, ok := pr.Likelihood(dets[di])
					v2, two := tr.twoPoint(&tr.tracks[i], &s, &dets[di], float64(k))
					in := ok && d2 <= tr.gate[pr.Dim] && (!two || v2 <= tr.gate[3])
					if in != got[[2]int32{int32(i), int32(kk)}] {
						t.Fatalf("sensor %v scan %d: pair (%d, %d) d²=%g: brute force %v, pre-gating %v", s.Kind, k, i, kk, d2, in, !in)
					}
					if in {
						n++
					}
				}
			}
			if n != len(tr.pairs) || n == 0 && k > 0 {
				t.Fatalf("sensor %v scan %d: brute force %d pairs, pre-gating %d, %d tracks", s.Kind, k, n, len(tr.pairs), len(tr.tracks))
			}
			tr.Scan(float64(k), 0, dets, nil)
		}
	}
}

// TestScoreDeletion checks the score of a track that is never seen again
// against the closed form: it starts at ln(β_NT/β_FA), loses ln(1-PD) per
// covered miss, and is deleted by the SPRT at the first scan where it is
// at most ln(β/(1-α)).
func TestScoreDeletion(t *testing.T) {
	cfg := testConfig()
	cfg.Confirm = ScoreConfirm
	cfg.ClutterDensity = 1e-6
	cfg.NewTargetDensity = 1e-7
	cfg.PD = 0.8
	s := originSensor()
	tr, err := New(cfg, []Sensor{s})
	if err != nil {
		t.Fatal(err)
	}
	tr.Scan(0, 0, []Detection{exact(&s, r3.Vec{X: 20e3, Y: 5e3, Z: 1e3}, 1)}, nil)
	l0 := math.Log(0.1)
	low := math.Log(0.01 / (1 - 1e-6))
	want := int(math.Ceil((l0 - low) / -math.Log(1-0.8)))
	for k := 1; k < 20; k++ {
		ch := tr.Scan(float64(k), 0, nil, nil)
		if len(ch) > 0 {
			if k != want || ch[0].Kind != TrackDeleted {
				t.Fatalf("scan %d: %s; want deletion at scan %d", k, kinds(ch), want)
			}
			if sc := ch[0].Track.Score; math.Abs(sc-(l0+float64(k)*math.Log(0.2))) > 1e-12 {
				t.Errorf("score %g, want %g", sc, l0+float64(k)*math.Log(0.2))
			}
			return
		}
	}
	t.Fatal("never deleted")
}

// TestScoreConfirm checks that a steadily detected target is confirmed
// by its score, and that the score rose by the log likelihood ratio of
// each hit.
func TestScoreConfirm(t *testing.T) {
	cfg := testConfig()
	cfg.Confirm = ScoreConfirm
	cfg.ClutterDensity = 1e-4 // per m·rad²
	s := originSensor()
	tr, err := New(cfg, []Sensor{s})
	if err != nil {
		t.Fatal(err)
	}
	p := r3.Vec{X: 20e3, Y: 5e3, Z: 1e3}
	var confirmed float64
	for k := range 10 {
		for _, c := range tr.Scan(float64(k), 0, []Detection{exact(&s, p, 1)}, nil) {
			if c.Kind == TrackConfirmed {
				confirmed = float64(k)
			}
		}
	}
	tk, ok := tr.Track(1)
	if !ok || tk.Status != Confirmed || confirmed == 0 {
		t.Fatalf("track %+v confirmed at %v", tk, confirmed)
	}
	t.Logf("confirmed at scan %v with score %.1f (threshold %.1f)", confirmed, tk.Score, math.Log(0.99/1e-6))
}

// TestJPDATracker runs the tracker with JPDA and clutter on two crossing
// targets and checks both are held, confirmed, on their own targets.
func TestJPDATracker(t *testing.T) {
	for _, f := range []Filter{nil, &IMM{AccelNoise: 2, InitVelSigma: 300}, &UKF{AccelNoise: 10, InitVelSigma: 300}} {
		t.Run(fmt.Sprintf("%T", f), func(t *testing.T) {
			s := originSensor()
			cfg := testConfig()
			cfg.Filter = f
			cfg.Associator = &JPDA{}
			// 20 false alarms per scan over 10-60 km, a full turn of
			// azimuth, -0.05 to 0.3 rad of elevation.
			vol := 50e3 * 2 * math.Pi * 0.35
			cfg.ClutterDensity = 20 / vol
			cfg.ConfirmM, cfg.ConfirmN = 3, 4
			tr, err := New(cfg, []Sensor{s})
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(31, 32))
			targets := []struct{ p0, v [3]float64 }{
				{[3]float64{40e3, -15e3, 3000}, [3]float64{0, 250, 0}},
				{[3]float64{25e3, 0, 3500}, [3]float64{250, 0, 0}},
			}
			for k := range 60 {
				tt := float64(k) * 2
				var dets []Detection
				for i, g := range targets {
					if rng.Float64() < 0.9 {
						x := [6]float64{g.p0[0] + g.v[0]*tt, g.p0[1] + g.v[1]*tt, g.p0[2]}
						d := detect(t, &s, x, rng)
						d.Tag = i + 1
						dets = append(dets, d)
					}
				}
				for range 20 {
					dets = append(dets, Detection{Range: 10e3 + 50e3*rng.Float64(), Az: 2 * math.Pi * rng.Float64(),
						El: -0.05 + 0.35*rng.Float64(), Tag: -1})
				}
				tr.Scan(tt, 0, dets, nil)
			}
			held := map[int]bool{}
			for _, tk := range tr.Tracks() {
				if tk.Status != Confirmed {
					continue
				}
				g := targets[0]
				if tk.Tag == 2 {
					g = targets[1]
				}
				x := [3]float64{g.p0[0] + g.v[0]*118, g.p0[1] + g.v[1]*118, g.p0[2]}
				if tk.Tag > 0 && math.Hypot(tk.X[0]-x[0], tk.X[1]-x[1]) < 500 {
					held[tk.Tag] = true
				} else {
					t.Logf("other confirmed track %d tag %d at %.0f %.0f", tk.ID, tk.Tag, tk.X[0], tk.X[1])
				}
			}
			if !held[1] || !held[2] {
				t.Errorf("targets held at the end: %v; want both", held)
			}
		})
	}
}

// TestMultiRate feeds one tracker two sensors at different rates (1 s and
// 2.5 s) and checks the fused track is tighter than either sensor's own.
func TestMultiRate(t *testing.T) {
	a := originSensor()
	b := testSensor()
	b.ID = "b"
	rng := rand.New(rand.NewPCG(41, 42))
	run := func(use []int) Track {
		tr, err := New(testConfig(), []Sensor{a, b})
		if err != nil {
			t.Fatal(err)
		}
		sens := []*Sensor{&a, &b}
		period := []float64{1, 2.5}
		next := []float64{0, 0.3}
		for {
			i := 0
			if len(use) == 2 && next[1] < next[0] || len(use) == 1 && use[0] == 1 {
				i = 1
			}
			tt := next[i]
			if tt > 60 {
				break
			}
			x := [6]float64{30e3 + 200*tt, 10e3, 4e3, 200}
			tr.Scan(tt, i, []Detection{detect(t, sens[i], x, rng)}, nil)
			next[i] += period[i]
		}
		tks := tr.Tracks()
		if len(tks) != 1 {
			t.Fatalf("sensors %v: %d tracks", use, len(tks))
		}
		return Predict(tks[0], 60, 10)
	}
	fused, onlyA, onlyB := run([]int{0, 1}), run([]int{0}), run([]int{1})
	tr := func(tk Track) float64 { return tk.P[0] + tk.P[7] + tk.P[14] }
	t.Logf("position variance trace: fused %.0f, A %.0f, B %.0f m²", tr(fused), tr(onlyA), tr(onlyB))
	if !(tr(fused) < tr(onlyA) && tr(fused) < tr(onlyB)) {
		t.Error("fusing both sensors did not tighten the track")
	}
}

// BenchmarkTracker measures detections per second of whole scans with
// many targets and clutter: targets spread over a 300 km × 300 km box
// seen by one radar at the centre, PD 0.9, and one false alarm per ten
// targets (at least 100) per scan, 1 s apart. It reports wall-clock and
// process CPU rates: on a shared machine the CPU figure is the one to
// trust. Run it with -benchtime=40x or fewer: the scans are drawn
// beforehand, and past them the picture restarts, untimed.
func BenchmarkTracker(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		for _, assoc := range []string{"gnn", "jpda"} {
			b.Run(fmt.Sprintf("%s/targets=%d", assoc, n), func(b *testing.B) {
				benchTracker(b, n, assoc)
			})
		}
	}
}

// cpuSeconds returns the process's user and system CPU time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

func benchTracker(b *testing.B, n int, assoc string) {
	s := Sensor{ID: "r", Rot: identity, Pos: r3.Vec{Z: 10}, SigmaRange: 50, SigmaAz: 2e-3, SigmaEl: 2e-3}
	cfg := testConfig()
	nClutter := max(100, n/10)
	vol := 300e3 * 2 * math.Pi * 0.3
	cfg.ClutterDensity = float64(nClutter) / vol
	if assoc == "jpda" {
		cfg.Associator = &JPDA{}
	}
	rng := rand.New(rand.NewPCG(uint64(n), 2))
	truth := make([][6]float64, n)
	for i := range truth {
		truth[i] = [6]float64{(rng.Float64() - 0.5) * 300e3, (rng.Float64() - 0.5) * 300e3, 1e3 + 9e3*rng.Float64(),
			200 * rng.NormFloat64(), 200 * rng.NormFloat64(), 0}
	}
	const warm, nScans = 5, 45
	scans := make([][]Detection, nScans)
	for k := range scans {
		for i := range truth {
			x := truth[i]
			for a := range 3 {
				x[a] += x[a+3] * float64(k)
			}
			if rng.Float64() < 0.9 {
				scans[k] = append(scans[k], detect(b, &s, x, rng))
			}
		}
		for range nClutter {
			scans[k] = append(scans[k], Detection{Range: 1e3 + 299e3*rng.Float64(), Az: 2 * math.Pi * rng.Float64(), El: 0.3 * rng.Float64()})
		}
	}
	var tr *Tracker
	start := func() {
		var err error
		if tr, err = New(cfg, []Sensor{s}); err != nil {
			b.Fatal(err)
		}
		for k := range warm {
			tr.Scan(float64(k), 0, scans[k], nil)
		}
	}
	start()
	dets, k := 0, warm
	var cpu float64
	c0 := cpuSeconds()
	for b.Loop() {
		if k == nScans {
			b.StopTimer()
			cpu += cpuSeconds() - c0
			start()
			k = warm
			c0 = cpuSeconds()
			b.StartTimer()
		}
		tr.Scan(float64(k), 0, scans[k], nil)
		dets += len(scans[k])
		k++
	}
	cpu += cpuSeconds() - c0
	b.ReportMetric(float64(dets)/b.Elapsed().Seconds(), "dets/s")
	b.ReportMetric(float64(dets)/cpu, "dets/cpu-s")
	b.ReportMetric(float64(len(tr.Tracks())), "tracks")
}
