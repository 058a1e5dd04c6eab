package battle

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/iads"
	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/sim"
	"github.com/iadsim/iadsim/track"
	"github.com/iadsim/iadsim/weapon"
	"gonum.org/v1/gonum/spatial/r3"
)

// Timing of the command post, in seconds. They are parameters of the
// model, not public figures.
const (
	DecisionPeriod = 1.0 // how often the battle manager re-plans
	LookTime       = 2.0 // from the last fuze of an engagement to its assessment
	SampleInterval = 1.0 // spacing of truth and track samples
	// FirmTrack is the largest velocity uncertainty (1-sigma, m/s, worst
	// axis) of a track the battle manager will engage: a fire-control
	// solution from a fresh track's guessed velocity would send missiles
	// to a wrong intercept point.
	FirmTrack = 50.0
	// SalvoInterval separates the rounds of one salvo, s: launchers ripple
	// their rounds rather than fire them together.
	SalvoInterval = 3.0
	// CoastRevisits is how many revisits of a unit's slowest radar a
	// track may go without a detection and still be engaged
	// (bm.Doctrine.CoastLimit): once every radar of the unit has looked
	// again and none has seen it, it is coasting. The half revisit spares
	// a live track whose radars do not look in step.
	CoastRevisits = 1.5
)

// Options tune a run without changing what it computes.
type Options struct {
	// Pace, when positive, makes the clock follow the wall clock at this
	// many simulated seconds per wall second.
	Pace float64
	// Shared, when set, is what many runs of the scenario share (Prepare):
	// its terrain and derived interceptor models; nil makes them for this
	// run.
	Shared *Shared
	// Replication numbers one run of a Monte Carlo batch. Every random
	// stream derives from (seed, replication, entity, purpose), so a
	// replication's draws depend on nothing else: not the number of
	// workers, not the shard, not the other replications.
	Replication int
	// NoSamples skips the truth, track and interceptor samples of
	// Result.Samples (tracks.csv): a Monte Carlo batch has no use for
	// them, and they cost a tenth of a run.
	NoSamples bool
	// Stream, when set, receives every event of the run as it is made,
	// in the record's order, and the run keeps none: Result.Events is
	// empty. A consumer that reduces the record as it goes (a Monte
	// Carlo replication's summary.Tally) then holds only what it
	// reduces: the record of a large grid is most of its run's memory
	// (16 battalions against 400 threats make 1.7 million events, 0.8
	// GB). The event's pointers (Pos, Miss, ...) stay valid after the
	// call; the consumer may keep the event.
	Stream func(event.Event)
	// Lean, with Stream, streams only the events and fields a run's
	// summary reads (summary.Tally): of a threat's detections only its
	// first, no track initiations or deletions, no strobes, no event's
	// position (Pos is nil), the figures of a track's deletion unsaid.
	// Everything the run decides is the same; only the record is
	// spared, as a Monte Carlo replication other than 0 keeps nothing
	// else (docs/PERFORMANCE.md, "Session 10: a decision and the
	// record").
	// Without Stream it is ignored: a kept record is whole.
	Lean bool
	// StreamSamples, when set, receives every sample as it is made, in
	// the record's order, and Result.Samples is empty (tracks.csv
	// written as the run goes: export.Spool). Unused with NoSamples.
	StreamSamples func(Sample)
	// Workers, above 1, runs the looks that the radars of different
	// units make at the same instant, and the units' track samples, on
	// up to this many goroutines (looks.go); the record is the same byte
	// for byte whatever the number. 0 or 1 runs every look in turn, as
	// a Monte Carlo batch does in each replication (its replications
	// run in parallel).
	Workers int
}

// Result is the record of one run (package record). The names are kept
// here so that code written against battle.Result still builds.
type (
	Result     = record.Result
	ThreatInfo = record.ThreatInfo
	Sample     = record.Sample
)

type threat struct {
	idx   int
	spec  *scenario.Threat
	mover motion.Mover
	// flight is the mover's route flown with turns, which evades on
	// command (battle/evade.go), or nil; evadeUntil is when its last
	// break ends.
	flight     *motion.Flight
	evadeUntil float64
	alive      bool // in the air now
	done       bool // killed, leaked or ended
	lastAt     r3.Vec
	// killed says the threat was destroyed, at killedAt by the
	// interceptor killedBy; gone says how a threat that is done without
	// being killed left (a leak, an impact, the end of its route).
	killed    bool
	killedAt  float64
	killedBy  string
	killedPos r3.Vec
	gone      string
	// arm is an anti-radiation missile's hold on its radar; nil for
	// every other threat, and for one that found no emitter.
	arm *armSeeker
}

type sensor struct {
	spec   *scenario.Radar
	r      *radar.Radar
	index  int // in the unit's tracker
	rng    map[int]*rand.Rand
	silent bool // emission control: not yet radiating
	// falseAlarms is the stream of the radar's false alarms, apart from
	// its targets' streams; nil when the scenario turns them off.
	falseAlarms *rand.Rand
	emission    // when it radiates, and whether it still stands (arm.go)
	// strobeRng draws the bearing noise of its strobes, one stream per
	// jammer; lastStrobes are the strobes of its last look (strobe.go).
	strobeRng   map[string]*rand.Rand
	lastStrobes strobeLook
}

type unit struct {
	spec     *scenario.Unit
	frame    geo.Frame
	tracker  *track.Tracker
	filter   track.Filter // the tracker's, for predictions
	sensors  []*sensor
	bm       *bm.Unit
	missiles map[string]*weapon.Missile
	flights  int     // interceptors launched, for ids
	index    int     // in world.units
	fc       *sensor // the fire-control radar
	// notHeldText formats the reasons notHeld gives, bound once to the
	// unit so that a reason unsaid costs no text and no closure.
	notHeldText func(bm.Reason) string
	lookTime    float64 // from the last fuze of an engagement to its assessment
	// spares are the rounds left on the transloaders, by missile;
	// launcherSpec is each launcher's scenario entry (first load, reload
	// time), in the order of bm.Unit.Launchers.
	spares       map[string]int
	launcherSpec []*scenario.Launcher
	toLaunch     map[*bm.Launcher]int // rounds committed, not yet launched
	fire         fireControl          // what the fire-control radar holds, and its time
	// lost are the launchers destroyed (grid.go); postLost says the
	// unit's command post was.
	lost     map[*bm.Launcher]bool
	postLost bool
	// guns are the gun mounts of its launchers that carry them (guns.go).
	guns []*gunMount
	// predicted holds each track's estimate as last predicted by
	// ecefTrack, by track number: the picture, deconfliction and every
	// interceptor guided on a track ask for it at the same instant, and
	// the prediction (the IMM's, with its ballistic model) is the dearest
	// part of a decision. Emptied whenever the tracker changes (look).
	predicted predictions
	// scratch is the copy of a track that predictECEF predicts: a
	// variable of its own would go to the heap at every prediction,
	// since the filter is an interface.
	scratch track.Track
	// Buffers of the tracker's tracks, reused from scan to scan: before
	// and after a scan (look), which the fire-control radar compares.
	tracksBefore, tracksAfter []track.Track
	// Buffers of a decision (decide), reused from one to the next: the
	// picture, its threats ranked, and each track's reference.
	picture []iads.UnitTrack
	ranked  []bm.Threat
	refs    map[int]trackRef
	// dwelt is the fire-control radar's copy of the targets of a scan,
	// which dwells picks from in place; reused from scan to scan.
	dwelt []radar.Target
	// jammerTracks are the jammers the unit's picture holds from jammer
	// fixes, by threat tag (strobe.go).
	jammerTracks map[int]*jammerTrack
	jammerSeq    int // the last jammer track's number
	// reach bounds where the unit's missiles can meet a target: the
	// other units' tracks beyond it are left out of its picture, and
	// the allocation gives it no target beyond it.
	reach reach
	// member is the unit as its IADS sees it (iads.go).
	member *member
}

type world struct {
	s       *scenario.Scenario
	terrain *Terrain // nil over a smooth earth
	shared  *Shared
	k       float64 // effective-earth factor; 0 means 4/3
	// iads commands the units: their picture, deconfliction, the
	// allocation of targets and the engagements under way (package iads).
	iads     *iads.System
	rep      string // the replication, as a stream name
	eng      *sim.Engine
	threats  []*threat
	lim      *trackerLimits // what no target can do, for the trackers
	units    []*unit
	sites    []bm.Site
	events   []event.Event
	sink     func(event.Event) // Options.Stream: events go there, not to events
	lean     bool              // Options.Lean: only what a summary reads is streamed
	detected []bool            // by threat index, with lean: its first detection streamed
	sampled  func(Sample)      // Options.StreamSamples: samples go there, not to samples
	samples  []Sample
	sampling bool                   // keeping samples (not Options.NoSamples)
	aloft    []*flight              // interceptors in the air, for their samples (flyoutsample.go)
	profiles map[int]*bm.Profile    // by track key: how each track has flown
	fixedAt  map[[2]*sensor]float64 // when each pair of radars last fixed a jammer (strobe.go)
	// air is every threat in the air as the radars see it at one instant
	// (airborne): every radar scanning at that instant looks at the same
	// truth, so it is made once. moves counts the changes of the truth
	// within an instant (a launch, a kill, the end of a flight, a break)
	// that make it stale.
	air   []radar.Target
	airAt float64
	airOf int
	moves int
	// positions and values are the blocks the events' positions and
	// optional numbers are taken from (position, value).
	positions []event.Position
	values    []float64
	// serial is the look in hand when looks run one at a time (look),
	// its buffers reused from look to look; batch gathers the looks of
	// an instant when they run on several cores (Options.Workers,
	// looks.go), nil otherwise.
	serial lookJob
	batch  *lookBatch
	// unitSamples holds each unit's track samples of an instant
	// (trackSamples), reused from sample to sample.
	unitSamples [][]Sample
	// trackGen counts the changes of the units' trackers (a scan, a
	// track dropped): an estimate made at one instant stays good until
	// it moves.
	trackGen int
	assessed map[int]*assessment // by track key: the last evaluation (assess)
	// leftTo holds, by track key, the radar a track was seen heading for
	// when its unit left it to point defence (leave.go).
	leftTo map[int]string
}

// Run plays a validated scenario to its end and returns its record.
func Run(s *scenario.Scenario, opt Options) (*Result, error) {
	w := &world{s: s, eng: sim.New(), rep: strconv.Itoa(opt.Replication), profiles: map[int]*bm.Profile{}}
	w.shared = opt.Shared
	if w.shared == nil {
		sh, err := Prepare(s)
		if err != nil {
			return nil, err
		}
		w.shared = sh
	}
	w.terrain = w.shared.Terrain
	w.sink, w.sampled = opt.Stream, opt.StreamSamples
	w.lean = opt.Lean && opt.Stream != nil
	if w.sink == nil {
		w.events = make([]event.Event, 0, w.shared.eventRoom())
	}
	if s.Terrain != nil {
		w.k = s.Terrain.K
	}
	if opt.Pace > 0 {
		w.eng.Pace(opt.Pace)
	}
	for _, site := range s.Sites {
		w.sites = append(w.sites, bm.NewSite(site.ID, site.At.ECEF(), site.Value, site.Radius))
	}
	if err := w.buildThreats(); err != nil {
		return nil, err
	}
	w.deriveMissiles()
	for i := range s.Units {
		u, err := w.buildUnit(&s.Units[i])
		if err != nil {
			return nil, err
		}
		w.units = append(w.units, u)
	}
	w.iads = w.newIADS()
	w.sampling = !opt.NoSamples
	if opt.Workers > 1 {
		w.batch = &lookBatch{workers: opt.Workers}
	}
	w.emit(event.Event{T: 0, Type: event.ScenarioStart, Name: s.Name, Seed: s.Seed, Epoch: epoch.New(s.Epoch).String()})
	if err := w.schedule(!opt.NoSamples); err != nil {
		return nil, err
	}
	w.eng.Run(s.Duration)
	w.emit(event.Event{T: s.Duration, Type: event.ScenarioEnd})

	if w.sink == nil {
		w.shared.recorded(len(w.events))
	}
	res := &Result{Events: w.events, Samples: w.samples}
	for _, th := range w.threats {
		res.Threats = append(res.Threats, ThreatInfo{ID: th.spec.ID, Type: th.spec.Type, Path: pathOf(th.mover)})
	}
	return res, nil
}

func pathOf(m motion.Mover) []geo.LLA {
	switch v := m.(type) {
	case *groundFollower:
		return v.Path()
	case *motion.Route:
		return v.Path()
	case *motion.Flight:
		return v.Path()
	case *motion.Ballistic:
		return v.Path()
	}
	return nil
}

// keep adds a sample to the record, or passes it to the run's stream
// of samples.
func (w *world) keep(s Sample) {
	if w.sampled != nil {
		w.sampled(s)
		return
	}
	w.samples = append(w.samples, s)
}

// emit adds an event to the record, or passes it to the run's stream.
func (w *world) emit(e event.Event) {
	if w.sink != nil {
		w.sink(e)
		return
	}
	w.events = append(w.events, e)
}

// ballistic is the flight of a ballistic threat: shot from its launch
// point to impact, or, for a booster, separated from its missile's flight
// (the threat before it in the list) at burnout. The flight is the
// batch's (Shared.ballistic): made once, read by every replication.
func (w *world) ballistic(spec *scenario.Threat, impact geo.LLA) (*motion.Ballistic, error) {
	return w.shared.ballistic(w.s, spec, func() (*motion.Ballistic, error) { return w.shoot(spec, impact) })
}

// shoot makes the flight of a ballistic threat (see ballistic).
func (w *world) shoot(spec *scenario.Threat, impact geo.LLA) (*motion.Ballistic, error) {
	if spec.BoosterOf == "" {
		return motion.NewBallistic(spec.Start, *spec.Launch, impact, spec.BallisticOptions())
	}
	for _, th := range w.threats {
		if rv, ok := th.mover.(*motion.Ballistic); ok && th.spec.ID == spec.BoosterOf {
			return rv.Separate(spec.BallisticCoeff)
		}
	}
	return nil, fmt.Errorf("booster of %s: no such ballistic threat before it", spec.BoosterOf)
}

func (w *world) buildThreats() error {
	for i := range w.s.Threats {
		spec := &w.s.Threats[i]
		var m motion.Mover
		var flight *motion.Flight
		var err error
		if spec.Launch != nil {
			impact := spec.Impact
			if impact == nil {
				for _, site := range w.s.Sites {
					if site.ID == spec.Target {
						at := site.At
						impact = &at
					}
				}
			}
			if impact == nil {
				return fmt.Errorf("threat %s: no impact point and no target site", spec.ID)
			}
			m, err = w.ballistic(spec, *impact)
		} else {
			m, flight, err = w.routed(spec, spec.Route)
		}
		if err != nil {
			return fmt.Errorf("threat %s: %w", spec.ID, err)
		}
		w.threats = append(w.threats, &threat{idx: i, spec: spec, mover: m, flight: flight})
	}
	return nil
}

// routed is the mover of a routed threat flying route from its start.
func (w *world) routed(spec *scenario.Threat, route []scenario.Waypoint) (motion.Mover, *motion.Flight, error) {
	wps := scenario.MotionWaypoints(route)
	var path pathMover
	var flight *motion.Flight
	var err error
	if spec.TurnAccel > 0 || spec.Evade != nil {
		flight, err = motion.NewFlight(spec.Start, wps, spec.TurnAccel)
		path = flight
	} else {
		path, err = motion.NewRoute(spec.Start, wps)
	}
	if err != nil {
		return nil, nil, err
	}
	if spec.AltitudeRef == scenario.AltitudeGround && w.terrain != nil {
		return &groundFollower{route: path, ground: w.terrain.Ground}, flight, nil
	}
	return path, flight, nil
}

// deriveMissiles derives the interceptor models of every unit's
// missiles at once, on as many cores as there are missiles to derive
// (Shared.models), before the units are built one by one. A missile
// that does not validate is left to buildUnit to report.
func (w *world) deriveMissiles() {
	var specs []scenario.Missile
	var ms []*weapon.Missile
	for i := range w.s.Units {
		for _, spec := range w.s.Units[i].Missiles {
			m := spec.Interceptor()
			if m.Validate() == nil {
				specs, ms = append(specs, spec), append(ms, &m)
			}
		}
	}
	w.shared.models(specs, ms)
}

func (w *world) buildUnit(spec *scenario.Unit) (*unit, error) {
	u := &unit{spec: spec, frame: geo.NewFrame(spec.CommandPost.At),
		missiles: map[string]*weapon.Missile{}, index: len(w.units), lost: map[*bm.Launcher]bool{}}
	u.member = &member{w: w, u: u}
	u.notHeldText = u.notHeldString
	for i := range spec.Missiles {
		ms := &spec.Missiles[i]
		im := ms.Interceptor()
		m := &im
		if err := m.Validate(); err != nil {
			return nil, fmt.Errorf("unit %s: missile %s: %w", spec.ID, ms.Name, err)
		}
		m, err := w.shared.missile(*ms, m)
		if err != nil {
			return nil, fmt.Errorf("unit %s: missile %s: %w", spec.ID, ms.Name, err)
		}
		u.missiles[ms.Name] = m
	}
	var trackSensors []track.Sensor
	var fc *sensor
	cpRot := u.frame.Rotation()
	for i := range spec.Radars {
		rs := &spec.Radars[i]
		site := rs.At
		site.Alt += rs.AntennaHeight
		var mask radar.Masker
		if w.terrain != nil {
			m, err := w.terrain.mask(site, rs.MaxRange)
			if err != nil {
				return nil, fmt.Errorf("unit %s: radar %s: %w", spec.ID, rs.ID, err)
			}
			mask = m
		}
		r, err := radar.New(radar.Config{
			ID: rs.ID, Site: site,
			RefRange: rs.RefRange, RefRCS: rs.RefRCS, RefPd: rs.RefPd, Pfa: rs.Pfa, Swerling: rs.Swerling,
			MinRange: rs.MinRange, MaxRange: rs.MaxRange,
			MinElevation: rs.MinElevation, MaxElevation: rs.MaxElevation,
			ScanPeriod: rs.ScanPeriod,
			SigmaRange: rs.SigmaRange, SigmaAz: rs.SigmaAz, SigmaEl: rs.SigmaEl, SigmaRangeRate: rs.SigmaRangeRate,
			Mask: mask, K: w.k, EarthHeight: w.terrain.Datum(),
			Sector:      radar.Sector{Azimuth: rs.ThreatAxis, HalfWidth: rs.SectorWidth / 2},
			Environment: rs.Environment(w.s.Surface),
			Receiver:    receiver(rs),
		})
		if err != nil {
			return nil, fmt.Errorf("unit %s: radar %s: %w", spec.ID, rs.ID, err)
		}
		sn := &sensor{spec: rs, r: r, index: len(trackSensors), rng: map[int]*rand.Rand{},
			silent: rs.Emcon != (scenario.Emcon{})}
		if !rs.NoFalseAlarms && !w.s.NoFalseAlarms {
			sn.falseAlarms = w.stream("false-alarms", rs.ID)
		}
		sn.emission.init(sn.silent)
		u.sensors = append(u.sensors, sn)
		rf := r.Frame()
		trackSensors = append(trackSensors, track.Sensor{
			ID:         rs.ID,
			Pos:        u.frame.ToENU(rf.OriginECEF()),
			Rot:        mul3T(rf.Rotation(), cpRot),
			SigmaRange: rs.SigmaRange, SigmaAz: rs.SigmaAz, SigmaEl: rs.SigmaEl, SigmaRangeRate: rs.SigmaRangeRate,
		})
		if rs.Role == "fire-control" {
			if fc != nil {
				return nil, fmt.Errorf("unit %s: more than one fire-control radar (%s, %s); this version models one per unit", spec.ID, fc.spec.ID, rs.ID)
			}
			fc = sn
		}
	}
	if fc == nil {
		return nil, fmt.Errorf("unit %s: no fire-control radar", spec.ID)
	}
	u.fc = fc
	u.lookTime = LookTime
	if spec.Doctrine.Policy == scenario.PolicySalvo {
		u.lookTime = 0
	}
	ts := spec.Tracker
	// A track must miss MaxMisses looks in a row and go as many revisits
	// of the unit's slowest radar without a detection before it is
	// dropped, so a fast radar with a low Pd does not delete it alone.
	slowest := 0.0
	for _, r := range spec.Radars {
		slowest = max(slowest, r.ScanPeriod)
	}
	lim := w.limits()
	if err := u.fire.init(fc, CoastRevisits*slowest); err != nil {
		return nil, fmt.Errorf("unit %s: radar %s: %w", spec.ID, fc.spec.ID, err)
	}
	u.filter = trackFilter(ts, u.frame, lim, fc.spec.ScanPeriod)
	tr, err := track.New(track.Config{
		Filter:     u.filter,
		AccelNoise: ts.AccelNoise, GateProb: ts.GateProb,
		ConfirmM: ts.ConfirmM, ConfirmN: ts.ConfirmN, ConfirmAfterFirst: true, MaxMisses: ts.MaxMisses,
		MaxCoast:     float64(ts.MaxMisses) * slowest,
		InitVelSigma: lim.initVelSigma, MaxSpeed: lim.maxSpeed, MaxLevelSpeed: lim.maxLevelSpeed, MinSpeed: lim.minSpeed,
		Ground: w.ground(u.frame),
	}, trackSensors)
	if err != nil {
		return nil, fmt.Errorf("unit %s: tracker: %w", spec.ID, err)
	}
	u.tracker = tr

	var launchers []*bm.Launcher
	u.spares = map[string]int{}
	u.toLaunch = map[*bm.Launcher]int{}
	for _, sp := range spec.SpareRounds {
		u.spares[sp.Missile] += sp.Count
	}
	for i := range spec.Launchers {
		ls := &spec.Launchers[i]
		l := &bm.Launcher{ID: ls.ID, At: ls.At}
		u.launcherSpec = append(u.launcherSpec, ls)
		for _, ld := range ls.Loads {
			m, ok := u.missiles[ld.Missile]
			if !ok {
				return nil, fmt.Errorf("unit %s: launcher %s loads %s, which the unit does not define", spec.ID, ls.ID, ld.Missile)
			}
			l.Rounds = append(l.Rounds, bm.Round{Missile: m, Count: ld.Count})
		}
		launchers = append(launchers, l)
		m, err := newGunMount(ls)
		if err != nil {
			return nil, fmt.Errorf("unit %s: launcher %s: %w", spec.ID, ls.ID, err)
		}
		if m != nil {
			u.guns = append(u.guns, m)
		}
	}
	d := spec.Doctrine
	salvo := d.Salvo
	byClass := map[string]int{}
	for _, c := range d.SalvoByClass {
		byClass[c.Class] = c.Salvo
	}
	missilesByClass := map[string][]string{}
	for _, c := range d.MissilesByClass {
		missilesByClass[c.Class] = c.Missiles
	}
	holdFor := map[string]bool{}
	for _, c := range d.HoldForPreferred {
		holdFor[c] = true
	}
	u.bm = bm.NewUnit(spec.ID, bm.FireControl{
		// Covers asks the radar as its mount points now.
		ID: fc.spec.ID, Pos: fc.r.Frame().OriginECEF(), Covers: func(p r3.Vec) bool { return u.fc.r.Covers(p) },
		FireChannels: fc.spec.FireChannels, MissilesGuided: fc.spec.MissilesGuided,
		HeightSigma: heightSigma(fc.r.Frame(), fc.spec.SigmaRange, fc.spec.SigmaEl),
		Held: func(th bm.Threat) bm.Reason {
			if why := u.leftToGuns(th); why != "" {
				return bm.Because(bm.KindGuns, why)
			}
			return w.notHeld(u, th)
		},
		Busy: func(_ bm.Threat, missiles int) bm.Reason {
			if why := u.busy(missiles); why != "" {
				return bm.Because(bm.KindRadarBusy, why)
			}
			return bm.Reason{}
		},
	}, launchers, bm.Doctrine{
		Salvo: salvo, ReactionTime: d.ReactionTime, MinPk: d.MinPk,
		Reserve: d.Reserve, EngageRange: d.EngageRange, FirmTrack: FirmTrack,
		CoastLimit: CoastRevisits * slowest, CoastMisses: ts.MaxMisses,
		SalvoByClass: byClass, MissilesByClass: missilesByClass, HoldFor: holdFor,
		ReserveRelease: bm.ReserveRelease{TimeToGo: d.ReserveRelease.TimeToGo, Classes: d.ReserveRelease.Classes},
		RemoteTracks:   d.RemoteTracks,
		BallisticRange: d.BallisticRange, BallisticMinAltitude: d.BallisticMinAltitude,
		BallisticEngagements: d.BallisticEngagements,
	})
	u.reach = reachOf(u.bm)
	u.bm.Deconflict = func(th bm.Threat) bm.Reason {
		if why := w.leftToPointDefence(u, th); why != "" {
			return bm.Because(bm.KindPointDefence, why)
		}
		if why := w.iads.Allocated(u.member, th); why.Holds() {
			return why
		}
		return w.iads.Deconflict(u.member, th)
	}
	u.bm.Await = func(th bm.Threat) bm.Reason { return w.unassigned(u, th) }
	return u, nil
}

// initVelSigma is the spread of a new track's unknown velocity when the
// scenario has no threat to bound it (see limits): enough to cover a
// ballistic missile's few km/s, 1-sigma.
const initVelSigma = 1500.0

// mul3T returns a·bᵀ for row-major 3x3 matrices: with a taking ECEF into a
// radar's ENU and b taking ECEF into the command post's ENU, a·bᵀ takes
// the command post's ENU into the radar's.
func mul3T(a, b [9]float64) [9]float64 {
	var c [9]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				c[3*i+j] += a[3*i+k] * b[3*j+k]
			}
		}
	}
	return c
}

func (w *world) schedule(samples bool) error {
	for _, th := range w.threats {
		th := th
		w.eng.At(th.mover.Start(), sim.Motion, func(now float64) { w.launchThreat(th, now) })
		w.eng.At(th.mover.End(), sim.Motion, func(now float64) { w.endThreat(th, now) })
	}
	if w.s.IADS != nil {
		// Scheduled before the units' decisions, so at each instant the
		// allocation is made first.
		if err := w.eng.Every(0, DecisionPeriod, sim.Decide, func(now float64) bool {
			w.iads.Allocate(now)
			w.linkNotices()
			return true
		}); err != nil {
			return err
		}
	}
	for _, u := range w.units {
		u := u
		for _, sn := range u.sensors {
			sn := sn
			if err := w.eng.Every(0, sn.spec.ScanPeriod, sim.Sense, func(now float64) bool {
				w.look(u, sn, now)
				return true
			}); err != nil {
				return fmt.Errorf("radar %s: %w", sn.spec.ID, err)
			}
		}
		if err := w.eng.Every(0, DecisionPeriod, sim.Decide, func(now float64) bool {
			w.decide(u, now)
			return true
		}); err != nil {
			return err
		}
	}
	if !samples {
		return nil
	}
	return w.eng.Every(0, SampleInterval, sim.Assess, func(now float64) bool {
		w.sample(now)
		return true
	})
}

func (w *world) launchThreat(th *threat, now float64) {
	th.alive = true
	w.moves++
	if th.spec.Emitters || th.spec.TargetRadar != "" {
		w.launchARM(th, now)
	}
	pos, _, _ := th.mover.State(now)
	th.lastAt = pos
	w.emit(event.Event{T: now, Type: event.ThreatLaunch, Threat: th.spec.ID, ThreatType: th.spec.Type, Decoy: th.spec.Decoy, Pos: w.position(pos)})
}

// endThreat is the threat's arrival at the end of its route, or impact.
func (w *world) endThreat(th *threat, now float64) {
	if !th.alive || now < th.mover.End() {
		return // gone, or an evasion moved the end later
	}
	pos, _, ok := th.mover.State(now)
	if !ok {
		pos = th.lastAt
	}
	th.alive, th.done = false, true
	w.moves++
	if th.arm != nil {
		w.armArrives(th, pos, now)
		return
	}
	if th.spec.Equipment != nil && th.spec.Type != scenario.AntiRadiation {
		w.strike(th, now)
		return
	}
	e := event.Event{T: now, Threat: th.spec.ID, ThreatType: th.spec.Type, Decoy: th.spec.Decoy, Pos: w.position(pos)}
	e.Type = event.ThreatEnd
	if th.spec.Launch != nil {
		e.Type = event.Impact
	}
	best := math.Inf(1)
	for _, s := range w.sites {
		// A spent booster carries no warhead: where it falls is an
		// impact. Nor does a decoy: where it ends is the end of its route.
		if th.spec.BoosterOf != "" || th.spec.Decoy {
			break
		}
		if d := r3.Norm(r3.Sub(pos, s.Pos)); d <= s.Radius && d < best {
			best, e.Type, e.Site = d, event.Leak, s.ID
			e.Range = round(d, 0.1)
		}
	}
	if th.spec.Decoy {
		e.Reason = "a decoy: it carries no warhead, so where it ends is no leak"
	}
	w.emit(e)
	th.gone = fmt.Sprintf("it ended its route at %.1f s", now)
	switch e.Type {
	case event.Leak:
		th.gone = fmt.Sprintf("it reached %s at %.1f s", e.Site, now)
	case event.Impact:
		th.gone = fmt.Sprintf("it hit the ground at %.1f s", now)
	}
	if e.Type == event.Leak && w.s.IADS != nil {
		w.commandPostLost(th, e.Site, now)
	}
}

// position is an event's position of ECEF point p, to the precision
// the record keeps, or nil if p is not a point (a diverged track's
// state). The record keeps every position, so they are handed out of
// blocks: one allocation a block instead of one a position.
func (w *world) position(p r3.Vec) *event.Position {
	if !finite(p) || w.lean {
		return nil // JSON has no NaN: the record would not be written
	}
	g := geo.FromECEF(p)
	if len(w.positions) == cap(w.positions) {
		w.positions = make([]event.Position, 0, recordBlock)
	}
	w.positions = append(w.positions, event.Position{Lat: round(g.LatDeg(), 1e-7), Lon: round(g.LonDeg(), 1e-7), Alt: round(g.Alt, 1e-2)})
	return &w.positions[len(w.positions)-1]
}

// value is a pointer to a copy of x for an event's optional number (a
// detection's range rate), taken from a block as position's are.
func (w *world) value(x float64) *float64 {
	if len(w.values) == cap(w.values) {
		w.values = make([]float64, 0, recordBlock)
	}
	w.values = append(w.values, x)
	return &w.values[len(w.values)-1]
}

// recordBlock is how many events' positions, or optional numbers, are
// allocated at once: a replication of the bundled raid records about
// 2 000 positions and 3 000 range rates.
const recordBlock = 256

func deg(rad float64) float64 { return rad * 180 / math.Pi }

// trackChanges records the changes of one scan of u's tracker.
func (w *world) trackChanges(u *unit, changes []track.Change, now float64) {
	// A scan changes the tracks (coasts, deletions): their predictions
	// and assessments with it.
	u.predicted.reset()
	w.tracksChanged()
	for _, c := range changes {
		reason := c.Reason
		if c.Kind == track.TrackDeleted && (reason == "misses" || reason == "coast limit") && !w.lean {
			reason += fmt.Sprintf(": no detection for %.0f s", now-c.Track.Updated)
		}
		w.trackChange(u, c, now, reason)
	}
}

// airborne is every threat in the air at now, as radar targets. The
// slice is shared by the radars looking at this instant: not to be
// changed.
func (w *world) airborne(now float64) []radar.Target {
	if w.air != nil && w.airAt == now && w.airOf == w.moves {
		return w.air
	}
	w.air, w.airAt, w.airOf = w.air[:0], now, w.moves
	for _, th := range w.threats {
		if !th.alive {
			continue
		}
		pos, vel, ok := th.mover.State(now)
		if !ok {
			continue
		}
		th.lastAt = pos
		w.air = append(w.air, radar.Target{ID: th.idx, Pos: pos, Vel: vel, RCS: th.spec.RCS, Table: th.spec.RCSTable})
	}
	if w.air == nil {
		w.air = []radar.Target{}
	}
	return w.air
}

func (w *world) threatOfTag(tag int) *threat {
	if tag < 0 || tag >= len(w.threats) {
		return nil
	}
	return w.threats[tag]
}

// trackChange records a change of one of u's tracks; reason says why a
// track was deleted.
func (w *world) trackChange(u *unit, c track.Change, now float64, reason string) {
	var typ string
	switch c.Kind {
	case track.TrackInitiated:
		typ = event.TrackInitiated
	case track.TrackConfirmed:
		typ = event.TrackConfirmed
	case track.TrackDeleted:
		typ = event.TrackDeleted
		delete(u.fire.seen, c.Track.ID)
		delete(u.fire.fix, c.Track.ID)
		for _, v := range w.units {
			v.bm.Dropped(trackRef{u, c.Track.ID, 0}.key())
		}
	default:
		return
	}
	if w.lean && typ != event.TrackConfirmed {
		return // a summary reads a track's confirmation only
	}
	e := event.Event{T: now, Type: typ, Unit: u.spec.ID, Track: c.Track.ID, Reason: reason,
		Pos: w.position(u.frame.FromENU(r3.Vec{X: c.Track.X[0], Y: c.Track.X[1], Z: c.Track.X[2]}))}
	if th := w.threatOfTag(c.Track.Tag); th != nil {
		e.Threat, e.ThreatType = th.spec.ID, th.spec.Type
	}
	w.emit(e)
}

// detectedBefore says, with Options.Lean, whether threat i's first detection has
// been streamed, and marks it streamed.
func (w *world) detectedBefore(i int) bool {
	if w.detected == nil {
		w.detected = make([]bool, len(w.threats))
	}
	was := w.detected[i]
	w.detected[i] = true
	return was
}

// ecefTrack is a track's estimate predicted to time t, in ECEF. tk must
// be the tracker's track as it stands: a prediction is kept per track
// number until the tracker next scans, and asked again for the same
// instant it is not made again.
//
// Its VelSigma is the velocity uncertainty of the track's most probable
// model at its last update, not predicted to t: it says how well the
// radars have measured the velocity (a fresh track's is a guess), which
// is what FirmTrack asks. The prediction, and the IMM's turn model while
// the target flies straight, add what the target may yet do, and with a
// turn model sized to a 9 g fighter that is tens of m/s a second
// whatever the radars measured.
func (u *unit) ecefTrack(tk track.Track, t float64) bm.Track {
	if bt := u.predicted.at(tk.ID, t); bt != nil {
		return *bt
	}
	bt := u.predictECEF(tk, t)
	u.predicted.put(tk.ID, &bt)
	return bt
}

// predictECEF predicts a track to time t and turns its estimate into
// ECEF (see ecefTrack for its VelSigma).
func (u *unit) predictECEF(tk track.Track, t float64) bm.Track {
	_, pl, _ := tk.Likeliest()
	velSigma := math.Sqrt(max(pl[21], pl[28], pl[35]))
	u.scratch = tk
	p := &u.scratch
	u.filter.Predict(p, t)
	// The covariance in ECEF is Rᵀ C R block by block, with R the frame's
	// rotation from ECEF to its ENU axes.
	r := u.frame.Rotation()
	// Each product r_ki C_kl, the left factor of the sum's terms, is
	// made once for the block's three columns j, and each term
	// (r_ki C_kl) r_lj is the one the sum over k and l always added.
	var cov [36]float64
	for bi := range 2 {
		for bj := range 2 {
			var rc [27]float64 // rc[9i+3k+l] = r_ki C_kl
			for i := range 3 {
				for k := range 3 {
					for l := range 3 {
						rc[9*i+3*k+l] = r[3*k+i] * p.P[6*(3*bi+k)+3*bj+l]
					}
				}
			}
			for i := range 3 {
				for j := range 3 {
					var sum float64
					for kl, a := range rc[9*i : 9*i+9] {
						sum += a * r[3*(kl%3)+j]
					}
					cov[6*(3*bi+i)+3*bj+j] = sum
				}
			}
		}
	}
	var c [9]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			c[3*i+j] = cov[6*i+j]
		}
	}
	// The drag estimate's covariance with position and velocity turns
	// the same way, Rᵀ v.
	kappa, kc, _ := p.Drag()
	var dc [7]float64
	for i := 0; i < 3; i++ {
		for k := 0; k < 3; k++ {
			dc[i] += r[3*k+i] * kc[k]
			dc[3+i] += r[3*k+i] * kc[3+k]
		}
	}
	dc[6] = kc[6]
	// The turn model turns about the frame's up, near enough the
	// track's own over a unit's coverage; its ω counts counterclockwise,
	// a heading's rate clockwise.
	omega, omegaSigma, turnProb, _ := p.Turn()
	return bm.Track{
		ID: tk.ID, T: t, Updated: tk.Updated, Misses: tk.Misses, VelSigma: velSigma, PosCov: c, Cov: cov,
		Drag: kappa, DragCov: dc,
		TurnRate: -omega, TurnSigma: omegaSigma, TurnProb: turnProb,
		Pos: u.frame.FromENU(r3.Vec{X: p.X[0], Y: p.X[1], Z: p.X[2]}),
		Vel: u.frame.RotateFromENU(r3.Vec{X: p.X[3], Y: p.X[4], Z: p.X[5]}),
	}
}

func (w *world) decide(u *unit, now float64) {
	w.armDefence(u, now)
	if u.fc.silent || !u.fc.emitting(now) {
		return // a silent or destroyed fire-control radar guides nothing
	}
	u.picture = w.iads.AppendSight(u.picture[:0], u.member, now)
	picture := u.picture
	if len(picture) == 0 {
		return
	}
	ranked := slices.Grow(u.ranked[:0], len(picture))[:len(picture)]
	u.ranked = ranked
	if u.refs == nil {
		u.refs = map[int]trackRef{}
	}
	clear(u.refs)
	refs := u.refs
	for i := range picture {
		p := &picture[i] // a track of the picture is large: not copied
		if u.spec.Protects == "" {
			ranked[i] = w.evaluate(u, p.Track, now)
		} else {
			// A point-defence unit ranks threats by its battalion's
			// radars as well as the sites: its own evaluation, not the
			// one every unit shares.
			ranked[i] = bm.EvaluateTrack(w.onGround(p.Track), w.protectedSites(u))
		}
		ref := w.refOf(p.Track.ID)
		ref.tag = p.Tag
		refs[p.Track.ID] = ref
		u.bm.Follows(p.Track.ID, p.Tag)
	}
	bm.Rank(ranked)
	w.point(u, ranked, now)
	w.fireGuns(u, ranked, refs, now)
	orders, holds := u.bm.Plan(now, ranked)
	for _, h := range holds {
		ref := refs[h.Threat.Track.ID]
		e := event.Event{T: now, Type: event.HoldFire, Unit: u.spec.ID, Track: ref.id, TrackUnit: ref.foreign(u),
			Class: h.Threat.Class, Reason: h.Reason, Priority: round(h.Threat.Score, 1e-6), Site: h.Threat.Site}
		if e.TrackUnit != "" {
			e.SystemTrack = w.iads.Number(h.Threat.Track.ID, now)
		}
		w.decidedBy(&e, h.Why)
		if !math.IsInf(h.Threat.TimeToGo, 0) {
			e.TimeToGo = round(h.Threat.TimeToGo, 0.1)
		}
		if th := w.threatOfTag(ref.tag); th != nil {
			e.Threat, e.ThreatType = th.spec.ID, th.spec.Type
		}
		w.emit(e)
	}
	for _, o := range orders {
		o := o
		ref := refs[o.Threat.Track.ID]
		th := w.threatOfTag(ref.tag)
		e := event.Event{T: now, Type: event.Engagement, Unit: u.spec.ID, Track: ref.id, TrackUnit: ref.foreign(u),
			Launcher: o.Launcher.ID, Missile: o.Missile.Name, Radar: u.bm.FC.ID,
			PIP: w.position(o.PIP), TOF: round(o.TOF, 0.01), Pk: o.Pk, Class: o.Threat.Class,
			Priority: round(o.Threat.Score, 1e-6), Site: o.Threat.Site,
			Reason: o.Threat.Reason(), Rejected: o.Rejected}
		if e.TrackUnit != "" {
			e.SystemTrack = w.iads.Number(o.Threat.Track.ID, now)
		}
		if o.Count > 1 {
			e.Reason += fmt.Sprintf("; salvo of %d against a %s target", o.Count, o.Threat.Class)
		}
		if o.Remote != "" {
			e.Reason += fmt.Sprintf("; launch on remote (%s): %s flies on the track's estimate by datalink and homes with its active seeker",
				o.Remote, o.Missile.Name)
		}
		if w.iads.Assigned(u.member, o.Threat.Track.ID, now) {
			e.Reason += "; assigned to this unit by the IADS (weapon-target assignment)"
		}
		w.decidedBy(&e, bm.Reason{})
		if level, cmd, how, ok := w.iads.AssignedBy(u.member, o.Threat.Track.ID, now); ok {
			e.Level, e.Command = level, cmd
			e.Reason += fmt.Sprintf("; allocated to this unit by %s (%s) %s", cmd, level, how)
		}
		if !math.IsInf(o.Threat.TimeToGo, 0) {
			e.TimeToGo = round(o.Threat.TimeToGo, 0.1)
		}
		if th != nil {
			e.Threat, e.ThreatType = th.spec.ID, th.spec.Type
		}
		w.emit(e)
		w.warnLock(th, u, now)
		eng := &engagement{shooter: u, ref: ref, first: ref, key: o.Threat.Track.ID, th: th, pending: o.Count}
		eng.target(now)
		w.iads.Engaged(eng)
		u.toLaunch[o.Launcher] += o.Count
		for k := 0; k < o.Count; k++ {
			w.eng.At(o.LaunchAt+float64(k)*SalvoInterval, sim.Engage, func(t float64) { w.launch(eng, o, t) })
		}
	}
}

// assess is the threat evaluation of a picture's track (bm.EvaluateTrack
// over the ground beneath it), made once per track, instant and state of
// the trackers: every unit whose picture holds the track at that instant
// would make the same one, and in a grid of many battalions sharing one
// picture that repetition was the largest cost of a decision. A
// ballistic track's impact prediction is carried between instants until
// a detection updates the track (bm.ImpactCarry): half the decisions on
// a ballistic missile come between two detections of it.
func (w *world) assess(tk bm.Track) bm.Threat {
	a := w.assessed[tk.ID]
	if a != nil && a.gen == w.trackGen && a.th.Track.T == tk.T && w.trackGen > 0 {
		return a.th
	}
	if a == nil {
		if w.assessed == nil {
			w.assessed = map[int]*assessment{}
		}
		// Kept by pointer: a threat carries its track's covariances,
		// and the map's values were copied in and out at every look-up.
		a = &assessment{carry: &bm.ImpactCarry{}}
		w.assessed[tk.ID] = a
	}
	a.th, a.gen = a.carry.Evaluate(w.onGround(tk), w.sites), w.trackGen
	return a.th
}

// assessment is a track's threat evaluation and the state of the
// trackers it was made in.
type assessment struct {
	th  bm.Threat
	gen int
	// carry holds the track's impact prediction until a detection
	// updates it.
	carry *bm.ImpactCarry
}

// stream is the random stream for one purpose of one entity in this
// replication.
func (w *world) stream(names ...string) *rand.Rand {
	return sim.Stream(w.s.Seed, append([]string{w.rep}, names...)...)
}

// finite reports whether every coordinate of p is a finite number.
func finite(p r3.Vec) bool {
	for _, x := range [...]float64{p.X, p.Y, p.Z} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
