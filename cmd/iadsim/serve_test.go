package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/iadsim/iadsim/internal/oracle"
)

func TestLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.1.2.3": true, "::1": true, "localhost": true,
		"": false, "0.0.0.0": false, "::": false, "192.168.1.10": false, "example.org": false,
	} {
		if got := loopback(host); got != want {
			t.Errorf("loopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestServeBadInput(t *testing.T) {
	for _, a := range [][]string{
		{"serve", filepath.Join(t.TempDir(), "nowhere")},
		{"serve", "--addr", "8080", t.TempDir()},
	} {
		if r := iadsim(t, a...); r.code != 2 || r.stderr == "" {
			t.Errorf("iadsim %q: exit %d, stderr %q; want 2 and why", a, r.code, r.stderr)
		}
	}
}

// startServe starts iadsim serve with args and returns the address it
// prints; the server is interrupted when the test ends.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGINT)
		if err := cmd.Wait(); err != nil {
			t.Errorf("iadsim serve after an interrupt: %v, stderr %q; want exit 0", err, stderr.String())
		}
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("iadsim serve printed no address: %v, stderr %q", err, stderr.String())
	}
	u, ok := strings.CutPrefix(strings.TrimSpace(line), "iadsim serve: open ")
	if !ok {
		t.Fatalf("iadsim serve printed %q", line)
	}
	go io.Copy(io.Discard, out)
	return u
}

func status(t *testing.T, u string) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestServeTokenBeyondLoopback: bound to every interface, iadsim serve
// makes a token, prints it in the address, and refuses requests without it.
func TestServeTokenBeyondLoopback(t *testing.T) {
	printed := startServe(t, "--addr", "0.0.0.0:0", t.TempDir())
	u, err := url.Parse(printed)
	if err != nil {
		t.Fatal(err)
	}
	tok := u.Query().Get("token")
	if len(tok) < 32 {
		t.Fatalf("printed %q: want a token of 128 bits or more", printed)
	}
	base := "http://127.0.0.1:" + u.Port()
	if c := status(t, base+"/api/runs"); c != http.StatusUnauthorized {
		t.Errorf("without the token: %d, want 401", c)
	}
	if c := status(t, base+"/api/runs?token=x"+tok[1:]); c != http.StatusUnauthorized {
		t.Errorf("with a wrong token: %d, want 401", c)
	}
	if c := status(t, base+"/api/runs?token="+tok); c != http.StatusOK {
		t.Errorf("with the token: %d, want 200", c)
	}
	// On the loopback no token is asked for.
	local := startServe(t, "--addr", "127.0.0.1:0", t.TempDir())
	if strings.Contains(local, "token") || status(t, local+"api/runs") != http.StatusOK {
		t.Errorf("on the loopback: %q", local)
	}
}

type replayEvent struct {
	T      float64         `json:"t"`
	Type   string          `json:"type"`
	Threat string          `json:"threat"`
	Killed bool            `json:"killed"`
	Pos    json.RawMessage `json:"pos"`
}

func readEvents(t *testing.T, path string) []replayEvent {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var evs []replayEvent
	for line := range strings.SplitSeq(strings.TrimSpace(string(b)), "\n") {
		var e replayEvent
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e)
	}
	return evs
}

// TestServeInChromium runs the bundled example, serves it beyond the
// loopback (so with a token), and drives the page in headless Chromium:
// the run loads, replays to its end at 1000x, the markers drawn at the end
// are the run's kills, misses and leaks, every interceptor is drawn along
// its samples, and clicking the first kill in the log sets the clock to it
// and shows its threat's story, every event of that threat in order. At an
// interceptor's sample time the page puts it where tracks.csv does, and the
// altitude-range profile draws it, the threats and the radar's envelope;
// a coverage layer of iadsim coverage is drawn over the map.
// Then, from the page: one run of the cruise missile probe and a batch of
// two, each replayed or compared when done; the page's batch compares
// equal, figure for figure, to the same batch made by iadsim mc, and the
// page's run differs from the raid. No console error or exception, no
// request leaves the server. Screenshots are kept in the test's temporary
// folder, or in $IADSIM_ARTIFACTS when set.
//
// The map needs WebGL, which headless Chromium gives through SwiftShader
// where it can; when it cannot, the page says so and the test still checks
// the clock, the log, the story and what would be drawn.
func TestServeInChromium(t *testing.T) {
	oracle.Chromium(t) // skip before the run when there is no browser
	runs := t.TempDir()
	if r := iadsim(t, "run", example, "--out", filepath.Join(runs, "raid")); r.code != 0 {
		t.Fatalf("run: %d %s", r.code, r.stderr)
	}
	// The probe, as a scenario the page can run, and a batch of it made by
	// iadsim mc for the page's own to compare with.
	probe := "../../examples/s400-cruise-missile-probe.yaml"
	src, err := os.ReadFile(probe)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(runs, "scenarios"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(runs, "scenarios", "probe.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := iadsim(t, "mc", probe, "--runs", "2", "--out", filepath.Join(runs, "mc")); r.code != 0 {
		t.Fatalf("mc: %d %s", r.code, r.stderr)
	}
	if r := iadsim(t, "coverage", probe, "--alt", "300m", "--rcs", "0.1m2", "--out", filepath.Join(runs, "cov")); r.code != 0 {
		t.Fatalf("coverage: %d %s", r.code, r.stderr)
	}
	flown := interceptorSamples(t, filepath.Join(runs, "raid", "tracks.csv"))
	evs := readEvents(t, filepath.Join(runs, "raid", "events.jsonl"))
	wantMarks, firstKill, launches := 0, -1, 0
	for i, e := range evs {
		if e.Type == "launch" {
			launches++
		}
		if e.Pos != nil && (e.Type == "kill" || e.Type == "leak" || (e.Type == "intercept" && !e.Killed)) {
			wantMarks++
		}
		if e.Type == "kill" && firstKill < 0 {
			firstKill = i
		}
	}
	if firstKill < 0 {
		t.Fatal("the example has no kill to click")
	}
	var wantStory []string
	for _, e := range evs {
		if e.Threat == evs[firstKill].Threat {
			wantStory = append(wantStory, e.Type)
		}
	}

	page := startServe(t, "--addr", "0.0.0.0:0", runs)
	page = strings.Replace(page, "0.0.0.0", "127.0.0.1", 1)
	origin := page[:strings.Index(page[len("http://"):], "/")+len("http://")]
	shots := os.Getenv("IADSIM_ARTIFACTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	// WebGL from the CPU (SwiftShader), for MapLibre.
	bctx := oracle.Browser(t, chromedp.WindowSize(1400, 900), chromedp.Flag("use-gl", "angle"),
		chromedp.Flag("use-angle", "swiftshader"), chromedp.Flag("enable-unsafe-swiftshader", true))
	problems := oracle.PageProblems(t, bctx, func(u string) bool {
		return strings.HasPrefix(u, origin) || strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "blob:")
	})

	ctx, cancelTimeout := context.WithTimeout(bctx, 15*time.Minute)
	defer cancelTimeout()
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](js)); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
	}
	pollFor := func(js string, d time.Duration) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(d))); err != nil {
			t.Fatalf("waiting for %s: %v", js, err)
		}
	}
	poll := func(js string) { t.Helper(); pollFor(js, 90*time.Second) }
	click := func(sel string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
	}

	// The raid, not the first run found (the batch's replication 0).
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"&run=0/raid")); err != nil {
		t.Fatal(err)
	}
	poll(`window.iadsim && window.iadsim.ready`)
	type pageState struct {
		Run    string         `json:"run"`
		Events int            `json:"events"`
		End    float64        `json:"end"`
		T      float64        `json:"t"`
		MapOK  bool           `json:"mapOK"`
		MapWhy string         `json:"mapWhy"`
		Drawn  map[string]int `json:"drawn"`
		Story  string         `json:"story"`
	}
	state := func() pageState {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](`({run: iadsim.run, events: iadsim.events.length, end: iadsim.end, t: iadsim.t, mapOK: iadsim.mapOK, mapWhy: iadsim.mapWhy, drawn: iadsim.drawn, story: iadsim.story})`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := state()
	if s.Run != "0/raid" || s.Events != len(evs) || s.End != evs[len(evs)-1].T {
		t.Fatalf("loaded %+v; want run 0/raid, %d events, end %g", s, len(evs), evs[len(evs)-1].T)
	}
	if !s.MapOK {
		t.Logf("the map cannot render in this headless Chromium (%s): the clock, log, story and what would be drawn are checked, the map canvas is not", s.MapWhy)
	}

	// Replay to the end.
	eval(`document.getElementById('speed').value = '1000'`)
	if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS(`#play`))); err != nil {
		t.Fatal(err)
	}
	poll(`iadsim.t >= iadsim.end && !iadsim.playing`)
	s = state()
	if s.Drawn["marks"] != wantMarks || s.Drawn["shots"] != launches || s.Drawn["flyouts"] != launches || s.Drawn["rings"] == 0 {
		t.Errorf("at the end: drawn %v; want %d kill, miss and leak markers, %d shots all along their samples (flyouts), and radar rings", s.Drawn, wantMarks, launches)
	}
	future, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#log li.future').length`))
	if err != nil || future != 0 {
		t.Errorf("at the end, %d log rows still in the future (%v)", future, err)
	}
	shot("serve-end.png")

	// Click the first kill in the log.
	if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS(`#log li[data-type="kill"]`))); err != nil {
		t.Fatal(err)
	}
	poll(`!document.getElementById('story').hidden`)
	s = state()
	if s.Story != evs[firstKill].Threat || s.T != evs[firstKill].T {
		t.Errorf("after clicking the first kill: story %q at t %g; want %q at %g", s.Story, s.T, evs[firstKill].Threat, evs[firstKill].T)
	}
	story, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#story-events li')).map(li => li.dataset.type)`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(story, wantStory) {
		t.Errorf("story of %s: %q\nwant %q", evs[firstKill].Threat, story, wantStory)
	}
	// Let the map fly to the kill before the picture.
	poll(`!iadsim.flying`)
	shot("serve-kill.png")

	// An interceptor in flight, at one of its sample times: where
	// tracks.csv puts it, on the map and in the profile.
	var mid flownSample
	for _, ss := range flown {
		if len(ss) > 4 {
			mid = ss[len(ss)/2]
			break
		}
	}
	if mid.id == "" {
		t.Fatal("the raid has no interceptor with samples in flight")
	}
	eval(fmt.Sprintf(`(() => { const s = document.getElementById('slider'); s.value = %q; s.dispatchEvent(new Event('input')); })()`, strconv.FormatFloat(mid.t, 'f', -1, 64)))
	at, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => { const a = iadsim.aloft.find(x => x.id === %q); return a ? [a.lon, a.lat] : []; })()`, mid.id)))
	if err != nil || len(at) != 2 || math.Abs(at[0]-mid.lon) > 1e-9 || math.Abs(at[1]-mid.lat) > 1e-9 {
		t.Errorf("interceptor %s at %g s: the page draws it at %v (%v), tracks.csv at %g, %g", mid.id, mid.t, at, err, mid.lon, mid.lat)
	}
	click(`#show-profile`)
	poll(`!!iadsim.profile`)
	prof, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`iadsim.profile`))
	if err != nil || prof["envelope"] != true || prof["threats"].(float64) < 1 || prof["interceptors"].(float64) < 1 {
		t.Errorf("profile at %g s: %v (%v); want the envelope, threats and interceptors", mid.t, prof, err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#profile-svg polyline, #profile-svg polygon.envelope').length`))
	if err != nil || n < 3 {
		t.Errorf("profile: %d lines and envelopes drawn (%v)", n, err)
	}
	shot("serve-profile.png")
	click(`#show-profile`)

	// A coverage layer of iadsim coverage, over the map.
	eval(`(() => { const c = document.getElementById('coverage'); c.value = '0/cov|detection_300m.geojson'; c.dispatchEvent(new Event('change')); })()`)
	poll(`!!iadsim.coverage && iadsim.coverage.layer === '0/cov|detection_300m.geojson'`)
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`iadsim.coverage.features`)); err != nil || n < 1 {
		t.Errorf("coverage layer: %d features (%v)", n, err)
	}
	shot("serve-coverage.png")

	// Run the probe from the page, then replay it to its end.
	job := func(id, runs string) {
		t.Helper()
		eval(`document.getElementById('scenarios').value = '0/scenarios/probe.yaml'; document.getElementById('nruns').value = '` + runs + `'`)
		click(`#start`)
		pollFor(`iadsim.jobs.some(j => j.id === '`+id+`' && j.state !== 'running')`, 10*time.Minute)
		st, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`iadsim.jobs.find(j => j.id === '`+id+`')`))
		if err != nil || st["state"] != "done" || st["done"] != st["total"] {
			t.Fatalf("job %s: %v (%v)", id, st, err)
		}
	}
	job("1", "1")
	click(`#job-list li[data-job="1"] .replay`)
	poll(`iadsim.ready && iadsim.run === '0/iadsim-runs/probe-1'`)
	click(`#play`)
	poll(`iadsim.t >= iadsim.end && !iadsim.playing`)
	s = state()
	if s.Drawn["marks"] < 1 || s.Drawn["flyouts"] < 1 {
		t.Errorf("the probe run from the page, at its end: drawn %v; want its kill and its interceptor", s.Drawn)
	}
	shot("serve-page-run.png")

	// A batch from the page, compared with iadsim mc's; the page's run
	// with the raid.
	job("2", "2")
	click(`#show-compare`)
	cmp := func(a, b string) map[string]any {
		t.Helper()
		eval(`for (const [id, v] of [['cmp-a', '` + a + `'], ['cmp-b', '` + b + `']]) document.getElementById(id).value = v; document.getElementById('cmp-b').dispatchEvent(new Event('change'))`)
		poll(`iadsim.compare && iadsim.compare.a === '` + a + `' && iadsim.compare.b === '` + b + `'`)
		c, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]any](`iadsim.compare`))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := cmp("0/mc", "0/iadsim-runs/probe-2"); c["rows"].(float64) < 5 || c["diffs"].(float64) != 0 {
		t.Errorf("the page's batch against iadsim mc's of the same scenario and seed: %v; want the same figures", c)
	}
	if c := cmp("0/raid", "0/iadsim-runs/probe-1"); c["rows"].(float64) < 5 || c["diffs"].(float64) == 0 {
		t.Errorf("the raid against the probe: %v; want figures that differ", c)
	}
	shot("serve-compare.png")
	t.Logf("screenshots in %s", shots)

	for _, p := range problems() {
		t.Error(p)
	}
}

type flownSample struct {
	id          string
	t, lon, lat float64
}

// interceptorSamples reads the interceptor rows of tracks.csv, by
// interceptor.
func interceptorSamples(t *testing.T, path string) map[string][]flownSample {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	out := map[string][]flownSample{}
	for _, r := range rows[1:] {
		if r[col["kind"]] != "interceptor" {
			continue
		}
		num := func(c string) float64 {
			x, err := strconv.ParseFloat(r[col[c]], 64)
			if err != nil {
				t.Fatal(err)
			}
			return x
		}
		s := flownSample{id: r[col["id"]], t: num("time_s"), lon: num("lon_deg"), lat: num("lat_deg")}
		out[s.id] = append(out[s.id], s)
	}
	return out
}
