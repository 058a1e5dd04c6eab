// Package iadsim is an open simulation of integrated air and missile
// defence, built from public figures only. This package holds no code: it
// is the map for a newcomer who wants iadsim as a Go library rather than
// as the iadsim command.
//
// # One run
//
// The command iadsim run is four calls, and the Example of package battle
// makes them on a scenario of examples/:
//
//  1. scenario.Load reads and checks a scenario file. A mistake comes
//     back as an error naming the file, line and column and what was
//     expected.
//  2. battle.Run plays it to its end and returns the record of what
//     happened (a record.Result): the events, and the true and tracked
//     positions over time. Every output is made from the record alone.
//  3. battle.Summarize reduces the record to the summary: per threat
//     what saw, tracked, engaged and ended it, and the totals.
//  4. The functions of package export write the outputs of iadsim run
//     --out (events.jsonl, summary.json, tracks.csv, scene.geojson):
//     export.RunFiles lists them, and export.WriteDir writes them all or
//     nothing.
//
// The same file and seed give the same bytes out, so the Example's output
// is checked by go test.
//
// # Many runs
//
// One run is one draw from the outcomes a scenario defines. Package mc
// runs many: mc.Run (see its Example) takes a scenario opened with
// scenario.Open (read, and compiled once into a template that redraws
// the sampled figures per replication; a caller's seed replaces the
// file's), runs replications 0 to Runs-1 on a pool of workers into a
// directory, and returns the rows of runs.csv and the estimates of
// stats.json, each interval naming its method (package stats holds the
// intervals and correlations, checked against SciPy).
// Replication k depends on the seed and k alone: battle.Options has
// the replication number for rerunning one by hand.
//
// # The tracker alone
//
// iadsim detections and iadsim track are two calls too:
// export.TrackerInput turns one unit's detections and the truth of a run
// into the tracker's files (package track/trackio, which also reads a
// user's own), and package track/replay plays them through a tracker of
// one's choosing and scores it against the truth (OSPA, GOSPA, SIAP);
// its Example shows both.
//
// # Where the models live
//
// Each stage of a run is a package named for what it models: motion
// (threat flight), radar (detection), track (tracking), bm (battle
// management and doctrine), iads (the integrated air defence's command
// post: shared picture, deconfliction, allocation, emission control),
// weapon (interceptor fly-out and kill), wta (weapon-target
// assignment), terrain (elevation and line of sight), on the
// discrete-event engine of package sim. Their doc comments give the
// physics and the public sources; docs/ in the repository gives the
// scenario format and the outputs. The command iadsim (cmd/iadsim) holds
// only its commands, their flags and the wiring of outputs; what only
// the command line needs is under internal/.
package iadsim
