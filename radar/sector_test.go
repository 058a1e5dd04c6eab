package radar

import (
	"math"
	"math/rand/v2"
	"testing"
)

// A fire-control array sees nothing behind its sector: a large, close
// target at every azimuth is detected only within ±60° of the boresight,
// and Covers says the same; turning the mount turns what it sees.
func TestSectorHidesWhatIsBehind(t *testing.T) {
	c := testConfig()
	c.Sector = Sector{Azimuth: 90 * math.Pi / 180, HalfWidth: 60 * math.Pi / 180}
	r := mustNew(t, c)
	rngFor := func(int) *rand.Rand { return rand.New(rand.NewPCG(1, 1)) }
	for _, tc := range []struct {
		az   float64 // deg
		want bool
	}{
		{90, true}, {31, true}, {149, true}, {29, false}, {151, false},
		{270, false}, {0, false}, {180, false},
	} {
		tg := []Target{{ID: 1, Pos: place(r, tc.az*math.Pi/180, 0.05, 30e3), RCS: 100}}
		got := len(r.Look(0, tg, rngFor)) == 1
		if got != tc.want || r.Covers(tg[0].Pos) != tc.want {
			t.Errorf("azimuth %g°: detected %v, covered %v; want %v", tc.az, got, r.Covers(tg[0].Pos), tc.want)
		}
	}
	back := []Target{{ID: 1, Pos: place(r, 270*math.Pi/180, 0.05, 30e3), RCS: 100}}
	if turned := r.WithSector(270 * math.Pi / 180); len(turned.Look(0, back, rngFor)) != 1 || len(r.Look(0, back, rngFor)) != 0 {
		t.Error("turning the mount to 270° does not let the radar see the target there, or changes the original")
	}
}

func TestSectorAcross(t *testing.T) {
	s := Sector{Azimuth: 350 * math.Pi / 180, HalfWidth: 60 * math.Pi / 180}
	for _, tc := range []struct{ az, want float64 }{
		{290, 0}, {350, 0.5}, {50, 1}, {20, 0.75}, {170, 2}, // 170° is 180° off: outside
	} {
		if got := s.Across(tc.az * math.Pi / 180); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("Across(%g°) = %g, want %g", tc.az, got, tc.want)
		}
	}
	if full := (Sector{}); !full.Full() || !full.Contains(3) || math.Abs(full.Across(math.Pi)-0.5) > 1e-12 {
		t.Error("the zero sector is not the whole circle")
	}
}

// The time budget: with a 10 ms dwell each second and a fifth kept for
// search, 80 targets and missiles fill the radar; the search frame grows
// as 1/(1 - load).
func TestBudget(t *testing.T) {
	b := Budget{TrackPeriod: 1, TrackDwell: 0.01, SearchFrame: 4, MinSearch: 0.2}
	if err := b.Valid(); err != nil {
		t.Fatal(err)
	}
	if got := b.Capacity(); got != 80 {
		t.Errorf("capacity %d, want 80", got)
	}
	for _, tc := range []struct {
		n, k int
		room bool
	}{{0, 1, true}, {79, 1, true}, {80, 1, false}, {78, 2, true}, {78, 3, false}} {
		if got := b.Room(tc.n, tc.k); got != tc.room {
			t.Errorf("Room(%d, %d) = %v, want %v", tc.n, tc.k, got, tc.room)
		}
	}
	for _, tc := range []struct {
		n     int
		frame float64
	}{{0, 4}, {50, 8}, {75, 16}, {100, math.Inf(1)}} {
		if got := b.SearchFrameWith(tc.n); math.Abs(got-tc.frame) > 1e-9 && got != tc.frame {
			t.Errorf("SearchFrameWith(%d) = %g, want %g", tc.n, got, tc.frame)
		}
	}
	for _, bad := range []Budget{{}, {TrackPeriod: 1, TrackDwell: 2, SearchFrame: 1}, {TrackPeriod: 1, TrackDwell: 0.1, SearchFrame: 1, MinSearch: 1}} {
		if bad.Valid() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
