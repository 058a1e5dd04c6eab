package epoch

import (
	"testing"
	"time"
)

// TestFormat: scenario seconds become UTC instants, rounded to the
// millisecond with three digits always; an epoch given with an offset is
// the same instant in UTC. The expected strings were worked by hand from
// the calendar (04:30 + 3725.25 s = 05:32:05.250).
func TestFormat(t *testing.T) {
	msk := time.FixedZone("MSK", 3*3600)
	tests := []struct {
		t0   time.Time
		t    float64
		want string
	}{
		{time.Date(2025, 3, 1, 4, 30, 0, 0, time.UTC), 0, "2025-03-01T04:30:00.000Z"},
		{time.Date(2025, 3, 1, 4, 30, 0, 0, time.UTC), 3725.25, "2025-03-01T05:32:05.250Z"},
		{time.Date(2025, 3, 1, 4, 30, 0, 0, time.UTC), 0.0004999, "2025-03-01T04:30:00.000Z"},
		{time.Date(2025, 3, 1, 4, 30, 0, 0, time.UTC), 0.0005001, "2025-03-01T04:30:00.001Z"},
		{time.Date(2025, 3, 1, 4, 30, 0, 0, time.UTC), 12.9996, "2025-03-01T04:30:13.000Z"},
		{time.Date(2025, 3, 1, 7, 30, 0, 0, msk), 1, "2025-03-01T04:30:01.000Z"},
		// Across midnight and the end of a year.
		{time.Date(2024, 12, 31, 23, 59, 0, 0, time.UTC), 90, "2025-01-01T00:00:30.000Z"},
		// 2024 is a leap year: 29 February exists.
		{time.Date(2024, 2, 28, 12, 0, 0, 0, time.UTC), 86400, "2024-02-29T12:00:00.000Z"},
	}
	for _, tt := range tests {
		if got := New(tt.t0).Format(tt.t); got != tt.want {
			t.Errorf("New(%v).Format(%g) = %s, want %s", tt.t0, tt.t, got, tt.want)
		}
	}
}

func TestString(t *testing.T) {
	msk := time.FixedZone("MSK", 3*3600)
	if got, want := New(time.Date(2025, 3, 1, 7, 30, 0, 0, msk)).String(), "2025-03-01T04:30:00Z"; got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
}

// TestAtRoundTrip: At and Sub are inverse to the nanosecond over a day.
func TestAtRoundTrip(t *testing.T) {
	e := New(time.Date(2025, 3, 1, 4, 30, 0, 0, time.UTC))
	for _, s := range []float64{0, 0.001, 1.5, 3599.999, 86399.123456789} {
		got := e.At(s).Sub(e.Time()).Seconds()
		if d := got - s; d > 1e-9 || d < -1e-9 {
			t.Errorf("At(%v) - epoch = %v s", s, got)
		}
	}
}
