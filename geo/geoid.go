package geo

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sync"
)

// The EGM96 geoid on a 15' grid: NGA's Earth Gravitational Model 1996
// (public domain), as PROJ ships it in egm96_15.gtx (Debian proj-data),
// rounded to the centimetre and packed by geo/internal/egm96gen, which
// documents the layout.
//
//go:embed egm96_15.bin.gz
var egm96Packed []byte

const (
	egm96Rows = 721  // 90° S to 90° N every 15'
	egm96Cols = 1440 // 180° W to 179.75° E every 15'; 180° E wraps to the first
	egm96Step = 0.25 // degrees
)

// A Geoid is a grid of geoid undulations: the height of the geoid (mean
// sea level, roughly) above the WGS-84 ellipsoid.
type Geoid struct {
	cm []int16 // undulations in centimetres, rows from the south
}

// egm96 decodes the embedded grid once: it is immutable, so one copy
// serves every caller, and decoding (about 10 ms) is not paid by programs
// that never ask for a geoid height.
var egm96 = sync.OnceValues(func() (*Geoid, error) {
	return decodeEGM96(egm96Packed)
})

// EGM96 returns the EGM96 geoid on its 15' grid.
func EGM96() (*Geoid, error) { return egm96() }

func decodeEGM96(packed []byte) (*Geoid, error) {
	zr, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		return nil, fmt.Errorf("egm96 grid: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("egm96 grid: %w", err)
	}
	if len(raw) != 2*egm96Rows*egm96Cols {
		return nil, fmt.Errorf("egm96 grid: %d bytes, want %d", len(raw), 2*egm96Rows*egm96Cols)
	}
	g := &Geoid{cm: make([]int16, egm96Rows*egm96Cols)}
	for r := range egm96Rows {
		var v int16
		for c := range egm96Cols {
			i := r*egm96Cols + c
			d := int16(binary.LittleEndian.Uint16(raw[2*i:]))
			if c == 0 {
				v = d
			} else {
				v += d
			}
			g.cm[i] = v
		}
	}
	return g, nil
}

// Height returns the geoid's height above the ellipsoid in metres at a
// geodetic latitude and longitude in radians, interpolated bilinearly in
// latitude and longitude between the four surrounding posts, as PROJ
// interpolates the same grid. A height above the geoid h_msl is the
// ellipsoidal height h_msl + N.
func (g *Geoid) Height(lat, lon float64) float64 {
	latDeg := math.Max(-90, math.Min(90, lat/degree))
	y := (latDeg + 90) / egm96Step
	r := min(int(math.Floor(y)), egm96Rows-2)
	fy := y - float64(r)
	x := math.Mod((lon/degree+180)/egm96Step, egm96Cols)
	if x < 0 {
		x += egm96Cols
	}
	c := min(int(math.Floor(x)), egm96Cols-1)
	fx := x - float64(c)
	c1 := (c + 1) % egm96Cols
	at := func(r, c int) float64 { return float64(g.cm[r*egm96Cols+c]) / 100 }
	south := at(r, c)*(1-fx) + at(r, c1)*fx
	north := at(r+1, c)*(1-fx) + at(r+1, c1)*fx
	return south*(1-fy) + north*fy
}

// GeoidHeight returns EGM96's geoid undulation N in metres at a geodetic
// latitude and longitude in radians: the height of mean sea level above
// the WGS-84 ellipsoid (-107 m south of India to +86 m over New Guinea,
// about -28 m over New England). It panics only if the embedded grid is
// corrupt, which TestGeoidGrid rules out for every build.
func GeoidHeight(lat, lon float64) float64 {
	g, err := EGM96()
	if err != nil {
		panic(err)
	}
	return g.Height(lat, lon)
}
