package iadsim_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOutputsReadTheRecord holds the flow of a run in the package
// layout: the packages that turn a run into files and figures read the
// record (package record), never the engine that made it, so that a change
// to how a run is played cannot reach them except through the record.
func TestOutputsReadTheRecord(t *testing.T) {
	const engine = "github.com/iadsim/iadsim/battle"
	for _, dir := range []string{"export", "czml", "dis", "dis/playback", "summary", "report", "serve", "record"} {
		for _, f := range importsOf(t, dir, engine) {
			t.Errorf("%s imports %s; outputs read package record instead", f, engine)
		}
	}
}

// TestIADSBelowTheEngine holds the command and control of the
// integrated air defence (package iads) beneath the run that wires it:
// it sees units only through its own small interfaces, so it imports
// neither the engine nor the record of a run.
func TestIADSBelowTheEngine(t *testing.T) {
	for _, p := range []string{"github.com/iadsim/iadsim/battle", "github.com/iadsim/iadsim/record"} {
		for _, f := range importsOf(t, "iads", p) {
			t.Errorf("%s imports %s; the IADS sees units through iads.Unit and iads.Engagement", f, p)
		}
	}
}

// importsOf lists the Go files of dir, tests aside (tests may run a
// battle), that import package path.
func importsOf(t *testing.T, dir, path string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Errorf("%s: no Go files; the layout this test guards has moved", dir)
	}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			if p, _ := strconv.Unquote(im.Path.Value); p == path {
				out = append(out, f)
			}
		}
	}
	return out
}
