package motion

import (
	"math"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// testRoute crosses the dateline and climbs and dives: a cruise missile's
// sea-skimming run after a high transit.
func testRoute(t testing.TB) (*Route, []Waypoint) {
	wps := []Waypoint{
		{At: geo.Deg(-17.5, 178.0, 8000), Speed: 240},
		{At: geo.Deg(-16.0, -179.2, 9000), Speed: 250},
		{At: geo.Deg(-15.2, -178.9, 30), Speed: 230},
		{At: geo.Deg(-15.1, -178.85, 30), Speed: 1}, // last speed unused
	}
	r, err := NewRoute(100, wps)
	if err != nil {
		t.Fatal(err)
	}
	return r, wps
}

func TestRouteLegEnds(t *testing.T) {
	r, wps := testRoute(t)
	tt := r.Start()
	for i, w := range wps {
		if i > 0 {
			s, _, _ := geo.Inverse(wps[i-1].At, w.At)
			tt += s / wps[i-1].Speed
		}
		pos, _, ok := r.State(tt)
		if !ok {
			t.Fatalf("waypoint %d at t=%v: not ok", i, tt)
		}
		if d := r3.Norm(r3.Sub(pos, w.At.ECEF())); d > 1e-6 {
			t.Errorf("waypoint %d: position %.3g m from the waypoint", i, d)
		}
	}
	if math.Abs(tt-r.End()) > 1e-9 {
		t.Errorf("End() = %v, sum of legs %v", r.End(), tt)
	}
}

// TestRouteDistanceFlown checks that the ground distance from the leg's
// start, measured by geo.Inverse, is speed times time, and the height is
// linear in it.
func TestRouteDistanceFlown(t *testing.T) {
	r, wps := testRoute(t)
	t0 := r.Start()
	for i := range len(wps) - 1 {
		from, to := wps[i], wps[i+1]
		length, _, _ := geo.Inverse(from.At, to.At)
		dur := length / from.Speed
		for _, frac := range []float64{0, 0.01, 0.25, 0.5, 0.9, 0.999} {
			pos, _, ok := r.State(t0 + frac*dur)
			if !ok {
				t.Fatalf("leg %d frac %v: not ok", i, frac)
			}
			p := geo.FromECEF(pos)
			flown, _, _ := geo.Inverse(from.At, p)
			want := from.Speed * frac * dur
			if math.Abs(flown-want) > 1e-6 {
				t.Errorf("leg %d at %v: flown %.9f m, speed*time %.9f m", i, frac, flown, want)
			}
			wantAlt := from.At.Alt + (to.At.Alt-from.At.Alt)*frac
			if math.Abs(p.Alt-wantAlt) > 1e-6 {
				t.Errorf("leg %d at %v: height %.6f, want %.6f", i, frac, p.Alt, wantAlt)
			}
		}
		t0 += dur
	}
	var total float64
	for i := range len(wps) - 1 {
		s, _, _ := geo.Inverse(wps[i].At, wps[i+1].At)
		total += s
	}
	if math.Abs(r.Length()-total) > 1e-9*total {
		t.Errorf("Length() = %v, want %v", r.Length(), total)
	}
}

// TestRouteVelocity compares the velocity with the central difference of
// the position, away from the corners where it jumps.
func TestRouteVelocity(t *testing.T) {
	r, _ := testRoute(t)
	const h = 1e-3
	n := 200
	for k := 1; k < n; k++ {
		tt := r.Start() + (r.End()-r.Start())*float64(k)/float64(n)
		_, vel, _ := r.State(tt)
		p1, _, ok1 := r.State(tt - h)
		p2, _, ok2 := r.State(tt + h)
		if !ok1 || !ok2 {
			continue
		}
		fd := r3.Scale(1/(2*h), r3.Sub(p2, p1))
		if d := r3.Norm(r3.Sub(vel, fd)); d > 1e-4 {
			// A leg boundary inside (t-h, t+h) makes the difference useless.
			_, v1, _ := r.State(tt - h)
			_, v2, _ := r.State(tt + h)
			if r3.Norm(r3.Sub(v1, v2)) < 1 {
				t.Errorf("t=%v: velocity %v, finite difference %v (%.3g m/s apart)", tt, vel, fd, d)
			}
		}
	}
}

func TestRouteOutside(t *testing.T) {
	r, _ := testRoute(t)
	for _, tt := range []float64{r.Start() - 1e-9, r.End() + 1e-6, math.NaN(), math.Inf(1)} {
		if _, _, ok := r.State(tt); ok {
			t.Errorf("State(%v) ok outside [%v, %v]", tt, r.Start(), r.End())
		}
	}
}

func TestRoutePath(t *testing.T) {
	r, wps := testRoute(t)
	path := r.Path()
	if path[0] != wps[0].At || path[len(path)-1] != wps[len(wps)-1].At {
		t.Errorf("path runs %v to %v, want waypoints %v to %v", path[0], path[len(path)-1], wps[0].At, wps[len(wps)-1].At)
	}
	for i := 1; i < len(path); i++ {
		if s, _, _ := geo.Inverse(path[i-1], path[i]); s > pathSpacing*(1+1e-9) || s == 0 {
			t.Errorf("path points %d and %d are %.1f m apart", i-1, i, s)
		}
	}
}

func TestNewRouteErrors(t *testing.T) {
	a, b := geo.Deg(50, 10, 100), geo.Deg(50.1, 10.1, 100)
	cases := []struct {
		name  string
		start float64
		wps   []Waypoint
		want  string
	}{
		{"none", 0, nil, "at least 2"},
		{"one", 0, []Waypoint{{a, 100}}, "at least 2"},
		{"zero speed", 0, []Waypoint{{a, 0}, {b, 0}}, "speed"},
		{"negative speed", 0, []Waypoint{{a, -5}, {b, 0}}, "speed"},
		{"NaN speed", 0, []Waypoint{{a, math.NaN()}, {b, 0}}, "speed"},
		{"infinite speed", 0, []Waypoint{{a, math.Inf(1)}, {b, 0}}, "speed"},
		{"coincident", 0, []Waypoint{{a, 100}, {b, 100}, {geo.Deg(50.1, 10.1, 900), 100}}, "coincide"},
		{"bad latitude", 0, []Waypoint{{a, 100}, {geo.LLA{Lat: 2}, 0}}, "latitude"},
		{"NaN start", math.NaN(), []Waypoint{{a, 100}, {b, 0}}, "start"},
	}
	for _, c := range cases {
		_, err := NewRoute(c.start, c.wps)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
}

var _ Mover = (*Route)(nil)
var _ Mover = (*Ballistic)(nil)
