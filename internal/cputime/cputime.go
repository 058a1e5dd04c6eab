//go:build unix

// Package cputime reads the CPU time the process has used, for
// benchmarks that report work per CPU-second: on a machine shared with
// other work, wall time measures the neighbours as much as the code,
// while the process's own user and system time does not (it still grows
// a little with cache and memory-bus contention).
package cputime

import "syscall"

// Process returns the user plus system CPU time of the whole process, all
// its threads and the garbage collector included, in seconds.
func Process() (float64, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6, nil
}
