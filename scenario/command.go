package scenario

import (
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/units"
)

// The kinds of a command level between the IADS's command post and its
// fire units. A regiment (the S-400's 30K6E control set over its
// battalions) and a brigade (a larger formation, over battalions or
// regiments) decide alike; the kind names the level in the record.
const (
	CommandRegiment = "regiment"
	CommandBrigade  = "brigade"
)

// Command is one command level of an IADS: a command post (a site, so
// that threats can aim at it) over fire units and other commands, with
// a sector of responsibility and the links that join it to the level
// above and to its units.
type Command struct {
	ID, Name string
	Kind     string // CommandRegiment or CommandBrigade
	// CommandPost is the id of the site where its command post stands.
	CommandPost string
	// Units are the ids of what it commands directly: fire units of the
	// IADS and other commands.
	Units []string
	// Sector is its sector of responsibility; nil: none (it answers for
	// whatever its superior gives it).
	Sector *Sector
	// Link joins its post to the post above; UnitLink its post to each
	// of the units and commands under it.
	Link, UnitLink Link
}

// Sector is a sector of responsibility on the ground: a polygon of
// corners, or an azimuth sector about a centre out to a range.
type Sector struct {
	// Polygon lists the corners in order, the last joined to the first;
	// empty for an azimuth sector.
	Polygon []geo.LLA
	// Centre, From, To (rad, clockwise from From to To) and Range (m) are
	// an azimuth sector's.
	Centre   geo.LLA
	From, To float64
	Range    float64
}

// Link is a data link between two command posts, or a post and a unit:
// a track report or an order arrives Latency (s) after it leaves, and at
// most Capacity track reports (per second) leave; 0: no bound.
type Link struct {
	Latency  float64
	Capacity float64
}

// commands reads an IADS's command levels: members are the IADS's
// units, which a command's units must be drawn from.
func (d *decoder) commands(n ast.Node, sites map[string]*Site, members []string) []Command {
	items, ok := d.list(n, "commands")
	if !ok {
		return nil
	}
	var cs []Command
	var unitNodes [][]ast.Node
	for _, it := range items {
		c, un := d.command(it, sites)
		cs = append(cs, c)
		unitNodes = append(unitNodes, un)
	}
	isCommand := map[string]int{}
	for i, c := range cs {
		if c.ID != "" {
			isCommand[c.ID] = i
		}
	}
	member := map[string]bool{}
	for _, u := range members {
		member[u] = true
	}
	parent := map[string]string{} // unit or command id -> its command
	for i := range cs {
		for j, id := range cs[i].Units {
			at := unitNodes[i][j]
			_, sub := isCommand[id]
			switch {
			case !member[id] && !sub:
				d.errorf(at, "unit %q of command %s is neither a unit of the iads nor a command; want one of the iads units or a command id", id, cs[i].ID)
			case id == cs[i].ID:
				d.errorf(at, "command %s lists itself; want the units and commands under it", id)
			case parent[id] != "":
				d.errorf(at, "%q is under both %s and %s; want each unit or command under one command", id, parent[id], cs[i].ID)
			default:
				parent[id] = cs[i].ID
			}
		}
	}
	// A chain of commands may not close on itself.
	for i, c := range cs {
		chain := []string{c.ID}
		for p := parent[c.ID]; p != "" && !slices.Contains(chain[1:], p); p = parent[p] {
			chain = append(chain, p)
			if p == c.ID {
				d.errorf(items[i], "command %s is under itself (%s); want a tree of commands", c.ID, strings.Join(chain, " under "))
				break
			}
		}
	}
	return cs
}

// command reads one command level; it returns, too, the node of each of
// its units, for the errors of commands.
func (d *decoder) command(n ast.Node, sites map[string]*Site) (Command, []ast.Node) {
	o := d.object(n, "command")
	if o.bad {
		return Command{}, nil
	}
	var c Command
	if v := o.require("id", "a name such as tehran-rgt"); v != nil {
		c.ID = d.id(v, "id")
	}
	c.Name = c.ID
	if v := o.get("name"); v != nil {
		c.Name, _ = d.text(v, "name")
	}
	if v := o.require("kind", "regiment or brigade"); v != nil {
		c.Kind, _ = d.oneOf(v, "kind", CommandRegiment, CommandBrigade)
	}
	if v := o.require("command_post", "the id of a site where its command post stands"); v != nil {
		if id, ok := d.text(v, "command_post"); ok {
			if _, ok := sites[id]; !ok {
				d.errorf(v, "command_post %q is not a site; want the id of a site, so that threats can aim at it", id)
			}
			c.CommandPost = id
		}
	}
	var nodes []ast.Node
	if v := o.require("units", "a list of the ids of the units and commands under it"); v != nil {
		items, _ := d.list(v, "units")
		seen := map[string]bool{}
		for _, it := range items {
			id, ok := d.text(it, "unit")
			if !ok {
				continue
			}
			if seen[id] {
				d.errorf(it, "unit %q listed twice; want each unit once", id)
				continue
			}
			seen[id] = true
			c.Units = append(c.Units, id)
			nodes = append(nodes, it)
		}
		if len(items) == 0 {
			d.errorf(v, "command has no units; want at least one unit or command under it")
		}
	}
	if v := o.get("sector"); v != nil {
		c.Sector = d.sector(v)
	}
	if v := o.get("link"); v != nil {
		c.Link = d.link(v, "link")
	}
	if v := o.get("unit_link"); v != nil {
		c.UnitLink = d.link(v, "unit_link")
	}
	o.done()
	return c, nodes
}

// sector reads a sector of responsibility: {polygon: [corners]} or
// {centre, azimuth_from, azimuth_to, range}.
func (d *decoder) sector(n ast.Node) *Sector {
	o := d.object(n, "sector")
	if o.bad {
		return nil
	}
	s := &Sector{}
	azimuthal := []string{"centre", "azimuth_from", "azimuth_to", "range"}
	poly := o.get("polygon")
	for _, k := range azimuthal {
		o.get(k) // known keys, whichever form is written
	}
	if v := poly; v != nil {
		for _, k := range azimuthal {
			if o.has(k) {
				d.errorf(o.keyNode(k), "sector has both polygon and %s; want either a polygon or an azimuth sector (centre, azimuth_from, azimuth_to, range)", k)
			}
		}
		items, _ := d.list(v, "polygon")
		for _, it := range items {
			if p, ok := d.position(it, "sector corner"); ok {
				s.Polygon = append(s.Polygon, p)
			}
		}
		if len(items) < 3 {
			d.errorf(v, "polygon has %d corner(s); want at least 3 {lat, lon} corners", len(items))
		}
		o.done()
		return s
	}
	if !o.has("centre") {
		d.errorf(n, "sector has neither polygon nor centre; want {polygon: [{lat, lon}, ...]} or {centre: {lat, lon}, azimuth_from: 200 deg, azimuth_to: 340 deg, range: 250 km}")
		o.done()
		return nil
	}
	want := map[string]string{"centre": "{lat: ..., lon: ...}", "azimuth_from": "an azimuth such as 200 deg", "azimuth_to": "an azimuth such as 340 deg", "range": "a distance such as 250 km"}
	for _, k := range azimuthal {
		v := o.require(k, want[k])
		if v == nil {
			continue
		}
		switch k {
		case "centre":
			s.Centre, _ = d.position(v, "sector centre")
		case "azimuth_from":
			s.From, _ = d.quantity(v, k, units.Angle, between(-2*math.Pi, 2*math.Pi, "an azimuth from -360 to 360 deg"))
		case "azimuth_to":
			s.To, _ = d.quantity(v, k, units.Angle, between(-2*math.Pi, 2*math.Pi, "an azimuth from -360 to 360 deg"))
		case "range":
			s.Range, _ = d.quantity(v, k, units.Length, positive)
		}
	}
	o.done()
	return s
}

// link reads a data link: {latency, capacity}.
func (d *decoder) link(n ast.Node, what string) Link {
	var l Link
	o := d.object(n, what)
	if o.bad {
		return l
	}
	if v := o.get("latency"); v != nil {
		l.Latency, _ = d.quantity(v, "latency", units.Duration, between(0, 3600, "a delay from 0 to 1 h, such as 2 s"))
	}
	if v := o.get("capacity"); v != nil {
		l.Capacity, _ = d.number(v, "capacity", "track reports per second, a number such as 40", between(0.01, 1e6, "track reports per second from 0.01 to 10^6"))
	}
	if !o.has("latency") && !o.has("capacity") {
		d.errorf(n, "%s gives neither latency nor capacity; want {latency: 2 s, capacity: 40} or either", what)
	}
	o.done()
	return l
}

// Contains reports whether the point p (its latitude and longitude)
// lies in the sector. A polygon's edges are straight in latitude and
// longitude (a sector a few hundred km across, away from the poles and
// the antimeridian); an azimuth sector's bounds are geodesics from its
// centre (geo.Inverse).
func (s *Sector) Contains(p geo.LLA) bool {
	if len(s.Polygon) > 0 {
		return inPolygon(s.Polygon, p)
	}
	dist, az, _ := geo.Inverse(s.Centre, p)
	if dist > s.Range {
		return false
	}
	if dist == 0 {
		return true
	}
	turn := s.To - s.From
	if turn != 0 && math.Mod(turn, 2*math.Pi) == 0 {
		return true // a whole circle, such as 0 to 360 deg
	}
	width := math.Mod(turn+4*math.Pi, 2*math.Pi)
	off := math.Mod(az-s.From+6*math.Pi, 2*math.Pi)
	return off <= width
}

// inPolygon is the even-odd rule: a ray from p to the east crosses the
// polygon's edges an odd number of times when p is inside.
func inPolygon(poly []geo.LLA, p geo.LLA) bool {
	in := false
	x, y := p.Lon, p.Lat
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		xi, yi := poly[i].Lon, poly[i].Lat
		xj, yj := poly[j].Lon, poly[j].Lat
		if (yi > y) != (yj > y) && x < xi+(y-yi)*(xj-xi)/(yj-yi) {
			in = !in
		}
	}
	return in
}
