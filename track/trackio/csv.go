// Package trackio reads and writes the files of the stand-alone tracker:
// detections and truth as CSV, sensors as YAML. The formats are a
// contract between "iadsim detections", which writes them, "iadsim
// track", which reads them, and anyone who brings their own data.
//
// Every file is CSV with a header row naming its columns, in any order.
// Times are seconds (any epoch) and must not decrease down the file.
//
// Cartesian detections, in a local east-north-up frame (m):
//
//	time_s,x_m,y_m,z_m[,sigma_x_m,sigma_y_m,sigma_z_m][,truth_id]
//
// Polar detections, one sensor's local ENU axes per row (range m,
// azimuth clockwise from north in degrees, elevation in degrees, range
// rate m/s positive opening), the sensors described in a YAML file (see
// ReadSensors):
//
//	time_s,sensor,range_m,azimuth_deg,elevation_deg[,range_rate_mps]
//	[,sigma_range_m,sigma_azimuth_deg,sigma_elevation_deg[,sigma_range_rate_mps]][,truth_id]
//
// Truth, positions in the same frame as Cartesian detections (and as
// the tracker's output), velocities optional:
//
//	time_s,id,x_m,y_m,z_m[,vx_mps,vy_mps,vz_mps]
//
// truth_id is optional and informational: the id of the true target that
// caused a detection, empty for a false alarm. Sigma columns come as a
// set; an empty sigma cell means the file's or the sensor's default.
package trackio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/track"
)

// Error is a problem at a line of an input file.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Detection is one row of a detection file.
type Detection struct {
	Time    float64
	Sensor  string          // polar files: the sensor's id
	Det     track.Detection // Range, Az, El (rad), RangeRate, or Pos; Sigma (rad for angles)
	TruthID string          // "" for a false alarm or unknown
	Line    int             // line in the file it was read from, 0 if not read
}

// Detections is the content of a detection file.
type Detections struct {
	Polar     bool // polar (sensor, range, azimuth, elevation) or Cartesian
	RangeRate bool // polar file with a range_rate_mps column
	Sigmas    bool // with per-detection sigma columns
	TruthIDs  bool // with a truth_id column
	Rows      []Detection
}

// Truth is one row of a truth file.
type Truth struct {
	Time float64
	ID   string
	Pos  r3.Vec
	Vel  r3.Vec // zero unless the file has velocity columns
	Line int
}

// TruthSet is the content of a truth file.
type TruthSet struct {
	Vel  bool // with vx_mps, vy_mps, vz_mps
	Rows []Truth
}

// table reads a CSV file with a header into named columns.
type table struct {
	name string
	r    *csv.Reader
	col  map[string]int
	rec  []string
	line int
}

func newTable(r io.Reader, name string, allowed []string) (*table, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.Comment = 0
	t := &table{name: name, r: cr, col: map[string]int{}}
	hdr, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{name, 1, "empty file; want a header row"}
	}
	if err != nil {
		return nil, t.csvErr(err)
	}
	for i, h := range hdr {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !slices.Contains(allowed, h) {
			return nil, &Error{name, 1, fmt.Sprintf("unknown column %q; want columns among %s", h, strings.Join(allowed, ", "))}
		}
		if _, dup := t.col[h]; dup {
			return nil, &Error{name, 1, fmt.Sprintf("column %q twice", h)}
		}
		t.col[h] = i
	}
	return t, nil
}

func (t *table) csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{t.name, pe.Line, pe.Err.Error()}
	}
	return fmt.Errorf("%s: %w", t.name, err)
}

func (t *table) has(c string) bool { _, ok := t.col[c]; return ok }

// need reports the first missing column of cols.
func (t *table) need(cols ...string) error {
	for _, c := range cols {
		if !t.has(c) {
			have := make([]string, 0, len(t.col))
			for h := range t.col {
				have = append(have, h)
			}
			slices.Sort(have)
			return &Error{t.name, 1, fmt.Sprintf("missing column %q (have %s)", c, strings.Join(have, ", "))}
		}
	}
	return nil
}

// next reads a record; false at the end.
func (t *table) next() (bool, error) {
	rec, err := t.r.Read()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, t.csvErr(err)
	}
	t.rec = rec
	t.line, _ = t.r.FieldPos(0)
	return true, nil
}

func (t *table) errf(format string, a ...any) error {
	return &Error{t.name, t.line, fmt.Sprintf(format, a...)}
}

func (t *table) str(c string) string {
	i, ok := t.col[c]
	if !ok {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// num parses column c as a finite number.
func (t *table) num(c string) (float64, error) {
	s := t.str(c)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, t.errf("column %s: %q is not a finite number", c, s)
	}
	return v, nil
}

// sigma parses an optional standard deviation: empty is 0 (default),
// otherwise it must be > 0.
func (t *table) sigma(c string, scale float64) (float64, error) {
	if t.str(c) == "" {
		return 0, nil
	}
	v, err := t.num(c)
	if err != nil {
		return 0, err
	}
	if !(v > 0) {
		return 0, t.errf("column %s: %v; want a standard deviation > 0, or an empty cell for the default", c, v)
	}
	return v * scale, nil
}

// time parses time_s and checks it does not go backwards.
func (t *table) time(prev *float64, first bool) (float64, error) {
	v, err := t.num("time_s")
	if err != nil {
		return 0, err
	}
	if !first && v < *prev {
		return 0, t.errf("time_s %v is before the previous row's %v; want rows in time order", v, *prev)
	}
	*prev = v
	return v, nil
}

var (
	cartCols  = []string{"time_s", "x_m", "y_m", "z_m", "sigma_x_m", "sigma_y_m", "sigma_z_m", "truth_id"}
	polarCols = []string{"time_s", "sensor", "range_m", "azimuth_deg", "elevation_deg", "range_rate_mps",
		"sigma_range_m", "sigma_azimuth_deg", "sigma_elevation_deg", "sigma_range_rate_mps", "truth_id"}
	truthCols = []string{"time_s", "id", "x_m", "y_m", "z_m", "vx_mps", "vy_mps", "vz_mps"}
)

// ReadDetections reads a detection file, Cartesian or polar as its
// header says. name is used in error messages, which read
// "name:line: what is wrong".
func ReadDetections(r io.Reader, name string) (*Detections, error) {
	all := append(slices.Clone(cartCols), polarCols...)
	slices.Sort(all)
	all = slices.Compact(all)
	t, err := newTable(r, name, all)
	if err != nil {
		return nil, err
	}
	set := &Detections{Polar: t.has("range_m") || t.has("sensor") || t.has("azimuth_deg")}
	cols, need := cartCols, []string{"time_s", "x_m", "y_m", "z_m"}
	sig := []string{"sigma_x_m", "sigma_y_m", "sigma_z_m"}
	if set.Polar {
		cols, need = polarCols, []string{"time_s", "sensor", "range_m", "azimuth_deg", "elevation_deg"}
		sig = []string{"sigma_range_m", "sigma_azimuth_deg", "sigma_elevation_deg"}
	}
	for c := range t.col {
		if !slices.Contains(cols, c) {
			kind := "a Cartesian"
			if set.Polar {
				kind = "a polar"
			}
			return nil, &Error{name, 1, fmt.Sprintf("column %q does not belong in %s detection file; want columns among %s", c, kind, strings.Join(cols, ", "))}
		}
	}
	if err := t.need(need...); err != nil {
		return nil, err
	}
	set.RangeRate = t.has("range_rate_mps")
	set.TruthIDs = t.has("truth_id")
	for _, c := range sig {
		set.Sigmas = set.Sigmas || t.has(c)
	}
	if set.Sigmas {
		if err := t.need(sig...); err != nil {
			return nil, err
		}
	}
	if t.has("sigma_range_rate_mps") && !set.RangeRate {
		return nil, &Error{name, 1, "column sigma_range_rate_mps without range_rate_mps"}
	}
	var prev float64
	deg := math.Pi / 180
	for first := true; ; first = false {
		ok, err := t.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		var row Detection
		row.Line = t.line
		if row.Time, err = t.time(&prev, first); err != nil {
			return nil, err
		}
		row.TruthID = t.str("truth_id")
		d := &row.Det
		if set.Polar {
			row.Sensor = t.str("sensor")
			if row.Sensor == "" {
				return nil, t.errf("column sensor is empty; want a sensor id from the sensors file")
			}
			if d.Range, err = t.num("range_m"); err != nil {
				return nil, err
			}
			if !(d.Range > 0) {
				return nil, t.errf("range_m %v; want a range > 0", d.Range)
			}
			var az, el float64
			if az, err = t.num("azimuth_deg"); err != nil {
				return nil, err
			}
			if el, err = t.num("elevation_deg"); err != nil {
				return nil, err
			}
			if el < -90 || el > 90 {
				return nil, t.errf("elevation_deg %v; want -90 to 90", el)
			}
			d.Az = math.Mod(az*deg, 2*math.Pi)
			if d.Az < 0 {
				d.Az += 2 * math.Pi
			}
			d.El = el * deg
			if set.RangeRate {
				if d.RangeRate, err = t.num("range_rate_mps"); err != nil {
					return nil, err
				}
			}
			scale := []float64{1, deg, deg, 1}
			for a, c := range []string{"sigma_range_m", "sigma_azimuth_deg", "sigma_elevation_deg", "sigma_range_rate_mps"} {
				if d.Sigma[a], err = t.sigma(c, scale[a]); err != nil {
					return nil, err
				}
			}
		} else {
			for a, c := range []string{"x_m", "y_m", "z_m"} {
				v, err := t.num(c)
				if err != nil {
					return nil, err
				}
				switch a {
				case 0:
					d.Pos.X = v
				case 1:
					d.Pos.Y = v
				case 2:
					d.Pos.Z = v
				}
			}
			for a, c := range []string{"sigma_x_m", "sigma_y_m", "sigma_z_m"} {
				if d.Sigma[a], err = t.sigma(c, 1); err != nil {
					return nil, err
				}
			}
		}
		d.T = row.Time
		set.Rows = append(set.Rows, row)
	}
	return set, nil
}

// ReadTruth reads a truth file.
func ReadTruth(r io.Reader, name string) (*TruthSet, error) {
	t, err := newTable(r, name, truthCols)
	if err != nil {
		return nil, err
	}
	if err := t.need("time_s", "id", "x_m", "y_m", "z_m"); err != nil {
		return nil, err
	}
	set := &TruthSet{Vel: t.has("vx_mps") || t.has("vy_mps") || t.has("vz_mps")}
	if set.Vel {
		if err := t.need("vx_mps", "vy_mps", "vz_mps"); err != nil {
			return nil, err
		}
	}
	var prev float64
	type key struct {
		t  float64
		id string
	}
	seen := map[key]int{}
	for first := true; ; first = false {
		ok, err := t.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		row := Truth{Line: t.line, ID: t.str("id")}
		if row.Time, err = t.time(&prev, first); err != nil {
			return nil, err
		}
		if row.ID == "" {
			return nil, t.errf("column id is empty; want the target's id")
		}
		if l, dup := seen[key{row.Time, row.ID}]; dup {
			return nil, t.errf("target %q twice at time %v (first at line %d)", row.ID, row.Time, l)
		}
		seen[key{row.Time, row.ID}] = t.line
		var v [6]float64
		for a, c := range []string{"x_m", "y_m", "z_m", "vx_mps", "vy_mps", "vz_mps"} {
			if a >= 3 && !set.Vel {
				break
			}
			if v[a], err = t.num(c); err != nil {
				return nil, err
			}
		}
		row.Pos = r3.Vec{X: v[0], Y: v[1], Z: v[2]}
		row.Vel = r3.Vec{X: v[3], Y: v[4], Z: v[5]}
		set.Rows = append(set.Rows, row)
	}
	return set, nil
}

func ff(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// WriteDetections writes set in the format ReadDetections reads, with
// the optional columns its flags ask for. Angles are written in degrees.
func WriteDetections(w io.Writer, set *Detections) error {
	cw := csv.NewWriter(w)
	hdr := []string{"time_s", "x_m", "y_m", "z_m"}
	if set.Polar {
		hdr = []string{"time_s", "sensor", "range_m", "azimuth_deg", "elevation_deg"}
		if set.RangeRate {
			hdr = append(hdr, "range_rate_mps")
		}
	}
	if set.Sigmas {
		if set.Polar {
			hdr = append(hdr, "sigma_range_m", "sigma_azimuth_deg", "sigma_elevation_deg")
			if set.RangeRate {
				hdr = append(hdr, "sigma_range_rate_mps")
			}
		} else {
			hdr = append(hdr, "sigma_x_m", "sigma_y_m", "sigma_z_m")
		}
	}
	if set.TruthIDs {
		hdr = append(hdr, "truth_id")
	}
	if err := cw.Write(hdr); err != nil {
		return err
	}
	deg := 180 / math.Pi
	sig := func(v, scale float64) string {
		if v > 0 {
			return ff(v * scale)
		}
		return ""
	}
	rec := make([]string, 0, len(hdr))
	for _, row := range set.Rows {
		d := &row.Det
		rec = append(rec[:0], ff(row.Time))
		if set.Polar {
			rec = append(rec, row.Sensor, ff(d.Range), ff(d.Az*deg), ff(d.El*deg))
			if set.RangeRate {
				rec = append(rec, ff(d.RangeRate))
			}
			if set.Sigmas {
				rec = append(rec, sig(d.Sigma[0], 1), sig(d.Sigma[1], deg), sig(d.Sigma[2], deg))
				if set.RangeRate {
					rec = append(rec, sig(d.Sigma[3], 1))
				}
			}
		} else {
			rec = append(rec, ff(d.Pos.X), ff(d.Pos.Y), ff(d.Pos.Z))
			if set.Sigmas {
				rec = append(rec, sig(d.Sigma[0], 1), sig(d.Sigma[1], 1), sig(d.Sigma[2], 1))
			}
		}
		if set.TruthIDs {
			rec = append(rec, row.TruthID)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTruth writes set in the format ReadTruth reads.
func WriteTruth(w io.Writer, set *TruthSet) error {
	cw := csv.NewWriter(w)
	hdr := []string{"time_s", "id", "x_m", "y_m", "z_m"}
	if set.Vel {
		hdr = append(hdr, "vx_mps", "vy_mps", "vz_mps")
	}
	if err := cw.Write(hdr); err != nil {
		return err
	}
	for _, row := range set.Rows {
		rec := []string{ff(row.Time), row.ID, ff(row.Pos.X), ff(row.Pos.Y), ff(row.Pos.Z)}
		if set.Vel {
			rec = append(rec, ff(row.Vel.X), ff(row.Vel.Y), ff(row.Vel.Z))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
