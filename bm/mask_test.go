package bm

import (
	"regexp"
	"testing"
)

// numbersRE is the reference for maskNumbers: the standard library's
// regular expression engine, which the planner used before.
var numbersRE = regexp.MustCompile(`-?[0-9]+(\.[0-9]+)?`)

func TestMaskNumbers(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"no figures here", "no figures here"},
		{"all 8 fire channels of 92N6E busy", "all # fire channels of #N#E busy"},
		{"velocity uncertainty 61.3 m/s, above the 50 m/s limit", "velocity uncertainty # m/s, above the # m/s limit"},
		{"-12.5 and -x and 3. and .5 and 1.2.3", "# and -x and #. and .# and #.#"},
		{"--7", "-#"},
		{"a-", "a-"},
		{"x9", "x#"},
		{"é 4.0°", "é #°"},
	} {
		if got := maskNumbers(tc.in); got != tc.want {
			t.Errorf("maskNumbers(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if ref := numbersRE.ReplaceAllString(tc.in, "#"); ref != tc.want {
			t.Errorf("the reference masks %q to %q, the table says %q", tc.in, ref, tc.want)
		}
	}
}

func FuzzMaskNumbers(f *testing.F) {
	for _, s := range []string{"", "3", "-3.25 km", "a-b-1.-2..3", "track not firm: 61.3 m/s", "\xff-9\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := maskNumbers(s), numbersRE.ReplaceAllString(s, "#"); got != want {
			t.Fatalf("maskNumbers(%q) = %q, the regular expression gives %q", s, got, want)
		}
	})
}
