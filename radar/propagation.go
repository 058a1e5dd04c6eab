package radar

import (
	"fmt"
	"math"
	"math/cmplx"
	"strings"
)

// SpeedOfLight is the speed of light in vacuum, m/s (exact).
const SpeedOfLight = 299792458.0

// SurfaceKind says what lies under a radar's rays.
type SurfaceKind int

const (
	// SurfaceNone is free space: no reflected ray, no diffraction beyond
	// the horizon, no clutter. The zero value, so a Config that says
	// nothing about the surface keeps the free-space range equation.
	SurfaceNone SurfaceKind = iota
	// SurfaceSea is sea water, roughened by its sea state.
	SurfaceSea
	// SurfaceLand is ground of one LandType.
	SurfaceLand
)

// LandType is a class of terrain, for the roughness that spoils the
// reflected ray and the constant-gamma land clutter.
type LandType int

// Land types, in the classes of the constant-gamma clutter tables (see
// Gamma).
const (
	Flatland LandType = iota
	Farmland
	Woods
	WoodedHill
	RuggedMountain
	Metropolitan
)

var landNames = [...]string{"flatland", "farmland", "woods", "wooded_hill", "rugged_mountain", "metropolitan"}

func (l LandType) String() string {
	if l >= 0 && int(l) < len(landNames) {
		return landNames[l]
	}
	return fmt.Sprintf("LandType(%d)", int(l))
}

// ParseLandType reads a land type by its name ("farmland", "wooded_hill").
func ParseLandType(s string) (LandType, error) {
	for i, n := range landNames {
		if s == n {
			return LandType(i), nil
		}
	}
	return 0, fmt.Errorf("unknown land type %q; want one of %s", s, strings.Join(landNames[:], ", "))
}

// Surface is the sea or ground under a radar's rays. It sets the reflected
// ray of multipath, the diffraction beyond the horizon, and the clutter.
// Polarisation is taken as horizontal throughout (an assumption: the
// polarisation of these radars is not published).
type Surface struct {
	Kind     SurfaceKind
	SeaState int      // 0 to 6 (WMO code 3700, Douglas), sea only
	Land     LandType // land only
	// Height is the mean surface above the WGS-84 ellipsoid, m: over the
	// sea, the geoid undulation (about -27 m off Maine). Antenna and target
	// heights above the surface are measured from it, and so is the
	// smooth-earth horizon.
	Height float64
	// Roughness overrides the standard deviation of the surface height, m
	// (0: from the sea state or land type, see SurfaceRoughness).
	Roughness float64
	// Permittivity and Conductivity override the surface's relative
	// permittivity and conductivity, S/m (0: see SurfaceElectrical).
	Permittivity, Conductivity float64
}

func (s Surface) validate() error {
	switch s.Kind {
	case SurfaceNone:
	case SurfaceSea:
		if s.SeaState < 0 || s.SeaState > 6 {
			return fmt.Errorf("sea state %d, want 0 to 6", s.SeaState)
		}
	case SurfaceLand:
		if s.Land < 0 || int(s.Land) >= len(landNames) {
			return fmt.Errorf("land type %d, want one of %s", s.Land, strings.Join(landNames[:], ", "))
		}
	default:
		return fmt.Errorf("surface kind %d, want none, sea or land", s.Kind)
	}
	for _, v := range []struct {
		name string
		x    float64
	}{{"height", s.Height}, {"roughness", s.Roughness}, {"permittivity", s.Permittivity}, {"conductivity", s.Conductivity}} {
		if math.IsNaN(v.x) || math.IsInf(v.x, 0) || (v.name != "height" && v.x < 0) {
			return fmt.Errorf("surface %s %v, want a finite number%s", v.name, v.x, map[bool]string{true: " ≥ 0"}[v.name != "height"])
		}
	}
	return nil
}

// seaWaveHeight is the significant wave height H⅓ in metres at the middle
// of each band of WMO sea-state code 3700 (0: calm, glassy; 1: 0-0.1 m;
// 2: 0.1-0.5; 3: 0.5-1.25; 4: 1.25-2.5; 5: 2.5-4; 6: 4-6).
var seaWaveHeight = [...]float64{0, 0.05, 0.3, 0.875, 1.875, 3.25, 5}

// landRoughness is the standard deviation of the height of each land type,
// m. Metropolitan's 10 m is MathWorks landroughness's "Urban" (after
// Barton, Radar Equations for Modern Radar, 2013); the others are
// assumptions of the same order as the vegetation and relief each class
// names.
var landRoughness = [...]float64{1, 3, 5, 10, 30, 10}

// SurfaceRoughness is the standard deviation of the surface height, m:
// the override when set; over the sea a quarter of the significant wave
// height (H⅓ = 4σ for a narrow-band Gaussian sea) at the middle of the sea
// state's band, which gives 0.075 m at sea state 2 (MathWorks searoughness
// gives 0.1 m); over land, per type (see landRoughness).
func SurfaceRoughness(s Surface) float64 {
	switch {
	case s.Roughness > 0:
		return s.Roughness
	case s.Kind == SurfaceSea:
		return seaWaveHeight[s.SeaState] / 4
	case s.Kind == SurfaceLand:
		return landRoughness[s.Land]
	}
	return 0
}

// SurfaceElectrical is the surface's relative permittivity and
// conductivity (S/m): the overrides when set, else ITU-R P.527's "average
// sea water" (70, 5 S/m) or "medium dry ground" (15, 0.001 S/m). Both are
// read at VHF to low microwave and held constant with frequency (an
// assumption: at grazing angles of a degree or less the horizontal
// reflection coefficient is near -1 whatever they are).
func SurfaceElectrical(s Surface) (permittivity, conductivity float64) {
	permittivity, conductivity = 15, 0.001
	if s.Kind == SurfaceSea {
		permittivity, conductivity = 70, 5
	}
	if s.Permittivity > 0 {
		permittivity = s.Permittivity
	}
	if s.Conductivity > 0 {
		conductivity = s.Conductivity
	}
	return permittivity, conductivity
}

// FresnelH is the Fresnel reflection coefficient for horizontal
// polarisation at grazing angle psi (rad) off a surface of complex
// relative permittivity eps = εr - j 60 λ σ:
//
//	Γ_H = (sin ψ - √(ε - cos²ψ)) / (sin ψ + √(ε - cos²ψ))
//
// (Skolnik, Introduction to Radar Systems, 3rd ed., §8.2; Kerr,
// Propagation of Short Radio Waves, 1951). At grazing incidence it tends
// to -1 over any surface.
func FresnelH(psi float64, eps complex128) complex128 {
	s, c := math.Sincos(psi)
	root := cmplx.Sqrt(eps - complex(c*c, 0))
	return (complex(s, 0) - root) / (complex(s, 0) + root)
}

// Ament is the specular scattering factor of a rough surface (Ament,
// 1953; Beckmann and Spizzichino, 1963): the coherent reflected field
// falls as
//
//	ρs = exp(-2 (2π σh sin ψ / λ)²)
//
// for a surface of height standard deviation sigmaH (m) seen at grazing
// angle psi by wavelength lambda. The Rayleigh roughness parameter
// σh sin ψ / λ sets it: a calm sea is smooth at any grazing angle, a sea
// state 4 swell is rough to X band above a few tenths of a degree.
func Ament(sigmaH, psi, lambda float64) float64 {
	g := 2 * math.Pi * sigmaH * math.Sin(psi) / lambda
	return math.Exp(-2 * g * g)
}

// Reflection is the geometry of the surface-reflected ray between an
// antenna at height h1 and a target at height h2 (m above the surface),
// ground distance d apart, over a smooth sphere of radius ae.
type Reflection struct {
	D1         float64 // ground distance from the antenna to the reflection point, m
	Grazing    float64 // grazing angle ψ at the reflection point, rad
	PathDiff   float64 // reflected path less the direct one, m
	Divergence float64 // divergence factor D of the curved surface, in (0, 1]
}

// SphericalReflection solves the reflection geometry over a sphere of
// (effective) radius ae, by Blake's closed form of Kerr's cubic (Blake,
// Radar Range-Performance Analysis, 1986, §6.5; Skolnik, Radar Handbook,
// 2nd ed., ch. 2):
//
//	p  = (2/√3) √(ae (h1+h2) + d²/4)
//	Φ  = arccos(2 ae (h1-h2) d / p³)
//	d1 = d/2 + p cos((Φ + π)/3)
//	R1 = √(h1² + 4 ae (ae+h1) sin²(d1/2ae)), R2 likewise for d2 = d - d1
//	ψ  = asin((2 ae h1 + h1² - R1²) / (2 ae R1))
//	Δ  = R1 + R2 - Rd
//	D  = (1 + 2 d1 d2 / (ae d sin ψ))^(-1/2)
//
// with Rd the direct path; d1 is then refined by the law of reflection,
// which the cubic meets only to the small-angle order (Fermat's principle
// checks it in the tests). ok is false when there is no reflection point
// with a positive grazing angle: the target is at or beyond the horizon.
func SphericalReflection(h1, h2, d, ae float64) (r Reflection, ok bool) {
	if !(h1 > 0 && h2 > 0 && d > 0) {
		return r, false
	}
	p := 2 / math.Sqrt(3) * math.Sqrt(ae*(h1+h2)+d*d/4)
	arg := 2 * ae * (h1 - h2) * d / (p * p * p)
	arg = math.Max(-1, math.Min(1, arg))
	phi := math.Acos(arg)
	d1 := d/2 + p*math.Cos((phi+math.Pi)/3)
	// The cubic holds to the small-angle order; a few secant steps on
	// the law of reflection (equal grazing angles at both sides) make d1
	// exact, so that the path difference keeps its phase at X band.
	chord := func(h, x float64) float64 {
		s := math.Sin(x / (2 * ae))
		return math.Sqrt(h*h + 4*ae*(ae+h)*s*s)
	}
	sinGrazing := func(h, r float64) float64 { return (2*ae*h + h*h - r*r) / (2 * ae * r) }
	// The mismatch keeps the chords it computed last: they are those of
	// the refined d1, which the path difference needs.
	var r1, r2 float64
	mismatch := func(x float64) float64 {
		r1, r2 = chord(h1, x), chord(h2, d-x)
		return sinGrazing(h1, r1) - sinGrazing(h2, r2)
	}
	refined := false
	if d1 > 0 && d1 < d {
		x0, x1 := d1, d1*(1+1e-6)
		g0 := mismatch(x0)
		g1 := mismatch(x1)
		for range 3 {
			if g1 == g0 {
				break
			}
			x0, x1, g0 = x1, x1-g1*(x1-x0)/(g1-g0), g1
			g1 = mismatch(x1)
		}
		d1, refined = x1, true
	}
	d2 := d - d1
	if !(d1 > 0 && d2 > 0) {
		return r, false
	}
	if !refined {
		r1, r2 = chord(h1, d1), chord(h2, d2)
	}
	sinPsi := sinGrazing(h1, r1)
	if !(sinPsi > 0) {
		return r, false
	}
	sd := math.Sin(d / (2 * ae))
	rd := math.Sqrt((h2-h1)*(h2-h1) + 4*(ae+h1)*(ae+h2)*sd*sd)
	return Reflection{
		D1:         d1,
		Grazing:    math.Asin(math.Min(sinPsi, 1)),
		PathDiff:   r1 + r2 - rd,
		Divergence: 1 / math.Sqrt(1+2*d1*d2/(ae*d*sinPsi)),
	}, true
}

// diffraction gives the one-way pattern propagation factor in dB of a
// smooth spherical earth in the diffraction region, by the first-mode
// residue series as ITU-R P.526 (§3.1.1.2, "numerical calculation")
// writes it:
//
//	20 log F = F(X) + G(Y1) + G(Y2)
//	X = 2.188 β f^(1/3) ae^(-2/3) d,  Y = 9.575·10⁻³ β f^(2/3) ae^(-1/3) h
//	F(X) = 11 + 10 log X - 17.6 X               for X ≥ 1.6
//	     = -20 log X - 5.6488 X^1.425           for X < 1.6
//	G(Y) = 17.6 √(B-1.1) - 5 log(B-1.1) - 8     for B = βY > 2
//	     = 20 log(B + 0.1 B³)                   otherwise, at least 2 + 20 log K
//
// with f in MHz, ae and d in km and h in m; K and β from the surface's
// electrical constants for horizontal polarisation.
type diffraction struct {
	xPerM, yPerM, beta, gFloor float64
}

func newDiffraction(freq, ae, permittivity, conductivity float64) diffraction {
	fMHz, aeKm := freq/1e6, ae/1e3
	q := (permittivity-1)*(permittivity-1) + math.Pow(18000*conductivity/fMHz, 2)
	k := 0.36 * math.Pow(aeKm*fMHz, -1.0/3) * math.Pow(q, -0.25)
	k2 := k * k
	beta := (1 + 1.6*k2 + 0.67*k2*k2) / (1 + 4.5*k2 + 1.53*k2*k2)
	return diffraction{
		xPerM:  2.188 * beta * math.Cbrt(fMHz) * math.Pow(aeKm, -2.0/3) / 1e3,
		yPerM:  9.575e-3 * beta * math.Pow(fMHz, 2.0/3) * math.Pow(aeKm, -1.0/3),
		beta:   beta,
		gFloor: 2 + 20*math.Log10(k),
	}
}

// distanceTerm is F(X) of ITU-R P.526, dB.
func (df diffraction) distanceTerm(d float64) float64 {
	x := df.xPerM * d
	if x >= 1.6 {
		return 11 + 10*math.Log10(x) - 17.6*x
	}
	return -20*math.Log10(x) - 5.6488*math.Pow(x, 1.425)
}

// heightGain is G(Y) of ITU-R P.526, dB.
func (df diffraction) heightGain(h float64) float64 {
	b := df.beta * df.yPerM * h
	var g float64
	if b > 2 {
		g = 17.6*math.Sqrt(b-1.1) - 5*math.Log10(b-1.1) - 8
	} else {
		g = 20 * math.Log10(b+0.1*b*b*b)
	}
	return math.Max(g, df.gFloor)
}

// propagation is what a radar needs, fixed once, to give the pattern
// propagation factor of each look: the reflected ray inside the horizon,
// diffraction beyond it, and the interpolation between them.
type propagation struct {
	lambda, wavenumber float64
	ae                 float64 // effective earth radius, m
	h1                 float64 // antenna above the surface, m
	eps                complex128
	sigmaH             float64
	diff               diffraction
	g1                 float64 // G(Y1), the antenna's height gain, dB
	beamEl             float64 // elevation beamwidth for the reflected ray, rad; 0: broad
	sidelobe           float64 // one-way sidelobe amplitude, floor of the pattern
	horizon1           float64 // √(2 ae h1)
}

// interferenceLimit is the path difference, as a fraction of λ, below
// which the two-ray sum gives way to the interpolation toward diffraction:
// λ/4, a quarter-wave beyond the last lobe peak (Δ = λ/2), where the
// fourth-power region has begun.
const interferenceLimit = 0.25

func newPropagation(freq, k, antennaHeight float64, s Surface, beamEl, sidelobe float64) *propagation {
	lambda := SpeedOfLight / freq
	ae := k * EarthRadius
	er, sig := SurfaceElectrical(s)
	h1 := math.Max(antennaHeight, minHeight)
	p := &propagation{
		lambda:     lambda,
		wavenumber: 2 * math.Pi / lambda,
		ae:         ae,
		h1:         h1,
		eps:        complex(er, -60*lambda*sig),
		sigmaH:     SurfaceRoughness(s),
		diff:       newDiffraction(freq, ae, er, sig),
		beamEl:     beamEl,
		sidelobe:   math.Sqrt(sidelobe),
		horizon1:   math.Sqrt(2 * ae * h1),
	}
	p.g1 = p.diff.heightGain(h1)
	return p
}

// DiffractionFloor is the one-way propagation factor (an amplitude ratio,
// -30 dB) below which a target beyond the horizon counts as out of the
// radar's sight (Covers): its SNR is 120 dB under free space, more than any
// target in these scenarios has to spare.
const DiffractionFloor = 0.0316

const diffractionFloor = DiffractionFloor

// PropagationFactor is the one-way pattern propagation factor F (an
// amplitude ratio to free space) at frequency freq (Hz) between an antenna
// at height h1 and a target at height h2 (m above the surface) a ground
// distance d (m) apart, over surface s with effective-earth factor k (0:
// 4/3) and a beam broad in elevation. See the factor method of the
// radar's propagation for the model.
func PropagationFactor(freq, k, h1, h2, d float64, s Surface) float64 {
	k, _ = effectiveK(k)
	return newPropagation(freq, k, h1, s, 0, 0).factor(h2, d, 0)
}

// minHeight keeps heights above the surface positive: a target on the
// water is taken 1 cm above it, where the direct and reflected rays all but
// cancel.
const minHeight = 0.01

// factor is the one-way pattern propagation factor F (an amplitude ratio
// to free space; F⁴ multiplies the SNR) on a target at height h2 above
// the surface, ground distance d from the radar, seen at elevation el
// (rad) from the antenna.
//
// Inside the horizon, where the path difference is at least λ/4, it is
// the two-ray sum
//
//	F = |1 + Γ ρs D g e^(-j 2π Δ/λ)|
//
// of the direct ray and the ray reflected at grazing angle ψ, with the
// Fresnel coefficient Γ, the roughness factor ρs, the divergence factor D
// and g the antenna's amplitude gain toward the reflected ray (a Gaussian
// main beam of the elevation beamwidth, floored at the sidelobe level,
// when the beam points at the target). Beyond the horizon it is the
// first-mode diffraction field. Between the two, where neither holds, its
// decibels are interpolated linearly in distance from the last
// interference point (Δ = λ/4) to the horizon (Blake's method; Skolnik,
// Radar Handbook, 2nd ed., §2.6).
func (p *propagation) factor(h2, d, el float64) float64 {
	h2 = math.Max(h2, minHeight)
	dh := p.horizon1 + math.Sqrt(2*p.ae*h2)
	if d >= dh {
		return math.Pow(10, p.diffractionDB(h2, d)/20)
	}
	limit := interferenceLimit * p.lambda
	rf, ok := SphericalReflection(p.h1, h2, d, p.ae)
	if ok && rf.PathDiff >= limit {
		return p.twoRay(rf, el)
	}
	// Intermediate region: find the last interference point.
	if r0, ok := SphericalReflection(p.h1, h2, 1, p.ae); !ok || r0.PathDiff < limit {
		// Both ends too low for a quarter-wave: no interference region;
		// the two-ray sum is in its fourth-power region all the way.
		if ok {
			return p.twoRay(rf, el)
		}
		return math.Pow(10, p.diffractionDB(h2, d)/20)
	}
	lo := p.lastInterference(h2, d, limit)
	ri, _ := SphericalReflection(p.h1, h2, lo, p.ae)
	fi := 20 * math.Log10(math.Max(p.twoRay(ri, el), 1e-10))
	fd := p.diffractionDB(h2, dh)
	w := (d - lo) / (dh - lo)
	return math.Pow(10, (fi+w*(fd-fi))/20)
}

// lastInterference is the last interference point of a target at
// height h2 within ground distance d: the point, to d/2²⁰ (a metre at
// 1000 km), where the path difference falls through limit. It is the
// bisection of [0, d] on "the reflection exists and its path difference
// is at least limit", which falls monotonically to the horizon, and it
// gives that bisection's point bit for bit.
//
// Twenty reflections, one a halving, cost as much as the rest of a look,
// so the point is first found by the secant method on the reciprocal of
// the path difference, nearly linear in distance (2 h1 h2 / d over a
// plane), and fenced by points where the path difference is surely above
// or below limit: the halvings outside that fence are decided by the
// monotony without a reflection; only the last few, inside it, solve one.
func (p *propagation) lastInterference(h2, d, limit float64) float64 {
	a, b := p.interferenceFence(h2, d, limit)
	lo, hi := 0.0, d
	for range 20 {
		mid := (lo + hi) / 2
		above := mid <= a
		if mid > a && mid < b {
			r, ok := SphericalReflection(p.h1, h2, mid, p.ae)
			above = ok && r.PathDiff >= limit
		}
		if above {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// fenceMargin, times the distance, is how far a path difference must
// lie from the limit for its side to be sure: the rounding of R1 + R2 -
// Rd, each near the distance, is some ε times it (ε = 2.2·10⁻¹⁶), and
// the refinement of the reflection point moves the path difference only
// to second order (it is stationary there, Fermat's principle); 10⁻¹³
// is 450 ε.
const fenceMargin = 1e-13

// interferenceFence gives distances a < b within [0, d] with the path
// difference at least limit at a and below it at b, each by more than
// its rounding (fenceMargin): by the path difference's monotony every
// distance up to a is inside the interference region and every one from
// b on outside it. (0, d) is the fence when the search fails.
//
// The point is found by Newton's method on ln Δ against ln x. Over a
// plane that is the straight line ln(2 h1 h2) - ln x; the sphere bends it
// down toward the horizon (concave), so a tangent lies above it and
// Newton's steps from beyond the point approach it from that side
// without passing it. The plane's root 2 h1 h2 / limit, where the sphere's
// path difference is smaller than the plane's, is such a start.
func (p *propagation) interferenceFence(h2, d, limit float64) (a, b float64) {
	a, b = 0, d
	mark := func(x float64) (r Reflection, ok bool) {
		r, ok = SphericalReflection(p.h1, h2, x, p.ae)
		if !ok {
			return r, false
		}
		switch g := r.PathDiff - limit; {
		case g >= fenceMargin*x && x > a:
			a = x
		case g <= -fenceMargin*x && x < b:
			b = x
		}
		return r, true
	}
	// top bounds the search, not the fence: a distance with no
	// reflection says nothing sure.
	x, top := min(2*p.h1*h2/limit, d*(1-1e-9)), d
	lnLimit := math.Log(limit)
	for range 12 {
		if !(x > a && x < min(b, top)) {
			x = (a + min(b, top)) / 2
		}
		r, ok := mark(x)
		if !ok || !(r.PathDiff > 0) {
			top = x // beyond the reflection's horizon: come back
			continue
		}
		// d ln Δ / d ln x, with the reflection point held (Δ is
		// stationary in it): the target moves along the surface.
		slope := x * p.pathDiffRate(h2, x, r.D1) / r.PathDiff
		if !(slope < 0) {
			break
		}
		next := x * math.Exp((lnLimit-math.Log(r.PathDiff))/slope)
		done := math.Abs(next-x) <= 1e-9*x
		x = next
		if done {
			break
		}
	}
	// Fence the estimate closely: only the last halvings fall inside.
	for _, w := range []float64{1e-6, 1e-5} {
		if a > 0 && b < d && b-a <= 2*w*x {
			break
		}
		mark(x * (1 - w))
		mark(x * (1 + w))
	}
	return a, b
}

// pathDiffRate is dΔ/dx of the reflection with ground distance x and
// reflection point d1 held: dR2/dd2 - dRd/dx, from R² = h² + 4ae(ae+h)
// sin²(d/2ae) of each chord.
func (p *propagation) pathDiffRate(h2, x, d1 float64) float64 {
	ae, h1 := p.ae, p.h1
	s2 := math.Sin((x - d1) / (2 * ae))
	r2 := math.Sqrt(h2*h2 + 4*ae*(ae+h2)*s2*s2)
	sd := math.Sin(x / (2 * ae))
	rd := math.Sqrt((h2-h1)*(h2-h1) + 4*(ae+h1)*(ae+h2)*sd*sd)
	return (ae+h2)*math.Sin((x-d1)/ae)/r2 - (ae+h1)*(ae+h2)*math.Sin(x/ae)/(ae*rd)
}

// twoRay is the interference-region factor.
func (p *propagation) twoRay(rf Reflection, el float64) float64 {
	gamma := FresnelH(rf.Grazing, p.eps)
	rho := Ament(p.sigmaH, rf.Grazing, p.lambda) * rf.Divergence * p.pattern(el+rf.Grazing)
	phase := -p.wavenumber * rf.PathDiff
	s, c := math.Sincos(phase)
	return cmplx.Abs(1 + gamma*complex(rho*c, rho*s))
}

// pattern is the antenna's one-way amplitude gain at angle off the beam
// axis, relative to the axis: a Gaussian main beam of the elevation
// beamwidth (half power at half the beamwidth), never below the sidelobe
// level. A broad beam (0) gains 1 everywhere.
func (p *propagation) pattern(off float64) float64 {
	if p.beamEl == 0 {
		return 1
	}
	x := off / p.beamEl
	return math.Max(math.Exp(-2*math.Ln2*x*x), p.sidelobe)
}

func (p *propagation) diffractionDB(h2, d float64) float64 {
	return p.diff.distanceTerm(d) + p.g1 + p.diff.heightGain(h2)
}
