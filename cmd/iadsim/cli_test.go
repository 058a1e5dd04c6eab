package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/version"
)

// TestVersionCommand: iadsim version and iadsim --version print one line,
// the same, from the binary's own build information.
func TestVersionCommand(t *testing.T) {
	a, b := iadsim(t, "version"), iadsim(t, "--version")
	if a.code != 0 || b.code != 0 {
		t.Fatalf("exit %d and %d: %s%s", a.code, b.code, a.stderr, b.stderr)
	}
	if a.stdout != b.stdout || !strings.HasPrefix(a.stdout, "iadsim ") || strings.Count(a.stdout, "\n") != 1 {
		t.Errorf("version %q, --version %q; want one line, the same, starting iadsim", a.stdout, b.stdout)
	}
	if !strings.Contains(a.stdout, runtime.Version()) {
		t.Errorf("version %q does not name the toolchain %s", a.stdout, runtime.Version())
	}
	j := iadsim(t, "version", "--json")
	var v version.Info
	if err := json.Unmarshal([]byte(j.stdout), &v); err != nil || v.Go != runtime.Version() || v.Version == "" {
		t.Errorf("version --json: %q (%v)", j.stdout, err)
	}
}

// TestExitCodes: 2 for anything the user got wrong, 1 for what failed
// on the machine.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, c := range []struct {
		args     []string
		code     int
		inStderr string
	}{
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate" for "iadsim"; want `},
		{[]string{"rnu", example}, 2, "want run"},
		{[]string{"catalog", "lsit"}, 2, `unknown command "lsit" for "iadsim catalog"; want list`},
		{[]string{"version", "extra"}, 2, "unknown command"},
		{[]string{"run", example, "--no-such-flag"}, 2, "unknown flag"},
		{[]string{"run"}, 2, "accepts 1 arg"},
		{[]string{"run", filepath.Join(dir, "missing.yaml")}, 2, "missing.yaml"},
		{[]string{"run", example, "--out", file}, 2, "is a file"},
		// An --out that cannot be a folder is the user's (issue 19,
		// item 9), as one that is a file is.
		{[]string{"run", example, "--out", "/dev/null/out"}, 2, "/dev/null/out"},
	} {
		r := iadsim(t, c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.inStderr) || !strings.HasPrefix(r.stderr, "iadsim: ") {
			t.Errorf("iadsim %s: exit %d, stderr %q; want exit %d and %q", strings.Join(c.args, " "), r.code, r.stderr, c.code, c.inStderr)
		}
	}
	if r := iadsim(t); r.code != 0 || !strings.Contains(r.stdout, "Available Commands") {
		t.Errorf("iadsim alone: exit %d; want its help and 0", r.code)
	}
}

// TestInterruptExitCodes: an interrupted batch is not bad input: exit 130
// for SIGINT (Ctrl-C, as shells report it) and 1 for SIGTERM, saying how
// to continue (issue 19's exit-code contract).
func TestInterruptExitCodes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 1}} {
		out := filepath.Join(t.TempDir(), "mc")
		cmd := exec.Command(bin, "mc", example, "--runs", "100000", "--workers", "1", "--out", out)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for the batch to start writing, so that the signal reaches the
		// batch and not the scenario reader.
		for i := 0; i < 600; i++ {
			if st, err := os.Stat(filepath.Join(out, "journal.jsonl")); err == nil && st.Size() > 0 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		cmd.Process.Signal(c.sig)
		err := cmd.Wait()
		xe, ok := err.(*exec.ExitError)
		if !ok || xe.ExitCode() != c.code || !strings.Contains(stderr.String(), "--resume") {
			t.Errorf("mc interrupted by %v: %v, stderr %q; want exit %d and how to resume", c.sig, err, stderr.String(), c.code)
		}
	}
}

// TestOutDirRefused: run and coverage write only into a new or empty
// directory or over their own earlier output, unless --force.
func TestOutDirRefused(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("my notes\n"), 0o644)

	r := iadsim(t, "run", example, "--out", dir)
	if r.code != 2 || !strings.Contains(r.stderr, "notes.txt") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("run into a folder of notes: exit %d, stderr %q; want 2, naming notes.txt and --force", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "events.jsonl")); !os.IsNotExist(err) {
		t.Error("a refused run wrote events.jsonl")
	}
	r = iadsim(t, "coverage", coverageExample, "--alt", "3km", "--rcs", "1m2", "--out", dir)
	if r.code != 2 || !strings.Contains(r.stderr, "notes.txt") {
		t.Errorf("coverage into a folder of notes: exit %d, stderr %q; want 2 naming notes.txt", r.code, r.stderr)
	}
	if r := iadsim(t, "run", example, "--out", dir, "--force"); r.code != 0 {
		t.Fatalf("--force: exit %d: %s", r.code, r.stderr)
	}
	if b, _ := os.ReadFile(notes); string(b) != "my notes\n" {
		t.Errorf("notes.txt now %q", b)
	}

	// A rerun replaces a run's own output without --force; a coverage
	// run does not write over it.
	own := t.TempDir()
	for range 2 {
		if r := iadsim(t, "run", example, "--out", own); r.code != 0 {
			t.Fatalf("run over its own output: exit %d: %s", r.code, r.stderr)
		}
	}
	if r := iadsim(t, "coverage", coverageExample, "--alt", "3km", "--rcs", "1m2", "--out", own); r.code != 2 {
		t.Errorf("coverage over a run's output: exit %d, want 2", r.code)
	}

	// Every file a command writes is its own on a rerun: coverage's
	// defence.png (refused before: "holds defence.png, which this command
	// did not write"), a run's CZML written beside it with --czml.
	cov := t.TempDir()
	for i := range 2 {
		if r := iadsim(t, "coverage", coverageExample, "--alt", "3km", "--rcs", "1m2", "--res", "2km", "--extent", "60km", "--out", cov); r.code != 0 {
			t.Fatalf("coverage %d over its own output: exit %d: %s", i+1, r.code, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(cov, "defence.png")); err != nil {
		t.Errorf("coverage wrote no defence.png, which this check needs: %v", err)
	}
	// A rerun with fewer altitudes leaves none of the earlier files: the
	// folder holds what its seal lists (and the lock) and nothing else.
	if r := iadsim(t, "coverage", coverageExample, "--alt", "30m,3km", "--rcs", "1m2", "--res", "2km", "--extent", "60km", "--out", cov); r.code != 0 {
		t.Fatalf("coverage at two altitudes: exit %d: %s", r.code, r.stderr)
	}
	if r := iadsim(t, "coverage", coverageExample, "--alt", "3km", "--rcs", "1m2", "--res", "2km", "--extent", "60km", "--out", cov); r.code != 0 {
		t.Fatalf("coverage at one altitude again: exit %d: %s", r.code, r.stderr)
	}
	listed, err := export.Listed(cov)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(cov)
	for _, e := range entries {
		if n := e.Name(); n != export.SumsFile && !strings.HasPrefix(n, ".") && !slices.Contains(listed, n) {
			t.Errorf("%s left in the coverage folder by an earlier run, not in its seal", n)
		}
	}
	withCZML := t.TempDir()
	for i := range 2 {
		if r := iadsim(t, "run", example, "--out", withCZML, "--czml", filepath.Join(withCZML, "scene.czml")); r.code != 0 {
			t.Fatalf("run %d with its CZML in its folder: exit %d: %s", i+1, r.code, r.stderr)
		}
	}
}

// TestRunJSON: run --json prints on stdout what summary.json holds.
func TestRunJSON(t *testing.T) {
	dir := t.TempDir()
	r := iadsim(t, "run", example, "--json", "--out", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	file, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if r.stdout != string(file) {
		t.Errorf("--json printed %d bytes unlike summary.json's %d", len(r.stdout), len(file))
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v["threats"] == nil {
		t.Errorf("--json: %v; want a summary object with threats", err)
	}
	if v["epoch"] != "2026-03-01T04:00:00Z" {
		t.Errorf("--json: epoch %v, want the example's 2026-03-01T04:00:00Z", v["epoch"])
	}
}

// TestSchemaCommand: iadsim schema prints the published schema file.
func TestSchemaCommand(t *testing.T) {
	r := iadsim(t, "schema")
	want, err := os.ReadFile("../../schema/scenario.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if r.code != 0 || r.stdout != string(want) {
		t.Errorf("exit %d, %d bytes; want 0 and schema/scenario.schema.json (%d bytes)", r.code, len(r.stdout), len(want))
	}
}

// TestWTAHostile: instances that once hung the solvers or took
// gigabytes are refused at once with their line, exit 2 and no output.
func TestWTAHostile(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, text string
		inStderr   string
	}{
		{"huge values", "2 2 1\n1e308\n1e308\n0 0 0.5\n0 1 0.5\n1 0 0.5\n1 1 0.5\n", `huge values.txt:2:1: target value "1e308": want a finite number in [0, 1e+100]`},
		{"huge mu", "2 2 1048576\n1\n1\n0 0 0.5\n0 1 0.5\n1 0 0.5\n1 1 0.5\n", "huge mu.txt:1:1: 2 weapons x 1048576 shots: more than 65536 shots in all"},
		{"shots times targets", "256 256 256\n", "shots times targets.txt:1:1: 65536 shots x 256 targets: more than 4194304"},
	} {
		for _, solver := range []string{"greedy", "local-search", "exact"} {
			file := filepath.Join(dir, c.name+".txt")
			os.WriteFile(file, []byte(c.text), 0o644)
			out := filepath.Join(dir, "shots.txt")
			r := iadsim(t, "wta", "--solver", solver, "--time-limit", "1s", "--out", out, file)
			if r.code != 2 || !strings.Contains(r.stderr, c.inStderr) {
				t.Errorf("%s, %s: exit %d, stderr %q; want exit 2 and %q", c.name, solver, r.code, r.stderr, c.inStderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s, %s: wrote %s", c.name, solver, out)
			}
		}
	}
}

// TestMCFolderLocked: two processes on one batch folder. While the first
// runs, a second mc on the folder, fresh or --resume, exits 2 naming the
// first's pid and adds nothing to its journal.
func TestMCFolderLocked(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock on Windows")
	}
	out := filepath.Join(t.TempDir(), "mc")
	first := exec.Command(bin, "mc", example, "--runs", "100000", "--workers", "1", "--out", out)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		first.Process.Signal(syscall.SIGINT)
		first.Wait()
	}()
	journal := filepath.Join(out, "journal.jsonl")
	for i := 0; i < 600; i++ {
		if st, err := os.Stat(journal); err == nil && st.Size() > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	want := fmt.Sprintf("%s is in use by another iadsim (pid %d)", out, first.Process.Pid)
	for _, args := range [][]string{
		{"mc", example, "--runs", "100000", "--out", out},
		{"mc", example, "--runs", "100000", "--out", out, "--resume"},
	} {
		// Without the lock the resumed run would go on for good.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		second := exec.CommandContext(ctx, bin, args...)
		var stderr bytes.Buffer
		second.Stderr = &stderr
		err := second.Run()
		cancel()
		code := second.ProcessState.ExitCode()
		if err != nil && code < 0 {
			t.Fatal(err)
		}
		if code != 2 || !strings.Contains(stderr.String(), want) {
			t.Errorf("iadsim %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(args, " "), code, stderr.String(), want)
		}
	}
	first.Process.Signal(syscall.SIGINT)
	first.Wait()
	// Every journal line is whole: the refused runs wrote nothing.
	b, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
		if !json.Valid(line) {
			t.Errorf("journal line %d is not JSON: %.80q", i+1, line)
		}
	}
}

// TestScenarioLimits: small inputs that once took gigabytes or spun for
// good are refused at once with exit 2, a message naming the limit, and
// no output folder.
func TestScenarioLimits(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(name, old, new string) string {
		p := filepath.Join(dir, name)
		b := bytes.Replace(src, []byte(old), []byte(new), 1)
		if bytes.Equal(b, src) {
			t.Fatalf("%s: %q not in the example", name, old)
		}
		os.WriteFile(p, b, 0o644)
		return p
	}
	long := edit("long.yaml", "duration: 30 min", "duration: 1e9 s")
	huge := filepath.Join(dir, "huge.yaml") // sparse: 17 MiB of nothing
	if err := os.WriteFile(huge, nil, 0o644); err != nil || os.Truncate(huge, 17<<20) != nil {
		t.Fatal("cannot make a 17 MiB file")
	}
	fine := edit("fine.yaml", "step: 0.1 s", "step: 1e-300 s")
	for _, c := range []struct {
		args     []string
		inStderr string
	}{
		{[]string{"validate", "/dev/zero"}, "/dev/zero: a device, not a file; want a scenario file (YAML) of at most 16 MiB"},
		{[]string{"run", "/dev/zero"}, "/dev/zero: a device, not a file; want a scenario file (YAML) of at most 16 MiB"},
		{[]string{"validate", huge}, "huge.yaml: 17825792 bytes, larger than the limit of 16 MiB; want a scenario file"},
		{[]string{"validate", long}, "long.yaml:21:7: duration 1e+09 s at a step of 0.1 s is 1e+10 steps; want at most 1e+07"},
		{[]string{"validate", fine}, "fine.yaml:21:7: duration 1800 s at a step of 1e-300 s is 1.8e+303 steps; want at most 1e+07"},
		{[]string{"run", long, "--out", filepath.Join(dir, "out")}, "want at most 1e+07"},
		{[]string{"mc", example, "--runs", "2147483648", "--out", filepath.Join(dir, "out")}, "runs 2147483648: want at least 1 and at most 1048576"},
	} {
		r := iadsim(t, c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.inStderr) {
			t.Errorf("iadsim %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), r.code, r.stderr, c.inStderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("an output folder was made")
	}
}
