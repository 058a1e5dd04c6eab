package vary

import (
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	v, err := Parse(" threats.cm.rcs = 0.01m2, 0.1m2 ")
	if err != nil || v.Selector != "threats.cm.rcs" || !slices.Equal(v.Values, []string{"0.01m2", "0.1m2"}) {
		t.Errorf("Parse: %+v, %v", v, err)
	}
	for _, bad := range []string{"a=", "=1", "x=1,,2", "x", "x= , "} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q): no error", bad)
		}
	}
}

// FuzzParse: an accepted flag has a selector and values, none empty.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"threats.cm.rcs=0.01m2,0.1m2", "a=", "=1", "x=1,,2", "threats.*.speed=Mach 0.8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		if v.Selector == "" || len(v.Values) == 0 {
			t.Fatalf("Parse(%q) = %+v", s, v)
		}
		for _, x := range v.Values {
			if x == "" {
				t.Fatalf("Parse(%q): empty value", s)
			}
		}
	})
}
