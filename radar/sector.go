package radar

import (
	"fmt"
	"math"
)

// Sector is the azimuth coverage of a phased array that does not rotate
// while it looks: the beam steers electronically within HalfWidth either
// side of the array's boresight Azimuth (clockwise from north, rad). A
// planar array steers to about ±60° before its gain and beam shape fall
// too far; beyond that the mount must turn. The zero Sector (HalfWidth 0)
// is the whole circle, as a rotating search radar sees it.
type Sector struct {
	Azimuth   float64 // boresight, rad clockwise from north
	HalfWidth float64 // rad; 0 or ≥ π: all round
}

// Full reports whether the sector is the whole circle.
func (s Sector) Full() bool { return !(s.HalfWidth > 0) || s.HalfWidth >= math.Pi }

// off is the signed angle from the boresight to az, in (-π, π].
func (s Sector) off(az float64) float64 {
	d := math.Mod(az-s.Azimuth, 2*math.Pi)
	switch {
	case d > math.Pi:
		d -= 2 * math.Pi
	case d <= -math.Pi:
		d += 2 * math.Pi
	}
	return d
}

// Contains reports whether the azimuth az (rad) lies inside the sector.
func (s Sector) Contains(az float64) bool {
	return s.Full() || math.Abs(s.off(az)) <= s.HalfWidth
}

// Across is where az lies across the sector, from 0 at its left edge
// (anticlockwise) to 1 at its right, for a search that sweeps it; for the
// full circle, az/2π. An azimuth outside the sector gives a value outside
// [0, 1].
func (s Sector) Across(az float64) float64 {
	if s.Full() {
		return wrapAz(az) / (2 * math.Pi)
	}
	return (s.off(az) + s.HalfWidth) / (2 * s.HalfWidth)
}

// Budget is how a multifunction (fire-control) radar shares its time
// between tracking and search. Each target it holds in track, and each
// missile it guides, takes one dwell of TrackDwell seconds every
// TrackPeriod; search has the rest, so the time to search its whole
// sector once grows with the load:
//
//	load = (tracks + missiles) TrackDwell / TrackPeriod
//	search frame = SearchFrame / (1 - load)
//
// The radar takes on no more than it can while keeping MinSearch of its
// time for search (Room), so a radar with a full track load is busy: it
// cannot take another target or guide another missile. This is the
// time-budget model of a phased array (Skolnik, Introduction to Radar
// Systems, ch. 8; Billetter, Multifunction Array Radar, ch. 4), with one
// dwell length for every track, a simplification.
type Budget struct {
	TrackPeriod float64 // s between the updates of a track
	TrackDwell  float64 // s of radar time per track update
	SearchFrame float64 // s to search the sector once with nothing in track
	MinSearch   float64 // fraction of the time kept for search, in [0, 1)
}

// Valid reports what is wrong with the budget, or nil.
func (b Budget) Valid() error {
	if !(b.TrackPeriod > 0) || !(b.TrackDwell > 0) || !(b.TrackDwell <= b.TrackPeriod) ||
		!(b.SearchFrame > 0) || !(b.MinSearch >= 0 && b.MinSearch < 1) ||
		math.IsInf(b.TrackPeriod, 0) || math.IsInf(b.SearchFrame, 0) {
		return fmt.Errorf("time budget %+v: want 0 < track dwell ≤ track period, search frame > 0, 0 ≤ min search < 1", b)
	}
	return nil
}

// Load is the fraction of the radar's time that n tracked targets and
// guided missiles take.
func (b Budget) Load(n int) float64 { return float64(n) * b.TrackDwell / b.TrackPeriod }

// Capacity is the most targets and missiles the radar keeps in track
// while leaving MinSearch of its time to search.
func (b Budget) Capacity() int {
	return int(math.Floor((1 - b.MinSearch) * b.TrackPeriod / b.TrackDwell * (1 + 1e-12)))
}

// Room reports whether the radar, with n in track, can take on k more.
func (b Budget) Room(n, k int) bool { return n+k <= b.Capacity() }

// SearchFrameWith is the time to search the sector once with n in track:
// +Inf once tracking takes all the radar's time.
func (b Budget) SearchFrameWith(n int) float64 {
	free := 1 - b.Load(n)
	if free <= 0 {
		return math.Inf(1)
	}
	return b.SearchFrame / free
}
