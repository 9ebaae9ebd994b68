#!/usr/bin/env python3
"""Checks that the chart palette's colours stay apart for colour-blind
readers, and shows how its last three colours were found.

  bench/palette_check.py [--min DE] [--first N] [--kit FILE] [--search]

Reads `PALETTE` from src/output/svg/kit.rs, simulates deuteranopia and
protanopia with the Machado, Oliveira & Fernandes (2009) matrices at
severity 1.0 (applied to linear sRGB, clipped to the gamut), converts every
colour to CIELAB (D65) and prints, per vision and per metric (CIEDE2000 and
CIE76), the smallest colour difference between any two palette colours and
the pair that has it. Exits 1 if the smallest CIEDE2000 difference under any
of the three visions is below --min (default 10). --first N checks only the
palette's first N colours (--first 9: Paul Tol's nine alone); --kit reads
another copy of kit.rs (e.g. an earlier commit's, from `git show`).

--search lists, on a grid of sRGB colours (steps of 0x11), the colours that
differ by at least --min from each of the first nine (Paul Tol's "muted",
kept as they are) under all three visions, by hue, and the three-colour
additions, one hue bin each, with the largest smallest difference. The grid
is limited to colours readable as thin lines on white and not taken for the
charts' greys: CIELAB L* 30..80, chroma >= 30, no lighter than Tol's
lightest, CIEDE2000 >= 10 from ink #222222, #666666 and rule #BBBBBB.

Standard library only.
"""

import argparse
import itertools
import math
import re
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent / "src/output/svg/kit.rs"

# Machado et al. 2009, severity 1.0, rows map linear (R, G, B).
PROTAN = (
    (0.152286, 1.052583, -0.204868),
    (0.114503, 0.786281, 0.099216),
    (-0.003882, -0.048116, 1.051998),
)
DEUTAN = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)
VISIONS = (("normal", None), ("deutan", DEUTAN), ("protan", PROTAN))
GREYS = (0x222222, 0x666666, 0xBBBBBB)


def palette(kit):
    """The PALETTE entries of a kit.rs, as 0xRRGGBB integers, in order."""
    text = kit.read_text(encoding="utf-8")
    body = re.search(r"const PALETTE: \[RGBColor; \d+\] = \[(.*?)\];", text, re.S)
    if not body:
        sys.exit(f"no PALETTE in {kit}")
    return [
        (int(r, 16) << 16) | (int(g, 16) << 8) | int(b, 16)
        for r, g, b in re.findall(
            r"RGBColor\(0x(\w\w), 0x(\w\w), 0x(\w\w)\)", body.group(1)
        )
    ]


def linear(channel):
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab(colour, matrix=None):
    """CIELAB (D65) of 0xRRGGBB as seen through `matrix` (None: normal)."""
    rgb = [linear((colour >> s) & 0xFF) for s in (16, 8, 0)]
    if matrix:
        rgb = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in matrix]
    r, g, b = rgb
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def cie76(p, q):
    return math.dist(p, q)


def ciede2000(p, q):
    """Sharma, Wu & Dalal (2005)'s formulation, kL = kC = kH = 1."""
    l1, a1, b1 = p
    l2, a2, b2 = q
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2)) % 360 if c2 else 0.0
    dh = 0.0
    if c1 * c2:
        dh = h2 - h1
        dh -= 360 if dh > 180 else (-360 if dh < -180 else 0)
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_bar, c_bar = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_bar = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_bar = (h1 + h2) / 2
    else:
        h_bar = (h1 + h2 + (360 if h1 + h2 < 360 else -360)) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(c_bar**7 / (c_bar**7 + 25**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * c_bar
    s_h = 1 + 0.015 * c_bar * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (d_l / s_l) ** 2
        + (d_c / s_c) ** 2
        + (d_h / s_h) ** 2
        + r_t * (d_c / s_c) * (d_h / s_h)
    )


def views(colour):
    """The colour's CIELAB under each of VISIONS."""
    return [lab(colour, m) for _, m in VISIONS]


def apart(p, q):
    """Smallest CIEDE2000 difference of two colours' views over VISIONS."""
    return min(ciede2000(a, b) for a, b in zip(p, q))


def check(colours, bar):
    worst = math.inf
    for metric, de in (("CIEDE2000", ciede2000), ("CIE76", cie76)):
        for name, matrix in VISIONS:
            labs = [lab(c, matrix) for c in colours]
            d, i, j = min(
                (de(labs[i], labs[j]), i, j)
                for i, j in itertools.combinations(range(len(colours)), 2)
            )
            print(
                f"{metric:9} {name}: min ΔE {d:5.1f} "
                f"(#{colours[i]:06X} #{colours[j]:06X}, positions {i + 1} and {j + 1})"
            )
            if metric == "CIEDE2000":
                worst = min(worst, d)
    print(f"{len(colours)} colours; smallest CIEDE2000 under any vision {worst:.1f}, bar {bar}")
    return worst >= bar


def search(fixed, bar):
    fixed_views = [views(c) for c in fixed]
    white = lab(0xFFFFFF)
    lightest = min(ciede2000(v[0], white) for v in fixed_views)
    greys = [views(g) for g in GREYS]
    bins = {}
    levels = range(0, 256, 0x11)
    for r, g, b in itertools.product(levels, levels, levels):
        colour = (r << 16) | (g << 8) | b
        v = views(colour)
        l_star, a, bb = v[0]
        chroma = math.hypot(a, bb)
        if not 30 <= l_star <= 80 or chroma < 30:
            continue
        if ciede2000(v[0], white) < lightest or min(apart(v, g) for g in greys) < 10:
            continue
        to_fixed = min(apart(v, f) for f in fixed_views)
        if to_fixed >= bar:
            hue = int(math.degrees(math.atan2(bb, a)) % 360) // 30 * 30
            bins.setdefault(hue, []).append((to_fixed, colour, v))
    shortlist = []
    for hue in sorted(bins):
        best = sorted(bins[hue], reverse=True)[:8]
        shortlist += [(hue, *c) for c in best]
        print(
            f"hue {hue:3}..{hue + 29}: {len(bins[hue]):3} colours; best "
            + ", ".join(f"#{c:06X} {d:.1f}" for d, c, _ in best[:4])
        )
    triples = []
    for x, y, z in itertools.combinations(shortlist, 3):
        if len({x[0], y[0], z[0]}) < 3:
            continue
        score = min(x[1], y[1], z[1], apart(x[3], y[3]), apart(x[3], z[3]), apart(y[3], z[3]))
        triples.append((score, x[2], y[2], z[2]))
    triples.sort(reverse=True)
    print("best additions (smallest CIEDE2000 to the fixed colours and each other):")
    for score, *colours in triples[:10]:
        print(f"  {score:5.2f} " + " ".join(f"#{c:06X}" for c in colours))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min", type=float, default=10.0, help="smallest CIEDE2000 allowed")
    parser.add_argument("--search", action="store_true", help="search additions to the first nine")
    parser.add_argument("--first", type=int, help="check only the first N colours")
    parser.add_argument("--kit", type=Path, default=KIT, help="another copy of kit.rs")
    args = parser.parse_args()
    colours = palette(args.kit)[: args.first]
    if args.search:
        search(colours[:9], args.min)
        return 0
    return 0 if check(colours, args.min) else 1


if __name__ == "__main__":
    sys.exit(main())
