# Helpers shared by the benchmarks in bench/ (compare.sh, scale.sh).
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
