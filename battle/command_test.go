package battle

import (
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/scenario"
)

// TestCommandLevelFallback (issue 16): a strike that reaches a post of
// the grid takes its level out, and the decisions of the level below say
// so. In the first case the regiment over both battalions is lost: they
// fight alone, each decision the battalion's own. In the second the
// national post is: the regiment (over bn1) allocates on its own picture,
// and bn2, directly under the national post, fights alone.
func TestCommandLevelFallback(t *testing.T) {
	for _, c := range []struct {
		name, iads         string
		level, command     string // of the loss
		why                string
		after              map[string]string // the level of each unit's engagements after the loss
		beforeLevel, actor string            // a level that decided, and for whom, before the loss
	}{
		{
			name: "regiment",
			iads: `iads:
  command_post: base
  units: [bn1, bn2]
  commands:
    - {id: rgt, kind: regiment, command_post: rgt-cp, units: [bn1, bn2], unit_link: {latency: 1 s}}`,
			level: "regiment", command: "rgt", why: "units bn1, bn2 now fight alone: no shared picture, no deconfliction",
			after:       map[string]string{"bn1": "battalion", "bn2": "battalion"},
			beforeLevel: "regiment", actor: "bn1",
		},
		{
			name: "national",
			iads: `iads:
  command_post: rgt-cp
  units: [bn1, bn2]
  commands:
    - {id: rgt, kind: regiment, command_post: base, units: [bn1], link: {latency: 2 s}}`,
			level: "national", command: "rgt-cp", why: "commands rgt now allocate on their own pictures; units bn2 now fight alone: no shared picture, no deconfliction",
			after:       map[string]string{"bn1": "regiment", "bn2": "battalion"},
			beforeLevel: "national", actor: "bn2",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := twoBatteries(c.iads) + `
  - {id: strike, type: subsonic-cruise-missile, altitude: 20 m, start: 0 s, target: rgt-cp,
     route: [{lat: 43.70, lon: -69.97}, {lat: 43.75, lon: -69.97}]}
`
			s, err := scenario.Parse("levels.yaml", []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			for i := range s.Threats {
				if s.Threats[i].ID == "strike" {
					s.Threats[i].RCS = 1e-9 // unseen: it must reach the post
				}
			}
			res := runRecordChecked(t, s)
			var lost *event.Event
			for i, e := range res.Events {
				if e.Type == event.CommandPostLost && lost == nil {
					lost = &res.Events[i]
				}
			}
			if lost == nil {
				t.Fatal("the strike reached the post but no command_post_lost event")
			}
			if lost.Site != "rgt-cp" || lost.Level != c.level || lost.Command != c.command || lost.Reason != c.why {
				t.Errorf("command_post_lost: %+v", *lost)
			}
			before, after := 0, map[string]int{}
			for _, e := range res.Events {
				if e.Type != event.Engagement && e.Type != event.HoldFire {
					continue
				}
				if e.Level == "" {
					t.Fatalf("%s at %.0f s says no level: %+v", e.Type, e.T, e)
				}
				if e.T < lost.T {
					if e.Type == event.Engagement && e.Unit == c.actor && strings.Contains(e.Reason, "allocated to this unit by") {
						before++
					}
					if e.Type == event.HoldFire && e.Level == c.beforeLevel {
						before++
					}
					continue
				}
				if e.Type != event.Engagement {
					continue
				}
				if want := c.after[e.Unit]; e.Level != want {
					t.Errorf("at %.0f s, after the loss, %s engages at level %q, want %q: %s", e.T, e.Unit, e.Level, want, e.Reason)
				}
				after[e.Unit]++
			}
			if before == 0 {
				t.Errorf("no decision of the %s level before the loss at %.0f s", c.beforeLevel, lost.T)
			}
			for u := range c.after {
				if after[u] == 0 {
					t.Errorf("%s made no engagement after the loss at %.0f s", u, lost.T)
				}
			}
		})
	}
}
