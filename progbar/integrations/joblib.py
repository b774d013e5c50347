"""``progbar.integrations.joblib``: one bar for the tasks of each ``joblib.Parallel`` call.

scikit-learn runs its searches (``GridSearchCV``, ``cross_validate``...)
through ``joblib.Parallel``, whose own report is a line of text every few
tasks. Inside ``with progress():`` each ``Parallel`` call draws a bar instead,
advanced as tasks *finish* (in the parent, exactly, whatever the backend and
``n_jobs``, 1 included). Its total is the number of tasks once joblib knows it:
at once for a list, when the last task is dispatched for a generator (as
scikit-learn passes them). joblib's own ``verbose`` messages still print.
"""

from __future__ import annotations

import joblib.parallel

from .. import _hints as t
from .._core.options import forwarded_options
from .._progbar import Progbar

__all__ = ["progress"]


class progress:  # used as a function: `with progress():`
    """While in force, each ``joblib.Parallel`` call (and scikit-learn's) draws a bar.

    Use it as ``with progress(description="grid search"):`` around the code that
    runs ``Parallel``, or as a decorator. It patches ``joblib.Parallel`` for the
    whole process while in force, and puts it back on exit.

    Args:
        **options: :class:`progbar.Progbar` arguments for each bar (``description``,
            ``file``, ``display``...); ``unit_name`` defaults to ``"task"``.

    Raises:
        TypeError, ValueError: an invalid option.
    """

    def __init__(self, **options: t.Unpack[t.BarOptions]) -> None:
        options.setdefault("unit_name", "task")
        forwarded_options("progress()", options, {"target": "counts joblib's tasks"})
        self.options = options
        self.bars: dict[int, Progbar] = {}
        self.saved: t.Optional[tuple[t.Any, t.Any]] = None

    def __enter__(self) -> progress:
        cls = joblib.parallel.Parallel
        self.saved = (cls.__dict__["__call__"], cls.__dict__["print_progress"])
        call, report = self.saved
        cls.__call__ = self._calling(call)
        cls.print_progress = self._reporting(report)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.saved is not None:
            cls = joblib.parallel.Parallel
            cls.__call__, cls.print_progress = self.saved
            self.saved = None
        for bar in list(self.bars.values()):
            bar.close()
        self.bars.clear()

    def __call__(self, function: t.Callable[..., t.R]) -> t.Callable[..., t.R]:
        """As a decorator: ``function`` runs with the bars in force."""
        from functools import wraps

        @wraps(function)
        def run(*args: t.Any, **kwargs: t.Any) -> t.R:
            with progress(**self.options):
                return function(*args, **kwargs)

        return run

    def _calling(self, call: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        def __call__(parallel: t.Any, iterable: t.Any) -> t.Any:
            self.bars[id(parallel)] = Progbar(None, **self.options)
            try:
                result = call(parallel, iterable)
            except BaseException:
                self._end(parallel, failed=True)
                raise
            if isinstance(result, list):  # return_as="generator" ends in print_progress
                self._end(parallel)
            return result

        return __call__

    def _reporting(self, report: t.Callable[[t.Any], None]) -> t.Callable[[t.Any], None]:
        def print_progress(parallel: t.Any) -> None:
            report(parallel)  # joblib's own verbose messages
            bar = self.bars.get(id(parallel))
            if bar is None:
                return
            total = getattr(parallel, "n_tasks", None)
            failed = getattr(parallel, "_aborting", False)
            if total is None and not failed and not getattr(parallel, "_iterating", True):
                total = parallel.n_dispatched_tasks  # all dispatched: the total is known
            if total is not None and bar.target != total:
                bar.target = total
            bar.update(parallel.n_completed_tasks, finalize=False)
            if getattr(parallel, "_is_completed", lambda: False)():
                self._end(parallel)

        return print_progress

    def _end(self, parallel: t.Any, *, failed: bool = False) -> None:
        """Close the call's bar at the tasks finished (its total, unless the call failed)."""
        bar = self.bars.pop(id(parallel), None)
        if bar is not None:
            done = parallel.n_completed_tasks
            if not failed and (bar.target is None or bar.target < done):
                bar.target = done
            bar.update(done, finalize=False)
            bar.close()


t.readable(progress)  # help() shows their annotations bare
