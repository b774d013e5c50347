"""No OSC 9;4 in a notebook, even when the kernel was started from an allow-listed terminal."""

from __future__ import annotations

import json

import pytest
from harness.notebook import Kernel


@pytest.mark.slow
def test_a_kernel_started_from_wezterm_gets_no_taskbar_sequences(kernel: Kernel) -> None:
    code = """
import os, time
os.environ["TERM_PROGRAM"] = "WezTerm"  # as if jupyter had been started from WezTerm
import progbar
for display in ("auto", "tty"):  # the notebook display, and Spyder's in-place redraws
    bar = progbar.Progbar(4, interval=0, display=display)
    for i in range(1, 5):
        bar.update(i)
        time.sleep(0.3)
"""
    messages, reply = kernel.run(code)
    assert reply["status"] == "ok"
    shown = json.dumps([m["content"] for m in messages])
    assert "4/4 [" in shown  # both bars drew
    assert "\\u001b]9;4" not in shown and "\x1b]9;4" not in shown
