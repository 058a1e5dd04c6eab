#!/bin/sh
# compare-decisions.sh BASE SCENARIO...
#
# Runs each scenario with iadsim built from the commit BASE and from the
# working tree, and checks that the two records make the same decisions:
# events.jsonl with its hold_fire events left out must be identical byte
# for byte (every detection, track, engagement, launch, intercept and
# kill). hold_fire events may differ: what a unit says about holding fire
# changes no decision (a change of the record made on purpose, issue 16).
# For each scenario it prints the user CPU of each run, the hold_fire and
# engagement counts, and whether the decisions are identical; it exits 1
# if any differ.
#
#   scripts/compare-decisions.sh main examples/*raid*.yaml examples/grid-regional.yaml
set -eu
if [ $# -lt 2 ]; then
	echo "usage: $0 BASE SCENARIO..." >&2
	exit 2
fi
base=$1
shift
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/base"
git -C "$root" archive "$base" | tar -x -C "$tmp/base"
(cd "$tmp/base" && go build -o "$tmp/iadsim-base" ./cmd/iadsim)
(cd "$root" && go build -o "$tmp/iadsim-tree" ./cmd/iadsim)
status=0
printf '%-40s %9s %9s %9s %9s %11s %s\n' scenario base_cpu tree_cpu base_hold tree_hold engagements decisions
for s in "$@"; do
	for v in base tree; do
		/usr/bin/time -f %U -o "$tmp/$v.cpu" "$tmp/iadsim-$v" run "$s" --out "$tmp/out-$v" --force >/dev/null 2>"$tmp/$v.err" || {
			cat "$tmp/$v.err" >&2
			exit 1
		}
		grep -v '"type":"hold_fire"' "$tmp/out-$v/events.jsonl" >"$tmp/$v.decisions" || true
		grep -c '"type":"hold_fire"' "$tmp/out-$v/events.jsonl" >"$tmp/$v.holds" || true
	done
	same=identical
	if ! cmp -s "$tmp/base.decisions" "$tmp/tree.decisions"; then
		same=DIFFER
		status=1
	fi
	printf '%-40s %9s %9s %9s %9s %11s %s\n' "$(basename "$s")" "$(cat "$tmp/base.cpu")" "$(cat "$tmp/tree.cpu")" \
		"$(cat "$tmp/base.holds")" "$(cat "$tmp/tree.holds")" \
		"$(grep -c '"type":"engagement"' "$tmp/tree.decisions" || true)" "$same"
done
exit $status
