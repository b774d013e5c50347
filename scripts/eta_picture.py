"""Draw docs/img/eta-over-time.svg: the ETA each bar shows over a real benchmark run.

    python scripts/eta_picture.py            # rewrites docs/img/eta-over-time.svg

Two workloads of ``benchmarks/eta`` (seed 0): ``hang`` (one 20 s stall) and
``oscillating`` (+-40 % speed). Each bar is driven by the benchmark's own fake
clock and comparators, glanced at every 0.5 % of the run; the dashed line is
the true time remaining. The SVG is written by hand: no plotting dependency.
"""

from __future__ import annotations

import math
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks" / "eta"), str(ROOT)]

from comparators import COMPARATORS  # type: ignore[import-not-found]  # noqa: E402
from run import Clock  # type: ignore[import-not-found]  # noqa: E402
from workloads import make  # type: ignore[import-not-found]  # noqa: E402

COLORS = {"progbar": "#d62728", "tqdm": "#1f77b4", "rich": "#2ca02c", "keras-style": "#9467bd"}
W, H, PAD = 420, 260, 40


def series(workload: str, name: str, seed: int = 0) -> tuple[list[tuple[float, float]], float]:
    """(time, shown eta) at every 0.5 % of the run, and the run's duration."""
    trace = make(workload, seed)
    clock, bar = Clock(), COMPARATORS[name]()
    bar.start(trace.total, clock)
    glances = iter(trace.duration * k / 200 for k in range(1, 200))
    glance, out = next(glances), []
    for t, n in zip(trace.t, trace.n):
        while glance < t:
            clock.now = clock.origin + glance
            eta = bar.eta()
            if eta is not None and math.isfinite(eta):
                out.append((glance, eta))
            glance = next(glances, math.inf)
        clock.now = clock.origin + t
        bar.update(n)
    return out, trace.duration


def panel(workload: str, x0: float) -> list[str]:
    """One chart: axes, the truth, and every bar's ETA, clipped at 2x the run."""
    data = {name: series(workload, name) for name in COLORS}
    duration = data["progbar"][1]
    top = 1.6 * duration

    def xy(t: float, e: float) -> str:
        x = x0 + PAD + t / duration * (W - PAD - 10)
        y = H - PAD - min(e, top) / top * (H - PAD - 20)
        return f"{x:.1f},{y:.1f}"

    out = [
        f'<text x="{x0 + W / 2:.0f}" y="14" text-anchor="middle" font-weight="bold">'
        f"{workload}</text>",
        f'<line x1="{x0 + PAD}" y1="{H - PAD}" x2="{x0 + W - 10}" y2="{H - PAD}" stroke="#444"/>',
        f'<line x1="{x0 + PAD}" y1="20" x2="{x0 + PAD}" y2="{H - PAD}" stroke="#444"/>',
        f'<text x="{x0 + W / 2:.0f}" y="{H - 12}" text-anchor="middle">'
        f"elapsed (s, run = {duration:.0f} s)</text>",
        f'<text x="{x0 + 12}" y="{H / 2:.0f}" transform="rotate(-90 {x0 + 12} {H / 2:.0f})" '
        'text-anchor="middle">ETA shown (s)</text>',
    ]
    for frac in (0.0, 0.5, 1.0, 1.5):
        y = H - PAD - frac * duration / top * (H - PAD - 20)
        out.append(
            f'<text x="{x0 + PAD - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{frac * duration:.0f}</text>"
        )
    truth = f"{xy(0, duration)} {xy(duration, 0)}"
    out.append(f'<polyline points="{truth}" fill="none" stroke="#000" stroke-dasharray="4 3"/>')
    for name, (points, _) in data.items():
        path = " ".join(xy(t, e) for t, e in points)
        width = 2.2 if name == "progbar" else 1.2
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{COLORS[name]}" '
            f'stroke-width="{width}"/>'
        )
    return out


def main() -> int:
    """Write the two panels side by side, with one legend."""
    parts = panel("hang", 0) + panel("oscillating", W)
    legend = [("truth", "#000"), *COLORS.items()]
    for i, (name, color) in enumerate(legend):
        x = 60 + i * 150
        parts.append(
            f'<line x1="{x}" y1="{H + 12}" x2="{x + 24}" y2="{H + 12}" '
            f'stroke="{color}" stroke-width="2"/>'
        )
        parts.append(f'<text x="{x + 30}" y="{H + 16}">{name}</text>')
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{H + 26}" '
        f'viewBox="0 0 {2 * W} {H + 26}" font-family="sans-serif" font-size="11">\n'
        f'<rect width="100%" height="100%" fill="#fff"/>\n' + "\n".join(parts) + "\n</svg>\n"
    )
    target = ROOT / "docs" / "img" / "eta-over-time.svg"
    target.write_text(svg, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
