package bm_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// siteAt is a defended site whose local ENU frame the tests draw their
// geometry in: a track at ENU p with ENU velocity v is an ECEF straight
// line, so the closed forms below are exact up to rounding.
type siteAt struct {
	frame geo.Frame
	site  bm.Site
}

func newSite(id string, at geo.LLA, value, radius float64) siteAt {
	f := geo.NewFrame(at)
	return siteAt{frame: f, site: bm.Site{ID: id, Pos: f.OriginECEF(), Value: value, Radius: radius}}
}

// track is a track at ENU position p (m) moving at ENU velocity v (m/s),
// both in the site's frame.
func (s siteAt) track(id int, p, v r3.Vec) bm.Track {
	return bm.Track{ID: id, Pos: s.frame.FromENU(p), Vel: s.frame.RotateFromENU(v)}
}

func TestEvaluateTimeToGoClosedForms(t *testing.T) {
	s := newSite("airbase", geo.Deg(55.75, 37.62, 150), 10, 5000)
	const R = 5000.0
	// abeam returns the time for a track at (-x, d, h) flying east at v to
	// reach the sphere of radius R about the origin: the nearer root of
	// (-x + v t)² + d² + h² = R², written out here rather than taken from
	// the package.
	abeam := func(x, d, h, v float64) float64 {
		return (x - math.Sqrt(R*R-d*d-h*h)) / v
	}
	tests := []struct {
		name string
		p, v r3.Vec
		want float64
	}{
		{"head-on from east", r3.Vec{X: 80e3}, r3.Vec{X: -250}, (80e3 - R) / 250},
		{"head-on from north", r3.Vec{Y: 150e3}, r3.Vec{Y: -680}, (150e3 - R) / 680},
		{"slant from north-west", r3.Vec{X: -30e3, Y: 40e3, Z: 0}, r3.Vec{X: 3 * 60, Y: -4 * 60}, (50e3 - R) / 300},
		{"abeam, miss 0", r3.Vec{X: -100e3}, r3.Vec{X: 300}, abeam(100e3, 0, 0, 300)},
		{"abeam, miss 3 km", r3.Vec{X: -100e3, Y: 3000}, r3.Vec{X: 300}, abeam(100e3, 3000, 0, 300)},
		{"abeam, miss 4.9 km", r3.Vec{X: -60e3, Y: 4900}, r3.Vec{X: 900}, abeam(60e3, 4900, 0, 900)},
		{"abeam at altitude, miss 4 km", r3.Vec{X: -60e3, Y: 2000, Z: 3000}, r3.Vec{X: 250}, abeam(60e3, 2000, 3000, 250)},
		{"already inside", r3.Vec{X: 1000, Z: 200}, r3.Vec{X: 300}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bm.Evaluate([]bm.Track{s.track(7, tt.p, tt.v)}, []bm.Site{s.site})
			if len(got) != 1 {
				t.Fatalf("Evaluate returned %d threats, want 1", len(got))
			}
			th := got[0]
			if th.Site != "airbase" {
				t.Errorf("Site = %q, want airbase (reason %q)", th.Site, th.Reason())
			}
			// ECEF coordinates are ~6e6 m, so positions carry ~1e-9
			// relative rounding; 1e-6 s is far below any figure a
			// decision depends on.
			if math.Abs(th.TimeToGo-tt.want) > 1e-6*math.Max(1, tt.want) {
				t.Errorf("TimeToGo = %.9f s, want %.9f s", th.TimeToGo, tt.want)
			}
			wantScore := s.site.Value / math.Max(tt.want, 1)
			if math.Abs(th.Score-wantScore) > 1e-9*wantScore {
				t.Errorf("Score = %g, want value/ttg = %g", th.Score, wantScore)
			}
			if !strings.Contains(th.Reason(), "airbase") {
				t.Errorf("Reason %q does not name the site", th.Reason())
			}
		})
	}
}

func TestEvaluateNotThreatening(t *testing.T) {
	s := newSite("airbase", geo.Deg(55.75, 37.62, 150), 10, 5000)
	tests := []struct {
		name string
		p, v r3.Vec
	}{
		{"heading away", r3.Vec{X: 40e3}, r3.Vec{X: 250}},
		{"passing abeam outside radius", r3.Vec{X: -60e3, Y: 5100}, r3.Vec{X: 300}},
		{"crossing, receding", r3.Vec{X: 10e3, Y: 20e3}, r3.Vec{X: 300}},
		{"receding after a pass outside the radius", r3.Vec{X: 30e3, Y: 6000}, r3.Vec{X: 300}},
	}
	// Threatening tracks in the same picture, from far and slow to close
	// and fast: every one must outrank every non-threatening track. (They
	// are all within a few minutes of the site: see
	// TestEvaluateThreatAlwaysFirst for a far threat.)
	threatening := []bm.Track{
		s.track(101, r3.Vec{X: 60e3}, r3.Vec{X: -300}),
		s.track(102, r3.Vec{Y: 100e3}, r3.Vec{Y: -250}),
		s.track(103, r3.Vec{X: -20e3, Y: 1000}, r3.Vec{X: 900}),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tracks := append([]bm.Track{s.track(1, tt.p, tt.v)}, threatening...)
			got := bm.Evaluate(tracks, []bm.Site{s.site})
			last := got[len(got)-1]
			if last.Track.ID != 1 {
				t.Fatalf("non-threatening track ranked before a threatening one: %+v", ids(got))
			}
			if !math.IsInf(last.TimeToGo, 1) {
				t.Errorf("TimeToGo = %g, want +Inf", last.TimeToGo)
			}
			if last.Site != "" {
				t.Errorf("Site = %q, want none", last.Site)
			}
			for _, th := range got[:len(got)-1] {
				if !(th.Score > last.Score) {
					t.Errorf("threatening track %d scores %g, not above the non-threatening %g", th.Track.ID, th.Score, last.Score)
				}
			}
			if !strings.Contains(last.Reason(), "not heading") {
				t.Errorf("Reason = %q, want it to say the track is not heading for a site", last.Reason())
			}
		})
	}
}

// TestEvaluateThreatAlwaysFirst checks the promise of headingAwayWeight's
// comment: "a threat bearing down on an asset always comes first". A
// track receding 1 km from a valuable site scores 0.1*value/(a few s),
// which beats a real threat far from a cheap site.
func TestEvaluateThreatAlwaysFirst(t *testing.T) {
	hq := newSite("hq", geo.Deg(55.75, 37.62, 150), 100, 5000)
	depot := bm.Site{ID: "depot", Pos: hq.frame.FromENU(r3.Vec{X: -400e3}), Value: 1, Radius: 5000}
	tests := []struct {
		name         string
		away, threat bm.Track
	}{
		// Same site: receding 40 km out scores 0.1*100/140 s = 0.071; a
		// cruise missile 300 km out scores 100/1475 s = 0.068.
		{"one site", hq.track(1, r3.Vec{X: 40e3}, r3.Vec{X: 250}), hq.track(2, r3.Vec{Y: 300e3}, r3.Vec{Y: -200})},
		// Receding 6 km from a valuable site against a threat to a cheap one.
		{"two sites", hq.track(1, r3.Vec{X: 6000}, r3.Vec{X: 300}), hq.track(2, r3.Vec{X: -100e3}, r3.Vec{X: -250})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bm.Evaluate([]bm.Track{tt.away, tt.threat}, []bm.Site{hq.site, depot})
			if got[0].Track.ID != 2 {
				t.Errorf("ranking %v: receding track 1 (score %g) outranks threat 2 (score %g, %s)",
					ids(got), got[0].Score, got[1].Score, got[1].Reason())
			}
		})
	}
}

// TestEvaluateStationaryTrackHasReason: every decision carries its reason
// (doc.go), but a track with zero velocity, or a picture with no sites,
// scores 0 and the strict "score > best" never sets one.
func TestEvaluateStationaryTrackHasReason(t *testing.T) {
	s := newSite("a", geo.Deg(55.75, 37.62, 150), 10, 5000)
	got := bm.Evaluate([]bm.Track{s.track(1, r3.Vec{X: 20e3}, r3.Vec{})}, []bm.Site{s.site})
	if got[0].Reason() == "" {
		t.Errorf("hovering track: Reason is empty, want the not-heading reason")
	}
}

func TestEvaluateRanking(t *testing.T) {
	s := newSite("a", geo.Deg(48.0, 2.0, 50), 10, 5000)
	b := bm.Site{ID: "b", Pos: s.frame.FromENU(r3.Vec{Y: 200e3}), Value: 40, Radius: 5000}
	// Head-on tracks at site a (value 10): ttg = (D - 5 km)/v.
	head := func(id int, d, v float64) bm.Track { return s.track(id, r3.Vec{X: d}, r3.Vec{X: -v}) }
	tracks := []bm.Track{
		head(1, 105e3, 200), // ttg 500 s, score 0.02
		head(2, 55e3, 250),  // ttg 200 s, score 0.05
		head(3, 25e3, 100),  // ttg 200 s, score 0.05 (tie with 2)
		head(4, 305e3, 300), // ttg 1000 s, score 0.01
		// Toward b (value 40) from 40 km south of it: ttg (40-5)e3/350 = 100 s, score 0.4.
		s.track(5, r3.Vec{Y: 160e3}, r3.Vec{Y: 350}),
	}
	want := []struct {
		id   int
		site string
		ttg  float64
	}{
		{5, "b", 100}, {2, "a", 200}, {3, "a", 200}, {1, "a", 500}, {4, "a", 1000},
	}
	check := func(t *testing.T, got []bm.Threat) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("got %d threats, want %d", len(got), len(want))
		}
		for i, w := range want {
			g := got[i]
			if g.Track.ID != w.id || g.Site != w.site || math.Abs(g.TimeToGo-w.ttg) > 1e-6 {
				t.Errorf("rank %d = track %d, site %q, ttg %.6f; want track %d, site %q, ttg %g",
					i, g.Track.ID, g.Site, g.TimeToGo, w.id, w.site, w.ttg)
			}
		}
	}
	sites := []bm.Site{s.site, b}
	check(t, bm.Evaluate(tracks, sites))

	// The order of the input must not matter: ties go to the lower id.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := append([]bm.Track(nil), tracks...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		check(t, bm.Evaluate(shuffled, sites))
	}
}

func TestEvaluateTiesByID(t *testing.T) {
	s := newSite("a", geo.Deg(-33.9, 18.4, 0), 5, 3000)
	// The same geometry under different ids: equal scores.
	var tracks []bm.Track
	for _, id := range []int{42, 7, 19, 3, 8} {
		tracks = append(tracks, s.track(id, r3.Vec{Y: -50e3}, r3.Vec{Y: 250}))
	}
	got := bm.Evaluate(tracks, []bm.Site{s.site})
	if want := []int{3, 7, 8, 19, 42}; !equalInts(ids(got), want) {
		t.Errorf("tied tracks ranked %v, want %v", ids(got), want)
	}
	// Nothing to defend: all score 0, ranked by id.
	got = bm.Evaluate(tracks, nil)
	if want := []int{3, 7, 8, 19, 42}; !equalInts(ids(got), want) {
		t.Errorf("with no sites ranked %v, want %v", ids(got), want)
	}
	for _, th := range got {
		if !math.IsInf(th.TimeToGo, 1) || th.Site != "" {
			t.Errorf("with no sites, track %d: TimeToGo %g, Site %q; want +Inf and none", th.Track.ID, th.TimeToGo, th.Site)
		}
	}
}

func TestEvaluateEmpty(t *testing.T) {
	if got := bm.Evaluate(nil, nil); len(got) != 0 {
		t.Errorf("Evaluate(nil, nil) = %v, want empty", got)
	}
}

func ids(th []bm.Threat) []int {
	out := make([]int, len(th))
	for i := range th {
		out[i] = th[i].Track.ID
	}
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func BenchmarkEvaluate(b *testing.B) {
	tracks, sites := benchPicture(0)
	b.ReportAllocs()
	for b.Loop() {
		bm.Evaluate(tracks, sites)
	}
}

// benchPicture is the benchmarks' picture: ten sites, and a hundred
// tracks 150 km out closing on the first, turning at turn rad/s (to the
// right and left in turn) with the turn model's probability 0.9, or
// flying straight for a turn of 0.
func benchPicture(turn float64) ([]bm.Track, []bm.Site) {
	s := newSite("a", geo.Deg(55.75, 37.62, 150), 10, 5000)
	sites := []bm.Site{s.site}
	for i := range 9 {
		sites = append(sites, bm.Site{ID: string(rune('b' + i)), Value: float64(i + 1), Radius: 3000,
			Pos: s.frame.FromENU(r3.Vec{X: float64(i) * 20e3, Y: float64(i%3) * 15e3})})
	}
	var tracks []bm.Track
	for i := range 100 {
		az := float64(i) * 2 * math.Pi / 100
		p := r3.Vec{X: 150e3 * math.Sin(az), Y: 150e3 * math.Cos(az), Z: 1000}
		tk := s.track(i, p, r3.Scale(-250/150e3, p))
		if turn != 0 {
			tk.TurnRate, tk.TurnProb = math.Copysign(turn, float64(i%2)-0.5), 0.9
		}
		tracks = append(tracks, tk)
	}
	return tracks, sites
}
