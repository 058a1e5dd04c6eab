#!/usr/bin/env bash
# Runs every fuzz target of the module (each func FuzzX in a _test.go
# file) for a bounded time, one after another, and prints one line per
# target: package, target, executions and the fuzzer's last status line.
# Exits non-zero on the first target that finds a failing input (it is
# saved under the package's testdata/fuzz/, where go test replays it).
#
#   scripts/fuzz.sh                 # 10 s each (FUZZTIME), every target
#   FUZZTIME=60s scripts/fuzz.sh    # the table of docs/fuzzing.md
#   scripts/fuzz.sh ./terrain       # the targets of some packages
#
# -fuzzminimizetime 100x: by default the fuzzer spends up to 60 s
# minimising each new interesting input, counting none of those runs;
# FuzzReadDTED made 18 execs in 20 s that way, 101 813 with 100x.
# FUZZFLAGS adds flags (FUZZFLAGS=-parallel=1 for one worker).
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}
dirs=("$@")
[ ${#dirs[@]} -eq 0 ] && dirs=(.)
status=0
while IFS= read -r file; do
  pkg=./$(dirname "$file")
  for target in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(f \*testing\.F).*/\1/p' "$file"); do
    log=$(mktemp)
    fuzz() { go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime 100x ${FUZZFLAGS:-} "$pkg" >"$log" 2>&1; }
    ok=0
    fuzz && ok=1
    # The fuzzing engine can end a run with "context deadline exceeded"
    # when its time is up while a worker is still busy, with no failing
    # input found or written: that says nothing of the target, so it is
    # run once more. A failing input is never retried.
    if [ $ok = 0 ] && ! grep -q 'Failing input written' "$log" && grep -q 'context deadline exceeded' "$log"; then
      echo "fuzz: $pkg $target: the engine's deadline, no failing input; once more" >&2
      fuzz && ok=1
    fi
    if [ $ok = 1 ]; then
      line=$(grep 'execs:' "$log" | tail -1 || true)
      execs=$(sed -n 's/.*execs: \([0-9]*\).*/\1/p' <<<"$line")
      printf '%-22s %-22s %10s  %s\n' "$pkg" "$target" "${execs:-?}" "$line"
    else
      echo "fuzz: $pkg $target failed:" >&2
      cat "$log" >&2
      status=1
    fi
    rm -f "$log"
  done
done < <(for d in "${dirs[@]}"; do grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' "$d"; done | sed 's#^\./##' | sort)
exit $status
