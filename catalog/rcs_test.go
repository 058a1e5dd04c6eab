package catalog

import (
	"math"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/radar"
)

// TestLowObservableTable checks the catalogue's low-observable fighter
// against what its table claims: the rcs figure nose-on at X band, three
// orders of magnitude more at the beam, and a VHF frontal figure some
// 22 dB above X band's.
func TestLowObservableTable(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	e, ok := c.Lookup("fighter-low-observable")
	if !ok || e.RCSTable == nil {
		t.Fatal("fighter-low-observable has no rcs_table")
	}
	fig, _ := e.Figure("rcs")
	sigma, _, _, err := fig.SI()
	if err != nil {
		t.Fatal(err)
	}
	tb, err := e.RCSTable.Radar(sigma)
	if err != nil {
		t.Fatal(err)
	}
	const deg = math.Pi / 180
	for _, tt := range []struct {
		name   string
		b      radar.Band
		az, el float64
		want   float64
	}{
		{"X nose-on is the rcs figure", radar.BandX, 0, 0, sigma},
		{"X beam, +30 dB", radar.BandX, 90 * deg, 0, sigma * 1000},
		{"VHF nose-on, +22 dB", radar.BandVHF, 0, 0, sigma * math.Pow(10, 2.2)},
	} {
		if got := tb.At(tt.b, tt.az, tt.el); math.Abs(got-tt.want) > 1e-9*tt.want {
			t.Errorf("%s: %v m², want %v", tt.name, got, tt.want)
		}
	}
	if f, ok := c.Lookup("fighter-4th-gen"); !ok || f.RCSTable == nil {
		t.Error("fighter-4th-gen has no rcs_table")
	}
}

func TestRCSTableErrors(t *testing.T) {
	threat := func(table string) string {
		return `family: t
title: T
entries:
  - name: lo
    kind: threat
    title: LO
    figures:
      rcs: {nominal: 0.003, unit: m2, v: U, source: "assumption: x"}
      speed: {nominal: 270, unit: m/s, v: U, source: "assumption: x"}
      min_altitude: {nominal: 100, unit: m, v: U, source: "assumption: x"}
      max_altitude: {nominal: 15, unit: km, v: U, source: "assumption: x"}
      altitude: {nominal: 10, unit: km, v: U, source: "assumption: x"}
      max_lateral_accel: {nominal: 9, unit: g, v: U, source: "assumption: x"}
      range: {nominal: 1000, unit: km, v: U, source: "assumption: x"}
    rcs_table:
` + table
	}
	ok := "      reference: X\n      azimuth: [0, 90]\n      elevation: [0]\n      db: {X: [[0, 30]], VHF: [[20, 30]]}\n      v: U\n      source: \"assumption: x\"\n"
	if _, err := parseFamily("data/t.yaml", []byte(threat(ok))); err != nil {
		t.Fatalf("valid table: %v", err)
	}
	for _, tt := range []struct {
		name, from, to, want string
	}{
		{"reference not 0 dB", "[[0, 30]]", "[[3, 30]]", "data/t.yaml:19:7: threat lo: rcs_table: the reference band is 3 dB"},
		{"unknown band", "VHF:", "Ku:", `data/t.yaml:19:26: threat lo: rcs_table db: band "Ku"`},
		{"short row", "[[20, 30]]", "[[20]]", "data/t.yaml:19:32: threat lo: rcs_table db VHF: a row of 1 values; want one per azimuth (2)"},
		{"azimuth past the tail", "[0, 90]", "[0, 190]", "data/t.yaml:17:20: threat lo: rcs_table azimuth: 190 deg"},
		{"reference missing", "reference: X", "reference: S", `data/t.yaml:15:5: threat lo: rcs_table: reference band "S" is not among`},
		{"source", `"assumption: x"`, `"a book"`, "data/t.yaml:15:5: threat lo: rcs_table: v is U, so the source"},
	} {
		doc := threat(strings.Replace(ok, tt.from, tt.to, 1))
		_, err := parseFamily("data/t.yaml", []byte(doc))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}
