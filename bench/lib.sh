# Helpers shared by the benchmarks in bench/ (compare.sh, scale.sh, slurm.sh).
# Sourced, not run: `. bench/lib.sh`. The caller sets `work` to a scratch
# folder before calling measure.
# shellcheck shell=bash

# Stops with a clear message when GNU time (for wall time and peak memory)
# is missing.
need_gnu_time() {
    [ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
}

# measure CMD [ARGS...]: runs CMD under GNU time -v and prints "wall seconds,
# peak MB" from its verbose report. CMD's stdout goes to $work/stdout; its
# stderr and time's report go to $work/time. Exit codes listed in
# $measure_ok (default "0") count as success; on any other, the report is
# shown on stderr and measure returns 1.
measure() {
    local status=0
    /usr/bin/time -v "$@" > "${work:?}/stdout" 2> "$work/time" || status=$?
    case " ${measure_ok:-0} " in
        *" $status "*) ;;
        *) cat "$work/time" >&2; return 1 ;;
    esac
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
                /Maximum resident set size/ { mb = $2 / 1024 }
                END { printf "%.2f %.0f\n", wall, mb }' "$work/time"
}

# One line describing the machine the numbers come from.
machine() {
    echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -m)"
}

# build_repeated CORPUS N OUT: the JSONL CORPUS N times over, ids suffixed
# ~2, ~3, ... (needs python3).
build_repeated() {
    python3 - "$1" "$2" "$3" <<'PY'
import json, sys

src, times, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def has_id(value):
    if isinstance(value, str):
        return value.strip() != ""
    return isinstance(value, (int, float)) and not isinstance(value, bool)

with open(dst, "wb", buffering=1 << 20) as out:
    for copy in range(1, times + 1):
        suffix = f"~{copy}"
        with open(src, "rb", buffering=1 << 20) as lines:
            for raw in lines:
                if not raw.endswith(b"\n"):
                    raw += b"\n"  # a last line without newline must not run into the next copy
                if copy == 1:
                    out.write(raw)
                    continue
                if raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]  # a byte-order mark belongs only at the very start
                try:
                    record = json.loads(raw)
                except ValueError:
                    out.write(raw)  # not JSON: the tool skips it in every copy alike
                    continue
                if not isinstance(record, dict) or not has_id(record.get("id")):
                    out.write(raw)
                    continue
                record["id"] = f"{record['id']}{suffix}"
                try:
                    out.write(json.dumps(record, ensure_ascii=False).encode("utf-8"))
                except UnicodeEncodeError:  # a lone surrogate escape: keep it escaped
                    out.write(json.dumps(record).encode("ascii"))
                out.write(b"\n")
PY
}
