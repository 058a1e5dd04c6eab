package report

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/internal/infile"
	"github.com/iadsim/iadsim/mc"
	"github.com/iadsim/iadsim/stats"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// InputError is a failure caused by the directory given: not a finished
// batch or sweep.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Image is one embedded plot.
type Image struct {
	Title string
	URI   string // data:image/svg+xml;base64,...
	Width vg.Length
}

// Tag is the image's <img> element. It is built here rather than in the
// template because html/template would write every "+" and "=" of the
// base64 text as a character reference, a third more bytes.
func (im Image) Tag() template.HTML {
	return template.HTML(fmt.Sprintf(`<img src="%s" alt="%s" width="%.0f">`,
		im.URI, html.EscapeString(im.Title), im.Width.Points()*96/72))
}

// page is what the template reads.
type page struct {
	Title    string
	Dir      string
	Manifest mc.Manifest
	Stats    mc.Stats
	Info     mc.Info
	Scenario string // the scenario file's text
	Sweep    *mc.Sweep
	Base     string // the sweep point whose batch the page shows
	// KillClasses and KillRows are the sweep's kill rate of each threat
	// class at each point (KillRows[point][class]; nil where a point has
	// no threat of the class).
	KillClasses []string
	KillRows    [][]*mc.Proportion
	Images      map[string]*Image
	Rep0        bool
	Notes       []string // what could not be drawn, and why
}

// WriteFile writes the report of the batch or sweep in dir to out, all
// or nothing.
func WriteFile(dir, out string) error {
	var buf bytes.Buffer
	if err := Write(&buf, dir); err != nil {
		return err
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	// One file, renamed into place whole: no lock, and so no lock file
	// left beside a report written into any folder.
	return export.WriteHeldDir(filepath.Dir(abs), []export.File{{Name: filepath.Base(abs), Write: func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	}}})
}

// incomplete marks a batch or sweep folder that its writer did not finish
// (export.IncompleteError) as the user's input to fix.
func incomplete(err error) error {
	var inc *export.IncompleteError
	if errors.As(err, &inc) {
		return &InputError{err}
	}
	return err
}

// Write writes the report of the batch or sweep in dir to w.
func Write(w io.Writer, dir string) error {
	if err := infile.Dir(dir, "a batch or sweep folder (iadsim mc, merge or sweep --out)"); err != nil {
		return &InputError{err}
	}
	pg := &page{Dir: dir, Images: map[string]*Image{}}
	batchDir := dir
	sw, isSweep, err := mc.LoadSweep(dir)
	if err != nil {
		return incomplete(err)
	}
	if isSweep {
		if len(sw.Points) == 0 {
			return &InputError{fmt.Errorf("%s: a sweep with no points", dir)}
		}
		pg.Sweep = sw
		pg.Base = sw.Points[0].Dir
		batchDir = filepath.Join(dir, pg.Base)
	}
	b, err := mc.Load(batchDir)
	if err := incomplete(err); err != nil {
		return err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return &InputError{fmt.Errorf("%s: not a finished batch or sweep (run iadsim mc, merge or sweep first): %w", dir, err)}
	}
	if err != nil {
		return err
	}
	pg.Manifest, pg.Stats, pg.Info = b.Manifest, b.Stats, b.Manifest.Info
	pg.Title = "iadsim report: " + b.Manifest.Scenario
	if src, err := os.ReadFile(filepath.Join(batchDir, mc.ScenarioFile)); err == nil {
		pg.Scenario = string(src)
	}
	add := func(key, title string, p *plot.Plot, w, h vg.Length) error {
		uri, err := svgURI(p, w, h)
		if err != nil {
			return fmt.Errorf("report: %s: %w", title, err)
		}
		pg.Images[key] = &Image{Title: title, URI: uri, Width: w}
		return nil
	}

	rep0 := filepath.Join(batchDir, mc.Replication0Dir)
	// Replication 0's record is optional; a record that is there and
	// hostile is an error.
	var bad *InputError
	fc, err := readScene(filepath.Join(rep0, "scene.geojson"))
	if errors.As(err, &bad) {
		return err
	}
	if err == nil && len(fc.Features) > 0 {
		p, h, err := mapPlot(fc, pg.Info)
		if err != nil {
			return err
		}
		if err := add("map", "Map", p, wide, h); err != nil {
			return err
		}
		pg.Rep0 = true
	} else {
		pg.Notes = append(pg.Notes, "No map: replication 0's record (replication-0/scene.geojson) is not in this directory.")
	}
	evs, err := readEvents(filepath.Join(rep0, "events.jsonl"))
	if errors.As(err, &bad) {
		return err
	}
	if err == nil {
		p, h, err := timelinePlot(evs, pg.Info)
		if err != nil {
			return err
		}
		if err := add("timeline", "Timeline", p, wide, h); err != nil {
			return err
		}
	} else {
		pg.Notes = append(pg.Notes, "No timeline: replication 0's events (replication-0/events.jsonl) are not in this directory.")
	}

	leakers := make([]int, len(b.Rows))
	icpt := make([]int, len(b.Rows))
	for i, r := range b.Rows {
		leakers[i], icpt[i] = r.Leakers, r.Interceptors
	}
	for _, h := range []struct {
		key, title, x string
		v             []int
	}{
		{"leakers", "Leakers per replication", "leakers", leakers},
		{"interceptors", "Interceptors expended per replication", "interceptors", icpt},
	} {
		p, err := countHistogram(h.title, h.x, h.v)
		if err != nil {
			return err
		}
		if err := add(h.key, h.title, p, narrow, short); err != nil {
			return err
		}
	}
	if conv := mc.Convergence(b.Rows); len(conv) < 2 {
		pg.Notes = append(pg.Notes, fmt.Sprintf("No convergence plot: %d replications are too few (it starts at 5 and needs two points).", len(b.Rows)))
	} else if p, err := convergencePlot(conv); err != nil {
		return err
	} else if err := add("convergence", "Convergence", p, narrow, short); err != nil {
		return err
	}
	if p, err := rateBars("Kill rate per threat class", "fraction of threats killed", b.Stats.KillRates); err != nil {
		return err
	} else if err := add("killrates", "Kill rates", p, narrow, short); err != nil {
		return err
	}
	if len(b.Stats.Sensitivity) > 0 {
		p, h, err := sensitivityPlot(b.Stats.Sensitivity)
		if err != nil {
			return err
		}
		if err := add("sensitivity", "Sensitivity", p, wide, h); err != nil {
			return err
		}
	}
	if sw != nil {
		pg.KillClasses, pg.KillRows = sweepKillRates(sw)
		row := map[int][]*mc.Proportion{}
		for i, pt := range sw.Points {
			row[pt.Index] = pg.KillRows[i]
		}
	classes:
		for i, c := range pg.KillClasses {
			for _, r := range pg.KillRows {
				if r[i] == nil {
					continue classes // the table shows it; a plot needs every point
				}
			}
			p, err := sweepPlot(sw, "Kill rate: "+c, "fraction killed", func(pt mc.Point) stats.Interval { return row[pt.Index][i].Interval })
			if err != nil {
				return err
			}
			if err := add(fmt.Sprintf("sweep_kill_%d", i), "Kill rate: "+c, p, narrow, short); err != nil {
				return err
			}
		}
		for _, s := range []struct {
			key, title, y string
			get           func(pt mc.Point) stats.Interval
		}{
			{"sweep_pleak", "P(at least one leaker)", "probability", func(pt mc.Point) stats.Interval { return pt.PLeak.Interval }},
			{"sweep_leakers", "Mean leakers", "leakers", func(pt mc.Point) stats.Interval { return pt.Leakers.Interval }},
			{"sweep_interceptors", "Mean interceptors expended", "interceptors", func(pt mc.Point) stats.Interval { return pt.Interceptors.Interval }},
		} {
			p, err := sweepPlot(sw, s.title, s.y, s.get)
			if err != nil {
				return err
			}
			if err := add(s.key, s.title, p, narrow, short); err != nil {
				return err
			}
		}
	}
	return pageTemplate.Execute(w, pg)
}

// sweepKillRates arranges the kill rates of a sweep's points by threat
// class, the classes in the order the points first name them. A class
// missing at a point (a sweep cannot add or remove threats, but a sweep
// file written by another version might) has no entry there.
func sweepKillRates(sw *mc.Sweep) (classes []string, rows [][]*mc.Proportion) {
	col := map[string]int{}
	for _, pt := range sw.Points {
		for _, k := range pt.KillRates {
			if _, ok := col[k.Name]; !ok {
				col[k.Name] = len(classes)
				classes = append(classes, k.Name)
			}
		}
	}
	rows = make([][]*mc.Proportion, len(sw.Points))
	for i, pt := range sw.Points {
		rows[i] = make([]*mc.Proportion, len(classes))
		for j := range pt.KillRates {
			rows[i][col[pt.KillRates[j].Name]] = &pt.KillRates[j]
		}
	}
	return classes, rows
}

var funcs = template.FuncMap{
	"pct": func(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) },
	"f":   func(format string, x float64) string { return fmt.Sprintf(format, x) },
	"km":  func(m float64) string { return fmt.Sprintf("%.1f km", m/1000) },
	"min": func(s float64) string { return fmt.Sprintf("%.0f min", s/60) },
	"rounds": func(m map[string]int) string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		var parts []string
		for _, k := range ks {
			parts = append(parts, fmt.Sprintf("%d × %s", m[k], k))
		}
		return strings.Join(parts, ", ")
	},
	"join": strings.Join,
	"rate": func(p *mc.Proportion) string {
		if p == nil {
			return "–"
		}
		return fmt.Sprintf("%.3f (%d/%d) [%.3f, %.3f]", p.Estimate, p.K, p.N, p.Lo, p.Hi)
	},
	"settings": func(s []mc.Setting) string {
		var parts []string
		for _, x := range s {
			parts = append(parts, x.Selector+" = "+x.Value)
		}
		return strings.Join(parts, "; ")
	},
}

var pageTemplate = template.Must(template.New("report").Funcs(funcs).Parse(pageHTML))
