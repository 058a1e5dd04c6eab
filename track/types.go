package track

import (
	"fmt"

	"gonum.org/v1/gonum/spatial/r3"
)

// Sensor places one sensor in the tracker's Cartesian frame (any frame;
// the engine uses the command post's ENU frame).
type Sensor struct {
	ID  string
	Pos r3.Vec // position in the tracker frame, m
	// Rot is the row-major rotation taking tracker-frame directions into
	// the sensor's local ENU axes. For a sensor at another site of the
	// same network, with both frames from package geo, it is
	// sensorFrame.Rotation() times the transpose of trackerFrame.Rotation().
	Rot [9]float64
	// 1-sigma measurement errors: range in m, azimuth and elevation in rad.
	SigmaRange, SigmaAz, SigmaEl float64
}

// Detection is one polar measurement (range, azimuth clockwise from north,
// elevation) in the sensor's local ENU frame, as geo.ENUToAER gives it.
type Detection struct {
	T      float64 // time of the measurement, s (informational: Scan uses its own t)
	Sensor int     // index into the tracker's sensors (informational: Scan uses its own sensor)
	Range  float64 // m
	Az, El float64 // rad
	Tag    int     // opaque, e.g. a truth id; carried to the track, never used by the tracker
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
	// Confirmed is the time of confirmation (NaN until then).
	Confirmed float64
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
}
