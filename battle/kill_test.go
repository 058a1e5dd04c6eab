package battle

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/iads"
	"github.com/iadsim/iadsim/scenario"
	"gonum.org/v1/gonum/spatial/r3"
)

// TestKillAnswersAsFeasible: a unit's answer to the command post's kill
// question (member.Kill, which says "no shot" at once for another
// battalion's track under a doctrine that launches on its own tracks
// only) is the planner's (bm.Unit.Feasible, as a salvo's kill
// probability), for every battalion of grid-regiments, tracks of its own
// and of every other battalion, near and far, inbound, with launch on
// remote tracks allowed and not. Where remote launches are allowed some
// other battalion's tracks have a shot: the quick answer is the
// doctrine's, not the geometry's.
func TestKillAnswersAsFeasible(t *testing.T) {
	sc, err := scenario.Load("../examples/grid-regiments.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w := builtWorld(t, sc)
	r := rand.New(rand.NewPCG(10, 8))
	asked, remoteShots := 0, 0
	for _, u := range w.units {
		b := u.bm
		here := geo.FromECEF(b.FC.Pos)
		frame := geo.NewFrame(here)
		for _, remote := range []bool{false, true} {
			b.Doctrine.RemoteTracks = remote
			for k := 0; k < 200; k++ {
				az := 2 * math.Pi * r.Float64()
				dist := 300e3 * r.Float64()
				alt := []float64{60, 3000, 12000}[k%3]
				pos := frame.FromENU(r3.Vec{X: dist * math.Sin(az), Y: dist * math.Cos(az)})
				p := geo.FromECEF(pos)
				p.Alt = alt
				pos = p.ECEF()
				vel := r3.Scale([]float64{250, 700}[(k/3)%2], r3.Unit(r3.Sub(b.FC.Pos, pos)))
				for _, v := range w.units {
					th := bm.Threat{Track: bm.Track{ID: iads.Key(v.index, k+1), Pos: pos, Vel: vel,
						PosCov: [9]float64{100, 0, 0, 0, 100, 0, 0, 0, 100}, VelSigma: 1}, Class: bm.ClassAircraft, TimeToGo: math.Inf(1)}
					want, wantOK := 0.0, false
					if w.leftToPointDefence(u, th) == "" {
						if pk, ok := b.Feasible(0, th); ok {
							want, wantOK = iads.SalvoPk(pk, b.Doctrine.SalvoFor(th.Class)), true
						}
					}
					got, ok := u.member.Kill(0, th)
					asked++
					if ok != wantOK || got != want {
						t.Fatalf("%s, track of %s %.0f km out at %.0f m, remote launches %v: Kill %v %.3f, Feasible %v %.3f",
							u.spec.ID, v.spec.ID, dist/1e3, alt, remote, ok, got, wantOK, want)
					}
					if ok && remote && v != u {
						remoteShots++
					}
				}
			}
		}
	}
	t.Logf("%d questions, %d shots at other battalions' tracks on remote", asked, remoteShots)
	if remoteShots == 0 {
		t.Fatal("no other battalion's track has a shot even on remote: the test holds vacuously")
	}
}
