package scenario

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/infile"
	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/terrain"
	"github.com/iadsim/iadsim/units"
)

// The decoding functions below follow the format's structure, one per
// record. Each reads every key of its record whatever it finds, so that
// one bad value never hides another and no key is wrongly called unknown.

// body parses data and returns the scenario mapping's node, nil after
// reporting when there is none.
func (d *decoder) body(data []byte) ast.Node {
	f := d.parse(data)
	if f == nil {
		return nil
	}
	var bodies []ast.Node
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if _, comment := doc.Body.(*ast.CommentGroupNode); comment {
			continue
		}
		bodies = append(bodies, doc.Body)
	}
	if len(bodies) == 0 {
		d.errs = append(d.errs, &Error{File: d.file, Line: 1, Col: 1,
			Msg: "the file holds no scenario; want a mapping that starts with version: 1"})
		return nil
	}
	if len(bodies) > 1 {
		d.errorf(bodies[1], "a second YAML document; want one scenario per file")
	}
	return bodies[0]
}

// document decodes the scenario mapping n. It only reads the syntax tree,
// so that a Template can decode one tree many times, concurrently.
func (d *decoder) document(n ast.Node) *Scenario {
	d.collectAnchors(n)
	return d.scenario(n)
}

func (d *decoder) scenario(n ast.Node) *Scenario {
	o := d.object(n, "the scenario")
	if o.bad {
		return nil
	}
	s := &Scenario{File: d.file, Epoch: DefaultEpoch, Step: DefaultStep, Seed: DefaultSeed}
	if v := o.require("version", "1"); v != nil {
		if x, ok := d.integer(v, "version"); ok {
			if x != Version {
				d.errorf(v, "version %d is not supported; want version: %d", x, Version)
			}
			s.Version = x
		}
	}
	if v := o.require("name", "a short title"); v != nil {
		s.Name, _ = d.text(v, "name")
	}
	if v := o.get("description"); v != nil {
		s.Description, _ = d.text(v, "description")
	}
	if v := o.get("epoch"); v != nil {
		if text, ok := d.text(v, "epoch"); ok {
			t, err := time.Parse(time.RFC3339Nano, text)
			if err != nil {
				d.errorf(v, "epoch %q is not an RFC 3339 time; want a time such as 2025-03-01T06:00:00Z", text)
			}
			s.Epoch = t
		}
	}
	if v := o.require("duration", `a run time such as "30 min"`); v != nil {
		s.Duration, _ = d.quantity(v, "duration", units.Duration, positive)
	}
	stepNode := o.get("step")
	if stepNode != nil {
		if x, ok := d.quantity(stepNode, "step", units.Duration, positive); ok {
			s.Step = x
			if s.Duration > 0 && x > s.Duration {
				d.errorf(stepNode, "step is longer than the duration; want a step such as \"0.1 s\"")
			}
		}
	}
	if n := s.Duration / s.Step; n > MaxSteps {
		// Named at the step when the file sets one, else at the duration.
		at := stepNode
		if at == nil {
			at = o.get("duration")
		}
		d.errorf(at, "duration %g s at a step of %g s is %.3g steps; want at most %.0e (a shorter duration or a longer step)", s.Duration, s.Step, n, float64(MaxSteps))
	}
	if v := o.get("seed"); v != nil {
		s.Seed = d.seed(v)
	}
	if v := o.get("figures"); v != nil {
		if m, ok := d.oneOf(v, "figures", "nominal", "low", "high", "sample", "uniform"); ok && !d.override {
			d.mode, _ = catalog.ParseDraw(m)
		}
	}
	s.FigureMode = d.mode
	if d.streams == nil {
		d.streams = SeedStreams(s.Seed)
	}

	sites := map[string]*Site{} // every site id seen, nil if the site has errors
	if v := o.get("sites"); v != nil {
		items, _ := d.list(v, "sites")
		for _, it := range items {
			site, id, ok := d.site(it)
			if id == "" {
				continue
			}
			if ok {
				s.Sites = append(s.Sites, site)
				sites[id] = &s.Sites[len(s.Sites)-1]
			} else {
				sites[id] = nil
			}
		}
		// The map holds pointers into s.Sites; re-point them after growth.
		for i := range s.Sites {
			sites[s.Sites[i].ID] = &s.Sites[i]
		}
	}
	if v := o.get("air_defence"); v != nil {
		items, _ := d.list(v, "air_defence")
		for i, it := range items {
			u := d.unit(it, i+1)
			d.checkDoctrineMissiles(&u)
			s.Units = append(s.Units, u)
		}
	}
	if v := o.get("threats"); v != nil {
		gear := equipmentOf(s.Units) // what a threat may aim at besides sites
		items, _ := d.list(v, "threats")
		for _, it := range items {
			s.Threats = append(s.Threats, d.threat(it, sites, gear)...)
		}
	}
	if v := o.get("iads"); v != nil {
		s.IADS = d.iads(v, sites, s.Units)
	}
	d.checkProtects(s.Units)
	if v := o.get("terrain"); v != nil {
		s.Terrain = d.terrain(v, s)
	}
	if v := o.get("surface"); v != nil {
		s.Surface = d.surface(v, s.Terrain)
	}
	if v := o.get("false_alarms"); v != nil {
		on, _ := d.boolean(v, "false_alarms")
		s.NoFalseAlarms = !on
	}
	if s.Terrain == nil {
		for _, n := range d.groundRefs {
			d.errorf(n, "altitude_ref ground needs terrain; want terrain: {ground: 1570 m} (a level ground above the ellipsoid) or terrain: {dem: [...]} in the scenario")
		}
		s.Warnings = d.lowThreats(s)
	} else if len(s.Terrain.DEM) == 0 && len(d.errs) == 0 {
		s.Warnings = append(s.Warnings, d.offGround(s)...)
	}
	d.checkJammed(s)
	o.done()
	s.Figures = d.uses
	s.Places = d.places
	return s
}

func (d *decoder) seed(n ast.Node) uint64 {
	r := d.resolve(n)
	if v, ok := r.(*ast.IntegerNode); ok {
		switch x := v.Value.(type) {
		case uint64:
			return x
		case int64:
			if x >= 0 {
				return uint64(x)
			}
		}
	}
	if r != nil {
		d.errorf(r, "seed is %s; want a whole number from 0 to 2^64-1", describe(r))
	}
	return 0
}

// position reads {lat, lon, alt}: degrees and an optional height above
// the ellipsoid, 0 when absent.
func (d *decoder) position(n ast.Node, what string) (geo.LLA, bool) {
	o := d.object(n, what)
	if o.bad {
		return geo.LLA{}, false
	}
	var lat, lon, alt float64
	ok := true
	if v := o.require("lat", "degrees north, such as 44.5"); v != nil {
		var good bool
		lat, good = d.number(v, "lat", "a latitude in degrees, such as 44.5", between(-90, 90, "a latitude from -90 to 90 degrees"))
		ok = ok && good
	} else {
		ok = false
	}
	if v := o.require("lon", "degrees east, such as -71.4"); v != nil {
		var good bool
		lon, good = d.number(v, "lon", "a longitude in degrees, such as -71.4", between(-180, 180, "a longitude from -180 to 180 degrees"))
		ok = ok && good
	} else {
		ok = false
	}
	if v := o.get("alt"); v != nil {
		var good bool
		alt, good = d.quantity(v, "alt", units.Length, height)
		ok = ok && good
	}
	o.done()
	if ok && what != "launch" && !strings.HasPrefix(what, "sector ") { // a ballistic missile's launch point and a sector's corners are no places on the theatre's ground
		d.place(n, Place{At: geo.Deg(lat, lon, alt)})
	}
	return geo.Deg(lat, lon, alt), ok
}

func (d *decoder) site(n ast.Node) (site Site, id string, ok bool) {
	o := d.object(n, "site")
	if o.bad {
		return Site{}, "", false
	}
	nerr := len(d.errs)
	site = Site{Value: DefaultSiteValue, Radius: DefaultSiteRadius}
	if v := o.require("id", "a name such as airbase"); v != nil {
		site.ID = d.id(v, "id")
	}
	site.Name = site.ID
	if v := o.get("name"); v != nil {
		site.Name, _ = d.text(v, "name")
	}
	if v := o.require("at", "{lat: ..., lon: ...}"); v != nil {
		site.At, _ = d.position(v, "at")
	}
	if v := o.get("value"); v != nil {
		site.Value, _ = d.number(v, "value", "a relative worth such as 1", positive)
	}
	if v := o.get("radius"); v != nil {
		site.Radius, _ = d.quantity(v, "radius", units.Length, positive)
	}
	o.done()
	return site, site.ID, len(d.errs) == nerr
}

func (d *decoder) post(n ast.Node) Post {
	var p Post
	o := d.object(n, "command_post")
	if v := o.require("id", "a name such as s400-cp"); v != nil {
		p.ID = d.id(v, "id")
	}
	if v := o.require("at", "{lat: ..., lon: ...}"); v != nil {
		p.At, _ = d.position(v, "at")
	}
	o.done()
	return p
}

// fixedSpeed reads a speed that may not be a Mach number: a missile's
// speeds hold at every height.
func (d *decoder) fixedSpeed(n ast.Node, key string, rules ...rule) (float64, bool) {
	v, ok := d.speed(n, key, rules...)
	if ok && v.IsMach() {
		d.errorf(n, "%s is a Mach number; want a fixed speed such as \"1900 m/s\"", key)
		return 0, false
	}
	return v.At(0), ok
}

// speed reads a speed, which may be a Mach number to resolve later.
func (d *decoder) speed(n ast.Node, key string, rules ...rule) (units.SpeedValue, bool) {
	r := d.resolve(n)
	if r == nil {
		return units.SpeedValue{}, false
	}
	text, ok := scalar(r)
	if !ok {
		d.errorf(r, "%s is %s; want a speed such as \"250 m/s\", \"880 km/h\" or \"Mach 0.8\"", key, describe(r))
		return units.SpeedValue{}, false
	}
	v, err := units.Speed(text)
	if err != nil {
		d.errorf(r, "%s %v", key, err)
		return units.SpeedValue{}, false
	}
	x := v.Mach()
	if !v.IsMach() {
		x = v.At(0)
	}
	limit := fastest
	if v.IsMach() {
		limit = fastestMach
	}
	return v, d.check(r, key, x, append([]rule{limit}, rules...))
}

// doctrine reads a doctrine and reports whether it sets reaction_time,
// which otherwise comes from the unit's catalogue system.
func (d *decoder) doctrine(n ast.Node) (Doctrine, bool) {
	doc := newDoctrine()
	o := d.object(n, "doctrine")
	if o.bad {
		return doc, true
	}
	if v := o.get("policy"); v != nil {
		doc.Policy, _ = d.oneOf(v, "policy", PolicyShootLookShoot, PolicySalvo)
	}
	if v := o.get("salvo"); v != nil {
		doc.Salvo, _ = d.integer(v, "salvo", atLeastOne)
	}
	if v := o.get("reaction_time"); v != nil {
		doc.ReactionTime, _ = d.quantity(v, "reaction_time", units.Duration, nonNegative)
	}
	if v := o.get("min_pk"); v != nil {
		doc.MinPk, _ = d.number(v, "min_pk", "a probability such as 0.3", fraction)
	}
	if v := o.get("reserve"); v != nil {
		doc.Reserve, _ = d.integer(v, "reserve", nonNegative)
	}
	if v := o.get("engage_range"); v != nil {
		doc.EngageRange, _ = d.quantity(v, "engage_range", units.Length, nonNegative)
	}
	if v := o.get("salvo_by_class"); v != nil {
		doc.SalvoByClass = d.classSalvos(v)
	}
	if v := o.get("missiles_by_class"); v != nil {
		doc.MissilesByClass = d.classMissiles(v)
	}
	if v := o.get("hold_for_preferred"); v != nil {
		doc.HoldForPreferred = d.classes(v, "hold_for_preferred")
	}
	if v := o.get("reserve_release"); v != nil {
		doc.ReserveRelease = d.reserveRelease(v)
	}
	if v := o.get("remote_tracks"); v != nil {
		doc.RemoteTracks, _ = d.boolean(v, "remote_tracks")
	}
	if v := o.get("leave_to_point_defence"); v != nil {
		doc.LeaveToPointDefence, _ = d.boolean(v, "leave_to_point_defence")
	}
	if v := o.get("grid_cueing"); v != nil {
		doc.GridCueing, _ = d.boolean(v, "grid_cueing")
	}
	if v := o.get("jammer_cueing"); v != nil {
		doc.JammerCueing, _ = d.boolean(v, "jammer_cueing")
	}
	if v := o.get("ballistic_engagements"); v != nil {
		doc.BallisticEngagements, _ = d.integer(v, "ballistic_engagements", atLeastOne)
	}
	if v := o.get("ballistic_range"); v != nil {
		doc.BallisticRange, _ = d.quantity(v, "ballistic_range", units.Length, nonNegative)
		doc.ballisticRangeSet = true
	}
	if v := o.get("ballistic_min_altitude"); v != nil {
		doc.BallisticMinAltitude, _ = d.quantity(v, "ballistic_min_altitude", units.Length, nonNegative)
	}
	if v := o.get("arm_emcon"); v != nil {
		doc.ARMEmcon = d.armEmcon(v)
	}
	o.done()
	return doc, o.has("reaction_time")
}

// byClass reads a mapping keyed by kinematic class, each class once, and
// hands each well-named entry to read. want says what the mapping holds.
func (d *decoder) byClass(n ast.Node, key, want string, read func(class string, v ast.Node)) {
	r := d.resolve(n)
	m, ok := r.(*ast.MappingNode)
	if !ok {
		d.errorf(n, "%s is %s; want %s", key, describe(r), want)
		return
	}
	seen := map[string]bool{}
	for _, mv := range m.Values {
		class, ok := scalar(mv.Key)
		if !ok || !slices.Contains(Classes, class) {
			d.errorf(mv.Key, "target class %s is not known; want one of %s", describe(mv.Key), strings.Join(Classes, ", "))
			continue
		}
		if seen[class] {
			d.errorf(mv.Key, "target class %s given twice; want each class once", class)
			continue
		}
		seen[class] = true
		read(class, mv.Value)
	}
}

// classSalvos reads salvo_by_class: a mapping of kinematic class to salvo.
func (d *decoder) classSalvos(n ast.Node) []ClassSalvo {
	var out []ClassSalvo
	d.byClass(n, "salvo_by_class", "a mapping of target class to missiles per engagement, such as {ballistic: 2, drone: 1}", func(class string, v ast.Node) {
		if x, ok := d.integer(v, "salvo against "+class, atLeastOne); ok {
			out = append(out, ClassSalvo{Class: class, Salvo: x})
		}
	})
	return out
}

// classMissiles reads missiles_by_class: a mapping of kinematic class to
// a list of missile names, most preferred first. Whether the unit
// carries each missile is checked once its loads are known (see
// checkDoctrineMissiles).
func (d *decoder) classMissiles(n ast.Node) []ClassMissiles {
	var out []ClassMissiles
	d.byClass(n, "missiles_by_class", "a mapping of target class to missiles, most preferred first, such as {drone: [9M96E, 9M96E2]}", func(class string, v ast.Node) {
		key := "missiles_by_class " + class
		items, ok := d.list(v, key)
		if !ok {
			return
		}
		if len(items) == 0 {
			d.errorf(v, "%s is an empty list; want at least one missile, or the class left out", key)
			return
		}
		cm := ClassMissiles{Class: class}
		for _, it := range items {
			name, ok := d.text(it, key)
			if !ok {
				continue
			}
			name = d.missileName(name)
			if slices.Contains(cm.Missiles, name) {
				d.errorf(it, "missile %s is listed twice against %s; want each missile once", name, class)
				continue
			}
			cm.Missiles = append(cm.Missiles, name)
			d.doctrineMissiles = append(d.doctrineMissiles, doctrineMissile{name: name, class: class, node: it})
		}
		out = append(out, cm)
	})
	return out
}

// checkDoctrineMissiles reports the missiles of the doctrine of u that
// no launcher of u carries: once u is read whole, so that every load is
// known.
func (d *decoder) checkDoctrineMissiles(u *Unit) {
	var carried []string
	for _, m := range u.Missiles {
		carried = append(carried, m.Name)
	}
	want := "missiles its launchers load: " + strings.Join(carried, ", ")
	if len(carried) == 0 {
		want = "missiles loaded on its launchers; it loads none"
	}
	for _, dm := range d.doctrineMissiles {
		if !slices.Contains(carried, dm.name) {
			d.errorf(dm.node, "missiles_by_class names %s against %s, which no launcher of unit %s carries; want %s",
				dm.name, dm.class, u.ID, want)
		}
	}
	d.doctrineMissiles = d.doctrineMissiles[:0]
}

// classes reads a list of kinematic classes, each once.
func (d *decoder) classes(n ast.Node, key string) []string {
	items, ok := d.list(n, key)
	if !ok {
		return nil
	}
	out := []string{}
	for _, it := range items {
		class, ok := scalar(d.resolve(it))
		switch {
		case !ok || !slices.Contains(Classes, class):
			d.errorf(it, "%s: target class %s is not known; want one of %s", key, describe(d.resolve(it)), strings.Join(Classes, ", "))
		case slices.Contains(out, class):
			d.errorf(it, "%s: target class %s given twice; want each class once", key, class)
		default:
			out = append(out, class)
		}
	}
	return out
}

// reserveRelease reads reserve_release: when the reserve may be fired.
func (d *decoder) reserveRelease(n ast.Node) ReserveRelease {
	rr := newDoctrine().ReserveRelease
	o := d.object(n, "reserve_release")
	if o.bad {
		return rr
	}
	if v := o.get("time_to_go"); v != nil {
		rr.TimeToGo, _ = d.quantity(v, "time_to_go", units.Duration, nonNegative)
	}
	if v := o.get("classes"); v != nil {
		rr.Classes = d.classes(v, "classes")
		if len(rr.Classes) == 0 {
			d.errorf(v, "classes is empty; want at least one target class, or time_to_go: 0 s to keep the reserve whatever comes")
		}
	}
	o.done()
	return rr
}

// terrain reads the elevation models; each path must exist.
func (d *decoder) terrain(n ast.Node, s *Scenario) *Terrain {
	o := d.object(n, "terrain")
	if o.bad {
		return nil
	}
	t := &Terrain{K: 4.0 / 3}
	errsBefore := len(d.errs)
	if !o.has("dem") && !o.has("ground") {
		d.errorf(n, "terrain gives neither dem nor ground; want dem: [elevation files] or ground: the height of a level ground, such as 1570 m")
	}
	if v := o.get("dem"); v != nil {
		items, _ := d.list(v, "dem")
		for _, it := range items {
			p, ok := d.text(it, "dem")
			if !ok {
				continue
			}
			if !filepath.IsAbs(p) && d.file != "" {
				p = filepath.Join(filepath.Dir(d.file), p)
			}
			if terrain.IsGlob(p) {
				if _, err := terrain.Expand(p); err != nil {
					d.errorf(it, "elevation pattern %v; want a pattern, relative to the scenario file, that matches .hgt, GeoTIFF or DTED files or folders of them", err)
					continue
				}
			} else if _, err := os.Stat(p); err != nil {
				d.errorf(it, "elevation file %s cannot be read (%v); want a path, relative to the scenario file, of an .hgt, GeoTIFF or DTED file or a folder of them (iadsim terrain fetch --area LAT1,LON1,LAT2,LON2 --out DIR downloads an area's tiles)", p, errors.Unwrap(err))
				continue
			}
			// What a run would fail to read, from the files' sizes and
			// first bytes.
			if err := terrain.Check(p); err != nil {
				if strings.Contains(err.Error(), "; want ") { // says what is wanted already
					d.errorf(it, "elevation file %v", err)
					continue
				}
				d.errorf(it, "elevation file %v; want an .hgt, GeoTIFF or DTED file or a folder of them", err)
				continue
			}
			t.DEM = append(t.DEM, p)
		}
		if len(items) == 0 {
			d.errorf(v, "dem is empty; want at least one elevation file or folder")
		}
	}
	if v := o.get("ground"); v != nil {
		t.Ground, _ = d.quantity(v, "ground", units.Length, between(-500, 9000, "a ground height above the ellipsoid from -500 m to 9 km"))
		if o.has("dem") {
			d.errorf(v, "terrain gives both dem and ground; want one: the DEM is the ground where it is given")
		}
	}
	if v := o.get("geoid_height"); v != nil {
		if r, ok := d.resolve(v).(*ast.StringNode); ok && r.Value == "auto" {
			t.GeoidAuto = true
		} else {
			t.GeoidHeight, _ = d.quantity(v, "geoid_height", units.Length, between(-120, 100, "a geoid height from -120 m to 100 m, or auto (EGM96 at the units)"))
		}
		if !o.has("dem") && o.has("ground") {
			d.errorf(v, "geoid_height converts DEM heights and there is no dem; want it removed, with ground: above the ellipsoid like every alt")
		}
	}
	if v := o.get("k"); v != nil {
		t.K, _ = d.number(v, "k", "an effective-earth factor such as 1.333", positive)
	}
	if !o.bad && len(d.errs) == errsBefore {
		at := o.get("dem") // where a warning points, or an error for auto
		if t.GeoidAuto {
			at = o.get("geoid_height")
		}
		s.Warnings = append(s.Warnings, d.geoid(at, t, s, o.has("geoid_height"))...)
	}
	o.done()
	return t
}

// geoid settles the terrain's geoid height once the units are known:
// geoid_height: auto takes EGM96's undulation at the centre of the units'
// radars (or the sites when there are no units), and a DEM without
// geoid_height draws a warning that gives that value, since its heights
// are then taken as above the ellipsoid.
func (d *decoder) geoid(n ast.Node, t *Terrain, s *Scenario, given bool) []Warning {
	if !t.GeoidAuto && (len(t.DEM) == 0 || given) {
		return nil
	}
	var pts []geo.LLA
	for _, u := range s.Units {
		for _, r := range u.Radars {
			pts = append(pts, r.At)
		}
	}
	if len(pts) == 0 {
		for _, site := range s.Sites {
			pts = append(pts, site.At)
		}
	}
	if len(pts) == 0 {
		if t.GeoidAuto {
			d.errorf(n, "geoid_height: auto has no units or sites to place the geoid at; want a height such as -28 m")
		}
		return nil
	}
	// The centre as the mean of unit vectors, so that units either side
	// of the antimeridian do not average to the far side of the earth.
	var x, y, z float64
	for _, p := range pts {
		x += math.Cos(p.Lat) * math.Cos(p.Lon)
		y += math.Cos(p.Lat) * math.Sin(p.Lon)
		z += math.Sin(p.Lat)
	}
	lat, lon := math.Atan2(z, math.Hypot(x, y)), math.Atan2(y, x)
	N := geo.GeoidHeight(lat, lon)
	if t.GeoidAuto {
		t.GeoidHeight = N
		return nil
	}
	line, col := pos(n)
	return []Warning{{File: d.file, Line: line, Col: col, Msg: fmt.Sprintf(
		"terrain has a dem and no geoid_height, so DEM heights are taken as above the ellipsoid; "+
			"EGM96 puts mean sea level %.1f m above it at %.4f, %.4f; want geoid_height: auto (or %.0f m)",
		N, lat*180/math.Pi, lon*180/math.Pi, N)}}
}

// surface reads the sea or land under the radars. Its height defaults to
// the terrain's geoid height (mean sea level) or level ground.
func (d *decoder) surface(n ast.Node, t *Terrain) *Surface {
	o := d.object(n, "surface")
	if o.bad {
		return nil
	}
	s := &Surface{}
	if t != nil {
		s.Height = t.GeoidHeight
		if len(t.DEM) == 0 {
			s.Height = t.Ground
		}
	}
	if v := o.require("type", SurfaceSea+" or "+SurfaceLand); v != nil {
		s.Type, _ = d.oneOf(v, "type", SurfaceSea, SurfaceLand)
	}
	if v := o.get("sea_state"); v != nil {
		s.SeaState, _ = d.integer(v, "sea_state", between(0, 6, "a sea state from 0 to 6"))
		if s.Type == SurfaceLand {
			d.errorf(v, "sea_state applies to type: sea; want it removed or type: sea")
		}
	}
	if v := o.get("land"); v != nil {
		s.Land, _ = d.oneOf(v, "land", "flatland", "farmland", "woods", "wooded_hill", "rugged_mountain", "metropolitan")
		if s.Type == SurfaceSea {
			d.errorf(v, "land applies to type: land; want it removed or type: land")
		}
	} else if s.Type == SurfaceLand {
		s.Land = "flatland"
	}
	if v := o.get("height"); v != nil {
		s.Height, _ = d.quantity(v, "height", units.Length, between(-500, 9000, "a height above the ellipsoid from -500 m to 9 km"))
	}
	o.done()
	return s
}

// emcon reads a radar's emission control.
func (d *decoder) emcon(n ast.Node) Emcon {
	var e Emcon
	o := d.object(n, "emcon")
	if o.bad {
		return e
	}
	if v := o.get("until"); v != nil {
		e.Until, _ = d.quantity(v, "until", units.Duration, nonNegative)
	}
	if v := o.get("range"); v != nil {
		e.Range, _ = d.quantity(v, "range", units.Length, positive)
	}
	if !o.has("until") && !o.has("range") {
		d.errorf(n, "emcon gives neither until nor range; want {until: 5 min} or {range: 150 km} or both")
	}
	o.done()
	return e
}

// iads reads the integrated air-defence system: which units share a
// picture under which command post.
func (d *decoder) iads(n ast.Node, sites map[string]*Site, units []Unit) *IADS {
	o := d.object(n, "iads")
	if o.bad {
		return nil
	}
	sys := &IADS{EngagementsPerTarget: 1}
	if v := o.require("command_post", "the id of a site where the command post stands"); v != nil {
		if id, ok := d.text(v, "command_post"); ok {
			if _, ok := sites[id]; !ok {
				d.errorf(v, "command_post %q is not a site; want the id of a site, so that threats can aim at it", id)
			}
			sys.CommandPost = id
		}
	}
	if v := o.require("units", "a list of air-defence unit ids"); v != nil {
		items, _ := d.list(v, "units")
		known := map[string]bool{}
		for _, u := range units {
			known[u.ID] = true
		}
		seen := map[string]bool{}
		for _, it := range items {
			id, ok := d.text(it, "unit")
			if !ok {
				continue
			}
			switch {
			case !known[id]:
				d.errorf(it, "unit %q is not an air-defence unit of this scenario; want one of the air_defence ids", id)
			case seen[id]:
				d.errorf(it, "unit %q listed twice; want each unit once", id)
			default:
				seen[id] = true
				sys.Units = append(sys.Units, id)
			}
		}
		if len(items) < 2 {
			d.errorf(v, "iads has %d unit(s); want at least 2 units to share a picture", len(items))
		}
	}
	if v := o.get("engagements_per_target"); v != nil {
		sys.EngagementsPerTarget, _ = d.integer(v, "engagements_per_target", atLeastOne)
	}
	if v := o.get("commands"); v != nil {
		sys.Commands = d.commands(v, sites, sys.Units)
	}
	o.done()
	return sys
}

func (d *decoder) tracker(n ast.Node) TrackerSpec {
	t := TrackerSpec{AccelNoise: DefaultAccelNoise, ConfirmM: DefaultConfirmM,
		ConfirmN: DefaultConfirmN, MaxMisses: DefaultMaxMisses, GateProb: DefaultGateProb}
	o := d.object(n, "tracker")
	if o.bad {
		return t
	}
	if v := o.get("accel_noise"); v != nil {
		t.AccelNoise, _ = d.number(v, "accel_noise", "a spectral density in m²/s³, a number such as 10", positive)
	}
	mNode := o.get("confirm_m")
	mOK, nOK := true, true
	if mNode != nil {
		t.ConfirmM, mOK = d.integer(mNode, "confirm_m", atLeastOne)
	}
	if v := o.get("confirm_n"); v != nil {
		t.ConfirmN, nOK = d.integer(v, "confirm_n", between(1, MaxConfirmN, fmt.Sprintf("a whole number of looks from 1 to %d", MaxConfirmN)))
	}
	if mOK && nOK && t.ConfirmM > t.ConfirmN {
		d.errorf(o.keyNode("confirm_m"), "confirm_m %d is more than confirm_n %d; want M hits in N looks with M <= N", t.ConfirmM, t.ConfirmN)
	}
	if v := o.get("max_misses"); v != nil {
		t.MaxMisses, _ = d.integer(v, "max_misses", atLeastOne)
	}
	if v := o.get("gate_prob"); v != nil {
		t.GateProb, _ = d.number(v, "gate_prob", "a probability such as 0.999", probability)
	}
	o.done()
	return t
}

// waypoint is a route point as written: its height and speed may be left
// to the threat.
type waypoint struct {
	n        ast.Node
	at       geo.LLA
	hasAlt   bool
	speed    units.SpeedValue
	hasSpeed bool
}

func (d *decoder) waypoint(n ast.Node) waypoint {
	w := waypoint{n: n}
	o := d.object(n, "waypoint")
	if o.bad {
		return w
	}
	var lat, lon, alt float64
	if v := o.require("lat", "degrees north, such as 44.5"); v != nil {
		lat, _ = d.number(v, "lat", "a latitude in degrees, such as 44.5", between(-90, 90, "a latitude from -90 to 90 degrees"))
	}
	if v := o.require("lon", "degrees east, such as -71.4"); v != nil {
		lon, _ = d.number(v, "lon", "a longitude in degrees, such as -71.4", between(-180, 180, "a longitude from -180 to 180 degrees"))
	}
	if v := o.get("alt"); v != nil {
		alt, w.hasAlt = d.quantity(v, "alt", units.Length, height)
		w.hasAlt = true
	}
	if v := o.get("speed"); v != nil {
		w.speed, _ = d.speed(v, "speed", positive)
		w.hasSpeed = true
	}
	o.done()
	w.at = geo.Deg(lat, lon, alt)
	return w
}

func (d *decoder) threat(n ast.Node, sites map[string]*Site, gear map[string]Equipment) []Threat {
	o := d.object(n, "threat")
	if o.bad {
		return nil
	}
	errsBefore := len(d.errs)
	t := Threat{Count: 1}
	idNode := o.require("id", "a name such as tlam-1")
	if idNode != nil {
		t.ID = d.id(idNode, "id")
	}
	// A catalogue class supplies the figures the threat leaves out; any
	// other type is free text, and every figure must be written.
	typeNode := o.require("type", "a class such as subsonic-cruise-missile")
	f := &figs{d: d, o: o, entity: t.ID, at: typeNode}
	if typeNode != nil {
		if name, ok := d.text(typeNode, "type"); ok {
			t.Type = name
			if e, ok := d.find(name, catalog.KindThreat); ok {
				t.Type, f.entry = e.Name, &e
			} else {
				f.hint = ", or type: " + d.suggest(name, catalog.KindThreat)
			}
		}
	}
	rcs := f.quantity("rcs", units.Area, crossSection)
	if v := o.get("rcs_file"); v != nil {
		// The file's table gives every aspect and band; the threat's
		// one cross section is its nose-on, level, X-band value.
		if o.has("rcs") {
			d.errorf(v, "threat %s gives both rcs and rcs_file; want one: rcs_file's table gives the cross section from every aspect in every band", t.ID)
		}
		if t.RCSTable = d.rcsFile(v); t.RCSTable != nil {
			t.RCS = t.RCSTable.At(radar.BandX, 0, 0)
		}
	} else {
		t.RCS = f.need(rcs, "rcs", `a radar cross section such as "0.1 m2" or "-10 dBsm"`).x
	}
	if f.entry != nil && f.entry.RCSTable != nil && !o.has("rcs") && !o.has("rcs_file") && t.RCS > 0 {
		// The class's aspect and band table, scaled by its rcs as taken
		// (drawn, with figures: sample). The catalogue checked it.
		t.RCSTable, _ = f.entry.RCSTable.Radar(t.RCS)
	}
	// Speed and altitude shape a route; a ballistic arc takes neither.
	flyer := o.has("route")
	d.bodySize(f, &t, flyer)
	speedNode := o.get("speed")
	var speed units.SpeedValue
	hasSpeed := speedNode != nil
	if speedNode != nil {
		speed, _ = d.speed(speedNode, "speed", positive)
	} else if flyer && f.entry != nil {
		if v := f.fixedSpeed("speed", positive); v.set {
			speed, hasSpeed = units.MetresPerSecond(v.x), true
		}
	}
	altNode := o.get("altitude")
	hasAlt := altNode != nil
	if altNode != nil {
		t.Altitude, _ = d.quantity(altNode, "altitude", units.Length, height)
	} else if flyer && f.entry != nil {
		if v := f.quantity("altitude", units.Length, height); v.set {
			t.Altitude, hasAlt = v.x, true
		}
	}
	t.AltitudeRef = AltitudeEllipsoid
	if v := o.get("altitude_ref"); v != nil {
		t.AltitudeRef, _ = d.oneOf(v, "altitude_ref", AltitudeEllipsoid, AltitudeGround)
		if t.AltitudeRef == AltitudeGround {
			if !flyer {
				d.errorf(v, "altitude_ref ground is for routed threats; want it on a threat with a route, not a ballistic one")
			}
			d.groundRefs = append(d.groundRefs, v)
		}
	}
	if v := o.get("start"); v != nil {
		t.Start, _ = d.quantity(v, "start", units.Duration, nonNegative)
	}
	targetNode := o.get("target")
	var site *Site
	if targetNode != nil {
		t.Target, _ = d.text(targetNode, "target")
		s, known := sites[t.Target]
		eq, isGear := gear[t.Target]
		switch {
		case known && s != nil:
			site = s
		case known:
		case t.Target == TargetEmitters:
			t.Emitters = true
		case isGear:
			// The threat flies its route and then at the equipment.
			t.Equipment = &eq
			if eq.Kind == EquipmentRadar {
				t.TargetRadar = t.Target
			}
			site = &Site{ID: eq.ID, At: eq.At}
		default:
			d.errorf(targetNode, "target %q is not a site or a unit's radar, launcher or command post; want the id of one of them, or for an anti-radiation missile %s", t.Target, TargetEmitters)
		}
	}
	routeNode := o.get("route")
	var route []waypoint
	if routeNode != nil {
		items, ok := d.list(routeNode, "route")
		if ok && len(items) < 2 {
			d.errorf(routeNode, "route has %d point(s); want at least 2 waypoints", len(items))
		}
		for _, it := range items {
			route = append(route, d.waypoint(it))
		}
	}
	launchNode := o.get("launch")
	if launchNode != nil {
		p, _ := d.position(launchNode, "launch")
		t.Launch = &p
	}
	impactNode := o.get("impact")
	if impactNode != nil {
		p, _ := d.position(impactNode, "impact")
		t.Impact = &p
	}
	apogeeNode := o.get("apogee")
	if apogeeNode != nil {
		t.Apogee, _ = d.quantity(apogeeNode, "apogee", units.Length, positive, height)
	}
	ftNode := o.get("flight_time")
	if ftNode != nil {
		t.FlightTime, _ = d.quantity(ftNode, "flight_time", units.Duration, positive)
	}
	d.manoeuvre(&t, f, flyer)
	bcNode := o.get("ballistic_coefficient")
	if bcNode != nil {
		t.BallisticCoeff, _ = d.number(bcNode, "ballistic_coefficient", "a ballistic coefficient in kg/m², a number such as 5000", positive)
	}
	boosterNode := o.get("booster")
	if boosterNode != nil {
		t.Booster = d.booster(boosterNode)
	}
	if n := o.get("pull_up"); n != nil {
		t.PullUp = d.pullUp(n)
		if bcNode == nil {
			d.errorf(o.keyNode("pull_up"), "pull_up needs ballistic_coefficient: the lift is the drag times lift_to_drag; want ballistic_coefficient: a number such as 5000")
		}
	}
	d.jammer(&t, f)
	if v := o.get("decoy"); v != nil {
		t.Decoy, _ = d.boolean(v, "decoy")
	} else if role, ok := f.text("role"); ok {
		t.Decoy = role == catalog.ThreatRoleDecoy
	}
	d.antiRadiation(&t, f, targetNode, flyer)
	countNode := o.get("count")
	if countNode != nil {
		// An out-of-range count is reported here, and counts as one
		// threat against MaxThreats.
		if n, ok := d.integer(countNode, "count", between(1, MaxCount, fmt.Sprintf("a number of threats from 1 to %d", MaxCount))); ok {
			t.Count = n
		}
	}
	intervalNode := o.get("interval")
	if intervalNode != nil {
		t.Interval, _ = d.quantity(intervalNode, "interval", units.Duration, positive)
	}
	o.done()

	switch {
	case routeNode != nil && launchNode != nil:
		d.errorf(o.keyNode("launch"), "threat has both route and launch; want route for a flyer or launch for a ballistic missile, not both")
	case routeNode == nil && launchNode == nil:
		d.errorf(o.n, "threat has neither route nor launch; want route: [waypoints] for a flyer or launch: {lat, lon} for a ballistic missile")
	case routeNode != nil:
		for _, key := range []string{"impact", "apogee", "flight_time", "ballistic_coefficient", "booster", "pull_up"} {
			if o.has(key) {
				d.errorf(o.keyNode(key), "%s applies only to ballistic threats; want it removed, or launch: in place of route:", key)
			}
		}
		d.resolveRoute(&t, route, speed, hasSpeed, hasAlt, site, f.hint)
	default:
		for _, key := range []string{"speed", "altitude"} {
			if o.has(key) {
				d.errorf(o.keyNode(key), "%s does not apply to a ballistic threat; want apogee or flight_time to shape its arc", key)
			}
		}
		if t.Impact == nil && site != nil {
			p := site.At
			t.Impact = &p
		}
		if impactNode == nil && targetNode == nil {
			d.errorf(o.n, "ballistic threat has neither impact nor target; want impact: {lat, lon} or target: a site id")
		}
		if apogeeNode != nil && ftNode != nil {
			d.errorf(o.keyNode("flight_time"), "apogee and flight_time both fix the arc; want one of them")
		}
		if t.Apogee > 0 && t.Launch != nil && t.Impact != nil && t.Apogee <= max(t.Launch.Alt, t.Impact.Alt) {
			d.errorf(apogeeNode, "apogee is not above the launch and impact points; want a higher apogee")
		}
	}
	if len(d.errs) == errsBefore {
		d.checkFlight(&t, routeNode, launchNode)
	}
	if t.Count > 1 && intervalNode == nil {
		d.errorf(countNode, "count %d has no interval; want interval: the time between launches, such as \"2 s\"", t.Count)
	}
	out := d.expand(t, idNode, countNode)
	if t.Booster == nil || t.Launch == nil {
		return out
	}
	// Each missile's booster follows it in the list: the engine flies it
	// from its missile's burnout.
	var all []Threat
	for _, c := range out {
		b := c
		b.ID, b.Type = c.ID+"-booster", c.Type+"-booster"
		b.RCS, b.BallisticCoeff = c.Booster.RCS, c.Booster.BallisticCoeff
		b.Booster, b.BoosterOf, b.Target, b.PullUp = nil, c.ID, "", nil
		if c.ID != "" {
			d.claim(boosterNode, b.ID)
		}
		all = append(all, c, b)
	}
	return all
}

// booster reads a ballistic threat's separating booster.
func (d *decoder) booster(n ast.Node) *Booster {
	b := &Booster{}
	o := d.object(n, "booster")
	if o.bad {
		return b
	}
	if v := o.require("rcs", `a radar cross section such as "1 m2"`); v != nil {
		b.RCS, _ = d.quantity(v, "rcs", units.Area, crossSection)
	}
	if v := o.require("ballistic_coefficient", "a ballistic coefficient in kg/m², such as 500"); v != nil {
		b.BallisticCoeff, _ = d.number(v, "ballistic_coefficient", "a ballistic coefficient in kg/m², a number such as 500", positive)
	}
	o.done()
	return b
}

// pullUp reads a ballistic threat's manoeuvring re-entry.
func (d *decoder) pullUp(n ast.Node) *motion.PullUp {
	p := &motion.PullUp{}
	o := d.object(n, "pull_up")
	if o.bad {
		return p
	}
	if v := o.require("height", `the height where the body starts to lift on its way down, such as "30 km"`); v != nil {
		p.Height, _ = d.quantity(v, "height", units.Length, positive)
	}
	if v := o.require("lift_to_drag", "the airframe's lift-to-drag ratio, a number such as 1.5"); v != nil {
		p.LiftToDrag, _ = d.number(v, "lift_to_drag", "a lift-to-drag ratio above 0, a number such as 1.5", positive)
	}
	if v := o.get("max_load"); v != nil {
		p.MaxLoad, _ = d.quantity(v, "max_load", units.Accel, positive)
	}
	// The terminal dive: both keys or neither.
	dr, da := o.get("dive_range"), o.get("dive_angle")
	if dr != nil {
		p.DiveRange, _ = d.quantity(dr, "dive_range", units.Length, positive)
		if da == nil {
			d.errorf(o.keyNode("dive_range"), `dive_range needs dive_angle: the flight-path angle the dive pushes over to, such as "45 deg"`)
		}
	}
	if da != nil {
		p.DiveAngle, _ = d.quantity(da, "dive_angle", units.Angle, between(1e-6, math.Pi/2, "an angle below the horizon above 0 and up to 90 deg"))
		if dr == nil {
			d.errorf(o.keyNode("dive_angle"), `dive_angle needs dive_range: the ground range to the aim point where the glide ends in the dive, such as "20 km"`)
		}
	}
	o.done()
	return p
}

// sameSpot is how close, horizontally, a route's last point must be to its
// target site to count as ending there.
const sameSpot = 1.0 // m

// resolveRoute fills the route of t: heights from the threat's altitude,
// speeds from the threat's speed (a Mach number resolved at each point's
// height), and the target site appended when the route does not end there.
func (d *decoder) resolveRoute(t *Threat, route []waypoint, speed units.SpeedValue, hasSpeed, hasAlt bool, site *Site, hint string) {
	reported := false
	for i, w := range route {
		p := Place{At: w.at}
		if i+1 < len(route) {
			p.To, p.Leg = route[i+1].at, true
		}
		d.place(w.n, p)
		at := w.at
		if !w.hasAlt {
			if !hasAlt && !reported {
				d.errorf(w.n, "waypoint has no alt and the threat no altitude; want alt: on the waypoint or altitude: on the threat%s", hint)
				reported = true
			}
			at.Alt = t.Altitude
		}
		if t.AltitudeRef != AltitudeGround {
			d.heights = append(d.heights, routeHeight{threat: t.ID, at: at, n: w.n})
		}
		var v float64
		switch {
		case w.hasSpeed:
			v = w.speed.At(at.Alt)
		case hasSpeed:
			v = speed.At(at.Alt)
		case !reported:
			d.errorf(w.n, "waypoint has no speed and the threat none; want speed: on the threat or on every waypoint%s", hint)
			reported = true
		}
		t.Route = append(t.Route, Waypoint{At: at, Speed: v})
	}
	if len(t.Route) == 0 {
		return
	}
	switch {
	case hasSpeed && hasAlt:
		t.Speed = speed.At(t.Altitude)
	case hasSpeed:
		t.Speed = speed.At(t.Route[0].At.Alt)
	default:
		t.Speed = t.Route[0].Speed
	}
	if site == nil {
		return
	}
	last := t.Route[len(t.Route)-1]
	a, b := geo.LLA{Lat: last.At.Lat, Lon: last.At.Lon}, geo.LLA{Lat: site.At.Lat, Lon: site.At.Lon}
	if r3.Norm(r3.Sub(a.ECEF(), b.ECEF())) > sameSpot {
		at := site.At
		if t.AltitudeRef == AltitudeGround {
			// The site's alt is above the ellipsoid; a terrain follower
			// keeps its height above the ground to the end.
			at.Alt = last.At.Alt
		}
		v := last.Speed
		if hasSpeed {
			v = speed.At(at.Alt)
		}
		t.Route = append(t.Route, Waypoint{At: at, Speed: v})
	}
}

// expand turns a threat with count N into N threats with ids id-01 ...
// id-N, launched interval apart.
func (d *decoder) expand(t Threat, idNode, countNode ast.Node) []Threat {
	if d.threats += t.Count; d.threats > MaxThreats {
		if d.overLimit {
			return nil
		}
		at := countNode
		if at == nil {
			at = idNode
		}
		d.errs = d.errs[:0]
		d.errorf(at, "more than %d threats in all, counts expanded and aliases followed; want fewer (see Limits in docs/scenario.md)", MaxThreats)
		d.overLimit = true
		return nil
	}
	if t.Count <= 1 {
		return []Threat{t}
	}
	width := max(2, len(fmt.Sprint(t.Count)))
	out := make([]Threat, t.Count)
	for i := range out {
		c := t
		c.ID = fmt.Sprintf("%s-%0*d", t.ID, width, i+1)
		c.Group = t.ID
		c.Start = t.Start + float64(i)*t.Interval
		c.Route = append([]Waypoint(nil), t.Route...)
		if t.Evade != nil {
			e := *t.Evade
			c.Evade = &e
		}
		if t.Launch != nil {
			p := *t.Launch
			c.Launch = &p
		}
		if t.Jammer != nil {
			j := *t.Jammer
			c.Jammer = &j
		}
		if t.Impact != nil {
			p := *t.Impact
			c.Impact = &p
		}
		if t.ID != "" && idNode != nil {
			d.claim(countNode, c.ID)
		}
		out[i] = c
	}
	return out
}

// rcsFile reads the RCS table by aspect and band of CSV file v names
// (radar.ReadRCSTable), relative to the scenario file; its problems are
// the file's, at their lines and columns.
func (d *decoder) rcsFile(v ast.Node) *radar.RCSTable {
	p, ok := d.text(v, "rcs_file")
	if !ok {
		return nil
	}
	if !filepath.IsAbs(p) && d.file != "" {
		p = filepath.Join(filepath.Dir(d.file), p)
	}
	const want = "a CSV file, relative to the scenario file, of azimuth_deg, elevation_deg, band, rcs_m2 (or rcs_dbsm)"
	// Not os.Open: a folder or a device opens, and fails (or never ends)
	// only when read, and a FIFO blocks the open for ever.
	f, _, err := infile.Open(p, MaxFileSize, want)
	if err != nil {
		d.errorf(v, "rcs_file %v", err)
		return nil
	}
	defer f.Close()
	t, err := radar.ReadRCSTable(io.LimitReader(f, MaxFileSize))
	if err == nil {
		return t
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var fe *radar.RCSFileError
		if errors.As(e, &fe) {
			d.errs = append(d.errs, &Error{File: p, Line: fe.Line, Col: fe.Col, Msg: fe.Msg})
		} else {
			d.errorf(v, "rcs_file %s: %v; want %s", p, e, want)
		}
	}
	return nil
}
