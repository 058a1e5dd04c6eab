package export

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFile: a file is written whole with mode 0644; a failing
// writer leaves the earlier file as it was and no temporary; a missing
// directory is a *CreateError, which the command line reports as the
// user's mistake.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.txt")
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "0 1\n"); return err }); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if b, _ := os.ReadFile(path); err != nil || string(b) != "0 1\n" || st.Mode().Perm() != 0o644 {
		t.Errorf("written %q, mode %v (%v)", b, st.Mode(), err)
	}
	boom := errors.New("boom")
	if err := WriteFile(path, func(w io.Writer) error { io.WriteString(w, "half"); return boom }); !errors.Is(err, boom) {
		t.Errorf("failing writer: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "0 1\n" {
		t.Errorf("after a failed write the file holds %q", b)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("%d entries left in the directory, want 1", len(es))
	}
	err = WriteFile(filepath.Join(dir, "missing", "plan.txt"), func(io.Writer) error { return nil })
	var ce *CreateError
	if !errors.As(err, &ce) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing directory: %#v", err)
	}
}
