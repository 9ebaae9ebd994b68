# Helpers shared by the tests under scripts/ (parquet, pandas, r, slurm).
# Sourced, not run, from the repository root after `cd`: `. scripts/lib.sh`.
# shellcheck shell=bash

# test_setup NAME [BIN]: names the test in its messages and sets `bin` to
# BIN's absolute path (default target/debug/policy-themes); stops (exit 1)
# when that binary is not built, which is a mistake, not a reason to skip.
test_setup() {
    test_name=$1
    bin=$(realpath "${2:-target/debug/policy-themes}")
    [ -x "$bin" ] || { echo "$test_name test: no binary $bin (cargo build first)" >&2; exit 1; }
}

# skip WHY...: ends the test as skipped (exit 0), saying why.
skip() {
    echo "$test_name test SKIPPED: $*"
    exit 0
}

# scratch_dir: sets `tmp` to a fresh folder under /tmp, removed on exit.
# A test that needs more on exit sets its own trap, removing "$tmp" too.
scratch_dir() {
    tmp=$(mktemp -d "/tmp/policy-themes-$test_name.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
}

# python_with MODULE...: sets `python` to a Python that imports every
# MODULE (each also its pip package name): python3 itself when it does,
# else one virtualenv under target/ that every test shares, made once and
# given what pip installs. Skips the test where neither works.
python_with() {
    local imports venv=target/python-venv
    imports=$(IFS=,; echo "$*")
    command -v python3 >/dev/null || skip "no python3"
    python=python3
    "$python" -c "import $imports" 2>/dev/null && return
    python=$venv/bin/python
    "$python" -c "import $imports" 2>/dev/null && return
    if ! "$python" -c "" 2>/dev/null; then
        rm -rf "$venv"
        python3 -m venv "$venv" >/dev/null 2>&1 || skip "python3 -m venv failed (Debian: apt-get install python3-venv)"
    fi
    "$venv/bin/pip" install --quiet "$@" >/dev/null 2>&1 || skip "pip could not install $*"
}

# report_ok CMD [ARGS...]: runs a policy-themes command, its stdout
# discarded. Exit 3 (something was skipped, see skipped.csv) still writes
# the report, so it passes as well as 0.
report_ok() {
    "$@" >/dev/null || [ $? -eq 3 ]
}
