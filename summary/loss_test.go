package summary_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/summary"
)

// TestDestroyed: the radar, launcher and command post a run's events say
// were destroyed are listed in order, and the table names them.
func TestDestroyed(t *testing.T) {
	evs := []event.Event{
		{T: 0, Type: event.ScenarioStart, Name: "losses"},
		{T: 10, Type: event.RadarDestroyed, Unit: "bn1", Radar: "bn1-92n6e", Threat: "harm"},
		{T: 20, Type: event.LauncherDestroyed, Unit: "bn1", Launcher: "bn1-tel-02", Threat: "cm-1"},
		{T: 30, Type: event.PostDestroyed, Unit: "bn1", Site: "bn1-55k6e", Threat: "cm-2"},
		{T: 60, Type: event.ScenarioEnd},
	}
	s := summary.Of(nil, evs)
	want := []summary.Loss{
		{T: 10, Unit: "bn1", Kind: "radar", ID: "bn1-92n6e", Threat: "harm"},
		{T: 20, Unit: "bn1", Kind: "launcher", ID: "bn1-tel-02", Threat: "cm-1"},
		{T: 30, Unit: "bn1", Kind: "command post", ID: "bn1-55k6e", Threat: "cm-2"},
	}
	if !reflect.DeepEqual(s.Destroyed, want) {
		t.Errorf("Destroyed = %+v, want %+v", s.Destroyed, want)
	}
	var b strings.Builder
	if err := s.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "destroyed: radar bn1-92n6e of bn1 by harm at 10.0 s; launcher bn1-tel-02") {
		t.Errorf("table lacks the losses:\n%s", b.String())
	}
	if s := summary.Of(nil, evs[:1]); s.Destroyed != nil {
		t.Errorf("no loss: Destroyed = %+v, want nil (omitted from summary.json)", s.Destroyed)
	}
}
