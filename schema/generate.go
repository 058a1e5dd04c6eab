package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Generate returns the JSON Schema (draft 2020-12) of the scenario format
// described by doc, the text of docs/scenario.md.
//
// The reference tables of that document are the one description of the
// format's keys: the scenario package's tests tie them to its parser
// (every key documented is in an example that parses, and TestKeysMatch
// Parser here checks that each record's keys are the parser's), and each
// row gives the key's kind of value, whether it is required, its default
// and its meaning. Generate turns each table into a definition, each row
// into a property with that meaning, unit and default as its description.
// A table or a kind of value it does not know is an error, so that a
// change to the format cannot leave the schema behind.
func Generate(doc []byte) ([]byte, error) {
	tables, err := readTables(string(doc))
	if err != nil {
		return nil, err
	}
	g := &generator{defs: map[string]any{}}
	if err := g.quantities(tables.units); err != nil {
		return nil, err
	}
	for _, t := range tables.keys {
		if err := g.record(t); err != nil {
			return nil, err
		}
	}
	for _, name := range []string{"scenario", "position", "site", "battalion", "unit", "radar", "launcher", "missile",
		"doctrine", "reserve_release", "iads", "tracker", "threat", "terrain", "surface"} {
		if g.defs[name] == nil {
			return nil, fmt.Errorf("docs/scenario.md has no table for the %s record", name)
		}
	}
	g.extras()

	root := g.defs["scenario"].(map[string]any)
	delete(g.defs, "scenario")
	s := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://github.com/iadsim/iadsim/schema/scenario.schema.json",
		"title":       "iadsim scenario, version 1",
		"description": "A scenario of iadsim: defended sites, air-defence units and threats (docs/scenario.md). Generated from docs/scenario.md by `go test ./schema -update`; printed by `iadsim schema`.",
	}
	for k, v := range root {
		if k != "title" {
			s[k] = v
		}
	}
	s["$defs"] = g.defs
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// table is one key table of the document: the record it describes and
// its rows of key, kind of value, required, default and meaning.
type table struct {
	def, title string
	rows       [][5]string
}

type tables struct {
	units [][]string // kind | units | example
	keys  []table
}

// defOf names the record a table describes, by the heading above it and
// the table's place under that heading.
var defOf = map[string][]string{
	"Positions":        {"position"},
	"Top level":        {"scenario"},
	"Site":             {"site"},
	"Air-defence unit": {"battalion", "unit"},
	"Radar":            {"radar"},
	"Launcher":         {"launcher"},
	"Missile":          {"missile"},
	"Doctrine":         {"doctrine", "reserve_release"},
	"IADS":             {"iads", "command", "sector", "link"},
	"Tracker":          {"tracker"},
	"Threat":           {"threat"},
	"Terrain":          {"terrain"},
	"Surface":          {"surface"},
}

func readTables(doc string) (tables, error) {
	var (
		out     tables
		heading string
		n       int // key tables under heading so far
		cur     *table
	)
	lines := strings.Split(doc, "\n")
	for i, line := range lines {
		switch {
		case strings.HasPrefix(line, "## ") || strings.HasPrefix(line, "### "):
			heading = strings.TrimSpace(strings.TrimLeft(line, "#"))
			n, cur = 0, nil
		case strings.HasPrefix(line, "| key |"):
			short, _, _ := strings.Cut(heading, " (")
			names, ok := defOf[short]
			if !ok || n >= len(names) {
				return out, fmt.Errorf("docs/scenario.md:%d: a key table under %q that the schema generator does not know; want it added to schema.defOf", i+1, heading)
			}
			out.keys = append(out.keys, table{def: names[n], title: strings.ReplaceAll(heading, "`", "")})
			cur = &out.keys[len(out.keys)-1]
			n++
		case strings.HasPrefix(line, "| kind |"):
			cur = nil
			for _, l := range lines[i+2:] {
				if !strings.HasPrefix(l, "|") {
					break
				}
				out.units = append(out.units, cells(l))
			}
		case cur != nil && strings.HasPrefix(line, "|---"):
		case cur != nil && strings.HasPrefix(line, "|"):
			c := cells(line)
			if len(c) != 5 {
				return out, fmt.Errorf("docs/scenario.md:%d: %d columns; want key, unit, required, default, meaning", i+1, len(c))
			}
			cur.rows = append(cur.rows, [5]string(c))
		default:
			cur = nil
		}
	}
	return out, nil
}

// cells splits a Markdown table row into its trimmed cells.
func cells(line string) []string {
	parts := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}

type generator struct {
	defs map[string]any
}

var ticked = regexp.MustCompile("`([^`]+)`")

// quantityKinds names the definitions of the units table's kinds.
var quantityKinds = map[string]string{
	"length": "length", "speed": "speed", "area, RCS": "area", "duration": "duration",
	"angle": "angle", "acceleration": "acceleration", "frequency": "frequency",
}

// quantities defines a string pattern for each kind of quantity, from the
// unit spellings of the document's units table ("30 m", "Mach 0.8").
func (g *generator) quantities(rows [][]string) error {
	const number = `[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?`
	for _, r := range rows {
		def, ok := quantityKinds[r[0]]
		if !ok {
			return fmt.Errorf("docs/scenario.md: unit kind %q is unknown to the schema generator", r[0])
		}
		var syms []string
		for _, m := range ticked.FindAllStringSubmatch(r[1], -1) {
			if !strings.HasPrefix(m[1], `"`) { // "Mach 0.8" is an example, not a unit
				syms = append(syms, regexp.QuoteMeta(m[1]))
			}
		}
		slices.SortStableFunc(syms, func(a, b string) int { return len(b) - len(a) }) // longest first: "km/h" before "km"
		pattern := `^\s*` + number + `\s*(` + strings.Join(syms, "|") + `)\s*$`
		if def == "speed" {
			pattern = `^\s*(` + number + `\s*(` + strings.Join(syms, "|") + `)|(Mach\s*|M)` + number + `|` + number + `\s*Mach)\s*$`
		}
		g.defs[def] = map[string]any{
			"type":        "string",
			"pattern":     pattern,
			"description": fmt.Sprintf("a %s with its unit, such as %s; units: %s", r[0], strings.ReplaceAll(r[2], "`", ""), strings.ReplaceAll(r[1], "`", "")),
		}
	}
	return nil
}

// record defines the object a key table describes.
func (g *generator) record(t table) error {
	props := map[string]any{}
	var required []string
	for _, r := range t.rows {
		key := strings.Trim(r[0], "`")
		v, err := g.value(t.def, key, r[1])
		if err != nil {
			return fmt.Errorf("docs/scenario.md, %s, key %s: %w", t.title, key, err)
		}
		var desc []string
		if m := clean(r[4]); m != "" {
			desc = append(desc, sentence(m))
		}
		desc = append(desc, "Value: "+sentence(strings.ReplaceAll(clean(r[1]), "`", "")))
		if d := clean(r[3]); d != "" {
			desc = append(desc, "Default: "+sentence(d))
		}
		if r[2] != "yes" && r[2] != "no" {
			desc = append(desc, "Required: "+sentence(clean(r[2])))
		}
		v["description"] = strings.Join(desc, " ")
		props[key] = v
		if r[2] == "yes" {
			required = append(required, key)
		}
	}
	o := map[string]any{"title": t.title, "type": "object", "properties": props, "additionalProperties": false}
	switch t.def {
	case "radar":
		// With a catalogue model, the model gives what the radar leaves
		// out: only id and at are always required.
		o["required"] = []string{"id", "at"}
		o["if"] = map[string]any{"not": map[string]any{"required": []string{"model"}}}
		o["then"] = map[string]any{"required": required}
	case "missile":
		// A catalogue missile's name gives every figure left out; the
		// schema cannot tell its names from a file's own.
	default:
		if len(required) > 0 {
			o["required"] = required
		}
	}
	g.defs[t.def] = o
	return nil
}

// clean turns a cell's Markdown into plain text.
func clean(s string) string {
	s = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`).ReplaceAllString(s, "$1")
	s = strings.ReplaceAll(s, "**", "")
	return strings.TrimSpace(s)
}

// sentence ends s with a full stop.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

func ref(def string) map[string]any { return map[string]any{"$ref": "#/$defs/" + def} }

// classes are the kinematic classes of the doctrine's class-keyed keys.
var classes = []string{"ballistic", "cruise", "aircraft", "drone"}

// value returns the schema of a value of the kind a table's unit column
// names.
func (g *generator) value(def, key, kind string) (map[string]any, error) {
	switch kind {
	case "`true` or `false`":
		return map[string]any{"type": "boolean"}, nil
	case "`none` or `{erp, bandwidth, bands}`":
		// A noise jammer: erp as power ("1 kW") or decibels ("60 dBW").
		return map[string]any{"anyOf": []any{
			map[string]any{"const": "none"},
			object(map[string]any{"erp": map[string]any{"type": "string"}, "bandwidth": ref("frequency"),
				"bands": list(map[string]any{"type": "string"})}),
		}}, nil
	case "length or `auto`":
		// geoid_height: a height, or auto for EGM96 at each post.
		return map[string]any{"anyOf": []any{ref("length"), map[string]any{"const": "auto"}}}, nil
	case "`none` or `{on, load, delay, duration}`":
		// The evade key: its own small table in docs/scenario.md.
		return map[string]any{"anyOf": []any{
			map[string]any{"const": "none"},
			object(map[string]any{"on": map[string]any{"enum": []string{"launch"}}, "load": ref("acceleration"),
				"delay": ref("duration"), "duration": ref("duration")}),
		}}, nil
	}
	if opts := ticked.FindAllStringSubmatch(kind, -1); len(opts) > 1 && ticked.ReplaceAllString(kind, "") == strings.Repeat(", ", len(opts)-2)+" or " {
		var enum []string
		for _, o := range opts {
			enum = append(enum, o[1])
		}
		return map[string]any{"enum": enum}, nil
	}
	positive := map[string]any{"type": "integer", "minimum": 1}
	switch kind {
	case "whole number":
		if key == "seed" {
			return map[string]any{"type": "integer", "minimum": 0, "maximum": uint64(18446744073709551615)}, nil
		}
		return map[string]any{"type": "integer"}, nil
	case "plain number", "degrees (plain number)", "plain number, m²/s³", "plain number, kg/m²":
		return map[string]any{"type": "number"}, nil
	case "text", "catalogue system", "catalogue radar", "catalogue mast", "catalogue launcher", "catalogue threat class, or text", "site id", "site id, a unit's radar, launcher or command post id, or `emitters`":
		return map[string]any{"type": "string"}, nil
	case "id", "unit id", "path":
		return map[string]any{"type": "string", "minLength": 1}, nil
	case "RFC 3339 time":
		return map[string]any{"type": "string", "format": "date-time"}, nil
	case "length", "duration", "angle", "acceleration", "frequency":
		return ref(kind), nil
	case "surface":
		return ref("surface"), nil
	case "area":
		return ref("area"), nil
	case "speed", "speed (not Mach)":
		return ref("speed"), nil
	case "position", "doctrine", "tracker":
		return ref(kind), nil
	case "IADS":
		return ref("iads"), nil
	case "reserve release":
		return ref("reserve_release"), nil
	case "list of sites":
		return list(ref("site")), nil
	case "list of units":
		return list(ref("air_defence_unit")), nil
	case "list of threats":
		return list(ref("threat")), nil
	case "list of radars":
		return list(ref("radar")), nil
	case "list of launchers":
		return list(ref("launcher")), nil
	case "list of waypoints":
		return list(ref("waypoint")), nil
	case "list of commands":
		return list(ref("command")), nil
	case "list of corners":
		return list(ref("position")), nil
	case "sector", "link":
		return ref(kind), nil
	case "list of unit ids", "list of unit and command ids", "list of paths":
		return list(map[string]any{"type": "string"}), nil
	case "list of classes":
		return list(map[string]any{"enum": classes}), nil
	case "mapping missile name → count":
		return mapping(positive, nil), nil
	case "mapping name → missile":
		return mapping(ref("missile"), nil), nil
	case "mapping catalogue missile → rounds, or → figures":
		return mapping(map[string]any{"anyOf": []any{positive, ref("battalion_missile")}}, nil), nil
	case "mapping class → whole number":
		return mapping(positive, classes), nil
	case "mapping class → list of missile names":
		return mapping(list(map[string]any{"type": "string"}), classes), nil
	case "`{id, at}`":
		return object(map[string]any{"id": map[string]any{"type": "string", "minLength": 1}, "at": ref("position")}, "id", "at"), nil
	case "`{range, azimuth, elevation, range_rate}`":
		return object(map[string]any{"range": ref("length"), "azimuth": ref("angle"), "elevation": ref("angle"), "range_rate": ref("speed")}), nil
	case "`{rcs: area, ballistic_coefficient: number}`":
		return object(map[string]any{"rcs": ref("area"), "ballistic_coefficient": map[string]any{"type": "number"}}), nil
	case "`{height: length, lift_to_drag: number, max_load: acceleration, dive_range: length, dive_angle: angle}`":
		o := object(map[string]any{"height": ref("length"), "lift_to_drag": map[string]any{"type": "number", "exclusiveMinimum": 0},
			"max_load": ref("acceleration"), "dive_range": ref("length"), "dive_angle": ref("angle")}, "height", "lift_to_drag")
		// A dive needs both: where it starts and how steep it is.
		o["dependentRequired"] = map[string]any{"dive_range": []string{"dive_angle"}, "dive_angle": []string{"dive_range"}}
		return o, nil
	case "`{range, silent_for}`":
		return object(map[string]any{"range": ref("length"), "silent_for": ref("duration")}, "range", "silent_for"), nil
	case "`{until, range}`":
		o := object(map[string]any{"until": ref("duration"), "range": ref("length")})
		o["minProperties"] = 1
		return o, nil
	}
	return nil, fmt.Errorf("kind of value %q is unknown to the schema generator; want it added to schema.generator.value", kind)
}

func list(item map[string]any) map[string]any {
	return map[string]any{"type": "array", "items": item}
}

func mapping(value map[string]any, keys []string) map[string]any {
	m := map[string]any{"type": "object", "additionalProperties": value}
	if keys != nil {
		m["propertyNames"] = map[string]any{"enum": keys}
	}
	return m
}

func object(props map[string]any, required ...string) map[string]any {
	o := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

// extras defines the records the document describes in prose: the
// waypoint, a battalion's missile entry (a missile's figures and its
// rounds), and the choice between a unit's two forms.
func (g *generator) extras() {
	g.defs["waypoint"] = map[string]any{
		"title":       "Waypoint (route: item)",
		"description": "A point of a flyer's route: lat and lon required; alt defaults to the threat's altitude, speed (the speed flown towards the point) to the threat's speed.",
		"type":        "object",
		"properties": map[string]any{
			"lat":   map[string]any{"type": "number", "minimum": -90, "maximum": 90, "description": "degrees north"},
			"lon":   map[string]any{"type": "number", "minimum": -180, "maximum": 180, "description": "degrees east"},
			"alt":   withDesc(ref("length"), "height, above the ellipsoid or the ground as the threat's altitude_ref says. Default: the threat's altitude."),
			"speed": withDesc(ref("speed"), "speed flown towards this point. Default: the threat's speed."),
		},
		"required":             []string{"lat", "lon"},
		"additionalProperties": false,
	}
	missile := g.defs["missile"].(map[string]any)
	props := map[string]any{}
	for k, v := range missile["properties"].(map[string]any) {
		props[k] = v
	}
	props["rounds"] = withDesc(map[string]any{"type": "integer", "minimum": 1}, "rounds of this missile, replacing the battalion's load (see Loads in docs/scenario.md)")
	g.defs["battalion_missile"] = map[string]any{
		"title": "Missile of a battalion by name: the missile's figures to change, and its rounds",
		"type":  "object", "properties": props, "additionalProperties": false,
	}
	g.defs["air_defence_unit"] = map[string]any{
		"title":       "Air-defence unit (air_defence: item)",
		"description": "A battalion by name (system and at, no radars or command_post) or a unit written component by component (command_post and radars).",
		"if":          map[string]any{"anyOf": []any{map[string]any{"required": []string{"command_post"}}, map[string]any{"required": []string{"radars"}}}},
		"then":        ref("unit"),
		"else":        ref("battalion"),
	}
	// The top-level terrain key has a section of its own.
	g.defs["scenario"].(map[string]any)["properties"].(map[string]any)["terrain"] = withDesc(ref("terrain"),
		"Real terrain under the scenario: a DEM, or a level ground (docs/scenario.md, Terrain). Default: none, a smooth earth at the ellipsoid.")
	pos := g.defs["position"].(map[string]any)["properties"].(map[string]any)
	pos["lat"].(map[string]any)["minimum"], pos["lat"].(map[string]any)["maximum"] = -90, 90
	pos["lon"].(map[string]any)["minimum"], pos["lon"].(map[string]any)["maximum"] = -180, 180
}

func withDesc(v map[string]any, desc string) map[string]any {
	v["description"] = desc
	return v
}
