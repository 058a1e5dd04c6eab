//go:build unix

package infile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostile makes the paths a user can name in place of a file: a
// folder, a FIFO, an empty file, one too large, one missing, one
// without read permission, and /dev/zero.
func hostile(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	p := map[string]string{
		"folder":  filepath.Join(dir, "folder"),
		"fifo":    filepath.Join(dir, "fifo"),
		"empty":   filepath.Join(dir, "empty"),
		"large":   filepath.Join(dir, "large"),
		"missing": filepath.Join(dir, "missing"),
		"noread":  filepath.Join(dir, "noread"),
		"zero":    "/dev/zero",
	}
	if err := os.Mkdir(p["folder"], 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p["fifo"], 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	os.WriteFile(p["empty"], nil, 0o644)
	os.WriteFile(p["large"], make([]byte, 2048), 0o644)
	os.WriteFile(p["noread"], []byte("x"), 0o000)
	return p
}

// TestOpen: each kind of path is refused with its name, what it is and
// what was wanted, and the FIFO at once, not when a writer comes.
func TestOpen(t *testing.T) {
	p := hostile(t)
	const want = "a scenario file (YAML)"
	for _, c := range []struct {
		name, why string
		is        error
	}{
		{"folder", "a folder, not a file", nil},
		{"fifo", "a named pipe (FIFO), not a file", nil},
		{"zero", "a device, not a file", nil},
		{"large", "2048 bytes, larger than the limit of 1 KiB", nil},
		{"missing", "no such file or folder", fs.ErrNotExist},
		{"noread", "not readable (permission denied)", fs.ErrPermission},
		{"empty", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "noread" && os.Geteuid() == 0 {
				t.Skip("root reads a file of mode 0000")
			}
			done := make(chan error, 1)
			go func() {
				f, _, err := Open(p[c.name], 1024, want)
				if err == nil {
					f.Close()
				}
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("Open(%s) still waiting after 10 s", p[c.name])
			}
			if c.why == "" {
				if err != nil {
					t.Fatalf("Open(%s): %v", c.name, err)
				}
				return
			}
			wantMsg := p[c.name] + ": " + c.why + "; want " + want
			var ie *Error
			if err == nil || !errors.As(err, &ie) || err.Error() != wantMsg {
				t.Fatalf("Open(%s): %v; want *Error %q", c.name, err, wantMsg)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("Open(%s): %v is not %v", c.name, err, c.is)
			}
		})
	}
}

// TestReadFile: a file is read whole up to the limit, and refused past
// it; with no limit /dev/zero is still refused unread.
func TestReadFile(t *testing.T) {
	p := hostile(t)
	if b, err := ReadFile(p["large"], 2048, "x"); err != nil || len(b) != 2048 {
		t.Errorf("ReadFile(large, 2048): %d bytes, %v", len(b), err)
	}
	if b, err := ReadFile(p["empty"], 0, "x"); err != nil || len(b) != 0 {
		t.Errorf("ReadFile(empty): %d bytes, %v", len(b), err)
	}
	if _, err := ReadFile("/dev/zero", 0, "a table"); err == nil || !strings.HasSuffix(err.Error(), "; want a table") {
		t.Errorf("ReadFile(/dev/zero): %v", err)
	}
}

// TestDir: a folder passes; anything else is refused without being
// opened (a FIFO would block).
func TestDir(t *testing.T) {
	p := hostile(t)
	const want = "a run folder (iadsim run --out)"
	if err := Dir(p["folder"], want); err != nil {
		t.Errorf("Dir(folder): %v", err)
	}
	for name, why := range map[string]string{
		"fifo":    "a named pipe (FIFO), not a folder",
		"zero":    "a device, not a folder",
		"empty":   "a file, not a folder",
		"missing": "no such file or folder",
	} {
		wantMsg := p[name] + ": " + why + "; want " + want
		if err := Dir(p[name], want); err == nil || err.Error() != wantMsg {
			t.Errorf("Dir(%s): %v; want %q", name, err, wantMsg)
		}
	}
}
