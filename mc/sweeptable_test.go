package mc

import (
	"bytes"
	"testing"

	"github.com/iadsim/iadsim/stats"
)

// TestSweepWriteTable pins the table iadsim sweep prints, written out by
// hand.
func TestSweepWriteTable(t *testing.T) {
	sw := &Sweep{Scenario: "raid.yaml", Seed: 7, Runs: 200, Points: []Point{
		{Settings: []Setting{{Selector: "threats.cm.rcs", Value: "0.01m2"}, {Selector: "air_defence.*.doctrine.salvo", Value: "2"}},
			PLeak:        Proportion{Interval: stats.Interval{Estimate: 0.125, Lo: 0.0841, Hi: 0.1789}},
			Leakers:      Mean{Interval: stats.Interval{Estimate: 1.5, Lo: 1.234, Hi: 1.766}},
			Interceptors: Mean{Interval: stats.Interval{Estimate: 30.25, Lo: 29.04, Hi: 31.46}}},
		{Settings: []Setting{{Selector: "threats.cm.rcs", Value: "1m2"}}},
	}}
	var b bytes.Buffer
	if err := sw.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	want := "raid.yaml: sweep of 2 points, 200 runs each, seed 7\n\n" +
		"threats.cm.rcs=0.01m2 air_defence.*.doctrine.salvo=2  P(leak) 0.125 [0.084, 0.179]  leakers 1.50 [1.23, 1.77]  interceptors 30.2 [29.0, 31.5]\n" +
		"threats.cm.rcs=1m2                        P(leak) 0.000 [0.000, 0.000]  leakers 0.00 [0.00, 0.00]  interceptors 0.0 [0.0, 0.0]\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
