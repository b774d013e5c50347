"""Keras's metric bookkeeping: which metrics are averaged, and how.

One rule serves :class:`~progbar.Progbar`, ``epochs()`` and the callbacks
(they all fold through this class, the bar's own):

- a stateless metric shows the average of the values reported for it, each
  weighted by the steps it covers (``current - seen_so_far``, at least 1),
  as Keras documents ``Progbar.update``; the finalizing update is no
  exception when it covers new steps: its values are the last steps' values
  and are averaged in, so the finished line shows the same quantity the
  live line showed (Keras 3 instead shows that last step's value alone);
- a value given when the bar finishes *without new steps* describes the
  whole epoch (the ``logs`` Keras passes to ``on_epoch_end``, or
  ``epoch.end(loss=...)``) and is shown as given, as Keras 3 shows it;
- a stateful metric, and any non-number, shows its last value.

The line shows text (:meth:`MetricAverager.formatted`); records get the
numbers (:meth:`MetricAverager.values`): a value shown as given stays the
value given (an int stays an int, 0.123456789 stays exact), and an average
of ints that is whole is an int again.
"""

from __future__ import annotations

from .numbers import as_number, format_value

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Optional

__all__ = ["MetricAverager"]


class MetricAverager:
    """Folds ``(name, value)`` pairs into displayable values, in first-seen order."""

    def __init__(
        self,
        stateful: Optional[Iterable[str]] = None,
        stateless: Optional[Iterable[str]] = None,
    ) -> None:
        self._stateful = None if stateful is None else frozenset(stateful)
        self._stateless = None if stateless is None else frozenset(stateless)
        # name -> [weighted sum, weight, all ints so far]; or [value, 1, exact value] as given
        self._values: dict[str, list[object]] = {}

    def is_stateless(self, name: str) -> bool:
        """Keras's rule: stateful_metrics excludes names, stateless_metrics includes them."""
        if self._stateless is not None:
            return name in self._stateless
        return self._stateful is None or name not in self._stateful

    def fold(self, values: Iterable[tuple[str, object]], steps: float, finalize: bool) -> None:
        """Record the values reported for ``steps`` new steps (see the module's rule)."""
        weight = max(steps, 1)
        summary = finalize and steps <= 0  # the epoch's own figures, not another step's
        every = self._stateless is None and self._stateful is None  # Keras's default: all
        known = self._values
        for name, raw in values:
            number = raw if type(raw) is float else as_number(raw)  # a float: once per step
            if number is None:  # a string or other label: shown as it is
                known[name] = [raw, 1, None]
            elif summary or not (every or self.is_stateless(name)):
                known[name] = [number, 1, _exact(raw, number)]
            elif self._is_sum(name):
                entry = known[name]
                entry[0] = float(entry[0]) + number * weight  # type: ignore[arg-type]
                entry[1] = float(entry[1]) + weight  # type: ignore[arg-type]
                entry[2] = entry[2] is True and type(raw) is int
            else:
                known[name] = [number * weight, weight, type(raw) is int]

    def _is_sum(self, name: str) -> bool:
        """Whether ``name`` holds a running sum (not a label shown as-is, e.g. "n/a" earlier)."""
        entry = self._values.get(name)
        return entry is not None and isinstance(entry[0], float)

    def formatted(self) -> tuple[tuple[str, str], ...]:
        """``(name, text)`` pairs in the order the metrics first appeared."""
        out = []
        for name, (total, weight, _) in self._values.items():
            if isinstance(total, float):
                out.append((name, format_value(total / max(1.0, float(weight)))))  # type: ignore[arg-type]
            else:
                out.append((name, format_value(total)))
        return tuple(out)

    def averages(self) -> dict[str, object]:
        """The current displayed value of each metric (numbers as floats)."""
        result: dict[str, object] = {}
        for name, (total, weight, _) in self._values.items():
            if isinstance(total, float):
                result[name] = total / max(1.0, float(weight))  # type: ignore[arg-type]
            else:
                result[name] = total
        return result

    def values(self) -> tuple[tuple[str, object], ...]:
        """``(name, value)`` pairs as numbers where they are: what a record holds.

        A value shown as given is the value given (an ``int`` stays one, a
        float keeps all its digits); an average is a float, or an int when
        every value averaged was an int and the average is whole; anything
        else is the text the line shows.
        """
        out: list[tuple[str, object]] = []
        for name, (total, weight, exact) in self._values.items():
            if not isinstance(total, float):
                out.append((name, format_value(total)))  # a label: its text
            elif exact is True or exact is False:  # a running sum
                average = total / max(1.0, float(weight))  # type: ignore[arg-type]
                whole = exact and average.is_integer()
                out.append((name, int(average) if whole else average))
            else:
                out.append((name, total if exact is None else exact))
        return tuple(out)


def _exact(raw: object, number: float) -> object:
    """The value to record for ``raw`` shown as given: itself if a plain int or float."""
    kind = type(raw)
    return raw if kind is int or kind is float else number
