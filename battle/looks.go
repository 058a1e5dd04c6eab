package battle

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/sim"
	"github.com/iadsim/iadsim/track"
	"gonum.org/v1/gonum/spatial/r3"
)

// The looks of one instant on several cores (issue 16, Options.Workers).
//
// A look is one scan of one radar. It falls in two phases:
//
//   - sense, the look proper: the radar's detections of the truth of the
//     instant, its false alarms, and its unit's tracker scanning them.
//     It reads the truth of the instant (airborne: every threat's
//     position, shared by every radar looking then and not changed by
//     any), the sensor's own state and streams, and its unit's tracker,
//     fire-control radar (dwells, held tracks, the search sweep), jammer
//     tracks and count of missiles in flight (bm.Unit.InFlight); it
//     writes only the sensor's and the unit's own state (the tracker,
//     the fire-control radar's record of what it detected, the unit's
//     predictions, dwell buffer and jammer tracks) and the look's own
//     buffers (lookJob).
//   - record, what the look tells the rest of the world: its strobes and
//     jammer fixes (which cross its bearings with the other radars' last
//     ones, strobe.go), its detection events, the track changes of the
//     scan as events, the count of the trackers' changes (trackGen,
//     iads.System.TracksChanged), and every unit's battle manager told of
//     a track dropped (bm.Unit.Dropped, which no look reads).
//
// The detections of a look are kept in the look's own buffers, not in
// buffers of the world shared from look to look, and the fire-control
// radar's copy of the truth it picks its dwells from (unit.dwelt) is its
// unit's. The truth of the instant is made once, in turn, before any
// look of the instant senses: nothing in a look moves a threat (a move
// is a launch, a kill, an evasion or an end, made at other stages).
//
// Random draws do not depend on the order of the looks: each stream is
// a hash of (seed, replication, purpose, radar, threat) (sim.Stream), made
// on first use, and the radar's draws against a threat, its false alarms
// and its strobes each have one. So the sense phases of looks of
// different units at one instant read nothing that another's writes, and
// may run at once; the looks of one unit share its tracker and run in
// turn. The record phases then run one at a time in the engine's order of
// the looks, and the record is the same byte for byte as when each look
// runs whole before the next.
//
// Some looks read other units' state in their sense phase, or write the
// world's at their head; they run whole, in turn, after the looks of the
// instant gathered before them are done (lookBatch.gather says which):
//
//   - a radar coming out of emission control or out of its silence
//     against anti-radiation missiles (emitting) records an event, and
//     radiate judges the threats in the air;
//   - the fire-control radar of a unit that the grid cues (grid_cueing,
//     cues) reads the other units' trackers;
//   - while a jammer is in the air, a look's jammer cues (jammer_cueing)
//     read the unit's jammer tracks, which its other radars' fixes at the
//     same instant make in their record phase.

// lookJob is one look: what its sense phase finds, for its record phase.
type lookJob struct {
	u   *unit
	sn  *sensor
	now float64
	// emitting says the radar radiates (emitting): a silent or destroyed
	// one only lets its unit's tracks coast.
	emitting bool
	// targets is the truth of the instant (airborne), shared and not to
	// be changed; cued the targets the grid cues a fire-control radar
	// onto (cues); jammers the noise jammers in the air, and jm those
	// the radar hears.
	targets []radar.Target
	cued    []int
	jammers []radar.Jammer
	jm      radar.Jamming
	// dets and tdets are the look's detections, as the radar and as the
	// tracker take them; changes the scan's track changes (the tracker
	// reuses its own slice at its next scan, so they are copied).
	dets    []radar.Detection
	tdets   []track.Detection
	changes []track.Change
}

// look is one scan of one radar: a look at every threat in the air, each
// detection recorded and fed to the unit's tracker. With several workers
// the look may be gathered with the others of its instant (lookBatch).
func (w *world) look(u *unit, sn *sensor, now float64) {
	if w.batch != nil && w.batch.gather(w, u, sn, now) {
		return
	}
	j := &w.serial
	j.start(u, sn, now)
	j.emitting = w.emitting(u, sn, now)
	if j.emitting {
		j.targets = w.airborne(now)
		if sn == u.fc {
			j.cued = w.cues(u, now)
		}
		j.jammers = w.jammers(now)
	}
	w.sense(j)
	w.record(j)
}

// start readies j, its buffers kept, for the look of radar sn of unit u
// at now.
func (j *lookJob) start(u *unit, sn *sensor, now float64) {
	*j = lookJob{u: u, sn: sn, now: now, dets: j.dets[:0], tdets: j.tdets[:0], changes: j.changes[:0]}
}

// never is the coverage of a radar that does not look.
func never(r3.Vec) bool { return false }

// sense is the look proper: see the package comment above for what it
// may read and write.
func (w *world) sense(j *lookJob) {
	u, sn, now := j.u, j.sn, j.now
	if !j.emitting {
		// Silent or destroyed, it sees nothing; but time passes for the
		// unit's tracks, and one that has gone its maximum coast without
		// a detection from any radar ends (covered by none: no misses).
		j.changes = append(j.changes, u.tracker.Scan(now, sn.index, nil, never)...)
		u.predicted.reset()
		return
	}
	targets := j.targets
	if sn == u.fc {
		// dwells picks in place: a copy, since the truth of the instant
		// is shared.
		u.dwelt = append(u.dwelt[:0], targets...)
		targets = u.dwells(u.dwelt, now, append(j.cued, u.jammerCues(now)...))
	}
	rngFor := func(id int) *rand.Rand {
		// One stream per radar and threat, made on first use: its draws
		// depend on that pair's history alone.
		r, ok := sn.rng[id]
		if !ok {
			r = w.stream("radar", sn.spec.ID, w.threats[id].spec.ID)
			sn.rng[id] = r
		}
		return r
	}
	j.jm = sn.r.Jamming(j.jammers)
	dets := sn.r.AppendLookJammed(j.dets, now, targets, j.jm, rngFor)
	if sn.falseAlarms != nil {
		// A phased array on a time budget searched one slice of its
		// sector this scan; its track dwells test too few cells to count.
		from, to := 0.0, 1.0
		if sn == u.fc && u.fire.hasBudget {
			from, to = u.fire.lo, u.fire.hi
		}
		dets = sn.r.AppendFalseAlarms(dets, now, from, to, sn.falseAlarms)
	}
	j.dets = dets
	for _, d := range dets {
		j.tdets = append(j.tdets, track.Detection{T: now, Sensor: sn.index, Range: d.Range, Az: d.Az, El: d.El, RangeRate: d.RangeRate, Tag: d.TargetID})
	}
	covered := func(p r3.Vec) bool { return sn.r.Covers(u.frame.FromENU(p)) }
	if sn == u.fc {
		// A radar on a time budget misses only what it looked at: the
		// tracks it holds, and the slice of its sector it searched.
		covered = func(p r3.Vec) bool {
			q := u.frame.FromENU(p)
			return u.fire.searched(q) && sn.r.Covers(q) // the cheaper test first
		}
	}
	u.tracksBefore = u.tracker.AppendTracks(u.tracksBefore[:0])
	j.changes = append(j.changes, u.tracker.Scan(now, sn.index, j.tdets, covered)...)
	u.predicted.reset()
	u.tracksAfter = u.tracker.AppendTracks(u.tracksAfter[:0])
	u.fire.detected(sn, u.tracksBefore, u.tracksAfter, now, len(u.sensors))
}

// record tells the world what look j found: its strobes, detections and
// track changes, in that order.
func (w *world) record(j *lookJob) {
	u, sn, now := j.u, j.sn, j.now
	if j.emitting {
		// The strobes draw from streams of their own, so they may come
		// after the false alarms' draws; their events come first.
		w.strobes(u, sn, j.jm, j.jammers, now)
		for _, d := range j.dets {
			if w.lean && (d.TargetID < 0 || w.detectedBefore(d.TargetID)) {
				continue // a summary reads a threat's first detection only
			}
			e := event.Event{T: now, Type: event.Detection, Unit: u.spec.ID, Radar: sn.spec.ID,
				Range: round(d.Range, 0.1), Azimuth: round(deg(d.Az), 1e-4), Elevation: round(deg(d.El), 1e-4),
				SNR: round(10*math.Log10(d.SNR), 0.01), JN: jnDB(d.JN)}
			if d.HasRangeRate {
				e.RangeRate = w.value(round(d.RangeRate, 0.01))
			}
			if d.TargetID >= 0 {
				e.Threat = w.threats[d.TargetID].spec.ID
				e.ThreatType = w.threats[d.TargetID].spec.Type
			}
			w.emit(e)
		}
		w.tracksChanged()
	}
	w.trackChanges(u, j.changes, now)
}

// lookBatch gathers the looks of one instant that may run at once, and
// runs them (flush) once the instant's last look is in, or before a look
// that must run whole.
type lookBatch struct {
	workers int
	jobs    []*lookJob // the first n in use, in the engine's order
	n       int
	// due says a flush is scheduled at the end of the instant's looks.
	due bool
	// groups are the batch's looks by unit, each unit's in order.
	groups [][]*lookJob
	group  map[*unit]int
}

// defer takes the look of radar sn of unit u at now into the batch, or,
// when the look must run whole (see the comment at the head of this
// file), runs the batch so far and returns false.
func (b *lookBatch) gather(w *world, u *unit, sn *sensor, now float64) bool {
	silent := sn.destroyed || sn.quiet && now < sn.quietUntil
	plain := silent || !sn.silent && !sn.quiet
	cued := sn == u.fc && u.spec.Doctrine.GridCueing && u.fire.hasBudget
	var jammers []radar.Jammer
	if plain && !silent {
		jammers = w.jammers(now)
	}
	if !plain || cued || len(jammers) > 0 {
		w.flush()
		return false
	}
	if b.n == len(b.jobs) {
		b.jobs = append(b.jobs, &lookJob{})
	}
	j := b.jobs[b.n]
	b.n++
	j.start(u, sn, now)
	j.emitting = !silent
	if j.emitting {
		// The truth of the instant is made here, in turn: airborne
		// keeps each threat's last position.
		j.targets = w.airborne(now)
	}
	if !b.due {
		// The engine runs actions of one instant and stage in the order
		// they were scheduled: every look of this instant was scheduled
		// before this flush, at an earlier instant, and no look
		// schedules another at its own instant.
		b.due = true
		w.eng.At(now, sim.Sense, func(float64) {
			b.due = false
			w.flush()
		})
	}
	return true
}

// flush runs the looks gathered: their sense phases, a unit's in turn
// and different units' on up to b.workers goroutines, then their record
// phases in the engine's order.
func (w *world) flush() {
	b := w.batch
	if b == nil || b.n == 0 {
		return
	}
	jobs := b.jobs[:b.n]
	b.n = 0
	if b.group == nil {
		b.group = map[*unit]int{}
	}
	clear(b.group)
	for i := range b.groups {
		b.groups[i] = b.groups[i][:0]
	}
	groups := 0
	for _, j := range jobs {
		g, ok := b.group[j.u]
		if !ok {
			g = groups
			groups++
			b.group[j.u] = g
			if g == len(b.groups) {
				b.groups = append(b.groups, nil)
			}
		}
		b.groups[g] = append(b.groups[g], j)
	}
	w.parallel(groups, func(k int) {
		for _, j := range b.groups[k] {
			w.sense(j)
		}
	})
	for _, j := range jobs {
		w.record(j)
	}
}

// parallel calls f(0), ..., f(n-1), on up to Options.Workers goroutines
// when the run has more than one, and returns when all are done. The
// calls must touch disjoint state.
func (w *world) parallel(n int, f func(i int)) {
	workers := 1
	if w.batch != nil {
		workers = min(w.batch.workers, n)
	}
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var (
		mu   sync.Mutex
		next int
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// trackSamples keeps every unit's track samples at now (tracks.csv), a
// unit's in the order of its tracks, then its jammer tracks', units in
// the scenario's order. Predicting a unit's tracks to now (ecefTrack)
// reads and writes only that unit's tracker, filter and predictions,
// and jammersAt only its jammer tracks: the units' samples are made at
// once on the run's workers, and kept in turn.
func (w *world) trackSamples(now float64) {
	if len(w.unitSamples) < len(w.units) {
		w.unitSamples = make([][]Sample, len(w.units))
	}
	w.parallel(len(w.units), func(i int) {
		w.unitSamples[i] = w.units[i].samples(w, now, w.unitSamples[i][:0])
	})
	for _, ss := range w.unitSamples[:len(w.units)] {
		for _, s := range ss {
			w.keep(s)
		}
	}
}

// samples appends unit u's track samples at now to dst.
func (u *unit) samples(w *world, now float64, dst []Sample) []Sample {
	for _, tk := range u.tracker.Tracks() {
		bt := u.ecefTrack(tk, now)
		s := Sample{T: now, Kind: "track", Unit: u.spec.ID, ID: fmt.Sprint(tk.ID), Status: tk.Status.String(),
			At: geo.FromECEF(bt.Pos), Speed: r3.Norm(bt.Vel), VelSigma: bt.VelSigma,
			PosSigma: math.Sqrt(max(bt.PosCov[0], bt.PosCov[4], bt.PosCov[8]))}
		if th := w.threatOfTag(tk.Tag); th != nil {
			s.Threat = th.spec.ID
		}
		dst = append(dst, s)
	}
	for _, jt := range u.jammersAt(now) {
		s := Sample{T: now, Kind: "track", Unit: u.spec.ID, ID: fmt.Sprintf("j%d", jt.id), Status: "jammer",
			At: geo.FromECEF(jt.pos), PosSigma: jt.sigma}
		if th := w.threatOfTag(jt.tag); th != nil {
			s.Threat = th.spec.ID
		}
		dst = append(dst, s)
	}
	return dst
}
