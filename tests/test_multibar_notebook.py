"""Nested loops in one notebook cell: one output, updated in place, read back in a browser.

A real ipykernel runs the cell (``jupyter_client``); whatever the nesting,
the cell gets one ``display_data`` and then only ``update_display_data``
for it, with ``text/plain`` and ``text/html`` and no ipywidgets. The saved
HTML is then opened in headless Chromium, which is what a notebook user
looks at, and the text it renders is checked.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytest.importorskip("jupyter_client")
pytest.importorskip("ipykernel")
from harness import browser
from harness.notebook import bar_messages, fold, outputs_html, run_cell_messages

from scripts.scenes import NOTEBOOK_NESTED

pytestmark = pytest.mark.slow

WIDGETS = "\nimport sys\nwidgets_loaded = any(m.startswith('ipywidgets') for m in sys.modules)\n"
KINDS = ("display_data", "update_display_data")
ROOT_DONE = re.compile(r"epoch 2/2 \[={30}\] - \d+s \d+(us|ms|s)/step")


@pytest.fixture(scope="module")
def messages() -> list[dict[str, Any]]:
    """The iopub messages of the docs' nested-loops cell, run once in a fresh kernel."""
    return run_cell_messages(NOTEBOOK_NESTED + WIDGETS + "print('widgets', widgets_loaded)\n")


def _label(row: str) -> str:
    """The first word of a row, after any indentation or tree glyphs."""
    return re.sub(r"^\W+", "", row).split(" ")[0]


def _nested_update(messages: list[dict[str, Any]]) -> int:
    """Index of the first message whose text shows a bar with a nested bar below it."""
    for i, msg in enumerate(messages):
        if msg["msg_type"] in KINDS:
            rows = msg["content"]["data"]["text/plain"].split("\n")
            labels = [_label(row) for row in rows]
            if "epoch" in labels and "batch" in labels[labels.index("epoch") + 1 :]:
                return i
    pytest.fail("no update shows the epoch bar with its batch bar below")


def test_nested_loops_make_one_output_updated_in_place(messages: list[dict[str, Any]]) -> None:
    bar = bar_messages(messages)
    kinds = [m["msg_type"] for m in bar]
    assert kinds.count("display_data") == 1, f"{kinds.count('display_data')} outputs for one cell"
    assert kinds[0] == "display_data"
    assert {m["content"]["transient"]["display_id"] for m in bar} == {
        bar[0]["content"]["transient"]["display_id"]
    }
    assert all({"text/plain", "text/html"} <= set(m["content"]["data"]) for m in bar)
    _nested_update(messages)  # the nesting is visible while the loops run
    final = bar[-1]["content"]["data"]
    assert ROOT_DONE.fullmatch(final["text/plain"].strip()), final["text/plain"]
    assert "\x1b" not in final["text/plain"] + final["text/html"]
    streams = "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream")
    assert streams == "start\nend\nwidgets False\n"


needs_chromium = pytest.mark.skipif(
    browser.chromium() is None,
    reason="headless Chromium is not installed (Debian: apt-get install chromium)",
)


@needs_chromium
def test_the_html_output_renders_the_nesting_in_a_browser(messages: list[dict[str, Any]]) -> None:
    middle = _nested_update(messages)
    bars = browser.rendered_bars(outputs_html(fold(messages[: middle + 1])))
    labels = [_label(text) for _, text in bars]
    epoch = labels.index("epoch")
    assert labels[epoch + 1] == "batch", bars  # the child right below its parent
    assert bars[epoch + 1][0] > bars[epoch][0], bars  # and indented, as on a terminal
    assert re.fullmatch(r"batch +\d+/40 +- ETA: \S+", bars[epoch + 1][1].strip()), bars
    at_the_end = browser.rendered_text(outputs_html(fold(messages)))
    rows = [row.strip() for row in at_the_end.split("\n") if row.strip()]
    # the <progress> element draws the bar; the text around it stays
    assert rows[0] == "start" and rows[-2:] == ["end", "widgets False"], rows
    assert len(rows) == 4 and re.fullmatch(r"epoch 2/2 +- \d+s \d+(us|ms|s)/step", rows[1]), rows
