package radar

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// Band is a radar frequency band by its IEEE letter designation (IEEE Std
// 521-2019): what sets a target's cross section when its features are
// comparable with the wavelength. A low-observable airframe is shaped and
// coated to scatter centimetre waves (X band) away from the radar; at
// metre waves (VHF) its features resonate and the shaping does far less
// (Kuschel, "VHF/UHF radar", FGAN-FHR, in wave2-figures.yaml).
type Band int

// Bands, from the longest wavelength.
const (
	BandVHF Band = iota // 30-300 MHz
	BandUHF             // 300 MHz - 1 GHz
	BandL               // 1-2 GHz
	BandS               // 2-4 GHz
	BandC               // 4-8 GHz
	BandX               // 8-12 GHz
	NumBands
)

var bandNames = [NumBands]string{"VHF", "UHF", "L", "S", "C", "X"}

// bandTop is each band's upper edge, Hz.
var bandTop = [NumBands]float64{300e6, 1e9, 2e9, 4e9, 8e9, 12e9}

func (b Band) String() string {
	if b < 0 || b >= NumBands {
		return fmt.Sprintf("Band(%d)", int(b))
	}
	return bandNames[b]
}

// BandOf is the band of a carrier frequency f, Hz: below 30 MHz it is
// VHF's, above 12 GHz X's, the nearest this package tabulates.
func BandOf(f float64) Band {
	for b, top := range bandTop {
		if f < top {
			return Band(b)
		}
	}
	return BandX
}

// ParseBand reads a band's letter designation: VHF, UHF, L, S, C or X,
// in any case.
func ParseBand(s string) (Band, error) {
	for b, name := range bandNames {
		if strings.EqualFold(s, name) {
			return Band(b), nil
		}
	}
	return 0, fmt.Errorf("band %q, want one of %s", s, strings.Join(bandNames[:], ", "))
}

// RCSTable is a target's radar cross section by aspect and band: for each
// band it holds, a grid of RCS (m²) over the aspect azimuth, from 0 (the
// radar ahead of the nose) to π (behind the tail), the same either side,
// and the aspect elevation, negative when the radar lies below the
// target's wings (a ground radar sees an aircraft from below).
//
// At interpolates bilinearly in decibels (log σ) between the grid points,
// as RCS spans orders of magnitude with aspect; outside the grid it takes
// the nearest edge. A band the table does not hold takes the nearest band
// it does, the longer wavelength first on a tie.
type RCSTable struct {
	Azimuth   []float64 // rad, increasing, within [0, π]
	Elevation []float64 // rad, increasing, within [-π/2, π/2]
	// Bands holds the grid of each band, RCS in m², row by elevation:
	// Bands[b][i*len(Azimuth)+j] is at Elevation[i], Azimuth[j]. A nil
	// grid means the band is not given.
	Bands [NumBands][]float64

	db [NumBands][]float64 // 10 log10 of Bands, or of the nearest band given
}

// Validate reports what is wrong with the table, and readies it for At.
func (t *RCSTable) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	axis := func(name string, x []float64, lo, hi float64) {
		if len(x) == 0 {
			bad("%s: no points", name)
		}
		for i, v := range x {
			if !(v >= lo && v <= hi) || i > 0 && !(v > x[i-1]) {
				bad("%s: %v rad at %d, want increasing values within [%.4g, %.4g] rad", name, v, i, lo, hi)
				return
			}
		}
	}
	axis("azimuth", t.Azimuth, 0, math.Pi)
	axis("elevation", t.Elevation, -math.Pi/2, math.Pi/2)
	n := len(t.Azimuth) * len(t.Elevation)
	given := false
	for b, g := range t.Bands {
		if g == nil {
			continue
		}
		given = true
		if len(g) != n {
			bad("band %v: %d values, want %d (elevations × azimuths)", Band(b), len(g), n)
			continue
		}
		for i, v := range g {
			if !(v > 0) || math.IsInf(v, 1) {
				bad("band %v: RCS %v m² at %d, want > 0 and finite", Band(b), v, i)
				break
			}
		}
	}
	if !given {
		bad("no band given")
	}
	if len(errs) > 0 {
		return fmt.Errorf("RCS table: %w", errors.Join(errs...))
	}
	for b := range t.db {
		src := t.nearest(Band(b))
		t.db[b] = make([]float64, n)
		for i, v := range t.Bands[src] {
			t.db[b][i] = 10 * math.Log10(v)
		}
	}
	return nil
}

// nearest is the band given that is nearest b.
func (t *RCSTable) nearest(b Band) Band {
	for d := Band(0); d < NumBands; d++ {
		for _, c := range []Band{b - d, b + d} {
			if c >= 0 && c < NumBands && t.Bands[c] != nil {
				return c
			}
		}
	}
	return b
}

// At is the RCS, m², in band b at aspect azimuth az and elevation el
// (rad); az outside [0, π] is folded in (the table is symmetric about
// the nose-tail axis). The table must have passed Validate.
func (t *RCSTable) At(b Band, az, el float64) float64 {
	az = math.Abs(math.Remainder(az, 2*math.Pi))
	i, fi := bracket(t.Elevation, el)
	j, fj := bracket(t.Azimuth, az)
	g := t.db[b]
	w := len(t.Azimuth)
	at := func(i, j int) float64 { return g[i*w+j] }
	i1, j1 := min(i+1, len(t.Elevation)-1), min(j+1, w-1)
	db := (1-fi)*((1-fj)*at(i, j)+fj*at(i, j1)) + fi*((1-fj)*at(i1, j)+fj*at(i1, j1))
	return math.Pow(10, db/10)
}

// bracket is the grid interval of x in xs and where x lies in it, in
// [0, 1]; at or beyond an edge, the edge point with weight 0.
func bracket(xs []float64, x float64) (int, float64) {
	n := len(xs)
	if n == 1 || !(x > xs[0]) {
		return 0, 0
	}
	if x >= xs[n-1] {
		return n - 1, 0
	}
	i := sort.SearchFloat64s(xs, x) - 1 // xs[i] < x ≤ xs[i+1]
	return i, (x - xs[i]) / (xs[i+1] - xs[i])
}

// Aspect is the direction from which a target at ECEF position pos,
// flying with velocity vel, sees a radar at ECEF position radar: the
// azimuth from its nose, in [0, π] either side, and the elevation above
// the plane of its wings, negative when the radar lies below. The nose
// points along the velocity and the wings lie level (no bank), so a
// climb tilts the wings' plane with it. A target with no velocity, a
// hovering drone, is seen from its nose: no heading to go by.
func Aspect(pos, vel, radar r3.Vec) (az, el float64) {
	los := r3.Sub(radar, pos)
	d := r3.Norm(los)
	v := r3.Norm(vel)
	if d == 0 {
		return 0, 0
	}
	los = r3.Scale(1/d, los)
	g := geo.FromECEF(pos)
	up := r3.Vec{X: math.Cos(g.Lat) * math.Cos(g.Lon), Y: math.Cos(g.Lat) * math.Sin(g.Lon), Z: math.Sin(g.Lat)}
	if v == 0 {
		return 0, math.Asin(math.Max(-1, math.Min(1, r3.Dot(los, up))))
	}
	nose := r3.Scale(1/v, vel)
	// The wings lie along up × nose; the body's "up" is nose × wing.
	wing := r3.Cross(up, nose)
	if r3.Norm(wing) == 0 { // flying straight up or down
		wing = r3.Cross(r3.Vec{Z: 1}, nose)
		if r3.Norm(wing) == 0 {
			wing = r3.Vec{X: 1}
		}
	}
	wing = r3.Unit(wing)
	bodyUp := r3.Cross(nose, wing)
	x, y, z := r3.Dot(los, nose), r3.Dot(los, wing), r3.Dot(los, bodyUp)
	return math.Atan2(math.Abs(y), x), math.Atan2(z, math.Hypot(x, y))
}

// Max is the largest RCS, m², the table gives in band b at any aspect:
// interpolation in decibels never exceeds the grid's largest value. The
// table must have passed Validate.
func (t *RCSTable) Max(b Band) float64 {
	m := math.Inf(-1)
	for _, db := range t.db[b] {
		m = math.Max(m, db)
	}
	return math.Pow(10, m/10)
}
