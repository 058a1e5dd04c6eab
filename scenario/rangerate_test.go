package scenario

import "testing"

// TestNoiseRangeRate: a radar's range-rate noise comes from the file's
// noise: {range_rate}; without it (and no catalogue noise_range_rate)
// the radar measures no Doppler.
func TestNoiseRangeRate(t *testing.T) {
	c := cat(t)
	s := parse(t, head+unitWithRadars(", noise: {range: 20 m, azimuth: 0.1 deg, elevation: 0.1 deg, range_rate: 1 m/s}"), Options{Catalog: c})
	r := s.Units[0].Radars
	if r[0].SigmaRangeRate != 0 {
		t.Errorf("91N6E range-rate sigma %v m/s, want 0: the catalogue gives none", r[0].SigmaRangeRate)
	}
	if r[1].SigmaRangeRate != 1 {
		t.Errorf("written range-rate sigma %v m/s, want 1", r[1].SigmaRangeRate)
	}
	wantErrorAt(t, c, head+unitWithRadars(", noise: {range: 20 m, azimuth: 0.1 deg, elevation: 0.1 deg, range_rate: -1 m/s}"), "9:131", `range_rate "-1 m/s": negative`)
}
