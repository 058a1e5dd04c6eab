package export_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/dirlock"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func ptr[T any](v T) *T { return &v }

// ep is the epoch of the tests' records: 2025-03-01T04:30:00Z.
var ep = epoch.New(time.Date(2025, 3, 1, 4, 30, 0, 0, time.UTC))

func events() []event.Event {
	return []event.Event{
		{T: 0, Type: event.ScenarioStart, Name: "test", Seed: 7},
		{T: 0, Type: event.ThreatLaunch, Threat: "cm-01", ThreatType: "subsonic-cruise-missile", Pos: &event.Position{Lat: 42.9, Lon: -68.4, Alt: 30}},
		{T: 12.5, Type: event.Detection, Threat: "cm-01", Unit: "bn1", Radar: "bn1-92n6e", Range: 50984.5, Azimuth: 146.9, Elevation: 0.1, SNR: 13.2},
		{T: 20, Type: event.Engagement, Unit: "bn1", Track: 3, Launcher: "bn1-l1", Missile: "9M96E2", TOF: 31.25, Pk: 0.8,
			PIP: &event.Position{Lat: 43, Lon: -69, Alt: 40}, Reason: "heading for base \"A\"\n", Rejected: []string{"48N6E3 from bn1-l1: not preferred"}},
		{T: 52, Type: event.Intercept, Threat: "cm-01", Interceptor: "bn1-m001", Missile: "9M96E2", Miss: ptr(0.0), Pk: 0.8, Killed: ptr(true),
			Pos: &event.Position{Lat: 43.01, Lon: -69.02, Alt: 35}},
		{T: 52, Type: event.Kill, Threat: "cm-01", ThreatType: "subsonic-cruise-missile", Interceptor: "bn1-m001", Missile: "9M96E2",
			Pos: &event.Position{Lat: 43.01, Lon: -69.02, Alt: 35}},
		{T: 60, Type: event.EngagementOver, Unit: "bn1", Track: 3, Killed: ptr(false)},
		{T: 80, Type: event.Leak, Threat: "bm-01", ThreatType: "srbm", Site: "base", Range: 900, Pos: &event.Position{Lat: 43.5, Lon: -70, Alt: 0}},
		{T: 90, Type: event.Impact, Threat: "bm-02", ThreatType: "srbm", Pos: &event.Position{Lat: 43.2, Lon: -70.5, Alt: 0}},
		{T: 95, Type: event.ThreatEnd, Threat: "ac-01", ThreatType: "fighter", Pos: &event.Position{Lat: 44, Lon: -71, Alt: 9000}},
		{T: 100, Type: event.ScenarioEnd},
	}
}

func TestWriteEvents(t *testing.T) {
	in := events()
	var b bytes.Buffer
	if err := export.WriteEvents(&b, in, ep); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(b.String(), "\n") {
		t.Error("output does not end in a newline")
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(in) {
		t.Fatalf("%d lines, want %d", len(lines), len(in))
	}
	for i, line := range lines {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatalf("line %d is not a JSON object: %v\n%s", i+1, err, line)
		}
		for _, k := range []string{"t", "time_utc", "type"} {
			if _, ok := obj[k]; !ok {
				t.Errorf("line %d has no %q: %s", i+1, k, line)
			}
		}
		var e event.Event
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		// time_utc is t on the epoch's calendar: 12.5 s after 04:30 is
		// 04:30:12.500.
		if want := ep.Format(in[i].T); e.TimeUTC != want {
			t.Errorf("line %d: time_utc %q, want %q", i+1, e.TimeUTC, want)
		}
		e.TimeUTC = ""
		if !reflect.DeepEqual(e, in[i]) {
			t.Errorf("line %d reads back as %+v, want %+v", i+1, e, in[i])
		}
	}
	if !strings.HasPrefix(lines[2], `{"t":12.5,"time_utc":"2025-03-01T04:30:12.500Z","type":"detection"`) {
		t.Errorf("detection at 12.5 s: %s", lines[2])
	}
	// A zero miss distance is a figure, not an absent key.
	if !strings.Contains(lines[4], `"miss_m":0,`) {
		t.Errorf("intercept at 0 m lost miss_m: %s", lines[4])
	}
	var again bytes.Buffer
	if err := export.WriteEvents(&again, events(), ep); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("two writes of one record differ")
	}
}

func TestWriteEventsEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := export.WriteEvents(&b, nil, ep); err != nil || b.Len() != 0 {
		t.Errorf("WriteEvents(nil) wrote %q, %v; want nothing, nil", b.String(), err)
	}
}

func samples() []record.Sample {
	return []record.Sample{
		{T: 0, Kind: "truth", ID: "cm-01", Threat: "cm-01", At: geo.Deg(42.9, -68.4, 30), Speed: 244.44},
		{T: 1, Kind: "track", Unit: "bn1", ID: "3", Threat: "cm-01", Status: "tentative", At: geo.Deg(42.90123456789, -68.40000001, 31.26), Speed: 250.05, PosSigma: 812.34, VelSigma: 47.06},
		{T: 1.0005, Kind: "track", Unit: "bn, 1", ID: "4", Threat: "x\"y", Status: "confirmed", At: geo.Deg(-33.5, 151.25, -5), Speed: 0},
		{T: 2.5, Kind: "interceptor", Unit: "bn1", ID: "bn1-m001", Threat: "cm-01", Missile: "48N6E3", At: geo.Deg(42.91, -68.3, 2500), Speed: 1180.44},
	}
}

func TestWriteTracks(t *testing.T) {
	var b bytes.Buffer
	if err := export.WriteTracks(&b, samples(), ep); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(b.String(), "\n")
	if first != "time_s,kind,unit,id,threat,status,lat_deg,lon_deg,alt_m,speed_mps,pos_sigma_m,vel_sigma_mps,time_utc,missile" {
		t.Errorf("header = %q", first)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"0.000", "truth", "", "cm-01", "cm-01", "", "42.9000000", "-68.4000000", "30.0", "244.4", "", "", "2025-03-01T04:30:00.000Z", ""},
		{"1.000", "track", "bn1", "3", "cm-01", "tentative", "42.9012346", "-68.4000000", "31.3", "250.1", "812.3", "47.1", "2025-03-01T04:30:01.000Z", ""},
		{"1.000", "track", "bn, 1", "4", "x\"y", "confirmed", "-33.5000000", "151.2500000", "-5.0", "0.0", "0.0", "0.0", "2025-03-01T04:30:01.001Z", ""},
		{"2.500", "interceptor", "bn1", "bn1-m001", "cm-01", "", "42.9100000", "-68.3000000", "2500.0", "1180.4", "", "", "2025-03-01T04:30:02.500Z", "48N6E3"},
	}
	if len(rows) != len(want)+1 {
		t.Fatalf("%d rows, want %d", len(rows), len(want)+1)
	}
	for i, w := range want {
		if !slices.Equal(rows[i+1], w) {
			t.Errorf("row %d = %q, want %q", i+1, rows[i+1], w)
		}
	}
	// 7 decimals of a degree are 1.1 cm of latitude: the CSV does not
	// lose a tracker's precision.
	for i, s := range samples() {
		lat, _ := strconv.ParseFloat(rows[i+1][6], 64)
		lon, _ := strconv.ParseFloat(rows[i+1][7], 64)
		if math.Abs(lat-s.At.LatDeg()) > 5e-8 || math.Abs(lon-s.At.LonDeg()) > 5e-8 {
			t.Errorf("row %d: %g, %g; want %g, %g", i+1, lat, lon, s.At.LatDeg(), s.At.LonDeg())
		}
	}
}

func TestWriteTracksEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := export.WriteTracks(&b, nil, ep); err != nil {
		t.Fatal(err)
	}
	if b.String() != "time_s,kind,unit,id,threat,status,lat_deg,lon_deg,alt_m,speed_mps,pos_sigma_m,vel_sigma_mps,time_utc,missile\n" {
		t.Errorf("empty tracks = %q, want the header alone", b.String())
	}
}

func scene() (*scenario.Scenario, *record.Result) {
	s := &scenario.Scenario{
		Name:  "test",
		Epoch: ep.Time(),
		Sites: []scenario.Site{
			{ID: "base", Name: "Air base", At: geo.Deg(43.5, -70.0, 10), Value: 10, Radius: 5000},
			{ID: "port", Name: "Port", At: geo.Deg(-33.9, 18.4, 0), Value: 3, Radius: 2000},
		},
		Units: []scenario.Unit{{
			ID:          "bn1",
			CommandPost: scenario.Post{ID: "bn1-cp", At: geo.Deg(43.45, -69.95, 20)},
			Radars: []scenario.Radar{
				{ID: "bn1-91n6e", Model: "91N6E", Role: scenario.RoleSurveillance, At: geo.Deg(43.46, -69.94, 20)},
				{ID: "bn1-92n6e", Model: "92N6E", Role: scenario.RoleFireControl, At: geo.Deg(43.47, -69.93, 20)},
			},
			Launchers: []scenario.Launcher{
				{ID: "bn1-l1", Model: "5P85TE2", At: geo.Deg(43.44, -69.92, 20)},
				{ID: "bn1-l2", Model: "5P85TE2", At: geo.Deg(43.43, -69.91, 20)},
			},
		}},
	}
	res := &record.Result{
		Events: events(),
		Threats: []record.ThreatInfo{
			{ID: "cm-01", Type: "subsonic-cruise-missile", Path: []geo.LLA{geo.Deg(42.9, -68.4, 30), geo.Deg(43.2, -69.0, 30), geo.Deg(43.5, -70.0, 30)}},
			{ID: "bm-01", Type: "srbm", Path: []geo.LLA{geo.Deg(44.5, -66.0, 0), geo.Deg(43.5, -70.0, 0)}},
			{ID: "lone", Type: "drone", Path: []geo.LLA{geo.Deg(44, -69, 500)}}, // one point: no line
		},
	}
	return s, res
}

func TestWriteScene(t *testing.T) {
	s, res := scene()
	var b bytes.Buffer
	if err := export.WriteScene(&b, s, res); err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b.Bytes())
	if err != nil {
		t.Fatalf("orb cannot read the scene back: %v", err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &top); err != nil {
		t.Fatal(err)
	}
	if string(top["type"]) != `"FeatureCollection"` {
		t.Errorf("type = %s, want \"FeatureCollection\"", top["type"])
	}
	if string(top["epoch"]) != `"2025-03-01T04:30:00Z"` {
		t.Errorf("epoch = %s, want \"2025-03-01T04:30:00Z\"", top["epoch"])
	}

	count := map[string]int{}
	for i, f := range fc.Features {
		kind, ok := f.Properties["kind"].(string)
		if !ok || kind == "" {
			t.Errorf("feature %d has no kind: %v", i, f.Properties)
			continue
		}
		count[kind]++
		switch kind {
		case "threat_path":
			if _, ok := f.Geometry.(orb.LineString); !ok {
				t.Errorf("threat_path %v is a %T, want a LineString", f.Properties["id"], f.Geometry)
			}
		default:
			if _, ok := f.Geometry.(orb.Point); !ok {
				t.Errorf("%s %v is a %T, want a Point", kind, f.Properties["id"], f.Geometry)
			}
		}
	}
	want := map[string]int{"site": 2, "command_post": 1, "radar": 2, "launcher": 2, "threat_path": 2,
		"intercept": 1, "kill": 1, "leak": 1, "impact": 1}
	if !reflect.DeepEqual(count, want) {
		t.Errorf("features by kind %v, want %v", count, want)
	}

	// GeoJSON positions are [lon, lat] (RFC 7946, 3.1.1).
	find := func(kind, key, val string) *geojson.Feature {
		for _, f := range fc.Features {
			if f.Properties["kind"] == kind && f.Properties[key] == val {
				return f
			}
		}
		t.Fatalf("no %s with %s %q", kind, key, val)
		return nil
	}
	points := []struct {
		kind, key, val string
		lon, lat       float64
	}{
		{"site", "id", "base", -70.0, 43.5},
		{"site", "id", "port", 18.4, -33.9},
		{"command_post", "id", "bn1-cp", -69.95, 43.45},
		{"radar", "id", "bn1-92n6e", -69.93, 43.47},
		{"launcher", "id", "bn1-l2", -69.91, 43.43},
		{"intercept", "interceptor", "bn1-m001", -69.02, 43.01},
		{"leak", "site", "base", -70, 43.5},
		{"impact", "threat", "bm-02", -70.5, 43.2},
	}
	for _, p := range points {
		pt := find(p.kind, p.key, p.val).Geometry.(orb.Point)
		if math.Abs(pt.Lon()-p.lon) > 1e-9 || math.Abs(pt.Lat()-p.lat) > 1e-9 {
			t.Errorf("%s %s: [%g, %g], want [lon, lat] = [%g, %g]", p.kind, p.val, pt[0], pt[1], p.lon, p.lat)
		}
	}
	site := find("site", "id", "base")
	if site.Properties["name"] != "Air base" || site.Properties["value"] != 10.0 || site.Properties["radius_m"] != 5000.0 {
		t.Errorf("site properties %v", site.Properties)
	}
	radar := find("radar", "id", "bn1-92n6e")
	if radar.Properties["unit"] != "bn1" || radar.Properties["role"] != "fire-control" || radar.Properties["model"] != "92N6E" {
		t.Errorf("radar properties %v", radar.Properties)
	}
	path := find("threat_path", "id", "cm-01").Geometry.(orb.LineString)
	near := func(a, b orb.Point) bool { return math.Abs(a[0]-b[0]) < 1e-9 && math.Abs(a[1]-b[1]) < 1e-9 }
	if len(path) != 3 || !near(path[0], orb.Point{-68.4, 42.9}) || !near(path[2], orb.Point{-70.0, 43.5}) {
		t.Errorf("cm-01 path %v, want from [-68.4, 42.9] to [-70, 43.5]", path)
	}
	ic := find("intercept", "interceptor", "bn1-m001").Properties
	if ic["miss_m"] != 0.0 || ic["pk"] != 0.8 || ic["killed"] != true || ic["missile"] != "9M96E2" || ic["t"] != 52.0 ||
		ic["time_utc"] != "2025-03-01T04:30:52.000Z" {
		t.Errorf("intercept properties %v", ic)
	}

	var again bytes.Buffer
	if err := export.WriteScene(&again, s, res); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("two writes of one scene differ")
	}
}

// TestWriteSceneIncompleteIntercept: an intercept event without miss_m or
// killed (a record read back from a hand-edited events.jsonl, say) makes
// WriteScene dereference a nil pointer.
func TestWriteSceneIncompleteIntercept(t *testing.T) {
	s, res := scene()
	res.Events = []event.Event{{T: 1, Type: event.Intercept, Threat: "x", Pos: &event.Position{Lat: 1, Lon: 2}}}
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("WriteScene panicked: %v", r)
		}
	}()
	if err := export.WriteScene(io.Discard, s, res); err != nil {
		t.Logf("WriteScene: %v", err)
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	v := map[string]any{"b": 1, "a": []int{1, 2}}
	if err := export.WriteJSON(&b, v); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": 1\n}\n"; b.String() != want {
		t.Errorf("WriteJSON = %q, want %q", b.String(), want)
	}
	if err := export.WriteJSON(&b, math.NaN()); err == nil {
		t.Error("WriteJSON(NaN) gave no error")
	}
}

// failAfter is a writer that fails once n bytes have been written.
type failAfter struct {
	n   int
	err error
}

func (w *failAfter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, w.err
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWritersReportErrors(t *testing.T) {
	boom := errors.New("disk full")
	s, res := scene()
	writers := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"events", func(w io.Writer) error { return export.WriteEvents(w, events(), ep) }},
		{"tracks", func(w io.Writer) error { return export.WriteTracks(w, samples(), ep) }},
		{"scene", func(w io.Writer) error { return export.WriteScene(w, s, res) }},
		{"json", func(w io.Writer) error { return export.WriteJSON(w, events()) }},
	}
	for _, wr := range writers {
		for _, n := range []int{0, 10, 100} {
			t.Run(fmt.Sprintf("%s after %d bytes", wr.name, n), func(t *testing.T) {
				if err := wr.write(&failAfter{n: n, err: boom}); !errors.Is(err, boom) {
					t.Errorf("error %v, want %v", err, boom)
				}
			})
		}
	}
}

func content(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		if e.Name() != dirlock.File { // left for good, by design
			names = append(names, e.Name())
		}
	}
	return names
}

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out", "run1") // does not exist yet
	files := []export.File{
		{Name: "events.jsonl", Write: func(w io.Writer) error { return export.WriteEvents(w, events(), ep) }},
		{Name: "summary.json", Write: content("{}\n")},
		{Name: "tracks.csv", Write: func(w io.Writer) error { return export.WriteTracks(w, samples(), ep) }},
	}
	if err := export.WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	if got, want := listDir(t, dir), []string{"SHA256SUMS", "events.jsonl", "summary.json", "tracks.csv"}; !slices.Equal(got, want) {
		t.Errorf("directory holds %q, want %q", got, want)
	}
	if err := export.Verify(dir, "events.jsonl", "summary.json", "tracks.csv"); err != nil {
		t.Errorf("the written set does not verify: %v", err)
	}
	for _, f := range files {
		p := filepath.Join(dir, f.Name)
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != 0o644 {
			t.Errorf("%s mode %v, want -rw-r--r--", f.Name, fi.Mode())
		}
		var want bytes.Buffer
		if err := f.Write(&want); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s holds %q, want %q", f.Name, got, want.Bytes())
		}
	}
	// A second run replaces the files.
	if err := export.WriteDir(dir, []export.File{{Name: "summary.json", Write: content("{\"v\":2}\n")}}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "summary.json")); string(b) != "{\"v\":2}\n" {
		t.Errorf("summary.json not replaced: %q", b)
	}
}

// TestWriteDirLocked: a folder another writer holds is refused, with
// nothing written; the leftovers of a writer killed mid-way (its
// temporaries, the earlier files it had moved aside) are removed by the
// next write, and a symbolic link planted under an output's name is
// replaced, its target untouched (issue 19, items 5 and 7).
func TestWriteDirLocked(t *testing.T) {
	dir := t.TempDir()
	unlock, err := dirlock.Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := []export.File{{Name: "summary.json", Write: content("{}\n")}}
	var held *dirlock.HeldError
	if err := export.WriteDir(dir, files); !errors.As(err, &held) {
		t.Errorf("writing into a held folder: %v; want a *dirlock.HeldError", err)
	}
	if got := listDir(t, dir); len(got) > 0 {
		t.Errorf("a refused write left %q", got)
	}
	unlock()

	outside := filepath.Join(t.TempDir(), "precious")
	os.WriteFile(outside, []byte("keep\n"), 0o644)
	os.Symlink(outside, filepath.Join(dir, "summary.json"))
	for _, name := range []string{".summary.json.123", "summary.json.bak-.summary.json.456"} {
		os.WriteFile(filepath.Join(dir, name), []byte("stale"), 0o644)
	}
	if err := export.WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	if got, want := listDir(t, dir), []string{"SHA256SUMS", "summary.json"}; !slices.Equal(got, want) {
		t.Errorf("folder holds %q, want %q", got, want)
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep\n" {
		t.Errorf("the link's target now holds %q", b)
	}
	if st, err := os.Lstat(filepath.Join(dir, "summary.json")); err != nil || !st.Mode().IsRegular() {
		t.Errorf("summary.json: %v, %v; want a regular file", st, err)
	}
}

func TestWriteDirAllOrNothing(t *testing.T) {
	boom := errors.New("writer failed")
	// fails writes some bytes, then fails: a partial file must not survive.
	fails := func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintln(bw, "partial")
		bw.Flush()
		return boom
	}
	tests := []struct {
		name  string
		files []export.File
		bad   string // the file named in the error
	}{
		{"second of three fails", []export.File{
			{Name: "events.jsonl", Write: content("e\n")},
			{Name: "summary.json", Write: fails},
			{Name: "tracks.csv", Write: content("t\n")},
		}, "summary.json"},
		{"first fails", []export.File{
			{Name: "events.jsonl", Write: fails},
			{Name: "summary.json", Write: content("s\n")},
		}, "events.jsonl"},
		{"last fails", []export.File{
			{Name: "events.jsonl", Write: content("e\n")},
			{Name: "summary.json", Write: content("s\n")},
			{Name: "scene.geojson", Write: fails},
		}, "scene.geojson"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			// A file from an earlier run, not part of this set, and one
			// that is: both are left as they were.
			os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("keep"), 0o644)
			os.WriteFile(filepath.Join(dir, "tracks.old"), []byte("old"), 0o644)
			err := export.WriteDir(dir, tt.files)
			if !errors.Is(err, boom) {
				t.Fatalf("error %v, want the writer's", err)
			}
			if !strings.Contains(err.Error(), filepath.Join(dir, tt.bad)) {
				t.Errorf("error %q does not name %s", err, tt.bad)
			}
			if got, want := listDir(t, dir), []string{"keep.txt", "tracks.old"}; !slices.Equal(got, want) {
				t.Errorf("after a failed write the directory holds %q, want %q", got, want)
			}
		})
	}
}

func TestWriteDirKeepsOldSetOnFailure(t *testing.T) {
	dir := t.TempDir()
	old := []export.File{{Name: "events.jsonl", Write: content("old events\n")}, {Name: "summary.json", Write: content("old summary\n")}}
	if err := export.WriteDir(dir, old); err != nil {
		t.Fatal(err)
	}
	err := export.WriteDir(dir, []export.File{
		{Name: "events.jsonl", Write: content("new events\n")},
		{Name: "summary.json", Write: func(io.Writer) error { return errors.New("no") }},
	})
	if err == nil {
		t.Fatal("no error")
	}
	for _, f := range old {
		var want bytes.Buffer
		f.Write(&want)
		if got, _ := os.ReadFile(filepath.Join(dir, f.Name)); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s = %q after a failed run, want the old %q", f.Name, got, want.Bytes())
		}
	}
	if got := listDir(t, dir); !slices.Equal(got, []string{"SHA256SUMS", "events.jsonl", "summary.json"}) {
		t.Errorf("directory holds %q", got)
	}
	if err := export.Verify(dir, "events.jsonl", "summary.json"); err != nil {
		t.Errorf("the old set's seal was not kept: %v", err)
	}
}

// TestWriteDirRenameFails: when every file is written but a later rename
// fails (here the second name is taken by a directory), the files renamed
// before it are already in place.
func TestWriteDirRenameFails(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "summary.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := export.WriteDir(dir, []export.File{
		{Name: "events.jsonl", Write: content("e\n")},
		{Name: "summary.json", Write: content("s\n")},
	})
	if err == nil {
		t.Fatal("renaming over a directory succeeded")
	}
	if got := listDir(t, dir); !slices.Equal(got, []string{"summary.json"}) {
		t.Errorf("after a failed rename the directory holds %q, want only the directory summary.json", got)
	}
}

func TestWriteDirBadName(t *testing.T) {
	dir := t.TempDir()
	err := export.WriteDir(dir, []export.File{
		{Name: "a.txt", Write: content("a")},
		{Name: "sub/b.txt", Write: content("b")},
	})
	if err == nil {
		t.Fatal("a name with a separator was accepted")
	}
	if got := listDir(t, dir); len(got) != 0 {
		t.Errorf("directory holds %q, want nothing", got)
	}
}

func BenchmarkWriteEvents(b *testing.B) {
	var evs []event.Event
	for range 1000 {
		evs = append(evs, events()...)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := export.WriteEvents(io.Discard, evs, ep); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSceneStruck: the impact of a threat aimed at a unit's equipment
// says in scene.geojson what it struck (unit, equipment, miss_m), as
// summary.json does; a ballistic impact says none of it.
func TestSceneStruck(t *testing.T) {
	s, res := scene()
	miss := 7.5
	res.Events = append(res.Events, event.Event{T: 90, Type: event.Impact, Threat: "cm-fc", ThreatType: "subsonic-cruise-missile",
		Unit: "bn1", Radar: "bn1-92n6e", Miss: &miss, Pos: &event.Position{Lat: 43.47, Lon: -69.93, Alt: 20}})
	var b bytes.Buffer
	if err := export.WriteScene(&b, s, res); err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, f := range fc.Features {
		if f.Properties["kind"] != "impact" {
			continue
		}
		p := f.Properties
		switch p["threat"] {
		case "cm-fc":
			found++
			if p["unit"] != "bn1" || p["equipment"] != "bn1-92n6e" || p["miss_m"] != 7.5 {
				t.Errorf("struck impact properties %v; want unit bn1, equipment bn1-92n6e, miss_m 7.5", p)
			}
		default:
			if _, ok := p["equipment"]; ok {
				t.Errorf("ballistic impact has equipment: %v", p)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d impacts of cm-fc, want 1", found)
	}
}
