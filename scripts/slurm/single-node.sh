#!/bin/sh
# Starts (or stops) a one-node Slurm cluster on this machine, for testing
# the job array of docs/scaling.md: munge, slurmctld and slurmd from
# Debian (apt-get install slurmctld slurmd slurm-client munge), run as
# root without systemd, configured in DIR (default /tmp/iadsim-slurm).
#
#   scripts/slurm/single-node.sh start [DIR]   # prints: export SLURM_CONF=DIR/slurm.conf
#   scripts/slurm/single-node.sh stop [DIR]
#
# The node offers every core of the machine; jobs run as the user who
# submits them.
set -eu
cmd=${1:?usage: single-node.sh start|stop [DIR]}
DIR=${2:-/tmp/iadsim-slurm}
export SLURM_CONF="$DIR/slurm.conf"

stop() {
  for p in slurmd slurmctld munged; do
    if [ -f "$DIR/$p.pid" ]; then
      pid=$(cat "$DIR/$p.pid")
      kill "$pid" 2>/dev/null || true
      # Wait for it to let go of its port, for a start that follows.
      n=0
      while kill -0 "$pid" 2>/dev/null && [ $n -lt 100 ]; do
        sleep 0.1
        n=$((n + 1))
      done
      rm -f "$DIR/$p.pid"
    fi
  done
}

case $cmd in
stop)
  stop
  exit 0
  ;;
start) ;;
*)
  echo "usage: single-node.sh start|stop [DIR]" >&2
  exit 2
  ;;
esac

stop
mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge"
host=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)

# munge: a key of its own, a socket in DIR.
if [ ! -f "$DIR/munge/munge.key" ]; then
  dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 2>/dev/null
  chmod 0400 "$DIR/munge/munge.key"
fi
sock="$DIR/munge/munge.socket"
munged --force --key-file="$DIR/munge/munge.key" --socket="$sock" \
  --pid-file="$DIR/munged.pid" --log-file="$DIR/munged.log" --seed-file="$DIR/munge/seed"

cat >"$SLURM_CONF" <<CONF
ClusterName=iadsim
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -c
slurmd
# Wait for the node to come up idle.
i=0
until sinfo -h -o %t 2>/dev/null | grep -q '^idle'; do
  i=$((i + 1))
  if [ $i -gt 60 ]; then
    echo "single-node.sh: the node is not idle after 30 s:" >&2
    sinfo >&2 || true
    tail -n 5 "$DIR/slurmctld.log" "$DIR/slurmd.log" >&2 || true
    exit 1
  fi
  sleep 0.5
done
echo "export SLURM_CONF=$SLURM_CONF"
