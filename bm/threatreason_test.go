package bm_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/motion"
)

// TestThreatReasonText pins the text of each form of a threat
// evaluation's reason, byte for byte, as events.jsonl writes it: the
// texts were recorded from the evaluation that formatted them for every
// track (main d808dc6), before the reason became figures formatted only
// when an event says it.
func TestThreatReasonText(t *testing.T) {
	sites := mainePlaces()
	toAirbase, err := motion.NewBallistic(0, geo.Deg(42.0, -72.4, 0), geo.FromECEF(sites[0].Pos), motion.BallisticOptions{ApogeeHeight: 100e3})
	if err != nil {
		t.Fatal(err)
	}
	half := toAirbase.FlightTime() / 2
	f := geo.NewFrame(geo.Deg(37.0, 35.4, 0))
	const w = 2 * 9.80665 / 245 // a cruise missile's 2 g turn to the right
	turning := bm.Track{ID: 1, Pos: f.OriginECEF(), Vel: f.RotateFromENU(r3.Vec{Y: 245}), TurnRate: w, TurnSigma: w / 10, TurnProb: 0.9}
	turnSite := bm.Site{ID: "site", Pos: f.FromENU(r3.Vec{X: 245/w + 20e3, Y: 245 / w}), Value: 10, Radius: 2000}
	away := levelTrack(43.5, -69.0, 10e3, 250, 42.0, -66.0)
	tests := []struct {
		name  string
		tk    bm.Track
		sites []bm.Site
		want  string
	}{
		{"heading for", levelTrack(45.9, -69.4, 10e3, 250, 44.3206, -69.7973), sites,
			"heading for augusta (value 10), 705 s to go"},
		{"turning towards", turning, []bm.Site{turnSite},
			"turning right towards site (value 10), 84° more at 4.6°/s, P 0.11 of rolling out onto it, 101 s to go"},
		{"impact predicted", flightTrack(t, toAirbase, half), sites,
			"impact predicted 0.0 km from airbase (value 10), P 0.94 within its 2.0 km, ellipse 931 x 743 m (1 sigma), 146 s to impact"},
		{"impact away", flightTrack(t, toAirbase, half), sites[1:],
			"impact predicted 40.5 km from portland, P 0 within its 2.0 km; 144 km from it"},
		{"not heading, nearest site", away, sites,
			"not heading for any site; 86 km from airbase"},
		{"not heading, no site", away, nil,
			"not heading for any site"},
		{"standing still", bm.Track{ID: 2, Pos: geo.Deg(44, -69, 1000).ECEF()}, sites,
			"not heading for any site; 74 km from airbase"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bm.EvaluateTrack(tt.tk, tt.sites)
			if r := threatReason(got); r != tt.want {
				t.Errorf("reason\n %q, want\n %q", r, tt.want)
			}
			if math.IsNaN(got.Score) {
				t.Errorf("score NaN")
			}
		})
	}
}

func threatReason(th bm.Threat) string { return th.Reason() }
