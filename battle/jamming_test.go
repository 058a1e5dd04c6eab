package battle

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/radar"
	"github.com/iadsim/iadsim/scenario"
)

// jamSite is where the radars of jamRaid stand.
var jamSite = geo.Deg(44.0, -70.0, 100)

// jamRaid is a search radar (the 91N6E's figures, Swerling 0 so that the
// first detection falls where the range equation puts it, 300 km on a
// 6 m² target) and n fighters flying in from 420 km on bearings spread
// across the north; with jammer, a stand-off jammer 300 km east flies
// slowly north across the radar's sidelobes, radiating erp watts over
// 200 MHz of the S band.
func jamRaid(n int, jammer bool, erp float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, `version: 1
name: stand-off jamming
duration: 20 min
seed: 3
air_defence:
  - id: bn
    command_post: {id: cp, at: {lat: %.4[1]f, lon: %.4[2]f, alt: 100 m}}
    radars:
      - {id: sr, model: 91N6E, role: surveillance, at: {lat: %.4[1]f, lon: %.4[2]f, alt: 100 m}, ref_range: 300 km, swerling: 0}
      - {id: fc, model: 92N6E, role: fire-control, at: {lat: %.4[1]f, lon: %.4[2]f, alt: 100 m}}
    launchers:
      - {id: l1, model: 5P85TE2, at: {lat: %.4[1]f, lon: %.4[2]f, alt: 100 m}, missiles: {9M96E2: 4}}
threats:
`, jamSite.LatDeg(), jamSite.LonDeg())
	for i := range n {
		az := (-30 + 60*float64(i)/float64(n-1)) * math.Pi / 180
		p, _ := geo.Direct(jamSite, az, 420e3)
		q, _ := geo.Direct(jamSite, az, 20e3)
		fmt.Fprintf(&b, "  - {id: f%02d, type: fighter-4th-gen, rcs: 6 m2, altitude: 10 km, speed: 270 m/s, evade: none, route: [{lat: %.5f, lon: %.5f}, {lat: %.5f, lon: %.5f}]}\n",
			i, p.LatDeg(), p.LonDeg(), q.LatDeg(), q.LonDeg())
	}
	if jammer {
		a, _ := geo.Direct(jamSite, 95*math.Pi/180, 300e3)
		z, _ := geo.Direct(jamSite, 85*math.Pi/180, 300e3)
		fmt.Fprintf(&b, "  - {id: soj, type: stand-off-jammer, altitude: 9 km, speed: 50 m/s, jammer: {erp: %g W, bandwidth: 200 MHz, bands: [S]}, route: [{lat: %.5f, lon: %.5f}, {lat: %.5f, lon: %.5f}]}\n",
			erp, a.LatDeg(), a.LonDeg(), z.LatDeg(), z.LonDeg())
	}
	return b.String()
}

// losRaid is jamRaid with its n fighters all on one route, due north
// (one route, so the run's spread of first detections is the look-to-look
// chance alone), and a stand-off jammer standing beyond them on the same
// bearing, 380 km out at 12 km (creeping north at 1 m/s, its route long
// enough to outlast the run), on their line of sight: in the radar's
// main beam whenever it looks at them.
func losRaid(n int, jammer bool, erp float64) string {
	src := jamRaid(1, false, erp)
	src = src[:strings.Index(src, "  - {id: f00")]
	var b strings.Builder
	b.WriteString(src)
	p, _ := geo.Direct(jamSite, 0, 420e3)
	q, _ := geo.Direct(jamSite, 0, 20e3)
	for i := range n {
		fmt.Fprintf(&b, "  - {id: f%02d, type: fighter-4th-gen, rcs: 6 m2, altitude: 10 km, speed: 270 m/s, evade: none, route: [{lat: %.5f, lon: %.5f}, {lat: %.5f, lon: %.5f}]}\n",
			i, p.LatDeg(), p.LonDeg(), q.LatDeg(), q.LonDeg())
	}
	if jammer {
		j := losJammer()
		fmt.Fprintf(&b, "  - {id: soj, type: stand-off-jammer, altitude: 12 km, speed: 1 m/s, evade: none, jammer: {erp: %g W, bandwidth: 200 MHz, bands: [S]}, route: [{lat: %.5f, lon: %.5f}, {lat: %.5f, lon: %.5f}]}\n",
			erp, j.LatDeg(), j.LonDeg(), j.LatDeg()+0.02, j.LonDeg())
	}
	return b.String()
}

// losJammer is where losRaid's jammer stands.
func losJammer() geo.LLA {
	j, _ := geo.Direct(jamSite, 0, 380e3)
	j.Alt = 12e3
	return j
}

// TestLineOfSightJammingShortensDetection is the event check of issue 14
// with the stand-off jammer on the line of sight: the search radar first
// detects the fighters later, by the amount the closed form gives within
// 5%. The jammer is in the main beam: its J/N is the one-way range
// equation with the beam's full gain G = 26 000/(1.5 × 2), times the
// Gaussian elevation pattern exp(-4 ln 2 (Δel/2°)²) between the fighter
// and the jammer, look by look (the jammer's 12 km at 380 km and the
// fighter's 10 km at 300 km lie some 1.3° apart over the curved earth).
func TestLineOfSightJammingShortensDetection(t *testing.T) {
	const n, erp = 41, 10.0
	clear, _ := firstDetections(t, losRaid(n, false, erp))
	jammed, jns := firstDetections(t, losRaid(n, true, erp))

	frame := geo.NewFrame(jamSite)
	j := frame.AER(losJammer().ECEF())
	lambda := radar.SpeedOfLight / 3e9
	jnMain := erp * 26000 / (1.5 * 2.0) * lambda * lambda / (16 * math.Pi * math.Pi * j.Range * j.Range * radar.Boltzmann * radar.T0 * radar.FromDB(3) * 200e6)
	jnAt := func(p geo.LLA) float64 {
		d := (frame.AER(p.ECEF()).El - j.El) * 180 / math.Pi / 2
		return jnMain * math.Exp(-4*math.Ln2*d*d)
	}
	if len(clear) < n || len(jammed) < n {
		t.Fatalf("%d fighters detected unjammed and %d jammed, want %d", len(clear), len(jammed), n)
	}
	for id, r := range jammed {
		p, _ := geo.Direct(jamSite, 0, r) // near enough for the pattern: the fighter's ground range ≈ slant range
		p.Alt = 10e3
		if got, ok := jns[id]; !ok || math.Abs(got-radar.DB(jnAt(p))) > 0.5 {
			t.Errorf("%s: jn_db %v (present %v), want about %.2f dB", id, got, ok, radar.DB(jnAt(p)))
		}
	}
	wantClear, wantJammed := medianFirstDetection(0), medianFirstDetectionAt(jnAt)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"clear", medianOf(clear), wantClear}, {"jammed", medianOf(jammed), wantJammed}} {
		t.Logf("%s: median first detection %.1f km, closed form %.1f km", c.name, c.got/1e3, c.want/1e3)
		if math.Abs(c.got/c.want-1) > 0.05 {
			t.Errorf("%s: median first detection %.1f km, want %.1f km ± 5%%", c.name, c.got/1e3, c.want/1e3)
		}
	}
	if got, want := medianOf(clear)-medianOf(jammed), wantClear-wantJammed; math.Abs(got/want-1) > 0.05 {
		t.Errorf("jamming moved the first detection in by %.1f km, the closed form by %.1f km; want within 5%%", got/1e3, want/1e3)
	}
	t.Logf("main-beam J/N %.1f dB; detection %.1f km later", radar.DB(jnMain), (medianOf(clear)-medianOf(jammed))/1e3)
}

// firstDetections runs src and returns the search radar's first detection
// range of each fighter, and the jn_db of those detections.
func firstDetections(t *testing.T, src string) (rng map[string]float64, jn map[string]float64) {
	t.Helper()
	s, err := scenario.Parse("jam.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(s, Options{NoSamples: true})
	if err != nil {
		t.Fatal(err)
	}
	rng, jn = map[string]float64{}, map[string]float64{}
	for _, e := range res.Events {
		if e.Type != event.Detection || e.Radar != "sr" || !strings.HasPrefix(e.Threat, "f") {
			continue
		}
		if _, seen := rng[e.Threat]; seen {
			continue
		}
		rng[e.Threat] = e.Range
		if e.JN != nil {
			jn[e.Threat] = *e.JN
		}
	}
	return rng, jn
}

// medianFirstDetection is the range at which the search radar of jamRaid
// first detects a fighter flying in on bearing 0, with even odds, under
// jammer-to-noise jn: the closed form look by look. Each look k, 10 s
// apart, sees the fighter at range R_k with the range equation's SNR
// against noise plus jamming, SNRref (Rref/R_k)⁴/(1 + J/N), and detects
// it with the Swerling 0 probability of that SNR; the first detection
// falls at look k with probability Pd_k Π_{j<k} (1 - Pd_j). Against a
// fixed J/N the single-look Pd shrinks the range by (1 + J/N)^(-1/4)
// exactly; the first detection moves a little less, since the fighter
// crosses the narrower band of rising Pd in fewer looks.
func medianFirstDetection(jn float64) float64 {
	return medianFirstDetectionAt(func(geo.LLA) float64 { return jn })
}

// medianFirstDetectionAt is medianFirstDetection with the J/N of each
// look a function of where the fighter is.
func medianFirstDetectionAt(jn func(fighter geo.LLA) float64) float64 {
	frame := geo.NewFrame(jamSite)
	snrRef := radar.SNRSwerling0(0.5, 1e-6) // the 91N6E's ref_pd and pfa
	missed := 1.0
	for k := 0; ; k++ {
		p, _ := geo.Direct(jamSite, 0, 420e3-270*10*float64(k))
		p.Alt = 10e3
		r := frame.AER(p.ECEF()).Range
		q := 300e3 / r
		missed *= 1 - radar.PdSwerling0(snrRef*q*q*q*q/(1+jn(p)), 1e-6)
		if missed <= 0.5 || r < 20e3 {
			return r
		}
	}
}

// TestStandOffJammingShortensDetection: with a stand-off jammer in its
// sidelobes the search radar first detects each fighter later, where the
// closed form puts it (medianFirstDetection), with J/N from the one-way
// range equation worked here from the catalogue figures of the 91N6E:
// 3 GHz, beamwidths 1.5° × 2° (G = 26 000/3), sidelobes -30 dB, noise
// figure 3 dB, 150 m range resolution (1 MHz), against a jammer 300 km
// out spreading its ERP over 200 MHz. The 41 fighters' median first
// detection range must be within 5% of the closed form's, jammed and
// clear, and each jammed detection carries the J/N.
func TestStandOffJammingShortensDetection(t *testing.T) {
	const n, erp = 41, 4000.0
	clear, _ := firstDetections(t, jamRaid(n, false, erp))
	jammed, jns := firstDetections(t, jamRaid(n, true, erp))

	lambda := radar.SpeedOfLight / 3e9
	g := 26000 / (1.5 * 2.0) * radar.FromDB(-30)
	jPos, _ := geo.Direct(jamSite, 90*math.Pi/180, 300e3)
	jPos.Alt = 9000
	rj := geo.NewFrame(jamSite).AER(jPos.ECEF()).Range
	jn := erp * g * lambda * lambda / (16 * math.Pi * math.Pi * rj * rj * radar.Boltzmann * radar.T0 * radar.FromDB(3) * 200e6)

	for id := range clear {
		if _, ok := jammed[id]; !ok {
			t.Errorf("%s: detected unjammed, never under jamming", id)
		}
		if got, ok := jns[id]; !ok || math.Abs(got-radar.DB(jn)) > 0.2 {
			t.Errorf("%s: jn_db %v (present %v), want %.2f dB", id, got, ok, radar.DB(jn))
		}
	}
	if len(clear) < n || len(jammed) < n {
		t.Fatalf("%d fighters detected unjammed and %d jammed, want %d", len(clear), len(jammed), n)
	}
	for _, c := range []struct {
		name string
		jn   float64
		got  map[string]float64
	}{{"clear", 0, clear}, {"jammed", jn, jammed}} {
		want, got := medianFirstDetection(c.jn), medianOf(c.got)
		t.Logf("%s (J/N %.4g): median first detection %.1f km, closed form %.1f km", c.name, c.jn, got/1e3, want/1e3)
		if math.Abs(got/want-1) > 0.05 {
			t.Errorf("%s: median first detection %.1f km, want %.1f km ± 5%%", c.name, got/1e3, want/1e3)
		}
	}
	t.Logf("ratio of medians %.3f; single-look range factor (1 + J/N)^(-1/4) = %.3f",
		medianOf(jammed)/medianOf(clear), math.Pow(1+jn, -0.25))

	// A sidelobe canceller of 15 dB on the search radar takes 15 dB off
	// the jammer's J/N, and the first detections move out to where the
	// closed form puts them with that J/N.
	src := strings.Replace(jamRaid(n, true, erp), "ref_range: 300 km, swerling: 0}", "ref_range: 300 km, swerling: 0, sidelobe_cancellation_db: 15}", 1)
	cancelled, cjns := firstDetections(t, src)
	jnC := jn * radar.FromDB(-15)
	for id, got := range cjns {
		if math.Abs(got-radar.DB(jnC)) > 0.2 {
			t.Errorf("%s: jn_db %.2f with the canceller, want %.2f dB", id, got, radar.DB(jnC))
		}
	}
	want, got := medianFirstDetection(jnC), medianOf(cancelled)
	t.Logf("cancelled (J/N %.4g): median first detection %.1f km, closed form %.1f km", jnC, got/1e3, want/1e3)
	if math.Abs(got/want-1) > 0.05 || len(cancelled) < n {
		t.Errorf("with the canceller: median first detection %.1f km of %d fighters, want %.1f km ± 5%% of %d", got/1e3, len(cancelled), want/1e3, n)
	}
}

// TestSelfScreeningBurnThrough is the event check of a self-screening
// jammer: each of 41 fighters, spread 3° apart over 120° of the north,
// carries a 1 W jammer over 200 MHz of S band, in the search radar's main
// beam whenever it looks at that fighter. J/N grows as 1/R² as it closes
// while S/N grows as 1/R⁴, so the radar burns through only close in: the
// median first detection falls where the closed form puts it with J/N of
// the one-way range equation, within 5%. The other 40 jammers add their
// pattern's share (the -30 dB sidelobes; the neighbours 3°, two
// beamwidths, away add 1.5e-5 each), summed here too.
func TestSelfScreeningBurnThrough(t *testing.T) {
	const n, erp, spread = 41, 1.0, 120.0
	src := jamRaid(n, false, erp)
	var b strings.Builder
	b.WriteString(src[:strings.Index(src, "  - {id: f00")])
	bearing := func(i int) float64 { return (-spread/2 + spread*float64(i)/float64(n-1)) * math.Pi / 180 }
	for i := range n {
		p, _ := geo.Direct(jamSite, bearing(i), 420e3)
		q, _ := geo.Direct(jamSite, bearing(i), 20e3)
		fmt.Fprintf(&b, "  - {id: f%02d, type: fighter-4th-gen, rcs: 6 m2, altitude: 10 km, speed: 270 m/s, evade: none, jammer: {erp: %g W, bandwidth: 200 MHz, bands: [S]}, route: [{lat: %.5f, lon: %.5f}, {lat: %.5f, lon: %.5f}]}\n",
			i, erp, p.LatDeg(), p.LonDeg(), q.LatDeg(), q.LonDeg())
	}
	jammed, jns := firstDetections(t, b.String())

	// The pattern's share of the other jammers, for the middle fighter
	// (the median's neighbourhood): azimuth only, all at one range.
	share := 1.0
	for i := range n {
		if i == n/2 {
			continue
		}
		d := (bearing(i) - bearing(n/2)) * 180 / math.Pi / 1.5
		share += math.Max(math.Exp(-4*math.Ln2*d*d), radar.FromDB(-30))
	}
	frame := geo.NewFrame(jamSite)
	lambda := radar.SpeedOfLight / 3e9
	jnAt := func(p geo.LLA) float64 {
		r := frame.AER(p.ECEF()).Range
		return share * erp * 26000 / (1.5 * 2.0) * lambda * lambda / (16 * math.Pi * math.Pi * r * r * radar.Boltzmann * radar.T0 * radar.FromDB(3) * 200e6)
	}
	if len(jammed) < n {
		t.Fatalf("%d of %d self-screening fighters detected", len(jammed), n)
	}
	mid := fmt.Sprintf("f%02d", n/2)
	p, _ := geo.Direct(jamSite, 0, jammed[mid])
	p.Alt = 10e3
	if got := jns[mid]; math.Abs(got-radar.DB(jnAt(p))) > 0.3 {
		t.Errorf("%s: jn_db %.2f at first detection, want about %.2f", mid, got, radar.DB(jnAt(p)))
	}
	want, got := medianFirstDetectionAt(jnAt), medianOf(jammed)
	t.Logf("self-screening: median first detection %.1f km (352.9 km unjammed), closed form %.1f km", got/1e3, want/1e3)
	if math.Abs(got/want-1) > 0.05 {
		t.Errorf("self-screening: median first detection %.1f km, want %.1f km ± 5%%", got/1e3, want/1e3)
	}
}

// medianOf is the median of m's values (the upper one of an even count).
func medianOf(m map[string]float64) float64 {
	var v []float64
	for _, x := range m {
		v = append(v, x)
	}
	slices.Sort(v)
	return v[len(v)/2]
}
