"""Progress as data: one JSON object per line, or ``logging`` records.

For CI dashboards, log aggregators and other programs: the figures of each
periodic line (the log display's cadence: one every ``log_interval``
seconds, plus the final one) as numbers, not as text to parse. ``json``
and ``logging`` are imported only when one of these displays is built.

Snapshots carry values, lines carry text: a record's metrics are the
snapshot's ``values`` (the numbers given, an int stays an int, a float keeps
every digit), never the line's rounded text parsed back. The rate is not in
the snapshot: it is derived from ``per_unit`` (seconds per unit), so
``rate = 1 / per_unit`` units per second. The wall-clock ``time`` of a
record is read here, in the output layer (the core reads no clock).
"""

from __future__ import annotations

import time

from .._core.cells import clean_text
from .._core.snapshot import Shown
from .log_display import LogDisplay
from .safe_stream import warn_internal

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Optional, TextIO, Union

    from .._core.snapshot import Snapshot

__all__ = ["JsonlDisplay", "LoggingDisplay", "record_fields"]

LOGGER = "progbar"
"""The name of the logger ``display="logging"`` emits on."""


def _number(value: float) -> Union[int, float]:
    """Whole numbers as ints (``1048576``, not ``1048576.0``): what a reader of JSON expects."""
    return int(value) if float(value).is_integer() else value


def _seconds(value: Optional[float]) -> Optional[float]:
    """Rounded to the microsecond: ``2.2`` rather than ``2.2000000000000006``."""
    return None if value is None else round(value, 6)


def _metric(value: object) -> object:
    """A metric's value as given: an int or a finite float as it is, anything else as text."""
    kind = type(value)
    if kind is int:
        return value
    if kind is float:
        return value if value - value == 0 else str(value)  # type: ignore[operator]  # nan: text
    return clean_text(value if isinstance(value, str) else str(value))  # text from outside


def record_fields(
    snap: Snapshot, now: Optional[float] = None, state: Optional[str] = None
) -> dict[str, object]:
    """The figures of one line: what a JSON line holds and what a log record carries in ``extra``.

    Keys: ``time`` (wall clock, unix seconds: ``now``, or read here), ``id``
    (the bar's, unique in the process), ``parent`` (the id of the bar it is
    nested under, or None), ``count``, ``target`` (None when unknown),
    ``rate`` (units per second, None until known), ``eta`` and ``elapsed``
    (seconds), ``metrics`` (name -> value as given), ``final``,
    ``description``, ``units``, ``unit_name`` and ``state`` (``"running"``,
    ``"done"``, ``"failed"`` or ``"cancelled"``: ``state``, else from ``final``).
    Text from outside (description, metric names and text values, unit name) is
    cleaned as on the terminal: no controls, escapes or bidirectional controls.
    """
    per_unit = snap.per_unit
    rate = 1.0 / per_unit if per_unit is not None and per_unit > 0 else None
    # every text field is cleaned as the line is: formatters and readers act on them too
    metrics = {clean_text(name) or "postfix": _metric(value) for name, value in snap.values}
    description = snap.description
    return {
        "time": round(time.time() if now is None else now, 6),
        "id": snap.bar_id,
        "parent": snap.parent_id,
        "count": _number(snap.current),
        "target": None if snap.target is None else _number(snap.target),
        "rate": _seconds(rate),
        "eta": _seconds(snap.eta),
        "elapsed": _seconds(snap.elapsed),
        "metrics": metrics,
        "final": snap.final,
        "description": None if description is None else clean_text(description),
        "units": snap.units,
        "unit_name": clean_text(snap.unit_name),
        "state": state or ("done" if snap.final else "running"),
    }


def state_of(shown: Shown) -> Optional[str]:
    """How the bar of a line ended, when its layout's formatter marks it (``bar.state``)."""
    ending = getattr(shown.layout and shown.layout.formatter, "state", None)
    return ending if ending in ("failed", "cancelled") else None


class _RecordDisplay(LogDisplay):
    """A log's cadence, no width, no colour, no live region: a log display that emits records."""

    kind = ""
    records = True  # the screen gives every bar its own records, nested ones too
    state: Optional[str] = None  # of the line being emitted: set by frame()

    def frame(self, above: Sequence[Shown], rows: Sequence[Shown]) -> None:
        """Emit a record per line above that came from a bar; ``rows`` are never kept."""
        for shown in above:
            if shown.snap is not None:  # plain text written above a bar has no figures
                self.state = state_of(shown)
                self._emit(clean_text(shown.line), shown.snap)

    def _emit(self, line: str, snap: Snapshot) -> None:
        raise NotImplementedError


class JsonlDisplay(_RecordDisplay):
    """``display="jsonl"``: one JSON object per line on the bar's stream."""

    kind = "jsonl"

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        import json

        self._dumps = json.dumps

    def _emit(self, line: str, snap: Snapshot) -> None:
        # ensure_ascii: the line survives any stream encoding and any log shipper
        self._out.write(
            self._dumps(record_fields(snap, state=self.state), separators=(",", ":")) + "\n"
        )


class LoggingDisplay(_RecordDisplay):
    """``display="logging"``: INFO records on the ``progbar`` logger, the figures in ``extra``.

    The message is the plain line (as the log display writes it); handlers
    and formatters read the figures as record attributes (``record.count``,
    ``record.rate``...). The bar's stream is not written to.
    """

    kind = "logging"

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        import logging

        self._logger = logging.getLogger(LOGGER)
        self._level = logging.INFO

    def _emit(self, line: str, snap: Snapshot) -> None:
        # logging reports a failing handler itself (handleError); nothing may reach the loop
        try:
            self._logger.log(self._level, "%s", line, extra=record_fields(snap, state=self.state))
        except Exception as exc:
            warn_internal(exc)


def make_record_display(kind: str, stream: TextIO) -> _RecordDisplay:
    """The display for ``kind`` (``"jsonl"`` or ``"logging"``)."""
    if kind == "logging":
        return LoggingDisplay(stream)
    return JsonlDisplay(stream)


_files: dict[str, TextIO] = {}  # path -> its stream: the bars of a process share one


def records_file(path: str) -> TextIO:
    """The stream for ``records=path``: opened once per process, appended to, line-buffered.

    Opened when the first bar names it; a file that cannot be opened is
    reported once as a warning and the records are dropped (the loop runs on).
    """
    import os

    key = os.path.abspath(path)
    stream = _files.get(key)
    if stream is None or stream.closed:
        try:
            stream = open(key, "a", buffering=1, encoding="utf-8")  # noqa: SIM115  # shared, kept
        except OSError as exc:
            warn_internal(exc)
            stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        _files[key] = stream
        import atexit  # builtin: closed at exit, after the last bar's final record

        atexit.register(stream.close)
    return stream
