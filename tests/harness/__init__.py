"""The test harness: what the tests use to see what a user sees.

``tests/`` is not a package: pytest's default ("prepend") import mode puts
it first on ``sys.path`` when it collects ``tests/conftest.py``, so every
test imports this package as ``harness`` with no path edit of its own.

- :mod:`harness.fakes`: a fake clock, a fake terminal stream, text read through ``pyte``.
- :mod:`harness.pty`: a snippet run on a real pseudo-terminal, its bytes read through ``pyte``.
- :mod:`harness.terminals`: several-bar runs with scrollback, redraw frames, and tmux.
- :mod:`harness.local_server`, :mod:`harness.hub_server`, :mod:`harness.xet_server`: HTTP
  servers on 127.0.0.1 (a file to download, a stand-in for the Hugging Face Hub and its Xet CAS).
- :mod:`harness.notebook`: a real ipykernel runs cells; its outputs folded as a frontend does.
- :mod:`harness.browser`, :mod:`harness.live_browser`, :mod:`harness.png_pixels`: headless
  Chromium renders a page (once, or live), and the colours of its PNG are counted.

The scripts that draw the docs' pictures (``scripts/``) use the same pty
runner and browser: one copy of each.
"""

from __future__ import annotations

from .fakes import ROOT, Collect, FakeClock, ScreenReader, TtyStringIO, only_new_garbage, screen_of
from .pty import PtyRun, run_in_pty, run_in_pty_interrupted, run_in_pty_resized

__all__ = [
    "ROOT",
    "Collect",
    "FakeClock",
    "PtyRun",
    "ScreenReader",
    "TtyStringIO",
    "only_new_garbage",
    "run_in_pty",
    "run_in_pty_interrupted",
    "run_in_pty_resized",
    "screen_of",
]
