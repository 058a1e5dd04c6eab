package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/internal/oracle"
	"github.com/iadsim/iadsim/internal/profiling"
)

// TestProfileFlag: run and mc with --profile DIR leave cpu.pprof and
// heap.pprof there, and go tool pprof (the reader of runtime/pprof's
// format, which no one here wrote) reads them: a CPU profile, and a heap
// profile whose allocations name the battle package that made them.
func TestProfileFlag(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		oracle.Missing(t, "go tool pprof", err)
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"run", []string{"run", "../../examples/s400-drone-probe.yaml"}},
		{"mc", []string{"mc", "../../mc/testdata/small.yaml", "--runs", "2", "--out", filepath.Join(dir, "batch")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prof := filepath.Join(dir, tc.name, "profiles") // made by the flag
			r := iadsim(t, append(tc.args, "--profile", prof)...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			for _, f := range []struct{ file, index, want string }{
				{profiling.CPUFile, "", "Type: cpu"},
				{profiling.HeapFile, "alloc_space", "iadsim/battle."},
			} {
				path := filepath.Join(prof, f.file)
				if _, err := os.Stat(path); err != nil {
					t.Fatalf("--profile: %v", err)
				}
				args := []string{"tool", "pprof", "-top"}
				if f.index != "" {
					args = append(args, "-sample_index="+f.index)
				}
				out, err := exec.Command(goTool, append(args, path)...).CombinedOutput()
				if err != nil {
					t.Fatalf("go tool pprof -top %s: %v\n%s", f.file, err, out)
				}
				if !strings.Contains(string(out), f.want) {
					t.Errorf("go tool pprof -top %s does not show %q:\n%s", f.file, f.want, out)
				}
			}
		})
	}
}

// TestProfileDirRefused: a --profile directory that cannot be made is
// the user's error (exit 2), named, before anything runs.
func TestProfileDirRefused(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := iadsim(t, "run", "../../examples/s400-drone-probe.yaml", "--profile", filepath.Join(file, "profiles"))
	if r.code != 2 || !strings.Contains(r.stderr, "--profile") {
		t.Errorf("exit %d, stderr %q; want 2 and a message naming --profile", r.code, r.stderr)
	}
}
