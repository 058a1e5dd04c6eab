package report

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/oracle"
	"github.com/iadsim/iadsim/mc"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/scenario/edit"
)

const small = "../mc/testdata/small.yaml"

// fixtures builds a small batch and a small sweep once for all tests.
var fixtures = sync.OnceValues(func() ([2]string, error) {
	dir, err := os.MkdirTemp("", "iadsim-report-")
	if err != nil {
		return [2]string{}, err
	}
	src, err := os.ReadFile(small)
	if err != nil {
		return [2]string{}, err
	}
	s, err := scenario.Load(small)
	if err != nil {
		return [2]string{}, err
	}
	batch := filepath.Join(dir, "batch")
	if _, err := mc.Run(context.Background(), mc.Config{Scenario: s, Source: src, Runs: 20, Out: batch}); err != nil {
		return [2]string{}, err
	}
	sweep := filepath.Join(dir, "sweep")
	_, err = mc.RunSweep(context.Background(), mc.SweepConfig{
		Load:   func() (*scenario.Scenario, error) { return scenario.Load(small) },
		Source: src, Runs: 4, Out: sweep,
		Vary: []edit.Vary{{Selector: "threats.cm.rcs", Values: []string{"0.01 m2", "0.1 m2", "1 m2"}}},
	})
	return [2]string{batch, sweep}, err
})

func setup(t *testing.T) (batch, sweep string) {
	t.Helper()
	d, err := fixtures()
	if err != nil {
		t.Fatal(err)
	}
	return d[0], d[1]
}

func TestMain(m *testing.M) {
	code := m.Run()
	if d, err := fixtures(); err == nil {
		os.RemoveAll(filepath.Dir(d[0]))
	}
	os.Exit(code)
}

var (
	externalRef = regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:|//)|<script|<link|@import|url\(\s*['"]?https?:`)
	dataURI     = regexp.MustCompile(`src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"`)
)

// TestSelfContained checks what the HTML refers to: nothing outside the
// file, no script, and every plot a valid embedded SVG.
func TestSelfContained(t *testing.T) {
	batch, sweep := setup(t)
	for _, c := range []struct {
		dir    string
		plots  int
		phrase []string
	}{
		{batch, 6, []string{"Threat classes", "P(at least one leaker)", "wilson", "bca-bootstrap", "bn1-92n6e"}},
		// The sweep's kill rate per class at each point, with intervals
		// (issue 12), and one plot per class.
		{sweep, 10, []string{"Sweep", "too few", "threats.cm.rcs = 0.01 m2", "point-002", "Kill rate: supersonic-cruise-missile", "Kill rate: shahed-136"}},
	} {
		out := filepath.Join(t.TempDir(), "report.html")
		if err := WriteFile(c.dir, out); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		html := string(b)
		if m := externalRef.FindString(html); m != "" {
			t.Errorf("%s: external reference or script: %q", c.dir, m)
		}
		imgs := dataURI.FindAllStringSubmatch(html, -1)
		if len(imgs) != c.plots {
			t.Errorf("%s: %d embedded plots, want %d", c.dir, len(imgs), c.plots)
		}
		for _, m := range imgs {
			svg, err := base64.StdEncoding.DecodeString(m[1])
			if err != nil || !strings.Contains(string(svg), "<svg") || !strings.Contains(string(svg), "</svg>") {
				t.Errorf("%s: a plot is not an SVG (%v)", c.dir, err)
			}
		}
		for _, p := range c.phrase {
			if !strings.Contains(html, p) {
				t.Errorf("%s: report lacks %q", c.dir, p)
			}
		}
	}
}

func TestNotABatch(t *testing.T) {
	err := WriteFile(t.TempDir(), filepath.Join(t.TempDir(), "r.html"))
	if _, ok := err.(*InputError); !ok {
		t.Errorf("report of an empty directory: %v, want an InputError", err)
	}
}

// TestReportInChromium opens the batch and sweep reports in headless
// Chromium, driven by chromedp, with the network closed to it: the pages
// must load with no console error, no exception, no request for anything
// outside the file, and every image decoded. It takes a screenshot of
// each, kept in the test's temporary directory, or in
// $IADSIM_ARTIFACTS when that is set.
func TestReportInChromium(t *testing.T) {
	oracle.Chromium(t) // skip before the batches when there is no browser
	batch, sweep := setup(t)
	shots := os.Getenv("IADSIM_ARTIFACTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	bctx := oracle.Browser(t, chromedp.WindowSize(1280, 1000))

	for _, c := range []struct{ name, dir string }{{"batch", batch}, {"sweep", sweep}} {
		html := filepath.Join(t.TempDir(), c.name+".html")
		if err := WriteFile(c.dir, html); err != nil {
			t.Fatal(err)
		}
		tctx, cancelTab := chromedp.NewContext(bctx)
		// Open the tab before listening, so no event of the page is missed.
		if err := chromedp.Do(tctx); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var problems []string
		err := chromedp.Listen(tctx, func(ev any) {
			mu.Lock()
			defer mu.Unlock()
			switch e := ev.(type) {
			case *runtime.EventConsoleAPICalled:
				if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert || e.Type == runtime.ConsoleAPICalledTypeWarning {
					problems = append(problems, "console "+string(e.Type))
				}
			case *runtime.EventExceptionThrown:
				problems = append(problems, "exception: "+e.ExceptionDetails.Text)
			case *log.EventEntryAdded:
				if e.Entry.Level == log.EntryLevelError || e.Entry.Level == log.EntryLevelWarning {
					problems = append(problems, "log "+string(e.Entry.Level)+": "+e.Entry.Text+" "+e.Entry.URL)
				}
			case *network.EventRequestWillBeSent:
				u := e.Request.URL
				if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
					problems = append(problems, "request: "+u)
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancelTimeout := context.WithTimeout(tctx, 60*time.Second)
		err = chromedp.Do(ctx, chromedp.Navigate("file://"+html), chromedp.WaitReady(chromedp.CSS("body")))
		var title string
		var broken []string
		var images int
		var png []byte
		if err == nil {
			title, err = chromedp.Run(ctx, chromedp.Title())
		}
		if err == nil {
			_, err = chromedp.Run(ctx, chromedp.Poll[bool](`Array.from(document.images).every(i => i.complete)`, chromedp.WithPollingTimeout(20*time.Second)))
		}
		if err == nil {
			images, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.images.length`))
		}
		if err == nil {
			broken, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.images).filter(i => !(i.naturalWidth > 0)).map(i => i.alt)`))
		}
		if err == nil {
			png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		}
		cancelTimeout()
		cancelTab()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !strings.HasPrefix(title, "iadsim report: ") {
			t.Errorf("%s: title %q", c.name, title)
		}
		if images == 0 || len(broken) > 0 {
			t.Errorf("%s: %d images, these did not decode: %q", c.name, images, broken)
		}
		mu.Lock()
		for _, p := range problems {
			t.Errorf("%s: %s", c.name, p)
		}
		mu.Unlock()
		shot := filepath.Join(shots, "report-"+c.name+".png")
		if err := os.WriteFile(shot, png, 0o644); err != nil {
			t.Fatal(err)
		}
		if len(png) < 10_000 {
			t.Errorf("%s: screenshot of %d bytes", c.name, len(png))
		}
		t.Logf("%s: screenshot %s (%d bytes)", c.name, shot, len(png))
	}
}

func BenchmarkWrite(b *testing.B) {
	d, err := fixtures()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := Write(discard{}, d[0]); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// TestSweepKillRates: a sweep's report shows the kill rate of every
// threat class at every point, with its Wilson interval, as sweep.json
// holds it (issue 12: kill probability against the varied figure).
func TestSweepKillRates(t *testing.T) {
	_, sweep := setup(t)
	sw, _, err := mc.LoadSweep(sweep)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, sweep); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, pt := range sw.Points {
		if len(pt.KillRates) != 2 {
			t.Fatalf("%s: %d kill rates, want the 2 classes of the raid", pt.Dir, len(pt.KillRates))
		}
		for _, k := range pt.KillRates {
			cell := fmt.Sprintf(`<td class="n">%.3f (%d/%d) [%.3f, %.3f]</td>`, k.Estimate, k.K, k.N, k.Lo, k.Hi)
			if !strings.Contains(html, cell) {
				t.Errorf("%s, %s: no cell %s", pt.Dir, k.Name, cell)
			}
		}
	}
}

// reseal seals dir again over the files its seal lists, as someone who
// changed them on purpose would.
func reseal(t *testing.T, dir string) {
	t.Helper()
	names, err := export.Listed(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := export.Seal(dir, names); err != nil {
		t.Fatal(err)
	}
}

// TestHostileScene: a batch whose scene or events hold coordinates or
// times no run writes (1e308: the plotting library's tick labelling
// never ended) is refused as input, at once (issue 19, item 8).
func TestHostileScene(t *testing.T) {
	batch, _ := setup(t)
	for _, c := range []struct{ file, old, new string }{
		{"scene.geojson", `"coordinates": [`, `"coordinates": [1e308,`},
		{"events.jsonl", `"t":0`, `"t":1e308`},
	} {
		t.Run(c.file, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "batch")
			if err := os.CopyFS(dir, os.DirFS(batch)); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, mc.Replication0Dir, c.file)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			nb := strings.Replace(string(b), c.old, c.new, 1)
			if nb == string(b) {
				t.Fatalf("%q not in %s", c.old, c.file)
			}
			os.WriteFile(p, []byte(nb), 0o644)
			reseal(t, dir) // a hostile batch can carry a seal that matches
			err = WriteFile(dir, filepath.Join(t.TempDir(), "r.html"))
			if _, ok := err.(*InputError); !ok || !strings.Contains(err.Error(), c.file) {
				t.Errorf("report: %v; want an InputError naming %s", err, c.file)
			}
		})
	}
}
