"""``progbar.integrations.fsspec.Callback`` on real fsspec copies (memory -> local filesystem).

A multi-file ``get`` must give one nested bar per file, each counting exactly
its bytes, and a roll-up whose count and total are their sums; a single-file
``get_file`` one bar counting that file. The files must arrive intact.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

fsspec = pytest.importorskip("fsspec")
from progbar.integrations.fsspec import Callback  # noqa: E402

SIZES = {"a.bin": 10_000, "b.bin": 250_000, "c.bin": 3, "sub/d.bin": 70_000}


@pytest.fixture
def memory() -> object:
    fs = fsspec.filesystem("memory")
    fs.rm("/src", recursive=True) if fs.exists("/src") else None
    for name, size in SIZES.items():
        fs.pipe(f"/src/{name}", random.Random(size).randbytes(size))
    return fs


def _records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_multi_file_copy_rolls_the_files_up(memory: object, tmp_path: Path) -> None:
    stream = io.StringIO()
    with Callback(description="copy", file=stream, display="jsonl") as callback:
        memory.get("/src/", f"{tmp_path}/", recursive=True, callback=callback)  # type: ignore[attr-defined]
    for name, size in SIZES.items():
        assert (tmp_path / name).read_bytes() == random.Random(size).randbytes(size)
    parts = callback.bar.parts
    assert [(p.description, p.current, p.target, p.closed) for p in parts] == [
        (name.rsplit("/")[-1], size, size, True) for name, size in SIZES.items()
    ]
    assert all(p.rollup is callback.bar for p in parts)
    total = sum(SIZES.values())
    assert (callback.bar.current, callback.bar.target, callback.bar.finished) == (
        total,
        total,
        True,
    )
    records = _records(stream)  # every bar's figures, the roll-up's last
    assert (records[-1]["count"], records[-1]["target"], records[-1]["final"]) == (
        total,
        total,
        True,
    )
    assert records[-1]["description"] == "copy" and records[-1]["metrics"] == {
        "paths": "6/6"
    }  # 2 folders too


def test_a_single_file_counts_its_bytes(memory: object, tmp_path: Path) -> None:
    stream = io.StringIO()
    with Callback(file=stream, display="log", description="b") as callback:
        memory.get_file("/src/b.bin", str(tmp_path / "b.bin"), callback=callback)  # type: ignore[attr-defined]
    assert (tmp_path / "b.bin").stat().st_size == SIZES["b.bin"]
    last = stream.getvalue().splitlines()[-1]
    assert last.startswith("b 244.1/244.1 KiB [=============================="), last


def test_the_users_hooks_still_run(memory: object, tmp_path: Path) -> None:
    seen: list[tuple[object, object]] = []
    hooks = {"mine": lambda size, value, **_: seen.append((size, value))}
    with Callback(hooks=hooks, display="silent") as callback:
        memory.get_file("/src/c.bin", str(tmp_path / "c.bin"), callback=callback)  # type: ignore[attr-defined]
    assert seen[-1] == (3, 3)
