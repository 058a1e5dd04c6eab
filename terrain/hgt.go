package terrain

import (
	"encoding/binary"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
)

// hgtVoid marks a void post in an SRTM tile.
const hgtVoid = -32768

// ReadHGT decodes an SRTM .hgt tile: big-endian int16 posts, metres above
// the EGM96 geoid, row by row from the north, covering one degree square
// with the edge posts shared with the neighbouring tiles. The file length
// gives the resolution (1201 x 1201 posts for 3 arc-seconds, 3601 x 3601
// for 1 arc-second) and the name (as in N44W072.hgt) the south-west
// corner; name is only looked at, not opened.
func ReadHGT(name string, data []byte) (*Grid, error) {
	lat, lon, err := hgtCorner(name)
	if err != nil {
		return nil, err
	}
	var n int
	switch len(data) {
	case 1201 * 1201 * 2:
		n = 1201
	case 3601 * 3601 * 2:
		n = 3601
	default:
		return nil, fmt.Errorf("SRTM tile of %d bytes, want %d (3 arc-second) or %d (1 arc-second)", len(data), 1201*1201*2, 3601*3601*2)
	}
	d := 1 / float64(n-1)
	g := &Grid{
		Georef: Georef{EPSG: EPSGWGS84, Cols: n, Rows: n,
			X0: float64(lon) - d/2, Y0: float64(lat+1) + d/2, DX: d, DY: d},
		Z: make([]float32, n*n),
	}
	for i := range g.Z {
		v := int16(binary.BigEndian.Uint16(data[2*i:]))
		if v == hgtVoid {
			g.Z[i] = float32(math.NaN())
		} else {
			g.Z[i] = float32(v)
		}
	}
	return g, nil
}

// hgtCorner parses the south-west corner from a tile name like N44W072.hgt.
func hgtCorner(name string) (lat, lon int, err error) {
	base := strings.ToUpper(filepath.Base(name))
	bad := fmt.Errorf("SRTM tile name %q does not give its south-west corner (want like N44W072.hgt)", filepath.Base(name))
	if len(base) < 7 || (base[0] != 'N' && base[0] != 'S') || (base[3] != 'E' && base[3] != 'W') {
		return 0, 0, bad
	}
	la, err1 := strconv.Atoi(base[1:3])
	lo, err2 := strconv.Atoi(base[4:7])
	if err1 != nil || err2 != nil || base[1] == '+' || base[4] == '+' || la > 89 || lo > 180 {
		return 0, 0, bad
	}
	if base[0] == 'S' {
		la = -la
	}
	if base[3] == 'W' {
		lo = -lo
	}
	if lo == 180 {
		return 0, 0, bad
	}
	return la, lo, nil
}
