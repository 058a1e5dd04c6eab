package radar

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// RCSFileError is one problem of an RCS table file, at a line and column
// (1-based; the column in bytes), as ReadRCSTable reports it.
type RCSFileError struct {
	Line, Col int
	Msg       string
}

func (e *RCSFileError) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// Limits of an RCS table file: a table finer than 0.5° over every aspect
// and band would still fit.
const (
	maxRCSRows   = 1_000_000
	maxRCSErrors = 50
)

// ReadRCSTable reads a target's RCS table by aspect and band from CSV,
// one row per grid point and band:
//
//	azimuth_deg,elevation_deg,band,rcs_m2
//	0,0,X,0.003
//	90,0,X,3
//	...
//
// The header names the columns, in any order: azimuth_deg (0 the nose to
// 180 the tail, the same either side), elevation_deg (-90 to 90, negative
// with the radar below the wings), band (VHF, UHF, L, S, C or X) and the
// cross section as rcs_m2 (> 0) or rcs_dbsm. Lines starting with # are
// comments. The azimuths and elevations of all rows make the grid, and
// each band given must give every point of it once. Every problem is
// reported (up to 50), each an *RCSFileError with its line and column;
// the table returned has passed Validate.
func ReadRCSTable(r io.Reader) (*RCSTable, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var errs []error
	bad := func(line, col int, format string, args ...any) {
		if len(errs) < maxRCSErrors {
			errs = append(errs, &RCSFileError{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
		}
	}
	done := func() error {
		if len(errs) >= maxRCSErrors {
			errs = append(errs, errors.New("more problems not shown"))
		}
		return errors.Join(errs...)
	}
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(err, "a header: azimuth_deg,elevation_deg,band,rcs_m2 (or rcs_dbsm)")
	}
	col := map[string]int{}
	dbsm := false
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch name {
		case "azimuth_deg", "elevation_deg", "band", "rcs_m2", "rcs_dbsm":
		default:
			line, c := cr.FieldPos(i)
			bad(line, c, "column %q; want azimuth_deg, elevation_deg, band, and rcs_m2 or rcs_dbsm", h)
			continue
		}
		if _, dup := col[name]; dup {
			line, c := cr.FieldPos(i)
			bad(line, c, "column %s given twice", name)
		}
		col[name] = i
		dbsm = dbsm || name == "rcs_dbsm"
	}
	_, m2 := col["rcs_m2"]
	_, db := col["rcs_dbsm"]
	for _, need := range []string{"azimuth_deg", "elevation_deg", "band"} {
		if _, ok := col[need]; !ok {
			bad(1, 1, "no %s column; want a header of azimuth_deg, elevation_deg, band, and rcs_m2 or rcs_dbsm", need)
		}
	}
	if m2 == db {
		bad(1, 1, "want one cross-section column, rcs_m2 or rcs_dbsm")
	}
	if len(errs) > 0 {
		return nil, done()
	}

	type point struct {
		az, el float64
		band   Band
	}
	type value struct {
		rcs  float64
		line int
	}
	values := map[point]value{}
	firstLine := map[Band]int{}
	azSet, elSet := map[float64]bool{}, map[float64]bool{}
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(err, "CSV fields, quoted where they hold a comma"))
			return nil, done()
		}
		line, _ := cr.FieldPos(0)
		if rows++; rows > maxRCSRows {
			bad(line, 1, "more than %d rows; want a coarser grid", maxRCSRows)
			return nil, done()
		}
		if len(rec) != len(header) {
			bad(line, 1, "%d fields; want %d, as the header", len(rec), len(header))
			continue
		}
		field := func(name string) (string, int) {
			i := col[name]
			_, c := cr.FieldPos(i)
			return strings.TrimSpace(rec[i]), c
		}
		number := func(name string, lo, hi float64, want string) (float64, bool) {
			s, c := field(name)
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || !(x >= lo && x <= hi) {
				bad(line, c, "%s %q; want %s", name, s, want)
				return 0, false
			}
			return x, true
		}
		az, ok1 := number("azimuth_deg", 0, 180, "degrees from 0 (the nose) to 180 (the tail)")
		el, ok2 := number("elevation_deg", -90, 90, "degrees from -90 to 90")
		bs, bc := field("band")
		b, err := ParseBand(bs)
		if err != nil {
			bad(line, bc, "%v", err)
		}
		var rcs float64
		ok3 := false
		if dbsm {
			var x float64
			if x, ok3 = number("rcs_dbsm", -100, 100, "dBsm from -100 to 100"); ok3 {
				rcs = math.Pow(10, x/10)
			}
		} else {
			rcs, ok3 = number("rcs_m2", 1e-10, 1e10, "m² from 1e-10 to 1e10")
		}
		if !ok1 || !ok2 || !ok3 || err != nil {
			continue
		}
		p := point{az, el, b}
		if v, dup := values[p]; dup {
			bad(line, 1, "band %v at azimuth %v°, elevation %v° given again; line %d gave it", b, az, el, v.line)
			continue
		}
		values[p] = value{rcs, line}
		azSet[az], elSet[el] = true, true
		if _, ok := firstLine[b]; !ok {
			firstLine[b] = line
		}
	}
	if rows == 0 {
		bad(0, 0, "no rows after the header; want one row per grid point and band")
	}
	if len(errs) > 0 {
		return nil, done()
	}
	keys := func(m map[float64]bool) []float64 {
		xs := make([]float64, 0, len(m))
		for x := range m {
			xs = append(xs, x)
		}
		slices.Sort(xs)
		return xs
	}
	azs, els := keys(azSet), keys(elSet)
	if len(azs)*len(els) > maxRCSRows {
		bad(0, 0, "a grid of %d azimuths by %d elevations; want at most %d points", len(azs), len(els), maxRCSRows)
		return nil, done()
	}
	t := &RCSTable{}
	for _, a := range azs {
		t.Azimuth = append(t.Azimuth, a*math.Pi/180)
	}
	for _, e := range els {
		t.Elevation = append(t.Elevation, e*math.Pi/180)
	}
	for b := range NumBands {
		line, given := firstLine[b]
		if !given {
			continue
		}
		g := make([]float64, 0, len(azs)*len(els))
		missing := 0
		for _, e := range els {
			for _, a := range azs {
				v, ok := values[point{a, e, b}]
				if !ok {
					if missing == 0 {
						bad(line, 1, "band %v (from this line) has no row at azimuth %v°, elevation %v°; want every band to give every point of the grid", b, a, e)
					}
					missing++
				}
				g = append(g, v.rcs)
			}
		}
		if missing > 1 {
			bad(line, 1, "band %v lacks %d points of the %d × %d grid in all", b, missing, len(els), len(azs))
		}
		t.Bands[b] = g
	}
	if len(errs) > 0 {
		return nil, done()
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// csvError turns the CSV reader's error into an *RCSFileError.
func csvError(err error, want string) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &RCSFileError{Line: pe.Line, Col: pe.Column, Msg: fmt.Sprintf("%v; want %s", pe.Err, want)}
	}
	if err == io.EOF {
		// At 1:1, where the header was wanted: an error with no place
		// in the file reads as a scenario error without a position.
		return &RCSFileError{Line: 1, Col: 1, Msg: "empty file; want " + want}
	}
	return err
}
