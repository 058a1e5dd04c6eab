// Package epoch places scenario time on the calendar. Inside a run, time
// is seconds since the scenario start (float64); the scenario's epoch key
// says what UTC instant that start is. Every output that carries time
// writes it both ways: the seconds, for arithmetic, and the UTC instant,
// so that pandas, QGIS's temporal controller, Cesium or a DIS logger can
// place the run on a clock without knowing the scenario.
//
// The one text form is RFC 3339 in UTC with milliseconds, always three
// digits ("2025-03-01T04:30:12.500Z"): ISO 8601, which pandas.to_datetime,
// OGR's GeoJSON driver (QGIS) and JavaScript's Date all read, and of fixed
// width, so that it also sorts as text.
package epoch

import (
	"math"
	"time"
)

// Layout is the text form of an instant in the outputs.
const Layout = "2006-01-02T15:04:05.000Z07:00"

// Epoch is the UTC instant of scenario time zero.
type Epoch struct {
	t0 time.Time
}

// New returns the epoch at t0, held in UTC.
func New(t0 time.Time) Epoch {
	return Epoch{t0: t0.UTC()}
}

// Time is the instant of scenario time zero, in UTC.
func (e Epoch) Time() time.Time { return e.t0 }

// At is the instant t seconds after the epoch, to the nanosecond.
func (e Epoch) At(t float64) time.Time {
	return e.t0.Add(time.Duration(math.Round(t * 1e9)))
}

// Format writes the instant t seconds after the epoch in Layout, rounded
// to the millisecond.
func (e Epoch) Format(t float64) string {
	return e.At(t).Round(time.Millisecond).Format(Layout)
}

// String writes the epoch itself in RFC 3339, UTC, as a scenario gives it
// (no fraction when it has none).
func (e Epoch) String() string {
	return e.t0.Format(time.RFC3339Nano)
}
