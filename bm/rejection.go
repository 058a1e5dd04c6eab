package bm

import (
	"fmt"
	"slices"
	"strings"
)

// rejection is why one round cannot take a shot at a threat (out of
// reach, reloading, not the doctrine's, ...), as the format of its text
// and the names and figures that fill it. A unit asks every round of
// every launcher about every threat of its picture at each decision,
// and almost none of the answers are written: those of the rounds an
// engagement passed over (Order.Rejected) and of a hold fire said for
// want of a shot. They are formatted (String) only then. The zero
// rejection rejects nothing.
type rejection struct {
	format string
	n      int
	args   [maxRejectionArgs]rejectionArg
}

// maxRejectionArgs is the most names and figures a rejection's text
// gives.
const maxRejectionArgs = 4

// rejectionArg is one name or figure of a rejection's text: a string
// (%s), a number (%f, %g), a whole number (%d) or a list of names,
// written joined by commas (%s).
type rejectionArg struct {
	kind  argKind
	s     string
	x     float64
	names []string
}

type argKind uint8

const (
	argString argKind = iota
	argNumber
	argWhole
	argNames
)

func text(s string) rejectionArg       { return rejectionArg{kind: argString, s: s} }
func figure(x float64) rejectionArg    { return rejectionArg{kind: argNumber, x: x} }
func whole(n int) rejectionArg         { return rejectionArg{kind: argWhole, x: float64(n)} }
func names(list []string) rejectionArg { return rejectionArg{kind: argNames, names: list} }

func (a rejectionArg) value() any {
	switch a.kind {
	case argNumber:
		return a.x
	case argWhole:
		return int(a.x)
	case argNames:
		return strings.Join(a.names, ", ")
	}
	return a.s
}

// rejectf is the rejection whose text is format filled with args, as
// fmt.Sprintf would fill it.
func rejectf(format string, args ...rejectionArg) rejection {
	r := rejection{format: format}
	r.n = copy(r.args[:], args)
	return r
}

// rejects reports whether r is a reason not to shoot (not the zero
// rejection).
func (r rejection) rejects() bool { return r.format != "" }

// String is the rejection's text, as events.jsonl writes it.
func (r rejection) String() string {
	if !r.rejects() {
		return ""
	}
	var a [maxRejectionArgs]any
	for i := range r.n {
		a[i] = r.args[i].value()
	}
	return fmt.Sprintf(r.format, a[:r.n]...)
}

// rejectionTexts is the texts of rejections, each once, in the order of
// its first rejection: two rounds of one kind on one launcher give the
// same text.
func rejectionTexts(rs []rejection) []string {
	var out []string
	for _, r := range rs {
		if s := r.String(); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
