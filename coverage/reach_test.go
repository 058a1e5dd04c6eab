package coverage

import (
	"math"
	"testing"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
)

// TestEngagementReachAgainstAltitude: the map engages a target only as
// far as a run would, the missile's reach at the target's altitude
// (weapon.MaxRangeAt, the shape weapon.DeriveReach flies), not its
// catalogue MaxRange. A battalion loaded with 9M96E alone (40 km in the
// catalogue, 26-29 km against a target below 1 km: docs/flyout.md, the
// reach table) against a 1 m² target at 300 m: before, the map painted
// engagement out to 40 km, where no round of a run is ever fired.
func TestEngagementReachAgainstAltitude(t *testing.T) {
	const (
		alt = 300.0
		res = 250.0
	)
	s, err := scenario.Parse("reach.yaml", []byte(`version: 1
name: one S-400 battalion with 9M96E alone
duration: 1 min
seed: 1
terrain: {ground: 0 m}
air_defence:
  - {id: bn, system: s400, at: {lat: 32.65, lon: 51.65, alt: 0 m}, missiles: {9M96E: 32}}
`))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Open(s)
	if err != nil {
		t.Fatal(err)
	}
	u := a.Units[0]
	if len(u.Weapons) != 1 {
		t.Fatalf("weapons %+v, want the 9M96E alone", u.Weapons)
	}
	w := u.Weapons[0]
	reach := w.MaxRangeAt(alt)
	if reach > 0.8*w.MaxRange {
		t.Fatalf("9M96E reach %.1f km at %g m of %.0f km: the test needs a reach shorter than the catalogue's", reach/1e3, alt, w.MaxRange/1e3)
	}
	res1, err := a.Run([]Target{{Altitude: alt, RCS: 1, Pd: 0.9}}, Options{Resolution: res, Extent: 50e3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	l := res1.Layers[0]
	g := l.Engagement.Georef
	at := func(p geo.LLA) uint8 {
		x, y := g.Pixel(p.Lat, p.Lon)
		return l.Engagement.Pix[int(math.Round(y))*g.Cols+int(math.Round(x))]
	}
	// The nearest launcher decides: the cell is engaged if any launcher
	// reaches it. Launchers stand a few km from the radar, so distances
	// are taken from each and the extremes compared.
	var beyond, inside int
	for az := 0.0; az < 360; az += 10 {
		for d := 5e3; d <= 45e3; d += res {
			p, _ := geo.Direct(u.FireControl.Antenna, az*math.Pi/180, d)
			near := math.Inf(1)
			for _, lp := range w.Launchers {
				r, _, _ := geo.Inverse(lp, p)
				near = math.Min(near, r)
			}
			switch engaged := at(p) == Covered; {
			case engaged && near > reach+2*res:
				beyond++
			case !engaged && near < reach-2*res && near > w.MinRange+2*res:
				inside++
			}
		}
	}
	if beyond > 0 {
		t.Errorf("%d samples engaged beyond the 9M96E's %.1f km reach at %g m", beyond, reach/1e3, alt)
	}
	if inside > 0 {
		t.Errorf("%d samples within the reach and not engaged", inside)
	}
}
