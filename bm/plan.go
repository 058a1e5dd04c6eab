package bm

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/weapon"
	"gonum.org/v1/gonum/spatial/r3"
)

// Launcher is one launcher of a fire unit and the rounds it still holds.
type Launcher struct {
	ID     string
	At     geo.LLA
	Rounds []Round
	// ReadyAt is the first time the launcher can fire: later than now
	// while it is being reloaded.
	ReadyAt float64
}

// Round is a count of one missile type on a launcher.
type Round struct {
	Missile *weapon.Missile
	Count   int
}

// FireControl is the fire-control radar that guides a fire unit's
// missiles. Its fire channels bound the targets engaged at once, and
// MissilesGuided the interceptors in flight at once.
type FireControl struct {
	ID             string
	Pos            r3.Vec              // antenna, ECEF
	Covers         func(p r3.Vec) bool // geometric coverage: horizon, range and elevation limits
	FireChannels   int
	MissilesGuided int
	// HeightSigma is the 1-sigma height error of one measurement by the
	// fire-control radar of a target at p (ECEF), m. A track whose height
	// is much less certain has not been measured by it, and the unit
	// does not plan an intercept on a search radar's height (see
	// interceptHeight). Nil: every track's height is taken as it comes.
	HeightSigma func(p r3.Vec) float64
	// Held, when set, says why the radar does not hold a threat's track
	// (it has not detected the target within its coast limit, or the
	// track is another radar's), or no reason (the zero Reason) when it
	// does. A unit launches only
	// on a track its fire-control radar holds, unless its doctrine allows
	// launch on remote (Doctrine.RemoteTracks) and the missile can fly
	// without the radar (weapon.GuidanceMode.NeedsFireControl).
	Held func(Threat) Reason
	// Busy, when set, says why the radar has no time left for another
	// target and its missiles more (its time budget), or no reason (the
	// zero Reason) when it has.
	Busy func(th Threat, missiles int) Reason
}

// Doctrine is how a unit fights, set from the scenario.
type Doctrine struct {
	// Salvo is the number of missiles fired at a target in one
	// engagement. With shoot-look-shoot (the default) the unit then waits
	// for the result before it fires at that target again.
	Salvo        int
	ReactionTime float64 // from decision to launch, s
	MinPk        float64 // hold fire when the expected kill probability is lower
	Reserve      int     // rounds the unit keeps back, never fired
	EngageRange  float64 // engage only tracks this close to the fire-control radar; 0 means no limit
	FirmTrack    float64 // engage only tracks whose VelSigma is at most this; 0 means any track
	// CoastLimit is the longest a track may go without a detection and
	// still be engaged, s (Coasting); 0 means no limit.
	CoastLimit float64
	// CoastMisses, when positive, also makes a track coasting once this
	// many looks in a row by radars that cover it have not detected it.
	CoastMisses int
	// SalvoByClass overrides Salvo against targets of a kinematic class
	// (ClassBallistic, ...), as doctrine fires two at a ballistic missile
	// and one at a drone.
	SalvoByClass map[string]int
	// MissilesByClass lists, for a kinematic class, the missile types the
	// unit fires at targets of that class, most preferred first: a type
	// left out is never fired at that class, so no 48N6E3 is spent on a
	// drone. Against a class not listed every type may fire, the cheapest
	// adequate round first (see CostOrder).
	MissilesByClass map[string][]string
	// HoldFor are the classes against which the unit holds fire for a
	// cheaper round it prefers when that round cannot reach the target yet
	// but will, straight on, with room for a second shot before the
	// target reaches its site. It suits slow, predictable targets such as
	// drones; an aircraft that may turn away before it comes into reach is
	// better engaged while it can be.
	HoldFor map[string]bool
	// ReserveRelease says when the Reserve may be fired after all.
	ReserveRelease ReserveRelease
	// RemoteTracks allows launch on a track the fire-control radar does
	// not hold, with missiles that need no radar to the end (an active
	// seeker): the missile flies out on the track's estimate, passed to it
	// by datalink, and homes on its own.
	RemoteTracks bool
	// BallisticRange and BallisticMinAltitude bound intercepts of
	// ballistic targets (see ballisticLimits); 0 means no bound.
	BallisticRange, BallisticMinAltitude float64
	// BallisticEngagements is the most engagements the unit makes of one
	// ballistic missile under shoot-look-shoot: its salvo and
	// BallisticEngagements-1 look-again salvos. Below 1 it is
	// DefaultBallisticEngagements.
	BallisticEngagements int
}

// ReserveRelease frees a unit's reserve against a threat of one of
// Classes that will reach a defended site within TimeToGo seconds: the
// reserve is kept for the threats still to come, and a threat about to
// strike the site it defends is one of them.
type ReserveRelease struct {
	TimeToGo float64  // s; 0: the reserve is never fired
	Classes  []string // kinematic classes released against; nil: every class
}

// releases reports whether the reserve may be fired at th.
func (r ReserveRelease) releases(th Threat) bool {
	return r.TimeToGo > 0 && th.Site != "" && th.TimeToGo <= r.TimeToGo &&
		(r.Classes == nil || slices.Contains(r.Classes, th.Class))
}

// CostOrder is the cost of a missile type in the doctrine's default
// order, lower firing first. No unit prices are public, so the model
// assumes (U) that a round costs more the larger its motor, and that its
// motor grows with its reach: 9M96E (40 km) before 9M96E2 (120 km) before
// the 48N6 family (250 km) before the 40N6E (400 km). Its maximum range
// stands for its cost.
func CostOrder(m *weapon.Missile) float64 { return m.MaxRange }

// rank is a missile type's place in the doctrine's order against a
// class, lower firing first, and false when the doctrine does not fire it
// at that class.
func (d Doctrine) rank(class string, m *weapon.Missile) (float64, bool) {
	list, ok := d.MissilesByClass[class]
	if !ok {
		return CostOrder(m), true
	}
	i := slices.Index(list, m.Name)
	return float64(i), i >= 0
}

// SalvoFor is the salvo against a target of the given class.
func (d Doctrine) SalvoFor(class string) int {
	if n, ok := d.SalvoByClass[class]; ok && n > 0 {
		return n
	}
	return max(d.Salvo, 1)
}

// Order commits a launcher to a track: fire Count missiles at LaunchAt.
type Order struct {
	Threat   Threat
	Launcher *Launcher
	Round    *Round // the rounds the missiles are taken from
	Missile  *weapon.Missile
	Count    int
	LaunchAt float64
	PIP      r3.Vec  // predicted intercept point, ECEF
	TOF      float64 // predicted time of flight, s
	Pk       float64 // expected kill probability of one missile
	Rejected []string
	// Remote, when not "", says the order is a launch on remote: why the
	// fire-control radar does not hold the track.
	Remote string
}

// Hold says why a ranked threat was not engaged this cycle: Reason is
// the text of Why, built when the hold is said.
type Hold struct {
	Threat Threat
	Why    Reason
	Reason string
}

// Unit is the battle manager of one fire unit: its fire-control radar,
// launchers and doctrine, and the engagements it has under way.
type Unit struct {
	ID        string
	FC        FireControl
	Launchers []*Launcher
	Doctrine  Doctrine

	// Deconflict, when set, is asked before a threat is engaged: a
	// reason (Reason.Holds) is the reason to hold fire (another unit of
	// the IADS engages it, or is assigned it).
	Deconflict func(Threat) Reason
	// Await, when set, is asked last, before the planner weighs a shot
	// at a threat that passed every other test: a reason (Reason.Holds)
	// is the reason to hold fire (a unit under an IADS's positive
	// control awaits the command post on a target the allocation gives
	// to no unit). It spares the planner the shot's geometry.
	Await func(Threat) Reason

	engaged map[int]bool // track id -> an engagement is under way
	killed  map[int]bool // track id -> assessed destroyed
	// ballistic holds the tracks ever classed ballistic, and the
	// engagements the unit has made of each (see Doctrine.BallisticEngagements).
	ballistic map[int]int
	inFlight  int
	// said is, by track id, what the track follows now (Follows) and
	// what the unit has said about holding fire at it under each thing
	// it followed.
	said map[int]*trackSaid
	// rejected is the storage of bestShot's rejections, reused from one
	// threat to the next.
	rejected []rejection
}

// trackSaid is what a unit has said about holding fire at one track:
// the holds said under each target the track followed when they were
// said (its subject, see Follows), and the subject's own, looked up once
// when the subject changes rather than at every hold of every decision
// (two map lookups a hold cost a 16 x 400 grid 4% of its run).
type trackSaid struct {
	subject   int
	bySubject map[int]*holdMemo
	current   *holdMemo // bySubject[subject], or nil until looked up
}

// memo returns the holds said under the track's present subject.
func (ts *trackSaid) memo() *holdMemo {
	if ts.current != nil {
		return ts.current
	}
	if ts.bySubject == nil {
		ts.bySubject = map[int]*holdMemo{}
	}
	m := ts.bySubject[ts.subject]
	if m == nil {
		m = newHoldMemo()
		ts.bySubject[ts.subject] = m
	}
	ts.current = m
	return m
}

// HoldRepeat is how long a unit stays silent about a family of reason
// to hold fire at a track that it has said, s, when the family comes
// back after another. A unit says a hold when the family of its reason
// (Kind) differs from the family of its last decision on the track and
// was not said for the track within HoldRepeat; figures and names that
// change within a family (the units engaging a target, the seconds
// since a radar's last plot) are not news. Under an IADS a shared
// track's reason flips each second (the allocation gives the target to
// another unit; this unit's own radar does not hold it; its fire
// channels fill and free) as the picture and the allocation move: a
// 16-battalion grid wrote 643 212 hold_fire events for 125 engagements
// (issue 16). The record says each family once, and again after a
// minute if it still comes and goes.
const HoldRepeat = 60.0

// holdMemo is what a unit has said about holding fire at one track
// while it followed one target (Follows): the family of its last
// decision, and when it last said each family.
type holdMemo struct {
	last Kind
	said [kinds]float64
}

func newHoldMemo() *holdMemo {
	m := &holdMemo{}
	for i := range m.said {
		m.said[i] = math.Inf(-1)
	}
	return m
}

// say reports whether a hold of family k is said at now, and remembers
// it.
func (m *holdMemo) say(k Kind, now float64) bool {
	if k == m.last {
		return false
	}
	m.last = k
	if now-m.said[k] < HoldRepeat {
		return false
	}
	m.said[k] = now
	return true
}

// NewUnit returns a unit with no engagements under way.
func NewUnit(id string, fc FireControl, launchers []*Launcher, d Doctrine) *Unit {
	if d.Salvo < 1 {
		d.Salvo = 1
	}
	if d.BallisticEngagements < 1 {
		d.BallisticEngagements = DefaultBallisticEngagements
	}
	return &Unit{ID: id, FC: fc, Launchers: launchers, Doctrine: d,
		engaged: map[int]bool{}, killed: map[int]bool{}, ballistic: map[int]int{}, said: map[int]*trackSaid{}}
}

// DefaultBallisticEngagements is the most engagements a unit makes of
// one ballistic missile under shoot-look-shoot unless its doctrine says
// otherwise (ballistic_engagements): its salvo and one look-again salvo
// (issue 13). A re-entry lasts tens of seconds, and a unit that has
// missed twice has little time for a third chance that is not another
// unit's. A
// track once classed ballistic keeps the bound, and the ballistic salvo,
// when the missile slows and pulls up into a glide that the evaluation
// no longer classes ballistic (motion.PullUp): a manoeuvring re-entry
// otherwise drew a shot on every look until one killed it, up to seven.
const DefaultBallisticEngagements = 2

// Engaged reports how many targets the unit is engaging now.
func (u *Unit) Engaged() int { return len(u.engaged) }

// InFlight reports how many of the unit's interceptors are in flight.
func (u *Unit) InFlight() int { return u.inFlight }

// Rounds counts the rounds left on all launchers.
func (u *Unit) Rounds() int {
	n := 0
	for _, l := range u.Launchers {
		for _, r := range l.Rounds {
			n += r.Count
		}
	}
	return n
}

// Plan makes this cycle's engagement decisions at time now, over threats
// ranked by Evaluate, and commits the unit to them: rounds leave their
// launchers, fire channels are taken. It returns the orders, and the holds
// whose reason changed since the last cycle (so a run's record says each
// reason once, not every cycle).
func (u *Unit) Plan(now float64, ranked []Threat) ([]Order, []Hold) {
	var orders []Order
	var holds []Hold
	// says reports whether a hold of family k at th is said now, and
	// remembers it (holdMemo): a reason's text is built only then.
	says := func(th Threat, k Kind) bool {
		ts := u.said[th.Track.ID]
		if ts == nil {
			ts = &trackSaid{}
			u.said[th.Track.ID] = ts
		}
		return ts.memo().say(k, now)
	}
	said := func(th Threat, why Reason) {
		holds = append(holds, Hold{Threat: th, Why: why, Reason: why.String()})
	}
	hold := func(th Threat, why Reason) {
		if says(th, why.Kind) {
			said(th, why)
		}
	}
	for _, th := range ranked {
		id := th.Track.ID
		if u.engaged[id] || u.killed[id] {
			continue
		}
		if u.Deconflict != nil {
			if why := u.Deconflict(th); why.Holds() {
				hold(th, why)
				continue
			}
		}
		class := th.Class
		if n, seen := u.ballistic[id]; seen || class == ClassBallistic {
			if n >= u.Doctrine.BallisticEngagements {
				if says(th, KindBallisticSpent) {
					said(th, Because(KindBallisticSpent, fmt.Sprintf("shoot-look-shoot against a ballistic missile: its salvo and %d look-again salvo spent", u.Doctrine.BallisticEngagements-1)))
				}
				continue
			}
			class = ClassBallistic
			u.ballistic[id] = n
		}
		if len(u.engaged) >= u.FC.FireChannels {
			hold(th, channelsBusy(u.FC.ID, u.FC.FireChannels))
			continue
		}
		salvo := u.Doctrine.SalvoFor(class)
		if u.inFlight+salvo > u.FC.MissilesGuided {
			hold(th, guidedFull(u.FC.ID, u.inFlight, u.FC.MissilesGuided))
			continue
		}
		remote := u.remote(th)
		if remote.Holds() && !u.Doctrine.RemoteTracks {
			hold(th, remote)
			continue
		}
		if u.FC.Busy != nil {
			if why := u.FC.Busy(th, salvo); why.Holds() {
				hold(th, why)
				continue
			}
		}
		left := u.Rounds()
		released := false
		if left-salvo < u.Doctrine.Reserve {
			if left < salvo || !u.Doctrine.ReserveRelease.releases(th) {
				if says(th, KindRounds) {
					said(th, Because(KindRounds, u.short(th, left, salvo)))
				}
				continue
			}
			released = true
		}
		if r := u.Doctrine.EngageRange; r > 0 && r3.Norm(r3.Sub(th.Track.Pos, u.FC.Pos)) > r {
			if says(th, KindRange) {
				said(th, Because(KindRange, fmt.Sprintf("beyond the engagement range of %.0f km", r/1000)))
			}
			continue
		}
		if f := u.Doctrine.FirmTrack; f > 0 && th.Track.VelSigma > f {
			if says(th, KindNotFirm) {
				said(th, Because(KindNotFirm, fmt.Sprintf("track not firm: velocity uncertainty %.1f m/s, above the %g m/s limit", th.Track.VelSigma, f)))
			}
			continue
		}
		if u.Doctrine.coasts(th.Track) {
			if says(th, KindCoasting) {
				said(th, Because(KindCoasting, u.Doctrine.Coasting(th.Track)))
			}
			continue
		}
		if u.Await != nil {
			if why := u.Await(th); why.Holds() {
				hold(th, why)
				continue
			}
		}
		o, ok, wait, rejected := u.bestShot(now, th, salvo, remote.Holds(), u.rejected[:0])
		u.rejected = rejected[:0]
		if !ok {
			kind := KindWait
			if !wait.waits() {
				kind = KindNoShot
			}
			if !says(th, kind) {
				continue
			}
			why := Because(KindWait, wait.String())
			if !wait.waits() {
				why = Because(KindNoShot, summarise(rejectionTexts(rejected)))
			}
			if remote.Holds() {
				why.Text = remote.String() + "; launch on remote: " + why.Text
			}
			said(th, why)
			continue
		}
		o.Rejected = rejectionTexts(rejected)
		if remote.Holds() {
			o.Remote = remote.String()
		}
		if released {
			o.Threat.why.released, o.Threat.why.release = true, u.Doctrine.ReserveRelease.TimeToGo
		}
		u.commit(&o)
		if ts := u.said[id]; ts != nil {
			// Engaged, it has its holds said afresh should it be held
			// again; what it follows stays.
			ts.bySubject, ts.current = nil, nil
		}
		orders = append(orders, o)
	}
	return orders, holds
}

// FreeChannels is the number of targets the unit may still take on now.
func (u *Unit) FreeChannels() int { return max(u.FC.FireChannels-len(u.engaged), 0) }

// FreeGuided is the number of missiles the unit may still launch and guide.
func (u *Unit) FreeGuided() int { return max(u.FC.MissilesGuided-u.inFlight, 0) }

// Available is how many rounds the unit may still fire, above its reserve.
func (u *Unit) Available() int { return max(u.Rounds()-u.Doctrine.Reserve, 0) }

// Busy reports whether the unit already engages, or has destroyed, the
// track with this key.
func (u *Unit) Busy(track int) bool { return u.engaged[track] || u.killed[track] }

// Feasible reports whether the unit could engage a threat now, and the
// expected kill probability of one of its missiles if so: the planner's
// answer without committing anything, for an allocation across units.
func (u *Unit) Feasible(now float64, th Threat) (pk float64, ok bool) {
	if u.ballistic[th.Track.ID] >= u.Doctrine.BallisticEngagements {
		return 0, false
	}
	if f := u.Doctrine.FirmTrack; f > 0 && th.Track.VelSigma > f {
		return 0, false
	}
	if u.Doctrine.coasts(th.Track) {
		return 0, false
	}
	if r := u.Doctrine.EngageRange; r > 0 && r3.Norm(r3.Sub(th.Track.Pos, u.FC.Pos)) > r {
		return 0, false
	}
	remote := u.remote(th)
	if remote.Holds() && !u.Doctrine.RemoteTracks {
		return 0, false
	}
	return u.feasibleShot(now, th, u.Doctrine.SalvoFor(th.Class), remote.Holds())
}

// remote says why the fire-control radar does not hold th's track, or
// no reason when it does (or the unit does not say).
func (u *Unit) remote(th Threat) Reason {
	if u.FC.Held == nil {
		return Reason{}
	}
	return u.FC.Held(th)
}

// short says why a unit with left rounds holds fire at th: too few for
// the salvo, or only its reserve left and the doctrine does not release
// it against th.
func (u *Unit) short(th Threat, left, salvo int) string {
	d := u.Doctrine
	switch {
	case left == 0:
		return "no rounds left"
	case left < salvo:
		return fmt.Sprintf("%s left, fewer than the salvo of %d against a %s target", rounds(left), salvo, th.Class)
	}
	why := fmt.Sprintf("%s left, all held back as the doctrine's reserve of %d", rounds(left), d.Reserve)
	if left > d.Reserve {
		why = fmt.Sprintf("%s left: a salvo of %d would take %d from the doctrine's reserve of %d", rounds(left), salvo, d.Reserve-(left-salvo), d.Reserve)
	}
	if r := d.ReserveRelease; r.TimeToGo > 0 {
		classes := "any"
		if r.Classes != nil {
			classes = strings.Join(r.Classes, " or ")
		}
		why += fmt.Sprintf("; released against %s targets within %.0f s of a site", classes, r.TimeToGo)
	}
	return why
}

// rounds is "1 round", "2 rounds".
func rounds(n int) string {
	if n == 1 {
		return "1 round"
	}
	return fmt.Sprintf("%d rounds", n)
}

// plannedVelocity is the velocity a fire-control solution extrapolates a
// threat on. An aircraft, cruise missile or drone flies level but for a
// climb or dive its track measures: a vertical speed within twice the
// track's velocity uncertainty is noise (a search radar's elevation
// error, a fresh track), and over a long time of flight it would put the
// intercept point kilometres above or below the target (a 35 ± 34 m/s
// "climb" is 6.7 km over a 48N6E3's 190 s). A ballistic track keeps its
// vertical speed, and so does a track of unknown class.
func plannedVelocity(th Threat) r3.Vec {
	v := th.Track.Vel
	switch th.Class {
	case ClassAircraft, ClassCruise, ClassDrone:
	default:
		return v
	}
	up := r3.Unit(th.Track.Pos) // the geocentric vertical: within 0.2° of the normal
	vz := r3.Dot(v, up)
	if math.Abs(vz) >= 2*th.Track.VelSigma {
		return v
	}
	return r3.Sub(v, r3.Scale(vz, up))
}

// bestShot finds the launcher and missile for one threat: of the rounds
// that are adequate now (they reach the intercept point in time, inside
// their envelope, with at least the doctrine's Pk), the one first in the
// doctrine's order against the threat's class (by default the cheapest),
// then the earliest intercept. Against a class the doctrine holds for, it
// returns no order but the reason to wait when a round earlier in the
// order cannot reach the threat yet but will (see holdFor). On remote (a
// track the fire-control radar does not hold) only missiles that need no
// radar to the end may fire.
func (u *Unit) bestShot(now float64, th Threat, salvo int, remote bool, rejected []rejection) (o Order, ok bool, wait waitFor, _ []rejection) {
	launchAt, tgt, vel := u.launchPoint(now, th)

	type cand struct {
		l    *Launcher
		r    *Round
		rank float64
		pip  r3.Vec
		tof  float64
	}
	var best cand // best.l nil until a round has a shot
	reject := func(why rejection) { rejected = append(rejected, why) }
	for _, l := range u.Launchers {
		if l.ReadyAt > launchAt {
			reject(rejectf("%s: reloading until %.0f s", text(l.ID), figure(l.ReadyAt)))
			continue
		}
		for i := range l.Rounds {
			r := &l.Rounds[i]
			m := r.Missile
			rank, ok := u.Doctrine.rank(th.Class, m)
			switch {
			case !ok:
				reject(rejectf("%s: not among the doctrine's missiles against %s targets (%s)", text(m.Name), text(th.Class), names(u.Doctrine.MissilesByClass[th.Class])))
				continue
			case r.Count == 0:
				reject(rejectf("%s: no %s left", text(l.ID), text(m.Name)))
				continue
			case r.Count < salvo:
				reject(rejectf("%s: only %d %s left, salvo of %d", text(l.ID), whole(r.Count), text(m.Name), whole(salvo)))
				continue
			case remote && m.Guidance.NeedsFireControl():
				reject(rejectf("%s: %s guidance needs the track of %s to the end", text(m.Name), text(guidanceName(m.Guidance)), text(u.FC.ID)))
				continue
			}
			pip, tof, why := u.shot(now, th, m, l, launchAt, tgt, vel, false)
			if why.rejects() {
				reject(why)
				continue
			}
			c := cand{l, r, rank, pip, tof}
			if best.l == nil || c.rank < best.rank || c.rank == best.rank && c.tof < best.tof-1e-9 {
				if best.l != nil {
					reject(rejectf("%s from %s: intercept in %.0f s, not preferred", text(best.r.Missile.Name), text(best.l.ID), figure(best.tof)))
				}
				best = c
			} else {
				reject(rejectf("%s from %s: intercept in %.0f s, not preferred", text(m.Name), text(l.ID), figure(tof)))
			}
		}
	}
	if best.l == nil {
		return Order{}, false, waitFor{}, rejected
	}
	if u.Doctrine.HoldFor[th.Class] && !remote {
		// On remote the unit takes the shot it has: its fire-control
		// radar may never hold the target.
		if why := u.holdFor(now, th, salvo, best.r.Missile, best.rank, launchAt, tgt); why.waits() {
			return Order{}, false, why, rejected
		}
	}
	return Order{
		Launcher: best.l, Round: best.r, Missile: best.r.Missile, Count: salvo,
		LaunchAt: launchAt, PIP: best.pip, TOF: best.tof, Pk: best.r.Missile.PkMax,
		Threat: th,
	}, true, waitFor{}, rejected
}

// Aim is the fire-control solution at the moment of launch: where order
// o's missile, launched now from its launcher, meets the threat as its
// track now has it (tk, predicted to now), and the time of flight. The
// order's point was planned a reaction time earlier, from the track as
// it was then. A fighter breaking when the decision was taken flew on
// the beam for the planner: 204 s of flight along that heading put the
// point 48 km off the fighter's path, which it had rejoined by the
// launch. ok is false when no intercept is found now (the target has
// left the envelope, or slowed or turned so that the round no longer
// catches it): the round then flies to the order's point, committed,
// and guidance takes it from there.
func (u *Unit) Aim(now float64, o Order, tk Track) (pip r3.Vec, tof float64, ok bool) {
	th := o.Threat
	th.TimeToGo -= tk.T - th.Track.T // the same moment of arrival
	th.Track.T, th.Track.Pos, th.Track.Vel = tk.T, tk.Pos, tk.Vel
	th.Track.VelSigma, th.Track.PosCov, th.Track.Cov = tk.VelSigma, tk.PosCov, tk.Cov
	th.Track.Updated, th.Track.Misses = tk.Updated, tk.Misses
	vel := plannedVelocity(th)
	tgt := r3.Add(th.Track.Pos, r3.Scale(now-th.Track.T, vel))
	pip, tof, why := u.shot(now, th, o.Missile, o.Launcher, now, tgt, vel, false)
	return pip, tof, !why.rejects()
}

// shot is where and when missile m from launcher l, launched at launchAt
// at a target then at tgt (ECEF) flying on as th's track does, meets it,
// or why it cannot: the target is too fast, the missile does not catch
// it, the intercept point lies outside its envelope, the threat reaches
// its site first, or the missile's Pk is below the doctrine's.
//
// quick is for a yes-or-no question (feasibleShot): the fire-control
// radar's coverage is asked before the intercept point's geodesic range,
// which costs more and which, in a grid, most points outside coverage
// are within. The order of the tests only orders the reasons, so the
// answer is the same; the reason given is the first found.
func (u *Unit) shot(now float64, th Threat, m *weapon.Missile, l *Launcher, launchAt float64, tgt, vel r3.Vec, quick bool) (pip r3.Vec, tof float64, why rejection) {
	if speed := r3.Norm(vel); m.MaxTargetSpeed > 0 && speed > m.MaxTargetSpeed {
		return pip, 0, rejectf("%s: target speed %.0f m/s above its %.0f m/s", text(m.Name), figure(speed), figure(m.MaxTargetSpeed))
	}
	pip, tof, ok := m.PredictIntercept(l.At.ECEF(), tgt, vel)
	if !ok {
		return pip, 0, rejectf("%s: no intercept within its flight time", text(m.Name))
	}
	if m.LAR != nil {
		// A 3-DOF missile lofts and slows: its table, not the straight
		// line, says whether it reaches and when, and so where it meets
		// the target.
		pip, tof, ok = larIntercept(m, l, tgt, vel, tof)
		if !ok {
			return pip, 0, rejectf("%s: intercept point outside its launch acceptability region", text(m.Name))
		}
	}
	pip, why = u.interceptHeight(m, th, pip)
	if why.rejects() {
		return pip, 0, why
	}
	if quick {
		if why := u.outsideCoverage(m, pip); why.rejects() {
			return pip, 0, why
		}
	}
	if why := u.outsideEnvelope(m, l, pip, th.Track.Ground, !quick); why.rejects() {
		return pip, 0, why
	}
	if why := u.ballisticLimits(m, l, th, pip); why.rejects() {
		return pip, 0, why
	}
	// TimeToGo counts from the track's time, the intercept from now.
	if arrive := th.Track.T + th.TimeToGo; arrive < launchAt+tof {
		return pip, 0, rejectf("%s: threat reaches %s in %.0f s, intercept needs %.0f s", text(m.Name), text(th.Site), figure(arrive-now), figure(launchAt+tof-now))
	}
	if pk := m.PkMax; pk < u.Doctrine.MinPk {
		return pip, 0, rejectf("%s: expected Pk %.2f below doctrine's %.2f", text(m.Name), figure(pk), figure(u.Doctrine.MinPk))
	}
	return pip, tof, rejection{}
}

// reachFractions are the depths into a missile's reach, as fractions of
// its maximum range, at which holdFor looks for a later shot: the edge,
// and deeper in for a missile whose envelope is narrower at the target's
// height than on the ground.
var reachFractions = [...]float64{1, 0.75, 0.5}

// holdFor says why to hold fire at th rather than fire now, chosen (rank
// in the doctrine's order) being the round that would fire, or the zero
// waitFor when nothing is worth waiting for. The unit waits for a round earlier in the
// order, on a launcher that holds a salvo of it, while time to go allows:
//
//   - a threat that heads for no site threatens nothing yet, so there is
//     time: the unit waits until it turns in or comes where the preferred
//     round can engage it;
//   - a threat bearing down on a site is waited for when, flying straight
//     on at its height, it comes within the preferred round's reach, and
//     that later shot still leaves room for a second one (the reaction
//     and a second fly-out) before the threat reaches the site.
//
// The wait may be many minutes, so the threat is taken to hold its height
// (as drones and cruise missiles do) rather than to follow the track's
// small, noisy climb or dive that far.
func (u *Unit) holdFor(now float64, th Threat, salvo int, chosen *weapon.Missile, rank, launchAt float64, tgt r3.Vec) waitFor {
	arrive := th.Track.T + th.TimeToGo
	here := geo.FromECEF(tgt)
	ground := geo.NewFrame(here).RotateToENU(th.Track.Vel)
	ground.Z = 0
	level := geo.NewFrame(here).RotateFromENU(ground)
	for _, l := range u.Launchers {
		lp := l.At.ECEF()
		for _, r := range l.Rounds {
			m := r.Missile
			if r.Count < salvo {
				continue
			}
			if rk, ok := u.Doctrine.rank(th.Class, m); !ok || rk >= rank {
				continue
			}
			if math.IsInf(arrive, 1) {
				return waitFor{hold: true, preferred: m.Name, class: th.Class, chosen: chosen.Name, noSite: true}
			}
			for _, f := range reachFractions {
				wait, ok := timeToRadius(tgt, level, lp, f*m.MaxRange)
				if !ok || wait <= 0 || l.ReadyAt > launchAt+wait {
					continue
				}
				later := launchAt + wait
				there := geo.FromECEF(r3.Add(tgt, r3.Scale(wait, level)))
				there.Alt = here.Alt
				_, tof, why := u.shot(now, th, m, l, later, there.ECEF(), geo.NewFrame(there).RotateFromENU(ground), false)
				if why.rejects() || later+tof+u.Doctrine.ReactionTime+tof > arrive {
					continue
				}
				return waitFor{hold: true, preferred: m.Name, class: th.Class, chosen: chosen.Name,
					site: th.Site, in: later - now, before: arrive - later - tof}
			}
		}
	}
	return waitFor{}
}

// waitFor is why a unit holds fire for a preferred round (holdFor), as
// the names and figures of its text: a unit whose doctrine holds for a
// round asks at every decision, and the text is written only when the
// hold is said (String). The zero waitFor waits for nothing.
type waitFor struct {
	preferred, class, chosen string // the round waited for, the threat's class, the round that could fire now
	// noSite says the threat heads for no site; otherwise the preferred
	// round reaches it in about in seconds, and intercepts it before
	// seconds before it reaches site.
	noSite     bool
	site       string
	in, before float64
	hold       bool // set by holdFor: the zero waitFor does not hold
}

// waits reports whether w is a reason to hold fire.
func (w waitFor) waits() bool { return w.hold }

// String is the text of the hold, as events.jsonl writes it; "" for
// the zero waitFor.
func (w waitFor) String() string {
	switch {
	case !w.waits():
		return ""
	case w.noSite:
		return fmt.Sprintf("holding for %s, preferred against %s targets: the threat heads for no site; %s could engage now",
			w.preferred, w.class, w.chosen)
	}
	return fmt.Sprintf("holding for %s, preferred against %s targets: within its reach in about %.0f s, intercept %.0f s before the threat reaches %s; %s could engage now",
		w.preferred, w.class, w.in, w.before, w.site, w.chosen)
}

// heightSigmaFactor is how many times the fire-control radar's own
// height error a track's may be and still count as measured by it: a
// track the fire-control radar has measured once is within about one
// such error, while search radars' elevation errors (0.3-0.5 deg against
// the 92N6E's 0.05 deg in the catalogue) leave it several times that.
const heightSigmaFactor = 2

// interceptHeight puts the predicted intercept point pip of missile m
// against th at the height the planner believes, or says why it cannot.
//
// The track's height is the tracker's fusion of every radar of the unit.
// While the fire-control radar has not measured it, it rests on the
// search radars' elevation, hundreds of metres out at 50 km, and its
// climb rate, over a minute's flight, puts the point kilometres too high
// or below the ground: the unit holds, saying so, rather than judge the
// envelope on it. Once the track's height is good, a point predicted
// below the ground plus the missile's minimum altitude is lifted to it:
// an aircraft, cruise missile or drone does not fly into the ground, and
// the small error of a good track's climb rate would otherwise hold fire
// at every low flyer. A target already lower than that minimum stays
// where it is (the envelope check rejects it), and a ballistic target's
// point below the ground is its impact before the intercept. A target
// counts as lower than the minimum only when its height is so by twice
// its error: the fire-control radar's own 0.05 deg is 40 m at 50 km, and
// a cruise missile at 30 m is not to be held for it.
func (u *Unit) interceptHeight(m *weapon.Missile, th Threat, pip r3.Vec) (r3.Vec, rejection) {
	tk := th.Track
	alt, up := geo.HeightUp(tk.Pos)
	sigma := heightSigma(tk, up)
	if u.FC.HeightSigma != nil {
		if fc := u.FC.HeightSigma(tk.Pos); sigma > heightSigmaFactor*fc {
			return pip, rejectf("height uncertain (σ %.0f m) until %s measures it (σ %.0f m)", figure(sigma), text(u.FC.ID), figure(fc))
		}
	}
	if th.Class == ClassBallistic || alt-tk.Ground+2*sigma < m.MinAltitude {
		return pip, rejection{}
	}
	p := geo.FromECEF(pip)
	if floor := tk.Ground + m.MinAltitude; p.Alt < floor {
		p.Alt = floor
		return p.ECEF(), rejection{}
	}
	return pip, rejection{}
}

// heightSigma is the 1-sigma error of the track's height, m, from its
// position covariance along up, the local vertical at the track's
// position (geo.HeightUp's); 0 when the covariance is unknown.
func heightSigma(tk Track, up r3.Vec) float64 {
	u := [3]float64{up.X, up.Y, up.Z}
	var s2 float64
	for i := range 3 {
		for j := range 3 {
			s2 += u[i] * tk.PosCov[3*i+j] * u[j]
		}
	}
	return math.Sqrt(max(s2, 0))
}

// heightSlack is how far below a missile's minimum altitude a point lifted
// to it (interceptHeight) may come back from its round trip through
// ECEF, m.
const heightSlack = 1e-3

// outsideEnvelope says why an intercept point lies outside a missile's
// envelope or the fire-control radar's coverage, or "" if it lies inside.
// The reach is the missile's at the point's altitude (weapon.MaxRangeAt:
// shorter against a low target); the minimum and maximum altitudes are
// heights above the ground, which the track's (ground) stands for.
// The coverage is asked last, and only with coverage (shot's quick
// question has asked it first).
func (u *Unit) outsideEnvelope(m *weapon.Missile, l *Launcher, pip r3.Vec, ground float64, coverage bool) rejection {
	p := geo.FromECEF(pip)
	rng, _, _ := geo.Inverse(l.At, p)
	h := p.Alt - ground
	switch {
	case rng > m.MaxRangeAt(p.Alt):
		if m.MaxRangeAt(p.Alt) < m.MaxRange {
			return rejectf("%s: intercept at %.0f km, beyond its %.0f km against a target at %.0f m", text(m.Name), figure(rng/1000), figure(m.MaxRangeAt(p.Alt)/1000), figure(p.Alt))
		}
		return rejectf("%s: intercept at %.0f km, beyond its %.0f km", text(m.Name), figure(rng/1000), figure(m.MaxRange/1000))
	case rng < m.MinRange:
		return rejectf("%s: intercept at %.1f km, inside its minimum %.1f km", text(m.Name), figure(rng/1000), figure(m.MinRange/1000))
	case h > m.MaxAltitude:
		return rejectf("%s: intercept altitude %.0f m above its %.0f m", text(m.Name), figure(h), figure(m.MaxAltitude))
	case h < m.MinAltitude-heightSlack:
		return rejectf("%s: intercept altitude %.0f m below its %.0f m", text(m.Name), figure(h), figure(m.MinAltitude))
	}
	if !coverage {
		return rejection{}
	}
	return u.outsideCoverage(m, pip)
}

// outsideCoverage says why an intercept point lies outside the
// fire-control radar's coverage, or "" if it lies inside (or the unit
// does not say).
func (u *Unit) outsideCoverage(m *weapon.Missile, pip r3.Vec) rejection {
	if u.FC.Covers != nil && !u.FC.Covers(pip) {
		return rejectf("%s: intercept point outside %s coverage", text(m.Name), text(u.FC.ID))
	}
	return rejection{}
}

func (u *Unit) commit(o *Order) {
	o.Round.Count -= o.Count
	u.engaged[o.Threat.Track.ID] = true
	if n, seen := u.ballistic[o.Threat.Track.ID]; seen {
		u.ballistic[o.Threat.Track.ID] = n + 1
	}
	u.inFlight += o.Count
}

// Resolved tells the unit that one interceptor fired at track has fuzed
// or destroyed itself.
func (u *Unit) Resolved() {
	if u.inFlight > 0 {
		u.inFlight--
	}
}

// Unfired gives back one round of order o that was never launched (the
// unit called the launch off): it returns to its launcher and no longer
// counts against the missiles the fire-control radar guides.
func (u *Unit) Unfired(o Order) {
	o.Round.Count++
	if u.inFlight > 0 {
		u.inFlight--
	}
}

// Assessed ends the engagement of track after the unit has looked at the
// result: a destroyed target is never engaged again; a survivor may be
// engaged in the next cycle (shoot-look-shoot).
func (u *Unit) Assessed(track int, killed bool) {
	delete(u.engaged, track)
	if killed {
		u.killed[track] = true
	}
}

// Survives tells the unit that a track it assessed destroyed follows a
// live target after all: the engagement was guided on to another track
// of its target (handed over) and assessed under the first one's number,
// which meanwhile took another target's detections. The track may be
// engaged again.
func (u *Unit) Survives(track int) {
	delete(u.killed, track)
}

// Dropped tells the unit that a track no longer exists. An engagement of
// it stays under way, holding its fire channel, until Assessed: its
// missiles are still in the air.
func (u *Unit) Dropped(track int) {
	delete(u.killed, track)
	delete(u.ballistic, track)
	delete(u.said, track)
}

// Follows tells the unit what track follows now: a number of the
// caller's (the simulation gives the threat of the track's last
// detection, which the record names; the unit decides nothing by it).
// What the unit says about holding fire at a track is kept for each
// thing the track has followed (HoldRepeat), so that a track passing
// from one target to another has its hold said again under the new
// one. In a column of cruise missiles a track passes from one missile
// to the next, and a hold said once under the first named none of the
// others: three missiles of grid-regional leaked on a held track that
// no decision named (issue 16). A track flipping between two targets'
// detections says each family once a target.
func (u *Unit) Follows(track, subject int) {
	ts := u.said[track]
	if ts == nil {
		if subject == 0 {
			return // what a track no one has named follows
		}
		ts = &trackSaid{}
		u.said[track] = ts
	}
	if ts.subject != subject {
		ts.subject, ts.current = subject, nil
	}
}

// guidanceName names a guidance mode in a reason.
func guidanceName(g weapon.GuidanceMode) string {
	if g == "" {
		return "unstated"
	}
	return string(g)
}

// summarise joins rejection reasons for a hold, deterministically.
func summarise(reasons []string) string {
	if len(reasons) == 0 {
		return "no launcher holds a round"
	}
	r := append([]string(nil), reasons...)
	sort.Strings(r)
	return strings.Join(r, "; ")
}

// Frame is the launcher's local east-north-up frame.
func (l *Launcher) Frame() geo.Frame { return geo.NewFrame(l.At) }

// larIntercept is the intercept of a target at tgt (ECEF, at launch)
// moving at vel by a missile flown from launcher l, as its launch
// acceptability table predicts it: the time of flight T with
// T = TOF(tgt + T vel), found by the secant method from t0 (the
// straight-line prediction), and the point. Against a target about as
// fast as the missile the plain iteration T <- TOF(tgt + T vel)
// oscillates; the secant does not. ok is false when the table has no
// intercept there, or the search does not settle within 0.05 s.
func larIntercept(m *weapon.Missile, l *Launcher, tgt, vel r3.Vec, t0 float64) (pip r3.Vec, tof float64, ok bool) {
	at := func(t float64) r3.Vec { return r3.Add(tgt, r3.Scale(t, vel)) }
	g := func(t float64) (float64, bool) {
		tt, ok := larShot(m, l, at(t), vel)
		return tt - t, ok
	}
	a := t0
	ga, ok := g(a)
	if !ok {
		return r3.Vec{}, 0, false
	}
	b := a + ga
	for range 8 {
		if math.Abs(ga) < 0.05 {
			return at(a), a + ga, true
		}
		if b < 0 {
			return r3.Vec{}, 0, false
		}
		gb, ok := g(b)
		if !ok {
			return r3.Vec{}, 0, false
		}
		if math.Abs(gb) < 0.05 {
			return at(b), b + gb, true
		}
		if gb == ga {
			break
		}
		a, ga, b = b, gb, b-gb*(b-a)/(gb-ga)
	}
	return r3.Vec{}, 0, false
}

// larShot looks up a 3-DOF missile's launch acceptability table for an
// intercept at pip against a target moving at vel: the ground range and
// height of the point, and the target's speed toward the launcher.
func larShot(m *weapon.Missile, l *Launcher, pip, vel r3.Vec) (tof float64, ok bool) {
	p := geo.FromECEF(pip)
	ground, _, _ := geo.Inverse(l.At, p)
	f := l.Frame()
	d := f.RotateToENU(r3.Sub(pip, l.At.ECEF()))
	v := f.RotateToENU(vel)
	h := math.Hypot(d.X, d.Y)
	toward := 0.0
	if h > 0 {
		toward = -(v.X*d.X + v.Y*d.Y) / h
	}
	tof, _, ok, err := m.LAR.Lookup(ground, p.Alt, toward)
	return tof, ok && err == nil
}
