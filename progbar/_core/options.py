"""Bar options: every choice constant, and one parse of the keywords a user passed.

Entry points (``Progbar()``, ``track()``, ``reporthook()``, ``epochs()``...)
forward keywords to a bar they build later, sometimes much later (a
download hook builds its bar at the first block). :func:`parse_options`
checks everything at the call that received it, names that call in every
error, and returns an :class:`Options` record, so checking never needs a
throwaway bar. tqdm's names (``desc``, ``total``, ``unit``, ``leave``,
``disable``, ``position``) are accepted as aliases, and a keyword we do not
have gets a message that names the progbar spelling when there is one.
"""

from __future__ import annotations

from .checks import (
    check_bool,
    check_choice,
    check_int,
    check_names,
    check_number,
    check_optional_str,
    check_str,
    check_stream,
    show,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Callable, Literal, Optional, TextIO, Union

    from .template import Template

    # for the type checker; progbar.types has them at run time, and a test checks both agree
    Look = Literal["classic", "keras3", "tqdm"]
    Units = Literal["count", "bytes", "bytes_si"]
    DisplayKind = Literal["tty", "notebook", "log", "silent", "jsonl", "logging"]
    DisplayChoice = Literal["auto", "tty", "notebook", "log", "silent", "jsonl", "logging"]

__all__ = [
    "DISPLAY_CHOICES",
    "DISPLAY_KINDS",
    "LOOKS",
    "UNITS",
    "Options",
    "check_keywords",
    "forwarded_options",
    "parse_options",
]

LOOKS: tuple[Look, ...] = ("classic", "keras3", "tqdm")
"""Line styles: Keras 2's ``[===>...]``, Keras 3's ``━`` bar, and tqdm's ``45%|████▌     |``."""
UNITS: tuple[Units, ...] = ("count", "bytes", "bytes_si")
"""How counts read: plain steps (Keras), or bytes in powers of 1024 (``MiB``) or 1000 (``MB``)."""
DISPLAY_KINDS: tuple[DisplayKind, ...] = ("tty", "notebook", "log", "silent", "jsonl", "logging")
"""The displays a bar can have (``display=`` or ``PROGBAR_DISPLAY``); ``"auto"`` detects one."""
DISPLAY_CHOICES: tuple[DisplayChoice, ...] = ("auto", *DISPLAY_KINDS)
DEFAULT_WIDTH = {"classic": 30, "keras3": 20, "tqdm": 10_000}  # tqdm's bar fills the line
"""Bar cells by look when ``width`` is not given: what each Keras version draws."""

ALIASES = {"desc": "description", "total": "target", "unit": "unit_name"}
"""tqdm's names for progbar's options."""
SUGGESTIONS = {
    "mininterval": "interval",
    "maxinterval": "interval",
    "ncols": "width (the bar's cells; the line always fits the terminal)",
    "dynamic_ncols": "nothing: the width is read before every redraw",
    "colour": "color",
    "ascii": "look",
    "initial": "bar.update(initial) after creating the bar",
    "postfix": "bar.set_postfix(...)",
    "miniters": "interval",
    "file_name": "file",
    "stream": "file",
    "label": "description",
    "name": "description",
}
"""Keywords users bring from other libraries, and what to write instead."""

_FIELDS = (
    "target",
    "width",
    "verbose",
    "interval",
    "stateful_metrics",
    "stateless_metrics",
    "unit_name",
    "file",
    "display",
    "clock",
    "description",
    "look",
    "color",
    "log_interval",
    "ambiguous_wide",
    "all_ranks",
    "units",
    "leave",
    "parent",
    "smoothing",
    "unit_scale",
    "unit_divisor",
    "taskbar",
    "title",
    "delay",
    "notify",
    "records",
    "template",
    "bar_format",
    "summary",
)
KEYWORDS = frozenset((*_FIELDS, *ALIASES, "disable", "position"))
"""Every keyword a bar accepts."""

DEFAULTS: dict[str, object] = {
    "target": None, "width": None, "verbose": 1, "interval": 0.05,
    "stateful_metrics": None, "stateless_metrics": None, "unit_name": "step",
    "file": None, "display": "auto", "clock": None, "description": None,
    "look": "classic", "color": None, "log_interval": 10.0, "ambiguous_wide": False,
    "all_ranks": False, "units": "count", "leave": None, "parent": None,
    "smoothing": None, "unit_scale": False, "unit_divisor": 1000, "taskbar": "auto",
    "title": False, "delay": 0.0, "notify": "auto", "disable": False, "position": None,
    "records": None,
    "template": None, "bar_format": None, "summary": False,
}  # fmt: skip
"""Each bar option's default, defined once: ``parse_options`` fills in from it, and
``tests/test_options.py`` checks that ``Progbar.__init__`` declares the same ones."""


class Options:
    """The checked options of one bar; built only by :func:`parse_options`."""

    __slots__ = _FIELDS
    target: Optional[float]
    width: int
    verbose: int
    interval: float
    stateful_metrics: Optional[frozenset[str]]
    stateless_metrics: Optional[frozenset[str]]
    unit_name: str
    file: Optional[TextIO]
    display: DisplayChoice
    clock: Optional[Callable[[], float]]
    description: Optional[str]
    look: Look
    color: Optional[bool]
    log_interval: float
    ambiguous_wide: bool
    all_ranks: bool
    units: Units
    leave: Optional[bool]
    parent: object
    smoothing: Optional[float]
    unit_scale: float
    unit_divisor: float
    taskbar: Union[bool, str]
    title: bool
    delay: float
    notify: Union[bool, str]
    records: Optional[str]
    template: Optional[Template]
    bar_format: Optional[str]
    summary: bool


def check_keywords(
    caller: str, given: Mapping[str, object], extra: tuple[str, ...] = (), *, as_passed: bool = True
) -> None:
    """Refuse keywords no bar knows, naming ``caller`` and what to write instead.

    Raises:
        TypeError: for the first unknown keyword.
    """
    for alias, name in ALIASES.items() if as_passed else ():  # else defaults are filled in
        if given.get(alias) is not None and given.get(name) is not None:
            raise TypeError(f"{caller} got both {name}= and its alias {alias}=; pass one")
    for name in given:
        if name in KEYWORDS or name in extra:
            continue
        hint = SUGGESTIONS.get(name)
        if hint is None:
            import difflib  # only on this error path

            close = difflib.get_close_matches(name, sorted(KEYWORDS | set(extra)), n=1)
            hint = close[0] if close else None
        message = f"{caller} got an unexpected keyword argument {name!r}"
        raise TypeError(message + (f"; progbar's name for it is {hint}" if hint else ""))


def _given(given: Mapping[str, Any], name: str) -> Any:
    """The value passed for ``name``, or its default from :data:`DEFAULTS`."""
    return given.get(name, DEFAULTS[name])


def _pick(caller: str, given: Mapping[str, Any], name: str, alias: str) -> Any:
    """The value of ``name``, or of its tqdm ``alias`` when ``name`` was left at its default."""
    default = DEFAULTS[name]
    value = given.get(name, default)
    other = given.get(alias)
    if other is None:
        return value
    if value is not None and value != default:
        raise TypeError(f"{caller} got both {name}= and its alias {alias}=; pass one")
    return other


def forwarded_options(
    caller: str, options: Mapping[str, Any], refused: Mapping[str, str]
) -> Options:
    """Check, at the user's call, the keywords an entry point passes on to bars it builds later.

    Args:
        caller: the function the user called, for the messages.
        options: the keywords as passed.
        refused: keyword -> what ``caller`` takes instead (``"target"`` when the
            total comes from elsewhere: ``track()``'s ``total=``, a transfer's size).

    Raises:
        TypeError, ValueError: as :func:`parse_options`.
    """
    for name, instead in refused.items():
        if name in options:
            raise TypeError(f"{caller} {instead}; got {name}={show(options[name])}")
    check_keywords(caller, options)
    return parse_options(caller, options)


def parse_options(caller: str, given: Mapping[str, Any]) -> Options:
    """Check the keywords of a bar-making call and return them as one record.

    Args:
        caller: the function the user called, as errors should name it
            (``"track()"``, ``"Progbar()"``...).
        given: the keywords as passed (defaults may be left out).

    Raises:
        TypeError: an unknown keyword, or a value of the wrong type.
        ValueError: a value out of range, or both metric lists given.
    """
    check_keywords(caller, given, as_passed=False)
    o = Options.__new__(Options)
    look = check_choice("look", _given(given, "look"), LOOKS)
    o.look = look
    o.target = check_number(
        "target", _pick(caller, given, "target", "total"), minimum=0, allow_none=True
    )
    width = _given(given, "width")
    o.width = DEFAULT_WIDTH[look] if width is None else check_int("width", width, minimum=1)
    o.verbose = check_choice("verbose", _given(given, "verbose"), (0, 1, 2))
    o.interval = check_number("interval", _given(given, "interval"), minimum=0) or 0.0
    o.stateful_metrics = check_names("stateful_metrics", _given(given, "stateful_metrics"))
    o.stateless_metrics = check_names("stateless_metrics", _given(given, "stateless_metrics"))
    if o.stateful_metrics is not None and o.stateless_metrics is not None:
        raise ValueError("Only one of `stateful_metrics` or `stateless_metrics` can be provided.")
    o.unit_name = check_str("unit_name", _pick(caller, given, "unit_name", "unit"))
    check_stream("file", _given(given, "file"))
    o.file = _given(given, "file")
    display = check_choice("display", _given(given, "display"), DISPLAY_CHOICES)
    if check_bool("disable", _given(given, "disable"), allow_none=True):
        display = "silent"  # tqdm's disable=None means "off a terminal": our auto already does
    o.display = display
    clock = _given(given, "clock")
    if clock is not None and not callable(clock):
        raise TypeError(f"clock must be a zero-argument callable, got {show(clock)}")
    o.clock = clock
    o.description = check_optional_str("description", _pick(caller, given, "description", "desc"))
    o.color = check_bool("color", _given(given, "color"), allow_none=True)
    o.log_interval = check_number("log_interval", _given(given, "log_interval"), minimum=0) or 0.0
    o.delay = check_number("delay", _given(given, "delay"), minimum=0) or 0.0
    o.ambiguous_wide = bool(check_bool("ambiguous_wide", _given(given, "ambiguous_wide")))
    o.all_ranks = bool(check_bool("all_ranks", _given(given, "all_ranks")))
    o.units = check_choice("units", _given(given, "units"), UNITS)
    o.leave = check_bool("leave", _given(given, "leave"), allow_none=True)
    o.parent = _given(given, "parent")
    smoothing = _given(given, "smoothing")
    o.smoothing = None if smoothing is None else check_number("smoothing", smoothing, minimum=0)
    if o.smoothing is not None and o.smoothing > 1:
        raise ValueError(f"smoothing must be between 0 and 1, got {show(smoothing)}")
    o.unit_scale = _unit_scale(_given(given, "unit_scale"))
    o.unit_divisor = (
        check_number("unit_divisor", _given(given, "unit_divisor"), minimum=1) or 1000.0
    )
    o.taskbar, o.title = _taskbar(_given(given, "taskbar"), _given(given, "title"))
    o.notify = _given(given, "notify")
    if o.notify != "auto" and not isinstance(o.notify, bool):
        raise TypeError(f'notify must be "auto", True or False, got {show(o.notify)}')
    o.records = _records(caller, _given(given, "records"), display)
    _shaping(caller, given, o, width is None)
    return o


def _shaping(caller: str, given: Mapping[str, Any], o: Options, fill: bool) -> None:
    """``template``, ``bar_format`` and ``summary``: each template is compiled (and checked) now.

    A shaped line's bar fills the room left unless ``width`` caps it.
    """
    o.summary = bool(check_bool("summary", _given(given, "summary")))
    template, bar_format = _given(given, "template"), _given(given, "bar_format")
    if template is not None and bar_format is not None:
        raise TypeError(f"{caller} got both template= and bar_format=; pass one")
    o.template = o.bar_format = None
    if template is not None:
        from .template import FILL, compile_template  # only bars made with a template

        o.template = compile_template(template, caller)
        if template in LOOKS:  # the look's glyphs and widths too
            o.look = template
            o.width = DEFAULT_WIDTH[template] if fill else o.width
        elif fill:
            o.width = FILL
    elif bar_format is not None:
        from .bar_format import check_bar_format

        o.bar_format = check_bar_format(bar_format, caller)
        if fill:
            from .template import FILL

            o.width = FILL


def _taskbar(taskbar: object, title: object) -> tuple[Union[bool, str], bool]:
    """``taskbar``: "auto" or a bool; ``title``: a bool (alive-progress's ``title`` is a label)."""
    if taskbar != "auto" and not isinstance(taskbar, bool):
        raise TypeError(f'taskbar must be "auto", True or False, got {show(taskbar)}')
    if isinstance(title, str):
        raise TypeError(
            f"title must be a bool (True shows the ETA in the window title), got {show(title)}; "
            "for a label before the bar, use description="
        )
    return taskbar, bool(check_bool("title", title))


def _unit_scale(value: object) -> float:
    """Tqdm's ``unit_scale``: False (0) plain counts, True (1) SI prefixes, a number multiplies."""
    if value is True or value is False:
        return float(value)
    return check_number("unit_scale", value, minimum=0) or 0.0


def _records(caller: str, path: object, display: str) -> Optional[str]:
    """``records=``: a path for the bar's JSON-line records (which then are its display)."""
    if path is None:
        return None
    import os

    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
        raise TypeError(f"records must be a file path (str or os.PathLike), got {show(path)}")
    if display not in ("auto", "jsonl"):
        raise ValueError(
            f'{caller}: records= writes JSON lines to its own file, so display must be "auto" '
            f'or "jsonl", got {show(display)}'
        )
    return str(os.fspath(path))
