#!/usr/bin/env bash
# Submits a corpus to Slurm as N shards and a merge that waits for them:
#   scripts/slurm/submit.sh [-t MAX_RUNNING] [-c CPUS] N MODEL WORK OUT INPUT...
# N array tasks (`--array=0-(N-1)`, `%MAX_RUNNING` with -t) run
# `policy-themes assign --shard I/N` into WORK/shard-0000I, then one job
# (`--dependency=afterok`) runs `policy-themes merge` into OUT. Prints the
# two job ids on stdout. POLICY_THEMES names the binary (default: the one
# on PATH); MODEL, WORK and INPUT paths must read the same on every node
# (a shared file system; relative paths are read from this folder). Extra sbatch options (partition,
# time, account) go in SBATCH_* environment variables, as sbatch reads them.
set -euo pipefail
usage="usage: submit.sh [-t MAX_RUNNING] [-c CPUS] N MODEL WORK OUT INPUT..."
throttle="" cpus=1
while getopts t:c: opt; do
    case $opt in
        t) throttle="%$OPTARG" ;;
        c) cpus=$OPTARG ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 5 ] || { echo "$usage" >&2; exit 2; }
n=$1 model=$2 work=$3 out=$4
shift 4
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "N '$n' is not a whole number above 0; $usage" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
bin=$(command -v "${POLICY_THEMES:-policy-themes}") || { echo "no policy-themes binary (set POLICY_THEMES)" >&2; exit 2; }
mkdir -p "$work"
# Jobs run in this folder, so relative paths read as they do here.
shards=$(sbatch --parsable --chdir="$PWD" --cpus-per-task="$cpus" \
    --output="$work/%x-%A_%a.log" --array="0-$((n - 1))$throttle" "$here/shard.sbatch" "$bin" "$model" "$work" "$@")
shards=${shards%%;*}
merge=$(sbatch --parsable --chdir="$PWD" --cpus-per-task="$cpus" \
    --output="$work/%x-%j.log" \
    --dependency="afterok:$shards" --kill-on-invalid-dep=yes \
    "$here/merge.sbatch" "$bin" "$work" "$out")
echo "$shards ${merge%%;*}"
