"""``redirect_logging(stdout=True)``: every printed character lands once, above the bars.

The child runs in a real pseudo-terminal with a live bar; what it prints is
read back through ``pyte``, as a user would see it.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from harness import run_in_pty
from harness.pty import run_on_pty, screen_of

THREADS = 4
LINES = 5000

THREADED = f"""
import sys, threading
import progbar
from progbar import Progbar

sys.setswitchinterval(1e-6)          # switch threads as often as the interpreter can
with progbar.redirect_logging(stdout=True):
    bar = Progbar({THREADS * LINES})
    start = threading.Barrier({THREADS})

    def worker(name):
        start.wait()
        for i in range({LINES}):
            print(f"<{{name}}-{{i}}>")
            bar.add(1)

    threads = [threading.Thread(target=worker, args=(f"t{{k}}",)) for k in range({THREADS})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bar.close()
"""


@pytest.mark.slow
def test_lines_printed_from_threads_land_once_each() -> None:
    output, status = run_on_pty(THREADED, 80, 12, None, 60.0)
    assert status == 0, output[-600:]
    # each line is blanked-around and the bar redrawn after it: count what reached the terminal
    said = Counter(re.findall(rb"<t\d-\d+>", output))
    doubled = [token for token, count in said.items() if count > 1]
    lost = THREADS * LINES - len(said)
    assert (doubled, lost) == ([], 0)
    assert len(said) == THREADS * LINES
    # and the screen is clean: whole messages, the finished bar last (the last few lines
    # drawn decide what the 12 rows show, so pyte reads only those, not megabytes)
    tail = output[output.rindex(b"\n", 0, output.rindex(b"\n") - 2000) + 1 :]
    lines = [line.rstrip() for line in screen_of(tail, 80, 12).display if line.strip()]
    assert all(re.fullmatch(r"<t\d-\d+>", line) for line in lines[:-1]), lines
    done = THREADS * LINES
    assert re.fullmatch(rf"{done}/{done} \[={{30}}\] - \d+s \d+(us|ms)/step", lines[-1]), lines


PARTIAL = """
import sys, time
import progbar
from progbar import Progbar

with progbar.redirect_logging(stdout=True):
    bar = Progbar(100, interval=0)
    for i in range(1, 51):
        bar.update(i)
    print("Loading weights...", end="", flush=True)     # a partial line, shown now
    for i in range(51, 81):
        bar.update(i)
    print(" ok")
    print("no newline at the end", end="")              # still pending when the block ends
    for i in range(81, 101):
        bar.update(i)
"""


@pytest.mark.slow
def test_text_without_a_newline_is_shown_and_never_drawn_over() -> None:
    run = run_in_pty(PARTIAL)
    assert run.returncode == 0, run.output[-600:]
    lines = [line for line in run.lines if line]
    assert lines[0] == "Loading weights..."  # shown at once, on a line of its own
    assert lines[1] == " ok"
    assert re.fullmatch(r"100/100 \[={30}\] - \d+s \d+(us|ms)/step", lines[2]), lines
    assert lines[3] == "no newline at the end"
    assert len(lines) == 4  # nothing of a bar left anywhere else
