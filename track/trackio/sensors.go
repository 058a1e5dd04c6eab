package trackio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/track"
)

// SensorFile is the sensors YAML file of polar detections:
//
//	origin: {lat_deg: 55.75, lon_deg: 37.62, alt_m: 150}   # optional
//	sensors:
//	  - id: 96L6
//	    position_m: [0, 0, 25]        # east, north, up in the frame, or
//	    # lat_deg: 55.76, lon_deg: 37.60, alt_m: 180  (needs origin)
//	    sigma_range_m: 50
//	    sigma_azimuth_deg: 0.2
//	    sigma_elevation_deg: 0.3
//	    sigma_range_rate_mps: 1       # optional: the sensor measures range rate
//
// The tracker's frame is the local east-north-up frame at origin (WGS-84),
// or, without origin, the common frame of position_m. A sensor given by
// position_m has its ENU axes parallel to the frame's (a flat-earth
// picture, good for a few tens of kilometres); one given by latitude,
// longitude and height has its own ENU axes at its site, rotated into the
// frame's, as package geo computes them.
type SensorFile struct {
	Origin  *Geodetic    `yaml:"origin,omitempty"`
	Sensors []SensorSpec `yaml:"sensors"`
}

// Geodetic is a WGS-84 position in degrees and metres above the
// ellipsoid.
type Geodetic struct {
	LatDeg float64 `yaml:"lat_deg"`
	LonDeg float64 `yaml:"lon_deg"`
	AltM   float64 `yaml:"alt_m"`
}

// SensorSpec is one sensor of a SensorFile: either PositionM or all of
// LatDeg, LonDeg and AltM.
type SensorSpec struct {
	ID                string      `yaml:"id"`
	PositionM         *[3]float64 `yaml:"position_m,omitempty"`
	LatDeg            *float64    `yaml:"lat_deg,omitempty"`
	LonDeg            *float64    `yaml:"lon_deg,omitempty"`
	AltM              *float64    `yaml:"alt_m,omitempty"`
	SigmaRangeM       float64     `yaml:"sigma_range_m"`
	SigmaAzimuthDeg   float64     `yaml:"sigma_azimuth_deg"`
	SigmaElevationDeg float64     `yaml:"sigma_elevation_deg"`
	SigmaRangeRateMps float64     `yaml:"sigma_range_rate_mps,omitempty"`
}

// WriteSensors writes f as YAML.
func WriteSensors(w io.Writer, f *SensorFile) error {
	b, err := yaml.Marshal(f)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// ReadSensors parses a sensors file and returns the tracker's sensors, in
// file order. Errors read "name:line:col: what is wrong", all problems at
// once.
func ReadSensors(data []byte, name string) ([]track.Sensor, error) {
	sensors, _, err := ReadSensorsFrame(data, name)
	return sensors, err
}

// ReadSensorsFrame is ReadSensors that also returns the tracker's frame
// on the earth, the east-north-up frame at the file's origin, or nil
// when the file gives no origin: a ballistic filter needs it.
func ReadSensorsFrame(data []byte, name string) (sensors []track.Sensor, frame *geo.Frame, err error) {
	// The YAML library is a dependency: should it panic on some input,
	// report that as bad input, not crash the caller.
	defer func() {
		if r := recover(); r != nil {
			sensors, frame, err = nil, nil, fmt.Errorf("%s:1:1: the YAML parser failed (%v); want valid YAML", name, r)
		}
	}()
	var f SensorFile
	if err := yaml.UnmarshalWithOptions(data, &f, yaml.Strict(), yaml.DisallowUnknownField()); err != nil {
		return nil, nil, yamlError(err, name)
	}
	file, perr := parser.ParseBytes(data, 0)
	pos := func(path string) (int, int) {
		if perr != nil {
			return 1, 1
		}
		p, err := yaml.PathString(path)
		if err != nil {
			return 1, 1
		}
		n, err := p.FilterFile(file)
		if err != nil || n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
			return 1, 1
		}
		return n.GetToken().Position.Line, n.GetToken().Position.Column
	}
	var errs []error
	bad := func(path, format string, a ...any) {
		l, c := pos(path)
		errs = append(errs, fmt.Errorf("%s:%d:%d: %s", name, l, c, fmt.Sprintf(format, a...)))
	}
	if len(f.Sensors) == 0 {
		bad("$", "no sensors; want a list under sensors:")
	}
	if o := f.Origin; o != nil {
		if !(math.Abs(o.LatDeg) <= 90) || !(math.Abs(o.LonDeg) <= 360) || !finite(o.AltM) {
			bad("$.origin", "origin %v, %v, %v: want latitude -90 to 90, longitude -360 to 360 (degrees), finite height (m)", o.LatDeg, o.LonDeg, o.AltM)
		} else {
			fr := geo.NewFrame(geo.Deg(o.LatDeg, o.LonDeg, o.AltM))
			frame = &fr
		}
	}
	seen := map[string]int{}
	out := make([]track.Sensor, 0, len(f.Sensors))
	for i, sp := range f.Sensors {
		at := fmt.Sprintf("$.sensors[%d]", i)
		if sp.ID == "" {
			bad(at, "sensor without an id")
		} else if j, dup := seen[sp.ID]; dup {
			bad(at+".id", "sensor id %q used again (first by sensor %d)", sp.ID, j+1)
		}
		seen[sp.ID] = i
		deg := math.Pi / 180
		s := track.Sensor{ID: sp.ID, Kind: track.Polar, Rot: [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1},
			SigmaRange: sp.SigmaRangeM, SigmaAz: sp.SigmaAzimuthDeg * deg, SigmaEl: sp.SigmaElevationDeg * deg,
			SigmaRangeRate: sp.SigmaRangeRateMps}
		for _, c := range []struct {
			key string
			v   float64
		}{{"sigma_range_m", sp.SigmaRangeM}, {"sigma_azimuth_deg", sp.SigmaAzimuthDeg}, {"sigma_elevation_deg", sp.SigmaElevationDeg}} {
			if !(c.v > 0) || !finite(c.v) {
				bad(at+"."+c.key, "sensor %q: %s %v; want a standard deviation > 0", sp.ID, c.key, c.v)
			}
		}
		if !(sp.SigmaRangeRateMps >= 0) || !finite(sp.SigmaRangeRateMps) {
			bad(at+".sigma_range_rate_mps", "sensor %q: sigma_range_rate_mps %v; want > 0, or leave it out", sp.ID, sp.SigmaRangeRateMps)
		}
		geod := sp.LatDeg != nil || sp.LonDeg != nil || sp.AltM != nil
		switch {
		case sp.PositionM != nil && geod:
			bad(at, "sensor %q: both position_m and lat_deg/lon_deg/alt_m; want one", sp.ID)
		case sp.PositionM != nil:
			p := sp.PositionM
			if !finite(p[0]) || !finite(p[1]) || !finite(p[2]) {
				bad(at+".position_m", "sensor %q: position_m %v is not finite", sp.ID, *p)
			}
			s.Pos = r3.Vec{X: p[0], Y: p[1], Z: p[2]}
		case geod:
			if sp.LatDeg == nil || sp.LonDeg == nil || sp.AltM == nil {
				bad(at, "sensor %q: want all of lat_deg, lon_deg and alt_m", sp.ID)
				break
			}
			if frame == nil {
				bad(at, "sensor %q: a geodetic position needs origin: (the frame's east-north-up origin)", sp.ID)
				break
			}
			if !(math.Abs(*sp.LatDeg) <= 90) || !(math.Abs(*sp.LonDeg) <= 360) || !finite(*sp.AltM) {
				bad(at, "sensor %q: lat_deg %v lon_deg %v alt_m %v out of range", sp.ID, *sp.LatDeg, *sp.LonDeg, *sp.AltM)
				break
			}
			site := geo.Deg(*sp.LatDeg, *sp.LonDeg, *sp.AltM)
			s.Pos = frame.ToENU(site.ECEF())
			s.Rot = mulT(geo.NewFrame(site).Rotation(), frame.Rotation())
		default:
			bad(at, "sensor %q: no position; want position_m: [e, n, u] or lat_deg, lon_deg, alt_m", sp.ID)
		}
		out = append(out, s)
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	return out, frame, nil
}

// mulT returns a·bᵀ for row-major 3×3 matrices: the rotation from the
// frame of b into the frame of a, when both map ECEF into local axes.
func mulT(a, b [9]float64) [9]float64 {
	var r [9]float64
	for i := range 3 {
		for j := range 3 {
			r[i*3+j] = a[i*3]*b[j*3] + a[i*3+1]*b[j*3+1] + a[i*3+2]*b[j*3+2]
		}
	}
	return r
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// yamlError turns a go-yaml error into "name:line:col: message".
func yamlError(err error, name string) error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			return fmt.Errorf("%s:%d:%d: %s", name, tk.Position.Line, tk.Position.Column, ye.GetMessage())
		}
		return fmt.Errorf("%s: %s", name, ye.GetMessage())
	}
	msg := err.Error()
	// Without position metadata, keep the first line of the message.
	if i := bytes.IndexByte([]byte(msg), '\n'); i >= 0 {
		msg = msg[:i]
	}
	return fmt.Errorf("%s: %s", name, strings.TrimSpace(msg))
}
