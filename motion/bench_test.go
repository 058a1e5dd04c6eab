package motion

import (
	"testing"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

var sinkVec r3.Vec

func BenchmarkRouteState(b *testing.B) {
	r, _ := testRoute(b)
	t, dt := r.Start(), (r.End()-r.Start())/1e4
	for b.Loop() {
		sinkVec, _, _ = r.State(t)
		if t += dt; t > r.End() {
			t = r.Start()
		}
	}
}

func BenchmarkBallisticState(b *testing.B) {
	m, err := NewBallistic(0, geo.Deg(35, 50, 0), geo.Deg(42, 43, 0), BallisticOptions{})
	if err != nil {
		b.Fatal(err)
	}
	t, dt := m.Start(), m.FlightTime()/1e4
	for b.Loop() {
		sinkVec, _, _ = m.State(t)
		if t += dt; t > m.End() {
			t = m.Start()
		}
	}
}

func BenchmarkNewBallistic(b *testing.B) {
	for _, c := range wgs84Cases()[:2] {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := NewBallistic(0, c.launch, c.impact, c.o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
