#!/usr/bin/env bash
# Render every SVG chart in a directory to PNG beside it, for eyeballing.
# Needs rsvg-convert and a CJK font: apt-get install librsvg2-bin fonts-noto-cjk
# Usage: scripts/render-charts.sh OUT_DIR
set -euo pipefail

dir="${1:?usage: $0 DIR_WITH_SVGS}"
command -v rsvg-convert >/dev/null || { echo "rsvg-convert not found (apt-get install librsvg2-bin)" >&2; exit 1; }

shopt -s nullglob
svgs=("$dir"/*.svg)
[ ${#svgs[@]} -gt 0 ] || { echo "no .svg files in $dir" >&2; exit 1; }
for svg in "${svgs[@]}"; do
    rsvg-convert --background-color=white -o "${svg%.svg}.png" "$svg"
    echo "${svg%.svg}.png"
done
