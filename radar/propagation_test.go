package radar

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// conductor is a surface that reflects as a perfect conductor (Γ = -1 at
// any grazing angle, to 1e-6) and is perfectly smooth.
var conductor = Surface{Kind: SurfaceSea, Permittivity: 1e12}

// flatK makes the effective earth so large (1.6·10¹² m) that the sphere is
// a plane over the distances tested.
const flatK = 2.5e5

// Over a flat perfect conductor the two rays give Skolnik's closed form
// (Introduction to Radar Systems, 3rd ed., §8.2, eq. 8.8 with the exact
// path difference):
//
//	F = 2 |sin(π Δ/λ)|,  Δ = √(d² + (h1+h2)²) - √(d² + (h2-h1)²)
//
// and its lobes: maxima where Δ = (n + ½) λ, at d ≈ 4 h1 h2 / ((2n+1) λ)
// (elevation θ ≈ (2n+1) λ / (4 h1)), nulls where Δ = n λ, d ≈ 2 h1 h2 / (n λ).
func TestTwoRayFlatEarth(t *testing.T) {
	const freq, h1, h2 = 3e9, 20.0, 500.0
	lambda := SpeedOfLight / freq
	exact := func(d float64) float64 {
		delta := math.Hypot(d, h1+h2) - math.Hypot(d, h2-h1)
		return 2 * math.Abs(math.Sin(math.Pi*delta/lambda))
	}
	for _, d := range []float64{5e3, 12345, 20e3, 37e3, 60e3, 99e3} {
		got := PropagationFactor(freq, flatK, h1, h2, d, conductor)
		if want := exact(d); math.Abs(got-want) > 1e-4 {
			t.Errorf("d %.0f m: F %.6f, closed form %.6f", d, got, want)
		}
	}
	for n := 0; n < 6; n++ {
		peak := 4 * h1 * h2 / ((2*float64(n) + 1) * lambda)
		if f := PropagationFactor(freq, flatK, h1, h2, peak, conductor); math.Abs(f-2) > 5e-3 {
			t.Errorf("lobe %d at %.0f m: F %.4f, want 2 (+6 dB)", n, peak, f)
		}
		if n == 0 {
			continue
		}
		null := 2 * h1 * h2 / (float64(n) * lambda)
		if f := PropagationFactor(freq, flatK, h1, h2, null, conductor); f > 0.02 {
			t.Errorf("null %d at %.0f m: F %.4f, want 0", n, null, f)
		}
	}
	// Beyond the first lobe the two-ray field falls as 1/d: F ≈ 4π h1
	// h2/(λ d), so the SNR falls as d⁻⁸, the fourth-power loss of low
	// grazing angles. (Past Δ = λ/4 the factor itself hands over to the
	// interpolation toward diffraction at the horizon, which over this
	// flat earth lies 10⁵ km away: the two-ray sum is tested alone.)
	const h2low = 50.0
	first := 4 * h1 * h2low / lambda
	p := newPropagation(freq, flatK, h1, conductor, 0, 0)
	for _, m := range []float64{8, 16, 32} {
		d := m * first
		rf, _ := SphericalReflection(h1, h2low, d, p.ae)
		got := p.twoRay(rf, 0)
		want := 4 * math.Pi * h1 * h2low / (lambda * d)
		if math.Abs(got/want-1) > 0.01 {
			t.Errorf("d %.0f km: F %.5f, fourth-power region %.5f", d/1e3, got, want)
		}
	}
}

// Blake's closed form of the reflection geometry agrees with Fermat's
// principle: the reflected path is the shortest that touches the sphere,
// found here by golden-section search over the reflection point.
func TestSphericalReflectionFermat(t *testing.T) {
	ae := DefaultK * EarthRadius
	for _, c := range []struct{ h1, h2, d float64 }{
		{30, 30, 20e3}, {50, 10e3, 100e3}, {10e3, 50, 100e3}, {25, 100, 40e3}, {8, 3000, 150e3},
	} {
		got, ok := SphericalReflection(c.h1, c.h2, c.d, ae)
		if !ok {
			t.Fatalf("%+v: no reflection", c)
		}
		phi := c.d / ae
		ax, ay := 0.0, ae+c.h1
		bx, by := (ae+c.h2)*math.Sin(phi), (ae+c.h2)*math.Cos(phi)
		path := func(p float64) float64 {
			px, py := ae*math.Sin(p), ae*math.Cos(p)
			return math.Hypot(px-ax, py-ay) + math.Hypot(bx-px, by-py)
		}
		lo, hi := 0.0, phi
		g := (math.Sqrt(5) - 1) / 2
		for range 200 {
			m1, m2 := hi-g*(hi-lo), lo+g*(hi-lo)
			if path(m1) < path(m2) {
				hi = m2
			} else {
				lo = m1
			}
		}
		p := (lo + hi) / 2
		d1 := ae * p
		px, py := ae*math.Sin(p), ae*math.Cos(p)
		// Grazing angle: between the ray to the antenna and the tangent.
		rx, ry := ax-px, ay-py
		sinPsi := (rx*math.Sin(p) + ry*math.Cos(p)) / math.Hypot(rx, ry)
		delta := path(p) - math.Hypot(bx-ax, by-ay)
		if math.Abs(got.D1-d1) > 1 {
			t.Errorf("%+v: d1 %.2f m, Fermat %.2f m", c, got.D1, d1)
		}
		if math.Abs(got.Grazing-math.Asin(sinPsi)) > 5e-6 {
			t.Errorf("%+v: grazing %.7f rad, Fermat %.7f", c, got.Grazing, math.Asin(sinPsi))
		}
		if math.Abs(got.PathDiff-delta) > 1e-6*delta+1e-7 {
			t.Errorf("%+v: path difference %.6f m, Fermat %.6f", c, got.PathDiff, delta)
		}
		if !(got.Divergence > 0 && got.Divergence <= 1) {
			t.Errorf("%+v: divergence %v", c, got.Divergence)
		}
	}
	if _, ok := SphericalReflection(30, 30, 50e3, ae); ok {
		t.Error("reflection found beyond the 45 km horizon of two 30 m heights")
	}
}

func TestFresnelAndAment(t *testing.T) {
	// Normal incidence on a lossless dielectric: (1 - √ε)/(1 + √ε).
	if g := FresnelH(math.Pi/2, 9); cmplx.Abs(g-complex(-0.5, 0)) > 1e-12 {
		t.Errorf("normal incidence on ε = 9: Γ %v, want -0.5", g)
	}
	// Grazing incidence on anything: -1.
	if g := FresnelH(1e-6, complex(70, -30)); cmplx.Abs(g+1) > 1e-4 {
		t.Errorf("grazing incidence: Γ %v, want -1", g)
	}
	// Ament: σh 1 m, ψ 1°, λ 0.1 m: g = 2π sin(1°)/0.1 = 1.09655, ρ = e^(-2g²).
	if got, want := Ament(1, math.Pi/180, 0.1), 0.090273; math.Abs(got-want) > 1e-5 {
		t.Errorf("Ament %.6f, want %.6f", got, want)
	}
	// A rough sea spoils the lobes: at a lobe peak 2° above a smooth sea
	// the factor is near 2; at sea state 5 the reflected ray is gone.
	const freq, h1, h2 = 9e9, 20.0, 500.0
	peak := 4 * h1 * h2 / (81 * SpeedOfLight / freq)
	smooth := PropagationFactor(freq, flatK, h1, h2, peak, Surface{Kind: SurfaceSea})
	rough := PropagationFactor(freq, flatK, h1, h2, peak, Surface{Kind: SurfaceSea, SeaState: 5})
	if !(smooth > 1.95 && math.Abs(rough-1) < 0.01) {
		t.Errorf("first lobe over the sea: calm F %.3f (want ≈ 2), sea state 5 F %.3f (want ≈ 1)", smooth, rough)
	}
}

// ITU-R P.526's smooth-earth terms join where their pieces meet (X = 1.6,
// B = 2), the field falls beyond the horizon, a VHF radar keeps more of it
// than an X-band one, and the factor is continuous at both ends of the
// intermediate region.
func TestDiffraction(t *testing.T) {
	ae := DefaultK * EarthRadius
	df := newDiffraction(3e9, ae, 70, 5)
	x16 := 1.6 / df.xPerM
	if a, b := df.distanceTerm(x16*(1-1e-9)), df.distanceTerm(x16*(1+1e-9)); math.Abs(a-b) > 0.02 {
		t.Errorf("F(X) at X = 1.6: %.3f and %.3f dB", a, b)
	}
	b2 := 2 / (df.beta * df.yPerM)
	if a, b := df.heightGain(b2*(1-1e-9)), df.heightGain(b2*(1+1e-9)); math.Abs(a-b) > 0.02 {
		t.Errorf("G(Y) at B = 2: %.3f and %.3f dB", a, b)
	}
	// Recorded: F(X) at X = 2 is 11 + 10 log 2 - 35.2 = -21.1897 dB; G at
	// B = 10 is 17.6 √8.9 - 5 log 8.9 - 8 = 39.7589 dB.
	if got := df.distanceTerm(2 / df.xPerM); math.Abs(got+21.1897) > 1e-3 {
		t.Errorf("F(2) %.4f dB, want -21.1897", got)
	}
	if got := df.heightGain(10 / (df.beta * df.yPerM)); math.Abs(got-39.7589) > 1e-3 {
		t.Errorf("G(B=10) %.4f dB, want 39.7589", got)
	}

	const h1, h2 = 30.0, 50.0
	dh := HorizonRange(h1, h2, 0)
	sea := Surface{Kind: SurfaceSea, SeaState: 2}
	prev := math.Inf(1)
	s0, v0 := PropagationFactor(3e9, 0, h1, h2, dh, sea), PropagationFactor(160e6, 0, h1, h2, dh, sea)
	for _, m := range []float64{1.0, 1.05, 1.1, 1.2, 1.4} {
		f := PropagationFactor(3e9, 0, h1, h2, m*dh, sea)
		if !(f < prev) {
			t.Errorf("at %.2f horizons F %.3g did not fall (before %.3g)", m, f, prev)
		}
		prev = f
		// The attenuation rate goes as f^(1/3): VHF loses less per km.
		vhf := PropagationFactor(160e6, 0, h1, h2, m*dh, sea)
		if m > 1 && !(vhf/v0 > f/s0) {
			t.Errorf("at %.2f horizons VHF fell to %.3g of its horizon value, S band only to %.3g", m, vhf/v0, f/s0)
		}
	}
	for _, freq := range []float64{160e6, 3e9, 9.5e9} {
		a := PropagationFactor(freq, 0, h1, h2, dh-1, sea)
		b := PropagationFactor(freq, 0, h1, h2, dh+1, sea)
		if math.Abs(DB(a*a)-DB(b*b)) > 0.01 {
			t.Errorf("%.0f MHz: F jumps at the horizon: %.3f to %.3f dB", freq/1e6, DB(a*a), DB(b*b))
		}
		// Last interference point: the path difference is λ/4.
		lambda := SpeedOfLight / freq
		p := newPropagation(freq, DefaultK, h1, sea, 0, 0)
		lo, hi := 1.0, dh
		for range 60 {
			mid := (lo + hi) / 2
			if r, ok := SphericalReflection(h1, h2, mid, p.ae); ok && r.PathDiff >= lambda/4 {
				lo = mid
			} else {
				hi = mid
			}
		}
		a, b = p.factor(h2, lo*(1-1e-7), 0), p.factor(h2, lo*(1+1e-7), 0)
		if math.Abs(DB(a*a)-DB(b*b)) > 0.05 {
			t.Errorf("%.0f MHz: F jumps at the interference limit %.1f km: %.3f to %.3f dB", freq/1e6, lo/1e3, DB(a*a), DB(b*b))
		}
	}
}

func BenchmarkPropagationFactor(b *testing.B) {
	p := newPropagation(9.5e9, DefaultK, 50, Surface{Kind: SurfaceSea, SeaState: 3}, 0, 0)
	ds := []float64{10e3, 30e3, 45e3, 52e3, 60e3}
	i := 0
	for b.Loop() {
		p.factor(57, ds[i%len(ds)], 0)
		i++
	}
}

// bisectInterference is the plain bisection lastInterference must give
// bit for bit: twenty halvings of [0, d], each solving the reflection.
func bisectInterference(p *propagation, h2, d, limit float64) float64 {
	lo, hi := 0.0, d
	for range 20 {
		mid := (lo + hi) / 2
		if r, ok := SphericalReflection(p.h1, h2, mid, p.ae); ok && r.PathDiff >= limit {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// The fenced bisection gives the plain one's last interference point bit
// for bit, VHF to X band, antennas of 2 to 60 m, targets of 1 m to 10 km
// at any distance inside the horizon where the point is sought, and its
// fence is tight: the few halvings inside it are all that solve a
// reflection.
func TestLastInterferenceMatchesBisection(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 3))
	sea := Surface{Kind: SurfaceSea, SeaState: 2}
	loose, n := 0, 0
	for range 6000 {
		freq := math.Pow(10, 8+2*rng.Float64())
		h1 := 2 + 58*rng.Float64()
		h2 := math.Pow(10, 4*rng.Float64())
		k := []float64{DefaultK, 1, 4}[rng.IntN(3)]
		p := newPropagation(freq, k, h1, sea, 0, 0)
		limit := interferenceLimit * p.lambda
		if r0, ok := SphericalReflection(p.h1, h2, 1, p.ae); !ok || r0.PathDiff < limit {
			continue
		}
		dh := p.horizon1 + math.Sqrt(2*p.ae*h2)
		d := dh * (0.02 + 0.98*rng.Float64())
		if r, ok := SphericalReflection(p.h1, h2, d, p.ae); ok && r.PathDiff >= limit {
			continue // the two-ray sum: factor seeks no point
		}
		want := bisectInterference(p, h2, d, limit)
		if got := p.lastInterference(h2, d, limit); got != want {
			t.Fatalf("%.0f MHz, h1 %.2f m, h2 %.2f m, d %.0f m: %v, the bisection %v", freq/1e6, h1, h2, d, got, want)
		}
		n++
		a, b := p.interferenceFence(h2, d, limit)
		if !(a <= want+d/(1<<20) && want <= b) {
			t.Fatalf("%v MHz, h1 %v m, h2 %v m, d %v m, k %v: fence [%v, %v] misses %v", freq/1e6, h1, h2, d, k, a, b, want)
		}
		if want > d/1e3 && want < d*(1-1e-3) && b-a > 2e-5*want*(1+1e-9) {
			loose++
		}
	}
	if n < 1000 {
		t.Fatalf("only %d geometries with an interference region", n)
	}
	t.Logf("%d geometries, %d loose fences", n, loose)
	// A loose fence is right but slow: the search failed to close in.
	if loose > n/100 {
		t.Errorf("%d of %d fences wider than 2e-5 of the point", loose, n)
	}
}

func BenchmarkLastInterference(b *testing.B) {
	p := newPropagation(9.5e9, DefaultK, 50, Surface{Kind: SurfaceSea, SeaState: 3}, 0, 0)
	limit := interferenceLimit * p.lambda
	for b.Loop() {
		p.lastInterference(57, 50e3, limit)
	}
}

func BenchmarkBisectInterference(b *testing.B) {
	p := newPropagation(9.5e9, DefaultK, 50, Surface{Kind: SurfaceSea, SeaState: 3}, 0, 0)
	limit := interferenceLimit * p.lambda
	for b.Loop() {
		bisectInterference(p, 57, 50e3, limit)
	}
}
