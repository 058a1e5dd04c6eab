package scenario

import (
	"fmt"
	"io"
	"os"
)

// Limits on what one scenario may ask of the reader and the engine, so
// that a small hostile file is refused with a message instead of
// exhausting memory or time. docs/scenario.md, "Limits", lists them.
const (
	// MaxFileSize bounds a scenario file: the largest real scenario is
	// a few hundred kilobytes, and /dev/zero would otherwise be read
	// until memory runs out.
	MaxFileSize = 16 << 20
	// MaxSteps bounds duration / step, the engine's time steps: 10^7
	// steps of 0.1 s is 11.6 days of simulated time.
	MaxSteps = 1e7
)

// ReadFile reads a scenario file of at most MaxFileSize bytes, and
// refuses a larger one (or an endless one such as /dev/zero) having read
// no more than one byte past the limit.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: larger than %d MiB; want a scenario file of at most that size", path, MaxFileSize>>20)
	}
	return data, nil
}
