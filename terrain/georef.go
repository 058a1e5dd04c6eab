package terrain

import (
	"fmt"
	"math"

	"github.com/iadsim/iadsim/geo"
)

// EPSG codes of the coordinate systems a Georef can be in.
const (
	EPSGWGS84    = 4326  // geographic WGS-84: x is longitude, y latitude, in degrees
	EPSGUTMNorth = 32600 // plus the zone, 1 to 60: UTM north on WGS-84, metres
	EPSGUTMSouth = 32700 // plus the zone: UTM south on WGS-84, metres
)

// Georef places a north-up raster of Cols x Rows pixels on the earth, as
// GDAL's geotransform does: X0, Y0 are the coordinates of the outer
// (north-west) corner of the top-left pixel and DX, DY the pixel size, both
// positive; rows run south. A pixel's value belongs to its centre, so
// pixel (col, row) is at x = X0 + (col+0.5) DX, y = Y0 - (row+0.5) DY. An
// SRTM post on a whole degree therefore sits at the centre of a pixel whose
// corner lies half a post outside the degree, as gdalinfo shows.
type Georef struct {
	EPSG       int // EPSGWGS84, or EPSGUTMNorth/EPSGUTMSouth plus the zone
	Cols, Rows int
	X0, Y0     float64
	DX, DY     float64
}

// check reports whether g describes a usable raster.
func (g Georef) check() error {
	if g.Cols <= 0 || g.Rows <= 0 {
		return fmt.Errorf("raster size %dx%d, want at least 1x1", g.Cols, g.Rows)
	}
	if !(g.DX > 0) || !(g.DY > 0) || math.IsInf(g.DX, 0) || math.IsInf(g.DY, 0) ||
		math.IsNaN(g.X0) || math.IsInf(g.X0, 0) || math.IsNaN(g.Y0) || math.IsInf(g.Y0, 0) {
		return fmt.Errorf("pixel size %g x %g at (%g, %g), want finite and positive", g.DX, g.DY, g.X0, g.Y0)
	}
	if _, _, err := utmZone(g.EPSG); g.EPSG != EPSGWGS84 && err != nil {
		return err
	}
	return nil
}

// utmZone splits a UTM EPSG code into zone and hemisphere.
func utmZone(epsg int) (zone int, south bool, err error) {
	switch {
	case epsg > EPSGUTMNorth && epsg <= EPSGUTMNorth+60:
		return epsg - EPSGUTMNorth, false, nil
	case epsg > EPSGUTMSouth && epsg <= EPSGUTMSouth+60:
		return epsg - EPSGUTMSouth, true, nil
	}
	return 0, false, fmt.Errorf("coordinate system EPSG:%d is not supported (want 4326 geographic WGS-84 or 326zz/327zz UTM)", epsg)
}

// Geographic reports whether the raster is in latitude and longitude.
func (g Georef) Geographic() bool { return g.EPSG == EPSGWGS84 }

// Pixel gives the continuous pixel coordinates of a geodetic position
// (radians): x = col and y = row at the centre of pixel (col, row).
func (g Georef) Pixel(lat, lon float64) (x, y float64) {
	var cx, cy float64
	if g.Geographic() {
		cx, cy = lon*180/math.Pi, lat*180/math.Pi
		// Bring the longitude to the raster's side of the antimeridian.
		if mid := g.X0 + float64(g.Cols)*g.DX/2; cx-mid > 180 {
			cx -= 360
		} else if mid-cx > 180 {
			cx += 360
		}
	} else {
		zone, south, _ := utmZone(g.EPSG)
		cx, cy = utmForward(zone, south, lat, lon)
	}
	return (cx-g.X0)/g.DX - 0.5, (g.Y0-cy)/g.DY - 0.5
}

// LatLon gives the geodetic position (radians) of continuous pixel
// coordinates, the inverse of Pixel.
func (g Georef) LatLon(x, y float64) (lat, lon float64) {
	cx, cy := g.X0+(x+0.5)*g.DX, g.Y0-(y+0.5)*g.DY
	if g.Geographic() {
		return cy * math.Pi / 180, cx * math.Pi / 180
	}
	zone, south, _ := utmZone(g.EPSG)
	return utmInverse(zone, south, cx, cy)
}

// Spacing is the smallest distance between neighbouring pixel centres in
// metres, anywhere in the raster: for a geographic raster the east-west
// spacing at its most poleward row, or the north-south spacing if smaller.
func (g Georef) Spacing() float64 {
	if !g.Geographic() {
		return math.Min(g.DX, g.DY)
	}
	dx, dy := g.pixelMetres(g.polewardLat())
	return math.Min(dx, dy)
}

// polewardLat is the latitude of the raster's most poleward row of
// pixel centres, radians (a geographic raster's).
func (g Georef) polewardLat() float64 {
	lat := math.Max(math.Abs(g.Y0-0.5*g.DY), math.Abs(g.Y0-(float64(g.Rows)-0.5)*g.DY))
	return math.Min(lat, 89.9) * math.Pi / 180
}

// leastPixelMetres is the least width and the least height of the
// grid's pixels in metres.
func (g *Grid) leastPixelMetres() (dx, dy float64) {
	if !g.Geographic() {
		return g.DX, g.DY
	}
	dx, dy = g.pixelMetres(g.polewardLat())
	// The meridian's radius of curvature, and with it a pixel's height,
	// is least toward the equator.
	lat := 0.0
	if top, bottom := g.Y0-0.5*g.DY, g.Y0-(float64(g.Rows)-0.5)*g.DY; top*bottom > 0 {
		lat = math.Min(math.Abs(top), math.Abs(bottom)) * math.Pi / 180
	}
	_, dy2 := g.pixelMetres(lat)
	return dx, math.Min(dy, dy2)
}

// pixelMetres is the width and height of a pixel in metres: at latitude
// lat (radians) on the ellipsoid for a geographic raster, in the
// projection's metres for a projected one.
func (g Georef) pixelMetres(lat float64) (dx, dy float64) {
	if !g.Geographic() {
		return g.DX, g.DY
	}
	s := math.Sin(lat)
	w := 1 - geo.E2*s*s
	n := geo.A / math.Sqrt(w)
	m := n * (1 - geo.E2) / w
	rad := math.Pi / 180
	return g.DX * rad * n * math.Cos(lat), g.DY * rad * m
}

// Transverse Mercator by Krüger's series in n to third order (Karney,
// "Transverse Mercator with an accuracy of a few nanometers", J. Geodesy
// 85, 2011, eqs. 35-36): better than a millimetre within the 6° UTM zones.
const (
	utmK0 = 0.9996
	utmE0 = 500e3
	utmN0 = 10000e3 // false northing of the southern zones
)

type tmSeries struct {
	a                  float64 // rectifying radius A
	alpha, beta, delta [3]float64
	e                  float64 // first eccentricity
}

func newTMSeries() tmSeries {
	n := geo.F / (2 - geo.F)
	n2, n3 := n*n, n*n*n
	return tmSeries{
		a:     geo.A / (1 + n) * (1 + n2/4 + n2*n2/64),
		alpha: [3]float64{n/2 - 2*n2/3 + 5*n3/16, 13*n2/48 - 3*n3/5, 61 * n3 / 240},
		beta:  [3]float64{n/2 - 2*n2/3 + 37*n3/96, n2/48 + n3/15, 17 * n3 / 480},
		delta: [3]float64{2*n - 2*n2/3 - 2*n3, 7*n2/3 - 8*n3/5, 56 * n3 / 15},
		e:     math.Sqrt(geo.E2),
	}
}

func centralMeridian(zone int) float64 { return float64(6*zone-183) * math.Pi / 180 }

// utmForward projects a geodetic position (radians) to UTM easting and
// northing in metres.
func utmForward(zone int, south bool, lat, lon float64) (east, north float64) {
	s := newTMSeries()
	dl := math.Remainder(lon-centralMeridian(zone), 2*math.Pi)
	sl := math.Sin(lat)
	t := math.Sinh(math.Atanh(sl) - s.e*math.Atanh(s.e*sl))
	xi := math.Atan2(t, math.Cos(dl))
	eta := math.Atanh(math.Sin(dl) / math.Sqrt(1+t*t))
	x, y := eta, xi
	for j, a := range s.alpha {
		k := 2 * float64(j+1)
		x += a * math.Cos(k*xi) * math.Sinh(k*eta)
		y += a * math.Sin(k*xi) * math.Cosh(k*eta)
	}
	east, north = utmE0+utmK0*s.a*x, utmK0*s.a*y
	if south {
		north += utmN0
	}
	return east, north
}

// utmInverse is the inverse of utmForward.
func utmInverse(zone int, south bool, east, north float64) (lat, lon float64) {
	s := newTMSeries()
	if south {
		north -= utmN0
	}
	xi := north / (utmK0 * s.a)
	eta := (east - utmE0) / (utmK0 * s.a)
	xp, ep := xi, eta
	for j, b := range s.beta {
		k := 2 * float64(j+1)
		xp -= b * math.Sin(k*xi) * math.Cosh(k*eta)
		ep -= b * math.Cos(k*xi) * math.Sinh(k*eta)
	}
	chi := math.Asin(math.Sin(xp) / math.Cosh(ep))
	lat = chi
	for j, d := range s.delta {
		lat += d * math.Sin(2*float64(j+1)*chi)
	}
	lon = centralMeridian(zone) + math.Atan2(math.Sinh(ep), math.Cos(xp))
	return lat, lon
}
