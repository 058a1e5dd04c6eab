// Package battle runs one battle: it builds a scenario's threats, radars
// and fire units on the sim engine, runs it, and returns the record of
// what happened.
//
// Each instant of a run flows through the same stages, in order: threats
// move (package motion), radars look (radar), each unit's command post
// turns detections into tracks (track), its battle manager decides what
// to engage (bm), and interceptors fly, fuze and kill or miss (weapon).
// Every step leaves events (package event); the record is the single
// source of truth for all outputs.
//
// Assumptions of this first generation, each a seam for later work:
//   - Each unit has exactly one fire-control radar, which guides all its
//     launchers.
//   - The battle manager decides once a second (DecisionPeriod) and looks
//     at the result of an engagement LookTime after its last interceptor
//     fuzed (shoot-look-shoot); kill assessment is then perfect.
//   - An interceptor flies command-guided on its track's estimate, and
//     homes on the true target once within its seeker range. If its
//     target is destroyed by another interceptor first, it destroys
//     itself.
//   - A threat's outcome: killed; leaked when it reaches a defended
//     site's radius (the end of its route or its impact point lies inside
//     it); otherwise survived.
package battle
