"""A parent with a descriptor limit of 256 whose shared bar is crowded by silent strangers.

Run as a script by ``test_share_crowd.py``. It sets its own ``RLIMIT_NOFILE``
to 256 (macOS's default), shares a bar, prints its pickled handle in hex,
then obeys one command per line on stdin, answering each with one JSON line:

- ``measure``: the CPU time of the serving thread over a 2 s window, as a
  fraction of that window, and whether 20 files of the program's own open.
- ``fill`` / ``unfill``: take every descriptor left (the program itself is
  out of them), then give them back.
- ``count``: the bar's count and description.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import sys
import threading
import time

from progbar import Progbar

WINDOW = 2.0  # seconds of the serving thread's life measured


def serving_thread_cpu(window: float) -> float:
    """CPU seconds the serving thread used per second of ``window`` (a ratio of CPU times)."""
    thread = next(t for t in threading.enumerate() if t.name == "progbar-share")
    assert thread.ident is not None
    clock = time.pthread_getcpuclockid(thread.ident)
    cpu0, wall0 = time.clock_gettime(clock), time.monotonic()
    time.sleep(window)
    cpu1, wall1 = time.clock_gettime(clock), time.monotonic()
    return (cpu1 - cpu0) / (wall1 - wall0)


def own_files_open(count: int = 20) -> str:
    """ "ok" when ``count`` files open at once, else the error the program would get."""
    opened = []
    try:
        for _ in range(count):
            opened.append(open(os.devnull, "rb"))  # noqa: SIM115  # closed below
    except OSError as exc:
        return repr(exc)
    finally:
        for handle in opened:
            handle.close()
    return "ok"


def main() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
    bar = Progbar(None, display="silent")
    print(pickle.dumps(bar.share()).hex(), flush=True)
    held: list[int] = []
    for line in sys.stdin:
        command = line.strip()
        answer: dict[str, object] = {}
        if command == "measure":
            answer = {"cpu": serving_thread_cpu(WINDOW), "open": own_files_open()}
        elif command == "fill":
            try:
                while True:
                    held.append(os.open(os.devnull, os.O_RDONLY))
            except OSError as exc:
                answer = {"held": len(held), "error": exc.errno}
        elif command == "unfill":
            for fd in held:
                os.close(fd)
            held.clear()
        elif command == "count":
            answer = {"current": bar.current, "description": bar.description}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
