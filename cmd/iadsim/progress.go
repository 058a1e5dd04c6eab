package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// isTerminal reports whether f is a character device: a terminal, not a
// file or a pipe, where a bar redrawn in place makes sense.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// fractionBar draws a one-line progress bar of work done out of a total,
// redrawn in place on a terminal.
type fractionBar struct {
	w     io.Writer
	label string
	last  int
}

// newFractionBar returns a bar on w when w is a terminal, else nil: no
// bar in a log or a pipe.
func newFractionBar(w io.Writer, label string) *fractionBar {
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		return &fractionBar{w: f, label: label, last: -1}
	}
	return nil
}

func (p *fractionBar) update(done, total int) {
	pct := 100 * done / max(total, 1)
	if pct == p.last {
		return
	}
	p.last = pct
	const width = 40
	n := width * min(done, total) / max(total, 1)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%%", p.label, strings.Repeat("#", n), strings.Repeat(" ", width-n), pct)
}

func (p *fractionBar) done() { fmt.Fprintln(p.w) }
