package export

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// WriteFile writes one file at path whole or not at all: through a
// temporary file in the same directory, renamed into place once
// complete, so that a failure part way leaves no partial file and an
// earlier file of that name as it was. The file is made 0644, as an
// ordinary output. A directory that cannot hold the file (missing, a
// file, read-only) is a *CreateError: most often a mistake in the path.
//
// Unlike WriteDir it writes no seal and takes no lock: it is for a single
// file a user names (an assignment, a pcap), not an output folder.
func WriteFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return &CreateError{err}
	}
	defer os.Remove(tmp.Name())
	// A temporary file is made 0600; the file is an ordinary output.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// CreateError is WriteFile's failure to create the file in its
// directory.
type CreateError struct{ Err error }

func (e *CreateError) Error() string { return e.Err.Error() }
func (e *CreateError) Unwrap() error { return e.Err }
