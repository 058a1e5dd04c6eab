package czml

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/iadsim/iadsim/event"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// InputError is a run directory that cannot be read: a file missing or
// not what iadsim run writes. Its message names the file, and the line and
// column where there are some.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// ReadDir reads the run that iadsim run --out wrote into dir: the scene
// (places, epoch) from scene.geojson, the scenario's name from
// summary.json, the record from events.jsonl and the samples from
// tracks.csv.
func ReadDir(dir string) (Run, error) {
	var r Run
	var err error
	bad := func(err error) (Run, error) { return Run{}, &InputError{err} }
	if r.Places, r.Epoch, err = readScene(filepath.Join(dir, "scene.geojson")); err != nil {
		return bad(err)
	}
	if r.Name, err = readName(filepath.Join(dir, "summary.json")); err != nil {
		return bad(err)
	}
	if r.Events, err = event.ReadFile(filepath.Join(dir, "events.jsonl")); err != nil {
		return bad(err)
	}
	f, err := os.Open(filepath.Join(dir, "tracks.csv"))
	if err != nil {
		return bad(err)
	}
	defer f.Close()
	if r.Samples, err = ReadTracks(f, f.Name()); err != nil {
		return bad(err)
	}
	return r, nil
}

func readScene(path string) ([]Place, time.Time, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, time.Time{}, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("%s: %w", path, err)
	}
	text, _ := fc.ExtraMembers["epoch"].(string)
	ep, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("%s: epoch %q: want the scenario's epoch as an RFC 3339 time (a scene.geojson written before epochs were recorded: run the scenario again)", path, text)
	}
	var places []Place
	for i, f := range fc.Features {
		kind := f.Properties.MustString("kind", "")
		switch kind {
		case "site", "command_post", "radar", "launcher":
		default:
			continue
		}
		pt, ok := f.Geometry.(orb.Point)
		if !ok {
			return nil, time.Time{}, fmt.Errorf("%s: feature %d (%s): want a Point", path, i, kind)
		}
		places = append(places, Place{
			Kind: kind, ID: f.Properties.MustString("id", ""), Name: f.Properties.MustString("name", ""),
			Unit: f.Properties.MustString("unit", ""), Model: f.Properties.MustString("model", ""),
			Role: f.Properties.MustString("role", ""), Lat: pt.Lat(), Lon: pt.Lon(),
			Alt: f.Properties.MustFloat64("alt_m", 0), Radius: f.Properties.MustFloat64("radius_m", 0),
			Range: f.Properties.MustFloat64("coverage_range_m", 0),
		})
	}
	return places, ep.UTC(), nil
}

func readName(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var s struct {
		Scenario string `json:"scenario"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return s.Scenario, nil
}

// tracksColumns are the columns of tracks.csv that ReadTracks needs, by
// name, so that a later column (time_utc) is no matter; missile, an
// interceptor's type, is read when present (tracks.csv written before
// interceptors were sampled has none).
var tracksColumns = []string{"time_s", "kind", "unit", "id", "threat", "status", "lat_deg", "lon_deg", "alt_m", "pos_sigma_m"}

// ReadTracks reads tracks.csv as iadsim run writes it. name is the file's
// name in errors, which give its line and column and what was expected.
func ReadTracks(rd io.Reader, name string) ([]Sample, error) {
	cr := csv.NewReader(rd)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, csvErr(name, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, c := range tracksColumns {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s:1:1: no column %q: want the header of tracks.csv", name, c)
		}
	}
	var out []Sample
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, csvErr(name, err)
		}
		line, _ := cr.FieldPos(0)
		num := func(c string, empty bool) (float64, error) {
			i := col[c]
			if rec[i] == "" && empty {
				return 0, nil
			}
			x, err := strconv.ParseFloat(rec[i], 64)
			if err != nil || x != x {
				l, cn := cr.FieldPos(i)
				return 0, fmt.Errorf("%s:%d:%d: %s %q: want a number", name, l, cn, c, rec[i])
			}
			return x, nil
		}
		s := Sample{Kind: rec[col["kind"]], Unit: rec[col["unit"]], ID: rec[col["id"]], Threat: rec[col["threat"]], Status: rec[col["status"]]}
		if i, ok := col["missile"]; ok {
			s.Missile = rec[i]
		}
		if s.Kind != "truth" && s.Kind != "track" && s.Kind != "interceptor" {
			l, cn := cr.FieldPos(col["kind"])
			return nil, fmt.Errorf("%s:%d:%d: kind %q: want truth, track or interceptor", name, l, cn, s.Kind)
		}
		var errs []error
		for _, f := range []struct {
			c     string
			empty bool
			to    *float64
		}{{"time_s", false, &s.T}, {"lat_deg", false, &s.Lat}, {"lon_deg", false, &s.Lon}, {"alt_m", false, &s.Alt}, {"pos_sigma_m", true, &s.PosSigma}} {
			x, err := num(f.c, f.empty)
			errs = append(errs, err)
			*f.to = x
		}
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
		if math.Abs(s.T) > maxTrackTime {
			l, cn := cr.FieldPos(col["time_s"])
			return nil, fmt.Errorf("%s:%d:%d: time_s %g: want seconds from the run's epoch within ±%g (about 31 years)", name, l, cn, s.T, maxTrackTime)
		}
		if s.Lat < -90 || s.Lat > 90 || s.Lon < -180 || s.Lon > 180 {
			return nil, fmt.Errorf("%s:%d: position %g, %g: want latitude in [-90, 90] and longitude in [-180, 180]", name, line, s.Lat, s.Lon)
		}
		if n := len(out); n > 0 && s.T < out[n-1].T {
			l, cn := cr.FieldPos(col["time_s"])
			return nil, fmt.Errorf("%s:%d:%d: time_s %g comes before %g on the line above: want times that do not decrease", name, l, cn, s.T, out[n-1].T)
		}
		out = append(out, s)
	}
}

// maxTrackTime bounds a sample's time_s, s: a run's clock is far
// shorter, and a CZML instant is the epoch plus the time as a
// time.Duration, which overflows past 292 years (46 666 666 666 s gave the
// year -292; found by FuzzReadTracks in CI).
const maxTrackTime = 1e9

// csvErr keeps encoding/csv's own line and column.
func csvErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d:%d: %w", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}
