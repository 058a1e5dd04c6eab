package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestDataSourcesListModules: every module linked into iadsim is listed in
// docs/data-sources.md with its version, so that the licence table follows
// go.mod. A module added or upgraded fails here until the table says what
// its licence is.
func TestDataSourcesListModules(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH: cannot list the linked modules")
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}}{{end}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	doc, err := os.ReadFile("../../docs/data-sources.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Fields(strings.ReplaceAll(string(out), " ", "@")) {
		if seen[line] {
			continue
		}
		seen[line] = true
		path, version, _ := strings.Cut(line, "@")
		if !strings.Contains(string(doc), "| "+path+" | "+version+" |") {
			t.Errorf("docs/data-sources.md does not list %s %s; want a row | %s | %s | licence |", path, version, path, version)
		}
	}
	if len(seen) == 0 {
		t.Error("go list found no modules")
	}
}
