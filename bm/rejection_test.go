package bm

import (
	"fmt"
	"slices"
	"testing"
)

// TestRejectionString: a rejection's text is fmt.Sprintf's of its format
// and arguments, whatever their kinds, and the texts of a unit's
// rejections are each said once, in the order of their first, as the
// planner said them when it built each text at once: two rejections of
// different figures may read the same.
func TestRejectionString(t *testing.T) {
	tests := []struct {
		r    rejection
		want string
	}{
		{rejection{}, ""},
		{rejectf("%s: no intercept within its flight time", text("9M96E2")), "9M96E2: no intercept within its flight time"},
		{rejectf("%s: only %d %s left, salvo of %d", text("L1"), whole(1), text("48N6E3"), whole(2)), "L1: only 1 48N6E3 left, salvo of 2"},
		{rejectf("%s: intercept at %.0f km, beyond its %.0f km against a target at %.0f m", text("9M96E2"), figure(131.6), figure(120), figure(30.4)),
			fmt.Sprintf("%s: intercept at %.0f km, beyond its %.0f km against a target at %.0f m", "9M96E2", 131.6, 120.0, 30.4)},
		{rejectf("%s: not among the doctrine's missiles against %s targets (%s)", text("48N6E3"), text("drone"), names([]string{"9M96E2", "9M100"})),
			"48N6E3: not among the doctrine's missiles against drone targets (9M96E2, 9M100)"},
		{rejectf("%s: expected Pk %.2f below doctrine's %.2f", text("9M96E2"), figure(0.8), figure(0.9)), "9M96E2: expected Pk 0.80 below doctrine's 0.90"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("%q, want %q", got, tt.want)
		}
		if tt.r.rejects() != (tt.want != "") {
			t.Errorf("%q: rejects %v", tt.want, tt.r.rejects())
		}
	}
	rs := []rejection{
		rejectf("%s: reloading until %.0f s", text("L1"), figure(100.2)),
		rejectf("%s: no %s left", text("L2"), text("9M96E2")),
		rejectf("%s: reloading until %.0f s", text("L1"), figure(99.9)), // reads as the first
		rejectf("%s: no %s left", text("L3"), text("9M96E2")),
	}
	want := []string{"L1: reloading until 100 s", "L2: no 9M96E2 left", "L3: no 9M96E2 left"}
	if got := rejectionTexts(rs); !slices.Equal(got, want) {
		t.Errorf("texts %q, want %q", got, want)
	}
	if got := rejectionTexts(nil); got != nil {
		t.Errorf("no rejections: %q, want nil", got)
	}
}
