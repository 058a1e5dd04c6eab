package battle

import (
	"testing"

	"github.com/iadsim/iadsim/bm"
	"github.com/iadsim/iadsim/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// TestKillOnTrackPath (issue 16): a kill report reaches a track whose
// last plot was of the destroyed target even when the track's
// prediction has left it. The figures are examples/grid-regional.yaml's
// (iadsim run examples/grid-regional.yaml --out DIR at d808dc6,
// tracks.csv and events.jsonl): bushehr-bn destroys cm-shiraz-12 at
// 158.62 s; kharg-bn's track 76, started on cm-shiraz-12 and pulled
// onto cm-shiraz-11 2 km ahead, took cm-shiraz-12's fire-control plot at
// 154 s, which put it within 200 m of the missile, but its ballistic
// model made that jump a velocity backwards along the column: predicted
// to the kill it lay 2.4 km from the kill point, was not dropped, and
// kharg-bn launched on it at 161.5 s, a round that destroyed itself. Its
// estimate at the plot lies on the target's path carried back from the
// kill; the next missile of the column, 1.9 km ahead, and any plot after
// the kill do not.
func TestKillOnTrackPath(t *testing.T) {
	at := func(lat, lon, alt float64) r3.Vec { return geo.Deg(lat, lon, alt).ECEF() }
	iso := func(sd float64) [9]float64 { return [9]float64{sd * sd, 0, 0, 0, sd * sd, 0, 0, 0, sd * sd} }
	kill := bm.Track{T: 158.61868511427815, Pos: at(28.3214959, 51.4100895, 1600), PosCov: iso(100)}
	// bushehr-bn's track 40 of cm-shiraz-12 (the shooter's), from 158 s
	// to 159 s, and its velocity's 1-sigma (8.9 m/s).
	vel := r3.Sub(at(28.3219705, 51.4102129, 1591.6), at(28.3202595, 51.4087079, 1595.3))
	velCov := iso(8.9)
	// kharg-bn's track 76: at its plot (154 s) and predicted on to the
	// kill (the 158 s and 159 s samples, between which the kill falls).
	fix76 := bm.Track{T: 154, Pos: at(28.3135098, 51.4026009, 1778.1), PosCov: iso(112)}
	pred76 := bm.Track{T: kill.T, Pos: r3.Scale(0.5, r3.Add(at(28.3049463, 51.3944346, 2057.8), at(28.3037145, 51.3932687, 2077.5))),
		PosCov: iso(160)}
	if same, d2 := bm.Correlate(pred76, kill); same {
		t.Errorf("track 76 predicted to the kill correlates with the kill point (d² %.1f): the case no longer shows what it is for", d2)
	}
	for _, c := range []struct {
		name string
		fix  bm.Track
		want bool
	}{
		{"track 76 at its plot of cm-shiraz-12", fix76, true},
		{"cm-shiraz-11, 1.9 km ahead in the column", bm.Track{T: 154, Pos: at(28.3273110, 51.4153670, 1600), PosCov: iso(112)}, false},
		{"the missile 10 s behind", bm.Track{T: 154, Pos: r3.Sub(fix76.Pos, r3.Scale(10, vel)), PosCov: iso(112)}, false},
		{"a plot after the kill", bm.Track{T: 159, Pos: kill.Pos, PosCov: iso(112)}, false},
		{"the target itself 8 s before", bm.Track{T: kill.T - 8, Pos: r3.Sub(kill.Pos, r3.Scale(8, vel)), PosCov: iso(300)}, true},
		// examples/grid-regiments.yaml at d808dc6 with velocities' largest
		// 1-sigma carried isotropically: arak-bn's track 104, last updated
		// at 348 s on cm-fordow-01 (1975 m from cm-fordow-02's path then,
		// 27 m sigma), was taken for cm-fordow-02 destroyed at 364.9 s
		// (25 m/s over 17 s opened the gate); under the shooter's
		// velocity covariance it is not.
		{"the missile ahead, 17 s before", bm.Track{T: kill.T - 17, Pos: r3.Add(r3.Sub(kill.Pos, r3.Scale(17, vel)), r3.Scale(1975/r3.Norm(vel), vel)), PosCov: iso(27)}, false},
	} {
		if got := onPath(c.fix, kill, vel, velCov); got != c.want {
			t.Errorf("%s: on the destroyed target's path %v, want %v", c.name, got, c.want)
		}
	}
}
