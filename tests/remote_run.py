"""A run the web-view tests watch: nested bars and a shared bar, paced by the test.

Run as ``python tests/remote_run.py``: it serves, prints the URL on stdout,
then does one step of work per line it reads on stdin (so the test knows
exactly which counts the page must show), and exits at "exit" or end of input.
The steps: a shared bar of 2 workers (spawned processes) counting 50 each,
and an "epochs" bar of 3 with a "batch" bar of 4 nested under it per epoch.
"""

from __future__ import annotations

import multiprocessing
import sys

import progbar

WORKERS, PER_WORKER = 2, 50
EPOCHS, BATCHES = 3, 4
DESCRIPTION = "epochs <script>document.title='pwned'</script>"


def work(handle: object) -> None:
    """A worker: PER_WORKER steps, flushed and confirmed before it returns."""
    with handle:  # type: ignore[attr-defined]
        for _ in range(PER_WORKER):
            handle.add(1)  # type: ignore[attr-defined]


def step() -> None:
    """Wait for the test's go (a line on stdin); "exit" or end of input stops the run."""
    line = sys.stdin.readline()
    if line.strip() in ("", "exit"):
        raise SystemExit(0)


def main() -> None:
    server = progbar.serve()
    print(server.url, flush=True)
    shared = progbar.Progbar(WORKERS * PER_WORKER, description="shared", display="silent")
    handle = shared.share()
    epochs = progbar.Progbar(EPOCHS, description=DESCRIPTION, display="silent")
    step()
    workers = [
        multiprocessing.get_context("spawn").Process(target=work, args=(handle,))
        for _ in range(WORKERS)
    ]  # a process each: one connection each
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print("shared done", flush=True)
    kept = []  # a bar the program drops leaves the page with the last state read of it
    for _ in range(EPOCHS):
        batch = progbar.Progbar(BATCHES, parent=epochs, description="batch", display="silent")
        kept.append(batch)
        for b in range(BATCHES):
            step()
            batch.add(1)
            if b == BATCHES - 1:
                epochs.add(1)
            print("step", flush=True)
    shared.close()
    print("all done", flush=True)
    step()  # the page shows the end; the test says when to leave


if __name__ == "__main__":
    main()
