//go:build unix

package battle

import "syscall"

// cpuSeconds is the user and system CPU time of this process so far,
// and its peak resident set, bytes (getrusage: Linux counts ru_maxrss in
// kilobytes).
func cpuSeconds() (user, sys float64, peak int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0, 0
	}
	return float64(ru.Utime.Nano()) / 1e9, float64(ru.Stime.Nano()) / 1e9, ru.Maxrss * 1024
}
