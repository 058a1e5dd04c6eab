//go:build !unix

package terrain

import "os"

// mapFile gives the bytes of the regular file f, of the given size, and
// a function that releases them: here, read into memory.
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	data, err := readAll(f, size)
	return data, func() {}, err
}
