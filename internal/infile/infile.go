// Package infile opens the files and folders a user names (a scenario,
// an elevation tile, a detections table, a run folder) so that a wrong
// kind of path is refused at once with a message that names it and says
// what was wanted, instead of an error from deep in a reader, a read of
// /dev/zero that never ends, or an open of a named pipe (FIFO) that
// waits for a writer for ever.
//
// A FIFO blocks open(2) until another process opens it for writing, so
// the check cannot be "open, then look": files are opened non-blocking
// (on Unix), looked at through the open descriptor (no race with a
// rename between a stat and the open), and refused unless regular.
package infile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Error is the refusal of a path a user named: it is the user's to fix.
// It wraps the system's error where there is one, so that
// errors.Is(err, fs.ErrNotExist) still tells a missing file.
type Error struct {
	Path string
	Why  string // what the path is, or why it cannot be read
	Want string // what was wanted: "a scenario file (YAML)"
	Err  error  // the system's error, or nil
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s; want %s", e.Path, e.Why, e.Want) }
func (e *Error) Unwrap() error { return e.Err }

// Open opens the regular file path for reading and gives its size. It
// refuses a path that does not exist or cannot be read, a folder, a
// device, a FIFO or a socket, and a file larger than max bytes (max <= 0:
// no limit), each with an *Error that ends "; want " and want.
func Open(path string, max int64, want string) (*os.File, int64, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, 0, openError(path, err, want)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, &Error{path, "cannot be read (" + reason(err) + ")", want, err}
	}
	if why := kind(st.Mode()); why != "" {
		f.Close()
		return nil, 0, &Error{path, why + ", not a file", want, nil}
	}
	if max > 0 && st.Size() > max {
		f.Close()
		return nil, 0, &Error{path, fmt.Sprintf("%d bytes, larger than the limit of %s", st.Size(), bytes(max)), want, nil}
	}
	return f, st.Size(), nil
}

// ReadFile reads the regular file path whole, with Open's checks. A file
// that grows past max while read (or a /proc file that reports no size)
// is refused having read at most one byte more than max.
func ReadFile(path string, max int64, want string) ([]byte, error) {
	f, _, err := Open(path, max, want)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if max > 0 {
		r = io.LimitReader(f, max+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{path, "cannot be read (" + reason(err) + ")", want, err}
	}
	if max > 0 && int64(len(data)) > max {
		return nil, &Error{path, "larger than the limit of " + bytes(max), want, nil}
	}
	return data, nil
}

// Dir checks that path is a folder, the input of a command that reads
// one (a run or batch folder): a file, a device or a FIFO given instead
// is refused with an *Error that ends "; want " and want, without being
// opened.
func Dir(path, want string) error {
	st, err := os.Stat(path)
	if err != nil {
		return openError(path, err, want)
	}
	if !st.IsDir() {
		why := kind(st.Mode())
		if why == "" {
			why = "a file"
		}
		return &Error{path, why + ", not a folder", want, nil}
	}
	return nil
}

// kind names a mode that is not a regular file's, or gives "".
func kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// openError is Open's and Dir's refusal of a path the system would not
// open or stat.
func openError(path string, err error, want string) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{path, "no such file or folder", want, err}
	case errors.Is(err, fs.ErrPermission):
		return &Error{path, "not readable (permission denied)", want, err}
	}
	return &Error{path, "cannot be opened (" + reason(err) + ")", want, err}
}

// reason is the system's words for err without the operation and path
// that an *fs.PathError repeats.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// bytes writes a limit in the largest binary unit that divides it.
func bytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
