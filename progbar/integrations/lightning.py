"""``progbar.integrations.lightning``: ``ProgbarProgressBar``, Lightning's bar drawn by progbar.

``Trainer(callbacks=[ProgbarProgressBar()])`` replaces Lightning's tqdm bar:
one bar per training epoch (``Epoch 0``) with the trainer's metrics beside
the count (``get_metrics``: the loss and what ``self.log(..., prog_bar=True)``
shows), the validation bar nested under it, and bars for ``test`` and
``predict``. An infinite or unknown number of batches is an unknown total.
Only the process of global rank zero draws (Lightning disables the others).
"""

from __future__ import annotations

import math

from lightning.pytorch.callbacks.progress.progress_bar import ProgressBar

from .. import _hints as t
from .._core.options import forwarded_options
from .._progbar import Progbar

__all__ = ["ProgbarProgressBar"]


def _total(value: float) -> t.Optional[float]:
    """Lightning's batch count: ``inf`` (or nothing) is an unknown total."""
    return None if value is None or math.isinf(value) else value


class ProgbarProgressBar(ProgressBar):  # type: ignore[misc, unused-ignore]  # typed where installed
    """Lightning's ``ProgressBar`` callback, drawing with progbar.

    Args:
        **options: :class:`progbar.Progbar` arguments for every bar (``file``,
            ``display``, ``look``...); not ``description`` or ``parent``, which
            each stage sets itself.

    Raises:
        TypeError, ValueError: an invalid option.
    """

    def __init__(self, **options: t.Any) -> None:
        super().__init__()
        stage = "names each bar by its stage (Epoch N, Validation, Testing, Predicting)"
        refused = {
            "target": "counts Lightning's batches",
            "description": stage,
            "desc": stage,  # passed on beside the stage's own: a TypeError inside fit()
            "parent": "nests validation under training itself",
        }
        forwarded_options("ProgbarProgressBar()", options, refused)
        self.options = options
        self.enabled = True
        self.bars: dict[str, Progbar] = {}

    def disable(self) -> None:
        """Draw nothing (Lightning calls it on processes other than rank zero)."""
        self.enabled = False

    def enable(self) -> None:
        """Draw again."""
        self.enabled = True

    @property
    def is_enabled(self) -> bool:
        """Whether this process draws."""
        return self.enabled

    @property
    def is_disabled(self) -> bool:
        """Whether this process draws nothing."""
        return not self.enabled

    # -- the bars: one per stage, validation nested under training ------------------------

    def _start(self, stage: str, total: float, description: str, leave: t.Any = None) -> None:
        self._end(stage)
        if self.enabled:
            parent = self.bars.get("train") if stage == "validate" else None
            options = {"description": description, "parent": parent, "leave": leave, **self.options}
            self.bars[stage] = Progbar(_total(total), **options)

    def _step(self, stage: str, count: int, metrics: t.Optional[dict[str, t.Any]] = None) -> None:
        bar = self.bars.get(stage)
        if bar is not None:
            if metrics:
                bar.set_postfix(metrics)
            bar.update(count, finalize=False)

    def _end(self, stage: str, metrics: t.Optional[dict[str, t.Any]] = None) -> None:
        bar = self.bars.pop(stage, None)
        if bar is not None:
            if metrics:
                bar.set_postfix(metrics)
            if bar.target is None:
                bar.target = bar.current  # an unknown length, now known: it ended here
            bar.update(bar.current)
            bar.close()

    def _metrics(self, trainer: t.Any, pl_module: t.Any) -> dict[str, t.Any]:
        return {k: v for k, v in self.get_metrics(trainer, pl_module).items() if k != "v_num"}

    # -- Lightning's hooks ---------------------------------------------------------------

    def on_train_epoch_start(self, trainer: t.Any, *_: t.Any) -> None:
        """Start the epoch's bar (``Epoch N``)."""
        self._start("train", self.total_train_batches, f"Epoch {trainer.current_epoch}")

    def on_train_batch_end(
        self, trainer: t.Any, pl_module: t.Any, outputs: t.Any, batch: t.Any, batch_idx: int
    ) -> None:
        """Count the batch; show the trainer's metrics."""
        self._step("train", batch_idx + 1, self._metrics(trainer, pl_module))

    def on_train_epoch_end(self, trainer: t.Any, pl_module: t.Any) -> None:
        """End the epoch's bar with the epoch's metrics (validation's included)."""
        self._end("train", self._metrics(trainer, pl_module))

    def on_train_end(self, *_: t.Any) -> None:
        """End any bar left open."""
        for stage in list(self.bars):
            self._end(stage)

    def on_validation_batch_start(
        self,
        trainer: t.Any,
        pl_module: t.Any,
        batch: t.Any,
        batch_idx: int,
        dataloader_idx: int = 0,
    ) -> None:
        """Start a validation bar (nested under the epoch's) for each dataloader."""
        if self.has_dataloader_changed(dataloader_idx):
            sanity = trainer.sanity_checking  # its line goes, as Lightning's does
            name = self.sanity_check_description if sanity else "Validation"
            leave = False if sanity else None
            self._start("validate", self.total_val_batches_current_dataloader, name, leave)

    def on_validation_batch_end(
        self,
        trainer: t.Any,
        pl_module: t.Any,
        outputs: t.Any,
        batch: t.Any,
        batch_idx: int,
        dataloader_idx: int = 0,
    ) -> None:
        """Count the batch."""
        self._step("validate", batch_idx + 1)

    def on_validation_end(self, trainer: t.Any, pl_module: t.Any) -> None:
        """End the validation bar."""
        self._end("validate")
        self.reset_dataloader_idx_tracker()

    def on_test_batch_start(
        self,
        trainer: t.Any,
        pl_module: t.Any,
        batch: t.Any,
        batch_idx: int,
        dataloader_idx: int = 0,
    ) -> None:
        """Start a test bar for each dataloader."""
        if self.has_dataloader_changed(dataloader_idx):
            self._start("test", self.total_test_batches_current_dataloader, "Testing")

    def on_test_batch_end(
        self,
        trainer: t.Any,
        pl_module: t.Any,
        outputs: t.Any,
        batch: t.Any,
        batch_idx: int,
        dataloader_idx: int = 0,
    ) -> None:
        """Count the batch."""
        self._step("test", batch_idx + 1)

    def on_test_end(self, trainer: t.Any, pl_module: t.Any) -> None:
        """End the test bar."""
        self._end("test")
        self.reset_dataloader_idx_tracker()

    def on_predict_batch_start(
        self,
        trainer: t.Any,
        pl_module: t.Any,
        batch: t.Any,
        batch_idx: int,
        dataloader_idx: int = 0,
    ) -> None:
        """Start a prediction bar for each dataloader."""
        if self.has_dataloader_changed(dataloader_idx):
            self._start("predict", self.total_predict_batches_current_dataloader, "Predicting")

    def on_predict_batch_end(
        self,
        trainer: t.Any,
        pl_module: t.Any,
        outputs: t.Any,
        batch: t.Any,
        batch_idx: int,
        dataloader_idx: int = 0,
    ) -> None:
        """Count the batch."""
        self._step("predict", batch_idx + 1)

    def on_predict_end(self, trainer: t.Any, pl_module: t.Any) -> None:
        """End the prediction bar."""
        self._end("predict")
        self.reset_dataloader_idx_tracker()


t.readable(ProgbarProgressBar)  # help() shows their annotations bare
