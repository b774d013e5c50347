"""``progbar run script.py [args]`` (or ``-m module``): a program with ``install()`` in force.

As ``python -m cProfile`` runs one: through :mod:`runpy` as ``__main__``, with
``sys.argv`` and ``sys.path[0]`` as ``python script.py`` would set them, so the
program sees its own arguments and exits with its own status; only its tqdm and
Keras bars draw through progbar (:func:`progbar.install`).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["USAGE", "main"]

USAGE = """\
usage: progbar run script.py [args ...]
       progbar run -m module [args ...]

Run a Python script or module with progbar.install() in force: the bars that tqdm
(and every library drawing with it) and Keras draw appear as progbar's bars, in one
region on a terminal and as plain lines in a log. The program's arguments and exit
status are its own.
"""


def main(argv: Sequence[str]) -> int:
    """Run the program ``argv`` names; return its exit status (2 for a usage error)."""
    args = list(argv)
    if not args or args[0] in ("-h", "--help"):
        (sys.stdout if args else sys.stderr).write(USAGE)
        return 0 if args else 2
    if args[0] == "-m" and len(args) < 2:
        sys.stderr.write(USAGE + "\nprogbar run: error: -m needs a module name\n")
        return 2
    if args[0] != "-m" and not os.path.exists(args[0]):
        sys.stderr.write(f"progbar run: error: can't open file {args[0]!r}: no such file\n")
        return 2
    import runpy

    from .._compat.install import install

    install()
    if args[0] == "-m":
        sys.argv[:] = args[1:]  # runpy sets argv[0] to the module's file
        _first_on_path(os.getcwd())  # as `python -m module`
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv[:] = args
        _first_on_path(os.path.dirname(os.path.realpath(args[0])))  # as `python script.py`
        runpy.run_path(args[0], run_name="__main__")
    return 0


def _first_on_path(folder: str) -> None:
    """Put ``folder`` first on ``sys.path``, where Python puts the program's own folder."""
    if not sys.path or os.path.realpath(sys.path[0] or ".") != os.path.realpath(folder):
        sys.path.insert(0, folder)
