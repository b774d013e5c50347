"""The public surface is exactly what ``docs/api.md`` documents (after trio's test_exports).

The documented list is parsed from the page itself (its ``::: progbar.NAME``
directives), so the docs and ``__all__`` cannot drift apart silently.
"""

from __future__ import annotations
import __future__

import re
import types
from pathlib import Path

import progbar

API_PAGE = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def documented_names() -> list[str]:
    """Names in ``docs/api.md``'s mkdocstrings directives, in page order."""
    return re.findall(r"^::: progbar\.(\w+)\s*$", API_PAGE.read_text(encoding="utf-8"), re.M)


def test_the_api_page_documents_something() -> None:
    # guards the parser: a changed directive syntax must not make the next test vacuous
    assert "Progbar" in documented_names()


def test_all_is_exactly_the_documented_api() -> None:
    assert isinstance(progbar.__all__, tuple)
    missing_from_docs = set(progbar.__all__) - set(documented_names())
    not_exported = set(documented_names()) - set(progbar.__all__)
    assert not missing_from_docs, f"exported but not in docs/api.md: {sorted(missing_from_docs)}"
    assert not not_exported, f"in docs/api.md but not in __all__: {sorted(not_exported)}"


def test_each_name_is_listed_once() -> None:
    names = list(progbar.__all__)
    assert len(names) == len(set(names)), names
    documented = documented_names()
    assert len(documented) == len(set(documented)), documented


def test_every_exported_name_exists() -> None:
    for name in progbar.__all__:
        assert hasattr(progbar, name), name


def test_each_object_is_exported_under_one_name() -> None:
    objects = [getattr(progbar, name) for name in progbar.__all__ if name != "__version__"]
    assert len({id(obj) for obj in objects}) == len(objects)


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from progbar import *", namespace)
    namespace.pop("__builtins__")
    assert set(namespace) == set(progbar.__all__)


def test_nothing_else_is_public() -> None:
    """Any other top-level name must start with an underscore (submodules excepted)."""
    extra = []
    for name in dir(progbar):
        if name.startswith("_") or name in progbar.__all__:
            continue
        value = getattr(progbar, name)
        if isinstance(value, types.ModuleType) and value.__name__.startswith("progbar."):
            continue
        extra.append(name)
    assert not extra, f"public names not in __all__: {extra}"


def test_dir_lists_no_future_feature() -> None:
    """``from __future__ import annotations`` binds a name; it is not part of the API."""
    assert "annotations" not in dir(progbar)
    assert not hasattr(progbar, "annotations")
    assert not any(isinstance(getattr(progbar, name), __future__._Feature) for name in dir(progbar))


def test_version_is_a_release_string() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:[abrc.dev]+\d+)?", progbar.__version__)


def test_serve_gives_the_server_the_contract_names() -> None:
    """``progbar.serve(address=...)``: ``server.url`` (token included) and ``server.stop()``."""
    server = progbar.serve(address="127.0.0.1:0")
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/[\w-]{32}/", server.url)
    finally:
        server.stop()
    assert server.stopped
