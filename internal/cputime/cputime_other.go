//go:build !unix

package cputime

import "errors"

// Process returns an error: this system has no getrusage.
func Process() (float64, error) {
	return 0, errors.New("cputime: process CPU time is read with getrusage, which this system lacks")
}
