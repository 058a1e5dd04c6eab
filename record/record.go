// Package record holds the record of one run: its events, the samples
// of true threats and tracks over time, and the threats as the scenario
// set them up.
//
// The record is the single source of truth for every output of a run.
// Package battle makes it; the packages that turn it into files and
// figures (export, czml, dis/playback, summary, mc, report) read it and
// depend on this package, not on the engine that made it.
//
// A run may instead pass its events on as it makes them and keep none
// (battle.Options.Stream), for a consumer that reduces them as they
// come: the summary (summary.Tally) and events.jsonl
// (export.EventWriter) are made that way by iadsim run and by a Monte
// Carlo batch, so that a large grid's run holds its world, not its
// millions of events. DIS, CZML and the report read a record kept whole.
package record

import (
	"github.com/iadsim/iadsim/event"
	"github.com/iadsim/iadsim/geo"
)

// Result is the record of one run.
type Result struct {
	Events  []event.Event
	Samples []Sample
	Threats []ThreatInfo
}

// ThreatInfo describes a threat as the scenario set it up, for summaries
// and maps.
type ThreatInfo struct {
	ID, Type string
	Path     []geo.LLA
}

// Sample is the position of a true threat, a track or an interceptor at
// one time.
type Sample struct {
	T      float64
	Kind   string // "truth", "track" or "interceptor"
	Unit   string // for tracks and interceptors: the unit
	ID     string // threat id, track number, or interceptor id (the launch event's)
	Threat string // for tracks: the threat of its last detection; for interceptors: the target
	Status string // for tracks: tentative or confirmed
	// Missile is an interceptor's missile type (the catalogue's name).
	Missile string
	At      geo.LLA
	Speed   float64
	// PosSigma and VelSigma are a track's 1-sigma position (m) and
	// velocity (m/s) uncertainty, worst axis; zero for truth.
	PosSigma, VelSigma float64
}
