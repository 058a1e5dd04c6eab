package scenario

import (
	"math"
	"slices"
	"testing"
)

func TestJammer(t *testing.T) {
	c := cat(t)
	tests := []struct {
		name, typ, extra string
		want             *Jammer // nil: none
	}{
		{"stand-off jammer from the catalogue", "stand-off-jammer", "",
			&Jammer{ERP: 1e6, Bandwidth: 200e6, Bands: []string{"L", "S", "C", "X"}}},
		{"alias", "soj", "", &Jammer{ERP: 1e6, Bandwidth: 200e6, Bands: []string{"L", "S", "C", "X"}}},
		{"the class's jammer removed", "stand-off-jammer", "    jammer: none\n", nil},
		{"a fighter carries none", "fighter-4th-gen", "", nil},
		{"self-protection in W", "fighter-4th-gen", "    jammer: {erp: 100 W, bandwidth: 500 MHz, bands: [X, s]}\n",
			&Jammer{ERP: 100, Bandwidth: 500e6, Bands: []string{"X", "s"}}},
		{"in dBW, every band", "fighter-4th-gen", "    jammer: {erp: 30 dBW, bandwidth: 1 GHz}\n",
			&Jammer{ERP: 1000, Bandwidth: 1e9}},
		{"written over the class's", "stand-off-jammer", "    jammer: {erp: 2 kW, bandwidth: 50 MHz}\n",
			&Jammer{ERP: 2000, Bandwidth: 50e6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := parse(t, threatWith(tt.typ, tt.extra), Options{Catalog: c})
			got := s.Threats[0].Jammer
			switch {
			case tt.want == nil && got != nil:
				t.Errorf("jammer %+v, want none", *got)
			case tt.want != nil && got == nil:
				t.Errorf("no jammer, want %+v", *tt.want)
			case tt.want != nil:
				if math.Abs(got.ERP-tt.want.ERP) > 1e-9*tt.want.ERP || got.Bandwidth != tt.want.Bandwidth || !slices.Equal(got.Bands, tt.want.Bands) {
					t.Errorf("jammer %+v, want %+v", *got, *tt.want)
				}
			}
		})
	}
	// Every catalogue radar can hear a jammer: a battalion and a jammer
	// parse together, and each radar has its noise figure.
	s := parse(t, head+"air_defence:\n  - system: s400\n    at: {lat: 44.5, lon: -71.4}\n"+threatWith("stand-off-jammer", "")[len(head):], Options{Catalog: c})
	if r := s.Units[0].Radars[0]; r.SidelobeCancellation != 0 {
		t.Errorf("radar %s: sidelobe cancellation %g without the key, want 0 (none)", r.ID, r.SidelobeCancellation)
	}
	for _, r := range s.Units[0].Radars {
		if !(r.NoiseFigure >= 1) {
			t.Errorf("radar %s: noise figure %g, want the catalogue's (≥ 0 dB)", r.ID, r.NoiseFigure)
		}
	}
	s = parse(t, ownRadar[:len(ownRadar)-2]+", sidelobe_cancellation_db: 20}\n"+threatWith("fighter-4th-gen", "")[len(head):], Options{Catalog: c})
	if r := s.Units[0].Radars[0]; math.Abs(r.SidelobeCancellation-100) > 1e-9 {
		t.Errorf("radar %s: sidelobe cancellation %g, want 100 (20 dB)", r.ID, r.SidelobeCancellation)
	}
}

func TestJammerErrors(t *testing.T) {
	c := cat(t)
	own := ownRadar
	tests := []struct{ name, src, pos, msg string }{
		{"no erp", threatWith("fighter", "    jammer: {bandwidth: 1 GHz}\n"), "7:13", `jammer has no erp; want erp: the effective radiated power`},
		{"no bandwidth", threatWith("fighter", "    jammer: {erp: 1 kW}\n"), "7:13", `jammer has no bandwidth`},
		{"erp unit", threatWith("fighter", "    jammer: {erp: 1 kg, bandwidth: 1 GHz}\n"), "7:19", `erp "1 kg"`},
		{"erp dBW text", threatWith("fighter", "    jammer: {erp: x dBW, bandwidth: 1 GHz}\n"), "7:19", `erp "x dBW" is not a power`},
		{"erp zero", threatWith("fighter", "    jammer: {erp: 0 W, bandwidth: 1 GHz}\n"), "7:19", `erp 0 W is out of range; want a power from 1 mW`},
		{"bandwidth zero", threatWith("fighter", "    jammer: {erp: 1 kW, bandwidth: 0 Hz}\n"), "7:36", `bandwidth 0 Hz is out of range`},
		{"band W", threatWith("fighter", "    jammer: {erp: 1 kW, bandwidth: 1 GHz, bands: [S, W]}\n"), "7:54", `band unknown radar band "W"; want one of HF, VHF`},
		{"bands not a list", threatWith("fighter", "    jammer: {erp: 1 kW, bandwidth: 1 GHz, bands: S}\n"), "7:50", `bands is "S"; want a list`},
		{"unknown key", threatWith("fighter", "    jammer: {erp: 1 kW, bandwidth: 1 GHz, power: 1 W}\n"), "7:43", `unknown key "power" in jammer`},
		{"text", threatWith("fighter", "    jammer: on\n"), "7:13", `jammer "on" is not known; want a mapping`},
		{"radar without a receiver", own + threatWith("soj", "")[len(head):], "11:11", `a jammer needs every radar's receiver, and radar r1 of unit u has no frequency, beamwidth_azimuth, range_resolution, noise_figure_db`},
		{"noise figure negative", own[:len(own)-2] + ", noise_figure_db: -1}\n", "8:263", `noise_figure_db -1 is out of range; want a noise figure from 0 to 30 dB`},
		{"cancellation too deep", own[:len(own)-2] + ", sidelobe_cancellation_db: 70}\n", "8:272", `sidelobe_cancellation_db 70 is out of range; want a cancellation from 0 to 60 dB`},
		{"cancellation text", own[:len(own)-2] + ", sidelobe_cancellation_db: lots}\n", "8:272", `sidelobe_cancellation_db`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErrorAt(t, c, tt.src, tt.pos, tt.msg) })
	}
}

// ownRadar is a scenario head with a unit of one radar of the file's own,
// its mapping closing the text.
const ownRadar = head + "air_defence:\n  - id: u\n    command_post: {id: cp, at: {lat: 44, lon: -71}}\n" +
	"    radars:\n      - {id: r1, role: fire-control, fire_channels: 1, missiles_guided: 2, at: {lat: 44, lon: -71}, ref_range: 100 km, ref_rcs: 1 m2, ref_pd: 0.5, max_range: 200 km, scan_period: 10 s, noise: {range: 50 m, azimuth: 0.2 deg, elevation: 0.3 deg}}\n"
