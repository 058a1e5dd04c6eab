package export_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/export/seal"
)

// TestVerify: a sealed set verifies, also with sha256sum(1), the
// reference; every way a folder can differ from what its writer sealed
// is refused as incomplete, naming what is wrong.
func TestVerify(t *testing.T) {
	base := t.TempDir()
	sealed := func(t *testing.T) string {
		dir, err := os.MkdirTemp(base, "set")
		if err != nil {
			t.Fatal(err)
		}
		if err := export.WriteDir(dir, []export.File{
			{Name: "events.jsonl", Write: content("e\n")},
			{Name: "summary.json", Write: content("{}\n")},
		}); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	if sum, err := exec.LookPath("sha256sum"); err == nil {
		dir := sealed(t)
		cmd := exec.Command(sum, "--strict", "-c", export.SumsFile)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sha256sum -c: %v\n%s", err, out)
		}
	} else {
		t.Log("sha256sum not on PATH: the seal's format is checked by Verify alone")
	}
	for _, c := range []struct {
		name   string
		spoil  func(dir string)
		need   []string
		reason string // in the refusal; "" for none
	}{
		{"intact", func(string) {}, []string{"events.jsonl"}, ""},
		{"no seal", func(d string) { os.Remove(filepath.Join(d, export.SumsFile)) }, nil, "no SHA256SUMS"},
		{"changed file", func(d string) { os.WriteFile(filepath.Join(d, "events.jsonl"), []byte("x\n"), 0o644) }, nil, "events.jsonl does not match"},
		{"missing file", func(d string) { os.Remove(filepath.Join(d, "summary.json")) }, nil, "summary.json is missing"},
		{"not listed", func(string) {}, []string{"tracks.csv"}, "does not list tracks.csv"},
		{"bad line", func(d string) { os.WriteFile(filepath.Join(d, export.SumsFile), []byte("abc  events.jsonl\n"), 0o644) }, nil, "line 1: want a SHA-256"},
		{"outside", func(d string) {
			os.WriteFile(filepath.Join(d, export.SumsFile), []byte(strings.Repeat("0", 64)+"  ../x\n"), 0o644)
		}, nil, `"../x": want a path inside`},
		{"linked out", func(d string) {
			out := filepath.Join(base, "outside")
			os.WriteFile(out, []byte("e\n"), 0o644)
			os.Remove(filepath.Join(d, "events.jsonl"))
			os.Symlink(out, filepath.Join(d, "events.jsonl"))
		}, nil, "events.jsonl is not a regular file"},
		{"seal is a link", func(d string) {
			p := filepath.Join(d, export.SumsFile)
			os.Rename(p, p+".real")
			os.Symlink(p+".real", p)
		}, nil, "not a regular file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := sealed(t)
			c.spoil(dir)
			err := export.Verify(dir, c.need...)
			if c.reason == "" {
				if err != nil {
					t.Errorf("Verify = %v, want nil", err)
				}
				return
			}
			var inc *export.IncompleteError
			if !errors.As(err, &inc) || !strings.Contains(err.Error(), c.reason) {
				t.Errorf("Verify = %v, want an IncompleteError naming %q", err, c.reason)
			}
		})
	}
}

// TestSealAfterParts: a writer of several commits (a Monte Carlo batch)
// unseals first and seals last; in between, readers refuse the folder.
func TestSealAfterParts(t *testing.T) {
	dir := t.TempDir()
	if err := export.WriteDir(dir, []export.File{{Name: "a", Write: content("1\n")}}); err != nil {
		t.Fatal(err)
	}
	if err := export.Unseal(dir); err != nil {
		t.Fatal(err)
	}
	if err := export.WriteHeldDir(dir, []export.File{{Name: "b", Write: content("2\n")}}); err != nil {
		t.Fatal(err)
	}
	var inc *export.IncompleteError
	if err := export.Verify(dir); !errors.As(err, &inc) {
		t.Fatalf("an unsealed folder: Verify = %v, want an IncompleteError", err)
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "c"), []byte("3\n"), 0o644)
	if err := export.Seal(dir, []string{"a", "b", "sub/c"}); err != nil {
		t.Fatal(err)
	}
	if err := export.Verify(dir, "a", "b", "sub/c"); err != nil {
		t.Errorf("after Seal: %v", err)
	}
	if got, err := export.Listed(dir); err != nil || strings.Join(got, " ") != "a b sub/c" {
		t.Errorf("Listed = %q, %v; want a b sub/c", got, err)
	}
	if err := export.Seal(dir, []string{"a", "missing"}); err == nil {
		t.Error("sealed a file that is not there")
	}
}

// TestVerifyFile: one open file of a sealed folder verifies and is
// rewound for its reader; a folder with no seal, a file the seal does not
// list and a file changed after the seal are refused as incomplete.
func TestVerifyFile(t *testing.T) {
	dir := t.TempDir()
	if err := export.WriteDir(dir, []export.File{
		{Name: "events.jsonl", Write: content("e\n")},
		{Name: "summary.json", Write: content("{}\n")},
	}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("n\n"), 0o644)
	check := func(name string) error {
		t.Helper()
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer root.Close()
		f, err := root.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := seal.VerifyFile(root, dir, name, f); err != nil {
			return err
		}
		b := make([]byte, 8)
		if n, _ := f.Read(b); n == 0 {
			t.Errorf("%s not rewound after the check", name)
		}
		return nil
	}
	if err := check("events.jsonl"); err != nil {
		t.Errorf("sealed events.jsonl: %v", err)
	}
	var inc *export.IncompleteError
	if err := check("notes.txt"); !errors.As(err, &inc) || !strings.Contains(err.Error(), "SHA256SUMS does not list notes.txt") {
		t.Errorf("a file the seal does not list: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "summary.json"), []byte("{\"x\":1}\n"), 0o644)
	if err := check("summary.json"); !errors.As(err, &inc) || !strings.Contains(err.Error(), "summary.json does not match its SHA-256") {
		t.Errorf("a file changed after the seal: %v", err)
	}
	os.Remove(filepath.Join(dir, export.SumsFile))
	if err := check("events.jsonl"); !errors.As(err, &inc) || !strings.Contains(err.Error(), "no SHA256SUMS") {
		t.Errorf("no seal: %v", err)
	}
}
