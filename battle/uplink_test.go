package battle

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/weapon"
)

// TestUplinkDue: a message goes out first, on news of the track, on a
// handover, and once per revisit of the fire-control radar, and at every
// step for a missile commanded to the end (period 0); otherwise the
// missile flies on the last message.
func TestUplinkDue(t *testing.T) {
	a, b := &unit{}, &unit{}
	sent := func(period float64) uplink {
		l := uplink{period: period, updated: math.NaN()}
		l.send(trackRef{src: a, id: 7}, 100, 100.3, weapon.TargetState{})
		return l
	}
	for _, c := range []struct {
		name    string
		l       uplink
		ref     trackRef
		updated float64
		now     float64
		want    bool
	}{
		{"nothing sent yet", uplink{period: 1, updated: math.NaN()}, trackRef{src: a, id: 7}, 100, 100.3, true},
		{"same step", sent(1), trackRef{src: a, id: 7}, 100, 100.3, false},
		{"no news within the revisit", sent(1), trackRef{src: a, id: 7}, 100, 101.2, false},
		{"a revisit since the last", sent(1), trackRef{src: a, id: 7}, 100, 101.3, true},
		{"a revisit of ten steps summed", sent(1), trackRef{src: a, id: 7}, 100, 100.3 + 10*0.1 - 1e-12, true},
		{"news: a detection", sent(1), trackRef{src: a, id: 7}, 100.9, 101, true},
		{"handover to another track", sent(1), trackRef{src: a, id: 9}, 100, 100.4, true},
		{"handover to another unit's track", sent(1), trackRef{src: b, id: 7}, 100, 100.4, true},
		{"command to the end: every step", sent(0), trackRef{src: a, id: 7}, 100, 100.4, true},
	} {
		if got := c.l.due(c.ref, c.updated, c.now); got != c.want {
			t.Errorf("%s: due %v, want %v", c.name, got, c.want)
		}
	}
}

// TestUplinkAt: between messages the missile holds the target's last
// velocity: a target flying straight and level is where the track says
// at any time, the last message exactly at its own time.
func TestUplinkAt(t *testing.T) {
	var l uplink
	p, v := r3.Vec{X: 1000, Y: 2000, Z: 3000}, r3.Vec{X: -250, Y: 10, Z: 0}
	l.send(trackRef{id: 1}, 50, 50.5, weapon.TargetState{Pos: p, Vel: v})
	for _, dt := range []float64{0, 0.1, 0.5, 0.9} {
		got := l.at(50.5 + dt)
		want := r3.Add(p, r3.Scale(dt, v))
		if r3.Norm(r3.Sub(got.Pos, want)) > 1e-9 || got.Vel != v {
			t.Errorf("%.1f s after the message: %v, want %v moving at %v", dt, got, want, v)
		}
	}
	if got := l.at(50.5); got.Pos != p {
		t.Errorf("at the message's time: %v, want %v exactly", got.Pos, p)
	}
	if l.sent != 1 {
		t.Errorf("%d messages counted, want 1", l.sent)
	}
}
