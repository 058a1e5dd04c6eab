package bm

// DiscProbability exports discProbability to the tests of package bm_test.
var DiscProbability = discProbability
