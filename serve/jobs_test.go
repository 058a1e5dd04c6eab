package serve

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeRunner stands in for iadsim run: it holds each run until released
// (or cancelled), then writes a one-event run into its folder.
type fakeRunner struct {
	mu      sync.Mutex
	calls   []string // scenario, out
	release chan struct{}
}

func (f *fakeRunner) Run(ctx context.Context, scenario, out string, runs int, progress func(done, total int)) error {
	f.mu.Lock()
	f.calls = append(f.calls, scenario, out)
	f.mu.Unlock()
	progress(0, runs)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-f.release:
	}
	progress(runs, runs)
	return os.WriteFile(filepath.Join(out, "events.jsonl"), []byte(`{"t":0,"type":"scenario_start","name":"probe","seed":1}`+"\n"), 0o644)
}

// scenarioTree adds scenario files to runTree's folders:
//
//	runs/scn/probe.yaml          a scenario
//	runs/scn/notes.yaml          YAML, not a scenario
//	runs/evil.yaml -> outside/evil.yaml (a link leading out)
func scenarioTree(t testing.TB) (runs, outside string) {
	t.Helper()
	runs, outside = runTree(t)
	if err := os.MkdirAll(filepath.Join(runs, "scn"), 0o755); err != nil {
		t.Fatal(err)
	}
	for p, s := range map[string]string{
		filepath.Join(runs, "scn", "probe.yaml"):  "name: probe\nthreats:\n  - id: a\n",
		filepath.Join(runs, "scn", "notes.yaml"):  "notes: []\n",
		filepath.Join(outside, "evil.yaml"):       "threats: [" + secret + "]\n",
		filepath.Join(outside, "evil-scene.yaml"): "threats: []\n",
	} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(outside, "evil.yaml"), filepath.Join(runs, "evil.yaml")); err != nil {
		t.Fatal(err)
	}
	return runs, outside
}

func TestScenarios(t *testing.T) {
	runs, _ := scenarioTree(t)
	got, err := newServer(t, Config{Dirs: []string{runs}}).Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	// Neither the YAML that is no scenario nor the link out, nor what
	// lies behind the folder link escape/.
	if want := []string{"0/scn/probe.yaml"}; !slices.Equal(ids, want) {
		t.Errorf("scenarios %q, want %q", ids, want)
	}
}

type reply struct {
	code int
	body string
}

func send(t *testing.T, h http.Handler, method, target, body string, hdr map[string]string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, "http://127.0.0.1:8080"+target, rd)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return reply{w.Code, w.Body.String()}
}

// TestJobs starts a run from the page's API: it goes into a fresh folder
// under the served folder; a second one while it runs is refused with
// 429; cancelled, it ends as cancelled and writes nothing; the next one
// gets a folder of its own, and once done it is a run the server lists.
func TestJobs(t *testing.T) {
	runs, _ := scenarioTree(t)
	fr := &fakeRunner{release: make(chan struct{})}
	s := newServer(t, Config{Dirs: []string{runs}, Runner: fr})
	h := s.Handler()
	start := `{"scenario": "0/scn/probe.yaml"}`

	r := send(t, h, "POST", "/api/jobs", start, nil)
	var j Job
	if r.code != http.StatusAccepted || json.Unmarshal([]byte(r.body), &j) != nil {
		t.Fatalf("start: %d %s", r.code, r.body)
	}
	if j.State != "running" || j.Out != "0/"+JobsFolder+"/probe-1" || j.Runs != 1 {
		t.Errorf("started %+v", j)
	}
	if r := send(t, h, "POST", "/api/jobs", start, nil); r.code != http.StatusTooManyRequests {
		t.Errorf("a second run while one runs: %d, want 429", r.code)
	}
	waitCalls := func(n int) {
		for range 200 {
			fr.mu.Lock()
			k := len(fr.calls)
			fr.mu.Unlock()
			if k >= 2*n {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("the runner was not called %d times", n)
	}
	waitCalls(1)
	if fr.calls[0] != filepath.Join(runs, "scn", "probe.yaml") || fr.calls[1] != filepath.Join(runs, JobsFolder, "probe-1") {
		t.Errorf("runner got %q", fr.calls)
	}
	if r := send(t, h, "POST", "/api/jobs/"+j.ID+"/cancel", "{}", nil); r.code != http.StatusAccepted {
		t.Errorf("cancel: %d %s", r.code, r.body)
	}
	wait := func(id, state string) Job {
		t.Helper()
		for range 400 {
			for _, x := range s.Jobs() {
				if x.ID == id && x.State == state {
					return x
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("job %s never %s: %+v", id, state, s.Jobs())
		return Job{}
	}
	wait(j.ID, "cancelled")
	if _, err := os.Stat(filepath.Join(runs, JobsFolder, "probe-1", "events.jsonl")); err == nil {
		t.Error("a cancelled run wrote its record")
	}

	r = send(t, h, "POST", "/api/jobs", `{"scenario": "0/scn/probe.yaml", "runs": 20}`, nil)
	if r.code != http.StatusAccepted || json.Unmarshal([]byte(r.body), &j) != nil {
		t.Fatalf("start after the cancel: %d %s", r.code, r.body)
	}
	if j.Out != "0/"+JobsFolder+"/probe-2" || j.Runs != 20 {
		t.Errorf("second job %+v: want a fresh folder probe-2 and 20 runs", j)
	}
	waitCalls(2)
	fr.release <- struct{}{}
	done := wait(j.ID, "done")
	if done.Done != 20 || done.Total != 20 || done.Ended.IsZero() {
		t.Errorf("done: %+v", done)
	}
	listed, err := s.Runs()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(listed, func(r Run) bool { return r.ID == j.Out }) {
		t.Errorf("the finished run %s is not listed: %+v", j.Out, listed)
	}
	if r := send(t, h, "GET", "/api/jobs", "", nil); r.code != 200 || !strings.Contains(r.body, `"state":"done"`) || !strings.Contains(r.body, `"state":"cancelled"`) {
		t.Errorf("jobs: %d %s", r.code, r.body)
	}
}

// TestJobsRefused: what a request to run must not get.
func TestJobsRefused(t *testing.T) {
	runs, _ := scenarioTree(t)
	h := newServer(t, Config{Dirs: []string{runs}, Runner: &fakeRunner{release: make(chan struct{})}}).Handler()
	start := func(id string) string { b, _ := json.Marshal(map[string]string{"scenario": id}); return string(b) }
	for _, c := range []struct {
		name, method, target, body string
		hdr                        map[string]string
		want                       int
	}{
		{"dot dot", "POST", "/api/jobs", start("0/../outside/evil-scene.yaml"), nil, 404},
		{"dot dot inside", "POST", "/api/jobs", start("0/scn/../../outside/evil-scene.yaml"), nil, 404},
		{"absolute", "POST", "/api/jobs", start("0//etc/passwd"), nil, 404},
		{"backslash", "POST", "/api/jobs", start(`0/..\outside\evil-scene.yaml`), nil, 404},
		{"link out", "POST", "/api/jobs", start("0/evil.yaml"), nil, 404},
		{"through a folder link", "POST", "/api/jobs", start("0/escape/evil-scene.yaml"), nil, 404},
		{"not a scenario", "POST", "/api/jobs", start("0/scn/notes.yaml"), nil, 404},
		{"not YAML", "POST", "/api/jobs", start("0/a/events.jsonl"), nil, 404},
		{"folder out of range", "POST", "/api/jobs", start("1/scn/probe.yaml"), nil, 404},
		{"oversize", "POST", "/api/jobs", `{"scenario": "` + strings.Repeat("a", MaxRequestBytes) + `"}`, nil, 413},
		{"not JSON", "POST", "/api/jobs", start("0/scn/probe.yaml"), map[string]string{"Content-Type": "text/plain"}, 415},
		{"form", "POST", "/api/jobs", "scenario=0/scn/probe.yaml", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415},
		{"other origin", "POST", "/api/jobs", start("0/scn/probe.yaml"), map[string]string{"Origin": "http://evil.example"}, 403},
		{"unknown field", "POST", "/api/jobs", `{"scenario": "0/scn/probe.yaml", "out": "/tmp"}`, nil, 400},
		{"too many runs", "POST", "/api/jobs", `{"scenario": "0/scn/probe.yaml", "runs": 10001}`, nil, 400},
		{"negative runs", "POST", "/api/jobs", `{"scenario": "0/scn/probe.yaml", "runs": -1}`, nil, 400},
		{"cancel by GET", "GET", "/api/jobs/1/cancel", "", nil, 404}, // the page's files: none of that name
		{"cancel nothing", "POST", "/api/jobs/7/cancel", "{}", nil, 404},
		{"put", "PUT", "/api/jobs", "", nil, 405},
		{"put with a body", "PUT", "/api/jobs", start("0/scn/probe.yaml"), nil, 413},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := send(t, h, c.method, c.target, c.body, c.hdr)
			if r.code != c.want {
				t.Errorf("%d, want %d (%.200s)", r.code, c.want, r.body)
			}
		})
	}
	if entries, _ := os.ReadDir(filepath.Join(runs, JobsFolder)); len(entries) != 0 {
		t.Errorf("refused requests left %d output folders", len(entries))
	}
	// Without a Runner the server only replays.
	h = newServer(t, Config{Dirs: []string{runs}}).Handler()
	if r := send(t, h, "POST", "/api/jobs", start("0/scn/probe.yaml"), nil); r.code != 404 {
		t.Errorf("without a runner: %d, want 404", r.code)
	}
	if r := send(t, h, "GET", "/api/scenarios", "", nil); !strings.Contains(r.body, `"canRun":false`) {
		t.Errorf("without a runner, scenarios say %s", r.body)
	}
}

// TestJobsToken: beyond the loopback the POST needs the token like every
// other request.
func TestJobsToken(t *testing.T) {
	runs, _ := scenarioTree(t)
	const tok = "0123456789abcdef"
	fr := &fakeRunner{release: make(chan struct{})}
	h := newServer(t, Config{Dirs: []string{runs}, Token: tok, Runner: fr}).Handler()
	body := `{"scenario": "0/scn/probe.yaml"}`
	if r := send(t, h, "POST", "/api/jobs", body, nil); r.code != http.StatusUnauthorized {
		t.Errorf("without the token: %d, want 401", r.code)
	}
	if r := send(t, h, "POST", "/api/jobs", body, map[string]string{"Authorization": "Bearer nope"}); r.code != http.StatusUnauthorized {
		t.Errorf("with a wrong token: %d, want 401", r.code)
	}
	if r := send(t, h, "POST", "/api/jobs/1/cancel", "{}", nil); r.code != http.StatusUnauthorized {
		t.Errorf("cancel without the token: %d, want 401", r.code)
	}
	if r := send(t, h, "POST", "/api/jobs", body, map[string]string{"Authorization": "Bearer " + tok}); r.code != http.StatusAccepted {
		t.Errorf("with the token: %d, want 202", r.code)
	}
	close(fr.release)
}

func FuzzScenarioPath(f *testing.F) {
	for _, id := range []string{"0/scn/probe.yaml", "0/evil.yaml", "0/../outside/evil-scene.yaml", "0/escape/evil-scene.yaml", "0//etc/x.yaml", `0/..\outside\evil.yaml`, "00/scn/probe.yaml", "0/scn/./probe.yaml", "0/scn/notes.yaml"} {
		f.Add(id)
	}
	runs, _ := scenarioTree(f)
	s, err := New(Config{Dirs: []string{runs}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, id string) {
		_, p, file, ok := s.scenarioPath(id)
		if !ok {
			return
		}
		if p != "scn/probe.yaml" || file != filepath.Join(runs, "scn", "probe.yaml") {
			t.Fatalf("scenarioPath(%q) = %q, %q: only scn/probe.yaml is a scenario inside the folder", id, p, file)
		}
	})
}
