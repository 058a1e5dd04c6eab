package basemap

import "testing"

// TestLandKnownPlaces decodes the embedded data and checks it against
// geography no one here wrote: capitals on land, ocean points at sea.
func TestLandKnownPlaces(t *testing.T) {
	land, err := Land()
	if err != nil {
		t.Fatal(err)
	}
	if len(land) < 1000 {
		t.Fatalf("only %d land polygons", len(land))
	}
	for _, tc := range []struct {
		name   string
		p      Point
		onLand bool
	}{
		{"Paris", Point{2.35, 48.86}, true},
		{"Moscow", Point{37.62, 55.75}, true},
		{"Tehran", Point{51.39, 35.69}, true},
		{"Mount Washington", Point{-71.30, 44.27}, true},
		{"Brunswick, Maine (airbase of the example)", Point{-69.94, 43.89}, true},
		{"Sydney", Point{151.21, -33.87}, true},
		{"mid-Atlantic", Point{-40, 30}, false},
		{"Gulf of Maine", Point{-68.5, 43.0}, false},
		{"Black Sea", Point{34, 43.5}, false},
		{"Pacific", Point{-150, 0}, false},
	} {
		if got := Contains(land, tc.p); got != tc.onLand {
			t.Errorf("%s (%v): on land = %v, want %v", tc.name, tc.p, got, tc.onLand)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, bad := range []string{``, `{}`, `{"type":"Topology","objects":{}}`,
		`{"type":"Topology","objects":{"land":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[5]]}]}},"arcs":[]}`} {
		if _, err := decode([]byte(bad), "land"); err == nil {
			t.Errorf("decode(%q) = nil error", bad)
		}
	}
}

func BenchmarkLand(b *testing.B) {
	for b.Loop() {
		if _, err := Land(); err != nil {
			b.Fatal(err)
		}
	}
}
