//go:build unix

package terrain

import (
	"os"
	"syscall"
)

// mapFile gives the bytes of the regular file f, of the given size, and
// a function that releases them. It maps the file into memory rather
// than reading it: a 1 arc-second tile is 26 MB, and a copy of it costs
// more than decoding it on every core. The bytes must not be used after
// release, and only under guardFault: a file that shrinks while mapped
// faults on the pages past its new end.
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	if size == 0 {
		return nil, func() {}, nil
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		// A file system that cannot map: read it.
		data, err := readAll(f, size)
		return data, func() {}, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}
