package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/export"
)

// TestCZML: run --czml and export czml of the run directory write the
// same document, to a file or to stdout; a directory that is not a run's,
// or a broken tracks.csv, is refused with exit code 2, the file named and
// nothing written.
func TestCZML(t *testing.T) {
	dir := t.TempDir()
	run, viaRun, viaExport := filepath.Join(dir, "run"), filepath.Join(dir, "run.czml"), filepath.Join(dir, "export.czml")
	if r := iadsim(t, "run", example, "--out", run, "--czml", viaRun); r.code != 0 {
		t.Fatalf("run --czml: exit %d: %s", r.code, r.stderr)
	}
	if r := iadsim(t, "export", "czml", run, "--out", viaExport); r.code != 0 {
		t.Fatalf("export czml: exit %d: %s", r.code, r.stderr)
	}
	a, _ := os.ReadFile(viaRun)
	b, _ := os.ReadFile(viaExport)
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("run --czml (%d bytes) and export czml (%d bytes) differ", len(a), len(b))
	}
	if !bytes.HasPrefix(a, []byte("[\n {")) || !bytes.Contains(a, []byte(`"id": "document"`)) {
		t.Errorf("run.czml does not open with the document packet: %.80q", a)
	}
	if r := iadsim(t, "export", "czml", run); r.code != 0 || r.stdout != string(a) {
		t.Errorf("export czml to stdout: exit %d, %d bytes, want the %d of the file: %s", r.code, len(r.stdout), len(a), r.stderr)
	}
	// Beside the run, in its folder: the CZML joins the run's seal, and
	// the run is still one complete output (it was refused afterwards:
	// "SHA256SUMS does not list scene.geojson"). No seal is made in a
	// folder that is not an output.
	if r := iadsim(t, "export", "czml", run, "--out", filepath.Join(run, "scene.czml")); r.code != 0 {
		t.Fatalf("export czml into the run's folder: exit %d: %s", r.code, r.stderr)
	}
	if err := export.Verify(run, "events.jsonl", "summary.json", "tracks.csv", "scene.geojson", "scene.czml"); err != nil {
		t.Errorf("the run's folder with its CZML: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "SHA256SUMS")); err == nil {
		t.Errorf("export czml --out %s sealed a folder that is not an output", viaExport)
	}

	out := filepath.Join(dir, "none.czml")
	if r := iadsim(t, "export", "czml", t.TempDir(), "--out", out); r.code != 2 || !strings.Contains(r.stderr, "not a complete output: no SHA256SUMS") {
		t.Errorf("export czml of an empty directory: exit %d, stderr %q; want 2 and why", r.code, r.stderr)
	}
	tracks := filepath.Join(run, "tracks.csv")
	text, _ := os.ReadFile(tracks)
	lines := strings.SplitN(string(text), "\n", 4)
	lines[2] = strings.Replace(lines[2], "truth", "ghost", 1)
	if err := os.WriteFile(tracks, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	reseal(t, run) // past the seal, to the CSV reader's own check
	if r := iadsim(t, "export", "czml", run, "--out", out); r.code != 2 || !strings.Contains(r.stderr, "tracks.csv:3:") || !strings.Contains(r.stderr, "want truth, track or interceptor") {
		t.Errorf("export czml with a bad tracks.csv: exit %d, stderr %q; want 2 with tracks.csv:3:col", r.code, r.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a refused export left %s: %v", out, err)
	}
}
