"""SIGTERM clears the tab/taskbar indicator and still ends the process as it would have.

Real pseudo-terminals, real signals: the child draws a bar on an allow-listed
terminal (so OSC 9;4 is sent), the test sends ``SIGTERM`` once the first
sequence is on the terminal, and reads what the child wrote until it died.
"""

from __future__ import annotations

import re
import signal
import textwrap

import pytest
from harness.pty import run_on_pty

pytestmark = pytest.mark.slow  # child processes killed by real signals

OSC = re.compile(rb"\x1b\]9;4;(\d);(\d+)\x1b\\")
ENV = {
    "TERM_PROGRAM": "WezTerm",
    **{name: "" for name in ("TERM_PROGRAM_VERSION", "WT_SESSION", "ConEmuANSI")},
    **{name: "" for name in ("VTE_VERSION", "TMUX", "STY")},
}
RUN = """
import time
from progbar import Progbar
bar = Progbar(1000, interval=0)
for i in range(1000):
    bar.update(i)
    time.sleep(0.05)
"""


def _terminated(code: str, wait_for: bytes = b"\x1b]9;4;1;") -> tuple[bytes, int]:
    sent = []

    def terminate(output: bytes, master: int, proc: object) -> None:
        if not sent and wait_for in output:
            proc.send_signal(signal.SIGTERM)  # type: ignore[attr-defined]
            sent.append(True)

    output, status = run_on_pty(textwrap.dedent(code), 80, 24, ENV, 60.0, on_output=terminate)
    assert sent, output[-300:]
    return output, status


def _sequences(output: bytes) -> list[tuple[int, int]]:
    return [(int(state), int(percent)) for state, percent in OSC.findall(output)]


def test_sigterm_clears_the_indicator_and_the_process_still_dies_of_it() -> None:
    output, status = _terminated(RUN)
    assert status == -signal.SIGTERM  # the default disposition was kept: death by the signal
    seen = _sequences(output)
    assert seen[0][0] == 1 and seen[-1] == (0, 0), seen


def test_a_handler_of_the_program_still_runs_after_the_clear() -> None:
    code = (
        "import signal, sys\n"
        "def handler(signum, frame):\n"
        "    print('program handler ran', flush=True)\n"
        "    sys.exit(3)\n"
        "signal.signal(signal.SIGTERM, handler)\n" + textwrap.dedent(RUN)
    )
    output, status = _terminated(code)
    assert status == 3
    assert b"program handler ran" in output
    assert _sequences(output)[-1] == (0, 0)


def test_an_ignored_sigterm_stays_ignored() -> None:
    code = (
        "import signal\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        + textwrap.dedent(RUN).replace("range(1000)", "range(40)")
        + "print('ignored:', signal.getsignal(signal.SIGTERM) is signal.SIG_IGN)\n"
    )
    output, status = _terminated(code)
    assert status == 0 and b"ignored: True" in output


def test_a_bar_drawn_from_a_thread_installs_no_handler() -> None:
    code = """
    import signal, threading
    from progbar import Progbar
    def draw():
        bar = Progbar(10, interval=0)
        for i in range(10):
            bar.update(i + 1)
    thread = threading.Thread(target=draw)
    thread.start()
    thread.join()
    print('default:', signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)
    """
    output, status = run_on_pty(textwrap.dedent(code), 80, 24, ENV, 60.0)
    assert status == 0 and b"\x1b]9;4;1;" in output  # a sequence was sent from the thread
    assert b"default: True" in output


def test_a_forked_child_killed_by_sigterm_leaves_the_parents_indicator_alone() -> None:
    # a pool worker forked from a program with a bar gets SIGTERM from terminate()
    code = """
    import os, signal, sys, time
    from progbar import Progbar
    bar = Progbar(100, interval=0)
    bar.update(10)
    pid = os.fork()
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    sys.stdout.write("<<forked>>")
    sys.stdout.flush()
    os.kill(pid, signal.SIGTERM)
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(f"<<child died of {os.WTERMSIG(status)}>>")
    sys.stdout.flush()
    bar.update(100)
    """
    output, status = run_on_pty(textwrap.dedent(code), 80, 24, ENV, 60.0)
    assert status == 0, output[-300:]
    between = output.split(b"<<forked>>")[1].split(b"<<child died of")[0]
    assert f"<<child died of {int(signal.SIGTERM)}>>".encode() in output  # as before
    assert not _sequences(between)  # the child sent no clear of the parent's indicator
    assert _sequences(output)[-1] == (0, 0)  # the parent clears its own at the end
