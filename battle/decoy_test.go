package battle

import (
	"testing"

	"github.com/iadsim/iadsim/event"
)

// decoyPair is one battalion with a single round against two decoys flying
// at its base 60 km out, the second 30 s behind the first.
const decoyPair = `version: 1
name: decoys
duration: 6 min
seed: 2
sites:
  - {id: base, at: {lat: 43.90, lon: -69.97}, value: 10, radius: 2 km}
air_defence:
  - id: bn1
    system: s400
    at: {lat: 43.90, lon: -69.97}
    missiles: {48N6E3: 1}
    doctrine: {salvo: 1}
threats:
  - {id: mald, type: air-launched-decoy, count: 2, interval: 30 s, target: base, route: [{lat: 43.90, lon: -69.22}, {lat: 43.90, lon: -69.60}]}
`

// TestDecoyEngagedAsAircraft: the battalion engages a decoy as it would a
// fighter (the track's class is aircraft, from how it flies), the record
// marks the round and the decoy's life as a decoy's, and the decoy that
// reaches the base ends there without leaking.
func TestDecoyEngagedAsAircraft(t *testing.T) {
	res, err := Run(mustParse(t, decoyPair), Options{NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	var engaged, launches, ends int
	for _, e := range res.Events {
		switch e.Type {
		case event.Engagement:
			engaged++
			if e.Class != "aircraft" {
				t.Errorf("decoy %s engaged as %q, want aircraft: the defence cannot tell a decoy flying a fighter's profile", e.Threat, e.Class)
			}
		case event.Launch:
			launches++
			if !e.Decoy {
				t.Errorf("launch at %s not marked decoy", e.Threat)
			}
		case event.Leak:
			t.Errorf("decoy %s leaked at %s", e.Threat, e.Site)
		case event.ThreatLaunch, event.Intercept, event.Kill:
			if !e.Decoy {
				t.Errorf("%s of %s not marked decoy", e.Type, e.Threat)
			}
		case event.ThreatEnd:
			ends++
			if !e.Decoy || e.Reason == "" {
				t.Errorf("threat_end of %s: decoy %v, reason %q", e.Threat, e.Decoy, e.Reason)
			}
		}
	}
	if engaged == 0 || launches != 1 || ends == 0 {
		t.Errorf("%d engagements, %d launches, %d decoys at the end of their route; want some, the one round, and the decoy left over", engaged, launches, ends)
	}
}
