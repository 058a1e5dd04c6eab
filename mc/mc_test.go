package mc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/iadsim/iadsim/scenario"
	"github.com/parquet-go/parquet-go"
)

const small = "testdata/small.yaml"

func load(t testing.TB, path string) (*scenario.Scenario, []byte) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s, src
}

func run(t testing.TB, c Config) *Batch {
	t.Helper()
	if c.Scenario == nil {
		c.Scenario, c.Source = load(t, small)
	}
	b, err := Run(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func read(t testing.TB, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameTables fails unless the batch tables in a and b are byte-identical.
func sameTables(t *testing.T, what, a, b string) {
	t.Helper()
	for _, f := range []string{RunsCSV, StatsFile, RunsParquet} {
		if !bytes.Equal(read(t, a, f), read(t, b, f)) {
			t.Errorf("%s: %s differs", what, f)
		}
	}
}

// TestIndependentOfWorkersAndShards is the first check: the same
// seed and runs give identical tables for 1, 2 and 4 workers, and for one
// batch against 4 shards merged.
func TestIndependentOfWorkersAndShards(t *testing.T) {
	const runs = 16
	tmp := t.TempDir()
	one := filepath.Join(tmp, "w1")
	b := run(t, Config{Runs: runs, Workers: 1, Out: one})
	if len(b.Rows) != runs || b.Stats.Runs != runs {
		t.Fatalf("%d rows, stats of %d runs", len(b.Rows), b.Stats.Runs)
	}
	// The batch must not be degenerate, or the comparison proves little.
	if b.Stats.Probabilities[0].K == 0 || b.Stats.Probabilities[0].K == runs {
		t.Logf("warning: P(leak) is %d/%d in the test batch", b.Stats.Probabilities[0].K, runs)
	}
	for _, w := range []int{2, 4} {
		dir := filepath.Join(tmp, "w"+string(rune('0'+w)))
		run(t, Config{Runs: runs, Workers: w, Out: dir})
		sameTables(t, dir, one, dir)
	}
	var shards []string
	for i := 0; i < 4; i++ {
		dir := filepath.Join(tmp, "shard-"+string(rune('0'+i)))
		sb := run(t, Config{Runs: runs, Workers: 2, Shard: Shard{i, 4}, Out: dir})
		for _, r := range sb.Rows {
			if r.Replication%4 != i {
				t.Errorf("shard %d ran replication %d", i, r.Replication)
			}
		}
		shards = append(shards, dir)
	}
	merged := filepath.Join(tmp, "merged")
	if _, err := Merge(shards, merged); err != nil {
		t.Fatal(err)
	}
	sameTables(t, "merged shards", one, merged)
	for _, f := range []string{"events.jsonl", "summary.json", "scene.geojson"} {
		if !bytes.Equal(read(t, filepath.Join(one, Replication0Dir), f), read(t, filepath.Join(merged, Replication0Dir), f)) {
			t.Errorf("merged %s differs", f)
		}
	}
	// A missing shard is the user's mistake, and writes nothing.
	bad := filepath.Join(tmp, "bad")
	if _, err := Merge(shards[:3], bad); !isInput(err) {
		t.Errorf("merge of 3 of 4 shards: %v, want an InputError", err)
	}
	if _, err := os.Stat(filepath.Join(bad, RunsCSV)); err == nil {
		t.Error("a failed merge wrote runs.csv")
	}
}

func isInput(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

// TestTables checks runs.csv against the rows, and runs.parquet against
// runs.csv, read back with the parquet-go reader.
func TestTables(t *testing.T) {
	dir := t.TempDir()
	b := run(t, Config{Runs: 6, Out: dir})
	csv := strings.Split(strings.TrimSpace(string(read(t, dir, RunsCSV))), "\n")
	if len(csv) != 7 {
		t.Fatalf("runs.csv has %d lines", len(csv))
	}
	head := strings.Split(csv[0], ",")
	wantPrefix := []string{"replication", "seed", "leakers", "kills", "survivors", "detected", "interceptors",
		"interceptors_at_decoys", "interceptors_48N6E3", "interceptors_9M96E2"}
	for i, w := range wantPrefix {
		if head[i] != w {
			t.Errorf("column %d is %q, want %q", i, head[i], w)
		}
	}
	if !strings.Contains(csv[0], "first_detection_s_cm-01") || !strings.Contains(csv[0], "kills_supersonic-cruise-missile") {
		t.Errorf("header lacks per-threat or per-class columns: %s", csv[0])
	}

	f, err := os.Open(filepath.Join(dir, RunsParquet))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	if pf.NumRows() != 6 {
		t.Errorf("parquet has %d rows", pf.NumRows())
	}
	var names []string
	for _, c := range pf.Schema().Fields() {
		names = append(names, c.Name())
	}
	if strings.Join(names, ",") != csv[0] {
		t.Errorf("parquet columns\n%s\ncsv header\n%s", strings.Join(names, ","), csv[0])
	}
	pr := parquet.NewReader(pf)
	defer pr.Close()
	for i := range b.Rows {
		r := map[string]any{}
		if err := pr.Read(&r); err != nil {
			t.Fatalf("parquet row %d: %v", i, err)
		}
		if r["leakers"] != int64(b.Rows[i].Leakers) || r["interceptors"] != int64(b.Rows[i].Interceptors) {
			t.Errorf("parquet row %d: leakers %v interceptors %v, want %d %d", i, r["leakers"], r["interceptors"], b.Rows[i].Leakers, b.Rows[i].Interceptors)
		}
		want, ok := b.Rows[i].FirstDetection["cm-01"]
		got := r["first_detection_s_cm-01"]
		if ok && got != want || !ok && got != nil {
			t.Errorf("parquet row %d first detection %v, want %v (%v)", i, got, want, ok)
		}
	}
}

func TestRefuseAndResume(t *testing.T) {
	dir := t.TempDir()
	whole := run(t, Config{Runs: 8, Out: filepath.Join(dir, "whole")})
	part := filepath.Join(dir, "part")
	s, src := load(t, small)
	// A batch that ran 3 replications: simulate it by running 8 and
	// cutting the journal back, with a torn fourth record.
	run(t, Config{Runs: 8, Out: part})
	if _, err := Run(context.Background(), Config{Scenario: s, Source: src, Runs: 8, Out: part}); !isInput(err) {
		t.Errorf("second run into a batch dir without --resume: %v, want InputError", err)
	}
	if _, err := Run(context.Background(), Config{Scenario: s, Source: src, Runs: 9, Out: part, Resume: true}); !isInput(err) {
		t.Errorf("resume with other runs: %v, want InputError", err)
	}
	j := read(t, part, JournalFile)
	lines := bytes.SplitAfter(j, []byte("\n"))
	cut := append(bytes.Join(lines[:3], nil), lines[3][:len(lines[3])/2]...)
	if err := os.WriteFile(filepath.Join(part, JournalFile), cut, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{RunsCSV, RunsParquet, StatsFile} {
		os.Remove(filepath.Join(part, f))
	}
	var progress []Progress
	b, err := Run(context.Background(), Config{Scenario: s, Source: src, Runs: 8, Out: part, Resume: true,
		Progress: func(p Progress) { progress = append(progress, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Rows) != 8 || len(progress) != 5 || progress[0].Resumed != 3 || progress[4].Done != 8 {
		t.Errorf("%d rows; progress %+v", len(b.Rows), progress)
	}
	sameTables(t, "resumed", filepath.Join(dir, "whole"), part)
	if n := bytes.Count(read(t, part, JournalFile), []byte("\n")); n != 8 {
		t.Errorf("journal has %d lines after resume, want 8", n)
	}
	_ = whole
}

func TestReadJournal(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "j")
	good := `{"replication":2,"seed":1,"leakers":1,"kills":0,"survivors":0,"detected":1,"interceptors":0}` + "\n"
	for _, c := range []struct {
		name, data string
		rows       int
		sound      int
		bad        bool
	}{
		{"empty", "", 0, 0, false},
		{"one", good, 1, len(good), false},
		{"torn, no newline", good + `{"replication":3,"se`, 1, len(good), false},
		{"torn, garbage last line", good + "{\"repl\n", 1, len(good), false},
		{"duplicate counts once", good + good, 1, 2 * len(good), false},
		{"corrupt middle line", good + "xx\n" + good, 0, 0, true},
		{"unknown field", `{"replication":1,"bogus":2}` + "\n" + good, 0, 0, true},
	} {
		if err := os.WriteFile(p, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		rows, sound, err := ReadJournal(p)
		if c.bad {
			if err == nil {
				t.Errorf("%s: no error", c.name)
			}
			continue
		}
		if err != nil || len(rows) != c.rows || sound != int64(c.sound) {
			t.Errorf("%s: %d rows, sound %d, %v; want %d, %d", c.name, len(rows), sound, err, c.rows, c.sound)
		}
	}
}

func FuzzReadJournal(f *testing.F) {
	f.Add([]byte(`{"replication":2,"seed":1,"leakers":1}` + "\n"))
	f.Add([]byte(`{"replication":2}` + "\n" + `{"repl`))
	f.Add([]byte("\n\n{}\n"))
	f.Add([]byte(`{"replication":1,"first_detection_s":{"a":1.5},"figures":{"x":2}}` + "\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "j")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rows, sound, err := ReadJournal(p)
		if err != nil {
			return
		}
		if sound < 0 || sound > int64(len(data)) || (sound > 0 && data[sound-1] != '\n') {
			t.Fatalf("sound prefix %d of %d bytes", sound, len(data))
		}
		seen := map[int]bool{}
		for _, r := range rows {
			if seen[r.Replication] {
				t.Fatalf("replication %d twice", r.Replication)
			}
			seen[r.Replication] = true
		}
	})
}

func TestParseShard(t *testing.T) {
	for _, c := range []struct {
		in  string
		out Shard
		ok  bool
	}{
		{"0/1", Shard{0, 1}, true}, {"3/16", Shard{3, 16}, true}, {" 15 / 16 ", Shard{15, 16}, true},
		{"16/16", Shard{}, false}, {"-1/4", Shard{}, false}, {"1/0", Shard{}, false}, {"1", Shard{}, false}, {"a/b", Shard{}, false},
	} {
		got, err := ParseShard(c.in)
		if (err == nil) != c.ok || got != c.out {
			t.Errorf("ParseShard(%q) = %v, %v", c.in, got, err)
		}
	}
	if got := (Shard{1, 3}).Replications(8); len(got) != 3 || got[0] != 1 || got[2] != 7 {
		t.Errorf("Replications = %v", got)
	}
}

func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"0/1", "3/16", "x", "/", "9999999999999999999/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShard(s)
		if err == nil && (sh.Count < 1 || sh.Index < 0 || sh.Index >= sh.Count) {
			t.Fatalf("ParseShard(%q) = %v", s, sh)
		}
	})
}

// setCase is one selector=value, how to see it applied, and the SI
// value Set must return.
type setCase struct {
	sel, val string
	check    func(s *scenario.Scenario) bool
	si       float64
}

// checkSets applies each case to a fresh load of the scenario at path.
func checkSets(t *testing.T, path string, cases []setCase) {
	t.Helper()
	for _, c := range cases {
		s, _ := load(t, path)
		si, err := Set(s, c.sel, c.val)
		if err != nil {
			t.Errorf("%s=%s: %v", c.sel, c.val, err)
			continue
		}
		if !c.check(s) {
			t.Errorf("%s=%s: not applied", c.sel, c.val)
		}
		if !(si == c.si || math.IsNaN(si) && math.IsNaN(c.si)) && math.Abs(si-c.si) > 1e-9 {
			t.Errorf("%s=%s: SI %g, want %g", c.sel, c.val, si, c.si)
		}
	}
}

func TestSet(t *testing.T) {
	checkSets(t, small, []setCase{
		{"threats.cm.rcs", "1 m2", func(s *scenario.Scenario) bool { return s.Threats[0].RCS == 1 && s.Threats[6].RCS == 0.1 }, 1},
		// A word of the class, as issue 7 writes it: "cruise" selects the cruise missiles.
		{"threats.cruise.rcs", "2 m2", func(s *scenario.Scenario) bool { return s.Threats[0].RCS == 2 && s.Threats[6].RCS == 0.1 }, 2},
		{"threats.shahed-136-class.rcs", "-10 dBsm", func(s *scenario.Scenario) bool {
			return math.Abs(s.Threats[7].RCS-0.1) < 1e-12 && s.Threats[0].RCS == 0.1
		}, 0.1},
		{"threats.cm-02.altitude", "100 m", func(s *scenario.Scenario) bool {
			return s.Threats[1].Route[1].At.Alt == 100 && s.Threats[0].Route[1].At.Alt == 15
		}, 100},
		{"threats.*.speed", "720 km/h", func(s *scenario.Scenario) bool { return s.Threats[3].Route[1].Speed == 200 }, 200},
		{"threats.drone.start", "60 s", func(s *scenario.Scenario) bool { return s.Threats[6].Start == 60 && s.Threats[7].Start == 70 }, 60},
		{"air_defence.bn1.doctrine.salvo", "2", func(s *scenario.Scenario) bool { return s.Units[0].Doctrine.Salvo == 2 }, 2},
		{"air_defence.*.doctrine.policy", "salvo", func(s *scenario.Scenario) bool { return s.Units[0].Doctrine.Policy == "salvo" }, math.NaN()},
		{"air_defence.bn1.missiles.9M96E2.pk", "0.5", func(s *scenario.Scenario) bool {
			return s.Units[0].Missiles[1].PkMax == 0.5 && s.Units[0].Missiles[0].PkMax == 0.8
		}, 0.5},
		{"air_defence.bn1.radars.fire-control.ref_range", "100 km", func(s *scenario.Scenario) bool { return s.Units[0].Radars[1].RefRange == 100e3 }, 100e3},
		{"air_defence.bn1.radars.91N6E.scan_period", "5 s", func(s *scenario.Scenario) bool { return s.Units[0].Radars[0].ScanPeriod == 5 }, 5},
		// The tracker's figures, as issue 11 sweeps them.
		{"air_defence.*.tracker.accel_noise", "10", func(s *scenario.Scenario) bool { return s.Units[0].Tracker.AccelNoise == 10 }, 10},
		{"air_defence.bn1.tracker.confirm_m", "3", func(s *scenario.Scenario) bool { return s.Units[0].Tracker.ConfirmM == 3 }, 3},
		{"air_defence.bn1.tracker.confirm_n", "5", func(s *scenario.Scenario) bool { return s.Units[0].Tracker.ConfirmN == 5 }, 5},
		{"air_defence.bn1.tracker.max_misses", "4", func(s *scenario.Scenario) bool { return s.Units[0].Tracker.MaxMisses == 4 }, 4},
		{"air_defence.bn1.tracker.gate_prob", "0.99", func(s *scenario.Scenario) bool { return s.Units[0].Tracker.GateProb == 0.99 }, 0.99},
		{"air_defence.bn1.doctrine.salvo_by_class.ballistic", "2", func(s *scenario.Scenario) bool {
			return slices.Contains(s.Units[0].Doctrine.SalvoByClass, scenario.ClassSalvo{Class: "ballistic", Salvo: 2})
		}, 2},
	})
	for _, c := range [][2]string{
		{"threats.nothing.rcs", "1 m2"},
		{"threats.cm.colour", "red"},
		{"threats.cm.rcs", "big"},
		{"threats.cm.rcs", "-1 m2"},
		{"threats.cm.rcs", "1e308 m2"},    // the scenario reader's bound, MaxRCS
		{"threats.cm.speed", "1e300 m/s"}, // faster than Earth's escape velocity
		{"threats.cm.speed", "Mach 40"},
		{"air_defence.bn1.missiles.*.burnout_speed", "20 km/s"},
		{"air_defence.bn9.doctrine.salvo", "2"},
		{"air_defence.bn1.doctrine.salvo", "0"},
		{"air_defence.bn1.missiles.S-300.pk", "0.5"},
		{"air_defence.bn1.missiles.*.pk", "1.5"},
		{"air_defence.bn1.radars.*.wattage", "1"},
		{"weather.rain", "1"},
		{"air_defence.bn1.tracker.accel_noise", "0"},
		{"air_defence.bn1.tracker.confirm_m", "4"}, // more hits than looks (confirm_n is 3)
		{"air_defence.bn1.tracker.confirm_n", "1"}, // fewer looks than hits (confirm_m is 2)
		{"air_defence.bn1.tracker.gate_prob", "1"},
		{"air_defence.bn1.tracker.colour", "1"},
		{"air_defence.bn1.doctrine.salvo_by_class.balloon", "2"},
		{"air_defence.bn1.doctrine.salvo_by_class.cruise", "0"},
		{"threats.cm", "1"},
	} {
		s, _ := load(t, small)
		if _, err := Set(s, c[0], c[1]); !isInput(err) {
			t.Errorf("%s=%s: %v, want an InputError", c[0], c[1], err)
		}
	}
}

func FuzzParseVary(f *testing.F) {
	for _, s := range []string{"threats.cm.rcs=0.01m2,0.1m2", "a=", "=1", "x=1,,2", "threats.*.speed=Mach 0.8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVary(s)
		if err != nil {
			return
		}
		if v.Selector == "" || len(v.Values) == 0 {
			t.Fatalf("ParseVary(%q) = %+v", s, v)
		}
		for _, x := range v.Values {
			if x == "" {
				t.Fatalf("ParseVary(%q): empty value", s)
			}
		}
	})
}

func TestSweep(t *testing.T) {
	dir := t.TempDir()
	_, src := load(t, small)
	sw, err := RunSweep(context.Background(), SweepConfig{
		Load:   func() (*scenario.Scenario, error) { return scenario.Load(small) },
		Source: src, Runs: 6, Out: dir,
		Vary: []Vary{{Selector: "air_defence.bn1.missiles.*.pk", Values: []string{"0.2", "0.95"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Points) != 2 || sw.Points[1].Settings[0].SI != 0.95 {
		t.Fatalf("points %+v", sw.Points)
	}
	// With common random numbers, a deadlier missile cannot leak more.
	if sw.Points[0].Leakers.Estimate < sw.Points[1].Leakers.Estimate {
		t.Errorf("mean leakers %.2f at pk 0.2, %.2f at pk 0.95", sw.Points[0].Leakers.Estimate, sw.Points[1].Leakers.Estimate)
	}
	got, ok, err := LoadSweep(dir)
	if err != nil || !ok || len(got.Points) != 2 {
		t.Fatalf("LoadSweep: %v %v", ok, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "point-001", RunsCSV)); err != nil {
		t.Error(err)
	}
	// A bad selector fails before anything runs.
	bad := filepath.Join(t.TempDir(), "bad")
	_, err = RunSweep(context.Background(), SweepConfig{
		Load:   func() (*scenario.Scenario, error) { return scenario.Load(small) },
		Source: src, Runs: 2, Out: bad,
		Vary: []Vary{{Selector: "threats.cm.rcs", Values: []string{"1 m2", "huge"}}},
	})
	if !isInput(err) {
		t.Errorf("bad value: %v, want InputError", err)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Error("a sweep with a bad value wrote its directory")
	}
}

// TestOneRunPerFolder: while a batch runs, another run on its folder, a
// resume or a fresh one, is refused at once with the holder's pid and
// writes nothing; once the first is done the folder is free again.
func TestOneRunPerFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "batch")
	s, src := load(t, small)
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	first := make(chan error, 1)
	go func() {
		_, err := Run(context.Background(), Config{Scenario: s, Source: src, Runs: 4, Workers: 1, Out: dir,
			Progress: func(Progress) {
				once.Do(func() { close(started); <-release })
			}})
		first <- err
	}()
	<-started
	want := fmt.Sprintf("%s is in use by another iadsim (pid %d)", dir, os.Getpid())
	for _, resume := range []bool{false, true} {
		s2, src2 := load(t, small)
		_, err := Run(context.Background(), Config{Scenario: s2, Source: src2, Runs: 4, Workers: 1, Out: dir, Resume: resume})
		if !isInput(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("resume %v while another run holds the folder: %v; want an InputError %q", resume, err, want)
		}
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(read(t, dir, JournalFile), []byte("\n")); n != 4 {
		t.Errorf("journal has %d lines, want 4", n)
	}
	if _, err := Run(context.Background(), Config{Scenario: s, Source: src, Runs: 4, Out: dir, Resume: true}); err != nil {
		t.Errorf("resume once the folder is free: %v", err)
	}
}

// TestSetBallistic: the figures of ballistic missile defence (issue 13)
// can be swept: a missile's and its booster's ballistic coefficient, its
// apogee, and a unit's range and floor against ballistic targets; and
// they are refused where they mean nothing.
func TestSetBallistic(t *testing.T) {
	const bmd = "../battle/testdata/bmd-booster.yaml"
	checkSets(t, bmd, []setCase{
		{"threats.srbm.ballistic_coefficient", "2000", func(s *scenario.Scenario) bool {
			return s.Threats[0].BallisticCoeff == 2000 && s.Threats[1].BallisticCoeff == 500
		}, 2000},
		{"threats.srbm-booster.ballistic_coefficient", "300", func(s *scenario.Scenario) bool {
			return s.Threats[0].BallisticCoeff == 5000 && s.Threats[1].BallisticCoeff == 300
		}, 300},
		{"threats.srbm-booster.rcs", "3 m2", func(s *scenario.Scenario) bool { return s.Threats[1].RCS == 3 && s.Threats[0].RCS == 0.01 }, 3},
		{"threats.srbm.apogee", "80 km", func(s *scenario.Scenario) bool { return s.Threats[0].Apogee == 80e3 }, 80e3},
		{"air_defence.*.doctrine.ballistic_range", "40 km", func(s *scenario.Scenario) bool { return s.Units[0].Doctrine.BallisticRange == 40e3 }, 40e3},
		{"air_defence.*.doctrine.ballistic_min_altitude", "5 km", func(s *scenario.Scenario) bool {
			return s.Units[0].Doctrine.BallisticMinAltitude == 5e3
		}, 5e3},
	})
	for _, c := range [][2]string{
		{"threats.srbm.ballistic_coefficient", "0"},
		{"threats.srbm.ballistic_coefficient", "heavy"},
		{"threats.srbm-booster.apogee", "80 km"}, // a booster flies from its missile's burnout
		{"threats.srbm.apogee", "-1 km"},
		{"air_defence.bn1.doctrine.ballistic_range", "-1 km"},
	} {
		s, _ := load(t, bmd)
		if _, err := Set(s, c[0], c[1]); !isInput(err) {
			t.Errorf("%s=%s: %v, want an InputError", c[0], c[1], err)
		}
	}
	// The manoeuvre of a threat that has one.
	s, _ := load(t, "../battle/testdata/bmd-pullup.yaml")
	for _, c := range []struct {
		key, val string
		si       float64
	}{{"height", "25 km", 25e3}, {"lift_to_drag", "2", 2}, {"max_load", "10 g", 98.0665}} {
		si, err := Set(s, "threats.srbm.pull_up."+c.key, c.val)
		if err != nil || math.Abs(si-c.si) > 1e-9 {
			t.Errorf("threats.srbm.pull_up.%s=%s: %g, %v", c.key, c.val, si, err)
		}
	}
	if p := s.Threats[0].PullUp; p.Height != 25e3 || p.LiftToDrag != 2 || math.Abs(p.MaxLoad-98.0665) > 1e-9 {
		t.Errorf("pull-up %+v", p)
	}
	for _, c := range [][2]string{{"threats.srbm.pull_up.lift_to_drag", "0"}, {"threats.srbm.pull_up.colour", "1"}} {
		if _, err := Set(s, c[0], c[1]); !isInput(err) {
			t.Errorf("%s=%s: %v, want an InputError", c[0], c[1], err)
		}
	}
	// Not where the file gives no pull_up.
	s, _ = load(t, bmd)
	if _, err := Set(s, "threats.srbm.pull_up.height", "20 km"); !isInput(err) {
		t.Errorf("pull_up.height on a threat without pull_up: %v, want an InputError", err)
	}
	// Not on a routed threat.
	s, _ = load(t, small)
	for _, key := range []string{"ballistic_coefficient", "apogee"} {
		if _, err := Set(s, "threats.cm."+key, "5000"); !isInput(err) {
			t.Errorf("threats.cm.%s on a cruise missile: %v, want an InputError", key, err)
		}
	}
}
