package weapon

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/catalog"
	"github.com/iadsim/iadsim/geo"
)

// Check: Pk is non-increasing in the miss, P0 of the class at zero, and a
// harder class is never easier to kill at any miss.
func TestKillProbabilityAgainst(t *testing.T) {
	l := Lethality{LethalRadius: 15, PkMax: 0.8}
	classes := []TargetClass{Aircraft, Drone, CruiseMissile, BallisticRV}
	for k, c := range classes {
		k0, p0 := c.vulnerability()
		if got := l.KillProbabilityAgainst(c, 0); got != p0 {
			t.Errorf("%v: Pk(0) = %g, want %g", c, got, p0)
		}
		r := k0 * l.LethalRadius
		if got, want := l.KillProbabilityAgainst(c, r), p0*math.Exp(-0.5); math.Abs(got-want) > 1e-15 {
			t.Errorf("%v: Pk(R) = %g, want P0 e^(-1/2) = %g", c, got, want)
		}
		prev := math.Inf(1)
		for miss := 0.0; miss < 200; miss += 0.25 {
			pk := l.KillProbabilityAgainst(c, miss)
			if pk > prev || pk < 0 || pk > p0 {
				t.Fatalf("%v: Pk(%g) = %g after %g", c, miss, pk, prev)
			}
			prev = pk
			if k > 0 && pk > l.KillProbabilityAgainst(classes[k-1], miss) {
				t.Errorf("Pk(%v, %g m) = %g above Pk(%v) = %g", c, miss, pk, classes[k-1], l.KillProbabilityAgainst(classes[k-1], miss))
			}
		}
		if got := l.KillProbabilityAgainst(c, -3); got != l.KillProbabilityAgainst(c, 3) {
			t.Errorf("%v: Pk(-3) = %g", c, got)
		}
		if got := l.KillProbabilityAgainst(c, math.NaN()); got != 0 {
			t.Errorf("%v: Pk(NaN) = %g", c, got)
		}
	}
}

// fighterRCS is the catalogue's fighter-4th-gen nominal RCS, m².
const fighterRCS = 2.0

// breakShot is an engagement of the end-game checks: the launcher at
// Fly's site, the target starting Range metres north of it at Altitude
// (heights over the launcher's tangent plane), flying south at Speed;
// with Break > 0 it breaks into a level turn of Break m/s² toward the
// east at time BreakAt.
type breakShot struct {
	Range, Altitude, Speed float64
	Break, BreakAt         float64
}

// at is the target's true state t seconds after launch.
func (s breakShot) at(fr geo.Frame, t float64) TargetState {
	p := r3.Vec{Y: s.Range - s.Speed*t, Z: s.Altitude}
	v := r3.Vec{Y: -s.Speed}
	var a r3.Vec
	if s.Break > 0 && t > s.BreakAt {
		w := s.Break / s.Speed
		sn, cs := math.Sincos(w * (t - s.BreakAt))
		p = r3.Vec{X: s.Speed / w * (1 - cs), Y: s.Range - s.Speed*s.BreakAt - s.Speed/w*sn, Z: s.Altitude}
		v = r3.Vec{X: s.Speed * sn, Y: -s.Speed * cs}
		a = r3.Vec{X: s.Break * cs, Y: s.Break * sn}
	}
	return TargetState{Pos: fr.FromENU(p), Vel: fr.RotateFromENU(v), Acc: fr.RotateFromENU(a)}
}

// fly launches m at the shot toward its predicted intercept point with a
// perfect track (the aim is the truth until the seeker locks on a target
// of fighterRCS, noise drawn from rng if not nil), and returns the end.
func (s breakShot) fly(m *Missile, rng *rand.Rand, dt float64) Result {
	r, _ := s.flySpeed(m, rng, dt)
	return r
}

// flySpeed is fly, also returning the missile's speed at the end.
func (s breakShot) flySpeed(m *Missile, rng *rand.Rand, dt float64) (Result, float64) {
	site := shotSite()
	fr := geo.NewFrame(site)
	launcher := site.ECEF()
	t0 := s.at(fr, 0)
	pip := t0.Pos
	if p, _, ok := m.PredictIntercept(launcher, t0.Pos, t0.Vel); ok {
		pip = p
	}
	dir := r3.Sub(pip, launcher)
	if m.pointMass() {
		dir = m.LaunchDirection(launcher, pip)
	}
	i := Launch(m, 0, launcher, dir)
	i.Seek(fighterRCS, Aircraft, rng)
	for {
		t, _, _ := i.State()
		a, b := s.at(fr, t), s.at(fr, t+dt)
		if r := i.Step(dt, a, b, a); r.Kind != Flying {
			_, _, v := i.State()
			return r, norm(v)
		}
	}
}

// withEngineAirframe is m with the engine's lag and seeker noise.
func withEngineAirframe(m Missile) Missile {
	m.AutopilotLag = DefaultAutopilotLag
	m.SeekerNoise = DefaultSeekerNoise
	return m
}

// probeMissiles are the rounds of the probe (issue 12).
var probeMissiles = []string{"48N6E3", "9M96E2", "40N6E"}

// breakDeparture are the probe's cases where the kinematic and the 3-DOF
// misses are not of the same order, keyed by missile, altitude (km) and
// the break's lead (s). In each the kinematic round arrives much faster
// than the 3-DOF one (logged: the catalogue's speed profile against the
// drag of a lofted 3-DOF flight), so its lift limit, which goes as v², is
// some times higher: the difference is in the speed the two models give,
// not in the end game.
var breakDeparture = map[string]bool{
	"48N6E3 25 4": true, "48N6E3 25 7": true,
	"40N6E 25 4": true, "40N6E 25 7": true, "40N6E 25 10": true,
	"9M96E2 10 10": true,
}

// Check (issue 12): a 9 g break 4, 7 and 10 s before intercept, at 1, 10
// and 25 km, 30% of the max range, against the kinematic fly-out (engine
// lag, no noise) and the 3-DOF one: the misses are of the same order.
// Before, the kinematic model missed by 0.0 m everywhere. "Same order":
// within a factor of 10 of each other, or both inside the lethal radius
// against aircraft. The cases of breakDeparture are logged, not failed;
// the test fails if one of them comes into line, so the list stays true.
func TestBreakKinematicAnd3DOF(t *testing.T) {
	if testing.Short() {
		t.Skip("calibrates and flies the catalogue's missiles")
	}
	const dt = 0.05
	for _, name := range probeMissiles {
		kin, err := fromCatalog(name)
		if err != nil {
			t.Fatal(err)
		}
		kin = withEngineAirframe(kin)
		kin.SeekerNoise = 0
		p3 := derivedMissile(t, name)
		for _, alt := range []float64{1e3, 10e3, 25e3} {
			s := breakShot{Range: 0.3 * kin.MaxRange, Altitude: alt, Speed: 300}
			hitK, hit3 := s.fly(&kin, nil, dt), s.fly(&p3, nil, dt)
			for _, tau := range []float64{4, 7, 10} {
				sk, s3 := s, s
				sk.Break, sk.BreakAt = 9*isaG0, hitK.T-tau
				s3.Break, s3.BreakAt = 9*isaG0, hit3.T-tau
				rk, vk := sk.flySpeed(&kin, nil, dt)
				r3d, v3 := s3.flySpeed(&p3, nil, dt)
				lo, hi := math.Min(rk.Miss, r3d.Miss), math.Max(rk.Miss, r3d.Miss)
				same := hi <= kin.LethalRadius || hi <= 10*lo
				if known := breakDeparture[fmt.Sprintf("%s %.0f %.0f", name, alt/1e3, tau)]; same == known {
					t.Errorf("%s %2.0f km, break %2.0f s before: kinematic miss %.1f m, 3-DOF %.1f m; listed as departing: %v", name, alt/1e3, tau, rk.Miss, r3d.Miss, known)
				}
				t.Logf("%-6s %2.0f km, break %2.0f s before: kinematic %7.1f m at %4.0f m/s, 3-DOF %7.1f m at %4.0f m/s", name, alt/1e3, tau, rk.Miss, vk, r3d.Miss, v3)
			}
		}
	}
}

// endgameStats is the miss and kill statistics of a batch of noisy shots.
type endgameStats struct {
	meanMiss, medianMiss, pk float64
}

// batch flies n shots of s with seeker noise from streams 1..n; with
// brk, each breaks at 9 g a time drawn uniformly in 4-10 s before the
// straight shot's intercept at tHit. pk is the mean single-shot kill
// probability against Aircraft.
func batch(m *Missile, s breakShot, n int, brk bool, tHit, dt float64) endgameStats {
	misses := make([]float64, n)
	var st endgameStats
	for k := range n {
		rng := rand.New(rand.NewPCG(uint64(k+1), 12))
		sh := s
		if brk {
			sh.Break, sh.BreakAt = 9*isaG0, tHit-(4+6*rng.Float64())
		}
		r := sh.fly(m, rng, dt)
		misses[k] = r.Miss
		st.meanMiss += r.Miss / float64(n)
		st.pk += m.KillProbabilityAgainst(Aircraft, r.Miss) / float64(n)
	}
	sortFloats(misses)
	st.medianMiss = misses[n/2]
	return st
}

func sortFloats(x []float64) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

// Calibration, not validation (issue 12): against a non-manoeuvring
// fighter (2 m², 300 m/s inbound) in the middle of the envelope (half
// the max range, 10 km), the engine's kinematic fly-out with seeker noise
// gives each catalogue round a single-shot kill probability inside the
// vendor's claimed range (the catalogue's pk, min to max). The seeker
// noise, the autopilot lag and the vulnerability of aircraft were chosen
// with this in view; the check says the chain is consistent with the
// claims, not that either is right.
func TestCalibrationFighterMidEnvelope(t *testing.T) {
	if testing.Short() {
		t.Skip("flies some hundreds of shots")
	}
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	const dt, n = 0.05, 100
	for _, name := range catalogMissiles {
		m, err := fromCatalog(name)
		if err != nil {
			t.Fatal(err)
		}
		m = withEngineAirframe(m)
		e, _ := c.Lookup(name)
		f, _ := e.Figure("pk")
		_, lo, hi, err := f.SI()
		if err != nil {
			t.Fatal(err)
		}
		st := batch(&m, breakShot{Range: 0.5 * m.MaxRange, Altitude: 10e3, Speed: 300}, n, false, 0, dt)
		if !(st.pk >= lo && st.pk <= hi) {
			t.Errorf("%s: single-shot Pk %.3f (mean miss %.2f m), vendor claim %.2f-%.2f", name, st.pk, st.meanMiss, lo, hi)
		}
		t.Logf("%-6s single-shot Pk %.3f, mean miss %.2f m, median %.2f m; vendor claim %.2f-%.2f", name, st.pk, st.meanMiss, st.medianMiss, lo, hi)
	}
}

// The table of docs/flyout.md, "Misses from the physics": each probe
// round at 20, 50 and 80% of its max range at 10 and 25 km against a fighter
// flying straight and one breaking at 9 g 4-10 s before intercept, 50
// noisy shots each, engine airframe.
//
//	go test ./weapon -run TestBreakTable -update -v
func TestBreakTable(t *testing.T) {
	if testing.Short() {
		t.Skip("flies some hundreds of shots")
	}
	const dt, n = 0.05, 50
	type row struct {
		name     string
		alt      float64
		frac     float64
		straight endgameStats
		broken   endgameStats
	}
	var rows []row
	for _, name := range probeMissiles {
		for _, alt := range []float64{10e3, 25e3} {
			for _, f := range []float64{0.2, 0.5, 0.8} {
				rows = append(rows, row{name: name, alt: alt, frac: f})
			}
		}
	}
	var wg sync.WaitGroup
	for k := range rows {
		wg.Go(func() {
			r := &rows[k]
			m, err := fromCatalog(r.name)
			if err != nil {
				t.Error(err)
				return
			}
			m = withEngineAirframe(m)
			s := breakShot{Range: r.frac * m.MaxRange, Altitude: r.alt, Speed: 300}
			mq := m
			mq.SeekerNoise = 0
			hit := s.fly(&mq, nil, dt)
			r.straight = batch(&m, s, n, false, 0, dt)
			r.broken = batch(&m, s, n, true, hit.T, dt)
		})
	}
	wg.Wait()
	var b strings.Builder
	b.WriteString("| missile | altitude | range | straight: mean miss | median | Pk | 9 g break: mean miss | median | Pk |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rows {
		m, _ := fromCatalog(r.name)
		fmt.Fprintf(&b, "| %s | %.0f km | %.0f km | %.1f m | %.1f m | %.2f | %.1f m | %.1f m | %.2f |\n", r.name, r.alt/1e3, r.frac*m.MaxRange/1e3,
			r.straight.meanMiss, r.straight.medianMiss, r.straight.pk, r.broken.meanMiss, r.broken.medianMiss, r.broken.pk)
		if r.broken.pk > r.straight.pk+0.05 {
			t.Errorf("%s at %.0f%%: Pk %.2f against the break, %.2f straight", r.name, 100*r.frac, r.broken.pk, r.straight.pk)
		}
	}
	t.Logf("\n%s", b.String())
	if *update {
		if err := rewriteBlock("../docs/flyout.md", "break", b.String()); err != nil {
			t.Fatal(err)
		}
	}
}
