// Package scenario reads the iadsim scenario format, version 1: a YAML
// file that places defended sites, air-defence units (command post,
// radars, launchers, missiles, doctrine, tracker) and threats (routed
// flyers and ballistic missiles) on the earth.
//
// People write the file; the engine reads the types below. Everything
// between is here: quantities with units ("400 km", "Mach 0.8", "-10
// dBsm") become SI, positions in degrees become geo.LLA in radians,
// defaults are filled in, and every value is checked. The reader is
// strict: an unknown key, a value of the wrong type, a missing figure or
// an impossible one (latitude 95, a negative speed, a route with one
// point) is an error of the form
//
//	file:line:col: what is wrong; what is expected
//
// and all of them are reported at once, as an ErrorList. The format is
// described, with complete examples, in docs/scenario.md.
//
// Equipment and threats are named from the catalogue of public figures
// (package catalog): "system: s400" with a position becomes a whole
// battalion, "model: 92N6E" gives a radar every figure the file leaves
// out, "type: subsonic-cruise-missile" gives a threat its RCS, speed and
// altitude. An unknown name is an error that suggests the closest
// catalogue names. The file's figures: key (nominal, low, high, sample,
// uniform) says which value of each disputed figure to take, and
// Scenario.Figures records every catalogue figure used. For Monte Carlo,
// Compile parses a file once and Template.Resolve makes one Scenario per
// replication, drawing each figure from its own stream.
package scenario

import (
	"fmt"
	"time"

	"github.com/goccy/go-yaml/ast"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/radar"
)

// Version is the format version this package reads.
const Version = 1

// Defaults for optional keys, as documented in docs/scenario.md.
const (
	DefaultStep       = 0.1  // s
	DefaultSeed       = 1    //
	DefaultSiteValue  = 1.0  //
	DefaultSiteRadius = 2000 // m
	DefaultPfa        = 1e-6 //
	DefaultSwerling   = 1    //
	DefaultMaxElev    = 90   // deg
	DefaultMinElev    = -2   // deg: low flyers near the radar horizon lie below the local horizontal
	DefaultNavRatio   = 4    //
	DefaultPolicy     = PolicyShootLookShoot
	DefaultSalvo      = 1
	// DefaultReleaseTime is the time to go within which the reserve is
	// released (reserve_release.time_to_go): against a subsonic cruise
	// missile about 15 km out, time for a short-range shot and a look.
	DefaultReleaseTime = 60 // s
	// DefaultHoldFor is the class the unit waits for its preferred round
	// against (hold_for_preferred): drones, slow enough to wait for.
	DefaultHoldFor    = "drone"
	DefaultAccelNoise = 10    // m²/s³
	DefaultConfirmM   = 2     //
	DefaultConfirmN   = 3     //
	DefaultMaxMisses  = 3     //
	DefaultGateProb   = 0.999 //
	MaxCount          = 1000  // threats in one salvo
)

// DefaultEpoch is the scenario start time when the file gives none.
var DefaultEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Radar roles.
const (
	RoleSurveillance = "surveillance"
	RoleFireControl  = "fire-control"
)

// Engagement policies.
const (
	PolicyShootLookShoot = "shoot-look-shoot"
	PolicySalvo          = "salvo"
)

// Scenario is one parsed, checked scenario. All figures are SI: metres,
// seconds, radians, m/s, m², m/s².
type Scenario struct {
	File        string // the file name given to Parse or Load
	Name        string
	Description string
	Version     int
	Epoch       time.Time // scenario time zero
	Duration    float64   // s
	Step        float64   // engine step for flight and guidance, s
	Seed        uint64    // master seed of every random stream
	Sites       []Site
	Units       []Unit // key air_defence
	Threats     []Threat
	IADS        *IADS    // nil: every unit fights alone
	Terrain     *Terrain // nil: a smooth earth at the ellipsoid
	Surface     *Surface // nil: the radars see in free space (no multipath, diffraction or clutter)
	// NoFalseAlarms turns off every radar's false alarms (key
	// false_alarms: false), for runs that want only the targets' own
	// detections, as before false alarms were modelled.
	NoFalseAlarms bool

	// Warnings are what the file says that is allowed but most likely
	// wrong (threats flying far below the units around them, with no
	// ground given), by position. They do not stop a run; the command
	// line prints them.
	Warnings []Warning

	// Places are the file's positions and where it gives them: every
	// {lat, lon} (sites, posts, radars, launchers, launch and impact
	// points) and every route point, with the leg to the next. A check
	// made once the terrain is read (battle.PrepareTerrain: does a tile
	// reach there?) names the file, line and column from them.
	Places []Place

	// FigureMode is how catalogue figures were taken: the file's figures:
	// key, or the caller's Options.Figures.
	FigureMode catalog.Draw
	// Figures lists every catalogue figure the scenario took, in file
	// order, with the value used: what a run's outputs record so that a
	// result can be traced to its public figures and, when sampled, to
	// its draws.
	Figures []FigureUse
}

// Site is a defended asset: what threats aim at and what the defence
// protects.
type Site struct {
	ID, Name string
	At       geo.LLA
	Value    float64 // relative worth, > 0
	Radius   float64 // defended radius, m
}

// Unit is one air-defence unit (a battalion, a battery): a command post
// that runs the battle, its radars, its launchers and the missiles they
// carry.
type Unit struct {
	ID     string
	System string // catalogue system, as the catalogue spells it ("s400"), or ""
	// Protects is the unit this one is point defence for (key protects:
	// a Pantsir-S1 beside an S-400 battalion), or "": it ranks threats
	// heading for that unit's radars as it ranks those heading for a site.
	Protects    string
	CommandPost Post
	Radars      []Radar
	Launchers   []Launcher
	Missiles    []Missile // in file order, then catalogue missiles first loaded by a launcher
	Doctrine    Doctrine
	Tracker     TrackerSpec
	// SpareRounds are rounds on the unit's transloaders: an empty launcher
	// is refilled from them, taking its ReloadTime, to its first load.
	SpareRounds []MissileLoad
}

// Equipment is a piece of an air-defence unit a threat may aim at.
type Equipment struct {
	Unit string // the unit's id
	ID   string
	Kind string // EquipmentRadar, EquipmentLauncher or EquipmentPost
	At   geo.LLA
}

// Kinds of equipment.
const (
	EquipmentRadar    = "radar"
	EquipmentLauncher = "launcher"
	EquipmentPost     = "command post"
)

// Post is a command post.
type Post struct {
	ID string
	At geo.LLA
}

// Radar is one radar. Its detection performance is given by one reference
// point of the range equation: a target of RefRCS is detected with
// probability RefPd per look at RefRange, at false-alarm probability Pfa,
// with Swerling fluctuation model Swerling.
type Radar struct {
	ID, Model     string  // Model: the catalogue radar ("92N6E"), or ""
	Role          string  // RoleSurveillance or RoleFireControl
	At            geo.LLA // the vehicle on the ground
	AntennaHeight float64 // m; the antenna phase centre is At raised by this

	RefRange, RefRCS, RefPd, Pfa float64 // m, m², probability, probability
	Swerling                     int     // 0 to 4

	MinRange, MaxRange         float64 // m, instrumented range
	MinElevation, MaxElevation float64 // rad
	ScanPeriod                 float64 // s, revisit time

	SigmaRange, SigmaAz, SigmaEl float64 // measurement noise, 1σ: m, rad, rad
	// SigmaRangeRate is the 1σ error of the radial speed the radar
	// measures by Doppler, m/s; 0: it measures none.
	SigmaRangeRate float64

	// What the radar sees over the scenario's Surface (radar.Environment);
	// 0 when neither the file nor the catalogue gives them.
	Frequency                float64 // Hz
	BeamwidthAz, BeamwidthEl float64 // rad
	Sidelobe                 float64 // one-way power ratio (key sidelobe_db, in dB)
	RangeResolution          float64 // m
	MTIImprovement           float64 // power ratio (key mti_improvement_db, in dB)
	MinRadialSpeed           float64 // m/s
	PRF                      float64 // Hz; 0: no blind speeds
	// NoiseFigure is the receiver's noise figure, a power ratio (key
	// noise_figure_db, in dB): with the beam gain and the bandwidth
	// (c/2 RangeResolution) it sets what a noise jammer does; 0: not
	// given.
	NoiseFigure float64
	// SidelobeCancellation is what the radar's sidelobe canceller takes
	// off jamming that enters through its sidelobes, a power ratio (key
	// sidelobe_cancellation_db, in dB); 0: no canceller.
	SidelobeCancellation float64

	FireChannels   int   // fire-control: targets engaged at once
	MissilesGuided int   // fire-control: missiles guided at once
	Emcon          Emcon // zero: radiating from the start

	// SectorWidth is the azimuth sector a fire-control phased array
	// covers without turning its mount, rad; 0: all round. ThreatAxis,
	// when HasThreatAxis, is the sector's centre (rad clockwise from
	// north), fixed for the run; otherwise the mount turns the sector to
	// the unit's most urgent threat whenever no engagement holds it.
	SectorWidth   float64
	ThreatAxis    float64
	HasThreatAxis bool
	// The time budget of a fire-control radar (radar.Budget): each target
	// in track and each missile guided takes TrackDwell every ScanPeriod;
	// search takes the rest, SearchFrame for the sector when nothing is in
	// track, and keeps at least SearchShare of the time. TrackDwell 0: no
	// budget (every target in coverage is looked at every scan).
	TrackDwell, SearchFrame, SearchShare float64
	// NoFalseAlarms turns off the radar's false alarms (key false_alarms:
	// false). A radar draws them at its Pfa over its range cells and
	// azimuth beams (radar.Radar.FalseAlarms) only when it has a range
	// resolution, an azimuth beamwidth and a max_range.
	NoFalseAlarms bool
}

// Launcher is a launcher and what it carries.
type Launcher struct {
	ID, Model  string // Model: the catalogue launcher ("5P85TE2"), or ""
	At         geo.LLA
	Loads      []MissileLoad // in file order, or as a battalion's rounds were shared out
	ReloadTime float64       // s per round; 0: no reloads during the run
	// Guns is the gun mount it carries (guns: true), or nil.
	Guns *Gun
}

// MissileLoad is a number of rounds of one missile type. (It is not named
// Load, which is the function that reads a file.)
type MissileLoad struct {
	Missile string // a name in the unit's Missiles; a catalogue missile as the catalogue spells it
	Count   int
}

// Missile is an interceptor type. Its flight is a boost from LaunchSpeed
// to BurnoutSpeed in BoostTime, then a coast against drag in which speed
// falls as Vb/(1 + (t-BoostTime)/CoastTimeConstant), halving after one
// CoastTimeConstant, steered by proportional navigation with
// ratio NavRatio and lateral acceleration limit MaxLateralAccel.
type Missile struct {
	Name string
	// Flyout is the interceptor model: FlyoutKinematic (a point mass on
	// the speed profile, the default) or Flyout3DOF (thrust, Mach drag,
	// ISA atmosphere, gravity, loft, g limit falling with dynamic
	// pressure), derived from the same figures (package weapon).
	Flyout                   string
	MinRange, MaxRange       float64 // m
	MinAltitude, MaxAltitude float64 // m, target height
	LaunchSpeed              float64 // m/s
	BurnoutSpeed             float64 // m/s
	BoostTime                float64 // s
	CoastTimeConstant        float64 // s
	MaxFlightTime            float64 // s
	MaxLateralAccel          float64 // m/s²
	NavRatio                 float64
	LethalRadius             float64 // m
	PkMax                    float64 // kill probability inside the lethal radius, key pk
	MaxTargetSpeed           float64 // m/s; 0: no limit
	SeekerRange              float64 // m; 0: no seeker (command guidance)
	// Guidance is the guidance mode (weapon.GuidanceMode: command,
	// track-via-missile, semi-active, active): the key guidance, or read
	// from the catalogue's guidance text; "" when neither says.
	Guidance string
}

// Doctrine is how a unit fights.
type Doctrine struct {
	Policy string // PolicyShootLookShoot or PolicySalvo
	Salvo  int    // missiles per engagement
	// SalvoByClass overrides Salvo for targets of a kinematic class
	// (ballistic, cruise, aircraft, drone: see package bm), in file order.
	SalvoByClass []ClassSalvo
	ReactionTime float64 // s, from a firm track to the first launch
	MinPk        float64 // hold fire when the expected Pk is below this
	Reserve      int     // rounds held back for later threats
	EngageRange  float64 // m; 0: no limit beyond the missile's
	// MissilesByClass lists, for a kinematic class, the missiles the unit
	// fires at it, most preferred first (missiles_by_class), in file
	// order; a missile left out is never fired at that class. A class not
	// listed takes every missile, the cheapest adequate first.
	MissilesByClass []ClassMissiles
	// HoldForPreferred are the classes against which the unit holds fire
	// for its preferred round while the target is beyond that round's
	// reach and time to go allows.
	HoldForPreferred []string
	// ReserveRelease frees the reserve against threats about to reach a
	// site.
	ReserveRelease ReserveRelease
	// RemoteTracks lets the unit launch missiles with an active seeker on
	// a track its fire-control radar does not hold: a track of its own
	// search radars or of the IADS's shared picture (launch on remote).
	RemoteTracks bool
	// GridCueing lets the unit's fire-control radar put track dwells on
	// the IADS picture's tracks it does not hold, within its coverage:
	// cued by its neighbours, as when its own search radars are lost.
	GridCueing bool
	// JammerCueing lets the unit's fire-control radar put track dwells
	// along the jammer tracks of its picture (from jammer fixes) within its
	// coverage, so that a self-screening jammer is found as soon as
	// burn-through allows rather than when the search sweep passes.
	JammerCueing bool
	// LeaveToPointDefence keeps the unit's rounds off the threats that
	// head for its radars while a point-defence unit protecting it
	// (protects:) can still shoot: those are the point defence's.
	LeaveToPointDefence bool
	// BallisticRange is the farthest ground range, m, from its launcher
	// at which a missile is fired at a ballistic target (the system's
	// "range against ballistic targets": 60 km for the S-400); 0: no
	// limit beyond the missile's. From ballistic_range, else the unit's
	// catalogue system's ballistic_target_range.
	BallisticRange float64
	// BallisticMinAltitude is the lowest intercept altitude above the
	// ground, m, against a ballistic target: below it the warhead's
	// debris falls on what the unit defends. 0: no floor beyond the
	// missile's.
	BallisticMinAltitude float64
	// BallisticEngagements is the most engagements a unit makes of one
	// ballistic missile: its first salvo and the look-again salvos after
	// it. 0: the default, 2 (one look again).
	BallisticEngagements int
	ballisticRangeSet    bool // the doctrine wrote ballistic_range
	// ARMEmcon is emission control against anti-radiation missiles: the
	// zero value never goes silent.
	ARMEmcon ARMEmcon
}

// ARMEmcon silences every radar of a unit for SilentFor when a track it
// holds looks like an anti-radiation missile (fast and pointed at one of
// its radars) within Range of that radar.
type ARMEmcon struct {
	Range     float64 // m
	SilentFor float64 // s
}

// ClassMissiles is the doctrine's missiles against one kinematic class of
// target, most preferred first.
type ClassMissiles struct {
	Class    string
	Missiles []string
}

// ReserveRelease frees the reserve against a threat of one of Classes
// that will reach a site within TimeToGo; a TimeToGo of 0 keeps the
// reserve whatever comes.
type ReserveRelease struct {
	TimeToGo float64 // s
	Classes  []string
}

// newDoctrine is the doctrine of a unit that writes none.
func newDoctrine() Doctrine {
	return Doctrine{Policy: DefaultPolicy, Salvo: DefaultSalvo,
		HoldForPreferred: []string{DefaultHoldFor},
		ReserveRelease:   ReserveRelease{TimeToGo: DefaultReleaseTime, Classes: []string{"ballistic", "cruise"}}}
}

// ClassSalvo is the salvo size against one kinematic class of target.
type ClassSalvo struct {
	Class string
	Salvo int
}

// Classes are the kinematic target classes a doctrine may name: how a
// command post tells targets apart from the air picture alone.
var Classes = []string{"ballistic", "cruise", "aircraft", "drone"}

// Emcon keeps a radar silent until a threat comes within Range of it or
// the scenario clock reaches Until, whichever is first; zero values are
// unused. A silent radar emits nothing and sees nothing. Knowing that a
// threat is within Range stands for a cue from outside the unit (early
// warning, a neighbour, a higher echelon), which is not modelled.
type Emcon struct {
	Until float64 // s
	Range float64 // m
}

// IADS links units under one command post: they share one air picture
// and no two of them engage one target, unless EngagementsPerTarget allows
// it. If a threat reaches the command post (a site), the units fight on
// alone (autonomous): each sees only its own tracks and nothing stops two
// of them engaging one target.
type IADS struct {
	CommandPost          string   // site id
	Units                []string // unit ids
	EngagementsPerTarget int      // default 1
	// Commands are the command levels between the IADS's command post
	// and its units (regiments, brigades; command.go). None: one level,
	// the command post over every unit.
	Commands []Command
}

// Interceptor fly-out models.
const (
	FlyoutKinematic = "kinematic"
	Flyout3DOF      = "3dof"
)

// What a routed threat's heights are measured from.
const (
	AltitudeEllipsoid = "ellipsoid"
	AltitudeGround    = "ground"
)

// Terrain is the ground the radars look over and threats fly above:
// elevation models that mask low flyers behind hills, or, without them, a
// level ground at a given height.
type Terrain struct {
	// DEM lists elevation files (SRTM .hgt, GeoTIFF, DTED) or folders of
	// tiles, as paths resolved against the scenario file's folder; empty
	// when the file gives Ground instead.
	DEM []string
	// Ground is the height above the WGS-84 ellipsoid (like every alt in
	// the file) of a level ground under the whole scenario, when there is
	// no DEM: a high plateau with no hills to model. The smooth earth the
	// radars look over is then raised to it, and threats with
	// altitude_ref ground fly above it. Meaningful only when DEM is empty.
	Ground float64
	// GeoidHeight is the geoid's height above the WGS-84 ellipsoid here,
	// m: DEM heights are above the geoid (mean sea level), scenario
	// heights above the ellipsoid. About -28 m in New England.
	GeoidHeight float64
	// GeoidAuto is geoid_height: auto: GeoidHeight is then EGM96's
	// undulation at the centre of the units (geo.GeoidHeight).
	GeoidAuto bool
	// K is the effective-earth factor of refraction; 4/3 by default.
	K float64
}

// Surface is the sea or land under the radars' rays: it reflects (the
// lobes and the fourth-power loss of multipath), diffracts beyond the
// horizon, and returns clutter (package radar, Environment).
type Surface struct {
	Type     string  // SurfaceSea or SurfaceLand
	SeaState int     // 0 to 6, sea only
	Land     string  // land only: flatland, farmland, woods, wooded_hill, rugged_mountain, metropolitan
	Height   float64 // m above the ellipsoid: the mean sea level (the geoid) or the land's mean height
}

// Surface types.
const (
	SurfaceSea  = "sea"
	SurfaceLand = "land"
)

// TrackerSpec sets up a unit's tracker.
type TrackerSpec struct {
	AccelNoise float64 // white-acceleration spectral density, m²/s³
	ConfirmM   int     // a track is confirmed after M hits ...
	ConfirmN   int     // ... in N looks
	MaxMisses  int     // and deleted after this many misses in a row
	GateProb   float64 // probability that a true detection falls in the gate
}

// Threat is one attacker: either a flyer that follows Route, or a
// ballistic missile from Launch to Impact.
type Threat struct {
	ID, Type string  // Type: a catalogue threat class as the catalogue spells it ("subsonic-cruise-missile"), or the file's free text
	RCS      float64 // m²
	// RCSTable is the threat's cross section by aspect and band: its
	// class's catalogue table, scaled to RCS, when the file gives no rcs;
	// nil when the file gives one (one cross section from every aspect,
	// in every band) or the class has no table.
	RCSTable *radar.RCSTable
	Speed    float64 // m/s, resolved at Altitude (or the first waypoint's height) if given in Mach
	Altitude float64 // m, the height of waypoints that give none
	// AltitudeRef is what route heights are measured from: "ellipsoid"
	// (the default), or "ground": the threat follows the terrain at the
	// waypoints' heights above it (needs the scenario's terrain: a DEM or
	// a level ground). A target site appended to a ground-referenced
	// route is flown to at the route's last height above the ground.
	AltitudeRef string
	Start       float64 // s after the epoch
	Target      string  // a site id, or ""

	Route []Waypoint // a routed threat: at least two points
	// TurnAccel is the horizontal acceleration, m/s², at which a routed
	// threat turns at its waypoints: its max_lateral_accel, written or
	// its catalogue class's; 0 turns instantly.
	TurnAccel float64
	// Evade is how a routed threat reacts to a launch at it; nil: it
	// flies on regardless.
	Evade *Evasion
	// Decoy says it is a decoy (key decoy, or its class's role: decoy):
	// it carries no warhead and exists to draw interceptors, so what it
	// reaches is no leak. The record knows; the defence does not: its
	// radars see the cross section it shows and its battle manager
	// classifies it by how it flies, like any other track.
	Decoy bool
	// Jammer is the noise jammer it carries (key jammer, or its class's
	// jammer figures); nil: none.
	Jammer *Jammer
	// TargetRadar is the radar an anti-radiation missile homes on (target:
	// a radar id; its route then ends at the radar), and Emitters says it
	// picks one at launch (target: emitters): the strongest emitter its
	// seeker sees. SeekerAccuracy (rad, key seeker_accuracy) is the
	// bearing error of its passive seeker, LethalRadius (m) its warhead's
	// against a radar; both from its class when not written.
	TargetRadar                  string
	Emitters                     bool
	SeekerAccuracy, LethalRadius float64
	// Equipment is the piece of an air-defence unit the threat is aimed
	// at (target: the id of a radar, launcher or command post); nil for
	// a threat aimed at a site or at nothing. A threat other than an
	// anti-radiation missile lands off it by a miss drawn from its CEP
	// (circular error probable, m, key cep) and destroys it within its
	// LethalRadius; both from its class when not written.
	Equipment *Equipment
	CEP       float64
	// Length and Diameter (m) are its body, a cylinder, as a gun's line
	// of fire sees it (keys length, diameter, or its class's); 0 when
	// unknown, which only a scenario with guns refuses.
	Length, Diameter float64

	Launch, Impact     *geo.LLA // a ballistic threat
	Apogee, FlightTime float64  // optional loft of a ballistic threat: m, s
	// BallisticCoeff is a ballistic threat's β = m/(Cd·A), kg/m²: drag
	// slows it by ρv²/(2β) in the air. 0: no drag (a vacuum flight).
	BallisticCoeff float64
	// Booster is the spent booster that separates from a ballistic
	// threat at burnout and falls on its own (nil: none); the file's
	// booster: key adds it as the threat ID-booster, BoosterOf naming
	// the threat it left.
	Booster   *Booster
	BoosterOf string
	// PullUp is a ballistic threat's manoeuvring re-entry (key pull_up;
	// nil: a ballistic fall): below Height on its way down the body
	// lifts at LiftToDrag times its drag, up to MaxLoad (m/s²; 0: no
	// limit); within DiveRange (m; 0: no dive) of its aim point it
	// pushes over to DiveAngle (rad) below the horizon and dives onto it.
	PullUp *motion.PullUp

	Group    string  // the id written in the file, when Count expanded it
	Count    int     // as written: threats in the salvo this one came from
	Interval float64 // s between the salvo's threats
}

// Booster is the spent booster or tank of a ballistic missile whose
// warhead separates: a second body, bigger to the radar and lighter for
// its size, that slows far sooner in the air and falls short.
type Booster struct {
	RCS            float64 // m²
	BallisticCoeff float64 // kg/m²
}

// Ballistic reports whether the threat flies a ballistic trajectory rather
// than a route.
func (t *Threat) Ballistic() bool { return t.Launch != nil }

// Waypoint is a point of a route and the speed flown towards it.
// A Place is a position the file gives, at Pos (Msg empty). A route
// point but the last has Leg set and To the next point: the leg between
// is flown too.
type Place struct {
	At  geo.LLA
	To  geo.LLA
	Leg bool
	Pos Error
}

type Waypoint struct {
	At    geo.LLA
	Speed float64 // m/s, always set: the waypoint's own, or the threat's
}

// Load reads and checks the scenario file at path, as Parse does.
func Load(path string) (*Scenario, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return Parse(path, data)
}

// Parse reads and checks a scenario from data; filename is used in error
// positions and kept in Scenario.File. Catalogue figures are taken as the
// file's figures: key says; sampled figures are drawn from SeedStreams of
// the file's seed. An error in the file is an ErrorList holding every
// problem found, each with its position; any other error is a fault of
// the embedded catalogue.
func Parse(filename string, data []byte) (*Scenario, error) {
	return ParseWith(filename, data, Options{})
}

// ParseWith is Parse with options: a caller that reads many files (a
// fuzzer, a batch of edits) passes one catalogue in opt.Catalog rather
// than have every file load its own.
func ParseWith(filename string, data []byte, opt Options) (*Scenario, error) {
	d := newDecoder(filename, opt)
	var s *Scenario
	if n := d.body(data); n != nil {
		s = d.document(n)
	}
	return d.result(s)
}

// result returns s, or what went wrong.
func (d *decoder) result(s *Scenario) (*Scenario, error) {
	if d.fault != nil {
		return nil, d.fault
	}
	if len(d.errs) > 0 {
		return nil, d.errs.sorted()
	}
	return s, nil
}

// Options change how a scenario is read.
type Options struct {
	// Catalog is the equipment catalogue that names resolve in; nil loads
	// the embedded one (catalog.Load) when the file first names something.
	// Loading takes milliseconds: share one when reading many files.
	Catalog *catalog.Catalog
	// Figures, when not nil, overrides the file's figures: key.
	Figures *catalog.Draw
	// Streams draw sampled figures; nil: SeedStreams of the file's seed.
	Streams Streams
}

// A Template is a scenario file parsed once, from which Resolve makes
// Scenarios: one per Monte Carlo replication, each with its own draw of
// the disputed catalogue figures. Resolve re-reads the syntax tree but not
// the YAML text, and is safe for concurrent use.
type Template struct {
	file string
	root ast.Node
	opt  Options
}

// Compile parses and checks data as Parse does, with options, and returns
// a Template of it. The check draws figures with opt.Streams (or the
// file's seed) so that an error shows now, not in a replication.
func Compile(filename string, data []byte, opt Options) (*Template, error) {
	d := newDecoder(filename, opt)
	n := d.body(data)
	if n != nil {
		d.document(n)
	}
	if _, err := d.result(nil); err != nil {
		return nil, err
	}
	opt.Catalog = d.cat // loaded once, if the file needed it
	return &Template{file: filename, root: n, opt: opt}, nil
}

// Resolve returns a new Scenario from the template, with sampled figures
// drawn from streams (nil: the Options' Streams, or else SeedStreams of
// the file's seed). Figures modes other than sample and uniform take no
// draws and give the same Scenario every time. A draw can make figures
// contradict one another (a minimum above its maximum); that is reported
// as an ErrorList like any problem in the file, except for fire_channels
// and missiles_guided, which are reconciled and noted in FigureUse.
func (t *Template) Resolve(streams Streams) (*Scenario, error) {
	opt := t.opt
	if streams != nil {
		opt.Streams = streams
	}
	d := newDecoder(t.file, opt)
	return d.result(d.document(t.root))
}
