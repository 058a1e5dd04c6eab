package weapon

import "testing"

// The catalogue's guidance texts, and the other ways public sources put
// them, read as the terminal mode.
func TestParseGuidance(t *testing.T) {
	for _, tc := range []struct {
		text string
		want GuidanceMode
		ok   bool
	}{
		{"inertial with command update, active radar homing", Active, true},
		{"inertial with command update, track-via-missile terminal", TrackViaMissile, true},
		{"inertial with command update, track-via-missile / semi-active terminal", TrackViaMissile, true},
		{"inertial with datalink, active radar terminal", Active, true},
		{"inertial + command, TVM/semi-active terminal (S)", TrackViaMissile, true},
		{"semi-active radar homing", SemiActive, true},
		{"semi-active, then active radar terminal", SemiActive, true},
		{"radio command (remote-guided)", Command, true},
		{"inertial", "", false},
		{"", "", false},
	} {
		got, ok := ParseGuidance(tc.text)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseGuidance(%q) = %q, %v; want %q, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}
	if Active.NeedsFireControl() || !TrackViaMissile.NeedsFireControl() || !Command.NeedsFireControl() || !GuidanceMode("").NeedsFireControl() {
		t.Error("NeedsFireControl: only an active missile flies without the engagement radar")
	}
}
