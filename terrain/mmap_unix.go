//go:build unix

package terrain

import (
	"os"
	"syscall"
)

// mapFile gives the bytes of the file at path and a function that
// releases them. It maps the file into memory rather than reading it: a
// 1 arc-second tile is 26 MB, and a copy of it costs more than decoding
// it on every core. The bytes must not be used after release.
func mapFile(path string) ([]byte, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := st.Size()
	if size == 0 || size != int64(int(size)) || !st.Mode().IsRegular() {
		data, err := os.ReadFile(path)
		return data, func() {}, err
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		// A file system that cannot map: read it.
		data, err := os.ReadFile(path)
		return data, func() {}, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}
