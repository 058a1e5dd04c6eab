package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/dirlock"
)

// killedAt runs iadsim with the commit hook export.CrashEnv set to
// point, and checks that the process died of it (SIGKILL), as a writer
// killed by the OOM killer or a cluster's scheduler would.
func killedAt(t *testing.T, point string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), export.CrashEnv+"="+point)
	var e bytes.Buffer
	cmd.Stderr = &e
	err := cmd.Run()
	var xe *exec.ExitError
	if !errors.As(err, &xe) || xe.ExitCode() != -1 {
		t.Fatalf("iadsim %s with %s=%s: %v, stderr %q; want it killed at that point", strings.Join(args, " "), export.CrashEnv, point, err, e.String())
	}
}

// leftovers lists what a killed writer left in dir: temporaries and
// files moved aside.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		if n := e.Name(); n != dirlock.File && (strings.HasPrefix(n, ".") || strings.Contains(n, ".bak-")) {
			names = append(names, n)
		}
	}
	return names
}

// reseal seals dir again over the files its seal lists, as someone who
// changed them on purpose would: the readers' own checks must hold then.
func reseal(t *testing.T, dir string) {
	t.Helper()
	names, err := export.Listed(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := export.Seal(dir, names); err != nil {
		t.Fatal(err)
	}
}

// TestKilledRunIsRefused: a run whose writer is killed at any point of
// its commit, over an earlier run's complete output, leaves a folder
// that export czml refuses with exit 2 and a message saying what to do,
// not a set that mixes the two runs; the next run cleans what the killed
// one left and writes a complete set (issue 19, item 7).
func TestKilledRunIsRefused(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	if r := iadsim(t, "run", probe, "--out", out); r.code != 0 {
		t.Fatalf("run: exit %d, %s", r.code, r.stderr)
	}
	// The run writes 4 files: killed after 1 to 4 renames, or just
	// before its seal is renamed in (the same point as rename:4).
	for _, point := range []string{"rename:1", "rename:2", "rename:4", "seal"} {
		t.Run(point, func(t *testing.T) {
			killedAt(t, point, "run", probe, "--out", out, "--seed", "7")
			if len(leftovers(t, out)) == 0 && point != "seal" {
				t.Errorf("killed at %s, no file was left aside: the kill came too late to test anything", point)
			}
			r := iadsim(t, "export", "czml", out)
			if r.code != 2 || !strings.Contains(r.stderr, "not a complete output: no SHA256SUMS") || r.stdout != "" {
				t.Errorf("export czml of a killed run: exit %d, stdout %d bytes, stderr %q; want 2, nothing written and the reason", r.code, len(r.stdout), r.stderr)
			}
			if r := iadsim(t, "run", probe, "--out", out); r.code != 0 {
				t.Fatalf("rerun: exit %d, %s", r.code, r.stderr)
			}
			if l := leftovers(t, out); len(l) > 0 {
				t.Errorf("the rerun left %q", l)
			}
			if r := iadsim(t, "export", "czml", out); r.code != 0 {
				t.Errorf("export czml of the rerun: exit %d, %s", r.code, r.stderr)
			}
		})
	}
}

// TestKilledBatchIsRefused: a Monte Carlo batch killed before its seal
// (after its tables are all written: the set looks finished) is refused
// by report and merge with exit 2, and --resume finishes it.
func TestKilledBatchIsRefused(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "batch")
	killedAt(t, "seal", "mc", probe, "--runs", "2", "--workers", "1", "--out", out)
	for _, f := range []string{"stats.json", "runs.csv", "runs.parquet", "journal.jsonl"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Fatalf("killed before its seal, the batch lacks %s: %v", f, err)
		}
	}
	for _, args := range [][]string{
		{"report", out, "--out", filepath.Join(dir, "r.html")},
		{"merge", out, "--out", filepath.Join(dir, "merged")},
	} {
		r := iadsim(t, args...)
		if r.code != 2 || !strings.Contains(r.stderr, out+": not a complete output") || !strings.Contains(r.stderr, "--resume") {
			t.Errorf("%s of a killed batch: exit %d, stderr %q; want 2 and the reason", args[0], r.code, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "r.html")); err == nil {
		t.Error("report wrote a file from an unfinished batch")
	}
	if r := iadsim(t, "mc", probe, "--runs", "2", "--workers", "1", "--out", out, "--resume"); r.code != 0 {
		t.Fatalf("--resume: exit %d, %s", r.code, r.stderr)
	}
	if r := iadsim(t, "report", out, "--out", filepath.Join(dir, "r.html")); r.code != 0 {
		t.Errorf("report of the resumed batch: exit %d, %s", r.code, r.stderr)
	}
	names, err := export.Listed(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"journal.jsonl", "manifest.json", "replication-0/events.jsonl", "replication-0/scene.geojson", "replication-0/summary.json",
		"runs.csv", "runs.parquet", "scenario.yaml", "stats.json"}
	if !slices.Equal(names, want) {
		t.Errorf("the batch's seal lists %q, want %q", names, want)
	}
}
