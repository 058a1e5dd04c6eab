package mc

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/scenario/edit"
)

// SweepFile is the index of a sweep directory; SweepCSV its table.
const (
	SweepFile = "sweep.json"
	SweepCSV  = "sweep.csv"
)

// SweepConfig sets up a parameter sweep: a batch at every point of the
// grid the Vary flags span (every combination of their values, the last
// varying fastest).
type SweepConfig struct {
	// Load reads the scenario afresh; each point edits its own copy.
	Load func() (*scenario.Scenario, error)
	// Template, when set, gives sampled figures a draw per replication
	// (see Config.Template).
	Template *scenario.Template
	// Source is the scenario file's content (see Config.Source).
	Source  []byte
	Vary    []edit.Vary
	Runs    int
	Workers int
	Resume  bool
	Out     string
	// Progress, if set, reports the batch of point i of n.
	Progress func(point, points int, p Progress)
}

// Setting is one selector's value at a sweep point.
type Setting struct {
	Selector string  `json:"selector"`
	Value    string  `json:"value"` // as given
	SI       float64 `json:"si"`    // in SI units; NaN (null in JSON) when not a number
}

// MarshalJSON writes a NaN SI value as null.
func (s Setting) MarshalJSON() ([]byte, error) {
	type plain struct {
		Selector string   `json:"selector"`
		Value    string   `json:"value"`
		SI       *float64 `json:"si"`
	}
	p := plain{Selector: s.Selector, Value: s.Value}
	if !math.IsNaN(s.SI) {
		p.SI = &s.SI
	}
	return json.Marshal(p)
}

// UnmarshalJSON reads a null SI value as NaN.
func (s *Setting) UnmarshalJSON(b []byte) error {
	var p struct {
		Selector string   `json:"selector"`
		Value    string   `json:"value"`
		SI       *float64 `json:"si"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	s.Selector, s.Value, s.SI = p.Selector, p.Value, math.NaN()
	if p.SI != nil {
		s.SI = *p.SI
	}
	return nil
}

// Point is one point of a sweep and the main estimates of its batch.
type Point struct {
	Index        int          `json:"index"`
	Dir          string       `json:"dir"` // relative to the sweep directory
	Settings     []Setting    `json:"settings"`
	PLeak        Proportion   `json:"p_leak"`
	Leakers      Mean         `json:"leakers"`
	Interceptors Mean         `json:"interceptors"`
	KillRates    []Proportion `json:"kill_rates"`
}

// Sweep is a finished sweep, as sweep.json holds it.
type Sweep struct {
	Scenario string      `json:"scenario"`
	Seed     uint64      `json:"seed"`
	Runs     int         `json:"runs"`
	Vary     []edit.Vary `json:"vary"`
	Points   []Point     `json:"points"`
}

// RunSweep runs every point of the sweep, each in its own batch directory
// out/point-NNN. Every point uses the same seed, so its replications
// share their random draws with the other points' (common random
// numbers): differences between points come from the varied figure, not
// from luck. All selectors and values are checked before anything runs.
func RunSweep(ctx context.Context, cfg SweepConfig) (*Sweep, error) {
	if len(cfg.Vary) == 0 {
		return nil, inputErrorf("sweep: nothing to vary")
	}
	grid := [][]Setting{{}}
	for _, v := range cfg.Vary {
		var next [][]Setting
		for _, g := range grid {
			for _, val := range v.Values {
				next = append(next, append(append([]Setting(nil), g...), Setting{Selector: v.Selector, Value: val}))
			}
		}
		grid = next
	}
	// Check every setting, and learn its SI value, before running.
	scens := make([]*scenario.Scenario, len(grid))
	for i, g := range grid {
		s, err := cfg.Load()
		if err != nil {
			return nil, err
		}
		for j := range g {
			x, err := edit.Set(s, g[j].Selector, g[j].Value)
			if err != nil {
				return nil, &InputError{err}
			}
			g[j].SI = x
		}
		scens[i] = s
	}
	// The sweep's folder is locked as each point's is: sweep.json is
	// written last, from the points this run made.
	unlock, err := lockDir(cfg.Out)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := export.Unseal(cfg.Out); err != nil {
		return nil, err
	}
	sw := &Sweep{Scenario: scens[0].Name, Seed: scens[0].Seed, Runs: cfg.Runs, Vary: cfg.Vary}
	for i, g := range grid {
		dir := fmt.Sprintf("point-%03d", i)
		var over []string
		for _, st := range g {
			over = append(over, st.Selector+"="+st.Value)
		}
		c := Config{Scenario: scens[i], Template: cfg.Template, Source: cfg.Source, Overrides: over, Runs: cfg.Runs,
			Workers: cfg.Workers, Resume: cfg.Resume, Out: filepath.Join(cfg.Out, dir)}
		if cfg.Progress != nil {
			c.Progress = func(p Progress) { cfg.Progress(i, len(grid), p) }
		}
		b, err := Run(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("sweep point %d (%v): %w", i, over, err)
		}
		scens[i] = nil // let it go
		pt := Point{Index: i, Dir: dir, Settings: g, KillRates: b.Stats.KillRates}
		for _, p := range b.Stats.Probabilities {
			if p.Name == "P(at least one leaker)" {
				pt.PLeak = p
			}
		}
		for _, m := range b.Stats.Means {
			switch m.Name {
			case "leakers":
				pt.Leakers = m
			case "interceptors":
				pt.Interceptors = m
			}
		}
		sw.Points = append(sw.Points, pt)
	}
	err = export.WriteHeldDir(cfg.Out, []export.File{
		{Name: SweepFile, Write: func(w io.Writer) error { return export.WriteJSON(w, sw) }},
		{Name: SweepCSV, Write: func(w io.Writer) error { return sw.WriteCSV(w) }},
	})
	if err != nil {
		return nil, err
	}
	// Each point's batch is sealed on its own; the sweep's seal covers
	// its table and the points' seals, so nothing of it changes unseen.
	names := []string{SweepFile, SweepCSV}
	for _, pt := range sw.Points {
		names = append(names, pt.Dir+"/"+export.SumsFile)
	}
	return sw, export.Seal(cfg.Out, names)
}

// WriteCSV writes one line per point: its settings, then P(at least one
// leaker), mean leakers and mean interceptors, each with its interval.
func (sw *Sweep) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"point"}
	for _, v := range sw.Vary {
		head = append(head, v.Selector, v.Selector+" (SI)")
	}
	head = append(head, "p_leak", "p_leak_lo", "p_leak_hi", "leakers", "leakers_lo", "leakers_hi",
		"interceptors", "interceptors_lo", "interceptors_hi")
	// Then each threat class's kill rate (pooled over the threats of the
	// class, Wilson interval), the classes in the order the points first
	// give them; empty where a point has no threat of the class.
	var classes []string
	for _, p := range sw.Points {
		for _, k := range p.KillRates {
			if !slices.Contains(classes, k.Name) {
				classes = append(classes, k.Name)
			}
		}
	}
	for _, c := range classes {
		head = append(head, "kill_rate_"+c, "kill_rate_"+c+"_lo", "kill_rate_"+c+"_hi")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, p := range sw.Points {
		rec := []string{strconv.Itoa(p.Index)}
		for _, s := range p.Settings {
			si := ""
			if !math.IsNaN(s.SI) {
				si = f(s.SI)
			}
			rec = append(rec, s.Value, si)
		}
		rec = append(rec, f(p.PLeak.Estimate), f(p.PLeak.Lo), f(p.PLeak.Hi),
			f(p.Leakers.Estimate), f(p.Leakers.Lo), f(p.Leakers.Hi),
			f(p.Interceptors.Estimate), f(p.Interceptors.Lo), f(p.Interceptors.Hi))
		for _, c := range classes {
			i := slices.IndexFunc(p.KillRates, func(k Proportion) bool { return k.Name == c })
			if i < 0 {
				rec = append(rec, "", "", "")
				continue
			}
			k := p.KillRates[i]
			rec = append(rec, f(k.Estimate), f(k.Lo), f(k.Hi))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// LoadSweep reads sweep.json from dir; ok is false when dir is not a
// sweep.
func LoadSweep(dir string) (sw *Sweep, ok bool, err error) {
	// The seal first, then the file: Verify refuses a sweep.json that is
	// not a regular file (a FIFO there would block the read for ever).
	if _, err := os.Lstat(filepath.Join(dir, SweepFile)); errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err := export.Verify(dir, SweepFile); err != nil {
		return nil, false, err
	}
	b, err := os.ReadFile(filepath.Join(dir, SweepFile))
	if err != nil {
		return nil, false, err
	}
	sw = new(Sweep)
	if err := json.Unmarshal(b, sw); err != nil {
		return nil, false, fmt.Errorf("%s: %w", filepath.Join(dir, SweepFile), err)
	}
	// A point's folder is one of the sweep's own: a dir of ../../x, or a
	// path, would make a report read outside it.
	for i, pt := range sw.Points {
		if pt.Dir == "" || pt.Dir != filepath.Base(pt.Dir) || !filepath.IsLocal(pt.Dir) {
			return nil, false, inputErrorf("%s: point %d: dir %q; want the name of a folder inside the sweep", filepath.Join(dir, SweepFile), i, pt.Dir)
		}
	}
	return sw, true, nil
}

// WriteTable prints the sweep as iadsim sweep does: a line per point,
// its settings, then P(leak), the mean leakers and the mean interceptors
// with their confidence intervals.
func (sw *Sweep) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "%s: sweep of %d points, %d runs each, seed %d\n\n", sw.Scenario, len(sw.Points), sw.Runs, sw.Seed)
	for _, p := range sw.Points {
		var set []string
		for _, s := range p.Settings {
			set = append(set, s.Selector+"="+s.Value)
		}
		_, err := fmt.Fprintf(w, "%-40s  P(leak) %.3f [%.3f, %.3f]  leakers %.2f [%.2f, %.2f]  interceptors %.1f [%.1f, %.1f]\n",
			strings.Join(set, " "), p.PLeak.Estimate, p.PLeak.Lo, p.PLeak.Hi,
			p.Leakers.Estimate, p.Leakers.Lo, p.Leakers.Hi, p.Interceptors.Estimate, p.Interceptors.Lo, p.Interceptors.Hi)
		if err != nil {
			return err
		}
	}
	return nil
}
