package geo

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readTable reads a whitespace-separated table from testdata, skipping
// comment lines. The first skip fields of each row are returned as labels,
// the rest parsed as numbers.
func readTable(t *testing.T, name string, skip int) (labels [][]string, rows [][]float64) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		var row []float64
		for _, s := range fields[skip:] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%s:%d: %v", name, line, err)
			}
			row = append(row, v)
		}
		labels = append(labels, fields[:skip])
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no rows", name)
	}
	return labels, rows
}

// angleDiffDeg is the difference of two angles in degrees, wrapped into
// [-180, 180].
func angleDiffDeg(a, b float64) float64 {
	return math.Remainder(a-b, 360)
}

// Tolerances asked of the models against GeographicLib.
const (
	tolECEF   = 1e-3 // m
	tolDist   = 1e-3 // m
	tolAngDeg = 1e-9 // degrees
)

func TestECEFAgainstCartConvert(t *testing.T) {
	_, rows := readTable(t, "ecef.txt", 0)
	var worst float64
	for _, r := range rows {
		p := Deg(r[0], r[1], r[2])
		want := [3]float64{r[3], r[4], r[5]}
		v := p.ECEF()
		got := [3]float64{v.X, v.Y, v.Z}
		for i := range got {
			d := math.Abs(got[i] - want[i])
			worst = math.Max(worst, d)
			if d > tolECEF {
				t.Errorf("ECEF(%v %v %v)[%d] = %.6f, CartConvert %.6f", r[0], r[1], r[2], i, got[i], want[i])
			}
		}
		// The way back must land on the same point.
		q := FromECEF(v).ECEF()
		if d := math.Sqrt(sq(q.X-v.X) + sq(q.Y-v.Y) + sq(q.Z-v.Z)); d > tolECEF {
			t.Errorf("round trip of (%v %v %v) moved %.3g m", r[0], r[1], r[2], d)
		}
	}
	t.Logf("worst ECEF error %.3g m", worst)
}

func TestFromECEFAgainstCartConvert(t *testing.T) {
	_, rows := readTable(t, "ecef_reverse.txt", 0)
	for _, r := range rows {
		v := vec(r[0], r[1], r[2])
		got := FromECEF(v)
		want := Deg(r[3], r[4], r[5])
		// Compare as distances on the ground: a degree difference means
		// little near the pole or far out.
		n := A / math.Sqrt(1-E2*sq(math.Sin(want.Lat)))
		dn := (got.Lat - want.Lat) * (n + want.Alt)
		de := math.Remainder(got.Lon-want.Lon, 2*math.Pi) * (n + want.Alt) * math.Cos(want.Lat)
		dh := got.Alt - want.Alt
		if math.Abs(dn) > tolECEF || math.Abs(de) > tolECEF || math.Abs(dh) > tolECEF {
			t.Errorf("FromECEF(%v %v %v) = %.12f %.12f %.6f, CartConvert %v %v %v (errors N %.3g E %.3g U %.3g m)",
				r[0], r[1], r[2], got.LatDeg(), got.LonDeg(), got.Alt, r[3], r[4], r[5], dn, de, dh)
		}
	}
}

func TestLocalAgainstCartConvert(t *testing.T) {
	_, rows := readTable(t, "local.txt", 0)
	for _, r := range rows {
		f := NewFrame(Deg(r[0], r[1], r[2]))
		target := Deg(r[3], r[4], r[5]).ECEF()
		enu := f.ToENU(target)
		want := vec(r[6], r[7], r[8])
		if d := dist(enu, want); d > tolECEF {
			t.Errorf("ToENU from %v to %v: %v, CartConvert %v (%.3g m)", r[:3], r[3:6], enu, want, d)
		}
		if d := dist(f.FromENU(want), target); d > tolECEF {
			t.Errorf("FromENU from %v of %v misses by %.3g m", r[:3], want, d)
		}
		aer := f.AER(target)
		if math.Abs(aer.Range-r[11]) > tolECEF {
			t.Errorf("AER range %v, want %v", aer.Range, r[11])
		}
		// Angles to 1 mm at the target's range; azimuth is undefined
		// straight overhead.
		tolAng := tolECEF / r[11] * 180 / math.Pi
		if math.Abs(aer.El*180/math.Pi-r[10]) > tolAng {
			t.Errorf("AER elevation %.9f, want %.9f", aer.El*180/math.Pi, r[10])
		}
		if math.Hypot(r[6], r[7]) > tolECEF && math.Abs(angleDiffDeg(aer.Az*180/math.Pi, r[9])) > tolAng {
			t.Errorf("AER azimuth %.9f, want %.9f", aer.Az*180/math.Pi, r[9])
		}
		if d := dist(AERToENU(aer), want); d > tolECEF {
			t.Errorf("AERToENU(%v) = %v, want %v", aer, AERToENU(aer), want)
		}
	}
}

func TestInverseAgainstGeodSolve(t *testing.T) {
	labels, rows := readTable(t, "inverse.txt", 1)
	for i, r := range rows {
		// The algorithm itself, fed the same decimal degrees as GeodSolve.
		// Karney's method is accurate to about 15 nm in position, which on
		// a 10 m line is 1.5e-9 rad of azimuth (GeodSolve and this code
		// differ by 5e-11 rad at 8 m, from the Newton stopping rule), so
		// the azimuth tolerance grows as 20 nm / s12 on short lines.
		s12, salp1, calp1, salp2, calp2 := wgs84.inverse(r[0], r[1], r[2], r[3])
		azi1, azi2 := math.Atan2(salp1, calp1), math.Atan2(salp2, calp2)
		if math.Abs(s12-r[6]) > tolDist {
			t.Errorf("%s %v: s12 %.9f, GeodSolve %.9f", labels[i][0], r[:4], s12, r[6])
		}
		tol := tolAngDeg + 2e-8/r[6]/degree
		if d := angleDiffDeg(azi1/degree, r[4]); math.Abs(d) > tol {
			t.Errorf("%s %v: azi1 %.14f, GeodSolve %.14f", labels[i][0], r[:4], azi1/degree, r[4])
		}
		if d := angleDiffDeg(azi2/degree, r[5]); math.Abs(d) > tol {
			t.Errorf("%s %v: azi2 %.14f, GeodSolve %.14f", labels[i][0], r[:4], azi2/degree, r[5])
		}

		// The radian API. Degrees to radians and back moves a point by up
		// to about 1e-8 m at longitude 180°; allow for that too. Exactly antipodal
		// points on a meridian are joined by a whole family of shortest
		// paths, so any azimuth is right there.
		s12, azi1, azi2 = Inverse(Deg(r[0], r[1], 0), Deg(r[2], r[3], 0))
		if math.Abs(s12-r[6]) > tolDist {
			t.Errorf("%s %v: Inverse s12 %.9f, GeodSolve %.9f", labels[i][0], r[:4], s12, r[6])
		}
		if r[0] == -r[2] && (math.Abs(r[0]) == 90 || math.Abs(math.Remainder(r[1]-r[3], 360)) == 180) {
			continue
		}
		tol = tolAngDeg + 3e-8/r[6]/degree
		if d := angleDiffDeg(azi1/degree, r[4]); math.Abs(d) > tol {
			t.Errorf("%s %v: Inverse azi1 %.14f, GeodSolve %.14f", labels[i][0], r[:4], azi1/degree, r[4])
		}
		if d := angleDiffDeg(azi2/degree, r[5]); math.Abs(d) > tol {
			t.Errorf("%s %v: Inverse azi2 %.14f, GeodSolve %.14f", labels[i][0], r[:4], azi2/degree, r[5])
		}
	}
}

func TestDirectAgainstGeodSolve(t *testing.T) {
	labels, rows := readTable(t, "direct.txt", 1)
	for i, r := range rows {
		p1 := Deg(r[0], r[1], 123)
		p2, azi2 := Direct(p1, r[2]*degree, r[3])
		if p2.Alt != 123 {
			t.Errorf("Direct changed the height to %v", p2.Alt)
		}
		check := func(what string, got, want float64) {
			if d := angleDiffDeg(got, want); math.Abs(d) > tolAngDeg {
				t.Errorf("%s %v: %s %.14f, GeodSolve %.14f", labels[i][0], r[:4], what, got, want)
			}
		}
		check("lat2", p2.LatDeg(), r[4])
		if math.Abs(r[4]) < 90-1e-6 {
			check("lon2", p2.LonDeg(), r[5])
		}
		check("azi2", azi2/degree, r[6])
		// The same through a Line.
		q, _ := NewLine(p1, r[2]*degree).Position(r[3])
		if q != p2 {
			t.Errorf("Line.Position %v differs from Direct %v", q, p2)
		}
	}
}

// TestLineRoundTrip walks along lines and checks that Inverse measures
// back the distance walked, and that walking backwards returns home.
func TestLineRoundTrip(t *testing.T) {
	starts := []struct {
		p   LLA
		azi float64
	}{
		{Deg(0, 0, 0), 0},
		{Deg(0, 0, 0), 90},
		{Deg(-89.9, 30, 0), 12},
		{Deg(51.5, -0.1, 0), 117},
		{Deg(-33.9, 151.2, 0), -80},
	}
	for _, st := range starts {
		l := NewLine(st.p, st.azi*degree)
		for _, s := range []float64{0, 1, 10, 1e3, 3e5, 5e6, 1e7, 1.9e7} {
			p, _ := l.Position(s)
			got, _, _ := Inverse(st.p, p)
			if math.Abs(got-s) > 1e-6 {
				t.Errorf("from %v az %v: walked %v m, Inverse says %.9f", st.p, st.azi, s, got)
			}
			q, _ := l.Position(-s)
			back, _, _ := Inverse(st.p, q)
			if math.Abs(back-s) > 1e-6 {
				t.Errorf("from %v az %v: walked back %v m, Inverse says %.9f", st.p, st.azi, s, back)
			}
		}
	}
}

func sq(x float64) float64 { return x * x }
