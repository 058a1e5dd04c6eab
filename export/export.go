package export

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/iadsim/iadsim/czml"
	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/internal/dirlock"
	"github.com/iadsim/iadsim/record"
	"github.com/iadsim/iadsim/scenario"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// WriteEvents writes one JSON object a line, in the order of the record,
// each with its time on the calendar (time_utc) beside its seconds since
// the epoch ep.
func WriteEvents(w io.Writer, events []event.Event, ep epoch.Epoch) error {
	ew := NewEventWriter(w, ep)
	for _, e := range events {
		ew.Add(e)
	}
	return ew.Flush()
}

// An EventWriter writes events.jsonl one event at a time, as a run makes
// them (battle.Options.Stream), with the bytes WriteEvents writes of the
// record kept whole: a run need not keep its record to write it.
type EventWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
	ep  epoch.Epoch
	n   int
	err error
}

// NewEventWriter writes the events added to it to w, with their times
// on the calendar of ep.
func NewEventWriter(w io.Writer, ep epoch.Epoch) *EventWriter {
	bw := bufio.NewWriter(w)
	return &EventWriter{bw: bw, enc: json.NewEncoder(bw), ep: ep}
}

// Add writes the next event. After an error it writes nothing more;
// Flush returns the error.
func (w *EventWriter) Add(e event.Event) {
	if w.err != nil {
		return
	}
	e.TimeUTC = w.ep.Format(e.T)
	if err := w.enc.Encode(&e); err != nil {
		w.err = fmt.Errorf("event %d: %w", w.n, err)
	}
	w.n++
}

// Flush writes what the writer holds and returns the first error of its
// events or of the writing.
func (w *EventWriter) Flush() error {
	if w.err != nil {
		return w.err
	}
	return w.bw.Flush()
}

// InScene reports whether WriteScene draws an event: a run that does
// not keep its record keeps these for the scene.
func InScene(e event.Event) bool { return sceneKind(e) != "" }

// sceneKind is the kind of point the scene draws for an event, or "":
// where an interceptor fuzed, a threat was killed, leaked or impacted.
func sceneKind(e event.Event) string {
	if e.Pos == nil {
		return ""
	}
	switch e.Type {
	case event.Intercept:
		return "intercept"
	case event.Kill:
		return "kill"
	case event.Leak:
		return "leak"
	case event.Impact:
		return "impact"
	}
	return ""
}

// WriteJSON writes v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// TracksHeader is the header row of tracks.csv.
var tracksHeader = []string{"time_s", "kind", "unit", "id", "threat", "status", "lat_deg", "lon_deg", "alt_m", "speed_mps", "pos_sigma_m", "vel_sigma_mps", "time_utc", "missile"}

// WriteTracks writes truth, track and interceptor positions over time, one
// row per object per sample time: kind is "truth" (id is the threat),
// "track" (id is the track number within its unit; threat is the threat
// its last detection came from) or "interceptor" (id is the interceptor of
// the launch event, unit its unit, threat its target, missile its type;
// its rows are its launcher at launch, its fly-out at every sample time,
// and where it fuzed or destroyed itself). A track's row carries its
// 1-sigma position and velocity uncertainty (worst axis); other rows leave
// them empty. time_utc is time_s on the calendar of the epoch ep; missile,
// the last column, is empty but for interceptors.
func WriteTracks(w io.Writer, samples []record.Sample, ep epoch.Epoch) error {
	tw := NewTrackWriter(w, ep)
	for _, s := range samples {
		tw.Add(s)
	}
	return tw.Flush()
}

// A TrackWriter writes tracks.csv one sample at a time, as a run makes
// them (battle.Options.StreamSamples), with the bytes WriteTracks writes
// of the samples kept whole.
type TrackWriter struct {
	cw  *csv.Writer
	ep  epoch.Epoch
	err error
}

// NewTrackWriter writes tracks.csv's header to w, then the samples
// added to it.
func NewTrackWriter(w io.Writer, ep epoch.Epoch) *TrackWriter {
	tw := &TrackWriter{cw: csv.NewWriter(w), ep: ep}
	tw.err = tw.cw.Write(tracksHeader)
	return tw
}

// Add writes the next sample. After an error it writes nothing more;
// Flush returns the error.
func (tw *TrackWriter) Add(s record.Sample) {
	if tw.err != nil {
		return
	}
	f := func(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }
	ps, vs := "", ""
	if s.Kind == "track" {
		ps, vs = f(s.PosSigma, 1), f(s.VelSigma, 1)
	}
	tw.err = tw.cw.Write([]string{f(s.T, 3), s.Kind, s.Unit, s.ID, s.Threat, s.Status,
		f(s.At.LatDeg(), 7), f(s.At.LonDeg(), 7), f(s.At.Alt, 1), f(s.Speed, 1), ps, vs, tw.ep.Format(s.T), s.Missile})
}

// Flush writes what the writer holds and returns the first error of its
// samples or of the writing.
func (tw *TrackWriter) Flush() error {
	if tw.err != nil {
		return tw.err
	}
	tw.cw.Flush()
	return tw.cw.Error()
}

// WriteScene writes the scene as a GeoJSON FeatureCollection: defended
// sites, command posts, radars and launchers as points; each threat's
// planned path as a line; and the points where interceptors fuzed, threats
// were killed, leaked or impacted. Every feature has a "kind" property for
// styling in QGIS. A point in time has "t" (seconds) and "time_utc" (its
// instant, for QGIS's temporal controller); the collection carries the
// scenario's "epoch" as a foreign member.
// Sites, command posts, radars and launchers carry their height above the
// ellipsoid (alt_m), and a radar the radius of its coverage volume
// (coverage_range_m, czml.DetectionRange), for iadsim export czml.
func WriteScene(w io.Writer, s *scenario.Scenario, res *record.Result) error {
	ep := epoch.New(s.Epoch)
	fc := geojson.NewFeatureCollection()
	fc.ExtraMembers = geojson.Properties{"epoch": ep.String()}
	point := func(p geo.LLA, props geojson.Properties) {
		f := geojson.NewFeature(orb.Point{lonDeg(p.LonDeg()), p.LatDeg()})
		props["alt_m"] = p.Alt
		f.Properties = props
		fc.Append(f)
	}
	for _, site := range s.Sites {
		point(site.At, geojson.Properties{"kind": "site", "id": site.ID, "name": site.Name, "value": site.Value, "radius_m": site.Radius})
	}
	for _, u := range s.Units {
		point(u.CommandPost.At, geojson.Properties{"kind": "command_post", "id": u.CommandPost.ID, "unit": u.ID})
		for _, r := range u.Radars {
			point(r.At, geojson.Properties{"kind": "radar", "id": r.ID, "unit": u.ID, "role": r.Role, "model": r.Model,
				"coverage_range_m": czml.DetectionRange(r.RefRange, r.MaxRange)})
		}
		for _, l := range u.Launchers {
			point(l.At, geojson.Properties{"kind": "launcher", "id": l.ID, "unit": u.ID, "model": l.Model})
		}
	}
	for _, th := range res.Threats {
		if len(th.Path) < 2 {
			continue
		}
		f := geojson.NewFeature(route(th.Path))
		f.Properties = geojson.Properties{"kind": "threat_path", "id": th.ID, "type": th.Type}
		fc.Append(f)
	}
	for _, e := range res.Events {
		kind := sceneKind(e)
		if kind == "" {
			continue
		}
		props := geojson.Properties{"kind": kind, "t": e.T, "time_utc": ep.Format(e.T), "threat": e.Threat, "threat_type": e.ThreatType}
		if e.Interceptor != "" {
			props["interceptor"], props["missile"] = e.Interceptor, e.Missile
		}
		if e.Type == event.Intercept {
			props["pk"] = e.Pk
			if e.Miss != nil {
				props["miss_m"] = *e.Miss
			}
			if e.Killed != nil {
				props["killed"] = *e.Killed
			}
		}
		if e.Site != "" {
			props["site"] = e.Site
		}
		// An impact that names a unit landed on the equipment it was
		// aimed at: say which, and how far off.
		if e.Type == event.Impact && e.Unit != "" {
			props["unit"] = e.Unit
			props["equipment"] = cmp.Or(e.Radar, e.Launcher, e.Site)
			if e.Miss != nil {
				props["miss_m"] = *e.Miss
			}
		}
		f := geojson.NewFeature(orb.Point{lonDeg(e.Pos.Lon), e.Pos.Lat})
		f.Properties = props
		fc.Append(f)
	}
	b, err := json.MarshalIndent(fc, "", " ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// lonDeg brings a longitude in degrees into [-180, 180], as GeoJSON asks.
func lonDeg(lon float64) float64 { return math.Remainder(lon, 360) }

// route is a threat's path as a LineString, or, if it crosses the
// antimeridian, a MultiLineString cut there (RFC 7946, 3.1.9): a leg whose
// longitudes lie more than 180° apart goes the short way, across 180°,
// and the cut falls where its straight line in longitude and latitude
// meets the antimeridian, which ends one part at ±180° and starts the
// next at ∓180°.
func route(path []geo.LLA) orb.Geometry {
	var parts orb.MultiLineString
	var cur orb.LineString
	for i, p := range path {
		q := orb.Point{lonDeg(p.LonDeg()), p.LatDeg()}
		if i > 0 {
			prev := cur[len(cur)-1]
			if d := q[0] - prev[0]; d > 180 || d < -180 {
				edge := math.Copysign(180, prev[0]) // the side the leg leaves from
				far := q[0] + 2*edge                // q unwrapped beyond it
				lat := prev[1] + (edge-prev[0])/(far-prev[0])*(q[1]-prev[1])
				if prev[0] != edge { // not already on it
					cur = append(cur, orb.Point{edge, lat})
				}
				if len(cur) > 1 {
					parts = append(parts, cur)
				}
				cur = orb.LineString{{-edge, lat}}
			}
		}
		cur = append(cur, q)
	}
	if len(parts) == 0 {
		return cur
	}
	return append(parts, cur)
}

// File is one output file: its name and what writes its content.
type File struct {
	Name  string
	Write func(io.Writer) error
}

// WriteDir writes files into dir, creating it if needed, all or nothing:
// each file is first written to a temporary name; only when every one has
// been written are they renamed into place, and if a rename fails, the
// renames already done are undone and any earlier files of the same names
// are put back. The set is sealed (SumsFile): the seal of an earlier set
// is moved aside before the first rename and the new one renamed in
// after the last, so a writer killed in between leaves a folder that
// readers refuse (Verify) rather than a mix of two writes.
func WriteDir(dir string, files []File) (err error) {
	if err := checkNames(dir, files); err != nil {
		return err
	}
	// The lock makes the folder this writer's alone (dirlock.File): two
	// writers' renames would interleave into a set no one wrote.
	unlock, err := dirlock.Lock(dir)
	if err != nil {
		return err
	}
	defer unlock()
	return writeSet(dir, files, true)
}

// ReplaceDir is WriteDir for a command that owns the whole folder: once
// the new set is in place, the files of the earlier set that it does not
// write again are removed, so that a rerun with fewer altitudes, units or
// outputs leaves no file of the earlier one beside the new seal, looking
// like part of it. Only files the earlier seal lists and own accepts
// (the command's own names) are removed, never anything else.
func ReplaceDir(dir string, files []File, own func(name string) bool) error {
	if err := checkNames(dir, files); err != nil {
		return err
	}
	unlock, err := dirlock.Lock(dir)
	if err != nil {
		return err
	}
	defer unlock()
	var stale []string
	if listed, err := Listed(dir); err == nil {
		for _, n := range listed {
			if n != filepath.Base(n) || !own(n) || slices.ContainsFunc(files, func(f File) bool { return f.Name == n }) {
				continue
			}
			if st, err := os.Lstat(filepath.Join(dir, n)); err == nil && st.Mode().IsRegular() {
				stale = append(stale, n)
			}
		}
	}
	if err := writeSet(dir, files, true); err != nil {
		return err
	}
	for _, n := range stale {
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("removing %s of the earlier output: %w", filepath.Join(dir, n), err)
		}
	}
	return nil
}

// WriteHeldDir is WriteDir for a caller that holds dir's lock already
// (dirlock.Lock), as a Monte Carlo batch does for the whole of its run,
// and that seals the folder itself once all its writes are done (Seal),
// or writes a single file into a folder that is not an output set (a
// report). Holding it, any temporary or moved-aside file of these names
// is the leftover of a writer killed mid-way, and is removed first.
func WriteHeldDir(dir string, files []File) (err error) {
	if err := checkNames(dir, files); err != nil {
		return err
	}
	return writeSet(dir, files, false)
}

// writeSet writes files into dir, whose lock the caller holds, and seals
// them if seal is set.
func writeSet(dir string, files []File, seal bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	all := files
	if seal {
		all = append(slices.Clip(files), File{Name: SumsFile})
	}
	if err := removeLeftovers(dir, all); err != nil {
		return err
	}
	var tmps []string
	defer func() {
		for _, t := range tmps {
			if t != "" {
				os.Remove(t)
			}
		}
	}()
	sums := map[string]string{}
	for _, f := range files {
		tmp, err := os.CreateTemp(dir, "."+f.Name+".*")
		if err != nil {
			return err
		}
		tmps = append(tmps, tmp.Name())
		if err := tmp.Chmod(0o644); err != nil {
			tmp.Close()
			return err
		}
		hw := hashingWriter{tmp, sha256.New()}
		werr := f.Write(hw)
		cerr := tmp.Close()
		if werr != nil {
			return fmt.Errorf("%s: %w", filepath.Join(dir, f.Name), werr)
		}
		if cerr != nil {
			return fmt.Errorf("%s: %w", filepath.Join(dir, f.Name), cerr)
		}
		sums[f.Name] = hex.EncodeToString(hw.h.Sum(nil))
	}
	if !seal {
		return commit(dir, files, tmps, false)
	}
	tmp, err := os.CreateTemp(dir, "."+SumsFile+".*")
	if err != nil {
		return err
	}
	tmps = append(tmps, tmp.Name())
	werr := writeSums(tmp, sums)
	if err := errors.Join(werr, tmp.Chmod(0o644), tmp.Close()); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, SumsFile), err)
	}
	return commit(dir, all, tmps, true)
}

// checkNames refuses a file name that is not a plain name, or that a
// folder in dir already has.
func checkNames(dir string, files []File) error {
	for _, f := range files {
		if f.Name == "" || f.Name != filepath.Base(f.Name) {
			return fmt.Errorf("output file name %q: want a plain file name", f.Name)
		}
		if st, err := os.Stat(filepath.Join(dir, f.Name)); err == nil && st.IsDir() {
			return fmt.Errorf("%s: is a directory; want a file name free to write", filepath.Join(dir, f.Name))
		}
	}
	return nil
}

// removeLeftovers removes what a writer of files killed before its end
// left in dir: its temporaries (.NAME.*) and the earlier files it had
// moved aside (NAME.bak-*).
func removeLeftovers(dir string, files []File) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		for _, f := range files {
			if n := e.Name(); strings.HasPrefix(n, "."+f.Name+".") || strings.HasPrefix(n, f.Name+".bak-") {
				if err := os.Remove(filepath.Join(dir, n)); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

// commit renames the written temporaries into place as one step: files
// already there are moved aside first and restored if any rename fails.
// When sealed, the last of files is the seal: the earlier seal is moved
// aside before anything else is touched, and the new one goes in last.
func commit(dir string, files []File, tmps []string, sealed bool) error {
	type done struct{ final, backup string }
	var moved []done
	undo := func() {
		for i := len(moved) - 1; i >= 0; i-- {
			os.Remove(moved[i].final)
			if moved[i].backup != "" {
				os.Rename(moved[i].backup, moved[i].final)
			}
		}
	}
	aside := func(final, tmp string) (string, error) {
		if _, err := os.Lstat(final); err != nil {
			return "", nil
		}
		backup := final + ".bak-" + filepath.Base(tmp)
		return backup, os.Rename(final, backup)
	}
	if sealed {
		final := filepath.Join(dir, SumsFile)
		backup, err := aside(final, tmps[len(tmps)-1])
		if err != nil {
			return err
		}
		moved = append(moved, done{final, backup})
	}
	for i, f := range files {
		final := filepath.Join(dir, f.Name)
		d := done{final: final}
		if sealed && i == len(files)-1 {
			crashPoint("seal")
		} else {
			var err error
			if d.backup, err = aside(final, tmps[i]); err != nil {
				undo()
				return err
			}
		}
		if err := os.Rename(tmps[i], final); err != nil {
			if d.backup != "" {
				os.Rename(d.backup, final)
			}
			undo()
			return err
		}
		tmps[i] = ""
		moved = append(moved, d)
		crashPoint("rename:" + strconv.Itoa(i+1))
	}
	for _, d := range moved {
		if d.backup != "" {
			os.Remove(d.backup)
		}
	}
	return nil
}
