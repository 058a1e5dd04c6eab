package catalog

import (
	"math"
	"strconv"
	"testing"

	"github.com/iadsim/iadsim/units"
)

// TestUnitsAgree checks every catalogue figure's unit against the units
// package, which reads the units people write in scenarios and has its own
// conversion tables (NIST SP 811): "<nominal> <unit>" must parse as the
// figure key's dimension to the value Figure.SI gives. Mass has no parser
// in units (no scenario key takes a mass), so warhead_mass is checked
// only by this package's own table.
func TestUnitsAgree(t *testing.T) {
	c := load(t)
	parsers := map[dimension]func(string) (float64, error){
		dimLength:    units.Length,
		dimArea:      units.Area,
		dimTime:      units.Duration,
		dimAngle:     units.Angle,
		dimAccel:     units.Accel,
		dimFrequency: units.Frequency,
		dimSpeed: func(s string) (float64, error) {
			v, err := units.Speed(s)
			return v.At(0), err
		},
	}
	checked := 0
	for _, e := range c.List() {
		for _, f := range e.Figures {
			dim, _ := keyDim(f.Key)
			if dim == dimNone || dim == dimText {
				continue
			}
			parse, ok := parsers[dim]
			if !ok {
				if dim != dimMass {
					t.Errorf("%s.%s: no units parser for %s", e.Name, f.Key, dim)
				}
				continue
			}
			nom, _, _, err := f.SI()
			if err != nil {
				t.Fatal(err)
			}
			text := strconv.FormatFloat(f.Nominal, 'g', -1, 64) + " " + f.Unit
			got, err := parse(text)
			if err != nil {
				t.Errorf("%s.%s: units does not read %q: %v", e.Name, f.Key, text, err)
				continue
			}
			if math.Abs(got-nom) > 1e-12*math.Abs(nom) {
				t.Errorf("%s.%s: %q is %g in units, %g here", e.Name, f.Key, text, got, nom)
			}
			checked++
		}
	}
	if checked < 200 {
		t.Errorf("checked only %d figures", checked)
	}
}

func TestSIUnit(t *testing.T) {
	for _, tt := range []struct{ unit, want string }{
		{"km", "m"}, {"nmi", "m"}, {"km/h", "m/s"}, {"dBsm", "m2"}, {"min", "s"}, {"deg", "rad"}, {"g", "m/s2"}, {"kg", "kg"}, {"", ""},
	} {
		if got := (Figure{Unit: tt.unit}).SIUnit(); got != tt.want {
			t.Errorf("SIUnit(%q) = %q, want %q", tt.unit, got, tt.want)
		}
	}
	if got := (Figure{Text: "X"}).SIUnit(); got != "" {
		t.Errorf("text figure: %q", got)
	}
}

func TestParseDraw(t *testing.T) {
	for d := Nominal; d <= Uniform; d++ {
		if got, ok := ParseDraw(d.String()); !ok || got != d {
			t.Errorf("ParseDraw(%q) = %v, %v", d.String(), got, ok)
		}
	}
	if _, ok := ParseDraw("median"); ok {
		t.Error("ParseDraw(median) succeeded")
	}
}

func TestClosest(t *testing.T) {
	c := load(t)
	for _, tt := range []struct {
		name  string
		kinds []string
		want  []string
	}{
		// "s-500" is one edit from the alias S-400.
		{"s-500", []string{KindSystem}, []string{"s400", "s300pmu2"}},
		{"48N6X", []string{KindMissile}, []string{"40N6E", "48N6DM", "48N6E3"}},
		{"92n6", []string{KindRadar}, []string{"92N6E", "91N6E", "59N6"}},
		{"tomahawk", []string{KindThreat}, []string{"subsonic-cruise-missile"}},
		{"40V6M", nil, []string{"40V6M"}},
	} {
		got := c.Closest(tt.name, len(tt.want), tt.kinds...)
		if len(got) != len(tt.want) {
			t.Errorf("Closest(%q) = %v, want %v", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Closest(%q) = %v, want %v", tt.name, got, tt.want)
				break
			}
		}
	}
	if got := len(c.Names(KindThreat)); got != 11 {
		t.Errorf("%d threat classes", got)
	}
}

func TestEditDistance(t *testing.T) {
	// Textbook pairs (Levenshtein 1966; Wagner and Fischer 1974).
	for _, tt := range []struct {
		a, b string
		want int
	}{{"kitten", "sitting", 3}, {"flaw", "lawn", 2}, {"", "abc", 3}, {"abc", "abc", 0}, {"s-500", "s-400", 1}} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
