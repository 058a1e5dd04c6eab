package mc

import (
	"encoding/csv"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"

	mcjournal "github.com/iadsim/iadsim/mc/journal"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/summary"
	"github.com/parquet-go/parquet-go"
)

// Row is the result of one replication: what runs.csv holds in one line
// and the journal one record (package journal).
type Row = mcjournal.Row

// RowOf reduces the summary of replication rep.
func RowOf(rep int, seed uint64, s summary.Summary) Row {
	r := Row{
		Replication: rep, Seed: seed,
		Leakers: s.Totals.Leakers, Kills: s.Totals.Kills, Survivors: s.Totals.Survivors,
		Detected: s.Totals.Detected, Interceptors: s.Totals.Interceptors, AtDecoys: s.Totals.AtDecoys,
		Struck: s.Totals.Struck, GunRounds: s.Totals.GunRounds,
		InterceptorsByType: map[string]int{}, KillsByClass: map[string]int{},
		LeakersByClass: map[string]int{}, FirstDetection: map[string]float64{},
	}
	for k, v := range s.Totals.ByType {
		r.InterceptorsByType[k] = v
	}
	for _, l := range s.Destroyed {
		if r.Destroyed == nil {
			r.Destroyed = map[string]bool{}
		}
		r.Destroyed[l.ID] = true
	}
	for _, t := range s.Threats {
		switch t.Outcome {
		case summary.Killed:
			r.KillsByClass[t.Type]++
		case summary.Leaked:
			r.LeakersByClass[t.Type]++
		}
		if t.Detected && t.FirstDetectionT != nil {
			r.FirstDetection[t.ID] = *t.FirstDetectionT
		}
	}
	return r
}

// ThreatRef is a threat of the scenario: its id and class.
type ThreatRef struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// Layout fixes the columns of a batch's tables. It comes from the
// scenario, not from the runs, so every shard of a batch has the same
// columns even when a missile type was never fired in its replications.
type Layout struct {
	Missiles []string    `json:"missiles"` // interceptor types, sorted
	Threats  []ThreatRef `json:"threats"`  // in scenario order
	// Equipment are the units' radars, launchers and command posts that
	// threats aim at (target: their id; every radar when a threat aims at
	// emitters), in unit order: what may be destroyed.
	Equipment []string `json:"equipment,omitempty"`
}

// LayoutOf reads the layout from a scenario.
func LayoutOf(s *scenario.Scenario) Layout {
	seen := map[string]bool{}
	var l Layout
	for _, u := range s.Units {
		for _, m := range u.Missiles {
			if !seen[m.Name] {
				seen[m.Name] = true
				l.Missiles = append(l.Missiles, m.Name)
			}
		}
	}
	sort.Strings(l.Missiles)
	aimed, emitters := map[string]bool{}, false
	for _, t := range s.Threats {
		l.Threats = append(l.Threats, ThreatRef{ID: t.ID, Type: t.Type})
		if t.Equipment != nil {
			aimed[t.Equipment.ID] = true
		}
		emitters = emitters || t.Emitters
	}
	for _, u := range s.Units {
		ids := []string{u.CommandPost.ID}
		for _, r := range u.Radars {
			ids = append(ids, r.ID)
			if emitters {
				aimed[r.ID] = true
			}
		}
		for _, ln := range u.Launchers {
			ids = append(ids, ln.ID)
		}
		for _, id := range ids {
			if aimed[id] {
				l.Equipment = append(l.Equipment, id)
			}
		}
	}
	return l
}

// Classes returns the threat classes, sorted, and how many threats each
// has.
func (l Layout) Classes() ([]string, map[string]int) {
	n := map[string]int{}
	var cs []string
	for _, t := range l.Threats {
		if n[t.Type] == 0 {
			cs = append(cs, t.Type)
		}
		n[t.Type]++
	}
	sort.Strings(cs)
	return cs, n
}

// figureNames is the sorted union of the figures drawn in rows: every
// replication of a sampled batch draws the same figures, but a shard
// cannot know them before it runs.
func figureNames(rows []Row) []string {
	seen := map[string]bool{}
	var names []string
	for _, r := range rows {
		for k := range r.Figures {
			if !seen[k] {
				seen[k] = true
				names = append(names, k)
			}
		}
	}
	sort.Strings(names)
	return names
}

// column is one column of the tables: its name, and its value in a row
// (ok false for an empty cell).
type column struct {
	name    string
	integer bool
	get     func(r *Row) (v float64, ok bool)
}

// Column name prefixes of the per-type, per-class, per-threat and
// per-figure columns.
const (
	PrefixInterceptors   = "interceptors_"
	PrefixKills          = "kills_"
	PrefixLeakers        = "leakers_"
	PrefixFirstDetection = "first_detection_s_"
	PrefixFigure         = "figure_"
	PrefixDestroyed      = "destroyed_"
)

func columns(l Layout, rows []Row) []column {
	i := func(name string, f func(r *Row) int) column {
		return column{name: name, integer: true, get: func(r *Row) (float64, bool) { return float64(f(r)), true }}
	}
	cols := []column{
		i("replication", func(r *Row) int { return r.Replication }),
		{name: "seed", integer: true, get: func(r *Row) (float64, bool) { return 0, true }}, // written from Seed directly
		i("leakers", func(r *Row) int { return r.Leakers }),
		i("kills", func(r *Row) int { return r.Kills }),
		i("survivors", func(r *Row) int { return r.Survivors }),
		i("detected", func(r *Row) int { return r.Detected }),
		i("interceptors", func(r *Row) int { return r.Interceptors }),
		i("interceptors_at_decoys", func(r *Row) int { return r.AtDecoys }),
		i("struck", func(r *Row) int { return r.Struck }),
		i("gun_rounds", func(r *Row) int { return r.GunRounds }),
	}
	for _, m := range l.Missiles {
		cols = append(cols, i(PrefixInterceptors+m, func(r *Row) int { return r.InterceptorsByType[m] }))
	}
	classes, _ := l.Classes()
	for _, c := range classes {
		cols = append(cols, i(PrefixKills+c, func(r *Row) int { return r.KillsByClass[c] }))
	}
	for _, c := range classes {
		cols = append(cols, i(PrefixLeakers+c, func(r *Row) int { return r.LeakersByClass[c] }))
	}
	for _, t := range l.Threats {
		cols = append(cols, column{name: PrefixFirstDetection + t.ID, get: func(r *Row) (float64, bool) {
			v, ok := r.FirstDetection[t.ID]
			return v, ok
		}})
	}
	for _, id := range l.Equipment {
		cols = append(cols, i(PrefixDestroyed+id, func(r *Row) int {
			if r.Destroyed[id] {
				return 1
			}
			return 0
		}))
	}
	for _, f := range figureNames(rows) {
		cols = append(cols, column{name: PrefixFigure + f, get: func(r *Row) (float64, bool) {
			v, ok := r.Figures[f]
			return v, ok
		}})
	}
	return cols
}

// WriteCSV writes rows, already sorted by replication, as runs.csv: a
// header, then one line per replication. Counts are integers, times and
// figures the shortest decimal that reads back as the same float64; an
// undetected threat's first detection is an empty cell.
func WriteCSV(w io.Writer, l Layout, rows []Row) error {
	cols := columns(l, rows)
	cw := csv.NewWriter(w)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for ri := range rows {
		r := &rows[ri]
		for i, c := range cols {
			v, ok := c.get(r)
			switch {
			case c.name == "seed":
				rec[i] = strconv.FormatUint(r.Seed, 10)
			case !ok:
				rec[i] = ""
			case c.integer:
				rec[i] = strconv.FormatInt(int64(v), 10)
			default:
				rec[i] = strconv.FormatFloat(v, 'g', -1, 64)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteParquet writes the same table as WriteCSV as Parquet, columns in
// the same order: counts INT64 (seed UINT64), times and figures DOUBLE,
// first detections OPTIONAL (null when undetected). Pages are
// Snappy-compressed.
func WriteParquet(w io.Writer, l Layout, rows []Row) error {
	cols := columns(l, rows)
	// A struct type built at run time keeps the columns in table order;
	// a parquet.Group would sort them by name.
	fields := make([]reflect.StructField, len(cols))
	for i, c := range cols {
		f := reflect.StructField{Name: fmt.Sprintf("C%d", i)}
		switch {
		case c.name == "seed":
			f.Type = reflect.TypeFor[uint64]()
		case c.integer:
			f.Type = reflect.TypeFor[int64]()
		default:
			f.Type = reflect.TypeFor[*float64]()
		}
		tag := c.name
		if !c.integer {
			tag += ",optional"
		}
		f.Tag = reflect.StructTag(fmt.Sprintf(`parquet:%q`, tag+",snappy"))
		fields[i] = f
	}
	typ := reflect.StructOf(fields)
	pw := parquet.NewWriter(w, parquet.SchemaOf(reflect.New(typ).Interface()),
		parquet.CreatedBy("iadsim", "", ""))
	for ri := range rows {
		r := &rows[ri]
		v := reflect.New(typ)
		e := v.Elem()
		for i, c := range cols {
			x, ok := c.get(r)
			switch {
			case c.name == "seed":
				e.Field(i).SetUint(r.Seed)
			case c.integer:
				e.Field(i).SetInt(int64(x))
			case ok:
				e.Field(i).Set(reflect.ValueOf(&x))
			}
		}
		if err := pw.Write(v.Interface()); err != nil {
			return fmt.Errorf("row %d: %w", r.Replication, err)
		}
	}
	return pw.Close()
}
