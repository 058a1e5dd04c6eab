package iads

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/wta"
	"gonum.org/v1/gonum/spatial/r3"
)

// Levels of command, as the record names them: the IADS's own command
// post is national, a command's level is its kind (Command.Kind:
// regiment, brigade), and a fire unit deciding for itself is a
// battalion.
const (
	LevelNational  = "national"
	LevelBattalion = "battalion"
)

// Command is one command level between the IADS's command post and its
// units (Config.Commands): a regiment or brigade post over fire units
// and other commands.
type Command struct {
	// ID names it in the record; Kind is its level (regiment, brigade);
	// Post is the id of the site of its command post.
	ID, Kind, Post string
	// Units are the ids of what it commands directly: members of the
	// IADS (Unit.ID) and other commands.
	Units []string
	// Over reports whether a target at pos (ECEF) is over its sector of
	// responsibility; nil: it has none.
	Over func(pos r3.Vec) bool
	// Link joins it to the post above, UnitLink to each unit and
	// command under it: their Latency and Capacity only.
	Link, UnitLink Link
}

// grid is the IADS's tree of command posts (Config.Commands): the
// national post at its top, commands under it, fire units at its leaves.
// At each decision instant (step) track reports go up the tree over the
// links, and then, top down, each standing post allocates the targets of
// its picture among what it commands; its orders reach them over the
// links (Allocated).
type grid struct {
	top     *node
	nodes   []*node        // the top, then the commands in Config order
	parent  map[Unit]*node // the post each member is under directly
	last    float64        // the last instant, for the links' capacity
	stepped bool
	// notices are the links whose backlog began or ended at the last
	// instant, for the record (Notices).
	notices []Notice
	// names are the numbers under which each post has its reports
	// evaluated (name), by post and unit track key.
	names map[[2]int]int
	// ts and of are picture's buffers, kept from instant to instant.
	ts []bm.Track
	of []int
}

// node is one command post of the grid.
type node struct {
	index           int // its place in grid.nodes
	id, level, post string
	parent          *node
	place           int // its place among its parent's children
	over            func(r3.Vec) bool
	unitLink        Link // the links to the units under it are alike
	children        []*child
	alive           bool
	// targets are the post's picture at the last instant: its children's
	// reports that have arrived, correlated into one target each.
	targets []target
	// orders are its allocations, newest last, back to the oldest that
	// a child may still be acting on (its link's latency).
	orders  []orders
	keepFor float64
	// given is the picture it gives the units directly under it
	// (levels.go), made once an instant and state of the trackers.
	given levelGiven
	// held and tracks are gather's buffers, kept from instant to
	// instant: a post's reports number in the hundreds, each carrying
	// its track, and growing them anew each second was a tenth of a
	// leveled grid's gathering.
	held   []report
	tracks []bm.Track
}

// child is one unit or command under a post, with the link that joins
// them and the reports of it that have arrived.
type child struct {
	unit Unit
	cmd  *node
	link *Link
	held map[int]report // by track key
	// order are the keys of held, in increasing order, kept as reports
	// come and go: the post reads its reports in this order each
	// instant, and a report arrives for each track every instant while
	// the set of tracks changes seldom, so keeping the keys sorted costs
	// a search per new track where sorting the reports cost a sort of
	// hundreds of tracks each second.
	order []int
	sent  map[int]bool // the tracks it reported at the last instant
	// spare is reports' second map, swapped with sent each instant;
	// rs and keys its buffers for the reports it sends.
	spare map[int]bool
	rs    []report
}

func (c *child) id() string {
	if c.cmd != nil {
		return c.cmd.id
	}
	return c.unit.ID()
}

// target is one object of a post's picture: its first report's estimate
// carried to the instant (ID: the report's key) and the unit tracks that
// stand for it.
type target struct {
	rep  bm.Track
	keys []int
	tag  int
}

// orders are a post's decisions at one instant, by unit track key.
type orders struct {
	t  float64
	of map[int]*decision
}

// decision is what a post decided about one target: which of its
// children engage it (to, each with its expected kill probability), or,
// when to is empty, why the target is not the post's own (why), or, with
// no reason either, that the post leaves it to its children's own
// judgement.
type decision struct {
	to  []int
	pk  []float64
	how string // how the post gave it: by sector or by weapon-target assignment
	why bm.Reason
	// from is the decision of the post above that gave the target to
	// this post, if one did: the chain of command of an order.
	from *decision
	by   *node // the post that decided
}

// Notice is a link whose backlog of track reports began or ended at an
// instant, for the record.
type Notice struct {
	T float64
	// From is the unit or command that reports over the link, FromLevel
	// its level; To the command whose post receives them.
	From, FromLevel, To string
	// Backlog is how many reports wait now (0: the backlog ended), Peak
	// the most that waited since it began, Since when it began.
	Backlog, Peak int
	Since         float64
	Capacity      float64
}

func newGrid(s *System, cfg Config) *grid {
	g := &grid{parent: map[Unit]*node{}, names: map[[2]int]int{}}
	g.top = &node{id: cfg.CommandPost, level: LevelNational, post: cfg.CommandPost, alive: true}
	g.nodes = append(g.nodes, g.top)
	byID := map[string]*node{}
	for _, c := range cfg.Commands {
		n := &node{index: len(g.nodes), id: c.ID, level: c.Kind, post: c.Post, over: c.Over, alive: true,
			unitLink: Link{Latency: c.UnitLink.Latency, Capacity: c.UnitLink.Capacity}}
		g.nodes = append(g.nodes, n)
		byID[c.ID] = n
	}
	unitByID := map[string]Unit{}
	for _, u := range s.members {
		unitByID[u.ID()] = u
	}
	under := map[string]bool{}
	for i, c := range cfg.Commands {
		n := g.nodes[i+1]
		for _, id := range c.Units {
			under[id] = true
			if sub := byID[id]; sub != nil {
				sub.parent = n
				l := cfg.Commands[slices.IndexFunc(cfg.Commands, func(x Command) bool { return x.ID == id })].Link
				n.adopt(&child{cmd: sub, link: &Link{Latency: l.Latency, Capacity: l.Capacity}})
			} else if u := unitByID[id]; u != nil {
				g.parent[u] = n
				n.adopt(&child{unit: u, link: &Link{Latency: n.unitLink.Latency, Capacity: n.unitLink.Capacity}})
			}
		}
	}
	for i, c := range cfg.Commands {
		if n := g.nodes[i+1]; n.parent == nil {
			n.parent = g.top
			g.top.adopt(&child{cmd: n, link: &Link{Latency: c.Link.Latency, Capacity: c.Link.Capacity}})
		}
	}
	for _, u := range s.members {
		if !under[u.ID()] {
			g.parent[u] = g.top
			g.top.adopt(&child{unit: u, link: &Link{}})
		}
	}
	return g
}

// adopt puts c under n.
func (n *node) adopt(c *child) {
	if c.cmd != nil {
		c.cmd.place = len(n.children)
	}
	c.held, c.sent, c.spare = map[int]report{}, map[int]bool{}, map[int]bool{}
	n.children = append(n.children, c)
	n.keepFor = max(n.keepFor, c.link.Latency)
}

// step is one decision instant of the grid: reports up, then orders
// down.
func (g *grid) step(s *System, now float64) {
	period := 1.0 // the first instant has a second's room
	if g.stepped {
		period = now - g.last
	}
	g.last, g.stepped = now, true
	g.notices = g.notices[:0]
	g.gather(s, g.top, now, period)
	if g.top.alive {
		g.picture(s, now)
	}
	g.decide(s, g.top, now)
}

// gather makes the picture of n and of every post under it at now from
// the reports that have arrived over their links, after sending this
// instant's: each unit reports its confirmed tracks, each command the
// targets of its picture.
func (g *grid) gather(s *System, n *node, now, period float64) {
	for _, c := range n.children {
		if c.cmd != nil {
			g.gather(s, c.cmd, now, period)
		}
	}
	n.targets = n.targets[:0]
	if !n.alive {
		return
	}
	held := n.held[:0]
	for _, c := range n.children {
		if !g.joined(s, c) {
			clear(c.held)
			c.order = c.order[:0]
			continue
		}
		was := c.link.Backlog()
		c.link.send(c.reports(s, now))
		c.link.pump(now, period)
		g.notice(n, c, was, now)
		for _, r := range c.link.arrived(now) {
			c.hold(r)
		}
		for _, k := range c.order {
			held = append(held, c.held[k])
		}
	}
	n.held = held
	tracks := n.tracks[:0]
	for _, r := range held {
		tk := Carry(r.track, now)
		tk.ID = r.key
		tracks = append(tracks, tk)
	}
	n.tracks = tracks
	of := Gather(tracks)
	for i, c := range of {
		if c == len(n.targets) {
			n.targets = append(n.targets, target{rep: tracks[i], tag: held[i].tag})
		}
		n.targets[c].keys = append(n.targets[c].keys, held[i].keys...)
	}
}

// hold takes report r into what c's post holds of c: a new or newer
// report of a track, or the end of one.
func (c *child) hold(r report) {
	i, found := slices.BinarySearch(c.order, r.key)
	if r.drop {
		delete(c.held, r.key)
		if found {
			c.order = slices.Delete(c.order, i, i+1)
		}
		return
	}
	c.held[r.key] = r
	if !found {
		c.order = slices.Insert(c.order, i, r.key)
	}
}

// reports are what c sends its post at now: a report of each of its
// tracks (a unit's confirmed tracks, a command's targets), and the end
// of each it reported at the last instant and no longer holds. A unit's
// tracks are asked of it once an instant (tracksOf): its post's picture
// for its units (levelOf) reads the same list a moment later.
func (c *child) reports(s *System, now float64) []report {
	rs := c.rs[:0]
	if c.cmd != nil {
		for _, t := range c.cmd.targets {
			rs = append(rs, report{key: t.rep.ID, keys: t.keys, track: t.rep, tag: t.tag})
		}
	} else {
		ts := s.tracksOf(c.unit, now)
		// One array for the instant's keys of one track each: a post
		// keeps a report's keys (held, and a target's keys are appended
		// from them, never into them), so it is new each instant.
		keys := make([]int, len(ts))
		for i, t := range ts {
			keys[i] = t.Track.ID
			rs = append(rs, report{key: t.Track.ID, keys: keys[i : i+1 : i+1], track: t.Track, tag: t.Tag})
		}
	}
	now2 := c.spare
	clear(now2)
	for _, r := range rs {
		now2[r.key] = true
	}
	var gone []int
	for k := range c.sent {
		if !now2[k] {
			gone = append(gone, k)
		}
	}
	slices.Sort(gone)
	for _, k := range gone {
		rs = append(rs, report{key: k, drop: true})
	}
	c.sent, c.spare = now2, c.sent
	c.rs = rs
	return rs
}

// notice records a change of the backlog of c's link to n.
func (g *grid) notice(n *node, c *child, was int, now float64) {
	l := c.link
	b := l.Backlog()
	if (was == 0) == (b == 0) {
		return
	}
	level := LevelBattalion
	if c.cmd != nil {
		level = c.cmd.level
	}
	if b > 0 {
		l.since, l.peak = now, b
	}
	g.notices = append(g.notices, Notice{T: now, From: c.id(), FromLevel: level, To: n.id, Backlog: b, Peak: l.peak, Since: l.since, Capacity: l.Capacity})
	if b == 0 {
		l.peak = 0
	}
}

// joined reports whether c still reports to its post: a member that
// has not left, or a command whose post stands.
func (g *grid) joined(s *System, c *child) bool {
	if c.cmd != nil {
		return c.cmd.alive
	}
	return s.Member(c.unit)
}

// picture makes the IADS's recognised air picture (System.Picture) from
// the national post's: every unit track of each of its targets.
func (g *grid) picture(s *System, now float64) {
	ts, of := g.ts[:0], g.of[:0]
	for j, t := range g.top.targets {
		for _, k := range t.keys {
			tk := t.rep
			tk.ID = k
			ts = append(ts, tk)
			of = append(of, j)
		}
	}
	g.ts, g.of = ts, of
	s.rap.Update(now, ts, of)
}

// decide makes n's orders at now, then those of the posts under it.
func (g *grid) decide(s *System, n *node, now float64) {
	if n.alive {
		n.allocate(s, now)
	}
	for _, c := range n.children {
		if c.cmd != nil {
			g.decide(s, c.cmd, now)
		}
	}
}

// allocate decides which of n's targets are its own and allocates them
// among its children. A target is the post's own when the post above
// gave it to it, when the post above is lost (or there is none), or,
// the post above having said nothing of it yet, when it is over the
// post's sector or the post has none. Its own targets go, among its
// children, to the one command whose sector a target is over, if that
// command can engage it; the rest by the weapon-target assignment, over
// the children whose sectors it is over when it is over several, over
// all of them otherwise.
func (n *node) allocate(s *System, now float64) {
	keys := 0
	for _, t := range n.targets {
		keys += len(t.keys)
	}
	// A decision for every unit track of the picture: sized once, not
	// grown through its doublings.
	o := orders{t: now, of: make(map[int]*decision, keys)}
	var above *orders
	if p := n.parent; p != nil && p.alive {
		above = p.ordersAt(now - p.children[n.place].link.Latency)
	}
	var mine []int
	from := make([]*decision, len(n.targets)) // the order from above that gave a target to n
	for j, t := range n.targets {
		var d *decision
		if above != nil {
			d = above.find(t.keys)
		}
		out := n.over != nil && !n.over(t.rep.Pos)
		var why bm.Reason
		switch {
		case n.parent == nil || !n.parent.alive:
		case d != nil && slices.Contains(d.to, n.place):
			from[j] = d
		case d != nil && len(d.to) > 0:
			why = allocatedBy(n.parent, d)
			if out {
				why = outside(n, why)
			}
		case d != nil && d.why.Holds():
			why = d.why // the level above had it from above
			if out {
				why = outside(n, d.why)
			}
		case out:
			// The level above has not decided on it, or left it to
			// whoever can: the sector decides.
			why = outside(n, bm.Reason{})
		}
		if why.Holds() {
			nd := &decision{why: why}
			for _, k := range t.keys {
				o.of[k] = nd
			}
			continue
		}
		mine = append(mine, j)
	}
	n.assign(s, now, mine, from, &o)
	n.orders = append(n.orders, o)
	// Keep the orders a child may still act on: those since the newest
	// one at least keepFor old.
	cut := 0
	for i, x := range n.orders {
		if x.t <= now-n.keepFor+1e-9 {
			cut = i
		}
	}
	n.orders = append(n.orders[:0], n.orders[cut:]...)
}

// assign allocates n's own targets (mine, indices of n.targets) among
// its children, into o. A target it gives to none (none can engage it,
// or as many units as the IADS allows engage it already) is left to
// its children's own judgement: a decision with no one and no reason.
func (n *node) assign(s *System, now float64, mine []int, from []*decision, o *orders) {
	left := &decision{}
	for _, j := range mine {
		for _, k := range n.targets[j].keys {
			o.of[k] = left
		}
	}
	if len(mine) == 0 {
		return
	}
	type weapon struct {
		c     *child
		units []Unit // the fire units that shoot for it
	}
	var ws []weapon
	for _, c := range n.children {
		var us []Unit
		if c.cmd != nil {
			us = c.cmd.units(s, nil, true)
		} else if s.Member(c.unit) && !c.unit.Silent() {
			us = []Unit{c.unit}
		}
		if len(us) > 0 {
			ws = append(ws, weapon{c: c, units: us})
		}
	}
	if len(ws) == 0 {
		return
	}
	under := s.engagedAt(now)
	known := n.known(s)
	in := &wta.Instance{Cap: make([]int, len(ws)), P: make([][]float64, len(ws))}
	threats := make([]bm.Threat, len(mine))
	var settle []int // places in mine of the targets the assignment settles
	for i, w := range ws {
		for _, u := range w.units {
			in.Cap[i] += u.Shots()
		}
		in.P[i] = make([]float64, len(mine))
	}
	for m, j := range mine {
		t := n.targets[j]
		tk := t.rep
		tk.ID = s.grid.name(n, tk.ID)
		threats[m] = s.cfg.Evaluate(tk)
		threats[m].Track.ID = t.rep.ID
		allowed := s.perTarget - engagedAmong(under, t.rep, known)
		if allowed <= 0 {
			continue
		}
		var over []int
		for i, w := range ws {
			if w.c.cmd != nil && w.c.cmd.over != nil && w.c.cmd.over(t.rep.Pos) {
				over = append(over, i)
			}
			if in.Cap[i] > 0 {
				in.P[i][m] = kill(w.units, now, threats[m], t.keys)
			}
		}
		if len(over) == 1 && in.P[over[0]][m] > 0 {
			i := over[0]
			d := &decision{to: []int{slices.Index(n.children, ws[i].c)}, pk: []float64{in.P[i][m]}, how: "over its sector of responsibility",
				from: from[j], by: n}
			for _, k := range t.keys {
				o.of[k] = d
			}
			continue
		}
		if len(over) > 1 {
			for i := range ws {
				if !slices.Contains(over, i) {
					in.P[i][m] = 0
				}
			}
		}
		in.Value = append(in.Value, threats[m].Score)
		in.MaxShots = append(in.MaxShots, allowed)
		settle = append(settle, m)
	}
	if len(settle) == 0 {
		return
	}
	for i := range in.P {
		row := make([]float64, len(settle))
		for x, m := range settle {
			row[x] = in.P[i][m]
		}
		in.P[i] = row
	}
	plan, err := solve(in, s.cfg.Stream("iads", "allocation", n.id, fmt.Sprint(now)))
	if err != nil {
		return
	}
	ds := make([]*decision, len(settle))
	for i, w := range ws {
		for _, x := range plan[i] {
			if ds[x] == nil {
				ds[x] = &decision{how: "by weapon-target assignment", from: from[mine[settle[x]]], by: n}
			}
			to := slices.Index(n.children, w.c)
			if !slices.Contains(ds[x].to, to) {
				ds[x].to = append(ds[x].to, to)
				ds[x].pk = append(ds[x].pk, in.P[i][x])
			}
		}
	}
	for x, d := range ds {
		if d == nil {
			continue
		}
		for _, k := range n.targets[mine[settle[x]]].keys {
			o.of[k] = d
		}
	}
}

// name is the number under which post n has the report of unit track k
// evaluated (Config.Evaluate): negative, apart from every unit track's
// key, one per post and track, kept from instant to instant. The run
// keeps its evaluations and each track's history of flight by number;
// a post's estimate of a track is its report, older than the unit's
// own, and has a history of its own.
func (g *grid) name(n *node, k int) int {
	id, ok := g.names[[2]int{n.index, k}]
	if !ok {
		id = -1 - len(g.names)
		g.names[[2]int{n.index, k}] = id
	}
	return id
}

// known are the fire units whose engagements n's post knows of: those
// under the highest post joined to it through standing posts.
func (n *node) known(s *System) map[Unit]bool {
	top := n
	for top.parent != nil && top.parent.alive {
		top = top.parent
	}
	us := map[Unit]bool{}
	for _, u := range top.units(s, nil, false) {
		us[u] = true
	}
	return us
}

// engagedAmong counts the units of known (nil: any) that engage the
// target of track t now, of the engagements under way indexed in d.
func engagedAmong(d *engaged, t bm.Track, known map[Unit]bool) int {
	var seen []Unit
	d.cand = d.near.Candidates(t, d.cand[:0])
	for _, i := range d.cand {
		e, est := d.engs[i], d.ests[i]
		if known != nil && !known[e.Shooter()] || bm.Apart(t, est) {
			continue
		}
		if same, _ := bm.Correlate(t, est); same && !contains(seen, e.Shooter()) {
			seen = append(seen, e.Shooter())
		}
	}
	return len(seen)
}

// kill is the best salvo kill probability of units against th, 0 where
// none can engage it (beyond its reach, busy on it, or unable).
func kill(units []Unit, now float64, th bm.Threat, keys []int) float64 {
	best := 0.0
	for _, u := range units {
		if u.Shots() == 0 || anyBusy(u, keys) || u.Beyond(th.Track.Pos, th.Track.Vel) {
			continue
		}
		if pk, ok := u.Kill(now, th); ok {
			best = max(best, pk)
		}
	}
	return best
}

// units appends to dst the members under n, through standing posts;
// with radiating, only those whose fire-control radars radiate: those
// that can take a target n allocates.
func (n *node) units(s *System, dst []Unit, radiating bool) []Unit {
	if !n.alive {
		return dst
	}
	for _, c := range n.children {
		switch {
		case c.cmd != nil:
			dst = c.cmd.units(s, dst, radiating)
		case s.Member(c.unit) && !(radiating && c.unit.Silent()):
			dst = append(dst, c.unit)
		}
	}
	return dst
}

// ordersAt is the newest of n's orders given at t or before: the last
// that has arrived at a child whose link's latency makes t now.
func (n *node) ordersAt(t float64) *orders {
	for i := len(n.orders) - 1; i >= 0; i-- {
		if n.orders[i].t <= t+1e-9 {
			return &n.orders[i]
		}
	}
	return nil
}

// find is the decision on the first of keys it has one on.
func (o *orders) find(keys []int) *decision {
	for _, k := range keys {
		if d := o.of[k]; d != nil {
			return d
		}
	}
	return nil
}

// allocated is grid's answer to System.Allocated: why unit u must leave
// threat th to others under the last orders of its post to have
// reached it, or no reason.
func (g *grid) allocated(s *System, u Unit, th bm.Threat) bm.Reason {
	p, d, me := g.order(u, th.Track.ID, th.Track.T)
	if p == nil {
		return bm.Reason{}
	}
	if d == nil {
		// Centralised control: a unit engages what its post gives it.
		// A target its post's orders do not name yet (its report is
		// still on its way up, or the order on its way down) waits for
		// them, unless other units engage it already.
		if why := s.Deconflict(u, th); why.Holds() {
			return why
		}
		return bm.Reason{Kind: bm.KindAwait, Format: formatAwait, Name: p.id, Other: p.level}
	}
	if slices.Contains(d.to, me) {
		return bm.Reason{}
	}
	if len(d.to) == 0 {
		return d.why
	}
	return allocatedBy(p, d)
}

// formatAwait: "awaiting the orders of Name (Other)".
func formatAwait(r bm.Reason) string {
	return "awaiting the orders of " + r.Name + " (" + r.Other + ")"
}

// order is the decision of u's post on the track with key k, in the
// last of its orders to have reached u by now, and u's place under it.
func (g *grid) order(u Unit, k int, now float64) (*node, *decision, int) {
	p := g.parent[u]
	if p == nil || !p.alive {
		return nil, nil, -1
	}
	me := slices.IndexFunc(p.children, func(c *child) bool { return c.unit == u })
	if me < 0 {
		return nil, nil, -1
	}
	o := p.ordersAt(now - p.children[me].link.Latency)
	if o == nil {
		return p, nil, me // no order has reached u yet
	}
	return p, o.of[k], me
}

// assignedBy says which post gave unit u the target of the track with
// key k at now, and how, with the chain of orders above it, if one did.
func (g *grid) assignedBy(u Unit, k int, now float64) (level, command, how string, ok bool) {
	p, d, me := g.order(u, k, now)
	if d == nil || !slices.Contains(d.to, me) {
		return "", "", "", false
	}
	how = d.how
	for x := d; x.from != nil; x = x.from {
		how += ", given to " + x.by.id + " by " + x.from.by.id + " (" + x.from.by.level + ") " + x.from.how
	}
	return p.level, p.id, how, true
}

// allocatedBy is the reason to leave a target that post p gave to other
// children of its (decision d).
func allocatedBy(p *node, d *decision) bm.Reason {
	names := make([]string, len(d.to))
	for i, c := range d.to {
		names[i] = p.children[c].id()
	}
	return bm.Reason{Kind: bm.KindAllocatedBy, Format: formatAllocatedBy, Name: p.id, Other: p.level, Names: names, Pk: d.pk}
}

// formatAllocatedBy: "allocated by Name (Other) to Names[i] (Pk Pk[i]),
// ..." for the first N names, then "; outside the sector of
// responsibility of Names[N] (Names[N+1])" when the reason was relayed
// by a command whose sector the target is not over (N > 0).
func formatAllocatedBy(r bm.Reason) string {
	owners := r.Names
	if r.N > 0 {
		owners = r.Names[:r.N]
	}
	var b strings.Builder
	b.WriteString("allocated by " + r.Name + " (" + r.Other + ") to ")
	for i, n := range owners {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(n + " (Pk " + strconv.FormatFloat(r.Pk[i], 'f', 2, 64) + ")")
	}
	if r.N > 0 {
		b.WriteString("; outside the sector of responsibility of " + r.Names[r.N] + " (" + r.Names[r.N+1] + ")")
	}
	return b.String()
}

// outside is the reason a target over no part of n's sector is not n's.
// If the level above gave it to another (above, an allocatedBy reason),
// that is the reason, and the sector is said after it; otherwise the
// sector is.
func outside(n *node, above bm.Reason) bm.Reason {
	if above.Kind == bm.KindAllocatedBy {
		if above.N > 0 {
			above.Names = above.Names[:above.N]
		}
		r := above
		r.N = len(above.Names)
		r.Names = append(append([]string(nil), above.Names...), n.id, n.level)
		return r
	}
	return bm.Reason{Kind: bm.KindSector, Format: formatOutside, Name: n.id, Other: n.level}
}

// formatOutside: "outside the sector of responsibility of Name (Other)".
func formatOutside(r bm.Reason) string {
	return "outside the sector of responsibility of " + r.Name + " (" + r.Other + ")"
}

// Decider is the level and command that a reason to hold fire comes
// from, when a post of the grid gave it (an allocation by a command, a
// target outside its sector): ok is false for a fire unit's own.
func Decider(r bm.Reason) (level, command string, ok bool) {
	switch r.Kind {
	case bm.KindAllocatedBy, bm.KindSector, bm.KindAwait:
		return r.Other, r.Name, true
	}
	return "", "", false
}

// lose marks as lost every post of the grid at site and says, for the
// record, what each loss does.
func (g *grid) lose(s *System, site string) []Loss {
	var out []Loss
	for _, n := range g.nodes {
		if !n.alive || n.post != site {
			continue
		}
		n.alive = false
		var alone, own []string
		for _, c := range n.children {
			switch {
			case c.cmd != nil && c.cmd.alive:
				own = append(own, c.cmd.id)
			case c.cmd == nil && s.Member(c.unit):
				alone = append(alone, c.unit.ID())
			}
		}
		var why []string
		if len(own) > 0 {
			why = append(why, "commands "+strings.Join(own, ", ")+" now allocate on their own pictures")
		}
		if len(alone) > 0 {
			why = append(why, "units "+strings.Join(alone, ", ")+" now fight alone: no shared picture, no deconfliction")
		}
		if len(why) == 0 {
			why = append(why, "nothing under it stands")
		}
		out = append(out, Loss{Level: n.level, Command: n.id, Reason: strings.Join(why, "; ")})
	}
	if !g.top.alive {
		s.alive = false
	}
	return out
}

// Loss is a command post lost, for the record: its level, its command
// (the site of the IADS's post, or a command's id) and what follows.
type Loss struct {
	Level, Command, Reason string
}

// joinedUnits reports whether units u and v, both members, are joined
// through standing posts: they share their pictures and deconflict.
func (g *grid) joinedUnits(u, v Unit) bool {
	a, b := g.parent[u], g.parent[v]
	if a == nil || b == nil {
		return false
	}
	// Every post from each up to the lowest one over both must stand.
	var up []*node
	for n := a; n != nil; n = n.parent {
		up = append(up, n)
	}
	for n := b; n != nil; n = n.parent {
		if !n.alive {
			return false
		}
		if i := slices.Index(up, n); i >= 0 {
			for _, m := range up[:i] {
				if !m.alive {
					return false
				}
			}
			return true
		}
	}
	return false
}

// Notices are the links whose backlog began or ended at the last
// decision instant.
func (s *System) Notices() []Notice {
	if s.grid == nil {
		return nil
	}
	return s.grid.notices
}

// LosePost marks as lost the command posts at site (a threat reached
// it) and says, for each, what follows. Without command levels the one
// post is the IADS's, and its loss has no level or command in the record,
// as before levels existed.
func (s *System) LosePost(site string) []Loss {
	if s.grid != nil {
		return s.grid.lose(s, site)
	}
	if !s.alive || site != s.post {
		return nil
	}
	return []Loss{{Reason: s.PostLost()}}
}

// Leveled reports whether the IADS has command levels (Config.Commands):
// its decisions then say which level took them.
func (s *System) Leveled() bool { return s.grid != nil }

// AssignedBy says which post of the grid gave unit u the target of the
// track with key k at now, by its level and command, and how; ok is
// false if none did (or the IADS has no levels).
func (s *System) AssignedBy(u Unit, k int, now float64) (level, command, how string, ok bool) {
	if s.grid == nil {
		return "", "", "", false
	}
	return s.grid.assignedBy(u, k, now)
}

// sees reports whether unit u's picture takes in unit v's tracks: v is
// joined with it (Together) and, in an IADS with command levels, under
// the same post, which passes its units each other's tracks. Units
// under other posts are known to u only through its post's orders and
// the deconfliction of fire.
func (s *System) sees(u, v Unit) bool {
	return s.Together(u, v) && (s.grid == nil || s.grid.parent[u] == s.grid.parent[v])
}

// Together reports whether unit u fights inside a standing IADS joined
// with unit v: u shares v's tracks and deconflicts its fire with v's.
func (s *System) Together(u, v Unit) bool {
	if !s.Shares(u) || !s.Member(v) {
		return false
	}
	return s.grid == nil || s.grid.joinedUnits(u, v)
}
