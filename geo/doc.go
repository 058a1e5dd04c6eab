// Package geo holds the geometry of the earth that every other stage
// stands on: the WGS-84 ellipsoid, geodetic and earth-centred earth-fixed
// (ECEF) coordinates, local east-north-up (ENU) frames with their
// azimuth-elevation-range (AER) view, and geodesics (the shortest path on
// the ellipsoid, the "great circle" of a route).
//
// Angles are radians and lengths metres throughout, as everywhere inside
// iadsim; degrees appear only where people read or write positions.
// Heights are above the ellipsoid.
//
// Hypot and Norm are the lengths of 2- and 3-vectors that the hot paths
// take, a square root of the sum of squares where math.Hypot and gonum's
// r3.Norm scale the components first (see Hypot for why that is safe).
//
// Geodesics follow C. F. F. Karney, "Algorithms for geodesics", J. Geodesy
// 87 (2013): accurate to about 15 nm anywhere, nearly antipodal points
// included. Inverse and Direct solve one problem each; a Line computes its
// series once for many points along one geodesic.
//
// Everything here is checked against GeographicLib's CartConvert and
// GeodSolve: recorded values in testdata (with the commands that made
// them, in testdata/gen.sh) and, when the tools are installed, ~200 random
// cases per problem run live.
package geo
