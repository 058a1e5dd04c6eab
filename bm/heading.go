package bm

import (
	"math"

	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// TurnWindow is how far back, s, a Profile fits a track's rate of
// heading change: long enough for four scans of a search radar turning
// every 10 s, or thirty of a fire-control radar, short enough that a
// cruise missile's turn at a waypoint (a quarter turn in about 40 s at
// 1 g and 250 m/s) is seen while it lasts.
const TurnWindow = 30.0

// minHeadingSamples is the fewest headings a fit takes: a line through
// three points has one residual to say how well it fits.
const minHeadingSamples = 4

// minHeadingSpeed is the least ground speed, m/s, whose heading the
// profile records: a hovering target's heading is its velocity noise.
const minHeadingSpeed = 10.0

// headingSample is one estimate's ground heading, unwrapped onto the
// previous one's, and its 1-sigma error; zero sigma means unknown.
type headingSample struct {
	t, h, sigma float64
	updated     float64 // the track's last detection (Track.Updated)
}

// observeHeading records tk's ground heading (radians clockwise from
// north) with its standard error, the cross-track velocity's over the
// ground speed, and forgets the estimates older than TurnWindow. An
// estimate with no detection since the last one recorded (tk.Updated) is
// that one extrapolated, no new heading: counted again it would make a
// staircase of headings look like a sure turn.
func (p *Profile) observeHeading(tk Track) {
	here := geo.FromECEF(tk.Pos)
	f := geo.NewFrame(here)
	v := f.RotateToENU(tk.Vel)
	gs := geo.Hypot(v.X, v.Y)
	if !(gs >= minHeadingSpeed) {
		p.headings, p.fit = p.headings[:0], turnFit{}
		return
	}
	if n := len(p.headings); n > 0 && tk.Updated > 0 && tk.Updated <= p.headings[n-1].updated {
		return // no detection since: the same estimate, extrapolated
	}
	h := math.Atan2(v.X, v.Y)
	if n := len(p.headings); n > 0 {
		prev := p.headings[n-1].h
		h = prev + math.Remainder(h-prev, 2*math.Pi)
	}
	// The heading's error is the velocity error across the track over
	// the ground speed: c (east, north) = (cos h, -sin h) in ENU.
	sh, ch := math.Sincos(h)
	cross := f.RotateFromENU(r3.Vec{X: ch, Y: -sh})
	var sigma float64
	if tk.Cov != [36]float64{} {
		var q float64
		c := [3]float64{cross.X, cross.Y, cross.Z}
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				q += c[i] * tk.Cov[6*(3+i)+3+j] * c[j]
			}
		}
		sigma = math.Sqrt(math.Max(q, 0)) / gs
	} else if tk.VelSigma > 0 {
		sigma = tk.VelSigma / gs
	}
	k := 0
	for k < len(p.headings) && p.headings[k].t <= tk.T-TurnWindow {
		k++
	}
	p.headings = append(p.headings[:0], p.headings[k:]...)
	p.headings = append(p.headings, headingSample{t: tk.T, h: h, sigma: sigma, updated: tk.Updated})
	p.fit = turnFit{}
}

// Turn is the rate at which the track's ground heading has turned over
// the last TurnWindow, rad/s (positive right, clockwise seen from above,
// as Track.TurnRate counts), and its standard error: the weighted least
// squares slope of heading against time, each heading weighted by its
// variance from the velocity covariance. The slope's variance is the
// weighted fit's, 1/Σw(t-t̄)², scaled up by the reduced chi-square of
// the residuals when they scatter more than the covariance says (a
// tracker's estimates are correlated from one update to the next, and a
// turn that starts or ends within the window is no straight line); with
// no covariance the residuals alone give it. ok is false while the
// profile holds fewer than four headings or they span less than half
// the window.
func (p *Profile) Turn() (rate, sigma float64, ok bool) {
	if p == nil {
		return 0, 0, false
	}
	if !p.fit.made {
		rate, sigma, ok = p.fitTurn()
		p.fit = turnFit{rate: rate, sigma: sigma, ok: ok, made: true}
	}
	return p.fit.rate, p.fit.sigma, p.fit.ok
}

// fitTurn is Turn made from the headings.
func (p *Profile) fitTurn() (rate, sigma float64, ok bool) {
	hs := p.headings
	n := len(hs)
	if n < minHeadingSamples || hs[n-1].t-hs[0].t < TurnWindow/2 {
		return 0, 0, false
	}
	weighted := true
	for _, s := range hs {
		if !(s.sigma > 0) {
			weighted = false
		}
	}
	w := func(s headingSample) float64 {
		if weighted {
			return 1 / (s.sigma * s.sigma)
		}
		return 1
	}
	var sw, st, sh float64
	for _, s := range hs {
		sw += w(s)
		st += w(s) * s.t
		sh += w(s) * s.h
	}
	tm, hm := st/sw, sh/sw
	var stt, sth float64
	for _, s := range hs {
		stt += w(s) * (s.t - tm) * (s.t - tm)
		sth += w(s) * (s.t - tm) * (s.h - hm)
	}
	if !(stt > 0) {
		return 0, 0, false
	}
	rate = sth / stt
	var chi2 float64
	for _, s := range hs {
		r := s.h - hm - rate*(s.t-tm)
		chi2 += w(s) * r * r
	}
	scale := chi2 / float64(n-2)
	if weighted {
		scale = math.Max(scale, 1)
	}
	return rate, math.Sqrt(scale / stt), true
}

// WithTurn is tk with the turn the profile has fitted (Turn) in place of
// the tracker's, when the profile has one. The tracker's turn model
// re-estimates its rate from each update's few residuals and stays
// tenths of a rad/s uncertain, too uncertain ever to call a turn; the
// heading history of TurnWindow pins it to hundredths. TurnProb becomes
// the confidence that the fitted rate is not zero, erf(|z|/√2) with z the
// rate over its standard error: 0.95 at twice it, so that a fit Turning
// accepts is a turn at that confidence, and the chance of rolling out
// onto a site is scaled by it. Without a fit, tk is returned as it is.
func (p *Profile) WithTurn(tk Track) Track {
	rate, sigma, ok := p.Turn()
	if !ok {
		return tk
	}
	tk.TurnRate, tk.TurnSigma = rate, sigma
	if sigma > 0 {
		tk.TurnProb = math.Erf(math.Abs(rate) / sigma / math.Sqrt2)
	} else {
		tk.TurnProb = 1
	}
	return tk
}
