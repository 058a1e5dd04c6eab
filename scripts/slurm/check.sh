#!/bin/sh
# Runs the Slurm job array of docs/scaling.md on a one-node Slurm and
# checks its merged batch byte for byte against one process, with one task
# requeued while it runs (it must resume, and log both attempts).
#
#   scripts/slurm/check.sh        # as root, with slurmctld, slurmd, munge installed
#
# Starts the cluster with single-node.sh and stops it at the end.
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d /tmp/iadsim-slurm-check.XXXXXX)
SL="$W/cluster"
cleanup() {
  "$repo/scripts/slurm/single-node.sh" stop "$SL"
  cd /
  rm -rf "$W"
}
trap cleanup EXIT INT TERM
conf=$("$repo/scripts/slurm/single-node.sh" start "$SL")
eval "$conf"

RUNS=${RUNS:-48}
SHARDS=4
# The compute node runs the static binary the release builds.
(cd "$repo" && CGO_ENABLED=0 GOFLAGS= go build -trimpath -o "$W/iadsim" ./cmd/iadsim)
cp -r "$repo/examples" "$W/examples"
cd "$W"
mkdir -p logs
env="ALL,IADSIM=$W/iadsim,SCENARIO=examples/s400-battalion-vs-mixed-raid.yaml,RUNS=$RUNS,SHARDS=$SHARDS"
jid=$(sbatch --parsable --array=0-$((SHARDS - 1)) --cpus-per-task=1 --export="$env" "$repo/scripts/slurm/mc.sbatch")
mid=$(sbatch --parsable --dependency=afterany:"$jid" --export="$env" "$repo/scripts/slurm/merge.sbatch")
echo "array job $jid, merge job $mid"

# Requeue task 1 once it has journaled a replication.
t=0
until [ -s mc/shard-1/journal.jsonl ]; do
  t=$((t + 1)); [ $t -lt 600 ] || { echo "check.sh: task 1 wrote nothing in 60 s" >&2; exit 1; }
  sleep 0.1
done
scontrol requeue "${jid}_1"
# Slurm holds a requeued job back for a while (Reason=BeginTime); let it
# start again now.
t=0
until scontrol show job "${jid}_1" | grep -q 'JobState=PENDING'; do
  t=$((t + 1)); [ $t -lt 300 ] || break
  sleep 0.1
done
scontrol update JobId="${jid}_1" StartTime=now
echo "requeued ${jid}_1"

t=0
while [ -n "$(squeue -h -j "$jid,$mid" 2>/dev/null)" ]; do
  t=$((t + 1)); [ $t -lt 300 ] || { echo "check.sh: jobs still queued after 5 min" >&2; squeue >&2; exit 1; }
  sleep 1
done
scontrol show job "$mid" | grep -q 'JobState=COMPLETED' || {
  echo "check.sh: the merge job failed:" >&2; cat logs/merge-*.out >&2; exit 1; }
log1=$(ls logs/mc-"${jid}"_1.out)
[ "$(grep -c '^== .* attempt ' "$log1")" -ge 2 ] || {
  echo "check.sh: $log1 does not show two attempts:" >&2; cat "$log1" >&2; exit 1; }
grep -Eq '\(([1-9][0-9]*) resumed\)' "$log1" || { echo "check.sh: the requeued task did not resume" >&2; cat "$log1" >&2; exit 1; }

"$W/iadsim" mc examples/s400-battalion-vs-mixed-raid.yaml --runs "$RUNS" --seed 7 --out single >/dev/null 2>&1
for f in runs.csv runs.parquet stats.json; do
  cmp "single/$f" "mc/merged/$f" || { echo "check.sh: $f differs from one process" >&2; exit 1; }
done
cat "$log1"
echo "slurm check: $SHARDS tasks, one requeued and resumed, merged batch identical to one process ($RUNS runs)"
