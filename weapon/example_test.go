package weapon_test

import (
	"fmt"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/iadsim/iadsim/geo"
	"github.com/iadsim/iadsim/weapon"
)

// A launch against a crossing aircraft: plan the intercept, fly the
// missile with the truth as aim, and score the miss.
func Example() {
	m := weapon.Missile{
		Name:     "illustrative",
		MinRange: 3e3, MaxRange: 200e3,
		MinAltitude: 10, MaxAltitude: 27e3,
		// "1,900 m/s in 12 s" (48N6E2, public figure); the rest assumed.
		Profile:         weapon.Profile{LaunchSpeed: 50, BurnoutSpeed: 1900, BoostTime: 12, CoastTimeConstant: 60},
		MaxFlightTime:   250,
		MaxLateralAccel: 20 * 9.80665,
		NavRatio:        4,
		SeekerRange:     15e3,
		Lethality:       weapon.Lethality{LethalRadius: 15, PkMax: 0.9},
		MaxTargetSpeed:  2800,
	}
	if err := m.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	site := geo.Deg(55.75, 37.62, 150)
	fr := geo.NewFrame(site)
	launcher := site.ECEF()
	tgtPos := fr.FromENU(r3.Vec{X: 40e3, Y: 30e3, Z: 8e3}) // 50 km out, 8 km up
	tgtVel := fr.RotateFromENU(r3.Vec{Y: -280})            // crossing at 280 m/s

	pip, tof, ok := m.PredictIntercept(launcher, tgtPos, tgtVel)
	if !ok {
		fmt.Println("no intercept")
		return
	}
	if err := m.CheckEnvelope(launcher, pip, tgtVel); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("predicted time of flight %.1f s\n", tof)

	at := func(t float64) weapon.TargetState {
		return weapon.TargetState{Pos: r3.Add(tgtPos, r3.Scale(t, tgtVel)), Vel: tgtVel}
	}
	const dt = 0.05
	i := weapon.Launch(&m, 0, launcher, r3.Sub(pip, launcher))
	for {
		t, _, _ := i.State()
		r := i.Step(dt, at(t), at(t+dt), at(t))
		if r.Kind != weapon.Flying {
			fmt.Printf("%v at %.1f s, miss %.1f m, Pk %.2f\n", r.Kind, r.T, r.Miss, m.KillProbability(r.Miss))
			return
		}
	}
	// Output:
	// predicted time of flight 32.9 s
	// fuzed at 32.9 s, miss 0.0 m, Pk 0.90
}
