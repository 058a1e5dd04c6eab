package main

import (
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	const pkg = `"Package":"github.com/iadsim/iadsim/terrain"`
	for _, c := range []struct {
		name, in   string
		wantFailed bool
		want       []string // lines the summary holds
		notWant    []string
	}{
		{
			name: "a skip names its reason",
			in: `{"Action":"run",` + pkg + `,"Test":"TestGDAL"}
{"Action":"output",` + pkg + `,"Test":"TestGDAL","Output":"=== RUN   TestGDAL\n"}
{"Action":"output",` + pkg + `,"Test":"TestGDAL","Output":"    oracle_test.go:27: gdal_translate (Debian gdal-bin) is missing; skipping\n"}
{"Action":"output",` + pkg + `,"Test":"TestGDAL","Output":"--- SKIP: TestGDAL (0.00s)\n"}
{"Action":"skip",` + pkg + `,"Test":"TestGDAL"}
{"Action":"pass",` + pkg + `,"Elapsed":1.5}
`,
			want: []string{"ok  \tgithub.com/iadsim/iadsim/terrain\t1.500s", "1 test skipped", "tests: 0 passed, 0 failed, 1 skipped\n",
				"SKIP\tterrain TestGDAL: oracle_test.go:27: gdal_translate (Debian gdal-bin) is missing; skipping"},
		},
		{
			name: "a failure prints the package's output and fails",
			in: `{"Action":"output",` + pkg + `,"Test":"TestX","Output":"    x_test.go:3: got 2, want 3\n"}
{"Action":"fail",` + pkg + `,"Test":"TestX"}
{"Action":"output",` + pkg + `,"Output":"FAIL\n"}
{"Action":"fail",` + pkg + `,"Elapsed":0.2}
`,
			wantFailed: true,
			want:       []string{"x_test.go:3: got 2, want 3", "FAIL\tgithub.com/iadsim/iadsim/terrain\t0.200s", "tests: 0 passed, 1 failed, 0 skipped\n"},
			notWant:    []string{"test skipped", "tests skipped"},
		},
		{
			name: "a build failure fails",
			in: `{"ImportPath":"github.com/iadsim/iadsim/terrain [github.com/iadsim/iadsim/terrain.test]","Action":"build-output","Output":"terrain/x.go:1:1: syntax error\n"}
{"ImportPath":"github.com/iadsim/iadsim/terrain [github.com/iadsim/iadsim/terrain.test]","Action":"build-fail"}
`,
			wantFailed: true,
			want:       []string{"terrain/x.go:1:1: syntax error"},
		},
		{
			name: "a package without tests",
			in:   `{"Action":"skip","Package":"github.com/iadsim/iadsim/internal/x","Elapsed":0}` + "\n",
			want: []string{"?   \tgithub.com/iadsim/iadsim/internal/x\t[no test files]"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out strings.Builder
			failed, err := summarize(strings.NewReader(c.in), &out)
			if err != nil {
				t.Fatal(err)
			}
			if failed != c.wantFailed {
				t.Errorf("failed %v, want %v", failed, c.wantFailed)
			}
			for _, w := range c.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("summary lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(out.String(), w) {
					t.Errorf("summary has %q:\n%s", w, out.String())
				}
			}
		})
	}
}
