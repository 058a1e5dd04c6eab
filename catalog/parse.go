package catalog

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// The family files are read from the YAML syntax tree rather than decoded
// into structs, so that every check, including the ones that compare two
// values (min <= nominal), can point at a line and column, and so that the
// order of figures in the file is kept.

// pos is a place in a family file.
type pos struct {
	file      string
	line, col int
}

func (p pos) errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d:%d: %s", p.file, p.line, p.col, fmt.Sprintf(format, args...))
}

type parsedFamily struct {
	family  Family
	entries []parsedEntry
}

type parsedEntry struct {
	entry   Entry
	pos     pos   // of the entry's name
	partPos []pos // of each part
	figPos  []pos // of each figure's key
}

// parseFamily parses and validates one family file. It reports every problem
// it finds, each as file:line:col, joined into one error.
func parseFamily(file string, data []byte) (parsedFamily, error) {
	p := &fileParser{file: file}
	f, err := parseYAML(data)
	if err != nil {
		return parsedFamily{}, p.syntaxError(err)
	}
	pf := p.family(f)
	if len(p.errs) > 0 {
		return parsedFamily{}, errors.Join(p.errs...)
	}
	return pf, nil
}

// parseYAML runs the YAML parser, turning a panic inside it into an error:
// the data are embedded, but the parser is also fuzzed with arbitrary bytes.
func parseYAML(data []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("yaml parser fault: %v", r)
		}
	}()
	return parser.ParseBytes(data, 0)
}

type fileParser struct {
	file string
	errs []error
}

func (p *fileParser) syntaxError(err error) error {
	var yerr yaml.Error
	if errors.As(err, &yerr) {
		if tk := yerr.GetToken(); tk != nil && tk.Position != nil {
			return pos{p.file, tk.Position.Line, tk.Position.Column}.errorf("%s", yerr.GetMessage())
		}
	}
	return fmt.Errorf("%s: %w", p.file, err)
}

func (p *fileParser) at(n ast.Node) pos {
	if !isNil(n) {
		if tk := n.GetToken(); tk != nil && tk.Position != nil {
			return pos{p.file, tk.Position.Line, tk.Position.Column}
		}
	}
	return pos{p.file, 1, 1}
}

func (p *fileParser) errorf(at pos, format string, args ...any) {
	p.errs = append(p.errs, at.errorf(format, args...))
}

// field is one key: value pair of a mapping.
type field struct {
	key string
	at  pos // of the key
	val ast.Node
}

// mapping returns the pairs of a mapping node in order, reporting duplicate
// and non-scalar keys.
func (p *fileParser) mapping(n ast.Node, at pos, what string) ([]field, bool) {
	var kvs []*ast.MappingValueNode
	if isNil(n) {
		n = nil
	}
	switch m := n.(type) {
	case *ast.MappingNode:
		kvs = m.Values
	case *ast.MappingValueNode:
		kvs = []*ast.MappingValueNode{m}
	default:
		p.errorf(p.atOr(n, at), "%s: expected a mapping, found %s", what, nodeKind(n))
		return nil, false
	}
	var out []field
	seen := make(map[string]bool)
	for _, kv := range kvs {
		if kv == nil || isNil(kv.Key) {
			continue
		}
		kat := p.at(kv.Key)
		var key string
		switch k := kv.Key.(type) {
		case *ast.StringNode:
			key = k.Value
		case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
			key = k.GetToken().Value
		default:
			p.errorf(kat, "%s: key must be a plain scalar, found %s", what, nodeKind(kv.Key))
			continue
		}
		if seen[key] {
			p.errorf(kat, "%s: duplicate key %q", what, key)
			continue
		}
		seen[key] = true
		val := kv.Value
		if isNil(val) {
			val = nil
		}
		out = append(out, field{key: key, at: kat, val: val})
	}
	return out, true
}

// atOr is the position of n, or at when n has none.
func (p *fileParser) atOr(n ast.Node, at pos) pos {
	if !isNil(n) {
		if tk := n.GetToken(); tk != nil && tk.Position != nil {
			return p.at(n)
		}
	}
	return at
}

// isNil reports whether n is nil or a typed nil pointer, which the YAML
// parser can leave in a malformed tree.
func isNil(n ast.Node) bool {
	if n == nil {
		return true
	}
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

func nodeKind(n ast.Node) string {
	if isNil(n) {
		return "nothing"
	}
	switch n.(type) {
	case nil:
		return "nothing"
	case *ast.NullNode:
		return "null"
	case *ast.StringNode, *ast.LiteralNode:
		return "a string"
	case *ast.IntegerNode, *ast.FloatNode:
		return "a number"
	case *ast.BoolNode:
		return "a boolean"
	case *ast.InfinityNode, *ast.NanNode:
		return "a non-finite number"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a sequence"
	case *ast.AnchorNode, *ast.AliasNode:
		return "an anchor or alias (not supported)"
	case *ast.TagNode:
		return "a tagged value (not supported)"
	}
	return fmt.Sprintf("%T", n)
}

func (p *fileParser) str(f field, what string) (string, bool) {
	switch v := f.val.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v != nil && v.Value != nil {
			return strings.TrimSpace(v.Value.Value), true
		}
	}
	p.errorf(p.atOr(f.val, f.at), "%s %s: expected a string, found %s", what, f.key, nodeKind(f.val))
	return "", false
}

func (p *fileParser) num(f field, what string) (float64, bool) {
	var x float64
	switch v := f.val.(type) {
	case *ast.IntegerNode:
		switch i := v.Value.(type) {
		case int64:
			x = float64(i)
		case uint64:
			x = float64(i)
		default:
			p.errorf(p.atOr(f.val, f.at), "%s %s: bad integer", what, f.key)
			return 0, false
		}
	case *ast.FloatNode:
		x = v.Value
	default:
		p.errorf(p.atOr(f.val, f.at), "%s %s: expected a number, found %s", what, f.key, nodeKind(f.val))
		return 0, false
	}
	if math.IsInf(x, 0) || math.IsNaN(x) {
		p.errorf(p.atOr(f.val, f.at), "%s %s: expected a finite number", what, f.key)
		return 0, false
	}
	return x, true
}

func (p *fileParser) integer(f field, what string) (int, bool) {
	v, ok := f.val.(*ast.IntegerNode)
	if !ok {
		p.errorf(p.atOr(f.val, f.at), "%s %s: expected a whole number, found %s", what, f.key, nodeKind(f.val))
		return 0, false
	}
	var i int64 = -1
	switch x := v.Value.(type) {
	case int64:
		i = x
	case uint64:
		if x <= 1_000_000 {
			i = int64(x)
		}
	}
	if i < 0 || i > 1_000_000 {
		p.errorf(p.atOr(f.val, f.at), "%s %s: expected a whole number from 0 to 1000000", what, f.key)
		return 0, false
	}
	return int(i), true
}

func (p *fileParser) seq(f field, what string) ([]ast.Node, bool) {
	s, ok := f.val.(*ast.SequenceNode)
	if !ok || s == nil {
		p.errorf(p.atOr(f.val, f.at), "%s %s: expected a sequence, found %s", what, f.key, nodeKind(f.val))
		return nil, false
	}
	out := make([]ast.Node, len(s.Values))
	for i, n := range s.Values {
		if !isNil(n) {
			out[i] = n
		}
	}
	return out, true
}

func (p *fileParser) unknown(f field, what string, allowed string) {
	p.errorf(f.at, "%s: unknown key %q (want one of %s)", what, f.key, allowed)
}

func (p *fileParser) family(file *ast.File) parsedFamily {
	var pf parsedFamily
	top := pos{p.file, 1, 1}
	if file == nil || len(file.Docs) != 1 || file.Docs[0] == nil || file.Docs[0].Body == nil {
		p.errorf(top, "expected one YAML document holding a family mapping")
		return pf
	}
	fields, ok := p.mapping(file.Docs[0].Body, top, "family file")
	if !ok {
		return pf
	}
	var haveFamily, haveTitle, haveEntries bool
	for _, f := range fields {
		switch f.key {
		case "family":
			if s, ok := p.str(f, "family file"); ok {
				haveFamily = true
				pf.family.Name = s
				if want := familyFromFile(p.file); s != want {
					p.errorf(f.at, "family %q does not match its file name (want %q)", s, want)
				}
			}
		case "title":
			pf.family.Title, haveTitle = p.str(f, "family file")
		case "description":
			pf.family.Description, _ = p.str(f, "family file")
		case "entries":
			haveEntries = true
			nodes, ok := p.seq(f, "family file")
			if !ok {
				continue
			}
			if len(nodes) == 0 {
				p.errorf(f.at, "family file: entries is empty")
			}
			for _, n := range nodes {
				if e, ok := p.entry(n, f.at); ok {
					pf.entries = append(pf.entries, e)
				}
			}
		default:
			p.unknown(f, "family file", "family, title, description, entries")
		}
	}
	for _, m := range []struct {
		have bool
		key  string
	}{{haveFamily, "family"}, {haveTitle, "title"}, {haveEntries, "entries"}} {
		if !m.have {
			p.errorf(top, "family file: missing key %q", m.key)
		}
	}
	names := make(map[string]bool)
	for i := range pf.entries {
		e := &pf.entries[i]
		e.entry.Family = pf.family.Name
		for _, n := range append([]string{e.entry.Name}, e.entry.Aliases...) {
			k := strings.ToLower(n)
			if names[k] {
				p.errorf(e.pos, "name %q used twice in this file", n)
			}
			names[k] = true
		}
	}
	return pf
}

// familyFromFile is the family name a file must declare: its base name
// without extension.
func familyFromFile(file string) string {
	base := file[strings.LastIndex(file, "/")+1:]
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	return base
}

func (p *fileParser) entry(n ast.Node, at pos) (parsedEntry, bool) {
	var pe parsedEntry
	at = p.atOr(n, at)
	fields, ok := p.mapping(n, at, "entry")
	if !ok {
		return pe, false
	}
	e := &pe.entry
	pe.pos = at
	var figAt pos
	haveFigures := false
	nerr := len(p.errs)
	for _, f := range fields {
		switch f.key {
		case "name":
			e.Name, _ = p.str(f, "entry")
			pe.pos = f.at
		case "kind":
			e.Kind, _ = p.str(f, "entry")
		case "title":
			e.Title, _ = p.str(f, "entry")
		case "description":
			e.Description, _ = p.str(f, "entry")
		case "aliases":
			nodes, _ := p.seq(f, "entry")
			for _, a := range nodes {
				s, ok := p.str(field{key: "aliases", at: f.at, val: a}, "entry")
				if ok && validName(s) {
					e.Aliases = append(e.Aliases, s)
				} else if ok {
					p.errorf(p.atOr(a, f.at), "entry alias %q: use letters, digits, '-' and '_' only", s)
				}
			}
		case "parts":
			nodes, _ := p.seq(f, "entry")
			for _, pn := range nodes {
				if part, ppos, ok := p.part(pn, f.at); ok {
					e.Parts = append(e.Parts, part)
					pe.partPos = append(pe.partPos, ppos)
				}
			}
		case "figures":
			haveFigures = true
			figAt = f.at
			figs, ok := p.mapping(f.val, f.at, "figures")
			if !ok {
				continue
			}
			for _, ff := range figs {
				if fig, ok := p.figure(ff); ok {
					e.Figures = append(e.Figures, fig)
					pe.figPos = append(pe.figPos, ff.at)
				}
			}
		case "rcs_table":
			e.RCSTable = p.rcsTable(f, e.Name)
		default:
			p.unknown(f, "entry", "name, kind, title, description, aliases, parts, figures, rcs_table")
		}
	}
	switch {
	case e.Name == "":
		p.errorf(at, "entry: missing name")
	case !validName(e.Name):
		p.errorf(pe.pos, "entry name %q: use letters, digits, '-' and '_' only", e.Name)
	}
	if e.Title == "" {
		p.errorf(pe.pos, "entry %s: missing title", e.Name)
	}
	if !haveFigures {
		p.errorf(pe.pos, "entry %s: missing figures", e.Name)
		return pe, false
	}
	spec, ok := kindSpecOf(e.Kind)
	if !ok {
		p.errorf(pe.pos, "entry %s: kind %q is not one of %s", e.Name, e.Kind, kindNames)
		return pe, false
	}
	if len(p.errs) > nerr {
		return pe, false // checks below assume well-formed figures
	}
	p.checkEntry(&pe, spec, figAt)
	return pe, true
}

func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func (p *fileParser) part(n ast.Node, at pos) (Part, pos, bool) {
	var pt Part
	at = p.atOr(n, at)
	fields, ok := p.mapping(n, at, "part")
	if !ok {
		return pt, at, false
	}
	nerr := len(p.errs)
	haveCount, haveMax, haveV := false, false, false
	for _, f := range fields {
		switch f.key {
		case "name":
			pt.Name, _ = p.str(f, "part")
			at = f.at
		case "role":
			pt.Role, _ = p.str(f, "part")
		case "count":
			pt.Count, haveCount = p.integer(f, "part")
		case "max":
			pt.Max, haveMax = p.integer(f, "part")
		case "source":
			pt.Source, _ = p.str(f, "part")
		case "v":
			pt.V, haveV = p.str(f, "part")
		case "note":
			pt.Note, _ = p.str(f, "part")
		default:
			p.unknown(f, "part", "name, role, count, max, source, v, note")
		}
	}
	if len(p.errs) > nerr {
		return pt, at, false
	}
	what := "part " + pt.Name
	if pt.Name == "" {
		p.errorf(at, "part: missing name")
	}
	if pt.Role == "" {
		p.errorf(at, "%s: missing role", what)
	}
	if !haveCount || pt.Count < 1 {
		p.errorf(at, "%s: count must be a whole number >= 1", what)
	}
	if !haveMax {
		pt.Max = pt.Count
	} else if pt.Max < pt.Count {
		p.errorf(at, "%s: max %d < count %d", what, pt.Max, pt.Count)
	}
	p.checkSource(at, what, pt.Source, pt.V, haveV)
	return pt, at, len(p.errs) == nerr
}

// checkSource enforces the provenance rule: every value names its source and
// verification key, and a value with no public source (v: U) says so with a
// source that begins "assumption:" and gives the reasoning.
func (p *fileParser) checkSource(at pos, what, source, v string, haveV bool) {
	if strings.TrimSpace(source) == "" {
		p.errorf(at, "%s: missing source", what)
	}
	if !haveV {
		p.errorf(at, "%s: missing v (verification key V, Q, S or U)", what)
		return
	}
	assumed := strings.HasPrefix(source, "assumption:")
	switch v {
	case Verified, Quoted, Secondary:
		if assumed {
			p.errorf(at, "%s: v is %s but the source is an assumption (use v: U)", what, v)
		}
	case Unverified:
		if !assumed {
			p.errorf(at, "%s: v is U, so the source must begin \"assumption:\" and give the reasoning", what)
		}
	default:
		p.errorf(at, "%s: v %q is not one of V, Q, S, U", what, v)
	}
}

func (p *fileParser) figure(ff field) (Figure, bool) {
	fig := Figure{Key: ff.key}
	what := "figure " + ff.key
	dim, known := keyDim(ff.key)
	if !known {
		p.errorf(ff.at, "%s: unknown figure key", what)
		return fig, false
	}
	fields, ok := p.mapping(ff.val, ff.at, what)
	if !ok {
		return fig, false
	}
	nerr := len(p.errs)
	var haveNom, haveMin, haveMax, haveUnit, haveV, haveText bool
	for _, f := range fields {
		switch f.key {
		case "nominal":
			fig.Nominal, haveNom = p.num(f, what)
		case "min":
			fig.Min, haveMin = p.num(f, what)
		case "max":
			fig.Max, haveMax = p.num(f, what)
		case "unit":
			fig.Unit, haveUnit = p.str(f, what)
		case "text":
			fig.Text, haveText = p.str(f, what)
			if haveText && fig.Text == "" {
				p.errorf(f.at, "%s: empty text", what)
			}
		case "source":
			fig.Source, _ = p.str(f, what)
		case "v":
			fig.V, haveV = p.str(f, what)
		case "note":
			fig.Note, _ = p.str(f, what)
		case "claims":
			nodes, _ := p.seq(f, what)
			for _, cn := range nodes {
				if c, ok := p.claim(cn, f.at, what); ok {
					fig.Claims = append(fig.Claims, c)
				}
			}
		default:
			p.unknown(f, what, "nominal, min, max, unit, text, source, v, note, claims")
		}
	}
	if len(p.errs) > nerr {
		return fig, false
	}
	p.checkSource(ff.at, what, fig.Source, fig.V, haveV)
	if dim == dimText {
		if !haveText || haveNom || haveMin || haveMax || len(fig.Claims) > 0 || fig.Unit != "" {
			p.errorf(ff.at, "%s: a text figure has text and no nominal, min, max, unit or claims", what)
		}
		return fig, len(p.errs) == nerr
	}
	if haveText || !haveNom {
		p.errorf(ff.at, "%s: a numeric figure has a nominal value and no text", what)
		return fig, false
	}
	if !haveUnit {
		p.errorf(ff.at, "%s: missing unit (write unit: \"\" for a dimensionless figure)", what)
	} else if u, ok := lookupUnit(fig.Unit); !ok {
		p.errorf(ff.at, "%s: unknown unit %q (want one of %s)", what, fig.Unit, unitNames)
	} else if u.dim != dim {
		p.errorf(ff.at, "%s: unit %q measures %s, the key needs %s", what, fig.Unit, u.dim, dim)
	}
	fig.HasRange = haveMin || haveMax
	if !haveMin {
		fig.Min = fig.Nominal
	}
	if !haveMax {
		fig.Max = fig.Nominal
	}
	if fig.Min > fig.Nominal || fig.Nominal > fig.Max {
		p.errorf(ff.at, "%s: want min <= nominal <= max, have %g <= %g <= %g", what, fig.Min, fig.Nominal, fig.Max)
	}
	if isProbability(ff.key) && (fig.Min < 0 || fig.Max > 1) {
		p.errorf(ff.at, "%s: a probability lies in [0, 1], have [%g, %g]", what, fig.Min, fig.Max)
	}
	if isCount(ff.key) {
		for _, x := range []float64{fig.Min, fig.Nominal, fig.Max} {
			if x < 0 || x != math.Trunc(x) {
				p.errorf(ff.at, "%s: a count is a whole number >= 0, have %g", what, x)
				break
			}
		}
	}
	return fig, len(p.errs) == nerr
}

func (p *fileParser) claim(n ast.Node, at pos, what string) (Claim, bool) {
	var c Claim
	at = p.atOr(n, at)
	fields, ok := p.mapping(n, at, what+" claim")
	if !ok {
		return c, false
	}
	nerr := len(p.errs)
	haveValue, haveV := false, false
	for _, f := range fields {
		switch f.key {
		case "value":
			c.Value, haveValue = p.num(f, what+" claim")
		case "source":
			c.Source, _ = p.str(f, what+" claim")
		case "v":
			c.V, haveV = p.str(f, what+" claim")
		case "note":
			c.Note, _ = p.str(f, what+" claim")
		default:
			p.unknown(f, what+" claim", "value, source, v, note")
		}
	}
	if len(p.errs) > nerr {
		return c, false
	}
	if !haveValue {
		p.errorf(at, "%s claim: missing value", what)
	}
	p.checkSource(at, what+" claim", c.Source, c.V, haveV)
	return c, len(p.errs) == nerr
}

// checkEntry checks an entry against its kind: the figure keys it must and
// may carry, and the orderings between its figures that any model relies on.
func (p *fileParser) checkEntry(pe *parsedEntry, spec kindSpec, figAt pos) {
	e := &pe.entry
	have := make(map[string]int, len(e.Figures))
	for i, f := range e.Figures {
		have[f.Key] = i
	}
	for _, k := range spec.required {
		if _, ok := have[k]; !ok {
			p.errorf(figAt, "%s %s: missing figure %s", e.Kind, e.Name, k)
		}
	}
	capacities := 0
	for i, f := range e.Figures {
		if e.Kind == KindLauncher && strings.HasPrefix(f.Key, CapacityPrefix) {
			capacities++
			continue
		}
		if !slices.Contains(spec.required, f.Key) && !slices.Contains(spec.optional, f.Key) {
			p.errorf(pe.figPos[i], "%s %s: figure %s does not belong to a %s", e.Kind, e.Name, f.Key, e.Kind)
		}
	}
	if e.RCSTable != nil && e.Kind != KindThreat {
		p.errorf(pe.pos, "%s %s: only threats have an rcs_table", e.Kind, e.Name)
	}
	if e.Kind == KindLauncher && capacities == 0 {
		p.errorf(figAt, "launcher %s: needs at least one %s<missile> figure", e.Name, CapacityPrefix)
	}
	switch e.Kind {
	case KindSystem, KindSet:
		if len(e.Parts) == 0 {
			p.errorf(pe.pos, "%s %s: needs parts", e.Kind, e.Name)
		}
	default:
		if len(e.Parts) > 0 {
			p.errorf(pe.pos, "%s %s: only systems and sets have parts", e.Kind, e.Name)
		}
	}
	if i, ok := have["role"]; ok && e.Kind == KindRadar {
		if r := e.Figures[i].Text; r != RoleSurveillance && r != RoleFireControl {
			p.errorf(pe.figPos[i], "radar %s: role %q is not %s or %s", e.Name, r, RoleSurveillance, RoleFireControl)
		}
	}
	if i, ok := have["role"]; ok && e.Kind == KindThreat {
		if r := e.Figures[i].Text; r != ThreatRoleDecoy {
			p.errorf(pe.figPos[i], "threat %s: role %q is not %s", e.Name, r, ThreatRoleDecoy)
		}
	}
	if i, ok := have["evasion"]; ok {
		if r := e.Figures[i].Text; r != EvadeOnLaunch && r != EvadeNone {
			p.errorf(pe.figPos[i], "threat %s: evasion %q is not %s or %s", e.Name, r, EvadeOnLaunch, EvadeNone)
		}
	}
	// Nominal values that must be ordered, compared in SI.
	order := func(lo, hi string, strict bool) {
		i, ok1 := have[lo]
		j, ok2 := have[hi]
		if !ok1 || !ok2 {
			return
		}
		a, _, _, err1 := e.Figures[i].SI()
		b, _, _, err2 := e.Figures[j].SI()
		if err1 != nil || err2 != nil {
			return
		}
		if a > b || strict && a == b {
			rel := "<="
			if strict {
				rel = "<"
			}
			p.errorf(pe.figPos[j], "%s %s: want %s %s %s, have %g %s and %g %s", e.Kind, e.Name,
				lo, rel, hi, e.Figures[i].Nominal, e.Figures[i].Unit, e.Figures[j].Nominal, e.Figures[j].Unit)
		}
	}
	order("min_range", "max_range", true)
	order("min_altitude", "max_altitude", true)
	order("min_altitude", "altitude", false)
	order("altitude", "max_altitude", false)
	order("min_elevation", "max_elevation", true)
	order("launch_speed", "burnout_speed", false)
	order("boost_time", "max_flight_time", true)
	for _, k := range []string{"boost_time", "coast_time_constant", "max_flight_time", "scan_period"} {
		if i, ok := have[k]; ok && e.Figures[i].Min <= 0 {
			p.errorf(pe.figPos[i], "%s %s: %s must be > 0", e.Kind, e.Name, k)
		}
	}
}
