package battle

import (
	"math"
	"reflect"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// TestFlyoutSamples: every interceptor of a run leaves its path in the
// record, checked against the run's own events: its first sample is its
// launcher at the launch event's time, its last is where its intercept or
// self-destruct event puts it, within the event's miss distance of the
// target it killed, and in between it is sampled at the truth's cadence.
// Sampling changes no event.
func TestFlyoutSamples(t *testing.T) {
	for _, path := range []string{"../examples/s400-cruise-missile-probe.yaml", "../examples/s400-white-mountains-raid.yaml"} {
		t.Run(path, func(t *testing.T) {
			s, res := runFile(t, path)
			bySample := map[string][]Sample{}
			for _, sm := range res.Samples {
				if sm.Kind == "interceptor" {
					bySample[sm.ID] = append(bySample[sm.ID], sm)
				}
			}
			ecef := func(p *event.Position) r3.Vec { return geo.Deg(p.Lat, p.Lon, p.Alt).ECEF() }
			launches := map[string]event.Event{}
			kills := map[string]event.Event{}
			for _, e := range res.Events {
				if e.Type == event.Launch {
					launches[e.Interceptor] = e
				}
				if e.Type == event.Kill {
					kills[e.Interceptor] = e
				}
			}
			ended := 0
			for _, e := range res.Events {
				if e.Interceptor == "" || (e.Type != event.Intercept && e.Type != event.SelfDestruct) {
					continue
				}
				ended++
				l := launches[e.Interceptor]
				ss := bySample[e.Interceptor]
				if len(ss) < 2 {
					t.Errorf("%s: %d samples, want its launch, its flight and its end", e.Interceptor, len(ss))
					continue
				}
				first, last := ss[0], ss[len(ss)-1]
				if first.T != l.T || dist(first.At.ECEF(), ecef(l.Pos)) > 0.1 {
					t.Errorf("%s: first sample at %g s, %.2f m from the launcher; launched at %g s", e.Interceptor, first.T, dist(first.At.ECEF(), ecef(l.Pos)), l.T)
				}
				if first.Missile != l.Missile || first.Unit != l.Unit || first.Threat != l.Threat {
					t.Errorf("%s: sample says missile %q unit %q target %q; the launch %q %q %q", e.Interceptor,
						first.Missile, first.Unit, first.Threat, l.Missile, l.Unit, l.Threat)
				}
				if last.T != e.T || dist(last.At.ECEF(), ecef(e.Pos)) > 0.1 {
					t.Errorf("%s: last sample at %g s, %.2f m from the %s point; the event at %g s", e.Interceptor, last.T, dist(last.At.ECEF(), ecef(e.Pos)), e.Type, e.T)
				}
				if k, ok := kills[e.Interceptor]; ok && e.Miss != nil {
					// The kill's position is the target's at the fuze: the
					// missile is its miss distance away (within the
					// event's rounding and the target's interpolation
					// across the last step).
					if d := dist(last.At.ECEF(), ecef(k.Pos)); d > *e.Miss+1 {
						t.Errorf("%s: ends %.1f m from its target; its intercept event says a miss of %.2f m", e.Interceptor, d, *e.Miss)
					}
				}
				// In between: at every sample time, one sample interval
				// apart, at a speed the missile can fly.
				inner := ss[1 : len(ss)-1]
				if len(inner) == 0 && e.T-l.T > 2*SampleInterval {
					t.Errorf("%s: flew %g s and has no sample between launch and end", e.Interceptor, e.T-l.T)
				}
				for i, sm := range inner {
					if k := sm.T / SampleInterval; k != math.Round(k) {
						t.Errorf("%s: sample at %g s, not a sample time", e.Interceptor, sm.T)
					}
					if i == 0 && sm.T-l.T > SampleInterval {
						t.Errorf("%s: first sample in flight at %g s, launched at %g s", e.Interceptor, sm.T, l.T)
					}
					if i > 0 && sm.T-inner[i-1].T != SampleInterval {
						t.Errorf("%s: samples at %g s and %g s: want one every %g s", e.Interceptor, inner[i-1].T, sm.T, SampleInterval)
					}
				}
				if n := len(inner); n > 0 && e.T-inner[n-1].T > SampleInterval {
					t.Errorf("%s: last sample in flight at %g s, ended at %g s", e.Interceptor, inner[n-1].T, e.T)
				}
				top := 0.0
				for _, sm := range ss {
					top = max(top, sm.Speed)
				}
				for i := 1; i < len(ss); i++ {
					d, dt := dist(ss[i].At.ECEF(), ss[i-1].At.ECEF()), ss[i].T-ss[i-1].T
					if d > top*dt*1.01+0.1 {
						t.Errorf("%s: %.0f m in %g s between samples, faster than its top speed %.0f m/s", e.Interceptor, d, dt, top)
					}
				}
			}
			if ended == 0 || ended != len(bySample) || ended != len(launches) {
				t.Fatalf("%d launches, %d interceptors sampled, %d ended", len(launches), len(bySample), ended)
			}

			bare, err := Run(s, Options{NoSamples: true})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(bare.Events, res.Events) {
				t.Error("the events of a run without samples differ from the same run with them")
			}
			if len(bare.Samples) != 0 {
				t.Errorf("NoSamples: %d samples", len(bare.Samples))
			}
		})
	}
}

// TestHermiteAt: the interpolation between two steps is exact for
// straight flight at constant velocity and for a constant acceleration
// (a cubic holds a parabola), and holds the ends outside the span.
func TestHermiteAt(t *testing.T) {
	p0, v, a := r3.Vec{X: 1, Y: 2, Z: 3}, r3.Vec{X: 700, Y: -30, Z: 200}, r3.Vec{X: -5, Y: 40, Z: -9.8}
	at := func(s float64) (r3.Vec, r3.Vec) {
		return r3.Add(p0, r3.Add(r3.Scale(s, v), r3.Scale(s*s/2, a))), r3.Add(v, r3.Scale(s, a))
	}
	t0, t1 := 10.0, 10.7
	q0, w0 := at(0)
	q1, w1 := at(t1 - t0)
	for _, tt := range []float64{10, 10.1, 10.35, 10.69, 10.7} {
		p, vel := hermiteAt(t0, q0, w0, t1, q1, w1, tt)
		wp, wv := at(tt - t0)
		if dist(p, wp) > 1e-9 || dist(vel, wv) > 1e-9 {
			t.Errorf("t = %g: %v %v, want %v %v", tt, p, vel, wp, wv)
		}
	}
	if p, _ := hermiteAt(t0, q0, w0, t1, q1, w1, 12); p != q1 {
		t.Errorf("after the span: %v, want the end %v", p, q1)
	}
	if p, _ := hermiteAt(t0, q0, w0, t1, q1, w1, 9); p != q0 {
		t.Errorf("before the span: %v, want the start %v", p, q0)
	}
}

func dist(a, b r3.Vec) float64 { return r3.Norm(r3.Sub(a, b)) }
