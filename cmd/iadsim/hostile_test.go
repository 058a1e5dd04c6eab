package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/dirlock"
)

const probe = "../../examples/s400-cruise-missile-probe.yaml"

// probeRoute is the cruise missile's flight in the probe, which the
// ballistic cases replace with a launch point.
const probeRoute = `    speed: 880 km/h
    altitude: 30 m
    start: 0 s
    target: bn1-site
    route:
      - {lat: 44.00, lon: -68.50}
      - {lat: 44.00, lon: -69.25}
`

// TestValidateAgreesWithRun: what run refuses, validate refuses first,
// with its position and exit code 2, and neither leaves an output folder
// (issue 19, item 4).
func TestValidateAgreesWithRun(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(probe)
	if err != nil {
		t.Fatal(err)
	}
	notDEM := filepath.Join(dir, "passwd")
	os.WriteFile(notDEM, []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644)
	for _, c := range []struct {
		name, old, new string
		inStderr       string // after "name.yaml:"
	}{
		{"rcs", "rcs: 0.5 m2", "rcs: 1e308 m2", "47:10: rcs 1e308 m2 is out of range"},
		{"altitude", "altitude: 30 m", "altitude: 1e80 m", "49:15: altitude 1e80 m is out of range"},
		{"speed", "speed: 880 km/h", "speed: 1e300 m/s", "48:12: speed 1e300 m/s is out of range; want a speed of at most 11 200 m/s"},
		{"mach", "speed: 880 km/h", "speed: Mach 40", "48:12: speed Mach 40 is out of range; want a speed of at most Mach 32"},
		{"confirm", "threat_axis: 90 deg\n", "threat_axis: 90 deg\n    tracker: {confirm_n: 65}\n", "37:26: confirm_n 65 is out of range"},
		{"antimeridian", "{lat: 44.00, lon: -68.50}\n      - {lat: 44.00, lon: -69.25}", "{lat: 44.00, lon: 180}\n      - {lat: 44.00, lon: -180}",
			"53:7: route cannot be flown: waypoints 0 and 1 coincide"},
		{"same-spot", probeRoute, "    start: 0 s\n    target: bn1-site\n    launch: {lat: 44.00, lon: -70.00, alt: 20 m}\n",
			"50:13: ballistic flight cannot be shot: launch and impact points coincide"},
		{"too-fast", probeRoute, "    start: 0 s\n    target: bn1-site\n    launch: {lat: 44.00, lon: -71.00}\n    flight_time: 1 s\n",
			"50:13: ballistic flight cannot be shot: "},
		{"dem", "seed: 1\n", "seed: 1\nterrain: {dem: [" + notDEM + "]}\n", "22:17: elevation file " + notDEM + ": not a DEM"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := strings.Replace(string(src), c.old, c.new, 1)
			if b == string(src) {
				t.Fatalf("%q not in the probe", c.old)
			}
			p := filepath.Join(dir, c.name+".yaml")
			os.WriteFile(p, []byte(b), 0o644)
			want := c.name + ".yaml:" + c.inStderr
			if r := iadsim(t, "validate", p); r.code != 2 || !strings.Contains(r.stderr, want) {
				t.Errorf("validate: exit %d, stderr %q; want 2 and %q", r.code, r.stderr, want)
			}
			out := filepath.Join(dir, c.name+"-out")
			if r := iadsim(t, "run", p, "--out", out); r.code != 2 || !strings.Contains(r.stderr, want) {
				t.Errorf("run: exit %d, stderr %q; want 2 and %q", r.code, r.stderr, want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("run left %s", out)
			}
		})
	}
}

// TestHostileFlags: flags out of any sensible range are refused with
// exit 2 and a message in the user's terms (issue 19, items 9 and 11).
func TestHostileFlags(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for _, c := range []struct {
		args     []string
		inStderr string
	}{
		{[]string{"coverage", coverageExample, "--alt", "3km", "--rcs", "1m2", "--res", "1e-300m", "--out", out}, "a grid of more than 9.2e+18 x 9.2e+18 cells"},
		{[]string{"mc", probe, "--runs", "2", "--workers", "-1", "--out", out}, "--workers -1: want 0 (one per core) or more"},
		{[]string{"sweep", probe, "--runs", "2", "--workers", "-1", "--vary", "threats.cm.rcs=1m2", "--out", out}, "--workers -1: want 0 (one per core) or more"},
	} {
		r := iadsim(t, c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.inStderr) {
			t.Errorf("iadsim %s: exit %d, stderr %q; want 2 and %q", strings.Join(c.args, " "), r.code, r.stderr, c.inStderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("iadsim %s: made %s", strings.Join(c.args, " "), out)
		}
	}
}

// TestExitCodeContract: a corrupt batch file and an --out that cannot be
// a folder are the user's input, exit 2 in every command; 1 is kept for
// failures of the machine (issue 19, item 9).
func TestExitCodeContract(t *testing.T) {
	dir := t.TempDir()
	batch := filepath.Join(dir, "batch")
	if r := iadsim(t, "mc", probe, "--runs", "2", "--out", batch); r.code != 0 {
		t.Fatalf("mc: exit %d: %s", r.code, r.stderr)
	}
	corrupt := func(name, file string) string {
		d := filepath.Join(dir, name)
		if err := os.CopyFS(d, os.DirFS(batch)); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(d, file), []byte("{"), 0o644)
		reseal(t, d) // past the seal, to the reader's own check
		return d
	}
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, c := range []struct {
		args     []string
		inStderr string
	}{
		{[]string{"report", corrupt("stats", "stats.json"), "--out", filepath.Join(dir, "r.html")}, "stats.json"},
		{[]string{"report", corrupt("manifest", "manifest.json"), "--out", filepath.Join(dir, "r.html")}, "manifest.json"},
		{[]string{"report", filepath.Join(dir, "no-such-batch"), "--out", filepath.Join(dir, "r.html")}, "no-such-batch"},
		{[]string{"mc", probe, "--runs", "2", "--out", file}, "a-file"},
		{[]string{"run", probe, "--out", filepath.Join(file, "sub")}, "a-file"},
		{[]string{"report", batch, "--out", filepath.Join(file, "r.html")}, "a-file"},
	} {
		if r := iadsim(t, c.args...); r.code != 2 || !strings.Contains(r.stderr, c.inStderr) {
			t.Errorf("iadsim %s: exit %d, stderr %q; want 2 and %q", strings.Join(c.args, " "), r.code, r.stderr, c.inStderr)
		}
	}
}

// TestOutFolderLocked: while another process (here the test) holds an
// output folder, run and coverage refuse it with exit 2, naming its pid,
// and write nothing there.
func TestOutFolderLocked(t *testing.T) {
	out := t.TempDir()
	unlock, err := dirlock.Lock(out)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	want := fmt.Sprintf("in use by another iadsim (pid %d)", os.Getpid())
	for _, args := range [][]string{
		{"run", probe, "--out", out},
		{"coverage", coverageExample, "--alt", "3km", "--rcs", "1m2", "--res", "2km", "--out", out},
	} {
		if r := iadsim(t, args...); r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("iadsim %s: exit %d, stderr %q; want 2 and %q", strings.Join(args, " "), r.code, r.stderr, want)
		}
	}
	if ents, _ := os.ReadDir(out); len(ents) != 1 {
		t.Errorf("the held folder holds %d entries, want only the lock file", len(ents))
	}
}

// TestSymlinksNotFollowed: links planted in an output folder are not
// followed out of it, and a sweep's point folders stay inside the sweep
// (issue 19, item 5).
func TestSymlinksNotFollowed(t *testing.T) {
	dir := t.TempDir()
	precious := filepath.Join(dir, "precious")
	os.WriteFile(precious, []byte("keep\n"), 0o644)
	outside := filepath.Join(dir, "outside")
	os.Mkdir(outside, 0o755)

	journal := filepath.Join(dir, "journal")
	os.Mkdir(journal, 0o755)
	os.Symlink(precious, filepath.Join(journal, "journal.jsonl"))
	rep0 := filepath.Join(dir, "rep0")
	os.Mkdir(rep0, 0o755)
	os.Symlink(outside, filepath.Join(rep0, "replication-0"))
	for _, out := range []string{journal, rep0} {
		if r := iadsim(t, "mc", probe, "--runs", "2", "--out", out); r.code == 0 {
			t.Errorf("mc into %s with a planted link: exit 0", filepath.Base(out))
		}
	}
	if b, _ := os.ReadFile(precious); string(b) != "keep\n" {
		t.Errorf("the journal link's target now holds %q", b)
	}
	if ents, _ := os.ReadDir(outside); len(ents) > 0 {
		t.Errorf("the replication-0 link's target now holds %d files", len(ents))
	}

	sweep := filepath.Join(dir, "sweep")
	os.Mkdir(sweep, 0o755)
	os.WriteFile(filepath.Join(sweep, "sweep.json"), []byte(`{"points": [{"dir": "../../x"}]}`), 0o644)
	if err := export.Seal(sweep, []string{"sweep.json"}); err != nil { // a forged seal
		t.Fatal(err)
	}
	if r := iadsim(t, "report", sweep, "--out", filepath.Join(dir, "r.html")); r.code != 2 || !strings.Contains(r.stderr, `dir "../../x"; want the name of a folder inside the sweep`) {
		t.Errorf("report of a sweep pointing outside: exit %d, stderr %q", r.code, r.stderr)
	}
}
