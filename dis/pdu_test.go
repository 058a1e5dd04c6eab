package dis

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"
)

func samplePDUs() []PDU {
	return []PDU{
		&EntityState{
			Header: Header{Exercise: 1, Timestamp: 12345<<1 | 1},
			ID:     EntityID{1, 2, 3}, Force: ForceOpposing,
			Type:          EntityType{KindMunition, MunitionBattlefieldSupport, CountryOther, 1, 0, 0, 0},
			AlternateType: EntityType{1, 2, 3, 4, 5, 6, 7},
			Velocity:      Vector{-120.5, 200.25, 3},
			Location:      WorldCoordinates{4489015.123456, 3490019.5, 3060021.25},
			Orientation:   EulerAngles{0.5, -0.25, math.Pi},
			Appearance:    AppearanceDestroyed | AppearanceDeactivated,
			DeadReckoning: DeadReckoning{Algorithm: DRFPW, Acceleration: Vector{1, 2, 3}, AngularVelocity: Vector{0.1, 0.2, 0.3}},
			Marking:       NewMarking("cm-01"),
			Capabilities:  0,
			Variable:      []VariableParameter{{RecordType: 1, Data: [15]byte{1, 2, 3}}},
		},
		&EntityState{ID: EntityID{1, 1, 1}, DeadReckoning: DeadReckoning{Algorithm: DRStatic}},
		&Fire{
			Header: Header{Timestamp: 7},
			Firing: EntityID{1, 1, 10}, Target: EntityID{1, 1, 20}, Event: EventID{1, 1, 1}, FireMission: 9,
			Location:   WorldCoordinates{1, -2, 3.5},
			Descriptor: MunitionDescriptor{Type: equipment["9M96E2"], Warhead: 1000, Fuse: 1000, Quantity: 1, Rate: 0},
			Velocity:   Vector{0, 0, 30}, Range: 25000,
		},
		&Detonation{
			Firing: EntityID{1, 1, 10}, Target: EntityID{1, 1, 20}, Event: EventID{1, 1, 1},
			Velocity: Vector{1, 2, 3}, Location: WorldCoordinates{6378137, 0, 0},
			Descriptor: MunitionDescriptor{Type: equipment["48N6E3"], Quantity: 1}, EntityLocation: Vector{-3, 4, 0},
			Result: DetonationEntityProximate,
		},
		&Emission{
			Emitter: EntityID{1, 1, 5}, Event: EventID{1, 1, 2}, StateUpdate: 1,
			Systems: []EmitterSystem{{
				Name: 16960, Function: EmitterFireControl, Number: 1, Location: Vector{0, 0, 20},
				Beams: []Beam{
					{Number: 1, Frequency: 10e9, ERP: 0, PRF: 3000, AzimuthSweep: 0.5, ElevationSweep: 0.3, Function: BeamAcquisitionAndTracking,
						Targets: []TrackJam{{Entity: EntityID{1, 1, 20}}, {Entity: EntityID{1, 1, 21}}}},
					{Number: 2, Frequency: 9e9, Function: BeamSearch, Status: 1},
				},
			}, {Name: 9662, Function: EmitterSurveillance, Number: 2}},
		},
	}
}

// TestRoundTrip: every PDU reads back as written, its length is the
// standard's (144 octets for Entity State, 96 for Fire, 104 for
// Detonation, 28 + 20 per system + 52 per beam + 8 per target for an
// Emission) and its header names the type, family and version.
func TestRoundTrip(t *testing.T) {
	sizes := []int{144 + 16, 144, 96, 104, 28 + 20 + 52 + 16 + 52 + 20}
	for i, p := range samplePDUs() {
		b, err := Marshal(p)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if len(b) != sizes[i] {
			t.Errorf("%d: %v PDU of %d bytes, want %d", i, p.pduType(), len(b), sizes[i])
		}
		if b[0] != 7 || Type(b[2]) != p.pduType() || b[3] != p.pduType().Family() || int(binary.BigEndian.Uint16(b[8:])) != len(b) {
			t.Errorf("%d: header % x", i, b[:12])
		}
		q, err := Unmarshal(append(b, 0xff, 0xff)) // trailing bytes past Length are not the PDU's
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if !reflect.DeepEqual(q, p) {
			t.Errorf("%d: read back\n%+v\nwant\n%+v", i, q, p)
		}
		again, _ := Marshal(q)
		if !bytes.Equal(again, b) {
			t.Errorf("%d: second write differs", i)
		}
	}
}

// TestEntityStateLayout checks fields at the offsets of IEEE 1278.1-2012
// 7.2.2's table: entity ID at 12, force at 18, entity type at 20,
// velocity at 36, location at 48, orientation at 72, appearance at 84,
// dead reckoning algorithm at 88, marking at 128, capabilities at 140.
func TestEntityStateLayout(t *testing.T) {
	b, err := Marshal(samplePDUs()[0])
	if err != nil {
		t.Fatal(err)
	}
	be := binary.BigEndian
	checks := []struct {
		name      string
		got, want any
	}{
		{"site", be.Uint16(b[12:]), uint16(1)},
		{"entity", be.Uint16(b[16:]), uint16(3)},
		{"force", b[18], uint8(ForceOpposing)},
		{"variable count", b[19], uint8(1)},
		{"kind", b[20], uint8(KindMunition)},
		{"domain", b[21], uint8(MunitionBattlefieldSupport)},
		{"alt. country", be.Uint16(b[30:]), uint16(3)},
		{"velocity x", math.Float32frombits(be.Uint32(b[36:])), float32(-120.5)},
		{"location x", math.Float64frombits(be.Uint64(b[48:])), 4489015.123456},
		{"location z", math.Float64frombits(be.Uint64(b[64:])), 3060021.25},
		{"psi", math.Float32frombits(be.Uint32(b[72:])), float32(0.5)},
		{"appearance", be.Uint32(b[84:]), AppearanceDestroyed | AppearanceDeactivated},
		{"dr algorithm", b[88], uint8(DRFPW)},
		{"acceleration x", math.Float32frombits(be.Uint32(b[104:])), float32(1)},
		{"angular velocity z", math.Float32frombits(be.Uint32(b[124:])), float32(0.3)},
		{"marking charset", b[128], uint8(1)},
		{"marking", string(b[129:134]), "cm-01"},
		{"variable record type", b[144], uint8(1)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestTimestamp: 30 minutes past the hour is half of 2^31 units; the
// absolute bit is the lowest.
func TestTimestamp(t *testing.T) {
	tests := []struct {
		at   time.Time
		want Timestamp
	}{
		{time.Date(2025, 3, 1, 4, 0, 0, 0, time.UTC), 1},
		{time.Date(2025, 3, 1, 4, 30, 0, 0, time.UTC), 1<<31 | 1},
		{time.Date(2025, 3, 1, 4, 15, 0, 0, time.UTC), 1<<30 | 1},
		{time.Date(2025, 3, 1, 4, 59, 59, 999999999, time.UTC), (1<<31-1)<<1 | 1},
		// 4 s is 2386092.94 units: rounded up, not truncated to 3.999998 s.
		{time.Date(2025, 3, 1, 4, 0, 4, 0, time.UTC), 2386093<<1 | 1},
	}
	for _, tt := range tests {
		if got := AbsoluteTimestamp(tt.at); got != tt.want {
			t.Errorf("AbsoluteTimestamp(%v) = %#x, want %#x", tt.at, uint32(got), uint32(tt.want))
		}
	}
	ts := AbsoluteTimestamp(time.Date(2025, 3, 1, 4, 12, 34, 500_000_000, time.UTC))
	if !ts.Absolute() || math.Abs(ts.PastHour()-754.5) > 2e-6 {
		t.Errorf("%v: %v s past the hour, want 754.5", ts, ts.PastHour())
	}
}

func TestUnmarshalErrors(t *testing.T) {
	es, _ := Marshal(samplePDUs()[1])
	short := append([]byte(nil), es[:100]...)
	binary.BigEndian.PutUint16(short[8:], 100) // a header that admits it is short
	other := append([]byte(nil), es[:12]...)
	other[2] = 26 // Signal
	binary.BigEndian.PutUint16(other[8:], 12)
	tests := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrShort},
		{"header only", es[:11], ErrShort},
		{"cut", es[:100], ErrShort},
		{"short body", short, ErrShort},
		{"other type", other, ErrUnsupported},
	}
	for _, tt := range tests {
		if _, err := Unmarshal(tt.b); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestMarking(t *testing.T) {
	if got := NewMarking("a-very-long-threat-id").String(); got != "a-very-long" {
		t.Errorf("marking %q", got)
	}
	if got := NewMarking("é").String(); got != "??" {
		t.Errorf("marking %q", got)
	}
}

// FuzzUnmarshal: no input panics the decoder; what it reads, it writes
// back, and that reads as the same PDU.
func FuzzUnmarshal(f *testing.F) {
	for _, p := range samplePDUs() {
		b, _ := Marshal(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Unmarshal(b)
		if err != nil {
			return
		}
		c, err := Marshal(p)
		if err != nil {
			t.Fatalf("decoded %+v but cannot write it: %v", p, err)
		}
		q, err := Unmarshal(c)
		if err != nil {
			t.Fatalf("rewritten PDU does not read: %v", err)
		}
		// NaNs are not equal to themselves: compare the bytes again.
		c2, _ := Marshal(q)
		if !bytes.Equal(c, c2) {
			t.Fatalf("second round trip differs")
		}
	})
}
