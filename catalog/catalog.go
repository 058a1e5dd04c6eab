package catalog

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

//go:embed data/*.yaml
var dataFS embed.FS

// familyFiles returns the embedded family files in the order they are listed.
func familyFiles() []string {
	return []string{"data/s400.yaml", "data/s300pmu2.yaml", "data/pantsir.yaml", "data/threats.yaml"}
}

// An Entry is one catalogued item: a system, a radar, a mast, a launcher, a
// command post, a set of vehicles, a missile or a threat class.
type Entry struct {
	Name        string   // unique, matched case-insensitively: "40N6E", "s400"
	Aliases     []string // other names Lookup accepts: "S-400", "SA-21"
	Kind        string   // one of the Kind constants
	Family      string   // the family file it came from: "s400", "s300pmu2", "threats"
	Title       string
	Description string
	Figures     []Figure // in file order
	Parts       []Part   // composition of a system or set, in file order
	// RCSTable is a threat class's cross section by aspect and band,
	// relative to its rcs figure; nil when the class has none.
	RCSTable *RCSTable
}

// A Part is one component of a system or set: Count of the entry Name in the
// role Role, up to Max. For a system, parts with role "load" give the total
// number of rounds of that missile across the launchers.
type Part struct {
	Name   string
	Role   string
	Count  int
	Max    int // equals Count unless the source says "up to"
	Source string
	V      string
	Note   string
}

// A Family is one family file: a system and what belongs to it, or the
// threat classes.
type Family struct {
	Name        string
	Title       string
	Description string
	Entries     []string // entry names in file order
}

// Figure returns the figure with the given key.
func (e Entry) Figure(key string) (Figure, bool) {
	for _, f := range e.Figures {
		if f.Key == key {
			return f, true
		}
	}
	return Figure{}, false
}

// Catalog holds every entry of the embedded data. It is read-only: List,
// Lookup and Families return copies.
type Catalog struct {
	families []Family
	entries  []Entry
	index    map[string]int // lower-case name or alias -> entries index
}

// Load parses and validates the embedded family files and returns a fresh
// catalogue. An error lists every problem found, each as file:line:col.
func Load() (*Catalog, error) { return LoadFS(dataFS) }

// Data returns the embedded family files: data/s400.yaml,
// data/s300pmu2.yaml, data/pantsir.yaml and data/threats.yaml.
func Data() fs.FS { return dataFS }

// LoadFS is Load from the family files at the same paths in fsys rather
// than the embedded ones: a copy of Data with one figure changed shows
// what that figure does to a scenario.
func LoadFS(fsys fs.FS) (*Catalog, error) {
	var fams []parsedFamily
	var errs []error
	for _, name := range familyFiles() {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
		f, err := parseFamily(name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fams = append(fams, f)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("catalog: %w", errors.Join(errs...))
	}
	c, err := build(fams)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return c, nil
}

// build links parsed families into a catalogue, checking what one file
// cannot check alone: names unique across files, parts and launcher loads
// that refer to entries that exist.
func build(fams []parsedFamily) (*Catalog, error) {
	c := &Catalog{index: make(map[string]int)}
	var errs []error
	for _, pf := range fams {
		fam := pf.family
		for _, pe := range pf.entries {
			for _, name := range append([]string{pe.entry.Name}, pe.entry.Aliases...) {
				k := strings.ToLower(name)
				if i, dup := c.index[k]; dup {
					errs = append(errs, pe.pos.errorf("name %q already used by entry %s (%s)", name, c.entries[i].Name, c.entries[i].Family))
					continue
				}
				c.index[k] = len(c.entries)
			}
			fam.Entries = append(fam.Entries, pe.entry.Name)
			c.entries = append(c.entries, pe.entry)
		}
		c.families = append(c.families, fam)
	}
	for _, pf := range fams {
		for _, pe := range pf.entries {
			for i, p := range pe.entry.Parts {
				if _, ok := c.index[strings.ToLower(p.Name)]; !ok {
					errs = append(errs, pe.partPos[i].errorf("part %q is not a catalogue entry", p.Name))
				}
			}
			for i, f := range pe.entry.Figures {
				m, ok := strings.CutPrefix(f.Key, CapacityPrefix)
				if !ok {
					continue
				}
				j, ok := c.index[strings.ToLower(m)]
				if !ok || c.entries[j].Kind != KindMissile {
					errs = append(errs, pe.figPos[i].errorf("figure %s: %q is not a missile in the catalogue", f.Key, m))
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// List returns every entry, family by family in file order.
func (c *Catalog) List() []Entry {
	out := make([]Entry, len(c.entries))
	for i, e := range c.entries {
		out[i] = e.clone()
	}
	return out
}

// Lookup returns the entry with the given name or alias, ignoring case.
func (c *Catalog) Lookup(name string) (Entry, bool) {
	i, ok := c.index[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return Entry{}, false
	}
	return c.entries[i].clone(), true
}

// Families returns the family files in order, each with its entry names.
func (c *Catalog) Families() []Family {
	out := make([]Family, len(c.families))
	for i, f := range c.families {
		f.Entries = slices.Clone(f.Entries)
		out[i] = f
	}
	return out
}

// clone returns a deep copy of e, so that a caller cannot change the
// catalogue through the slices it was handed.
func (e Entry) clone() Entry {
	e.Aliases = slices.Clone(e.Aliases)
	e.Parts = slices.Clone(e.Parts)
	e.Figures = slices.Clone(e.Figures)
	for i := range e.Figures {
		e.Figures[i].Claims = slices.Clone(e.Figures[i].Claims)
	}
	return e
}
