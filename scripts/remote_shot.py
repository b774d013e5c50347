"""The picture of the web view in ``docs/remote.md``: a real run, shot in headless Chromium.

    python scripts/remote_shot.py      # writes docs/img/remote-page.png

A shared bar counted by two worker processes, and a loop of batches nested
under an epochs bar, caught mid-run.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' run and their live browser

import remote_run  # noqa: E402
from harness.live_browser import LiveBrowser  # noqa: E402

import progbar  # noqa: E402


def main() -> None:
    """Run, serve, shoot."""
    server = progbar.serve()
    shared = progbar.Progbar(100, description="shared (2 workers)", display="silent")
    handle = shared.share()
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=remote_run.work, args=(handle,)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    epochs = progbar.Progbar(10, description="epochs", display="silent")
    epochs.update(3)
    batches = progbar.Progbar(500, description="batches", display="silent", parent=epochs)
    for i in range(1, 181):
        batches.update(i, values=[("loss", 1.0 / i)])
        time.sleep(0.002)
    with LiveBrowser(1000, 300) as chrome:
        chrome.open(server.url)
        chrome.wait_for("document.getElementById('status').textContent === 'live'")
        time.sleep(0.5)
        chrome.screenshot(ROOT / "docs" / "img" / "remote-page.png")
    server.stop()


if __name__ == "__main__":
    main()
