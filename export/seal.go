package export

import (
	"bufio"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"time"

	"github.com/iadsim/iadsim/export/seal"
	"github.com/iadsim/iadsim/internal/dirlock"
)

// SumsFile seals an output folder: the SHA256SUMS file written last
// (package seal).
const SumsFile = seal.SumsFile

// IncompleteError is the refusal of a folder that is not a complete
// output (package seal).
type IncompleteError = seal.IncompleteError

// Verify checks that dir is sealed and matches its seal, which lists each
// of need (seal.Verify).
func Verify(dir string, need ...string) error { return seal.Verify(dir, need...) }

// Listed returns the files dir's seal lists, sorted (seal.Listed).
func Listed(dir string) ([]string, error) { return seal.Listed(dir) }

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
		if sums[n], err = seal.SumOf(root, n); err != nil {
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

// AddFile writes the file f into dir beside what is there, whole or not
// at all, under dir's lock. Into a sealed output (the folder of an iadsim
// run, and the CZML exported beside it) the file joins the seal, which is
// rewritten last, so the folder stays one complete output that readers
// accept; a sealed folder that no longer verifies is refused, since
// sealing it again would vouch for a set no command finished. Into any
// other folder the file is written alone, and no seal is made: a folder
// of the user's own is not an output set.
func AddFile(dir string, f File) error {
	if f.Name == SumsFile {
		return fmt.Errorf("output file name %q: want a name other than the seal's", f.Name)
	}
	if err := checkNames(dir, []File{f}); err != nil {
		return err
	}
	unlock, err := dirlock.Lock(dir)
	if err != nil {
		return err
	}
	defer unlock()
	listed, err := Listed(dir)
	sealed := err == nil
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	default:
		if err := Verify(dir); err != nil {
			return err
		}
	}
	if err := writeSet(dir, []File{f}, false); err != nil {
		return err
	}
	if !sealed {
		return nil
	}
	if !slices.Contains(listed, f.Name) {
		listed = append(listed, f.Name)
	}
	return Seal(dir, listed)
}
