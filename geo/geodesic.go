package geo

import "math"

// Geodesics on the WGS-84 ellipsoid after C. F. F. Karney, "Algorithms for
// geodesics", J. Geodesy 87, 43-55 (2013), doi:10.1007/s00190-012-0578-z.
//
// The geodesic is mapped onto a great circle on an auxiliary sphere; the
// distance and longitude integrals are expanded in the small parameter
// eps = (sqrt(1+k²)-1)/(sqrt(1+k²)+1) to sixth order, which gives full
// double precision (about 15 nm) for the earth's flattening. The inverse
// problem is solved by Newton's method on the azimuth at the first point,
// started from the solution of the astroid problem near the antipode, so it
// converges for every pair of points, nearly antipodal ones included.
//
// Internally, as in the paper, angles are in degrees so that the exact
// reductions to [-45°, 45°] keep cardinal directions exact; the exported
// functions speak radians.

// Orders of the series (Karney 2013, eqs. 17, 18, 20, 24, 25, 42, 43).
const (
	nA1  = 6
	nC1  = 6
	nC1p = 6
	nA2  = 6
	nC2  = 6
	nA3  = 6
	nC3  = 6
	nC3x = nC3 * (nC3 - 1) / 2
)

const (
	degree  = math.Pi / 180
	tiny    = 1.4916681462400413e-154 // sqrt of the smallest normal float64
	tol0    = 2.220446049250313e-16   // machine epsilon
	tol1    = 200 * tol0
	tol2    = 1.4901161193847656e-08 // sqrt(tol0)
	tolb    = tol0                   // bisection interval check
	xthresh = 1000 * tol2
	maxit1  = 20
	maxit2  = maxit1 + 53 + 10
)

// ellipsoid holds the derived constants of one ellipsoid and the
// coefficients of the A3 and C3 series in n, which depend only on the
// ellipsoid.
type ellipsoid struct {
	a, f, f1, e2, ep2, n, b, etol2 float64
	a3x                            [nA3]float64
	c3x                            [nC3x]float64
}

// wgs84 is computed once and never modified: a table, not state.
var wgs84 = newEllipsoid(A, F)

func newEllipsoid(a, f float64) ellipsoid {
	g := ellipsoid{a: a, f: f}
	g.f1 = 1 - f
	g.e2 = f * (2 - f)
	g.ep2 = g.e2 / (g.f1 * g.f1)
	g.n = f / (2 - f)
	g.b = a * g.f1
	g.etol2 = 0.1 * tol2 / math.Sqrt(math.Max(0.001, math.Abs(f))*math.Min(1, 1-f/2)/2)

	// A3 = 1 - (1/2 - n/2) eps - (1/4 + n/8 - 3n²/8) eps² - ... (eq. 24),
	// stored highest power of eps first; each entry is a polynomial in n
	// with its denominator last.
	a3 := [...]float64{
		-3, 128,
		-2, -3, 64,
		-1, -3, -1, 16,
		3, -1, -2, 8,
		1, -1, 2,
		1, 1,
	}
	o, k := 0, 0
	for j := nA3 - 1; j >= 0; j-- {
		m := min(nA3-j-1, j)
		g.a3x[k] = polyval(a3[o:o+m+1], g.n) / a3[o+m+1]
		k++
		o += m + 2
	}
	// C3[l] (eq. 25), for l = 1..5, powers eps^5 down to eps^l.
	c3 := [...]float64{
		3, 128,
		2, 5, 128,
		-1, 3, 3, 64,
		-1, 0, 1, 8,
		-1, 1, 4,
		5, 256,
		1, 3, 128,
		-3, -2, 3, 64,
		1, -3, 2, 32,
		7, 512,
		-10, 9, 384,
		5, -9, 5, 192,
		7, 512,
		-14, 7, 512,
		21, 2560,
	}
	o, k = 0, 0
	for l := 1; l < nC3; l++ {
		for j := nC3 - 1; j >= l; j-- {
			m := min(nC3-j-1, j)
			g.c3x[k] = polyval(c3[o:o+m+1], g.n) / c3[o+m+1]
			k++
			o += m + 2
		}
	}
	return g
}

// polyval evaluates the polynomial with coefficients p, highest power
// first, at x.
func polyval(p []float64, x float64) float64 {
	y := p[0]
	for _, c := range p[1:] {
		y = y*x + c
	}
	return y
}

// a1m1 is A1 - 1 (eq. 17).
func a1m1(eps float64) float64 {
	e2 := eps * eps
	t := e2 * (e2*(e2+4) + 64) / 256
	return (t + eps) / (1 - eps)
}

// c1 fills c[1..6] with the C1 coefficients of the distance integral (eq. 18).
func c1(eps float64, c *[nC1 + 1]float64) {
	e2 := eps * eps
	d := eps
	c[1] = d * ((6-e2)*e2 - 16) / 32
	d *= eps
	c[2] = d * ((64-9*e2)*e2 - 128) / 2048
	d *= eps
	c[3] = d * (9*e2 - 16) / 768
	d *= eps
	c[4] = d * (3*e2 - 5) / 512
	d *= eps
	c[5] = -7 * d / 1280
	d *= eps
	c[6] = -7 * d / 2048
}

// c1p fills c[1..6] with the C1' coefficients of the reverted distance
// series (eq. 21), which give sigma from tau.
func c1p(eps float64, c *[nC1p + 1]float64) {
	e2 := eps * eps
	d := eps
	c[1] = d * (e2*(205*e2-432) + 768) / 1536
	d *= eps
	c[2] = d * (e2*(4005*e2-4736) + 3840) / 12288
	d *= eps
	c[3] = d * (116 - 225*e2) / 384
	d *= eps
	c[4] = d * (2695 - 7173*e2) / 7680
	d *= eps
	c[5] = 3467 * d / 7680
	d *= eps
	c[6] = 38081 * d / 61440
}

// a2m1 is A2 - 1 (eq. 42).
func a2m1(eps float64) float64 {
	e2 := eps * eps
	t := e2 * (e2*(-11*e2-28) - 192) / 256
	return (t - eps) / (1 + eps)
}

// c2 fills c[1..6] with the C2 coefficients of the reduced length (eq. 43).
func c2(eps float64, c *[nC2 + 1]float64) {
	e2 := eps * eps
	d := eps
	c[1] = d * (e2*(e2+2) + 16) / 32
	d *= eps
	c[2] = d * (e2*(35*e2+64) + 384) / 2048
	d *= eps
	c[3] = d * (15*e2 + 80) / 768
	d *= eps
	c[4] = d * (7*e2 + 35) / 512
	d *= eps
	c[5] = 63 * d / 1280
	d *= eps
	c[6] = 77 * d / 2048
}

func (g *ellipsoid) a3(eps float64) float64 { return polyval(g.a3x[:], eps) }

// c3 fills c[1..5] with the C3 coefficients of the longitude integral.
func (g *ellipsoid) c3(eps float64, c *[nC3]float64) {
	mult := 1.0
	o := 0
	for l := 1; l < nC3; l++ {
		m := nC3 - l - 1
		mult *= eps
		c[l] = mult * polyval(g.c3x[o:o+m+1], eps)
		o += m + 1
	}
}

// sinSeries sums c[i] sin(2 i x) for i = 1..len(c)-1 by Clenshaw's method,
// given sin x and cos x.
func sinSeries(sinx, cosx float64, c []float64) float64 {
	n := len(c) - 1
	k := n + 1
	ar := 2 * (cosx - sinx) * (cosx + sinx) // 2 cos 2x
	var y0, y1 float64
	if n&1 != 0 {
		k--
		y0 = c[k]
	}
	for n /= 2; n > 0; n-- {
		k--
		y1 = ar*y0 - y1 + c[k]
		k--
		y0 = ar*y1 - y0 + c[k]
	}
	return 2 * sinx * cosx * y0
}

// lengths gives the distance s12/b, the reduced length m12/b and the
// secular coefficient m0 of the reduced length (eqs. 38-41) between two
// points on the auxiliary sphere.
func (g *ellipsoid) lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2 float64) (s12b, m12b, m0 float64) {
	var ca [nC1 + 1]float64
	var cb [nC2 + 1]float64
	a1 := a1m1(eps)
	c1(eps, &ca)
	a2 := a2m1(eps)
	c2(eps, &cb)
	m0 = a1 - a2
	a1++
	a2++
	b1 := sinSeries(ssig2, csig2, ca[:]) - sinSeries(ssig1, csig1, ca[:])
	s12b = a1 * (sig12 + b1)
	b2 := sinSeries(ssig2, csig2, cb[:]) - sinSeries(ssig1, csig1, cb[:])
	j12 := m0*sig12 + (a1*b1 - a2*b2)
	// The parentheses keep the cancellation exact for coincident points.
	m12b = dn2*(csig1*ssig2) - dn1*(ssig1*csig2) - csig1*csig2*j12
	return s12b, m12b, m0
}

// astroid solves k⁴ + 2k³ - (x² + y² - 1)k² - 2y²k - y² = 0 for its
// positive root (Karney 2013, eq. 55).
func astroid(x, y float64) float64 {
	p := x * x
	q := y * y
	r := (p + q - 1) / 6
	if q == 0 && r <= 0 {
		// y = 0 with |x| <= 1: the root is 0.
		return 0
	}
	s := p * q / 4
	r2 := r * r
	r3 := r * r2
	// The discriminant vanishes on the evolute p^(1/3) + q^(1/3) = 1.
	disc := s * (s + 2*r3)
	u := r
	if disc >= 0 {
		t3 := s + r3
		// The sign of the root maximises |t3|, avoiding cancellation.
		if t3 < 0 {
			t3 -= math.Sqrt(disc)
		} else {
			t3 += math.Sqrt(disc)
		}
		t := math.Cbrt(t3)
		if t != 0 {
			u += t + r2/t
		}
	} else {
		ang := math.Atan2(math.Sqrt(-disc), -(s + r3))
		u += 2 * r * math.Cos(ang/3)
	}
	v := math.Sqrt(u*u + q)
	var uv float64
	if u < 0 {
		uv = q / (v - u)
	} else {
		uv = u + v
	}
	w := (uv - q) / (2 * v)
	return uv / (math.Sqrt(uv+w*w) + w)
}

// inverseStart gives a starting azimuth for Newton's method (sig12 < 0),
// or for short lines the full solution (sig12 >= 0, with alp2 and dnm).
func (g *ellipsoid) inverseStart(sbet1, cbet1, sbet2, cbet2, lam12, slam12, clam12 float64) (sig12, salp1, calp1, salp2, calp2, dnm float64) {
	sig12 = -1
	sbet12 := sbet2*cbet1 - cbet2*sbet1
	cbet12 := cbet2*cbet1 + sbet2*sbet1
	sbet12a := sbet2*cbet1 + cbet2*sbet1
	shortline := cbet12 >= 0 && sbet12 < 0.5 && cbet2*lam12 < 0.5
	var somg12, comg12 float64
	if shortline {
		sbetm2 := (sbet1 + sbet2) * (sbet1 + sbet2)
		sbetm2 /= sbetm2 + (cbet1+cbet2)*(cbet1+cbet2)
		dnm = math.Sqrt(1 + g.ep2*sbetm2)
		somg12, comg12 = math.Sincos(lam12 / (g.f1 * dnm))
	} else {
		somg12, comg12 = slam12, clam12
	}
	salp1 = cbet2 * somg12
	if comg12 >= 0 {
		calp1 = sbet12 + cbet2*sbet1*somg12*somg12/(1+comg12)
	} else {
		calp1 = sbet12a - cbet2*sbet1*somg12*somg12/(1-comg12)
	}
	ssig12 := Hypot(salp1, calp1)
	csig12 := sbet1*sbet2 + cbet1*cbet2*comg12

	switch {
	case shortline && ssig12 < g.etol2:
		// Really short lines: the spherical solution at the mean latitude.
		salp2 = cbet1 * somg12
		t := 1 - comg12
		if comg12 >= 0 {
			t = somg12 * somg12 / (1 + comg12)
		}
		calp2 = sbet12 - cbet1*sbet2*t
		salp2, calp2 = norm2(salp2, calp2)
		sig12 = math.Atan2(ssig12, csig12)
	case math.Abs(g.n) > 0.1 || csig12 >= 0 || ssig12 >= 6*math.Abs(g.n)*math.Pi*cbet1*cbet1:
		// The zeroth-order spherical estimate will do.
	default:
		// Nearly antipodal: scale to coordinates where the antipode is the
		// origin and the singular point is (-1, 0), then solve the astroid
		// problem (sec. 5). Only oblate ellipsoids reach here.
		lam12x := math.Atan2(-slam12, -clam12) // lam12 - pi
		k2 := sbet1 * sbet1 * g.ep2
		eps := k2 / (2*(1+math.Sqrt(1+k2)) + k2)
		lamscale := g.f * cbet1 * g.a3(eps) * math.Pi
		betscale := lamscale * cbet1
		x := lam12x / lamscale
		y := sbet12a / betscale
		if y > -tol1 && x > -1-xthresh {
			salp1 = math.Min(1, -x)
			calp1 = -math.Sqrt(1 - salp1*salp1)
		} else {
			k := astroid(x, y)
			omg12a := lamscale * (-x * k / (1 + k))
			somg12, comg12 = math.Sincos(omg12a)
			comg12 = -comg12
			salp1 = cbet2 * somg12
			calp1 = sbet12a - cbet2*sbet1*somg12*somg12/(1-comg12)
		}
	}
	if !(salp1 <= 0) {
		salp1, calp1 = norm2(salp1, calp1)
	} else {
		salp1, calp1 = 1, 0
	}
	return sig12, salp1, calp1, salp2, calp2, dnm
}

// lambda12 gives the longitude difference lam12 reached from point 1 with
// azimuth alp1 at the latitude of point 2, less the wanted lam120, with its
// derivative in alp1 when diffp is set (sec. 4).
func (g *ellipsoid) lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam120, clam120 float64, diffp bool) (
	v, salp2, calp2, sig12, ssig1, csig1, ssig2, csig2, eps, dlam12 float64) {

	if sbet1 == 0 && calp1 == 0 {
		// Break the degeneracy of the equatorial line, handled elsewhere.
		calp1 = -tiny
	}
	salp0 := salp1 * cbet1
	calp0 := Hypot(calp1, salp1*sbet1)

	ssig1 = sbet1
	somg1 := salp0 * sbet1
	csig1 = calp1 * cbet1
	comg1 := csig1
	ssig1, csig1 = norm2(ssig1, csig1)

	// Enforce the symmetries when |bet2| = -bet1, which would otherwise
	// give singular Newton steps.
	if cbet2 != cbet1 {
		salp2 = salp0 / cbet2
	} else {
		salp2 = salp1
	}
	if cbet2 != cbet1 || math.Abs(sbet2) != -sbet1 {
		var d float64
		if cbet1 < -sbet1 {
			d = (cbet2 - cbet1) * (cbet1 + cbet2)
		} else {
			d = (sbet1 - sbet2) * (sbet1 + sbet2)
		}
		calp2 = math.Sqrt((calp1*cbet1)*(calp1*cbet1)+d) / cbet2
	} else {
		calp2 = math.Abs(calp1)
	}
	ssig2 = sbet2
	somg2 := salp0 * sbet2
	csig2 = calp2 * cbet2
	comg2 := csig2
	ssig2, csig2 = norm2(ssig2, csig2)

	sig12 = math.Atan2(math.Max(0, csig1*ssig2-ssig1*csig2)+0, csig1*csig2+ssig1*ssig2)
	somg12 := math.Max(0, comg1*somg2-somg1*comg2) + 0
	comg12 := comg1*comg2 + somg1*somg2
	eta := math.Atan2(somg12*clam120-comg12*slam120, comg12*clam120+somg12*slam120)
	k2 := calp0 * calp0 * g.ep2
	eps = k2 / (2*(1+math.Sqrt(1+k2)) + k2)
	var ca [nC3]float64
	g.c3(eps, &ca)
	b312 := sinSeries(ssig2, csig2, ca[:]) - sinSeries(ssig1, csig1, ca[:])
	domg12 := -g.f * g.a3(eps) * salp0 * (sig12 + b312)
	v = eta + domg12

	if diffp {
		if calp2 == 0 {
			dlam12 = -2 * g.f1 * dn1 / sbet1
		} else {
			_, m12b, _ := g.lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2)
			dlam12 = m12b * g.f1 / (calp2 * cbet2)
		}
	}
	return v, salp2, calp2, sig12, ssig1, csig1, ssig2, csig2, eps, dlam12
}

// inverse solves the inverse problem with latitudes and longitudes in
// degrees, returning the distance in metres and the sines and cosines of
// the azimuths.
func (g *ellipsoid) inverse(lat1, lon1, lat2, lon2 float64) (s12, salp1, calp1, salp2, calp2 float64) {
	lon12, lon12s := angDiff(lon1, lon2)
	// Bring the points to a canonical form: 0 <= lon12 <= 180,
	// -90 <= lat1 <= -0, lat1 <= lat2 <= -lat1; the signs below undo it.
	lonsign := 1.0
	if math.Signbit(lon12) {
		lonsign = -1
	}
	lon12 *= lonsign
	lon12s *= lonsign
	lam12 := lon12 * degree
	slam12, clam12 := sincosde(lon12, lon12s)
	lon12s = (180 - lon12) - lon12s // the supplementary longitude difference

	lat1 = angRound(latFix(lat1))
	lat2 = angRound(latFix(lat2))
	swapp := 1.0
	if math.Abs(lat1) < math.Abs(lat2) || math.IsNaN(lat2) {
		swapp = -1
		lonsign = -lonsign
		lat1, lat2 = lat2, lat1
	}
	latsign := -1.0
	if math.Signbit(lat1) {
		latsign = 1
	}
	lat1 *= latsign
	lat2 *= latsign

	sbet1, cbet1 := sincosd(lat1)
	sbet1 *= g.f1
	sbet1, cbet1 = norm2(sbet1, cbet1)
	cbet1 = math.Max(tiny, cbet1) // a pole gives +epsilon
	sbet2, cbet2 := sincosd(lat2)
	sbet2 *= g.f1
	sbet2, cbet2 = norm2(sbet2, cbet2)
	cbet2 = math.Max(tiny, cbet2)

	// Force bet2 = ±bet1 exactly when the differences vanish, so that
	// lambda12 sees the symmetric case.
	if cbet1 < -sbet1 {
		if cbet2 == cbet1 {
			sbet2 = math.Copysign(sbet1, sbet2)
		}
	} else if math.Abs(sbet2) == -sbet1 {
		cbet2 = cbet1
	}

	dn1 := math.Sqrt(1 + g.ep2*sbet1*sbet1)
	dn2 := math.Sqrt(1 + g.ep2*sbet2*sbet2)

	var s12x float64
	meridian := lat1 == -90 || slam12 == 0
	if meridian {
		// Both points lie on one full meridian; the geodesic may follow it.
		calp1, salp1 = clam12, slam12
		calp2, salp2 = 1, 0
		ssig1, csig1 := sbet1, calp1*cbet1
		ssig2, csig2 := sbet2, calp2*cbet2
		sig12 := math.Atan2(math.Max(0, csig1*ssig2-ssig1*csig2)+0, csig1*csig2+ssig1*ssig2)
		s12b, m12b, _ := g.lengths(g.n, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2)
		// sig12 > pi/2 with m12 < 0 means the meridian is not the shortest
		// path (only for prolate ellipsoids).
		if sig12 < 1 || m12b >= 0 {
			if sig12 < 3*tiny || (sig12 < tol0 && (s12b < 0 || m12b < 0)) {
				s12b = 0
			}
			s12x = s12b * g.b
		} else {
			meridian = false
		}
	}

	switch {
	case meridian:
	case sbet1 == 0 && (g.f <= 0 || lon12s >= g.f*180):
		// Along the equator.
		calp1, calp2 = 0, 0
		salp1, salp2 = 1, 1
		s12x = g.a * lam12
	default:
		var sig12, dnm float64
		sig12, salp1, calp1, salp2, calp2, dnm = g.inverseStart(sbet1, cbet1, sbet2, cbet2, lam12, slam12, clam12)
		if sig12 >= 0 {
			s12x = sig12 * g.b * dnm
			break
		}
		// Newton's method on lambda12(alp1) - lam12, which has one root in
		// (0, pi) with positive slope. A bracket (alp1a, alp1b) is kept;
		// when a step leaves it or the slope is not positive, bisect.
		var ssig1, csig1, ssig2, csig2, eps float64
		salp1a, calp1a := tiny, 1.0
		salp1b, calp1b := tiny, -1.0
		tripn, tripb := false, false
		for numit := 0; ; numit++ {
			var v, dv float64
			v, salp2, calp2, sig12, ssig1, csig1, ssig2, csig2, eps, dv = g.lambda12(
				sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam12, clam12, numit < maxit1)
			tol := tol0
			if tripn {
				tol *= 8
			}
			// The reversed test lets NaNs escape.
			if tripb || !(math.Abs(v) >= tol) || numit == maxit2 {
				break
			}
			if v > 0 && (numit > maxit1 || calp1/salp1 > calp1b/salp1b) {
				salp1b, calp1b = salp1, calp1
			} else if v < 0 && (numit > maxit1 || calp1/salp1 < calp1a/salp1a) {
				salp1a, calp1a = salp1, calp1
			}
			if numit < maxit1 && dv > 0 {
				dalp1 := -v / dv
				if math.Abs(dalp1) < math.Pi {
					sdalp1, cdalp1 := math.Sincos(dalp1)
					nsalp1 := salp1*cdalp1 + calp1*sdalp1
					if nsalp1 > 0 {
						calp1 = calp1*cdalp1 - salp1*sdalp1
						salp1 = nsalp1
						salp1, calp1 = norm2(salp1, calp1)
						// Where the slope goes to zero convergence is only
						// linear, so test against epsilon, not its root.
						tripn = math.Abs(v) <= 16*tol0
						continue
					}
				}
			}
			salp1 = (salp1a + salp1b) / 2
			calp1 = (calp1a + calp1b) / 2
			salp1, calp1 = norm2(salp1, calp1)
			tripn = false
			tripb = math.Abs(salp1a-salp1)+(calp1a-calp1) < tolb ||
				math.Abs(salp1-salp1b)+(calp1-calp1b) < tolb
		}
		s12b, _, _ := g.lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2)
		s12x = s12b * g.b
	}

	s12 = 0 + s12x // turn -0 into 0
	if swapp < 0 {
		salp1, salp2 = salp2, salp1
		calp1, calp2 = calp2, calp1
	}
	salp1 *= swapp * lonsign
	calp1 *= swapp * latsign
	salp2 *= swapp * lonsign
	calp2 *= swapp * latsign
	return s12, salp1, calp1, salp2, calp2
}

// Inverse solves the inverse geodesic problem on the WGS-84 ellipsoid: the
// length s12 in metres of the shortest path between p1 and p2, and the
// azimuths azi1 at p1 and azi2 at p2 (radians clockwise from north, in
// [-π, π], azi2 being the direction of travel onward past p2). Heights are
// ignored. The result is accurate to about 15 nm for any pair of points,
// nearly antipodal ones included (Karney 2013); for exactly antipodal or
// other points joined by several shortest paths, one of them is returned.
func Inverse(p1, p2 LLA) (s12, azi1, azi2 float64) {
	s12, salp1, calp1, salp2, calp2 := wgs84.inverse(latDeg(p1.Lat), p1.Lon/degree, latDeg(p2.Lat), p2.Lon/degree)
	return s12, math.Atan2(salp1, calp1), math.Atan2(salp2, calp2)
}

// Direct solves the direct geodesic problem on the WGS-84 ellipsoid: the
// point p2 reached by travelling s12 metres (negative goes backwards) from
// p1 along the geodesic that leaves with azimuth azi1 (radians clockwise
// from north), and the azimuth azi2 there. p2.Alt is p1.Alt. For many
// points along one geodesic, NewLine is cheaper.
func Direct(p1 LLA, azi1, s12 float64) (p2 LLA, azi2 float64) {
	return NewLine(p1, azi1).Position(s12)
}

// Line is one geodesic, from a starting point with a starting azimuth,
// with its series coefficients computed once, so that Position costs a
// few sines and two short series sums. The zero Line is not useful; make
// one with NewLine.
type Line struct {
	lon1, alt    float64
	salp0, calp0 float64 // azimuth at the equator crossing
	ssig1, csig1 float64 // arc length from the equator crossing on the auxiliary sphere
	somg1, comg1 float64 // longitude on the auxiliary sphere
	a1m1, b11    float64
	stau1, ctau1 float64
	a3c, b31     float64
	c1pa         [nC1p + 1]float64
	c3a          [nC3]float64
}

// NewLine returns the geodesic that leaves p1 with azimuth azi1 (radians
// clockwise from north). Positions along it keep p1's height.
func NewLine(p1 LLA, azi1 float64) Line {
	g := &wgs84
	l := Line{lon1: p1.Lon, alt: p1.Alt}
	salp1, calp1 := sincosd(angRound(angNormalize(azi1 / degree)))
	sbet1, cbet1 := sincosd(angRound(latFix(latDeg(p1.Lat))))
	sbet1 *= g.f1
	sbet1, cbet1 = norm2(sbet1, cbet1)
	cbet1 = math.Max(tiny, cbet1)

	// sin(alp0) = sin(alp1) cos(bet1); the hypot form is exact for salp1 = 0.
	l.salp0 = salp1 * cbet1
	l.calp0 = Hypot(calp1, salp1*sbet1)
	// tan(bet1) = tan(sig1) cos(alp1); tan(omg1) = sin(alp0) tan(sig1).
	// sig = 0 is the nearest northward crossing of the equator.
	l.ssig1 = sbet1
	l.somg1 = l.salp0 * sbet1
	if sbet1 != 0 || calp1 != 0 {
		l.csig1 = cbet1 * calp1
	} else {
		l.csig1 = 1
	}
	l.comg1 = l.csig1
	l.ssig1, l.csig1 = norm2(l.ssig1, l.csig1)

	k2 := l.calp0 * l.calp0 * g.ep2
	eps := k2 / (2*(1+math.Sqrt(1+k2)) + k2)

	var c1a [nC1 + 1]float64
	l.a1m1 = a1m1(eps)
	c1(eps, &c1a)
	l.b11 = sinSeries(l.ssig1, l.csig1, c1a[:])
	s, c := math.Sincos(l.b11)
	l.stau1 = l.ssig1*c + l.csig1*s // tau1 = sig1 + B11
	l.ctau1 = l.csig1*c - l.ssig1*s
	c1p(eps, &l.c1pa)

	g.c3(eps, &l.c3a)
	l.a3c = -g.f * l.salp0 * g.a3(eps)
	l.b31 = sinSeries(l.ssig1, l.csig1, l.c3a[:])
	return l
}

// sphere maps the distance s12 along the line to the auxiliary sphere:
// the arc length sig12 from the start, the sine and cosine of the arc
// from the equator crossing, and of the reduced latitude there.
func (l Line) sphere(s12 float64) (sig12, ssig2, csig2, sbet2, cbet2 float64) {
	// Distance to arc length through the reverted series (eq. 20-21).
	tau12 := s12 / (wgs84.b * (1 + l.a1m1))
	s, c := math.Sincos(tau12)
	b12 := -sinSeries(l.stau1*c+l.ctau1*s, l.ctau1*c-l.stau1*s, l.c1pa[:])
	sig12 = tau12 - (b12 - l.b11)
	ssig12, csig12 := math.Sincos(sig12)
	ssig2 = l.ssig1*csig12 + l.csig1*ssig12
	csig2 = l.csig1*csig12 - l.ssig1*ssig12
	sbet2 = l.calp0 * ssig2
	cbet2 = Hypot(l.salp0, l.calp0*csig2)
	if cbet2 == 0 {
		// salp0 = 0 and csig2 = 0: at a pole on a meridian.
		cbet2, csig2 = tiny, tiny
	}
	return sig12, ssig2, csig2, sbet2, cbet2
}

// Position gives the point s12 metres along the line (negative goes
// backwards) and the azimuth there, radians clockwise from north.
func (l Line) Position(s12 float64) (LLA, float64) {
	sig12, ssig2, csig2, sbet2, cbet2 := l.sphere(s12)
	salp2, calp2 := l.salp0, l.calp0*csig2
	somg2, comg2 := l.salp0*ssig2, csig2
	omg12 := math.Atan2(somg2*l.comg1-comg2*l.somg1, comg2*l.comg1+somg2*l.somg1)
	lam12 := omg12 + l.a3c*(sig12+(sinSeries(ssig2, csig2, l.c3a[:])-l.b31))
	return LLA{
		Lat: math.Atan2(sbet2, wgs84.f1*cbet2),
		Lon: math.Remainder(l.lon1+lam12, 2*math.Pi),
		Alt: l.alt,
	}, math.Atan2(salp2, calp2)
}

// Trig is a point on a Line by the sines and cosines of its latitude,
// longitude and azimuth: what a conversion to ECEF coordinates or to a
// local frame takes, given without the arctangents that make the angles
// and the sines that undo them.
type Trig struct {
	SinLat, CosLat float64
	SinLon, CosLon float64
	SinAzi, CosAzi float64 // azimuth of travel, clockwise from north
}

// Trig gives the point s12 metres along the line (negative goes
// backwards) as Position does, by its sines and cosines. It is Position's
// series, with the angles left on the auxiliary sphere as sines and
// cosines: tan φ = tan β / (1 - f) for the latitude, the azimuth's from
// sin α₀ and cos α₀ cos σ₂, whose norm is cos β₂; the longitude is λ₁ +
// δ rotated by ω₁₂, with δ the small ellipsoidal correction to the
// auxiliary sphere's longitude ω₁₂. Three sines, where Position and the
// sines of its angles take five and three arctangents.
func (l Line) Trig(s12 float64) Trig {
	sig12, ssig2, csig2, sbet2, cbet2 := l.sphere(s12)
	var tr Trig
	tr.SinAzi, tr.CosAzi = l.salp0/cbet2, l.calp0*csig2/cbet2
	tr.SinLat, tr.CosLat = norm2(sbet2, wgs84.f1*cbet2)
	somg2, comg2 := l.salp0*ssig2, csig2
	y, x := somg2*l.comg1-comg2*l.somg1, comg2*l.comg1+somg2*l.somg1
	somg12, comg12 := 0.0, 1.0
	if y != 0 || x != 0 {
		// Both vanish only leaving a pole, where atan2 takes ω₁₂ = 0.
		somg12, comg12 = norm2(y, x)
	}
	sl, cl := math.Sincos(l.lon1 + l.a3c*(sig12+(sinSeries(ssig2, csig2, l.c3a[:])-l.b31)))
	tr.SinLon, tr.CosLon = sl*comg12+cl*somg12, cl*comg12-sl*somg12
	return tr
}

// Angle helpers in degrees, after GeographicLib's Math class: exact
// reductions keep 90°, 180° and friends exact.

func norm2(s, c float64) (float64, float64) {
	r := Hypot(s, c)
	return s / r, c / r
}

// latDeg converts a latitude to degrees, forgiving the rounding that can
// carry ±π/2 a hair past ±90°.
func latDeg(rad float64) float64 {
	d := rad / degree
	if math.Abs(d) > 90 && math.Abs(d) < 90+1e-12 {
		d = math.Copysign(90, d)
	}
	return d
}

func latFix(x float64) float64 {
	if math.Abs(x) > 90 {
		return math.NaN()
	}
	return x
}

// angRound rounds tiny angles to multiples of 1/16/2^52 so that values
// near zero do not lose their relative precision in later sums.
func angRound(x float64) float64 {
	const z = 1.0 / 16
	y := math.Abs(x)
	w := z - y
	if w > 0 {
		y = z - w
	}
	return math.Copysign(y, x)
}

func angNormalize(x float64) float64 {
	y := math.Remainder(x, 360)
	if math.Abs(y) == 180 {
		return math.Copysign(180, x)
	}
	return y
}

// sum2 is the error-free sum: s + t = u + v exactly.
func sum2(u, v float64) (s, t float64) {
	s = u + v
	up := s - v
	vpp := s - up
	up -= u
	vpp -= v
	if s != 0 {
		t = 0 - (up + vpp)
	} else {
		t = s
	}
	return s, t
}

// angDiff returns y - x reduced to [-180, 180] as d + e with e the
// rounding error; -180 only for westward differences.
func angDiff(x, y float64) (d, e float64) {
	d, t := sum2(math.Remainder(-x, 360), math.Remainder(y, 360))
	d, t = sum2(math.Remainder(d, 360), t)
	if d == 0 || math.Abs(d) == 180 {
		if t == 0 {
			d = math.Copysign(d, y-x)
		} else {
			d = math.Copysign(d, -t)
		}
	}
	return d, t
}

// remquo90 returns x - 90 n and n mod 4, n the integer nearest x/90.
func remquo90(x float64) (float64, int) {
	r := math.Remainder(x, 90)
	n := math.Round((x - r) / 90) // exact: x - r is a multiple of 90
	return r, int(math.Mod(n, 4)) & 3
}

func quadrant(s, c float64, q int) (float64, float64) {
	switch q {
	case 1:
		return c, -s
	case 2:
		return -s, -c
	case 3:
		return -c, s
	}
	return s, c
}

// sincosd is sin and cos of x degrees, exact at multiples of 90°.
func sincosd(x float64) (float64, float64) {
	r, q := remquo90(x)
	s, c := quadrant(math.Sin(r*degree), math.Cos(r*degree), q)
	c += 0
	if s == 0 {
		s = math.Copysign(s, x)
	}
	return s, c
}

// sincosde is sincosd of x + t, t a small correction to x.
func sincosde(x, t float64) (float64, float64) {
	r, q := remquo90(x)
	r = angRound(r + t)
	s, c := quadrant(math.Sin(r*degree), math.Cos(r*degree), q)
	c += 0
	if s == 0 {
		s = math.Copysign(s, x)
	}
	return s, c
}
