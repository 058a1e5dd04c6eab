package oracle

import (
	"bytes"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// Numbers runs a reference tool that reads one case a line and answers
// each with a line of numbers, as GeographicLib's GeodSolve and
// CartConvert and GDAL's gdaltransform do, and returns the numbers of
// each output line. It skips tb when the tool is missing (see Missing;
// pkg names the Debian package that has it), and fails it when the tool
// fails or answers with another number of lines.
func Numbers(tb testing.TB, pkg, tool string, input []string, args ...string) [][]float64 {
	tb.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		Missing(tb, tool+" (Debian "+pkg+")", err)
	}
	cmd := exec.Command(path, args...)
	cmd.Stdin = strings.NewReader(strings.Join(input, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("%s %v: %v: %s", tool, args, err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(input) {
		tb.Fatalf("%s %v: %d lines out for %d in", tool, args, len(lines), len(input))
	}
	rows := make([][]float64, len(lines))
	for i, line := range lines {
		for _, f := range strings.Fields(line) {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				tb.Fatalf("%s %v: line %d %q: %v", tool, args, i+1, line, err)
			}
			rows[i] = append(rows[i], v)
		}
	}
	return rows
}
