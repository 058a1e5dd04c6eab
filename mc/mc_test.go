package mc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/scenario/edit"
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
		sb := run(t, Config{Runs: runs, Workers: 2, Shard: Shard{Index: i, Count: 4}, Out: dir})
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
		"interceptors_at_decoys", "struck", "gun_rounds", "interceptors_48N6E3", "interceptors_9M96E2"}
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

func TestSweep(t *testing.T) {
	dir := t.TempDir()
	_, src := load(t, small)
	sw, err := RunSweep(context.Background(), SweepConfig{
		Load:   func() (*scenario.Scenario, error) { return scenario.Load(small) },
		Source: src, Runs: 6, Out: dir,
		Vary: []edit.Vary{{Selector: "air_defence.bn1.missiles.*.pk", Values: []string{"0.2", "0.95"}}},
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
		Vary: []edit.Vary{{Selector: "threats.cm.rcs", Values: []string{"1 m2", "huge"}}},
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
