package scenario

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem in a scenario file, at a position (1-based line
// and column) of the node that is wrong.
type Error struct {
	File      string
	Line, Col int
	Msg       string // "what is wrong; what is expected"
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// ErrorList is every problem found in a file, sorted by position.
type ErrorList []*Error

// maxShown bounds the problems Error prints: a file of aliases can
// expand to millions of them, and the first few say what is wrong.
const maxShown = 50

// Error gives one problem per line, the first maxShown of them, then how
// many more there are.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l[:min(len(l), maxShown)] {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	if len(l) > maxShown {
		fmt.Fprintf(&b, "\n%s: and %d more problems", l[0].File, len(l)-maxShown)
	}
	return b.String()
}

// sorted orders the list by position and drops exact repeats, which an
// aliased node decoded twice would otherwise report twice.
func (l ErrorList) sorted() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		return l[i].Col < l[j].Col
	})
	out := l[:0]
	for _, e := range l {
		if len(out) > 0 && *e == *out[len(out)-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}

// Warning is something in a scenario file that is allowed but most likely
// not what was meant, at a position (1-based line and column).
type Warning struct {
	File      string
	Line, Col int
	Msg       string // "what looks wrong; what to do"
}

// String is the warning as the command line prints it:
// file:line:col: warning: message.
func (w Warning) String() string {
	return fmt.Sprintf("%s:%d:%d: warning: %s", w.File, w.Line, w.Col, w.Msg)
}
