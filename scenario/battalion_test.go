package scenario

import (
	"testing"
)

// TestBattalionMissileFigures: a battalion placed by its system name
// changes a missile's figures as a component unit does, with or without
// changing its rounds; the count form stays as it was.
func TestBattalionMissileFigures(t *testing.T) {
	c := cat(t)
	unit := func(system, missiles string) string {
		return head + "air_defence:\n  - system: " + system + "\n    id: bn1\n    at: {lat: 44.5, lon: -71.4}\n    missiles: " + missiles + "\n"
	}
	rounds := func(u Unit) map[string]int {
		n := map[string]int{}
		for _, l := range u.Launchers {
			for _, ld := range l.Loads {
				n[ld.Missile] += ld.Count
			}
		}
		return n
	}
	missile := func(t *testing.T, u Unit, name string) Missile {
		t.Helper()
		for _, m := range u.Missiles {
			if m.Name == name {
				return m
			}
		}
		t.Fatalf("unit has no %s: %+v", name, u.Missiles)
		return Missile{}
	}

	// Figures only: the catalogue's load, one figure changed.
	s := parse(t, unit("s300pmu2", "{48N6E2: {pk: 0.7}}"), Options{Catalog: c})
	u := s.Units[0]
	m := missile(t, u, "48N6E2")
	if m.PkMax != 0.7 || m.LethalRadius != si(t, c, "48N6E2", "lethal_radius") || m.MaxRange != si(t, c, "48N6E2", "max_range") {
		t.Errorf("48N6E2 pk %g lethal radius %g max range %g; want 0.7 and the catalogue's", m.PkMax, m.LethalRadius, m.MaxRange)
	}
	if got := rounds(u); got["48N6E2"] != 32 || len(got) != 1 {
		t.Errorf("rounds %v, want the catalogue's 32 48N6E2", got)
	}
	for _, f := range s.Figures {
		if f.Entity == "bn1/48N6E2" && f.Key == "pk" {
			t.Errorf("the file's pk recorded as a catalogue figure: %+v", f)
		}
	}

	// Figures and rounds together, beside the count form.
	s = parse(t, unit("s400", "{48N6E3: {rounds: 8, pk: 0.6, lethal_radius: 25 m}, 9M96E2: 32}"), Options{Catalog: c})
	u = s.Units[0]
	if m := missile(t, u, "48N6E3"); m.PkMax != 0.6 || m.LethalRadius != 25 {
		t.Errorf("48N6E3 pk %g lethal radius %g", m.PkMax, m.LethalRadius)
	}
	if m := missile(t, u, "9M96E2"); m.PkMax != si(t, c, "9M96E2", "pk") {
		t.Errorf("9M96E2 pk %g, want the catalogue's", m.PkMax)
	}
	if got := rounds(u); got["48N6E3"] != 8 || got["9M96E2"] != 32 || len(got) != 2 {
		t.Errorf("rounds %v, want 8 48N6E3 and 32 9M96E2", got)
	}

	// The count form alone, as before.
	s = parse(t, unit("s400", "{48N6E3: 16}"), Options{Catalog: c})
	if got := rounds(s.Units[0]); got["48N6E3"] != 16 || len(got) != 1 {
		t.Errorf("rounds %v, want 16 48N6E3", got)
	}
}

// TestBattalionMissileErrors: bad missiles of a battalion are reported at
// their place with what is expected.
func TestBattalionMissileErrors(t *testing.T) {
	c := cat(t)
	unit := func(system, missiles string) string {
		return head + "air_defence:\n  - system: " + system + "\n    at: {lat: 1, lon: 2}\n    missiles: " + missiles + "\n"
	}
	tests := []struct {
		name, src, pos, msg string
	}{
		{"figure out of range", unit("s300pmu2", "{48N6E2: {pk: 1.5}}"), "7:29", `pk 1.5 is out of range; want a probability greater than 0 and at most 1`},
		{"unknown figure", unit("s300pmu2", "{48N6E2: {colour: red}}"), "7:25", `unknown key "colour" in missile 48N6E2; want one of: rounds, flyout, min_range,`},
		{"not in the load", unit("s400", "{48N6E2: {pk: 0.7}}"), "7:16", `missile 48N6E2 is not in the s400's load (48N6E3, 9M96E2); want one of those, or rounds: to load it, such as {48N6E2: {rounds: 16, pk: 0.7}}`},
		{"rounds for some", unit("s400", "{48N6E3: {rounds: 8}, 9M96E2: {pk: 0.5}}"), "7:37", `missile 9M96E2 has no rounds while 48N6E3 has; want rounds for every missile listed (the load is replaced), or for none (the catalogue's load is kept)`},
		{"zero rounds", unit("s400", "{48N6E3: {rounds: 0}}"), "7:33", `rounds 0 is out of range; want a whole number of 1 or more`},
		{"text", unit("s400", "{48N6E3: lots}"), "7:24", `missile 48N6E3 is "lots"; want a number of rounds, such as 16, or the missile's figures, such as {pk: 0.7}`},
		{"nothing", unit("s400", "{48N6E3: }"), "7:23", `missile 48N6E3 is nothing; want a number of rounds, such as 16, or the missile's figures, such as {pk: 0.7}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantErrorAt(t, c, tt.src, tt.pos, tt.msg) })
	}
}
