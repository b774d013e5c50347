"""What ``progbar.pandas()`` does: ``progress_apply`` and friends on pandas, as ``tqdm.pandas()``.

Each ``progress_<method>(func, ...)`` runs pandas's own ``<method>`` with
``func`` wrapped so that its calls count on a :class:`~progbar.tqdm` bar,
as tqdm counts them: one step per row, column, cell or group (``DataFrame.map``,
as tqdm, counts columns: a step when all cells of a column were mapped).
The result is pandas's own, untouched.
pandas is imported by :func:`pandas` itself, never by ``import progbar``.
"""

from __future__ import annotations

from .. import _hints as t

__all__ = ["register"]


def register(make: type, options: t.Mapping[str, t.Any]) -> None:
    """Set ``progress_<method>`` on pandas's classes, each drawing ``make(total=..., **options)``.

    ``make`` is a class with tqdm's constructor (``progbar.tqdm`` or a
    subclass); the options were checked by the caller, ``progbar.pandas()``.
    As in tqdm, a ``total`` option serves the next call only, and
    ``deprecated_t`` (a bar already made, from tqdm's ``tqdm_pandas(bar)``)
    is used by the next call instead of a new bar.
    """
    from importlib import import_module

    pd = import_module("pandas")  # a module object: pandas ships no type information
    generic = import_module("pandas.core.groupby.generic")
    groupby = import_module("pandas.core.groupby.groupby")
    window = import_module("pandas.core.window")
    series, frame = pd.Series, pd.DataFrame
    cells = "map" if hasattr(frame, "map") else "applymap"  # pandas 2.1 renamed it
    hooks = [
        (series, "apply", "apply", _rows),
        (series, "map", "map", _rows),
        (frame, "apply", "apply", _along_axis),
        (frame, "applymap", cells, _cells),
        (frame, "map", cells, _columns if cells == "map" else _cells),
        (generic.DataFrameGroupBy, "apply", "apply", _groups),
        (generic.SeriesGroupBy, "apply", "apply", _groups),
        (groupby.GroupBy, "aggregate", "aggregate", _groups),
        (groupby.GroupBy, "transform", "transform", _groups),
        (window.Rolling, "apply", "apply", _windows),
        (window.Expanding, "apply", "apply", _windows),
    ]
    once = dict(options)  # shared by every hook: "total" and "deprecated_t" serve one call
    for cls, name, method, count in hooks:
        setattr(cls, f"progress_{name}", _counted(method, count, make, once))


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    Steps = tuple[t.Optional[int], int]
    Counter = t.Callable[
        [t.Any, tuple[t.Any, ...], t.Mapping[str, t.Any]], tuple[t.Optional[int], int]
    ]
    """The steps a pandas method takes on an object, given its arguments (None: unknown),
    and how many calls of ``func`` make one step."""


def _counted(
    method: str, count: Counter, make: type, options: dict[str, t.Any]
) -> t.Callable[..., t.Any]:
    """``progress_<method>``: pandas's ``method`` with ``func`` counted on a bar."""

    def progress(self: t.Any, func: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        run = getattr(self, method)
        if not callable(func):  # a dict or Series mapping, a method name: nothing to count
            return run(func, *args, **kwargs)
        total, per = count(self, args, kwargs)
        total = options.pop("total", total)
        made = options.pop("deprecated_t", None)
        calls = 0
        with made if made is not None else make(total=total, **options) as bar:
            if args:
                _positional_notice(bar)

            def step(*call_args: t.Any, **call_kwargs: t.Any) -> t.Any:
                nonlocal calls
                result = func(*call_args, **call_kwargs)
                calls += 1
                # pandas may call once more for a shape: the count stops at the total
                if calls % per == 0 and (total is None or bar.n < total):
                    bar.update(1)
                return result

            return run(step, *args, **kwargs)

    progress.__name__ = progress.__qualname__ = f"progress_{method}"
    progress.__doc__ = f"``{method}`` with a progress bar counting the calls of ``func``."
    return progress


def _rows(obj: t.Any, args: tuple[t.Any, ...], kwargs: t.Mapping[str, t.Any]) -> Steps:
    return len(obj), 1


def _along_axis(obj: t.Any, args: tuple[t.Any, ...], kwargs: t.Mapping[str, t.Any]) -> Steps:
    """``DataFrame.apply``: one call per row with ``axis=1``, else one per column."""
    axis = kwargs.get("axis", args[0] if args else 0)
    return (len(obj) if axis in (1, "columns") else len(obj.columns)), 1


def _cells(obj: t.Any, args: tuple[t.Any, ...], kwargs: t.Mapping[str, t.Any]) -> Steps:
    """``applymap`` (pandas < 2.1): a step per cell, as tqdm counts it."""
    return int(obj.size), 1


def _columns(obj: t.Any, args: tuple[t.Any, ...], kwargs: t.Mapping[str, t.Any]) -> Steps:
    """``DataFrame.map``: pandas maps column by column; a step per column, as tqdm's total.

    With ``na_action="ignore"`` the missing cells are never passed to
    ``func``: then every call is a step, out of the cells present. An empty
    frame is returned as it is: nothing to count.
    """
    if obj.empty:
        return 0, 1
    if kwargs.get("na_action") == "ignore":
        return int(obj.notna().to_numpy().sum()), 1
    return len(obj.columns), max(len(obj), 1)


def _windows(obj: t.Any, args: tuple[t.Any, ...], kwargs: t.Mapping[str, t.Any]) -> Steps:
    """A rolling or expanding window: pandas does not say how many windows it will fill."""
    return None, 1


def _positional_notice(bar: t.Any) -> None:
    """Tqdm's notice for arguments after ``func`` (progbar passes them on all the same)."""
    from contextlib import suppress

    from .._output.printing import write

    text = (
        "\nTqdmDeprecationWarning: positional arguments after func are not supported by "
        "tqdm's `(DataFrame|Series|GroupBy).progress_apply` (progbar passes them on); "
        "use keyword arguments instead."
    )
    with suppress(Exception):  # a closed stream: the notice is only advice
        write(text, getattr(bar, "fp", None))


def _groups(obj: t.Any, args: tuple[t.Any, ...], kwargs: t.Mapping[str, t.Any]) -> Steps:
    return int(obj.ngroups), 1
