package weapon

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
)

// testMissile is an illustrative long-range round: boost to 1,900 m/s in
// 12 s is the public 48N6E2 figure (public-figures.yaml, FAS via repo
// notes); the launch speed, coast constant, g limit, N', lethal radius and
// Pk are assumptions for the tests, not catalogue data.
func testMissile() Missile {
	return Missile{
		Name:     "test-48N6E2-like",
		MinRange: 3e3, MaxRange: 200e3,
		MinAltitude: 10, MaxAltitude: 27e3,
		Profile:         Profile{LaunchSpeed: 50, BurnoutSpeed: 1900, BoostTime: 12, CoastTimeConstant: 60},
		MaxFlightTime:   250,
		MaxLateralAccel: 20 * 9.80665,
		NavRatio:        4,
		Lethality:       Lethality{LethalRadius: 15, PkMax: 0.9},
		MaxTargetSpeed:  2800,
	}
}

func TestMissileValidate(t *testing.T) {
	if err := testMissile().Validate(); err != nil {
		t.Fatal(err)
	}
	m := testMissile()
	m.MaxRange = 1e3 // below MinRange
	m.NavRatio = math.NaN()
	m.PkMax = 1.5
	m.SeekerRange = -1
	m.LaunchSpeed = -1
	err := m.Validate()
	if err == nil {
		t.Fatal("Validate() = nil")
	}
	// All problems at once, with the missile named.
	for _, want := range []string{`"test-48N6E2-like"`, "MaxRange", "NavRatio", "PkMax", "SeekerRange", "LaunchSpeed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestMissileTimeToFly(t *testing.T) {
	m := testMissile()
	if _, ok := m.TimeToFly(m.Distance(m.MaxFlightTime) + 1); ok {
		t.Error("TimeToFly beyond the self-destruct is ok")
	}
	tt, ok := m.TimeToFly(m.Distance(100))
	if !ok || math.Abs(tt-100) > 1e-9 {
		t.Errorf("TimeToFly(Distance(100)) = %g, %v", tt, ok)
	}
}

// engagements are target tracks in the launcher's ENU frame: position and
// velocity at launch.
var engagements = []struct {
	name     string
	pos, vel r3.Vec
}{
	{"incoming cruise missile", r3.Vec{X: 60e3, Y: 5e3, Z: 30}, r3.Vec{X: -240, Y: 0, Z: 0}},
	{"crossing aircraft", r3.Vec{X: 40e3, Y: 30e3, Z: 8e3}, r3.Vec{X: 0, Y: -280, Z: 0}},
	{"receding fighter", r3.Vec{X: 20e3, Y: 20e3, Z: 6e3}, r3.Vec{X: 200, Y: 200, Z: 0}},
	{"high fast", r3.Vec{X: 100e3, Y: 0, Z: 20e3}, r3.Vec{X: -700, Y: 0, Z: -100}},
	{"diving ballistic", r3.Vec{X: 40e3, Y: 10e3, Z: 25e3}, r3.Vec{X: -1500, Y: -300, Z: -1500}},
}

var testSite = geo.Deg(55.75, 37.62, 150)

// Check (f), first half: the predicted target position at tof is
// Distance(tof) from the launcher, and no earlier time of flight works
// (a dense independent scan of the range gap finds no earlier sign change).
func TestPredictIntercept(t *testing.T) {
	m := testMissile()
	fr := geo.NewFrame(testSite)
	launcher := testSite.ECEF()
	for _, tc := range engagements {
		t.Run(tc.name, func(t *testing.T) {
			tp, tv := fr.FromENU(tc.pos), fr.RotateFromENU(tc.vel)
			pip, tof, ok := m.PredictIntercept(launcher, tp, tv)
			if !ok {
				t.Fatal("no intercept")
			}
			if want := r3.Add(tp, r3.Scale(tof, tv)); r3.Norm(r3.Sub(pip, want)) > 1e-6 {
				t.Errorf("pip %v is not the target at tof (%v)", pip, want)
			}
			if d, s := r3.Norm(r3.Sub(pip, launcher)), m.Distance(tof); math.Abs(d-s) > 1e-3 {
				t.Errorf("pip at %.4f m from the launcher, Distance(tof) = %.4f m", d, s)
			}
			gap := func(tt float64) float64 {
				return r3.Norm(r3.Sub(r3.Add(tp, r3.Scale(tt, tv)), launcher)) - m.Distance(tt)
			}
			for tt := 0.0; tt < tof-1e-3; tt += 1e-3 {
				if gap(tt) <= 0 {
					t.Fatalf("earlier intercept at %g s < tof %g s", tt, tof)
				}
			}
			if err := m.CheckEnvelope(launcher, pip, tv); err != nil {
				t.Errorf("CheckEnvelope: %v", err)
			}
			t.Logf("tof %.2f s, range %.0f m", tof, m.Distance(tof))
		})
	}
}

func TestPredictInterceptNone(t *testing.T) {
	m := testMissile()
	fr := geo.NewFrame(testSite)
	launcher := testSite.ECEF()
	// A target receding at 2.5 km/s from 150 km: the coasting missile never
	// catches it within the flight time.
	tp, tv := fr.FromENU(r3.Vec{X: 150e3, Z: 10e3}), fr.RotateFromENU(r3.Vec{X: 2500})
	if _, _, ok := m.PredictIntercept(launcher, tp, tv); ok {
		t.Error("intercept found for an unreachable target")
	}
	if _, _, ok := m.PredictIntercept(launcher, r3.Vec{X: math.NaN()}, tv); ok {
		t.Error("intercept found for a NaN target")
	}
}

func TestCheckEnvelope(t *testing.T) {
	m := testMissile()
	fr := geo.NewFrame(testSite)
	launcher := testSite.ECEF()
	slow := fr.RotateFromENU(r3.Vec{X: -200})
	for _, tc := range []struct {
		name string
		enu  r3.Vec
		vel  r3.Vec
		want error
	}{
		{"inside", r3.Vec{X: 50e3, Z: 5e3}, slow, nil},
		{"too close", r3.Vec{X: 1e3, Z: 500}, slow, ErrTooClose},
		{"too far", r3.Vec{X: 250e3, Z: 10e3}, slow, ErrTooFar},
		{"too low", r3.Vec{X: 20e3, Z: -200}, slow, ErrTooLow}, // about 20 m below the ellipsoid
		{"too high", r3.Vec{X: 50e3, Z: 30e3}, slow, ErrTooHigh},
		{"too fast", r3.Vec{X: 50e3, Z: 5e3}, fr.RotateFromENU(r3.Vec{X: -3000}), ErrTargetTooFast},
	} {
		err := m.CheckEnvelope(launcher, fr.FromENU(tc.enu), tc.vel)
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: CheckEnvelope = %v, want %v", tc.name, err, tc.want)
		}
	}
}

// Ground range against GeographicLib's geodesic, recorded with
//
//	echo "lat1 lon1 lat2 lon2" | GeodSolve -i -p 3
//
// (geographiclib-tools; the third output field is the distance in m). The
// intercept point is put 10 km up: ground range is measured between feet.
func TestGroundRangeGeodesic(t *testing.T) {
	for _, tc := range []struct {
		lat1, lon1, lat2, lon2, s12 float64
	}{
		{55.75, 37.62, 56.60, 39.80, 165186.736},
		{55.75, 37.62, 53.10, 33.50, 398012.811},
		{10.0, 20.0, 12.0, 22.5, 351542.726},
	} {
		got, alt := groundRange(geo.Deg(tc.lat1, tc.lon1, 150).ECEF(), geo.Deg(tc.lat2, tc.lon2, 10e3).ECEF())
		if math.Abs(got-tc.s12) > 1e-5*tc.s12 {
			t.Errorf("ground range %v: %.1f m, GeodSolve %.1f m", tc, got, tc.s12)
		}
		if math.Abs(alt-10e3) > 1e-6 {
			t.Errorf("altitude %g", alt)
		}
		t.Logf("%.1f m vs GeodSolve %.1f m (%.2g relative)", got, tc.s12, (got-tc.s12)/tc.s12)
	}
}

// The warm-started search of a missile in flight (predictFrom) finds the
// intercept the cold search (predict) finds, whatever its guess: on
// random geometries, from launch to late in the coast, with a guess near
// the answer (as the next step makes it), far off, inside the boost,
// beyond the horizon or NaN. Where the cold search finds none the warm
// one finds none either.
func TestPredictFromMatchesPredict(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 3))
	missiles := []Missile{testMissile(), testMissile()}
	// A 9M96E2-like round: 5 s boost to 1,000 m/s, long coast (the
	// catalogue's assumed profile).
	missiles[1].Profile = Profile{LaunchSpeed: 30, BurnoutSpeed: 1000, BoostTime: 5, CoastTimeConstant: 260}
	missiles[1].MaxFlightTime = 180
	fr := geo.NewFrame(testSite)
	const n = 4000
	var found, warmEvals int
	for k := range n {
		m := &missiles[k%2]
		t0 := rng.Float64() * 0.6 * m.MaxFlightTime
		from := fr.FromENU(r3.Vec{X: 40e3 * (rng.Float64() - 0.5), Y: 40e3 * (rng.Float64() - 0.5), Z: 20e3 * rng.Float64()})
		tp := fr.FromENU(r3.Vec{X: 160e3 * (rng.Float64() - 0.5), Y: 160e3 * (rng.Float64() - 0.5), Z: 25e3 * rng.Float64()})
		speed := 3000 * rng.Float64() * rng.Float64()
		dir := r3.Unit(r3.Vec{X: rng.NormFloat64(), Y: rng.NormFloat64(), Z: 0.3 * rng.NormFloat64()})
		tv := fr.RotateFromENU(r3.Scale(speed, dir))
		horizon := m.MaxFlightTime - t0
		pip, tof, ok := m.predict(from, t0, tp, tv, horizon)
		if ok {
			found++
		}
		guesses := []float64{math.NaN(), -1, 2 * horizon, horizon * rng.Float64(), m.BoostTime * rng.Float64()}
		if ok {
			guesses = append(guesses, tof, tof+0.1, tof-0.1, tof+3*rng.NormFloat64(), tof*(1+0.5*rng.NormFloat64()))
		}
		for _, g := range guesses {
			wpip, wtof, wok := m.predictFrom(from, t0, m.Distance(t0), tp, tv, horizon, g)
			if wok != ok {
				t.Fatalf("case %d, guess %g: predictFrom ok = %v, predict ok = %v (tof %g)", k, g, wok, ok, tof)
			}
			if !ok {
				continue
			}
			// The root tolerance is a micrometre of f, whose slope is at
			// most a few km/s: the two roots agree to a nanosecond or so.
			if d := r3.Norm(r3.Sub(wpip, pip)); math.Abs(wtof-tof) > 1e-6 || d > 1e-2 {
				t.Fatalf("case %d, guess %g: predictFrom tof %.9f s, pip %.3f m from predict's (tof %.9f s)", k, g, wtof, d, tof)
			}
			warmEvals++
		}
	}
	if found < n/4 {
		t.Errorf("only %d of %d geometries have an intercept: the test checks too little", found, n)
	}
	t.Logf("%d of %d geometries with an intercept, %d warm searches compared", found, n, warmEvals)
}
