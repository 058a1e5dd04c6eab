package serve

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCoverageLayer(t *testing.T) {
	for name, want := range map[string]bool{
		"detection_30m.geojson": true, "engagement_3km_0.1m2_VHF_beam.geojson": true, "detection_-10m.geojson": true,
		"detection_.geojson": false, "detection_30m.kml": false, "events.jsonl": false, "horizon.csv": false,
		"other_30m.geojson": false, "detection_../x.geojson": false, "detection_a/b.geojson": false,
		`detection_a\b.geojson`: false, "detection_30m.geojson/": false,
	} {
		if got := coverageLayer(name); got != want {
			t.Errorf("coverageLayer(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestCoverages: a folder iadsim coverage wrote is listed with its GeoJSON
// layers, which are served; nothing else of it, nothing outside.
func TestCoverages(t *testing.T) {
	runs, outside := runTree(t)
	cov := filepath.Join(runs, "cov")
	if err := os.MkdirAll(cov, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"horizon.csv":             "altitude_m\n",
		"detection_30m.geojson":   `{"type":"FeatureCollection","features":[]}`,
		"engagement_30m.geojson":  `{"type":"FeatureCollection","features":[]}`,
		"detection_30m.kml":       "<kml/>",
		"detection_notes.geojson": "", // replaced by a link out below
	} {
		if err := os.WriteFile(filepath.Join(cov, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(filepath.Join(cov, "detection_notes.geojson"))
	sealDir(t, cov, "horizon.csv", "detection_30m.geojson", "engagement_30m.geojson", "detection_30m.kml")
	if err := os.WriteFile(filepath.Join(outside, "detection_x.geojson"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "detection_x.geojson"), filepath.Join(cov, "detection_notes.geojson")); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, Config{Dirs: []string{runs}})
	got, err := s.Coverages()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "0/cov" || !slices.Equal(got[0].Layers, []string{"detection_30m.geojson", "engagement_30m.geojson"}) {
		t.Fatalf("coverages %+v", got)
	}
	h := s.Handler()
	for _, c := range []struct {
		target string
		want   int
	}{
		{"/api/coverage", 200},
		{"/api/coverage/detection_30m.geojson?dir=0/cov", 200},
		{"/api/coverage/detection_30m.kml?dir=0/cov", 404},
		{"/api/coverage/horizon.csv?dir=0/cov", 404},
		{"/api/coverage/detection_notes.geojson?dir=0/cov", 404},
		{"/api/coverage/detection_x.geojson?dir=0/../outside", 404},
		{"/api/coverage/detection_x.geojson?dir=0/escape", 404},
		{"/api/coverage/detection_30m.geojson?dir=1/cov", 404},
		{"/api/coverage/detection_30m.geojson", 404},
	} {
		r := send(t, h, "GET", c.target, "", nil)
		if r.code != c.want || strings.Contains(r.body, secret) {
			t.Errorf("GET %s: %d, want %d (%.100s)", c.target, r.code, c.want, r.body)
		}
	}
}
