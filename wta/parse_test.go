package wta

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const small = `2 3 2
10
20
30
0 0 0.5
0 1 0.25
0 2 0
1 0 1
1 1 0.75
1 2 0.125
`

func TestParse(t *testing.T) {
	in, err := Parse("small.txt", strings.NewReader(small))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := in.Value, []float64{10, 20, 30}; !equalFloats(got, want) {
		t.Errorf("values %v, want %v", got, want)
	}
	if got := in.Cap; len(got) != 2 || got[0] != 2 || got[1] != 2 {
		t.Errorf("capacities %v, want [2 2]", got)
	}
	if in.P[0][1] != 0.25 || in.P[1][0] != 1 || in.P[1][2] != 0.125 || in.P[0][2] != 0 {
		t.Errorf("probabilities %v", in.P)
	}
	// Pairs in any order, CRLF line ends, blank lines and a UTF-8 byte
	// order mark (Windows editors write one) are accepted.
	shuffled := "\ufeff2 3 2\r\n10\r\n20\r\n\r\n30\r\n1 2 0.125\r\n0 0 0.5\r\n1 1 0.75\r\n0 2 0\r\n1 0 1\r\n0 1 0.25\r\n"
	in2, err := Parse("crlf.txt", strings.NewReader(shuffled))
	if err != nil {
		t.Fatal(err)
	}
	for i := range in.P {
		if !equalFloats(in.P[i], in2.P[i]) {
			t.Errorf("row %d: %v, want %v", i, in2.P[i], in.P[i])
		}
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string // substrings of the error, in order
	}{
		{"empty", "", []string{"x.txt: empty file"}},
		{"header fields", "2 3\n", []string{"x.txt:1:1: 2 fields, want 3"}},
		{"header number", "2 three 1\n", []string{`x.txt:1:3: target count "three"`}},
		{"zero weapons", "0 3 1\n", []string{`x.txt:1:1: weapon count "0"`}},
		{"negative mu", "1 1 -1\n", []string{`x.txt:1:5: shots per weapon "-1"`}},
		{"too big", "60000 60000 1\n", []string{"x.txt:1:1: 60000 weapons x 60000 targets"}},
		{"too many weapons", "100000 1 1\n", []string{`x.txt:1:1: weapon count "100000": want an integer in [1, 65536]`}},
		{"short values", "1 3 1\n5\n6\n", []string{"x.txt:4:1: end of file after 2 target values, want 3"}},
		{"bad value", "1 2 1\n5\n-6\n0 0 0.5\n0 1 0.5\n", []string{`x.txt:3:1: target value "-6"`}},
		{"nan value", "1 1 1\nNaN\n0 0 0.5\n", []string{`x.txt:2:1: target value "NaN"`}},
		{"value fields", "1 1 1\n5 6\n0 0 0.5\n", []string{"x.txt:2:1: 2 fields, want 1"}},
		{"p above 1", "1 1 1\n5\n0 0 1.5\n", []string{`x.txt:3:5: kill probability "1.5": want a number in [0, 1]`}},
		{"weapon range", "1 1 1\n5\n1 0 0.5\n", []string{`x.txt:3:1: weapon index "1": want an integer in [0, 0]`, "x.txt:4:1: end of file after 0 of 1"}},
		{"target range", "1 1 1\n5\n0 -1 0.5\n0 0 0.5\n", []string{`x.txt:3:3: target index "-1"`}},
		{"duplicate", "1 2 1\n5\n5\n0 0 0.5\n0 1 0.5\n  0 0 0.5\n", []string{"x.txt:6:3: pair 0 0 given twice"}},
		{"missing", "2 2 1\n5\n5\n0 0 0.5\n1 1 0.5\n0 1 0.5\n", []string{"x.txt:7:1: end of file after 3 of 4 weapon-target pairs; the first missing is 1 0"}},
		{"pair fields", "1 1 1\n5\n0 0\n0 0 1\n", []string{"x.txt:3:1: 2 fields, want 3"}},
		// Values so large that the solvers' sums overflow to Inf and NaN
		// (the shortest-path solver then never ends): refused by line.
		{"huge value", "2 2 1\n1e308\n1e308\n0 0 0.5\n0 1 0.5\n1 0 0.5\n1 1 0.5\n", []string{`x.txt:2:1: target value "1e308": want a finite number in [0, 1e+100]`, `x.txt:3:1: target value "1e308"`}},
		// Shots that would take gigabytes: refused at the header.
		{"too many shots", "2 2 1048576\n1\n1\n0 0 0.5\n0 1 0.5\n1 0 0.5\n1 1 0.5\n", []string{"x.txt:1:1: 2 weapons x 1048576 shots: more than 65536 shots in all"}},
		{"shots times targets", "256 256 256\n", []string{"x.txt:1:1: 65536 shots x 256 targets: more than 4194304"}},
		{"several", "1 2 1\n5\nx\n0 0 2\n0 9 0.5\n", []string{`x.txt:3:1: target value "x"`, `x.txt:4:5: kill probability "2"`, `x.txt:5:3: target index "9"`, "x.txt:6:1: end of file after 0 of 2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("x.txt", strings.NewReader(tc.text))
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			at := 0
			for _, w := range tc.want {
				k := strings.Index(msg[at:], w)
				if k < 0 {
					t.Fatalf("error %q\nlacks %q (in order)", msg, w)
				}
				at += k + len(w)
			}
		})
	}
}

// The instances of ../../shared/data/wta use 0-based indices and list
// every pair: the parser must accept each.
func TestParseData(t *testing.T) {
	for _, tc := range bestKnown {
		in := loadData(t, tc.name)
		if in.Weapons() == 0 || in.Targets() != 2*in.Weapons() {
			t.Errorf("%s: %d weapons, %d targets", tc.name, in.Weapons(), in.Targets())
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(small))
	f.Add([]byte("1 1 1\n5\n0 0 0.5\n"))
	f.Add([]byte("2 2 1\n5\n5\n0 0 0.5\n1 1 0.5\n0 1 0.5\n"))
	f.Add([]byte("1 2 1\n5\nx\n0 0 2\n0 9 0.5\n"))
	if b, err := os.ReadFile(filepath.Join(dataDir, "wta_50x100x1.txt")); err == nil {
		f.Add(b[:4000])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := Parse("fuzz.txt", bytes.NewReader(b))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.txt") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		if err := in.Validate(); err != nil {
			t.Fatalf("parsed an invalid instance: %v", err)
		}
		if in.Weapons()*in.Targets() <= 64 && in.Shots() <= 64 {
			res, err := Greedy(in)
			if err != nil {
				t.Fatal(err)
			}
			if err := in.Check(res.Assignment); err != nil {
				t.Fatal(err)
			}
		}
	})
}
