#!/usr/bin/env bash
# Screenshot a report's report.html as a reader sees it, with headless
# Chromium and a CJK font, to look at before shipping.
# Needs: apt-get install chromium fonts-noto-cjk
# Usage: scripts/screenshot-report.sh REPORT_DIR [OUT.png] [HEIGHT]
set -euo pipefail

dir="${1:?usage: $0 REPORT_DIR [OUT.png] [HEIGHT]}"
out="${2:-$dir/report.png}"
height="${3:-4000}"
page="$(cd "$dir" && pwd)/report.html"
[ -f "$page" ] || { echo "no report.html in $dir" >&2; exit 1; }
command -v chromium >/dev/null || { echo "chromium not found (apt-get install chromium fonts-noto-cjk)" >&2; exit 1; }

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars \
    --screenshot="$(realpath -m "$out")" --window-size="1280,$height" \
    "file://$page" 2>/dev/null
echo "$out"
