// Package czmlcheck checks a CZML document against the structure the
// czml-writer wiki states, for the tests of package czml: what CesiumJS
// would refuse or misplace, without CesiumJS.
//
// It is apart from czml's tests, and holds the fuzz target of czml's
// tracks reader, because those tests run the engine for their fixtures:
// Go's fuzzer instruments every package a test binary links, and with
// the engine linked each execution cost a scan of its coverage counters
// (docs/fuzzing.md).
package czmlcheck

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// Check checks a document against the CZML structure as the
// czml-writer wiki states it ("CZML Structure", "Packet", "Clock",
// "Position", "Cartographic"): a JSON array of packets; the first is the
// document packet, id "document", version "1.0", whose clock has an
// interval start/stop, a currentTime inside it and a multiplier; every
// packet has an id, unique in the document; an availability is an ISO
// 8601 interval "start/stop" (or an array of them, in order and apart)
// with start not after stop; a parent names a packet before it; a
// cartographicDegrees array has three elements (constant) or is a whole
// number of [time, longitude, latitude, height] samples, times increasing,
// seconds after the property's epoch, which must then be given; longitude
// within [-180, 180] and latitude within [-90, 90].
func Check(doc []byte) error {
	var packets []map[string]json.RawMessage
	if err := json.Unmarshal(doc, &packets); err != nil {
		return fmt.Errorf("not a JSON array of packets: %w", err)
	}
	if len(packets) == 0 {
		return fmt.Errorf("no packets")
	}
	ids := map[string]bool{}
	for i, p := range packets {
		var id string
		if err := json.Unmarshal(p["id"], &id); err != nil || id == "" {
			return fmt.Errorf("packet %d: no id", i)
		}
		if ids[id] {
			return fmt.Errorf("packet %d: id %q used twice", i, id)
		}
		ids[id] = true
		if i == 0 {
			if err := checkDocument(p); err != nil {
				return err
			}
			continue
		}
		if id == "document" {
			return fmt.Errorf("packet %d: the document packet must come first", i)
		}
		if raw, ok := p["parent"]; ok {
			var parent string
			if err := json.Unmarshal(raw, &parent); err != nil || !ids[parent] || parent == id {
				return fmt.Errorf("%s: parent %s names no packet before it", id, raw)
			}
		}
		if raw, ok := p["availability"]; ok {
			if err := checkAvailability(raw); err != nil {
				return fmt.Errorf("%s: availability: %w", id, err)
			}
		}
		if raw, ok := p["position"]; ok {
			if err := checkPosition(raw); err != nil {
				return fmt.Errorf("%s: position: %w", id, err)
			}
		}
	}
	return nil
}

func checkDocument(p map[string]json.RawMessage) error {
	var d struct {
		ID      string
		Version string
		Clock   *struct {
			Interval    string
			CurrentTime string
			Multiplier  *float64
		}
	}
	raw, _ := json.Marshal(p)
	if err := json.Unmarshal(raw, &d); err != nil {
		return fmt.Errorf("document packet: %w", err)
	}
	if d.ID != "document" || d.Version != "1.0" {
		return fmt.Errorf("first packet: id %q version %q, want the document packet, version 1.0", d.ID, d.Version)
	}
	if d.Clock == nil || d.Clock.Multiplier == nil {
		return fmt.Errorf("document packet: no clock with a multiplier")
	}
	t0, t1, err := interval(d.Clock.Interval)
	if err != nil {
		return fmt.Errorf("clock interval: %w", err)
	}
	now, err := time.Parse(time.RFC3339Nano, d.Clock.CurrentTime)
	if err != nil || now.Before(t0) || now.After(t1) {
		return fmt.Errorf("clock currentTime %q: want an instant inside %q", d.Clock.CurrentTime, d.Clock.Interval)
	}
	return nil
}

func interval(s string) (time.Time, time.Time, error) {
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return time.Time{}, time.Time{}, fmt.Errorf("%q: want start/stop", s)
	}
	t0, err0 := time.Parse(time.RFC3339Nano, a)
	t1, err1 := time.Parse(time.RFC3339Nano, b)
	if err0 != nil || err1 != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("%q: want ISO 8601 instants", s)
	}
	if t1.Before(t0) {
		return time.Time{}, time.Time{}, fmt.Errorf("%q: stop before start", s)
	}
	return t0, t1, nil
}

func checkAvailability(raw json.RawMessage) error {
	var list []string
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		list = []string{one}
	} else if err := json.Unmarshal(raw, &list); err != nil {
		return fmt.Errorf("%s: want an interval or an array of them", raw)
	}
	var prev time.Time
	for i, s := range list {
		t0, t1, err := interval(s)
		if err != nil {
			return err
		}
		if i > 0 && !t0.After(prev) {
			return fmt.Errorf("%q does not follow the interval before it", s)
		}
		prev = t1
	}
	return nil
}

func checkPosition(raw json.RawMessage) error {
	var pos struct {
		Epoch               string
		CartographicDegrees []json.RawMessage
	}
	if err := json.Unmarshal(raw, &pos); err != nil {
		return err
	}
	c := pos.CartographicDegrees
	if len(c) == 0 {
		return fmt.Errorf("no cartographicDegrees")
	}
	num := func(r json.RawMessage) (float64, error) {
		var x float64
		err := json.Unmarshal(r, &x)
		return x, err
	}
	geo := func(lon, lat, h json.RawMessage) error {
		x, err1 := num(lon)
		y, err2 := num(lat)
		_, err3 := num(h)
		if err1 != nil || err2 != nil || err3 != nil || x < -180 || x > 180 || y < -90 || y > 90 {
			return fmt.Errorf("[%s, %s, %s]: want longitude, latitude in degrees and a height", lon, lat, h)
		}
		return nil
	}
	if len(c) == 3 {
		return geo(c[0], c[1], c[2])
	}
	if len(c)%4 != 0 {
		return fmt.Errorf("%d numbers: want [t, lon, lat, h] samples", len(c))
	}
	if _, err := time.Parse(time.RFC3339Nano, pos.Epoch); err != nil {
		return fmt.Errorf("epoch %q: sampled times in seconds need an ISO 8601 epoch", pos.Epoch)
	}
	prev := math.Inf(-1)
	for i := 0; i < len(c); i += 4 {
		t, err := num(c[i])
		if err != nil || t <= prev {
			return fmt.Errorf("sample %d: time %s does not follow %g", i/4, c[i], prev)
		}
		prev = t
		if err := geo(c[i+1], c[i+2], c[i+3]); err != nil {
			return fmt.Errorf("sample %d: %w", i/4, err)
		}
	}
	return nil
}
