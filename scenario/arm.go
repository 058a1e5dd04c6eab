package scenario

import (
	"math"

	"github.com/goccy/go-yaml/ast"

	"github.com/iadsim/iadsim/units"
)

// TargetEmitters is the target of an anti-radiation missile that picks,
// at launch, the strongest emitter its seeker sees.
const TargetEmitters = "emitters"

// AntiRadiation is the catalogue class of the missiles that may aim at a
// radar.
const AntiRadiation = "anti-radiation-missile"

// antiRadiation reads what an anti-radiation missile aimed at a radar
// needs, its seeker accuracy and lethal radius, written or its class's;
// it refuses a radar target on anything else.
func (d *decoder) antiRadiation(t *Threat, f *figs, targetNode ast.Node, flyer bool) {
	if t.TargetRadar == "" && !t.Emitters {
		for _, key := range []string{"seeker_accuracy", "lethal_radius"} {
			if n := f.o.get(key); n != nil {
				d.errorf(f.o.keyNode(key), "%s applies to an anti-radiation missile aimed at a radar; want it removed, or target: a radar id or %s", key, TargetEmitters)
			}
		}
		return
	}
	switch {
	case t.Type != AntiRadiation:
		d.errorf(targetNode, "target %q is for an anti-radiation missile, which homes on radars; want type: %s, or a site id", t.Target, AntiRadiation)
		return
	case !flyer:
		d.errorf(targetNode, "an anti-radiation missile flies a route; want route: in place of launch:")
		return
	}
	if v := f.need(f.quantity("seeker_accuracy", units.Angle, between(1e-6, math.Pi/2, "a bearing error above 0 and up to 90 deg")),
		"seeker_accuracy", `the seeker's bearing error, such as "1 deg"`); v.ok {
		t.SeekerAccuracy = v.x
	}
	if v := f.need(f.quantity("lethal_radius", units.Length, positive), "lethal_radius", `the warhead's lethal radius against a radar, such as "15 m"`); v.ok {
		t.LethalRadius = v.x
	}
}

// armEmcon reads a doctrine's emission control against anti-radiation
// missiles: {range, silent_for}, both required.
func (d *decoder) armEmcon(n ast.Node) ARMEmcon {
	var e ARMEmcon
	o := d.object(n, "arm_emcon")
	if o.bad {
		return e
	}
	if v := o.require("range", `the range from a radar within which a missile homing on it silences the unit, such as "60 km"`); v != nil {
		e.Range, _ = d.quantity(v, "range", units.Length, positive)
	}
	if v := o.require("silent_for", `how long the radars stay silent, such as "90 s"`); v != nil {
		e.SilentFor, _ = d.quantity(v, "silent_for", units.Duration, positive)
	}
	o.done()
	return e
}
