package main

import (
	"encoding/json"
	"os"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBOM(t *testing.T) {
	lic, err := readLicences(strings.NewReader("| module | version | licence |\n|---|---|---|\n| github.com/spf13/cobra | v1.10.2 | Apache-2.0 |\n| Go standard library | (toolchain) | BSD-3-Clause |\n"))
	if err != nil {
		t.Fatal(err)
	}
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Path: "github.com/iadsim/iadsim/cmd/iadsim",
		Main: debug.Module{Path: "github.com/iadsim/iadsim", Version: "v1.2.0"},
		Deps: []*debug.Module{
			{Path: "github.com/spf13/cobra", Version: "v1.10.2", Sum: "h1:abc="},
			{Path: "example.org/old", Version: "v1.0.0", Replace: &debug.Module{Path: "example.org/new", Version: "v1.0.1"}},
		},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "3593ff00"}, {Key: "GOOS", Value: "linux"}, {Key: "-ldflags", Value: "-s -w"}},
	}
	b, err := json.Marshal(bom(info, lic))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{
		`"bomFormat":"CycloneDX","specVersion":"1.5"`,
		`"purl":"pkg:golang/github.com/iadsim/iadsim@v1.2.0"`,
		`{"name":"vcs.revision","value":"3593ff00"}`,
		`"name":"github.com/spf13/cobra","version":"v1.10.2","purl":"pkg:golang/github.com/spf13/cobra@v1.10.2","licenses":[{"license":{"name":"Apache-2.0"}}],"properties":[{"name":"go.sum","value":"h1:abc="}]`,
		`"name":"example.org/new","version":"v1.0.1"`, // what replaced it is what was linked
		`"dependsOn":["pkg:golang/github.com/spf13/cobra@v1.10.2","pkg:golang/example.org/new@v1.0.1"]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("SBOM lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ldflags") || strings.Contains(got, "example.org/old") {
		t.Errorf("SBOM holds what it should not:\n%s", got)
	}
}

// TestLicencesOfTheBinary: the licence table the release reads has a row
// for every module; TestDataSourcesListModules in cmd/iadsim checks it
// against the modules linked.
func TestLicencesOfTheBinary(t *testing.T) {
	f, err := os.Open("../../docs/data-sources.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lic, err := readLicences(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(lic) < 20 {
		t.Errorf("%d modules read from docs/data-sources.md, want every linked one (25 or so)", len(lic))
	}
	for m, l := range lic {
		if !strings.HasPrefix(m, "github.com/") && !strings.Contains(m, ".org/") && !strings.Contains(m, ".ht/") {
			t.Errorf("%q read as a module", m)
		}
		if l == "" {
			t.Errorf("%s: no licence", m)
		}
	}
}
