package battle

import (
	"math"
	"testing"
	"time"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"gonum.org/v1/gonum/spatial/r3"
)

const saturation = "testdata/saturation-raid.yaml"

// TestSaturationRaidTracks plays the 140-threat saturation raid (issue 11)
// and checks the air picture against the truth of the run, as a user
// reading tracks.csv and events.jsonl would:
//
//   - no confirmed track flies faster than the fastest threat with the
//     tracker's margin: a faster one is a ghost made from detections of
//     different targets, or of one target by two radars;
//   - no confirmed track is under the ground (here the ellipsoid: the
//     scenario has no terrain) by more than 50 m;
//   - no interceptor is launched at a planned intercept point farther than
//     30 km from every threat's path: a stray launch, at a point where no
//     threat is or will be. A real target's track can put its intercept
//     point off the path too, when the target turns after the track's
//     last detection (a cruise missile at its last waypoint, under the
//     radar horizon): by up to its speed times the time of flight, some
//     20 km for a 750 m/s missile; a ghost's point is anywhere.
//
// The threats fly 51 to 750 m/s in columns and waves, so that the radars
// see many close targets at once.
func TestSaturationRaidTracks(t *testing.T) {
	if testing.Short() {
		t.Skip("the saturation raid takes a few seconds")
	}
	s, err := scenario.Load(saturation)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d threats, %d events, %d samples in %v", len(s.Threats), len(res.Events), len(res.Samples), time.Since(start))

	var fastest float64
	for _, sm := range res.Samples {
		if sm.Kind == "truth" {
			fastest = max(fastest, sm.Speed)
		}
	}
	if fastest < 700 {
		t.Fatalf("fastest threat %.0f m/s: the supersonic cruise missiles are missing", fastest)
	}
	fast, under := map[string]Sample{}, map[string]Sample{}
	for _, sm := range res.Samples {
		if sm.Kind != "track" || sm.Status != "confirmed" {
			continue
		}
		key := sm.Unit + "/" + sm.ID
		if sm.Speed > speedMargin*fastest {
			if _, ok := fast[key]; !ok {
				fast[key] = sm
			}
		}
		if sm.At.Alt < -50 {
			if _, ok := under[key]; !ok {
				under[key] = sm
			}
		}
	}
	report := func(what string, m map[string]Sample) {
		if len(m) == 0 {
			return
		}
		n := 0
		for key, sm := range m {
			if n++; n > 5 {
				break
			}
			t.Errorf("track %s (threat %s) at t=%v: %.0f m/s, %.0f m", key, sm.Threat, sm.T, sm.Speed, sm.At.Alt)
		}
		t.Errorf("%d confirmed tracks %s", len(m), what)
	}
	report("faster than the fastest threat with margin", fast)
	report("under the ground", under)

	var paths [][]r3.Vec
	for _, th := range res.Threats {
		var p []r3.Vec
		for _, q := range th.Path {
			p = append(p, q.ECEF())
		}
		paths = append(paths, p)
	}
	launches, stray := 0, 0
	for _, e := range res.Events {
		if e.Type != event.Launch || e.PIP == nil {
			continue
		}
		launches++
		pip := geo.Deg(e.PIP.Lat, e.PIP.Lon, e.PIP.Alt).ECEF()
		best := math.Inf(1)
		for _, p := range paths {
			best = min(best, polylineDistance(pip, p))
		}
		if best > 30e3 {
			stray++
			t.Errorf("t=%v: %s %s launched at track %d (%s) to a point %.0f km from every threat's path",
				e.T, e.Unit, e.Interceptor, e.Track, e.Threat, best/1e3)
		}
	}
	if launches < 50 {
		t.Errorf("only %d launches: the raid should draw many", launches)
	}
	t.Logf("fastest threat %.0f m/s; %d launches, %d stray", fastest, launches, stray)
}

// polylineDistance is the distance from p to the nearest point of the
// polyline through pts.
func polylineDistance(p r3.Vec, pts []r3.Vec) float64 {
	best := math.Inf(1)
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		ab := r3.Sub(b, a)
		f := 0.0
		if l := r3.Dot(ab, ab); l > 0 {
			f = min(max(r3.Dot(r3.Sub(p, a), ab)/l, 0), 1)
		}
		best = min(best, r3.Norm(r3.Sub(p, r3.Add(a, r3.Scale(f, ab)))))
	}
	return best
}
