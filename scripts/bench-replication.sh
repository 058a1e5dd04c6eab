#!/bin/sh
# bench-replication.sh [BASE [N]]
#
# The benchmark pair of issue 21: holds the working tree to the budget
# of a replication (docs/PERFORMANCE.md, "The budget of a replication").
#
# Builds the test binaries of packages battle and mc from the commit BASE
# and from the working tree, then runs battle's BenchmarkReplication (one
# replication of the example as a batch runs it) and mc's
# BenchmarkBatchExample (a batch of 20 on two workers, the runner and its
# tables included) N times each, base and tree alternated (ABBA, so that
# both see the same load as it drifts), and prints benchstat of the two:
# replications per CPU-second of the process (runs/cpu-s, the figure the
# budget is written in), bytes and allocations per replication (exact),
# and time per operation (wall time: on a shared machine it measures the
# neighbours). Last it prints the working tree's median against the
# budget.
#
# BASE defaults to HEAD when the working tree has uncommitted changes to
# tracked files, else to HEAD~1 (the last commit against the one before
# it). N defaults to 6. The environment may set:
#
#   BENCHTIME  replications per BenchmarkReplication run (default 3x)
#   BATCH      0 to leave out BenchmarkBatchExample (default 1)
#   OUT        folder for the results (default: a new temporary folder,
#              kept and printed, so benchstat can be run on it again)
#
# A BASE older than the benchmarks (before their runs/cpu-s metric) gets
# the working tree's battle/bench_test.go, mc/bench_test.go and
# internal/cputime copied into its tree.
#
#   scripts/bench-replication.sh                # last commit against the one before
#   scripts/bench-replication.sh 36cc659 12     # the tree against 36cc659, 12 rounds
set -eu
root=$(git rev-parse --show-toplevel)
if [ $# -ge 1 ]; then
	base=$1
elif [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then
	base=HEAD
else
	base=HEAD~1
fi
n=${2:-6}
case $n in
'' | *[!0-9]* | 0)
	echo "usage: $0 [BASE [N]]: N, the rounds, must be a whole number above 0, not '$n'" >&2
	exit 2
	;;
esac
benchtime=${BENCHTIME:-3x}
batch=${BATCH:-1}
rev=$(git -C "$root" rev-parse --short "$base^{commit}") || {
	echo "$0: BASE '$base' is not a commit" >&2
	exit 2
}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "base $base ($rev) against the working tree of $root; $n rounds; results in $out" >&2
mkdir "$work/base"
git -C "$root" archive "$rev" | tar -x -C "$work/base"
if ! grep -qs 'runs/cpu-s' "$work/base/battle/bench_test.go"; then
	cp "$root/battle/bench_test.go" "$work/base/battle/"
	mkdir -p "$work/base/internal"
	cp -r "$root/internal/cputime" "$work/base/internal/"
	echo "base has no runs/cpu-s benchmark: the working tree's copied in" >&2
fi
if [ "$batch" != 0 ] && ! grep -qs 'runs/cpu-s' "$work/base/mc/bench_test.go"; then
	cp "$root/mc/bench_test.go" "$work/base/mc/"
fi
for pkg in battle mc; do
	(cd "$work/base" && go test -c -o "$work/$pkg-base.test" "./$pkg")
	(cd "$root" && go test -c -o "$work/$pkg-tree.test" "./$pkg")
done

# run TREE PKG BENCH ARGS...: one run of one benchmark binary, in its own
# tree's package folder (the benchmarks read ../examples).
run() {
	v=$1 pkg=$2 bench=$3
	shift 3
	if [ "$v" = base ]; then dir=$work/base/$pkg; else dir=$root/$pkg; fi
	(cd "$dir" && "$work/$pkg-$v.test" -test.run '^$' -test.bench "^$bench\$" -test.benchmem "$@") |
		grep '^Benchmark' >>"$out/$v.txt"
}
: >"$out/base.txt"
: >"$out/tree.txt"
i=1
while [ "$i" -le "$n" ]; do
	order="base tree"
	if [ $((i % 2)) = 0 ]; then order="tree base"; fi
	for v in $order; do
		run "$v" battle BenchmarkReplication -test.benchtime "$benchtime"
	done
	if [ "$batch" != 0 ]; then
		for v in $order; do
			run "$v" mc BenchmarkBatchExample -test.benchtime 1x -test.cpu 2
		done
	fi
	echo "round $i of $n done" >&2
	i=$((i + 1))
done

cd "$out"
benchstat "$rev=base.txt" "tree=tree.txt"
# The budget: 120 ms of CPU a replication, 8.33 runs/cpu-s.
awk '/^BenchmarkReplication/ {
	for (f = 1; f < NF; f++) if ($(f+1) == "runs/cpu-s") v[++k] = $f
} END {
	if (k == 0) exit
	for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++) if (v[b] < v[a]) { t = v[a]; v[a] = v[b]; v[b] = t }
	m = (k % 2) ? v[(k+1)/2] : (v[k/2] + v[k/2+1]) / 2
	printf "\nbudget: 8.33 runs/cpu-s (120 ms of CPU a replication); the working tree: %.2f runs/cpu-s (%.0f ms), median of %d\n", m, 1000/m, k
}' tree.txt
