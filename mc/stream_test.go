package mc

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/iadsim/iadsim/battle"
	"github.com/iadsim/iadsim/summary"
)

// TestStreamedRowsAreKept: a batch's replications after the first reduce
// their events as the run makes them (battle.Options.Stream into a
// summary.Tally) instead of keeping the record; each row must be the row
// the replication's kept record gives, rerun alone as iadsim run
// --replication reruns it.
func TestStreamedRowsAreKept(t *testing.T) {
	const runs = 4
	s, src := load(t, small)
	b := run(t, Config{Scenario: s, Source: src, Runs: runs, Workers: 2, Out: filepath.Join(t.TempDir(), "b")})
	if len(b.Rows) != runs {
		t.Fatalf("%d rows, want %d", len(b.Rows), runs)
	}
	for _, got := range b.Rows {
		k := got.Replication
		rs, err := Replica(nil, s, k, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := battle.Run(rs, battle.Options{Replication: k, NoSamples: true})
		if err != nil {
			t.Fatal(err)
		}
		refs := make([]summary.ThreatRef, len(res.Threats))
		for i, th := range res.Threats {
			refs[i] = summary.ThreatRef{ID: th.ID, Type: th.Type}
		}
		want := RowOf(k, rs.Seed, summary.Of(refs, res.Events))
		want.Figures = figuresOf(rs)
		if len(res.Events) < 50 || !reflect.DeepEqual(got, want) {
			t.Errorf("replication %d (record of %d events): row\n%+v\nwant the kept record's\n%+v", k, len(res.Events), got, want)
		}
	}
}
