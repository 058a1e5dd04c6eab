// Package progress shows how far a long command has got: a bar redrawn
// in place on a terminal, and on anything else (a Slurm or Kubernetes
// log, a pipe) lines a log can show, or nothing. It is the command
// line's own code, not part of the library.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/iadsim/iadsim/mc"
)

// IsTerminal reports whether f is a character device: a terminal, not a
// file or a pipe, where a bar redrawn in place makes sense.
func IsTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Bar draws a one-line progress bar of work done out of a total,
// redrawn in place on a terminal.
type Bar struct {
	w     io.Writer
	label string
	last  int
}

// NewBar returns a bar on w when w is a terminal, else nil: no
// bar in a log or a pipe.
func NewBar(w io.Writer, label string) *Bar {
	if f, ok := w.(*os.File); ok && IsTerminal(f) {
		return &Bar{w: f, label: label, last: -1}
	}
	return nil
}

// Update draws done of total, when the percentage has changed.
func (p *Bar) Update(done, total int) {
	pct := 100 * done / max(total, 1)
	if pct == p.last {
		return
	}
	p.last = pct
	const width = 40
	n := width * min(done, total) / max(total, 1)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%%", p.label, strings.Repeat("#", n), strings.Repeat(" ", width-n), pct)
}

// Done ends the bar's line.
func (p *Bar) Done() { fmt.Fprintln(p.w) }

// Batch draws a batch's progress on a terminal, redrawn in place at
// most ten times a second. Anywhere else (a Slurm or Kubernetes log, a
// pipe) it writes a line each time another 5 % of the replications is
// done or logEvery has passed, whichever comes first, so that a log
// shows a long shard advancing; and one line at the end.
type Batch struct {
	// Label starts each line: a sweep names its point.
	Label string

	w    io.Writer
	tty  bool
	now  func() time.Time
	last time.Time
	p    mc.Progress
	seen bool

	// The log lines: the count at which the next is due, the count and
	// label of the last.
	nextDone, lastDone int
	lastLabel          string
}

// logEvery is the longest a log goes without a progress line while
// replications finish.
const logEvery = 30 * time.Second

// NewBatch returns a batch's progress on w.
func NewBatch(w io.Writer) *Batch {
	f, ok := w.(*os.File)
	return &Batch{w: w, tty: ok && IsTerminal(f), now: time.Now}
}

// Update shows p, the batch's progress as mc reports it.
func (b *Batch) Update(p mc.Progress) {
	b.p, b.seen = p, true
	if !b.tty {
		b.log(p)
		return
	}
	if p.Done < p.Total && b.now().Sub(b.last) < 100*time.Millisecond {
		return
	}
	b.last = b.now()
	const width = 30
	fill := 0
	if p.Total > 0 {
		fill = width * p.Done / p.Total
	}
	eta := "-"
	if p.Rate > 0 {
		eta = p.ETA.Round(time.Second).String()
	}
	fmt.Fprintf(b.w, "\r%s[%s%s] %d/%d  %.1f runs/s  ETA %s \x1b[K", b.Label,
		strings.Repeat("=", fill), strings.Repeat(" ", width-fill), p.Done, p.Total, p.Rate, eta)
}

// log writes a progress line when one is due. The last replication's is
// left to finish.
func (b *Batch) log(p mc.Progress) {
	now := b.now()
	step := max(p.Total/20, 1)
	if b.nextDone == 0 || p.Done < b.lastDone || b.Label != b.lastLabel { // a new batch, or a sweep's next point
		b.nextDone, b.lastDone, b.lastLabel, b.last = step, p.Done, b.Label, now
	}
	if p.Done >= p.Total || p.Done == b.lastDone || (p.Done < b.nextDone && now.Sub(b.last) < logEvery) {
		return
	}
	b.last, b.lastDone, b.nextDone = now, p.Done, (p.Done/step+1)*step
	eta := "-"
	if p.Rate > 0 {
		eta = p.ETA.Round(time.Second).String()
	}
	fmt.Fprintf(b.w, "%s%d/%d replications (%d%%), %.1f runs/s, ETA %s\n", b.Label, p.Done, p.Total, 100*p.Done/max(p.Total, 1), p.Rate, eta)
}

// Finish ends the bar, or writes the batch's summary line to a log.
func (b *Batch) Finish() {
	if !b.seen {
		return
	}
	p := b.p
	if b.tty {
		fmt.Fprintln(b.w)
		return
	}
	fmt.Fprintf(b.w, "%d/%d replications (%d resumed) in %.1f s, %.1f runs/s\n",
		p.Done, p.Total, p.Resumed, p.Elapsed.Seconds(), p.Rate)
}
