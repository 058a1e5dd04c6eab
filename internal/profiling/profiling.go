// Package profiling writes the CPU and heap profiles of a command, for
// --profile DIR. It is the command line's own code, not part of the
// library.
package profiling

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
	CPUFile  = "cpu.pprof"
	HeapFile = "heap.pprof"
)

// DirError is a --profile directory that cannot be made or written: the
// user's to fix (exit code 2).
type DirError struct{ Err error }

func (e *DirError) Error() string { return e.Err.Error() }
func (e *DirError) Unwrap() error { return e.Err }

// Start starts profiling the command's CPU time into
// dir/cpu.pprof, making dir if need be. The returned stop ends it and
// writes dir/heap.pprof: the live heap after a collection, and every
// allocation the command made since it started (go tool pprof
// -sample_index=alloc_space). With dir empty nothing is profiled and stop
// does nothing.
func Start(dir string) (stop func() error, err error) {
	if dir == "" {
		return func() error { return nil }, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, &DirError{fmt.Errorf("--profile %s: %w; want a directory to write %s and %s into", dir, err, CPUFile, HeapFile)}
	}
	cpu, err := os.Create(filepath.Join(dir, CPUFile))
	if err != nil {
		return nil, &DirError{fmt.Errorf("--profile %s: %w", dir, err)}
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		cpu.Close()
		return nil, fmt.Errorf("--profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		errCPU := cpu.Close()
		heap, err := os.Create(filepath.Join(dir, HeapFile))
		if err != nil {
			return errors.Join(errCPU, fmt.Errorf("--profile: %w", err))
		}
		runtime.GC() // the live heap as of the end, not of the last collection
		errHeap := pprof.Lookup("heap").WriteTo(heap, 0)
		return errors.Join(errCPU, errHeap, heap.Close())
	}, nil
}
