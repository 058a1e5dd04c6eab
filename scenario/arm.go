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

// antiRadiation reads what a threat aimed at a unit's equipment needs:
// an anti-radiation missile (aimed at a radar or at emitters) its seeker
// accuracy and lethal radius, any other threat (aimed at a radar, a
// launcher or a command post) its CEP and lethal radius, written or its
// class's. It refuses those keys on a threat aimed elsewhere, emitters on
// anything but an anti-radiation missile, and a launcher or a command
// post as an anti-radiation missile's target.
func (d *decoder) antiRadiation(t *Threat, f *figs, targetNode ast.Node, flyer bool) {
	if t.Equipment == nil && !t.Emitters {
		for _, key := range []string{"seeker_accuracy", "lethal_radius", "cep"} {
			if n := f.o.get(key); n != nil {
				d.errorf(f.o.keyNode(key), "%s applies to a threat aimed at a unit's equipment; want it removed, or target: a radar, launcher or command post id", key)
			}
		}
		return
	}
	arm := t.Type == AntiRadiation
	switch {
	case t.Emitters && !arm:
		d.errorf(targetNode, "target %q is for an anti-radiation missile, which homes on radars; want type: %s, or a site id", t.Target, AntiRadiation)
		return
	case arm && t.Equipment != nil && t.Equipment.Kind != EquipmentRadar:
		d.errorf(targetNode, "target %q is a %s; an anti-radiation missile homes on a radar's emission: want a radar id or %s", t.Target, t.Equipment.Kind, TargetEmitters)
		return
	case !flyer && arm:
		d.errorf(targetNode, "an anti-radiation missile flies a route; want route: in place of launch:")
		return
	case !flyer:
		d.errorf(targetNode, "a threat aimed at a unit's equipment flies a route; want route: in place of launch:")
		return
	}
	if v := f.need(f.quantity("lethal_radius", units.Length, positive), "lethal_radius", `the warhead's lethal radius against the equipment, such as "15 m"`); v.ok {
		t.LethalRadius = v.x
	}
	if !arm {
		t.TargetRadar = "" // it strikes where it was aimed; it does not home on emissions
		if n := f.o.get("seeker_accuracy"); n != nil {
			d.errorf(f.o.keyNode("seeker_accuracy"), "seeker_accuracy applies to an anti-radiation missile; want it removed, or cep: the miss of this threat's guidance")
		}
		if v := f.need(f.quantity("cep", units.Length, positive), "cep", `the circular error probable of its guidance, such as "10 m"`); v.ok {
			t.CEP = v.x
		}
		return
	}
	if n := f.o.get("cep"); n != nil {
		d.errorf(f.o.keyNode("cep"), "cep applies to a threat other than an anti-radiation missile; want it removed, or seeker_accuracy")
	}
	if v := f.need(f.quantity("seeker_accuracy", units.Angle, between(1e-6, math.Pi/2, "a bearing error above 0 and up to 90 deg")),
		"seeker_accuracy", `the seeker's bearing error, such as "1 deg"`); v.ok {
		t.SeekerAccuracy = v.x
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

// equipmentOf indexes every radar, launcher and command post of units by
// id: what a threat may aim at besides sites.
func equipmentOf(units []Unit) map[string]Equipment {
	gear := map[string]Equipment{}
	for _, u := range units {
		gear[u.CommandPost.ID] = Equipment{Unit: u.ID, ID: u.CommandPost.ID, Kind: EquipmentPost, At: u.CommandPost.At}
		for _, r := range u.Radars {
			gear[r.ID] = Equipment{Unit: u.ID, ID: r.ID, Kind: EquipmentRadar, At: r.At}
		}
		for _, l := range u.Launchers {
			gear[l.ID] = Equipment{Unit: u.ID, ID: l.ID, Kind: EquipmentLauncher, At: l.At}
		}
	}
	delete(gear, "")
	return gear
}

// checkProtects checks every unit's protects: the id of another unit.
// d.protects holds the protects nodes in the order of the units that
// wrote one.
func (d *decoder) checkProtects(units []Unit) {
	known := map[string]bool{}
	for _, u := range units {
		known[u.ID] = true
	}
	i := 0
	for _, u := range units {
		if u.Protects == "" || i >= len(d.protects) {
			continue
		}
		n := d.protects[i]
		i++
		switch {
		case u.Protects == u.ID:
			d.errorf(n, "unit %s protects itself; want the id of the unit whose radars it defends", u.ID)
		case !known[u.Protects]:
			d.errorf(n, "protects %q is not an air-defence unit of this scenario; want one of the air_defence ids", u.Protects)
		}
	}
}
