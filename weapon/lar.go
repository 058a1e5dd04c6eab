package weapon

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// LARTable is a launch acceptability region precomputed for one missile:
// on a grid over the target's ground range at launch, its altitude and
// its speed toward the launcher (negative away), the time of flight and
// the end-game margin of a [Missile.Fly] at each node. Lookup
// interpolates them, so that planning asks "can I launch now, and when
// does it arrive?" in tens of nanoseconds instead of a fly-out.
//
// The margin is interpolated, not the yes/no: it changes smoothly across
// the edge of the region (see [Outcome]), so its zero falls between nodes
// where the fly-outs would put it. Near the edge, within a few percent
// of margin, trust a fly-out instead.
type LARTable struct {
	Missile   string
	Ranges    []float64 // m, increasing
	Altitudes []float64 // m, increasing
	Speeds    []float64 // m/s toward the launcher, increasing

	// TOF and Margin hold the nodes, speed slowest-varying and range
	// fastest: index (iv·len(Altitudes) + ih)·len(Ranges) + ir.
	TOF    []float64
	Margin []float64
}

// NewLARTable flies m at every node of the grid with step dt ([Missile.Fly])
// and returns the table. The fly-outs run in parallel; the result does not
// depend on how they are scheduled. Each axis needs at least two values,
// increasing.
func NewLARTable(m *Missile, ranges, altitudes, speeds []float64, dt float64) (*LARTable, error) {
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("weapon: launch acceptability table: %w", err)
	}
	for _, ax := range []struct {
		name string
		v    []float64
	}{{"ranges", ranges}, {"altitudes", altitudes}, {"speeds", speeds}} {
		ok := len(ax.v) >= 2
		for i, x := range ax.v {
			if math.IsNaN(x) || math.IsInf(x, 0) || i > 0 && !(x > ax.v[i-1]) {
				ok = false
			}
		}
		if !ok {
			return nil, fmt.Errorf("weapon: launch acceptability table: %s %v: want at least two finite, increasing values", ax.name, ax.v)
		}
	}
	t := &LARTable{Missile: m.Name,
		Ranges: slices.Clone(ranges), Altitudes: slices.Clone(altitudes), Speeds: slices.Clone(speeds)}
	n := len(ranges) * len(altitudes) * len(speeds)
	t.TOF, t.Margin = make([]float64, n), make([]float64, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for k := range jobs {
				ir := k % len(ranges)
				ih := k / len(ranges) % len(altitudes)
				iv := k / (len(ranges) * len(altitudes))
				o := m.Fly(Shot{Range: ranges[ir], Altitude: altitudes[ih], Speed: speeds[iv]}, dt)
				t.TOF[k], t.Margin[k] = o.TOF, o.Margin
			}
		})
	}
	for k := range n {
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	return t, nil
}

// DefaultLARTable is NewLARTable on a grid for m's envelope: 17 ranges
// from MinRange to 1.2 MaxRange, 8 altitudes from MinAltitude to 1.1
// MaxAltitude, and speeds -600, -300, 0, 300, 600 and 1200 m/s.
func DefaultLARTable(m *Missile, dt float64) (*LARTable, error) {
	lin := func(a, b float64, n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = a + (b-a)*float64(i)/float64(n-1)
		}
		return v
	}
	return NewLARTable(m, lin(m.MinRange, 1.2*m.MaxRange, 17), lin(m.MinAltitude, 1.1*m.MaxAltitude, 8),
		[]float64{-600, -300, 0, 300, 600, 1200}, dt)
}

// ErrOutsideTable is returned by Lookup for a point off the grid.
var ErrOutsideTable = errors.New("outside the launch acceptability table")

// Lookup interpolates the table trilinearly at a target ground range rng
// (m), altitude alt (m) and speed toward the launcher (m/s): the time of
// flight, the margin, and ok = margin >= 0 (the missile reaches). Off
// the grid it returns ErrOutsideTable.
func (t *LARTable) Lookup(rng, alt, speed float64) (tof, margin float64, ok bool, err error) {
	ir, fr, okR := cell(t.Ranges, rng)
	ih, fh, okH := cell(t.Altitudes, alt)
	iv, fv, okV := cell(t.Speeds, speed)
	if !okR || !okH || !okV {
		return 0, 0, false, fmt.Errorf("weapon: %s: %w: range %.0f m, altitude %.0f m, speed %.0f m/s",
			t.Missile, ErrOutsideTable, rng, alt, speed)
	}
	nr, nh := len(t.Ranges), len(t.Altitudes)
	for dv := range 2 {
		wv := fv
		if dv == 0 {
			wv = 1 - fv
		}
		for dh := range 2 {
			wh := fh
			if dh == 0 {
				wh = 1 - fh
			}
			base := ((iv+dv)*nh+ih+dh)*nr + ir
			w := wv * wh
			tof += w * ((1-fr)*t.TOF[base] + fr*t.TOF[base+1])
			margin += w * ((1-fr)*t.Margin[base] + fr*t.Margin[base+1])
		}
	}
	return tof, margin, margin >= 0, nil
}

// cell finds the interval of axis holding x: its lower index and the
// fraction of the way across.
func cell(axis []float64, x float64) (int, float64, bool) {
	n := len(axis)
	if !(x >= axis[0] && x <= axis[n-1]) {
		return 0, 0, false
	}
	i, _ := slices.BinarySearch(axis, x)
	if i > 0 {
		i--
	}
	if i > n-2 {
		i = n - 2
	}
	return i, (x - axis[i]) / (axis[i+1] - axis[i]), true
}
