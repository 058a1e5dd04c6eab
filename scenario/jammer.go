package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/units"
)

// Jammer is a noise jammer a threat carries (radar.Jammer): a stand-off
// jammer's pods, or a strike aircraft's self-protection jammer. It raises
// the noise of every radar that hears it on a frequency of its Bands.
type Jammer struct {
	ERP       float64  // effective radiated power toward the radars, W
	Bandwidth float64  // noise bandwidth, Hz
	Bands     []string // radar letter bands covered (IEEE Std 521: "S", "X"); empty: every band
}

// jammerWant is the form of the jammer key, for messages.
const jammerWant = `a mapping such as {erp: "1 kW", bandwidth: "200 MHz", bands: [S, X]}, or none`

// jammer reads a threat's jammer: the jammer key, or else its catalogue
// class's jammer figures (jammer_erp_dbw, jammer_bandwidth,
// jammer_bands); jammer: none removes the class's jammer.
func (d *decoder) jammer(t *Threat, f *figs) {
	n := f.o.get("jammer")
	if n == nil {
		if f.entry == nil {
			return
		}
		erp, _, hasERP := d.draw(f.entity, f.entry, "jammer_erp_dbw")
		bw, _, hasBW := d.draw(f.entity, f.entry, "jammer_bandwidth")
		if !hasERP || !hasBW {
			return // the catalogue checks that a class has all or none
		}
		j := &Jammer{ERP: units.FromDB(erp), Bandwidth: bw}
		if text, ok := f.text("jammer_bands"); ok {
			for _, b := range strings.Fields(text) {
				if _, err := radar.ParseFrequencyBand(b); err != nil {
					d.errorf(f.at, "jammer_bands of catalogue entry %s: %v", f.entry.Name, err)
				}
				j.Bands = append(j.Bands, b)
			}
		}
		t.Jammer = j
		d.jammers = append(d.jammers, f.at)
		return
	}
	if s, ok := scalar(d.resolve(n)); ok {
		if s != "none" {
			d.errorf(n, "jammer %q is not known; want %s", s, jammerWant)
		}
		return
	}
	o := d.object(n, "jammer")
	if o.bad {
		return
	}
	j := &Jammer{}
	if v := o.require("erp", `the effective radiated power toward the radars, such as "1 kW" or "60 dBW"`); v != nil {
		j.ERP, _ = d.quantity(v, "erp", power, between(1e-3, 1e12, "a power from 1 mW to 1 TW (-30 to 120 dBW)"))
	}
	if v := o.require("bandwidth", `the noise bandwidth, such as "200 MHz"`); v != nil {
		j.Bandwidth, _ = d.quantity(v, "bandwidth", units.Frequency, between(1e3, 1e11, "a bandwidth from 1 kHz to 100 GHz"))
	}
	if v := o.get("bands"); v != nil {
		items, _ := d.list(v, "bands")
		for _, it := range items {
			b, ok := d.text(it, "band")
			if !ok {
				continue
			}
			if _, err := radar.ParseFrequencyBand(b); err != nil {
				d.errorf(it, "band %v", err)
				continue
			}
			j.Bands = append(j.Bands, b)
		}
	}
	o.done()
	t.Jammer = j
	d.jammers = append(d.jammers, n)
}

// power reads a power in W, kW, MW (units.Power) or dBW.
func power(s string) (float64, error) {
	if v, ok := strings.CutSuffix(strings.TrimSpace(s), "dBW"); ok {
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("%q is not a power; want a power such as \"1 kW\" or \"60 dBW\"", s)
		}
		return units.FromDB(x), nil
	}
	return units.Power(s)
}

// checkJammed reports, at the first jammer, every radar that lacks a
// figure the jamming model needs: a scenario with a jammer models every
// radar's receiver (radar.Receiver).
func (d *decoder) checkJammed(s *Scenario) {
	if len(d.jammers) == 0 {
		return
	}
	for _, u := range s.Units {
		for _, r := range u.Radars {
			var missing []string
			if r.Frequency == 0 {
				missing = append(missing, "frequency")
			}
			if r.BeamwidthAz == 0 {
				missing = append(missing, "beamwidth_azimuth")
			}
			if r.RangeResolution == 0 {
				missing = append(missing, "range_resolution")
			}
			if r.NoiseFigure == 0 {
				missing = append(missing, "noise_figure_db")
			}
			if len(missing) > 0 {
				d.errorf(d.jammers[0], "a jammer needs every radar's receiver, and radar %s of unit %s has no %s; want them on the radar (catalogue radars have them), or no jammer",
					r.ID, u.ID, strings.Join(missing, ", "))
			}
		}
	}
}
