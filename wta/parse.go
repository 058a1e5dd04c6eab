package wta

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// Limits that keep a malformed or hostile instance from asking for
// absurd memory or time; docs/wta.md lists them for users.
const (
	maxDim   = 1 << 16 // weapons or targets
	maxPairs = 1 << 24 // weapons times targets
	maxCap   = 1 << 20 // shots per weapon
	maxErrs  = 20      // problems reported at once

	// MaxShots bounds the shots of all weapons together: the solvers
	// keep state per shot, and 2^20 shots took gigabytes.
	MaxShots = 1 << 16
	// MaxShotTargets bounds shots times targets: a large-neighbourhood
	// exchange may list every target for every shot, 16 bytes an edge.
	MaxShotTargets = 1 << 22
	// MaxValue bounds a target value. The shortest-path solver adds and
	// subtracts sums of values; near the largest float64 they overflow
	// to Inf and then NaN, and a search over NaN distances never ends.
	// 1e100 leaves every sum of up to 2^16 values far from overflow.
	MaxValue = 1e100
)

// Parse reads an instance in the format of Andersen, Pavlikov and Toffolo
// (2022): a first line "m n mu" (m weapons, n targets, every weapon fires
// at most mu shots), then n lines each holding one target value, then one
// line "i j p" for every weapon-target pair, with 0-based indices, in any
// order. Blank lines are ignored. Every pair must appear exactly once.
//
// name is used in error messages, which have the form
// "name:line:col: what is wrong"; up to 20 problems are reported at once.
func Parse(name string, r io.Reader) (*Instance, error) {
	// A UTF-8 byte order mark, which Windows editors write, is skipped,
	// as the CSV readers skip it.
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	p := parser{name: name, sc: bufio.NewScanner(br)}
	p.sc.Buffer(make([]byte, 0, 4096), 1<<20)
	in, err := p.parse()
	if err != nil {
		return nil, err
	}
	return in, nil
}

type parser struct {
	name string
	sc   *bufio.Scanner
	line int
	errs []error
}

type field struct {
	text string
	col  int
}

// next returns the fields of the next non-blank line, or false at the end
// of input.
func (p *parser) next() ([]field, bool) {
	for p.sc.Scan() {
		p.line++
		b := p.sc.Bytes()
		var fs []field
		for k := 0; k < len(b); {
			if isSpace(b[k]) {
				k++
				continue
			}
			s := k
			for k < len(b) && !isSpace(b[k]) {
				k++
			}
			fs = append(fs, field{string(b[s:k]), s + 1})
		}
		if len(fs) > 0 {
			return fs, true
		}
	}
	return nil, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

func (p *parser) errorf(col int, format string, a ...any) {
	if len(p.errs) < maxErrs {
		p.errs = append(p.errs, fmt.Errorf("%s:%d:%d: %s", p.name, p.line, col, fmt.Sprintf(format, a...)))
	}
}

func (p *parser) full() bool { return len(p.errs) >= maxErrs }

func (p *parser) int(f field, what string, lo, hi int) (int, bool) {
	v, err := strconv.Atoi(f.text)
	if err != nil || v < lo || v > hi {
		p.errorf(f.col, "%s %q: want an integer in [%d, %d]", what, f.text, lo, hi)
		return 0, false
	}
	return v, true
}

func (p *parser) float(f field, what string, lo, hi float64) (float64, bool) {
	v, err := strconv.ParseFloat(f.text, 64)
	if err != nil || !(v >= lo && v <= hi) {
		if hi == math.MaxFloat64 {
			p.errorf(f.col, "%s %q: want a finite number >= %g", what, f.text, lo)
		} else if hi == MaxValue {
			p.errorf(f.col, "%s %q: want a finite number in [%g, %g]", what, f.text, lo, hi)
		} else {
			p.errorf(f.col, "%s %q: want a number in [%g, %g]", what, f.text, lo, hi)
		}
		return 0, false
	}
	return v, true
}

func (p *parser) parse() (*Instance, error) {
	fs, ok := p.next()
	if err := p.sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", p.name, err)
	}
	if !ok {
		return nil, fmt.Errorf("%s: empty file: want a first line \"m n mu\"", p.name)
	}
	if len(fs) != 3 {
		p.errorf(1, "%d fields, want 3: \"m n mu\" (weapons, targets, shots per weapon)", len(fs))
		return nil, errors.Join(p.errs...)
	}
	m, ok1 := p.int(fs[0], "weapon count", 1, maxDim)
	n, ok2 := p.int(fs[1], "target count", 1, maxDim)
	mu, ok3 := p.int(fs[2], "shots per weapon", 0, maxCap)
	if !ok1 || !ok2 || !ok3 {
		return nil, errors.Join(p.errs...)
	}
	if m*n > maxPairs {
		p.errorf(fs[0].col, "%d weapons x %d targets: more than %d pairs", m, n, maxPairs)
		return nil, errors.Join(p.errs...)
	}
	if m*mu > MaxShots {
		p.errorf(fs[0].col, "%d weapons x %d shots: more than %d shots in all", m, mu, MaxShots)
		return nil, errors.Join(p.errs...)
	}
	if m*mu*n > MaxShotTargets {
		p.errorf(fs[0].col, "%d shots x %d targets: more than %d", m*mu, n, MaxShotTargets)
		return nil, errors.Join(p.errs...)
	}

	in := &Instance{Value: make([]float64, n), Cap: make([]int, m), P: make([][]float64, m)}
	for i := range in.Cap {
		in.Cap[i] = mu
	}
	for j := 0; j < n && !p.full(); j++ {
		fs, ok := p.next()
		if !ok {
			p.line++
			p.errorf(1, "end of file after %d target values, want %d", j, n)
			return nil, p.end()
		}
		if len(fs) != 1 {
			p.errorf(1, "%d fields, want 1: the value of target %d", len(fs), j)
			continue
		}
		in.Value[j], _ = p.float(fs[0], "target value", 0, MaxValue)
	}

	// Rows are allocated on first use so a header that promises more
	// pairs than the file holds costs no memory.
	seen := make([][]bool, m)
	pairs := 0
	for !p.full() {
		fs, ok := p.next()
		if !ok {
			break
		}
		if len(fs) != 3 {
			p.errorf(1, "%d fields, want 3: \"i j p\" (weapon, target, kill probability)", len(fs))
			continue
		}
		i, ok1 := p.int(fs[0], "weapon index", 0, m-1)
		j, ok2 := p.int(fs[1], "target index", 0, n-1)
		v, ok3 := p.float(fs[2], "kill probability", 0, 1)
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		if in.P[i] == nil {
			in.P[i] = make([]float64, n)
			seen[i] = make([]bool, n)
		}
		if seen[i][j] {
			p.errorf(fs[0].col, "pair %d %d given twice", i, j)
			continue
		}
		seen[i][j] = true
		in.P[i][j] = v
		pairs++
	}
	if err := p.sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", p.name, p.line+1, err)
	}
	if pairs != m*n && !p.full() {
		p.line++
		i, j := firstMissing(seen, n)
		p.errorf(1, "end of file after %d of %d weapon-target pairs; the first missing is %d %d", pairs, m*n, i, j)
	}
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return in, nil
}

// end reports the errors collected so far, with any read error first.
func (p *parser) end() error {
	if err := p.sc.Err(); err != nil {
		return fmt.Errorf("%s:%d: %w", p.name, p.line, err)
	}
	return errors.Join(p.errs...)
}

func firstMissing(seen [][]bool, n int) (int, int) {
	for i, row := range seen {
		if row == nil {
			return i, 0
		}
		for j, ok := range row {
			if !ok {
				return i, j
			}
		}
	}
	return 0, n
}
