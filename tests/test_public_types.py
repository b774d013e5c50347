"""Users can annotate with progbar's types, type checkers check their calls, and help() reads well.

What ``track()``, ``wrap_file()`` and ``reporthook()`` return is named by a
public protocol; their ``**options`` are ``Unpack[BarOptions]``; the hints
resolve at run time; ``display`` means one thing; and ``help()`` shows
annotations as written, without quotes or ``_hints``' ``t.`` prefix.
"""

from __future__ import annotations

import importlib
import inspect
import io
import json
import os
import pydoc
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import progbar
from progbar import Progbar
from progbar._core import options

ROOT = Path(progbar.__file__).resolve().parent.parent
RETURNED = {  # entry point -> the public type its return annotation names
    "track": "Tracked",
    "atrack": "AsyncTracked",
    "wrap_file": "FileProgress",
    "reporthook": "ReportHook",
}
PUBLIC_TYPES = ("Tracked", "AsyncTracked", "FileProgress", "ReportHook", "BarOptions")

# -- mypy --strict on code a user writes -------------------------------------------------

USER_CODE = """
import io
from collections.abc import AsyncIterator

from typing_extensions import Unpack

import progbar


async def numbers() -> AsyncIterator[int]:
    yield 1


def download(url: str, **options: Unpack[progbar.BarOptions]) -> progbar.ReportHook:
    return progbar.reporthook(reuse=True, **options)


loop: progbar.Tracked[int] = progbar.track(range(3), description="x", display="silent")
total = sum(item + 1 for item in loop)
bar: progbar.Progbar = loop.bar
kind: str = bar.display
again: progbar.Tracked[int] = bar.track(range(2))
aloop: progbar.AsyncTracked[int] = progbar.atrack(numbers(), verbose=0)
wrapped: progbar.FileProgress = progbar.wrap_file(io.BytesIO(b"abc"), display="silent")
data = wrapped.read(2)
moved: int = wrapped.count
wrapped.seek(0)  # the file's own methods pass through
hook: progbar.ReportHook = download("x", display="silent")
with hook:
    hook(0, 8192, 100)
chosen: progbar.BarOptions = {"display": "silent", "width": 20, "units": "bytes"}
for _ in progbar.track([1.5, 2.5], **chosen):
    pass
reveal_type(progbar.track(range(3)))
reveal_type(progbar.wrap_file(io.BytesIO()))
reveal_type(progbar.reporthook())
"""

USER_MISTAKES = """
import io

import progbar

progbar.track(range(3), display="terminal")  # error: not a display kind
progbar.track(range(3), colour="red")  # error: not a keyword
wrong: progbar.Tracked[str] = progbar.track(range(3))  # error: the items are ints
progbar.wrap_file(io.BytesIO(), target=10)  # error: the total is its own argument
progbar.reporthook(units="kilobytes")  # error: not a unit
progbar.Progbar(3).share(adress=("127.0.0.1", 0))  # error: share takes address and key
"""


@pytest.mark.slow  # mypy analyses all of progbar from a cold cache: 3 to 7 s here
def test_mypy_strict_accepts_code_annotated_with_the_public_types(tmp_path: Path) -> None:
    (tmp_path / "user_code.py").write_text(USER_CODE)
    (tmp_path / "user_mistakes.py").write_text(USER_MISTAKES)
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"),
         "--no-error-summary", "user_code.py", "user_mistakes.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "MYPYPATH": str(ROOT)},
    )  # fmt: skip
    lines = out.stdout.splitlines()
    assert not [line for line in lines if line.startswith("user_code.py") and "error" in line]
    revealed = [line.split("Revealed type is ")[1] for line in lines if "Revealed type" in line]
    assert revealed == [
        '"progbar.types.Tracked[int]"',
        '"progbar.types.FileProgress"',
        '"progbar.types.ReportHook"',
    ], out.stdout
    wanted = {n for n, line in enumerate(USER_MISTAKES.splitlines(), 1) if "# error" in line}
    flagged = {int(m) for m in re.findall(r"^user_mistakes\.py:(\d+): error", out.stdout, re.M)}
    assert flagged == wanted, out.stdout


def test_the_annotated_user_code_runs() -> None:
    """The same code at run time: the protocols subscript, the dict is a plain dict."""
    code = USER_CODE.replace("reveal_type(", "print(")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("<progbar.") == 3, out.stdout  # the three printed objects


# -- the types at run time ------------------------------------------------------------------

FRESH = """
import json, sys
import progbar
assert 'typing' not in sys.modules and 'progbar.types' not in sys.modules
import typing
out = {}
for name in ('track', 'atrack', 'wrap_file', 'reporthook'):
    returned = typing.get_type_hints(getattr(progbar, name))['return']
    out[name] = getattr(typing.get_origin(returned) or returned, '__qualname__', None)
for name in ('Tracked', 'AsyncTracked', 'FileProgress', 'ReportHook', 'BarOptions'):
    kind = getattr(progbar, name)
    typing.get_type_hints(kind)
    for attr, member in vars(kind).items():
        if callable(member) or isinstance(member, property):
            typing.get_type_hints(getattr(member, 'fget', member))
out['share'] = sorted(typing.get_type_hints(progbar.Progbar.share))
out['display'] = typing.get_args(typing.get_type_hints(progbar.Progbar.display.fget)['return'])
print(json.dumps(out))
"""


def test_hints_resolve_to_the_public_types_in_a_fresh_interpreter() -> None:
    out = subprocess.run([sys.executable, "-c", FRESH], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert {name: found[name] for name in RETURNED} == RETURNED
    assert found["share"] == ["address", "key", "return"]
    assert tuple(found["display"]) == options.DISPLAY_KINDS


def test_what_the_entry_points_return_has_what_the_protocols_promise() -> None:
    """mypy checks it statically; this checks the objects really returned, members by name."""
    made = {
        "Tracked": progbar.track(range(3), display="silent"),
        "FileProgress": progbar.wrap_file(io.BytesIO(b"abc"), display="silent"),
        "ReportHook": progbar.reporthook(display="silent"),
    }
    for name, obj in made.items():
        protocol = getattr(progbar, name)
        members = [m for m in vars(protocol) if not m.startswith("_") or m == "__call__"]
        assert members, name
        for member in members:
            assert hasattr(obj, member), (name, member)
        assert protocol.__module__ == "progbar.types"
    made["FileProgress"].close()
    made["ReportHook"].close()


def test_bar_options_are_the_keywords_of_progbar_but_the_total() -> None:
    """One list, two spellings: BarOptions must name Progbar's keywords with Progbar's types."""
    declared = typing.get_type_hints(Progbar.__init__)
    for name in ("target", "total", "unknown", "return"):
        declared.pop(name)
    assert typing.get_type_hints(progbar.BarOptions) == declared
    assert set(declared) == options.KEYWORDS - {"target", "total"}


def test_the_literal_types_name_exactly_the_choices() -> None:
    from progbar import types as _types

    assert typing.get_args(_types.Look) == options.LOOKS
    assert typing.get_args(_types.Units) == options.UNITS
    assert typing.get_args(_types.DisplayKind) == options.DISPLAY_KINDS
    assert typing.get_args(_types.DisplayChoice) == options.DISPLAY_CHOICES


def test_unpack_means_any_where_python_has_no_unpack(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before 3.11, without typing_extensions, ``get_type_hints`` still works on ``**options``."""
    from progbar import _hints

    monkeypatch.delattr(typing, "Unpack", raising=False)
    monkeypatch.setitem(sys.modules, "typing_extensions", None)  # not installed
    unpack = _hints._unpack(typing)
    assert unpack[progbar.BarOptions] is typing.Any


# -- one meaning for display ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["tty", "log", "silent", "jsonl"])
def test_bar_display_is_the_kind_it_draws_on(kind: str) -> None:
    bar = Progbar(3, file=io.StringIO(), display=kind)  # type: ignore[arg-type]
    assert bar.display == kind
    bar.close()


def test_a_bar_that_shows_nowhere_says_silent_never_auto() -> None:
    assert Progbar(3, file=io.StringIO(), display="auto").display == "log"  # a StringIO: a log
    assert Progbar(3, file=io.StringIO(), verbose=0).display == "silent"
    assert Progbar(3, file=io.StringIO(), disable=True).display == "silent"


def test_tqdm_keeps_its_display_method_over_a_bar_with_the_property() -> None:
    pbar = progbar.tqdm(total=3, file=io.StringIO())
    assert pbar.display() is True  # tqdm's: draws now
    assert pbar.bar.display in options.DISPLAY_KINDS
    pbar.close()


# -- help() reads as the code is written ------------------------------------------------


LIGHT_ADAPTERS = ("boto3", "click", "httpx", "requests")
"""Integration modules that import no library of their own (tests/test_import_cost.py)."""


def _public_names() -> list[tuple[str, object]]:
    found = [(name, getattr(progbar, name)) for name in progbar.__all__]
    for adapter in LIGHT_ADAPTERS:
        module = importlib.import_module(f"progbar.integrations.{adapter}")
        found += [(f"{adapter}.{name}", getattr(module, name)) for name in module.__all__]
    return found


def _public_functions() -> list[tuple[str, object]]:
    """Every public callable help() documents: the names, their public methods, inherited too."""
    found: list[tuple[str, object]] = []
    for name, obj in _public_names():
        if not callable(obj):
            continue
        if not isinstance(obj, type):
            found.append((name, obj))
        else:  # its signature is its __init__'s, or none (a TypedDict)
            seen: set[str] = set()
            for klass in obj.__mro__[:-1]:
                for attr, member in vars(klass).items():
                    if attr in seen or (attr.startswith("_") and not attr.startswith("__")):
                        continue  # overridden, or a _private name help() hides
                    seen.add(attr)
                    function = getattr(member, "__func__", member)  # not a property's
                    if inspect.isfunction(function) and function.__annotations__:
                        found.append((f"{name}.{attr}", function))
    return found


def test_the_check_sees_the_annotated_functions() -> None:
    names = [name for name, _ in _public_functions()]
    assert {"write", "track", "Progbar.__init__", "Progbar.update", "tqdm.update"} <= set(names)
    assert {"requests.iter_content", "boto3.Callback.__init__"} <= set(names)
    assert len(names) > 100


@pytest.mark.parametrize(("name", "obj"), _public_functions(), ids=lambda x: str(x)[:40])
def test_signatures_show_annotations_bare(name: str, obj: typing.Callable[..., object]) -> None:
    signature = inspect.signature(obj)
    shown = [signature.return_annotation] + [p.annotation for p in signature.parameters.values()]
    for annotation in shown:
        if annotation is inspect.Parameter.empty:
            continue
        text = inspect.formatannotation(annotation)
        assert not re.search(r"(?<![\w.])t\.", text), (name, text)  # no _hints prefix
        assert text[:1] not in ("'", '"'), (name, text)  # not shown as a quoted string


@pytest.mark.parametrize(("name", "obj"), _public_functions(), ids=lambda x: str(x)[:40])
def test_the_bare_annotations_resolve(name: str, obj: typing.Callable[..., object]) -> None:
    assert typing.get_type_hints(obj) is not None


def test_help_of_write_reads_like_the_code() -> None:
    text = pydoc.render_doc(progbar.write, renderer=pydoc.plaintext)
    assert "write(text: str, file: Optional[TextIO] = None, end: str = '\\n') -> None" in text


def test_help_of_track_names_the_public_types() -> None:
    text = pydoc.render_doc(progbar.track, renderer=pydoc.plaintext)
    expected = (
        "track(iterable: Iterable[T], total: Optional[float] = None, "
        "**options: Unpack[BarOptions]) -> Tracked[T]"
    )
    assert expected in text


def test_bare_annotations_still_resolve_to_the_real_types() -> None:
    assert typing.get_type_hints(progbar.write)["file"] == typing.Optional[typing.TextIO]
    assert type(progbar.write.__annotations__["file"]) is not str  # the help() form is in place
