// Package oracle runs the reference tools that tests check iadsim
// against: implementations no one here wrote, such as SciPy. A test whose
// tool is missing is skipped, or failed when IADSIM_REQUIRE_ORACLES=1 (as
// a CI that installs the tools sets it), so a missing tool never passes
// silently where it is meant to be present.
package oracle

import (
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Missing skips tb because the reference tool what is not available, or
// fails it under IADSIM_REQUIRE_ORACLES=1.
func Missing(tb testing.TB, what string, err error) {
	tb.Helper()
	if os.Getenv("IADSIM_REQUIRE_ORACLES") == "1" {
		tb.Fatalf("%s is required (IADSIM_REQUIRE_ORACLES=1): %v", what, err)
	}
	tb.Skipf("%s not available: %v", what, err)
}

// SciPy runs the Python script at path with the system's python3 (Debian's
// /usr/bin/python3 first, whose python3-scipy the recorded values came
// from) and returns what it prints. It skips tb when no python3 with
// SciPy is found (see Missing).
func SciPy(tb testing.TB, path string) []byte {
	tb.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		if p, err := exec.LookPath("python3"); err == nil {
			py = p
		}
	}
	if err := exec.Command(py, "-c", "import scipy").Run(); err != nil {
		Missing(tb, "python3 with scipy (apt install python3-scipy)", err)
	}
	out, err := exec.Command(py, path).Output()
	if err != nil {
		tb.Fatalf("running %s: %v", path, err)
	}
	return out
}

// Chromium returns the path of Debian's chromium, the browser the web
// pages are checked in (driven by chromedp), or skips tb (see Missing).
func Chromium(tb testing.TB) string {
	tb.Helper()
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		Missing(tb, "Debian chromium (apt-get install chromium)", err)
	}
	return p
}

// headless is how tests start chromium (exe) under chromedp: headless, no
// sandbox, GPU, first-run pages or background traffic, with its profile
// in userDataDir; extra options follow.
func headless(exe, userDataDir string, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	return append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(userDataDir),
	}, extra...)
}
