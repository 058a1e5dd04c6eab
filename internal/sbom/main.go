// Command sbom writes a software bill of materials of a Go binary in the
// CycloneDX 1.5 JSON format: the binary (name, version, commit) and every
// module linked into it, with its version, its go.sum hash and, when
// docs/data-sources.md lists it, its licence. It reads the build
// information the Go toolchain records in the binary, so the list is
// what was linked, not what go.mod allows:
//
//	go run ./internal/sbom -licences docs/data-sources.md dist/iadsim-linux-amd64 > sbom.cdx.json
//
// The output depends only on the binary and the licence table, so that
// a release built twice gives the same SBOM.
package main

import (
	"bufio"
	"debug/buildinfo"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

func main() {
	licences := flag.String("licences", "", "a Markdown file with a table | module | version | licence |")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: sbom [-licences docs/data-sources.md] BINARY")
		os.Exit(2)
	}
	info, err := buildinfo.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "sbom:", err)
		os.Exit(1)
	}
	lic := map[string]string{}
	if *licences != "" {
		f, err := os.Open(*licences)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sbom:", err)
			os.Exit(1)
		}
		lic, err = readLicences(f)
		f.Close()
		if err != nil {
			fmt.Fprintln(os.Stderr, "sbom:", err)
			os.Exit(1)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(bom(info, lic)); err != nil {
		fmt.Fprintln(os.Stderr, "sbom:", err)
		os.Exit(1)
	}
}

// readLicences reads the rows "| module | version | licence |" of a
// Markdown table, keyed "module@version".
func readLicences(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		c := strings.Split(strings.Trim(strings.TrimSpace(sc.Text()), "|"), "|")
		if len(c) != 3 {
			continue
		}
		mod, ver, l := strings.TrimSpace(c[0]), strings.TrimSpace(c[1]), strings.TrimSpace(c[2])
		if strings.Contains(mod, ".") && strings.HasPrefix(ver, "v") {
			out[mod+"@"+ver] = l
		}
	}
	return out, sc.Err()
}

type component struct {
	Type       string     `json:"type"`
	BOMRef     string     `json:"bom-ref"`
	Name       string     `json:"name"`
	Version    string     `json:"version"`
	PURL       string     `json:"purl"`
	Licenses   []license  `json:"licenses,omitempty"`
	Properties []property `json:"properties,omitempty"`
}

type license struct {
	License struct {
		ID   string `json:"id,omitempty"`   // an SPDX identifier
		Name string `json:"name,omitempty"` // free text, when not one identifier
	} `json:"license"`
}

type property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type document struct {
	BOMFormat   string `json:"bomFormat"`
	SpecVersion string `json:"specVersion"`
	Version     int    `json:"version"`
	Metadata    struct {
		Component component `json:"component"`
	} `json:"metadata"`
	Components   []component `json:"components"`
	Dependencies []struct {
		Ref       string   `json:"ref"`
		DependsOn []string `json:"dependsOn"`
	} `json:"dependencies"`
}

func purl(path, version string) string { return "pkg:golang/" + path + "@" + version }

// bom builds the CycloneDX document of a binary's build information.
func bom(info *debug.BuildInfo, lic map[string]string) document {
	var d document
	d.BOMFormat, d.SpecVersion, d.Version = "CycloneDX", "1.5", 1
	main := component{Type: "application", Name: info.Main.Path, Version: info.Main.Version}
	main.PURL = purl(info.Main.Path, info.Main.Version)
	main.BOMRef = main.PURL
	var own license
	own.License.ID = "Apache-2.0"
	main.Licenses = []license{own}
	main.Properties = append(main.Properties, property{"go", info.GoVersion})
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision", "vcs.time", "vcs.modified", "GOOS", "GOARCH", "CGO_ENABLED", "-trimpath":
			main.Properties = append(main.Properties, property{s.Key, s.Value})
		}
	}
	d.Metadata.Component = main
	d.Components = []component{}
	var deps []string
	for _, m := range info.Deps {
		if m.Replace != nil {
			m = m.Replace
		}
		c := component{Type: "library", Name: m.Path, Version: m.Version, PURL: purl(m.Path, m.Version)}
		c.BOMRef = c.PURL
		if l, ok := lic[m.Path+"@"+m.Version]; ok {
			c.Licenses = []license{named(l)}
		}
		if m.Sum != "" {
			c.Properties = []property{{"go.sum", m.Sum}}
		}
		d.Components = append(d.Components, c)
		deps = append(deps, c.BOMRef)
	}
	d.Dependencies = append(d.Dependencies, struct {
		Ref       string   `json:"ref"`
		DependsOn []string `json:"dependsOn"`
	}{main.BOMRef, deps})
	return d
}

func named(name string) license {
	var l license
	l.License.Name = name
	return l
}
