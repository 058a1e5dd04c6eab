package radar

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/internal/oracle"
)

// checks.md, "Detection probability": Swerling 1, single pulse, square law,
// Pd = Pfa^(1/(1+SNR)); Pd 0.9 at Pfa 1e-6 needs 21.14 dB.
func TestSwerling1ClosedForm(t *testing.T) {
	snr := SNRSwerling1(0.9, 1e-6)
	if got := DB(snr); !near(got, 21.14, 0.005) {
		t.Errorf("SNRSwerling1(0.9, 1e-6) = %.4f dB, want 21.14", got)
	}
	if got := PdSwerling1(snr, 1e-6); !near(got, 0.9, 1e-14) {
		t.Errorf("PdSwerling1(SNRSwerling1(0.9)) = %.16f", got)
	}
	// Pd = Pfa at zero SNR and Pfa^(1/2) at 0 dB.
	if got := PdSwerling1(0, 1e-6); got != 1e-6 {
		t.Errorf("PdSwerling1(0, 1e-6) = %g", got)
	}
	if got := PdSwerling1(1, 1e-6); !near(got, 1e-3, 1e-15) {
		t.Errorf("PdSwerling1(1, 1e-6) = %g, want 1e-3", got)
	}
}

// checks.md: Albersheim, Pd 0.9, Pfa 1e-6: 13.11 dB (N 1), 4.99 dB (N 10).
func TestAlbersheim(t *testing.T) {
	tests := []struct {
		n      int
		wantDB float64
	}{{1, 13.11}, {10, 4.99}}
	for _, tt := range tests {
		if got := DB(Albersheim(0.9, 1e-6, tt.n)); !near(got, tt.wantDB, 0.005) {
			t.Errorf("Albersheim(0.9, 1e-6, %d) = %.4f dB, want %.2f", tt.n, got, tt.wantDB)
		}
	}
}

// checks.md: Shnidman, Pd 0.9, Pfa 1e-6, N 1: Swerling 0 13.12 dB,
// Swerling 1 21.35 dB, Swerling 3 17.23 dB (recomputed from the formula,
// rounded to 0.01 dB).
func TestShnidman(t *testing.T) {
	tests := []struct {
		swerling int
		wantDB   float64
	}{{0, 13.12}, {1, 21.35}, {3, 17.23}}
	for _, tt := range tests {
		if got := DB(Shnidman(0.9, 1e-6, 1, tt.swerling)); !near(got, tt.wantDB, 0.005) {
			t.Errorf("Shnidman(0.9, 1e-6, 1, %d) = %.4f dB, want %.2f", tt.swerling, got, tt.wantDB)
		}
	}
	// For one pulse Swerling 2 is Swerling 1 and Swerling 4 is Swerling 3.
	if a, b := Shnidman(0.8, 1e-5, 1, 2), Shnidman(0.8, 1e-5, 1, 1); a != b {
		t.Errorf("Swerling 2 (%g) and 1 (%g) differ for one pulse", a, b)
	}
	if a, b := Shnidman(0.8, 1e-5, 1, 4), Shnidman(0.8, 1e-5, 1, 3); a != b {
		t.Errorf("Swerling 4 (%g) and 3 (%g) differ for one pulse", a, b)
	}
	if !math.IsNaN(Shnidman(0.9, 1e-6, 1, 5)) || !math.IsNaN(Shnidman(1, 1e-6, 1, 0)) || !math.IsNaN(Shnidman(0.9, 1e-6, 0, 0)) {
		t.Error("Shnidman accepted an invalid argument")
	}
}

// The empirical equations against the exact single-pulse values, with the
// errors measured over their stated domains (Pfa 1e-9..1e-3, Pd 0.1..0.99
// for Shnidman, Pd 0.1..0.9 and Pfa down to 1e-7 for Albersheim): Shnidman
// Swerling 0 stays within 0.25 dB, Swerling 1 within 0.6 dB for
// 0.3 ≤ Pd ≤ 0.9 and 1.1 dB outside; Albersheim within 0.2 dB for
// Pd ≥ 0.5 (for one pulse its low-Pd corner is several dB off, see its doc).
// For one pulse a linear and a square-law detector are the same test, so
// Albersheim (fitted to a linear detector) compares with the exact value.
func TestEmpiricalAgainstExact(t *testing.T) {
	for _, pfa := range []float64{1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9} {
		for _, pd := range []float64{0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.872, 0.9, 0.95, 0.99} {
			exact0, exact1 := DB(SNRSwerling0(pd, pfa)), DB(SNRSwerling1(pd, pfa))
			if s := DB(Shnidman(pd, pfa, 1, 0)); !near(s, exact0, 0.25) {
				t.Errorf("Pd %g Pfa %g: Shnidman Swerling 0 %.3f dB, exact %.3f", pd, pfa, s, exact0)
			}
			tol1 := 1.1
			if pd >= 0.3 && pd <= 0.9 {
				tol1 = 0.6
			}
			if s := DB(Shnidman(pd, pfa, 1, 1)); !near(s, exact1, tol1) {
				t.Errorf("Pd %g Pfa %g: Shnidman Swerling 1 %.3f dB, exact %.3f", pd, pfa, s, exact1)
			}
			if pd >= 0.5 && pd <= 0.9 && pfa >= 1e-7 {
				if a := DB(Albersheim(pd, pfa, 1)); !near(a, exact0, 0.2) {
					t.Errorf("Pd %g Pfa %g: Albersheim %.3f dB, exact %.3f", pd, pfa, a, exact0)
				}
			}
		}
	}
}

func TestPdMonotonic(t *testing.T) {
	for _, pfa := range []float64{0.5, 1e-3, 1e-6, 1e-10, 1e-100, 1e-300} {
		prev0, prev1 := 0.0, 0.0
		for db := -20.0; db <= 40; db += 0.01 {
			s := FromDB(db)
			p0, p1 := PdSwerling0(s, pfa), PdSwerling1(s, pfa)
			if p0 < prev0 || p1 < prev1 || p0 < pfa || p1 < pfa || p0 > 1 || p1 > 1 {
				t.Fatalf("Pfa %g, %.2f dB: Pd0 %v (prev %v), Pd1 %v (prev %v)", pfa, db, p0, prev0, p1, prev1)
			}
			prev0, prev1 = p0, p1
		}
		if prev0 != 1 {
			t.Errorf("Pfa %g: Swerling 0 Pd at 40 dB = %v, want 1", pfa, prev0)
		}
	}
}

func TestInverses(t *testing.T) {
	for _, pfa := range []float64{1e-3, 1e-6, 1e-12} {
		for _, pd := range []float64{0.01, 0.1, 0.5, 0.9, 0.999999} {
			if pd <= pfa {
				continue
			}
			if got := PdSwerling0(SNRSwerling0(pd, pfa), pfa); !near(got, pd, 1e-10) {
				t.Errorf("Swerling 0 round trip Pd %g Pfa %g: %g", pd, pfa, got)
			}
			if got := PdSwerling1(SNRSwerling1(pd, pfa), pfa); !near(got, pd, 1e-12) {
				t.Errorf("Swerling 1 round trip Pd %g Pfa %g: %g", pd, pfa, got)
			}
		}
	}
	edges := []struct {
		name string
		got  float64
		want float64
	}{
		{"Sw0 pd<=pfa", SNRSwerling0(1e-7, 1e-6), 0},
		{"Sw1 pd<=pfa", SNRSwerling1(1e-7, 1e-6), 0},
		{"Sw0 pd=1", SNRSwerling0(1, 1e-6), math.Inf(1)},
		{"Sw1 pd=1", SNRSwerling1(1, 1e-6), math.Inf(1)},
		{"Pd0 snr=0", PdSwerling0(0, 1e-6), 1e-6},
		{"Pd0 snr=Inf", PdSwerling0(math.Inf(1), 1e-6), 1},
	}
	for _, e := range edges {
		if e.got != e.want {
			t.Errorf("%s: %v, want %v", e.name, e.got, e.want)
		}
	}
	for _, v := range []float64{SNRSwerling0(0.9, 0), SNRSwerling1(1.1, 1e-6), PdSwerling0(-1, 1e-6), PdSwerling1(1, 2), PdSwerling0(math.NaN(), 1e-6)} {
		if !math.IsNaN(v) {
			t.Errorf("invalid argument gave %v, want NaN", v)
		}
	}
}

// scipyCase is one line of testdata/pd_scipy.txt.
type scipyCase struct {
	swerling    int
	snrDB, pfa  float64
	pd          float64
	line        string
	isSNRResult bool
}

// parseScipy reads the output of testdata/pd_scipy.py.
func parseScipy(r io.Reader) ([]scipyCase, error) {
	var cases []scipyCase
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 4 {
			return nil, fmt.Errorf("line %q: want 4 fields", line)
		}
		var c scipyCase
		c.line = line
		if f[0] == "snr0" {
			c.isSNRResult = true
		} else if c.swerling, _ = strconv.Atoi(f[0]); f[0] != "0" && f[0] != "1" {
			return nil, fmt.Errorf("line %q: bad Swerling case", line)
		}
		var err1, err2, err3 error
		c.snrDB, err1 = strconv.ParseFloat(f[1], 64)
		c.pfa, err2 = strconv.ParseFloat(f[2], 64)
		c.pd, err3 = strconv.ParseFloat(f[3], 64)
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, fmt.Errorf("line %q: %w", line, err)
		}
		cases = append(cases, c)
	}
	return cases, sc.Err()
}

// checkScipy compares the package with SciPy's values: ncx2.sf for a
// steady target, its numerical average over exponential SNR for Swerling
// 1, and brentq on ncx2.sf for the inverse.
func checkScipy(t *testing.T, cases []scipyCase) {
	t.Helper()
	if len(cases) < 40 {
		t.Fatalf("only %d reference cases", len(cases))
	}
	for _, c := range cases {
		if c.isSNRResult {
			// "snr0 Pd Pfa SNR_dB": here field 1 is Pd, field 3 the answer.
			pd, pfa, want := c.snrDB, c.pfa, c.pd
			if got := DB(SNRSwerling0(pd, pfa)); !near(got, want, 1e-8) {
				t.Errorf("SNRSwerling0(%g, %g) = %.10f dB, SciPy %.10f", pd, pfa, got, want)
			}
			continue
		}
		var got float64
		if c.swerling == 0 {
			got = PdSwerling0(FromDB(c.snrDB), c.pfa)
		} else {
			got = PdSwerling1(FromDB(c.snrDB), c.pfa)
		}
		// Relative agreement for small Pd, absolute near 1.
		if !near(got, c.pd, 1e-11*math.Max(c.pd, 1e-3)) {
			t.Errorf("%s: Go %.15e", c.line, got)
		}
	}
}

// Recorded SciPy 1.10.1 values; produced by
//
//	/usr/bin/python3 radar/testdata/pd_scipy.py > radar/testdata/pd_scipy.txt
func TestPdAgainstRecordedScipy(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "pd_scipy.txt"))
	if err != nil {
		t.Fatal(err)
	}
	cases, err := parseScipy(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	checkScipy(t, cases)
}

// The same comparison against SciPy run now, so that the recorded file
// cannot drift from what the script says.
func TestPdAgainstLiveScipy(t *testing.T) {
	out := oracle.SciPy(t, filepath.Join("testdata", "pd_scipy.py"))
	cases, err := parseScipy(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	checkScipy(t, cases)
}

func BenchmarkPdSwerling0(b *testing.B) {
	s := FromDB(13)
	for b.Loop() {
		PdSwerling0(s, 1e-6)
	}
}

func BenchmarkPdSwerling1(b *testing.B) {
	s := FromDB(13)
	for b.Loop() {
		PdSwerling1(s, 1e-6)
	}
}
