package battle

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/scenario"
)

// TestNotHeldTextOnlyWhenSaid: the reason a unit's fire-control radar
// does not hold a track of its own is asked at every decision and almost
// never said. Asking allocates nothing; the text, built when it is said,
// is the one eb500d7 built at once: the last detection beyond the coast,
// the search radars that alone saw the track, and a bearing outside the
// radar's sector (a plot of another target: the grid-regiments golden).
func TestNotHeldTextOnlyWhenSaid(t *testing.T) {
	const text = `version: 1
name: not held
duration: 3 min
sites:
  - {id: base, at: {lat: 44.00, lon: -70.00}, value: 10}
air_defence:
  - id: bn1
    system: s400
    command_post: {id: bn1-cp, at: {lat: 44.00, lon: -70.00}}
    radars:
      - {id: bn1-91n6e, model: 91N6E, at: {lat: 44.01, lon: -70.00}}
      - {id: bn1-92n6e, model: 92N6E, at: {lat: 44.00, lon: -70.01}, threat_axis: 90 deg}
    launchers:
      - {id: bn1-tel-1, model: 5P85TE2, at: {lat: 44.00, lon: -70.02}, missiles: {48N6E3: 4}}
threats:
  - {id: cm, type: subsonic-cruise-missile, altitude: 60 m, target: base, route: [{lat: 44.5, lon: -70}, {lat: 44, lon: -70}]}
`
	sc, err := scenario.Parse("notheld.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	w := builtWorld(t, sc)
	u := w.units[0]
	fc := u.fc
	var search *sensor
	for _, sn := range u.sensors {
		if sn != fc {
			search = sn
		}
	}
	if search == nil || fc.r.Sector().Full() {
		t.Fatal("want a search radar and a fire-control radar with a sector")
	}
	const now = 100.0
	east := u.frame.FromENU(r3.Vec{X: 50e3, Z: 1000})   // within the sector about 90°
	south := u.frame.FromENU(r3.Vec{Y: -50e3, Z: 1000}) // outside it
	seen := func(byFC, bySearch float64) []float64 {
		s := make([]float64, len(u.sensors))
		for i := range s {
			s[i] = math.Inf(-1)
		}
		s[fc.index], s[search.index] = byFC, bySearch
		return s
	}
	name := "not held by the fire-control radar " + fc.spec.ID
	bearing := func(p r3.Vec) string {
		sec := fc.r.Sector()
		return fmt.Sprintf("bearing %.0f°, outside its sector %.0f° to %.0f°", deg(fc.r.Frame().AER(p).Az),
			deg(wrap(sec.Azimuth-sec.HalfWidth)), deg(wrap(sec.Azimuth+sec.HalfWidth)))
	}
	tests := []struct {
		name string
		seen []float64
		pos  r3.Vec
		want string
	}{
		{"beyond its coast", seen(now-30, now), east,
			name + fmt.Sprintf(" (last detected by it 30 s ago, beyond its %.0f s coast)", u.fire.coast)},
		{"seen only by the search radar", seen(math.Inf(-1), now), east, name + " (seen only by " + search.spec.ID + ")"},
		{"outside its sector", seen(math.Inf(-1), now), south, name + " (seen only by " + search.spec.ID + "; " + bearing(south) + ")"},
		{"never seen", nil, south, name + " (" + bearing(south) + ")"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := i + 1
			if tt.seen != nil {
				u.fire.seen[id] = tt.seen
			}
			th := bm.Threat{Track: bm.Track{ID: id, T: now, Pos: tt.pos}}
			why := w.notHeld(u, th)
			if why.Kind != bm.KindNotHeld {
				t.Fatalf("kind %v, want not held", why.Kind)
			}
			if got := why.String(); got != tt.want {
				t.Errorf("reason %q,\nwant %q", got, tt.want)
			}
			if n := testing.AllocsPerRun(20, func() { w.notHeld(u, th) }); n != 0 {
				t.Errorf("%.0f allocations to ask, want none", n)
			}
		})
	}
}
