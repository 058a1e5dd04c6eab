package root

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/internal/oracle"
)

// functions are the cases' functions, as testdata/brentq.py defines
// them, with their roots in closed form where there is one (NaN where
// there is none: Dottie's number, Wallis's cubic, the first positive
// root of tan x = x).
var functions = map[string]struct {
	f      func(float64) float64
	closed float64
}{
	"sqrt2":   {func(x float64) float64 { return x*x - 2 }, math.Sqrt2},
	"dottie":  {func(x float64) float64 { return math.Cos(x) - x }, math.NaN()},
	"ln2":     {func(x float64) float64 { return math.Exp(x) - 2 }, math.Ln2},
	"wallis":  {func(x float64) float64 { return x*x*x - 2*x - 5 }, math.NaN()},
	"flat":    {func(x float64) float64 { return math.Pow(x, 10) - 0.5 }, math.Pow(0.5, 0.1)},
	"tan":     {func(x float64) float64 { return math.Tan(x) - x }, math.NaN()},
	"falling": {func(x float64) float64 { return 1 - x/3 }, 3},
}

type bracketCase struct {
	name string
	a, b float64
}

func readCases(t *testing.T) []bracketCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "cases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []bracketCase
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(strings.SplitN(sc.Text(), "#", 2)[0])
		if len(f) == 0 {
			continue
		}
		a, errA := strconv.ParseFloat(f[1], 64)
		b, errB := strconv.ParseFloat(f[2], 64)
		if len(f) != 3 || errA != nil || errB != nil {
			t.Fatalf("cases.txt:%d: want a name and two numbers", line)
		}
		out = append(out, bracketCase{f[0], a, b})
	}
	return out
}

// solve runs Illinois on c to a bracket of 1e-13 and counts the
// evaluations.
func solve(t *testing.T, c bracketCase) (Result, int) {
	fn, ok := functions[c.name]
	if !ok {
		t.Fatalf("no function %q", c.name)
	}
	n := 0
	f := func(x float64) float64 { n++; return fn.f(x) }
	r := Illinois(f, c.a, c.b, fn.f(c.a), fn.f(c.b), Tol{X: 1e-13})
	return r, n
}

// TestIllinoisClosedForms: each bracket's root is found to within 1e-13
// of its closed form, the bracket still holds it, and in fewer
// evaluations than bisection takes to the same width (44), even for
// x¹⁰ - 1/2, flat across most of its bracket, where false position
// without the Illinois step moves one end a sliver at a time.
func TestIllinoisClosedForms(t *testing.T) {
	for _, c := range readCases(t) {
		fn := functions[c.name]
		r, n := solve(t, c)
		if lo, hi := min(r.A, r.B), max(r.A, r.B); !(math.IsNaN(fn.closed) || fn.closed >= lo-1e-15 && fn.closed <= hi+1e-15) {
			t.Errorf("%s: bracket [%.17g, %.17g] lost the root %.17g", c.name, lo, hi, fn.closed)
		}
		if !math.IsNaN(fn.closed) && math.Abs(r.X-fn.closed) > 1e-13 {
			t.Errorf("%s: root %.17g, want %.17g", c.name, r.X, fn.closed)
		}
		if n > 30 {
			t.Errorf("%s: %d evaluations, want at most 30", c.name, n)
		}
		if (r.FB < 0) != (functions[c.name].f(c.b) < 0) && r.FB != 0 {
			t.Errorf("%s: B's side changed: f(B) %g, f(b) %g", c.name, r.FB, functions[c.name].f(c.b))
		}
		t.Logf("%s: %.17g in %d evaluations", c.name, r.X, n)
	}
}

// checkBrentq compares each case's root with SciPy's brentq (ref: a
// name and a root a line).
func checkBrentq(t *testing.T, ref string) {
	cases := readCases(t)
	lines := strings.Fields(ref)
	if len(lines) != 2*len(cases) {
		t.Fatalf("%d fields of reference for %d cases", len(lines), len(cases))
	}
	for i, c := range cases {
		want, err := strconv.ParseFloat(lines[2*i+1], 64)
		if lines[2*i] != c.name || err != nil {
			t.Fatalf("reference line %d: %q %q, want %s and a number", i+1, lines[2*i], lines[2*i+1], c.name)
		}
		r, _ := solve(t, c)
		if d := math.Abs(r.X - want); d > 1e-13 {
			t.Errorf("%s: root %.17g, brentq %.17g: %.2g apart", c.name, r.X, want, d)
		}
	}
}

// TestIllinoisRecordedSciPy checks the roots against SciPy 1.10.1's
// brentq, recorded by
//
//	/usr/bin/python3 internal/root/testdata/brentq.py > internal/root/testdata/brentq.txt
func TestIllinoisRecordedSciPy(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "brentq.txt"))
	if err != nil {
		t.Fatal(err)
	}
	checkBrentq(t, string(b))
}

// TestIllinoisLiveSciPy is the same against SciPy run now.
func TestIllinoisLiveSciPy(t *testing.T) {
	checkBrentq(t, string(oracle.SciPy(t, filepath.Join("testdata", "brentq.py"))))
}

// TestIllinoisStops: a zero at an end is returned without evaluating f;
// Tol.F stops at the first point close enough; Max bounds the
// evaluations; and with no tolerance at all the bracket shrinks until
// rounding leaves no point inside it, and stops there.
func TestIllinoisStops(t *testing.T) {
	n := 0
	f := func(x float64) float64 { n++; return x*x - 2 }
	if r := Illinois(f, 0, math.Sqrt2, -2, 0, Tol{}); r.X != math.Sqrt2 || n != 0 {
		t.Errorf("zero at b: %v after %d evaluations", r.X, n)
	}
	if r := Illinois(f, 2, 0, 2, -2, Tol{X: 1e-12}); math.Abs(r.X-math.Sqrt2) > 1e-12 || r.B > r.A {
		t.Errorf("bracket reversed: root %v, bracket from %v to %v", r.X, r.A, r.B)
	}
	n = 0
	r := Illinois(f, 0, 2, -2, 2, Tol{F: 1e-3})
	if math.Abs(r.FX) > 1e-3 || math.Abs(r.X-math.Sqrt2) > 1e-3 {
		t.Errorf("Tol.F 1e-3: x %v, f %v", r.X, r.FX)
	}
	n = 0
	Illinois(f, 0, 2, -2, 2, Tol{Max: 3})
	if n != 3 {
		t.Errorf("Max 3: %d evaluations", n)
	}
	n = 0
	r = Illinois(f, 0, 2, -2, 2, Tol{Max: 1000})
	if math.Abs(r.X-math.Sqrt2) > 4.5e-16 || n >= 1000 {
		t.Errorf("no tolerance: x %.17g after %d evaluations", r.X, n)
	}
}
