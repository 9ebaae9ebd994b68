# A single-node Slurm on this machine, for scripts/slurm/test.sh and
# bench/slurm.sh. Sourced: `. scripts/slurm/local.sh`, then
#   local_slurm DIR      installs slurm-wlm and munge if missing (apt-get),
#                        starts munged with a fresh key and slurmctld and
#                        slurmd with a slurm.conf naming this host and its
#                        CPUs, everything under DIR (own socket, pid, log
#                        and state files); exports SLURM_CONF. Returns 1,
#                        saying why on stdout, where it cannot (not root, no
#                        apt-get, a daemon that does not come up).
#   local_slurm_stop     stops the daemons local_slurm started, and only
#                        those (by their pid files): call it from a trap.
#   local_slurm_logs     the last lines of the daemons' logs, for failures.
# shellcheck shell=bash

local_slurm_pids=()

local_slurm() {
    local tmp=$1 socket host cpus state ready=""
    [ "$(id -u)" -eq 0 ] || { echo "needs root to start slurmctld, slurmd and munged"; return 1; }
    if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
        command -v apt-get >/dev/null || { echo "slurm-wlm and munge are not installed and there is no apt-get"; return 1; }
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null; } ||
            { echo "apt-get could not install slurm-wlm and munge"; return 1; }
    fi
    local_slurm_dir=$tmp
    mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool"
    chmod 755 "$tmp"
    chmod 700 "$tmp/munge"
    dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$tmp/munge/munge.key"
    socket=$tmp/munge/munge.socket
    munged --force --key-file="$tmp/munge/munge.key" --socket="$socket" \
        --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munged.log" \
        --seed-file="$tmp/munge/munged.seed" 2>"$tmp/munged.err" ||
        { cat "$tmp/munged.err"; echo "munged would not start"; return 1; }
    local_slurm_pids+=("$(cat "$tmp/munge/munged.pid")")
    host=$(hostname -s)
    cpus=$(nproc)
    export SLURM_CONF=$tmp/slurm.conf
    cat >"$SLURM_CONF" <<CONF
ClusterName=policythemes
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    local daemon
    for daemon in slurmctld slurmd; do
        "$daemon" || { local_slurm_logs; echo "$daemon would not start"; return 1; }
        for _ in $(seq 50); do [ -s "$tmp/$daemon.pid" ] && break; sleep 0.1; done
        [ -s "$tmp/$daemon.pid" ] || { local_slurm_logs; echo "$daemon wrote no pid file"; return 1; }
        local_slurm_pids+=("$(cat "$tmp/$daemon.pid")")
    done
    for _ in $(seq 100); do
        state=$(sinfo -h -N -o %t 2>/dev/null || true)
        [[ $state == idle* ]] && { ready=1; break; }
        sleep 0.2
    done
    [ -n "$ready" ] || { local_slurm_logs; echo "the Slurm node did not come up (state: ${state:-none})"; return 1; }
    echo "single-node Slurm up on $host ($cpus CPUs)"
}

local_slurm_stop() {
    local pid
    for pid in "${local_slurm_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${local_slurm_pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    local_slurm_pids=()
}

local_slurm_logs() {
    tail -n 20 "${local_slurm_dir:?}"/*.log 2>/dev/null >&2 || true
}

# wait_jobs SECONDS JOBID...: waits until the jobs have left the queue;
# returns 1 if they are still there after SECONDS.
wait_jobs() {
    local seconds=$1 ids
    shift
    ids=$(IFS=,; echo "$*")
    for _ in $(seq $((seconds * 2))); do
        [ -z "$(squeue -h -j "$ids" 2>/dev/null)" ] && return 0
        sleep 0.5
    done
    return 1
}
