package outdir

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/summary"
)

func TestCheck(t *testing.T) {
	base := t.TempDir()
	mk := func(name string, files ...string) string {
		d := filepath.Join(base, name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(d, f), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	file := filepath.Join(base, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	sub := mk("with-subdir")
	os.Mkdir(filepath.Join(sub, "summary.json"), 0o755) // a directory by a run file's name is not the run's
	for _, c := range []struct {
		name  string
		dir   string
		own   func(string) bool
		force bool
		want  string // "" for no error, else part of the refusal
	}{
		{"new", filepath.Join(base, "new"), RunFile, false, ""},
		{"empty", mk("empty"), RunFile, false, ""},
		{"a run's", mk("run", "events.jsonl", "summary.json"), RunFile, false, ""},
		{"a coverage's", mk("cov", "detection_5000m.tif", "horizon.csv", "engagement_48N6E3_10km.kml"), CoverageFile, false, ""},
		{"a run's for coverage", mk("run2", "events.jsonl"), CoverageFile, false, "holds events.jsonl"},
		{"foreign", mk("home", "notes.txt", "a", "b", "c", "d", "e"), RunFile, false, "holds a, b, c, d, e and 1 more"},
		{"foreign, forced", mk("home2", "notes.txt"), RunFile, true, ""},
		{"a subdirectory", sub, RunFile, false, "holds summary.json"},
		{"a file", file, RunFile, true, "is a file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Check(c.dir, c.own, c.force)
			if c.want == "" {
				if err != nil {
					t.Errorf("Check(%s) = %v, want nil", c.dir, err)
				}
				return
			}
			var r *Refused
			if !errors.As(err, &r) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Check(%s) = %v, want a refusal naming %q", c.dir, err, c.want)
			}
		})
	}
}

// TestRunFileMatchesExport: the files a rerun of iadsim run may replace
// are exactly those it writes (export.RunFiles), so that neither drifts
// from the other.
func TestRunFileMatchesExport(t *testing.T) {
	var names []string
	for _, f := range export.RunFiles(&scenario.Scenario{}, &record.Result{}, summary.Summary{}) {
		names = append(names, f.Name)
		if !RunFile(f.Name) {
			t.Errorf("iadsim run writes %s, which RunFile does not own", f.Name)
		}
	}
	if !slices.Equal(names, runFiles) {
		t.Errorf("export.RunFiles writes %v; RunFile owns %v", names, runFiles)
	}
}
