package battle

import (
	"testing"

	"github.com/iadsim/iadsim/scenario"
)

// TestKillMarkStaysWithTarget: in replication 1 of the mixed raid ftr-01
// and ftr-02 start from one point 15 s apart. bn1 engages ftr-01 on its
// track 30; ftr-01 breaks at the launch warning, its detections start
// track 52, and track 30 goes on with ftr-02. The round is handed over
// to track 52 and kills ftr-01. The engagement stays under track 30's
// number (deconfliction), and the kill was assessed on that number:
// track 30 was marked destroyed, and ftr-02 flew on it to the end of its
// route, 1 100 s, never engaged nor named by a hold. Track 30 does not
// correlate with the kill point and is detected after the kill: it is
// another target's, and must be engaged again.
func TestKillMarkStaysWithTarget(t *testing.T) {
	if testing.Short() {
		t.Skip("a replication of the mixed raid takes a few seconds")
	}
	s, err := scenario.Load("../examples/s400-battalion-vs-mixed-raid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{Replication: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range recordFaults(s, res) {
		t.Error(f)
	}
}
