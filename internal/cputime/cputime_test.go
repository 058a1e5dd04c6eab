package cputime

import "testing"

// TestProcessGrowsWithWork burns CPU and checks the clock moved forward:
// rusage counts in microseconds, and a few million square roots take
// milliseconds on any machine.
func TestProcessGrowsWithWork(t *testing.T) {
	before, err := Process()
	if err != nil {
		t.Fatal(err)
	}
	if before <= 0 {
		t.Fatalf("CPU time %v s at the start of a test; want > 0", before)
	}
	x := 1.0
	for i := 0; i < 50_000_000; i++ {
		x = x*1.0000001 + 1e-9
	}
	after, err := Process()
	if err != nil {
		t.Fatal(err)
	}
	if !(after > before) {
		t.Fatalf("CPU time went from %v to %v s over a busy loop (x %v)", before, after, x)
	}
}
