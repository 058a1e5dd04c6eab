package bm_test

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/oracle"
)

// Free-flight tolerances against SciPy's DOP853: the impact prediction's
// flights must land within a metre and 5 ms of it, where the impact
// ellipses of a tracked warhead are hundreds of metres across. The fixed
// 1 s RK4 steps of session 6, whose crossing of the floor was a chord,
// met them with 0.38 m and 3.3 ms to spare.
const (
	flightTolPos  = 1.0  // m
	flightTolTime = 5e-3 // s
)

// readFloats reads the numbers of each line of a testdata file, less its
// # comments.
func readFloats(t *testing.T, name string, text string) [][]float64 {
	t.Helper()
	var rows [][]float64
	sc := bufio.NewScanner(strings.NewReader(text))
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(strings.SplitN(sc.Text(), "#", 2)[0])
		if len(f) == 0 {
			continue
		}
		row := make([]float64, len(f))
		for i, s := range f {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%s:%d: %v", name, line, err)
			}
			row[i] = x
		}
		rows = append(rows, row)
	}
	return rows
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// casesAndReference reads the cases of the testdata file name and the
// reference's answers, one line each.
func casesAndReference(t *testing.T, name, ref string) (cases, want [][]float64) {
	t.Helper()
	cases = readFloats(t, name, readTestdata(t, name))
	want = readFloats(t, "reference", ref)
	if len(want) != len(cases) {
		t.Fatalf("%d reference answers for the %d cases of %s", len(want), len(cases), name)
	}
	return cases, want
}

// checkFreeFlights flies each state of testdata/impact_scipy_cases.txt
// as a track with no spread (its mean alone) onto a site at its floor,
// and compares where and when it lands, and when it comes within the
// site's 2 km (Impact.Enter), with SciPy's (ref: x y z t enter a line).
func checkFreeFlights(t *testing.T, ref string) {
	cases, want := casesAndReference(t, "impact_scipy_cases.txt", ref)
	for i, c := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			tk := bm.Track{Pos: r3.Vec{X: c[0], Y: c[1], Z: c[2]}, Vel: r3.Vec{X: c[3], Y: c[4], Z: c[5]}, Drag: c[6]}
			site := bm.Site{ID: "floor", Pos: geo.Deg(43.8925, -69.9386, c[7]).ECEF(), Radius: 2000, Value: 1}
			im, ok := bm.PredictImpacts(tk, []bm.Site{site})
			if !ok {
				t.Fatal("no impact")
			}
			w := want[i]
			d := r3.Norm(r3.Sub(im[0].Pos, r3.Vec{X: w[0], Y: w[1], Z: w[2]}))
			dt := im[0].T - w[3]
			de := im[0].Enter - w[4]
			if d > flightTolPos || math.Abs(dt) > flightTolTime || math.Abs(de) > flightTolTime {
				t.Errorf("impact %.3f m and %.4f s from SciPy's, entry %.4f s; want within %g m and %g s", d, dt, de, flightTolPos, flightTolTime)
			}
			t.Logf("impact %.3f m and %.5f s from SciPy's, entry %.5f s (flight %.1f s)", d, dt, de, w[3])
		})
	}
}

// TestFreeFlightRecordedSciPy checks the impact prediction's free flight
// against SciPy 1.10.1's, recorded by
//
//	/usr/bin/python3 bm/testdata/impact_scipy.py > bm/testdata/impact_scipy.txt
func TestFreeFlightRecordedSciPy(t *testing.T) {
	checkFreeFlights(t, readTestdata(t, "impact_scipy.txt"))
}

// TestFreeFlightLiveSciPy is the same against SciPy run now, so that the
// recorded values cannot drift from what the script computes.
func TestFreeFlightLiveSciPy(t *testing.T) {
	checkFreeFlights(t, string(oracle.SciPy(t, filepath.Join("testdata", "impact_scipy.py"))))
}

// discTol is the impact probability's tolerance against SciPy's: the
// midpoint rule of session 6 on at least 64 rings of 128 cells met it
// within 1.5e-4, the Gauss-Legendre rule across the ellipse's major
// axis within 3e-8.
const discTol = 1e-3

// checkDisc compares discProbability on each case of
// testdata/disc_scipy_cases.txt with SciPy's (ref: one P a line).
func checkDisc(t *testing.T, ref string) {
	cases, want := casesAndReference(t, "disc_scipy_cases.txt", ref)
	for i, c := range cases {
		got := bm.DiscProbability([2]float64{c[0], c[1]}, [4]float64{c[2], c[3], c[3], c[4]}, c[5])
		if d := got - want[i][0]; math.Abs(d) > discTol {
			t.Errorf("case %d: P %.9f, SciPy %.9f: off by %.2g, want within %g", i, got, want[i][0], d, discTol)
		} else {
			t.Logf("case %d: P %.9f, SciPy %.9f: off by %.2g", i, got, want[i][0], d)
		}
	}
}

// TestDiscProbabilityRecordedSciPy checks the impact probability, the
// density over a site's disc, against SciPy 1.10.1's dblquad, recorded by
//
//	/usr/bin/python3 bm/testdata/disc_scipy.py > bm/testdata/disc_scipy.txt
func TestDiscProbabilityRecordedSciPy(t *testing.T) {
	checkDisc(t, readTestdata(t, "disc_scipy.txt"))
}

// TestDiscProbabilityLiveSciPy is the same against SciPy run now.
func TestDiscProbabilityLiveSciPy(t *testing.T) {
	checkDisc(t, string(oracle.SciPy(t, filepath.Join("testdata", "disc_scipy.py"))))
}

// TestDiscProbabilityInvariant: the probability is the same for the
// impact density turned about the site (the disc is round), and for its
// mirror image; a disc of no radius holds nothing, a point mass all or
// nothing.
func TestDiscProbabilityInvariant(t *testing.T) {
	m, c := [2]float64{4156.92, 2400}, [4]float64{5850385.0, 3309818.7, 3309818.7, 1989400.0}
	p0 := bm.DiscProbability(m, c, 2000)
	for _, deg := range []float64{17, 90, 135, 200, 333} {
		s, co := math.Sincos(deg * math.Pi / 180)
		rm := [2]float64{co*m[0] - s*m[1], s*m[0] + co*m[1]}
		// R C Rᵀ
		a, b, d := c[0], c[1], c[3]
		rc := [4]float64{co*co*a - 2*s*co*b + s*s*d, s*co*(a-d) + (co*co-s*s)*b, 0, s*s*a + 2*s*co*b + co*co*d}
		rc[2] = rc[1]
		if p := bm.DiscProbability(rm, rc, 2000); math.Abs(p-p0) > 1e-7 {
			t.Errorf("turned %g°: P %.9f, unturned %.9f", deg, p, p0)
		}
	}
	if p := bm.DiscProbability([2]float64{m[0], -m[1]}, [4]float64{c[0], -c[1], -c[2], c[3]}, 2000); math.Abs(p-p0) > 1e-7 {
		t.Errorf("mirrored: P %.9f, want %.9f", p, p0)
	}
	for _, tt := range []struct {
		name string
		m    [2]float64
		c    [4]float64
		r    float64
		want float64
	}{
		{"no radius", [2]float64{}, c, 0, 0},
		{"point mass inside", [2]float64{1000, 0}, [4]float64{}, 2000, 1},
		{"point mass outside", [2]float64{3000, 0}, [4]float64{}, 2000, 0},
		{"far outside", [2]float64{50e3, 0}, [4]float64{1e6, 0, 0, 1e6}, 2000, 0},
		{"well inside", [2]float64{0, 0}, [4]float64{1e4, 0, 0, 1e4}, 2000, 1},
	} {
		if p := bm.DiscProbability(tt.m, tt.c, tt.r); p != tt.want {
			t.Errorf("%s: P %v, want %v", tt.name, p, tt.want)
		}
	}
}
