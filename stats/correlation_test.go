package stats

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/internal/oracle"
)

// checkCorrelations compares CorrelationP and CriticalCorrelation with
// the output of testdata/correlation_scipy.py: pearsonr's p-values and
// the critical |r| from the null distribution pearsonr uses (a beta on
// [-1, 1], not the t form of the closed forms here).
func checkCorrelations(t *testing.T, out string) {
	t.Helper()
	cases := 0
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) != 4 {
			t.Fatalf("SciPy line %q: want 4 fields", line)
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			t.Fatalf("SciPy line %q: %v", line, err)
		}
		a, err1 := strconv.ParseFloat(f[2], 64)
		b, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("SciPy line %q: bad number", line)
		}
		switch f[0] {
		case "p": // n, r, p
			if got := CorrelationP(a, n); math.Abs(got-b) > 1e-9*math.Max(b, 1e-3) {
				t.Errorf("CorrelationP(%v, %d) = %.12g, SciPy pearsonr %.12g", a, n, got, b)
			}
		case "critical": // n, conf, r
			got := CriticalCorrelation(n, a)
			if math.Abs(got-b) > 1e-9 {
				t.Errorf("CriticalCorrelation(%d, %v) = %.12g, SciPy %.12g", n, a, got, b)
			}
			// At the critical value the p-value is the significance level.
			if p := CorrelationP(got, n); math.Abs(p-(1-a)) > 1e-9 {
				t.Errorf("CorrelationP(CriticalCorrelation(%d, %v)) = %.12g, want %v", n, a, p, 1-a)
			}
		default:
			t.Fatalf("SciPy line %q: unknown case", line)
		}
		cases++
	}
	if cases < 20 {
		t.Fatalf("only %d SciPy cases", cases)
	}
}

// Recorded from SciPy 1.10.1 (Debian python3-scipy):
//
//	/usr/bin/python3 stats/testdata/correlation_scipy.py > stats/testdata/correlation_scipy.txt
func TestCorrelationRecordedSciPy(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "correlation_scipy.txt"))
	if err != nil {
		t.Fatal(err)
	}
	checkCorrelations(t, string(b))
}

// The same against SciPy run now, so the recorded file cannot drift from
// the script.
func TestCorrelationLiveSciPy(t *testing.T) {
	checkCorrelations(t, string(oracle.SciPy(t, filepath.Join("testdata", "correlation_scipy.py"))))
}

// Published critical values of Pearson's r, two-sided at 0.05 (tables of
// any statistics text, such as Zar, Biostatistical Analysis, table B.17):
// df 8: 0.632, df 18: 0.444, df 98: 0.197. And the edges: nothing is
// distinguishable below three pairs, and a perfect correlation is never
// chance.
func TestCriticalCorrelationTable(t *testing.T) {
	for _, c := range []struct {
		n    int
		want float64
	}{{10, 0.632}, {20, 0.444}, {100, 0.197}} {
		if got := CriticalCorrelation(c.n, 0.95); math.Abs(got-c.want) > 0.0005 {
			t.Errorf("CriticalCorrelation(%d, 0.95) = %.4f, table %.3f", c.n, got, c.want)
		}
	}
	if CriticalCorrelation(2, 0.95) != 1 || CorrelationP(0.9, 2) != 1 {
		t.Error("two pairs: want critical 1 and p 1")
	}
	if p := CorrelationP(-1, 10); p != 0 {
		t.Errorf("CorrelationP(-1, 10) = %v, want 0", p)
	}
	if p := CorrelationP(0, 10); math.Abs(p-1) > 1e-12 {
		t.Errorf("CorrelationP(0, 10) = %v, want 1", p)
	}
}
