// Package bm is the battle manager of an air-defence unit: every
// decision cycle it ranks the tracks it holds by the threat they pose to
// the defended sites (threat evaluation), then commits fire units to the
// most urgent ones when an interceptor can reach them (engagement
// planning), within the unit's fire channels, missiles in flight,
// launcher loads and doctrine.
//
// Every decision carries its reasons: the priority and why, the predicted
// intercept point and time, the expected kill probability, and the
// alternatives that were rejected with the reason for each. A reason to
// hold fire is a value (Reason: its family, Kind, and what its text
// names), compared by family and written only when it is said: once per
// family and track, again after HoldRepeat. The package decides; it
// does not fly missiles or keep time (package weapon and sim do).
package bm
