package battle

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// countingMover flies straight at 100 m/s along x and counts the states
// asked of it; shift moves it, as a break would.
type countingMover struct {
	calls int
	shift float64
}

func (m *countingMover) State(t float64) (pos, vel r3.Vec, ok bool) {
	m.calls++
	return r3.Vec{X: 100*t + m.shift}, r3.Vec{X: 100}, t >= 0
}
func (m *countingMover) Start() float64 { return 0 }
func (m *countingMover) End() float64   { return math.Inf(1) }

// TestTruthAt: the target's state at a step's start is the end of the
// step before only when the clock agrees exactly and nothing has moved
// in the world since; a break (world.moves) makes it ask again.
func TestTruthAt(t *testing.T) {
	m := &countingMover{}
	th := &threat{mover: m}
	w := &world{}
	var c truthAt
	ask := func(at float64, wantCalls int) {
		t.Helper()
		pos, _, _ := c.state(w, th, at)
		if want := 100*at + m.shift; pos.X != want || m.calls != wantCalls {
			t.Errorf("at %v: x %v after %d calls of the mover, want %v after %d", at, pos.X, m.calls, want, wantCalls)
		}
	}
	ask(1.0, 1)
	ask(1.1, 2)
	ask(1.1, 2) // the next step's start
	ask(1.1+1e-15, 3)
	m.shift = 5 // a break: the world counts it
	w.moves++
	ask(1.1+1e-15, 4)
	ask(1.1+1e-15, 4)
}
