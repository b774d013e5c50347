"""Headless Chromium: what a browser renders from an HTML fragment, as text or as a picture.

A notebook frontend shows a cell's ``text/html`` output in a browser, so
this is where the notebook pictures and checks come from: the fragment is
put in a small page, Chromium (Debian's ``chromium`` package) loads it from
a file with no network, no GPU and a throwaway profile, and either takes a
screenshot or dumps the DOM after a script has copied the page's rendered
text (``innerText``, which follows the CSS) into it.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",  # root in a container has no user namespace for the sandbox
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>progbar</title>
<style>
body {{ margin: 0; padding: 16px; background: #fff; color: #1f2328;
       font: 14px/1.45 'DejaVu Sans Mono', ui-monospace, Menlo, Consolas, monospace; }}
.prompt {{ color: #303f9f; float: left; width: 72px; }}
.code {{ margin-left: 72px; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px;
        padding: 6px 10px; white-space: pre; }}
.cell {{ margin: 10px 0 0 72px; }}
</style></head>
<body>{code}<div class="cell">{fragment}</div>{script}</body></html>
"""
MIN_HEIGHT = 300
"""Headless Chromium draws nothing in a shorter window, so pictures are at least this tall."""
RENDERED_ID = "progbar-rendered-text"
_COPY_TEXT = (
    "<script>const out = document.createElement('pre');"
    f"out.id = '{RENDERED_ID}'; out.textContent = document.querySelector('.cell').innerText;"
    "document.body.appendChild(out);</script>"
)
_COPY_BARS = (
    "<script>const bars = document.createElement('pre');"
    f"bars.id = '{RENDERED_ID}'; bars.textContent = Array.from("
    "document.querySelectorAll('.cell .progbar'), e => "
    "Math.round(e.getBoundingClientRect().left + parseFloat(getComputedStyle(e).paddingLeft))"
    " + '\\t' + e.innerText).join('\\n');"
    "document.body.appendChild(bars);</script>"
)


def chromium() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(args: list[str], page: str, folder: Path) -> str:
    browser = chromium()
    if browser is None:
        raise RuntimeError("Chromium is not installed (Debian: apt-get install chromium)")
    path = folder / "page.html"
    path.write_text(page, encoding="utf-8")
    done = subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={folder / 'profile'}", *args, path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=folder,
    )
    return done.stdout


def _code(code: str) -> str:
    if not code:
        return ""
    text = html.escape(code.strip("\n"))
    return f'<div class="prompt">In [1]:</div><div class="code">{text}</div>'


def _dump(fragment: str, script: str) -> str:
    """What ``script`` wrote into the page after the browser laid ``fragment`` out."""
    with tempfile.TemporaryDirectory() as folder:
        page = PAGE.format(code="", fragment=fragment, script=script)
        dom = _run(["--dump-dom"], page, Path(folder))
    start = dom.index(f'<pre id="{RENDERED_ID}">') + len(f'<pre id="{RENDERED_ID}">')
    return html.unescape(dom[start : dom.index("</pre>", start)])


def rendered_text(fragment: str) -> str:
    """The text a browser shows for ``fragment`` (its ``innerText``), line by line."""
    return _dump(fragment, _COPY_TEXT)


def rendered_bars(fragment: str) -> list[tuple[int, str]]:
    """Each bar element of ``fragment`` as drawn: where its text starts (CSS pixels), its text."""
    rows = _dump(fragment, _COPY_BARS).split("\n")
    return [(int(left), text) for left, text in (row.split("\t", 1) for row in rows if row)]


def screenshot(
    fragment: str, path: Path, *, code: str = "", width: int = 900, height: int = MIN_HEIGHT
) -> Path:
    """A PNG of a notebook cell (``code``, then the output ``fragment``) as a browser draws it."""
    size = f"--window-size={width},{max(height, MIN_HEIGHT)}"
    with tempfile.TemporaryDirectory() as folder:
        page = PAGE.format(code=_code(code), fragment=fragment, script="")
        shot = Path(folder) / "shot.png"
        _run([f"--screenshot={shot}", size, "--force-device-scale-factor=1"], page, Path(folder))
        path.write_bytes(shot.read_bytes())
    return path
