package bm

import (
	"fmt"
	"math"
	"regexp"
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
	// SalvoByClass overrides Salvo against targets of a kinematic class
	// (ClassBallistic, ...), as doctrine fires two at a ballistic missile
	// and one at a drone.
	SalvoByClass map[string]int
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
}

// Hold says why a ranked threat was not engaged this cycle.
type Hold struct {
	Threat Threat
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
	// non-empty answer is the reason to hold fire (another unit of the
	// IADS engages it).
	Deconflict func(Threat) string

	engaged  map[int]bool // track id -> an engagement is under way
	killed   map[int]bool // track id -> assessed destroyed
	inFlight int
	lastHold map[int]string
	numbers  *regexp.Regexp // the figures in a reason, masked to compare reasons by kind
}

// NewUnit returns a unit with no engagements under way.
func NewUnit(id string, fc FireControl, launchers []*Launcher, d Doctrine) *Unit {
	if d.Salvo < 1 {
		d.Salvo = 1
	}
	return &Unit{ID: id, FC: fc, Launchers: launchers, Doctrine: d,
		engaged: map[int]bool{}, killed: map[int]bool{}, lastHold: map[int]string{},
		numbers: regexp.MustCompile(`-?[0-9]+(\.[0-9]+)?`)}
}

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
	hold := func(th Threat, why string) {
		// Say a reason again only when it changes in kind, not when its
		// figures move from one cycle to the next.
		if shape := u.numbers.ReplaceAllString(why, "#"); u.lastHold[th.Track.ID] != shape {
			u.lastHold[th.Track.ID] = shape
			holds = append(holds, Hold{Threat: th, Reason: why})
		}
	}
	for _, th := range ranked {
		id := th.Track.ID
		if u.engaged[id] || u.killed[id] {
			continue
		}
		if u.Deconflict != nil {
			if why := u.Deconflict(th); why != "" {
				hold(th, why)
				continue
			}
		}
		if len(u.engaged) >= u.FC.FireChannels {
			hold(th, fmt.Sprintf("all %d fire channels of %s busy", u.FC.FireChannels, u.FC.ID))
			continue
		}
		salvo := u.Doctrine.SalvoFor(th.Class)
		if u.inFlight+salvo > u.FC.MissilesGuided {
			hold(th, fmt.Sprintf("%s already guides %d of %d missiles", u.FC.ID, u.inFlight, u.FC.MissilesGuided))
			continue
		}
		if u.Rounds()-salvo < u.Doctrine.Reserve {
			hold(th, fmt.Sprintf("only %d rounds left, reserve is %d", u.Rounds(), u.Doctrine.Reserve))
			continue
		}
		if r := u.Doctrine.EngageRange; r > 0 && r3.Norm(r3.Sub(th.Track.Pos, u.FC.Pos)) > r {
			hold(th, fmt.Sprintf("beyond the engagement range of %.0f km", r/1000))
			continue
		}
		if f := u.Doctrine.FirmTrack; f > 0 && th.Track.VelSigma > f {
			hold(th, fmt.Sprintf("track not firm: velocity uncertainty %.1f m/s, above the %g m/s limit", th.Track.VelSigma, f))
			continue
		}
		o, rejected := u.bestShot(now, th, salvo)
		if o == nil {
			hold(th, summarise(rejected))
			continue
		}
		o.Rejected = rejected
		u.commit(o)
		delete(u.lastHold, id)
		orders = append(orders, *o)
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
	if f := u.Doctrine.FirmTrack; f > 0 && th.Track.VelSigma > f {
		return 0, false
	}
	if r := u.Doctrine.EngageRange; r > 0 && r3.Norm(r3.Sub(th.Track.Pos, u.FC.Pos)) > r {
		return 0, false
	}
	o, _ := u.bestShot(now, th, u.Doctrine.SalvoFor(th.Class))
	if o == nil {
		return 0, false
	}
	return o.Pk, true
}

// bestShot finds the launcher and missile for one threat. It prefers the
// smallest missile that can reach the target (keeping long-range rounds
// for the targets only they can reach), then the earliest intercept.
func (u *Unit) bestShot(now float64, th Threat, salvo int) (*Order, []string) {
	launchAt := now + u.Doctrine.ReactionTime
	// Extrapolate the track to the moment of launch: that is where the
	// fire-control solution starts from.
	dt := launchAt - th.Track.T
	tgt := r3.Add(th.Track.Pos, r3.Scale(dt, th.Track.Vel))
	speed := r3.Norm(th.Track.Vel)

	type cand struct {
		l   *Launcher
		r   *Round
		pip r3.Vec
		tof float64
	}
	var best *cand
	var rejected []string
	seen := map[string]bool{}
	reject := func(why string) {
		if !seen[why] {
			seen[why] = true
			rejected = append(rejected, why)
		}
	}
	for _, l := range u.Launchers {
		if l.ReadyAt > launchAt {
			reject(fmt.Sprintf("%s: reloading until %.0f s", l.ID, l.ReadyAt))
			continue
		}
		lp := l.At.ECEF()
		for i := range l.Rounds {
			r := &l.Rounds[i]
			m := r.Missile
			if r.Count < salvo {
				reject(fmt.Sprintf("%s: no %s left", l.ID, m.Name))
				continue
			}
			if m.MaxTargetSpeed > 0 && speed > m.MaxTargetSpeed {
				reject(fmt.Sprintf("%s: target speed %.0f m/s above its %.0f m/s", m.Name, speed, m.MaxTargetSpeed))
				continue
			}
			pip, tof, ok := m.PredictIntercept(lp, tgt, th.Track.Vel)
			if !ok {
				reject(fmt.Sprintf("%s: no intercept within its flight time", m.Name))
				continue
			}
			if m.LAR != nil {
				// A 3-DOF missile lofts and slows: its table, not the
				// straight line, says whether it reaches and when, and
				// so where it meets the target.
				pip, tof, ok = larIntercept(m, l, tgt, th.Track.Vel, tof)
				if !ok {
					reject(fmt.Sprintf("%s: intercept point outside its launch acceptability region", m.Name))
					continue
				}
			}
			if why := u.outsideEnvelope(m, l, pip); why != "" {
				reject(why)
				continue
			}
			// TimeToGo counts from the track's time, the intercept from now.
			if arrive := th.Track.T + th.TimeToGo; arrive < launchAt+tof {
				reject(fmt.Sprintf("%s: threat reaches %s in %.0f s, intercept needs %.0f s", m.Name, th.Site, arrive-now, launchAt+tof-now))
				continue
			}
			if pk := m.PkMax; pk < u.Doctrine.MinPk {
				reject(fmt.Sprintf("%s: expected Pk %.2f below doctrine's %.2f", m.Name, pk, u.Doctrine.MinPk))
				continue
			}
			c := cand{l, r, pip, tof}
			if best == nil || better(c.r.Missile, c.tof, best.r.Missile, best.tof) {
				if best != nil {
					reject(fmt.Sprintf("%s from %s: intercept in %.0f s, not preferred", best.r.Missile.Name, best.l.ID, best.tof))
				}
				best = &c
			} else {
				reject(fmt.Sprintf("%s from %s: intercept in %.0f s, not preferred", m.Name, l.ID, tof))
			}
		}
	}
	if best == nil {
		return nil, rejected
	}
	return &Order{
		Launcher: best.l, Round: best.r, Missile: best.r.Missile, Count: salvo,
		LaunchAt: launchAt, PIP: best.pip, TOF: best.tof, Pk: best.r.Missile.PkMax,
		Threat: th,
	}, rejected
}

// better prefers the missile with the shorter reach, then the earlier
// intercept.
func better(m *weapon.Missile, tof float64, than *weapon.Missile, thanTOF float64) bool {
	if m.MaxRange != than.MaxRange {
		return m.MaxRange < than.MaxRange
	}
	return tof < thanTOF-1e-9
}

// outsideEnvelope says why an intercept point lies outside a missile's
// envelope or the fire-control radar's coverage, or "" if it lies inside.
func (u *Unit) outsideEnvelope(m *weapon.Missile, l *Launcher, pip r3.Vec) string {
	p := geo.FromECEF(pip)
	ground, _, _ := geo.Inverse(l.At, p)
	switch {
	case ground > m.MaxRange:
		return fmt.Sprintf("%s: intercept at %.0f km, beyond its %.0f km", m.Name, ground/1000, m.MaxRange/1000)
	case ground < m.MinRange:
		return fmt.Sprintf("%s: intercept at %.1f km, inside its minimum %.1f km", m.Name, ground/1000, m.MinRange/1000)
	case p.Alt > m.MaxAltitude:
		return fmt.Sprintf("%s: intercept altitude %.0f m above its %.0f m", m.Name, p.Alt, m.MaxAltitude)
	case p.Alt < m.MinAltitude:
		return fmt.Sprintf("%s: intercept altitude %.0f m below its %.0f m", m.Name, p.Alt, m.MinAltitude)
	case u.FC.Covers != nil && !u.FC.Covers(pip):
		return fmt.Sprintf("%s: intercept point outside %s coverage", m.Name, u.FC.ID)
	}
	return ""
}

func (u *Unit) commit(o *Order) {
	o.Round.Count -= o.Count
	u.engaged[o.Threat.Track.ID] = true
	u.inFlight += o.Count
}

// Resolved tells the unit that one interceptor fired at track has fuzed
// or destroyed itself.
func (u *Unit) Resolved() {
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

// Dropped tells the unit that a track no longer exists. An engagement of
// it stays under way, holding its fire channel, until Assessed: its
// missiles are still in the air.
func (u *Unit) Dropped(track int) {
	delete(u.killed, track)
	delete(u.lastHold, track)
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
