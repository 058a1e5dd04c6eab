package scenario

import (
	"math"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/units"
)

// Evasion is how a routed threat reacts to a missile launched at it: the
// "beam" break of motion.Break. Its warning receiver sees the launch (On:
// "launch"), or also an engagement radar's lock on it (On: "lock");
// Delay later it turns at load factor Load onto the heading square to
// its line of sight to the launcher (or the locking radar), holds it
// until Duration after the break began, and then turns back onto its
// route.
type Evasion struct {
	On       string  // what the threat reacts to: EvadeOnLaunch or EvadeOnLock
	Load     float64 // load factor of the break turn, in g (> 1)
	Accel    float64 // its horizontal acceleration, g·√(Load² − 1), m/s²
	Delay    float64 // s from the warning to the break: the crew's reaction
	Duration float64 // s from the start of the break to the turn back to the route
}

// Triggers of an evasion: a launch at the threat; or a launch and, before
// it, the lock of the engagement radar that will guide the round (the
// unit committing its fire-control radar to the threat's track: the
// engagement event), which a radar warning receiver tells from a search
// radar's sweep by its steady illumination.
const (
	EvadeOnLaunch = catalog.EvadeOnLaunch
	EvadeOnLock   = "lock"
)

// Default reaction and duration of an evasion. Both are assumptions: a
// crew's reaction to a warning tone and the length of a beam defence are
// not published for any type; 2 s is the order of a trained pilot's
// reaction to an alert, 10 s a defensive turn and a short hold on the
// beam before the crew presses on.
const (
	DefaultEvadeDelay    = 2.0  // s
	DefaultEvadeDuration = 10.0 // s
)

// turnAccel is the horizontal acceleration of a level coordinated turn at
// load factor n (motion.TurnAccel): the lift's horizontal part.
func turnAccel(n float64) float64 { return units.StandardG * math.Sqrt(n*n-1) }

// manoeuvre reads what shapes how a routed threat turns: its
// max_lateral_accel (written, or its catalogue class's), the
// horizontal acceleration of its turns at the waypoints, and its evade
// key, or the class's evasion by default. For a ballistic threat it
// reports either key as misplaced.
func (d *decoder) manoeuvre(t *Threat, f *figs, flyer bool) {
	o := f.o
	if !flyer {
		for _, key := range []string{"max_lateral_accel", "evade"} {
			if o.get(key) != nil {
				d.errorf(o.keyNode(key), "%s applies only to routed threats; want it removed, or route: in place of launch:", key)
			}
		}
		return
	}
	// 0 is allowed: a class that does not manoeuvre (the low end of the
	// ballistic class's range) turns instantly, as every route once did.
	turn := f.quantity("max_lateral_accel", units.Accel, nonNegative)
	if turn.ok {
		t.TurnAccel = turn.x
	}
	n := o.get("evade")
	if n == nil {
		if on, ok := f.text("evasion"); ok && on == catalog.EvadeOnLaunch && turn.x > 0 {
			t.Evade = &Evasion{On: EvadeOnLaunch, Load: math.Hypot(1, turn.x/units.StandardG), Accel: turn.x,
				Delay: DefaultEvadeDelay, Duration: DefaultEvadeDuration}
		}
		return
	}
	if s, ok := scalar(d.resolve(n)); ok {
		if s != catalog.EvadeNone {
			d.errorf(n, `evade %q is not known; want none, or a mapping such as {load: 9 g, on: launch, delay: 2 s, duration: 10 s}`, s)
		}
		return
	}
	eo := d.object(n, "evade")
	if eo.bad {
		return
	}
	e := &Evasion{On: EvadeOnLaunch, Delay: DefaultEvadeDelay, Duration: DefaultEvadeDuration}
	if v := eo.get("on"); v != nil {
		e.On, _ = d.oneOf(v, "on", EvadeOnLaunch, EvadeOnLock)
	}
	if v := eo.get("load"); v != nil {
		if a, ok := d.quantity(v, "load", units.Accel, rule{func(x float64) bool { return x > units.StandardG },
			`a load factor above 1 g, such as "9 g": at 1 g the lift only holds the weight and cannot turn`}); ok {
			e.Load = a / units.StandardG
			e.Accel = turnAccel(e.Load)
		}
	} else if turn.x > 0 {
		e.Load, e.Accel = math.Hypot(1, turn.x/units.StandardG), turn.x
	} else {
		d.errorf(eo.n, `evade has no load and the threat no max_lateral_accel; want load: such as "9 g"%s`, f.hint)
	}
	if v := eo.get("delay"); v != nil {
		e.Delay, _ = d.quantity(v, "delay", units.Duration, nonNegative)
	}
	if v := eo.get("duration"); v != nil {
		e.Duration, _ = d.quantity(v, "duration", units.Duration, nonNegative)
	}
	eo.done()
	if e.Accel > 0 {
		t.Evade = e
	}
}
