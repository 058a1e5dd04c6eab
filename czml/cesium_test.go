package czml_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/iadsim/iadsim/czml"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/internal/oracle"
)

// cesiumBuild finds CesiumJS's prebuilt Build/Cesium folder: from
// $IADSIM_CESIUM, else in npm's global root (npm install -g cesium@1).
func cesiumBuild(t *testing.T) string {
	dir := os.Getenv("IADSIM_CESIUM")
	if dir == "" {
		if out, err := exec.Command("npm", "root", "-g").Output(); err == nil {
			dir = filepath.Join(strings.TrimSpace(string(out)), "cesium", "Build", "Cesium")
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "Cesium.js")); err != nil {
		oracle.Missing(t, "CesiumJS (npm install -g cesium@1, or IADSIM_CESIUM=.../Build/Cesium)", err)
	}
	return dir
}

// cesiumPage loads the CZML with Cesium.CzmlDataSource.load, no Viewer
// (so no WebGL), then reports what Cesium made of it: the entity count,
// the clock, and for each query the entity's position (degrees, metres)
// and whether it is available at that instant.
const cesiumPage = `<!doctype html>
<meta charset="utf-8">
<script src="/cesium/Cesium.js"></script>
<script>
window.result = null;
const queries = QUERIES;
Cesium.CzmlDataSource.load("/run.czml").then(ds => {
  const out = {count: ds.entities.values.length,
    start: Cesium.JulianDate.toIso8601(ds.clock.startTime, 3),
    stop: Cesium.JulianDate.toIso8601(ds.clock.stopTime, 3),
    multiplier: ds.clock.multiplier, answers: []};
  for (const q of queries) {
    const e = ds.entities.getById(q.id);
    if (!e) { out.answers.push({id: q.id, missing: true}); continue; }
    const when = Cesium.JulianDate.fromIso8601(q.at);
    const a = {id: q.id, available: e.isAvailable(when)};
    const p = e.position && e.position.getValue(when);
    if (p) {
      const c = Cesium.Cartographic.fromCartesian(p);
      a.lon = Cesium.Math.toDegrees(c.longitude);
      a.lat = Cesium.Math.toDegrees(c.latitude);
      a.height = c.height;
      a.hasPosition = true;
    }
    out.answers.push(a);
  }
  window.result = out;
}).catch(err => { window.result = {error: String(err)}; });
</script>`

type query struct {
	ID string `json:"id"`
	At string `json:"at"`
	// What Cesium should answer.
	available bool
	pos       *[3]float64 // lon, lat, height
}

type answer struct {
	ID          string
	Missing     bool
	Available   bool
	HasPosition bool
	Lon, Lat    float64
	Height      float64
}

// TestCesiumLoads loads the example run's CZML into CesiumJS in headless
// Chromium: it must load with no console error or exception, make one
// entity a packet (the document packet is the data source's clock), keep
// the clock of the run, and give back, at each threat's and interceptor's
// sample times (an interceptor's launch and a sample of its fly-out), the
// positions written (within 1e-7 degrees and 1 mm,
// Cesium's own cartographic conversion), and show each marker from its
// event's time and not before.
func TestCesiumLoads(t *testing.T) {
	build := cesiumBuild(t)
	oracle.Chromium(t) // skip before the run when there is no browser
	s, res := example()
	r := czml.FromResult(s, res)
	var doc bytes.Buffer
	if err := czml.Write(&doc, r); err != nil {
		t.Fatal(err)
	}
	var packets []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(doc.Bytes(), &packets); err != nil {
		t.Fatal(err)
	}

	at := func(sec float64) string {
		return r.Epoch.Add(time.Duration(math.Round(sec * 1e9))).UTC().Format("2006-01-02T15:04:05.000Z")
	}
	var qs []query
	seen := map[string]bool{}
	for _, sm := range r.Samples {
		// Each threat's first sample, and one in the middle of the run.
		if sm.Kind != "truth" || (seen[sm.ID] && math.Abs(sm.T-600) > 1e-9) {
			continue
		}
		seen[sm.ID] = true
		qs = append(qs, query{ID: "threat/" + sm.ID, At: at(sm.T), available: true, pos: &[3]float64{sm.Lon, sm.Lat, sm.Alt}})
	}
	// Each interceptor in the middle of its fly-out, at a sample.
	var flown []czml.Sample
	for _, sm := range r.Samples {
		if sm.Kind == "interceptor" && !seen["i/"+sm.ID] && sm.T == math.Trunc(sm.T) {
			seen["i/"+sm.ID] = true
			flown = append(flown, sm)
		}
	}
	for _, sm := range flown {
		qs = append(qs, query{ID: "interceptor/" + sm.ID, At: at(sm.T), available: true, pos: &[3]float64{sm.Lon, sm.Lat, sm.Alt}})
	}
	markers := 0
	for i, e := range r.Events {
		switch e.Type {
		case event.Launch:
			qs = append(qs, query{ID: "interceptor/" + e.Interceptor, At: at(e.T), available: true, pos: &[3]float64{e.Pos.Lon, e.Pos.Lat, e.Pos.Alt}})
		case event.Kill, event.Leak:
			id := fmt.Sprintf("event/%d/%s", i, e.Type)
			qs = append(qs, query{ID: id, At: at(e.T - 1), available: false},
				query{ID: id, At: at(e.T + 1), available: true, pos: &[3]float64{e.Pos.Lon, e.Pos.Lat, e.Pos.Alt}})
			markers++
		}
	}
	if markers == 0 || len(flown) == 0 || len(qs) < 20 {
		t.Fatalf("the example gives %d queries and %d markers: too few to check", len(qs), markers)
	}
	qjson, err := json.Marshal(qs)
	if err != nil {
		t.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.Handle("/cesium/", http.StripPrefix("/cesium/", http.FileServer(http.Dir(build))))
	mux.HandleFunc("/run.czml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(doc.Bytes())
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, strings.Replace(cesiumPage, "QUERIES", string(qjson), 1))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	bctx := oracle.Browser(t)
	problems := oracle.PageProblems(t, bctx, nil)
	ctx, cancelTimeout := context.WithTimeout(bctx, 3*time.Minute)
	defer cancelTimeout()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Poll[json.RawMessage](`window.result`, chromedp.WithPollingTimeout(150*time.Second)))
	if err != nil {
		t.Fatalf("waiting for Cesium: %v", err)
	}
	var out struct {
		Error       string
		Count       int
		Start, Stop string
		Multiplier  float64
		Answers     []answer
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	if out.Error != "" {
		t.Fatalf("Cesium.CzmlDataSource.load: %s", out.Error)
	}
	for _, p := range problems() {
		t.Error(p)
	}
	if want := len(packets) - 1; out.Count != want {
		t.Errorf("Cesium made %d entities of %d packets, want one a packet but the document's", out.Count, len(packets))
	}
	end := r.Events[len(r.Events)-1].T
	if out.Start != at(0) || out.Stop != at(end) || out.Multiplier != czml.Multiplier {
		t.Errorf("Cesium's clock %s to %s ×%g, want %s to %s ×%d", out.Start, out.Stop, out.Multiplier, at(0), at(end), czml.Multiplier)
	}
	if len(out.Answers) != len(qs) {
		t.Fatalf("%d answers to %d queries", len(out.Answers), len(qs))
	}
	for i, q := range qs {
		a := out.Answers[i]
		switch {
		case a.Missing:
			t.Errorf("%s: no such entity in Cesium", q.ID)
		case a.Available != q.available:
			t.Errorf("%s at %s: available %v, want %v", q.ID, q.At, a.Available, q.available)
		case q.pos != nil && !a.HasPosition:
			t.Errorf("%s at %s: no position", q.ID, q.At)
		case q.pos != nil && (math.Abs(a.Lon-q.pos[0]) > 1e-7 || math.Abs(a.Lat-q.pos[1]) > 1e-7 || math.Abs(a.Height-q.pos[2]) > 1e-3):
			t.Errorf("%s at %s: Cesium puts it at %.8f, %.8f, %.3f m, want %.8f, %.8f, %.3f m", q.ID, q.At, a.Lon, a.Lat, a.Height, q.pos[0], q.pos[1], q.pos[2])
		}
	}
	t.Logf("Cesium: %d entities, clock %s to %s, %d positions and availabilities checked", out.Count, out.Start, out.Stop, len(qs))
}
