// Package playback turns the record of a run into the DIS PDUs a
// simulation network sees of it, each at its time, and sends them: in real
// time, as fast as possible, or into a pcap file.
//
// What goes out (docs/dis.md):
//
//   - Entity State for every command post, radar and launcher (static,
//     dead reckoning algorithm Static, every Heartbeat seconds) and every
//     threat in the air (at each truth sample of the run, once a second,
//     with the velocity that carries it to its next sample: dead reckoning
//     FPW). A threat that is killed is last sent destroyed and
//     deactivated; one that leaks, impacts or ends its route, deactivated.
//     A radar destroyed by an anti-radiation missile is sent destroyed.
//   - Entity State for every interceptor in flight, at each of its samples
//     (its launcher at launch, once a second, where it fuzed or destroyed
//     itself), a munition of its missile's SISO-REF-010 type, friendly,
//     dead reckoning FPW with the velocity to its next sample; its last
//     state, at its end, deactivated.
//   - Fire at each interceptor launch, Detonation at each intercept
//     (entity proximate detonation), self-destruct (detonation) and
//     ballistic or anti-radiation impact (ground impact). An
//     interceptor's Fire and Detonation share one event ID.
//   - Electromagnetic Emission for every radar: one system, one beam
//     (search for a surveillance radar, acquisition and tracking for a
//     fire-control radar, with the threats it guides interceptors at as its
//     track list), at the start, every EmissionHeartbeat seconds and when
//     the track list or the radar's emission changes.
package playback

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/iadsim/iadsim/dis"
	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
	"gonum.org/v1/gonum/spatial/r3"
)

// Options set the simulation address and exercise of the PDUs.
type Options struct {
	Exercise    uint8  // exercise ID; 0 becomes 1
	Site        uint16 // site of every entity ID; 0 becomes 1
	Application uint16 // application of every entity ID; 0 becomes 1
}

// Heartbeats, s: IEEE 1278.1-2012's defaults for an entity's state and for
// an emission.
const (
	Heartbeat         = 5
	EmissionHeartbeat = 10
)

// Frame is one PDU due T seconds after the epoch, encoded.
type Frame struct {
	T    float64
	Type dis.Type
	Data []byte
}

// Frames returns the PDUs of a run, in time order (PDUs of one instant in
// the order of the record: entities first, then what happened to them).
// The same run gives the same bytes.
func Frames(s *scenario.Scenario, res *record.Result, opt Options) ([]Frame, error) {
	if opt.Exercise == 0 {
		opt.Exercise = 1
	}
	if opt.Site == 0 {
		opt.Site = 1
	}
	if opt.Application == 0 {
		opt.Application = 1
	}
	b := &builder{opt: opt, ep: epoch.New(s.Epoch), ids: map[string]dis.EntityID{}}
	b.statics(s)
	b.threats(res)
	b.interceptors(res)
	if err := b.events(s, res.Events); err != nil {
		return nil, err
	}
	if b.err != nil {
		return nil, b.err
	}
	// Stable: PDUs of one instant keep the order they were made in.
	slices.SortStableFunc(b.frames, func(x, y Frame) int { return cmp.Compare(x.T, y.T) })
	return b.frames, nil
}

// builder makes the PDUs of one run.
type builder struct {
	opt    Options
	ep     epoch.Epoch
	ids    map[string]dis.EntityID // by radar, launcher, post or threat id
	next   uint16
	frames []Frame
	err    error
	// ground are the command posts, radars and launchers, re-sent every
	// Heartbeat.
	ground []*static
	radars map[string]*emitter
	shots  map[string]shot // by interceptor id
	nshots uint16
	end    float64
}

// static is a ground entity and when it was destroyed.
type static struct {
	es        dis.EntityState
	destroyed float64 // s; +Inf while intact
}

// emitter is a radar's emission as it stands.
type emitter struct {
	radar    *scenario.Radar
	id       dis.EntityID
	active   bool
	tracking []string // threat ids, in the order engaged
	number   uint16   // event number of its emission
}

// shot is an interceptor in flight: its Fire's IDs, for its Detonation.
type shot struct {
	event    dis.EventID
	launcher dis.EntityID
	target   dis.EntityID
	munition dis.EntityID // the interceptor's own entity, or zero
	missile  string
}

// entity is the entity ID of key, numbered on first use. Entity numbers
// 0 and 65535 mean no entity and all entities: a run has at most 65534.
func (b *builder) entity(key string) dis.EntityID {
	if id, ok := b.ids[key]; ok {
		return id
	}
	if b.next == 65534 && b.err == nil {
		b.err = fmt.Errorf("more than 65534 entities: DIS numbers entities in 16 bits")
	}
	b.next++
	id := dis.EntityID{Site: b.opt.Site, Application: b.opt.Application, Entity: b.next}
	b.ids[key] = id
	return id
}

// emit stamps p with the exercise and its instant and keeps it as a frame.
func (b *builder) emit(t float64, p dis.PDU) {
	h := p.PDUHeader()
	h.Exercise = b.opt.Exercise
	h.Timestamp = dis.AbsoluteTimestamp(b.ep.At(t))
	data, err := dis.Marshal(p)
	if err != nil && b.err == nil {
		b.err = err
	}
	b.frames = append(b.frames, Frame{T: t, Type: h.Type, Data: data})
}

// statics makes the ground entities (command posts, radars, launchers)
// and the radars' emitters.
func (b *builder) statics(s *scenario.Scenario) {
	b.end = s.Duration
	b.radars = map[string]*emitter{}
	add := func(key, marking string, at geo.LLA, t dis.EntityType) *static {
		st := &static{destroyed: math.Inf(1), es: dis.EntityState{
			ID: b.entity(key), Force: dis.ForceFriendly, Type: t, AlternateType: t,
			Location: world(at.ECEF()), Orientation: orientation(at.ECEF(), north(at)),
			DeadReckoning: dis.DeadReckoning{Algorithm: dis.DRStatic}, Marking: dis.NewMarking(marking),
		}}
		b.ground = append(b.ground, st)
		return st
	}
	for _, u := range s.Units {
		t, _ := dis.CommandPostType(u.System)
		add("post:"+u.CommandPost.ID, u.CommandPost.ID, u.CommandPost.At, t)
		for i := range u.Radars {
			r := &u.Radars[i]
			t, _ := dis.EquipmentType(r.Model, false)
			st := add("radar:"+r.ID, r.ID, r.At, t)
			b.radars[r.ID] = &emitter{radar: r, id: st.es.ID, active: r.Emcon == (scenario.Emcon{})}
		}
		for _, l := range u.Launchers {
			t, _ := dis.EquipmentType(l.Model, false)
			add("launcher:"+l.ID, l.ID, l.At, t)
		}
	}
}

// heartbeat sends every ground entity, and on every other beat every
// radar's emission (Heartbeat 5 s, EmissionHeartbeat 10 s), at beat k.
func (b *builder) heartbeat(k int, radarOrder []string) {
	t := float64(k) * Heartbeat
	for _, st := range b.ground {
		es := st.es
		if t >= st.destroyed {
			es.Appearance = dis.AppearanceDestroyed
		}
		b.emit(t, &es)
	}
	if k%(EmissionHeartbeat/Heartbeat) == 0 {
		for _, id := range radarOrder {
			b.emission(t, b.radars[id], 0)
		}
	}
}

// threats sends each threat's truth samples as Entity State PDUs.
func (b *builder) threats(res *record.Result) {
	types := map[string]string{}
	for _, th := range res.Threats {
		types[th.ID] = th.Type
		b.entity("threat:" + th.ID)
	}
	paths(res, "truth", func(id string, ss []record.Sample, k int, p, v r3.Vec) {
		t, _ := dis.ThreatType(types[id])
		b.emit(ss[k].T, b.threatState(id, t, p, v, ss[k].At, 0))
	})
}

// interceptors sends each interceptor's samples as Entity State PDUs.
func (b *builder) interceptors(res *record.Result) {
	paths(res, "interceptor", func(id string, ss []record.Sample, k int, p, v r3.Vec) {
		t, _ := dis.EquipmentType(ss[0].Missile, true)
		var appearance uint32
		if k == len(ss)-1 {
			appearance = dis.AppearanceDeactivated // it has burst
		}
		dir := v
		if r3.Norm(dir) == 0 {
			dir = north(ss[k].At)
		}
		b.emit(ss[k].T, &dis.EntityState{
			ID: b.entity("interceptor:" + id), Force: dis.ForceFriendly, Type: t, AlternateType: t,
			Velocity: vector(v), Location: world(p), Orientation: orientation(p, dir), Appearance: appearance,
			DeadReckoning: dis.DeadReckoning{Algorithm: dis.DRFPW}, Marking: dis.NewMarking(id),
		})
	})
}

// paths calls state for each sample of kind, object by object in the
// order of their first samples, with its geocentric position and the
// velocity that carries it to its next sample (a receiver's dead
// reckoning meets the next update; the last sample keeps the velocity
// before it).
func paths(res *record.Result, kind string, state func(id string, ss []record.Sample, k int, p, v r3.Vec)) {
	byID := map[string][]record.Sample{}
	var order []string
	for _, sm := range res.Samples {
		if sm.Kind != kind {
			continue
		}
		if _, ok := byID[sm.ID]; !ok {
			order = append(order, sm.ID)
		}
		byID[sm.ID] = append(byID[sm.ID], sm)
	}
	for _, id := range order {
		ss := byID[id]
		var v r3.Vec
		for k, sm := range ss {
			p := sm.At.ECEF()
			if k+1 < len(ss) && ss[k+1].T > sm.T {
				v = r3.Scale(1/(ss[k+1].T-sm.T), r3.Sub(ss[k+1].At.ECEF(), p))
			}
			state(id, ss, k, p, v)
		}
	}
}

func (b *builder) threatState(id string, t dis.EntityType, p, v r3.Vec, at geo.LLA, appearance uint32) *dis.EntityState {
	dir := v
	if r3.Norm(dir) == 0 {
		dir = north(at)
	}
	return &dis.EntityState{
		ID: b.entity("threat:" + id), Force: dis.ForceOpposing, Type: t, AlternateType: t,
		Velocity: vector(v), Location: world(p), Orientation: orientation(p, dir), Appearance: appearance,
		DeadReckoning: dis.DeadReckoning{Algorithm: dis.DRFPW}, Marking: dis.NewMarking(id),
	}
}

// events sends what happened: shots, bursts, ends of threats, and the
// radars' emissions as they change.
func (b *builder) events(s *scenario.Scenario, events []event.Event) error {
	b.shots = map[string]shot{}
	types := map[string]string{}
	var radarOrder []string
	for _, u := range s.Units {
		for _, r := range u.Radars {
			radarOrder = append(radarOrder, r.ID)
		}
	}
	// Heartbeats go out in time order with the events, so that each
	// tells the state of its instant; a beat precedes the events of its
	// instant.
	beat := 0
	beats := func(until float64) {
		for ; float64(beat)*Heartbeat <= until; beat++ {
			b.heartbeat(beat, radarOrder)
		}
	}
	for _, e := range events {
		beats(e.T)
		if e.ThreatType != "" {
			types[e.Threat] = e.ThreatType
		}
		switch e.Type {
		case event.Launch:
			b.nshots++
			sh := shot{event: dis.EventID{Site: b.opt.Site, Application: b.opt.Application, Number: b.nshots},
				launcher: b.ids["launcher:"+e.Launcher], missile: e.Missile}
			if e.Threat != "" {
				sh.target = b.ids["threat:"+e.Threat]
			}
			// The interceptor is an entity when the run sampled its
			// fly-out (interceptors); else the munition ID stays zero.
			sh.munition = b.ids["interceptor:"+e.Interceptor]
			b.shots[e.Interceptor] = sh
			f := &dis.Fire{Firing: sh.launcher, Target: sh.target, Munition: sh.munition, Event: sh.event, Descriptor: descriptor(e.Missile)}
			if e.Pos != nil {
				from := lla(e.Pos).ECEF()
				f.Location = world(from)
				if e.PIP != nil {
					f.Range = float32(r3.Norm(r3.Sub(lla(e.PIP).ECEF(), from)))
				}
			}
			b.emit(e.T, f)
		case event.Intercept, event.SelfDestruct:
			sh, ok := b.shots[e.Interceptor]
			if !ok || e.Pos == nil {
				continue
			}
			d := &dis.Detonation{Firing: sh.launcher, Target: sh.target, Munition: sh.munition, Event: sh.event,
				Location: world(lla(e.Pos).ECEF()), Descriptor: descriptor(sh.missile), Result: dis.DetonationEntityProximate}
			if e.Type == event.SelfDestruct {
				d.Result = dis.DetonationDetonation
			}
			b.emit(e.T, d)
		case event.Impact:
			if e.Pos == nil {
				continue
			}
			t, _ := dis.ThreatType(e.ThreatType)
			b.emit(e.T, &dis.Detonation{Munition: b.ids["threat:"+e.Threat], Target: b.ids["radar:"+e.Radar],
				Location: world(lla(e.Pos).ECEF()), Descriptor: dis.MunitionDescriptor{Type: t, Quantity: 1},
				Result: dis.DetonationGroundImpact})
			b.threatGone(e, types, 0)
		case event.Kill:
			b.threatGone(e, types, dis.AppearanceDestroyed)
		case event.Leak, event.ThreatEnd:
			b.threatGone(e, types, 0)
		case event.Engagement:
			if r := b.radars[e.Radar]; r != nil && e.Threat != "" && !slices.Contains(r.tracking, e.Threat) {
				r.tracking = append(r.tracking, e.Threat)
				b.emission(e.T, r, 1)
			}
		case event.EngagementOver:
			if r := b.radars[e.Radar]; r != nil {
				if i := slices.Index(r.tracking, e.Threat); i >= 0 {
					r.tracking = slices.Delete(r.tracking, i, i+1)
					b.emission(e.T, r, 1)
				}
			}
		case event.RadarActive, event.RadarSilent, event.RadarDestroyed:
			if r := b.radars[e.Radar]; r != nil {
				r.active = e.Type == event.RadarActive
				if e.Type == event.RadarDestroyed {
					r.tracking = nil
					for _, st := range b.ground {
						if st.es.ID == r.id {
							st.destroyed = e.T
						}
					}
				}
				b.emission(e.T, r, 1)
			}
		}
	}
	beats(b.end)
	return nil
}

// threatGone sends a threat's last Entity State: where it ended, deactivated,
// destroyed when killed.
func (b *builder) threatGone(e event.Event, types map[string]string, appearance uint32) {
	if e.Pos == nil || e.Threat == "" {
		return
	}
	t, _ := dis.ThreatType(types[e.Threat])
	at := lla(e.Pos)
	b.emit(e.T, b.threatState(e.Threat, t, at.ECEF(), r3.Vec{}, at, appearance|dis.AppearanceDeactivated))
}

// emission sends a radar's Electromagnetic Emission PDU.
func (b *builder) emission(t float64, r *emitter, update uint8) {
	rd := r.radar
	beam := dis.Beam{Number: 1, Frequency: float32(rd.Frequency), PRF: float32(rd.PRF),
		AzimuthSweep: math.Pi, Function: dis.BeamSearch}
	if rd.SectorWidth > 0 {
		beam.AzimuthSweep = float32(rd.SectorWidth / 2)
	}
	beam.ElevationCenter = float32((rd.MaxElevation + rd.MinElevation) / 2)
	beam.ElevationSweep = float32((rd.MaxElevation - rd.MinElevation) / 2)
	fn := uint8(dis.EmitterSurveillance)
	if rd.Role == scenario.RoleFireControl {
		fn, beam.Function = dis.EmitterFireControl, dis.BeamAcquisitionAndTracking
	}
	if !r.active {
		beam.Status = 1 // deactivated
	}
	for _, th := range r.tracking {
		beam.Targets = append(beam.Targets, dis.TrackJam{Entity: b.ids["threat:"+th]})
	}
	r.number++
	b.emit(t, &dis.Emission{Emitter: r.id, Event: dis.EventID{Site: b.opt.Site, Application: b.opt.Application, Number: r.number},
		StateUpdate: update, Systems: []dis.EmitterSystem{{Name: dis.EmitterName(rd.Model), Function: fn, Number: 1,
			Location: dis.Vector{Z: float32(rd.AntennaHeight)}, Beams: []dis.Beam{beam}}}})
}

func descriptor(missile string) dis.MunitionDescriptor {
	t, _ := dis.EquipmentType(missile, true)
	return dis.MunitionDescriptor{Type: t, Warhead: dis.WarheadHEFragmentation, Fuse: dis.FuseProximity, Quantity: 1}
}

func lla(p *event.Position) geo.LLA { return geo.Deg(p.Lat, p.Lon, p.Alt) }

func world(v r3.Vec) dis.WorldCoordinates { return dis.WorldCoordinates{X: v.X, Y: v.Y, Z: v.Z} }

func vector(v r3.Vec) dis.Vector {
	return dis.Vector{X: float32(v.X), Y: float32(v.Y), Z: float32(v.Z)}
}

// north is the geocentric unit vector pointing north, level, at p.
func north(p geo.LLA) r3.Vec {
	return geo.NewFrame(p).RotateFromENU(r3.Vec{Y: 1})
}

// orientation is the DIS orientation of a body at geocentric position p
// whose nose points along dir, wings level: its body x axis along dir, its
// y axis (right wing) horizontal, its z axis down as far as dir allows.
// Psi and theta turn the geocentric x axis onto dir (IEEE 1278.1-2012,
// Euler angles from the world frame); phi then rolls the turned y axis
// onto the horizontal.
func orientation(p, dir r3.Vec) dis.EulerAngles {
	d := r3.Unit(dir)
	psi := math.Atan2(d.Y, d.X)
	theta := math.Atan2(-d.Z, math.Hypot(d.X, d.Y))
	// Axes after psi and theta: y1 and z1.
	sp, cp := math.Sincos(psi)
	st, ct := math.Sincos(theta)
	y1 := r3.Vec{X: -sp, Y: cp}
	z1 := r3.Vec{X: cp * st, Y: sp * st, Z: ct}
	// The level right wing: forward x up, up the geodetic vertical.
	up := geo.FromECEF(p)
	u := r3.Vec{X: math.Cos(up.Lat) * math.Cos(up.Lon), Y: math.Cos(up.Lat) * math.Sin(up.Lon), Z: math.Sin(up.Lat)}
	right := r3.Cross(d, u)
	var phi float64
	if r3.Norm(right) > 1e-9 {
		right = r3.Unit(right)
		phi = math.Atan2(r3.Dot(right, z1), r3.Dot(right, y1))
	}
	return dis.EulerAngles{Psi: float32(psi), Theta: float32(theta), Phi: float32(phi)}
}

func (f Frame) String() string { return fmt.Sprintf("%.3f s %v (%d bytes)", f.T, f.Type, len(f.Data)) }
