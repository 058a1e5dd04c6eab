// Package footprint computes defended footprints against ballistic
// missiles: the ground area where a warhead from a given launch point can
// be engaged before it falls, for each air-defence unit of a scenario and
// for all of them together, the way ballistic missile defence planners
// draw it.
//
// The footprint is what the engine does, not a geometric stand-in: each
// cell of a grid about the units is the aim point of one ballistic
// missile on its minimum-energy arc (or the given apogee) from the launch
// point, flown in a battle of its own in which the aim point is a
// defended site, and a unit defends the cell when it commits an
// engagement to that missile (battle's detection, tracking, threat
// evaluation and engagement planning, with the unit's envelope against
// ballistic targets). A missile fired from farther away comes in faster
// and steeper, spends less time in the envelope, and the footprint
// shrinks.
package footprint

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/terrain"
)

// Options shape a footprint.
type Options struct {
	// Step is the grid spacing, m; 0 means 5 km.
	Step float64
	// Extent is the half-width of the grid about the units' centre, m; 0
	// means the farthest unit from the centre plus its range against
	// ballistic targets (80 km when it has none), plus one step.
	Extent float64
	// Type and RCS are the missile's class and radar cross section;
	// "short-range-ballistic-missile" and 0.1 m² when empty.
	Type string
	RCS  float64
	// Apogee, when positive, lofts or depresses the arc to this height, m;
	// zero flies the minimum-energy arc.
	Apogee float64
	// Workers run battles at once; 0 means GOMAXPROCS.
	Workers int
}

// Result is the footprint against one launch point.
type Result struct {
	Launch geo.LLA
	Georef terrain.Georef // geographic grid, cell centres the aim points
	Units  []string       // the scenario's units, in file order
	// Defended[u][row*Cols+col] is 1 where unit Units[u] engages a
	// missile aimed at the cell, 0 where it does not; Grid is their union.
	Defended [][]uint8
	Grid     []uint8
}

// aimID and siteID name the missile and the aim point in each cell's
// battle; they are chosen not to collide with a scenario's ids.
const (
	aimID    = "footprint-missile"
	siteID   = "footprint-aim"
	siteSize = 1000.0 // m, the aim point's radius as a site
)

// Compute flies one missile from launch at each cell of the grid and
// records which units engage it.
func Compute(s *scenario.Scenario, launch geo.LLA, opt Options) (*Result, error) {
	if len(s.Units) == 0 {
		return nil, errors.New("footprint: the scenario has no air-defence unit")
	}
	opt = opt.defaults()
	shared, err := battle.Prepare(s)
	if err != nil {
		return nil, fmt.Errorf("footprint: %w", err)
	}
	g := grid(s, opt)
	res := &Result{Launch: launch, Georef: g, Grid: make([]uint8, g.Cols*g.Rows)}
	index := map[string]int{}
	for i, u := range s.Units {
		res.Units = append(res.Units, u.ID)
		res.Defended = append(res.Defended, make([]uint8, g.Cols*g.Rows))
		index[u.ID] = i
	}
	cells := make(chan int)
	errs := make([]error, g.Cols*g.Rows)
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range cells {
				lon := g.X0 + (float64(c%g.Cols)+0.5)*g.DX
				lat := g.Y0 - (float64(c/g.Cols)+0.5)*g.DY
				units, err := Engaged(s, shared, launch, geo.Deg(lat, lon, 0), opt)
				if err != nil {
					errs[c] = err
					continue
				}
				for _, u := range units {
					res.Defended[index[u]][c] = 1
					res.Grid[c] = 1
				}
			}
		}()
	}
	for c := range res.Grid {
		cells <- c
	}
	close(cells)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("footprint: %w", err)
	}
	return res, nil
}

// Engaged runs the battle of one missile from launch aimed at aim (its
// height replaced by the ground's there), with aim a defended site of
// its own, and returns the units that commit an engagement to it, in the
// order they first do. shared is battle.Prepare's, nil to prepare here.
func Engaged(s *scenario.Scenario, shared *battle.Shared, launch, aim geo.LLA, opt Options) ([]string, error) {
	opt = opt.defaults()
	if shared == nil {
		var err error
		if shared, err = battle.Prepare(s); err != nil {
			return nil, err
		}
	}
	aim.Alt = shared.Terrain.Ground(aim.Lat, aim.Lon)
	arc, err := motion.NewBallistic(0, launch, aim, motion.BallisticOptions{ApogeeHeight: opt.Apogee})
	if err != nil {
		return nil, fmt.Errorf("aim %.4f°, %.4f°: %w", aim.LatDeg(), aim.LonDeg(), err)
	}
	c := *s
	c.Sites = append(append([]scenario.Site(nil), s.Sites...), scenario.Site{ID: siteID, At: aim, Value: 1, Radius: siteSize})
	l := launch
	c.Threats = []scenario.Threat{{
		ID: aimID, Type: opt.Type, RCS: opt.RCS, Target: siteID,
		Launch: &l, Impact: &aim, Apogee: opt.Apogee, Count: 1,
	}}
	c.Duration = math.Ceil(arc.End()) + 5
	res, err := battle.Run(&c, battle.Options{Shared: shared, NoSamples: true})
	if err != nil {
		return nil, fmt.Errorf("aim %.4f°, %.4f°: %w", aim.LatDeg(), aim.LonDeg(), err)
	}
	var units []string
	seen := map[string]bool{}
	for _, e := range res.Events {
		if e.Type == event.Engagement && e.Threat == aimID && !seen[e.Unit] {
			seen[e.Unit] = true
			units = append(units, e.Unit)
		}
	}
	return units, nil
}

func (o Options) defaults() Options {
	if o.Step <= 0 {
		o.Step = 5e3
	}
	if o.Type == "" {
		o.Type = "short-range-ballistic-missile"
	}
	if o.RCS <= 0 {
		o.RCS = 0.1
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o
}

// grid is the geographic grid of cells Step apart (at the centre's
// latitude) about the units' centre.
func grid(s *scenario.Scenario, opt Options) terrain.Georef {
	var lat, lon float64
	for _, u := range s.Units {
		lat += u.CommandPost.At.Lat / float64(len(s.Units))
		lon += u.CommandPost.At.Lon / float64(len(s.Units))
	}
	centre := geo.Deg(lat*180/math.Pi, lon*180/math.Pi, 0)
	extent := opt.Extent
	if extent <= 0 {
		for _, u := range s.Units {
			d, _, _ := geo.Inverse(centre, u.CommandPost.At)
			r := u.Doctrine.BallisticRange
			if r <= 0 {
				r = 80e3
			}
			extent = max(extent, d+r+opt.Step)
		}
	}
	n := int(math.Ceil(extent / opt.Step))
	dLat := opt.Step / 111_132 // degrees per cell north-south
	dLon := dLat / math.Cos(lat)
	return terrain.Georef{
		EPSG: terrain.EPSGWGS84, Cols: 2*n + 1, Rows: 2*n + 1,
		X0: centre.LonDeg() - (float64(n)+0.5)*dLon, Y0: centre.LatDeg() + (float64(n)+0.5)*dLat,
		DX: dLon, DY: dLat,
	}
}

// Area returns the area of the cells set in cells, km².
func (r *Result) Area(cells []uint8) float64 {
	g := r.Georef
	var a float64
	for c, v := range cells {
		if v == 0 {
			continue
		}
		lat := (g.Y0 - (float64(c/g.Cols)+0.5)*g.DY) * math.Pi / 180
		a += g.DX * g.DY * 111.132 * 111.132 * math.Cos(lat)
	}
	return a
}
