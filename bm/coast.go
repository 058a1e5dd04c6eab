package bm

import "fmt"

// Coasting says why a track is not a fire-control track because it is
// coasting, or "" if it is not: when no radar has detected it for longer
// than CoastLimit, its estimate is a prediction, not a measurement. Its
// target may have turned, or be gone: destroyed by another unit whose
// kill this unit has not heard of, or never there. A fire-control system
// launches on a track its radars hold, not on one it extrapolates, so the
// battle manager holds fire on a coasting track, and the engine calls a
// launch off if the track coasts between the decision and the launch.
func (d Doctrine) Coasting(t Track) string {
	if !d.coasts(t) {
		return ""
	}
	if d.CoastMisses > 0 && t.Misses >= d.CoastMisses {
		return fmt.Sprintf("track coasting: %d looks in a row without a detection, the last one %.0f s ago; not a fire-control track", t.Misses, t.T-t.Updated)
	}
	if age := t.T - t.Updated; d.CoastLimit > 0 && age > d.CoastLimit {
		return fmt.Sprintf("track coasting: no detection for %.0f s, more than %.0f s; not a fire-control track", age, d.CoastLimit)
	}
	return ""
}

// coasts reports whether Coasting says why t is coasting, without its
// text: a unit asks at every decision, and says it once.
func (d Doctrine) coasts(t Track) bool {
	return d.CoastMisses > 0 && t.Misses >= d.CoastMisses || d.CoastLimit > 0 && t.T-t.Updated > d.CoastLimit
}
