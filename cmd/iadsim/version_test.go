package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestVersionOfTaggedBuild follows the release procedure of
// docs/releasing.md on a temporary clone: tag the commit with a semver
// tag and build from the clean checkout, as scripts/release.sh does. The
// Go toolchain (1.24 and later) stamps the tag as the module version, so
// iadsim version must print it with the commit. The tag is v1: a v2 or
// later tag is not a version of module github.com/iadsim/iadsim (it
// would need the path suffix /v2), and the toolchain stamps a
// pseudo-version instead. Without git, or in
// -short mode (it builds the command once more), it is skipped.
func TestVersionOfTaggedBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds iadsim from a clone: not in -short mode")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed: the tagged build is not checked")
	}
	run := func(dir string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(cmd.Environ(), "GOFLAGS=", "CGO_ENABLED=0",
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	root := run(".", "git", "rev-parse", "--show-toplevel")
	if root == "" {
		t.Skip("not in a git checkout")
	}
	src := filepath.Join(t.TempDir(), "src")
	run(".", "git", "clone", "--quiet", root, src)
	commit := run(src, "git", "rev-parse", "HEAD")
	run(src, "git", "tag", "v1.98.7", commit)
	bin := filepath.Join(t.TempDir(), "iadsim")
	run(src, "go", "build", "-buildvcs=true", "-trimpath", "-o", bin, "./cmd/iadsim")

	got := run(src, bin, "version")
	want := regexp.MustCompile(`^iadsim v1\.98\.7 \(commit ` + commit[:12] + `, \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, go\S+ \S+/\S+\)$`)
	if !want.MatchString(got) {
		t.Errorf("iadsim version of a build tagged v1.98.7 at %.12s:\n%s\nwant %s", commit, got, want)
	}
	if v := run(src, bin, "--version"); v != got {
		t.Errorf("--version %q, version %q", v, got)
	}
}
