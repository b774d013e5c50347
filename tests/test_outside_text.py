"""Text from outside reaches no reader as something it acts on, in every output (issue 29).

One hostile description (bidirectional overrides and isolates that would show
the count and the ETA reversed, a colour, an OSC 8 link, a carriage return),
hostile metric names and values and a hostile unit name, through each output:
a terminal line read from a real pseudo-terminal, the notebook's HTML and
plain text, JSON lines, and the fields a ``logging`` record hands to
formatters. One rule cleans them all (``progbar._core.cells.clean_text``).
"""

from __future__ import annotations

import io
import json
import re

from harness import Collect, FakeClock, run_in_pty

from progbar import Progbar
from progbar._core.line import Layout
from progbar._core.snapshot import Shown, Snapshot
from progbar._output.notebook import NotebookDisplay, render_html

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
DESCRIPTION = (
    "\u202eevil\u202c\x1b[31mred\x1b]8;;http://x.test/\x07link\x1b]8;;\x07\r\u2066ok\u2069"
)
NAME = "lo\u2067ss\x1b[2J"
VALUE = "\u202e\x1b[1mwarm\u200f"
UNIT = "i\u202et\x1b[7m"
ACTS = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI}]")  # anything a reader would act on


def inert(text: object) -> bool:
    """No control, escape or bidirectional control anywhere in ``text`` (or its parts)."""
    if isinstance(text, dict):
        return all(inert(k) and inert(v) for k, v in text.items())
    return not isinstance(text, str) or not ACTS.search(text)


def test_the_terminal_line_carries_no_bidi_control_nor_escape_from_the_description() -> None:
    code = f"""
    from progbar import Progbar
    bar = Progbar(10, description={DESCRIPTION!r}, unit_name={UNIT!r}, interval=0)
    for i in range(10):
        bar.update(i + 1, values=[({NAME!r}, {VALUE!r})])
    """
    run = run_in_pty(code, env={"TERM_PROGRAM": "", "PROGBAR_TASKBAR": "0"})
    assert run.returncode == 0
    text = run.output.decode("utf-8")
    assert not any(char in text for char in BIDI), ascii(text[-300:])
    assert "\x1b[31m" not in text and "\x1b]8;" not in text and "\x1b[2J" not in text
    assert "\x1b[1m" not in text and "\x1b[7m" not in text
    final = run.lines[0]
    assert final.startswith("evilredlink ok 10/10"), final
    assert "loss: warm" in final, final


def test_the_notebook_html_and_plain_text_carry_none_of_it() -> None:
    snap = Snapshot(3, 10, 1.0, eta=2.0, description=DESCRIPTION, metrics=((NAME, VALUE),))
    page = render_html(snap, Layout(), "3/10")
    assert inert(page.replace("\n", "")), ascii(page)
    assert "evil" in page and '<progress value="3" max="10"' in page

    class Recorder:
        def __init__(self) -> None:
            self.data: dict[str, str] = {}

        def display(self, data: dict[str, str]) -> str:
            self.data = data
            return "id"

        def update(self, data: dict[str, str], display_id: str) -> None:
            self.data = data

    recorder = Recorder()
    final = Shown(f"{DESCRIPTION} 10/10", None, None)  # no snapshot
    NotebookDisplay(publisher=recorder).frame([final], [])
    assert inert(recorder.data["text/html"]) and inert(recorder.data["text/plain"])
    assert "evil" in recorder.data["text/html"]


def _bar(stream: io.StringIO, clock: FakeClock, display: str) -> None:
    bar = Progbar(
        4, file=stream, display=display, clock=clock, description=DESCRIPTION, unit_name=UNIT
    )
    for i in range(4):
        clock.tick(1.0)
        bar.update(i + 1, values=[(NAME, VALUE)])


def test_jsonl_fields_carry_none_of_it(clock: FakeClock) -> None:
    stream = io.StringIO()
    _bar(stream, clock, "jsonl")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert records and records[-1]["final"]
    for record in records:
        assert all(inert(value) for value in record.values()), record
    assert records[-1]["description"].startswith("evil")
    assert records[-1]["metrics"] == {"loss": "warm"}


def test_logging_record_fields_carry_none_of_it(clock: FakeClock, handler: Collect) -> None:
    _bar(io.StringIO(), clock, "logging")
    assert handler.records
    for record in handler.records:
        fields = {name: getattr(record, name) for name in ("description", "metrics", "unit_name")}
        assert all(inert(value) for value in fields.values()), fields
        assert inert(record.getMessage())
    assert handler.records[-1].description.startswith("evil")  # type: ignore[attr-defined]
