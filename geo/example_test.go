package geo_test

import (
	"fmt"
	"math"

	"github.com/iadsim/iadsim/geo"
)

// The great-circle route of a flight from New York JFK to London Heathrow,
// on the WGS-84 ellipsoid.
func ExampleInverse() {
	jfk, lhr := geo.Deg(40.6, -73.8, 0), geo.Deg(51.48, -0.45, 0)
	s12, azi1, azi2 := geo.Inverse(jfk, lhr)
	fmt.Printf("%.3f km, leaving on %.4f°, arriving on %.4f°\n", s12/1e3, azi1*180/math.Pi, azi2*180/math.Pi)
	// Output: 5559.161 km, leaving on 51.3356°, arriving on 107.9490°
}

// Points every 1000 km along a geodesic, computed from one Line. (The same
// as "echo 40.6 -73.8 51.3356 1000000 | GeodSolve" and so on.)
func ExampleLine() {
	l := geo.NewLine(geo.Deg(40.6, -73.8, 0), 51.3356*math.Pi/180)
	for s := 0.0; s <= 3000e3; s += 1000e3 {
		p, azi := l.Position(s)
		fmt.Printf("%4.0f km: %8.4f %9.4f  azimuth %.4f°\n", s/1e3, p.LatDeg(), p.LonDeg(), azi*180/math.Pi)
	}
	// Output:
	//    0 km:  40.6000  -73.8000  azimuth 51.3356°
	// 1000 km:  45.8069  -63.7445  azimuth 58.2360°
	// 2000 km:  49.9573  -51.8595  azimuth 67.0720°
	// 3000 km:  52.6878  -38.1649  azimuth 77.7860°
}
