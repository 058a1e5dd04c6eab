package coverage

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/terrain"
	"github.com/iadsim/iadsim/weapon"
	"gonum.org/v1/gonum/spatial/r3"
)

// Raster values: covered or not, as a viewshed marks visible cells.
const (
	Covered    uint8 = 255
	NotCovered uint8 = 0
)

// Target is what a coverage layer is computed for.
type Target struct {
	Altitude float64 // m above the ground, or above sea level when MSL
	MSL      bool    // Altitude is above mean sea level (the DEM's datum), not the ground
	RCS      float64 // radar cross section, m²
	Pd       float64 // single-look detection probability required, at each radar's Pfa

	// Table, when set, is the target's cross section by aspect and band
	// (already scaled to its RCS): each radar takes the value of its own
	// band at the aspect it sees, as a look in a run does.
	Table *radar.RCSTable
	// Aspect is where every radar lies off the target's nose, rad, the
	// target flying level: 0, the default, is a target flying straight at
	// the radar; π/2 one crossing it (beam on); π one flying away.
	Aspect float64
	// Speed is the target's speed, m/s. Its radial part, Speed cos Aspect
	// closing, is what a radar's MTI or pulse-Doppler filter sees: over a
	// surface, a target crossing at beam aspect, or hovering, falls in the
	// clutter notch.
	Speed float64
	// Band, when HasBand, keeps only the radars of that band: the map of
	// what the VHF radars see. A unit whose fire-control radar is of
	// another band then has no engagement coverage.
	Band    radar.Band
	HasBand bool
}

// model reports whether the target needs the engine's detection model
// cell by cell (radar.Radar.Assess): a cross section that changes with
// aspect, or a surface whose multipath and clutter change the SNR with
// the geometry. Otherwise detection is the free-space range within the
// radar's coverage, which is the same answer, faster.
func (t Target) model(r *radar.Radar) bool {
	return t.Table != nil || r.Config().Surface.Kind != radar.SurfaceNone
}

// rcs is the cross section radar r sees of the target at the aspect's
// azimuth, in level flight seen from level (elevation 0).
func (t Target) rcs(r *radar.Radar) float64 {
	if t.Table == nil {
		return t.RCS
	}
	return t.Table.At(r.Band(), t.Aspect, 0)
}

// reach is how far radar r can detect the target at all, slant range,
// m: the free-space range on its largest cross section, doubled over a
// surface (multipath at a lobe's peak doubles the field, F = 2, and F⁴
// doubles the range), within the instrumented range.
func (t Target) reach(r *radar.Radar) float64 {
	rcs := t.RCS
	if t.Table != nil {
		rcs = t.Table.Max(r.Band())
	}
	d := r.DetectionRange(rcs, t.Pd)
	if r.Config().Surface.Kind != radar.SurfaceNone {
		d *= 2
	}
	return math.Min(d, r.Config().MaxRange)
}

// velocity is the target's velocity at ECEF position p with the radar at
// site: level, Speed along the heading that puts the radar Aspect off
// its nose.
func (t Target) velocity(p, site r3.Vec) r3.Vec {
	if t.Speed == 0 {
		return r3.Vec{}
	}
	g := geo.FromECEF(p)
	up := r3.Vec{X: math.Cos(g.Lat) * math.Cos(g.Lon), Y: math.Cos(g.Lat) * math.Sin(g.Lon), Z: math.Sin(g.Lat)}
	los := r3.Sub(site, p)
	toward := r3.Sub(los, r3.Scale(r3.Dot(los, up), up)) // horizontal, toward the radar
	if r3.Norm(toward) == 0 {
		return r3.Vec{} // overhead: no heading to the radar
	}
	toward = r3.Unit(toward)
	side := r3.Cross(up, toward)
	return r3.Scale(t.Speed, r3.Add(r3.Scale(math.Cos(t.Aspect), toward), r3.Scale(math.Sin(t.Aspect), side)))
}

// Options tune a coverage computation.
type Options struct {
	// Resolution is the grid cell size in metres at the grid's central
	// latitude; 0 means 250 m.
	Resolution float64
	// Extent is how far the grid reaches beyond the units' radars and
	// launchers, m; 0 means far enough for the farthest radar's first
	// detection of the highest target and the longest missile.
	Extent float64
	// NoClip keeps the default extent whole. Otherwise a grid of the
	// default extent stops where the terrain's tiles do (the sites
	// always inside): beyond them a target above the ground is never
	// covered, and a map that is mostly "no terrain data" hides the
	// part a planner reads. An Extent given is never clipped.
	NoClip bool
	// Workers is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	Workers int
	// Progress, when not nil, is called with the work done and the total,
	// never concurrently, ending with done == total.
	Progress func(done, total int)
}

// MaxCells bounds the grid: about 40 million cells, 40 MB per raster.
const MaxCells = 40_000_000

// Analysis holds a scenario's units ready for coverage computations.
type Analysis struct {
	Units []*Unit
	// Surface is the terrain, nil for a smooth earth.
	Surface terrain.Surface
	K       float64 // effective-earth factor; 0 means 4/3
	// GeoidHeight is the datum that heights are measured from, m above
	// the ellipsoid: the geoid under a DEM (the surface's datum), the
	// level ground of a scenario's terrain: {ground: H} (H), else 0.
	GeoidHeight float64
	// GeoidByPosition reports geoid_height: auto over a DEM: the
	// surface's heights are above GeoidHeight with the geoid applied post
	// by post (terrain.DEM.ApplyGeoid, as Open does), and a height above
	// mean sea level is above EGM96 where it is.
	GeoidByPosition bool
	// Level reports that the scenario gives a level ground and no DEM:
	// heights above the ground are then above GeoidHeight, and MSL
	// heights above the ellipsoid.
	Level     bool
	maxGround float64 // highest ground of the surface, m, for the default extent
	land      land    // coastlines for the maps, decoded on first use
}

// Unit is one air-defence unit as coverage sees it.
type Unit struct {
	ID          string
	Radars      []*Radar
	FireControl *Radar // nil: the unit cannot engage
	Weapons     []Weapon
}

// Radar is one radar of a unit.
type Radar struct {
	ID, Model, Role string
	Antenna         geo.LLA // phase centre, height above the ellipsoid
	// Radar models detection. Its site is the antenna with its height
	// above the surface's datum (the ellipsoid without terrain), so that
	// its smooth-earth horizon is the sea-level one.
	Radar *radar.Radar
	// Ground is the ground under the antenna above the datum, m; 0
	// without terrain.
	Ground float64
}

// Weapon is one missile type of a unit with the launchers loaded with it.
type Weapon struct {
	Missile                  string
	MinRange, MaxRange       float64 // ground range from a launcher, m
	MinAltitude, MaxAltitude float64 // target height above the ground, m
	// Reach scales MaxRange against the target's altitude as in a run
	// (weapon.DeriveReach: a kinematic missile reaches less far against
	// a low target, the 9M96E2 26-29 km below 1 km); nil: MaxRange at
	// every altitude.
	Reach     *weapon.ReachShape
	Launchers []geo.LLA
}

// MaxRangeAt is the weapon's farthest ground range against a target at
// altitude alt above the datum, m.
func (w *Weapon) MaxRangeAt(alt float64) float64 { return w.MaxRange * w.Reach.At(alt) }

// Open prepares the scenario's units, reading its terrain if it names any.
func Open(s *scenario.Scenario) (*Analysis, error) {
	var surf terrain.Surface
	if s.Terrain != nil && len(s.Terrain.DEM) > 0 {
		dem, err := terrain.Open(s.Terrain.DEM...)
		if err != nil {
			return nil, fmt.Errorf("terrain: %w", err)
		}
		if s.Terrain.GeoidAuto {
			// geoid_height: auto: each post above EGM96 where it stands,
			// measured from the datum at the units' centre.
			egm, err := geo.EGM96()
			if err != nil {
				return nil, err
			}
			dem.ApplyGeoid(egm.Height, s.Terrain.GeoidHeight)
		}
		surf = dem
		if len(dem.Grids) == 1 {
			// One grid answers the same, and the viewshed walks a
			// grid by its pixels, several times faster.
			surf = dem.Grids[0]
		}
	}
	return New(s, surf)
}

// New prepares the scenario's units over the given surface (nil for a
// smooth earth); the effective-earth factor and geoid height come from
// the scenario's terrain section.
func New(s *scenario.Scenario, surface terrain.Surface) (*Analysis, error) {
	a := &Analysis{Surface: surface, maxGround: 9000}
	if t := s.Terrain; t != nil {
		a.K, a.GeoidHeight = t.K, t.GeoidHeight
		a.GeoidByPosition = t.GeoidAuto && surface != nil
		if len(t.DEM) == 0 && surface == nil {
			a.GeoidHeight, a.Level = t.Ground, true
		}
	}
	var grids []*terrain.Grid
	switch d := surface.(type) {
	case *terrain.DEM:
		grids = d.Grids
	case *terrain.Grid:
		grids = []*terrain.Grid{d}
	}
	if grids != nil {
		a.maxGround = 0
		for _, g := range grids {
			for _, z := range g.Z {
				if z == z {
					a.maxGround = math.Max(a.maxGround, float64(z))
				}
			}
		}
	}
	if len(s.Units) == 0 {
		return nil, errors.New("the scenario has no air-defence units")
	}
	var errs []error
	for i := range s.Units {
		u, err := a.unit(s, &s.Units[i])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		a.Units = append(a.Units, u)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return a, nil
}

func (a *Analysis) unit(s *scenario.Scenario, spec *scenario.Unit) (*Unit, error) {
	u := &Unit{ID: spec.ID}
	var errs []error
	for i := range spec.Radars {
		rs := &spec.Radars[i]
		ant := rs.At
		ant.Alt += rs.AntennaHeight
		site := ant
		site.Alt -= a.GeoidHeight
		cfg := radar.Config{
			ID: rs.ID, Site: site,
			RefRange: rs.RefRange, RefRCS: rs.RefRCS, RefPd: rs.RefPd, Pfa: rs.Pfa, Swerling: rs.Swerling,
			MinRange: rs.MinRange, MaxRange: rs.MaxRange,
			MinElevation: rs.MinElevation, MaxElevation: rs.MaxElevation,
			K: a.K, Environment: rs.Environment(nil),
		}
		if rs.HasThreatAxis {
			// A fire-control array whose mount stays on its threat axis
			// sees its sector alone, in the map as in a run; one whose
			// mount turns (no threat_axis) can face any azimuth.
			cfg.Sector = radar.Sector{Azimuth: rs.ThreatAxis, HalfWidth: rs.SectorWidth / 2}
		}
		if sf := s.Surface; sf != nil {
			// Heights here are above the datum, the surface's too.
			e := *sf
			e.Height -= a.GeoidHeight
			cfg.Environment = rs.Environment(&e)
		}
		r, err := radar.New(cfg)
		if err != nil {
			errs = append(errs, fmt.Errorf("unit %s: %w", spec.ID, err))
			continue
		}
		cr := &Radar{ID: rs.ID, Model: rs.Model, Role: rs.Role, Antenna: ant, Radar: r}
		if a.Surface != nil {
			z, ok := a.Surface.Elevation(ant.Lat, ant.Lon)
			if !ok {
				errs = append(errs, fmt.Errorf("unit %s: radar %s at %.5f, %.5f: the terrain has no elevation there (outside the DEM or a void)",
					spec.ID, rs.ID, ant.LatDeg(), ant.LonDeg()))
				continue
			}
			cr.Ground = z
		}
		u.Radars = append(u.Radars, cr)
		if rs.Role == scenario.RoleFireControl && u.FireControl == nil {
			u.FireControl = cr
		}
	}
	for i := range spec.Missiles {
		m := &spec.Missiles[i]
		w := Weapon{Missile: m.Name, MinRange: m.MinRange, MaxRange: m.MaxRange,
			MinAltitude: m.MinAltitude, MaxAltitude: m.MaxAltitude}
		// The run's reach against altitude (battle derives the same shape,
		// with the same step, for a kinematic missile; a 3-DOF one flies
		// its launch acceptability table, whose outer edge this follows).
		// A missile written with its envelope alone, which a map needs
		// but a run refuses, keeps MaxRange at every altitude.
		if im := m.Interceptor(); im.Validate() == nil {
			reach, err := weapon.DeriveReach(im, weapon.Sizing{Step: weapon.ReachStep})
			if err != nil {
				errs = append(errs, fmt.Errorf("unit %s: missile %s: reach against altitude: %w", spec.ID, m.Name, err))
				continue
			}
			w.Reach = reach
		}
		for _, l := range spec.Launchers {
			if slices.ContainsFunc(l.Loads, func(ld scenario.MissileLoad) bool { return ld.Missile == m.Name && ld.Count > 0 }) {
				w.Launchers = append(w.Launchers, l.At)
			}
		}
		if len(w.Launchers) > 0 {
			u.Weapons = append(u.Weapons, w)
		}
	}
	if len(u.Radars) == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("unit %s has no radar", spec.ID))
	}
	return u, errors.Join(errs...)
}

// Result is a set of coverage layers on one grid.
type Result struct {
	Grid   terrain.Georef
	Layers []*Layer
	// Warnings are things the user should know that do not stop the
	// computation, such as an antenna below the DEM's ground.
	Warnings []string
}

// Layer is the coverage of one target.
type Layer struct {
	Target     Target
	Detection  *terrain.Raster[uint8] // union over every unit
	Engagement *terrain.Raster[uint8]
	Units      []*UnitLayer
	// HeightRef says what Target.Altitude is measured from here, in
	// words (HeightRef).
	HeightRef string
	// Unknown marks, 255, the cells where the target's height is unknown:
	// above the ground, where the terrain has no data. Nil when there
	// are none.
	Unknown *terrain.Raster[uint8]
}

// UnitLayer is one unit's coverage of a target.
type UnitLayer struct {
	ID         string
	Detection  *terrain.Raster[uint8] // union over the unit's radars
	Engagement *terrain.Raster[uint8] // fire-control detection within a missile's envelope
	Radars     []*RadarLayer
	// Ranges of the battery: each the largest over its radars; Covered
	// is measured on Detection from the fire-control radar (else the
	// first radar).
	Ranges Ranges
}

// RadarLayer is one radar's coverage of a target.
type RadarLayer struct {
	ID, Role  string
	Antenna   float64 // antenna height above the ground (the ellipsoid without terrain), m
	Detection *terrain.Raster[uint8]
	Ranges    Ranges
}

// Ranges are the distances at which a target is first seen, m.
type Ranges struct {
	// Horizon is the smooth-earth radar horizon, radar.HorizonRange, for
	// the antenna's and the target's heights above the ground at the
	// radar (above the ellipsoid without terrain).
	Horizon float64
	// FreeSpace is the radar-equation range for the target's RCS at Pd.
	FreeSpace float64
	// Instrumented is the radar's maximum range (+Inf if none).
	Instrumented float64
	// FirstSeen is the smallest of the three: where the target is first
	// detected over a smooth earth.
	FirstSeen float64
	// Covered holds, over azimuths every half degree, the farthest ground
	// distance along each at which the coverage raster holds the target:
	// with terrain, the terrain-limited range.
	Covered Stats
	// Nearest is the smallest ground distance at which the radar sees
	// the target over a smooth earth, for its minimum range and
	// elevation limits (+Inf if nowhere within FirstSeen): the inner
	// edge of its coverage, and the hole within it, a cone of silence
	// overhead or the ground a radar standing above it cannot look down
	// at. NearestLimit says which limit, "" when it is 0. A battery's is
	// the smallest of its radars'.
	Nearest      float64
	NearestLimit string
}

// Stats summarise the farthest covered distance over azimuths, m.
type Stats struct {
	Min, Median, Max float64
	// Clipped reports that on some azimuth the coverage reaches the
	// grid's edge or cells where the target's height is unknown (above
	// the ground, off the terrain data), so that Max, and perhaps the
	// others, is a lower bound.
	Clipped bool
}

// Run computes one layer per target on a grid around every unit.
func (a *Analysis) Run(targets []Target, opt Options) (*Result, error) {
	if len(targets) == 0 {
		return nil, errors.New("no targets")
	}
	var errs []error
	for _, t := range targets {
		if !(t.RCS > 0) || math.IsInf(t.RCS, 0) {
			errs = append(errs, fmt.Errorf("target RCS %g m², want > 0", t.RCS))
		}
		if !(t.Pd > 0 && t.Pd < 1) {
			errs = append(errs, fmt.Errorf("Pd %g, want 0 < Pd < 1", t.Pd))
		}
		if !(t.Speed >= 0) || math.IsInf(t.Speed, 0) || !(t.Aspect >= 0 && t.Aspect <= math.Pi) {
			errs = append(errs, fmt.Errorf("target speed %g m/s and aspect %g rad, want speed ≥ 0 and aspect in [0, π]", t.Speed, t.Aspect))
		}
		if math.IsNaN(t.Altitude) || math.IsInf(t.Altitude, 0) || t.Altitude < -500 || t.Altitude > 1e6 {
			errs = append(errs, fmt.Errorf("target altitude %g m, want between -500 m and 1000 km", t.Altitude))
		}
	}
	if !(opt.Resolution >= 0) || !(opt.Extent >= 0) || math.IsInf(opt.Resolution, 0) || math.IsInf(opt.Extent, 0) {
		errs = append(errs, fmt.Errorf("resolution %g m and extent %g m, want ≥ 0 and finite", opt.Resolution, opt.Extent))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if opt.Resolution == 0 {
		opt.Resolution = 250
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	clip := false
	if opt.Extent == 0 {
		opt.Extent = a.defaultExtent(targets, opt.Resolution)
		clip = !opt.NoClip
	}
	grid, err := a.grid(opt.Extent, opt.Resolution, clip)
	if err != nil {
		return nil, err
	}
	res := &Result{Grid: grid}
	nRadars := 0
	for _, u := range a.Units {
		nRadars += len(u.Radars)
		for _, r := range u.Radars {
			if h := r.Antenna.Alt - a.GeoidHeight - r.Ground; a.Surface != nil && h < 0 {
				res.Warnings = append(res.Warnings, fmt.Sprintf(
					"unit %s: radar %s: antenna %.1f m below the DEM's ground (scenario heights are above the ellipsoid; the geoid is %g m above it here)",
					u.ID, r.ID, -h, a.GeoidHeight))
			}
		}
	}
	prog := newProgress(opt.Progress, len(targets)*(nRadars*2+1))
	c := a.cells(grid, opt.Workers)
	if a.Surface != nil {
		missing := 0
		for _, z := range c.ground {
			if z != z {
				missing++
			}
		}
		if missing > 0 {
			res.Warnings = append(res.Warnings, fmt.Sprintf(
				"%.1f%% of the grid has no terrain data: a target above the ground is not covered there", 100*float64(missing)/float64(len(c.ground))))
		}
	}
	for _, t := range targets {
		l, err := a.layer(c, t, opt, prog)
		if l != nil {
			l.HeightRef = a.HeightRef(t)
		}
		if err != nil {
			return nil, err
		}
		res.Layers = append(res.Layers, l)
		res.Warnings = append(res.Warnings, engagementHoles(l)...)
	}
	prog.finish()
	return res, nil
}

// progress folds the steps of a run into one count for Options.Progress:
// each step is worth stepTicks.
type progress struct {
	mu    sync.Mutex
	f     func(done, total int)
	done  int
	total int
}

const stepTicks = 1000

func newProgress(f func(int, int), steps int) *progress {
	return &progress{f: f, total: steps * stepTicks}
}

// step returns a callback for one step's own progress (done of total).
func (p *progress) step() func(done, total int) {
	base := -1
	last := 0
	return func(done, total int) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if base < 0 {
			base = p.done
		}
		t := stepTicks * min(done, total) / max(total, 1)
		if t > last {
			p.done = base + t
			last = t
			if p.f != nil {
				p.f(p.done, p.total)
			}
		}
	}
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.f != nil && p.done < p.total {
		p.done = p.total
		p.f(p.done, p.total)
	}
}

// HeightRef says in words what a target's altitude is measured from in
// this analysis: the DEM's ground or its datum (mean sea level), the
// scenario's level ground, or, without terrain, the WGS-84 ellipsoid.
func (a *Analysis) HeightRef(t Target) string {
	switch {
	case a.Surface != nil && t.MSL && a.GeoidByPosition:
		return "above mean sea level (the EGM96 geoid at each place)"
	case a.Surface != nil && t.MSL:
		return fmt.Sprintf("above mean sea level (the DEM's datum, taken as %s above the WGS-84 ellipsoid throughout)", Length(a.GeoidHeight))
	case a.Surface != nil && a.GeoidByPosition:
		return "above the DEM's ground (DEM heights above the EGM96 geoid at each place)"
	case a.Surface != nil:
		return fmt.Sprintf("above the DEM's ground (DEM heights above a geoid taken as %s above the WGS-84 ellipsoid throughout)", Length(a.GeoidHeight))
	case a.Level && !t.MSL:
		return fmt.Sprintf("above the level ground at %s above the WGS-84 ellipsoid (terrain: {ground})", Length(a.GeoidHeight))
	case a.Level:
		return "above the WGS-84 ellipsoid (no DEM: mean sea level is taken as the ellipsoid)"
	case t.MSL:
		return "above the WGS-84 ellipsoid (no terrain: mean sea level is taken as the ellipsoid)"
	}
	return "above the WGS-84 ellipsoid (no terrain: the ground is the ellipsoid)"
}

// HoleWarning is the inner edge of a fire-control radar's coverage, m,
// beyond which a layer's warnings point out the hole it leaves in the
// unit's engagement: wider than the minimum range of any missile here
// (5 km for the 48N6E3), so that a hole no missile could fill anyway
// is not warned about.
const HoleWarning = 5e3

// engagementHoles warns of each unit whose fire-control radar does not
// see the layer's target within HoleWarning of itself, with the limit
// that blinds it: the engagement map has a hole there that nothing else
// on the map explains.
func engagementHoles(l *Layer) []string {
	var out []string
	for _, u := range l.Units {
		for _, r := range u.Radars {
			if r.Role != scenario.RoleFireControl || !(r.Ranges.Nearest > HoleWarning) || math.IsInf(r.Ranges.Nearest, 1) {
				continue
			}
			ref := "AGL"
			if l.Target.MSL {
				ref = "MSL"
			}
			out = append(out, fmt.Sprintf("unit %s: radar %s does not see a %s %s target within %.1f km over level ground (%s): the unit engages it nowhere nearer (horizon.csv nearest_km)",
				u.ID, r.ID, Length(l.Target.Altitude), ref, r.Ranges.Nearest/1e3, r.Ranges.NearestLimit))
		}
	}
	return out
}
