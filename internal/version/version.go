// Package version tells what a binary knows of its own making, for
// iadsim version and --version. It is the command line's own code, not
// part of the library.
package version

import "runtime/debug"

// Info is what a binary knows of its own making, from the build
// information the Go toolchain writes into it: the module version (a tag
// such as v1.2.0 for `go install github.com/iadsim/iadsim/cmd/iadsim@v1.2.0`
// or a build from a tagged checkout; a pseudo-version otherwise), and the
// commit and its time when built with go build from a git checkout.
type Info struct {
	Version  string `json:"version"`  // "devel" when the toolchain recorded none
	Commit   string `json:"commit"`   // full hash, "" when unknown
	Time     string `json:"time"`     // commit time, RFC 3339, "" when unknown
	Modified bool   `json:"modified"` // built from a checkout with uncommitted changes
	Go       string `json:"go"`       // toolchain, such as go1.26.8
	Platform string `json:"platform"` // GOOS/GOARCH
}

// Of reads info, which may be nil (a binary built without module
// support).
func Of(info *debug.BuildInfo) Info {
	v := Info{Version: "devel"}
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
func (v Info) String() string {
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

// Current is the running binary's Info.
func Current() Info {
	info, _ := debug.ReadBuildInfo()
	return Of(info)
}
