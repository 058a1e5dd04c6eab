package iads

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// fakeUnit is a unit that reports the tracks a test gives it.
type fakeUnit struct {
	index  int
	tracks []UnitTrack
}

func (u *fakeUnit) ID() string { return fmt.Sprintf("u%d", u.index) }
func (u *fakeUnit) Index() int { return u.index }
func (u *fakeUnit) Tracks(_ float64, dst []UnitTrack) []UnitTrack {
	return append(dst, u.tracks...)
}
func (u *fakeUnit) Beyond(_, _ r3.Vec) bool                 { return false }
func (u *fakeUnit) Busy(int) bool                           { return false }
func (u *fakeUnit) Silent() bool                            { return false }
func (u *fakeUnit) Shots() int                              { return 0 }
func (u *fakeUnit) Kill(float64, bm.Threat) (float64, bool) { return 0, false }

// crossing is the truth and the units' tracks of TestPictureAgainstTruth:
// six units 40 km about a centre, each seeing 90 km about it, and ten
// pairs of targets at 250 m/s whose routes cross, the two of a pair over
// one point at one instant 300 m apart in height, on headings 60 to 120
// degrees apart.
//
// A unit's track of a target is the truth plus the unit's registration
// error (bm.RegistrationSigma per axis, one draw per unit for the run)
// plus its filter's error (150 m per axis, 1-sigma, correlated from
// second to second with coefficient 0.9, as a tracker's estimate
// wanders), with that filter covariance: the model bm.Correlate is built
// on. Each second a unit drops a track with probability 0.01 and starts
// a new one under a new number 3 s later, as radars fade and trackers
// start again; a target entering a unit's coverage gets a new track.
type crossing struct {
	units    []*fakeUnit
	steps    int             // of 1 s, from 0
	tracksAt [][][]UnitTrack // per step, per unit
	tagOf    []map[int]int   // per step: unit track key -> target
	targets  int
}

// system is an IADS commanding the crossing's units, each track its own
// threat.
func (c *crossing) system() *System {
	units := make([]Unit, len(c.units))
	for i, u := range c.units {
		units[i] = u
	}
	return New(Config{CommandPost: "cp", Members: units, PerTarget: 1,
		Evaluate: func(tk bm.Track) bm.Threat { return bm.Threat{Track: tk} },
		Stream:   func(...string) *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }})
}

func newCrossing(seed uint64) *crossing {
	const (
		units    = 6
		pairs    = 10
		speed    = 250.0
		cover    = 90e3
		sigma    = 150.0
		rho      = 0.9
		dropProb = 0.01
		restart  = 3
		steps    = 240
	)
	rng := rand.New(rand.NewPCG(seed, 16))
	frame := geo.NewFrame(geo.Deg(35.7, 51.4, 0))
	c := &crossing{steps: steps, targets: 2 * pairs}
	var sites []r3.Vec
	var bias []r3.Vec
	for u := 0; u < units; u++ {
		a := 2 * math.Pi * float64(u) / units
		sites = append(sites, r3.Vec{X: 40e3 * math.Cos(a), Y: 40e3 * math.Sin(a)})
		bias = append(bias, r3.Vec{X: bm.RegistrationSigma * rng.NormFloat64(), Y: bm.RegistrationSigma * rng.NormFloat64(), Z: bm.RegistrationSigma * rng.NormFloat64()})
		c.units = append(c.units, &fakeUnit{index: u})
	}
	type target struct {
		at, vel r3.Vec // ENU at tc, m and m/s
		tc      float64
	}
	var ts []target
	for p := 0; p < pairs; p++ {
		centre := r3.Vec{X: 60e3 * (rng.Float64() - 0.5), Y: 60e3 * (rng.Float64() - 0.5), Z: 3000}
		h1 := 2 * math.Pi * rng.Float64()
		h2 := h1 + (math.Pi/3+rng.Float64()*math.Pi/3)*float64(1-2*(p%2))
		tc := 60 + 12*float64(p)
		ts = append(ts,
			target{at: centre, vel: r3.Vec{X: speed * math.Sin(h1), Y: speed * math.Cos(h1)}, tc: tc},
			target{at: r3.Add(centre, r3.Vec{Z: 300}), vel: r3.Vec{X: speed * math.Sin(h2), Y: speed * math.Cos(h2)}, tc: tc})
	}
	type held struct {
		id      int    // 0: no track
		wait    int    // steps before a new track starts
		err     r3.Vec // filter error, ENU
		covered bool   // last step
	}
	state := make([][]held, units)
	next := make([]int, units)
	for u := range state {
		state[u] = make([]held, len(ts))
	}
	cov := [9]float64{sigma * sigma, 0, 0, 0, sigma * sigma, 0, 0, 0, sigma * sigma}
	innov := sigma * math.Sqrt(1-rho*rho)
	c.tracksAt = make([][][]UnitTrack, steps)
	for k := 0; k < steps; k++ {
		tagOf := map[int]int{}
		t := float64(k)
		for u := range c.units {
			var tracks []UnitTrack
			for i, tg := range ts {
				pos := r3.Add(tg.at, r3.Scale(t-tg.tc, tg.vel))
				h := &state[u][i]
				in := r3.Norm(r3.Sub(pos, sites[u])) <= cover
				switch {
				case !in:
					h.id, h.wait = 0, 0
				case !h.covered:
					h.id, h.wait = 0, 0 // entering coverage: a new track now
				case h.id != 0 && rng.Float64() < dropProb:
					h.id, h.wait = 0, restart
				}
				h.covered = in
				if !in {
					continue
				}
				if h.id == 0 {
					if h.wait > 0 {
						h.wait--
						continue
					}
					next[u]++
					h.id = next[u]
					h.err = r3.Vec{X: sigma * rng.NormFloat64(), Y: sigma * rng.NormFloat64(), Z: sigma * rng.NormFloat64()}
				} else {
					h.err = r3.Add(r3.Scale(rho, h.err), r3.Vec{X: innov * rng.NormFloat64(), Y: innov * rng.NormFloat64(), Z: innov * rng.NormFloat64()})
				}
				est := r3.Add(frame.FromENU(r3.Add(pos, h.err)), bias[u])
				vel := frame.RotateFromENU(r3.Add(tg.vel, r3.Vec{X: 10 * rng.NormFloat64(), Y: 10 * rng.NormFloat64(), Z: 10 * rng.NormFloat64()}))
				key := Key(u, h.id)
				tracks = append(tracks, UnitTrack{Track: bm.Track{ID: key, T: t, Updated: t, Pos: est, Vel: vel, VelSigma: 10, PosCov: cov}, Tag: i})
				tagOf[key] = i
			}
			c.tracksAt[k] = append(c.tracksAt[k], tracks)
		}
		c.tagOf = append(c.tagOf, tagOf)
	}
	return c
}

// pictureScore is how a picture over a run agrees with the truth.
type pictureScore struct {
	// purity is the share of system tracks (over all steps) whose unit
	// tracks are all of one target; completeness the share of targets
	// seen by a unit (over all steps) whose unit tracks are all in one
	// system track.
	purity, completeness float64
	// renumbered counts the changes of a target's number from one step
	// to the next while it is held, counting only the steps where its
	// system track is its own (pure and complete); steady is the share
	// of targets never renumbered.
	renumbered int
	steady     float64
}

// score scores the pictures of c's steps.
func (c *crossing) score(pictures []*Picture) pictureScore {
	var pure, systems, whole, seen int
	last := make([]int, c.targets)   // number at the last step it was its own, 0: none
	lastAt := make([]int, c.targets) // that step
	changed := make([]bool, c.targets)
	var sc pictureScore
	for k, p := range pictures {
		homes := map[int]map[int]bool{} // target -> system tracks holding it
		own := map[int]int{}            // target -> number of its pure system track
		for _, st := range p.Tracks() {
			systems++
			tags := map[int]bool{}
			for _, key := range st.Keys {
				g := c.tagOf[k][key]
				tags[g] = true
				if homes[g] == nil {
					homes[g] = map[int]bool{}
				}
				homes[g][st.Number] = true
			}
			if len(tags) == 1 {
				pure++
				for g := range tags {
					own[g] = st.Number
				}
			}
		}
		for g, h := range homes {
			seen++
			if len(h) != 1 {
				continue
			}
			whole++
			num, ok := own[g]
			if !ok {
				continue
			}
			if last[g] != 0 && last[g] != num && k-lastAt[g] <= Coast {
				sc.renumbered++
				changed[g] = true
			}
			last[g], lastAt[g] = num, k
		}
	}
	sc.purity = float64(pure) / float64(systems)
	sc.completeness = float64(whole) / float64(seen)
	steady := 0
	for g := range changed {
		if !changed[g] && last[g] != 0 {
			steady++
		}
	}
	sc.steady = float64(steady) / float64(c.targets)
	return sc
}

// TestPictureAgainstTruth (issue 16): the recognised air picture built
// by the IADS (Allocate, Picture) from six units' tracks of ten pairs of
// crossing targets (crossing), scored against the truth, and the same
// scoring shown to fail on broken pictures: a correlator whose gate is
// zero (every unit track its own system track), one whose gate is
// infinite (one system track for all) and a picture that forgets its
// numbers from one instant to the next.
//
// Bounds. Purity: a pair is one target while its two are within the
// gate, about sqrt(16.3·(2·150² + 250²)) = 1.3 km of each other plus the
// filter and registration errors: at 250 m/s on headings 60 to 120
// degrees apart (closing at 250 to 430 m/s) that is 6 to 11 s of each
// crossing, in which one system track of the pair's two is impure; over
// 240 s with 20 targets that is under 3% of the system tracks. Purity at
// least 0.95. Completeness: a target's tracks split when a track's d²
// to its target's first track exceeds the gate, which happens with
// P(χ²₃ > 16.3/1.58) = 0.016 per track (TestGatherPurityCompleteness);
// with five tracks of a target besides the first, 1 - 0.984^5 = 7.8% of
// targets are split at an instant, and a crossing splits its pair for a
// few seconds (under 4% of the target-instants): at least 0.85.
// (Completeness turns on the units' registration draws, one per unit
// for the run: over seeds 1 to 7 it ranged from 0.75 to 0.98, mean
// 0.90; the broken correlators below score 0.)
// Persistence: numbers are kept across crossings and track restarts (a
// unit drops a track about every 100 s): at least 90% of the targets
// are never renumbered. Measured (seed 1): purity 0.975, completeness
// 0.891, no renumbering; a picture whose unit tracks vote only for their
// current number (no home) renumbered 4 of the 20 at crossings.
func TestPictureAgainstTruth(t *testing.T) {
	c := newCrossing(1)
	sys := c.system()
	var real []*Picture
	for k := 0; k < c.steps; k++ {
		for u, fu := range c.units {
			fu.tracks = c.tracksAt[k][u]
		}
		sys.Allocate(float64(k))
		p := *sys.Picture()
		p.tracks = append([]SystemTrack(nil), p.tracks...)
		real = append(real, &p)
		for _, st := range p.Tracks() {
			for _, key := range st.Keys {
				if got := sys.Number(key, float64(k)); got != st.Number {
					t.Fatalf("step %d: Number(%x) = %d, want %d, the system track holding it", k, key, got, st.Number)
				}
			}
		}
	}
	got := c.score(real)
	t.Logf("picture: purity %.3f, completeness %.3f, %d renumberings, %.2f of targets never renumbered", got.purity, got.completeness, got.renumbered, got.steady)
	if got.purity < 0.95 || got.completeness < 0.85 || got.steady < 0.9 {
		t.Errorf("picture: purity %.3f (want >= 0.95), completeness %.3f (>= 0.85), never renumbered %.2f (>= 0.90)", got.purity, got.completeness, got.steady)
	}

	// The scoring fails on broken pictures.
	mutants := []struct {
		name   string
		gather func([]bm.Track) []int
		forget bool
	}{
		{name: "gate zero", gather: func(ts []bm.Track) []int {
			of := make([]int, len(ts))
			for i := range of {
				of[i] = i
			}
			return of
		}},
		{name: "gate infinite", gather: func(ts []bm.Track) []int { return make([]int, len(ts)) }},
		{name: "numbers forgotten", gather: Gather, forget: true},
	}
	for _, m := range mutants {
		var ps []*Picture
		p := &Picture{}
		for k := 0; k < c.steps; k++ {
			var ts []bm.Track
			for _, tracks := range c.tracksAt[k] {
				for _, r := range tracks {
					ts = append(ts, r.Track)
				}
			}
			if m.forget {
				p = &Picture{next: p.next}
			}
			p.Update(float64(k), ts, m.gather(ts))
			q := *p
			ps = append(ps, &q)
		}
		s := c.score(ps)
		t.Logf("%s: purity %.3f, completeness %.3f, %d renumberings, %.2f never renumbered", m.name, s.purity, s.completeness, s.renumbered, s.steady)
		if s.purity >= 0.95 && s.completeness >= 0.85 && s.steady >= 0.9 {
			t.Errorf("%s: the scoring passes a broken picture", m.name)
		}
	}
}
