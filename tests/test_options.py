"""Each bar option is defined once: the signature, the keyword list and the defaults agree."""

from __future__ import annotations

import inspect

import pytest

from progbar import Progbar
from progbar._core import options


def _parameters() -> dict[str, inspect.Parameter]:
    found = dict(inspect.signature(Progbar.__init__).parameters)
    found.pop("self")
    assert found.pop("unknown").kind is inspect.Parameter.VAR_KEYWORD
    return found


def test_the_signature_declares_every_option_and_only_options() -> None:
    declared = set(_parameters())
    assert set(options._FIELDS) <= declared, set(options._FIELDS) - declared
    assert declared <= options.KEYWORDS, declared - options.KEYWORDS


def test_every_default_is_the_one_definition() -> None:
    assert set(options.DEFAULTS) == set(options._FIELDS) | {"disable", "position"}
    for name, parameter in _parameters().items():
        if name in options.ALIASES:  # tqdm's name: None means "not given"
            assert parameter.default is None, name
            continue
        assert parameter.default == options.DEFAULTS[name], name
        assert type(parameter.default) is type(options.DEFAULTS[name]), name


def test_a_keyword_the_signature_lacks_is_never_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A known keyword that reaches **unknown is parsed like any other."""
    monkeypatch.setattr(options, "KEYWORDS", options.KEYWORDS | {"shiny"})
    monkeypatch.setattr(options, "_FIELDS", (*options._FIELDS, "shiny"))
    monkeypatch.setitem(options.DEFAULTS, "shiny", False)
    seen = {}
    real = options.parse_options

    def spy(caller: str, given: dict[str, object]) -> options.Options:
        seen.update(given)
        return real(caller, given)

    import progbar._progbar as module

    monkeypatch.setattr(module, "parse_options", spy)
    Progbar(10, verbose=0, shiny=True)  # type: ignore[call-arg]
    assert seen["shiny"] is True


def test_an_unknown_keyword_names_the_call() -> None:
    with pytest.raises(TypeError, match=r"Progbar\(\) got an unexpected keyword argument 'shinny'"):
        Progbar(10, shinny=True)  # type: ignore[call-arg]
