#!/usr/bin/env bash
# Runs the README's R blocks on a report of the seed pages and checks what
# they give (check.R). Installs R and survival from Debian when root with
# apt-get; skips (exit 0, saying why) where it cannot have them.
#   scripts/r/test.sh [BIN]      BIN: default target/debug/policy-themes
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
test_setup R "${1:-}"
have_r() { command -v Rscript >/dev/null && Rscript -e 'library(survival)' >/dev/null 2>&1; }
if ! have_r; then
    [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null || skip "no R with survival (Debian: apt-get install r-base-core r-cran-survival)"
    install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends r-base-core r-cran-survival >/dev/null 2>&1; }
    install || { apt-get update -q >/dev/null 2>&1 && install; } || skip "apt-get could not install r-base-core r-cran-survival"
    have_r || skip "R installed but survival does not load"
fi
# R reads the Chinese only in a UTF-8 locale (see the README).
case "$(locale charmap 2>/dev/null)" in UTF-8) ;; *) export LC_ALL=C.UTF-8 ;; esac
scratch_dir
report_ok "$bin" run seeds --out "$tmp/reports" -q
Rscript scripts/r/check.R README.md "$tmp"
echo "R test: passed"
