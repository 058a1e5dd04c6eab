package schema

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/scenario"
)

// probe is a scenario with one unknown key in every kind of record. The
// parser reports each as `unknown key "zz_radar" in radar; want one of:
// id, model, ...`: the keys that record reads, whatever the file holds.
const probe = `version: 1
name: probe
duration: 1 min
zz_scenario: 1
sites: [{id: s, at: {lat: 0, lon: 0, zz_position: 1}, zz_site: 1}]
air_defence:
  - system: s400
    at: {lat: 0, lon: 0}
    zz_battalion: 1
    missiles: {48N6E3: {rounds: 2, zz_battalion_missile: 1}}
    doctrine: {zz_doctrine: 1, reserve_release: {zz_reserve_release: 1}}
    tracker: {zz_tracker: 1}
  - id: u
    zz_unit: 1
    command_post: {id: cp, at: {lat: 0, lon: 0}, zz_command_post: 1}
    radars: [{id: r, role: fire-control, zz_radar: 1, noise: {zz_noise: 1}, emcon: {zz_emcon: 1}}]
    launchers: [{id: l, zz_launcher: 1}]
    missiles: {m: {zz_missile: 1}}
threats:
  - {id: t, type: x, zz_threat: 1, route: [{lat: 0, lon: 0, zz_waypoint: 1}, {lat: 1, lon: 0}]}
iads:
  zz_iads: 1
  command_post: s
  units: [u, s400-1]
  commands:
    - {id: c, kind: regiment, command_post: s, units: [u], zz_command: 1,
       sector: {polygon: [{lat: 0, lon: 0}, {lat: 1, lon: 0}, {lat: 0, lon: 1}], zz_sector: 1}, link: {latency: 1 s, zz_link: 1}}
terrain: {zz_terrain: 1}
`

// TestKeysMatchParser: every record of the schema has exactly the keys
// the scenario parser reads for it.
func TestKeysMatchParser(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(Scenario, &s); err != nil {
		t.Fatal(err)
	}
	defs := s["$defs"].(map[string]any)
	props := func(o any) []string {
		var keys []string
		for k := range o.(map[string]any)["properties"].(map[string]any) {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys
	}
	prop := func(def, key string) any { return defs[def].(map[string]any)["properties"].(map[string]any)[key] }
	schemaKeys := map[string][]string{
		"scenario":          props(s),
		"position":          props(defs["position"]),
		"site":              props(defs["site"]),
		"battalion":         props(defs["battalion"]),
		"battalion_missile": props(defs["battalion_missile"]),
		"doctrine":          props(defs["doctrine"]),
		"reserve_release":   props(defs["reserve_release"]),
		"tracker":           props(defs["tracker"]),
		"unit":              props(defs["unit"]),
		"command_post":      props(prop("unit", "command_post")),
		"radar":             props(defs["radar"]),
		"noise":             props(prop("radar", "noise")),
		"emcon":             props(prop("radar", "emcon")),
		"launcher":          props(defs["launcher"]),
		"missile":           props(defs["missile"]),
		"threat":            props(defs["threat"]),
		"waypoint":          props(defs["waypoint"]),
		"iads":              props(defs["iads"]),
		"command":           props(defs["command"]),
		"sector":            props(defs["sector"]),
		"link":              props(defs["link"]),
		"terrain":           props(defs["terrain"]),
	}

	_, err := scenario.Parse("probe.yaml", []byte(probe))
	if err == nil {
		t.Fatal("the probe parsed")
	}
	unknown := regexp.MustCompile(`unknown key "zz_([a-z_]+)" in [^;]+; want one of: (.*)$`)
	seen := map[string]bool{}
	for line := range strings.SplitSeq(err.Error(), "\n") {
		m := unknown.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		record := m[1]
		seen[record] = true
		parser := strings.Split(m[2], ", ")
		parser = slices.DeleteFunc(parser, func(k string) bool { return strings.HasPrefix(k, "zz_") })
		slices.Sort(parser)
		if want, ok := schemaKeys[record]; !ok {
			t.Errorf("the probe reached %s, which the test does not know", record)
		} else if !slices.Equal(want, parser) {
			t.Errorf("%s: schema keys %v, parser keys %v", record, want, parser)
		}
	}
	for record := range schemaKeys {
		if !seen[record] {
			t.Errorf("the parser did not report the probe key of %s: the probe no longer reaches it\n%v", record, err)
		}
	}
}
