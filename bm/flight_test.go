package bm

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
)

// TestFlightHeightsLazy: a free flight that takes exact heights only
// near the questions asked stops where one taking every step's exact
// height stops, and crosses every height where it does, bit for bit.
func TestFlightHeightsLazy(t *testing.T) {
	// A fall from 80 km at 2 km/s, 40° down, onto Brunswick.
	at := geo.Deg(43.9, -69.9, 80e3)
	fr := geo.NewFrame(at)
	p := at.ECEF()
	v := fr.RotateFromENU(r3.Vec{X: 1500, Y: 400, Z: -1300})
	for _, floor := range []float64{-27, 0, 20, 1570} {
		var f flightPath
		down := f.fly(p, v, 100, floor, 0.002)
		if !down {
			t.Fatalf("floor %g m: the flight does not come down", floor)
		}
		// Every step's exact height, as the flight made them before.
		exact := make([]float64, len(f.steps))
		for k, st := range f.steps {
			exact[k] = geo.Height(st.pos)
		}
		for k := range len(f.steps) - 1 {
			if exact[k] < floor {
				t.Fatalf("floor %g m: step %d at %.3f m, below the floor before the last", floor, k, exact[k])
			}
		}
		if last := exact[len(f.steps)-1]; !(last < floor) {
			t.Fatalf("floor %g m: last step at %.3f m, not below the floor", floor, last)
		}
		for _, h := range []float64{floor, floor + 0.001, floor + 350, floor + 5000, 60e3} {
			p, tc, ok := f.crossing(h)
			var want r3.Vec
			var wantT float64
			wantOK := false
			for k := 1; k < len(f.steps); k++ {
				if exact[k-1] >= h && exact[k] < h {
					s := zeroIn(func(s float64) float64 { return geo.Height(f.at(k, s)) - h }, exact[k-1]-h, exact[k]-h, 1e-4)
					want, wantT, wantOK = f.at(k, s), f.time(k, s), true
					break
				}
			}
			if p != want || tc != wantT || ok != wantOK {
				t.Errorf("floor %g m, crossing %g m: %v at %v (%v), want %v at %v (%v)", floor, h, p, tc, ok, want, wantT, wantOK)
			}
		}
	}
}

// TestFlightStepFloor: a sigma point whose drag is far beyond any
// warhead's (β of 20 and 2 kg/m², a tracker's drag estimate gone wild)
// still advances by at least the least step, so its flight ends within
// the horizon's worth of them, whether it comes down or not.
func TestFlightStepFloor(t *testing.T) {
	at := geo.Deg(43.9, -69.9, 30e3)
	fr := geo.NewFrame(at)
	v := fr.RotateFromENU(r3.Vec{X: 1500, Y: 400, Z: -1300})
	for _, kappa := range []float64{0.05, 0.5} {
		var f flightPath
		f.fly(at.ECEF(), v, 0, 20, kappa)
		for k := 1; k < len(f.steps); k++ {
			if dt := f.steps[k].t - f.steps[k-1].t; dt < minFlightStep {
				t.Fatalf("κ %g: step %d of %.3g s, below the least step of %g s", kappa, k, dt, minFlightStep)
			}
		}
		t.Logf("κ %g m²/kg: %d steps", kappa, len(f.steps))
	}
}

// TestStepControlShortcut: the step control's shortcut for an accurate
// step (growFullError) grows it exactly as the power of its error does,
// at errors up to the bound and a little over, and decides the same
// from the squared norms as from the norms, component by component.
func TestStepControlShortcut(t *testing.T) {
	exact := func(ep, ev r3.Vec) (float64, float64) {
		err := max(geo.Norm(ep)/flightTolPosition, geo.Norm(ev)/flightTolVelocity)
		return err, min(5, max(0.2, 0.9*math.Pow(err, -0.2)))
	}
	rng := rand.New(rand.NewPCG(8, 2))
	for trial := range 200000 {
		// Errors from 1e-12 to 10 times the tolerance, log-uniform, in
		// position or velocity, in any direction.
		e := math.Pow(10, -12+13*rng.Float64())
		dir := r3.Unit(r3.Vec{X: rng.NormFloat64(), Y: rng.NormFloat64(), Z: rng.NormFloat64()})
		ep := r3.Scale(e*flightTolPosition*rng.Float64(), dir)
		ev := r3.Scale(e*flightTolVelocity, dir)
		if trial%2 == 0 {
			ep, ev = r3.Scale(e*flightTolPosition, dir), r3.Scale(e*flightTolVelocity*rng.Float64(), dir)
		}
		wantErr, wantGrow := exact(ep, ev)
		err, grow := stepControl(ep, ev)
		if grow != wantGrow || (err > 1) != (wantErr > 1) || err != 0 && err != wantErr {
			t.Fatalf("error %g: step control (%g, %g), the power's (%g, %g)", e, err, grow, wantErr, wantGrow)
		}
	}
	for _, e := range []float64{0, 1e-300, growFullError * (1 - 1e-12), growFullError, growFullError * (1 + 1e-12)} {
		ep := r3.Vec{X: e * flightTolPosition}
		if _, grow := stepControl(ep, r3.Vec{}); grow != 5 {
			t.Errorf("error %g: growth %g, want 5", e, grow)
		}
	}
}

// TestEnterWithinLongStep: a flight in vacuum comes down from 47 km in
// steps of tens of seconds, and passes a site's 2 km sphere within one
// of them, whose ends lie outside it, for a fraction of a second. enter
// finds the first time the step's path comes within the radius, as a
// scan of that path every millisecond does; sixteen samples of the step
// missed the sphere it grazes (grid-regiments, natanz, 586 s, was
// inside for a sixteenth of a 41 s step).
func TestEnterWithinLongStep(t *testing.T) {
	at := geo.Deg(33.5, 51.5, 47e3)
	fr := geo.NewFrame(at)
	v := fr.RotateFromENU(r3.Vec{X: 900, Y: 900, Z: -1100})
	var f flightPath
	if !f.fly(at.ECEF(), v, 0, 10, 0) {
		t.Fatal("the flight did not come down")
	}
	k := 1
	for k < len(f.steps)-1 && f.steps[k].t-f.steps[k-1].t < 20 {
		k++
	}
	dt := f.steps[k].t - f.steps[k-1].t
	if dt < 20 {
		t.Fatalf("no step of 20 s or more in %d steps", len(f.steps))
	}
	// A site off the path about the middle of that step, across it,
	// between two of sixteen samples.
	mid := f.at(k, 0.53)
	side := r3.Unit(r3.Cross(r3.Sub(f.steps[k].pos, f.steps[k-1].pos), mid))
	for _, tc := range []struct {
		off  float64
		want bool
	}{{1200, true}, {1990, true}, {2100, false}} {
		c := r3.Add(mid, r3.Scale(tc.off, side))
		got := f.enter(c, 2000)
		// The scan: every millisecond of every step.
		scan := math.Inf(1)
		for j := 1; j < len(f.steps) && math.IsInf(scan, 1); j++ {
			n := int((f.steps[j].t - f.steps[j-1].t) / 1e-3)
			for i := 0; i <= n; i++ {
				s := float64(i) / float64(n)
				if r3.Norm(r3.Sub(f.at(j, s), c)) <= 2000 {
					scan = f.time(j, s)
					break
				}
			}
		}
		if math.IsInf(scan, 1) == tc.want {
			t.Fatalf("site %g m off: the scan finds entry %v, want entry %v", tc.off, scan, tc.want)
		}
		if math.IsInf(got, 1) != math.IsInf(scan, 1) || !math.IsInf(got, 1) && math.Abs(got-scan) > 2e-3 {
			t.Errorf("site %g m off the step of %.1f s: enter %.4f s, the scan %.4f s", tc.off, dt, got, scan)
		}
	}
}

// tableauStep is one Dormand-Prince step as a loop over the tableau's
// rows (dpA, dpE), as fly made it before dpStep wrote the rows out.
func tableauStep(p, v r3.Vec, h, kappa float64, kv, ka *[7]r3.Vec) (ps, vs, ep, ev r3.Vec) {
	acc := func(p, v r3.Vec) r3.Vec { return motion.EarthAccel(p, v, kappa, motion.Exponential) }
	for i := 1; i < 7; i++ {
		ps, vs = p, v
		for j, c := range dpA[i][:i] {
			if c != 0 {
				ps = r3.Add(ps, r3.Scale(h*c, kv[j]))
				vs = r3.Add(vs, r3.Scale(h*c, ka[j]))
			}
		}
		kv[i], ka[i] = vs, acc(ps, vs)
	}
	for i, e := range dpE {
		if e != 0 {
			ep = r3.Add(ep, r3.Scale(h*e, kv[i]))
			ev = r3.Add(ev, r3.Scale(h*e, ka[i]))
		}
	}
	return ps, vs, ep, ev
}

// TestDPStepIsTheTableau: the step written out (dpStep) is the
// tableau's loop bit for bit, stages and error, over random falls: any
// place, 0 to 120 km up, any direction at up to 4 km/s, steps of the
// least to the longest, in vacuum and in air.
func TestDPStepIsTheTableau(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	bits := func(v r3.Vec) [3]uint64 {
		return [3]uint64{math.Float64bits(v.X), math.Float64bits(v.Y), math.Float64bits(v.Z)}
	}
	for n := range 20000 {
		p := geo.Deg(r.Float64()*180-90, r.Float64()*360-180, r.Float64()*120e3).ECEF()
		v := r3.Scale(r.Float64()*4000, r3.Unit(r3.Vec{X: r.NormFloat64(), Y: r.NormFloat64(), Z: r.NormFloat64()}))
		h := minFlightStep + r.Float64()*(maxFlightStep-minFlightStep)
		kappa := 0.0
		if n%2 == 1 {
			kappa = r.Float64() * 1e-3
		}
		var kv, ka, kv2, ka2 [7]r3.Vec
		kv[0], ka[0] = v, motion.EarthAccel(p, v, kappa, motion.Exponential)
		kv2[0], ka2[0] = kv[0], ka[0]
		ps, vs, ep, ev := dpStep(p, v, h, kappa, &kv, &ka)
		ps2, vs2, ep2, ev2 := tableauStep(p, v, h, kappa, &kv2, &ka2)
		for i, pair := range [][2]r3.Vec{{ps, ps2}, {vs, vs2}, {ep, ep2}, {ev, ev2}} {
			if bits(pair[0]) != bits(pair[1]) {
				t.Fatalf("fall %d (h %v, κ %v): result %d %v, the tableau's %v", n, h, kappa, i, pair[0], pair[1])
			}
		}
		for i := range kv {
			if bits(kv[i]) != bits(kv2[i]) || bits(ka[i]) != bits(ka2[i]) {
				t.Fatalf("fall %d: stage %d's slopes %v %v, the tableau's %v %v", n, i, kv[i], ka[i], kv2[i], ka2[i])
			}
		}
	}
}
