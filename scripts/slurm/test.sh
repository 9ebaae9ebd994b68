#!/usr/bin/env bash
# Tests scripts/slurm on a real, single-node Slurm started here: installs
# Debian's slurm-wlm and munge if missing, starts munged with a fresh key
# and slurmctld and slurmd with a slurm.conf naming this host and its CPUs
# (all under a temporary folder, on their own socket and pid files), fits
# a model on the seed pages, submits a corpus as 4 shards and a merge with
# submit.sh, and checks the merged report equals one `assign` over the
# whole corpus (diff -r). Stops the daemons it started on exit.
# Skips (exit 0, saying why) where it cannot start Slurm: not root, no
# apt-get, or daemons that do not come up.
#   scripts/slurm/test.sh [BIN]      BIN: default target/debug/policy-themes
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
bin=$(realpath "${1:-target/debug/policy-themes}")
skip() { echo "slurm test SKIPPED: $*"; exit 0; }
[ -x "$bin" ] || { echo "slurm test: no binary $bin (cargo build first)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || skip "needs root to start slurmctld, slurmd and munged"
command -v python3 >/dev/null || skip "needs python3 to write the test corpus"
started=$(date +%s)
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed and there is no apt-get"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null; } ||
        skip "apt-get could not install slurm-wlm and munge"
fi

tmp=$(mktemp -d /tmp/policy-themes-slurm.XXXXXX)
chmod 755 "$tmp"
pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$tmp"
}
trap stop EXIT
# The daemons' logs, shown when they fail to start or a job fails.
logs() { tail -n 20 "$tmp"/*.log "$tmp"/work/*.log 2>/dev/null || true; }

# munge: own key, socket, pid, log and seed files; nothing of the system's.
mkdir -p "$tmp/munge"
chown munge:munge "$tmp/munge" 2>/dev/null || true
chmod 700 "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
socket=$tmp/munge/munge.socket
munged --force --key-file="$tmp/munge/munge.key" --socket="$socket" \
    --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munged.log" \
    --seed-file="$tmp/munge/munged.seed" 2>"$tmp/munged.err" ||
    { cat "$tmp/munged.err"; skip "munged would not start"; }
pids+=("$(cat "$tmp/munge/munged.pid")")

host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/work"
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
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -i || { logs; skip "slurmctld would not start"; }
for _ in $(seq 50); do [ -s "$tmp/slurmctld.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/slurmctld.pid")")
slurmd || { logs; skip "slurmd would not start"; }
for _ in $(seq 50); do [ -s "$tmp/slurmd.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/slurmd.pid")")
ready=""
for _ in $(seq 100); do
    state=$(sinfo -h -N -o %t 2>/dev/null || true)
    [[ $state == idle* ]] && { ready=1; break; }
    sleep 0.2
done
[ -n "$ready" ] || { logs; skip "the Slurm node did not come up (state: ${state:-none})"; }
echo "slurm test: single-node Slurm up on $host ($cpus CPUs) in $(($(date +%s) - started)) s"

# The corpus: the seed pages and their paragraphs as JSONL lines, so the
# shards split pages and lines; the model fitted on the seed pages.
python3 - "$tmp/paragraphs.jsonl" <<'PY'
import json, pathlib, sys
lines = [l for p in sorted(pathlib.Path("seeds").glob("*.txt"))
         for l in p.read_text(encoding="utf-8").splitlines() if len(l) > 60]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for i, text in enumerate(lines):
        city = ["常州", "咸宁", "无锡"][i % 3]
        out.write(json.dumps({"id": f"p{i:03}", "text": text, "city": city,
                              "date": f"2024-{1 + i % 6:02}-{1 + i % 28:02}"},
                             ensure_ascii=False) + "\n")
PY
"$bin" run seeds --out "$tmp/fit" -q >/dev/null
inputs=(seeds "$tmp/paragraphs.jsonl")
status=0
"$bin" assign --model "$tmp/fit/model.json" --out "$tmp/whole" -q "${inputs[@]}" >/dev/null || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 3 ] || { echo "slurm test: assign failed" >&2; exit 1; }

read -r array merge < <(POLICY_THEMES=$bin scripts/slurm/submit.sh -t 2 4 \
    "$tmp/fit/model.json" "$tmp/work" "$tmp/merged" "${inputs[@]}")
echo "slurm test: array job $array (4 shards, at most 2 at once), merge job $merge"
for _ in $(seq 600); do
    [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && break
    sleep 0.5
done
[ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] || { logs; echo "slurm test: jobs still queued after 300 s" >&2; exit 1; }
[ -d "$tmp/merged" ] || { logs; echo "slurm test: the merge job wrote no report" >&2; exit 1; }
shards=$(find "$tmp/work" -maxdepth 1 -name 'shard-*' -type d | wc -l)
[ "$shards" -eq 4 ] || { echo "slurm test: $shards shard reports, not 4" >&2; exit 1; }
diff -r "$tmp/whole" "$tmp/merged" >&2 || { echo "slurm test: merged report differs from one assign" >&2; exit 1; }
echo "slurm test: passed: 4 shards merged through Slurm equal one assign ($(grep -c . "$tmp/whole/articles.csv") lines of articles.csv) in $(($(date +%s) - started)) s"
