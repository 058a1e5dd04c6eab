package scenario

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/units"
)

// A battalion placed by its system name is laid out around its at point,
// the fire-control radar's position. No public source gives the layout of
// an S-400 or S-300PMU-2 fire unit; this one only keeps the vehicles apart
// by the kilometre or two that photographs of deployed units suggest, and
// is fixed so that a scenario always places them the same way. Every
// component stands at the height of at: terrain is not consulted.
const (
	detectorDistance     = 1000 // m due north: the low-altitude detector (96L6E)
	surveillanceDistance = 1500 // m due west: the surveillance radar (91N6E, 64N6E2)
	postDistance         = 1500 // m due east: the command post
	launcherRing         = 2500 // m: radius of the ring of launchers, the first due north, then clockwise
	layoutStep           = 500  // m further out along the same bearing for each further component of a role
)

// placement returns the bearing (radians clockwise from north) and the
// distance (m) from at of the i-th (from 0) of n components in a role of
// the catalogue's system parts.
func placement(role string, i, n int) (bearing, dist float64, ok bool) {
	step := float64(i) * layoutStep
	switch role {
	case "fire-control-radar":
		return math.Pi, step, true
	case "low-altitude-detector":
		return 0, detectorDistance + step, true
	case "surveillance-radar":
		return 3 * math.Pi / 2, surveillanceDistance + step, true
	case "command-post":
		return math.Pi / 2, postDistance + step, true
	case "launcher":
		return 2 * math.Pi * float64(i) / float64(n), launcherRing, true
	}
	return 0, 0, false
}

// place returns the position of a component placed by placement.
func place(at geo.LLA, role string, i, n int) (geo.LLA, bool) {
	b, dist, ok := placement(role, i, n)
	if !ok || dist == 0 {
		return at, ok
	}
	p, _ := geo.Direct(at, b, dist)
	p.Alt = at.Alt
	return p, true
}

// roundLoad is a number of rounds of one missile for a battalion, where
// it was written (nil: from the catalogue), and the missile's figures
// when the file changes them (nil: all from the catalogue).
type roundLoad struct {
	entry catalog.Entry
	count int
	node  ast.Node
	spec  *Missile
}

// battalion expands an air_defence item that names a catalogue system
// and no components: the system's parts become a command post, radars
// (the fire-control radar on the mast, when the system has one), launchers
// and their loads, each component with every figure from the catalogue.
// The item may set id (default: the system's name and the item's index,
// "s400-1"), at (required), launchers (how many, up to the catalogue's
// "up to"), missiles (the rounds, replacing the catalogue's default
// load), doctrine and tracker.
func (d *decoder) battalion(o *object, u Unit, sys *catalog.Entry, idNode, sysNode ast.Node, index int) Unit {
	where := sysNode
	if idNode != nil {
		where = idNode
		u.ID = d.id(idNode, "id")
	} else {
		u.ID = fmt.Sprintf("%s-%d", strings.ToLower(sys.Name), index)
		d.claim(sysNode, u.ID)
	}
	var at geo.LLA
	if v := o.require("at", "{lat: ..., lon: ...}, where the fire-control radar stands"); v != nil {
		at, _ = d.position(v, "at")
	}
	launchersNode := o.get("launchers")
	missilesNode := o.get("missiles")
	reaction, spares := d.fighting(o, &u)
	axisNode := o.get("threat_axis") // of the fire-control radar
	o.done()

	type comp struct {
		part  catalog.Part
		entry catalog.Entry
	}
	var radars, launchers []comp
	var post *comp
	var mast *catalog.Entry
	masts := 0 // how many the system has: the first for the fire-control radar, the second for the detector
	var loads []roundLoad
	for _, p := range sys.Parts {
		e, ok := d.catalog().Lookup(p.Name) // the catalogue checks that parts exist
		if !ok {
			continue
		}
		switch {
		case p.Role == "load":
			loads = append(loads, roundLoad{entry: e, count: p.Count})
		case e.Kind == catalog.KindRadar:
			radars = append(radars, comp{p, e})
		case e.Kind == catalog.KindCommandPost && post == nil && p.Count == 1:
			post = &comp{p, e}
		case e.Kind == catalog.KindMast && mast == nil:
			mast = &e
			masts = p.Count
			d.usePart(u.ID, sys, p.Name, p.Count)
		case e.Kind == catalog.KindLauncher:
			launchers = append(launchers, comp{p, e})
		default:
			d.fault = fmt.Errorf("scenario: catalogue system %s: part %s (%s, %s) cannot be placed", sys.Name, p.Name, e.Kind, p.Role)
			return u
		}
	}
	if post == nil || len(radars) == 0 || len(launchers) == 0 {
		d.fault = fmt.Errorf("scenario: catalogue system %s lacks a command post, a radar or a launcher", sys.Name)
		return u
	}

	claim := func(id string) string {
		d.claim(where, id)
		return id
	}
	u.CommandPost.ID = claim(u.ID + "-" + strings.ToLower(post.entry.Name))
	u.CommandPost.At, _ = place(at, post.part.Role, 0, 1)
	d.usePart(u.ID, sys, post.part.Name, 1)

	for _, c := range radars {
		d.usePart(u.ID, sys, c.part.Name, c.part.Count)
		for i := range c.part.Count {
			r := newRadar()
			r.ID = u.ID + "-" + strings.ToLower(c.entry.Name)
			if c.part.Count > 1 {
				r.ID += fmt.Sprintf("-%d", i+1)
			}
			claim(r.ID)
			r.Model = c.entry.Name
			r.At, _ = place(at, c.part.Role, i, c.part.Count)
			o := d.emptyObject(where, "radar "+r.ID)
			f := &figs{d: d, o: o, entity: r.ID, entry: &c.entry, at: where}
			r.Role, _ = f.text("role")
			var mf *figs
			// The fire-control radar and the low-altitude detector stand on
			// masts (40V6M: "raising 92N6E/96L6E antenna for low-altitude
			// coverage", public-figures.yaml, S); the system lists the
			// masts it has.
			if mast != nil && (r.Role == RoleFireControl || c.part.Role == "low-altitude-detector" && masts > 1) {
				mf = &figs{d: d, o: o, entity: r.ID, entry: mast, at: where}
			}
			if axisNode != nil && r.Role == RoleFireControl {
				o.vals["threat_axis"] = axisNode
			}
			d.radarFigures(&r, o, f, mf)
			u.Radars = append(u.Radars, r)
		}
	}

	// Launchers: the catalogue's count, or the file's when there is one
	// kind of launcher.
	if launchersNode != nil {
		n, ok := d.integer(launchersNode, "launchers", atLeastOne)
		switch {
		case !ok:
		case len(launchers) != 1:
			d.errorf(launchersNode, "system %s has %d kinds of launcher; want launchers: left out", sys.Name, len(launchers))
		case n > launchers[0].part.Max:
			d.errorf(launchersNode, "launchers %d is more than a %s battalion has; want 1 to %d (catalogue)", n, sys.Name, launchers[0].part.Max)
		default:
			launchers[0].part.Count = n
		}
	} else {
		for _, c := range launchers {
			d.usePart(u.ID, sys, c.part.Name, c.part.Count)
		}
	}
	total := 0
	for _, c := range launchers {
		total += c.part.Count
	}
	width := max(2, len(fmt.Sprint(total)))
	var models []*catalog.Entry // of each launcher
	for _, c := range launchers {
		for range c.part.Count {
			k := len(u.Launchers)
			l := Launcher{ID: claim(fmt.Sprintf("%s-tel-%0*d", u.ID, width, k+1)), Model: c.entry.Name}
			l.At, _ = place(at, c.part.Role, k, total)
			f := &figs{d: d, o: d.emptyObject(where, "launcher "+l.ID), entity: l.ID, entry: &c.entry, at: where}
			l.ReloadTime = f.quantity("reload_time", units.Duration, nonNegative).x
			u.Launchers = append(u.Launchers, l)
			models = append(models, &c.entry)
		}
	}

	if missilesNode != nil {
		loads = d.battalionLoads(missilesNode, u.ID, sys, loads)
	}
	for _, ld := range loads {
		if ld.node == nil {
			d.usePart(u.ID, sys, ld.entry.Name, ld.count)
		}
	}
	d.distribute(&u, sys, models, loads, where)
	for _, ld := range loads {
		if ld.spec != nil {
			u.Missiles = append(u.Missiles, *ld.spec)
			continue
		}
		u.Missiles = append(u.Missiles, d.missile(nil, where, ld.entry.Name, u.ID+"/"+ld.entry.Name, &ld.entry))
	}

	if !reaction {
		if x, _, ok := d.draw(u.ID, sys, "reaction_time"); ok {
			u.Doctrine.ReactionTime = x
		}
	}
	d.ballisticRange(&u, sys)
	if spares != nil {
		u.SpareRounds = d.spareRounds(spares, &u)
	}
	return u
}

// battalionLoads reads a battalion's missiles: a mapping of catalogue
// missile name to either a number of rounds (16) or the missile's figures
// as a component unit writes them, with its rounds among them or not
// ({rounds: 16, pk: 0.7}). When any entry gives rounds, the entries with
// rounds are the whole load, replacing the catalogue's, and every entry
// must give them; when none does, the catalogue's load (catalogue) is
// kept and each entry changes the figures of a missile in it.
func (d *decoder) battalionLoads(n ast.Node, unitID string, sys *catalog.Entry, catalogue []roundLoad) []roundLoad {
	const want = "a number of rounds, such as 16, or the missile's figures, such as {pk: 0.7}"
	r := d.resolve(n)
	m, ok := r.(*ast.MappingNode)
	switch {
	case r == nil:
		return catalogue
	case !ok:
		d.errorf(r, "missiles is %s; want a mapping of catalogue missile name to number of rounds or figures, such as {48N6E3: 16, 9M96E2: 32}", describe(r))
		return catalogue
	case len(m.Values) == 0:
		d.errorf(r, "missiles is empty; want at least one missile name and number of rounds")
		return catalogue
	}
	type entry struct {
		roundLoad
		rounds bool // the file gives its rounds
	}
	var file []entry
	var firstRounds string // the first entry with rounds, for messages
	for _, mv := range m.Values {
		name, ok := scalar(mv.Key)
		if !ok {
			d.errorf(mv.Key, "missile name is %s; want a name such as 48N6E3", describe(mv.Key))
			continue
		}
		e, known := d.lookup(mv.Key, name, "missile", catalog.KindMissile)
		if known && slices.ContainsFunc(file, func(f entry) bool { return f.entry.Name == e.Name }) {
			d.errorf(mv.Key, "missile %s is listed twice; want each missile once", e.Name)
			continue
		}
		if known {
			name = e.Name
		}
		ld := entry{roundLoad: roundLoad{entry: e, node: mv.Key}}
		ok = true
		switch v := d.resolve(mv.Value).(type) {
		case *ast.IntegerNode:
			ld.count, ok = d.integer(v, "count of "+name, atLeastOne)
			ld.rounds = true
		case *ast.MappingNode:
			o := d.object(v, "missile "+printable(name))
			if rn := o.get("rounds"); rn != nil {
				ld.count, ok = d.integer(rn, "rounds", atLeastOne)
				ld.rounds = true
			}
			if !known {
				o.skip()
				continue
			}
			spec := d.missileOf(o, mv.Key, e.Name, unitID+"/"+e.Name, &e)
			ld.spec = &spec
		case nil:
			d.errorf(mv.Key, "missile %s is nothing; want %s", printable(name), want)
			continue
		default:
			d.errorf(v, "missile %s is %s; want %s", printable(name), describe(v), want)
			continue
		}
		if !known || !ok {
			continue
		}
		if ld.rounds && firstRounds == "" {
			firstRounds = e.Name
		}
		file = append(file, ld)
	}
	if firstRounds != "" {
		var out []roundLoad
		for _, f := range file {
			if !f.rounds {
				d.errorf(f.node, "missile %s has no rounds while %s has; want rounds for every missile listed (the load is replaced), or for none (the catalogue's load is kept)",
					f.entry.Name, firstRounds)
				continue
			}
			out = append(out, f.roundLoad)
		}
		return out
	}
	// Figures only: the catalogue's load, with the file's figures.
	out := slices.Clone(catalogue)
	var names []string
	for _, c := range catalogue {
		names = append(names, c.entry.Name)
	}
	for _, f := range file {
		i := slices.IndexFunc(out, func(c roundLoad) bool { return c.entry.Name == f.entry.Name })
		if i < 0 {
			d.errorf(f.node, "missile %s is not in the %s's load (%s); want one of those, or rounds: to load it, such as {%s: {rounds: 16, pk: 0.7}}",
				f.entry.Name, sys.Name, strings.Join(names, ", "), f.entry.Name)
			continue
		}
		out[i].spec = f.spec
	}
	return out
}

// distribute loads the rounds onto the unit's launchers, whose catalogue
// models are models, and reports rounds that do not fit. Capacities are
// counted in slots (see slotsPerLauncher) and drawn once per battalion
// and launcher model. The rounds that take the most room go first, each
// kind filling the launchers in order before the next kind starts: the
// catalogue's default S-400 load of 16 48N6E3 and 64 9M96E2 fills four
// launchers with four 48N6E3 and four with sixteen 9M96E2. When every
// capacity divides the larger ones, as for 4 and 16, this packing fits
// whenever any packing does.
func (d *decoder) distribute(u *Unit, sys *catalog.Entry, models []*catalog.Entry, loads []roundLoad, where ast.Node) {
	if len(loads) == 0 || len(models) == 0 {
		return
	}
	caps := map[string]map[string]int{} // model -> missile -> rounds per launcher
	var all []int
	for _, e := range models {
		if caps[e.Name] != nil {
			continue
		}
		caps[e.Name] = map[string]int{}
		for _, ld := range loads {
			if c, _, ok := d.drawCount(u.ID+"/"+e.Name, e, catalog.CapacityPrefix+ld.entry.Name); ok && c >= 1 {
				caps[e.Name][ld.entry.Name] = c
				all = append(all, c)
			}
		}
	}
	slots := slotsPerLauncher(all)
	if slots == 0 {
		d.errorf(where, "the launcher capacities of system %s are too varied to share out; want fewer kinds of missile", sys.Name)
		return
	}
	// size is the slots one round of a missile takes on a launcher, 0 if
	// the launcher cannot carry it.
	size := func(model, missile string) int {
		if c := caps[model][missile]; c > 0 {
			return slots / c
		}
		return 0
	}
	order := make([]int, len(loads))
	first := make([]int, len(loads)) // size on the first launcher that carries it
	for i, ld := range loads {
		order[i] = i
		for _, e := range models {
			if s := size(e.Name, ld.entry.Name); s > 0 {
				first[i] = s
				break
			}
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return first[b] - first[a] })

	free := make([]int, len(models))
	for i := range free {
		free[i] = slots
	}
	for _, i := range order {
		ld := loads[i]
		at := ld.node
		if at == nil {
			at = where
		}
		if first[i] == 0 {
			d.errorf(at, "the launchers of system %s (%s) do not carry %s; want missiles they carry: %s",
				sys.Name, models[0].Name, ld.entry.Name, strings.Join(carries(models[0]), ", "))
			continue
		}
		left := ld.count
		for li, e := range models {
			s := size(e.Name, ld.entry.Name)
			if s == 0 || left == 0 {
				continue
			}
			if k := min(left, free[li]/s); k > 0 {
				u.Launchers[li].Loads = append(u.Launchers[li].Loads, MissileLoad{Missile: ld.entry.Name, Count: k})
				free[li] -= k * s
				left -= k
			}
		}
		if left > 0 {
			d.errorf(at, "%d of the %d %s do not fit on the unit's %d launchers (a %s carries %d, sharing its room with the other missiles); want fewer rounds, or more launchers: up to the catalogue's maximum",
				left, ld.count, ld.entry.Name, len(models), models[0].Name, caps[models[0].Name][ld.entry.Name])
		}
	}
}
