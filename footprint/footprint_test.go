package footprint

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
)

// The measurement scenario of issue 13 (one S-400 battalion on the coast
// of Maine), and launch points south-west of it: 290 km (Connecticut) and
// about 800 km (off Virginia), on a coarse grid to keep the test short.
const bmdFile = "../battle/testdata/bmd.yaml"

var (
	near = geo.Deg(42.0, -72.4, 0)
	far  = geo.Deg(37.9, -75.2, 0)
	opt  = Options{Step: 25e3, Extent: 75e3}
)

var computed struct {
	once      sync.Once
	s         *scenario.Scenario
	near, far *Result
	err       error
}

func results(t *testing.T) (*scenario.Scenario, *Result, *Result) {
	t.Helper()
	computed.once.Do(func() {
		c := &computed
		if c.s, c.err = scenario.Load(bmdFile); c.err != nil {
			return
		}
		if c.near, c.err = Compute(c.s, near, opt); c.err != nil {
			return
		}
		c.far, c.err = Compute(c.s, far, opt)
	})
	if computed.err != nil {
		t.Fatal(computed.err)
	}
	return computed.s, computed.near, computed.far
}

// TestFootprintShrinksWithRange: a missile fired from farther away comes
// in faster and steeper and spends less time in the unit's envelope: the
// footprint against the far launch point is smaller.
func TestFootprintShrinksWithRange(t *testing.T) {
	_, n, f := results(t)
	an, af := n.Area(n.Grid), f.Area(f.Grid)
	t.Logf("footprint %.0f km² from 290 km, %.0f km² from 800 km", an, af)
	if !(af < an) || af == 0 {
		t.Errorf("footprint %.0f km² from 800 km, %.0f km² from 290 km: want smaller, not empty", af, an)
	}
	if n.Area(n.Defended[0]) != an {
		t.Errorf("one unit: its footprint %.0f km² is not the grid's %.0f km²", n.Area(n.Defended[0]), an)
	}
}

// TestFootprintMatchesRuns checks the footprint against runs of the
// battle that a user would write: a scenario file with the missile aimed
// at a cell's centre, which is a site, and the unit engaging it or not as
// the cell says, for the centre cell, a corner cell and a cell on each
// side of the footprint's edge along the middle row.
func TestFootprintMatchesRuns(t *testing.T) {
	_, n, _ := results(t)
	g := n.Georef
	mid := g.Rows / 2
	cells := []int{mid*g.Cols + g.Cols/2, 0}
	for col := 1; col < g.Cols; col++ {
		if c := mid*g.Cols + col; n.Grid[c] != n.Grid[c-1] {
			cells = append(cells, c-1, c)
			break
		}
	}
	text, err := os.ReadFile(bmdFile)
	if err != nil {
		t.Fatal(err)
	}
	head := string(text[:strings.Index(string(text), "threats:")])
	for _, c := range cells {
		lon := g.X0 + (float64(c%g.Cols)+0.5)*g.DX
		lat := g.Y0 - (float64(c/g.Cols)+0.5)*g.DY
		src := strings.Replace(head, "sites:\n", fmt.Sprintf("sites:\n  - {id: aim, at: {lat: %.9f, lon: %.9f, alt: 0 m}, value: 1, radius: 1 km}\n", lat, lon), 1) +
			"threats:\n  - {id: bm, type: short-range-ballistic-missile, rcs: 0.1 m2, launch: {lat: 42.0, lon: -72.4}, target: aim}\n"
		s, err := scenario.Parse("cell.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		res, err := battle.Run(s, battle.Options{NoSamples: true})
		if err != nil {
			t.Fatal(err)
		}
		engaged := false
		for _, e := range res.Events {
			engaged = engaged || e.Type == event.Engagement && e.Threat == "bm"
		}
		if engaged != (n.Grid[c] == 1) {
			t.Errorf("cell %d (%.4f°, %.4f°): footprint %d, the run engaged: %v", c, lat, lon, n.Grid[c], engaged)
		}
	}
	if len(cells) < 4 {
		t.Errorf("the middle row has no edge: footprint %v", n.Grid)
	}
}
