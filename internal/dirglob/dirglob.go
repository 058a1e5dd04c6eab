// Package dirglob expands the directory arguments of a command that are
// glob patterns, for where no shell does: a container with the bare
// binary, a Kubernetes Job's args, Windows. iadsim merge takes its
// shards' directories this way ('mc/shard-*', quoted). It is the command
// line's own code, not part of the library.
package dirglob

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Expand expands the arguments that are glob patterns naming no
// existing path, each into its matches in order; a pattern that matches
// nothing is an error, as it would be in a shell without nullglob. An
// argument that names a path, or holds no * ? or [, is kept as it is,
// even if missing: the command then says what is missing. Every error
// is the user's to fix.
func Expand(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if _, err := os.Stat(a); err == nil || !strings.ContainsAny(a, "*?[") {
			out = append(out, a)
			continue
		}
		m, err := filepath.Glob(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w; want a directory or a pattern such as 'mc/shard-*'", a, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("%s: no directory matches; want the shards' directories", a)
		}
		out = append(out, m...)
	}
	return out, nil
}
