package iads

import (
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/iadsim/iadsim/bm"
)

// System is the integrated air-defence system of a run: its command
// post, its member units, the engagements under way of every unit, the
// picture each unit decides on, the deconfliction of their fire and the
// command post's allocation of targets to units.
//
// A run without an IADS still has a System with no members: a unit then
// decides on its own picture and deconflicts only its own engagements
// (two tracks of one target).
type System struct {
	post    string
	member  []bool // by unit index
	members []Unit // in order of index
	// membership counts the changes of member (Leave): what was made
	// for the members as they stood is made again.
	membership int
	perTarget  int
	alive      bool
	cfg        Config

	engs   []*entry // under way, in order of decision
	gen    int      // changes of the units' trackers
	engGen int      // changes of engs
	deconf deconfliction
	alloc  *allocation
	// grid is the tree of command posts when the IADS has command
	// levels (Config.Commands; command.go); nil: one post over every
	// unit.
	grid *grid
	// rap is the recognised air picture, made with the allocation;
	// reports its buffer of the members' tracks.
	rap     Picture
	reports []UnitTrack
	// reportsGen is the state of the trackers reports were made in.
	reportsGen int

	// reported holds each member's tracks at the last instant asked
	// (tracksOf), by unit index.
	reported []reported
	// own are the deciding unit's own tracks while its picture takes in
	// the other units' (Sight), ownNear their index; cand is its buffer.
	own     []bm.Track
	ownNear bm.Near
	cand    []int
	// given is the recognised air picture indexed for the units' sights
	// at the last instant one asked (given.go).
	given given
}

// Config is what the IADS asks of the run it commands.
type Config struct {
	// CommandPost is the id of the site of the command post; Members the
	// units it commands, and PerTarget how many of them may engage one
	// target at once. No members: no IADS.
	CommandPost string
	Members     []Unit
	PerTarget   int
	// Evaluate is the threat evaluation of a track of the shared picture
	// (bm.EvaluateTrack over the run's sites and ground).
	Evaluate func(bm.Track) bm.Threat
	// Stream is the run's random stream of the given names: the
	// allocation's local search draws from one per instant.
	Stream func(names ...string) *rand.Rand
	// Commands are the command levels between the command post and the
	// members (command.go); none: the command post commands every
	// member itself.
	Commands []Command
}

// New is the IADS of cfg, standing.
func New(cfg Config) *System {
	s := &System{post: cfg.CommandPost, perTarget: cfg.PerTarget, alive: len(cfg.Members) > 0, cfg: cfg}
	for _, u := range cfg.Members {
		i := u.Index()
		for len(s.member) <= i {
			s.member = append(s.member, false)
		}
		if !s.member[i] {
			s.member[i] = true
			s.members = append(s.members, u)
		}
	}
	slices.SortFunc(s.members, func(a, b Unit) int { return a.Index() - b.Index() })
	if len(cfg.Commands) > 0 && s.alive {
		s.grid = newGrid(s, cfg)
	}
	return s
}

// Standing reports whether the IADS commands its units: it has members
// and its command post stands.
func (s *System) Standing() bool { return s.alive }

// Post is the id of the command post's site.
func (s *System) Post() string { return s.post }

// Member reports whether u is one of the IADS's units, standing or not.
func (s *System) Member(u Unit) bool {
	i := u.Index()
	return i < len(s.member) && s.member[i]
}

// Shares reports whether u fights inside a standing IADS: it shares the
// picture, deconflicts with the other members and takes its targets from
// the allocation.
func (s *System) Shares(u Unit) bool {
	if s.grid != nil {
		p := s.grid.parent[u]
		return s.Member(u) && p != nil && p.alive
	}
	return s.alive && s.Member(u)
}

// Members are the IADS's units in order of index.
func (s *System) Members() []Unit { return s.members }

// Leave takes u out of the IADS (its command post was destroyed): it
// fights alone from now on.
func (s *System) Leave(u Unit) {
	if !s.Member(u) {
		return
	}
	s.member[u.Index()] = false
	s.membership++
	for i, m := range s.members {
		if m == u {
			s.members = append(s.members[:i:i], s.members[i+1:]...)
			break
		}
	}
}

// PostLost drops the IADS when its command post is lost: its units fight
// on alone. It returns why, for the record.
func (s *System) PostLost() string {
	s.alive = false
	ids := make([]string, len(s.members))
	for i, u := range s.members {
		ids[i] = u.ID()
	}
	return "units " + strings.Join(ids, ", ") + " now fight alone: no shared picture, no deconfliction"
}

// TracksChanged tells the IADS that a unit's tracker changed (a scan, a
// track dropped): every estimate it made before is stale.
func (s *System) TracksChanged() { s.gen++ }

// entry is an engagement under way with its target as last estimated
// for deconfliction (targetOf): at seenAt while the trackers stood at
// seenGen.
type entry struct {
	e       Engagement
	seen    bm.Track
	seenOK  bool
	seenAt  float64
	seenGen int
}

// Engaged records an engagement decided.
func (s *System) Engaged(e Engagement) {
	s.engs = append(s.engs, &entry{e: e})
	s.engGen++
}

// Over removes an engagement that is over; it reports whether the
// engagement was under way.
func (s *System) Over(e Engagement) bool {
	for i, x := range s.engs {
		if x.e == e {
			s.engs = append(s.engs[:i], s.engs[i+1:]...)
			s.engGen++
			return true
		}
	}
	return false
}

// Engagements appends to dst the engagements under way, in order of
// decision.
func (s *System) Engagements(dst []Engagement) []Engagement {
	for _, x := range s.engs {
		dst = append(dst, x.e)
	}
	return dst
}

// targetOf is x.e.Target(t), estimated once per instant and state of
// the trackers: deconfliction asks it for every track of every unit that
// decides at t, and the answer cannot change until a tracker scans or
// drops a track or the clock moves.
func (s *System) targetOf(x *entry, t float64) (bm.Track, bool) {
	if x.seenGen == s.gen && x.seenAt == t && s.gen > 0 {
		return x.seen, x.seenOK
	}
	x.seen, x.seenOK = x.e.Target(t)
	x.seenAt, x.seenGen = t, s.gen
	return x.seen, x.seenOK
}

// Picture is the recognised air picture as made at the last decision
// instant (Allocate) while the IADS stood.
func (s *System) Picture() *Picture { return &s.rap }

// Number is the system track number of the unit track with key k at
// now: 0 if the IADS did not make its picture at now (it does not
// stand) or the track is not in it.
func (s *System) Number(k int, now float64) int { return s.rap.Number(k, now) }
