package mc

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// LockFile, in a batch or sweep folder, is locked for as long as a
// command writes there, and holds that command's pid. It is never
// removed: removing it would let a third process lock a fresh file
// while a second still waits on the old one.
const LockFile = ".iadsim.lock"

// lockDir takes the exclusive lock on dir, creating dir if needed, or
// refuses with an InputError naming the process that holds it. The lock
// is released by the returned function, or by the kernel when the
// process ends, however it ends: a killed run never leaves a stale lock.
func lockDir(dir string) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow, 0o644)
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
		return nil, inputErrorf("%s is in use by another iadsim (pid %s): wait for it to finish, or use another --out", dir, pid)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		unlockFile(f)
		f.Close()
	}, nil
}
