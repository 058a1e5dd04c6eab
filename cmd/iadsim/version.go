package main

import (
	"fmt"
	"runtime/debug"

	"github.com/iadsim/iadsim/export"

	"github.com/spf13/cobra"
)

// buildVersion is what a binary knows of its own making, from the build
// information the Go toolchain writes into it: the module version (a tag
// such as v1.2.0 for `go install github.com/iadsim/iadsim/cmd/iadsim@v1.2.0`
// or a build from a tagged checkout; a pseudo-version otherwise), and the
// commit and its time when built with go build from a git checkout.
type buildVersion struct {
	Version  string `json:"version"`  // "devel" when the toolchain recorded none
	Commit   string `json:"commit"`   // full hash, "" when unknown
	Time     string `json:"time"`     // commit time, RFC 3339, "" when unknown
	Modified bool   `json:"modified"` // built from a checkout with uncommitted changes
	Go       string `json:"go"`       // toolchain, such as go1.26.8
	Platform string `json:"platform"` // GOOS/GOARCH
}

// versionOf reads info, which may be nil (a binary built without module
// support).
func versionOf(info *debug.BuildInfo) buildVersion {
	v := buildVersion{Version: "devel"}
	if info == nil {
		return v
	}
	if mv := info.Main.Version; mv != "" && mv != "(devel)" {
		v.Version = mv
	}
	v.Go = info.GoVersion
	var goos, goarch string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		case "GOOS":
			goos = s.Value
		case "GOARCH":
			goarch = s.Value
		}
	}
	if goos != "" {
		v.Platform = goos + "/" + goarch
	}
	return v
}

// String is the one line `iadsim version` and `iadsim --version` print:
//
//	iadsim v1.2.0 (commit 3593ff0c1a2b, 2025-12-07T02:44:00Z, go1.26.8 linux/amd64)
func (v buildVersion) String() string {
	s := "iadsim " + v.Version
	commit := "commit unknown"
	if v.Commit != "" {
		commit = "commit " + v.Commit[:min(12, len(v.Commit))]
		if v.Modified {
			commit += " with uncommitted changes"
		}
	}
	s += " (" + commit
	if v.Time != "" {
		s += ", " + v.Time
	}
	if v.Go != "" {
		s += ", " + v.Go
	}
	if v.Platform != "" {
		s += " " + v.Platform
	}
	return s + ")"
}

func currentVersion() buildVersion {
	info, _ := debug.ReadBuildInfo()
	return versionOf(info)
}

func newVersionCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build time of this binary",
		Long: `Version prints the module version (a release tag such as v1.2.0, or
"devel" for a build the toolchain could not version), the git commit and
its time, and the Go toolchain and platform, from the build information
the Go toolchain records in the binary. Cite a result with this line.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := currentVersion()
			if asJSON {
				return export.WriteJSON(cmd.OutOrStdout(), v)
			}
			_, err := fmt.Fprintln(cmd.OutOrStdout(), v)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the version as a JSON object")
	return cmd
}
