//go:build !unix

package dirlock

import "os"

// tryLock does not lock where flock is missing: there, as before, two
// runs on one folder are the user's to avoid.
func tryLock(*os.File) (bool, error) { return false, nil }

func unlockFile(*os.File) {}

const NoFollow = 0
