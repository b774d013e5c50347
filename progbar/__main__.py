"""``python -m progbar`` (or the ``progbar`` command): the demos, or a pipe.

No subcommand runs the demos (``progbar``, ``progbar loop training``);
``progbar pipe`` copies stdin to stdout and draws the transfer on stderr;
``progbar run script.py`` runs a program with ``progbar.install()`` in force.
The demos and the pipe end quietly when the reader of their output goes away, as ``cat`` does.
"""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Optional

DESCRIPTION = """\
See the bar in a few seconds: short demos on this terminal (or plain log
lines when stdout is redirected): a loop, a Keras-style training epoch with
metrics, and a download from a local throttled HTTP server (no internet needed).

Also: progbar pipe [--size BYTES] [--desc TEXT] copies stdin to stdout and
draws the transfer on stderr, like pv (progbar pipe --help); progbar watch
FILE draws the progress records another process writes (display="jsonl")
as live bars (progbar watch --help).
progbar run script.py [args] (or run -m module [args]) runs a program whose
tqdm and Keras bars draw through progbar (progbar run --help).
"""


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Dispatch: ``pipe``, ``watch`` and ``run`` are commands; anything else names demos."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "pipe":
        from ._cli.pipe import main as pipe_main

        return pipe_main(args[1:])
    if args and args[0] == "watch":
        from ._cli.watch import main as watch_main

        return watch_main(args[1:])

    if args and args[0] == "run":
        from ._cli.run import main as run_main

        return run_main(args[1:])
    return _demos(args)


def _demos(argv: Sequence[str]) -> int:
    from ._cli.quiet import exit_like_cat
    from ._demo.run import DEMOS

    parser = argparse.ArgumentParser(
        prog="progbar",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("demos", nargs="*", help=f"any of: {', '.join(DEMOS)} (default: all)")
    parser.add_argument("--fast", action="store_true", help="run without pauses")
    args = parser.parse_args(argv)
    names = [n for n in args.demos if n != "demo"] or list(DEMOS)
    unknown = [n for n in names if n not in DEMOS]
    if unknown:
        parser.error(f"unknown demo {unknown[0]!r}; choose from {', '.join(DEMOS)}, pipe, watch")
    with exit_like_cat():
        for name in names:
            DEMOS[name](0.0 if args.fast else 1.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
