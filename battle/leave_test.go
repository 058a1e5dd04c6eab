package battle

import (
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
)

// TestLeaveToPointDefence: with leave_to_point_defence in its doctrine the
// battalion spends none of its rounds on the anti-radiation missile once
// its track heads for the battalion's fire-control radar, while the
// Pantsir-S1 protecting it has rounds: it holds fire, saying why, and the
// Pantsir engages. (Lofted at 10 km, the missile's first track heads
// over the radar, not at it: the battalion may fire once before the dive.)
// Without the key, otherwise the same file, the battalion engages it
// more often and the Pantsir not at all.
func TestLeaveToPointDefence(t *testing.T) {
	engaged := map[bool]int{}
	for _, leave := range []bool{true, false} {
		text := strings.Replace(pointDefence("    protects: bn\n"), "doctrine: {min_pk: 0.99}", "doctrine: {min_pk: 0.05}", 1)
		// The battalion's array faces the missile, so that it can engage.
		text = strings.Replace(text, "{id: fc, model: 92N6E, role: fire-control,", "{id: fc, model: 92N6E, role: fire-control, threat_axis: 270 deg,", 1)
		if leave {
			text = strings.Replace(text, "doctrine: {min_pk: 0.05}", "doctrine: {min_pk: 0.05, leave_to_point_defence: true}", 1)
		}
		res := runText(t, "leave.yaml", text)
		pdEngaged, held := 0, -1.0
		for _, e := range res.Events {
			switch {
			case e.Type == event.Engagement && e.Threat == "harm" && e.Unit == "bn":
				engaged[leave]++
				if held >= 0 {
					t.Errorf("bn engages the ARM at %.1f s, after leaving it to point defence at %.1f s", e.T, held)
				}
			case e.Type == event.Engagement && e.Threat == "harm" && e.Unit == "pd":
				pdEngaged++
			case e.Type == event.HoldFire && e.Unit == "bn" && strings.Contains(e.Reason, "left to point defence pd: heading for fc"):
				if held < 0 {
					held = e.T
				}
			}
		}
		if leave && (held < 0 || pdEngaged == 0) {
			t.Errorf("leave_to_point_defence: bn held from %.1f s (-1: never); pd engaged %d times; want a hold and pd engaging", held, pdEngaged)
		}
		if !leave && (held >= 0 || pdEngaged != 0) {
			t.Errorf("without the key: bn held at %.1f s, pd engaged %d times; want neither", held, pdEngaged)
		}
	}
	if engaged[true] >= engaged[false] {
		t.Errorf("bn engaged the ARM %d times leaving it to point defence, %d times not; want fewer", engaged[true], engaged[false])
	}
}
