"""The notebook display, end to end in a real ipykernel driven through jupyter_client."""

from __future__ import annotations

from typing import Any, Optional

import pytest
from harness.notebook import Kernel, bar_messages

from progbar._core.line import Layout, Snapshot
from progbar._core.snapshot import Shown
from progbar._output.notebook import MIN_INTERVAL, NotebookDisplay, render_html

# -- the pure parts, no kernel --------------------------------------------------


class Recorder:
    """A publisher that keeps what it was asked to publish (the Publisher protocol)."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[str, dict[str, str], Optional[str]]] = []
        self.fail = fail

    def display(self, data: dict[str, str]) -> str:
        if self.fail:
            raise RuntimeError("kernel gone")
        self.calls.append(("display", data, None))
        return "id-1"

    def update(self, data: dict[str, str], display_id: str) -> None:
        self.calls.append(("update", data, display_id))


def test_one_display_then_updates_and_identical_frames_are_skipped() -> None:
    recorder = Recorder()
    display = NotebookDisplay(publisher=recorder)
    snap = Snapshot(1, 4, 0.1, eta=0.3)
    display.frame([], [Shown("1/4", snap, None)])  # a bar alone: one row
    display.frame([], [Shown("1/4", snap, None)])  # unchanged: no message
    display.frame([Shown("4/4", Snapshot(4, 4, 0.4, final=True), None)], [])  # its final line
    assert [(kind, display_id) for kind, _, display_id in recorder.calls] == [
        ("display", None),
        ("update", "id-1"),
    ]
    assert recorder.calls[-1][1]["text/plain"] == "4/4"


def test_a_failing_kernel_never_breaks_the_loop() -> None:
    display = NotebookDisplay(publisher=Recorder(fail=True))
    with pytest.warns(RuntimeWarning, match="notebook display disabled"):
        display.frame([], [Shown("1/4", None, None)])
    display.frame([Shown("2/4", None, None)], [])  # disabled now, still silent


@pytest.mark.parametrize(
    ("snap", "progress"),
    [
        (Snapshot(3, 10, 1.0, eta=2.0), '<progress value="3" max="10"'),
        (
            Snapshot(87910968, 87910968, 1.0, final=True),
            '<progress value="87910968" max="87910968"',
        ),
        (Snapshot(12, 10, 1.0, final=True), '<progress value="10" max="10"'),
        (Snapshot(0, 0, 0.0, final=True), '<progress value="1" max="1"'),
        (Snapshot(5, None, 1.0), "<progress style="),  # indeterminate while running
        (Snapshot(2.5, 10, 1.0, eta=2.0), '<progress value="2.5" max="10"'),
    ],
)
def test_html_bar(snap: Snapshot, progress: str) -> None:
    assert progress in render_html(snap, Layout(), "ignored")


def test_html_escapes_user_text_and_has_no_bar_for_a_finished_unknown_total() -> None:
    page = render_html(Snapshot(5, None, 1.0, final=True, description="<b>&"), Layout(), "")
    assert "&lt;b&gt;&amp;" in page
    assert "<progress" not in page
    assert render_html(None, Layout(), "a<b") == (
        '<div class="progbar" style="font-family:monospace;white-space:pre">a&lt;b</div>'
    )


# -- a real kernel --------------------------------------------------------------

CLOCK = """
class Clock:
    def __init__(self):
        self.now = 0.0
    def __call__(self):
        return self.now
"""

BLOCK_IPYWIDGETS = """
import importlib.util, sys
widgets_installed = importlib.util.find_spec("ipywidgets") is not None
class BlockWidgets:
    attempts = []
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "ipywidgets":
            BlockWidgets.attempts.append(name)
            raise ImportError("ipywidgets is absent in this test")
        return None
sys.meta_path.insert(0, BlockWidgets())
for name in [m for m in sys.modules if m.split(".")[0] == "ipywidgets"]:
    del sys.modules[name]
"""


def _saved_outputs(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The outputs a frontend keeps (and a saved .ipynb holds): updates replace in place."""
    outputs: list[dict[str, Any]] = []
    for msg in messages:
        content, kind = msg["content"], msg["msg_type"]
        if kind == "stream":
            outputs.append({"stream": content["text"]})
        elif kind == "display_data":
            outputs.append({"id": content["transient"]["display_id"], "data": content["data"]})
        elif kind == "update_display_data":
            for out in outputs:
                if out.get("id") == content["transient"]["display_id"]:
                    out["data"] = content["data"]
    return outputs


@pytest.mark.slow
def test_bar_in_a_kernel_updates_one_output_in_place(kernel: Kernel) -> None:
    code = (
        BLOCK_IPYWIDGETS
        + CLOCK
        + """
import progbar
print("before")
clock = Clock()
bar = progbar.Progbar(500, interval=0, description="训练", stateful_metrics=["lr"], clock=clock)
for i in range(1, 501):
    clock.now += 0.01
    bar.update(i, [("loss", 1.0 / i), ("lr", 0.001)])
print("after")
"""
    )
    expressions = {
        "kind": "bar.display",
        "attempts": "BlockWidgets.attempts",
        "widgets_loaded": "any(m.split('.')[0] == 'ipywidgets' for m in sys.modules)",
        "widgets_installed": "widgets_installed",
    }
    messages, reply = kernel.run(code, expressions)
    results = {k: v["data"]["text/plain"] for k, v in reply["user_expressions"].items()}
    assert results["kind"] == "'notebook'"
    assert results["attempts"] == "[]"  # progbar never even tried to import ipywidgets
    assert results["widgets_loaded"] == "False"

    bar = bar_messages(messages)
    assert bar[0]["msg_type"] == "display_data"
    assert all(m["msg_type"] == "update_display_data" for m in bar[1:])
    display_ids = {m["content"]["transient"]["display_id"] for m in bar}
    assert len(display_ids) == 1
    # rate-limited: 5 fake seconds at one update per MIN_INTERVAL, not 500 messages
    assert 10 <= len(bar) <= 5.0 / MIN_INTERVAL + 3

    streams = [m["content"]["text"] for m in messages if m["msg_type"] == "stream"]
    assert "".join(streams) == "before\nafter\n"  # the user's prints, untouched
    assert not any("\r" in text for text in streams)
    assert not [m for m in messages if m["msg_type"] == "error"]

    final = bar[-1]["content"]["data"]
    assert final["text/plain"].startswith("训练 500/500 [==============================] - 5s")
    assert "lr: 1.0000e-03" in final["text/plain"]
    assert '<progress value="500" max="500"' in final["text/html"]
    assert "\x1b" not in final["text/plain"] + final["text/html"]

    saved = _saved_outputs(messages)
    assert [list(out) for out in saved] == [["stream"], ["id", "data"], ["stream"]]
    assert saved[1]["data"] == final


@pytest.mark.slow
def test_fast_real_loop_cannot_flood_iopub(kernel: Kernel) -> None:
    code = """
import time, progbar
t0 = time.monotonic()
with progbar.Progbar(200_000, interval=0) as bar:
    for i in range(1, 200_001):
        bar.update(i)
elapsed = time.monotonic() - t0
"""
    messages, reply = kernel.run(code, {"elapsed": "elapsed"})
    elapsed = float(reply["user_expressions"]["elapsed"]["data"]["text/plain"])
    bar = bar_messages(messages)
    # the same monotonic clock throttles the bar: at most one update per interval, plus the ends
    assert len(bar) <= elapsed / MIN_INTERVAL + 3
    assert bar[-1]["content"]["data"]["text/plain"].startswith("200000/200000 [=====")
    assert not [m for m in messages if m["msg_type"] == "stream"]


@pytest.mark.slow
def test_summary_and_files_in_a_kernel_stay_plain_text(kernel: Kernel, tmp_path: Any) -> None:
    path = tmp_path / "log.txt"
    code = f"""
import progbar
with open({str(path)!r}, "w") as f:
    with progbar.Progbar(3, file=f) as bar:
        bar.update(3)
with progbar.Progbar(2, verbose=2) as bar:
    bar.update(2)
"""
    messages, _ = kernel.run(code)
    assert not bar_messages(messages)
    assert path.read_text().startswith("3/3 [")
    streams = "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream")
    assert streams.startswith("2/2 - ") and streams.endswith("\n")
