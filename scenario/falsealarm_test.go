package scenario

import "testing"

// unitWithRadars is a unit of two catalogue radars, the second with
// radarKeys added.
func unitWithRadars(radarKeys string) string {
	return `air_defence:
  - id: bn
    command_post: {id: cp, at: {lat: 44.5, lon: -71.4}}
    radars:
      - {id: s, model: 91N6E, at: {lat: 44.5, lon: -71.4}}
      - {id: f, model: 92N6E, at: {lat: 44.5, lon: -71.4}` + radarKeys + `}
    launchers:
      - {id: l, model: 5P85TE2, at: {lat: 44.5, lon: -71.4}, missiles: {48N6E3: 4}}
`
}

func TestFalseAlarmsKey(t *testing.T) {
	c := cat(t)
	tests := []struct {
		name           string
		src            string
		scenario, s, f bool // NoFalseAlarms of the scenario and the radars
	}{
		{"default", head + unitWithRadars(""), false, false, false},
		{"radar off", head + unitWithRadars(", false_alarms: false"), false, false, true},
		{"radar on", head + unitWithRadars(", false_alarms: true"), false, false, false},
		{"scenario off", head + "false_alarms: false\n" + unitWithRadars(""), true, false, false},
	}
	for _, tt := range tests {
		s := parse(t, tt.src, Options{Catalog: c})
		r := s.Units[0].Radars
		if s.NoFalseAlarms != tt.scenario || r[0].NoFalseAlarms != tt.s || r[1].NoFalseAlarms != tt.f {
			t.Errorf("%s: NoFalseAlarms scenario %v, radars %v %v; want %v, %v %v", tt.name,
				s.NoFalseAlarms, r[0].NoFalseAlarms, r[1].NoFalseAlarms, tt.scenario, tt.s, tt.f)
		}
	}
	wantErrorAt(t, c, head+"false_alarms: no way\n", "4:15", `false_alarms is "no way"; want true or false`)
	wantErrorAt(t, c, head+unitWithRadars(", false_alarms: 0"), "9:74", "false_alarms is")
}
