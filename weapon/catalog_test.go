package weapon

import (
	"fmt"
	"sync"
	"testing"

	"github.com/iadsim/iadsim/catalog"
)

// catalogMissiles are the missiles of the catalogue the fly-out checks
// cover (catalog/data/s400.yaml and s300pmu2.yaml).
var catalogMissiles = []string{"40N6E", "48N6DM", "48N6E3", "48N6E2", "9M96E2", "9M96E"}

// fromCatalog builds the kinematic Missile of a catalogue entry from the
// nominal values of its figures, read through package catalog.
func fromCatalog(name string) (Missile, error) {
	c, err := catalog.Load()
	if err != nil {
		return Missile{}, err
	}
	e, ok := c.Lookup(name)
	if !ok {
		return Missile{}, fmt.Errorf("catalogue has no %s", name)
	}
	var errs []error
	get := func(key string) float64 {
		f, ok := e.Figure(key)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: no figure %s", name, key))
			return 0
		}
		v, _, _, err := f.SI()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
		return v
	}
	m := Missile{
		Name:     name,
		MinRange: get("min_range"), MaxRange: get("max_range"),
		MinAltitude: get("min_altitude"), MaxAltitude: get("max_altitude"),
		Profile: Profile{LaunchSpeed: get("launch_speed"), BurnoutSpeed: get("burnout_speed"),
			BoostTime: get("boost_time"), CoastTimeConstant: get("coast_time_constant")},
		MaxFlightTime:   get("max_flight_time"),
		MaxLateralAccel: get("max_lateral_accel"),
		NavRatio:        get("nav_ratio"),
		SeekerRange:     get("seeker_range"),
		Lethality:       Lethality{LethalRadius: get("lethal_radius"), PkMax: get("pk")},
		MaxTargetSpeed:  get("max_target_speed"),
	}
	if len(errs) > 0 {
		return Missile{}, errs[0]
	}
	return m, m.Validate()
}

// derived caches Derive3DOF of each catalogue missile across the tests,
// with its calibration report.
var derived = sync.OnceValues(func() (map[string]derivedEntry, error) {
	ms := make([]derivedEntry, len(catalogMissiles))
	errs := make([]error, len(catalogMissiles))
	var wg sync.WaitGroup
	for k, name := range catalogMissiles {
		wg.Go(func() {
			m, err := fromCatalog(name)
			var cal Calibration
			if err == nil {
				m, cal, err = Derive3DOFCalibrated(m, Sizing{})
			}
			ms[k], errs[k] = derivedEntry{m, cal}, err
		})
	}
	wg.Wait()
	out := map[string]derivedEntry{}
	for k, name := range catalogMissiles {
		if errs[k] != nil {
			return nil, errs[k]
		}
		out[name] = ms[k]
	}
	return out, nil
})

type derivedEntry struct {
	m   Missile
	cal Calibration
}

func derivedMissile(t testing.TB, name string) Missile {
	t.Helper()
	ms, err := derived()
	if err != nil {
		t.Fatal(err)
	}
	return ms[name].m
}
