package battle

import (
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/scenario"
)

// TestThreeDOFFlyout: a unit whose missiles fly the 3-DOF model plans
// with their launch acceptability tables and kills with them.
func TestThreeDOFFlyout(t *testing.T) {
	if testing.Short() {
		t.Skip("derives two 3-DOF models and their tables: a few seconds")
	}
	text := strings.Replace(raid40, "missiles: {48N6E3: 16, 9M96E2: 64}",
		"missiles: {48N6E3: 16, 9M96E2: 64}\n    doctrine: {salvo: 1}", 1)
	text = strings.Replace(text, "    system: s400\n", "    system: s400\n", 1)
	s := mustParse(t, text)
	for i := range s.Units[0].Missiles {
		s.Units[0].Missiles[i].Flyout = "3dof"
	}
	res, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var launches, fuzes, kills int
	for _, e := range res.Events {
		switch e.Type {
		case event.Launch:
			launches++
		case event.Intercept:
			fuzes++
		case event.Kill:
			kills++
		}
	}
	if launches == 0 || fuzes == 0 || kills == 0 {
		t.Fatalf("3-DOF interceptors: %d launched, %d fuzed, %d kills", launches, fuzes, kills)
	}
	t.Logf("%d launched, %d fuzed, %d kills", launches, fuzes, kills)
}

func mustParse(t *testing.T, text string) *scenario.Scenario {
	t.Helper()
	s, err := scenario.Parse("test.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
