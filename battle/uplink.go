package battle

import (
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/weapon"
)

// uplink is the command link of one interceptor whose mid-course is
// inertial with command updates (every missile of the catalogue with a
// seeker: "inertial with command update", "inertial with datalink").
// The unit's guidance computer sends the target's state from its track;
// between two messages the missile's own computer flies on the last one,
// the target held at its velocity, and steers for the intercept point it
// predicts from it (weapon.Interceptor).
//
// A message goes out when the track has news, a detection by any of the
// unit's radars since the last message, and at least once per revisit of
// the fire-control radar: that radar gives each missile it guides one
// dwell per revisit (radar.Budget), the message's slot, and between
// detections the track's own prediction adds nothing the missile cannot
// extrapolate. Holding the velocity for a revisit of 1 s moves the aim
// from the track's prediction by half the target's acceleration times
// 1 s², 5 m for gravity on a ballistic target and 45 m for a fighter
// pulling 9 g; the track's own error at the 92N6E's tens of kilometres
// is larger, and the seeker takes over inside its lock-on range.
//
// A missile with no seeker (radio command to the end, the 57E6E) is
// steered by the ground at every step: its period is zero and every step
// sends.
type uplink struct {
	aim     weapon.TargetState // the target's state as last sent
	t       float64            // when it was sent, s
	updated float64            // the track's last detection then (NaN: nothing sent yet)
	src     *unit              // the track it was read from
	id      int
	period  float64 // the fire-control radar's revisit, s; 0: every step
	sent    int     // messages sent
}

// due reports whether a message goes out at now on track ref, whose last
// detection was at updated: the first, one on another track (a
// handover), on news, or a revisit after the last. Ten steps of 0.1 s
// summed in floating point may fall a hair short of a revisit of 1 s:
// the revisit is counted to within revisitSlack.
func (l *uplink) due(ref trackRef, updated, now float64) bool {
	return l.period <= 0 || l.sent == 0 || ref.src != l.src || ref.id != l.id ||
		updated != l.updated || now-l.t >= l.period-revisitSlack
}

// revisitSlack is far below any step and far above the rounding of a
// flight's clock (1e-13 s after an hour).
const revisitSlack = 1e-6

// send records the message of state s read at now from track ref, last
// detected at updated.
func (l *uplink) send(ref trackRef, updated, now float64, s weapon.TargetState) {
	l.aim, l.t, l.updated, l.src, l.id = s, now, updated, ref.src, ref.id
	l.sent++
}

// at is the last message extrapolated to now at its velocity: what the
// missile flies on between messages.
func (l *uplink) at(now float64) weapon.TargetState {
	dt := now - l.t
	if dt == 0 {
		return l.aim
	}
	return weapon.TargetState{Pos: r3.Add(l.aim.Pos, r3.Scale(dt, l.aim.Vel)), Vel: l.aim.Vel}
}
