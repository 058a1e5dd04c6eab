package dis

import "errors"

// EntityState says where an entity is and how it moves (IEEE 1278.1-2012,
// 7.2.2): 144 octets and 16 per variable parameter.
type EntityState struct {
	Header
	ID            EntityID
	Force         uint8 // SISO-REF-010 Force ID: 1 friendly, 2 opposing, 3 neutral
	Type          EntityType
	AlternateType EntityType // the type as an opposing side may see it
	Velocity      Vector     // geocentric, m/s
	Location      WorldCoordinates
	Orientation   EulerAngles
	Appearance    uint32 // appearance bits, by kind and domain (see Appearance*)
	DeadReckoning DeadReckoning
	Marking       Marking
	Capabilities  uint32
	Variable      []VariableParameter
}

// EntityStateSize is the size of an Entity State PDU without variable
// parameters, bytes.
const EntityStateSize = 144

func (p *EntityState) PDUHeader() *Header { return &p.Header }
func (p *EntityState) pduType() Type      { return TypeEntityState }

var errTooManyParameters = errors.New("more than 255 variable parameters")

func (p *EntityState) body(w *writer) {
	if len(p.Variable) > 255 {
		w.err = errTooManyParameters
	}
	w.entityID(p.ID)
	w.u8(p.Force)
	w.u8(uint8(len(p.Variable)))
	w.entityType(p.Type)
	w.entityType(p.AlternateType)
	w.vector(p.Velocity)
	w.world(p.Location)
	w.euler(p.Orientation)
	w.u32(p.Appearance)
	w.u8(p.DeadReckoning.Algorithm)
	w.bytes(p.DeadReckoning.Parameters[:])
	w.vector(p.DeadReckoning.Acceleration)
	w.vector(p.DeadReckoning.AngularVelocity)
	w.u8(p.Marking.CharacterSet)
	w.bytes(p.Marking.Text[:])
	w.u32(p.Capabilities)
	w.variable(p.Variable)
}

func (p *EntityState) read(r *reader) {
	p.ID = r.entityID()
	p.Force = r.u8()
	n := int(r.u8())
	p.Type = r.entityType()
	p.AlternateType = r.entityType()
	p.Velocity = r.vector()
	p.Location = r.world()
	p.Orientation = r.euler()
	p.Appearance = r.u32()
	p.DeadReckoning.Algorithm = r.u8()
	copy(p.DeadReckoning.Parameters[:], r.take(15))
	p.DeadReckoning.Acceleration = r.vector()
	p.DeadReckoning.AngularVelocity = r.vector()
	p.Marking.CharacterSet = r.u8()
	copy(p.Marking.Text[:], r.take(11))
	p.Capabilities = r.u32()
	p.Variable = r.variable(n)
}

// Fire says a munition was fired (IEEE 1278.1-2012, 7.3.2): 96 octets.
type Fire struct {
	Header
	Firing      EntityID // the shooter
	Target      EntityID // its intended target, or zero when not known
	Munition    EntityID // the munition, when it is an entity of its own; else zero
	Event       EventID  // the shot: its Detonation carries the same
	FireMission uint32
	Location    WorldCoordinates // where it was fired from, geocentric m
	Descriptor  MunitionDescriptor
	Velocity    Vector  // the munition's initial velocity, geocentric m/s
	Range       float32 // range the munition will fly, m; zero when not known
}

// FireSize is the size of a Fire PDU, bytes.
const FireSize = 96

func (p *Fire) PDUHeader() *Header { return &p.Header }
func (p *Fire) pduType() Type      { return TypeFire }

func (p *Fire) body(w *writer) {
	w.entityID(p.Firing)
	w.entityID(p.Target)
	w.entityID(p.Munition)
	w.eventID(p.Event)
	w.u32(p.FireMission)
	w.world(p.Location)
	w.munition(p.Descriptor)
	w.vector(p.Velocity)
	w.f32(p.Range)
}

func (p *Fire) read(r *reader) {
	p.Firing, p.Target, p.Munition = r.entityID(), r.entityID(), r.entityID()
	p.Event = r.eventID()
	p.FireMission = r.u32()
	p.Location = r.world()
	p.Descriptor = r.munition()
	p.Velocity = r.vector()
	p.Range = r.f32()
}

// Detonation says a munition burst or hit (IEEE 1278.1-2012, 7.3.3): 104
// octets and 16 per variable parameter.
type Detonation struct {
	Header
	Firing         EntityID
	Target         EntityID
	Munition       EntityID
	Event          EventID
	Velocity       Vector           // the munition's velocity at the burst, geocentric m/s
	Location       WorldCoordinates // where, geocentric m
	Descriptor     MunitionDescriptor
	EntityLocation Vector // where, in the target's body coordinates, m
	Result         uint8  // SISO-REF-010 Detonation Result (Detonation*)
	Variable       []VariableParameter
}

// DetonationSize is the size of a Detonation PDU without variable
// parameters, bytes.
const DetonationSize = 104

func (p *Detonation) PDUHeader() *Header { return &p.Header }
func (p *Detonation) pduType() Type      { return TypeDetonation }

func (p *Detonation) body(w *writer) {
	if len(p.Variable) > 255 {
		w.err = errTooManyParameters
	}
	w.entityID(p.Firing)
	w.entityID(p.Target)
	w.entityID(p.Munition)
	w.eventID(p.Event)
	w.vector(p.Velocity)
	w.world(p.Location)
	w.munition(p.Descriptor)
	w.vector(p.EntityLocation)
	w.u8(p.Result)
	w.u8(uint8(len(p.Variable)))
	w.pad(2)
	w.variable(p.Variable)
}

func (p *Detonation) read(r *reader) {
	p.Firing, p.Target, p.Munition = r.entityID(), r.entityID(), r.entityID()
	p.Event = r.eventID()
	p.Velocity = r.vector()
	p.Location = r.world()
	p.Descriptor = r.munition()
	p.EntityLocation = r.vector()
	p.Result = r.u8()
	n := int(r.u8())
	r.skip(2)
	p.Variable = r.variable(n)
}
