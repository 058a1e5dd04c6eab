package battle

import (
	"math"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
	"gonum.org/v1/gonum/spatial/r3"
)

// TestTurnAccelAt checks the hardest turn of a track by its speed
// against the catalogue's nominal classes of grid-regional (catalog/
// data/threats.yaml): a track at a drone's speed turns as a drone, one at
// a fighter's as a fighter, one between two classes as the harder of
// those whose speeds (with speedMargin) hold it, and one at a speed no
// threat flies as the class nearest in speed.
func TestTurnAccelAt(t *testing.T) {
	const g = 9.80665
	turns := []turnClass{
		{slow: 50, fast: 50, accel: 0.5 * g},  // Shahed-136 class
		{slow: 15, fast: 15, accel: 1 * g},    // small multirotor
		{slow: 240, fast: 240, accel: 2 * g},  // subsonic cruise missile
		{slow: 250, fast: 300, accel: 9 * g},  // fighter
		{slow: 700, fast: 700, accel: 20 * g}, // anti-radiation missile
		{slow: 750, fast: 750, accel: 10 * g}, // supersonic cruise missile
	}
	at := turnAccelAt(turns)
	for _, c := range []struct {
		v, want float64
	}{
		{50, 0.5 * g},  // the drone alone flies at 50 m/s
		{15, 1 * g},    // the quadcopter
		{240, 9 * g},   // a cruise missile's speed, and a fighter's within the margin
		{195, 2 * g},   // 240/1.25 = 192: the cruise missile's slowest with margin; 250/1.25 = 200 is the fighter's
		{800, 20 * g},  // within 1.25 of both missiles: the harder
		{100, 0.5 * g}, // no class: the drone's 62.5 m/s is nearer (ratio 1.6) than the cruise missile's 192 (1.92)
		{5000, 10 * g}, // far above all: the class nearest by ratio, the supersonic cruise missile (937.5 against 875)
	} {
		if got := at(c.v); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%.0f m/s: %.2f m/s², want %.2f", c.v, got, c.want)
		}
	}
	if turnAccelAt(nil) != nil {
		t.Errorf("no turning threat: want no bound by speed")
	}
}

// TestMergeTurns checks that merging a raid's turn classes (one per
// threat) changes no answer of turnAccelAt: over speeds from 1 m/s to
// 5 km/s, including each range's ends, the merged classes give the same
// bound bit for bit as the classes they came from, and fewer of them.
func TestMergeTurns(t *testing.T) {
	const g = 9.80665
	var turns []turnClass
	for i := range 20 { // a column of drones, each sampled at a slightly different speed
		turns = append(turns, turnClass{slow: 51.39 + 0.001*float64(i), fast: 51.40 + 0.001*float64(i), accel: 0.5 * g})
	}
	turns = append(turns,
		turnClass{slow: 244.4, fast: 244.5, accel: 2 * g},
		turnClass{slow: 255, fast: 255, accel: 9 * g},
		turnClass{slow: 262, fast: 262, accel: 9 * g},
		turnClass{slow: 400, fast: 420, accel: 9 * g}, // overlaps 262 only through the margins: 320 < 327.5
		turnClass{slow: 700, fast: 700, accel: 20 * g},
		turnClass{slow: 750, fast: 750, accel: 10 * g},
		turnClass{slow: 60, fast: 70, accel: 2 * g}, // the same g as the cruise missile, far from it in speed
	)
	merged := mergeTurns(turns)
	if len(merged) != 6 {
		t.Errorf("%d classes merged to %d, want 6: %+v", len(turns), len(merged), merged)
	}
	want, got := turnAccelAt(turns), turnAccelAt(merged)
	speeds := []float64{0, 1, 5000}
	for _, c := range turns {
		speeds = append(speeds, c.slow/speedMargin, c.fast*speedMargin, c.slow, c.fast)
	}
	for v := 1.0; v < 5000; v *= 1.01 {
		speeds = append(speeds, v)
	}
	for _, v := range speeds {
		if a, b := want(v), got(v); a != b {
			t.Errorf("%.3f m/s: %v m/s² from the merged classes, %v from the raid's", v, b, a)
		}
	}
	if mergeTurns(nil) != nil {
		t.Errorf("no turns: want none merged")
	}
}

// TestLevelSpeedOfBallisticRaid: the bundled raid's ballistic missiles
// set the speed bound (their burnout speed), but fly that fast on a
// steep arc: the horizontal bound (track.Config.MaxLevelSpeed) is the
// fastest horizontal speed, which is checked here against the same
// flights' horizontal speed found another way, from the change of
// geodetic latitude and longitude over a millisecond with the WGS-84
// radii of curvature (meridian M and prime vertical N at the height h:
// dN = (M+h)·dφ, dE = (N+h)·cos φ·dλ), not by projecting the velocity.
func TestLevelSpeedOfBallisticRaid(t *testing.T) {
	s := loadExample(t)
	sh, err := Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{s: s, shared: sh, terrain: sh.Terrain}
	if err := w.buildThreats(); err != nil {
		t.Fatal(err)
	}
	l := w.deriveLimits()
	level, ballistic := 0.0, 0.0
	for _, th := range w.threats {
		t0, t1 := th.mover.Start(), th.mover.End()
		for k := range speedSamples + 1 {
			at := t0 + (t1-t0)*float64(k)/speedSamples
			p0, v, ok := th.mover.State(at)
			if !ok {
				continue
			}
			// A millisecond's chord along the velocity: the flights are
			// straight and smooth over it.
			const dt = 1e-3
			a, b := geo.FromECEF(p0), geo.FromECEF(r3.Add(p0, r3.Scale(dt, v)))
			sin := math.Sin(a.Lat)
			w2 := 1 - geo.E2*sin*sin
			n := geo.A / math.Sqrt(w2)
			m := geo.A * (1 - geo.E2) / (w2 * math.Sqrt(w2))
			dN := (m + a.Alt) * (b.Lat - a.Lat)
			dE := (n + a.Alt) * math.Cos(a.Lat) * (b.Lon - a.Lon)
			h := math.Hypot(dN, dE) / dt
			level = max(level, h)
			if _, ok := th.mover.(*motion.Ballistic); ok {
				ballistic = max(ballistic, h)
			}
		}
	}
	if ballistic == 0 {
		t.Fatal("no ballistic threat in the example: the test proves nothing")
	}
	if got, want := l.maxLevelSpeed, speedMargin*level; math.Abs(got-want) > 1e-3*want {
		t.Errorf("maxLevelSpeed %.1f m/s, want %.1f (%.1f of the flights' horizontal speeds with the margin %.2f)", got, want, level, speedMargin)
	}
	if l.maxLevelSpeed >= 0.9*l.maxSpeed {
		t.Errorf("maxLevelSpeed %.0f m/s against maxSpeed %.0f: a ballistic raid's level bound should lie well below its speed bound", l.maxLevelSpeed, l.maxSpeed)
	}
	t.Logf("maxSpeed %.0f m/s, maxLevelSpeed %.0f m/s (ballistic missiles' horizontal speed %.0f)", l.maxSpeed, l.maxLevelSpeed, ballistic)
}
