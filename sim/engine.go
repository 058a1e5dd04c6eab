package sim

import (
	"fmt"
	"math"
	"time"
)

// Stage orders actions that fall due at the same simulated instant: the
// flow of one step of a run, from the threats moving to the outcome of a
// shot being assessed.
type Stage int

// The stages of a run, in the order they act within an instant.
const (
	Motion Stage = iota
	Sense
	Track
	Decide
	Engage
	Assess
)

// Action is work scheduled at a simulated time. It receives the time at
// which it runs.
type Action func(now float64)

type item struct {
	t     float64
	stage Stage
	seq   uint64
	act   Action
}

// queue is a binary min-heap of items ordered by time, then stage, then
// the order they were scheduled in. It is written out for its one item
// type rather than through container/heap, whose Push and Pop pass items
// as interface values and so allocate at every call: a replication
// schedules tens of thousands of actions. The order is total (no two
// items share a sequence number), so the run is the same as with any
// other correct priority queue.
type queue []item

func (q queue) less(i, j int) bool {
	a, b := &q[i], &q[j]
	if a.t != b.t {
		return a.t < b.t
	}
	if a.stage != b.stage {
		return a.stage < b.stage
	}
	return a.seq < b.seq
}

// push adds it to the heap.
func (q *queue) push(it item) {
	*q = append(*q, it)
	h := *q
	for j := len(h) - 1; j > 0; {
		i := (j - 1) / 2 // parent
		if !h.less(j, i) {
			break
		}
		h[i], h[j] = h[j], h[i]
		j = i
	}
}

// pop removes and returns the least item; the queue must not be empty.
func (q *queue) pop() item {
	h := *q
	n := len(h) - 1
	top := h[0]
	h[0] = h[n]
	h[n] = item{} // drop the action so that the collector can free it
	h = h[:n]
	for i := 0; ; {
		j := 2*i + 1 // left child
		if j >= n {
			break
		}
		if r := j + 1; r < n && h.less(r, j) {
			j = r
		}
		if !h.less(j, i) {
			break
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
	*q = h
	return top
}

// Engine runs scheduled actions in time order. The zero value is not
// usable; call New.
type Engine struct {
	now   float64
	seq   uint64
	q     queue
	pace  float64 // simulated seconds per wall second; 0 runs flat out
	start time.Time
}

// New returns an engine whose clock reads zero.
func New() *Engine { return &Engine{} }

// Pace makes Run follow the wall clock: speed simulated seconds pass per
// wall second (1 is real time). Zero, the default, runs as fast as the
// machine allows.
func (e *Engine) Pace(speed float64) { e.pace = speed }

// Now is the simulated time, in seconds since the scenario start.
func (e *Engine) Now() float64 { return e.now }

// At schedules act at time t in the given stage. A time in the past runs
// at the current time: the clock never goes backwards.
func (e *Engine) At(t float64, stage Stage, act Action) {
	if t < e.now || math.IsNaN(t) {
		t = e.now
	}
	e.seq++
	e.q.push(item{t: t, stage: stage, seq: e.seq, act: act})
}

// Every schedules act at start, start+period, start+2·period, ... for as
// long as it returns true. Times are computed as start + k·period, not by
// repeated addition, so long runs do not drift.
func (e *Engine) Every(start, period float64, stage Stage, act func(now float64) bool) error {
	if !(period > 0) || math.IsInf(period, 0) {
		return fmt.Errorf("sim: period must be positive and finite, got %v", period)
	}
	var k int
	var tick Action
	tick = func(now float64) {
		if !act(now) {
			return
		}
		k++
		e.At(start+float64(k)*period, stage, tick)
	}
	e.At(start, stage, tick)
	return nil
}

// Run executes actions in order until the queue is empty or the next
// action lies after end; the clock then reads end (or the last action's
// time if the queue ran dry earlier).
func (e *Engine) Run(end float64) {
	e.start = time.Now()
	for len(e.q) > 0 {
		if e.q[0].t > end {
			break
		}
		next := e.q.pop()
		e.wait(next.t)
		e.now = next.t
		next.act(next.t)
	}
	if e.now < end {
		e.wait(end)
		e.now = end
	}
}

func (e *Engine) wait(t float64) {
	if e.pace <= 0 {
		return
	}
	due := e.start.Add(time.Duration(t / e.pace * float64(time.Second)))
	if d := time.Until(due); d > 0 {
		time.Sleep(d)
	}
}
