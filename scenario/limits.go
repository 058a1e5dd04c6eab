package scenario

import "github.com/iadsim/iadsim/internal/infile"

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
	// MaxThreats bounds the threats of a scenario once every count is
	// expanded and every alias followed: a 17.5 KB file of aliases
	// times count: 1000 made millions. 1 000 threats already take
	// minutes and gigabytes to run.
	MaxThreats = 10000
	// MaxRCS bounds a radar cross section, m²: 60 dBsm, above the
	// largest ships. A cross section of 1e308 m² made the signal to
	// noise ratio +Inf and the run's events unwritable.
	MaxRCS = 1e6
	// MaxHeight bounds a height above the ellipsoid, m: 10 000 km, over
	// twice the highest lofted ballistic apogee. 1e80 m made every
	// position NaN.
	MaxHeight = 1e7
	// MaxSpeed bounds every speed, m/s: Earth's escape velocity, 11.2
	// km/s. Nothing that flies a route, is intercepted or intercepts
	// goes faster (an intercontinental re-entry is under 8 km/s, an
	// S-400's fastest interceptor under 5); 1e300 m/s validated and ran,
	// the threat arriving as it started.
	MaxSpeed = 11200
	// MaxMach bounds a speed given as a Mach number: MaxSpeed at sea
	// level (340 m/s), rounded down.
	MaxMach = 32
	// MaxConfirmN bounds a tracker's confirm_n: the tracker keeps a
	// track's looks in 64 bits.
	MaxConfirmN = 64
)

var (
	crossSection = rule{func(x float64) bool { return x > 0 && x <= MaxRCS }, "a cross section greater than zero and at most 1e6 m2 (60 dBsm)"}
	height       = between(-12e3, MaxHeight, "a height above the ellipsoid from -12 km to 10 000 km")
	fastest      = rule{func(x float64) bool { return x <= MaxSpeed }, "a speed of at most 11 200 m/s (Earth's escape velocity)"}
	fastestMach  = rule{func(x float64) bool { return x <= MaxMach }, "a speed of at most Mach 32 (Earth's escape velocity at sea level)"}
)

// ReadFile reads a scenario file of at most MaxFileSize bytes. A path
// that is not a regular file (a folder, a device such as /dev/zero, a
// FIFO, which would block) or a larger file is refused unread, with an
// error that names it and says what was wanted.
func ReadFile(path string) ([]byte, error) {
	return infile.ReadFile(path, MaxFileSize, "a scenario file (YAML) of at most 16 MiB")
}

// MaxDepth bounds the nesting of flow collections ([...] and {...}):
// a scenario nests a few levels, and the YAML parser takes memory and
// time that grow faster than the depth (100 KB of brackets: 3.85 GB).
const MaxDepth = 100

// deepFlow returns the 1-based line and column of the first bracket that
// opens a flow collection more than MaxDepth deep, or 0, 0. It skips
// quoted text and comments; it is a guard run before the parser, not a
// parser, and errs only on files no one writes by hand.
func deepFlow(data []byte) (line, col int) {
	depth, line, start := 0, 1, 0
	for k := 0; k < len(data); k++ {
		switch c := data[k]; c {
		case '\n':
			line, start = line+1, k+1
		case '#':
			if k == start || data[k-1] == ' ' || data[k-1] == '\t' {
				for k+1 < len(data) && data[k+1] != '\n' {
					k++
				}
			}
		case '"', '\'':
			for k++; k < len(data) && data[k] != c; k++ {
				if c == '"' && data[k] == '\\' {
					k++
				} else if data[k] == '\n' {
					line, start = line+1, k+1
				}
			}
		case '[', '{':
			if depth++; depth > MaxDepth {
				return line, k - start + 1
			}
		case ']', '}':
			depth = max(0, depth-1)
		}
	}
	return 0, 0
}

// deepBlock is deepFlow for block collections, nested by indentation
// and by "- " entries that open a sequence inside a sequence on one line
// (- - - 1): it returns the 1-based line and column where the nesting
// passes MaxDepth levels, or 0, 0. Four hundred kilobytes of "- " took
// the YAML parser 79 s. It counts distinct indentations, as a block
// scanner does, and skips blank and comment lines; like deepFlow it is a
// guard, not a parser.
func deepBlock(data []byte) (line, col int) {
	var indents []int // of the open levels, increasing
	for start := 0; start < len(data); {
		line++
		end := start
		for end < len(data) && data[end] != '\n' {
			end++
		}
		text := data[start:end]
		start = end + 1
		n := 0
		for n < len(text) && text[n] == ' ' {
			n++
		}
		if n == len(text) || text[n] == '#' || text[n] == '\r' {
			continue
		}
		for len(indents) > 0 && indents[len(indents)-1] > n {
			indents = indents[:len(indents)-1]
		}
		if len(indents) == 0 || indents[len(indents)-1] < n {
			indents = append(indents, n)
		}
		depth := len(indents)
		for k := n; k+1 < len(text) && text[k] == '-' && text[k+1] == ' '; {
			if depth++; depth > MaxDepth {
				return line, k + 1
			}
			for k += 2; k < len(text) && text[k] == ' '; k++ {
			}
		}
		if depth > MaxDepth {
			return line, n + 1
		}
	}
	return 0, 0
}
