package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/summary"
)

// sampled draws its catalogue figures afresh in every replication, so a
// replication rerun with the wrong streams shows at once.
const sampled = "../../mc/testdata/sampled.yaml"

// readRuns reads runs.csv as one map of column to text per replication.
func readRuns(t *testing.T, dir string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

// sameAsRow checks that the run in dir (summary.json) is the row of
// runs.csv: its outcome counts and every figure drawn.
func sameAsRow(t *testing.T, dir string, row map[string]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum summary.Summary
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	for col, got := range map[string]int{"leakers": sum.Totals.Leakers, "kills": sum.Totals.Kills, "survivors": sum.Totals.Survivors,
		"detected": sum.Totals.Detected, "interceptors": sum.Totals.Interceptors} {
		if strconv.Itoa(got) != row[col] {
			t.Errorf("replication %s: %s %d, runs.csv %s", row["replication"], col, got, row[col])
		}
	}
	figs := 0
	for _, f := range sum.Figures {
		col := "figure_" + f.Entity + "." + f.Key
		if want, ok := row[col]; ok {
			figs++
			if got := strconv.FormatFloat(f.Value, 'g', -1, 64); got != want {
				t.Errorf("replication %s: %s %s, runs.csv %s", row["replication"], col, got, want)
			}
		}
	}
	if figs == 0 {
		t.Errorf("replication %s: no drawn figure to compare", row["replication"])
	}
}

// TestRunReplication: iadsim run --seed S --replication R reruns
// replication R of a batch alone, and --set the settings of a sweep point:
// the same draws, the same outcome as the batch's row.
func TestRunReplication(t *testing.T) {
	dir := t.TempDir()
	batch := filepath.Join(dir, "mc")
	if r := iadsim(t, "mc", sampled, "--runs", "4", "--seed", "11", "--workers", "1", "--out", batch); r.code != 0 {
		t.Fatalf("mc: exit %d: %s", r.code, r.stderr)
	}
	rows := readRuns(t, batch)
	for _, k := range []int{0, 3} {
		out := filepath.Join(dir, "run-"+strconv.Itoa(k))
		if r := iadsim(t, "run", sampled, "--seed", "11", "--replication", strconv.Itoa(k), "--out", out); r.code != 0 {
			t.Fatalf("run --replication %d: exit %d: %s", k, r.code, r.stderr)
		}
		sameAsRow(t, out, rows[k])
		if k == 0 {
			a, _ := os.ReadFile(filepath.Join(batch, "replication-0", "events.jsonl"))
			b, _ := os.ReadFile(filepath.Join(out, "events.jsonl"))
			if len(a) == 0 || !bytes.Equal(a, b) {
				t.Errorf("run --replication 0 events differ from the batch's replication-0/events.jsonl")
			}
		}
	}
	if rows[1]["figure_bn1-92n6e.ref_range"] == rows[3]["figure_bn1-92n6e.ref_range"] {
		t.Errorf("replications 1 and 3 drew the same figures: the comparison proves nothing")
	}

	// A sweep point: its manifest's overrides, given to run with --set.
	sw := filepath.Join(dir, "sweep")
	if r := iadsim(t, "sweep", sampled, "--vary", "air_defence.*.tracker.accel_noise=10,50", "--vary", "threats.cm.rcs=0.5m2",
		"--runs", "2", "--workers", "1", "--out", sw); r.code != 0 {
		t.Fatalf("sweep: exit %d: %s", r.code, r.stderr)
	}
	point := filepath.Join(sw, "point-001")
	b, err := os.ReadFile(filepath.Join(point, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Seed      uint64   `json:"seed"`
		Overrides []string `json:"overrides"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if strings.Join(m.Overrides, " ") != "air_defence.*.tracker.accel_noise=50 threats.cm.rcs=0.5m2" {
		t.Fatalf("point-001 overrides %q", m.Overrides)
	}
	out := filepath.Join(dir, "run-sweep")
	args := []string{"run", sampled, "--seed", strconv.FormatUint(m.Seed, 10), "--replication", "1", "--out", out}
	for _, o := range m.Overrides {
		args = append(args, "--set", o)
	}
	if r := iadsim(t, args...); r.code != 0 {
		t.Fatalf("run --set: exit %d: %s", r.code, r.stderr)
	}
	sameAsRow(t, out, readRuns(t, point)[1])

	for _, bad := range [][]string{
		{"run", sampled, "--replication", "-1"},
		{"run", sampled, "--set", "air_defence.*.tracker.accel_noise"},
		{"run", sampled, "--set", "air_defence.*.tracker.colour=red"},
	} {
		if r := iadsim(t, bad...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", bad, r.code, r.stderr)
		}
	}
}
