package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// tolGeoid is the agreement asked of GeoidHeight against PROJ on the same
// grid: issue 17 asks 0.05 m; the centimetre rounding of the embedded
// posts alone allows 0.005 m, and bilinear weights add nothing to it.
const tolGeoid = 0.006

// TestGeoidRecorded compares GeoidHeight with PROJ's EGM96 transform
// (through gdaltransform) at named places, the grid's edges, the poles,
// the antimeridian and 200 random points, recorded in testdata/geoid.txt
// by testdata/gen.sh.
func TestGeoidRecorded(t *testing.T) {
	_, rows := readTable(t, "geoid.txt", 0)
	worst := 0.0
	for _, r := range rows {
		got := GeoidHeight(r[0]*degree, r[1]*degree)
		d := math.Abs(got - r[2])
		worst = math.Max(worst, d)
		if d > tolGeoid {
			t.Errorf("GeoidHeight(%g, %g) = %.4f m, PROJ %.4f m (off %.4f m)", r[0], r[1], got, r[2], d)
		}
	}
	t.Logf("%d points, worst difference from PROJ %.4f m", len(rows), worst)
}

// TestOracleGeoid runs PROJ live (gdaltransform, Debian gdal-bin with
// proj-data's egm96_15.gtx) on 200 random points, posts and midpoints
// between posts among them.
func TestOracleGeoid(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 96))
	type pt struct{ lat, lon float64 }
	var pts []pt
	var in []string
	for i := range oracleCases {
		p := randLLA(rng, 0, 0)
		lat, lon := p.Lat/degree, p.Lon/degree
		switch i % 4 {
		case 1: // on a post
			lat, lon = math.Round(lat*4)/4, math.Round(lon*4)/4
		case 2: // midway between four posts
			lat, lon = math.Floor(lat*4)/4+0.125, math.Floor(lon*4)/4+0.125
		}
		pts = append(pts, pt{lat, lon})
		in = append(in, fmt.Sprintf("%s %s 0", num(lon), num(lat)))
	}
	want := oracle(t, in, "gdaltransform", "-s_srs", "EPSG:4326+5773", "-t_srs", "EPSG:4979")
	for i, p := range pts {
		got := GeoidHeight(p.lat*degree, p.lon*degree)
		if d := math.Abs(got - want[i][2]); d > tolGeoid {
			t.Errorf("GeoidHeight(%g, %g) = %.4f m, PROJ %.4f m", p.lat, p.lon, got, want[i][2])
		}
	}
}

// TestGeoidGrid checks the embedded grid as a whole: it decodes, its
// extremes are EGM96's (-106.99 m off Sri Lanka, 85.39 m over New Guinea on this grid,
// rounded to the centimetre), and longitude wraps at the antimeridian.
func TestGeoidGrid(t *testing.T) {
	g, err := EGM96()
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range g.cm {
		lo, hi = math.Min(lo, float64(v)/100), math.Max(hi, float64(v)/100)
	}
	if lo != -106.99 || hi != 85.39 {
		t.Errorf("grid range %.2f .. %.2f m, want -106.99 .. 85.39 (gdalinfo -mm egm96_15.gtx)", lo, hi)
	}
	for _, lat := range []float64{-60, 0, 12.34, 70} {
		a := g.Height(lat*degree, 180*degree)
		b := g.Height(lat*degree, -180*degree)
		c := g.Height(lat*degree, 540*degree)
		if a != b || a != c {
			t.Errorf("lat %g: N at 180° E %.4f, 180° W %.4f, 540° %.4f: want one value", lat, a, b, c)
		}
	}
	if _, err := decodeEGM96(egm96Packed[:len(egm96Packed)/2]); err == nil {
		t.Error("a truncated grid decoded without error")
	}
}
