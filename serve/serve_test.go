package serve

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/iadsim/iadsim/basemap"
)

const secret = "SECRET-OUTSIDE-THE-RUN-FOLDERS"

// runTree makes a folder of runs with the traps a server must not fall
// into, and returns the folder and a folder outside it:
//
//	runs/a/events.jsonl, summary.json, notes.txt
//	runs/a/tracks.csv     -> outside/tracks.csv (a file link leading out)
//	runs/deep/b/c/events.jsonl
//	runs/escape           -> outside           (a folder link leading out)
//	outside/events.jsonl, tracks.csv: the secret
func runTree(t testing.TB) (runs, outside string) {
	t.Helper()
	base := t.TempDir()
	runs, outside = filepath.Join(base, "runs"), filepath.Join(base, "outside")
	write := func(p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	start := `{"t":0,"time_utc":"2026-03-01T04:00:00.000Z","type":"scenario_start","name":"probe","seed":7,"epoch":"2026-03-01T04:00:00Z"}` + "\n"
	write(filepath.Join(runs, "a", "events.jsonl"), start)
	write(filepath.Join(runs, "a", "summary.json"), `{"scenario":"probe"}`)
	write(filepath.Join(runs, "a", "notes.txt"), "not a run file")
	write(filepath.Join(runs, "deep", "b", "c", "events.jsonl"), start)
	write(filepath.Join(outside, "events.jsonl"), secret)
	write(filepath.Join(outside, "tracks.csv"), secret)
	if err := os.Symlink(filepath.Join(outside, "tracks.csv"), filepath.Join(runs, "a", "tracks.csv")); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
	if err := os.Symlink(outside, filepath.Join(runs, "escape")); err != nil {
		t.Fatal(err)
	}
	// Sealed as their writers would (the link is no file of the seal).
	sealDir(t, filepath.Join(runs, "a"), "events.jsonl", "summary.json", "notes.txt")
	sealDir(t, filepath.Join(runs, "deep", "b", "c"), "events.jsonl")
	return runs, outside
}

// sealDir seals dir over names, as the command that wrote them would
// last: SHA256SUMS in sha256sum's format. Written here, not with
// export.Seal, so that the fuzz target's binary does not link export.
func sealDir(t testing.TB, dir string, names ...string) {
	t.Helper()
	var b strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(data), n)
	}
	if err := os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newServer(t *testing.T, c Config) *Server {
	t.Helper()
	s, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestRuns(t *testing.T) {
	runs, _ := runTree(t)
	s := newServer(t, Config{Dirs: []string{runs}})
	got, err := s.Runs()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range got {
		ids = append(ids, r.ID)
	}
	// escape/ holds events.jsonl but leads out: not listed.
	if want := []string{"0/a", "0/deep/b/c"}; !slices.Equal(ids, want) {
		t.Fatalf("runs %q, want %q", ids, want)
	}
	if r := got[0]; r.Name != "probe" || r.Seed != 7 || r.Epoch != "2026-03-01T04:00:00Z" || !slices.Equal(r.Files, []string{"events.jsonl", "summary.json"}) {
		t.Errorf("run a: %+v", r)
	}
	if got[0].Kind != "run" {
		t.Errorf("run a: kind %q, want run", got[0].Kind)
	}
	// The search stops at MaxDepth.
	s2 := newServer(t, Config{Dirs: []string{runs}, MaxDepth: 2})
	got, _ = s2.Runs()
	if len(got) != 1 {
		t.Errorf("MaxDepth 2: %d runs, want 1 (deep/b/c is three down)", len(got))
	}
}

func TestNewBadFolder(t *testing.T) {
	_, err := New(Config{Dirs: []string{filepath.Join(t.TempDir(), "nowhere")}})
	if err == nil || !strings.Contains(err.Error(), "nowhere") {
		t.Errorf("New of a missing folder: %v, want an error naming it", err)
	}
}

// TestHandler sends requests, good and hostile, to the whole handler.
func TestHandler(t *testing.T) {
	runs, _ := runTree(t)
	h := newServer(t, Config{Dirs: []string{runs}}).Handler()
	long := "/api/runs?x=" + strings.Repeat("a", MaxRequestBytes)
	for _, c := range []struct {
		name, method, target, body string
		want                       int
		wantIn                     string
	}{
		{"page", "GET", "/", "", 200, "maplibre-gl.js"},
		{"script", "GET", "/app.js", "", 200, "iadsim"},
		{"map library", "GET", "/vendor/maplibre-gl/maplibre-gl.js", "", 200, "maplibre"},
		{"map licence", "GET", "/vendor/maplibre-gl/LICENSE.txt", "", 200, "MapLibre contributors"},
		{"head", "HEAD", "/", "", 200, ""},
		{"runs", "GET", "/api/runs", "", 200, `"id":"0/a"`},
		{"events", "GET", "/api/run/events.jsonl?run=0/a", "", 200, "scenario_start"},
		{"deep events", "GET", "/api/run/events.jsonl?run=0/deep/b/c", "", 200, "scenario_start"},
		{"summary", "GET", "/api/run/summary.json?run=0/a", "", 200, "probe"},
		{"missing file", "GET", "/api/run/scene.geojson?run=0/a", "", 404, ""},
		{"not a run file", "GET", "/api/run/notes.txt?run=0/a", "", 404, ""},
		{"no run", "GET", "/api/run/events.jsonl", "", 404, ""},
		{"dot dot", "GET", "/api/run/events.jsonl?run=0/../outside", "", 404, ""},
		{"dot dot inside", "GET", "/api/run/events.jsonl?run=0/a/../../outside", "", 404, ""},
		{"encoded dot dot", "GET", "/api/run/events.jsonl?run=0%2F..%2Foutside", "", 404, ""},
		{"absolute", "GET", "/api/run/events.jsonl?run=0//etc", "", 404, ""},
		{"backslash", "GET", `/api/run/events.jsonl?run=0/..\outside`, "", 404, ""},
		{"folder link out", "GET", "/api/run/events.jsonl?run=0/escape", "", 404, ""},
		{"file link out", "GET", "/api/run/tracks.csv?run=0/a", "", 404, ""},
		{"folder index out of range", "GET", "/api/run/events.jsonl?run=1/a", "", 404, ""},
		{"negative index", "GET", "/api/run/events.jsonl?run=-1/a", "", 404, ""},
		{"padded index", "GET", "/api/run/events.jsonl?run=00/a", "", 404, ""},
		{"name with a path", "GET", "/api/run/..%2F..%2Foutside%2Fevents.jsonl?run=0/a", "", 404, ""},
		// The mux cleans the path and redirects, inside the page's files.
		{"static dot dot", "GET", "/../outside/events.jsonl", "", 307, ""},
		{"static after cleaning", "GET", "/outside/events.jsonl", "", 404, ""},
		{"post", "POST", "/api/runs", "", 405, ""},
		{"delete", "DELETE", "/api/run/events.jsonl?run=0/a", "", 405, ""},
		{"body", "POST", "/api/runs", strings.Repeat("x", 1<<20), 413, ""},
		{"body on get", "GET", "/api/runs", "x", 413, ""},
		{"long URL", "GET", long, "", 414, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var body io.Reader
			if c.body != "" {
				body = strings.NewReader(c.body)
			}
			r := httptest.NewRequest(c.method, "http://127.0.0.1/", body)
			r.URL.Path, r.URL.RawQuery, _ = strings.Cut(c.target, "?")
			r.RequestURI = c.target
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			got := w.Body.String()
			if w.Code != c.want {
				t.Errorf("%s %s: %d, want %d (%.200s)", c.method, c.target, w.Code, c.want, got)
			}
			if strings.Contains(got, secret) {
				t.Errorf("%s %s: gave out a file outside the run folders", c.method, c.target)
			}
			if !strings.Contains(got, c.wantIn) {
				t.Errorf("%s %s: body lacks %q", c.method, c.target, c.wantIn)
			}
		})
	}
}

// TestHeaderLimit: headers past MaxHeaderBytes are refused by the
// http.Server the package configures, before any handler.
func TestHeaderLimit(t *testing.T) {
	runs, _ := runTree(t)
	s := newServer(t, Config{Dirs: []string{runs}})
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = s.HTTPServer()
	ts.Start()
	defer ts.Close()
	req, _ := http.NewRequest("GET", ts.URL+"/api/runs", nil)
	req.Header.Set("X-Big", strings.Repeat("b", 2*MaxHeaderBytes))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("oversize headers: %d, want 431", resp.StatusCode)
	}
}

// TestHost: without a token, only requests addressed to this machine are
// served (a DNS-rebinding page names its own host).
func TestHost(t *testing.T) {
	runs, _ := runTree(t)
	open := newServer(t, Config{Dirs: []string{runs}}).Handler()
	withToken := newServer(t, Config{Dirs: []string{runs}, Token: "t0k"}).Handler()
	for _, c := range []struct {
		host  string
		want  int
		token int
	}{
		{"127.0.0.1:8080", 200, 200},
		{"localhost:8080", 200, 200},
		{"LOCALHOST", 200, 200},
		{"[::1]:8080", 200, 200},
		{"127.3.4.5", 200, 200},
		{"attacker.example:8080", 403, 200},
		{"192.168.1.10:8080", 403, 200},
		{"localhost.attacker.example", 403, 200},
		{"", 403, 200},
	} {
		r := httptest.NewRequest("GET", "/api/runs", nil)
		r.Host = c.host
		w := httptest.NewRecorder()
		open.ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("Host %q, no token: %d, want %d", c.host, w.Code, c.want)
		}
		r = httptest.NewRequest("GET", "/api/runs?token=t0k", nil)
		r.Host = c.host
		w = httptest.NewRecorder()
		withToken.ServeHTTP(w, r)
		if w.Code != c.token {
			t.Errorf("Host %q, with the token: %d, want %d", c.host, w.Code, c.token)
		}
	}
}

func TestToken(t *testing.T) {
	runs, _ := runTree(t)
	const tok = "0123456789abcdef"
	h := newServer(t, Config{Dirs: []string{runs}, Token: tok}).Handler()
	for _, c := range []struct {
		name, target, cookie, auth string
		want                       int
		setsCookie                 bool
	}{
		{"none", "/api/runs", "", "", 401, false},
		{"none, page", "/", "", "", 401, false},
		{"none, file", "/api/run/events.jsonl?run=0/a", "", "", 401, false},
		{"wrong query", "/api/runs?token=0123456789abcdeX", "", "", 401, false},
		{"prefix", "/api/runs?token=0123456789abcde", "", "", 401, false},
		{"wrong cookie", "/api/runs", "nope", "", 401, false},
		{"wrong bearer", "/api/runs", "", "Bearer nope", 401, false},
		{"basic", "/api/runs", "", "Basic " + tok, 401, false},
		{"query", "/?token=" + tok, "", "", 200, true},
		{"cookie", "/api/runs", tok, "", 200, false},
		{"bearer", "/api/run/events.jsonl?run=0/a", "", "Bearer " + tok, 200, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", c.target, nil)
			if c.cookie != "" {
				r.AddCookie(&http.Cookie{Name: TokenCookie, Value: c.cookie})
			}
			if c.auth != "" {
				r.Header.Set("Authorization", c.auth)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != c.want {
				t.Errorf("%d, want %d", w.Code, c.want)
			}
			set := strings.Contains(w.Header().Get("Set-Cookie"), TokenCookie+"="+tok)
			if set != c.setsCookie {
				t.Errorf("Set-Cookie %q", w.Header().Get("Set-Cookie"))
			}
			if w.Code == 401 && strings.Contains(w.Body.String(), "scenario_start") {
				t.Error("a refused request got the run")
			}
		})
	}
}

// TestCapacity fills every place with requests held inside the handler:
// the next request is refused with 429, and served once a place is free.
func TestCapacity(t *testing.T) {
	runs, _ := runTree(t)
	s := newServer(t, Config{Dirs: []string{runs}, MaxInFlight: 3})
	entered, release := make(chan struct{}), make(chan struct{})
	held := s.guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hold" {
			entered <- struct{}{}
			<-release
		}
		io.WriteString(w, "ok")
	}))
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			held.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "http://127.0.0.1/hold", nil))
		})
		<-entered
	}
	w := httptest.NewRecorder()
	held.ServeHTTP(w, httptest.NewRequest("GET", "http://127.0.0.1/free", nil))
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Errorf("past capacity: %d (Retry-After %q), want 429 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	release <- struct{}{} // one held request finishes
	// Its place is given back when its handler returns; wait for that.
	for {
		w = httptest.NewRecorder()
		held.ServeHTTP(w, httptest.NewRequest("GET", "http://127.0.0.1/free", nil))
		if w.Code != http.StatusTooManyRequests {
			break
		}
	}
	if w.Code != 200 {
		t.Errorf("after a place was freed: %d, want 200", w.Code)
	}
	close(release)
	wg.Wait()
}

// TestBasemap: the land served is the basemap package's, polygon for
// polygon, as GeoJSON.
func TestBasemap(t *testing.T) {
	h := newServer(t, Config{}).Handler()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "http://127.0.0.1/api/basemap", nil))
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/geo+json" {
		t.Fatalf("%d %q", w.Code, w.Header().Get("Content-Type"))
	}
	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates [][][][2]float64
			}
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	land, err := basemap.Land()
	if err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 1 || fc.Features[0].Geometry.Type != "MultiPolygon" {
		t.Fatalf("not one MultiPolygon: %s, %d features", fc.Type, len(fc.Features))
	}
	got := fc.Features[0].Geometry.Coordinates
	if len(got) != len(land) || len(land) < 100 {
		t.Fatalf("%d polygons, basemap has %d", len(got), len(land))
	}
	p := land[len(land)/2][0][0]
	if q := got[len(land)/2][0][0]; q[0] != p.Lon || q[1] != p.Lat {
		t.Errorf("a vertex moved: %v, want %v", q, p)
	}
}

// FuzzOpen: whatever run ID and file name a request carries, the server
// opens nothing outside its folders and nothing but a run file, and does
// not panic.
func FuzzOpen(f *testing.F) {
	for _, id := range []string{"0/a", "0/deep/b/c", "0/../outside", "0/escape", "0/a/../../outside", "0//etc", "1/a", "-0/a", "0/a/", "0/./a", `0/..\outside`, "0/a\x00"} {
		for _, name := range append(slices.Clone(RunFiles), "../outside/events.jsonl", "notes.txt") {
			f.Add(id, name)
		}
	}
	runs, _ := runTree(f)
	s, err := New(Config{Dirs: []string{runs}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, id, name string) {
		file, err := s.open(id, name)
		if err != nil {
			return
		}
		defer file.Close()
		if !slices.Contains(RunFiles, name) {
			t.Fatalf("open(%q, %q) opened a file not in RunFiles", id, name)
		}
		b, err := io.ReadAll(file)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), secret) {
			t.Fatalf("open(%q, %q) reached outside the run folders", id, name)
		}
	})
}

// TestRunsBatch: a Monte Carlo batch folder (stats.json, no events.jsonl)
// is listed as a batch, its stats served; its replication 0 as a run.
func TestRunsBatch(t *testing.T) {
	dir := t.TempDir()
	for p, body := range map[string]string{
		"mc/stats.json":                 `{"scenario": "probe", "seed": 9, "runs": 4, "probabilities": []}`,
		"mc/replication-0/events.jsonl": `{"t":0,"type":"scenario_start","name":"probe","seed":9}` + "\n",
	} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The batch's seal covers its replication 0, as mc writes it.
	sealDir(t, filepath.Join(dir, "mc"), "stats.json", "replication-0/events.jsonl")
	s := newServer(t, Config{Dirs: []string{dir}})
	got, err := s.Runs()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "0/mc" || got[0].Kind != "batch" || got[0].Name != "probe" || got[0].Seed != 9 ||
		got[1].ID != "0/mc/replication-0" || got[1].Kind != "run" {
		t.Fatalf("runs %+v", got)
	}
	r := send(t, s.Handler(), "GET", "/api/run/stats.json?run=0/mc", "", nil)
	if r.code != 200 || !strings.Contains(r.body, `"runs": 4`) {
		t.Errorf("stats.json: %d %s", r.code, r.body)
	}
	if r := send(t, s.Handler(), "GET", "/api/run/events.jsonl?run=0/mc/replication-0", "", nil); r.code != 200 || !strings.Contains(r.body, "scenario_start") {
		t.Errorf("replication 0's events.jsonl, under the batch's seal: %d %s", r.code, r.body)
	}
}

// TestUnsealedRefused: a run file is served only from a folder its
// writer finished, as every reader of an output checks (seal.Verify):
// a run killed before its seal, a file changed after it and a batch
// whose seal is gone give 409 with the reason, not the file.
func TestUnsealedRefused(t *testing.T) {
	runs, _ := runTree(t)
	dir := filepath.Join(runs, "half")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "events.jsonl"), []byte(`{"t":0,"type":"scenario_start"}`+"\n"), 0o644)
	os.WriteFile(filepath.Join(runs, "a", "summary.json"), []byte(`{"scenario":"tampered"}`), 0o644)
	s := newServer(t, Config{Dirs: []string{runs}})
	for _, c := range []struct{ target, inBody string }{
		{"/api/run/events.jsonl?run=0/half", filepath.Join(runs, "half") + ": not a complete output: no SHA256SUMS"},
		{"/api/run/summary.json?run=0/a", "summary.json does not match its SHA-256 in SHA256SUMS"},
	} {
		r := send(t, s.Handler(), "GET", c.target, "", nil)
		if r.code != http.StatusConflict || !strings.Contains(r.body, c.inBody) {
			t.Errorf("GET %s: %d %q; want 409 and %q", c.target, r.code, r.body, c.inBody)
		}
	}
	// The untouched file of the tampered folder matches its seal still.
	if r := send(t, s.Handler(), "GET", "/api/run/events.jsonl?run=0/a", "", nil); r.code != 200 {
		t.Errorf("the sealed events.jsonl of a folder with another file changed: %d %s", r.code, r.body)
	}
}
