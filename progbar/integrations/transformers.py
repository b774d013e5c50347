"""``progbar.integrations.transformers``: the ``Trainer``'s bars drawn by progbar, with its metrics.

:class:`ProgbarCallback` replaces transformers' ``ProgressCallback``: one bar
for the training steps showing the last logged ``loss``, ``learning_rate``
and ``grad_norm`` beside the count, the evaluation bar nested under it, and
each log also printed as a line above the bars (as transformers does). Only
the world's process zero draws. :func:`attach` swaps it into a ``Trainer``.
"""

from __future__ import annotations

from transformers import TrainerCallback
from transformers.trainer_callback import PrinterCallback, ProgressCallback

from .. import _hints as t
from .._core.numbers import format_short
from .._core.options import forwarded_options
from .._output.printing import write
from .._progbar import Progbar

__all__ = ["SHOWN", "ProgbarCallback", "attach"]

SHOWN = ("loss", "learning_rate", "grad_norm")
"""The logged values the training bar shows beside the count (the last logged, as given)."""


class ProgbarCallback(TrainerCallback):  # type: ignore[misc, unused-ignore]  # typed where installed
    """A ``TrainerCallback`` drawing training and evaluation with progbar.

    Args:
        **options: :class:`progbar.Progbar` arguments for every bar (``file``,
            ``display``...); ``description`` names the training bar (default
            ``"train"``), the evaluation bar is ``"eval"``.

    Raises:
        TypeError, ValueError: an invalid option.
    """

    def __init__(self, **options: t.Any) -> None:
        forwarded_options(
            "ProgbarCallback()",
            options,
            {"target": "counts the Trainer's steps", "parent": "nests evaluation under training"},
        )
        self.options = dict(options)
        # the training bar's name: the user's, if given (passing it on too would give it twice)
        named = self.options.pop("description", None) or self.options.pop("desc", None)
        self.description = "train" if named is None else named
        self.training: t.Optional[Progbar] = None
        self.evaluating: t.Optional[Progbar] = None

    def on_train_begin(self, args: t.Any, state: t.Any, control: t.Any, **kwargs: t.Any) -> None:
        """Start the training bar, counting to ``max_steps``."""
        if state.is_world_process_zero:
            total = state.max_steps if state.max_steps and state.max_steps > 0 else None
            self.training = Progbar(total, description=self.description, **self.options)

    def on_step_end(self, args: t.Any, state: t.Any, control: t.Any, **kwargs: t.Any) -> None:
        """Move the training bar to the global step."""
        if self.training is not None:
            self.training.update(state.global_step, finalize=False)

    def on_log(
        self, args: t.Any, state: t.Any, control: t.Any, logs: t.Any = None, **kwargs: t.Any
    ) -> None:
        """Show the logged loss, learning rate and grad norm; print the log above the bars."""
        if not state.is_world_process_zero or not logs:
            return
        shown = {k: logs[k] for k in SHOWN if isinstance(logs.get(k), (int, float))}
        if self.training is not None and shown:
            self.training.set_postfix(shown)
        text = ", ".join(f"{k}={format_short(v)}" for k, v in logs.items() if k != "total_flos")
        write(text, self.options.get("file"))

    def on_prediction_step(
        self,
        args: t.Any,
        state: t.Any,
        control: t.Any,
        eval_dataloader: t.Any = None,
        **kwargs: t.Any,
    ) -> None:
        """Advance the evaluation bar (made at the first step, nested under training)."""
        if not state.is_world_process_zero:
            return
        if self.evaluating is None:
            try:
                total: t.Optional[int] = len(eval_dataloader)
            except TypeError:  # an iterable dataset: unknown length
                total = None
            self.evaluating = Progbar(
                total, description="eval", parent=self.training, **self.options
            )
        self.evaluating.add(1)

    def on_evaluate(self, args: t.Any, state: t.Any, control: t.Any, **kwargs: t.Any) -> None:
        """End the evaluation bar."""
        self._end_evaluation()

    def on_predict(
        self, args: t.Any, state: t.Any, control: t.Any, metrics: t.Any = None, **kwargs: t.Any
    ) -> None:
        """End the prediction bar."""
        self._end_evaluation()

    def on_train_end(self, args: t.Any, state: t.Any, control: t.Any, **kwargs: t.Any) -> None:
        """End the training bar at the last step."""
        if self.training is not None:
            self.training.update(state.global_step)
            self.training.close()
            self.training = None

    def _end_evaluation(self) -> None:
        if self.evaluating is not None:
            self.evaluating.close()
            self.evaluating = None


def attach(trainer: t.Any, **options: t.Any) -> ProgbarCallback:
    """Put a :class:`ProgbarCallback` in place of ``trainer``'s own progress callback.

    Args:
        trainer: a ``transformers.Trainer``.
        **options: as :class:`ProgbarCallback`'s.

    Returns:
        the callback added.
    """
    callback = ProgbarCallback(**options)
    trainer.remove_callback(ProgressCallback)
    trainer.remove_callback(PrinterCallback)
    trainer.add_callback(callback)
    return callback


t.readable(ProgbarCallback, attach)  # help() shows their annotations bare
