"""``progbar.install()`` and real Keras (jax, CPU): ``get_file`` and ``fit`` draw progbar's lines.

``get_file`` downloads a ``.tar.gz`` from a local HTTP server: the archive is
cached, hash-checked and extracted exactly as Keras does without progbar (the
same child downloads it once uninstalled, into another cache, to compare), and
the bar is progbar's (bytes, a rate, no ``\\b``). ``fit`` keeps Keras's
``verbose`` meanings: 1 is a bar per epoch, 2 one line per epoch, 0 nothing.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import keras_backend
import pytest
from harness import run_in_pty

from progbar._demo.server import LocalServer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FILES = {"data/a.bin": 300_000, "data/b.txt": 5}

FIT = """
def fit(verbose):
    import numpy as np
    keras.utils.set_random_seed(7)
    x = np.random.default_rng(7).normal(size=(64, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    print(f"#verbose {verbose}", flush=True)
    model.fit(x, y, validation_split=0.25, epochs=2, batch_size=16, verbose=verbose)
"""

ON_TERMINAL = (
    """
import sys
import progbar
progbar.install()
import keras
url, sha, cache = sys.argv[1:]
print("#path", keras.utils.get_file("data.tar.gz", origin=url, file_hash=sha, cache_dir=cache,
                                    extract=True))
"""
    + FIT
    + """
fit(1)
print("#end")
"""
)

INTO_A_FILE = (
    """
import contextlib, io, sys
import progbar
import keras
url, sha, cache, plain, bad = sys.argv[1:]

def get(where, file_hash=sha):
    return keras.utils.get_file("data.tar.gz", origin=url, file_hash=file_hash, cache_dir=where,
                                extract=True)

with contextlib.redirect_stdout(io.StringIO()):  # Keras's own bar, for the files it leaves
    get(plain)
progbar.install()
print("#path", get(cache), flush=True)
print("#again", get(cache), flush=True)  # cached: no download
try:
    get(bad, file_hash="0" * 64)
except ValueError as error:
    print("#refused", "corrupted" in str(error), flush=True)
"""
    + FIT
    + """
for verbose in (1, 2, 0):
    fit(verbose)
from keras.src.callbacks import progbar_logger
from keras.src.utils import file_utils
bound = (keras.utils.Progbar, progbar_logger.Progbar, file_utils.Progbar)
progbar.uninstall()
restored = (keras.utils.Progbar, progbar_logger.Progbar, file_utils.Progbar)
print("#bound", *sorted({cls.__module__ for cls in bound}))
print("#restored", *sorted({cls.__module__ for cls in restored}))
print("#end")
"""
)


def _archive() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, size in FILES.items():
            info = tarfile.TarInfo(name)
            info.size = size
            tar.addfile(info, io.BytesIO(random.Random(size).randbytes(size)))
    return buffer.getvalue()


def _tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def server() -> object:
    reason = keras_backend.real_keras_missing()
    if reason is not None:
        pytest.skip(reason)
    payload = _archive()
    with LocalServer(0, payload=payload, name="data.tar.gz", rate=1_000_000, chunk=8192) as srv:
        srv.sha256 = hashlib.sha256(payload).hexdigest()  # type: ignore[attr-defined]
        yield srv


SIZE = f"{len(_archive()) / 1024:.1f}"  # the archive's size as the line shows it (KiB)
BYTES_LINE = re.compile(rf"^{SIZE}/{SIZE} KiB \[=+\] - \d+s [\d.]+ [KMG]?i?B/s$")
EPOCH_LINE = re.compile(
    r"^3/3 \[=+\] - \d+s \d+\w?s/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}"
    r" - val_accuracy: \d\.\d{4} - val_loss: \d\.\d{4}$"
)
VERBOSE_2_LINE = re.compile(
    r"^3/3 - \d+s - \d+\w?s/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}"
    r" - val_accuracy: \d\.\d{4} - val_loss: \d\.\d{4}$"
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_get_file_and_fit_on_a_terminal(server: LocalServer, tmp_path: Path) -> None:
    argv = [server.url, server.sha256, str(tmp_path)]  # type: ignore[attr-defined]
    code = f"import sys\nsys.argv[1:] = {argv!r}\n{ON_TERMINAL}"
    run = run_in_pty(code, columns=120, rows=16, env=keras_backend.keras_env(), timeout=300)
    lines = [line for line in run.lines if line]
    assert run.returncode == 0, run.output.decode(errors="replace")
    assert lines[0] == f"Downloading data from {server.url}", lines
    assert BYTES_LINE.match(lines[1]), lines
    assert lines[2] == f"#path {tmp_path / 'datasets' / 'data_extracted'}", lines
    assert lines[3:] == ["#verbose 1", "Epoch 1/2", lines[5], "Epoch 2/2", lines[7], "#end"]
    assert EPOCH_LINE.match(lines[5]) and EPOCH_LINE.match(lines[7]), lines
    assert b"\x08" not in run.output and "━".encode() not in run.output  # not Keras's own bar


def test_get_file_and_fit_into_a_log_file(server: LocalServer, tmp_path: Path) -> None:
    folders = cache, plain, bad = [tmp_path / name for name in ("cache", "plain", "bad")]
    for folder in folders:
        folder.mkdir()  # Keras falls back to /tmp/.keras for a cache folder it cannot write
    argv = [server.url, server.sha256, *map(str, folders)]  # type: ignore[attr-defined]
    log = tmp_path / "out.log"
    env = keras_backend.keras_env()
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    with log.open("w") as out:
        result = subprocess.run(
            [sys.executable, "-c", INTO_A_FILE, *argv],
            stdout=out, stderr=subprocess.STDOUT, env=env, check=False, timeout=300,
        )  # fmt: skip
    text = log.read_text(encoding="utf-8")
    assert result.returncode == 0, text
    for control in ("\r", "\b", "\x1b"):
        assert control not in text
    lines = [line for line in text.splitlines() if not line.startswith(("WARNING", "I0000"))]
    extracted = str(cache / "datasets" / "data_extracted")
    downloading = f"Downloading data from {server.url}"
    start = lines.index(downloading)
    assert lines[start + 1].endswith(f"0/{SIZE} KiB [..............................] - ETA: ?"), (
        lines
    )
    assert BYTES_LINE.match(lines[start + 2]), lines
    assert lines[start + 3 : start + 5] == [f"#path {extracted}", f"#again {extracted}"]
    assert lines[start + 5] == downloading  # the wrong hash: downloaded, then refused
    assert lines.index("#refused True") > start + 5
    assert not (bad / "datasets" / "data_extracted").exists()
    assert _tree(cache) == _tree(plain)  # cached and extracted as without progbar
    expected = {f"datasets/data_extracted/{name}" for name in FILES} | {"datasets/data.tar.gz"}
    assert set(_tree(cache)) == expected
    one, two, zero, end = (
        lines.index(marker) for marker in ("#verbose 1", "#verbose 2", "#verbose 0", "#end")
    )
    epochs = [line for line in lines[one:two] if line.startswith("3/3")]
    assert len(epochs) == 2 and all(EPOCH_LINE.match(line) for line in epochs), lines[one:two]
    assert lines[two + 1 : zero] == ["Epoch 1/2", lines[two + 2], "Epoch 2/2", lines[two + 4]]
    assert VERBOSE_2_LINE.match(lines[two + 2]) and VERBOSE_2_LINE.match(lines[two + 4])
    assert zero + 3 == end  # verbose=0: nothing
    assert lines[zero + 1 : end] == [
        "#bound progbar._compat.keras_patch progbar._progbar",  # get_file's counts bytes
        "#restored keras.src.utils.progbar",  # uninstall() gave Keras its own back
    ]
