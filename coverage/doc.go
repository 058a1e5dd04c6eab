// Package coverage computes what air-defence units really cover: for a
// target at a given altitude and radar cross section, the area where a
// unit's radars detect it and the area where the unit can also engage it,
// on a geographic grid around the units, with or without terrain.
//
// # Model
//
// A radar detects a target in a cell (the target over the cell's centre at
// the layer's altitude) when all of these hold, as in the engagement
// engine (radar.Radar.Covers and radar.Radar.Pd):
//
//   - line of sight: over terrain, terrain.Viewshed from the antenna on
//     the output grid (effective earth, factor K), and the smooth
//     refracting earth at sea level (radar.AboveHorizon with heights above
//     the DEM's datum), which holds off the DEM too; without terrain, the
//     smooth earth with heights above the ellipsoid;
//   - the radar equation: the single-look detection probability of the
//     target's cross section at the slant range, under the radar's
//     Swerling case and false-alarm probability, is at least the layer's
//     Pd; since Pd falls with range this is slant range ≤
//     radar.Radar.DetectionRange(rcs, pd);
//   - the radar's instrumented range limits and elevation limits.
//
// A unit detects where any of its radars does. It can engage where its
// fire-control radar detects and some missile it holds can reach: the
// ground range from a launcher loaded with that missile within the
// missile's [MinRange, MaxRange] and the target's height above the
// ground within [MinAltitude, MaxAltitude]: the kinematic envelope as the
// battle manager checks it (bm measures both altitudes from the ground
// under the track: the DEM's, the level ground, or the ellipsoid without
// terrain). A missile's 5 m floor is 5 m above the ground on a plateau at
// 1 570 m and on a shore 28 m below the ellipsoid alike.
//
// # Altitude
//
// A layer's altitude is above the ground (AGL, the default: a low flyer
// follows the terrain) or above mean sea level, the DEM's datum (MSL).
// Without terrain both are above the WGS-84 ellipsoid. Over terrain, a
// cell with no ground elevation (off the DEM, or a void) has no AGL
// target and is not covered. Scenario positions are above the ellipsoid;
// the DEM's heights are above the geoid, which the scenario's
// terrain.geoid_height places.
//
// # Outputs
//
// Rasters are byte terrain.Raster values (255 covered, 0 not) that
// terrain.WriteGeoTIFF writes; Polygons vectorises one into polygons with
// holes (cell edges, exact); WriteGeoJSON, WriteKML and WritePNG write
// them for GIS tools, Google Earth and people; WriteCSV and WriteTable
// give the first-detection ranges.
package coverage
