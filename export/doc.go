// Package export writes the record of a run in the formats other tools
// read: events as JSON lines (jq, pandas), the summary as JSON, truth and
// track positions as CSV, and the scene as GeoJSON (QGIS, any web map).
//
// Writers take an io.Writer and format deterministically: the same run
// gives the same bytes. WriteDir writes a set of files all or nothing.
package export
