package czml_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/czml"
	"github.com/iadsim/iadsim/czml/internal/czmlcheck"
	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
)

// checkCZML is the structural check of a CZML document (czmlcheck.Check).
var checkCZML = czmlcheck.Check

// TestCheckerCatches: the checker refuses each way of breaking the
// structure, so a pass means something.
func TestCheckerCatches(t *testing.T) {
	doc := `{"id":"document","version":"1.0","clock":{"interval":"2025-01-01T00:00:00Z/2025-01-01T00:10:00Z","currentTime":"2025-01-01T00:00:00Z","multiplier":10}}`
	ok := `[` + doc + `,{"id":"a","availability":"2025-01-01T00:00:00Z/2025-01-01T00:01:00Z","position":{"epoch":"2025-01-01T00:00:00Z","cartographicDegrees":[0,10,40,100,5,10.1,40,100]}}]`
	if err := checkCZML([]byte(ok)); err != nil {
		t.Fatalf("a good document refused: %v", err)
	}
	for _, c := range []struct{ name, doc string }{
		{"no document packet", `[{"id":"a"}]`},
		{"document not first", `[{"id":"a"},` + doc + `]`},
		{"wrong version", `[{"id":"document","version":"0.9","clock":{"interval":"2025-01-01T00:00:00Z/2025-01-01T00:10:00Z","currentTime":"2025-01-01T00:00:00Z","multiplier":1}}]`},
		{"no multiplier", `[{"id":"document","version":"1.0","clock":{"interval":"2025-01-01T00:00:00Z/2025-01-01T00:10:00Z","currentTime":"2025-01-01T00:00:00Z"}}]`},
		{"current time outside", `[{"id":"document","version":"1.0","clock":{"interval":"2025-01-01T00:00:00Z/2025-01-01T00:10:00Z","currentTime":"2025-01-02T00:00:00Z","multiplier":1}}]`},
		{"duplicate id", `[` + doc + `,{"id":"a"},{"id":"a"}]`},
		{"no id", `[` + doc + `,{"name":"a"}]`},
		{"stop before start", `[` + doc + `,{"id":"a","availability":"2025-01-01T00:01:00Z/2025-01-01T00:00:00Z"}]`},
		{"intervals out of order", `[` + doc + `,{"id":"a","availability":["2025-01-01T00:05:00Z/2025-01-01T00:06:00Z","2025-01-01T00:00:00Z/2025-01-01T00:01:00Z"]}]`},
		{"samples out of order", `[` + doc + `,{"id":"a","position":{"epoch":"2025-01-01T00:00:00Z","cartographicDegrees":[5,10,40,100,0,10,40,100]}}]`},
		{"samples without epoch", `[` + doc + `,{"id":"a","position":{"cartographicDegrees":[0,10,40,100,5,10,40,100]}}]`},
		{"broken sample", `[` + doc + `,{"id":"a","position":{"epoch":"2025-01-01T00:00:00Z","cartographicDegrees":[0,10,40,100,5,10]}}]`},
		{"latitude out of range", `[` + doc + `,{"id":"a","position":{"cartographicDegrees":[10,95,0]}}]`},
		{"unknown parent", `[` + doc + `,{"id":"a","parent":"b"}]`},
	} {
		if err := checkCZML([]byte(c.doc)); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
}

// example runs the bundled White Mountains raid once for every test.
var example = sync.OnceValues(func() (*scenario.Scenario, *record.Result) {
	s, err := scenario.Load("../examples/s400-white-mountains-raid.yaml")
	if err != nil {
		panic(err)
	}
	res, err := battle.Run(s, battle.Options{})
	if err != nil {
		panic(err)
	}
	return s, res
})

// TestRunAsCZML writes the example run and checks the document's
// structure, then its content against the run: the clock spans the run
// from the scenario's epoch; every threat's truth samples are its
// positions; one interceptor packet a launch, one marker an event shown;
// a kill's marker carries its reason.
func TestRunAsCZML(t *testing.T) {
	s, res := example()
	var b bytes.Buffer
	if err := czml.Write(&b, czml.FromResult(s, res)); err != nil {
		t.Fatal(err)
	}
	if err := checkCZML(b.Bytes()); err != nil {
		t.Fatalf("structure: %v", err)
	}
	var packets []map[string]any
	if err := json.Unmarshal(b.Bytes(), &packets); err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for _, p := range packets {
		byID[p["id"].(string)] = p
	}
	clock := packets[0]["clock"].(map[string]any)
	end := res.Events[len(res.Events)-1]
	if end.Type != event.ScenarioEnd {
		t.Fatalf("last event %s, want scenario_end", end.Type)
	}
	ep := s.Epoch.UTC()
	want := ep.Format("2006-01-02T15:04:05.000Z") + "/" + ep.Add(time.Duration(end.T*1e9)).Format("2006-01-02T15:04:05.000Z")
	if clock["interval"] != want {
		t.Errorf("clock interval %v, want %s", clock["interval"], want)
	}

	// Truth samples, as tracks.csv writes them, are the threats'
	// positions; an interceptor's packet flies its samples: launcher,
	// fly-out, burst (more than its launch and its end).
	sampled := func(kind, prefix string, least int) map[string][]float64 {
		t.Helper()
		want := map[string][]float64{}
		for _, sm := range czml.FromResult(s, res).Samples {
			if sm.Kind == kind {
				want[sm.ID] = append(want[sm.ID], sm.T, sm.Lon, sm.Lat, sm.Alt)
			}
		}
		if len(want) == 0 {
			t.Fatalf("the example has no %s samples", kind)
		}
		for id, w := range want {
			p := byID[prefix+id]
			if p == nil {
				t.Errorf("no packet %s%s", prefix, id)
				continue
			}
			got := p["position"].(map[string]any)["cartographicDegrees"].([]any)
			if len(got) != len(w) || len(w) < 4*least {
				t.Errorf("%s%s: %d numbers, want its %d samples' (at least %d)", prefix, id, len(got), len(w)/4, least)
				continue
			}
			for i := range w {
				if got[i].(float64) != w[i] {
					t.Errorf("%s%s: number %d is %v, want %v", prefix, id, i, got[i], w[i])
					break
				}
			}
		}
		return want
	}
	truth := sampled("truth", "threat/", 1)
	sampled("interceptor", "interceptor/", 3)

	counts := map[string]int{}
	for _, e := range res.Events {
		counts[e.Type]++
		if e.Type == event.Kill && e.Pos != nil {
			id := ""
			for pid := range byID {
				if strings.HasSuffix(pid, "/kill") && strings.Contains(byID[pid]["name"].(string), e.Threat) {
					id = pid
				}
			}
			if id == "" {
				t.Errorf("no kill marker for %s", e.Threat)
			}
		}
	}
	prefix := map[string]int{}
	for id := range byID {
		prefix[strings.SplitN(id, "/", 2)[0]]++
		if strings.HasPrefix(id, "event/") {
			prefix[id[strings.LastIndex(id, "/")+1:]]++
		}
	}
	for _, c := range []struct {
		what      string
		got, want int
	}{
		{"threat packets", prefix["threat"], len(truth)},
		{"interceptor packets", prefix["interceptor"], counts[event.Launch]},
		{"launch markers", prefix[event.Launch], counts[event.Launch]},
		{"kill markers", prefix[event.Kill], counts[event.Kill]},
		{"leak markers", prefix[event.Leak], counts[event.Leak]},
		{"intercept markers", prefix[event.Intercept], counts[event.Intercept]},
		{"coverage volumes", prefix["coverage"], prefix["radar"]},
	} {
		if c.got != c.want || c.want == 0 {
			t.Errorf("%s: %d, want %d (and some)", c.what, c.got, c.want)
		}
	}
	for _, e := range res.Events {
		if e.Type == event.HoldFire && e.Reason != "" {
			p := byID["threat/"+e.Threat]
			if p == nil || !strings.Contains(p["description"].(string), htmlEscape(e.Reason)) {
				t.Errorf("threat %s: its description lacks the hold_fire reason %q", e.Threat, e.Reason)
			}
			break
		}
	}

	var again bytes.Buffer
	if err := czml.Write(&again, czml.FromResult(s, res)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("two writes of one run differ")
	}
}

func htmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

// TestReadDirSameBytes: the CZML of a run directory, read back from its
// files, is the CZML of the run in memory, byte for byte.
func TestReadDirSameBytes(t *testing.T) {
	s, res := example()
	dir := t.TempDir()
	sum := struct {
		Scenario string `json:"scenario"`
	}{s.Name}
	if err := export.WriteDir(dir, []export.File{
		{Name: "events.jsonl", Write: func(w io.Writer) error { return export.WriteEvents(w, res.Events, epoch.New(s.Epoch)) }},
		{Name: "summary.json", Write: func(w io.Writer) error { return export.WriteJSON(w, sum) }},
		{Name: "tracks.csv", Write: func(w io.Writer) error { return export.WriteTracks(w, res.Samples, epoch.New(s.Epoch)) }},
		{Name: "scene.geojson", Write: func(w io.Writer) error { return export.WriteScene(w, s, res) }},
	}); err != nil {
		t.Fatal(err)
	}
	r, err := czml.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var fromDir, fromRun bytes.Buffer
	if err := czml.Write(&fromDir, r); err != nil {
		t.Fatal(err)
	}
	if err := czml.Write(&fromRun, czml.FromResult(s, res)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fromDir.Bytes(), fromRun.Bytes()) {
		t.Errorf("the CZML of the run directory (%d bytes) differs from the run's (%d bytes)", fromDir.Len(), fromRun.Len())
	}

	// Without an epoch in scene.geojson the directory is refused.
	scene := filepath.Join(dir, "scene.geojson")
	text, _ := os.ReadFile(scene)
	if err := os.WriteFile(scene, bytes.Replace(text, []byte(`"epoch"`), []byte(`"epoque"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := czml.ReadDir(dir); err == nil || !strings.Contains(err.Error(), "scene.geojson: epoch") {
		t.Errorf("scene.geojson without its epoch: %v, want an error naming it", err)
	}
}

func TestReadTracksErrors(t *testing.T) {
	head := "time_s,kind,unit,id,threat,status,lat_deg,lon_deg,alt_m,speed_mps,pos_sigma_m,vel_sigma_mps\n"
	row := "0.000,truth,,cm-1,cm-1,,44.0,-71.0,200.0,240.0,,\n"
	for _, c := range []struct{ name, in, want string }{
		{"good", head + row + "1.000,track,bn1,3,cm-1,confirmed,44.0,-71.0,210.0,240.0,35.2,4.1\n", ""},
		{"no header", "", "t.csv: EOF"},
		{"missing column", "time_s,kind\n", `t.csv:1:1: no column "unit"`},
		{"bad number", head + "0.000,truth,,cm-1,cm-1,,north,-71.0,200.0,240.0,,\n", `t.csv:2:25: lat_deg "north": want a number`},
		{"bad kind", head + "0.000,ghost,,cm-1,cm-1,,44.0,-71.0,200.0,240.0,,\n", `t.csv:2:7: kind "ghost": want truth, track or interceptor`},
		{"time goes back", head + "5.000,truth,,cm-1,cm-1,,44.0,-71.0,200.0,240.0,,\n" + row, "t.csv:3:1: time_s 0 comes before 5"},
		{"latitude", head + "0.000,truth,,cm-1,cm-1,,144.0,-71.0,200.0,240.0,,\n", "t.csv:2: position 144, -71"},
		{"short row", head + "0.000,truth\n", "t.csv:2:1: wrong number of fields"},
	} {
		_, err := czml.ReadTracks(strings.NewReader(c.in), "t.csv")
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.HasPrefix(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
