package battle

import (
	"fmt"
	"sync"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/terrain"
	"github.com/iadsim/iadsim/weapon"
)

// screenRange caps the reach of a radar's terrain screening table:
// building it costs in proportion to the square of its range, and beyond
// 150 km the terrain of most scenarios is below any radar horizon that
// matters for low flyers. Farther lines of sight are traced one by one.
const screenRange = 150e3

// Terrain is a scenario's ground, read once and shared: the elevation
// model and, per radar antenna, a table of the terrain's screening angle
// around it, so that a look tests a target's line of sight in a table
// lookup instead of tracing it over the ground. A Monte Carlo batch makes
// one and passes it to every replication (Options.Terrain); it is safe
// for concurrent use.
type Terrain struct {
	spec    scenario.Terrain
	los     *terrain.LOS
	mu      sync.Mutex
	screens map[geo.LLA]*terrain.Screen
}

// PrepareTerrain reads the scenario's elevation model; nil when it names
// none.
func PrepareTerrain(s *scenario.Scenario) (*Terrain, error) {
	if s.Terrain == nil {
		return nil, nil
	}
	dem, err := terrain.Open(s.Terrain.DEM...)
	if err != nil {
		return nil, fmt.Errorf("terrain: %w", err)
	}
	return &Terrain{spec: *s.Terrain, los: &terrain.LOS{Surface: dem, K: s.Terrain.K, GeoidHeight: s.Terrain.GeoidHeight},
		screens: map[geo.LLA]*terrain.Screen{}}, nil
}

// mask is the line-of-sight test for a radar whose antenna is at a and
// whose instrumented range is maxRange: its screening table, made on
// first use.
func (t *Terrain) mask(a geo.LLA, maxRange float64) (radar.Masker, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if sc, ok := t.screens[a]; ok {
		return sc, nil
	}
	r := screenRange
	if maxRange > 0 {
		r = min(r, maxRange)
	}
	sc, err := terrain.NewScreen(t.los.Surface, a, t.spec.K, t.spec.GeoidHeight, r, nil)
	if err != nil {
		return nil, fmt.Errorf("terrain screen of the antenna at %.5f, %.5f: %w", a.LatDeg(), a.LonDeg(), err)
	}
	t.screens[a] = sc
	return sc, nil
}

// Shared holds what the runs of one scenario can share, made once: its
// terrain and its interceptors' 3-DOF models with their launch
// acceptability tables (seconds of work each). A Monte Carlo batch makes
// one with Prepare and passes it to every replication in Options.Shared;
// it is safe for concurrent use.
type Shared struct {
	Terrain  *Terrain
	mu       sync.Mutex
	missiles map[scenario.Missile]*weapon.Missile
}

// Prepare reads the scenario's terrain, if any; the 3-DOF models are
// derived on first use.
func Prepare(s *scenario.Scenario) (*Shared, error) {
	t, err := PrepareTerrain(s)
	if err != nil {
		return nil, err
	}
	return &Shared{Terrain: t, missiles: map[scenario.Missile]*weapon.Missile{}}, nil
}

// larStep is the integration step of the fly-outs that fill a 3-DOF
// missile's launch acceptability table.
const larStep = 0.1

// missile returns the interceptor model of a scenario missile: the
// kinematic model as written, or its 3-DOF derivation with a launch
// acceptability table, made once.
func (sh *Shared) missile(ms scenario.Missile, m *weapon.Missile) (*weapon.Missile, error) {
	if ms.Flyout != scenario.Flyout3DOF {
		return m, nil
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if d, ok := sh.missiles[ms]; ok {
		c := *d
		return &c, nil
	}
	d, _, err := weapon.Derive3DOFCalibrated(*m, weapon.Sizing{})
	if err != nil {
		return nil, fmt.Errorf("3-DOF model: %w", err)
	}
	lar, err := weapon.DefaultLARTable(&d, larStep)
	if err != nil {
		return nil, fmt.Errorf("3-DOF model: %w", err)
	}
	d.LAR = lar
	sh.missiles[ms] = &d
	c := d
	return &c, nil
}
