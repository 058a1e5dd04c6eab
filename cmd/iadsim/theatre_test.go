package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/coverage"
)

// theatres are the theatre examples, whose SRTM tiles are fetched, not
// bundled (docs/terrain.md, "Theatre examples"): each with its tiles'
// folder, the fetch command its header gives, and the level ground the
// test stands in for the tiles when they are absent (the lowest unit's
// height), on which every unit and site of the copy then stands.
var theatres = []struct {
	file, tiles, fetch, ground string
}{
	{"isfahan-natanz-coverage.yaml", "isfahan-natanz", "iadsim terrain fetch --area 32,51,34,53 --source srtm-1", "1000 m"},
	{"ankara-coverage.yaml", "ankara", "iadsim terrain fetch --area 39,32,41,34 --source srtm-1", "880 m"},
}

var (
	terrainBlock = regexp.MustCompile(`(?m)^terrain:\n(?:  .*\n)+`)
	altKey       = regexp.MustCompile(`alt: -?[0-9.]+ m\b`)
)

// TestTheatreExamples runs each theatre example's coverage. With its
// tiles fetched (examples/data/tiles/NAME holds them) it runs over them,
// as a user would. Without them, as here with no network: the example
// must fail to load, exit 2, naming the missing folder and the fetch
// command, and its units, sites and geometry are then checked on a copy
// whose terrain block is a level ground at the plateau's height, which
// says nothing about masking, only that the rest of the file is right.
// Every alt of the copy moves to that ground: the Isfahan battalion at
// 1 550 m left on a ground at 1 000 m stood 550 m up, and its 92N6E,
// looking down no more than 1 deg, engaged a 30 m target only from
// 37.6 km out (the annulus of issue 17). On the ground, each fire-control
// radar sees the 30 m target from its minimum range on: horizon.csv's
// nearest_km is at most coverage.HoleWarning, and nothing is warned of.
func TestTheatreExamples(t *testing.T) {
	for _, th := range theatres {
		t.Run(th.file, func(t *testing.T) {
			path := filepath.Join("../../examples", th.file)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			header := strings.Join(strings.Fields(string(src)), " ")
			if want := th.fetch + " \\ # --out examples/data/tiles/" + th.tiles; !strings.Contains(header, want) {
				t.Errorf("the header does not give the fetch command %q", want)
			}
			args := []string{"coverage", "--alt", "30m,3km", "--rcs", "0.1m2", "--res", "2km"}
			if ents, err := os.ReadDir(filepath.Join("../../examples/data/tiles", th.tiles)); err == nil && len(ents) > 0 {
				r := iadsim(t, append(args, path, "--out", filepath.Join(t.TempDir(), "cov"))...)
				if r.code != 0 {
					t.Fatalf("over the fetched tiles: exit %d: %s", r.code, r.stderr)
				}
				return
			}
			r := iadsim(t, append(args, path, "--out", filepath.Join(t.TempDir(), "none"))...)
			if r.code != 2 || !strings.Contains(r.stderr, "data/tiles/"+th.tiles) || !strings.Contains(r.stderr, "iadsim terrain fetch") {
				t.Errorf("without the tiles: exit %d, %q; want 2, naming the folder and iadsim terrain fetch", r.code, r.stderr)
			}
			level := terrainBlock.ReplaceAllString(string(src), "terrain: {ground: "+th.ground+"}\n")
			if level == string(src) {
				t.Fatal("no terrain block to stand a level ground in for")
			}
			level = altKey.ReplaceAllString(level, "alt: "+th.ground)
			copyPath := filepath.Join(t.TempDir(), th.file)
			if err := os.WriteFile(copyPath, []byte(level), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "cov")
			r = iadsim(t, append(args, copyPath, "--out", out)...)
			if r.code != 0 {
				t.Fatalf("on a level ground: exit %d: %s", r.code, r.stderr)
			}
			for _, f := range []string{"engagement_30m.png", "engagement_3km.tif", "defence.png", "horizon.csv"} {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Error(err)
				}
			}
			if !strings.Contains(r.stdout, "battery") {
				t.Errorf("no battery in the table:\n%s", r.stdout)
			}
			if strings.Contains(r.stderr, "warning") {
				t.Errorf("warnings on a level ground with every unit on it:\n%s", r.stderr)
			}
			rows := readHorizon(t, out)
			col := map[string]int{}
			for i, h := range rows[0] {
				col[h] = i
			}
			fc := 0
			for _, row := range rows[1:] {
				if row[col["role"]] != "fire-control" || row[col["altitude_m"]] != "30" {
					continue
				}
				fc++
				if near, err := strconv.ParseFloat(row[col["nearest_km"]], 64); err != nil || near > coverage.HoleWarning/1e3 {
					t.Errorf("%s sees a 30 m target from %q km on (%s); want from its minimum range", row[col["radar"]], row[col["nearest_km"]], row[col["nearest_limit"]])
				}
			}
			if fc == 0 {
				t.Errorf("no fire-control radar row for 30 m in horizon.csv: %v", rows)
			}
		})
	}
}
