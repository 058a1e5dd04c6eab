package export

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
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
	return fmt.Sprintf("%s: not a complete output: %s; rerun the command that writes it (mc batches: --resume)", e.Dir, e.Why)
}

// Verify checks that dir is sealed, that every file its seal lists is
// there with the listed SHA-256, and that the seal lists each of need
// (slash-separated paths inside dir). A folder that fails is an
// *IncompleteError; an I/O failure while reading it is returned as is.
func Verify(dir string, need ...string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &IncompleteError{dir, "no such folder"}
		}
		return err
	}
	defer root.Close()
	st, err := root.Lstat(SumsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return &IncompleteError{dir, "no " + SumsFile + " (written last, when every file is in place)"}
	}
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() || st.Size() > maxSums {
		return &IncompleteError{dir, SumsFile + " is not a regular file of at most 1 MiB"}
	}
	b, err := root.ReadFile(SumsFile)
	if err != nil {
		return err
	}
	sums, err := parseSums(b)
	if err != nil {
		return &IncompleteError{dir, SumsFile + ": " + err.Error()}
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
		got, err := sumOf(root, n)
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

// errNotRegular is sumOf's refusal of a link or a folder.
var errNotRegular = errors.New("not a regular file")

// sumOf hashes the regular file name inside root. A symbolic link is
// refused, not followed; root keeps one planted in place of a folder
// on the way from leading out.
func sumOf(root *os.Root, name string) (string, error) {
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

// Seal writes dir's seal over the files names (slash-separated paths
// inside dir), hashing them as they are on disk now. The caller holds
// dir's lock and has written every file: Seal is its last write. Writers
// of one set at once (WriteDir) seal it themselves.
func Seal(dir string, names []string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	sums := map[string]string{}
	for _, n := range names {
		if sums[n], err = sumOf(root, n); err != nil {
			return fmt.Errorf("seal %s: %s: %w", dir, n, err)
		}
	}
	return writeSeal(dir, sums)
}

// Unseal removes dir's seal, the first step of a writer that will change
// files of a sealed set over more than one commit (a Monte Carlo batch
// resumed or rerun): until Seal, readers refuse the folder.
func Unseal(dir string) error {
	err := os.Remove(filepath.Join(dir, SumsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// writeSeal writes the sums, sorted by name, as SumsFile in dir, whole
// or not at all.
func writeSeal(dir string, sums map[string]string) error {
	crashPoint("seal")
	return WriteHeldDir(dir, []File{{Name: SumsFile, Write: func(w io.Writer) error { return writeSums(w, sums) }}})
}

// writeSums writes sums in sha256sum's format, sorted by name.
func writeSums(w io.Writer, sums map[string]string) error {
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	slices.Sort(names)
	bw := bufio.NewWriter(w)
	for _, n := range names {
		fmt.Fprintf(bw, "%s  %s\n", sums[n], path.Clean(n))
	}
	return bw.Flush()
}

// hashingWriter hashes what is written through it.
type hashingWriter struct {
	w io.Writer
	h hash.Hash
}

func (hw hashingWriter) Write(p []byte) (int, error) {
	n, err := hw.w.Write(p)
	hw.h.Write(p[:n])
	return n, err
}

// CrashEnv names the test hook that kills the process at a point of a
// commit, as SIGKILL or a power cut would: "rename:K" after the K-th
// file of a set is renamed into place, "seal" just before the seal is
// written. Tests set it on a child process to check what readers make of
// the folder left behind; nothing else should.
const CrashEnv = "IADSIM_TEST_CRASH_AT"

// crashPoint kills the process, without any deferred cleanup, when the
// test hook names point.
func crashPoint(point string) {
	if v := os.Getenv(CrashEnv); v != "" && v == point {
		p, err := os.FindProcess(os.Getpid())
		if err == nil {
			p.Kill()
			time.Sleep(time.Hour) // the kill is on its way
		}
	}
}
