package dis

import "errors"

// Emission is an Electromagnetic Emission PDU (IEEE 1278.1-2012, 7.6.2):
// the emitter systems of one entity, each with its beams and, per beam,
// the entities it tracks or jams.
type Emission struct {
	Header
	Emitter     EntityID
	Event       EventID
	StateUpdate uint8 // 0: heartbeat, 1: changed data
	Systems     []EmitterSystem
}

// EmitterSystem is one emitter of an entity: its name (SISO-REF-010,
// Emitter Name), function (Emitter System Function), number on the entity,
// location on the entity (body coordinates, m) and beams.
type EmitterSystem struct {
	Name     uint16
	Function uint8
	Number   uint8
	Location Vector
	Beams    []Beam
}

// Beam is one beam of an emitter: its fundamental parameters (frequency
// and range in Hz, effective radiated power in dBm, pulse repetition
// frequency in Hz, pulse width in µs), where it points and sweeps (rad,
// geocentric... as the standard: azimuth and elevation from the entity),
// its function (SISO-REF-010 Beam Function), status and the entities it
// tracks or jams.
type Beam struct {
	Number          uint8
	ParameterIndex  uint16
	Frequency       float32
	FrequencyRange  float32
	ERP             float32
	PRF             float32
	PulseWidth      float32
	AzimuthCenter   float32
	AzimuthSweep    float32
	ElevationCenter float32
	ElevationSweep  float32
	SweepSync       float32
	Function        uint8
	HighDensity     uint8 // 1: more targets than listed
	Status          uint8 // 0: active, 1: deactivated
	Jamming         JammingTechnique
	Targets         []TrackJam
}

// JammingTechnique is a beam's jamming technique (SISO-REF-010); zero for
// a radar.
type JammingTechnique struct {
	Kind, Category, Subcategory, Specific uint8
}

// TrackJam is one entity a beam tracks or jams, and which of its emitters
// and beams, when it is the target's emission that is jammed.
type TrackJam struct {
	Entity  EntityID
	Emitter uint8
	Beam    uint8
}

// Sizes of the parts of an Emission PDU, bytes.
const (
	EmissionSize = 28 // header and fixed fields
	systemSize   = 20 // an emitter system without its beams
	beamSize     = 52 // a beam without its targets
	trackJamSize = 8
)

func (p *Emission) PDUHeader() *Header { return &p.Header }
func (p *Emission) pduType() Type      { return TypeEmission }

var errTooLong = errors.New("emitter system or beam longer than its 8-bit length field")

func (p *Emission) body(w *writer) {
	if len(p.Systems) > 255 {
		w.err = errTooLong
	}
	w.entityID(p.Emitter)
	w.eventID(p.Event)
	w.u8(p.StateUpdate)
	w.u8(uint8(len(p.Systems)))
	w.pad(2)
	for _, s := range p.Systems {
		n := systemSize
		for _, b := range s.Beams {
			n += beamSize + trackJamSize*len(b.Targets)
		}
		// Lengths count 32-bit words.
		if n/4 > 255 || len(s.Beams) > 255 {
			w.err = errTooLong
		}
		w.u8(uint8(n / 4))
		w.u8(uint8(len(s.Beams)))
		w.pad(2)
		w.u16(s.Name)
		w.u8(s.Function)
		w.u8(s.Number)
		w.vector(s.Location)
		for _, b := range s.Beams {
			w.u8(uint8((beamSize + trackJamSize*len(b.Targets)) / 4))
			w.u8(b.Number)
			w.u16(b.ParameterIndex)
			w.f32(b.Frequency)
			w.f32(b.FrequencyRange)
			w.f32(b.ERP)
			w.f32(b.PRF)
			w.f32(b.PulseWidth)
			w.f32(b.AzimuthCenter)
			w.f32(b.AzimuthSweep)
			w.f32(b.ElevationCenter)
			w.f32(b.ElevationSweep)
			w.f32(b.SweepSync)
			w.u8(b.Function)
			w.u8(uint8(len(b.Targets)))
			w.u8(b.HighDensity)
			w.u8(b.Status)
			w.u8(b.Jamming.Kind)
			w.u8(b.Jamming.Category)
			w.u8(b.Jamming.Subcategory)
			w.u8(b.Jamming.Specific)
			for _, t := range b.Targets {
				w.entityID(t.Entity)
				w.u8(t.Emitter)
				w.u8(t.Beam)
			}
		}
	}
}

// read takes the records in the order and number their counts give. The
// length fields are checked against what the counts imply: a PDU whose
// lengths disagree with its counts is refused rather than guessed at.
func (p *Emission) read(r *reader) {
	p.Emitter = r.entityID()
	p.Event = r.eventID()
	p.StateUpdate = r.u8()
	ns := int(r.u8())
	r.skip(2)
	if r.err == nil && len(r.b) < ns*systemSize {
		r.err = ErrShort
		return
	}
	p.Systems = make([]EmitterSystem, 0, ns)
	for range ns {
		var s EmitterSystem
		words := int(r.u8())
		nb := int(r.u8())
		r.skip(2)
		s.Name = r.u16()
		s.Function = r.u8()
		s.Number = r.u8()
		s.Location = r.vector()
		n := systemSize
		if r.err == nil && len(r.b) < nb*beamSize {
			r.err = ErrShort
			return
		}
		for range nb {
			var b Beam
			bwords := int(r.u8())
			b.Number = r.u8()
			b.ParameterIndex = r.u16()
			b.Frequency = r.f32()
			b.FrequencyRange = r.f32()
			b.ERP = r.f32()
			b.PRF = r.f32()
			b.PulseWidth = r.f32()
			b.AzimuthCenter = r.f32()
			b.AzimuthSweep = r.f32()
			b.ElevationCenter = r.f32()
			b.ElevationSweep = r.f32()
			b.SweepSync = r.f32()
			b.Function = r.u8()
			nt := int(r.u8())
			b.HighDensity = r.u8()
			b.Status = r.u8()
			b.Jamming = JammingTechnique{r.u8(), r.u8(), r.u8(), r.u8()}
			if r.err == nil && len(r.b) < nt*trackJamSize {
				r.err = ErrShort
				return
			}
			for range nt {
				b.Targets = append(b.Targets, TrackJam{Entity: r.entityID(), Emitter: r.u8(), Beam: r.u8()})
			}
			if r.err == nil && bwords*4 != beamSize+trackJamSize*nt {
				r.err = errLength
			}
			n += beamSize + trackJamSize*nt
			s.Beams = append(s.Beams, b)
		}
		if r.err == nil && words*4 != n {
			r.err = errLength
		}
		if r.err != nil {
			return
		}
		p.Systems = append(p.Systems, s)
	}
}

var errLength = errors.New("a system or beam length disagrees with its records")
