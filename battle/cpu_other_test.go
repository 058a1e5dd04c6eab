//go:build !unix

package battle

// cpuSeconds is not measured off Unix: progress lines say zero.
func cpuSeconds() (user, sys float64, peak int64) { return 0, 0, 0 }
