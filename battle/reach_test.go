package battle

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/sim"
	"gonum.org/v1/gonum/spatial/r3"
)

// TestReachBoundsFeasible: a track beyond a unit's reach bound
// (reachOf) is one its planner cannot engage (bm.Unit.Feasible false),
// for the S-400, the S-300PMU-2 and a Pantsir, against targets high
// and low, fast and slow, flying straight at the unit (the worst case);
// and the bound is not vacuous: it leaves out targets a few hundred km
// beyond the unit's longest missile.
func TestReachBoundsFeasible(t *testing.T) {
	s, err := scenario.Load("../examples/sead-vs-s400-pantsir.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s300, err := scenario.Parse("s300.yaml", []byte(oneBattalion("s300pmu2", "", `  - {id: cm, type: subsonic-cruise-missile, altitude: 60 m, target: base, route: [{lat: 44.5, lon: -70}, {lat: 44, lon: -70}]}
`)))
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(16, 2))
	for _, sc := range []*scenario.Scenario{s, s300} {
		w := builtWorld(t, sc)
		for _, u := range w.units {
			b := u.bm
			// The planner's answer alone: the fire-control radar holds
			// every track and has time for it.
			b.FC.Held, b.FC.Busy = nil, nil
			fc := b.FC.Pos
			here := geo.FromECEF(fc)
			frame := geo.NewFrame(here)
			beyond, feasible := 0, 0
			for k := 0; k < 3000; k++ {
				az := 2 * math.Pi * r.Float64()
				dist := u.reach.dist * 2 * r.Float64()
				alt := []float64{30, 3000, 12000, 25000}[k%4]
				speed := []float64{50, 250, 700, 2000}[(k/4)%4]
				pos := frame.FromENU(r3.Vec{X: dist * math.Sin(az), Y: dist * math.Cos(az), Z: alt})
				p := geo.FromECEF(pos)
				p.Alt = alt
				pos = p.ECEF()
				vel := r3.Scale(speed, r3.Unit(r3.Sub(fc, pos)))
				th := bm.Threat{Track: bm.Track{ID: k, T: 0, Updated: 0, Pos: pos, Vel: vel,
					PosCov: [9]float64{100, 0, 0, 0, 100, 0, 0, 0, 100}, VelSigma: 1}, Class: bm.ClassAircraft, TimeToGo: math.Inf(1)}
				_, ok := b.Feasible(0, th)
				if ok {
					feasible++
				}
				if u.reach.beyond(fc, th.Track.Pos, th.Track.Vel) {
					beyond++
					if ok {
						t.Fatalf("%s: a target %.0f km out at %.0f m, %.0f m/s inbound, is beyond the reach bound (%.0f km + %.0f s) and feasible",
							u.spec.ID, r3.Norm(r3.Sub(pos, fc))/1e3, alt, speed, u.reach.dist/1e3, u.reach.horizon)
					}
				}
			}
			if beyond < 500 || feasible == 0 {
				t.Errorf("%s: %d of 3000 targets beyond the bound, %d feasible: the test is vacuous", u.spec.ID, beyond, feasible)
			}
		}
	}
}

// TestFarBattalionLeavesSharedTracks: two battalions of one IADS 1 200 km
// apart, cruise missiles near one of them: the other, far from the
// action, holds fire on none of them (they are beyond its reach and
// out of its picture), while the near one engages.
func TestFarBattalionLeavesSharedTracks(t *testing.T) {
	text := strings.Replace(oneBattalion("s400", "", `  - {id: cm, type: subsonic-cruise-missile, altitude: 300 m, count: 6, interval: 20 s, target: base,
     route: [{lat: 45.0, lon: -70.0}, {lat: 44.0, lon: -70.0}]}
`), "air_defence:\n", `  - {id: far, at: {lat: 55.00, lon: -70.00}, value: 1, radius: 1 km}
air_defence:
  - {id: bn2, system: s400, at: {lat: 55.00, lon: -70.00}}
`, 1)
	text = strings.Replace(text, "threats:\n", "iads: {command_post: base, units: [bn1, bn2]}\nthreats:\n", 1)
	s, err := scenario.Parse("far.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	launches := 0
	for _, e := range res.Events {
		switch {
		case e.Type == event.Launch && e.Unit == "bn1":
			launches++
		case e.Unit == "bn2" && (e.Type == event.HoldFire || e.Type == event.Engagement):
			t.Errorf("%.0f s: far battalion bn2 %s on %s (%s)", e.T, e.Type, e.Threat, e.Reason)
		}
	}
	if launches == 0 {
		t.Errorf("bn1 never launched: the test holds vacuously")
	}
}

// builtWorld is the world of replication 0 of sc with its threats and
// units built, before its radars and decisions are scheduled.
func builtWorld(t *testing.T, sc *scenario.Scenario) *world {
	t.Helper()
	sh, err := Prepare(sc)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{s: sc, eng: sim.New(), rep: "0", profiles: map[int]*bm.Profile{}, shared: sh, terrain: sh.Terrain}
	if err := w.buildThreats(); err != nil {
		t.Fatal(err)
	}
	for i := range sc.Units {
		u, err := w.buildUnit(&sc.Units[i])
		if err != nil {
			t.Fatal(err)
		}
		w.units = append(w.units, u)
	}
	return w
}

// TestReachBeyondExact: beyond's quick test (square roots of sums of
// squares, falling back to the norms where the two sides are within a
// billionth of each other) answers as the bound written with r3.Norm
// does, for tracks anywhere from the radar to far out and for tracks
// placed on the bound to within a few ulps, where rounding decides;
// and for inputs no track has (huge, tiny, infinite, NaN).
func TestReachBeyondExact(t *testing.T) {
	norms := func(r reach, fc r3.Vec, tk bm.Track) bool {
		return r3.Norm(r3.Sub(tk.Pos, fc)) > r.dist+r3.Norm(tk.Vel)*r.horizon
	}
	rnd := rand.New(rand.NewPCG(21, 16))
	unit := func() r3.Vec {
		for {
			v := r3.Vec{X: 2*rnd.Float64() - 1, Y: 2*rnd.Float64() - 1, Z: 2*rnd.Float64() - 1}
			if n := r3.Norm(v); n > 0.1 && n <= 1 {
				return r3.Scale(1/n, v)
			}
		}
	}
	fc := geo.Deg(44.6, 33.5, 100).ECEF()
	var near, beyond, within int
	check := func(r reach, fc r3.Vec, tk bm.Track) {
		t.Helper()
		want := norms(r, fc, tk)
		if got := r.beyond(fc, tk.Pos, tk.Vel); got != want {
			t.Fatalf("reach %+v, fc %v, track at %v moving %v: beyond %v, the norms say %v", r, fc, tk.Pos, tk.Vel, got, want)
		}
		if want {
			beyond++
		} else {
			within++
		}
	}
	for k := 0; k < 200000; k++ {
		r := reach{dist: 20e3 + 500e3*rnd.Float64(), horizon: 300 * rnd.Float64()}
		vel := r3.Scale(3000*rnd.Float64(), unit())
		bound := r.dist + r3.Norm(vel)*r.horizon
		var d float64
		if k%2 == 0 {
			d = 3 * bound * rnd.Float64()
		} else {
			// On the bound, a few ulps either side: the fast sum of
			// squares and the norms may round apart here.
			d = bound
			for range rnd.IntN(9) {
				if k%4 == 1 {
					d = math.Nextafter(d, math.Inf(1))
				} else {
					d = math.Nextafter(d, 0)
				}
			}
			near++
		}
		check(r, fc, bm.Track{Pos: r3.Add(fc, r3.Scale(d, unit())), Vel: vel})
	}
	// Inputs no track has: the quick test must not decide them wrongly.
	odd := []float64{0, 1e-170, 1e-310, 1e160, 1e200, math.MaxFloat64, math.Inf(1), math.NaN()}
	for _, a := range odd {
		for _, b := range odd {
			for _, r := range []reach{{}, {dist: 20e3, horizon: 200}, {dist: a, horizon: b}} {
				check(r, r3.Vec{}, bm.Track{Pos: r3.Vec{X: a, Y: -a, Z: a}, Vel: r3.Vec{X: b, Y: b}})
				check(r, r3.Vec{}, bm.Track{Pos: r3.Vec{X: a}, Vel: r3.Vec{Z: -b}})
			}
		}
	}
	if near == 0 || beyond < 1000 || within < 1000 {
		t.Fatalf("%d on the bound, %d beyond, %d within: the sweep does not cross it", near, beyond, within)
	}
}

// BenchmarkReachBeyond: beyond's quick test against the bound written
// with r3.Norm, on tracks spread from the radar to twice the reach (the
// ratio of the two is what the quick test saves a question):
//
//	go test ./battle -run '^$' -bench ReachBeyond -count 6
func BenchmarkReachBeyond(b *testing.B) {
	rnd := rand.New(rand.NewPCG(21, 16))
	fc := geo.Deg(44.6, 33.5, 100).ECEF()
	r := reach{dist: 420e3, horizon: 250}
	tracks := make([]bm.Track, 1024)
	for i := range tracks {
		az, d := 2*math.Pi*rnd.Float64(), 2*(r.dist+700*r.horizon)*rnd.Float64()
		tracks[i] = bm.Track{
			Pos: r3.Add(fc, r3.Vec{X: d * math.Sin(az), Y: d * math.Cos(az), Z: 1e4 * rnd.Float64()}),
			Vel: r3.Vec{X: 700 * rnd.Float64(), Y: -300 * rnd.Float64(), Z: 5},
		}
	}
	var n int
	b.Run("norms", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			tk := &tracks[i%len(tracks)]
			if r3.Norm(r3.Sub(tk.Pos, fc)) > r.dist+r3.Norm(tk.Vel)*r.horizon {
				n++
			}
		}
	})
	b.Run("quick", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			tk := &tracks[i%len(tracks)]
			if r.beyond(fc, tk.Pos, tk.Vel) {
				n++
			}
		}
	})
	if n == 0 {
		b.Fatal("no track beyond the reach")
	}
}
