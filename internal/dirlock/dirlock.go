// Package dirlock gives a command the exclusive use of its output folder:
// two processes writing one folder at once (two mc --resume, a run and a
// rerun) would interleave their files and leave a set that no one wrote.
package dirlock

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// File, in a locked folder, is locked for as long as a command writes
// there, and holds that command's pid. It is never removed: removing it
// would let a third process lock a fresh file while a second still waits
// on the old one.
const File = ".iadsim.lock"

// HeldError is the refusal of a folder that another process holds.
type HeldError struct {
	Dir string
	PID string // "unknown" when the lock file holds none
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("%s is in use by another iadsim (pid %s): wait for it to finish, or use another --out", e.Dir, e.PID)
}

// Lock takes the exclusive lock on dir, creating dir if needed, or
// refuses with a *HeldError naming the process that holds it. The lock
// is released by the returned function, or by the kernel when the
// process ends, however it ends: a killed run never leaves a stale lock.
// A symbolic link planted as the lock file is not followed.
func Lock(dir string) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%s cannot be an output folder (%w); want a folder, or a path where one can be made", dir, err)
	}
	path := filepath.Join(dir, File)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|NoFollow, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if held {
		b := make([]byte, 32)
		n, _ := f.ReadAt(b, 0)
		f.Close()
		pid := string(bytes.TrimSpace(b[:n]))
		if _, err := strconv.Atoi(pid); err != nil {
			pid = "unknown"
		}
		return nil, &HeldError{Dir: dir, PID: pid}
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		unlockFile(f)
		f.Close()
	}, nil
}
