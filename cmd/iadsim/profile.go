package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// Names of the files --profile writes, in the format of runtime/pprof:
// read them with `go tool pprof -top FILE` or `go tool pprof -http : FILE`.
const (
	cpuProfileFile  = "cpu.pprof"
	heapProfileFile = "heap.pprof"
)

// startProfile starts profiling the command's CPU time into
// dir/cpu.pprof, making dir if need be. The returned stop ends it and
// writes dir/heap.pprof: the live heap after a collection, and every
// allocation the command made since it started (go tool pprof
// -sample_index=alloc_space). With dir empty nothing is profiled and stop
// does nothing.
func startProfile(dir string) (stop func() error, err error) {
	if dir == "" {
		return func() error { return nil }, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, inputError{fmt.Errorf("--profile %s: %w; want a directory to write %s and %s into", dir, err, cpuProfileFile, heapProfileFile)}
	}
	cpu, err := os.Create(filepath.Join(dir, cpuProfileFile))
	if err != nil {
		return nil, inputError{fmt.Errorf("--profile %s: %w", dir, err)}
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		cpu.Close()
		return nil, fmt.Errorf("--profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		errCPU := cpu.Close()
		heap, err := os.Create(filepath.Join(dir, heapProfileFile))
		if err != nil {
			return errors.Join(errCPU, fmt.Errorf("--profile: %w", err))
		}
		runtime.GC() // the live heap as of the end, not of the last collection
		errHeap := pprof.Lookup("heap").WriteTo(heap, 0)
		return errors.Join(errCPU, errHeap, heap.Close())
	}, nil
}
