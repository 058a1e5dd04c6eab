package terrain

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// DTED record layout (MIL-PRF-89020B): a 80-byte User Header Label, a
// 648-byte Data Set Identification, a 2700-byte Accuracy Description, then
// one record per longitude line from west to east, each holding its posts
// from south to north.
const (
	dtedUHL    = 80
	dtedDSI    = 648
	dtedACC    = 2700
	dtedHeader = dtedUHL + dtedDSI + dtedACC
	dtedVoid   = -32767 // in signed-magnitude, 0xFFFF
)

// ReadDTED decodes a DTED level 0, 1 or 2 cell. Posts are signed-magnitude
// 16-bit metres above the EGM96 geoid; -32767 is a void. The origin is the
// south-west post, and the intervals in the header give the spacing, so
// the coarser longitude spacing of high-latitude zones is read as is.
// Every record's checksum is verified.
func ReadDTED(data []byte) (*Grid, error) {
	if len(data) < dtedHeader {
		return nil, fmt.Errorf("truncated DTED: %d bytes, shorter than the %d-byte headers", len(data), dtedHeader)
	}
	uhl := data[:dtedUHL]
	if string(uhl[:4]) != "UHL1" {
		return nil, errors.New("not a DTED file: no UHL1 header")
	}
	if string(data[dtedUHL:dtedUHL+3]) != "DSI" || string(data[dtedUHL+dtedDSI:dtedUHL+dtedDSI+3]) != "ACC" {
		return nil, errors.New("corrupt DTED: DSI or ACC record missing")
	}
	lon, err1 := dtedAngle(uhl[4:12])
	lat, err2 := dtedAngle(uhl[12:20])
	dLon, err3 := dtedInt(uhl[20:24])
	dLat, err4 := dtedInt(uhl[24:28])
	nLon, err5 := dtedInt(uhl[47:51])
	nLat, err6 := dtedInt(uhl[51:55])
	if err := errors.Join(err1, err2, err3, err4, err5, err6); err != nil {
		return nil, fmt.Errorf("corrupt DTED header: %w", err)
	}
	if dLon == 0 || dLat == 0 || nLon < 2 || nLat < 2 {
		return nil, fmt.Errorf("corrupt DTED header: %d x %d posts at %d x %d tenths of a second", nLon, nLat, dLon, dLat)
	}
	rec := 12 + 2*nLat
	if want := dtedHeader + nLon*rec; len(data) < want {
		return nil, fmt.Errorf("truncated DTED: %d bytes, want %d for %d x %d posts", len(data), want, nLon, nLat)
	}
	dx, dy := float64(dLon)/36000, float64(dLat)/36000
	g := &Grid{
		Georef: Georef{EPSG: EPSGWGS84, Cols: nLon, Rows: nLat,
			X0: lon - dx/2, Y0: lat + float64(nLat-1)*dy + dy/2, DX: dx, DY: dy},
		Z: make([]float32, nLon*nLat),
	}
	for c := range nLon {
		r := data[dtedHeader+c*rec : dtedHeader+(c+1)*rec]
		if r[0] != 0xAA {
			return nil, fmt.Errorf("corrupt DTED: record %d does not start with the 0xAA sentinel", c)
		}
		var sum uint32
		for _, b := range r[:rec-4] {
			sum += uint32(b)
		}
		if got := binary.BigEndian.Uint32(r[rec-4:]); got != sum {
			return nil, fmt.Errorf("corrupt DTED: record %d checksum %d, computed %d", c, got, sum)
		}
		for k := range nLat {
			u := binary.BigEndian.Uint16(r[8+2*k:])
			v := int(u & 0x7FFF)
			if u&0x8000 != 0 {
				v = -v
			}
			z := float32(v)
			if v == dtedVoid {
				z = float32(math.NaN())
			}
			g.Z[(nLat-1-k)*nLon+c] = z
		}
	}
	if err := g.check(); err != nil {
		return nil, fmt.Errorf("corrupt DTED header: %w", err)
	}
	return g, nil
}

// dtedAngle parses DDDMMSSH (or DDMMSSH padded) into degrees.
func dtedAngle(b []byte) (float64, error) {
	h := b[len(b)-1]
	d, err1 := strconv.Atoi(string(b[:3]))
	m, err2 := strconv.Atoi(string(b[3:5]))
	s, err3 := strconv.Atoi(string(b[5:7]))
	if err := errors.Join(err1, err2, err3); err != nil || m >= 60 || s >= 60 || d > 180 || d < 0 || m < 0 || s < 0 {
		return 0, fmt.Errorf("angle %q is not DDDMMSSH", b)
	}
	v := float64(d) + float64(m)/60 + float64(s)/3600
	switch h {
	case 'N', 'E':
	case 'S', 'W':
		v = -v
	default:
		return 0, fmt.Errorf("angle %q has no hemisphere letter", b)
	}
	return v, nil
}

func dtedInt(b []byte) (int, error) {
	v, err := strconv.Atoi(string(b))
	if err != nil || v < 0 {
		return 0, fmt.Errorf("field %q is not a count", b)
	}
	return v, nil
}
