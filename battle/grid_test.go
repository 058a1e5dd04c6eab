package battle

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
)

// TestRayleighMissCEP: the miss of a threat aimed at equipment has its
// CEP as median, and the closed form of the Rayleigh distribution,
// P(r <= k CEP) = 1 - 2^(-k²), at k = 0.5, 1, 2 (0.1591, 0.5, 0.9375),
// within four binomial standard deviations of 200 000 draws.
func TestRayleighMissCEP(t *testing.T) {
	const n, cep = 200000, 10.0
	rng := rand.New(rand.NewPCG(1, 2))
	draws := make([]float64, n)
	for i := range draws {
		draws[i] = rayleighMiss(cep, rng)
	}
	for _, k := range []float64{0.5, 1, 2} {
		want := 1 - math.Pow(2, -k*k)
		in := 0
		for _, r := range draws {
			if r <= k*cep {
				in++
			}
		}
		got := float64(in) / n
		if tol := 4 * math.Sqrt(want*(1-want)/n); math.Abs(got-want) > tol {
			t.Errorf("P(miss <= %.1f CEP) = %.4f, want 1 - 2^-%.2f = %.4f ± %.4f", k, got, k*k, want, tol)
		}
	}
}

// gridSite is where the battalion of gridRaid stands.
var gridSite = geo.Deg(44.0, -70.0, 100)

// gridRaid is two units under one command post, their fire-control
// arrays facing west; from the east, where they do not look, cruise
// missiles fly at 30 m onto bn's launcher l1 and its command post cp
// (CEP 1 m: certain hits); later a pair of fighters comes from the west,
// into both arrays.
func gridRaid() string {
	at := func(bearing, dist float64) string {
		p, _ := geo.Direct(gridSite, bearing*math.Pi/180, dist)
		return fmt.Sprintf("{lat: %.5f, lon: %.5f, alt: 100 m}", p.LatDeg(), p.LonDeg())
	}
	route := func(from, to string) string {
		return strings.ReplaceAll(fmt.Sprintf("[%s, %s]", from, to), ", alt: 100 m", "")
	}
	unit := func(id string, bearing, dist float64) string {
		c := at(bearing, dist)
		return fmt.Sprintf(`  - id: %[1]s
    command_post: {id: %[1]s-cp, at: %[2]s}
    radars:
      - {id: %[1]s-sr, model: 91N6E, role: surveillance, at: %[2]s}
      - {id: %[1]s-fc, model: 92N6E, role: fire-control, at: %[2]s, threat_axis: 270 deg}
    launchers:
      - {id: %[1]s-l1, model: 5P85TE2, at: %[3]s, missiles: {9M96E2: 16}}
      - {id: %[1]s-l2, model: 5P85TE2, at: %[4]s, missiles: {9M96E2: 16}}
    doctrine: {missiles_by_class: {cruise: [9M96E2]}}
`, id, c, at(bearing+10, dist+2000), at(bearing-10, dist+2000))
	}
	return `version: 1
name: grid
duration: 20 min
seed: 3
sites:
  - {id: hq, at: ` + at(270, 40e3) + `, value: 1, radius: 300 m}
air_defence:
` + unit("bn", 0, 0) + unit("bn2", 0, 30e3) + `iads: {command_post: hq, units: [bn, bn2]}
threats:
  - {id: cm-l1, type: subsonic-cruise-missile, target: bn-l1, cep: 1 m, route: ` + route(at(90, 120e3), at(90, 20e3)) + `}
  - {id: cm-cp, type: subsonic-cruise-missile, target: bn-cp, cep: 1 m, start: 10 s, route: ` + route(at(95, 120e3), at(95, 20e3)) + `}
  - {id: ftr, type: fighter-4th-gen, altitude: 8 km, count: 2, interval: 20 s, start: 10 min, evade: none, route: ` + route(at(260, 150e3), at(80, 150e3)) + `}
`
}

// TestLostLauncherAndPost: a cruise missile that lands within its lethal
// radius of a launcher destroys it (launcher_destroyed), which never
// fires again while its twin does; one on the command post
// (command_post_destroyed) takes the unit out of the IADS: it no longer
// engages on the other unit's tracks, and is no longer deconflicted.
func TestLostLauncherAndPost(t *testing.T) {
	res := runText(t, "grid.yaml", gridRaid())
	var lost, post *event.Event
	l2After := 0
	for i, e := range res.Events {
		switch {
		case e.Type == event.LauncherDestroyed:
			lost = &res.Events[i]
		case e.Type == event.PostDestroyed:
			post = &res.Events[i]
		case e.Type == event.Launch && lost != nil && e.Launcher == lost.Launcher:
			t.Errorf("launcher %s launches %s at %.1f s, after its destruction at %.1f s", e.Launcher, e.Interceptor, e.T, lost.T)
		case e.Type == event.Launch && lost != nil && e.Launcher == "bn-l2":
			l2After++
		case e.Type == event.Engagement && post != nil && e.Unit == "bn" && e.TrackUnit != "":
			t.Errorf("bn engages %s on %s's track at %.1f s, after losing its command post at %.1f s", e.Threat, e.TrackUnit, e.T, post.T)
		}
	}
	if lost == nil || lost.Launcher != "bn-l1" || lost.Threat != "cm-l1" || *lost.Miss > 25 {
		t.Fatalf("launcher_destroyed %+v; want bn-l1 by cm-l1 within 25 m", lost)
	}
	if post == nil || post.Unit != "bn" || post.Site != "bn-cp" || !strings.Contains(post.Reason, "out of the IADS") {
		t.Fatalf("command_post_destroyed %+v; want bn's post bn-cp, out of the IADS", post)
	}
	if l2After == 0 {
		t.Error("bn-l2 never launched after bn-l1 was destroyed: the fighters were not engaged")
	}
}

// pointDefence is an S-400 battalion that holds its fire (min_pk 0.99)
// and, when protected, a Pantsir-S1 beside its radars; an
// anti-radiation missile flies at its fire-control radar from the west.
func pointDefence(protects string) string {
	a, _ := geo.Direct(armSite, -math.Pi/2, 60e3)
	b, _ := geo.Direct(armSite, -math.Pi/2, 45e3)
	p, _ := geo.Direct(armSite, math.Pi/2, 500)
	pos := fmt.Sprintf("{lat: %.5f, lon: %.5f, alt: 100 m}", p.LatDeg(), p.LonDeg())
	return fmt.Sprintf(`version: 1
name: point defence
duration: 6 min
seed: 5
air_defence:
  - id: bn
    command_post: {id: cp, at: {lat: %.4[1]f, lon: %.4[2]f, alt: 100 m}}
    radars:
      - {id: fc, model: 92N6E, role: fire-control, at: {lat: %.4[1]f, lon: %.4[2]f, alt: 100 m}}
    launchers:
      - {id: l1, model: 5P85TE2, at: {lat: %.4[1]f, lon: %.4[2]f, alt: 100 m}, missiles: {9M96E2: 4}}
    doctrine: {min_pk: 0.99}
  - id: pd
%[3]s    command_post: {id: pd-cab, at: %[4]s}
    radars:
      - {id: pd-search, model: 1RS1-1E, role: surveillance, at: %[4]s}
      - {id: pd-track, model: 1RS2-1E, role: fire-control, at: %[4]s}
    launchers:
      - {id: pd-96k6, model: 96K6, at: %[4]s, missiles: {57E6E: 12}}
    doctrine: {salvo: 2, min_pk: 0.1}
threats:
  - {id: harm, type: anti-radiation-missile, target: fc, altitude: 10 km, route: [{lat: %.5[5]f, lon: %.5[6]f}, {lat: %.5[7]f, lon: %.5[8]f}]}
`, armSite.LatDeg(), armSite.LonDeg(), protects, pos, a.LatDeg(), a.LonDeg(), b.LatDeg(), b.LonDeg())
}

// TestPointDefence: a Pantsir-S1 attached to the battalion (protects:)
// ranks the anti-radiation missile as heading for the battalion's
// fire-control radar and fires its 57E6E at it through its own tracking
// radar; the rounds fly and fuze like every interceptor. Unattached, the
// same vehicle sees the missile as heading for no site.
func TestPointDefence(t *testing.T) {
	for _, protects := range []string{"    protects: bn\n", ""} {
		res := runText(t, "pd.yaml", pointDefence(protects))
		engaged, heading, intercepts := false, false, 0
		for _, e := range res.Events {
			switch {
			case e.Type == event.Engagement && e.Unit == "pd" && e.Threat == "harm":
				engaged = true
				heading = heading || e.Site == "fc"
				if e.Missile != "57E6E" || e.Radar != "pd-track" {
					t.Errorf("pd engages with %s guided by %s; want 57E6E by pd-track", e.Missile, e.Radar)
				}
			case e.Type == event.HoldFire && e.Unit == "pd" && e.Threat == "harm":
				heading = heading || e.Site == "fc"
			case e.Type == event.Intercept && e.Unit == "pd":
				intercepts++
				if e.Miss == nil {
					t.Errorf("intercept by %s with no miss distance", e.Interceptor)
				}
			}
		}
		if protects == "" {
			if heading {
				t.Error("unattached: the missile was ranked as heading for fc, which the vehicle does not protect")
			}
			continue
		}
		if !engaged || !heading || intercepts == 0 {
			t.Errorf("attached: engaged %v, ranked as heading for fc %v, %d intercepts; want all", engaged, heading, intercepts)
		}
	}
}

// cueRaid is a unit a with a fire-control radar alone, its search slow (a
// 120 s frame over its sector), and a unit b with a search radar, in one
// IADS; a fighter flies at both from the west.
func cueRaid(cueing bool) string {
	b, _ := geo.Direct(gridSite, 0, 20e3)
	f0, _ := geo.Direct(gridSite, -math.Pi/2, 420e3)
	f1, _ := geo.Direct(gridSite, -math.Pi/2, 100e3)
	return fmt.Sprintf(`version: 1
name: cue
duration: 20 min
seed: 11
sites:
  - {id: hq, at: {lat: %.5[1]f, lon: %.5[2]f, alt: 100 m}, value: 1, radius: 300 m}
air_defence:
  - id: a
    command_post: {id: a-cp, at: {lat: %.5[1]f, lon: %.5[2]f, alt: 100 m}}
    radars:
      - {id: a-fc, model: 92N6E, role: fire-control, at: {lat: %.5[1]f, lon: %.5[2]f, alt: 100 m}, threat_axis: 270 deg, search_frame: 120 s}
    launchers:
      - {id: a-l1, model: 5P85TE2, at: {lat: %.5[1]f, lon: %.5[2]f, alt: 100 m}, missiles: {48N6E3: 4}}
    doctrine: {grid_cueing: %[3]v}
  - id: b
    command_post: {id: b-cp, at: {lat: %.5[4]f, lon: %.5[5]f, alt: 100 m}}
    radars:
      - {id: b-sr, model: 91N6E, role: surveillance, at: {lat: %.5[4]f, lon: %.5[5]f, alt: 100 m}}
      - {id: b-fc, model: 92N6E, role: fire-control, at: {lat: %.5[4]f, lon: %.5[5]f, alt: 100 m}, threat_axis: 270 deg}
    launchers:
      - {id: b-l1, model: 5P85TE2, at: {lat: %.5[4]f, lon: %.5[5]f, alt: 100 m}, missiles: {48N6E3: 4}}
iads: {command_post: hq, units: [a, b]}
threats:
  - {id: ftr, type: fighter-4th-gen, altitude: 10 km, evade: none, route: [{lat: %.5[6]f, lon: %.5[7]f}, {lat: %.5[8]f, lon: %.5[9]f}]}
`, gridSite.LatDeg(), gridSite.LonDeg(), cueing, b.LatDeg(), b.LonDeg(), f0.LatDeg(), f0.LonDeg(), f1.LatDeg(), f1.LonDeg())
}

// TestGridCueing: a unit with no search radar of its own and a slow
// search sweep finds the fighter with its fire-control radar sooner when
// its doctrine lets the grid's picture cue it (grid_cueing): b's track
// points a's radar at the fighter as soon as a's coverage holds it.
func TestGridCueing(t *testing.T) {
	first := map[bool]float64{}
	for _, cueing := range []bool{false, true} {
		res := runText(t, "cue.yaml", cueRaid(cueing))
		first[cueing] = math.Inf(1)
		for _, e := range res.Events {
			if e.Type == event.Detection && e.Radar == "a-fc" && e.Threat == "ftr" {
				first[cueing] = e.T
				break
			}
		}
	}
	t.Logf("a-fc first detects the fighter at %.1f s uncued, %.1f s cued by b", first[false], first[true])
	if math.IsInf(first[true], 1) || first[true] >= first[false] {
		t.Errorf("cued first detection at %.1f s, uncued %.1f s; want the cued one sooner", first[true], first[false])
	}
}
