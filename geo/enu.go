package geo

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// Frame is a local east-north-up frame: a tangent plane at an origin, the
// natural frame of one radar, launcher or command post.
type Frame struct {
	Origin  LLA
	o       r3.Vec // origin in ECEF
	e, n, u r3.Vec // unit axes in ECEF
}

// NewFrame returns the ENU frame whose origin is p.
func NewFrame(p LLA) Frame {
	sLat, cLat := math.Sincos(p.Lat)
	sLon, cLon := math.Sincos(p.Lon)
	return Frame{
		Origin: p,
		o:      p.ECEF(),
		e:      r3.Vec{X: -sLon, Y: cLon},
		n:      r3.Vec{X: -sLat * cLon, Y: -sLat * sLon, Z: cLat},
		u:      r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat},
	}
}

// OriginECEF is the frame's origin in ECEF.
func (f Frame) OriginECEF() r3.Vec { return f.o }

// ToENU gives the ENU coordinates of an ECEF point.
func (f Frame) ToENU(ecef r3.Vec) r3.Vec {
	return f.RotateToENU(r3.Sub(ecef, f.o))
}

// FromENU gives the ECEF point of ENU coordinates.
func (f Frame) FromENU(enu r3.Vec) r3.Vec {
	return r3.Add(f.o, f.RotateFromENU(enu))
}

// RotateToENU turns an ECEF direction (a velocity, a difference of two
// points) into the frame's axes, without moving the origin.
func (f Frame) RotateToENU(d r3.Vec) r3.Vec {
	return r3.Vec{X: r3.Dot(f.e, d), Y: r3.Dot(f.n, d), Z: r3.Dot(f.u, d)}
}

// RotateFromENU turns a direction in the frame's axes into ECEF.
func (f Frame) RotateFromENU(d r3.Vec) r3.Vec {
	return r3.Add(r3.Add(r3.Scale(d.X, f.e), r3.Scale(d.Y, f.n)), r3.Scale(d.Z, f.u))
}

// Rotation is the 3x3 matrix, row-major, that takes ECEF directions into
// the frame's ENU axes: its rows are the east, north and up unit vectors.
func (f Frame) Rotation() [9]float64 {
	return [9]float64{f.e.X, f.e.Y, f.e.Z, f.n.X, f.n.Y, f.n.Z, f.u.X, f.u.Y, f.u.Z}
}

// AER is a direction and distance seen from a local frame: azimuth
// clockwise from north in [0, 2π), elevation above the local horizontal
// plane, and slant range.
type AER struct {
	Az, El, Range float64
}

// ENUToAER converts ENU coordinates to azimuth, elevation and slant range.
func ENUToAER(enu r3.Vec) AER {
	h := Hypot(enu.X, enu.Y)
	az := math.Atan2(enu.X, enu.Y)
	if az < 0 {
		az += 2 * math.Pi
	}
	return AER{Az: az, El: math.Atan2(enu.Z, h), Range: Hypot(h, enu.Z)}
}

// AERToENU converts azimuth, elevation and slant range to ENU coordinates.
func AERToENU(a AER) r3.Vec {
	sAz, cAz := math.Sincos(a.Az)
	sEl, cEl := math.Sincos(a.El)
	return r3.Vec{X: a.Range * cEl * sAz, Y: a.Range * cEl * cAz, Z: a.Range * sEl}
}

// AER gives the azimuth, elevation and range of an ECEF point seen from
// the frame's origin.
func (f Frame) AER(ecef r3.Vec) AER { return ENUToAER(f.ToENU(ecef)) }
