package mc

import (
	"errors"

	"github.com/iadsim/iadsim/internal/dirlock"
)

// LockFile, in a batch or sweep folder, is locked for as long as a
// command writes there (dirlock.File).
const LockFile = dirlock.File

// lockDir takes the exclusive lock on dir, creating dir if needed, or
// refuses with an InputError naming the process that holds it.
func lockDir(dir string) (unlock func(), err error) {
	unlock, err = dirlock.Lock(dir)
	var held *dirlock.HeldError
	if errors.As(err, &held) {
		return nil, inputErrorf("%v", held)
	}
	return unlock, err
}
