package battle

import (
	"strings"

	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/weapon"
)

// threatClasses is the warhead's target class of each catalogue threat
// type (catalog/data/threats.yaml): how hard it is to kill.
var threatClasses = map[string]weapon.TargetClass{
	"subsonic-cruise-missile":       weapon.CruiseMissile,
	"supersonic-cruise-missile":     weapon.CruiseMissile,
	"anti-radiation-missile":        weapon.CruiseMissile,
	"shahed-136-class":              weapon.Drone,
	"small-multirotor":              weapon.Drone,
	"short-range-ballistic-missile": weapon.BallisticRV,
	"fighter-4th-gen":               weapon.Aircraft,
	"fighter-low-observable":        weapon.Aircraft,
	"large-aircraft":                weapon.Aircraft,
	"stand-off-jammer":              weapon.Aircraft,
	// A decoy is a 3 m, 130 kg airframe with no warhead: small and soft.
	"air-launched-decoy": weapon.Drone,
}

// targetClass is the class a threat's warhead kill is judged against: by
// its catalogue type; for a type the catalogue does not know (the file's
// free text), a ballistic trajectory is a ballistic RV and a type that
// names a missile, drone or UAV is taken at its word; anything else is an
// aircraft.
func targetClass(t *scenario.Threat) weapon.TargetClass {
	if c, ok := threatClasses[t.Type]; ok {
		return c
	}
	typ := strings.ToLower(t.Type)
	switch {
	case t.Ballistic() || strings.Contains(typ, "ballistic"):
		return weapon.BallisticRV
	case strings.Contains(typ, "drone") || strings.Contains(typ, "uav"):
		return weapon.Drone
	case strings.Contains(typ, "missile"):
		return weapon.CruiseMissile
	}
	return weapon.Aircraft
}
