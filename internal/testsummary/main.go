// Command testsummary reads the JSON events of `go test -json` on its
// standard input and prints what `go test` prints for a list of packages
// (one line per package: ok, FAIL or no test files), then every test that
// skipped with the reason it gave. A passing `go test ./...` shows no
// skips at all, so a test that needs a reference tool (GDAL, SciPy, ...)
// or data from outside the repository would go unnoticed; this names them:
//
//	go test -json -timeout 30m ./... | go run ./internal/testsummary
//
// Its last line counts the tests (subtests included), in the plain form
// CI systems read: "tests: N passed, N failed, N skipped". It exits 1 when
// a test or a build failed (printing that test's output, as go test
// does), 0 otherwise.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	failed, err := summarize(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(1)
	}
	if failed {
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output and build-fail name the package here
	Test       string
	Elapsed    float64
	Output     string
}

// test is what the summary keeps of one test: its output, for the reason
// of a skip and the log of a failure.
type test struct {
	pkg, name string
	output    []string
}

// summarize copies the package lines of the events on r to w and lists the
// skipped tests at the end. It reports whether anything failed.
func summarize(r io.Reader, w io.Writer) (failed bool, err error) {
	tests := map[[2]string]*test{}
	var skipped []*test
	passed, failedTests := 0, 0
	pkgOut := map[string][]string{} // output outside any test: build errors, panics
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil {
			// go test writes some build failures as plain text.
			fmt.Fprintln(w, string(line))
			continue
		}
		if e.Package == "" {
			e.Package = e.ImportPath
		}
		if e.Test == "" {
			switch e.Action {
			case "output", "build-output":
				pkgOut[e.Package] = append(pkgOut[e.Package], e.Output)
			case "pass":
				fmt.Fprintf(w, "ok  \t%s\t%.3fs\n", e.Package, e.Elapsed)
			case "skip":
				fmt.Fprintf(w, "?   \t%s\t[no test files]\n", e.Package)
			case "fail", "build-fail":
				failed = true
				for _, o := range pkgOut[e.Package] {
					if !strings.HasPrefix(o, "ok ") && !strings.HasPrefix(o, "PASS") {
						fmt.Fprint(w, o)
					}
				}
				if e.Action == "fail" {
					fmt.Fprintf(w, "FAIL\t%s\t%.3fs\n", e.Package, e.Elapsed)
				}
			}
			continue
		}
		k := [2]string{e.Package, e.Test}
		t := tests[k]
		if t == nil {
			t = &test{pkg: e.Package, name: e.Test}
			tests[k] = t
		}
		switch e.Action {
		case "output":
			t.output = append(t.output, e.Output)
			pkgOut[e.Package] = append(pkgOut[e.Package], e.Output)
		case "skip":
			skipped = append(skipped, t)
		case "pass":
			passed++
		case "fail":
			failed = true
			failedTests++
		}
	}
	if err := sc.Err(); err != nil {
		return true, fmt.Errorf("reading go test -json: %w", err)
	}
	if len(skipped) > 0 {
		noun := "tests"
		if len(skipped) == 1 {
			noun = "test"
		}
		fmt.Fprintf(w, "\n%d %s skipped (IADSIM_REQUIRE_ORACLES=1 makes a missing tool or file a failure):\n", len(skipped), noun)
		for _, t := range skipped {
			fmt.Fprintf(w, "SKIP\t%s %s: %s\n", strings.TrimPrefix(t.pkg, "github.com/iadsim/iadsim/"), t.name, reason(t.output))
		}
	}
	fmt.Fprintf(w, "\ntests: %d passed, %d failed, %d skipped\n", passed, failedTests, len(skipped))
	return failed, nil
}

// reason is the message a skipped test logged: its log lines, without the
// === and --- lines go test adds, joined on one line.
func reason(output []string) string {
	var msg []string
	for _, o := range output {
		o = strings.TrimSpace(o)
		if o == "" || strings.HasPrefix(o, "=== ") || strings.HasPrefix(o, "--- ") {
			continue
		}
		msg = append(msg, o)
	}
	if len(msg) == 0 {
		return "(no reason given)"
	}
	return strings.Join(msg, " ")
}
