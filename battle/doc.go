// Package battle runs one battle: it builds a scenario's threats, radars
// and fire units on the sim engine, runs it, and returns the record of
// what happened.
//
// Each instant of a run flows through the same stages, in order: threats
// move (package motion), radars look (radar), each unit's command post
// turns detections into tracks (track), its battle manager decides what
// to engage (bm), and interceptors fly, fuze and kill or miss (weapon).
// Every step leaves events (package event); the record is the single
// source of truth for all outputs. Summarize reduces it to the summary
// that iadsim run prints; the package Example is the whole path from a
// scenario file to the files of iadsim run --out.
//
// Assumptions of this first generation, each a seam for later work:
//   - Each unit has exactly one fire-control radar, which guides all its
//     launchers.
//   - The battle manager decides once a second (DecisionPeriod) and looks
//     at the result of an engagement LookTime after its last interceptor
//     fuzed (shoot-look-shoot); kill assessment is then perfect.
//
// Kill assessment ends the track. When a unit assesses a kill, it drops
// the track it engaged (a track_deleted event, reason "target assessed
// destroyed by this unit"), and every other confirmed track of its own
// that has had no detection since the kill and, predicted back to the
// kill, correlates with the kill point (where its fire-control radar saw
// the interceptor burst, with that radar's measurement error). While the
// IADS stands, the kill report reaches the shared picture: every member
// unit drops its tracks of the dead target the same way ("target assessed
// destroyed by UNIT (IADS picture)"). A unit alone learns only through
// its own radars. Detections that come later, from a target flying
// behind the one destroyed, start a track of their own, which is engaged
// like any other: a dead target's track is never handed on to a live one.
//
// A unit does not launch on a coasting track (bm.Doctrine.Coasting): one
// missed by its radars max_misses looks in a row, or with no detection
// for more than CoastRevisits revisits of the unit's slowest radar. It
// holds fire on it with that reason, and calls a launch off (a
// launch_aborted event; the round stays on its launcher) when the track
// coasts, or leaves the picture, between the decision and the launch: a
// reaction time of 9 s or more is enough for another unit to destroy the
// target and say so. A round can still leave at a target destroyed less
// than a look time ago, or by a unit outside the IADS: the launch event
// then says "target destroyed at T s by INTERCEPTOR, not yet assessed by
// this unit", and so does the interceptor's self_destruct. The half
// revisit of CoastRevisits, and counting misses only by radars that have
// held the track, spare live tracks whose radars see them only now and
// then: in the main example live tracks often go 4 to 10 s between
// detections.
//
// A track ends, whatever covers it, once it has gone max_misses
// revisits of the unit's slowest radar without a detection
// (track.Config.MaxCoast): a track that left every radar's coverage, or
// of a target that is gone, does not coast on below the ground.
//   - An interceptor flies command-guided on its track's estimate, and
//     homes on the true target once within its seeker range. If its
//     target is destroyed by another interceptor first, it destroys
//     itself.
//   - A routed threat turns at its waypoints at its class's g limit
//     (motion.Flight). One that evades (scenario.Evasion: the catalogue's
//     aircraft by default) hears every launch at it and, its reaction
//     delay later, breaks to the launcher's beam and then rejoins its
//     route (evade.go; an evasion event).
//   - A threat's outcome: killed; leaked when it reaches a defended
//     site's radius (the end of its route or its impact point lies inside
//     it); otherwise survived.
package battle
