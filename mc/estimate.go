package mc

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"text/tabwriter"

	"github.com/iadsim/iadsim/sim"
	"github.com/iadsim/iadsim/stats"
)

// Proportion is an estimated probability: K successes in N trials.
type Proportion struct {
	Name string `json:"name"`
	K    int    `json:"k"`
	N    int    `json:"n"`
	stats.Interval
	Note string `json:"note,omitempty"`
}

// Mean is an estimated mean over N replications.
type Mean struct {
	Name string  `json:"name"`
	N    int     `json:"n"`
	SD   float64 `json:"sd"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
	stats.Interval
}

// Sensitivity is the rank correlation of one drawn figure with an outcome
// over the replications of a batch.
type Sensitivity struct {
	Figure       string  `json:"figure"`
	N            int     `json:"n"`            // replications that drew the figure
	Leakers      float64 `json:"leakers"`      // Spearman's rho with leakers
	Interceptors float64 `json:"interceptors"` // and with interceptors expended
	Method       string  `json:"method"`
	// PLeakers and PInterceptors are the two-sided p-values of the
	// correlations (CorrelationP): the chance of one as large if the
	// figure did not matter.
	PLeakers      float64 `json:"p_leakers"`
	PInterceptors float64 `json:"p_interceptors"`
	// Critical is the smallest |rho| distinguishable from noise over N
	// replications at the batch's confidence (CriticalCorrelation): a
	// smaller correlation may be chance.
	Critical float64 `json:"critical"`
}

// Distinguishable reports whether rho, a correlation of s's figure, is
// beyond the noise of a batch of s.N replications.
func (s Sensitivity) Distinguishable(rho float64) bool { return math.Abs(rho) >= s.Critical }

// Stats are the estimates of a batch, as stats.json holds them.
type Stats struct {
	Scenario   string  `json:"scenario"`
	Seed       uint64  `json:"seed"`
	Runs       int     `json:"runs"`
	Confidence float64 `json:"confidence"`

	Probabilities []Proportion `json:"probabilities"`
	Means         []Mean       `json:"means"`
	// KillRates and LeakRates are per threat class: the fraction of the
	// class's threats killed (leaked) over all replications.
	KillRates   []Proportion  `json:"kill_rates"`
	LeakRates   []Proportion  `json:"leak_rates"`
	Sensitivity []Sensitivity `json:"sensitivity,omitempty"`
}

// pooledNote warns that a class rate pools threats of one replication,
// which are not independent trials.
const pooledNote = "threats of the class pooled over replications as independent trials; " +
	"threats of one raid share a defence, so the interval may be too narrow"

// Estimate computes the statistics of rows, sorted by replication, at
// the package's Confidence.
func Estimate(name string, seed uint64, l Layout, rows []Row) Stats {
	n := len(rows)
	st := Stats{Scenario: name, Seed: seed, Runs: n, Confidence: stats.Confidence,
		Probabilities: []Proportion{}, Means: []Mean{}, KillRates: []Proportion{}, LeakRates: []Proportion{}}
	count := func(f func(r *Row) bool) int {
		k := 0
		for i := range rows {
			if f(&rows[i]) {
				k++
			}
		}
		return k
	}
	prob := func(name string, f func(r *Row) bool) {
		k := count(f)
		st.Probabilities = append(st.Probabilities, Proportion{Name: name, K: k, N: n, Interval: stats.Wilson(k, n, stats.Confidence)})
	}
	threats := len(l.Threats)
	prob("P(at least one leaker)", func(r *Row) bool { return r.Leakers > 0 })
	prob("P(no leaker)", func(r *Row) bool { return r.Leakers == 0 })
	prob("P(all threats killed)", func(r *Row) bool { return r.Kills == threats })
	prob("P(all threats detected)", func(r *Row) bool { return r.Detected == threats })
	for _, id := range l.Equipment {
		prob("P("+id+" survives)", func(r *Row) bool { return !r.Destroyed[id] })
	}

	mean := func(name string, f func(r *Row) float64) {
		x := make([]float64, n)
		for i := range rows {
			x[i] = f(&rows[i])
		}
		iv, sd := stats.MeanBCa(x, stats.Confidence, stats.Resamples, bootstrapStream(seed, name, n))
		m := Mean{Name: name, N: n, SD: sd, Interval: iv}
		for i, v := range x {
			if i == 0 || v < m.Min {
				m.Min = v
			}
			if i == 0 || v > m.Max {
				m.Max = v
			}
		}
		st.Means = append(st.Means, m)
	}
	mean("leakers", func(r *Row) float64 { return float64(r.Leakers) })
	mean("kills", func(r *Row) float64 { return float64(r.Kills) })
	mean("survivors", func(r *Row) float64 { return float64(r.Survivors) })
	mean("detected", func(r *Row) float64 { return float64(r.Detected) })
	mean("interceptors", func(r *Row) float64 { return float64(r.Interceptors) })
	mean("interceptors_at_decoys", func(r *Row) float64 { return float64(r.AtDecoys) })
	mean("struck", func(r *Row) float64 { return float64(r.Struck) })
	mean("gun_rounds", func(r *Row) float64 { return float64(r.GunRounds) })
	for _, m := range l.Missiles {
		mean(PrefixInterceptors+m, func(r *Row) float64 { return float64(r.InterceptorsByType[m]) })
	}

	classes, size := l.Classes()
	for _, c := range classes {
		var kills, leaks int
		for i := range rows {
			kills += rows[i].KillsByClass[c]
			leaks += rows[i].LeakersByClass[c]
		}
		trials := n * size[c]
		st.KillRates = append(st.KillRates, Proportion{Name: c, K: kills, N: trials, Interval: stats.Wilson(kills, trials, stats.Confidence), Note: pooledNote})
		st.LeakRates = append(st.LeakRates, Proportion{Name: c, K: leaks, N: trials, Interval: stats.Wilson(leaks, trials, stats.Confidence), Note: pooledNote})
	}

	for _, f := range figureNames(rows) {
		var fx, lk, ic []float64
		for i := range rows {
			v, ok := rows[i].Figures[f]
			if !ok {
				continue
			}
			fx = append(fx, v)
			lk = append(lk, float64(rows[i].Leakers))
			ic = append(ic, float64(rows[i].Interceptors))
		}
		rl, ri := stats.Spearman(fx, lk), stats.Spearman(fx, ic)
		st.Sensitivity = append(st.Sensitivity, Sensitivity{Figure: f, N: len(fx), Leakers: rl, Interceptors: ri, Method: stats.MethodSpearman,
			PLeakers: stats.CorrelationP(rl, len(fx)), PInterceptors: stats.CorrelationP(ri, len(fx)), Critical: stats.CriticalCorrelation(len(fx), stats.Confidence)})
	}
	return st
}

// bootstrapStream is the random stream of the bootstrap of the mean of
// name over the first n replications: like every stream, named by the
// master seed, so that the statistics of a batch are the same bytes
// whoever computes them (one machine, or a merge of shards).
func bootstrapStream(seed uint64, name string, n int) *rand.Rand {
	return sim.Stream(seed, "mc", "bootstrap", name, strconv.Itoa(n))
}

// ConvergencePoint is the width of the main intervals after the first
// Runs replications.
type ConvergencePoint struct {
	Runs                  int     `json:"runs"`
	PLeak                 float64 `json:"p_leak"`
	PLeakHalfWidth        float64 `json:"p_leak_half_width"`
	Leakers               float64 `json:"leakers"`
	LeakersHalfWidth      float64 `json:"leakers_half_width"`
	Interceptors          float64 `json:"interceptors"`
	InterceptorsHalfWidth float64 `json:"interceptors_half_width"`
}

// Convergence recomputes P(at least one leaker), mean leakers and mean
// interceptors over the first n replications (in index order) for n on a
// 1-2-5 grid up to len(rows), and at len(rows): how the confidence
// intervals narrow, about as 1/√n, as the batch grows.
func Convergence(rows []Row) []ConvergencePoint {
	var pts []ConvergencePoint
	var grid []int
	for d := 1; d <= len(rows); d *= 10 {
		for _, m := range []int{1, 2, 5} {
			if n := m * d; n >= 5 && n < len(rows) {
				grid = append(grid, n)
			}
		}
	}
	if len(rows) >= 2 {
		grid = append(grid, len(rows))
	}
	var seed uint64
	if len(rows) > 0 {
		seed = rows[0].Seed
	}
	for _, n := range grid {
		k := 0
		lk := make([]float64, n)
		ic := make([]float64, n)
		for i := 0; i < n; i++ {
			if rows[i].Leakers > 0 {
				k++
			}
			lk[i], ic[i] = float64(rows[i].Leakers), float64(rows[i].Interceptors)
		}
		p := stats.Wilson(k, n, stats.Confidence)
		l, _ := stats.MeanBCa(lk, stats.Confidence, stats.Resamples, bootstrapStream(seed, "leakers", n))
		c, _ := stats.MeanBCa(ic, stats.Confidence, stats.Resamples, bootstrapStream(seed, "interceptors", n))
		pts = append(pts, ConvergencePoint{Runs: n, PLeak: p.Estimate, PLeakHalfWidth: p.HalfWidth(),
			Leakers: l.Estimate, LeakersHalfWidth: l.HalfWidth(), Interceptors: c.Estimate, InterceptorsHalfWidth: c.HalfWidth()})
	}
	return pts
}

// WriteTable prints the estimates as an aligned table.
func (s Stats) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "%s: %d runs, seed %d, %g%% confidence intervals\n\n", s.Scenario, s.Runs, s.Seed, 100*s.Confidence)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ESTIMATE\tVALUE\tINTERVAL\tMETHOD")
	for _, p := range s.Probabilities {
		fmt.Fprintf(tw, "%s\t%.3f (%d/%d)\t[%.3f, %.3f]\t%s\n", p.Name, p.Estimate, p.K, p.N, p.Lo, p.Hi, p.Method)
	}
	for _, m := range s.Means {
		fmt.Fprintf(tw, "mean %s\t%.2f (sd %.2f, %g-%g)\t[%.2f, %.2f]\t%s\n", m.Name, m.Estimate, m.SD, m.Min, m.Max, m.Lo, m.Hi, m.Method)
	}
	for _, p := range s.KillRates {
		fmt.Fprintf(tw, "kill rate %s\t%.3f (%d/%d)\t[%.3f, %.3f]\t%s, pooled\n", p.Name, p.Estimate, p.K, p.N, p.Lo, p.Hi, p.Method)
	}
	for _, p := range s.LeakRates {
		fmt.Fprintf(tw, "leak rate %s\t%.3f (%d/%d)\t[%.3f, %.3f]\t%s, pooled\n", p.Name, p.Estimate, p.K, p.N, p.Lo, p.Hi, p.Method)
	}
	for _, f := range s.Sensitivity {
		fmt.Fprintf(tw, "rank corr. %s ~ leakers\t%+.3f\tp = %.3f, noise below |%.3f|\t%s\n", f.Figure, f.Leakers, f.PLeakers, f.Critical, f.Method)
	}
	return tw.Flush()
}
