package battle

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/iads"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/track"
	"gonum.org/v1/gonum/spatial/r3"
)

// fireControl is what a unit knows of its fire-control radar's hold on
// its tracks, and how that radar spends its time.
//
// A unit engages only a track its fire-control radar holds: one the
// radar has detected within the doctrine's coast limit (CoastRevisits
// revisits of the unit's slowest radar, bm.Doctrine.CoastLimit): at a
// fire-control radar's long range a fluctuating target is seen in one
// look of three, and its track filter coasts across the gaps.
// The unit's tracker fuses all its radars, so a track may be held by its
// search radar alone: such a track is not engaged (hold reason "not held
// by the fire-control radar ..."), unless the doctrine allows launch on
// remote and an active missile can take it. Which radar updated a track
// is read from the tracker as it scans: a track whose Hits grew in a
// radar's scan was detected by that radar.
//
// With a time budget (radar.Budget) the radar does not look everywhere
// every second. Each scan it puts a track dwell on every track it holds,
// then on every other confirmed track of the unit in its coverage (a cue
// from the search radars' tracks); pointed at the track, a dwell sees
// the target the track follows (the threat of its last detection, the
// engine's truth link, which the tracker never uses). It searches the
// next slice of its sector with the time left: a target no track of the
// unit follows is looked at only when the search sweep passes over it,
// once per search frame, and the frame lengthens as the tracks and the
// missiles it guides take more of its time.
type fireControl struct {
	fc   *sensor
	seen map[int][]float64 // track id -> last detection by each of the unit's radars, by sensor index; -Inf: never
	// plotOf is, by track id, the threat of the fire-control radar's last
	// detection on the track (the engine's truth link, -1 for a false
	// alarm): what its track beam illuminates and its rounds are guided
	// at. In a column the tracker may put the search radar's plot of a
	// neighbouring target on the same track a moment later: the track's
	// Tag moves to that target, the fire-control radar's beam does not.
	plotOf map[int]int
	// fix is, by track id, the track's estimate just after the
	// fire-control radar's last detection on it: where that precise plot
	// put the target its beam illuminates, before any prediction on a
	// velocity the plot may have spoiled, and before the search radars'
	// coarser plots pull it along that velocity. A kill report is
	// matched against it (killAssessed).
	fix       map[int]trackFix
	coast     float64 // a track the radar has not detected for longer is not held, s
	budget    radar.Budget
	hasBudget bool
	sweep     float64 // where the search is across the sector, in [0, 1)
	lo, hi    float64 // the slice of the sector searched in the last scan (hi may pass 1: it wraps)
	tracked   int     // tracks the radar held in track at its last scan
	fixed     bool    // the sector does not turn: a threat axis, or all round
	pointed   bool    // the mount has turned to a threat
	// inTrack holds, within one scan (dwells), the threats the radar
	// gives a track dwell; kept to be reused from scan to scan.
	inTrack map[int]bool
}

func (f *fireControl) init(fc *sensor, coast float64) error {
	f.fc = fc
	f.seen = map[int][]float64{}
	f.plotOf = map[int]int{}
	f.fix = map[int]trackFix{}
	f.coast = coast
	f.fixed = fc.spec.HasThreatAxis || fc.r.Sector().Full()
	if fc.spec.TrackDwell > 0 {
		f.budget = radar.Budget{TrackPeriod: fc.spec.ScanPeriod, TrackDwell: fc.spec.TrackDwell,
			SearchFrame: fc.spec.SearchFrame, MinSearch: fc.spec.SearchShare}
		if err := f.budget.Valid(); err != nil {
			return err
		}
		f.hasBudget = true
	}
	return nil
}

// detected records which tracks radar sn detected in its scan at now:
// before and after are the tracker's tracks (by ID) around the scan.
func (f *fireControl) detected(sn *sensor, before, after []track.Track, now float64, radars int) {
	i := 0
	for _, tk := range after {
		for i < len(before) && before[i].ID < tk.ID {
			i++
		}
		if i < len(before) && before[i].ID == tk.ID && before[i].Hits == tk.Hits {
			continue
		}
		s := f.seen[tk.ID]
		if s == nil {
			s = make([]float64, radars)
			for k := range s {
				s[k] = math.Inf(-1)
			}
			f.seen[tk.ID] = s
		}
		s[sn.index] = now
		if sn == f.fc {
			f.plotOf[tk.ID] = tk.Tag
			f.fix[tk.ID] = trackFix{t: now, pos: tk.Pos(), cov: [9]float64{
				tk.P[0], tk.P[1], tk.P[2], tk.P[6], tk.P[7], tk.P[8], tk.P[12], tk.P[13], tk.P[14]}}
		}
	}
}

// held reports whether the fire-control radar holds track id at now.
func (f *fireControl) held(id int, now float64) bool {
	s, ok := f.seen[id]
	return ok && now-s[f.fc.index] <= f.coast
}

// stale reports whether the fire-control radar has missed track id on
// its last two revisits: the radar's own dwells on the target no longer
// update it.
func (f *fireControl) stale(id int, now float64) bool {
	s, ok := f.seen[id]
	return !ok || now-s[f.fc.index] > 2*f.fc.spec.ScanPeriod
}

// dwells is what the fire-control radar looks at in its scan at now, of
// the targets in the air: the targets of the tracks it holds (within its
// budget's capacity, by track number) and those under this scan's slice
// of the search sweep, and, within the capacity left, the targets the
// grid cues it onto (cues). Without a budget it looks at every target.
func (u *unit) dwells(targets []radar.Target, now float64, cued []int) []radar.Target {
	f := &u.fire
	if !f.hasBudget {
		return targets
	}
	room := f.budget.Capacity() - u.bm.InFlight()
	if f.inTrack == nil {
		f.inTrack = map[int]bool{}
	}
	clear(f.inTrack)
	inTrack := f.inTrack
	f.tracked = 0
	for i := range u.tracker.NumTracks() {
		tk := u.tracker.TrackAt(i)
		if f.tracked >= room {
			break
		}
		if f.held(tk.ID, now) {
			f.tracked++
			inTrack[tk.Tag] = true
		}
	}
	// Cues: a confirmed track the radar does not hold, from the unit's
	// search radars, that lies in its coverage gets a track dwell too,
	// after the held ones and within the same budget, so that the radar
	// acquires it at once rather than when its search sweep comes round.
	for i := range u.tracker.NumTracks() {
		tk := u.tracker.TrackAt(i)
		if f.tracked >= room {
			break
		}
		if tk.Status != track.Confirmed || f.held(tk.ID, now) || !f.fc.r.Covers(u.frame.FromENU(tk.Pos())) {
			continue
		}
		f.tracked++
		inTrack[tk.Tag] = true
	}
	// Cues from the grid (grid_cueing): the neighbours' tracks.
	for _, tag := range cued {
		if f.tracked >= room {
			break
		}
		if !inTrack[tag] {
			f.tracked++
			inTrack[tag] = true
		}
	}
	n := f.tracked + u.bm.InFlight()
	f.lo = f.sweep
	f.hi = f.lo + f.fc.spec.ScanPeriod/f.budget.SearchFrameWith(n)
	f.sweep = math.Mod(f.hi, 1)
	out := targets[:0]
	for _, tg := range targets {
		if inTrack[tg.ID] || f.searched(tg.Pos) {
			out = append(out, tg)
		}
	}
	return out
}

// searched reports whether the fire-control radar's last scan searched
// the direction of pos (ECEF): always without a budget. The tracker
// counts a miss of a track only where the radar looked (see look).
func (f *fireControl) searched(pos r3.Vec) bool {
	if !f.hasBudget || f.hi-f.lo >= 1 {
		return true
	}
	x := f.fc.r.Sector().Across(f.fc.r.Frame().AER(pos).Az)
	return x >= 0 && x <= 1 && (x >= f.lo && x < f.hi || f.hi > 1 && x < f.hi-1)
}

// busy says why the fire-control radar has no time for missiles more
// guided (and their target), or "" when it has.
func (u *unit) busy(missiles int) string {
	f := &u.fire
	if !f.hasBudget {
		return ""
	}
	n := f.tracked + u.bm.InFlight()
	if f.budget.Room(n, missiles) {
		return ""
	}
	return fmt.Sprintf("%s busy: %d targets in track and %d missiles in flight take %.0f%% of its time; %d more would leave search less than its %.0f%%",
		f.fc.spec.ID, f.tracked, u.bm.InFlight(), 100*f.budget.Load(n), missiles, 100*f.budget.MinSearch)
}

// refOf is the track a battle manager's track key names.
func (w *world) refOf(key int) trackRef {
	i, id := iads.SplitKey(key)
	return trackRef{src: w.units[i], id: id}
}

// notHeld says why u's fire-control radar does not hold the track of
// th, or no reason when it does. A unit asks at every decision about
// every track of its picture and almost never says why: the reason of a
// track of its own carries the track, the moment and the bearing outside
// the radar's sector (NaN when within it), and its text is built
// (notHeldText) only when it is said, at once, from the unit's state
// then.
func (w *world) notHeld(u *unit, th bm.Threat) bm.Reason {
	ref := w.refOf(th.Track.ID)
	fc := u.fc
	if fc.destroyed {
		return bm.Because(bm.KindRadarLost, fmt.Sprintf("fire-control radar %s destroyed at %.1f s", fc.spec.ID, fc.silentAt))
	}
	if ref.src != u {
		// The reason of every other unit's track under an IADS, each
		// second: its text is built only if it is said.
		return bm.NotInPicture(fc.spec.ID, ref.src.spec.ID)
	}
	now := th.Track.T
	why := bm.Reason{Kind: bm.KindNotHeld, Format: u.notHeldText, N: ref.id, X: now, Y: math.NaN()}
	if u.fire.held(ref.id, now) {
		// The fire-control radar guides on its own plots: they must be
		// of what the track follows now. In a column the search radar's
		// plot of a neighbour may have taken the track since; the unit
		// waits for the fire-control radar to plot that target (this
		// stands in for the correlation of the radar's own track with
		// the unit's, which the model does not keep apart).
		tk, ok := u.tracker.Track(ref.id)
		if !ok || u.fire.plotOf[ref.id] == tk.Tag {
			return bm.Reason{}
		}
		why.M = plotOfAnother
		return why
	}
	if sec := fc.r.Sector(); !sec.Full() {
		if az := fc.r.Frame().AER(th.Track.Pos).Az; !sec.Contains(az) {
			why.Y = az
		}
	}
	return why
}

// plotOfAnother is notHeld's M for a track the fire-control radar holds
// whose last plot by it is of another target than the track's latest.
const plotOfAnother = 1

// notHeldString is the text of a notHeld reason r of u's own track r.N
// at r.X: what u's radars have seen of it, from their state when it is
// said.
func (u *unit) notHeldString(r bm.Reason) string {
	fc := u.fc
	const notHeld = "not held by the fire-control radar "
	id, now := r.N, r.X
	if r.M == plotOfAnother {
		return notHeld + fc.spec.ID + fmt.Sprintf(" (its last plot on the track, %.0f s ago, is of another target than the track's latest: a column's targets share the track)",
			now-u.fire.seen[id][fc.index])
	}
	why := notHeld + fc.spec.ID
	var notes []string
	s := u.fire.seen[id]
	if s != nil && !math.IsInf(s[fc.index], -1) {
		notes = append(notes, fmt.Sprintf("last detected by it %.0f s ago, beyond its %.0f s coast", now-s[fc.index], u.fire.coast))
	} else {
		var by []string
		for _, sn := range u.sensors {
			if sn != fc && s != nil && !math.IsInf(s[sn.index], -1) {
				by = append(by, sn.spec.ID)
			}
		}
		if len(by) > 0 {
			notes = append(notes, "seen only by "+strings.Join(by, ", "))
		}
	}
	if az := r.Y; !math.IsNaN(az) {
		sec := fc.r.Sector()
		notes = append(notes, fmt.Sprintf("bearing %.0f°, outside its sector %.0f° to %.0f°",
			deg(az), deg(wrap(sec.Azimuth-sec.HalfWidth)), deg(wrap(sec.Azimuth+sec.HalfWidth))))
	}
	if len(notes) > 0 {
		why += " (" + strings.Join(notes, "; ") + ")"
	}
	return why
}

// wrap brings an angle into [0, 2π).
func wrap(a float64) float64 {
	a = math.Mod(a, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	return a
}

// point turns the fire-control array's mount to the unit's most urgent
// threat when the scenario gives no threat axis and the radar guides
// nothing: the array sees only its sector, and turning it while a
// missile flies would drop the tracks that guide it. The most urgent
// threat is the first ranked whose track is not coasting (a stale
// track's estimate drifts off where no target is). Its velocity need not
// be firm: turning a 120° sector needs only the bearing, and a search
// radar's track of a target that may turn at 9 g, revisited every 10 s
// at 300 km, is not firm until the fire-control radar tracks it (the
// turn model: a fighter at 320 km was never engaged). The mount turns
// only when that threat lies outside the sector.
func (w *world) point(u *unit, ranked []bm.Threat, now float64) {
	f := &u.fire
	if f.fixed || u.bm.Engaged() > 0 || u.bm.InFlight() > 0 {
		return
	}
	d := u.bm.Doctrine
	i := slices.IndexFunc(ranked, func(th bm.Threat) bool {
		return d.Coasting(th.Track) == ""
	})
	if i < 0 {
		return
	}
	top := ranked[i]
	r := f.fc.r
	az := r.Frame().AER(top.Track.Pos).Az
	if f.pointed && r.Sector().Contains(az) {
		return
	}
	f.fc.r = r.WithSector(az)
	f.pointed = true
	ref := w.refOf(top.Track.ID)
	e := event.Event{T: now, Type: event.RadarPointed, Unit: u.spec.ID, Radar: f.fc.spec.ID, Azimuth: round(deg(az), 0.1),
		Track: ref.id, TrackUnit: ref.foreign(u),
		Reason: fmt.Sprintf("sector of %.0f° turned to the most urgent threat", deg(2*r.Sector().HalfWidth))}
	if tk, ok := ref.src.tracker.Track(ref.id); ok {
		if th := w.threatOfTag(tk.Tag); th != nil {
			e.Threat, e.ThreatType = th.spec.ID, th.spec.Type
		}
	}
	w.emit(e)
}

// guidanceLost says why an interceptor that needs its fire-control
// radar's track to the end (command, track-via-missile, semi-active) has
// lost it, or "" while the radar holds it: the track was dropped, or the
// radar has not detected the target within its coast limit.
func (w *world) guidanceLost(f *flight, now float64) string {
	if !f.order.Missile.Guidance.NeedsFireControl() {
		return ""
	}
	u, ref := f.u, f.eng.ref
	if u.fc.destroyed {
		return fmt.Sprintf("fire-control radar %s destroyed at %.1f s; %s guidance needs it to the end", u.fc.spec.ID, u.fc.silentAt, f.order.Missile.Guidance)
	}
	if ref.src != u {
		return fmt.Sprintf("fire-control track lost at %.1f s: track %d is %s's, not %s's", now, ref.id, ref.src.spec.ID, u.fc.spec.ID)
	}
	_, _, ok := u.tracker.TrackStatus(ref.id)
	if ok && u.fire.held(ref.id, now) {
		return ""
	}
	if w.handover(f, now) {
		return ""
	}
	if !ok {
		return fmt.Sprintf("fire-control track lost at %.1f s: track %d dropped", now, ref.id)
	}
	last := u.fire.seen[ref.id][u.fc.index]
	return fmt.Sprintf("fire-control track lost at %.1f s: %s has not detected the target since %.1f s; %s guidance needs it to the end",
		last+u.fire.coast, u.fc.spec.ID, last, f.order.Missile.Guidance)
}

// handover moves the guidance of f's engagement onto another track of
// its unit when the fire-control radar no longer holds the engaged one
// (or it was dropped) but has updated, on its last two revisits, a
// confirmed track of the same target (bm.Correlate against the
// engagement's estimate of it) that no other engagement of the world
// guides on, and reports whether it did. It is a fallback: the tracker's
// turn model keeps one track through a break. A
// fire-control radar in track mode keeps a dedicated beam on the target
// it engages and guides its rounds on that target, not on a track
// number: when a hard manoeuvre splits the tracker's track, the radar's
// detections of the target go on, into the new track, and the rounds
// follow them. Every round of the engagement follows; the battle
// manager keeps the engagement under its first track number, so the
// unit does not fire again at the new track meanwhile (deconflict).
func (w *world) handover(f *flight, now float64) bool {
	u, e := f.u, f.eng
	est, ok := e.target(now)
	if !ok {
		return false
	}
	taken := map[int]bool{}
	for _, x := range w.iads.Engagements(nil) {
		if o := x.(*engagement); o != e && o.ref.src == u {
			taken[o.ref.id] = true
		}
	}
	best, bestD2 := -1, math.Inf(1)
	var bestTag int
	for _, tk := range u.tracker.Tracks() {
		if tk.ID == e.ref.id || taken[tk.ID] || tk.Status != track.Confirmed || u.fire.stale(tk.ID, now) {
			continue
		}
		same, d2 := bm.Correlate(u.ecefTrack(tk, now), est)
		if same && d2 < bestD2 {
			best, bestD2, bestTag = tk.ID, d2, tk.Tag
		}
	}
	if best < 0 {
		return false
	}
	old := e.ref.id
	e.ref.id, e.ref.tag = best, bestTag
	ev := event.Event{T: now, Type: event.GuidanceHandover, Unit: u.spec.ID, Radar: u.fc.spec.ID, Track: best,
		Missile: f.order.Missile.Name, Interceptor: f.id,
		Reason: fmt.Sprintf("track %d no longer held; %s guides on its track %d of the same target (Mahalanobis distance² %.1f)", old, u.fc.spec.ID, best, bestD2)}
	if th := w.threatOfTag(bestTag); th != nil {
		ev.Threat, ev.ThreatType = th.spec.ID, th.spec.Type
	}
	w.emit(ev)
	return true
}

// trackFix is a track's estimate at a detection, in the unit's frame.
type trackFix struct {
	t   float64
	pos r3.Vec     // m
	cov [9]float64 // of pos, row-major, m²
}
