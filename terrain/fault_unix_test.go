//go:build unix

package terrain

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShrunkWhileMapped: a tile cut short while mapped (another process
// rewriting it) is an error, not a SIGBUS that kills the program with a
// stack trace (issue 19, item 6).
func TestShrunkWhileMapped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "N44W072.hgt")
	if err := os.WriteFile(path, make([]byte, 1201*1201*2), 0o644); err != nil {
		t.Fatal(err)
	}
	f, size, err := openDEM(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, release, err := mapFile(f, size)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	_, err = guardFault(func() (*Grid, error) { return decodeFile(path, data) })
	if err == nil || !strings.Contains(err.Error(), "changed while read") {
		t.Errorf("decoding a tile truncated under its mapping: %v; want an error that it changed while read", err)
	}
}
