package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// bin is the iadsim binary built once for the tests that run it as a user
// would, exit codes included.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "iadsim-cli")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "iadsim")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

func iadsim(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code := 0
	var xe *exec.ExitError
	if errors.As(err, &xe) {
		code = xe.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{o.String(), e.String(), code}
}

const example = "../../examples/s400-battalion-vs-mixed-raid.yaml"

func TestRunWritesOutputs(t *testing.T) {
	dir := t.TempDir()
	r := iadsim(t, "run", example, "--out", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"THREAT", "FIRST DETECTION", "OUTCOME", "threats:", "interceptors expended"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, f := range []string{"events.jsonl", "summary.json", "tracks.csv", "scene.geojson"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
	// Same file and seed: byte-identical outputs.
	dir2 := t.TempDir()
	if r := iadsim(t, "run", example, "--out", dir2); r.code != 0 {
		t.Fatal(r.stderr)
	}
	for _, f := range []string{"events.jsonl", "summary.json", "tracks.csv", "scene.geojson"} {
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, _ := os.ReadFile(filepath.Join(dir2, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with one seed", f)
		}
	}
	// Another seed: another run.
	dir3 := t.TempDir()
	if r := iadsim(t, "run", example, "--seed", "7", "--out", dir3); r.code != 0 {
		t.Fatal(r.stderr)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "events.jsonl"))
	b, _ := os.ReadFile(filepath.Join(dir3, "events.jsonl"))
	if bytes.Equal(a, b) {
		t.Error("--seed 7 gave the same events as the scenario's seed")
	}
}

func TestValidate(t *testing.T) {
	r := iadsim(t, "validate", example)
	if r.code != 0 || !strings.Contains(r.stdout, "ok") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestBadInput: a malformed scenario is exit code 2, every problem with
// its file:line:col, and no output written.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte(`version: 1
name: bad
duration: 10 min
sites:
  - id: base
    at: {lat: 95, lon: 10}
threats:
  - id: t1
    type: drone
    rcs: 0 m2
    speed: -5 m/s
    altitude: 100 m
    route:
      - {lat: 10, lon: 10}
`), 0o644)
	out := filepath.Join(dir, "out")
	for _, args := range [][]string{{"validate", bad}, {"run", bad, "--out", out}} {
		r := iadsim(t, args...)
		if r.code != 2 {
			t.Errorf("%v: exit %d, want 2", args, r.code)
		}
		for _, want := range []string{bad + ":6:", bad + ":10:", bad + ":11:", bad + ":14:"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%v: stderr lacks %q:\n%s", args, want, r.stderr)
			}
		}
		// Every problem on its own line, each line in the same form.
		lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
		if len(lines) < 4 {
			t.Errorf("%v: %d lines on stderr, want one per problem:\n%s", args, len(lines), r.stderr)
		}
		for _, l := range lines {
			if !strings.HasPrefix(l, "iadsim: "+bad+":") {
				t.Errorf("%v: line %q is not iadsim: FILE:LINE:COL: ...", args, l)
			}
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("bad input left output behind: %v", err)
	}
	for _, args := range [][]string{{"run"}, {"run", "a", "b"}, {"run", example, "--no-such-flag"}, {"run", filepath.Join(dir, "missing.yaml")}} {
		if r := iadsim(t, args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
}

// TestSceneOpensInGDAL reads scene.geojson with GDAL's OGR (what QGIS uses
// to open GeoJSON): every feature must come through, as points and lines.
func TestSceneOpensInGDAL(t *testing.T) {
	ogr, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("IADSIM_REQUIRE_ORACLES") == "1" {
			t.Fatal("ogrinfo (Debian gdal-bin) not found and IADSIM_REQUIRE_ORACLES=1")
		}
		t.Skip("ogrinfo (Debian gdal-bin) not found; install gdal-bin to check scene.geojson against GDAL")
	}
	dir := t.TempDir()
	if r := iadsim(t, "run", example, "--out", dir); r.code != 0 {
		t.Fatal(r.stderr)
	}
	scene := filepath.Join(dir, "scene.geojson")
	out, err := exec.Command(ogr, "-ro", "-al", "-so", scene).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	raw, _ := os.ReadFile(scene)
	var fc struct {
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("Feature Count: %d", len(fc.Features))
	if !strings.Contains(string(out), want) {
		t.Errorf("ogrinfo does not report %q:\n%s", want, out)
	}
	// time_utc is a date-time to GDAL, as QGIS's temporal controller
	// needs it.
	for _, field := range []string{"kind: String", "threat: String", "time_utc: DateTime"} {
		if !strings.Contains(string(out), field) {
			t.Errorf("ogrinfo lacks field %q:\n%s", field, out)
		}
	}
}

func TestCatalogCommands(t *testing.T) {
	r := iadsim(t, "catalog", "list")
	if r.code != 0 {
		t.Fatalf("catalog list: exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"s400", "s300pmu2", "91N6E", "92N6E", "40N6E", "48N6E3", "9M96E2", "subsonic-cruise-missile"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("catalog list lacks %s", want)
		}
	}
	r = iadsim(t, "catalog", "show", "40N6E")
	if r.code != 0 {
		t.Fatalf("catalog show: exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"max_range", "400", "km", "missilethreat.csis.org"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("catalog show 40N6E lacks %q:\n%s", want, r.stdout)
		}
	}
	r = iadsim(t, "catalog", "show", "s-500")
	if r.code != 2 || !strings.Contains(r.stderr, "s400") {
		t.Errorf("catalog show s-500: exit %d, stderr %q; want exit 2 naming the closest, s400", r.code, r.stderr)
	}
	out := filepath.Join(t.TempDir(), "catalogue.md")
	if r := iadsim(t, "catalog", "doc", "--out", out); r.code != 0 {
		t.Fatal(r.stderr)
	}
	got, _ := os.ReadFile(out)
	want, err := os.ReadFile("../../docs/catalogue.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("iadsim catalog doc differs from docs/catalogue.md; regenerate it with: go run ./cmd/iadsim catalog doc --out docs/catalogue.md")
	}
}

// TestDetectionsThenTrack runs the stand-alone tracker on what a
// scenario's radars produce, as the README shows.
func TestDetectionsThenTrack(t *testing.T) {
	dir := t.TempDir()
	det, trk := filepath.Join(dir, "det"), filepath.Join(dir, "trk")
	if r := iadsim(t, "detections", example, "--out", det); r.code != 0 {
		t.Fatalf("detections: exit %d: %s", r.code, r.stderr)
	}
	for _, f := range []string{"detections.csv", "sensors.yaml", "truth.csv"} {
		if st, err := os.Stat(filepath.Join(det, f)); err != nil || st.Size() == 0 {
			t.Fatalf("%s: %v", f, err)
		}
	}
	for _, c := range []struct{ filter, assoc string }{{"ekf", "gnn"}, {"ukf", "jpda"}, {"imm", "gnn"}, {"ballistic", "gnn"}} {
		out := filepath.Join(trk, c.filter+"-"+c.assoc)
		r := iadsim(t, "track", "--detections", filepath.Join(det, "detections.csv"), "--sensors", filepath.Join(det, "sensors.yaml"),
			"--truth", filepath.Join(det, "truth.csv"), "--filter", c.filter, "--assoc", c.assoc, "--metric-c", "100m", "--metric-p", "1", "--out", out)
		if r.code != 0 {
			t.Fatalf("track %s/%s: exit %d: %s", c.filter, c.assoc, r.code, r.stderr)
		}
		head, err := os.ReadFile(filepath.Join(out, "tracks.csv"))
		if err != nil || !strings.HasPrefix(string(head), "time_s,track_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps") {
			t.Errorf("tracks.csv header: %.80q (%v)", head, err)
		}
		raw, err := os.ReadFile(filepath.Join(out, "metrics.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			OSPA  struct{ Mean *float64 } `json:"ospa"`
			GOSPA struct {
				Mean, Localisation, Missed, False *float64
			} `json:"gospa"`
			SIAP struct {
				Completeness, Ambiguity, Spuriousness *float64
				PositionAccuracy                      *float64 `json:"position_accuracy_m"`
				Changes                               *float64 `json:"track_number_changes"`
			} `json:"siap"`
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		if m.OSPA.Mean == nil || m.GOSPA.Mean == nil || m.GOSPA.Localisation == nil || m.GOSPA.Missed == nil || m.GOSPA.False == nil ||
			m.SIAP.Completeness == nil || m.SIAP.Ambiguity == nil || m.SIAP.Spuriousness == nil || m.SIAP.PositionAccuracy == nil || m.SIAP.Changes == nil {
			t.Errorf("%s/%s metrics.json lacks a key of the issue's contract:\n%s", c.filter, c.assoc, raw)
		}
		if m.SIAP.PositionAccuracy != nil && !(*m.SIAP.PositionAccuracy > 0 && *m.SIAP.PositionAccuracy < 500) {
			t.Errorf("%s/%s: position accuracy %v m", c.filter, c.assoc, *m.SIAP.PositionAccuracy)
		}
	}
	// The default filter is the IMM, which the benchmark of docs/bmd.md
	// chose: with no --filter the tracks are the IMM's, byte for byte.
	def := filepath.Join(trk, "default")
	if r := iadsim(t, "track", "--detections", filepath.Join(det, "detections.csv"), "--sensors", filepath.Join(det, "sensors.yaml"),
		"--truth", filepath.Join(det, "truth.csv"), "--metric-c", "100m", "--metric-p", "1", "--out", def); r.code != 0 {
		t.Fatalf("track with the default filter: exit %d: %s", r.code, r.stderr)
	}
	got, _ := os.ReadFile(filepath.Join(def, "tracks.csv"))
	want, _ := os.ReadFile(filepath.Join(trk, "imm-gnn", "tracks.csv"))
	if len(want) == 0 || !bytes.Equal(got, want) {
		t.Error("the default filter's tracks.csv differs from --filter imm's")
	}
	// Malformed input: exit 2 with the line, nothing written.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("time_s,x_m,y_m,z_m\n0,1,2,3\n1,1,x,3\n"), 0o644)
	out := filepath.Join(dir, "badout")
	r := iadsim(t, "track", "--detections", bad, "--sigma", "50m", "--out", out)
	if r.code != 2 || !strings.Contains(r.stderr, bad+":3") {
		t.Errorf("text in a number: exit %d, stderr %q; want 2 and %s:3", r.code, r.stderr, bad)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("bad input left output behind")
	}
	// The ballistic filter needs the frame's place on the earth, which
	// Cartesian detections do not give.
	cart := filepath.Join(dir, "cart.csv")
	os.WriteFile(cart, []byte("time_s,x_m,y_m,z_m\n0,1,2,3\n1,1,2,3\n"), 0o644)
	r = iadsim(t, "track", "--detections", cart, "--filter", "ballistic", "--out", out)
	if r.code != 2 || !strings.Contains(r.stderr, "origin") {
		t.Errorf("ballistic on Cartesian detections: exit %d, stderr %q; want 2 and a word on the origin", r.code, r.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("bad input left output behind")
	}
}

func sharedFile(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("../../../shared/data", rel))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("IADSIM_REQUIRE_ORACLES") == "1" {
			t.Fatalf("%s: %v (shared/data must sit beside the checkout)", p, err)
		}
		t.Skipf("%s not found: shared/data must sit beside the checkout", p)
	}
	return p
}

func TestWTACommand(t *testing.T) {
	inst := sharedFile(t, "wta/wta_50x100x1.txt")
	out := filepath.Join(t.TempDir(), "plan.txt")
	r := iadsim(t, "wta", inst, "--solver", "greedy", "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	// shared/data/README.md: greedy gives 1801.73 on wta_50x100x1.
	var obj float64
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "objective ") {
		t.Errorf("last line %q, want objective <value>", last)
	} else if _, err := fmt.Sscan(strings.TrimPrefix(last, "objective "), &obj); err != nil || math.Abs(obj-1801.73) > 0.005 {
		t.Errorf("objective %v (%v), want 1801.73", obj, err)
	}
	plan, err := os.ReadFile(out)
	if err != nil || len(strings.Split(strings.TrimSpace(string(plan)), "\n")) != 50 {
		t.Errorf("--out: %d bytes, err %v; want one line per shot (50 weapons x 1)", len(plan), err)
	}
	bad := filepath.Join(t.TempDir(), "bad.txt")
	os.WriteFile(bad, []byte("2 2 1\n5\n"), 0o644)
	if r := iadsim(t, "wta", bad); r.code != 2 || !strings.Contains(r.stderr, bad+":") {
		t.Errorf("truncated instance: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestViewshedCommand(t *testing.T) {
	dem := exampleTile
	out := filepath.Join(t.TempDir(), "vs.tif")
	r := iadsim(t, "viewshed", "--dem", dem, "--observer", "44.27,-71.30", "--height", "10m", "--target-height", "30m", "--max-range", "20km", "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("vs.tif: %v", err)
	}
	if gi, err := exec.LookPath("gdalinfo"); err == nil {
		info, err := exec.Command(gi, out).CombinedOutput()
		if err != nil || !strings.Contains(string(info), "Size is 1201, 1201") {
			t.Errorf("gdalinfo: %v\n%s", err, info)
		}
	}
	if r := iadsim(t, "viewshed", "--dem", dem, "--observer", "95,-71.30", "--height", "10m", "--target-height", "30m", "--max-range", "20km", "--out", out+"2"); r.code != 2 {
		t.Errorf("latitude 95: exit %d, want 2", r.code)
	}
}

// TestTerrainExample runs the terrain example as the README shows: over
// real terrain the cruise missiles are first seen far inside the smooth
// earth's radar horizon.
func TestTerrainExample(t *testing.T) {
	dir := t.TempDir()
	r := iadsim(t, "run", "../../examples/s400-white-mountains-raid.yaml", "--out", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Threats []struct {
			ID       string   `json:"id"`
			Type     string   `json:"type"`
			Range    *float64 `json:"first_detection_range_m"`
			Detected bool     `json:"detected"`
		} `json:"threats"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, th := range s.Threats {
		if th.Type != "subsonic-cruise-missile" {
			continue
		}
		n++
		// A 30 m target seen from a 25 m mast on a 315 m plateau: the
		// smooth-earth horizon is beyond 80 km; the hills bring it in.
		if !th.Detected || th.Range == nil || *th.Range > 50e3 {
			t.Errorf("%s: first detection %v m; over the White Mountains it should come inside 50 km", th.ID, th.Range)
		}
	}
	if n == 0 {
		t.Fatal("no cruise missile in the terrain example")
	}
}

// TestFootprintCommand runs iadsim footprint on a small grid and checks
// its files; bad launch points exit 2 and write nothing.
func TestFootprintCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "fp")
	r := iadsim(t, "footprint", "../../battle/testdata/bmd.yaml", "--launch", "42.0,-72.4", "--step", "30km", "--extent", "30km", "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, f := range []string{"footprint-1-bn1.tif", "footprint-1-grid.tif", "footprint-1.png", "footprint.geojson"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	raw, _ := os.ReadFile(filepath.Join(out, "footprint.geojson"))
	if !strings.Contains(string(raw), `"unit":"grid"`) || !strings.Contains(string(raw), `"area_km2"`) {
		t.Errorf("footprint.geojson: %.200s", raw)
	}
	for _, bad := range []string{"", "42.0", "95,10", "42.0,-72.4;x,1"} {
		bout := filepath.Join(dir, "bad")
		r := iadsim(t, "footprint", "../../battle/testdata/bmd.yaml", "--launch", bad, "--out", bout)
		if r.code != 2 || !strings.Contains(r.stderr, "--launch") {
			t.Errorf("--launch %q: exit %d, stderr %q; want 2 and a word on --launch", bad, r.code, r.stderr)
		}
		if _, err := os.Stat(bout); !os.IsNotExist(err) {
			t.Errorf("--launch %q left output behind", bad)
		}
	}
}
