"""Keras's ``ProgbarLogger`` callback, for Keras and for hand-written loops.

:class:`ProgbarLogger` has the hooks Keras calls (``on_epoch_begin``,
``on_train_batch_end``, ``on_epoch_end``, ...) with the ``logs`` dicts
Keras passes, so a PyTorch or JAX loop can call them itself.
:func:`keras_callback` builds the same object as a real
``keras.callbacks.ProgbarLogger`` subclass; Keras is imported there and
nowhere else, because importing it loads a whole backend.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable, Mapping
from typing import Any, Optional, TextIO, cast

from .._core.checks import check_choice, check_int
from .._progbar import Progbar
from .epoch import Clock, Epoch, Session, pairs_of

__all__ = ["ProgbarLogger", "keras_callback"]

Logs = Optional[Mapping[str, object]]


class ProgbarLogger:
    """Keras's epoch lines from Keras's callback hooks.

    As in Keras 3, ``logs`` values are shown as given, since Keras's logs
    already hold running averages; pass ``stateful_metrics`` (or
    ``stateless_metrics``) to have progbar average some of them instead.

    Being in the callback list is asking for this bar: it draws whatever
    ``fit``'s ``verbose`` is, as tqdm's ``TqdmCallback`` does. ``fit``'s
    ``verbose=2`` still means one line per epoch, while ``verbose=0`` only
    silences Keras's own bar (which this one replaces anyway); a
    ``verbose`` given here wins over both.
    Unlike Keras, the step time excludes the validation pass (see
    :meth:`progbar.Epoch.end`), also at ``verbose=2``.

    Args:
        verbose: 0, 1 or 2; None (or ``"auto"``) follows ``fit``: 2 when
            ``fit(verbose=2)``, else 1 (also for ``fit(verbose=0)``).
        epochs: epochs in the run (the ``Epoch i/N`` header shows when > 1);
            ``set_params`` replaces it.
        steps: steps per epoch, or None to learn them from the first epoch;
            ``set_params`` replaces it.
        stateful_metrics: names shown as given (all others averaged).
        stateless_metrics: names averaged (all others shown as given).
        file: text stream; None means ``sys.stdout`` now.
        clock: zero-argument callable returning seconds.
        **options: :class:`Progbar` options for each bar (``width``, ``look``, ...).
    """

    def __init__(
        self,
        verbose: object = None,
        *,
        epochs: Optional[int] = None,
        steps: Optional[int] = None,
        stateful_metrics: Optional[Iterable[str]] = None,
        stateless_metrics: Optional[Iterable[str]] = None,
        file: Optional[TextIO] = None,
        clock: Optional[Clock] = None,
        **options: Any,
    ) -> None:
        self._explicit_verbose = verbose is not None and verbose != "auto"
        self.verbose: int = 1
        if self._explicit_verbose:
            self.verbose = check_choice("verbose", verbose, (0, 1, 2))
        self.epochs = 1 if epochs is None else check_int("epochs", epochs, minimum=0)
        self.target = None if steps is None else check_int("steps", steps, minimum=0)
        if stateful_metrics is None and stateless_metrics is None:
            stateless_metrics = ()  # Keras 3: logs are shown as they are
        self._session = Session(
            self.verbose,
            stateful_metrics,
            stateless_metrics,
            file,
            clock,
            options,
            caller="ProgbarLogger()",
        )
        self.params: dict[str, Any] = {}
        self._model: object = None
        self.seen = 0
        self.progbar: Optional[Progbar] = None
        """The current bar, as on Keras's ``ProgbarLogger``."""
        self._epoch: Optional[Epoch] = None
        self._called_in_fit = False

    # -- Keras's callback plumbing --------------------------------------------

    def set_params(self, params: Mapping[str, Any]) -> None:
        """Take ``verbose``, ``epochs`` and ``steps`` from Keras's ``fit`` parameters.

        ``fit``'s ``verbose`` picks the style (2: one line per epoch), never
        silence: ``fit(verbose=0, callbacks=[keras_callback()])`` is how
        tqdm's ``TqdmCallback`` is used, and means "your bar, not Keras's".
        """
        self.params = dict(params)
        if not self._explicit_verbose:
            verbose = params.get("verbose", 1)
            verbose = 1 if verbose in ("auto", 0) else verbose
            self.verbose = check_choice("verbose", verbose, (1, 2))
        self.epochs = params.get("epochs") or 1
        self.target = params.get("steps")

    def set_model(self, model: object) -> None:
        """Remember the model, as Keras's ``Callback`` does (progbar does not use it)."""
        self._model = model

    def on_train_begin(self, logs: Logs = None) -> None:
        """Inside ``fit``, validation runs silently."""
        self._called_in_fit = True

    def on_train_end(self, logs: Logs = None) -> None:
        """Validation after this shows its own bar again."""
        self._called_in_fit = False

    # -- training ---------------------------------------------------------------

    def on_epoch_begin(self, epoch: int, logs: Logs = None) -> None:
        """Start epoch ``epoch`` (counting from 0): the ``Epoch i/N`` header and a new bar."""
        header = f"Epoch {epoch + 1}/{self.epochs}" if self.epochs > 1 else None
        self._begin(header, epoch + 1)

    def on_train_batch_end(self, batch: int, logs: Logs = None) -> None:
        """Batch ``batch`` (from 0) is done; ``logs`` holds the metrics so far."""
        self._update(batch, logs)

    on_batch_end = on_train_batch_end  # Keras's backwards-compatible alias

    def on_epoch_end(self, epoch: int, logs: Logs = None) -> None:
        """Finish the epoch's line with the epoch's ``logs`` (``val_*`` included)."""
        self._finish(logs)

    # -- evaluate() and predict(), which show a bar when not inside fit() ----------

    def on_test_begin(self, logs: Logs = None) -> None:
        """Start an evaluation bar, unless this is ``fit``'s validation pass."""
        if not self._called_in_fit:
            self._begin(None, 1)

    def on_test_batch_end(self, batch: int, logs: Logs = None) -> None:
        """An evaluation batch is done."""
        if not self._called_in_fit:
            self._update(batch, logs)

    def on_test_end(self, logs: Logs = None) -> None:
        """Finish the evaluation bar with the final ``logs``."""
        if not self._called_in_fit:
            self._finish(logs)

    def on_predict_begin(self, logs: Logs = None) -> None:
        """Start a prediction bar."""
        self._begin(None, 1)

    def on_predict_batch_end(self, batch: int, logs: Logs = None) -> None:
        """A prediction batch is done (its outputs are not metrics: not shown)."""
        self._update(batch, None)

    def on_predict_end(self, logs: Logs = None) -> None:
        """Finish the prediction bar."""
        self._finish(None)

    def on_batch_begin(self, batch: int, logs: Logs = None) -> None:
        """Nothing to do when a batch starts."""

    on_train_batch_begin = on_test_batch_begin = on_predict_batch_begin = on_batch_begin

    # -- the bar ------------------------------------------------------------------

    def _begin(self, header: Optional[str], number: int) -> None:
        if self._epoch is not None:
            self._epoch.close()  # a bar left open by an interrupted run
        self.seen = 0
        self._session.verbose = self.verbose
        self._epoch = self._session.begin(self.target, header, number)
        self.progbar = self._epoch.progbar

    def _update(self, batch: int, logs: Logs) -> None:
        if self._epoch is None:
            self._begin(None, 1)
        self.seen = batch + 1  # Keras counts batches from 0
        cast(Epoch, self._epoch).update(self.seen, logs)

    def _finish(self, logs: Logs) -> None:
        if self._epoch is None:
            self._begin(None, 1)
        epoch = cast(Epoch, self._epoch)
        if self.target is None:
            self.target = self.seen  # learned, and kept for later epochs, as Keras does
        if not epoch.ended:
            epoch._finish(pairs_of(logs, {}), self.target)
        self._epoch = None


def keras_callback(verbose: object = None, **options: Any) -> ProgbarLogger:
    """A :class:`ProgbarLogger` that is a real ``keras.callbacks.ProgbarLogger``.

    Pass it to ``model.fit(..., callbacks=[...])``: being a Keras
    ``ProgbarLogger``, it replaces Keras's own bar instead of adding a second.
    Keras is imported here, and only here.

    Args:
        verbose: as for :class:`ProgbarLogger`.
        **options: as for :class:`ProgbarLogger`.

    Raises:
        ImportError: Keras is not installed, or cannot load its backend.
    """
    try:
        keras = importlib.import_module("keras")
        base = keras.callbacks.ProgbarLogger
    except Exception as exc:  # Keras raises more than ImportError when its backend is missing
        raise ImportError(f"progbar.keras_callback needs a working Keras: {exc!r}") from exc
    return cast(ProgbarLogger, keras_class(base)(verbose, **options))


@functools.cache
def keras_class(base: type) -> type:
    """``ProgbarLogger`` mixed into Keras's ``base`` class, built once per base."""

    def __init__(self: Any, verbose: object = None, **options: Any) -> None:
        cast(Any, base).__init__(self)  # Keras's fields first (params, model), then ours on top
        ProgbarLogger.__init__(self, verbose, **options)

    return type(
        "ProgbarLogger",
        (ProgbarLogger, base),
        {"__init__": __init__, "__module__": __name__, "__doc__": ProgbarLogger.__doc__},
    )
