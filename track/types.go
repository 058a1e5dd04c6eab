package track

import (
	"fmt"

	"gonum.org/v1/gonum/spatial/r3"
)

// Kind is what a sensor measures.
type Kind int

const (
	// Polar sensors measure range, azimuth and elevation in their own
	// ENU axes, and range rate when SigmaRangeRate > 0.
	Polar Kind = iota
	// Cartesian sensors measure a position in the tracker frame directly
	// (Detection.Pos), as a fused or pre-processed plot does.
	Cartesian
)

// Sensor places one sensor in the tracker's Cartesian frame (any frame;
// the engine uses the command post's ENU frame).
type Sensor struct {
	ID   string
	Kind Kind   // Polar (the zero value) or Cartesian
	Pos  r3.Vec // position in the tracker frame, m
	// Rot is the row-major rotation taking tracker-frame directions into
	// the sensor's local ENU axes. For a sensor at another site of the
	// same network, with both frames from package geo, it is
	// sensorFrame.Rotation() times the transpose of trackerFrame.Rotation().
	Rot [9]float64
	// 1-sigma measurement errors of a Polar sensor: range in m, azimuth
	// and elevation in rad.
	SigmaRange, SigmaAz, SigmaEl float64
	// SigmaRangeRate (m/s), when > 0, says the Polar sensor also
	// measures range rate (Detection.RangeRate) with this 1-sigma error.
	SigmaRangeRate float64
	// SigmaX, SigmaY, SigmaZ are the 1-sigma errors (m) of a Cartesian
	// sensor along the tracker axes. Pos and Rot are unused for it.
	SigmaX, SigmaY, SigmaZ float64
}

// Detection is one measurement. For a Polar sensor it is range, azimuth
// clockwise from north and elevation in the sensor's local ENU frame, as
// geo.ENUToAER gives them, and the range rate when the sensor measures
// it. For a Cartesian sensor it is Pos.
type Detection struct {
	T         float64 // time of the measurement, s (informational: Scan uses its own t)
	Sensor    int     // index into the tracker's sensors (informational: Scan uses its own sensor)
	Range     float64 // m
	Az, El    float64 // rad
	RangeRate float64 // m/s, positive opening; used when the sensor's SigmaRangeRate > 0
	Pos       r3.Vec  // position in the tracker frame, m (Cartesian sensors)
	// Sigma, where an entry is > 0, overrides the sensor's 1-sigma error
	// for this detection: range (m), azimuth (rad), elevation (rad),
	// range rate (m/s) for a Polar sensor; x, y, z (m) for a Cartesian
	// one.
	Sigma [4]float64
	Tag   int // opaque, e.g. a truth id; carried to the track, never used by the tracker
}

// Status is the life stage of a track.
type Status int

const (
	// Tentative tracks have been started but not yet confirmed by M-of-N.
	Tentative Status = iota
	// Confirmed tracks belong in the air picture.
	Confirmed
	// Deleted tracks have been dropped; they appear only in a Change.
	Deleted
)

func (s Status) String() string {
	switch s {
	case Tentative:
		return "tentative"
	case Confirmed:
		return "confirmed"
	case Deleted:
		return "deleted"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Track is one target's estimate.
type Track struct {
	ID     int
	Status Status
	T      float64     // time of the state, s
	X      [6]float64  // x y z vx vy vz in the tracker frame, m and m/s
	P      [36]float64 // covariance of X, row-major
	Hits   int         // detections associated so far, including the first
	Misses int         // consecutive misses while covered
	Tag    int         // Tag of the last associated detection
	// Updated is the time of the last detection that updated the track;
	// T - Updated is how long it has coasted.
	Updated float64
	// Confirmed is the time of confirmation (NaN until then).
	Confirmed float64
	// Score is the track's log-likelihood ratio, true target against
	// false alarm (Blackman and Popoli 1999, §6.2); see Config.Confirm.
	Score float64
	// Mode holds the model probabilities of an IMM track (CV, CT, CA in
	// that order; see IMM), nil for single-model filters. The tracker
	// replaces the slice, never writes into one it handed out.
	Mode []float64
	// ext is filter-private state (the IMM's per-model estimates). Like
	// Mode it is replaced, never mutated, so copies of a Track stay valid.
	ext any
}

// Pos returns the track's position.
func (tk *Track) Pos() r3.Vec { return r3.Vec{X: tk.X[0], Y: tk.X[1], Z: tk.X[2]} }

// Vel returns the track's velocity.
func (tk *Track) Vel() r3.Vec { return r3.Vec{X: tk.X[3], Y: tk.X[4], Z: tk.X[5]} }

// ChangeKind says what happened to a track in a scan. Its constants carry
// a Track prefix to stay apart from the Status values.
type ChangeKind int

const (
	TrackInitiated ChangeKind = iota // a tentative track was started
	TrackConfirmed                   // a tentative track was confirmed
	TrackDeleted                     // a track was deleted
)

func (k ChangeKind) String() string {
	switch k {
	case TrackInitiated:
		return "initiated"
	case TrackConfirmed:
		return "confirmed"
	case TrackDeleted:
		return "deleted"
	}
	return fmt.Sprintf("ChangeKind(%d)", int(k))
}

// Change reports one track event of a scan, with the track as it stood
// right after it.
type Change struct {
	Kind  ChangeKind
	Track Track
	// Reason says why a track was deleted: "not confirmed" (a tentative
	// track that can no longer meet its confirmation rule), "misses",
	// "score" (ScoreDrop), "uncertainty" (MaxPosSigma), "coast limit"
	// (MaxCoast), "speed" (MaxSpeed), "ground" (Ground), "diverged" (a
	// state no longer finite). Empty for other changes.
	Reason string
}
