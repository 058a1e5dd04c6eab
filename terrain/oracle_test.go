package terrain

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// hgtPath is the real SRTM tile the examples read, kept in the repository.
const hgtPath = "../examples/data/N44W072.hgt"

// requireOracles says a missing reference is a failure, not a skip.
func requireOracles() bool { return os.Getenv("IADSIM_REQUIRE_ORACLES") == "1" }

// need skips the test (or fails it under IADSIM_REQUIRE_ORACLES=1) when
// a reference file or tool is absent.
func need(t testing.TB, what string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if requireOracles() {
		t.Fatalf("%s is missing and IADSIM_REQUIRE_ORACLES=1", what)
	}
	t.Skipf("%s is missing; skipping (set IADSIM_REQUIRE_ORACLES=1 to fail instead)", what)
}

func needFile(t testing.TB, path string) {
	t.Helper()
	_, err := os.Stat(path)
	need(t, path, err == nil)
}

func needTool(t testing.TB, name string) {
	t.Helper()
	_, err := exec.LookPath(name)
	need(t, name+" (Debian gdal-bin)", err == nil)
}

// run runs a reference tool and fails the test on error.
func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// readHGT reads the real tile, or skips.
func readHGT(t testing.TB) *Grid {
	t.Helper()
	needFile(t, hgtPath)
	g, err := ReadFile(hgtPath)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func tmp(t testing.TB, name string) string { return filepath.Join(t.TempDir(), name) }
