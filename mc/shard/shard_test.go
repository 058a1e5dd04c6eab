package shard

import "testing"

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in  string
		out Shard
		ok  bool
	}{
		{"0/1", Shard{0, 1}, true}, {"3/16", Shard{3, 16}, true}, {" 15 / 16 ", Shard{15, 16}, true},
		{"16/16", Shard{}, false}, {"-1/4", Shard{}, false}, {"1/0", Shard{}, false}, {"1", Shard{}, false}, {"a/b", Shard{}, false},
	} {
		got, err := Parse(c.in)
		if (err == nil) != c.ok || got != c.out {
			t.Errorf("Parse(%q) = %v, %v", c.in, got, err)
		}
	}
	if got := (Shard{1, 3}).Replications(8); len(got) != 3 || got[0] != 1 || got[2] != 7 {
		t.Errorf("Replications = %v", got)
	}
	if got := (Shard{}).String(); got != "0/1" {
		t.Errorf("the zero Shard is %q, want the whole batch 0/1", got)
	}
}

// FuzzParse: an accepted shard is a part of a batch, 0 <= i < n, that
// owns the replications it lists.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0/1", "3/16", "x", "/", "9999999999999999999/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := Parse(s)
		if err != nil {
			return
		}
		if sh.Count < 1 || sh.Index < 0 || sh.Index >= sh.Count {
			t.Fatalf("Parse(%q) = %v", s, sh)
		}
		if !sh.Owns(sh.Index) || (sh.Count > 1 && sh.Owns(sh.Index+1)) {
			t.Fatalf("Parse(%q) = %v owns the wrong replications", s, sh)
		}
	})
}
