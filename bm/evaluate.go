package bm

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/spatial/r3"
)

// Track is what the battle manager knows of one target: the air
// picture's estimate at time T, in ECEF.
type Track struct {
	ID       int
	T        float64
	Pos, Vel r3.Vec
	VelSigma float64 // 1-sigma velocity uncertainty, worst axis, m/s
	// PosCov is the position covariance in ECEF, row-major, m². Zero means
	// unknown; it is needed only to correlate tracks of different units.
	PosCov [9]float64
	// Ground is the height above the WGS-84 ellipsoid of the ground under
	// the track, m, as the command post's map gives it (the scenario's
	// terrain); 0 where the ground is the ellipsoid. Classify measures a
	// track's height from it.
	Ground float64
	// Profile is what the command post has seen of the track's flight
	// so far, nil if it keeps none: Classify then goes by this estimate
	// alone.
	Profile *Profile
	// Updated is the time of the track's last detection: T - Updated is
	// how long it has coasted on its estimate (Doctrine.CoastLimit).
	Updated float64
	// Misses counts the looks in a row, by radars that have held the
	// track and cover it, that did not detect it.
	Misses int
}

// Site is a defended asset: a position, a value and the radius inside
// which a threat counts as having reached it.
type Site struct {
	ID     string
	Pos    r3.Vec
	Value  float64
	Radius float64
}

// Threat is one ranked entry of a threat evaluation.
type Threat struct {
	Track    Track
	Class    string  // kinematic class, from Classify
	Site     string  // the site most threatened, "" if none is
	TimeToGo float64 // seconds until the track reaches Site's radius; +Inf if it does not
	Score    float64 // higher is more urgent
	Reason   string
}

// headingAwayWeight scales down tracks that, flying straight on, reach no
// site: they may still turn, so they are not ignored, but a threat bearing
// down on an asset always comes first.
const headingAwayWeight = 0.1

// Evaluate ranks tracks by urgency: the value of the site a track
// threatens divided by the time it needs to reach it, extrapolating its
// velocity in a straight line. Every track heading for a site ranks above
// every track that is not; those are ranked among themselves by the value
// of a site over their straight-line flight time to it, weighted down. Ties
// go to the lower track id, so the ranking is deterministic.
func Evaluate(tracks []Track, sites []Site) []Threat {
	out := make([]Threat, 0, len(tracks))
	for _, tk := range tracks {
		best := Threat{Track: tk, TimeToGo: math.Inf(1), Class: Classify(tk)}
		for _, s := range sites {
			ttg, ok := timeToRadius(tk.Pos, tk.Vel, s.Pos, s.Radius)
			if !ok {
				continue
			}
			score := s.Value / math.Max(ttg, 1)
			if score > best.Score {
				best.Site, best.TimeToGo, best.Score = s.ID, ttg, score
				best.Reason = fmt.Sprintf("heading for %s (value %g), %.0f s to go", s.ID, s.Value, ttg)
			}
		}
		if best.Site == "" {
			speed := r3.Norm(tk.Vel)
			best.Reason = "not heading for any site"
			first := true
			for _, s := range sites {
				d := math.Max(r3.Norm(r3.Sub(tk.Pos, s.Pos))-s.Radius, 0)
				t := math.Inf(1)
				if speed > 0 {
					t = d / speed
				}
				score := headingAwayWeight * s.Value / math.Max(t, 1)
				if first || score > best.Score {
					first = false
					best.Score = score
					best.Reason = fmt.Sprintf("not heading for any site; %.0f km from %s", d/1000, s.ID)
				}
			}
		}
		out = append(out, best)
	}
	sort.SliceStable(out, func(i, j int) bool {
		// A track bearing down on a site always outranks one that is not.
		if fi, fj := !math.IsInf(out[i].TimeToGo, 1), !math.IsInf(out[j].TimeToGo, 1); fi != fj {
			return fi
		}
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Track.ID < out[j].Track.ID
	})
	return out
}

// timeToRadius is the first time t >= 0 at which p + v t lies within r of
// c, or false if the straight path never comes that close.
func timeToRadius(p, v, c r3.Vec, r float64) (float64, bool) {
	d := r3.Sub(p, c)
	dd := r3.Dot(d, d)
	if dd <= r*r {
		return 0, true
	}
	vv := r3.Dot(v, v)
	dv := r3.Dot(d, v)
	if vv == 0 || dv >= 0 {
		return 0, false
	}
	disc := dv*dv - vv*(dd-r*r)
	if disc < 0 {
		return 0, false
	}
	return (-dv - math.Sqrt(disc)) / vv, true
}
