package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRunStreamsItsRecord: iadsim run without --dis or --czml keeps no
// record (streamRun): its events.jsonl is spooled and its summary
// tallied as the run goes. Its files and its printed summary must be
// those of the run that keeps its record (with --czml), byte for byte,
// and the spool must be gone afterwards.
func TestRunStreamsItsRecord(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"run", example}, args...)...)
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		if err := cmd.Run(); err != nil {
			t.Fatalf("run %v: %v: %s", args, err, e.String())
		}
		return o.String()
	}
	streamed, kept := filepath.Join(dir, "streamed"), filepath.Join(dir, "kept")
	a := run("--out", streamed)
	b := run("--out", kept, "--czml", filepath.Join(dir, "run.czml"))
	if a != b {
		t.Errorf("printed summaries differ:\n%s\nkept:\n%s", a, b)
	}
	if c := run("--json"); !bytes.Contains([]byte(c), []byte(`"interceptors_by_type"`)) {
		t.Errorf("run --json without --out: %.200q, want the summary", c)
	}
	for _, f := range []string{"events.jsonl", "summary.json", "tracks.csv", "scene.geojson", "SHA256SUMS"} {
		x, err := os.ReadFile(filepath.Join(streamed, f))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(kept, f))
		if err != nil {
			t.Fatal(err)
		}
		if len(x) < 100 || !bytes.Equal(x, y) {
			t.Errorf("%s: streamed %d bytes, kept %d: want the same, not empty", f, len(x), len(y))
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the run left %d files in TMPDIR (%s...), want its spool removed", len(left), left[0].Name())
	}
}
