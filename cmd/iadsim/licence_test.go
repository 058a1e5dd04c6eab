package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestDataSourcesListModules: every module linked into iadsim, on every
// platform the release builds, is listed in
// docs/data-sources.md with its version, so that the licence table follows
// go.mod. A module added or upgraded fails here until the table says what
// its licence is.
func TestDataSourcesListModules(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH: cannot list the linked modules")
	}
	// The modules of every platform the release builds.
	var out []byte
	for _, p := range [][2]string{{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "arm64"}, {"windows", "amd64"}} {
		list := exec.Command(goTool, "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}}{{end}}{{end}}", ".")
		list.Env = append(os.Environ(), "GOOS="+p[0], "GOARCH="+p[1], "CGO_ENABLED=0")
		b, err := list.Output()
		if err != nil {
			t.Fatalf("go list for %s/%s: %v", p[0], p[1], err)
		}
		out = append(out, b...)
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

// TestScalingDocsShowScripts: the Slurm scripts docs/scaling.md shows are
// the ones scripts/slurm/check.sh runs on a real Slurm.
func TestScalingDocsShowScripts(t *testing.T) {
	doc, err := os.ReadFile("../../docs/scaling.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"mc.sbatch", "merge.sbatch"} {
		script, err := os.ReadFile("../../scripts/slurm/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(doc), "```bash\n"+string(script)+"```\n") {
			t.Errorf("docs/scaling.md does not show scripts/slurm/%s as it is", f)
		}
	}
}
