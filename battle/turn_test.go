package battle

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/scenario"
	"github.com/iadsim/iadsim/track"
)

// TestPredictECEFCarriesTurn: the battle manager's view of a track
// carries the tracker's turn estimate, as a heading rate (positive to
// the right), where the turn model counts counterclockwise about the
// frame's up. A target 40 km north-east of the unit flies north and
// turns right at 3°/s; a Cartesian sensor measures it each second to
// 5 m, and the IMM (CV and the turn model, as a unit with turning
// threats has) follows it for 20 s of the turn.
func TestPredictECEFCarriesTurn(t *testing.T) {
	f := geo.NewFrame(geo.Deg(43.9, -69.95, 30))
	imm := &track.IMM{Models: []int{track.ModeCV, track.ModeCT}, AccelNoise: 1, TurnAccelNoise: 1, TurnRateNoise: 1e-4, InitVelSigma: 300}
	u := &unit{frame: f, filter: imm}
	s := &track.Sensor{ID: "s", Kind: track.Cartesian, SigmaX: 5, SigmaY: 5, SigmaZ: 5}
	const v = 250.0
	omega := 3 * math.Pi / 180 // heading rate, right
	rng := rand.New(rand.NewPCG(4, 9))
	var tk track.Track
	for k := range 41 {
		at := float64(k)
		// Straight north for 20 s, then the turn from (30 km, 35 km).
		p := r3.Vec{X: 30e3, Y: 30e3 + v*at, Z: 3000}
		if at > 20 {
			a := omega * (at - 20)
			rho := v / omega
			p = r3.Vec{X: 30e3 + rho*(1-math.Cos(a)), Y: 30e3 + 20*v + rho*math.Sin(a), Z: 3000}
		}
		d := track.Detection{Pos: r3.Vec{X: p.X + 5*rng.NormFloat64(), Y: p.Y + 5*rng.NormFloat64(), Z: p.Z + 5*rng.NormFloat64()}}
		if k == 0 {
			x, pc, err := imm.Initiate(s, d)
			if err != nil {
				t.Fatal(err)
			}
			tk = track.Track{ID: 1, T: at, X: x, P: pc}
			continue
		}
		imm.Predict(&tk, at)
		if err := imm.Update(&tk, s, d); err != nil {
			t.Fatal(err)
		}
	}
	bt := u.predictECEF(tk, 40)
	t.Logf("turn rate %.4f rad/s (σ %.4f, P %.2f), truth %.4f", bt.TurnRate, bt.TurnSigma, bt.TurnProb, omega)
	if !(bt.TurnRate > 0) || math.Abs(bt.TurnRate-omega) > 3*bt.TurnSigma || !(bt.TurnProb > 0.5) {
		t.Errorf("turn rate %.4f rad/s (σ %.4f, P %.2f): want the right turn of %.4f rad/s", bt.TurnRate, bt.TurnSigma, bt.TurnProb, omega)
	}
	if !bt.Turning() {
		t.Errorf("a 3°/s turn followed for 20 s does not count as turning")
	}
}

// TestTurnOntoSiteNamed: a cruise missile turning at its last waypoint
// onto Incirlik (testdata/turn-incirlik.yaml: from the north between
// Incirlik and Ceyhan, a right turn of 115° at 1 g onto Incirlik, a left
// one would have been Ceyhan's) is engaged during its turn, once it
// enters the fire-control sector, and the engagement says it is turning
// right towards Incirlik. The IMM's turn rate alone (0.04 rad/s spread)
// never called the turn: the reason was "not heading for any site". The
// command post's heading fit (bm.Profile.Turn) does, over seeds.
func TestTurnOntoSiteNamed(t *testing.T) {
	s, err := scenario.Load("testdata/turn-incirlik.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); seed <= 4; seed++ {
		s.Seed = seed
		res, err := Run(s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var first *event.Event
		for i, e := range res.Events {
			if e.Type != event.Engagement || e.Threat != "cm" {
				continue
			}
			if first == nil {
				first = &res.Events[i]
			}
			if strings.Contains(e.Reason, "ceyhan") || e.Site != "incirlik" {
				t.Errorf("seed %d: engagement at %g s for site %q: %s", seed, e.T, e.Site, e.Reason)
			}
		}
		if first == nil {
			t.Errorf("seed %d: the cruise missile was never engaged", seed)
			continue
		}
		t.Logf("seed %d: %g s: %s", seed, first.T, first.Reason)
		if !strings.HasPrefix(first.Reason, "turning right towards incirlik") {
			t.Errorf("seed %d: first engagement at %g s says %q, want turning right towards incirlik", seed, first.T, first.Reason)
		}
	}
}
