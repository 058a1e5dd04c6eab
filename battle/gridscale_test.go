package battle

import (
	"cmp"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/scenario"
)

// gridScenario writes a generated national grid: battalions S-400
// battalions on a square lattice 50 km apart in one IADS near Ankara,
// each defending a site at its own position, against threats subsonic
// cruise missiles flying south over the grid in lanes five per lattice
// column, 10 s apart in each lane, 60 m above the ground (a level
// plateau 900 m up, on which the battalions stand). The threats
// per battalion stay the same along the table's diagonal (25 per
// battalion), so the cost per threat-minute can be compared across it;
// low-flying missiles are seen only near the lattice's northern rows,
// so the rows behind them are battalions far from the action.
func gridScenario(battalions, threats int, duration float64) string {
	k := int(math.Ceil(math.Sqrt(float64(battalions))))
	const (
		lat0, lon0 = 39.5, 32.5 // south-west corner of the lattice
		dLat       = 0.45       // about 50 km
		dLon       = 0.585      // about 50 km at 39.5° N
	)
	var b strings.Builder
	fmt.Fprintf(&b, "version: 1\nname: generated grid of %d battalions against %d cruise missiles\n", battalions, threats)
	// The Anatolian plateau near Ankara, 900 m up, level: the
	// battalions stand on it and the missiles fly 60 m over it (960 m
	// above the ellipsoid: over a level ground a route at a height above
	// the ellipsoid is the route above the ground, without the terrain
	// follower's three conversions a state), so a missile is seen to its
	// radio horizon from the masts (TestGridHorizon).
	fmt.Fprintf(&b, "duration: %g s\nseed: 16\nterrain: {ground: 900 m}\nsites:\n", duration)
	type at struct{ lat, lon float64 }
	var pos []at
	for i := 0; i < battalions; i++ {
		p := at{lat0 + dLat*float64(i/k), lon0 + dLon*float64(i%k)}
		pos = append(pos, p)
		fmt.Fprintf(&b, "  - {id: base-%d, at: {lat: %.4f, lon: %.4f, alt: 900 m}, value: 5, radius: 2 km}\n", i, p.lat-0.05, p.lon)
	}
	fmt.Fprintf(&b, "  - {id: cp, at: {lat: %.4f, lon: %.4f, alt: 900 m}, value: 3, radius: 500 m}\n", lat0-0.1, lon0)
	b.WriteString("air_defence:\n")
	var ids []string
	for i, p := range pos {
		id := fmt.Sprintf("bn-%d", i)
		ids = append(ids, id)
		fmt.Fprintf(&b, "  - {id: %s, system: s400, at: {lat: %.4f, lon: %.4f, alt: 900 m}}\n", id, p.lat, p.lon)
	}
	if battalions > 1 {
		fmt.Fprintf(&b, "iads:\n  command_post: cp\n  units: [%s]\n  engagements_per_target: 1\n", strings.Join(ids, ", "))
	}
	b.WriteString("threats:\n")
	lanes := 5 * k
	per := (threats + lanes - 1) / lanes
	north := lat0 + dLat*float64((battalions-1)/k) + 1.4 // about 150 km beyond the northern row
	for l, left := 0, threats; left > 0; l++ {
		n := min(per, left)
		left -= n
		col := l % k
		// The lane's missiles aim at the base of the southern row's
		// battalion of its column, from a start spread across the width.
		lon := lon0 - dLon/2 + dLon*float64(k)*(float64(l)+0.5)/float64(lanes)
		fmt.Fprintf(&b, "  - id: cm%d\n    type: subsonic-cruise-missile\n    altitude: 960 m\n    start: %d s\n    count: %d\n    interval: 10 s\n    target: base-%d\n", l, 7*l%60, n, col)
		fmt.Fprintf(&b, "    route:\n      - {lat: %.4f, lon: %.4f}\n      - {lat: %.4f, lon: %.4f}\n", north, lon, pos[col].lat-0.05, pos[col].lon)
	}
	return b.String()
}

// leveledGridScenario is gridScenario with command levels: the
// battalions in regiments of per, in order (bn-0 to bn-per-1 the first),
// each regiment's post at the IADS's, joined to it and to its
// battalions by links of 1 s. It is a national grid as a real one is
// commanded: the national post allocates among regiments, each regiment
// among its battalions.
func leveledGridScenario(battalions, threats int, duration float64, per int) string {
	src := gridScenario(battalions, threats, duration)
	var b strings.Builder
	b.WriteString("  commands:\n")
	for r := 0; r*per < battalions; r++ {
		var ids []string
		for i := r * per; i < min((r+1)*per, battalions); i++ {
			ids = append(ids, fmt.Sprintf("bn-%d", i))
		}
		fmt.Fprintf(&b, "    - {id: rgt-%d, kind: regiment, command_post: cp, units: [%s], link: {latency: 1 s}, unit_link: {latency: 1 s}}\n",
			r, strings.Join(ids, ", "))
	}
	return strings.Replace(src, "threats:\n", b.String()+"threats:\n", 1)
}

// TestWriteGrids writes the generated grids named in IADSIM_GRID_WRITE
// (BNxTH for gridScenario, BNxTH/PER for leveledGridScenario with
// regiments of PER; space-separated; 16x100 16x400 when unset) into
// IADSIM_GRID_DIR, for runs of the command (docs/PERFORMANCE.md):
//
//	IADSIM_GRID_WRITE='16x400/4 16x100/4' IADSIM_GRID_DIR=/tmp/grids go test ./battle -run TestWriteGrids
//	IADSIM_GRID_DIR=/tmp/grids go test ./battle -run TestWriteGrids
//	iadsim run /tmp/grids/grid-16x400.yaml --workers 2
//
// The first writes /tmp/grids/lv-16x400.yaml and lv-16x100.yaml, the
// second grid-16x100.yaml and grid-16x400.yaml. Without a folder it
// checks that a leveled grid parses with its
// regiments.
func TestWriteGrids(t *testing.T) {
	s, err := scenario.Parse("lv-16x100.yaml", []byte(leveledGridScenario(16, 100, 900, 4)))
	if err != nil {
		t.Fatal(err)
	}
	if s.IADS == nil || len(s.IADS.Commands) != 4 || len(s.IADS.Commands[3].Units) != 4 || s.IADS.Commands[3].Units[3] != "bn-15" {
		t.Fatalf("leveled 16 x 100: IADS %+v, want four regiments of four battalions", s.IADS)
	}
	dir := os.Getenv("IADSIM_GRID_DIR")
	if dir == "" {
		return
	}
	want := cmp.Or(os.Getenv("IADSIM_GRID_WRITE"), "16x100 16x400")
	for _, name := range strings.Fields(want) {
		var bn, th, per int
		src, file := "", ""
		if n, _ := fmt.Sscanf(name, "%dx%d/%d", &bn, &th, &per); n == 3 {
			src, file = leveledGridScenario(bn, th, gridDuration, per), fmt.Sprintf("lv-%dx%d.yaml", bn, th)
		} else if n == 2 {
			src, file = gridScenario(bn, th, gridDuration), fmt.Sprintf("grid-%dx%d.yaml", bn, th)
		} else {
			t.Fatalf("IADSIM_GRID_WRITE: %q: want BNxTH or BNxTH/PER", name)
		}
		if _, err := scenario.Parse(file, []byte(src)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func loadGrid(t testing.TB, battalions, threats int, duration float64) *scenario.Scenario {
	t.Helper()
	src := gridScenario(battalions, threats, duration)
	s, err := scenario.Parse(fmt.Sprintf("grid-%dx%d.yaml", battalions, threats), []byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return s
}

// TestGridScenario: the generator makes what it says, for every size
// of the benchmark table.
func TestGridScenario(t *testing.T) {
	for _, c := range []struct{ battalions, threats int }{{1, 25}, {4, 100}, {16, 400}, {64, 1600}, {16, 25}, {1, 1600}} {
		s := loadGrid(t, c.battalions, c.threats, 900)
		if got := len(s.Units); got != c.battalions {
			t.Errorf("%dx%d: %d units, want %d", c.battalions, c.threats, got, c.battalions)
		}
		if got := len(s.Threats); got != c.threats {
			t.Errorf("%dx%d: %d threats, want %d", c.battalions, c.threats, got, c.threats)
		}
		if c.battalions > 1 && (s.IADS == nil || len(s.IADS.Units) != c.battalions) {
			t.Errorf("%dx%d: IADS %+v, want all battalions in it", c.battalions, c.threats, s.IADS)
		}
	}
}

// gridDuration is the simulated time of a generated grid's run: the
// last lane's missiles reach the southern row within it.
const gridDuration = 900.0

// BenchmarkGrid runs the generated grids of the scaling table (issue
// 16): 1, 4, 16 and 64 battalions against 25, 100, 400 and 1 600
// cruise missiles, and the two goals beside them: a 40 x 1 000
// grid (bn=40/threats=1000, to run faster than real time: sim-s/s above
// 1 000) and the one-battalion example (example, its 26 threats for its
// 30 minutes), against which 16 x 400 is to take at most 25 times as
// long. The figures to compare across the table are ns/threat-min, the
// cost of a run per threat and simulated minute, the issue's; ns/flown-min,
// the cost per minute a threat actually flew (flownMinutes: a grid whose
// batteries are saturated keeps its threats in the air longer, and one
// whose lanes are long launches some after the run's end); and sim-s/s,
// simulated seconds per second. IADSIM_GRID_WORKERS=N runs each
// instant's looks on N workers (Options.Workers; default 1). Each run prepares its own interceptor models, as a
// single run of the command does, with the command's collector target.
// The run streams its events (Options.Stream), as a Monte Carlo
// replication does, so a cell holds its world, not its record; with
// IADSIM_GRID_PROGRESS=1 each simulated minute logs the CPU time and
// peak RSS so far (progress). Beside the table, regiments/bn=16/threats=N
// are its 16-battalion grids under four regiments (leveledGridScenario).
// The largest cases take minutes a run;
// select with -bench, e.g.
//
//	go test ./battle -run '^$' -bench 'Grid/example$' -benchtime 1x
//	go test ./battle -run '^$' -bench 'Grid/^bn=(1|4|16)$/^threats=(25|100)$' -benchtime 1x
func BenchmarkGrid(b *testing.B) {
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(GCPercent))
	}
	run := func(b *testing.B, s *scenario.Scenario, threats int) {
		var flown float64
		for b.Loop() {
			// The events are reduced as they come, as a Monte Carlo
			// replication reduces them to its summary: the run holds
			// the state of its world, not its record.
			f := newFlown(s.Duration)
			sink := f.add
			if os.Getenv("IADSIM_GRID_PROGRESS") != "" {
				sink = progress(b, f.add)
			}
			if _, err := Run(s, Options{NoSamples: true, Stream: sink, Workers: gridWorkers(b)}); err != nil {
				b.Fatal(err)
			}
			flown = f.minutes()
		}
		perRun := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(perRun/(float64(threats)*s.Duration/60), "ns/threat-min")
		b.ReportMetric(perRun/flown, "ns/flown-min")
		b.ReportMetric(s.Duration*float64(b.N)/b.Elapsed().Seconds(), "sim-s/s")
	}
	b.Run("example", func(b *testing.B) {
		s := loadExample(b)
		run(b, s, len(s.Threats))
	})
	cells := []struct{ bn, th int }{{40, 1000}}
	for _, bn := range []int{1, 4, 16, 64} {
		for _, th := range []int{25, 100, 400, 1600} {
			cells = append(cells, struct{ bn, th int }{bn, th})
		}
	}
	for _, c := range cells {
		b.Run(fmt.Sprintf("bn=%d/threats=%d", c.bn, c.th), func(b *testing.B) {
			run(b, loadGrid(b, c.bn, c.th, gridDuration), c.th)
		})
	}
	// Under command levels: regiments of four battalions, the national
	// post allocating among them and each regiment among its own.
	for _, th := range []int{100, 400} {
		b.Run(fmt.Sprintf("regiments/bn=16/threats=%d", th), func(b *testing.B) {
			s, err := scenario.Parse("lv.yaml", []byte(leveledGridScenario(16, th, gridDuration, 4)))
			if err != nil {
				b.Fatal(err)
			}
			run(b, s, th)
		})
	}
}

// progress passes the events on to next and, every minute of simulated
// time, logs the process's CPU time and peak resident memory so far:
// with IADSIM_GRID_PROGRESS set, a cell too long to finish still says
// how fast it went and whether its memory stayed bounded.
func progress(b *testing.B, next func(event.Event)) func(event.Event) {
	mark := 60.0
	return func(e event.Event) {
		next(e)
		if e.T < mark {
			return
		}
		mark = (math.Floor(e.T/60) + 1) * 60
		user, sys, peak := cpuSeconds()
		fmt.Fprintf(os.Stderr, "%s: simulated %4.0f s, %.1f s user + %.1f s sys CPU, peak RSS %.2f GB\n",
			b.Name(), e.T, user, sys, float64(peak)/1e9)
	}
}

// flownMinutes is the time the threats of a record spent in the air,
// minutes: from each threat's launch to its kill, leak, impact or end of
// route, or to the end of the run, duration.
func flownMinutes(events []event.Event, duration float64) float64 {
	f := newFlown(duration)
	for _, e := range events {
		f.add(e)
	}
	return f.minutes()
}

// flown sums flownMinutes over a record's events one at a time.
type flown struct {
	duration float64
	launched map[string]float64
	sum      float64
}

func newFlown(duration float64) *flown {
	return &flown{duration: duration, launched: map[string]float64{}}
}

func (f *flown) add(e event.Event) {
	switch e.Type {
	case event.ThreatLaunch:
		f.launched[e.Threat] = e.T
	case event.Kill, event.Leak, event.Impact, event.ThreatEnd:
		if t, ok := f.launched[e.Threat]; ok {
			f.sum += e.T - t
			delete(f.launched, e.Threat)
		}
	}
}

func (f *flown) minutes() float64 {
	sum := f.sum
	for _, t := range f.launched {
		sum += f.duration - t
	}
	return sum / 60
}

// TestGridHorizon: the generated grid's battalions stand on the ground
// its cruise missiles fly 60 m over, so a radar detects a missile only
// within the radio horizon of its antenna over that ground, 4/3 earth
// (Skolnik, Introduction to Radar Systems, 3rd ed., §8.2:
// d = √(2kR)(√h_a + √h_t)): 52.5 km for the 92N6E and the 96L6E on
// their 25 m masts, 31.9 km for the 91N6E's antenna at the ground, and
// a missile is seen by the few battalions of the 50 km lattice around
// it. Before, the battalions stood 900 m above the smooth earth the
// missiles flew over (a plateau's height without the plateau): their
// radars saw the missiles to 157 km, a missile in the air of 16 x 400
// was held by 7.9 battalions, and the rows behind the front were not
// far from the action.
func TestGridHorizon(t *testing.T) {
	if testing.Short() {
		t.Skip("a grid run")
	}
	s := loadGrid(t, 4, 25, 600) // the missiles reach the northern row's horizon at about 420 s
	const (
		k      = 4.0 / 3
		earthR = 6371e3 // m, the mean radius
		target = 60.0   // m above the ground
	)
	horizon := map[string]float64{}
	for _, u := range s.Units {
		for _, r := range u.Radars {
			horizon[r.ID] = math.Sqrt(2*k*earthR) * (math.Sqrt(r.AntennaHeight) + math.Sqrt(target))
		}
	}
	res, err := Run(s, Options{NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	near := map[string]bool{} // radars that detected a missile within a tenth of their horizon
	detections := 0
	for _, e := range res.Events {
		if e.Type != event.Detection || e.Threat == "" {
			continue
		}
		detections++
		h := horizon[e.Radar]
		if e.Range > 1.005*h { // the ellipsoid's radius there, against the mean
			t.Fatalf("t=%g: %s detects %s at %.1f km, beyond its radio horizon of %.1f km", e.T, e.Radar, e.Threat, e.Range/1e3, h/1e3)
		}
		if e.Range > 0.9*h {
			near[e.Radar] = true
		}
	}
	if detections == 0 || len(near) == 0 {
		t.Fatalf("%d detections, %d radars reaching their horizon: the test proves nothing", detections, len(near))
	}
	t.Logf("%d detections; %d radars detect out to 90%% of their horizon", detections, len(near))
}
