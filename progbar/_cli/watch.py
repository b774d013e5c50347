"""``progbar watch FILE``: the records another process writes (``display="jsonl"``) as live bars.

The file is followed as it grows (``tail -f``); ``-`` reads standard input
(``kubectl logs -f pod | progbar watch -``). A line is a record when it is
a JSON object with the record's keys (``count``, ``target``, ``final``...);
other log lines between them are skipped, and a last line without its
newline is kept until the rest arrives. Each record id (its ``id``, else
its ``description``) gets one :class:`~progbar.Progbar`, nested under the
bar of its ``parent`` id; the command ends when every bar it saw finished.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from .._output.printing import write
from .._progbar import Progbar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from typing import BinaryIO, Literal, Optional

__all__ = ["RecordClock", "Watcher", "main", "parse_record"]

KEYS = frozenset({"count", "target", "final"})
"""Keys every record has: a JSON object without them is someone else's log line."""
MAX_LINE = 1 << 20
"""Bytes of one line kept at most; a longer one (not a record) is skipped."""
POLL = 0.1
"""Seconds between looks at a file that did not grow."""


def parse_record(line: bytes) -> Optional[dict[str, object]]:
    """The record on ``line``, or None when it is another kind of line.

    >>> parse_record(b'{"count":3,"target":10,"final":false}')["count"]
    3
    >>> parse_record(b"INFO starting") is None, parse_record(b'{"count": 1}') is None
    (True, True)
    """
    text = line.strip()
    start = text.find(b"{")  # a log prefix ("2026-01-01 12:00 ") before the object
    if start < 0 or not text.endswith(b"}"):
        return None
    try:
        value = json.loads(text[start:])
    except ValueError:
        return None
    if not isinstance(value, dict) or not value.keys() >= KEYS:
        return None
    count = value.get("count")
    if isinstance(count, bool) or not isinstance(count, (int, float)):
        return None
    return value


def _key(record: dict[str, object]) -> str:
    """The bar a record belongs to: its ``id``, else its description."""
    ident = record.get("id")
    if ident is not None:
        return f"id:{ident}"
    return f"desc:{record.get('description')}"


class RecordClock:
    """A bar's clock on the writer's timeline: the last record's ``elapsed``, running on after it.

    So the watched bar shows the writer's elapsed time, rate and ETA (not
    the time since the watcher started), whether the records arrive live or
    all at once from a finished file. It never goes backwards.
    """

    live = True  # follows real time between records: the bar is refreshed meanwhile

    def __init__(self) -> None:
        self._base, self._at, self._last = 0.0, time.monotonic(), 0.0

    def set(self, elapsed: object) -> None:
        """A record arrived, ``elapsed`` seconds into the writer's bar (None: unknown)."""
        value = _number(elapsed)
        if value is not None:
            self._base, self._at = value, time.monotonic()

    def __call__(self) -> float:
        self._last = max(self._last, self._base + time.monotonic() - self._at)
        return self._last


class Watcher:
    """One bar per record key, fed the records in order; ``done`` once all finished."""

    def __init__(self, **bar_options: object) -> None:
        self._bars: dict[str, Progbar] = {}
        self._finished: list[Progbar] = []  # replaced by a new bar of the same key
        self._clocks: dict[str, RecordClock] = {}
        self._options = bar_options

    @property
    def done(self) -> bool:
        """Whether bars were seen and every one has finished."""
        return bool(self._bars) and all(bar.finished for bar in self._bars.values())

    def feed(self, record: dict[str, object]) -> None:
        """Show ``record`` on its bar (made at its first record)."""
        key = _key(record)
        bar = self._bars.get(key)
        target = _number(record.get("target"))
        count = _number(record.get("count")) or 0
        final = record.get("final") is True
        if bar is not None and bar.finished:
            if final and count == bar.current:
                return  # the same end again
            self._finished.append(bar)  # a new run under the same name: a new bar
            bar = None
        if bar is None:
            clock = RecordClock()  # reads 0 now: the bar starts where the writer's did
            parent_id = record.get("parent")
            parent = None if parent_id is None else self._bars.get(f"id:{parent_id}")
            description = record.get("description")
            bar = Progbar(
                target,
                description=description if isinstance(description, str) else None,
                unit_name=str(record.get("unit_name") or "step"),
                units=_units(record.get("units")),
                parent=parent,
                clock=clock,
                **self._options,  # type: ignore[arg-type]
            )
            self._bars[key] = bar
            self._clocks[key] = clock
        elif target != bar.target:
            bar.target = target
        self._clocks[key].set(record.get("elapsed"))
        values = _metrics(record.get("metrics"))
        bar.update(count, values, finalize=True if final else None)
        if final and not bar.finished:
            bar.update(count, finalize=True)

    def close(self) -> None:
        """Close every bar (those that did not finish stop where their last record left them)."""
        for bar in reversed([*self._finished, *self._bars.values()]):
            bar.close()


def _number(value: object) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return value if value >= 0 else None


def _metrics(value: object) -> Optional[list[tuple[str, object]]]:
    if not isinstance(value, dict) or not value:
        return None
    return [(str(k), v if isinstance(v, (int, float)) else str(v)) for k, v in value.items()]


def follow(stream: BinaryIO, *, keep_following: bool = True) -> Iterator[bytes]:
    """Whole lines of ``stream`` as they come; at its end, wait for more (``tail -f``).

    A pipe's end is the end (its writer left): pass ``keep_following=False``.
    A last line without its newline is held back until the rest arrives.
    Yields ``b""`` after each pause, so the caller may stop.
    """
    pending, skipping = b"", False
    read = getattr(stream, "read1", stream.read)
    while True:
        chunk = read(65536)
        if chunk:
            pending += chunk
            *lines, pending = pending.split(b"\n")
            if skipping and lines:  # the rest of an overlong line
                lines, skipping = lines[1:], False
            yield from lines
            if len(pending) > MAX_LINE:  # no record is this long: bounded memory
                pending, skipping = b"", True
            continue
        if not keep_following:
            if pending:
                yield pending
            return
        yield b""
        time.sleep(POLL)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="progbar watch",
        description=(
            'Draw the progress records another process writes (display="jsonl") as live bars, '
            "following FILE as it grows; other lines are skipped. Ends when every bar finished."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the file to follow, or - for stdin")
    parser.add_argument(
        "--no-follow", action="store_true", help="stop at the end of the file instead of waiting"
    )
    return parser


def _units(value: object) -> Literal["count", "bytes", "bytes_si"]:
    """A record's ``units``, or ``"count"`` for anything else (a record is outside text)."""
    if value == "bytes" or value == "bytes_si":
        return value
    return "count"


def main(argv: Sequence[str]) -> int:
    """``progbar watch FILE``; the exit status is 0 when every bar finished, else 1."""
    args = _parser().parse_args(list(argv))
    from .quiet import exit_like_cat

    with exit_like_cat():
        if args.file == "-":
            return _watch(sys.stdin.buffer, not args.no_follow and _is_regular(0))
        try:
            stream = open(args.file, "rb")  # noqa: SIM115  # closed below
        except OSError as exc:
            write(f"progbar watch: {exc}", file=sys.stderr)
            return 2
        with stream:
            return _watch(stream, not args.no_follow)


def _is_regular(fd: int) -> bool:
    import stat

    try:
        return stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        return False


def _watch(stream: BinaryIO, keep_following: bool) -> int:
    watcher = Watcher()
    try:
        for line in follow(stream, keep_following=keep_following):
            record = parse_record(line) if line else None
            if record is not None:
                watcher.feed(record)
            if watcher.done:
                return 0
        return 0 if watcher.done else 1
    finally:
        watcher.close()
