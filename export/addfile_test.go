package export_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/iadsim/iadsim/export"
)

// TestAddFile: a file added to a sealed output joins its seal, and the
// folder still verifies with every file it had (before, `iadsim export
// czml RUN --out RUN/scene.czml` sealed the folder over scene.czml alone
// and every reader then refused the run: "SHA256SUMS does not list
// scene.geojson"); added to a folder that is not an output, no seal is
// made; a sealed folder that no longer verifies is refused, the file not
// written.
func TestAddFile(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	if err := export.WriteDir(run, []export.File{
		{Name: "events.jsonl", Write: content("{}\n")},
		{Name: "summary.json", Write: content("{}\n")},
	}); err != nil {
		t.Fatal(err)
	}
	if err := export.AddFile(run, export.File{Name: "scene.czml", Write: content("[]\n")}); err != nil {
		t.Fatal(err)
	}
	if err := export.Verify(run, "events.jsonl", "summary.json", "scene.czml"); err != nil {
		t.Errorf("the run with its CZML does not verify: %v", err)
	}
	// Again: the file is replaced and its new sum sealed.
	if err := export.AddFile(run, export.File{Name: "scene.czml", Write: content("[1]\n")}); err != nil {
		t.Fatal(err)
	}
	if err := export.Verify(run, "events.jsonl", "summary.json", "scene.czml"); err != nil {
		t.Errorf("the run with its second CZML does not verify: %v", err)
	}

	plain := t.TempDir()
	if err := export.AddFile(plain, export.File{Name: "x.czml", Write: content("[]\n")}); err != nil {
		t.Fatal(err)
	}
	if got := listDir(t, plain); !slices.Equal(got, []string{"x.czml"}) {
		t.Errorf("a plain folder holds %q, want x.czml alone (no seal)", got)
	}

	if err := os.WriteFile(filepath.Join(run, "summary.json"), []byte("{\"changed\":1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := export.AddFile(run, export.File{Name: "late.czml", Write: content("[]\n")})
	var ie *export.IncompleteError
	if !errors.As(err, &ie) {
		t.Errorf("a tampered sealed folder: %v, want an IncompleteError", err)
	}
	if _, err := os.Stat(filepath.Join(run, "late.czml")); err == nil {
		t.Error("late.czml written into a folder that was refused")
	}
	if err := export.AddFile(run, export.File{Name: export.SumsFile, Write: content("")}); err == nil {
		t.Error("a file named as the seal was accepted")
	}
}
