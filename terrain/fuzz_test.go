package terrain

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// checkGrid is what every successful read must give.
func checkGrid(t *testing.T, g *Grid) {
	if err := g.check(); err != nil {
		t.Fatalf("read a grid with a bad georef: %v", err)
	}
	if len(g.Z) != g.Cols*g.Rows {
		t.Fatalf("%d posts for %dx%d", len(g.Z), g.Cols, g.Rows)
	}
}

func seed(f *testing.F, names ...string) {
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzReadGeoTIFF(f *testing.F) {
	seed(f, "seed_lzw.tif", "seed_packbits_be.tif", "seed_tiled.tif", "seed_pred3.tif")
	f.Add([]byte("II*\x00\x08\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if g, err := ReadGeoTIFF(b); err == nil {
			checkGrid(t, g)
		}
	})
}

func FuzzReadDTED(f *testing.F) {
	f.Add(tinyDTED(3, 2))
	f.Fuzz(func(t *testing.T, b []byte) {
		if g, err := ReadDTED(b); err == nil {
			checkGrid(t, g)
		}
	})
}

func FuzzReadHGT(f *testing.F) {
	f.Add("N44W072.hgt", make([]byte, 1201*1201*2))
	f.Add("s01e179.HGT", make([]byte, 16))
	f.Add("N+1E-01.hgt", []byte{})
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		if g, err := ReadHGT(name, b); err == nil {
			checkGrid(t, g)
		}
	})
}

// FuzzLZW feeds the decoder arbitrary codes: it must stop, not panic.
func FuzzLZW(f *testing.F) {
	f.Add([]byte{0x80, 0x00, 0x20, 0x10}, 64)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		if n < 0 || n > 1<<16 {
			return
		}
		dst := make([]byte, n)
		if k, _ := decodeLZW(dst, b); k > n {
			t.Fatalf("wrote %d bytes into %d", k, n)
		}
		if k, _ := decodePackBits(dst, b); k > n {
			t.Fatalf("wrote %d bytes into %d", k, n)
		}
	})
}

// tinyDTED encodes a DTED cell of nLon x nLat posts at 1" from 10 E, 20 S,
// for fuzz seeds: the real ones are too large for the fuzzer to minimise.
func tinyDTED(nLon, nLat int) []byte {
	b := make([]byte, dtedHeader)
	for i := range b {
		b[i] = ' '
	}
	copy(b, fmt.Sprintf("UHL10100000E0200000S00100010NA  U  %12s%04d%04d0", "", nLon, nLat))
	copy(b[dtedUHL:], "DSIU")
	copy(b[dtedUHL+dtedDSI:], "ACC")
	for c := range nLon {
		r := []byte{0xAA, 0, 0, byte(c), 0, byte(c), 0, 0}
		for k := range nLat {
			v := uint16(100*c + k)
			if c == 1 && k == 0 {
				v = 0xFFFF // a void
			}
			r = binary.BigEndian.AppendUint16(r, v)
		}
		var sum uint32
		for _, x := range r {
			sum += uint32(x)
		}
		b = append(b, binary.BigEndian.AppendUint32(r, sum)...)
	}
	return b
}

func TestTinyDTED(t *testing.T) {
	g, err := ReadDTED(tinyDTED(3, 2))
	if err != nil {
		t.Fatal(err)
	}
	sameGeoref(t, "tiny", g.Georef, Georef{EPSG: EPSGWGS84, Cols: 3, Rows: 2,
		X0: 10 - 0.5/3600, Y0: -20 + 1.5/3600, DX: 1.0 / 3600, DY: 1.0 / 3600})
	if g.At(0, 1) != 0 || g.At(2, 0) != 201 || g.Voids() != 1 || g.At(1, 1) == g.At(1, 1) {
		t.Errorf("posts %v", g.Z)
	}
}
