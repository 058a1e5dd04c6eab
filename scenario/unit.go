package scenario

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/units"
	"github.com/iadsim/iadsim/weapon"
)

// unit reads one air_defence item, the index-th (from 1): a battalion
// named by its catalogue system (see battalion), or a unit written
// component by component.
func (d *decoder) unit(n ast.Node, index int) Unit {
	o := d.object(n, "air_defence unit")
	u := Unit{
		Doctrine: newDoctrine(),
		Tracker: TrackerSpec{AccelNoise: DefaultAccelNoise, ConfirmM: DefaultConfirmM,
			ConfirmN: DefaultConfirmN, MaxMisses: DefaultMaxMisses, GateProb: DefaultGateProb},
	}
	if o.bad {
		return u
	}
	idNode := o.get("id")
	var sys *catalog.Entry
	sysNode := o.get("system")
	if sysNode != nil {
		if name, ok := d.text(sysNode, "system"); ok {
			u.System = name
			if e, ok := d.lookup(sysNode, name, "system", catalog.KindSystem); ok {
				sys, u.System = &e, e.Name
			}
		}
	}
	if sysNode != nil && !o.has("radars") && !o.has("command_post") {
		if sys == nil {
			o.skip() // the keys of a battalion cannot be checked without its system
			return u
		}
		return d.battalion(o, u, sys, idNode, sysNode, index)
	}

	if v := o.require("id", "a name such as s400-1"); v != nil {
		u.ID = d.id(v, "id")
	}
	if v := o.require("command_post", "{id: ..., at: {...}}"); v != nil {
		u.CommandPost = d.post(v)
	}
	if v := o.require("radars", "a list of radars, or system: a catalogue system such as s400 with at: {lat, lon} for a whole battalion"); v != nil {
		if items, ok := d.list(v, "radars"); ok {
			if len(items) == 0 {
				d.errorf(v, "radars is empty; want at least one radar")
			}
			for _, it := range items {
				u.Radars = append(u.Radars, d.radar(it))
			}
		}
	}
	var lns []launcherNodes
	if v := o.get("launchers"); v != nil {
		items, _ := d.list(v, "launchers")
		for _, it := range items {
			l, ln := d.launcher(it)
			u.Launchers = append(u.Launchers, l)
			lns = append(lns, ln)
		}
	}
	var names []string // every missile name, decoded well or not
	if v := o.get("missiles"); v != nil {
		u.Missiles, names = d.missiles(v, u.ID)
	}
	reaction, spares := d.fighting(o, &u)
	o.done()

	if !reaction && sys != nil {
		if x, _, ok := d.draw(u.ID, sys, "reaction_time"); ok {
			u.Doctrine.ReactionTime = x
		}
	}
	d.ballisticRange(&u, sys)
	d.resolveLoads(&u, lns, names)
	if spares != nil {
		u.SpareRounds = d.spareRounds(spares, &u)
	}
	if len(u.Radars) > 0 {
		fc := false
		for _, r := range u.Radars {
			fc = fc || r.Role == RoleFireControl || r.Role == ""
		}
		switch {
		case fc:
		case len(u.Launchers) > 0:
			d.errorf(o.keyNode("launchers"), "unit %s has launchers but no fire-control radar; want a radar with role: %s", u.ID, RoleFireControl)
		default:
			// A run builds every unit around its fire-control radar (one
			// per unit in this version): a unit of search radars alone
			// passed here and failed there (FuzzValidateRun).
			d.errorf(o.keyNode("radars"), "unit %s has no fire-control radar; want a radar with role: %s (a unit of this version has one)", u.ID, RoleFireControl)
		}
	}
	return u
}

// resolveLoads checks every launcher's loads once all the unit's missiles
// are known. A load names a missile defined under the unit's missiles: or,
// failing that, a catalogue missile, which is then added to the unit with
// all its figures from the catalogue. A launcher whose model is in the
// catalogue must be able to carry what it is loaded with.
func (d *decoder) resolveLoads(u *Unit, lns []launcherNodes, names []string) {
	inline := slices.Clone(names)
	for i := range u.Launchers {
		l, ln := &u.Launchers[i], lns[i]
		known := len(l.Loads) == len(ln.keys)
		for k := range l.Loads {
			ld, key := &l.Loads[k], ln.keys[k]
			ld.Missile = d.missileName(ld.Missile)
			if slices.Contains(names, ld.Missile) {
				continue
			}
			if e, ok := d.find(ld.Missile, catalog.KindMissile); ok {
				names = append(names, e.Name)
				u.Missiles = append(u.Missiles, d.missile(nil, key, e.Name, u.ID+"/"+e.Name, &e))
				continue
			}
			known = false
			want := d.suggest(ld.Missile, catalog.KindMissile)
			if len(inline) > 0 {
				want = "one of the unit's missiles: " + strings.Join(inline, ", ") + ", or " + want
			}
			d.errorf(key, "launcher %s loads missile %q, which the unit does not define and the catalogue does not know; want %s", l.ID, ld.Missile, want)
		}
		if ln.entry != nil && known {
			d.checkCapacity(l, l.ID, ln)
		}
	}
}

// missileName returns the catalogue's spelling of a missile name, or the
// name as written when it is not a catalogue missile.
func (d *decoder) missileName(name string) string {
	if e, ok := d.find(name, catalog.KindMissile); ok {
		return e.Name
	}
	return name
}

// checkCapacity checks the loads of launcher l against the capacity
// figures of its catalogue model. Each missile type fills count/capacity of
// the launcher (two 48N6E3 of four fill half a 5P85TE2, eight 9M96E2 of
// sixteen the other half), and together they may fill at most one.
// Capacities are drawn for entity.
func (d *decoder) checkCapacity(l *Launcher, entity string, ln launcherNodes) {
	e := ln.entry
	caps := make([]int, len(l.Loads))
	for k, ld := range l.Loads {
		c, _, ok := d.drawCount(entity, e, catalog.CapacityPrefix+ld.Missile)
		if !ok || c < 1 {
			d.errorf(ln.keys[k], "launcher %s is a %s, which does not carry %s; want one of the missiles it carries: %s",
				l.ID, e.Name, ld.Missile, strings.Join(carries(e), ", "))
			return
		}
		caps[k] = c
	}
	size, ok := slotSizes(caps)
	if !ok {
		return
	}
	used, parts := 0, make([]string, len(l.Loads))
	for k, ld := range l.Loads {
		used += ld.Count * size[k]
		parts[k] = fmt.Sprintf("%d %s of %d", ld.Count, ld.Missile, caps[k])
	}
	if used > slotsPerLauncher(caps) {
		d.errorf(ln.loads, "launcher %s (%s) is loaded beyond its capacity with %s; want the shares count/capacity to add up to one launcher at most",
			l.ID, e.Name, strings.Join(parts, ", "))
	}
}

// carries lists the missiles a launcher entry has a capacity for.
func carries(e *catalog.Entry) []string {
	var out []string
	for _, f := range e.Figures {
		if m, ok := strings.CutPrefix(f.Key, catalog.CapacityPrefix); ok {
			out = append(out, m)
		}
	}
	return out
}

// Loads are counted in slots: a launcher has L slots, L the least common
// multiple of the capacities involved, and one round of a missile that a
// launcher carries c of takes L/c of them. Whole numbers keep the check
// exact.
const maxSlots = 1 << 20

func slotsPerLauncher(caps []int) int {
	l := 1
	for _, c := range caps {
		l = l / gcd(l, c) * c
		if l > maxSlots {
			return 0
		}
	}
	return l
}

// slotSizes returns the slots one round takes for each capacity.
func slotSizes(caps []int) ([]int, bool) {
	l := slotsPerLauncher(caps)
	if l == 0 {
		return nil, false
	}
	out := make([]int, len(caps))
	for i, c := range caps {
		out[i] = l / c
	}
	return out, true
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

var (
	elevation = between(-math.Pi/2, math.Pi/2, "an elevation from -90 deg to 90 deg")
)

func (d *decoder) radar(n ast.Node) Radar {
	o := d.object(n, "radar")
	r := newRadar()
	if o.bad {
		return r
	}
	if v := o.require("id", "a name such as 91n6e-1"); v != nil {
		r.ID = d.id(v, "id")
	}
	f := &figs{d: d, o: o, entity: r.ID}
	if v := o.get("model"); v != nil {
		if name, ok := d.text(v, "model"); ok {
			r.Model = name
			if e, ok := d.lookup(v, name, "radar model", catalog.KindRadar); ok {
				r.Model, f.entry, f.at = e.Name, &e, v
			} else {
				f.quiet = true // the model is the problem, not the figures it would give
			}
		}
	}
	var mast *figs
	if v := o.get("mast"); v != nil {
		if name, ok := d.text(v, "mast"); ok {
			if e, ok := d.lookup(v, name, "mast", catalog.KindMast); ok {
				mast = &figs{d: d, o: o, entity: r.ID, entry: &e, at: v}
			}
		}
	}
	if v := o.get("role"); v != nil {
		r.Role, _ = d.oneOf(v, "role", RoleSurveillance, RoleFireControl)
	} else if role, ok := f.text("role"); ok {
		r.Role = role
	} else if !f.quiet {
		o.require("role", RoleSurveillance+" or "+RoleFireControl)
	}
	if v := o.require("at", "{lat: ..., lon: ...}"); v != nil {
		r.At, _ = d.position(v, "at")
	}
	d.radarFigures(&r, o, f, mast)
	if v := o.get("emcon"); v != nil {
		r.Emcon = d.emcon(v)
	}
	if v := o.get("false_alarms"); v != nil {
		on, _ := d.boolean(v, "false_alarms")
		r.NoFalseAlarms = !on
	}
	o.done()
	return r
}

// newRadar is a radar with the defaults of the optional keys.
func newRadar() Radar {
	return Radar{Pfa: DefaultPfa, Swerling: DefaultSwerling, MinElevation: DefaultMinElev * units.Degree, MaxElevation: DefaultMaxElev * units.Degree}
}

// radarFigures reads the figures of radar r, whose id, model, role and
// position are known, from o or else the catalogue entry of f; an antenna
// height not written comes from the mast, when there is one.
func (d *decoder) radarFigures(r *Radar, o *object, f, mast *figs) {
	if v := f.quantity("antenna_height", units.Length, nonNegative); v.set {
		r.AntennaHeight = v.x
	} else if mast != nil {
		if v := mast.quantity("antenna_height", units.Length, nonNegative); v.set {
			r.AntennaHeight = v.x
		}
	}
	if v := f.need(f.quantity("ref_range", units.Length, positive), "ref_range", `the range of the reference detection, such as "250 km"`); v.set {
		r.RefRange = v.x
	}
	if v := f.need(f.quantity("ref_rcs", units.Area, positive), "ref_rcs", `the reference target's RCS, such as "1 m2"`); v.set {
		r.RefRCS = v.x
	}
	pd := f.need(f.number("ref_pd", "a probability such as 0.9", probability), "ref_pd", "the reference detection probability, such as 0.9")
	if pd.set {
		r.RefPd = pd.x
	}
	pfa := f.number("pfa", "a probability such as 1e-6", probability)
	if pfa.set {
		r.Pfa = pfa.x
	}
	if pd.ok && (pfa.ok || !pfa.set) && r.Pfa >= r.RefPd {
		d.errorf(pd.node, "ref_pd %g is not above pfa %g; want a detection probability above the false-alarm probability", r.RefPd, r.Pfa)
	}
	if v := o.get("swerling"); v != nil {
		r.Swerling, _ = d.integer(v, "swerling", between(0, 4, "a Swerling case from 0 to 4"))
	}
	minR := f.quantity("min_range", units.Length, nonNegative)
	if minR.set {
		r.MinRange = minR.x
	}
	maxR := f.need(f.quantity("max_range", units.Length, positive), "max_range", `the instrumented range, such as "600 km"`)
	if maxR.set {
		r.MaxRange = maxR.x
	}
	if minR.ok && maxR.ok && r.MinRange >= r.MaxRange {
		d.errorf(minR.node, "min_range is not below max_range; want min_range < max_range")
	}
	minE := f.quantity("min_elevation", units.Angle, elevation)
	maxE := f.quantity("max_elevation", units.Angle, elevation)
	if minE.set {
		r.MinElevation = minE.x
	}
	if maxE.set {
		r.MaxElevation = maxE.x
	}
	if (minE.ok || !minE.set) && (maxE.ok || !maxE.set) && r.MinElevation >= r.MaxElevation {
		d.errorf(minE.node, "min_elevation is not below max_elevation; want min_elevation < max_elevation")
	}
	if v := f.need(f.quantity("scan_period", units.Duration, positive), "scan_period", `the revisit time, such as "10 s"`); v.set {
		r.ScanPeriod = v.x
	}
	d.radarNoise(r, o, f)
	d.radarEnvironment(r, f)

	fcNode, mgNode := o.get("fire_channels"), o.get("missiles_guided")
	switch r.Role {
	case RoleFireControl:
		fc, mg := f.integer("fire_channels", atLeastOne), f.integer("missiles_guided", atLeastOne)
		if !fc.set && !o.bad {
			d.errorf(o.n, "fire-control radar has no fire_channels; want fire_channels: the number of targets engaged at once, such as 6")
		}
		if !mg.set && !o.bad {
			d.errorf(o.n, "fire-control radar has no missiles_guided; want missiles_guided: the number of missiles guided at once, such as 12")
		}
		if fc.ok && mg.ok && mg.x < fc.x {
			// Figures drawn independently from their ranges can cross: keep
			// at least one missile per engaged target by moving the
			// catalogue's figure, never the file's.
			switch {
			case mg.cat:
				mg.x = fc.x
				d.uses[mg.use].Value, d.uses[mg.use].Note = mg.x, "raised to fire_channels: at least one missile per engaged target"
			case fc.cat:
				fc.x = mg.x
				d.uses[fc.use].Value, d.uses[fc.use].Note = fc.x, "lowered to missiles_guided: at least one missile per engaged target"
			default:
				d.errorf(mg.node, "missiles_guided %g is fewer than fire_channels %g; want at least one missile per engaged target", mg.x, fc.x)
			}
		}
		r.FireChannels, r.MissilesGuided = int(fc.x), int(mg.x)
		d.sectorBudget(r, o, f)
	case RoleSurveillance:
		for _, kn := range []struct {
			key string
			n   ast.Node
		}{{"fire_channels", fcNode}, {"missiles_guided", mgNode}, {"sector_width", o.get("sector_width")},
			{"threat_axis", o.get("threat_axis")}, {"track_dwell", o.get("track_dwell")},
			{"search_frame", o.get("search_frame")}, {"search_share", o.get("search_share")}} {
			if kn.n != nil {
				d.errorf(o.keyNode(kn.key), "%s applies only to fire-control radars; want it removed or role: %s", kn.key, RoleFireControl)
			}
		}
	}
}

// sectorBudget reads the sector and time budget of a fire-control radar:
// each key from the file or else the catalogue; threat_axis only from the
// file. A budget is all of track_dwell and search_frame or neither;
// track_dwell: 0 s turns the catalogue's budget off.
func (d *decoder) sectorBudget(r *Radar, o *object, f *figs) {
	if v := f.quantity("sector_width", units.Angle, between(0, 2*math.Pi, "an angle from 0 to 360 deg (0: all round)")); v.ok {
		r.SectorWidth = v.x
	}
	if v := o.get("threat_axis"); v != nil {
		if x, ok := d.quantity(v, "threat_axis", units.Angle, between(-2*math.Pi, 2*math.Pi, "an azimuth from -360 to 360 deg, clockwise from north")); ok {
			r.ThreatAxis, r.HasThreatAxis = x, true
		}
	}
	dwell := f.quantity("track_dwell", units.Duration, nonNegative)
	frame := f.quantity("search_frame", units.Duration, positive)
	if v := f.number("search_share", "a fraction such as 0.2", fraction); v.ok {
		r.SearchShare = v.x
	}
	switch {
	case dwell.ok && dwell.x == 0:
		// No budget: the radar looks at every target every scan.
	case dwell.ok && frame.ok:
		r.TrackDwell, r.SearchFrame = dwell.x, frame.x
		if r.ScanPeriod > 0 && r.TrackDwell > r.ScanPeriod {
			d.errorf(dwell.node, "track_dwell %g s is longer than scan_period %g s; want a dwell shorter than the revisit of a track", r.TrackDwell, r.ScanPeriod)
		}
	case dwell.set != frame.set && !o.bad:
		d.errorf(o.n, "fire-control radar has only one of track_dwell and search_frame; want both (a time budget) or neither")
	}
}

// radarEnvironment reads what a radar sees over a surface, each figure
// from the file or else the catalogue; all are optional.
func (d *decoder) radarEnvironment(r *Radar, f *figs) {
	if v := f.quantity("frequency", units.Frequency, positive); v.set {
		r.Frequency = v.x
	}
	if v := f.quantity("beamwidth_azimuth", units.Angle, between(0, math.Pi, "a beamwidth from 0 to 180 deg")); v.set {
		r.BeamwidthAz = v.x
	}
	if v := f.quantity("beamwidth_elevation", units.Angle, between(0, math.Pi, "a beamwidth from 0 to 180 deg")); v.set {
		r.BeamwidthEl = v.x
	}
	if v := f.number("sidelobe_db", "a sidelobe level in dB such as -30", between(-100, -0.001, "a level below the beam peak, such as -30 dB")); v.set {
		r.Sidelobe = math.Pow(10, v.x/10)
	}
	if v := f.quantity("range_resolution", units.Length, positive); v.set {
		r.RangeResolution = v.x
	}
	if v := f.number("mti_improvement_db", "an improvement factor in dB such as 40", between(0, 100, "an improvement factor from 0 to 100 dB")); v.set {
		r.MTIImprovement = math.Pow(10, v.x/10)
	}
	if v := f.fixedSpeed("min_radial_speed", nonNegative); v.set {
		r.MinRadialSpeed = v.x
	}
	if v := f.quantity("prf", units.Frequency, positive); v.set {
		r.PRF = v.x
	}
	if v := f.number("noise_figure_db", "a noise figure in dB such as 3", between(0, 30, "a noise figure from 0 to 30 dB")); v.set {
		r.NoiseFigure = math.Pow(10, v.x/10)
	}
	if v := f.number("sidelobe_cancellation_db", "a cancellation in dB such as 25", between(0, 60, "a cancellation from 0 to 60 dB")); v.set {
		r.SidelobeCancellation = math.Pow(10, v.x/10)
	}
}

// radarNoise reads the noise mapping {range, azimuth, elevation,
// range_rate}, each key from the file or else the catalogue's
// noise_range, noise_azimuth, noise_elevation and noise_range_rate.
func (d *decoder) radarNoise(r *Radar, o *object, f *figs) {
	const want = `{range: "50 m", azimuth: "0.2 deg", elevation: "0.3 deg"}`
	v := o.get("noise")
	if v == nil && f.entry == nil {
		if !f.quiet {
			o.require("noise", want)
		}
		return
	}
	no := d.emptyObject(o.n, "noise")
	if v != nil {
		no = d.object(v, "noise")
	}
	nf := &figs{d: d, o: no, entity: f.entity, entry: f.entry, at: f.at, prefix: "noise_"}
	if x := nf.need(nf.quantity("range", units.Length, nonNegative), "range", `the 1-sigma range error, such as "50 m"`); x.set {
		r.SigmaRange = x.x
	}
	if x := nf.need(nf.quantity("azimuth", units.Angle, nonNegative), "azimuth", `the 1-sigma azimuth error, such as "0.2 deg"`); x.set {
		r.SigmaAz = x.x
	}
	if x := nf.need(nf.quantity("elevation", units.Angle, nonNegative), "elevation", `the 1-sigma elevation error, such as "0.3 deg"`); x.set {
		r.SigmaEl = x.x
	}
	// Range rate is optional: a radar without it measures no Doppler.
	if x := nf.fixedSpeed("range_rate", nonNegative); x.set {
		r.SigmaRangeRate = x.x
	}
	no.done()
}

// launcherNodes keeps, beside a launcher, what resolveLoads needs to
// report on its loads.
type launcherNodes struct {
	keys  []ast.Node     // the key of each load, in order
	loads ast.Node       // the missiles mapping
	entry *catalog.Entry // the catalogue model, or nil
}

// launcher reads a launcher. Its loads are checked by resolveLoads once
// the unit's missiles are known.
func (d *decoder) launcher(n ast.Node) (Launcher, launcherNodes) {
	o := d.object(n, "launcher")
	var l Launcher
	var ln launcherNodes
	if o.bad {
		return l, ln
	}
	if v := o.require("id", "a name such as tel-1"); v != nil {
		l.ID = d.id(v, "id")
	}
	f := &figs{d: d, o: o, entity: l.ID}
	if v := o.get("model"); v != nil {
		if name, ok := d.text(v, "model"); ok {
			l.Model = name
			if e, ok := d.lookup(v, name, "launcher model", catalog.KindLauncher); ok {
				l.Model, f.entry, f.at, ln.entry = e.Name, &e, v, &e
			}
		}
	}
	if v := o.require("at", "{lat: ..., lon: ...}"); v != nil {
		l.At, _ = d.position(v, "at")
	}
	if v := o.require("missiles", "a mapping of missile name to count, such as {48N6E3: 4}"); v != nil {
		r := d.resolve(v)
		ln.loads = r
		m, ok := r.(*ast.MappingNode)
		switch {
		case r == nil:
		case !ok:
			d.errorf(r, "missiles is %s; want a mapping of missile name to count, such as {48N6E3: 4}", describe(r))
		case len(m.Values) == 0:
			d.errorf(r, "missiles is empty; want at least one missile name and count")
		}
		if ok {
			for _, mv := range m.Values {
				name, ok := scalar(mv.Key)
				if !ok {
					d.errorf(mv.Key, "missile name is %s; want a name such as 48N6E3", describe(mv.Key))
					continue
				}
				ln.keys = append(ln.keys, mv.Key)
				count, _ := d.integer(mv.Value, "count of "+name, atLeastOne)
				l.Loads = append(l.Loads, MissileLoad{Missile: name, Count: count})
			}
		}
	}
	if v := f.quantity("reload_time", units.Duration, nonNegative); v.set {
		l.ReloadTime = v.x
	}
	if l.Guns = d.guns(f); l.Guns != nil && d.gunLauncher == "" {
		d.gunLauncher = l.ID
	}
	o.done()
	return l, ln
}

// missiles reads the mapping of missile name to specification of unit
// unitID. It returns every name, including those whose specification has
// errors, so that a launcher loading one is not also reported. A name that
// is a catalogue missile is spelt as the catalogue spells it.
func (d *decoder) missiles(n ast.Node, unitID string) ([]Missile, []string) {
	r := d.resolve(n)
	if r == nil {
		return nil, nil
	}
	m, ok := r.(*ast.MappingNode)
	if !ok {
		d.errorf(r, "missiles is %s; want a mapping of missile name to its figures", describe(r))
		return nil, nil
	}
	var out []Missile
	var names []string
	for _, mv := range m.Values {
		name, ok := scalar(mv.Key)
		if !ok {
			d.errorf(mv.Key, "missile name is %s; want a name such as 48N6E3", describe(mv.Key))
			continue
		}
		var entry *catalog.Entry
		if e, ok := d.find(name, catalog.KindMissile); ok {
			entry, name = &e, e.Name
		}
		if slices.Contains(names, name) {
			d.errorf(mv.Key, "missile %q is defined twice; want each missile once", name)
			continue
		}
		names = append(names, name)
		out = append(out, d.missile(mv.Value, mv.Key, name, unitID+"/"+name, entry))
	}
	return out, names
}

// missile reads the specification n of the missile name, written at
// nameNode. With a catalogue entry, a key left out comes from the
// catalogue, and n may be empty (nil, or a key with no value).
func (d *decoder) missile(n, nameNode ast.Node, name, entity string, entry *catalog.Entry) Missile {
	var o *object
	if _, null := n.(*ast.NullNode); entry != nil && (n == nil || null) {
		o = d.emptyObject(nameNode, "missile "+printable(name))
	} else {
		o = d.object(n, "missile "+printable(name))
	}
	return d.missileOf(o, nameNode, name, entity, entry)
}

// missileOf reads the figures of the missile name from o, whose keys the
// caller may already have read in part (a battalion's rounds).
func (d *decoder) missileOf(o *object, nameNode ast.Node, name, entity string, entry *catalog.Entry) Missile {
	m := Missile{Name: name, NavRatio: DefaultNavRatio}
	if o.bad {
		return m
	}
	f := &figs{d: d, o: o, entity: entity, entry: entry, at: nameNode}
	m.Flyout = FlyoutKinematic
	if v := o.get("flyout"); v != nil {
		m.Flyout, _ = d.oneOf(v, "flyout", FlyoutKinematic, Flyout3DOF)
	}
	minR := f.quantity("min_range", units.Length, nonNegative)
	maxR := f.need(f.quantity("max_range", units.Length, positive), "max_range", `the engagement range, such as "250 km"`)
	m.MinRange, m.MaxRange = minR.x, maxR.x
	if minR.ok && maxR.ok && m.MinRange >= m.MaxRange {
		d.errorf(minR.node, "min_range is not below max_range; want min_range < max_range")
	}
	minA := f.quantity("min_altitude", units.Length)
	maxA := f.need(f.quantity("max_altitude", units.Length, positive), "max_altitude", `the highest target, such as "27 km"`)
	m.MinAltitude, m.MaxAltitude = minA.x, maxA.x
	if minA.ok && maxA.ok && m.MinAltitude >= m.MaxAltitude {
		d.errorf(minA.node, "min_altitude is not below max_altitude; want min_altitude < max_altitude")
	}
	launch := f.fixedSpeed("launch_speed", nonNegative)
	burnout := f.need(f.fixedSpeed("burnout_speed", positive), "burnout_speed", `the speed at motor burnout, such as "1900 m/s"`)
	m.LaunchSpeed, m.BurnoutSpeed = launch.x, burnout.x
	if launch.ok && burnout.ok && m.LaunchSpeed > m.BurnoutSpeed {
		d.errorf(launch.node, "launch_speed is above burnout_speed; want launch_speed <= burnout_speed")
	}
	boost := f.need(f.quantity("boost_time", units.Duration, positive), "boost_time", `the motor burn time, such as "12 s"`)
	m.BoostTime = boost.x
	m.CoastTimeConstant = f.need(f.quantity("coast_time_constant", units.Duration, positive), "coast_time_constant", `the e-folding time of speed after burnout, such as "60 s"`).x
	mft := f.need(f.quantity("max_flight_time", units.Duration, positive), "max_flight_time", `the longest flight, such as "200 s"`)
	m.MaxFlightTime = mft.x
	if mft.ok && boost.ok && m.MaxFlightTime < m.BoostTime {
		d.errorf(mft.node, "max_flight_time is shorter than boost_time; want max_flight_time >= boost_time")
	}
	m.MaxLateralAccel = f.need(f.quantity("max_lateral_accel", units.Accel, positive), "max_lateral_accel", `the manoeuvre limit, such as "20 g"`).x
	if v := f.number("nav_ratio", "a navigation ratio such as 4", positive); v.set {
		m.NavRatio = v.x
	}
	m.LethalRadius = f.need(f.quantity("lethal_radius", units.Length, positive), "lethal_radius", `the warhead's lethal radius, such as "20 m"`).x
	m.PkMax = f.need(f.number("pk", "a probability such as 0.8", pkRule), "pk", "the kill probability inside the lethal radius, such as 0.8").x
	m.MaxTargetSpeed = f.fixedSpeed("max_target_speed", nonNegative).x
	m.SeekerRange = f.quantity("seeker_range", units.Length, nonNegative).x
	m.Guidance = d.guidance(o, f)
	o.done()
	if f.missed > 0 && entry == nil {
		d.errorf(nameNode, "missile %q is not in the catalogue, so its figures must all be written; want the missing figures, or %s",
			name, d.suggest(name, catalog.KindMissile))
	}
	return m
}

// guidance reads a missile's guidance mode: the key guidance, one of the
// weapon package's modes, or else the mode the catalogue's guidance text
// names (weapon.ParseGuidance).
func (d *decoder) guidance(o *object, f *figs) string {
	var modes []string
	for _, g := range weapon.GuidanceModes {
		modes = append(modes, string(g))
	}
	if v := o.get("guidance"); v != nil {
		g, _ := d.oneOf(v, "guidance", modes...)
		return g
	}
	if text, ok := f.text("guidance"); ok {
		if g, ok := weapon.ParseGuidance(text); ok {
			return string(g)
		}
		d.errorf(f.at, "catalogue entry %s: guidance %q names no mode; want a text naming one of %s", f.entry.Name, text, strings.Join(modes, ", "))
	}
	return ""
}

// spareRounds reads spare_rounds: a mapping of missile name to count, each
// a missile the unit's launchers carry.
func (d *decoder) spareRounds(n ast.Node, u *Unit) []MissileLoad {
	const want = "a mapping of missile name to count, such as {48N6E3: 16}"
	r := d.resolve(n)
	m, ok := r.(*ast.MappingNode)
	if !ok {
		d.errorf(n, "spare_rounds is %s; want %s", describe(r), want)
		return nil
	}
	var out []MissileLoad
	for _, mv := range m.Values {
		name, ok := scalar(mv.Key)
		if !ok {
			d.errorf(mv.Key, "missile name is %s; want %s", describe(mv.Key), want)
			continue
		}
		name = d.missileName(name)
		carried := false
		for _, ms := range u.Missiles {
			carried = carried || ms.Name == name
		}
		if !carried {
			d.errorf(mv.Key, "spare rounds of %s, which no launcher of unit %s carries; want missiles its launchers load", name, u.ID)
			continue
		}
		if count, ok := d.integer(mv.Value, "spare "+name, atLeastOne); ok {
			out = append(out, MissileLoad{Missile: name, Count: count})
		}
	}
	return out
}

// fighting reads how a unit fights, the same in both forms of a unit:
// its doctrine and tracker, and the node of its spare rounds (read once
// the unit's missiles are known). reaction says whether the doctrine
// gave a reaction time.
func (d *decoder) fighting(o *object, u *Unit) (reaction bool, spares ast.Node) {
	if v := o.get("doctrine"); v != nil {
		u.Doctrine, reaction = d.doctrine(v)
	}
	if v := o.get("tracker"); v != nil {
		u.Tracker = d.tracker(v)
	}
	spares = o.get("spare_rounds")
	if v := o.get("protects"); v != nil {
		if id, ok := d.text(v, "protects"); ok {
			u.Protects = id
			d.protects = append(d.protects, v)
		}
	}
	return reaction, spares
}

// ballisticRange gives the unit's doctrine the range against ballistic
// targets of its catalogue system, sys (nil for none), unless the
// doctrine wrote its own.
func (d *decoder) ballisticRange(u *Unit, sys *catalog.Entry) {
	if u.Doctrine.ballisticRangeSet || sys == nil {
		return
	}
	if x, _, ok := d.draw(u.ID, sys, "ballistic_target_range"); ok {
		u.Doctrine.BallisticRange = x
	}
}
