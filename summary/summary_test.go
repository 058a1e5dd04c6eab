package summary_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/summary"
)

func ptr[T any](v T) *T { return &v }

var threats = []summary.ThreatRef{
	{"cm-01", "subsonic-cruise-missile"}, // detected, confirmed, two 9M96E2, killed
	{"bm-01", "srbm"},                    // detected, one 48N6E3 and one 9M96E2, leaks at the airbase
	{"drone-01", "shahed-136"},           // detected at t = 0, confirmed, no fire, impacts
	{"cm-02", "subsonic-cruise-missile"}, // never seen, still flying at the end
	{"ac-01", "fighter"},                 // detected, confirmed, not engaged, leaves
}

// run is a hand-made record, in time order, as battle would write it.
func run() []event.Event {
	return []event.Event{
		{T: 0, Type: event.ScenarioStart, Name: "hand-made", Seed: 42, Epoch: "2025-03-01T04:30:00Z"},
		{T: 0, Type: event.ThreatLaunch, Threat: "cm-01", ThreatType: "subsonic-cruise-missile"},
		{T: 0, Type: event.ThreatLaunch, Threat: "drone-01", ThreatType: "shahed-136"},
		{T: 0, Type: event.Detection, Threat: "drone-01", Radar: "bn1-91n6e", Range: 82322.1},
		{T: 5, Type: event.ThreatLaunch, Threat: "bm-01", ThreatType: "srbm"},
		{T: 8, Type: event.TrackConfirmed, Threat: "drone-01", Unit: "bn1", Track: 1},
		{T: 10, Type: event.ThreatLaunch, Threat: "ac-01", ThreatType: "fighter"},
		{T: 12, Type: event.Detection, Threat: "ac-01", Radar: "bn1-91n6e", Range: 310000},
		{T: 14, Type: event.TrackConfirmed, Threat: "ac-01", Unit: "bn1", Track: 2},
		{T: 40, Type: event.Detection, Threat: "bm-01", Radar: "bn1-92n6e", Range: 150000},
		{T: 41, Type: event.Detection, Threat: "bm-01", Radar: "bn1-91n6e", Range: 148000}, // later, ignored
		{T: 42, Type: event.TrackConfirmed, Threat: "bm-01", Unit: "bn1", Track: 3},
		{T: 43, Type: event.TrackConfirmed, Threat: "bm-01", Unit: "bn2", Track: 1}, // second unit, ignored
		{T: 45, Type: event.Launch, Threat: "bm-01", Missile: "48N6E3", Interceptor: "bn1-m001"},
		{T: 50, Type: event.Detection, Threat: "", Radar: "bn1-91n6e", Range: 90000}, // false alarm
		{T: 55, Type: event.Launch, Threat: "bm-01", Missile: "9M96E2", Interceptor: "bn1-m002"},
		{T: 60, Type: event.Intercept, Threat: "bm-01", Missile: "48N6E3", Miss: ptr(40.0), Killed: ptr(false)},
		{T: 70, Type: event.Leak, Threat: "bm-01", ThreatType: "srbm", Site: "airbase", Range: 900},
		{T: 480, Type: event.Detection, Threat: "cm-01", Radar: "bn1-92n6e", Range: 50984.5},
		{T: 481, Type: event.TrackConfirmed, Threat: "cm-01", Unit: "bn1", Track: 4},
		{T: 485, Type: event.Launch, Threat: "cm-01", Missile: "9M96E2", Interceptor: "bn1-m003"},
		{T: 487, Type: event.Launch, Threat: "cm-01", Missile: "9M96E2", Interceptor: "bn1-m004"},
		{T: 490, Type: event.Launch, Threat: "", Missile: "9M96E2", Interceptor: "bn1-m005"}, // at a false track
		{T: 520, Type: event.Intercept, Threat: "cm-01", Missile: "9M96E2", Miss: ptr(2.0), Killed: ptr(true)},
		{T: 520, Type: event.Kill, Threat: "cm-01", ThreatType: "subsonic-cruise-missile", Missile: "9M96E2"},
		{T: 521, Type: event.SelfDestruct, Threat: "cm-01", Missile: "9M96E2"},
		{T: 600, Type: event.Impact, Threat: "drone-01", ThreatType: "shahed-136"},
		{T: 700, Type: event.ThreatEnd, Threat: "ac-01", ThreatType: "fighter"},
		{T: 900, Type: event.ScenarioEnd},
	}
}

func TestOf(t *testing.T) {
	s := summary.Of(threats, run())
	want := summary.Summary{
		Scenario: "hand-made", Seed: 42, Epoch: "2025-03-01T04:30:00Z", Duration: 900,
		Threats: []summary.Threat{
			{ID: "cm-01", Type: "subsonic-cruise-missile",
				Detected: true, FirstDetectionT: f(480), FirstDetectionR: f(50984.5), FirstDetectionBy: "bn1-92n6e",
				Confirmed: true, ConfirmedT: f(481),
				Interceptors: 2, InterceptorsByType: map[string]int{"9M96E2": 2},
				Outcome: summary.Killed, OutcomeT: 520, End: event.Kill},
			{ID: "bm-01", Type: "srbm",
				Detected: true, FirstDetectionT: f(40), FirstDetectionR: f(150000), FirstDetectionBy: "bn1-92n6e",
				Confirmed: true, ConfirmedT: f(42),
				Interceptors: 2, InterceptorsByType: map[string]int{"48N6E3": 1, "9M96E2": 1},
				Outcome: summary.Leaked, OutcomeT: 70, Site: "airbase", End: event.Leak},
			{ID: "drone-01", Type: "shahed-136",
				Detected: true, FirstDetectionT: f(0), FirstDetectionR: f(82322.1), FirstDetectionBy: "bn1-91n6e",
				Confirmed: true, ConfirmedT: f(8),
				Outcome: summary.Survived, OutcomeT: 600, End: event.Impact},
			{ID: "cm-02", Type: "subsonic-cruise-missile",
				Outcome: summary.Survived, OutcomeT: 900, End: event.ScenarioEnd},
			{ID: "ac-01", Type: "fighter",
				Detected: true, FirstDetectionT: f(12), FirstDetectionR: f(310000), FirstDetectionBy: "bn1-91n6e",
				Confirmed: true, ConfirmedT: f(14),
				Outcome: summary.Survived, OutcomeT: 700, End: event.ThreatEnd},
		},
		Totals: summary.Totals{
			Threats: 5, Detected: 4, Kills: 1, Leakers: 1, Survivors: 3,
			// Every interceptor expended counts, the one fired at a
			// false track too, though it belongs to no threat's row.
			Interceptors: 5, ByType: map[string]int{"48N6E3": 1, "9M96E2": 4},
			AtFalseTracks: 1,
		},
	}
	if s.Scenario != want.Scenario || s.Seed != want.Seed || s.Duration != want.Duration || s.Epoch != want.Epoch {
		t.Errorf("header = %q, %d, %q, %g; want %q, %d, %q, %g", s.Scenario, s.Seed, s.Epoch, s.Duration, want.Scenario, want.Seed, want.Epoch, want.Duration)
	}
	if len(s.Threats) != len(want.Threats) {
		t.Fatalf("%d rows, want %d", len(s.Threats), len(want.Threats))
	}
	for i := range want.Threats {
		if !reflect.DeepEqual(s.Threats[i], want.Threats[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, s.Threats[i], want.Threats[i])
		}
	}
	if !reflect.DeepEqual(s.Totals, want.Totals) {
		t.Errorf("totals:\n got %+v\nwant %+v", s.Totals, want.Totals)
	}
	// The totals are the rows summed, but for interceptors at false tracks.
	var kills, leaks, surv, det, n int
	for _, r := range s.Threats {
		n += r.Interceptors
		if r.Detected {
			det++
		}
		switch r.Outcome {
		case summary.Killed:
			kills++
		case summary.Leaked:
			leaks++
		case summary.Survived:
			surv++
		default:
			t.Errorf("row %s: outcome %q", r.ID, r.Outcome)
		}
	}
	if kills+leaks+surv != s.Totals.Threats || det != s.Totals.Detected || n != s.Totals.Interceptors-1 {
		t.Errorf("rows sum to %d kills, %d leaks, %d survivors, %d detected, %d interceptors; totals %+v", kills, leaks, surv, det, n, s.Totals)
	}
}

func TestOfEmpty(t *testing.T) {
	tests := []struct {
		name    string
		threats []summary.ThreatRef
		events  []event.Event
	}{
		{"nothing", nil, nil},
		{"no events", threats, nil},
		{"events for unknown threats", nil, run()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := summary.Of(tt.threats, tt.events)
			if len(s.Threats) != len(tt.threats) || s.Totals.Threats != len(tt.threats) {
				t.Errorf("%d rows, totals %d; want %d", len(s.Threats), s.Totals.Threats, len(tt.threats))
			}
			if s.Totals.Survivors != len(tt.threats) || s.Totals.Kills != 0 || s.Totals.Leakers != 0 {
				t.Errorf("totals %+v, want all survivors", s.Totals)
			}
			if s.Totals.ByType == nil {
				t.Error("Totals.ByType is nil, want an empty map (JSON {} not null)")
			}
			var b bytes.Buffer
			if err := s.WriteTable(&b); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// cells splits a tabwriter line into its cells: columns are padded with
// at least two spaces, and no cell holds two spaces in a row.
func cells(line string) []string {
	return regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(line), -1)
}

func TestWriteTable(t *testing.T) {
	s := summary.Of(threats, run())
	var b bytes.Buffer
	if err := s.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	want := [][]string{
		{"THREAT", "TYPE", "FIRST DETECTION", "RANGE km", "RADAR", "TRACK CONFIRMED", "INTERCEPTORS", "OUTCOME", "AT"},
		{"cm-01", "subsonic-cruise-missile", "480.0 s", "51.0", "bn1-92n6e", "481.0 s", "2 (2 9M96E2)", "killed", "520.0 s"},
		{"bm-01", "srbm", "40.0 s", "150.0", "bn1-92n6e", "42.0 s", "2 (1 48N6E3, 1 9M96E2)", "leaked (airbase)", "70.0 s"},
		{"drone-01", "shahed-136", "0.0 s", "82.3", "bn1-91n6e", "8.0 s", "0", "survived", "600.0 s"},
		{"cm-02", "subsonic-cruise-missile", "-", "-", "-", "-", "0", "survived", "900.0 s"},
		{"ac-01", "fighter", "12.0 s", "310.0", "bn1-91n6e", "14.0 s", "0", "survived", "700.0 s"},
	}
	if len(lines) < len(want)+3 {
		t.Fatalf("table has %d lines:\n%s", len(lines), b.String())
	}
	for i, w := range want {
		if got := cells(lines[i]); !slices.Equal(got, w) {
			t.Errorf("line %d cells %q, want %q", i, got, w)
		}
	}
	// The columns line up: every row's cells start where the header's do.
	starts := func(line string) []int {
		var at []int
		for _, m := range regexp.MustCompile(`(?:^|\s{2,})\S`).FindAllStringIndex(line, -1) {
			at = append(at, m[1]-1)
		}
		return at
	}
	for i := 1; i < len(want); i++ {
		if got, w := starts(lines[i]), starts(lines[0]); !slices.Equal(got, w) {
			t.Errorf("line %d: cells start at %v, header's at %v", i, got, w)
		}
	}
	if lines[len(want)] != "" {
		t.Errorf("no blank line before the totals: %q", lines[len(want)])
	}
	if got, wantT := lines[len(want)+1], "5 threats: 4 detected, 1 killed, 1 leaked, 3 survived; interceptors expended: 5 (1 48N6E3, 4 9M96E2), 1 at false tracks"; got != wantT {
		t.Errorf("totals line\n got %q\nwant %q", got, wantT)
	}
}

// keys of summary.json as docs/events.md lists them.
var (
	docThreatKeys = []string{"id", "type", "detected", "first_detection_t", "first_detection_range_m", "first_detection_radar",
		"track_confirmed", "track_confirmed_t", "interceptors", "interceptors_by_type", "outcome", "outcome_t", "site", "end"}
	// docDecoyKeys are the keys only a decoy's row has.
	docDecoyKeys = []string{"decoy"}
	// docStruckKeys are the keys only the row of a threat that struck
	// equipment has.
	docStruckKeys = []string{"equipment", "miss_m", "equipment_destroyed"}
	// docGunKeys are the keys only the row of a threat the guns fired at
	// has.
	docGunKeys    = []string{"gun_rounds"}
	docTotalsKeys = []string{"threats", "detected", "kills", "leakers", "struck", "survivors", "interceptors", "interceptors_by_type",
		"interceptors_at_false_tracks", "interceptors_at_decoys"}
	docTopKeys = []string{"scenario", "seed", "epoch", "duration_s", "threats", "totals"}
)

func keysOf(m map[string]json.RawMessage) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	sort.Strings(k)
	return k
}

func TestJSON(t *testing.T) {
	s := summary.Of(threats, run())
	first, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		again, err := json.Marshal(summary.Of(threats, run()))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatalf("JSON differs between marshals:\n%s\n%s", first, again)
		}
	}

	var top map[string]json.RawMessage
	if err := json.Unmarshal(first, &top); err != nil {
		t.Fatal(err)
	}
	if got := keysOf(top); !slices.Equal(got, sorted(docTopKeys)) {
		t.Errorf("top-level keys %q, want %q", got, sorted(docTopKeys))
	}
	var rows []map[string]json.RawMessage
	if err := json.Unmarshal(top["threats"], &rows); err != nil {
		t.Fatal(err)
	}
	// Every key used is documented; the fully-populated row (the leaker)
	// uses them all.
	seen := map[string]bool{}
	for i, r := range rows {
		for k := range r {
			seen[k] = true
			if !slices.Contains(docThreatKeys, k) && !slices.Contains(docDecoyKeys, k) && !slices.Contains(docStruckKeys, k) && !slices.Contains(docGunKeys, k) {
				t.Errorf("threats[%d] has undocumented key %q", i, k)
			}
		}
	}
	for _, k := range docThreatKeys {
		if _, ok := rows[1][k]; !ok {
			t.Errorf("the leaker's row lacks documented key %q: %s", k, keysOf(rows[1]))
		}
	}
	for _, k := range []string{"id", "type", "detected", "track_confirmed", "interceptors", "outcome", "outcome_t", "end"} {
		if _, ok := rows[3][k]; !ok {
			t.Errorf("the unseen threat's row lacks key %q: %s", k, keysOf(rows[3]))
		}
	}
	var totals map[string]json.RawMessage
	if err := json.Unmarshal(top["totals"], &totals); err != nil {
		t.Fatal(err)
	}
	if got := keysOf(totals); !slices.Equal(got, sorted(docTotalsKeys)) {
		t.Errorf("totals keys %q, want %q", got, sorted(docTotalsKeys))
	}

	// It reads back into the same summary.
	var back summary.Summary
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, s) {
		t.Errorf("round trip:\n got %+v\nwant %+v", back, s)
	}
}

// TestJSONDetectedAtZero: a threat first detected at t = 0 (the example
// scenario's drone-01 is) loses first_detection_t from summary.json, so a
// reader sees a detected threat without a detection time.
func TestJSONDetectedAtZero(t *testing.T) {
	s := summary.Of(threats, run())
	b, err := json.Marshal(s.Threats[2]) // drone-01, detected at t = 0
	if err != nil {
		t.Fatal(err)
	}
	var row map[string]json.RawMessage
	if err := json.Unmarshal(b, &row); err != nil {
		t.Fatal(err)
	}
	if _, ok := row["first_detection_t"]; !ok {
		t.Errorf("detected threat without first_detection_t: %s", b)
	}
}

func sorted(s []string) []string {
	c := slices.Clone(s)
	sort.Strings(c)
	return c
}

func BenchmarkOf(b *testing.B) {
	var events []event.Event
	for range 500 {
		events = append(events, run()...)
	}
	b.ReportAllocs()
	for b.Loop() {
		summary.Of(threats, events)
	}
}
func f(x float64) *float64 { return &x }

// TestDecoys: rounds launched at a decoy count in interceptors_at_decoys
// and in the totals line, its row says decoy, and only its row does.
func TestDecoys(t *testing.T) {
	refs := append(slices.Clone(threats), summary.ThreatRef{ID: "mald-01", Type: "air-launched-decoy"})
	events := run()
	end := events[len(events)-1]
	events = append(events[:len(events)-1],
		event.Event{T: 800, Type: event.ThreatLaunch, Threat: "mald-01", ThreatType: "air-launched-decoy", Decoy: true},
		event.Event{T: 801, Type: event.Detection, Threat: "mald-01", Radar: "bn1-91n6e", Range: 250000},
		event.Event{T: 830, Type: event.Launch, Threat: "mald-01", Missile: "48N6E3", Interceptor: "bn1-m006", Decoy: true},
		event.Event{T: 835, Type: event.Launch, Threat: "mald-01", Missile: "48N6E3", Interceptor: "bn1-m007", Decoy: true},
		event.Event{T: 880, Type: event.ThreatEnd, Threat: "mald-01", ThreatType: "air-launched-decoy", Decoy: true},
		end)
	s := summary.Of(refs, events)
	if got := s.Totals.AtDecoys; got != 2 {
		t.Errorf("interceptors at decoys %d, want 2", got)
	}
	if got := s.Totals.Interceptors; got != 7 {
		t.Errorf("interceptors %d, want 7 (5 + 2 at the decoy)", got)
	}
	for _, r := range s.Threats {
		if r.Decoy != (r.ID == "mald-01") {
			t.Errorf("%s: decoy %v", r.ID, r.Decoy)
		}
	}
	var b bytes.Buffer
	if err := s.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	if want := "interceptors expended: 7 (3 48N6E3, 4 9M96E2), 1 at false tracks, 2 at decoys\n"; !strings.HasSuffix(b.String(), want) {
		t.Errorf("totals line %q, want it to end %q", b.String()[strings.LastIndex(b.String()[:b.Len()-1], "\n")+1:], want)
	}
	js, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var top struct {
		Threats []map[string]json.RawMessage `json:"threats"`
	}
	if err := json.Unmarshal(js, &top); err != nil {
		t.Fatal(err)
	}
	for i, r := range top.Threats {
		for _, k := range docDecoyKeys {
			if _, ok := r[k]; ok != (i == len(top.Threats)-1) {
				t.Errorf("threats[%d] (%s) has key %q: %v", i, r["id"], k, ok)
			}
		}
	}
}

// TestStruck: an impact that names a unit is a threat landing on the
// equipment it was aimed at. Its row reads struck, with the equipment,
// the miss and (only when a *_destroyed event by the same threat
// follows) destroyed; a ballistic impact that names no unit stays a
// survivor; the table says what was struck and the totals count it.
func TestStruck(t *testing.T) {
	refs := []summary.ThreatRef{{"cm-fc", "subsonic-cruise-missile"}, {"harm", "anti-radiation-missile"}, {"bm", "srbm"}}
	s := summary.Of(refs, []event.Event{
		{T: 0, Type: event.ScenarioStart},
		{T: 10, Type: event.Impact, Threat: "cm-fc", Unit: "bn1", Radar: "bn1-92n6e", Miss: ptr(7.5)},
		{T: 10, Type: event.RadarDestroyed, Threat: "cm-fc", Unit: "bn1", Radar: "bn1-92n6e", Miss: ptr(7.5)},
		{T: 20, Type: event.Impact, Threat: "harm", Unit: "bn1", Radar: "bn1-91n6e", Miss: ptr(412.25)},
		{T: 30, Type: event.Impact, Threat: "bm"},
		{T: 40, Type: event.ScenarioEnd},
	})
	want := []summary.Threat{
		{ID: "cm-fc", Type: "subsonic-cruise-missile", Outcome: summary.Struck, OutcomeT: 10, End: event.Impact,
			Equipment: "bn1-92n6e", Miss: ptr(7.5), EquipmentDestroyed: true},
		{ID: "harm", Type: "anti-radiation-missile", Outcome: summary.Struck, OutcomeT: 20, End: event.Impact,
			Equipment: "bn1-91n6e", Miss: ptr(412.25)},
		{ID: "bm", Type: "srbm", Outcome: summary.Survived, OutcomeT: 30, End: event.Impact},
	}
	if !reflect.DeepEqual(s.Threats, want) {
		t.Errorf("rows\n got %+v\nwant %+v", s.Threats, want)
	}
	if s.Totals.Struck != 2 || s.Totals.Survivors != 1 {
		t.Errorf("totals %+v; want 2 struck, 1 survivor", s.Totals)
	}
	var b strings.Builder
	if err := s.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"struck bn1-92n6e (destroyed)", "struck bn1-91n6e (412.2 m off)", "3 threats: 0 detected, 0 killed, 0 leaked, 2 struck, 1 survived"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("table lacks %q:\n%s", w, b.String())
		}
	}
	js, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var top struct {
		Threats []map[string]json.RawMessage `json:"threats"`
	}
	if err := json.Unmarshal(js, &top); err != nil {
		t.Fatal(err)
	}
	for _, k := range docStruckKeys {
		if _, ok := top.Threats[0][k]; !ok {
			t.Errorf("the struck row lacks documented key %q", k)
		}
		if _, ok := top.Threats[2][k]; ok {
			t.Errorf("the survivor's row has key %q", k)
		}
	}
}

// TestGunRounds: the rounds of gun_burst events count per threat and in
// the totals, and the totals line says so; without a burst neither key
// is written.
func TestGunRounds(t *testing.T) {
	refs := []summary.ThreatRef{{"cm", "subsonic-cruise-missile"}}
	s := summary.Of(refs, []event.Event{
		{T: 0, Type: event.ScenarioStart},
		{T: 10, Type: event.GunBurst, Threat: "cm", Unit: "pd", Launcher: "pd-96k6", Rounds: 80},
		{T: 11, Type: event.GunBurst, Threat: "cm", Unit: "pd", Launcher: "pd-96k6", Rounds: 80},
		{T: 12, Type: event.GunBurst, Unit: "pd", Launcher: "pd-96k6", Rounds: 40}, // at a false track
		{T: 15, Type: event.Kill, Threat: "cm", Unit: "pd", Launcher: "pd-96k6", Interceptor: "pd-96k6-b002"},
		{T: 40, Type: event.ScenarioEnd},
	})
	if s.Threats[0].GunRounds != 160 || s.Totals.GunRounds != 200 || s.Threats[0].Outcome != summary.Killed {
		t.Errorf("gun rounds %d at cm, %d in all, outcome %s; want 160, 200, killed", s.Threats[0].GunRounds, s.Totals.GunRounds, s.Threats[0].Outcome)
	}
	var b strings.Builder
	if err := s.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "; gun rounds fired: 200\n") {
		t.Errorf("totals line lacks the gun rounds:\n%s", b.String())
	}
	js, _ := json.Marshal(s)
	if !strings.Contains(string(js), `"gun_rounds":200`) {
		t.Errorf("summary.json lacks totals gun_rounds: %s", js)
	}
	if js, _ := json.Marshal(summary.Of(refs, nil)); strings.Contains(string(js), "gun_rounds") {
		t.Errorf("no burst, yet gun_rounds: %s", js)
	}
}

// TestTallyAsItGoes: a Tally fed the record one event at a time, and
// asked its summary along the way, ends with the summary Of makes of
// the whole record; asked midway it says only what the events so far
// say (the hand-made record's leak at 70 s is not yet known at 60 s).
func TestTallyAsItGoes(t *testing.T) {
	events := run()
	tally := summary.NewTally(threats)
	for _, e := range events {
		if e.T == 60 {
			mid := tally.Summary()
			if mid.Totals.Leakers != 0 || mid.Threats[1].Interceptors != 2 {
				t.Errorf("at 60 s: leakers %d, bm-01 interceptors %d; want 0 and 2", mid.Totals.Leakers, mid.Threats[1].Interceptors)
			}
		}
		tally.Add(e)
	}
	if got, want := tally.Summary(), summary.Of(threats, events); !reflect.DeepEqual(got, want) {
		t.Errorf("tally:\n%+v\nwant Of's:\n%+v", got, want)
	}
}
