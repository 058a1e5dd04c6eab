//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHostileInputPaths: every path a command reads, given a folder,
// /dev/zero, a FIFO, an empty file or one it may not read (and, where a
// folder is wanted, a file, a device or a FIFO), gives exit 2 within
// seconds, a message that names the path and says what was wanted, and
// no output. A FIFO blocked the open of a scenario, a DEM, a WTA
// instance, a detections file and a batch folder for ever; a device
// given as a batch folder was exit 1 (brief s6h6, issue 19).
func TestHostileInputPaths(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder")
	os.Mkdir(folder, 0o755)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o644)
	noread := filepath.Join(dir, "noread")
	os.WriteFile(noread, []byte("version: 1\n"), 0o000)
	noreadDir := filepath.Join(dir, "noread-folder")
	os.Mkdir(noreadDir, 0o000)
	files := map[string]string{"folder": folder, "device": "/dev/zero", "fifo": fifo, "empty": empty, "noread": noread}
	folders := map[string]string{"file": empty, "device": "/dev/zero", "fifo": fifo, "empty folder": folder, "noread": noreadDir}

	// Polar detections, so that track reads a --sensors file.
	det := filepath.Join(dir, "det")
	if r := iadsim(t, "detections", probe, "--out", det); r.code != 0 {
		t.Fatalf("detections: exit %d: %s", r.code, r.stderr)
	}
	detections := filepath.Join(det, "detections.csv")

	out := filepath.Join(dir, "out")
	for _, c := range []struct {
		cmd    string
		inputs map[string]string
		args   func(in string) []string
		made   string // what must not exist afterwards
	}{
		{"validate", files, func(in string) []string { return []string{"validate", in} }, ""},
		{"run", files, func(in string) []string { return []string{"run", in, "--out", out} }, out},
		{"mc", files, func(in string) []string { return []string{"mc", in, "--runs", "2", "--out", out} }, out},
		{"sweep", files, func(in string) []string {
			return []string{"sweep", in, "--runs", "2", "--vary", "threats.cm.rcs=1m2,2m2", "--out", out}
		}, out},
		{"coverage", files, func(in string) []string {
			return []string{"coverage", in, "--alt", "3km", "--rcs", "1m2", "--out", out}
		}, out},
		{"detections", files, func(in string) []string { return []string{"detections", in, "--out", out} }, out},
		{"footprint", files, func(in string) []string { return []string{"footprint", in, "--launch", "44,-71", "--out", out} }, out},
		{"viewshed", files, func(in string) []string {
			return []string{"viewshed", "--dem", in, "--observer", "44.27,-71.30", "--out", filepath.Join(out, "vs.tif")}
		}, out},
		{"terrain info", files, func(in string) []string { return []string{"terrain", "info", in} }, ""},
		{"wta", files, func(in string) []string { return []string{"wta", in, "--out", filepath.Join(out, "a.txt")} }, out},
		{"track --detections", files, func(in string) []string { return []string{"track", "--detections", in, "--out", out} }, out},
		{"track --sensors", files, func(in string) []string {
			return []string{"track", "--detections", detections, "--sensors", in, "--out", out}
		}, out},
		{"track --truth", files, func(in string) []string {
			return []string{"track", "--detections", detections, "--sensors", filepath.Join(det, "sensors.yaml"), "--truth", in, "--out", out}
		}, out},
		{"report", folders, func(in string) []string { return []string{"report", in, "--out", filepath.Join(out, "r.html")} }, out},
		{"merge", folders, func(in string) []string { return []string{"merge", in, "--out", out} }, out},
		{"mc --resume", folders, func(in string) []string { return []string{"mc", probe, "--runs", "2", "--resume", "--out", in} }, ""},
		{"export czml", folders, func(in string) []string { return []string{"export", "czml", in, "--out", filepath.Join(out, "c.czml")} }, out},
		{"serve", folders, func(in string) []string { return []string{"serve", "--addr", "127.0.0.1:0", in} }, ""},
	} {
		for kind, in := range c.inputs {
			t.Run(c.cmd+"/"+kind, func(t *testing.T) {
				if strings.HasPrefix(kind, "noread") && os.Geteuid() == 0 {
					t.Skip("root reads what its mode forbids")
				}
				if c.cmd == "serve" && kind == "empty folder" {
					t.Skip("an empty folder is a folder of no runs to serve")
				}
				if c.cmd == "mc --resume" && kind == "empty folder" {
					t.Skip("an empty folder is a fresh batch to --resume")
				}
				r, ok := iadsimWithin(t, 30*time.Second, c.args(in)...)
				if !ok {
					t.Fatalf("iadsim %s: still running after 30 s", strings.Join(c.args(in), " "))
				}
				if r.code != 2 || !strings.Contains(r.stderr, in) || !strings.Contains(r.stderr, "want") {
					t.Errorf("iadsim %s: exit %d, stderr %q; want 2 and a message naming %s and what was wanted", strings.Join(c.args(in), " "), r.code, r.stderr, in)
				}
				if c.made != "" {
					if _, err := os.Stat(c.made); !errors.Is(err, os.ErrNotExist) {
						t.Errorf("iadsim %s left %s", strings.Join(c.args(in), " "), c.made)
						os.RemoveAll(c.made)
					}
				}
			})
		}
	}
}

// iadsimWithin is iadsim with a deadline: ok is false if the command was
// still running after d (and was killed), a hang that would otherwise
// stall the whole test binary.
func iadsimWithin(t *testing.T, d time.Duration, args ...string) (r result, ok bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ctx.Err() != nil {
		return result{o.String(), e.String(), -1}, false
	}
	var xe *exec.ExitError
	if errors.As(err, &xe) {
		return result{o.String(), e.String(), xe.ExitCode()}, true
	}
	if err != nil {
		t.Fatal(err)
	}
	return result{o.String(), e.String(), 0}, true
}
