package event

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestZeroFieldsKept: a number an event type always carries is written
// even when it is zero. A detection due north on the horizon has azimuth
// 0 and elevation 0; an interceptor that missed by more than its lethal
// radius has pk 0; a threat that flies to the very centre of a site leaks
// at range 0; seed 0 is a seed.
func TestZeroFieldsKept(t *testing.T) {
	tests := []struct {
		e       Event
		want    []string
		notWant []string
	}{
		{Event{T: 1, Type: Detection, Radar: "r", Threat: "t", Range: 0, Azimuth: 0, Elevation: 0, SNR: 0},
			[]string{`"range_m":0`, `"azimuth_deg":0`, `"elevation_deg":0`, `"snr_db":0`}, []string{`"pk"`, `"tof_s"`}},
		{Event{T: 1, Type: Detection, Range: 1000, Azimuth: 0, Elevation: 2.5, SNR: 13},
			[]string{`"range_m":1000,"azimuth_deg":0,"elevation_deg":2.5,"snr_db":13`}, nil},
		{Event{T: 1, Type: Detection, Azimuth: math.Copysign(0, -1)}, []string{`"azimuth_deg":0,`}, nil},
		{Event{T: 2, Type: Intercept, Pk: 0}, []string{`"pk":0`}, []string{`"range_m"`, `"azimuth_deg"`}},
		{Event{T: 2, Type: Engagement, Pk: 0, TOF: 0}, []string{`"tof_s":0`, `"pk":0`}, []string{`"range_m"`}},
		{Event{T: 3, Type: Leak, Site: "s", Range: 0}, []string{`"range_m":0`}, []string{`"pk"`, `"azimuth_deg"`}},
		{Event{T: 0, Type: ScenarioStart, Name: "n", Seed: 0}, []string{`"seed":0`}, nil},
		// Types that do not use a number still leave it out.
		{Event{T: 4, Type: Kill, Threat: "t"}, nil, []string{`"pk"`, `"range_m"`, `"seed"`, `"azimuth_deg"`}},
		{Event{T: 4, Type: ScenarioEnd}, []string{`{"t":4,"type":"scenario_end"}`}, nil},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.e)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s: %s lacks %s", tt.e.Type, b, w)
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(string(b), w) {
				t.Errorf("%s: %s has %s", tt.e.Type, b, w)
			}
		}
		var back Event
		if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, tt.e) {
			t.Errorf("%s: read back %+v, %v; want %+v", tt.e.Type, back, err, tt.e)
		}
	}
}

// TestWireMirrorsEvent: the encoding's struct has the same keys, in the
// same order, as Event, so that no field is lost or moved on the way out.
func TestWireMirrorsEvent(t *testing.T) {
	ev, wi := reflect.TypeFor[Event](), reflect.TypeFor[wire]()
	if ev.NumField() != wi.NumField() {
		t.Fatalf("Event has %d fields, wire %d", ev.NumField(), wi.NumField())
	}
	for i := range ev.NumField() {
		a, b := ev.Field(i), wi.Field(i)
		if a.Name != b.Name || a.Tag != b.Tag {
			t.Errorf("field %d: Event %s %q, wire %s %q", i, a.Name, a.Tag, b.Name, b.Tag)
		}
	}
}

func TestReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.jsonl")
	if err := os.WriteFile(path, []byte(`{"t":0,"type":"scenario_start","seed":1}`+"\n"+`{"t":1.5,"type":"kill","threat":"a","pos":{"lat":44,"lon":-71,"alt":300}}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	evs, err := ReadFile(path)
	if err != nil || len(evs) != 2 || evs[1].Type != Kill || evs[1].Pos == nil || evs[1].Pos.Alt != 300 {
		t.Fatalf("ReadFile: %+v, %v", evs, err)
	}
	if err := os.WriteFile(path, []byte(`{"t":0,"type":"scenario_start"}`+"\n"+`{"t":"soon"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(path); err == nil || !strings.HasPrefix(err.Error(), path+":2: ") {
		t.Errorf("a bad second line: %v, want an error at %s:2", err, path)
	}
}
