package dis

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// ProtocolVersion is IEEE 1278.1-2012, DIS version 7 (SISO-REF-010,
// Protocol Version 7).
const ProtocolVersion = 7

// Port is the UDP port DIS traffic uses by convention.
const Port = 3000

// Type is the PDU type (SISO-REF-010, PDU Type).
type Type uint8

// The PDU types this package reads and writes.
const (
	TypeEntityState Type = 1
	TypeFire        Type = 2
	TypeDetonation  Type = 3
	TypeEmission    Type = 23 // Electromagnetic Emission
)

func (t Type) String() string {
	switch t {
	case TypeEntityState:
		return "Entity State"
	case TypeFire:
		return "Fire"
	case TypeDetonation:
		return "Detonation"
	case TypeEmission:
		return "Electromagnetic Emission"
	}
	return fmt.Sprintf("PDU type %d", uint8(t))
}

// Family is the protocol family a PDU type belongs to (SISO-REF-010,
// Protocol Family).
func (t Type) Family() uint8 {
	switch t {
	case TypeEntityState:
		return 1 // Entity Information/Interaction
	case TypeFire, TypeDetonation:
		return 2 // Warfare
	case TypeEmission:
		return 6 // Distributed Emission Regeneration
	}
	return 0
}

// HeaderSize is the size of the PDU header, bytes.
const HeaderSize = 12

// Header opens every PDU (IEEE 1278.1-2012, 6.2.66). Marshal fills
// Version, Type, Family and Length itself.
type Header struct {
	Version   uint8
	Exercise  uint8
	Type      Type
	Family    uint8
	Timestamp Timestamp
	Length    uint16 // bytes, header included
	Status    uint8  // PDU status bits (v7); zero here
}

// EntityID names an entity: simulation address (site, application) and
// entity number.
type EntityID struct {
	Site, Application, Entity uint16
}

// EventID names an event, such as one shot: the Fire and Detonation PDUs of
// one interceptor carry the same one.
type EventID struct {
	Site, Application, Number uint16
}

// EntityType is an entity's kind, domain, country and what it is, as
// SISO-REF-010 numbers them.
type EntityType struct {
	Kind        uint8
	Domain      uint8
	Country     uint16
	Category    uint8
	Subcategory uint8
	Specific    uint8
	Extra       uint8
}

func (t EntityType) String() string {
	return fmt.Sprintf("%d.%d.%d.%d.%d.%d.%d", t.Kind, t.Domain, t.Country, t.Category, t.Subcategory, t.Specific, t.Extra)
}

// Vector is a single-precision vector: a velocity, an acceleration, an
// offset in entity coordinates.
type Vector struct{ X, Y, Z float32 }

// WorldCoordinates is a double-precision geocentric (ECEF) position, m.
type WorldCoordinates struct{ X, Y, Z float64 }

// EulerAngles is an orientation: psi about z, then theta about the new y,
// then phi about the new x, from the geocentric axes, rad.
type EulerAngles struct{ Psi, Theta, Phi float32 }

// DeadReckoning is what a receiver extrapolates an entity's position with
// between updates: the algorithm (SISO-REF-010, Dead Reckoning Algorithm:
// DRStatic, DRFPW, ...), fifteen octets of algorithm parameters, the
// linear acceleration and the angular velocity.
type DeadReckoning struct {
	Algorithm       uint8
	Parameters      [15]byte
	Acceleration    Vector
	AngularVelocity Vector
}

// Marking is an entity's name as others display it: a character set (1,
// ASCII) and eleven octets of text, padded with zeros.
type Marking struct {
	CharacterSet uint8
	Text         [11]byte
}

// NewMarking returns an ASCII marking of s, cut to eleven octets; bytes
// outside printable ASCII become '?'.
func NewMarking(s string) Marking {
	m := Marking{CharacterSet: 1}
	for i := 0; i < len(s) && i < len(m.Text); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e {
			c = '?'
		}
		m.Text[i] = c
	}
	return m
}

// String is the marking's text up to its first zero.
func (m Marking) String() string {
	n := 0
	for n < len(m.Text) && m.Text[n] != 0 {
		n++
	}
	return string(m.Text[:n])
}

// VariableParameter is one 16-octet variable parameter record: a record
// type and fifteen octets whose meaning the type gives (articulated
// parts, attached parts, ...).
type VariableParameter struct {
	RecordType uint8
	Data       [15]byte
}

// MunitionDescriptor says what was fired: the munition's entity type,
// warhead, fuse, quantity and rate (IEEE 1278.1-2012, 6.2.19.2).
type MunitionDescriptor struct {
	Type     EntityType
	Warhead  uint16
	Fuse     uint16
	Quantity uint16
	Rate     uint16
}

// PDU is one of the PDU types of this package: *EntityState, *Fire,
// *Detonation or *Emission.
type PDU interface {
	// PDUHeader is the PDU's header.
	PDUHeader() *Header
	pduType() Type
	body(w *writer)
	read(r *reader)
}

// Marshal writes p as one PDU: its header, with Version, Type, Family and
// Length set from p, and its body.
func Marshal(p PDU) ([]byte, error) {
	h := p.PDUHeader()
	h.Version, h.Type, h.Family = ProtocolVersion, p.pduType(), p.pduType().Family()
	w := &writer{b: make([]byte, HeaderSize, 144)}
	p.body(w)
	if len(w.b) > math.MaxUint16 {
		return nil, fmt.Errorf("dis: %v PDU of %d bytes: longer than a PDU's 16-bit length", h.Type, len(w.b))
	}
	if w.err != nil {
		return nil, fmt.Errorf("dis: %v PDU: %w", h.Type, w.err)
	}
	h.Length = uint16(len(w.b))
	b := w.b
	b[0], b[1], b[2], b[3] = h.Version, h.Exercise, uint8(h.Type), h.Family
	binary.BigEndian.PutUint32(b[4:], uint32(h.Timestamp))
	binary.BigEndian.PutUint16(b[8:], h.Length)
	b[10], b[11] = h.Status, 0 // padding
	return b, nil
}

// Errors of Unmarshal.
var (
	ErrShort       = errors.New("dis: PDU shorter than its fields")
	ErrUnsupported = errors.New("dis: PDU type not supported")
)

// Unmarshal reads one PDU from b, which must hold at least the Length its
// header gives; octets after it are ignored (a datagram holds one PDU).
// It returns *EntityState, *Fire, *Detonation or *Emission; for another
// PDU type, the header and an error wrapping ErrUnsupported.
func Unmarshal(b []byte) (PDU, error) {
	h, err := ReadHeader(b)
	if err != nil {
		return nil, err
	}
	var p PDU
	switch h.Type {
	case TypeEntityState:
		p = &EntityState{}
	case TypeFire:
		p = &Fire{}
	case TypeDetonation:
		p = &Detonation{}
	case TypeEmission:
		p = &Emission{}
	default:
		return &Unknown{Header: h}, fmt.Errorf("%w: %v", ErrUnsupported, h.Type)
	}
	*p.PDUHeader() = h
	r := &reader{b: b[HeaderSize:h.Length]}
	p.read(r)
	if r.err != nil {
		return nil, fmt.Errorf("%v PDU of %d bytes: %w", h.Type, h.Length, r.err)
	}
	return p, nil
}

// ReadHeader reads the header of the PDU in b and checks that b holds the
// length it gives.
func ReadHeader(b []byte) (Header, error) {
	if len(b) < HeaderSize {
		return Header{}, fmt.Errorf("%w: %d bytes, a header is %d", ErrShort, len(b), HeaderSize)
	}
	h := Header{Version: b[0], Exercise: b[1], Type: Type(b[2]), Family: b[3],
		Timestamp: Timestamp(binary.BigEndian.Uint32(b[4:])), Length: binary.BigEndian.Uint16(b[8:]), Status: b[10]}
	if int(h.Length) < HeaderSize || int(h.Length) > len(b) {
		return h, fmt.Errorf("%w: header says %d bytes, %d received", ErrShort, h.Length, len(b))
	}
	return h, nil
}

// Unknown is a PDU of a type this package does not read: its header alone.
type Unknown struct{ Header }

func (p *Unknown) PDUHeader() *Header { return &p.Header }
func (p *Unknown) pduType() Type      { return p.Type }
func (p *Unknown) body(w *writer)     { w.err = ErrUnsupported }
func (p *Unknown) read(r *reader)     {}
