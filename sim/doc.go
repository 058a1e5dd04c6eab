// Package sim is the discrete-event engine under every run: a clock, a
// queue of timed actions, and the seeded random streams that make a run
// repeatable.
//
// The engine knows nothing of radars or missiles. The stages of a run
// (threat motion, radar looks, tracking, battle management, interceptor
// fly-out) schedule their work as actions; actions due at the same instant
// run in stage order (Motion, Sense, Track, Decide, Engage, Assess), then
// in the order they were scheduled. That total order, with random numbers
// drawn only from streams named by what they are for, is what makes the
// same scenario and seed give the same bytes out.
package sim
