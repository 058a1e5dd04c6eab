package dirglob

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExpand: merge expands a pattern where no shell did.
func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"shard-0", "shard-1", "shard-10", "odd[1]"} {
		os.Mkdir(filepath.Join(dir, d), 0o755)
	}
	for _, c := range []struct {
		args []string
		want []string
		err  string
	}{
		{[]string{"shard-*"}, []string{"shard-0", "shard-1", "shard-10"}, ""},
		{[]string{"shard-1", "shard-?"}, []string{"shard-1", "shard-0", "shard-1"}, ""}, // merge refuses the repeat
		{[]string{"odd[1]"}, []string{"odd[1]"}, ""},                                    // a name, not a pattern
		{[]string{"missing"}, []string{"missing"}, ""},                                  // merge says it is missing
		{[]string{"part-*"}, nil, "no directory matches"},
	} {
		var args []string
		for _, a := range c.args {
			args = append(args, filepath.Join(dir, a))
		}
		got, err := Expand(args)
		for i := range got {
			got[i] = strings.TrimPrefix(got[i], dir+string(filepath.Separator))
		}
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v: err %v, want %q", c.args, err, c.err)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%v: %v, %v; want %v", c.args, got, err, c.want)
		}
	}
}
