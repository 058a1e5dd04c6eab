package weapon

import (
	"math"
	"testing"

	"github.com/iadsim/iadsim/units"
)

// Density and speed of sound against the tables of the U.S. Standard
// Atmosphere 1976 (NOAA-S/T 76-1562, Table I, geometric altitude), which
// print five significant figures; the tolerance is half a unit in the last.
func TestAtmosphereUSSA1976(t *testing.T) {
	for _, tc := range []struct {
		z, rho, a float64
	}{
		{0, 1.2250, 340.29},
		{1000, 1.1117, 336.43},
		{5000, 0.73643, 320.55},
		{10000, 0.41351, 299.53},
		{11000, 0.36480, 295.15},
		{15000, 0.19476, 295.07},
		{20000, 0.088910, 295.07},
		{25000, 0.040084, 298.39},
		{30000, 0.018410, 301.71},
		{40000, 0.0039957, 317.19},
		{50000, 0.0010269, 329.80},
		{60000, 3.0968e-4, 315.07},
		{70000, 8.2829e-5, 297.06},
		{80000, 1.8458e-5, 282.54},
	} {
		rho, a := Atmosphere(tc.z)
		if math.Abs(rho-tc.rho) > 6e-5*tc.rho {
			t.Errorf("density at %g m: %.6g, table %.5g", tc.z, rho, tc.rho)
		}
		if math.Abs(a-tc.a) > 0.006 {
			t.Errorf("speed of sound at %g m: %.5f, table %.2f", tc.z, a, tc.a)
		}
		// The same standard as package units.
		if u := units.SpeedOfSound(tc.z); math.Abs(a-u) > 1e-9*u {
			t.Errorf("speed of sound at %g m: %.9g, units.SpeedOfSound %.9g", tc.z, a, u)
		}
	}
	// Above 86 km the density keeps falling and stays positive.
	r86, _ := Atmosphere(86e3)
	r120, _ := Atmosphere(120e3)
	if !(r120 > 0 && r120 < r86/100) {
		t.Errorf("density 86 km %g, 120 km %g", r86, r120)
	}
}

func BenchmarkAtmosphere(b *testing.B) {
	z := 0.0
	for b.Loop() {
		Atmosphere(z)
		z += 7
		if z > 60e3 {
			z = 0
		}
	}
}

// The fly-out's interpolated table agrees with the exact layers.
func TestAtmosphereTable(t *testing.T) {
	worstRho, worstA := 0.0, 0.0
	for z := -100.0; z < 160e3; z += 37.3 {
		r0, a0 := Atmosphere(z)
		r1, a1 := atmosphere(z)
		tol := 1e-5
		if z > 84e3 {
			tol = 5e-4
		}
		if math.Abs(r1-r0) > tol*r0 || math.Abs(a1-a0) > tol*a0 {
			t.Errorf("at %g m: table %g %g, exact %g %g", z, r1, a1, r0, a0)
		}
		if z < 84e3 {
			worstRho = math.Max(worstRho, math.Abs(r1-r0)/r0)
			worstA = math.Max(worstA, math.Abs(a1-a0)/a0)
		}
	}
	if worstRho > 1e-5 || worstA > 1e-5 {
		t.Errorf("table off by %.2g in density, %.2g in speed of sound", worstRho, worstA)
	}
	t.Logf("table error below 84 km: density %.2g, speed of sound %.2g", worstRho, worstA)
}

// TestAtmosphereTableExp: the table's density between nodes, the node's
// times a polynomial, is the log-linear interpolation
// exp(ln ρ₀ + f Δln ρ) to 1e-14.
func TestAtmosphereTableExp(t *testing.T) {
	worst := 0.0
	for z := 0.0; z < 149e3; z += 7.31 {
		x := isaR0 * z / (isaR0 + z) / atmoStep
		i := int(x)
		a := atmoTable[i]
		want := math.Exp(math.Log(a.rho) + (x-float64(i))*a.dlnRho)
		got, _ := atmosphere(z)
		worst = math.Max(worst, math.Abs(got/want-1))
	}
	if worst > 1e-14 {
		t.Errorf("density off the log-linear interpolation by %.2g, want within 1e-14", worst)
	}
	t.Logf("worst relative difference %.2g", worst)
}
