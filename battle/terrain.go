package battle

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/terrain"
	"github.com/iadsim/iadsim/weapon"
	"gonum.org/v1/gonum/spatial/r3"
)

// screenRange caps the reach of a radar's terrain screening table:
// building it costs in proportion to the square of its range, and beyond
// 150 km the terrain of most scenarios is below any radar horizon that
// matters for low flyers. Farther lines of sight are traced one by one.
const screenRange = 150e3

// Terrain is a scenario's ground, read once and shared: the elevation
// model and, per radar antenna, a table of the terrain's screening angle
// around it, so that a look tests a target's line of sight in a table
// lookup instead of tracing it over the ground; or, when the scenario
// gives no elevation model but a level ground (terrain: {ground: H}),
// that height. A Monte Carlo batch makes one and passes it to every
// replication (Options.Terrain); it is safe for concurrent use.
type Terrain struct {
	spec    scenario.Terrain
	los     *terrain.LOS // nil over a level ground
	mu      sync.Mutex
	screens map[geo.LLA]*terrain.Screen
}

// PrepareTerrain reads the scenario's elevation model; nil when the
// scenario has no terrain.
func PrepareTerrain(s *scenario.Scenario) (*Terrain, error) {
	if s.Terrain == nil {
		return nil, nil
	}
	t := &Terrain{spec: *s.Terrain, screens: map[geo.LLA]*terrain.Screen{}}
	if len(s.Terrain.DEM) == 0 {
		return t, nil
	}
	dem, err := terrain.Open(s.Terrain.DEM...)
	if err != nil {
		return nil, fmt.Errorf("terrain: %w", err)
	}
	if err := offTiles(dem, s.Places); err != nil {
		return nil, err
	}
	if s.Terrain.GeoidAuto {
		// geoid_height: auto: each post above EGM96 where it stands,
		// measured from the datum (GeoidHeight) at the units' centre.
		egm, err := geo.EGM96()
		if err != nil {
			return nil, fmt.Errorf("terrain: %w", err)
		}
		dem.ApplyGeoid(egm.Height, s.Terrain.GeoidHeight)
	}
	t.los = &terrain.LOS{Surface: dem, K: s.Terrain.K, GeoidHeight: s.Terrain.GeoidHeight}
	return t, nil
}

// legStep is the spacing of the points at which a route leg is checked
// against the tiles: finer than any tile, coarser than a post.
const legStep = 1e3

// offTiles reports, by the file's positions, every place of a scenario
// that no tile of the DEM reaches, and every route leg that leaves the
// tiles (at the first point, along the leg, that does). Without this a
// radar, a site or a low flyer there would stand on "no terrain data",
// read as sea level, and mask nothing: a silent change of the scenario.
func offTiles(dem *terrain.DEM, places []scenario.Place) error {
	var errs scenario.ErrorList
	where := func(p scenario.Place, format string, a ...any) {
		e := p.Pos
		e.Msg = fmt.Sprintf(format, a...)
		errs = append(errs, &e)
	}
	cell := func(lat, lon float64) string {
		return terrain.CellName(int(math.Floor(lat)), int(math.Floor(lon)))
	}
	const want = "; want a tile there (iadsim terrain fetch --area ... --out DIR, then DIR in terrain: {dem}) or the position inside the tiles (iadsim terrain info lists them)"
	for _, p := range places {
		if !dem.Covers(p.At.Lat, p.At.Lon) {
			la, lo := p.At.LatDeg(), p.At.LonDeg()
			where(p, "%.5f, %.5f lies outside the terrain's tiles: no tile for %s%s", la, lo, cell(la, lo), want)
			continue
		}
		if !p.Leg || !dem.Covers(p.To.Lat, p.To.Lon) {
			continue // the next point is reported on its own
		}
		a, b := p.At.ECEF(), p.To.ECEF()
		ab := r3.Sub(b, a)
		n := int(math.Ceil(r3.Norm(ab) / legStep))
		for i := 1; i < n; i++ {
			q := geo.FromECEF(r3.Add(a, r3.Scale(float64(i)/float64(n), ab)))
			if !dem.Covers(q.Lat, q.Lon) {
				la, lo := q.LatDeg(), q.LonDeg()
				where(p, "the route leg from this point to the next leaves the terrain's tiles at %.5f, %.5f: no tile for %s%s", la, lo, cell(la, lo), want)
				break
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Ground is the height above the ellipsoid of the ground at a geodetic
// latitude and longitude (radians): the elevation model's bilinear
// surface raised by the geoid height, sea level (the geoid) where the
// model has no data, the scenario's level ground where it gives one, and
// the ellipsoid itself without terrain (a nil Terrain).
func (t *Terrain) Ground(lat, lon float64) float64 {
	switch {
	case t == nil:
		return 0
	case t.los == nil:
		return t.spec.Ground
	}
	h, _ := t.los.Surface.Elevation(lat, lon) // 0 where there is no data
	return h + t.spec.GeoidHeight
}

// Datum is the height above the ellipsoid of the smooth earth the
// radars see over (radar.Config.EarthHeight): the level ground, the
// DEM's datum (the geoid, sea level), or the ellipsoid itself without
// terrain (a nil Terrain). Judged from the ellipsoid, a battalion on a
// level ground 28 m below it saw a cruise missile 30 m up at 5 km.
func (t *Terrain) Datum() float64 {
	switch {
	case t == nil:
		return 0
	case t.los == nil:
		return t.spec.Ground
	}
	return t.spec.GeoidHeight
}

// mask is the line-of-sight test for a radar whose antenna is at a and
// whose instrumented range is maxRange: its screening table, made on
// first use, or the level ground's horizon.
func (t *Terrain) mask(a geo.LLA, maxRange float64) (radar.Masker, error) {
	if t.los == nil {
		return levelGround{height: t.spec.Ground, k: t.spec.K}, nil
	}
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

// onGround gives a track of the air picture (tk.ID its key across units)
// the height of the ground under it, from which the battle manager
// measures its height, and its profile, updated with this estimate
// (bm.Classify), whose heading history gives the track's turn rate
// (bm.Profile.WithTurn): the command post holds the same map as the
// scenario's terrain and remembers how each track has flown.
func (w *world) onGround(tk bm.Track) bm.Track {
	p := geo.FromECEF(tk.Pos)
	tk.Ground = w.terrain.Ground(p.Lat, p.Lon)
	pr, ok := w.profiles[tk.ID]
	if !ok {
		pr = &bm.Profile{}
		w.profiles[tk.ID] = pr
	}
	pr.Observe(tk)
	tk.Profile = pr
	return pr.WithTurn(tk)
}

// levelGround is the horizon of a smooth earth whose surface lies height
// metres above the ellipsoid: a plateau seen from a radar standing on it.
// Both ends of a line of sight keep their heights above that surface
// (radar.AboveHorizon with heights lowered by height), so an antenna
// 25 m above a plateau at 1 570 m sees a target 40 m above it out to
// radar.HorizonRange(25, 40, k), about 47 km, not the 330 km of the same
// heights above the ellipsoid. The plateau's radius is the ellipsoid's
// (it is height, 0.03 % of it, too small), as a DEM's datum is.
type levelGround struct {
	height, k float64
}

// Visible implements radar.Masker.
func (g levelGround) Visible(from, to r3.Vec) bool {
	a, b := geo.FromECEF(from), geo.FromECEF(to)
	a.Alt -= g.height
	b.Alt -= g.height
	return radar.AboveHorizon(a.ECEF(), b.ECEF(), g.k)
}

// Shared holds what the runs of one scenario can share, made once: its
// terrain, its interceptors' 3-DOF models with their launch
// acceptability tables, the reach shapes of its kinematic ones (seconds
// of work each), and its ballistic threats' flights (the shooting of
// each arc, a few per cent of a replication). A Monte Carlo batch makes
// one with Prepare and passes it to every replication in
// Options.Shared; it is safe for concurrent use.
type Shared struct {
	Terrain *Terrain
	mu      sync.Mutex
	// derived holds the interceptor models by missile, each derived
	// once (see models).
	derived map[scenario.Missile]*model
	// scenario is the one Prepare was given. Only its threats' flights
	// are kept, by threat: a run of another scenario (a replication
	// that drew its own figures, a footprint's cell) makes its own, so
	// that nothing here grows with the number of runs.
	scenario   *scenario.Scenario
	ballistics map[*scenario.Threat]*motion.Ballistic
	limits     *trackerLimits // its trackers' limits, once derived
	// events is the most events a run has recorded: the next run's
	// record starts with that much room, instead of growing by copying
	// its 432-byte events as it fills (about 2 MB a replication of the
	// bundled raid). It only sizes a buffer: no output depends on it.
	events atomic.Int64
}

// trackerLimits returns the tracker limits of scenario s, derived by
// derive: once for the scenario Prepare was given, every time for
// another's (as ballistic).
func (sh *Shared) trackerLimits(s *scenario.Scenario, derive func() trackerLimits) trackerLimits {
	if s != sh.scenario {
		return derive()
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.limits == nil {
		l := derive()
		sh.limits = &l
	}
	return *sh.limits
}

// eventRoom is the room a run's record starts with (Shared.events).
func (sh *Shared) eventRoom() int { return int(sh.events.Load()) }

// recorded notes that a run recorded n events.
func (sh *Shared) recorded(n int) {
	for {
		m := sh.events.Load()
		if int64(n) <= m || sh.events.CompareAndSwap(m, int64(n)) {
			return
		}
	}
}

// Prepare reads the scenario's terrain, if any; the 3-DOF models, the
// reach shapes and the ballistic flights are made on first use.
func Prepare(s *scenario.Scenario) (*Shared, error) {
	t, err := PrepareTerrain(s)
	if err != nil {
		return nil, err
	}
	return &Shared{Terrain: t, derived: map[scenario.Missile]*model{},
		scenario: s, ballistics: map[*scenario.Threat]*motion.Ballistic{}}, nil
}

// ballistic returns the flight of threat spec of scenario s, made by
// shoot: once for the threats of the scenario Prepare was given, every
// time for another's. A flight is deterministic (it depends on the
// threat's figures and points alone) and never changed once made, so
// the runs share one.
func (sh *Shared) ballistic(s *scenario.Scenario, spec *scenario.Threat, shoot func() (*motion.Ballistic, error)) (*motion.Ballistic, error) {
	if s != sh.scenario {
		return shoot()
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if b, ok := sh.ballistics[spec]; ok {
		return b, nil
	}
	b, err := shoot()
	if err != nil {
		return nil, err
	}
	sh.ballistics[spec] = b
	return b, nil
}

// larStep is the integration step of the fly-outs that fill a 3-DOF
// missile's launch acceptability table.
const larStep = 0.1

// model is one missile's interceptor model, derived once: done closes
// when m or err is set.
type model struct {
	done chan struct{}
	m    *weapon.Missile
	err  error
}

// missile returns the interceptor model of a scenario missile: the
// kinematic model as written, its reach scaled against the target's
// altitude by the shape the 3-DOF model gives it (weapon.DeriveReach),
// or its 3-DOF derivation with a launch acceptability table; each
// derived once (see models). The copy returned is the caller's.
func (sh *Shared) missile(ms scenario.Missile, m *weapon.Missile) (*weapon.Missile, error) {
	d := sh.models([]scenario.Missile{ms}, []*weapon.Missile{m})[0]
	if d.err != nil {
		return nil, d.err
	}
	c := *d.m
	return &c, nil
}

// models returns the models of the missiles specs (made by
// scenario.Missile.Interceptor and validated: ms), deriving those that
// no one has started: the first in the calling goroutine, the others
// each in a goroutine of its own, so that the seconds of a batch's
// derivations are spent on every core at once instead of one after
// another while the other workers wait. A model asked for while another
// goroutine derives it is waited for. Each derivation depends on its
// missile's figures alone, so the models are the same whichever order
// or goroutine makes them.
func (sh *Shared) models(specs []scenario.Missile, ms []*weapon.Missile) []*model {
	out := make([]*model, len(specs))
	var mine []int
	sh.mu.Lock()
	for k, spec := range specs {
		d, ok := sh.derived[spec]
		if !ok {
			d = &model{done: make(chan struct{})}
			sh.derived[spec] = d
			mine = append(mine, k)
		}
		out[k] = d
	}
	sh.mu.Unlock()
	for n, k := range mine {
		derive := func() {
			out[k].m, out[k].err = deriveModel(specs[k], ms[k])
			close(out[k].done)
		}
		if n == len(mine)-1 {
			derive()
		} else {
			go derive()
		}
	}
	for _, d := range out {
		<-d.done
	}
	return out
}

// deriveModel derives the interceptor model of scenario missile ms,
// made into m (see Shared.missile).
func deriveModel(ms scenario.Missile, m *weapon.Missile) (*weapon.Missile, error) {
	if ms.Flyout != scenario.Flyout3DOF {
		r, err := weapon.DeriveReach(*m, weapon.Sizing{Step: weapon.ReachStep})
		if err != nil {
			return nil, fmt.Errorf("reach against altitude: %w", err)
		}
		c := *m
		c.Reach = r
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
	return &d, nil
}
