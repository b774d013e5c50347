"""Regenerate the terminal pictures in ``docs/img/`` from real runs.

Each scene is a short Python program run in a fresh interpreter whose
stdout is a real pseudo-terminal of a chosen size. The bytes it writes are
fed to a ``pyte`` screen (a terminal emulator), and the screen, colours
included, is rendered to SVG. Nothing is drawn by hand: what the picture
shows is what a terminal of that size showed.

The scenes pass a simulated clock to the bars (``clock=``, part of the
public API) so that the times in the pictures, and so the committed files,
do not depend on how busy this machine was.

Usage (POSIX only, needs ``pyte``; the notebook scenes also need
``ipykernel`` and ``jupyter_client``, and ``notebook-nested`` headless
Chromium, see ``tests/harness/browser.py``)::

    python scripts/screenshots.py            # every scene
    python scripts/screenshots.py training   # only the named ones
    python scripts/screenshots.py --list
"""

from __future__ import annotations

import argparse
import html
import sys
import textwrap
from pathlib import Path

import pyte
import wcwidth

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"

# the tests' harness: the one pty runner, and the notebook and browser shots
sys.path.insert(0, str(ROOT / "tests"))
from harness.pty import run_on_pty, screen_of  # noqa: E402
from scenes import NOTEBOOK_CELL, NOTEBOOK_NESTED, SCENES, Scene  # noqa: E402

# -- running a program in a pseudo-terminal -----------------------------------


def run_in_pty(code: str, columns: int, rows: int, env: dict[str, str]) -> bytes:
    """Run ``code`` with stdin/stdout/stderr on a pty of ``columns`` x ``rows``; its output."""
    output, returncode = run_on_pty(textwrap.dedent(code), columns, rows, env, cwd=str(ROOT))
    if returncode != 0:
        raise RuntimeError(f"scene exited with {returncode}:\n{output.decode(errors='replace')}")
    return output


# -- rendering a screen to SVG ---------------------------------------------------

CELL_W, CELL_H, FONT_SIZE, PAD, TITLE_H = 8.4, 18.0, 14, 14.0, 28.0
BACKGROUND, FOREGROUND = "#1e1e2e", "#d9e0ee"
PALETTE = {
    "black": "#45475a",
    "red": "#f38ba8",
    "green": "#a6e3a1",
    "brown": "#f9e2af",
    "yellow": "#f9e2af",
    "blue": "#89b4fa",
    "magenta": "#f5c2e7",
    "cyan": "#94e2d5",
    "white": "#bac2de",
}
FONT = "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace"


def _colour(name: str, default: str) -> str:
    if name == "default":
        return default
    if name in PALETTE:
        return PALETTE[name]
    if len(name) == 6 and all(c in "0123456789abcdefABCDEF" for c in name):
        return "#" + name.lower()
    return default


def _segments(screen: pyte.Screen, y: int) -> list[tuple[int, str, str, bool]]:
    """Row ``y`` as ``(x, text, fill, bold)`` pieces that each start at a known cell.

    A piece is a run of narrow characters of one style, or one wide
    character; spaces split pieces. Placing each piece at its own cell (and
    stretching it to its cells) keeps columns exact in any SVG renderer,
    whatever the advance of the font that renders it.
    """
    pieces: list[tuple[int, str, str, bool]] = []
    row = screen.buffer[y]
    open_piece = False
    for x in range(screen.columns):
        char = row[x]
        if char.data in ("", " "):  # "" is the stub cell after a wide character
            open_piece = False
            continue
        fill = _colour(char.bg if char.reverse else char.fg, FOREGROUND)
        wide = x + 1 < screen.columns and row[x + 1].data == ""
        last = pieces[-1] if pieces else None
        if open_piece and last and last[2] == fill and last[3] == char.bold and not wide:
            pieces[-1] = (last[0], last[1] + char.data, fill, char.bold)
        else:
            pieces.append((x, char.data, fill, char.bold))
        open_piece = not wide
    return pieces


def render_svg(screen: pyte.Screen, title: str, rows: int) -> str:
    """An SVG picture of the first ``rows`` rows of ``screen`` in a terminal window."""
    width = 2 * PAD + screen.columns * CELL_W
    height = TITLE_H + 2 * PAD + rows * CELL_H
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" role="img" aria-label="{html.escape(title)}">',
        f'<rect width="100%" height="100%" rx="8" fill="{BACKGROUND}"/>',
    ]
    for i, colour in enumerate(("#f38ba8", "#f9e2af", "#a6e3a1")):
        parts.append(f'<circle cx="{PAD + 6 + 18 * i:.1f}" cy="14" r="5.5" fill="{colour}"/>')
    parts.append(
        f'<text x="{PAD + 64:.1f}" y="18" fill="#9399b2" font-family="{FONT}" '
        f'font-size="12">{html.escape(title)}</text>'
    )
    parts.append(f'<g font-family="{FONT}" font-size="{FONT_SIZE}">')
    for y in range(rows):
        baseline = TITLE_H + PAD + y * CELL_H + 13.5
        for x, text, fill, bold in _segments(screen, y):
            cells = sum(max(wcwidth.wcwidth(c), 1) for c in text)
            weight = ' font-weight="bold"' if bold else ""
            parts.append(
                f'<text x="{PAD + x * CELL_W:.1f}" y="{baseline:.1f}" fill="{fill}"{weight} '
                f'textLength="{cells * CELL_W:.1f}" lengthAdjust="spacingAndGlyphs">'
                f"{html.escape(text)}</text>"
            )
    parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def shoot(name: str, scene: Scene, out: Path = OUT) -> Path:
    """Run one scene and write its SVG into ``out``; the path written."""
    output = run_in_pty(scene.code, scene.columns, scene.rows, scene.env)
    screen = screen_of(output, scene.columns, scene.rows)
    used = max((y + 1 for y in range(scene.rows) if "".join(screen.display[y]).strip()), default=1)
    path = out / f"{name}.svg"
    path.write_text(render_svg(screen, scene.title, used), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Regenerate the named scenes (all by default)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    every = [*SCENES, "notebook", "notebook-nested"]
    parser.add_argument("names", nargs="*", help=f"any of: {', '.join(every)}")
    parser.add_argument("--list", action="store_true", help="list the scenes and exit")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the SVG files")
    args = parser.parse_args(argv)
    if args.list:
        for name in every:
            title = SCENES[name].title if name in SCENES else "a Jupyter kernel"
            print(f"{name:16} {title}{' and Chromium' if name == 'notebook-nested' else ''}")
        return 0
    unknown = [n for n in args.names if n not in every]
    if unknown:
        parser.error(f"unknown scene {unknown[0]!r}")
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.names or every:
        if name == "notebook":
            from harness.notebook import shoot_notebook

            for path in shoot_notebook(NOTEBOOK_CELL, "Jupyter, saved output", args.out):
                print(f"wrote {path}")
        elif name == "notebook-nested":
            from harness.notebook import shoot_notebook_nested

            for path in shoot_notebook_nested(NOTEBOOK_NESTED, args.out):
                print(f"wrote {path}")
        else:
            print(f"wrote {shoot(name, SCENES[name], args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
