"""``wrap_file`` on text-mode files: counted in the file's bytes, so reading to the end is complete.

The size of a file is in bytes and its characters may take several each
(UTF-8 accents, CJK, emoji, UTF-16) or fewer (``\\r\\n`` read as ``\\n``).
Every way of reading a real file to its end must draw it complete, with
the exact size.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import progbar

TEXT = "".join(f"ligne {i}: café, 日本語, 🙂 — ok\n" for i in range(3000))
FULL_BAR = "[" + "=" * 30 + "]"


def read_all(f: Any) -> str:
    parts = []
    while chunk := f.read(1000):
        parts.append(chunk)
    return "".join(parts)


def by_line(f: Any) -> str:
    parts = []
    while line := f.readline():
        parts.append(line)
    return "".join(parts)


READERS: dict[str, Callable[[Any], str]] = {
    "read(n)": read_all,
    "read()": lambda f: f.read(),
    "readline": by_line,
    "iteration": lambda f: "".join(f),
    "readlines": lambda f: "".join(f.readlines()),
    "copyfileobj": lambda f: (shutil.copyfileobj(f, sink := io.StringIO()), sink.getvalue())[1],
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    ("encoding", "newline"), [("utf-8", "\n"), ("utf-16", "\n"), ("utf-8", "\r\n")]
)
def test_reading_a_text_file_to_the_end_is_drawn_complete_and_exact(
    tmp_path: Path, reader: str, encoding: str, newline: str
) -> None:
    path = tmp_path / "text.txt"
    path.write_bytes(TEXT.replace("\n", newline).encode(encoding))
    size = path.stat().st_size
    out = io.StringIO()
    options: dict[str, Any] = {"file": out, "display": "log", "log_interval": 3600}
    options["units"] = "count"
    with progbar.wrap_file(open(path, encoding=encoding), **options) as f:
        assert READERS[reader](f) == TEXT  # universal newlines: \r\n is read as \n
    assert f.count == size
    assert out.getvalue().splitlines()[-1].startswith(f"{size}/{size} {FULL_BAR} - ")


def test_writing_text_counts_the_bytes_written(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    size = len(TEXT.encode("utf-8"))
    out = io.StringIO()
    with progbar.wrap_file(
        open(path, "w", encoding="utf-8"), size, file=out, display="log", units="count"
    ) as f:
        f.writelines(TEXT.splitlines(keepends=True))
    assert path.stat().st_size == size
    assert out.getvalue().splitlines()[-1].startswith(f"{size}/{size} {FULL_BAR} - ")


def test_a_text_file_opened_part_way_counts_what_is_left(tmp_path: Path) -> None:
    path = tmp_path / "text.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = io.StringIO()
    with open(path, encoding="utf-8") as raw:
        first = raw.readline()
        f = progbar.wrap_file(raw, file=out, display="log", units="count")
        assert first + f.read() == TEXT
        f.close()
    last = out.getvalue().splitlines()[-1]
    left = f.count
    assert 0 < left < len(TEXT.encode("utf-8"))
    assert last.startswith(f"{left}/{left} {FULL_BAR} - ")
