package mc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/mc/shard"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/scenario/edit"
)

// Files of a batch directory.
const (
	ManifestFile = "manifest.json"
	ScenarioFile = "scenario.yaml" // a copy of the scenario file as given
	RunsCSV      = "runs.csv"
	RunsParquet  = "runs.parquet"
	StatsFile    = "stats.json"
	// Replication0Dir holds the full record of replication 0 (events.jsonl,
	// summary.json, scene.geojson), for the report's map and timeline.
	Replication0Dir = "replication-0"
)

// MaxRuns bounds the replications of a batch: the journal is read back
// whole and the tables hold a row per replication; 2^31 runs asked for
// 15 GB before the first replication ended.
const MaxRuns = 1 << 20

// Format is the version of the batch directory layout.
const Format = 1

// InputError is a failure caused by what the user asked for (a bad
// shard, a directory that already holds another batch): the command line
// exits with code 2 on it.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErrorf(format string, a ...any) error { return &InputError{fmt.Errorf(format, a...)} }

// Shard is part Index of Count of a batch (package shard).
type Shard = shard.Shard

// ParseShard reads "i/n", 0 ≤ i < n, the form of --shard (shard.Parse).
func ParseShard(s string) (Shard, error) { return shard.Parse(s) }

// Manifest identifies a batch: what was run, with which seed, how many
// replications and which part of them. A resumed or merged batch must
// agree with it.
type Manifest struct {
	Format         int      `json:"format"`
	Scenario       string   `json:"scenario"`        // its name
	ScenarioFile   string   `json:"scenario_file"`   // the file given, as given
	ScenarioSHA256 string   `json:"scenario_sha256"` // of the file's bytes
	Seed           uint64   `json:"seed"`
	Runs           int      `json:"runs"`  // replications of the whole batch
	Shard          Shard    `json:"shard"` // the part this directory holds
	Overrides      []string `json:"overrides,omitempty"`
	Layout         Layout   `json:"layout"`
	Info           Info     `json:"info"`
}

// same reports whether m and o describe the same batch, whatever the
// shard, and what differs if not.
func (m Manifest) same(o Manifest) error {
	switch {
	case m.Format != o.Format:
		return fmt.Errorf("format %d, not %d", o.Format, m.Format)
	case m.ScenarioSHA256 != o.ScenarioSHA256:
		return fmt.Errorf("scenario file %s (sha256 %.12s), not %s (sha256 %.12s)", o.ScenarioFile, o.ScenarioSHA256, m.ScenarioFile, m.ScenarioSHA256)
	case m.Seed != o.Seed:
		return fmt.Errorf("seed %d, not %d", o.Seed, m.Seed)
	case m.Runs != o.Runs:
		return fmt.Errorf("%d runs, not %d", o.Runs, m.Runs)
	case !slices.Equal(m.Overrides, o.Overrides):
		return fmt.Errorf("overrides %q, not %q", o.Overrides, m.Overrides)
	}
	return nil
}

// Progress reports a running batch. Done counts every replication on
// record, including those a resumed batch found in its journal; Rate and
// ETA come from this session's replications only.
type Progress struct {
	Done, Total int
	Resumed     int           // replications found in the journal at the start
	Elapsed     time.Duration // since this session started
	Rate        float64       // replications per second in this session
	ETA         time.Duration // at Rate, for the rest
}

// Config sets up a batch.
type Config struct {
	// Scenario is run by every replication. Workers share it read-only.
	Scenario *scenario.Scenario
	// Template, when set and the scenario samples its catalogue figures
	// (figures: sample or uniform), gives each replication its own draw:
	// Template.Resolve with the streams of (seed, replication), then the
	// Overrides applied again.
	Template *scenario.Template
	// Source is the scenario file's content, kept in the batch directory
	// and hashed so that a resume or a merge can tell it is the same.
	Source []byte
	// Overrides records changes made to Scenario after it was read (a
	// sweep point), so they are part of the batch's identity.
	Overrides []string
	Runs      int
	Shard     Shard
	// Workers is the number of replications run at once; 0 means
	// GOMAXPROCS.
	Workers int
	// Resume continues the batch recorded in Out; without it, a directory
	// that already holds a batch is an error.
	Resume bool
	Out    string
	// Progress, if set, is called after each replication, from one
	// goroutine at a time.
	Progress func(Progress)
}

// Batch is a finished (or loaded) batch.
type Batch struct {
	Dir      string
	Manifest Manifest
	Rows     []Row // sorted by replication
	Stats    Stats
}

// runner is one session of a batch.
type runner struct {
	cfg    Config
	m      Manifest
	shared *battle.Shared // the scenario's terrain and interceptor models, made once for every replication
}

// resolve returns the scenario that replication rep runs (see Replica).
func (b *runner) resolve(rep int) (*scenario.Scenario, error) {
	return Replica(b.cfg.Template, b.cfg.Scenario, rep, b.cfg.Overrides)
}

// Replica returns the scenario that replication rep of a batch runs,
// given the batch's scenario base (read with the batch's seed, overrides
// applied), its template tm and the overrides. With sampled figures each
// replication draws its own values of the disputed public figures from
// streams of (seed, rep) only, like every other stream, so a
// replication's draw does not depend on workers or shards; the overrides
// are applied again to the fresh draw. Otherwise every replication runs
// base itself, read-only. Running the result with
// battle.Options{Replication: rep} reruns the replication alone, as
// iadsim run --replication does.
func Replica(tm *scenario.Template, base *scenario.Scenario, rep int, overrides []string) (*scenario.Scenario, error) {
	if tm == nil || (base.FigureMode != catalog.Sample && base.FigureMode != catalog.Uniform) {
		return base, nil
	}
	s, err := tm.Resolve(scenario.ReplicationStreams(base.Seed, uint64(rep)))
	if err != nil {
		return nil, fmt.Errorf("replication %d: %w", rep, err)
	}
	s.Seed = base.Seed
	for _, o := range overrides {
		sel, val, _ := strings.Cut(o, "=")
		if _, err := edit.Set(s, sel, val); err != nil {
			return nil, &InputError{fmt.Errorf("replication %d: %w", rep, err)}
		}
	}
	return s, nil
}

// figuresOf returns the catalogue figures drawn for a resolved scenario,
// by "entity.key" (such as "bn1-92n6e.ref_range"), in SI units: the
// "figure_" columns of runs.csv. Only drawn figures with a range count; a
// fixed figure is the same in every replication and says nothing about
// sensitivity. Nil means nothing was drawn.
func figuresOf(s *scenario.Scenario) map[string]float64 {
	var m map[string]float64
	for _, f := range s.Figures {
		if (f.Mode != catalog.Sample && f.Mode != catalog.Uniform) || f.Min == f.Max {
			continue
		}
		if m == nil {
			m = map[string]float64{}
		}
		name := f.Entity + "." + f.Key
		if _, dup := m[name]; !dup {
			m[name] = f.Value
		}
	}
	return m
}

// Run runs the batch cfg describes, or what is left of it, and writes its
// tables. It stops early, with the journal kept, when ctx is done or a
// replication fails.
func Run(ctx context.Context, cfg Config) (*Batch, error) {
	if cfg.Scenario == nil {
		return nil, errors.New("mc: no scenario")
	}
	if cfg.Runs < 1 || cfg.Runs > MaxRuns {
		return nil, inputErrorf("runs %d: want at least 1 and at most %d", cfg.Runs, MaxRuns)
	}
	cfg.Shard = cfg.Shard.Norm()
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	sum := sha256.Sum256(cfg.Source)
	b := &runner{cfg: cfg, m: Manifest{
		Format: Format, Scenario: cfg.Scenario.Name, ScenarioFile: cfg.Scenario.File,
		ScenarioSHA256: hex.EncodeToString(sum[:]), Seed: cfg.Scenario.Seed,
		Runs: cfg.Runs, Shard: cfg.Shard, Overrides: cfg.Overrides,
		Layout: LayoutOf(cfg.Scenario), Info: InfoOf(cfg.Scenario),
	}}
	sh, err := battle.Prepare(cfg.Scenario)
	if err != nil {
		return nil, err
	}
	b.shared = sh
	// The lock comes before the journal is read: two runs that both
	// found the folder empty, or both resumed it, would interleave their
	// records.
	unlock, err := lockDir(cfg.Out)
	if err != nil {
		return nil, err
	}
	defer unlock()
	jpath := filepath.Join(cfg.Out, JournalFile)
	done, sound, err := ReadJournal(jpath)
	if err != nil {
		return nil, err
	}
	old, err := readManifest(cfg.Out)
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	case err == nil || len(done) > 0:
		if !cfg.Resume {
			return nil, inputErrorf("%s already holds a batch (%d replications recorded): use --resume to continue it, or another --out", cfg.Out, len(done))
		}
		if err != nil {
			return nil, inputErrorf("%s: a journal but no %s: cannot tell which batch it belongs to", cfg.Out, ManifestFile)
		}
		if d := b.m.same(old); d != nil {
			return nil, inputErrorf("%s holds another batch: it has %v", cfg.Out, d)
		}
		if old.Shard != cfg.Shard {
			return nil, inputErrorf("%s holds shard %v, not %v", cfg.Out, old.Shard, cfg.Shard)
		}
	}
	for _, r := range done {
		if r.Replication < 0 || r.Replication >= cfg.Runs || !cfg.Shard.Owns(r.Replication) {
			return nil, fmt.Errorf("%s: replication %d is not part of shard %v of %d runs", jpath, r.Replication, cfg.Shard, cfg.Runs)
		}
	}
	// From here on the folder's files change: readers refuse it until the
	// batch is sealed again at its end.
	if err := export.Unseal(cfg.Out); err != nil {
		return nil, err
	}
	if err := export.WriteHeldDir(cfg.Out, []export.File{
		{Name: ManifestFile, Write: func(w io.Writer) error { return export.WriteJSON(w, b.m) }},
		{Name: ScenarioFile, Write: func(w io.Writer) error { _, err := w.Write(cfg.Source); return err }},
	}); err != nil {
		return nil, err
	}
	j, err := openJournal(jpath, sound)
	if err != nil {
		return nil, err
	}
	defer j.close()
	if err := syncDir(cfg.Out); err != nil {
		return nil, err
	}

	have := make(map[int]bool, len(done))
	for _, r := range done {
		have[r.Replication] = true
	}
	var pending []int
	all := cfg.Shard.Replications(cfg.Runs)
	for _, k := range all {
		if !have[k] {
			pending = append(pending, k)
		}
	}
	rows, err := b.pool(ctx, j, pending, len(done), len(all))
	rows = append(done, rows...)
	if err != nil {
		return nil, err
	}
	sortRows(rows)
	st, err := Finish(cfg.Out, b.m, rows)
	if err != nil {
		return nil, err
	}
	if err := seal(cfg.Out); err != nil {
		return nil, err
	}
	return &Batch{Dir: cfg.Out, Manifest: b.m, Rows: rows, Stats: st}, nil
}

type result struct {
	row Row
	err error
}

// pool runs the pending replications on the workers and journals each as
// it finishes. It returns the rows journaled in this session.
func (b *runner) pool(ctx context.Context, j *journal, pending []int, resumed, total int) ([]Row, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range min(b.cfg.Workers, max(1, len(pending))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				r, err := b.one(k)
				results <- result{r, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, k := range pending {
			select {
			case jobs <- k:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	start := time.Now()
	var rows []Row
	var first error
	for res := range results {
		if first != nil {
			continue // drain: workers finish what they hold
		}
		if res.err != nil {
			first = res.err
			cancel()
			continue
		}
		// A replication counts once it is on disk: a crash after this
		// line loses nothing, one before it loses only this replication.
		if err := j.append(&res.row); err != nil {
			first = err
			cancel()
			continue
		}
		rows = append(rows, res.row)
		if b.cfg.Progress != nil {
			el := time.Since(start)
			p := Progress{Done: resumed + len(rows), Total: total, Resumed: resumed, Elapsed: el}
			if s := el.Seconds(); s > 0 {
				p.Rate = float64(len(rows)) / s
				p.ETA = time.Duration(float64(total-p.Done) / p.Rate * float64(time.Second))
			}
			b.cfg.Progress(p)
		}
	}
	if first == nil {
		first = context.Cause(ctx)
		if len(rows)+resumed == total {
			first = nil
		}
	}
	return rows, first
}

// one runs replication k.
func (b *runner) one(k int) (Row, error) {
	s, err := b.resolve(k)
	if err != nil {
		return Row{}, fmt.Errorf("replication %d: %w", k, err)
	}
	// Replication 0 keeps its record, which the batch writes; the others
	// reduce their events to the summary as the run makes them, so that
	// a replication holds the state of its world, not its record, and
	// the run makes only the events and fields the summary reads (Lean).
	tally := battle.NewTally(s)
	opt := battle.Options{Replication: k, NoSamples: true, Shared: b.shared}
	if k != 0 {
		opt.Stream, opt.Lean = tally.Add, true
	}
	res, err := battle.Run(s, opt)
	if err != nil {
		return Row{}, fmt.Errorf("replication %d: %w", k, err)
	}
	for _, e := range res.Events {
		tally.Add(e)
	}
	sum := tally.Summary()
	if k == 0 {
		// Written before the replication is journaled, so a journaled
		// replication 0 always has its record.
		rep0 := filepath.Join(b.cfg.Out, Replication0Dir)
		// A symbolic link planted as the folder would take the record
		// outside the batch.
		if st, err := os.Lstat(rep0); err == nil && st.Mode()&os.ModeSymlink != 0 {
			return Row{}, inputErrorf("%s: a symbolic link; want a folder of the batch's own (remove it)", rep0)
		}
		if err := export.WriteHeldDir(rep0, []export.File{
			{Name: "events.jsonl", Write: func(w io.Writer) error { return export.WriteEvents(w, res.Events, epoch.New(s.Epoch)) }},
			{Name: "summary.json", Write: func(w io.Writer) error { return export.WriteJSON(w, sum) }},
			{Name: "scene.geojson", Write: func(w io.Writer) error { return export.WriteScene(w, s, res) }},
		}); err != nil {
			return Row{}, fmt.Errorf("replication 0: %w", err)
		}
	}
	r := RowOf(k, s.Seed, sum)
	r.Figures = figuresOf(s)
	return r, nil
}

func sortRows(rows []Row) {
	sort.Slice(rows, func(a, b int) bool { return rows[a].Replication < rows[b].Replication })
}

// Finish writes the tables of a directory's rows, sorted by replication:
// runs.csv, runs.parquet and stats.json, all or nothing. It checks that
// the rows are exactly the manifest shard's replications.
// The caller holds dir's lock (dirlock.Lock), as Run and Merge do.
func Finish(dir string, m Manifest, rows []Row) (Stats, error) {
	want := m.Shard.Replications(m.Runs)
	if len(rows) != len(want) {
		return Stats{}, fmt.Errorf("%s: %d of %d replications recorded", dir, len(rows), len(want))
	}
	for i, r := range rows {
		if r.Replication != want[i] {
			return Stats{}, fmt.Errorf("%s: replication %d recorded, %d expected", dir, r.Replication, want[i])
		}
	}
	st := Estimate(m.Scenario, m.Seed, m.Layout, rows)
	err := export.WriteHeldDir(dir, []export.File{
		{Name: RunsCSV, Write: func(w io.Writer) error { return WriteCSV(w, m.Layout, rows) }},
		{Name: RunsParquet, Write: func(w io.Writer) error { return WriteParquet(w, m.Layout, rows) }},
		{Name: StatsFile, Write: func(w io.Writer) error { return export.WriteJSON(w, st) }},
	})
	return st, err
}

// seal seals a finished batch directory (export.SumsFile) over its files
// and replication 0's record, the last write of Run and Merge.
func seal(dir string) error {
	names := []string{ManifestFile, ScenarioFile, JournalFile, RunsCSV, RunsParquet, StatsFile}
	ents, err := os.ReadDir(filepath.Join(dir, Replication0Dir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range ents {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, Replication0Dir+"/"+e.Name())
		}
	}
	return export.Seal(dir, names)
}

func readManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	return m, nil
}

// Load reads a finished batch directory: its manifest, its journal and its
// stats. A folder that is not sealed, or whose seal does not match its
// files, is refused with an *export.IncompleteError: a batch still
// running, or killed, is finished with --resume first.
func Load(dir string) (*Batch, error) {
	if err := export.Verify(dir, ManifestFile, JournalFile, StatsFile); err != nil {
		return nil, err
	}
	m, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	rows, _, err := ReadJournal(filepath.Join(dir, JournalFile))
	if err != nil {
		return nil, err
	}
	sortRows(rows)
	b := &Batch{Dir: dir, Manifest: m, Rows: rows}
	sb, err := os.ReadFile(filepath.Join(dir, StatsFile))
	if err != nil {
		return nil, fmt.Errorf("%s: not a finished batch: %w", dir, err)
	}
	if err := json.Unmarshal(sb, &b.Stats); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, StatsFile), err)
	}
	return b, nil
}
