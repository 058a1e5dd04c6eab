package iads

import (
	"math"

	"github.com/iadsim/iadsim/bm"
)

// Link is a data link between two command posts, or a post and a fire
// unit, as it carries track reports upward: a report leaves when the
// link has room for it (Capacity reports a second; 0: no bound) and
// arrives Latency seconds after it leaves. Orders go down the same link
// with its latency; they are few, and the capacity bounds the reports
// only.
//
// A track reported again while its last report still waits is brought
// up to date in its place in the queue: a link carries the newest
// estimate of each track, and a slow link refreshes each less often
// instead of falling ever further behind.
type Link struct {
	Latency, Capacity float64

	queue   []report    // waiting to leave, in order of first report
	waiting map[int]int // track key -> its place in queue
	transit []report    // left, not yet arrived, in order of arrival
	out     []report    // arrived's answer, kept from call to call
	credit  float64     // reports the link may still send this instant
	// peak is the largest backlog since the link was last clear, since
	// when it has been behind.
	peak  int
	since float64
}

// report is one track report: a unit's track, or a command's target
// (the tracks of one object, correlated), as its post knew it.
type report struct {
	// key names the track (Key): for a command's target, its first
	// unit track's.
	key int
	// keys are the unit tracks it stands for, in order.
	keys []int
	// track is the estimate at its time (track.T), with ID key.
	track bm.Track
	tag   int
	drop  bool // the track ended: the post forgets it
	sent  float64
}

// Send puts reports in the queue: a track's report that still waits is
// replaced in its place by the newer one.
func (l *Link) send(rs []report) {
	if l.waiting == nil {
		l.waiting = map[int]int{}
	}
	for _, r := range rs {
		if i, ok := l.waiting[r.key]; ok {
			l.queue[i] = r
			continue
		}
		l.waiting[r.key] = len(l.queue)
		l.queue = append(l.queue, r)
	}
}

// pump sends, at now, as many waiting reports as the link has room for
// over the period since the last instant: all of them without a
// capacity. Room left over is not kept (a link idle for a minute does
// not send a minute's reports at once), but a fraction of a report is,
// so that a link of 0.5 reports a second sends one every 2 s.
func (l *Link) pump(now, period float64) {
	n := len(l.queue)
	if l.Capacity > 0 {
		l.credit += l.Capacity * period
		n = min(n, int(math.Floor(l.credit+1e-9)))
		l.credit -= float64(n)
	}
	for _, r := range l.queue[:n] {
		r.sent = now
		l.transit = append(l.transit, r)
	}
	l.queue = append(l.queue[:0], l.queue[n:]...)
	clear(l.waiting)
	for i, r := range l.queue {
		l.waiting[r.key] = i
	}
	if len(l.queue) == 0 {
		l.credit -= math.Floor(l.credit)
	}
	l.peak = max(l.peak, len(l.queue))
}

// arrived removes from the link and returns the reports that have
// arrived by now, in order of arrival. The slice is the link's, valid
// until its next call.
func (l *Link) arrived(now float64) []report {
	n := 0
	for n < len(l.transit) && l.transit[n].sent+l.Latency <= now+1e-9 {
		n++
	}
	out := append(l.out[:0], l.transit[:n]...)
	l.out = out
	l.transit = append(l.transit[:0], l.transit[n:]...)
	return out
}

// Backlog is how many track reports wait to leave.
func (l *Link) Backlog() int { return len(l.queue) }
