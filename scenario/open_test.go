package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestOpen: with no seed Open gives what Load gives; with a seed, the
// scenario's seed and its sampled figures follow it, the draw of
// ReplicationStreams(seed, 0), as a batch's replication 0 draws them.
func TestOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "raid.yaml")
	src := strings.Replace(raid, head, head+"figures: sample\nseed: 1\n", 1)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	load, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s, data, tm, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != src || tm == nil {
		t.Errorf("Open returned %d bytes of %d, template %v", len(data), len(src), tm)
	}
	if s.Seed != 1 || !reflect.DeepEqual(s.Figures, load.Figures) {
		t.Errorf("no seed: seed %d; figures equal to Load's: %v", s.Seed, reflect.DeepEqual(s.Figures, load.Figures))
	}
	seed := uint64(2)
	s2, _, tm2, err := Open(path, &seed)
	if err != nil {
		t.Fatal(err)
	}
	other, err := Parse(path, []byte(strings.Replace(src, "seed: 1\n", "seed: 2\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if s2.Seed != 2 || !reflect.DeepEqual(s2.Figures, other.Figures) || reflect.DeepEqual(s2.Figures, s.Figures) {
		t.Errorf("seed 2: seed %d; figures equal to the file with seed 2: %v", s2.Seed, reflect.DeepEqual(s2.Figures, other.Figures))
	}
	again, err := tm2.Resolve(ReplicationStreams(seed, 0))
	if err != nil || !reflect.DeepEqual(again.Figures, s2.Figures) {
		t.Errorf("the template's replication 0 of seed 2 differs from Open's scenario (%v)", err)
	}
	// A mistake is an ErrorList with its position; a missing file is the
	// file system's error.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte(strings.Replace(src, "duration:", "duraton:", 1)), 0o644)
	var el ErrorList
	if _, _, _, err := Open(bad, nil); !errors.As(err, &el) || !strings.Contains(err.Error(), "bad.yaml:") {
		t.Errorf("a misspelt key: %v", err)
	}
	if _, _, _, err := Open(filepath.Join(dir, "none.yaml"), nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}
