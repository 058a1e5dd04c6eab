package terrain

import (
	"errors"
	"fmt"
	"math"
	"runtime"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// Screen is a terrain screening table for one antenna: along each of many
// azimuths, the steepest elevation slope of the ground (the screening
// angle, as a tangent) out to each range step. A target is then visible
// when its own slope from the antenna is at least the screening slope at
// its azimuth and range: one table lookup instead of a walk over the
// terrain. The geometry is that of LOS (the effective earth, Euler's
// radius in each azimuth, ground sampled bilinearly), so a Screen and an
// LOS with the same K and GeoidHeight agree except near the table's
// resolution:
//
//   - in azimuth, the screening slope between two neighbouring rays is
//     interpolated linearly (as Viewshed does), so a narrow peak between
//     rays may be missed or smeared onto a target beside it;
//   - in range, the table holds the slope of the ground up to the last
//     range step that ends at least half a post short of the target, as
//     LOS looks; the ground in the step between (up to one range step)
//     is not looked at.
//
// Screen implements radar.Masker for lines that start at its antenna;
// for any other line, and beyond MaxRange, Visible falls back to LOS. A
// Screen is immutable after NewScreen and safe for concurrent use when
// its Surface is.
type Screen struct {
	los      LOS
	antenna  r3.Vec // ECEF
	st       site
	nAz      int
	dAz      float64 // azimuth bin, rad
	step     float64 // range step, m
	ex       float64 // ground within this of a target is not looked at, as in LOS
	nR       int     // range steps per azimuth
	maxRange float64
	slope    []float32 // nAz x (nR+1): steepest ground slope up to r steps
}

// ScreenOptions tune a Screen's resolution. The zero value gives bins of
// 0.1 degree, range steps of the surface's post spacing (but at least
// 50 m), ground samples every half post, and all cores to build it.
type ScreenOptions struct {
	AzimuthStep float64 // azimuth bin, rad
	RangeStep   float64 // m
	SampleStep  float64 // ground sample spacing along each ray, m
	Workers     int
}

// NewScreen builds the screening table of an antenna (geodetic position,
// height above the ellipsoid) out to maxRange (ground distance, m) over
// the surface s, with effective-earth factor k (0 means DefaultK) and the
// surface's datum geoidHeight metres above the ellipsoid (see LOS). The
// work is about 2π maxRange² / (AzimuthStep SampleStep) ground samples:
// at the defaults, a second or two of one core for 100 km of a
// 3 arc-second DEM.
func NewScreen(s Surface, antenna geo.LLA, k, geoidHeight, maxRange float64, opt *ScreenOptions) (*Screen, error) {
	if opt == nil {
		opt = &ScreenOptions{}
	}
	switch {
	case s == nil:
		return nil, errors.New("screen: no surface")
	case !(math.Abs(antenna.Lat) <= math.Pi/2) || math.IsNaN(antenna.Lon) || math.IsInf(antenna.Lon, 0) ||
		math.IsNaN(antenna.Alt) || math.IsInf(antenna.Alt, 0):
		return nil, fmt.Errorf("screen: antenna %v is not a geodetic position", antenna)
	case k < 0 || math.IsNaN(k) || math.IsInf(k, 0):
		return nil, fmt.Errorf("screen: effective-earth factor %g, want > 0 (0 for 4/3)", k)
	case !(maxRange > 0) || math.IsInf(maxRange, 0):
		return nil, fmt.Errorf("screen: maximum range %g m, want > 0 and finite", maxRange)
	case math.IsNaN(geoidHeight) || math.IsInf(geoidHeight, 0):
		return nil, fmt.Errorf("screen: geoid height %g m, want a number", geoidHeight)
	case opt.AzimuthStep < 0 || opt.RangeStep < 0 || opt.SampleStep < 0:
		return nil, errors.New("screen: negative step in the options")
	}
	spc := s.Spacing()
	if !(spc > 0) || math.IsInf(spc, 0) {
		return nil, fmt.Errorf("screen: surface post spacing %g m, want > 0", spc)
	}
	sc := &Screen{
		los:      LOS{Surface: s, K: k, GeoidHeight: geoidHeight},
		antenna:  antenna.ECEF(),
		st:       newSite(antenna.Lat, antenna.Lon, antenna.Alt-geoidHeight, k, 0),
		maxRange: maxRange,
	}
	daz := opt.AzimuthStep
	if daz == 0 {
		daz = 0.1 * math.Pi / 180
	}
	sc.nAz = max(8, int(math.Ceil(2*math.Pi/daz)))
	sc.dAz = 2 * math.Pi / float64(sc.nAz)
	sc.step = opt.RangeStep
	if sc.step == 0 {
		sc.step = math.Max(spc, 50)
	}
	sample := opt.SampleStep
	if sample == 0 {
		sample = spc / 2
	}
	sc.ex = spc / 2
	sc.nR = int(math.Ceil(maxRange / sc.step))
	if n := float64(sc.nAz) * float64(sc.nR+1); n > 1<<28 {
		return nil, fmt.Errorf("screen: %d azimuths x %d range steps is too large a table; coarsen the steps", sc.nAz, sc.nR+1)
	}
	sc.slope = make([]float32, sc.nAz*(sc.nR+1))
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	parallel(workers, sc.nAz, 16, func(a0, a1 int) {
		for a := a0; a < a1; a++ {
			sc.walk(a, sample)
		}
	})
	return sc, nil
}

// walk fills the table of azimuth bin a: samples every sample metres,
// the running maximum stored at every range step.
func (sc *Screen) walk(a int, sample float64) {
	rr := sc.st.ray(float64(a) * sc.dAz)
	row := sc.slope[a*(sc.nR+1) : (a+1)*(sc.nR+1)]
	best := math.Inf(-1)
	row[0] = float32(best)
	r := 1
	for j := 1; ; j++ {
		x := float64(j) * sample
		// Every step wholly before x is final.
		for r <= sc.nR && float64(r)*sc.step < x {
			row[r] = float32(best)
			r++
		}
		if r > sc.nR {
			return
		}
		lat, lon := rr.at(x)
		z, ok := sc.los.Surface.Elevation(lat, lon)
		if !ok {
			continue
		}
		vers, sin := versinSin(x / rr.re)
		if s := sc.st.slope(rr.re, z, vers, sin); s > best {
			best = s
		}
	}
}

// MaxRange is the ground distance the table reaches, m.
func (sc *Screen) MaxRange() float64 { return sc.maxRange }

// Visible reports whether the line from the ECEF point from to the ECEF
// point to clears the terrain. When from is the antenna (within a metre)
// and to within MaxRange, it is a table lookup; otherwise it is LOS.
func (sc *Screen) Visible(from, to r3.Vec) bool {
	if r3.Norm2(r3.Sub(from, sc.antenna)) > 1 {
		return sc.los.Visible(from, to)
	}
	b := geo.FromECEF(to)
	az, theta, R := sc.st.polar(normal(b.Lat, b.Lon))
	d := R * theta
	if d > sc.maxRange {
		return sc.los.Visible(from, to)
	}
	// LOS samples the ground up to half a post short of the target; the
	// table gives the steepest slope up to the last step before that.
	r := int(math.Floor((d - sc.ex) / sc.step))
	if r < 1 {
		return true
	}
	re := sc.st.k * R
	vers, sin := versinSin(theta / sc.st.k)
	ts := sc.st.slope(re, b.Alt-sc.los.GeoidHeight, vers, sin)

	f := az / sc.dAz
	if f < 0 {
		f += float64(sc.nAz)
	}
	a := min(int(f), sc.nAz-1)
	f -= float64(a)
	left := float64(sc.slope[a*(sc.nR+1)+r])
	right := float64(sc.slope[((a+1)%sc.nAz)*(sc.nR+1)+r])
	var h float64
	switch {
	case math.IsInf(left, -1):
		h = right
	case math.IsInf(right, -1):
		h = left
	default:
		h = left + f*(right-left)
	}
	return ts >= h
}
