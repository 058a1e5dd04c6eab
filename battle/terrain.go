package battle

import (
	"fmt"
	"math"
	"sync"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
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
// acceptability tables, and the reach shapes of its kinematic ones
// (seconds of work each). A Monte Carlo batch makes one with Prepare and
// passes it to every replication in Options.Shared; it is safe for
// concurrent use.
type Shared struct {
	Terrain  *Terrain
	mu       sync.Mutex
	missiles map[scenario.Missile]*weapon.Missile
	reaches  map[scenario.Missile]*weapon.ReachShape
}

// Prepare reads the scenario's terrain, if any; the 3-DOF models and the
// reach shapes are derived on first use.
func Prepare(s *scenario.Scenario) (*Shared, error) {
	t, err := PrepareTerrain(s)
	if err != nil {
		return nil, err
	}
	return &Shared{Terrain: t, missiles: map[scenario.Missile]*weapon.Missile{},
		reaches: map[scenario.Missile]*weapon.ReachShape{}}, nil
}

// larStep is the integration step of the fly-outs that fill a 3-DOF
// missile's launch acceptability table.
const larStep = 0.1

// missile returns the interceptor model of a scenario missile: the
// kinematic model as written, its reach scaled against the target's
// altitude by the shape the 3-DOF model gives it (weapon.DeriveReach),
// or its 3-DOF derivation with a launch acceptability table; each
// derived once.
func (sh *Shared) missile(ms scenario.Missile, m *weapon.Missile) (*weapon.Missile, error) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if ms.Flyout != scenario.Flyout3DOF {
		r, ok := sh.reaches[ms]
		if !ok {
			var err error
			if r, err = weapon.DeriveReach(*m, weapon.Sizing{Step: weapon.ReachStep}); err != nil {
				return nil, fmt.Errorf("reach against altitude: %w", err)
			}
			sh.reaches[ms] = r
		}
		c := *m
		c.Reach = r
		return &c, nil
	}
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
