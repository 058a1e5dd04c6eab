package iads

import (
	"github.com/iadsim/iadsim/bm"
	"gonum.org/v1/gonum/spatial/r3"
)

// Unit is what a fire unit offers the IADS: the small interface through
// which the command post sees a battalion. The IADS never reaches into
// a unit's radars, tracker or launchers; everything it decides on comes
// through these methods, so a higher command level (a regiment over
// battalions) can offer the same interface to the level above it.
type Unit interface {
	// ID names the unit in the record.
	ID() string
	// Index is the unit's place in the run, from 0: the high half of
	// the keys of its tracks (Key).
	Index() int
	// Tracks appends to dst the unit's confirmed tracks predicted to
	// time t in ECEF, in the order of its tracker, each with its key
	// (Key) as bm.Track.ID.
	Tracks(t float64, dst []UnitTrack) []UnitTrack
	// Beyond reports whether a target at pos moving at vel (ECEF, a
	// track's) is certainly beyond the reach of the unit's missiles, now
	// or within the flight time of a round launched now. It takes the
	// two vectors, not the track: it is asked of every unit and track
	// each second, and a track is 500 bytes to copy.
	Beyond(pos, vel r3.Vec) bool
	// Busy reports whether the unit is engaging, or has destroyed, the
	// target of the track with key k.
	Busy(k int) bool
	// Silent reports whether the unit's fire-control radar is under
	// emission control: a silent unit guides nothing, so the allocation
	// gives it no target.
	Silent() bool
	// Shots is how many engagements the unit can begin now: its free
	// fire channels, bounded by the missiles it can still guide and the
	// rounds it may fire.
	Shots() int
	// Kill is the probability that the unit destroys threat th with the
	// salvo its doctrine fires at its class, if it can engage it at now
	// (false if its doctrine leaves the threat to another or no missile
	// of its can meet it).
	Kill(now float64, th bm.Threat) (pk float64, ok bool)
}

// UnitTrack is one confirmed track of one unit, as the unit reports it
// to the IADS: its estimate in ECEF with its key (Key) as ID, and the
// threat of its last detection (Tag), which is truth and serves the
// record and the tests only, never a decision.
type UnitTrack struct {
	Track bm.Track
	Tag   int
}

// Engagement is one fire unit's commitment against one track, as the
// IADS deconflicts against it.
type Engagement interface {
	// Shooter is the unit that engages.
	Shooter() Unit
	// Key is the track the engagement was decided on, as the shooter's
	// battle manager numbers it.
	Key() int
	// TrackID is the number, in its unit's tracker, of the track the
	// engagement guides on now (after a handover, not Key's).
	TrackID() int
	// Target is the engagement's best estimate of its target at time t,
	// if it has one.
	Target(t float64) (bm.Track, bool)
}

// Key is the number of track id of unit index in a battle manager,
// unique across the units of a run.
func Key(unit, id int) int { return unit<<32 | id }

// SplitKey is the unit index and track number of a key made by Key.
func SplitKey(k int) (unit, id int) { return k >> 32, k & (1<<32 - 1) }
