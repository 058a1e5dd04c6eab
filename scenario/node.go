package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/units"
)

// decoder walks the YAML syntax tree, turning nodes into values and
// problems into positioned errors. It never stops at the first problem:
// a bad value is reported and decoding goes on with the next key.
type decoder struct {
	file    string
	errs    ErrorList
	anchors map[string]ast.Node
	ids     map[string]ast.Node // every id in the file: one namespace
	threats int                 // threats expanded so far, against MaxThreats
	// overLimit, once a limit on size is passed, keeps only that error:
	// the rest, such as the ids an alias repeats, would bury it.
	overLimit bool
	// protects are the units' protects nodes, in file order (checkProtects).
	protects []ast.Node
	// gunLauncher is the first launcher read with guns: true, or "":
	// with guns in the scenario, every routed threat needs its body's
	// size (bodySize).
	gunLauncher string

	// The catalogue side: see catalog.go.
	cat      *catalog.Catalog // loaded on first use unless the caller gave one
	fault    error            // the embedded catalogue failed to load: a bug, not bad input
	mode     catalog.Draw     // how catalogue figures are taken
	override bool             // mode was set by the caller, not the file
	streams  Streams          // random streams for sample and uniform; nil: from the seed
	uses     []FigureUse      // every catalogue figure taken, in file order

	groundRefs []ast.Node    // threats flying above the ground: the scenario needs terrain
	heights    []routeHeight // route points above the ellipsoid, for lowThreats
	places     []Place       // every position read, for Scenario.Places

	doctrineMissiles []doctrineMissile // of the unit being read, checked once its loads are known
	jammers          []ast.Node        // where each threat's jammer was given: the scenario's radars must be able to hear it
}

// doctrineMissile is a missile named in a doctrine's missiles_by_class.
type doctrineMissile struct {
	name, class string
	node        ast.Node
}

func newDecoder(file string, opt Options) *decoder {
	d := &decoder{file: file, anchors: map[string]ast.Node{}, ids: map[string]ast.Node{},
		cat: opt.Catalog, streams: opt.Streams}
	if opt.Figures != nil {
		d.mode, d.override = *opt.Figures, true
	}
	return d
}

// pos returns the 1-based line and column where n starts. For a block
// mapping that is its first key, not the colon the parser remembers.
func pos(n ast.Node) (line, col int) {
	if m, ok := n.(*ast.MappingNode); ok && !m.IsFlowStyle && len(m.Values) > 0 {
		n = m.Values[0].Key
	}
	if mv, ok := n.(*ast.MappingValueNode); ok {
		n = mv.Key
	}
	if n == nil {
		return 1, 1
	}
	return tokenPos(n.GetToken())
}

func tokenPos(tk *token.Token) (line, col int) {
	if tk == nil || tk.Position == nil {
		return 1, 1
	}
	return max(tk.Position.Line, 1), max(tk.Position.Column, 1)
}

// place records a position read at n, for Scenario.Places.
func (d *decoder) place(n ast.Node, p Place) {
	line, col := pos(n)
	p.Pos = Error{File: d.file, Line: line, Col: col}
	d.places = append(d.places, p)
}

func (d *decoder) errorf(n ast.Node, format string, args ...any) {
	if d.overLimit {
		return
	}
	line, col := pos(n)
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// parse runs the YAML parser. A syntax error stops the parser, so at most
// one is reported. The parser is a dependency: should it panic on some
// input, that is reported as an error at the start of the file, not
// passed on to the caller.
func (d *decoder) parse(data []byte) (f *ast.File) {
	defer func() {
		if r := recover(); r != nil {
			d.errs = append(d.errs, &Error{File: d.file, Line: 1, Col: 1,
				Msg: fmt.Sprintf("the YAML parser failed (%v); want valid YAML", r)})
			f = nil
		}
	}()
	// A UTF-8 byte order mark, which Windows editors write, is no part
	// of the first key.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if line, col := deepFlow(data); line > 0 {
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col,
			Msg: fmt.Sprintf("nesting deeper than %d levels of [ and {; want a shallower file (see Limits in docs/scenario.md)", MaxDepth)})
		return nil
	}
	if line, col := deepBlock(data); line > 0 {
		d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col,
			Msg: fmt.Sprintf("nesting deeper than %d levels of indentation and - entries; want a shallower file (see Limits in docs/scenario.md)", MaxDepth)})
		return nil
	}
	f, err := parser.ParseBytes(data, 0)
	if err == nil {
		return f
	}
	line, col, msg := 1, 1, err.Error()
	var ye yaml.Error
	if errors.As(err, &ye) {
		line, col = tokenPos(ye.GetToken())
		msg = ye.GetMessage()
	}
	want := "want valid YAML"
	if strings.Contains(msg, "'\t'") {
		want = "want spaces for indentation, not tabs"
	}
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Col: col, Msg: "invalid YAML: " + msg + "; " + want})
	return nil
}

// collectAnchors records every anchor (&name) in the document so that
// aliases (*name) can be followed. Anchors let a file write a missile or a
// position once and use it in several places.
func (d *decoder) collectAnchors(n ast.Node) {
	switch n := n.(type) {
	case *ast.AnchorNode:
		if n.Name != nil {
			name := n.Name.GetToken().Value
			if first, dup := d.anchors[name]; dup {
				l, c := pos(first)
				d.errorf(n, "anchor &%s defined again (first at %d:%d); want each anchor name once", printable(name), l, c)
			} else {
				d.anchors[name] = n.Value
			}
		}
		d.collectAnchors(n.Value)
	case *ast.MappingNode:
		for _, mv := range n.Values {
			d.collectAnchors(mv.Key)
			d.collectAnchors(mv.Value)
		}
	case *ast.MappingValueNode:
		d.collectAnchors(n.Key)
		d.collectAnchors(n.Value)
	case *ast.SequenceNode:
		for _, v := range n.Values {
			d.collectAnchors(v)
		}
	case *ast.TagNode:
		d.collectAnchors(n.Value)
	}
}

// resolve follows anchors and aliases to the node that holds the value.
// It returns nil, after reporting, for what a scenario never holds.
func (d *decoder) resolve(n ast.Node) ast.Node {
	for range 16 { // an alias may name an anchor on an alias; cycles end here
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			name := ""
			if v.Value != nil {
				name = v.Value.GetToken().Value
			}
			target, ok := d.anchors[name]
			if !ok {
				d.errorf(n, "alias *%s names no anchor; want an anchor &%s defined earlier", printable(name), printable(name))
				return nil
			}
			n = target
		case *ast.TagNode:
			d.errorf(n, "YAML tag %s is not used in scenarios; want the plain value", v.Start.Value)
			return nil
		default:
			return n
		}
	}
	d.errorf(n, "aliases refer to each other in a cycle; want an alias to name a value")
	return nil
}

// printable returns s, quoted when it holds a control character, so that
// an error stays on one line.
func printable(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return strconv.Quote(s)
	}
	return s
}

// describe names the kind of a node for messages: "got a list".
func describe(n ast.Node) string {
	switch n := n.(type) {
	case nil, *ast.NullNode:
		return "nothing"
	case *ast.MappingNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.BoolNode:
		return "true/false"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "the number " + n.GetToken().Value
	case *ast.StringNode:
		return strconv.Quote(n.Value)
	case *ast.LiteralNode:
		return "a block of text"
	}
	return "a " + n.Type().String()
}

// scalar gives the text of a scalar node: a string's value, a number as
// written.
func scalar(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return n.Value, true
	case *ast.LiteralNode:
		if n.Value == nil {
			return "", true
		}
		return n.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

// object is a mapping being read as a record with known keys. Reading a
// key marks it known; done reports every key that was never read.
type object struct {
	d     *decoder
	n     ast.Node // the mapping, for positions of missing keys
	what  string   // "radar", for messages
	bad   bool     // not a mapping: reported once, and every read finds nothing
	keys  []string // keys read, in order, for the list of what is allowed
	vals  map[string]ast.Node
	order []*ast.MappingValueNode
}

// object reads n as a mapping describing a what.
func (d *decoder) object(n ast.Node, what string) *object {
	o := &object{d: d, n: n, what: what, vals: map[string]ast.Node{}}
	r := d.resolve(n)
	m, ok := r.(*ast.MappingNode)
	if !ok {
		o.bad = true
		if r != nil || n == nil {
			d.errorf(n, "%s is %s; want a mapping of key: value", what, describe(r))
		}
		return o
	}
	o.n = m
	for _, mv := range m.Values {
		switch k := mv.Key.(type) {
		case *ast.StringNode:
			o.vals[k.Value] = mv.Value
			o.order = append(o.order, mv)
		case *ast.MergeKeyNode:
			d.errorf(k, "merge key << is not used in scenarios; want the keys written out")
		default:
			d.errorf(mv.Key, "key %s in %s is not plain text; want a key name", describe(mv.Key), what)
		}
	}
	return o
}

// get returns the value of key, or nil when the key is absent. A key
// written with no value ("key:") counts as absent.
func (o *object) get(key string) ast.Node {
	if !slices.Contains(o.keys, key) {
		o.keys = append(o.keys, key)
	}
	v := o.vals[key]
	if _, null := v.(*ast.NullNode); null {
		return nil
	}
	return v
}

// emptyObject is a record with no keys written, read in place of a
// mapping the file does not have: every figure then comes from the
// catalogue. Problems are reported at n.
func (d *decoder) emptyObject(n ast.Node, what string) *object {
	return &object{d: d, n: n, what: what, vals: map[string]ast.Node{}}
}

// skip marks every key as read, so that done reports nothing: for a record
// that cannot be read further once an earlier problem is reported.
func (o *object) skip() {
	for _, mv := range o.order {
		o.get(mv.Key.(*ast.StringNode).Value)
	}
}

// has reports whether key is present, without reading it.
func (o *object) has(key string) bool {
	v, ok := o.vals[key]
	_, null := v.(*ast.NullNode)
	return ok && !null
}

// keyNode returns the key node of key, for errors about the key itself.
func (o *object) keyNode(key string) ast.Node {
	for _, mv := range o.order {
		if mv.Key.GetToken().Value == key {
			return mv.Key
		}
	}
	return o.n
}

// require returns the value of key, reporting it missing if absent.
func (o *object) require(key, want string) ast.Node {
	v := o.get(key)
	if v == nil && !o.bad {
		o.d.errorf(o.n, "%s has no %s; want %s: %s", o.what, key, key, want)
	}
	return v
}

// done reports the keys that were never read: misspelt or misplaced.
func (o *object) done() {
	for _, mv := range o.order {
		k := mv.Key.(*ast.StringNode).Value
		if !slices.Contains(o.keys, k) {
			o.d.errorf(mv.Key, "unknown key %q in %s; want one of: %s", k, o.what, strings.Join(o.keys, ", "))
		}
	}
}

// rule is a condition on a number with the words to report its breach.
type rule struct {
	ok   func(float64) bool
	want string // "greater than zero"
}

var (
	positive    = rule{func(x float64) bool { return x > 0 }, "a value greater than zero"}
	nonNegative = rule{func(x float64) bool { return x >= 0 }, "a value of zero or more"}
	probability = rule{func(x float64) bool { return x > 0 && x < 1 }, "a probability strictly between 0 and 1"}
	fraction    = rule{func(x float64) bool { return x >= 0 && x < 1 }, "a probability from 0 up to, not including, 1"}
	pkRule      = rule{func(x float64) bool { return x > 0 && x <= 1 }, "a probability greater than 0 and at most 1"}
	atLeastOne  = rule{func(x float64) bool { return x >= 1 }, "a whole number of 1 or more"}
)

func between(lo, hi float64, want string) rule {
	return rule{func(x float64) bool { return x >= lo && x <= hi }, want}
}

func (d *decoder) check(n ast.Node, key string, x float64, rules []rule) bool {
	for _, r := range rules {
		if !r.ok(x) {
			text, _ := scalar(n)
			d.errorf(n, "%s %s is out of range; want %s", key, text, r.want)
			return false
		}
	}
	return true
}

// quantity reads a value with a unit through parse (units.Length, ...).
func (d *decoder) quantity(n ast.Node, key string, parse func(string) (float64, error), rules ...rule) (float64, bool) {
	r := d.resolve(n)
	if r == nil {
		return 0, false
	}
	text, ok := scalar(r)
	if !ok {
		// Let the units package say what it wants, from an empty input.
		_, err := parse("")
		var ue *units.Error
		want := "a value with a unit"
		if errors.As(err, &ue) {
			want = ue.Want
		}
		d.errorf(r, "%s is %s; want %s", key, describe(r), want)
		return 0, false
	}
	x, err := parse(text)
	if err != nil {
		d.errorf(r, "%s %v", key, err)
		return 0, false
	}
	return x, d.check(r, key, x, rules)
}

// number reads a plain number.
func (d *decoder) number(n ast.Node, key, want string, rules ...rule) (float64, bool) {
	r := d.resolve(n)
	if r == nil {
		return 0, false
	}
	var x float64
	switch v := r.(type) {
	case *ast.IntegerNode:
		switch i := v.Value.(type) {
		case int64:
			x = float64(i)
		case uint64:
			x = float64(i)
		}
	case *ast.FloatNode:
		x = v.Value
	case *ast.StringNode:
		// The parser leaves "1e-6" as text; read it, but not "NaN" or "Inf".
		f, err := strconv.ParseFloat(v.Value, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(v.Value, "nN_xX") {
			d.errorf(r, "%s is %s; want %s", key, describe(r), want)
			return 0, false
		}
		x = f
	default:
		d.errorf(r, "%s is %s; want %s", key, describe(r), want)
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		d.errorf(r, "%s is %s; want %s", key, describe(r), want)
		return 0, false
	}
	return x, d.check(r, key, x, rules)
}

// integer reads a whole number.
func (d *decoder) integer(n ast.Node, key string, rules ...rule) (int, bool) {
	r := d.resolve(n)
	if r == nil {
		return 0, false
	}
	v, ok := r.(*ast.IntegerNode)
	if !ok {
		d.errorf(r, "%s is %s; want a whole number", key, describe(r))
		return 0, false
	}
	var i int64
	switch x := v.Value.(type) {
	case int64:
		i = x
	case uint64:
		i = math.MaxInt64
		if x < math.MaxInt64 {
			i = int64(x)
		}
	}
	if i < math.MinInt32 || i > math.MaxInt32 {
		d.errorf(r, "%s %s is too large; want a whole number of magnitude below 2^31", key, v.GetToken().Value)
		return 0, false
	}
	return int(i), d.check(r, key, float64(i), rules)
}

// text reads a string. Numbers are taken as written, so "id: 101" is the
// id "101".
func (d *decoder) text(n ast.Node, key string) (string, bool) {
	r := d.resolve(n)
	if r == nil {
		return "", false
	}
	s, ok := scalar(r)
	if !ok {
		d.errorf(r, "%s is %s; want text", key, describe(r))
		return "", false
	}
	return s, true
}

// boolean reads true or false.
func (d *decoder) boolean(n ast.Node, key string) (bool, bool) {
	r := d.resolve(n)
	if r == nil {
		return false, false
	}
	b, ok := r.(*ast.BoolNode)
	if !ok {
		d.errorf(r, "%s is %s; want true or false", key, describe(r))
		return false, false
	}
	return b.Value, true
}

// oneOf reads a string that must be one of choices.
func (d *decoder) oneOf(n ast.Node, key string, choices ...string) (string, bool) {
	s, ok := d.text(n, key)
	if !ok {
		return "", false
	}
	if !slices.Contains(choices, s) {
		d.errorf(n, "%s %q is not known; want one of: %s", key, s, strings.Join(choices, ", "))
		return "", false
	}
	return s, true
}

// list reads a sequence.
func (d *decoder) list(n ast.Node, key string) ([]ast.Node, bool) {
	r := d.resolve(n)
	if r == nil {
		return nil, false
	}
	s, ok := r.(*ast.SequenceNode)
	if !ok {
		d.errorf(r, "%s is %s; want a list (lines starting with \"- \")", key, describe(r))
		return nil, false
	}
	return s.Values, true
}

// id reads an identifier and records it. Ids share one namespace across
// the file because events name entities by id alone.
func (d *decoder) id(n ast.Node, key string) string {
	s, ok := d.text(n, key)
	if !ok {
		return ""
	}
	if !validID(s) {
		d.errorf(n, "%s %q is not a valid id; want letters, digits, '-', '_' or '.'", key, s)
		return s
	}
	d.claim(n, s)
	return s
}

func (d *decoder) claim(n ast.Node, id string) {
	if first, dup := d.ids[id]; dup {
		l, c := pos(first)
		d.errorf(n, "duplicate id %q (first used at %d:%d); want ids unique across the scenario", id, l, c)
		return
	}
	d.ids[id] = n
}

func validID(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
