package scenario

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestDepthLimit: 100 KB of nested brackets once took the YAML parser
// 3.85 GB and 11 s; it is refused before parsing, at the bracket that
// goes one level too deep.
func TestDepthLimit(t *testing.T) {
	for _, c := range []struct {
		name, text, want string
	}{
		{"flow sequences", "version: 1\nname: " + strings.Repeat("[", 50000), fmt.Sprintf("x.yaml:2:%d: nesting deeper than %d levels", 7+MaxDepth, MaxDepth)},
		{"flow maps", "version: 1\nx: " + strings.Repeat("{a: ", 50000), fmt.Sprintf("x.yaml:2:%d: nesting deeper than %d levels", 4+4*MaxDepth, MaxDepth)},
		{"block sequences", "version: 1\nx:\n" + strings.Repeat("- ", 200000) + "1\n", fmt.Sprintf("x.yaml:3:%d: nesting deeper than %d levels", 2*MaxDepth-1, MaxDepth)},
		{"indentation", "version: 1\nx:\n" + indented(2*MaxDepth), fmt.Sprintf("x.yaml:%d:%d: nesting deeper than %d levels", 2+MaxDepth, MaxDepth+1, MaxDepth)},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := []byte(c.text)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := Parse("x.yaml", text)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v; want %q", err, c.want)
			}
			// Work measured in bytes allocated, not in wall time:
			// refused before parsing, the file costs a small multiple
			// of its size, not the gigabytes the parser took.
			if got, most := after.TotalAlloc-before.TotalAlloc, uint64(maxAllocPerByte*len(text)); got > most {
				t.Errorf("allocated %d bytes for a %d-byte file; want at most %d", got, len(text), most)
			}
		})
	}
}

// maxAllocPerByte bounds the bytes TestDepthLimit lets Parse allocate
// per byte of input.
const maxAllocPerByte = 64

// indented is n block mappings, each one space deeper than the last.
func indented(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%sa%d:\n", strings.Repeat(" ", i+1), i)
	}
	return b.String()
}

// TestErrorListCap: a file with millions of problems prints the first
// maxShown and how many more, not hundreds of megabytes.
func TestErrorListCap(t *testing.T) {
	var l ErrorList
	for i := range maxShown + 7 {
		l = append(l, &Error{File: "x.yaml", Line: i + 1, Col: 1, Msg: "bad"})
	}
	lines := strings.Split(l.Error(), "\n")
	if len(lines) != maxShown+1 || lines[maxShown] != "x.yaml: and 7 more problems" {
		t.Errorf("%d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

// TestThreatLimit: aliases of a salvo of MaxCount threats, followed
// many times, expand past MaxThreats and are refused at the count.
func TestThreatLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\nname: x\nduration: 10 min\nthreats:\n")
	b.WriteString("  - &s {id: s, type: drone, rcs: 0.1 m2, speed: 50 m/s, altitude: 100 m, count: 1000, interval: 1 s, route: [{lat: 10, lon: 10}, {lat: 10.1, lon: 10}]}\n")
	for range 20 {
		b.WriteString("  - *s\n")
	}
	_, err := Parse("x.yaml", []byte(b.String()))
	want := fmt.Sprintf("more than %d threats in all", MaxThreats)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v; want %q", err, want)
	}
	if n := strings.Count(err.Error(), "\n") + 1; n > maxShown+1 {
		t.Errorf("%d lines of errors", n)
	}
}
