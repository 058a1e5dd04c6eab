package dis

import (
	"encoding/binary"
	"math"
)

// writer appends big-endian fields. err is set by a body that cannot be
// written (too many records for a count field).
type writer struct {
	b   []byte
	err error
}

func (w *writer) u8(v uint8)   { w.b = append(w.b, v) }
func (w *writer) u16(v uint16) { w.b = binary.BigEndian.AppendUint16(w.b, v) }
func (w *writer) u32(v uint32) { w.b = binary.BigEndian.AppendUint32(w.b, v) }
func (w *writer) f32(v float32) {
	w.u32(math.Float32bits(v))
}
func (w *writer) f64(v float64) { w.b = binary.BigEndian.AppendUint64(w.b, math.Float64bits(v)) }
func (w *writer) pad(n int) {
	for range n {
		w.b = append(w.b, 0)
	}
}
func (w *writer) bytes(p []byte) { w.b = append(w.b, p...) }

func (w *writer) entityID(id EntityID) { w.u16(id.Site); w.u16(id.Application); w.u16(id.Entity) }
func (w *writer) eventID(id EventID)   { w.u16(id.Site); w.u16(id.Application); w.u16(id.Number) }
func (w *writer) entityType(t EntityType) {
	w.u8(t.Kind)
	w.u8(t.Domain)
	w.u16(t.Country)
	w.u8(t.Category)
	w.u8(t.Subcategory)
	w.u8(t.Specific)
	w.u8(t.Extra)
}
func (w *writer) vector(v Vector)          { w.f32(v.X); w.f32(v.Y); w.f32(v.Z) }
func (w *writer) world(v WorldCoordinates) { w.f64(v.X); w.f64(v.Y); w.f64(v.Z) }
func (w *writer) euler(e EulerAngles)      { w.f32(e.Psi); w.f32(e.Theta); w.f32(e.Phi) }
func (w *writer) munition(d MunitionDescriptor) {
	w.entityType(d.Type)
	w.u16(d.Warhead)
	w.u16(d.Fuse)
	w.u16(d.Quantity)
	w.u16(d.Rate)
}
func (w *writer) variable(ps []VariableParameter) {
	for _, p := range ps {
		w.u8(p.RecordType)
		w.bytes(p.Data[:])
	}
}

// reader takes big-endian fields from b; past its end it sets err and
// returns zeros, so a body reads straight through and checks once.
type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil || len(r.b) < n {
		r.err = ErrShort
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *reader) u8() uint8 {
	if p := r.take(1); p != nil {
		return p[0]
	}
	return 0
}
func (r *reader) u16() uint16 {
	if p := r.take(2); p != nil {
		return binary.BigEndian.Uint16(p)
	}
	return 0
}
func (r *reader) u32() uint32 {
	if p := r.take(4); p != nil {
		return binary.BigEndian.Uint32(p)
	}
	return 0
}
func (r *reader) f32() float32 { return math.Float32frombits(r.u32()) }
func (r *reader) f64() float64 {
	if p := r.take(8); p != nil {
		return math.Float64frombits(binary.BigEndian.Uint64(p))
	}
	return 0
}
func (r *reader) skip(n int) { r.take(n) }

func (r *reader) entityID() EntityID { return EntityID{r.u16(), r.u16(), r.u16()} }
func (r *reader) eventID() EventID   { return EventID{r.u16(), r.u16(), r.u16()} }
func (r *reader) entityType() EntityType {
	return EntityType{Kind: r.u8(), Domain: r.u8(), Country: r.u16(), Category: r.u8(),
		Subcategory: r.u8(), Specific: r.u8(), Extra: r.u8()}
}
func (r *reader) vector() Vector          { return Vector{r.f32(), r.f32(), r.f32()} }
func (r *reader) world() WorldCoordinates { return WorldCoordinates{r.f64(), r.f64(), r.f64()} }
func (r *reader) euler() EulerAngles      { return EulerAngles{r.f32(), r.f32(), r.f32()} }
func (r *reader) munition() MunitionDescriptor {
	return MunitionDescriptor{Type: r.entityType(), Warhead: r.u16(), Fuse: r.u16(), Quantity: r.u16(), Rate: r.u16()}
}

// variable reads n variable parameter records.
func (r *reader) variable(n int) []VariableParameter {
	if n == 0 {
		return nil
	}
	if len(r.b) < 16*n {
		r.err = ErrShort
		return nil
	}
	ps := make([]VariableParameter, n)
	for i := range ps {
		ps[i].RecordType = r.u8()
		copy(ps[i].Data[:], r.take(15))
	}
	return ps
}
