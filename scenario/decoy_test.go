package scenario

import "testing"

// TestDecoy: the air-launched-decoy class is a decoy (its catalogue role),
// no other class is, decoy: says so for any threat, and a salvo's threats
// are all decoys; decoy: takes true or false, at its position.
func TestDecoy(t *testing.T) {
	c := cat(t)
	const free = "drone\n    rcs: 1 m2\n    speed: 200 m/s\n    altitude: 5 km"
	for _, tt := range []struct {
		name, typ, extra string
		want             bool
	}{
		{"the catalogue's decoy", "air-launched-decoy", "", true},
		{"alias", "mald", "", true},
		{"a fighter", "fighter-4th-gen", "", false},
		{"the class's role overruled", "air-launched-decoy", "    decoy: false\n", false},
		{"a type of the file's own", free, "    decoy: true\n", true},
		{"a salvo", "mald", "    count: 3\n    interval: 2 s\n", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := parse(t, threatWith(tt.typ, tt.extra), Options{Catalog: c})
			for _, th := range s.Threats {
				if th.Decoy != tt.want {
					t.Errorf("%s: decoy %v, want %v", th.ID, th.Decoy, tt.want)
				}
			}
		})
	}
	wantErrorAt(t, c, threatWith("fighter", "    decoy: yes please\n"), "7:12", `decoy is "yes please"; want true or false`)
}
