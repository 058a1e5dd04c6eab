package iadsim_test

import (
	"fmt"
	"go/ast"
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

// The command line's limits, TestCommandLineIsThin's: a function of
// cmd/iadsim other than a command constructor is at most maxHelperLines
// long, and all of them together at most helperBudget lines. At the
// split (issue 18) the longest was iadsim track's RunE at 45 lines and
// they held 476 lines together, from 1197 before (a 125-line coverage
// parser, an 84-line tracker loop).
const (
	maxHelperLines = 45
	helperBudget   = 550
)

// TestCommandLineIsThin holds cmd/iadsim to cobra commands, their flags
// and the wiring of outputs: the models, parsers, writers and loops a
// command runs live in packages (a public one where a library user would
// want it, internal/ where only the command line does), where they are
// tested and documented. A helper that grows past maxHelperLines, helpers
// that together pass helperBudget, or an import of a package that
// reads or writes a format (CSV, YAML, images), tables, geometry or
// statistics fail here: move the code out rather than raise the limits.
func TestCommandLineIsThin(t *testing.T) {
	for _, p := range commandLineProblems(t, filepath.Join("cmd", "iadsim")) {
		t.Error(p)
	}
}

// commandLineProblems lists how the Go files of dir break the rules of
// TestCommandLineIsThin.
func commandLineProblems(t *testing.T, dir string) []string {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	// Imports that mean cmd/iadsim does a package's work: reading or
	// writing a file format, tables, geometry, statistics, the tracker's
	// metrics.
	forbidden := []string{
		"encoding/csv", "encoding/xml", "encoding/binary", "text/tabwriter", "image",
		"gonum.org/", "github.com/paulmach/orb", "github.com/goccy/go-yaml",
		"github.com/iadsim/iadsim/track/metrics", "github.com/iadsim/iadsim/stats",
	}
	var problems []string
	total := 0
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			for _, bad := range forbidden {
				if p == bad || strings.HasPrefix(p, strings.TrimSuffix(bad, "/")+"/") {
					problems = append(problems, fmt.Sprintf("%s imports %s: that work belongs in a package", f, p))
				}
			}
		}
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || commandConstructor(fd) {
				continue
			}
			n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1
			total += n
			if n > maxHelperLines {
				problems = append(problems, fmt.Sprintf("%s: %s is %d lines, more than %d for code that is not a command constructor; move it to a package",
					f, fd.Name.Name, n, maxHelperLines))
			}
		}
	}
	if total > helperBudget {
		problems = append(problems, fmt.Sprintf("%s: functions other than command constructors hold %d lines, more than %d; move code to a package", dir, total, helperBudget))
	}
	return problems
}

// commandConstructor reports whether fd is func newXxxCmd() *cobra.Command.
func commandConstructor(fd *ast.FuncDecl) bool {
	if fd.Recv != nil || !strings.HasPrefix(fd.Name.Name, "new") || !strings.HasSuffix(fd.Name.Name, "Cmd") ||
		fd.Type.Results == nil || len(fd.Type.Results.List) != 1 {
		return false
	}
	star, ok := fd.Type.Results.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Command"
}
