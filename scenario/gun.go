package scenario

import (
	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/units"
)

// Gun is the gun mount of a launcher that carries one (guns: true; the
// Pantsir-S1's combat vehicle): every figure from the launcher's catalogue
// entry (its gun_ keys) unless written on the launcher. SI units; see
// weapon.Gun for the model that reads them.
type Gun struct {
	Rate            float64 // rounds per second, every barrel together (gun_rate)
	BurstTime       float64 // s (gun_burst_time)
	Rounds          int     // carried (gun_rounds)
	MuzzleVelocity  float64 // m/s (gun_muzzle_velocity)
	RoundMass       float64 // kg (gun_round_mass)
	Calibre         float64 // m (gun_calibre)
	DragCoefficient float64 // (gun_drag_coefficient)
	MinRange        float64 // m (gun_min_range)
	MaxRange        float64 // m (gun_max_range)
	OpenFireRange   float64 // m: the longest range at which a burst is fired (gun_open_fire_range)
	MaxAltitude     float64 // m above the gun (gun_max_altitude)
	Dispersion      float64 // rad, 1-sigma per axis (gun_dispersion)
	PkHit           float64 // probability that one hit kills (gun_pk_hit)
}

// guns reads the launcher's guns: key and, when true, its gun figures.
// A gun figure written on a launcher without guns: true is an error: it
// would be read by nothing.
func (d *decoder) guns(f *figs) *Gun {
	o := f.o
	on := false
	if v := o.get("guns"); v != nil {
		on, _ = d.boolean(v, "guns")
	}
	if !on {
		for _, k := range catalog.GunKeys {
			if o.get(k) != nil {
				d.errorf(o.keyNode(k), "%s is a figure of the launcher's guns; want guns: true beside it, or it removed", k)
			}
		}
		return nil
	}
	var g Gun
	hint := f.hint
	f.hint = ", or a launcher model that carries guns (96K6)"
	defer func() { f.hint = hint }()
	q := func(key string, parse func(string) (float64, error), want string, rules ...rule) float64 {
		return f.need(f.quantity(key, parse, rules...), key, want).x
	}
	num := func(key, want string, rules ...rule) float64 {
		return f.need(f.number(key, want, rules...), key, want).x
	}
	g.Rate = num("gun_rate", "rounds per second of every barrel together, such as 80", positive)
	g.BurstTime = q("gun_burst_time", units.Duration, `a burst's length, such as "1 s"`, positive)
	g.Rounds = int(f.need(f.integer("gun_rounds", atLeastOne), "gun_rounds", "the rounds carried, such as 1400").x)
	if v := f.need(f.fixedSpeed("gun_muzzle_velocity", positive), "gun_muzzle_velocity", `such as "960 m/s"`); v.ok {
		g.MuzzleVelocity = v.x
	}
	g.RoundMass = num("gun_round_mass", "the projectile's mass in kg, such as 0.39", positive)
	g.Calibre = q("gun_calibre", units.Length, `such as "0.03 m"`, positive)
	g.DragCoefficient = num("gun_drag_coefficient", "such as 0.3", positive)
	g.MinRange = q("gun_min_range", units.Length, `such as "0.3 km"`, nonNegative)
	g.MaxRange = q("gun_max_range", units.Length, `such as "4 km"`, positive)
	g.OpenFireRange = q("gun_open_fire_range", units.Length, `the longest range at which it fires a burst, such as "2.5 km"`, positive)
	g.MaxAltitude = q("gun_max_altitude", units.Length, `such as "3 km"`, positive)
	g.Dispersion = q("gun_dispersion", units.Angle, `the rounds' 1-sigma spread per axis, such as "2 mrad"`, positive)
	g.PkHit = num("gun_pk_hit", "the probability that one hit kills, such as 0.3", pkRule)
	if g.MaxRange > 0 && g.MinRange >= g.MaxRange {
		d.errorf(o.n, "gun_min_range %g m is not below gun_max_range %g m; want the guns' reach from its minimum to its maximum", g.MinRange, g.MaxRange)
	}
	if g.OpenFireRange > g.MaxRange && g.MaxRange > 0 {
		d.errorf(o.n, "gun_open_fire_range %g m is beyond gun_max_range %g m; want it within the guns' reach", g.OpenFireRange, g.MaxRange)
	}
	return &g
}

// bodySize reads a routed threat's length and diameter (from the file or
// its class). They are needed when a launcher of the scenario carries
// guns (d.gunLauncher), which must know the area the threat presents to
// their fire; without guns only what the file writes is read, so that
// the run's record of catalogue figures does not grow with figures no
// model reads.
func (d *decoder) bodySize(f *figs, t *Threat, routed bool) {
	if d.gunLauncher == "" || !routed {
		if v := f.o.get("length"); v != nil {
			t.Length, _ = d.quantity(v, "length", units.Length, positive)
		}
		if v := f.o.get("diameter"); v != nil {
			t.Diameter, _ = d.quantity(v, "diameter", units.Length, positive)
		}
		return
	}
	hint := f.hint
	f.hint = ", which launcher " + d.gunLauncher + "'s guns need (the area it presents to their fire)" + hint
	t.Length = f.need(f.quantity("length", units.Length, positive), "length", `its body's length, such as "5.6 m"`).x
	t.Diameter = f.need(f.quantity("diameter", units.Length, positive), "diameter", `its body's diameter, such as "0.52 m"`).x
	f.hint = hint
}
