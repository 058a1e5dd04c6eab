// Package event defines the record of a run: one stream of events, in
// time order, that is the single source of truth for every output (the
// summary, the tables, the maps, DIS and the report are all reductions of
// it).
//
// An Event is a flat record: a time, a type, and the fields that type
// uses; fields a type does not use are left empty and omitted from JSON.
// A number that a type always carries is written even when it is zero
// (a detection due north has azimuth 0, a missed intercept pk 0): see
// Event.MarshalJSON. docs/events.md lists every type and its fields.
package event

import "encoding/json"

// The event types.
const (
	ScenarioStart     = "scenario_start"
	ScenarioEnd       = "scenario_end"
	ThreatLaunch      = "threat_launch"          // a threat enters the scenario
	Detection         = "detection"              // a radar detects a threat (or a false alarm)
	TrackInitiated    = "track_initiated"        // a tentative track starts
	TrackConfirmed    = "track_confirmed"        // a track passes M-of-N confirmation
	TrackDeleted      = "track_deleted"          // a track is dropped
	Engagement        = "engagement"             // the battle manager commits a fire unit to a track
	HoldFire          = "hold_fire"              // a threat ranked for engagement was not engaged, and why
	Launch            = "launch"                 // an interceptor leaves its launcher
	LaunchAborted     = "launch_aborted"         // a round is called off before it leaves its launcher, and why
	Intercept         = "intercept"              // an interceptor fuzes at closest approach
	SelfDestruct      = "self_destruct"          // an interceptor destroys itself: maximum time of flight, or its target is gone
	Kill              = "kill"                   // a threat is destroyed
	Leak              = "leak"                   // a threat reaches a defended site
	Impact            = "impact"                 // a ballistic threat reaches the ground away from any site
	ThreatEnd         = "threat_end"             // a threat ends its route elsewhere and leaves the scenario
	EngagementOver    = "engagement_over"        // a fire channel is free again
	RadarActive       = "radar_active"           // a radar under emission control starts radiating
	RadarPointed      = "radar_pointed"          // a fire-control array's mount turns its sector to a threat
	CommandPostLost   = "command_post_lost"      // a threat reached the IADS command post: its units fight alone
	LinkBacklog       = "link_backlog"           // track reports begin, or cease, to wait on a data link of the IADS
	LauncherReloading = "launcher_reloading"     // an empty launcher starts taking rounds from the transloaders
	LauncherReloaded  = "launcher_reloaded"      // it is ready to fire again
	Evasion           = "evasion"                // a threat breaks off its route to evade a missile launched at it
	RadarDestroyed    = "radar_destroyed"        // a threat aimed at a radar destroyed it: it never looks again
	LauncherDestroyed = "launcher_destroyed"     // a threat aimed at a launcher destroyed it: it never fires again
	PostDestroyed     = "command_post_destroyed" // a threat aimed at a unit's command post destroyed it: the unit fights alone
	RadarSilent       = "radar_silent"           // a radar stops radiating: emission control against an anti-radiation missile
	Strobe            = "strobe"                 // a jammed radar reports the bearing of a jammer
	JammerFix         = "jammer_fix"             // two radars' strobes cross: where a jammer is
	GuidanceHandover  = "guidance_handover"      // a fire-control radar guides its rounds on a new track of the target it engages
	GunBurst          = "gun_burst"              // a launcher's guns fire a burst at the point where it meets a track
	GunHits           = "gun_hits"               // a burst's rounds reach the target: how many hit, and whether one killed
)

// Position is a geodetic position at the edge of the system: degrees and
// metres above the ellipsoid.
type Position struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
	Alt float64 `json:"alt"`
}

// Event is one thing that happened at one time. T is seconds since the
// scenario start.
type Event struct {
	T float64 `json:"t"`
	// TimeUTC is T on the calendar (package epoch), filled in by the
	// writer of events.jsonl, which knows the scenario's epoch.
	TimeUTC string `json:"time_utc,omitempty"`
	Type    string `json:"type"`

	Threat     string `json:"threat,omitempty"`      // threat id
	ThreatType string `json:"threat_type,omitempty"` // threat class
	// Decoy marks the events of a decoy's life that the record counts
	// (threat_launch, launch, intercept, kill, threat_end): the truth, not
	// what the defence knew.
	Decoy       bool   `json:"decoy,omitempty"`
	Unit        string `json:"unit,omitempty"` // air-defence unit id
	Radar       string `json:"radar,omitempty"`
	Track       int    `json:"track,omitempty"`        // track number within the unit's air picture
	TrackUnit   string `json:"track_unit,omitempty"`   // the unit holding the track, when not the event's unit (a shared IADS picture)
	SystemTrack int    `json:"system_track,omitempty"` // a decision on another unit's track: its number in the IADS's recognised air picture
	// Level is the level of command that took a decision, in an IADS
	// with command levels: national, regiment, brigade or battalion;
	// Command the command above the battalion that took it (a command's
	// id, or the site of the IADS's command post).
	Level       string `json:"level,omitempty"`
	Command     string `json:"command,omitempty"`
	Class       string `json:"class,omitempty"` // kinematic class of the track: ballistic, cruise, aircraft, drone
	Launcher    string `json:"launcher,omitempty"`
	Missile     string `json:"missile,omitempty"`     // interceptor type
	Interceptor string `json:"interceptor,omitempty"` // interceptor id
	Site        string `json:"site,omitempty"`

	Pos *Position `json:"pos,omitempty"` // where it happened
	PIP *Position `json:"pip,omitempty"` // predicted intercept point

	Range     float64  `json:"range_m,omitempty"`     // slant range from the radar or launcher
	Azimuth   float64  `json:"azimuth_deg,omitempty"` // measured, from north
	Elevation float64  `json:"elevation_deg,omitempty"`
	SNR       float64  `json:"snr_db,omitempty"`
	JN        *float64 `json:"jn_db,omitempty"` // jammer-to-noise ratio of a detection's look; nil: not jammed
	// RangeRate is a detection's measured radial speed (Doppler), m/s,
	// positive opening; nil when the radar measures none.
	RangeRate *float64 `json:"range_rate_mps,omitempty"`
	TOF       float64  `json:"tof_s,omitempty"`    // predicted time of flight
	Miss      *float64 `json:"miss_m,omitempty"`   // miss distance at closest approach
	Pk        float64  `json:"pk,omitempty"`       // kill probability (expected, or at the achieved miss)
	Priority  float64  `json:"priority,omitempty"` // threat-evaluation score
	TimeToGo  float64  `json:"time_to_go_s,omitempty"`
	Killed    *bool    `json:"killed,omitempty"`
	Rounds    int      `json:"rounds,omitempty"`  // gun rounds of a burst
	Hits      *int     `json:"hits,omitempty"`    // of those, the rounds that hit (gun_hits)
	Backlog   int      `json:"backlog,omitempty"` // track reports waiting on a data link (link_backlog)
	Seed      uint64   `json:"seed,omitempty"`
	Name      string   `json:"name,omitempty"`
	Epoch     string   `json:"epoch,omitempty"`    // UTC instant of t = 0, RFC 3339 (scenario_start)
	Reason    string   `json:"reason,omitempty"`   // why: the decision's explanation
	Rejected  []string `json:"rejected,omitempty"` // alternatives not taken, each with why
}

// kept lists, per event type, the numbers written even when zero: those
// the type always has, for which zero is a value and not "not used".
var kept = map[string]struct{ rng, az, el, snr, tof, pk, seed bool }{
	Detection:     {rng: true, az: true, el: true, snr: true},
	Engagement:    {tof: true, pk: true},
	Intercept:     {pk: true},
	GunBurst:      {rng: true, tof: true},
	GunHits:       {rng: true, pk: true},
	Leak:          {rng: true}, // distance from the site's centre
	RadarPointed:  {az: true},  // the sector's new centre
	Strobe:        {az: true},  // the jammer's bearing
	ScenarioStart: {seed: true},
}

// wire is Event as written: the same keys in the same order, with the
// numbers that may be kept at zero as pointers.
type wire struct {
	T       float64 `json:"t"`
	TimeUTC string  `json:"time_utc,omitempty"`
	Type    string  `json:"type"`

	Threat      string `json:"threat,omitempty"`
	ThreatType  string `json:"threat_type,omitempty"`
	Decoy       bool   `json:"decoy,omitempty"`
	Unit        string `json:"unit,omitempty"`
	Radar       string `json:"radar,omitempty"`
	Track       int    `json:"track,omitempty"`
	TrackUnit   string `json:"track_unit,omitempty"`
	SystemTrack int    `json:"system_track,omitempty"`
	Level       string `json:"level,omitempty"`
	Command     string `json:"command,omitempty"`
	Class       string `json:"class,omitempty"`
	Launcher    string `json:"launcher,omitempty"`
	Missile     string `json:"missile,omitempty"`
	Interceptor string `json:"interceptor,omitempty"`
	Site        string `json:"site,omitempty"`

	Pos *Position `json:"pos,omitempty"`
	PIP *Position `json:"pip,omitempty"`

	Range     *float64 `json:"range_m,omitempty"`
	Azimuth   *float64 `json:"azimuth_deg,omitempty"`
	Elevation *float64 `json:"elevation_deg,omitempty"`
	SNR       *float64 `json:"snr_db,omitempty"`
	JN        *float64 `json:"jn_db,omitempty"`
	RangeRate *float64 `json:"range_rate_mps,omitempty"`
	TOF       *float64 `json:"tof_s,omitempty"`
	Miss      *float64 `json:"miss_m,omitempty"`
	Pk        *float64 `json:"pk,omitempty"`
	Priority  float64  `json:"priority,omitempty"`
	TimeToGo  float64  `json:"time_to_go_s,omitempty"`
	Killed    *bool    `json:"killed,omitempty"`
	Rounds    int      `json:"rounds,omitempty"`
	Hits      *int     `json:"hits,omitempty"`
	Backlog   int      `json:"backlog,omitempty"`
	Seed      *uint64  `json:"seed,omitempty"`
	Name      string   `json:"name,omitempty"`
	Epoch     string   `json:"epoch,omitempty"`
	Reason    string   `json:"reason,omitempty"`
	Rejected  []string `json:"rejected,omitempty"`
}

// MarshalJSON writes the event with the keys its type uses. A field left
// at zero is omitted, except the numbers the type always carries (kept),
// which are written whatever their value: a reader of a detection can
// count on its azimuth_deg.
func (e Event) MarshalJSON() ([]byte, error) {
	k := kept[e.Type]
	num := func(x float64, keep bool) *float64 {
		switch {
		case x == 0 && !keep:
			return nil
		case x == 0:
			x = 0 // not -0
		}
		return &x
	}
	w := wire{T: e.T, TimeUTC: e.TimeUTC, Type: e.Type, Threat: e.Threat, ThreatType: e.ThreatType, Decoy: e.Decoy, Unit: e.Unit, Radar: e.Radar,
		Track: e.Track, TrackUnit: e.TrackUnit, SystemTrack: e.SystemTrack, Level: e.Level, Command: e.Command, Class: e.Class, Launcher: e.Launcher, Missile: e.Missile,
		Interceptor: e.Interceptor, Site: e.Site, Pos: e.Pos, PIP: e.PIP,
		Range: num(e.Range, k.rng), Azimuth: num(e.Azimuth, k.az), Elevation: num(e.Elevation, k.el),
		SNR: num(e.SNR, k.snr), JN: e.JN, RangeRate: e.RangeRate, TOF: num(e.TOF, k.tof), Miss: e.Miss, Pk: num(e.Pk, k.pk),
		Priority: e.Priority, TimeToGo: e.TimeToGo, Killed: e.Killed, Rounds: e.Rounds, Backlog: e.Backlog, Hits: e.Hits, Name: e.Name, Epoch: e.Epoch, Reason: e.Reason, Rejected: e.Rejected}
	if e.Seed != 0 || k.seed {
		w.Seed = &e.Seed
	}
	return json.Marshal(w)
}
