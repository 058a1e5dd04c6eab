package export_test

import (
	"bytes"
	"os"
	"runtime"
	"testing"

	"github.com/iadsim/iadsim/epoch"
	"github.com/iadsim/iadsim/export"
	"github.com/iadsim/iadsim/summary"
)

// TestSpoolIsRunFiles: a spool fed a record's events and samples one at
// a time gives the files RunFiles gives of the record kept whole, byte
// for byte (the scene's points among them), and Close removes its
// files.
func TestSpoolIsRunFiles(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	s, res := scene()
	res.Samples = samples()
	sum := summary.Summary{Scenario: "spool"}
	sp, err := export.NewSpool(epoch.New(s.Epoch))
	if err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(os.Getenv("TMPDIR")); runtime.GOOS != "windows" && len(left) != 0 {
		t.Errorf("%d files in TMPDIR while spooling, want none: a run killed by a signal would leave them", len(left))
	}
	for _, e := range res.Events {
		sp.Add(e)
	}
	for _, smp := range res.Samples {
		sp.AddSample(smp)
	}
	streamed := *res
	streamed.Events, streamed.Samples = nil, nil
	got, err := sp.RunFiles(s, &streamed, sum)
	if err != nil {
		t.Fatal(err)
	}
	want := export.RunFiles(s, res, sum)
	if len(got) != len(want) {
		t.Fatalf("%d files, want %d", len(got), len(want))
	}
	for i := range want {
		var a, b bytes.Buffer
		for k := 0; k < 2; k++ { // a file may be written twice (a retry)
			a.Reset()
			if err := got[i].Write(&a); err != nil {
				t.Fatal(err)
			}
		}
		if err := want[i].Write(&b); err != nil {
			t.Fatal(err)
		}
		if got[i].Name != want[i].Name || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: %d bytes spooled, want %s's %d bytes", got[i].Name, a.Len(), want[i].Name, b.Len())
		}
	}
	if err := sp.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) != 0 {
		t.Errorf("%d files left in TMPDIR after Close, want none", len(left))
	}
}
