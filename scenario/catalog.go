package scenario

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/iadsim/iadsim/catalog"
)

// A FigureUse records one catalogue figure that the scenario took: who
// uses it, which figure, and the value used. Scenario.Figures lists them in
// file order, so that a run's outputs can say which public (or assumed)
// figures produced them and, for a Monte Carlo replication, which draws.
// A figure written in the file takes precedence over the catalogue and is
// not recorded.
type FigureUse struct {
	// Entity is the id of what uses the figure: a radar, a launcher or a
	// unit; "unit/missile" (such as "bn1/48N6E3") for the missile types a
	// unit carries and "unit/launcher-model" for a battalion's launcher
	// capacities; a threat's id as written, which its whole salvo shares.
	Entity string
	Entry  string       // catalogue entry: "92N6E"
	Key    string       // figure key, "ref_range", or "part:NAME" for a system's composition
	Value  float64      // the value used, in SI units
	Unit   string       // SI unit of Value, Nominal, Min and Max: "m", "m/s", "m2", "s", "rad", "m/s2" or ""
	Mode   catalog.Draw // how Value was chosen
	// Nominal, Min and Max are the figure's nominal value and carried
	// range, in SI units; Min and Max equal Nominal when it has no range.
	Nominal, Min, Max float64
	Note              string // why Value differs from the draw, when it does
}

// Streams gives the random stream that draws the figure key of entity
// (FigureUse.Entity and .Key) when figures are sampled. Each figure has a
// stream of its own and takes one number from it, so adding a unit, a
// threat or a figure range never shifts the other draws.
type Streams func(entity, key string) *rand.Rand

// SeedStreams returns the streams that Parse, Load and Template.Resolve
// use for sampled figures when the caller gives none: those of
// replication 0 of ReplicationStreams(seed, 0).
func SeedStreams(seed uint64) Streams { return ReplicationStreams(seed, 0) }

// ReplicationStreams returns the figure streams of one Monte Carlo
// replication: for each (entity, key), a PCG generator seeded with seed
// and the 64-bit FNV-1a hash of "figure", rep (8 bytes, little-endian),
// entity and key, so that every replication, entity and figure draws from
// a stream of its own, whatever else the scenario holds and however the
// replications are shared among workers.
func ReplicationStreams(seed uint64, rep uint64) Streams {
	return func(entity, key string) *rand.Rand {
		h := fnv.New64a()
		h.Write([]byte("figure\x00"))
		h.Write(binary.LittleEndian.AppendUint64(nil, rep))
		for _, s := range []string{entity, key} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		return rand.New(rand.NewPCG(seed, h.Sum64()))
	}
}

// catalog returns the catalogue, loading the embedded one on first use.
func (d *decoder) catalog() *catalog.Catalog {
	if d.cat == nil && d.fault == nil {
		d.cat, d.fault = catalog.Load()
	}
	return d.cat
}

// kindWord names a kind of entry in messages.
func kindWord(kind string) string {
	if kind == catalog.KindThreat {
		return "threat class"
	}
	return kind
}

// find looks name up as a catalogue entry of kind, reporting nothing.
func (d *decoder) find(name, kind string) (catalog.Entry, bool) {
	c := d.catalog()
	if c == nil {
		return catalog.Entry{}, false
	}
	e, ok := c.Lookup(name)
	return e, ok && e.Kind == kind
}

// lookup resolves name, written at n, to a catalogue entry of kind. An
// unknown name, or the name of an entry of another kind, is reported at n
// with the closest names of the kind. what names the key: "radar model".
func (d *decoder) lookup(n ast.Node, name, what, kind string) (catalog.Entry, bool) {
	c := d.catalog()
	if c == nil {
		return catalog.Entry{}, false
	}
	e, ok := c.Lookup(name)
	switch {
	case ok && e.Kind == kind:
		return e, true
	case ok:
		d.errorf(n, "%s %q is a %s in the catalogue, not a %s; want %s", what, name, e.Kind, kindWord(kind), d.suggest(name, kind))
	default:
		d.errorf(n, "%s %q is not in the catalogue; want %s", what, name, d.suggest(name, kind))
	}
	return catalog.Entry{}, false
}

// suggest names the catalogue entries of kind closest to name.
func (d *decoder) suggest(name, kind string) string {
	c := d.catalog()
	if c == nil {
		return "a catalogue " + kindWord(kind)
	}
	return fmt.Sprintf("a catalogue %s such as %s (closest first; iadsim catalog list shows all)",
		kindWord(kind), strings.Join(c.Closest(name, 3, kind), ", "))
}

// draw takes the figure key of entry e for entity, as the figures mode
// says, records the use and returns the value in SI units and the index of
// the record. It reports false when e has no such numeric figure.
func (d *decoder) draw(entity string, e *catalog.Entry, key string) (float64, int, bool) {
	f, ok := e.Figure(key)
	if !ok || f.IsText() {
		return 0, -1, false
	}
	var rng *rand.Rand
	if d.mode == catalog.Sample || d.mode == catalog.Uniform {
		rng = d.streams(entity, key)
	}
	x := f.Value(d.mode, rng)
	nom, lo, hi, err := f.SI()
	if err != nil || math.IsNaN(x) {
		// The catalogue checks every unit when it loads.
		d.fault = fmt.Errorf("scenario: catalogue figure %s.%s: %v", e.Name, key, err)
		return 0, -1, false
	}
	d.uses = append(d.uses, FigureUse{Entity: entity, Entry: e.Name, Key: key, Value: x, Unit: f.SIUnit(),
		Mode: d.mode, Nominal: nom, Min: lo, Max: hi})
	return x, len(d.uses) - 1, true
}

// drawCount is draw for a whole number: a count figure drawn from its
// range is rounded to the nearest whole number.
func (d *decoder) drawCount(entity string, e *catalog.Entry, key string) (int, int, bool) {
	x, i, ok := d.draw(entity, e, key)
	if !ok {
		return 0, -1, false
	}
	n := math.Round(x)
	d.uses[i].Value = n
	return int(n), i, true
}

// usePart records a system's composition taken from the catalogue.
func (d *decoder) usePart(entity string, e *catalog.Entry, part string, n int) {
	x := float64(n)
	d.uses = append(d.uses, FigureUse{Entity: entity, Entry: e.Name, Key: "part:" + part, Value: x,
		Mode: d.mode, Nominal: x, Min: x, Max: x})
}

// figs reads the figures of one record: a radar, a launcher, a missile, a
// threat. A key written in the record wins; a key left out is taken from
// the record's catalogue entry when it has one, and recorded; otherwise it
// is missing.
type figs struct {
	d      *decoder
	o      *object
	entity string         // FigureUse.Entity of the figures taken
	entry  *catalog.Entry // nil: the record names no catalogue entry
	at     ast.Node       // where a bad catalogue value is reported: the model or type
	prefix string         // of the catalogue keys: "noise_" for a radar's noise
	hint   string         // appended to a missing key's "want": another way to give it
	quiet  bool           // report no missing key: the record's unknown model was reported
	missed int            // required keys found neither in the record nor the catalogue
}

// val is one figure as read.
type val struct {
	x    float64
	ok   bool     // known and valid
	set  bool     // written or taken from the catalogue, valid or not
	cat  bool     // taken from the catalogue
	use  int      // index of its FigureUse when cat
	node ast.Node // where to report a problem with it
}

// read reads key: inline, parsed and checked by parse, or else from the
// catalogue, checked against rules.
func (f *figs) read(key string, parse func(ast.Node) (float64, bool), count bool, rules []rule) val {
	if n := f.o.get(key); n != nil {
		x, ok := parse(n)
		return val{x: x, ok: ok, set: true, use: -1, node: n}
	}
	if f.entry == nil {
		return val{use: -1, node: f.o.n}
	}
	var x float64
	var i int
	var ok bool
	if count {
		var n int
		n, i, ok = f.d.drawCount(f.entity, f.entry, f.prefix+key)
		x = float64(n)
	} else {
		x, i, ok = f.d.draw(f.entity, f.entry, f.prefix+key)
	}
	if !ok {
		return val{use: -1, node: f.o.n}
	}
	v := val{x: x, ok: true, set: true, cat: true, use: i, node: f.at}
	for _, r := range rules {
		if !r.ok(x) {
			f.d.errorf(f.at, "%s %g (SI) from catalogue entry %s is out of range; want %s, written in the file", key, x, f.entry.Name, r.want)
			v.ok = false
			break
		}
	}
	return v
}

// need reports v missing when it was neither written nor in the catalogue.
func (f *figs) need(v val, key, want string) val {
	if !v.set && !f.o.bad && !f.quiet {
		f.missed++
		f.d.errorf(f.o.n, "%s has no %s; want %s: %s%s", f.o.what, key, key, want, f.hint)
	}
	return v
}

func (f *figs) quantity(key string, parse func(string) (float64, error), rules ...rule) val {
	return f.read(key, func(n ast.Node) (float64, bool) { return f.d.quantity(n, key, parse, rules...) }, false, rules)
}

func (f *figs) number(key, want string, rules ...rule) val {
	return f.read(key, func(n ast.Node) (float64, bool) { return f.d.number(n, key, want, rules...) }, false, rules)
}

func (f *figs) integer(key string, rules ...rule) val {
	return f.read(key, func(n ast.Node) (float64, bool) {
		i, ok := f.d.integer(n, key, rules...)
		return float64(i), ok
	}, true, rules)
}

func (f *figs) fixedSpeed(key string, rules ...rule) val {
	return f.read(key, func(n ast.Node) (float64, bool) { return f.d.fixedSpeed(n, key, rules...) }, false, rules)
}

// text returns the text figure key of the record's catalogue entry.
func (f *figs) text(key string) (string, bool) {
	if f.entry == nil {
		return "", false
	}
	fig, ok := f.entry.Figure(f.prefix + key)
	return fig.Text, ok && fig.IsText()
}
