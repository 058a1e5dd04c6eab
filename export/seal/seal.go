// Package seal checks the seal of an output folder: the SHA256SUMS file
// that every command writing a folder writes last (package export writes
// it), and that every reader checks before it reads, so that a folder
// its writer did not finish, or one changed since, is never read as a
// result.
//
// It is apart from export, which links the Parquet and GeoJSON writers,
// so that a reader such as the web server checks seals without linking
// them: Go's fuzzer instruments every package a test binary links, and
// each package linked slows every execution of the server's fuzz target
// (docs/fuzzing.md).
package seal

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/iadsim/iadsim/internal/infile"
)

// SumsFile seals an output folder. It is written last, after every file
// of the folder's set is in place, and lists each of them with the
// SHA-256 of its bytes in the form of sha256sum(1), so that
//
//	cd DIR && sha256sum -c SHA256SUMS
//
// checks a folder without iadsim. Before a writer replaces any file of a
// sealed folder it moves the seal aside; a writer killed at any point
// after that leaves a folder with no seal, or one whose sums no longer
// match. Readers (Verify) refuse both: a set of files that looks complete
// but mixes two writes, or half of one, is never read as a result.
const SumsFile = "SHA256SUMS"

// maxSums bounds the seal a reader loads: a line per file, and an output
// folder holds tens of files.
const maxSums = 1 << 20

// IncompleteError is the refusal of a folder that is not a complete
// output: no seal (its writer was killed, failed or is still at work, or
// the folder was never an iadsim output), or a seal that does not match
// the files. It is the user's to fix, by rerunning the writer: exit
// code 2.
type IncompleteError struct {
	Dir string
	Why string
}

func (e *IncompleteError) Error() string {
	return fmt.Sprintf("%s: not a complete output: %s; want a folder its iadsim command finished writing: rerun the command (mc batches: --resume)", e.Dir, e.Why)
}

// Verify checks that dir is sealed, that every file its seal lists is
// there with the listed SHA-256, and that the seal lists each of need
// (slash-separated paths inside dir). A folder that fails is an
// *IncompleteError; an I/O failure while reading it is returned as is.
func Verify(dir string, need ...string) error {
	// A file, a device or a FIFO given as the folder: os.OpenRoot would
	// wait on a FIFO for a writer.
	if err := infile.Dir(dir, "a folder an iadsim command wrote (its --out)"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &IncompleteError{dir, "no such folder"}
		}
		return err
	}
	defer root.Close()
	sums, err := readSeal(root, dir)
	if err != nil {
		return err
	}
	for _, n := range need {
		if _, ok := sums[n]; !ok {
			return &IncompleteError{dir, SumsFile + " does not list " + n}
		}
	}
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		got, err := SumOf(root, n)
		if errors.Is(err, fs.ErrNotExist) {
			return &IncompleteError{dir, n + " is missing"}
		}
		if errors.Is(err, errNotRegular) {
			return &IncompleteError{dir, n + " is not a regular file of the folder (a link, or a folder)"}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(dir, n), err)
		}
		if got != sums[n] {
			return &IncompleteError{dir, n + " does not match its SHA-256 in " + SumsFile + " (changed after the seal, or left by another write)"}
		}
	}
	return nil
}

// readSeal reads and parses the seal of the folder root has open (dir in
// messages): a folder with no seal, or one that is not a regular file of
// at most maxSums bytes or not in sha256sum's format, is an
// *IncompleteError.
func readSeal(root *os.Root, dir string) (map[string]string, error) {
	st, err := root.Lstat(SumsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &IncompleteError{dir, "no " + SumsFile + " (written last, when every file is in place)"}
	}
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > maxSums {
		return nil, &IncompleteError{dir, SumsFile + " is not a regular file of at most 1 MiB"}
	}
	b, err := root.ReadFile(SumsFile)
	if err != nil {
		return nil, err
	}
	sums, err := parseSums(b)
	if err != nil {
		return nil, &IncompleteError{dir, SumsFile + ": " + err.Error()}
	}
	return sums, nil
}

// VerifyFile is Verify for one file a reader has open: it checks that the
// folder root has open (dir in messages) is sealed, and that f, its file
// name (a slash-separated path inside it), has the SHA-256 the seal lists
// for it; then it rewinds f for the reader. It reads f once more and
// hashes nothing else, for a server that hands out one file of a large
// folder at a time. A refusal is an *IncompleteError.
func VerifyFile(root *os.Root, dir, name string, f io.ReadSeeker) error {
	sums, err := readSeal(root, dir)
	if err != nil {
		return err
	}
	want, ok := sums[name]
	if !ok {
		return &IncompleteError{dir, SumsFile + " does not list " + name}
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("%s: %w", path.Join(dir, name), err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("%s: %w", path.Join(dir, name), err)
	}
	if hex.EncodeToString(h.Sum(nil)) != want {
		return &IncompleteError{dir, name + " does not match its SHA-256 in " + SumsFile + " (changed after the seal, or left by another write)"}
	}
	return nil
}

// Listed returns the files dir's seal lists, sorted, without checking
// them against the folder (Verify does).
func Listed(dir string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, SumsFile))
	if err != nil {
		return nil, err
	}
	sums, err := parseSums(b)
	if err != nil {
		return nil, &IncompleteError{dir, SumsFile + ": " + err.Error()}
	}
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, nil
}

// parseSums reads sha256sum's text format: "HEX  NAME" a line, NAME a
// local slash-separated path, each once.
func parseSums(b []byte) (map[string]string, error) {
	sums := map[string]string{}
	for i, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
		h, name, ok := strings.Cut(string(line), "  ")
		if _, err := hex.DecodeString(h); !ok || err != nil || len(h) != 2*sha256.Size || h != strings.ToLower(h) {
			return nil, fmt.Errorf("line %d: want a SHA-256 in lower-case hex, two spaces and a file name", i+1)
		}
		if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
			return nil, fmt.Errorf("line %d: file name %q: want a path inside the folder", i+1, name)
		}
		if _, dup := sums[name]; dup {
			return nil, fmt.Errorf("line %d: %s listed twice", i+1, name)
		}
		sums[name] = h
	}
	return sums, nil
}

// errNotRegular is SumOf's refusal of a link or a folder.
var errNotRegular = errors.New("not a regular file")

// SumOf hashes the regular file name inside root. A symbolic link is
// refused, not followed; root keeps one planted in place of a folder
// on the way from leading out.
func SumOf(root *os.Root, name string) (string, error) {
	if st, err := root.Lstat(name); err != nil {
		return "", err
	} else if !st.Mode().IsRegular() {
		return "", errNotRegular
	}
	f, err := root.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return "", err
	} else if !st.Mode().IsRegular() {
		return "", errNotRegular
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
