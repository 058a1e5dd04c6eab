package battle

import (
	"github.com/iadsim/iadsim/track"
)

// cues are the targets the grid cues unit u's fire-control radar onto at
// now (doctrine grid_cueing), by threat tag: the confirmed tracks of the
// other units of its standing IADS that its fire-control radar covers. A
// radar on a time budget otherwise finds a target it does not hold only
// when its search sweep passes over it; cued, it puts a track dwell on it
// at once, as a battalion that lost its search radars is pointed by its
// neighbours' picture. Like a held track's dwell, the cued dwell sees the
// target the cueing track follows: the threat of its last detection.
func (w *world) cues(u *unit, now float64) []int {
	if !u.spec.Doctrine.GridCueing || !w.shares(u) || !u.fire.hasBudget {
		return nil
	}
	var tags []int
	for _, m := range w.iads.Members() {
		v := w.units[m.Index()]
		if v == u || !w.iads.Together(u.member, m) {
			continue
		}
		for i := range v.tracker.NumTracks() {
			tk := v.tracker.TrackAt(i)
			if tk.Status != track.Confirmed || tk.Tag < 0 {
				continue
			}
			if u.fc.r.Covers(v.ecefTrack(*tk, now).Pos) {
				tags = append(tags, tk.Tag)
			}
		}
	}
	return tags
}
