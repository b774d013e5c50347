"""Snapshot and Layout behave as the frozen dataclasses they replaced (without dataclasses)."""

from __future__ import annotations

import copy
import pickle

import pytest

from progbar._core.line import Layout, Snapshot


def test_defaults_and_keywords() -> None:
    snap = Snapshot(3, 10, 1.5, per_unit=0.5, description="train")
    assert (snap.current, snap.target, snap.elapsed) == (3, 10, 1.5)
    assert (snap.eta, snap.per_unit, snap.unit_name, snap.metrics) == (None, 0.5, "step", ())
    assert (snap.final, snap.description, snap.units) == (False, "train", "count")
    layout = Layout(look="keras3", encoding="ascii")
    assert (layout.bar_width, layout.look, layout.color) == (30, "keras3", False)
    assert (layout.ascii_only, layout.ambiguous_wide, layout.encoding) == (False, False, "ascii")


def test_frozen() -> None:
    snap = Snapshot(1, 2, 0.0)
    with pytest.raises(AttributeError, match="frozen"):
        snap.current = 2
    with pytest.raises(AttributeError, match="frozen"):
        del snap.target
    with pytest.raises(AttributeError):
        snap.extra = 1
    assert snap.current == 1 and snap.target == 2


def test_equality_hash_and_repr_go_by_fields() -> None:
    a = Snapshot(1, 2, 0.5, metrics=(("loss", "0.1"),))
    assert a == Snapshot(1, 2, 0.5, metrics=(("loss", "0.1"),))
    assert hash(a) == hash(Snapshot(1, 2, 0.5, metrics=(("loss", "0.1"),)))
    assert a != Snapshot(1, 2, 0.5)
    assert Layout() == Layout() and Layout() != Layout(color=True)
    assert a != (1, 2, 0.5)  # not a tuple
    assert repr(Layout(bar_width=4)) == (
        "Layout(bar_width=4, look='classic', color=False, ascii_only=False,"
        " ambiguous_wide=False, encoding=None, unit_scale=False, unit_divisor=1000, formatter=None)"
    )


def test_copy_and_pickle_rebuild_equal_records() -> None:
    snap = Snapshot(5, None, 2.0, eta=None, final=True, units="bytes")
    for clone in (copy.copy(snap), copy.deepcopy(snap), pickle.loads(pickle.dumps(snap))):
        assert clone == snap and clone is not snap
