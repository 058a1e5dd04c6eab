package bm

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestReasonText: a reason built as a value writes, when it is said,
// the very text the planner wrote before reasons were values (the
// events.jsonl contract): each form against fmt's formatting of the
// same figures with the format the text had.
func TestReasonText(t *testing.T) {
	figures := []float64{0, 1, 0.005, 0.125, 0.994999, 0.995, 1.0 / 3, 12.25, -0.0, 2e9, math.Inf(1), math.NaN()}
	for _, x := range figures {
		for _, n := range []int{0, 1, 2, 7, 1 << 40, -3, math.MaxInt} {
			tests := []struct {
				got  Reason
				want string
			}{
				{channelsBusy("bn-3-92n6e", n), fmt.Sprintf("all %d fire channels of %s busy", n, "bn-3-92n6e")},
				{guidedFull("92N6E", n, n+2), fmt.Sprintf("%s already guides %d of %d missiles", "92N6E", n, n+2)},
				{EngagedBy([]string{"bn-1"}, n), fmt.Sprintf("already engaged by %s; the IADS allows %d unit(s) on one target", "bn-1", n)},
				{EngagedBy([]string{"bn-1", "teh-w"}, n), fmt.Sprintf("already engaged by %s; the IADS allows %d unit(s) on one target", "bn-1, teh-w", n)},
				{EngagedHere(n, x), fmt.Sprintf("already engaged by this unit on its track %d (same target: Mahalanobis distance² %.1f)", n, x)},
				{AssignedTo([]string{"bn-2"}, []float64{x}), fmt.Sprintf("the IADS assigned this target to %s", fmt.Sprintf("%s (Pk %.2f)", "bn-2", x))},
				{AssignedTo([]string{"bn-2", "bn-10"}, []float64{x, 1 - x}), fmt.Sprintf("the IADS assigned this target to %s",
					strings.Join([]string{fmt.Sprintf("%s (Pk %.2f)", "bn-2", x), fmt.Sprintf("%s (Pk %.2f)", "bn-10", 1-x)}, ", "))},
				{NotInPicture("bn-0-92n6e", "bn-12"), "not held by the fire-control radar bn-0-92n6e (a track of bn-12 in the IADS picture)"},
				{Because(KindCoasting, "track coasting"), "track coasting"},
			}
			for _, tt := range tests {
				if got := tt.got.String(); got != tt.want {
					t.Errorf("kind %d: %q, want %q", tt.got.Kind, got, tt.want)
				}
				if !tt.got.Holds() {
					t.Errorf("%q does not hold", tt.want)
				}
			}
		}
	}
	if (Reason{}).Holds() || (Reason{}).String() != "" {
		t.Errorf("the zero Reason holds or has text")
	}
}

// FuzzReasonText: the same check over any names and figures.
func FuzzReasonText(f *testing.F) {
	f.Add("bn-1", "bn-2", 3, 0.85)
	f.Fuzz(func(t *testing.T, a, b string, n int, x float64) {
		check := func(got Reason, want string) {
			if got.String() != want {
				t.Fatalf("%q, want %q", got.String(), want)
			}
		}
		check(channelsBusy(a, n), fmt.Sprintf("all %d fire channels of %s busy", n, a))
		check(guidedFull(a, n, n), fmt.Sprintf("%s already guides %d of %d missiles", a, n, n))
		check(EngagedBy([]string{a, b}, n), fmt.Sprintf("already engaged by %s, %s; the IADS allows %d unit(s) on one target", a, b, n))
		check(EngagedHere(n, x), fmt.Sprintf("already engaged by this unit on its track %d (same target: Mahalanobis distance² %.1f)", n, x))
		check(AssignedTo([]string{a, b}, []float64{x, -x}), fmt.Sprintf("the IADS assigned this target to %s (Pk %.2f), %s (Pk %.2f)", a, x, b, -x))
		check(NotInPicture(a, b), fmt.Sprintf("not held by the fire-control radar %s (a track of %s in the IADS picture)", a, b))
	})
}
