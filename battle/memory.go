package battle

// GCPercent is the garbage collector's target (GOGC) replications run
// with: the iadsim command sets it unless the environment sets GOGC, and
// the benchmarks of a replication and of a batch run with it. A
// replication of the bundled raid allocates about 160 MB while it holds
// a few MB live, so at Go's default target of 100 the collector starts a
// cycle every few megabytes, and its marking and write barriers cost a
// batch a sixth of its CPU. At 400 it runs a quarter as often, for about
// 40 MB more peak memory in a batch on two cores (docs/PERFORMANCE.md).
const GCPercent = 400
