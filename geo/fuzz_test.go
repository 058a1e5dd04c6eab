package geo

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// FuzzGeodesic checks Inverse and Direct against each other on arbitrary
// points: walking the distance Inverse reports, on the azimuth it reports,
// must arrive at the second point (Karney 2013 gives 15 nm; allow 1 µm).
func FuzzGeodesic(f *testing.F) {
	f.Add(40.6, -73.8, 51.48, -0.45)
	f.Add(0.0, 0.0, 0.5, 179.5)
	f.Add(-30.0, 0.0, 29.9, 179.8)
	f.Add(90.0, 0.0, -90.0, 0.0)
	f.Add(0.0, 0.0, 0.0, 180.0)
	f.Add(10.0, 10.0, 10.0, 10.0)
	f.Add(89.99995, 0.0, 89.99995, 180.0)
	f.Fuzz(func(t *testing.T, lat1, lon1, lat2, lon2 float64) {
		// Beyond a few turns the radians themselves lose micrometres.
		for _, x := range []float64{lat1, lon1, lat2, lon2} {
			if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 720 {
				t.Skip()
			}
		}
		if math.Abs(lat1) > 90 || math.Abs(lat2) > 90 {
			t.Skip()
		}
		p1, p2 := Deg(lat1, lon1, 0), Deg(lat2, lon2, 0)
		s12, azi1, azi2 := Inverse(p1, p2)
		if !(s12 >= 0 && s12 <= 20003931.46) {
			t.Fatalf("Inverse(%v, %v) = %v m", p1, p2, s12)
		}
		if math.IsNaN(azi1) || math.IsNaN(azi2) {
			t.Fatalf("Inverse(%v, %v) azimuths %v %v", p1, p2, azi1, azi2)
		}
		q, _ := Direct(p1, azi1, s12)
		a, b := q.ECEF(), p2.ECEF()
		if d := math.Sqrt(sq(a.X-b.X) + sq(a.Y-b.Y) + sq(a.Z-b.Z)); d > 1e-6 {
			t.Fatalf("Direct(%v, %v, %v) = %v, %.3g m from %v", p1, azi1, s12, q, d, p2)
		}
		back, _, _ := Inverse(p2, p1)
		if math.Abs(back-s12) > 1e-6 {
			t.Fatalf("Inverse not symmetric: %.9f and %.9f", s12, back)
		}
	})
}

// FuzzHeight: Height is FromECEF's height, bit for bit, anywhere: at the
// surface, in orbit, deep inside the earth and at its centre.
func FuzzHeight(f *testing.F) {
	f.Add(6378137.0, 0.0, 0.0)
	f.Add(1113194.9, -4497040.5, 4404166.0)
	f.Add(0.0, 0.0, 6356752.3)
	f.Add(0.0, 0.0, 0.0)
	f.Add(1e3, -2e3, 10.0)
	f.Add(42164e3, 1e5, -3e4)
	f.Fuzz(func(t *testing.T, x, y, z float64) {
		v := r3.Vec{X: x, Y: y, Z: z}
		got, want := Height(v), FromECEF(v).Alt
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("Height(%v) = %v, FromECEF gives %v", v, got, want)
		}
		// HeightUp and FromECEFUp give the same, bit for bit, and a unit
		// vertical wherever the point is finite and not absurdly far.
		alt, up := HeightUp(v)
		lla, up2 := FromECEFUp(v)
		if math.Float64bits(alt) != math.Float64bits(got) || !sameBits(lla, FromECEF(v)) || !sameBits(LLA{up.X, up.Y, up.Z}, LLA{up2.X, up2.Y, up2.Z}) {
			t.Fatalf("HeightUp(%v) = %v %v, FromECEFUp %v %v; Height %v, FromECEF %v", v, alt, up, lla, up2, got, FromECEF(v))
		}
		if n := r3.Norm(up); r3.Norm(v) < 1e15 && !math.IsNaN(got) && math.Abs(n-1) > 1e-14 {
			t.Fatalf("HeightUp(%v): |up| = %v", v, n)
		}
	})
}

// sameBits says two positions are the same bits, NaNs alike.
func sameBits(a, b LLA) bool {
	eq := func(x, y float64) bool {
		return math.Float64bits(x) == math.Float64bits(y) || (math.IsNaN(x) && math.IsNaN(y))
	}
	return eq(a.Lat, b.Lat) && eq(a.Lon, b.Lon) && eq(a.Alt, b.Alt)
}
