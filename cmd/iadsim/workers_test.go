package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunWorkers: iadsim run --workers N writes the same outputs, byte
// for byte, as one worker, on a grid of several battalions whose radars
// look at the same instants; a negative N is refused with exit 2.
func TestRunWorkers(t *testing.T) {
	const grid = "../../examples/grid-regiments.yaml"
	dir := t.TempDir()
	var first map[string][]byte
	for _, n := range []string{"1", "3", "0"} {
		out := filepath.Join(dir, "w"+n)
		if r := iadsim(t, "run", grid, "--workers", n, "--out", out); r.code != 0 {
			t.Fatalf("run --workers %s: exit %d: %s", n, r.code, r.stderr)
		}
		files := map[string][]byte{}
		for _, name := range []string{"events.jsonl", "summary.json", "tracks.csv", "scene.geojson", "SHA256SUMS"} {
			b, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			files[name] = b
		}
		if first == nil {
			first = files
			if !bytes.Contains(files["events.jsonl"], []byte(`"type":"detection"`)) {
				t.Fatal("no detection in events.jsonl: the looks were not exercised")
			}
			continue
		}
		for name, b := range files {
			if !bytes.Equal(b, first[name]) {
				t.Errorf("run --workers %s: %s differs from --workers 1's", n, name)
			}
		}
	}
	r := iadsim(t, "run", grid, "--workers", "-2")
	if r.code != 2 || !strings.Contains(r.stderr, "--workers -2: want 0 (one per core) or more") {
		t.Errorf("run --workers -2: exit %d, stderr %q; want exit 2 and the flag's expectation", r.code, r.stderr)
	}
}
