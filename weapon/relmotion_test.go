package weapon

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// closestApproachByPolynomials is relMotion.closestApproach as it was
// before the step's ends were taken without their polynomials: r·r' at
// both ends from at, then the same bisection.
func closestApproachByPolynomials(q *relMotion) (float64, bool) {
	if !(q.h > 0) {
		return 0, false
	}
	g := func(s float64) float64 {
		r, v := q.at(s)
		return r3.Dot(r, v)
	}
	if !(g(0) < 0) || !(g(q.h) >= 0) {
		return 0, false
	}
	return q.bisect(), true
}

// TestRelMotionEnds holds start and end, the step's ends without their
// Hermite polynomials, to at(0) and at(h) bit for bit (== takes -0 for
// 0, the only difference the closed forms allow), and closestApproach
// to the bisection on at alone, over random finite steps: a missile and
// a target kilometres apart or passing within metres, steps of 1 ms to
// 1 s, the target's step the missile's or longer (a step cut short at
// the self-destruct), components that are exactly zero, and steps of
// zero length.
func TestRelMotionEnds(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 10))
	vec := func(scale float64) r3.Vec {
		c := func() float64 {
			if rng.IntN(8) == 0 {
				return 0
			}
			return scale * (2*rng.Float64() - 1)
		}
		return r3.Vec{X: c(), Y: c(), Z: c()}
	}
	fuzed := 0
	for n := range 200000 {
		h := []float64{0.1, 0.05, 1e-3, rng.Float64()}[rng.IntN(4)]
		if n%1000 == 0 {
			h = 0
		}
		ht := h
		if rng.IntN(4) == 0 {
			ht = h * (1 + 9*rng.Float64())
		}
		vm0, vt0 := vec(3000), vec(1000)
		q := relMotion{
			r0:  vec([]float64{1e5, 3e3, 50}[rng.IntN(3)]),
			vm0: vm0, vm1: r3.Add(vm0, vec(50)), h: h,
			vt0: vt0, vt1: r3.Add(vt0, vec(10)), ht: ht,
		}
		q.dm = r3.Add(r3.Scale(h, vm0), vec(10*h))
		q.dt = r3.Add(r3.Scale(ht, vt0), vec(ht))
		if h > 0 {
			r, v := q.start()
			wr, wv := q.at(0)
			if !sameVec(r, wr) || !sameVec(v, wv) {
				t.Fatalf("%+v: start() = %v, %v, want at(0) = %v, %v", q, r, v, wr, wv)
			}
		}
		r, v := q.end()
		wr, wv := q.at(q.h)
		if !sameVec(r, wr) || !sameVec(v, wv) {
			t.Fatalf("%+v: end() = %v, %v, want at(h) = %v, %v", q, r, v, wr, wv)
		}
		s, ok := q.closestApproach()
		ws, wok := closestApproachByPolynomials(&q)
		if s != ws || ok != wok {
			t.Fatalf("%+v: closestApproach() = %v, %v, want %v, %v", q, s, ok, ws, wok)
		}
		if ok {
			fuzed++
		}
	}
	t.Logf("%d steps of 200 000 held a closest approach", fuzed)
	if fuzed < 1000 {
		t.Errorf("only %d of the steps held a closest approach: the test does not reach the bisection", fuzed)
	}
}

// sameVec is a == b, with a NaN the same as a NaN: at(h) of a step of
// zero length is NaN, and end must be too.
func sameVec(a, b r3.Vec) bool {
	same := func(x, y float64) bool { return x == y || x != x && y != y }
	return same(a.X, b.X) && same(a.Y, b.Y) && same(a.Z, b.Z)
}
