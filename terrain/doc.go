// Package terrain reads digital elevation models and computes terrain line
// of sight and viewsheds over the curved, refracting earth.
//
// # Elevation data
//
// Readers, in pure Go, for the three formats DEMs are usually shipped in:
//
//   - SRTM .hgt tiles (1 and 3 arc-second): ReadHGT. The size comes from
//     the file length, the south-west corner from the name (N44W072.hgt).
//   - GeoTIFF: ReadGeoTIFF. One band of int16, uint16, float32 (and uint8),
//     uncompressed, deflate, LZW or PackBits, striped or tiled, with
//     horizontal or floating-point predictor; georeferenced in geographic
//     WGS-84 (EPSG:4326) or UTM on WGS-84 (EPSG:326zz, 327zz).
//   - DTED levels 0, 1 and 2: ReadDTED.
//
// ReadFile picks the reader from the file's content, and Open gathers many
// files, or folders of tiles, into a DEM that answers Elevation anywhere
// one of its tiles covers.
//
// Elevations are metres above the DEM's vertical datum (for SRTM and DTED,
// the EGM96 geoid: roughly mean sea level). Positions at the API are
// geodetic latitude and longitude in radians on WGS-84, like geo.LLA.
// Between posts the elevation is bilinear. Voids (-32768 in .hgt, the
// GDAL_NODATA value of a GeoTIFF, -32767 in DTED) are kept as NaN posts, and
// Elevation reports false wherever one of the four surrounding posts is a
// void: a void is never silently read as sea level.
//
// # Line of sight
//
// Line of sight uses the effective-earth model: rays are straight over an
// earth whose radius is k times the true one (k = 4/3 for the standard
// atmosphere, DefaultK). The true radius is the WGS-84 Euler radius of
// curvature at the observer in the azimuth of the ray, as radar.AboveHorizon
// uses, unless a fixed radius is given. A point at ground distance d and
// height z is seen from an observer at height z0 under the slope
//
//	((z - z0) - (kR + z) (1 - cos ψ)) / ((kR + z) sin ψ),  ψ = d/(kR)
//
// and a target is visible when no terrain between has a steeper slope.
// LOS implements radar.Masker with this test; Viewshed applies it to every
// cell of a grid, and ViewshedExact is its slow brute-force reference.
//
// # Output
//
// WriteGeoTIFF writes a Raster (uint8, int16, uint16 or float32) as a
// GeoTIFF that GDAL and QGIS read, on the same georeferencing as the input.
package terrain
