"""progbar owns the terminal while bars are live: print, logging, warnings and tracebacks go above.

Each scene runs in a real pseudo-terminal read back through pyte (with its
scrollback), and again in tmux, a second terminal emulator: what a user sees.
"""

from __future__ import annotations

import re
import subprocess
import textwrap

import pytest
from harness.terminals import needs_tmux, run_pty, run_tmux

COLUMNS = (80, 40)

SCENE = """
import logging, sys, threading, time, traceback, warnings
import progbar

logging.basicConfig(format="%(message)s")  # a handler made before the bars: it holds sys.stderr
warnings.formatwarning = lambda message, category, *rest, **kw: f"{category.__name__}: {message}\\n"

side = progbar.Progbar(80, description="side")  # a root bar beside the loops, from a thread
stop = threading.Event()

def feed():
    n = 0
    while not stop.is_set() and n < 79:
        n += 1
        side.update(n)
        time.sleep(0.01)

def talk(t):
    for k in range(6):
        print(f"thread {t} line {k}")
        time.sleep(0.003)

feeder = threading.Thread(target=feed)
feeder.start()
n = 0
for i in progbar.track(range(3), description="outer"):
    for j in progbar.track(range(8), description="inner"):
        time.sleep(0.01)
        n += 1
        if j == 2:
            print(f"print {n}")
            logging.warning(f"log {n}")
            warnings.warn(f"warn {n}")
            try:
                raise ValueError(f"boom {n}")
            except ValueError:
                traceback.print_exc()
        if i == 1 and j == 4:
            talkers = [threading.Thread(target=talk, args=(t,)) for t in range(8)]
            for th in talkers:
                th.start()
            for th in talkers:
                th.join()
stop.set()
feeder.join()
side.update(80)
"""

MAIN_LINES = [
    f"{kind} {n}"
    for n in (3, 11, 19)
    for kind in ("print", "log", "UserWarning: warn", "ValueError: boom")
]
THREAD_LINES = [f"thread {t} line {k}" for t in range(8) for k in range(6)]
BAR = re.compile(r"(outer|inner|side) \d+/\d+ \[")


def check_scene(lines: list[str]) -> None:
    """Every line whole, once, main-thread lines in order, all above the bars' last lines."""
    for text in MAIN_LINES + THREAD_LINES:
        assert lines.count(text) == 1, (text, lines)
    positions = [lines.index(text) for text in MAIN_LINES]
    assert positions == sorted(positions), lines
    for t in range(8):  # each thread's own lines in its order
        mine = [lines.index(f"thread {t} line {k}") for k in range(6)]
        assert mine == sorted(mine), lines
    assert lines.count("Traceback (most recent call last):") == 3, lines
    for line in lines:  # no message glued to a bar, no bar glued to a message
        if BAR.search(line):
            assert not re.search(r"print|log \d|warn|boom|thread", line), line
    last_outer = max(i for i, line in enumerate(lines) if line.startswith("outer 3/3 ["))
    assert max(lines.index(text) for text in MAIN_LINES + THREAD_LINES) < last_outer, lines


@pytest.mark.slow
@pytest.mark.parametrize("columns", COLUMNS)
def test_output_from_threads_goes_above_three_live_bars_in_a_pty(columns: int) -> None:
    run = run_pty(SCENE, columns=columns, rows=24)
    assert run.returncode == 0, run.output[-2000:]
    check_scene(run.lines)


@pytest.mark.slow
@needs_tmux
@pytest.mark.parametrize("columns", COLUMNS)
def test_output_from_threads_goes_above_three_live_bars_in_tmux(columns: int) -> None:
    run = run_tmux(SCENE, columns=columns, rows=24)
    assert run.returncode == 0, run.lines
    check_scene(run.lines)


UNFINISHED = """
import time
from progbar import Progbar
bar = Progbar(100)
for i in range(100):  # Keras's usual loop: the bar never reaches 100
    bar.update(i)
    time.sleep(0.002)
"""


@pytest.mark.slow
@needs_tmux
def test_a_bar_never_finished_ends_its_line_at_exit_with_its_last_count() -> None:
    run = run_tmux(UNFINISHED, columns=80, rows=10, after="echo next")
    assert run.returncode == 0, run.lines
    rows = [line for line in run.lines if line]
    assert rows[-1] == "next", rows
    assert re.fullmatch(r" 99/100 \[=+>?\.*\] - ETA: \d+s", rows[-2]), rows
    assert len(rows) == 2, rows


@pytest.mark.slow
def test_a_bar_never_finished_in_a_pty_then_a_shell_command() -> None:
    code = f"""
import os, subprocess, sys
subprocess.run([sys.executable, "-c", {UNFINISHED!r}], check=True)
os.write(1, b"next\\n")
"""
    run = run_pty(code, columns=80, rows=10)
    rows = [line for line in run.lines if line]
    assert rows[-1] == "next", rows
    assert rows[-2].startswith(" 99/100 ["), rows


@pytest.mark.slow
def test_a_dropped_bar_is_drawn_once_and_never_again() -> None:
    code = """
import gc, time
import progbar

def work():
    bar = progbar.Progbar(10, description="dropped")
    bar.update(3)
    time.sleep(0.05)

work()
gc.collect()
progbar.write("hello")
for _ in progbar.track(range(5), description="later", interval=0):
    time.sleep(0.01)
progbar.write("bye")
"""
    run = run_pty(code, columns=80, rows=10)
    assert run.returncode == 0, run.output
    rows = [line for line in run.lines if line]
    assert [r for r in rows if "dropped" in r] == [rows[0]], rows
    assert re.match(r"dropped +3/10 \[", rows[0]), rows
    assert rows[1:] == ["hello", rows[2], "bye"], rows
    assert rows[2].startswith("later 5/5 ["), rows
    assert run.output.rfind(b"dropped") < run.output.find(b"hello")  # never drawn after


@pytest.mark.slow
def test_an_unfinished_bar_stops_being_redrawn_once_the_program_writes() -> None:
    code = """
import time
from progbar import Progbar
bar = Progbar(100)
for i in range(30):  # early stopping: the bar stays at 30
    bar.update(i + 1, values=[("loss", 0.1332)])
print("saved model.h5")
time.sleep(1.5)  # the refresh thread would redraw a quiet bar every 0.5 s
print("done")
"""
    run = run_pty(code, columns=80, rows=10)
    assert run.returncode == 0, run.output
    rows = [line for line in run.lines if line]
    assert rows[:2] == ["saved model.h5", "done"], rows
    assert rows[2].startswith(" 30/100 ["), rows
    assert len(rows) == 3, rows
    between = run.output[run.output.find(b"saved model.h5") : run.output.find(b"done")]
    assert b"30/100" not in between.split(b"saved model.h5", 1)[1], between


INPUT = """
import time
import progbar
for i in progbar.track(range(3), description="outer"):
    for j in progbar.track(range(4), description="inner"):
        time.sleep(0.02)
        if i == 1 and j == 1:
            with progbar.suspend():
                answer = input("your name? ")
            print(f"hello {answer}")
"""


@pytest.mark.slow
def test_input_inside_suspend_keeps_the_prompt_and_the_answer() -> None:
    import os

    sent = []

    def answer(output: bytes, master: int, proc: object) -> None:
        if not sent and output.endswith(b"your name? "):
            os.write(master, b"bob\n")
            sent.append(True)

    from harness.pty import run_on_pty, screen_of

    output, status = run_on_pty(INPUT, 80, 24, None, 60, on_output=answer)
    assert status == 0, output
    assert sent, output
    rows = [line.rstrip() for line in screen_of(output, 80, 24).display if line.strip()]
    assert "your name? bob" in rows, rows
    assert "hello bob" in rows, rows
    assert rows.index("your name? bob") < rows.index("hello bob"), rows
    assert rows[-1].startswith("outer 3/3 ["), rows  # the bars came back and finished
    # nothing was drawn between the prompt and the typed answer's echo
    prompt = output.rfind(b"your name? ")
    assert b"inner" not in output[prompt : output.find(b"bob", prompt)]


@pytest.mark.slow
def test_epoch_headers_and_lines_with_an_outer_bar_each_on_their_own_row() -> None:
    code = """
import time
import progbar
from progbar import ProgbarLogger
for run in progbar.track(range(2), description="runs"):
    for epoch in progbar.epochs(2, 5, best="val_loss"):
        for step in range(5):
            time.sleep(0.01)
            epoch.update(step + 1, loss=0.5)
        epoch.end(val_loss=0.3 - 0.1 * epoch.number)
    logger = ProgbarLogger()
    logger.set_params({"epochs": 2, "steps": 3, "verbose": 1})
    logger.on_train_begin()
    for number in range(2):
        logger.on_epoch_begin(number)
        for step in range(3):
            time.sleep(0.01)
            logger.on_train_batch_end(step, {"loss": 0.25})
        logger.on_epoch_end(number, {"loss": 0.25})
    logger.on_train_end()
"""
    run = run_pty(code, columns=80, rows=24)
    assert run.returncode == 0, run.output[-2000:]
    rows = [line.strip() for line in run.lines if line.strip()]
    headers = [r for r in rows if r.startswith("Epoch ")]
    assert headers == ["Epoch 1/2", "Epoch 2/2"] * 4, rows
    steps = [r for r in rows if re.match(r"\d+/\d+ \[", r)]
    assert len(steps) == 8, rows  # every epoch's line stays, each on its own row
    assert sum(r.startswith("Best epoch") for r in rows) == 2, rows
    for row in rows:
        assert row.count("/") <= 2 or "Best" in row, row  # never two lines glued on one row
        assert not (row.startswith("runs") and "Epoch" in row), row
    assert rows[-1].startswith("runs 2/2 ["), rows


@pytest.mark.slow
def test_ctrl_c_in_nested_loops_keeps_every_row_with_its_last_count() -> None:
    code = """
import time
import progbar
for i in progbar.track(range(5), description="outer"):
    for j in progbar.track(range(1000), description="inner"):
        time.sleep(0.002)
"""
    import signal

    from harness.pty import run_on_pty, screen_of

    def interrupt(output: bytes, master: int, proc: subprocess.Popen[bytes]) -> None:
        # Ctrl-C once the inner loop of the second pass has drawn a count
        second = output.find(b"outer 1/5")
        drawn = second >= 0 and re.search(rb"inner +[1-9]\d*/1000", output[second:])
        if drawn and proc.returncode is None and not interrupted:
            proc.send_signal(signal.SIGINT)
            interrupted.append(True)

    interrupted: list[bool] = []
    output, status = run_on_pty(textwrap.dedent(code), 80, 200, None, 60, on_output=interrupt)
    assert status != 0
    rows = [line.rstrip() for line in screen_of(output, 80, 200).display if line.strip()]
    assert re.match(r"outer [0-5]/5 \[", rows[0]), rows
    assert re.match(r"  inner +[1-9]\d*/1000 \[", rows[1]), rows
    assert rows[2] == "Traceback (most recent call last):", rows
    assert rows[-1] == "KeyboardInterrupt", rows


FORK = """
import os, time
import progbar

class Clock:  # an injected clock: the parent has no refresh thread to draw during the child
    now = 0.0
    def __call__(self):
        return self.now

clock = Clock()
parent = progbar.Progbar(100, description="parent", clock=clock, interval=0)
parent.update(10)
os.write(1, b"\\x1b]2;fork-start\\x07")
pid = os.fork()
if pid == 0:
    child = progbar.Progbar(10, description="child")
    child.update(1)
    time.sleep(1.6)  # quiet: the child's own refresh thread must redraw it
    child.update(10)
    os._exit(0)
os.waitpid(pid, 0)
os.write(1, b"\\x1b]2;fork-end\\x07")
clock.now = 5.0
parent.update(100)
"""


@pytest.mark.slow
def test_a_forked_child_draws_only_its_own_rows_and_refreshes_them() -> None:
    run = run_pty(FORK, columns=80, rows=10)
    assert run.returncode == 0, run.output
    start = run.output.index(b"\x1b]2;fork-start\x07")
    end = run.output.index(b"\x1b]2;fork-end\x07")
    child_bytes = run.output[start:end]
    assert b"parent" not in child_bytes, child_bytes  # the parent's row is the parent's
    assert child_bytes.count(b"child  1/10 [") >= 2, child_bytes  # refreshed while quiet
    assert b"child 10/10 [" in child_bytes, child_bytes
    rows = [line for line in run.lines if line]
    assert rows[-1].startswith("parent 100/100 ["), rows  # the parent's screen goes on


FORKS_WHILE_DRAWING = """
import os, sys, tempfile, threading, time
import progbar

out = open(os.path.join(tempfile.mkdtemp(), "screen"), "a")  # appends: no write overwrites
busy = progbar.Progbar(10**9, file=out, display="tty", interval=0, description="busy")
stop = threading.Event()

def draw():
    while not stop.is_set():
        busy.add(1)  # interval=0: every call draws, holding the screen's locks

drawer = threading.Thread(target=draw)
drawer.start()
hung = []
for i in range(20):
    pid = os.fork()
    if pid == 0:
        # the same device through another file object: a stream object a parent thread was
        # writing to at the fork may hold Python's own buffer lock, for print() as for us
        mine = open(out.name, "a")
        bar = progbar.Progbar(5, file=mine, display="tty", interval=0, description=f"kid{i}")
        for k in range(5):
            bar.update(k + 1)
        mine.flush()
        os._exit(0 if bar.finished else 3)
    deadline = time.monotonic() + 20
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            if os.waitstatus_to_exitcode(status) != 0:
                hung.append((i, status))
            break
        if time.monotonic() > deadline:  # the watchdog
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            hung.append((i, "hung"))
            break
        time.sleep(0.01)
stop.set()
drawer.join()
busy.close()
out.close()
text = open(out.name).read()
missing = [i for i in range(20) if f"kid{i} 5/5 [" not in text]
print("hung", hung, "missing", missing)
"""


@pytest.mark.slow
def test_twenty_forks_while_a_thread_draws_never_hang_a_child() -> None:
    import sys

    done = subprocess.run(
        [sys.executable, "-c", FORKS_WHILE_DRAWING],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "hung [] missing []", done.stdout + done.stderr


REENTRANT = """
import signal
import progbar

bar = progbar.Progbar(10**6, interval=0, description="job")
count = [0]

def tick(signum, frame):  # progress reported from a signal handler
    count[0] += 1
    bar.update(count[0])

signal.signal(signal.SIGALRM, tick)
bar.update(0)
signal.setitimer(signal.ITIMER_REAL, 0.0005, 0.0005)
for i in range(3000):
    progbar.write(f"line {i}")
signal.setitimer(signal.ITIMER_REAL, 0)
bar.close()
"""


@pytest.mark.slow
def test_a_signal_handler_drawing_into_a_blocked_write_silences_nothing() -> None:
    """Python's "reentrant call" error is not a broken stream: later lines all arrive."""
    import time

    from harness.pty import run_on_pty

    reads = [0]

    def slow_reader(output: bytes, master: int, proc: object) -> None:
        reads[0] += 1
        if reads[0] < 200:  # the terminal is slow: the program blocks in its writes
            time.sleep(0.005)

    output, status = run_on_pty(REENTRANT, 80, 24, None, 120, on_output=slow_reader)
    assert status == 0, output[-2000:]
    assert b"output disabled" not in output, output[-2000:]
    text = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", output).decode()
    said = [line.rstrip("\r").rsplit("\r", 1)[-1].rstrip() for line in text.split("\n")]
    lines = [line for line in said if line.startswith("line ")]
    assert all(re.fullmatch(r"line \d+", x) for x in lines), lines[:5]
    # the display is never disabled, so the program's lines keep arriving (the unit test
    # test_a_reentrant_call_error_skips_one_frame_and_never_disables_the_output checks the
    # rule itself). About 1 line in 100 can still go missing below progbar in this storm (a
    # timer every 0.5 ms drawing into a blocked terminal write), before the fix as after it:
    # a known limit, written in docs/guarantees.md
    assert len(set(lines)) >= 2940, len(set(lines))
    assert re.search(rb"job +\d+/1000000 \[[=>.]+\] - \d+s", output[-300:]), output[-300:]


@pytest.mark.slow
def test_nesting_deeper_than_the_width_never_wraps_a_row() -> None:
    code = """
import time
import progbar
bars = []
for level in range(30):
    parent = bars[-1] if bars else None
    bars.append(progbar.Progbar(10, description=f"l{level}", parent=parent, leave=True))
for step in range(1, 11):
    for bar in reversed(bars):
        bar.update(step)
    time.sleep(0.12)
"""
    run = run_pty(code, columns=40, rows=40)
    assert run.returncode == 0, run.output[-500:]
    rows = [line for line in run.lines if line]
    assert rows, run.output[-500:]
    assert len(rows) == 30, rows  # one row each: no wrapped or stale copy
    for row in rows:
        assert len(row) <= 40, row
        assert re.fullmatch(r" *(l\d+ +)?10/10 \[=+\].*", row), row


@pytest.mark.slow
def test_a_final_line_still_waiting_for_a_frame_is_written_at_exit() -> None:
    """The program ends right after one bar finishes while another is live."""
    code = """
import time
import progbar
other = progbar.Progbar(100, description="train")
other.update(10)
evaluate = progbar.Progbar(20, description="evaluate", leave=True)
for step in range(1, 21):
    evaluate.update(step)
    other.update(10 + step)
"""
    run = run_pty(code, columns=80, rows=10)
    assert run.returncode == 0, run.output
    rows = [line for line in run.lines if line]
    assert any(re.match(r"evaluate 20/20 \[=+\]", row) for row in rows), rows
    assert not any(re.match(r"evaluate +\d+/20 \[=*>", row) for row in rows), rows
    assert re.match(r"train  30/100 \[", rows[-1]), rows
