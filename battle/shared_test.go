package battle

import (
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/iadsim/iadsim/motion"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/weapon"
)

// TestSharedBallistics checks that the runs of a batch share its
// ballistic threats' flights (a missile's and its separated booster's):
// made by the first run, the same values in every later one, the events
// the same as a run that made its own; and that a run of another
// scenario (as a footprint's cell or a replication with its own figures
// makes) neither uses nor adds to them.
func TestSharedBallistics(t *testing.T) {
	s, err := scenario.Load("testdata/bmd-booster.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ballistic := 0
	for _, th := range s.Threats {
		if th.Launch != nil {
			ballistic++
		}
	}
	if ballistic < 2 {
		t.Fatalf("%d ballistic threats in the test scenario, want a missile and its booster", ballistic)
	}
	sh, err := Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	own, err := Run(s, Options{Replication: 3, NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	var first map[*scenario.Threat]*motion.Ballistic
	for rep := range 2 {
		res, err := Run(s, Options{Replication: 3, NoSamples: true, Shared: sh})
		if err != nil {
			t.Fatal(err)
		}
		if len(sh.ballistics) != ballistic {
			t.Fatalf("run %d: %d flights kept, want %d", rep, len(sh.ballistics), ballistic)
		}
		if rep == 0 {
			first = map[*scenario.Threat]*motion.Ballistic{}
			for k, v := range sh.ballistics {
				first[k] = v
			}
		} else if !reflect.DeepEqual(first, sh.ballistics) {
			t.Fatal("the second run made its flights again")
		}
		if !reflect.DeepEqual(res.Events, own.Events) {
			t.Fatalf("run %d with the batch's flights: events differ from a run that shot its own", rep)
		}
	}
	c := *s
	c.Threats = append([]scenario.Threat(nil), s.Threats...)
	if _, err := Run(&c, Options{Replication: 3, NoSamples: true, Shared: sh}); err != nil {
		t.Fatal(err)
	}
	if len(sh.ballistics) != ballistic {
		t.Fatalf("a run of another scenario left %d flights, want the batch's %d", len(sh.ballistics), ballistic)
	}
	for i := range c.Threats {
		if _, ok := sh.ballistics[&c.Threats[i]]; ok {
			t.Fatalf("a flight kept for threat %s of another scenario", c.Threats[i].ID)
		}
	}
}

// TestSharedEventRoom checks that a run's record starts with the room
// the longest record of its batch took, so that it does not grow by
// copying, and that the room changes nothing recorded.
func TestSharedEventRoom(t *testing.T) {
	s, err := scenario.Load("testdata/bmd-booster.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sh, err := Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	most := 0
	for rep := range 3 {
		own, err := Run(s, Options{Replication: rep, NoSamples: true})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(s, Options{Replication: rep, NoSamples: true, Shared: sh})
		if err != nil {
			t.Fatal(err)
		}
		if rep > 0 && cap(res.Events) < most {
			t.Errorf("replication %d: record started with room for %d events, want at least the %d of the longest before", rep, cap(res.Events), most)
		}
		most = max(most, len(res.Events))
		if got := sh.eventRoom(); got != most {
			t.Errorf("replication %d: room %d after it, want the longest record's %d", rep, got, most)
		}
		if !reflect.DeepEqual(res.Events, own.Events) {
			t.Fatalf("replication %d: events differ with the batch's room", rep)
		}
	}
}

// TestSharedLimits checks that the tracker limits a batch derives once
// are those a run derives for itself, for a scenario with routed threats
// and one with a manoeuvring re-entry, and that a run of another
// scenario with the batch's Shared derives its own.
func TestSharedLimits(t *testing.T) {
	files := []string{example, "testdata/bmd-pullup.yaml"}
	var scens []*scenario.Scenario
	for _, file := range files {
		s, err := scenario.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		scens = append(scens, s)
	}
	for i, s := range scens {
		sh, err := Prepare(s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Run(s, Options{Replication: 1, NoSamples: true, Shared: sh}); err != nil {
			t.Fatal(err)
		}
		if sh.limits == nil {
			t.Fatalf("%s: a run of the batch's scenario left no limits", files[i])
		}
		w := &world{s: s, shared: sh, terrain: sh.Terrain}
		if err := w.buildThreats(); err != nil {
			t.Fatal(err)
		}
		own := w.deriveLimits()
		if !reflect.DeepEqual(*sh.limits, own) {
			t.Fatalf("%s: batch's limits %+v, a run's own %+v", files[i], *sh.limits, own)
		}
		if own.maxSpeed <= 0 || own.climbSigma <= 0 {
			t.Fatalf("%s: limits %+v: no speed or climb derived", files[i], own)
		}
		other := scens[1-i]
		o := &world{s: other, shared: sh, terrain: sh.Terrain}
		if err := o.buildThreats(); err != nil {
			t.Fatal(err)
		}
		got, want := o.limits(), o.deriveLimits()
		if reflect.DeepEqual(want, own) {
			t.Fatalf("%s and %s have the same limits: the test cannot tell them apart", files[i], files[1-i])
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s with the Shared of %s: limits %+v, want its own %+v", files[1-i], files[i], got, want)
		}
	}
}

// TestSharedModels checks the batch's interceptor models: workers that
// ask for the same missiles at once (as a batch's first replications
// do, each building its units) get one model a missile, derived once,
// equal to one derived alone; a missile's copy is the caller's.
func TestSharedModels(t *testing.T) {
	s, err := scenario.Load("../examples/s400-battalion-vs-mixed-raid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var specs []scenario.Missile
	var ms []*weapon.Missile
	for _, u := range s.Units {
		for _, spec := range u.Missiles {
			m := spec.Interceptor()
			specs, ms = append(specs, spec), append(ms, &m)
		}
	}
	if len(specs) < 2 {
		t.Fatalf("%d missiles in the example, want two or more to derive at once", len(specs))
	}
	sh, err := Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	const workers = 3
	got := make([][]*model, workers)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			// Each worker asks in another order.
			sp, m := slices.Clone(specs), slices.Clone(ms)
			if k%2 == 1 {
				slices.Reverse(sp)
				slices.Reverse(m)
			}
			got[k] = sh.models(sp, m)
			if k%2 == 1 {
				slices.Reverse(got[k])
			}
		})
	}
	wg.Wait()
	if len(sh.derived) != len(specs) {
		t.Errorf("%d models kept, want %d", len(sh.derived), len(specs))
	}
	for i, spec := range specs {
		alone, err := deriveModel(spec, ms[i])
		if err != nil {
			t.Fatal(err)
		}
		for k := range workers {
			d := got[k][i]
			if d != sh.derived[spec] || d.err != nil {
				t.Fatalf("worker %d, %s: model %p (err %v), want the batch's %p", k, spec.Name, d, d.err, sh.derived[spec])
			}
			if !reflect.DeepEqual(*d.m, *alone) {
				t.Errorf("worker %d, %s: the model differs from one derived alone", k, spec.Name)
			}
		}
		c, err := sh.missile(spec, ms[i])
		if err != nil {
			t.Fatal(err)
		}
		if c == sh.derived[spec].m || c.Reach != sh.derived[spec].m.Reach {
			t.Errorf("%s: missile returned the batch's model itself, or another reach shape", spec.Name)
		}
	}
}
