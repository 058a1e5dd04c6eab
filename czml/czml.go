// Package czml writes the record of a run as CZML, the JSON scene format
// that CesiumJS animates: a document packet with the clock, then one
// packet an entity. Sites, command posts, radars and launchers stand still
// for the whole run; each radar has a coverage volume; threats, tracks
// and interceptors carry time-tagged positions; launches, intercepts,
// kills, leaks and impacts are markers that appear at their time, each
// with the event's reason in its description.
//
// The structure follows the CZML guide (czml-writer wiki, "CZML
// Structure" and the Packet reference): the document is a JSON array whose
// first packet has id "document" and version "1.0"; every packet id is
// unique; availability is an ISO 8601 interval "start/stop"; a sampled
// position is [t, lon, lat, height, t, ...] with t in seconds after the
// property's epoch, times increasing. Every time-tagged position here
// uses the scenario's epoch, so a sample's t is the run's own time.
//
// A Run is what the writer needs; FromResult builds it from a run in
// memory, ReadDir from the files a run wrote (events.jsonl, tracks.csv,
// scene.geojson), and both give the same bytes.
package czml

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/event"
)

// Place is something that stands still: a defended site, a command post,
// a radar or a launcher.
type Place struct {
	Kind     string // site, command_post, radar or launcher
	ID, Name string // Name: a site's name
	Unit     string
	Model    string // radar or launcher model
	Role     string // radar role
	Lat, Lon float64
	Alt      float64 // m above the ellipsoid
	Radius   float64 // a site's defended radius, m
	// Range is a radar's coverage radius, m: its free-space detection
	// range against its reference target, capped by its instrumented
	// range (DetectionRange).
	Range float64
}

// Sample is a true threat's, a track's or an interceptor's position at
// one time, as tracks.csv writes it.
type Sample struct {
	T        float64 // s after the epoch
	Kind     string  // truth, track or interceptor
	Unit, ID string
	Threat   string
	Status   string
	Missile  string // an interceptor's missile type
	Lat, Lon float64
	Alt      float64
	PosSigma float64 // a track's 1-sigma position error, m
}

// Run is the record of one run that the CZML shows.
type Run struct {
	Name    string
	Epoch   time.Time // scenario time zero
	Places  []Place
	Samples []Sample // in time order
	Events  []event.Event
}

// DetectionRange is the coverage radius drawn for a radar: refRange, the
// free-space range at which it detects its reference target, capped at
// its instrumented range maxRange; maxRange alone when refRange is not
// given. Terrain and the radar horizon cut it further (iadsim coverage
// draws those); the volume here is the upper bound.
func DetectionRange(refRange, maxRange float64) float64 {
	if refRange > 0 && (maxRange <= 0 || refRange < maxRange) {
		return refRange
	}
	return maxRange
}

// Multiplier is the clock's speed-up: ten seconds of the run each second.
const Multiplier = 10

// Write writes r as one CZML document.
func Write(w io.Writer, r Run) error {
	b := &builder{run: r, ids: map[string]bool{}}
	// The run ends at its last event (scenario_end) or sample.
	for _, e := range r.Events {
		b.end = math.Max(b.end, e.T)
	}
	for _, s := range r.Samples {
		b.end = math.Max(b.end, s.T)
	}
	b.document()
	b.places()
	b.moving("truth")
	b.moving("track")
	b.interceptors()
	b.markers()
	if b.err != nil {
		return b.err
	}
	out, err := json.MarshalIndent(b.packets, "", " ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

// packet is one CZML packet: an ordered set of properties.
type packet map[string]any

type builder struct {
	run     Run
	end     float64
	packets []packet
	ids     map[string]bool
	err     error
}

// at writes the instant t seconds into the run: ISO 8601 in UTC, to the
// millisecond (epoch.Layout).
func (b *builder) at(t float64) string {
	return epoch.New(b.run.Epoch).Format(t)
}

func (b *builder) interval(t0, t1 float64) string {
	return b.at(t0) + "/" + b.at(t1)
}

func (b *builder) add(p packet) {
	id := p["id"].(string)
	if b.ids[id] {
		b.err = fmt.Errorf("czml: two packets with id %q", id)
		return
	}
	b.ids[id] = true
	b.packets = append(b.packets, p)
}

func (b *builder) document() {
	name := b.run.Name
	if name == "" {
		name = "iadsim run"
	}
	b.add(packet{
		"id": "document", "name": name, "version": "1.0",
		"clock": map[string]any{
			"interval":    b.interval(0, b.end),
			"currentTime": b.at(0),
			"multiplier":  Multiplier,
			"range":       "LOOP_STOP",
			"step":        "SYSTEM_CLOCK_MULTIPLIER",
		},
	})
}

// Colours, RGBA.
var (
	white  = []int{255, 255, 255, 255}
	blue   = []int{60, 140, 255, 255}
	green  = []int{60, 200, 90, 255}
	red    = []int{230, 40, 40, 255}
	orange = []int{255, 150, 0, 255}
	yellow = []int{255, 230, 0, 255}
	violet = []int{190, 110, 255, 255}
)

func rgba(c []int) map[string]any { return map[string]any{"rgba": c} }

func withAlpha(c []int, a int) []int { return []int{c[0], c[1], c[2], a} }

func point(c []int, size float64) map[string]any {
	return map[string]any{"color": rgba(c), "pixelSize": size, "outlineColor": rgba([]int{0, 0, 0, 255}), "outlineWidth": 1}
}

func label(text string) map[string]any {
	return map[string]any{"text": text, "font": "11pt sans-serif", "fillColor": rgba(white),
		"style": "FILL_AND_OUTLINE", "outlineWidth": 2, "outlineColor": rgba([]int{0, 0, 0, 255}),
		"horizontalOrigin": "LEFT", "pixelOffset": map[string]any{"cartesian2": []float64{8, 0}}}
}

func fixed(lat, lon, alt float64) map[string]any {
	return map[string]any{"cartographicDegrees": []float64{lon, lat, alt}}
}

// description writes an entity's description: a table of fields, then
// its events with their reasons.
func description(rows [][2]string, events []event.Event, at func(float64) string) string {
	var sb strings.Builder
	sb.WriteString("<table>")
	for _, r := range rows {
		fmt.Fprintf(&sb, "<tr><th>%s</th><td>%s</td></tr>", html.EscapeString(r[0]), html.EscapeString(r[1]))
	}
	sb.WriteString("</table>")
	if len(events) > 0 {
		sb.WriteString("<ul>")
		for _, e := range events {
			fmt.Fprintf(&sb, "<li>%s (t = %s s) %s", html.EscapeString(at(e.T)), strconv.FormatFloat(e.T, 'f', 1, 64), html.EscapeString(e.Type))
			if e.Reason != "" {
				fmt.Fprintf(&sb, ": %s", html.EscapeString(e.Reason))
			}
			sb.WriteString("</li>")
		}
		sb.WriteString("</ul>")
	}
	return sb.String()
}

func metres(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) + " m" }

func (b *builder) places() {
	whole := b.interval(0, b.end)
	for _, p := range b.run.Places {
		rows := [][2]string{{"kind", p.Kind}, {"id", p.ID}}
		for _, kv := range [][2]string{{"name", p.Name}, {"unit", p.Unit}, {"model", p.Model}, {"role", p.Role}} {
			if kv[1] != "" {
				rows = append(rows, kv)
			}
		}
		colour, name := blue, p.ID
		switch p.Kind {
		case "site":
			colour = green
			if p.Name != "" {
				name = p.Name
			}
			rows = append(rows, [2]string{"defended radius", metres(p.Radius)})
		case "radar":
			colour = violet
			rows = append(rows, [2]string{"coverage radius", metres(p.Range)})
		}
		// A radar destroyed by an anti-radiation missile goes at that time.
		avail, lost := whole, b.end
		var evs []event.Event
		for _, e := range b.run.Events {
			if p.Kind == "radar" && e.Radar == p.ID && (e.Type == event.RadarDestroyed || e.Type == event.RadarSilent || e.Type == event.RadarActive) {
				evs = append(evs, e)
				if e.Type == event.RadarDestroyed && e.T < lost {
					lost = e.T
					avail = b.interval(0, lost)
				}
			}
		}
		id := p.Kind + "/" + p.ID
		b.add(packet{
			"id": id, "name": name, "availability": avail,
			"description": description(rows, evs, b.at),
			"position":    fixed(p.Lat, p.Lon, p.Alt),
			"point":       point(colour, 10),
			"label":       label(name),
		})
		switch {
		case p.Kind == "site" && p.Radius > 0:
			b.add(packet{
				"id": "defended/" + p.ID, "name": name + " defended area", "parent": id, "availability": avail,
				"position": fixed(p.Lat, p.Lon, p.Alt),
				"ellipse": map[string]any{"semiMajorAxis": p.Radius, "semiMinorAxis": p.Radius, "height": p.Alt,
					"fill": true, "material": map[string]any{"solidColor": map[string]any{"color": rgba(withAlpha(green, 60))}},
					"outline": true, "outlineColor": rgba(green)},
			})
		case p.Kind == "radar" && p.Range > 0:
			// A dome: the upper half of a sphere of the coverage radius.
			b.add(packet{
				"id": "coverage/" + p.ID, "name": p.ID + " coverage", "parent": id, "availability": avail,
				"description": description([][2]string{{"radar", p.ID}, {"coverage radius", metres(p.Range)}}, nil, b.at),
				"position":    fixed(p.Lat, p.Lon, p.Alt),
				"ellipsoid": map[string]any{"radii": map[string]any{"cartesian": []float64{p.Range, p.Range, p.Range}},
					"maximumCone": math.Pi / 2, "fill": true,
					"material": map[string]any{"solidColor": map[string]any{"color": rgba(withAlpha(violet, 25))}},
					"outline":  true, "outlineColor": rgba(withAlpha(violet, 120)), "slicePartitions": 36, "stackPartitions": 9},
			})
		}
	}
}

// moving writes one packet for each threat (kind truth) or each track
// (kind track), with its positions sampled at the run's sample times.
func (b *builder) moving(kind string) {
	type mover struct {
		id      string
		samples []Sample
	}
	var order []string
	byID := map[string]*mover{}
	for _, s := range b.run.Samples {
		if s.Kind != kind {
			continue
		}
		id := "threat/" + s.ID
		if kind == "track" {
			id = "track/" + s.Unit + "/" + s.ID
		}
		m := byID[id]
		if m == nil {
			m = &mover{id: id}
			byID[id] = m
			order = append(order, id)
		}
		if n := len(m.samples); n > 0 && s.T <= m.samples[n-1].T {
			b.err = fmt.Errorf("czml: %s: sample at %g s does not follow the one at %g s", id, s.T, m.samples[n-1].T)
			return
		}
		m.samples = append(m.samples, s)
	}
	for _, id := range order {
		m := byID[id]
		first, last := m.samples[0], m.samples[len(m.samples)-1]
		pos := make([]float64, 0, 4*len(m.samples))
		for _, s := range m.samples {
			pos = append(pos, s.T, s.Lon, s.Lat, s.Alt)
		}
		p := packet{
			"id": id, "availability": b.interval(first.T, last.T),
			"position": map[string]any{"epoch": b.at(0), "cartographicDegrees": pos, "interpolationAlgorithm": "LINEAR"},
		}
		if kind == "truth" {
			var evs []event.Event
			typ := ""
			for _, e := range b.run.Events {
				if e.Threat == first.ID && e.Interceptor == "" && threatStory[e.Type] {
					evs = append(evs, e)
				}
				if e.Threat == first.ID && typ == "" {
					typ = e.ThreatType
				}
			}
			p["name"] = first.ID
			p["description"] = description([][2]string{{"threat", first.ID}, {"type", typ}}, evs, b.at)
			p["point"] = point(red, 8)
			p["label"] = label(first.ID)
			p["path"] = map[string]any{"material": map[string]any{"solidColor": map[string]any{"color": rgba(withAlpha(red, 180))}},
				"width": 2, "leadTime": 0, "trailTime": last.T - first.T + 1}
		} else {
			p["name"] = "track " + first.ID + " of " + first.Unit
			p["description"] = description([][2]string{{"unit", first.Unit}, {"track", first.ID}, {"threat of its last detection", first.Threat},
				{"1-sigma position error at its first sample", metres(first.PosSigma)}}, nil, b.at)
			p["point"] = point(yellow, 5)
		}
		b.add(p)
	}
}

// threatStory lists the event types a threat's description tells.
var threatStory = map[string]bool{
	event.ThreatLaunch: true, event.TrackConfirmed: true, event.Engagement: true, event.HoldFire: true,
	event.Evasion: true, event.Kill: true, event.Leak: true, event.Impact: true, event.ThreatEnd: true,
}

// interceptors writes each interceptor's fly-out: from its launcher at
// launch to where it fuzed or destroyed itself, along its samples (kind
// interceptor) where the record has them, else a straight line between
// the two events.
func (b *builder) interceptors() {
	flown := map[string][]float64{}
	for _, s := range b.run.Samples {
		if s.Kind == "interceptor" {
			flown[s.ID] = append(flown[s.ID], s.T, s.Lon, s.Lat, s.Alt)
		}
	}
	type shot struct {
		launch event.Event
		end    *event.Event
	}
	var order []string
	shots := map[string]*shot{}
	for i, e := range b.run.Events {
		if e.Interceptor == "" || e.Pos == nil {
			continue
		}
		switch e.Type {
		case event.Launch:
			if shots[e.Interceptor] == nil {
				shots[e.Interceptor] = &shot{launch: e}
				order = append(order, e.Interceptor)
			}
		case event.Intercept, event.SelfDestruct:
			if s := shots[e.Interceptor]; s != nil && s.end == nil && e.T > s.launch.T {
				s.end = &b.run.Events[i]
			}
		}
	}
	for _, id := range order {
		s := shots[id]
		l := s.launch
		pos := []float64{l.T, l.Pos.Lon, l.Pos.Lat, l.Pos.Alt}
		stop := b.end
		evs := []event.Event{l}
		rows := [][2]string{{"interceptor", id}, {"missile", l.Missile}, {"launcher", l.Launcher}, {"unit", l.Unit}, {"target", l.Threat}}
		if e := s.end; e != nil {
			pos = append(pos, e.T, e.Pos.Lon, e.Pos.Lat, e.Pos.Alt)
			// Samples are to the millisecond (tracks.csv), events not.
			if f := flown[id]; len(f) >= 8 && math.Abs(f[0]-l.T) < 1e-3 && math.Abs(f[len(f)-4]-e.T) < 1e-3 {
				pos = f
			}
			stop = e.T
			evs = append(evs, *e)
			if e.Type == event.Intercept {
				rows = append(rows, [2]string{"pk", strconv.FormatFloat(e.Pk, 'f', 2, 64)})
				if e.Miss != nil {
					rows = append(rows, [2]string{"miss", strconv.FormatFloat(*e.Miss, 'f', 2, 64) + " m"})
				}
			}
		}
		b.add(packet{
			"id": "interceptor/" + id, "name": id, "availability": b.interval(l.T, stop),
			"description": description(rows, evs, b.at),
			"position":    map[string]any{"epoch": b.at(0), "cartographicDegrees": pos, "interpolationAlgorithm": "LINEAR"},
			"point":       point(orange, 6),
			"path": map[string]any{"material": map[string]any{"solidColor": map[string]any{"color": rgba(withAlpha(orange, 200))}},
				"width": 1.5, "leadTime": 0, "trailTime": stop - l.T + 1},
		})
	}
}

// markerColour lists the events shown as markers, with their colours.
var markerColour = map[string][]int{
	event.Launch: orange, event.Intercept: yellow, event.Kill: green, event.Leak: red, event.Impact: red,
}

// markers writes a point for each launch, intercept, kill, leak and
// impact, there from its time to the end of the run.
func (b *builder) markers() {
	for i, e := range b.run.Events {
		c, ok := markerColour[e.Type]
		if !ok || e.Pos == nil {
			continue
		}
		rows := [][2]string{{"event", e.Type}, {"threat", e.Threat}, {"threat type", e.ThreatType}}
		for _, kv := range [][2]string{{"unit", e.Unit}, {"interceptor", e.Interceptor}, {"missile", e.Missile}, {"site", e.Site}} {
			if kv[1] != "" {
				rows = append(rows, kv)
			}
		}
		name := e.Type + " " + e.Threat
		b.add(packet{
			"id":   "event/" + strconv.Itoa(i) + "/" + e.Type,
			"name": name, "availability": b.interval(e.T, b.end),
			"description": description(rows, []event.Event{e}, b.at),
			"position":    fixed(e.Pos.Lat, e.Pos.Lon, e.Pos.Alt),
			"point":       point(c, 9),
		})
	}
}
