"""``progbar pipe``: copy stdin to stdout unchanged and draw the transfer on stderr, like ``pv``.

The bytes never pass through Python objects on Linux (see ``copy``); the
bar is a plain :class:`~progbar.Progbar` in bytes on ``sys.stderr``, so a
terminal gets a live line and a log or CI job gets a clean line every
``--log-interval`` seconds. It ends as ``cat`` does: the reader leaving
(``| head -c 10``) kills it with SIGPIPE, Ctrl-C with SIGINT, quietly.
"""

from __future__ import annotations

import argparse
import sys

from .._output.printing import write
from .._progbar import Progbar
from .copy import copy_fd, grow_pipes, regular_size
from .quiet import die_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads it as True)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Optional

__all__ = ["main", "parse_size"]

_SUFFIXES = {
    "": 1, "b": 1,
    "k": 1 << 10, "kib": 1 << 10, "kb": 10**3,
    "m": 1 << 20, "mib": 1 << 20, "mb": 10**6,
    "g": 1 << 30, "gib": 1 << 30, "gb": 10**9,
    "t": 1 << 40, "tib": 1 << 40, "tb": 10**12,
}  # fmt: skip
"""As ``pv -s`` reads them: a bare K/M/G/T is binary; ``MB`` is SI, ``MiB`` binary."""

DESCRIPTION = """\
Copy stdin to stdout unchanged and draw the transfer (MiB, rate, ETA) on stderr.

  progbar pipe < disk.img > copy.img
  tar c src | progbar pipe --desc tar | gzip > src.tgz
  curl -s URL | progbar pipe --size 1.2G > file

Without --size the total is the size of stdin when it is a regular file,
else unknown (the bar then counts up). When stderr is not a terminal, a
plain line is written every --log-interval seconds instead of a live bar.
"""


def parse_size(text: str) -> int:
    """``"200M"`` -> 209715200: a byte count with an optional K/M/G/T suffix.

    >>> parse_size("1.5k"), parse_size("10MB"), parse_size("3")
    (1536, 10000000, 3)

    Raises:
        ValueError: not a number, negative, or an unknown suffix.
    """
    cleaned = text.strip().lower()
    digits = cleaned.rstrip("abcdefghijklmnopqrstuvwxyz").strip()
    suffix = cleaned[len(digits) :].strip()
    if suffix not in _SUFFIXES:
        raise ValueError(f"unknown size suffix {suffix!r} in {text!r}; use K, M, G, T, MB or MiB")
    try:
        value = float(digits)
    except ValueError:
        raise ValueError(f"not a size: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise ValueError(f"a size must be a finite number >= 0, got {text!r}")
    return int(value * _SUFFIXES[suffix])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="progbar pipe",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size", "-s", metavar="BYTES", help="total bytes expected (K/M/G/T)")
    parser.add_argument("--desc", "-N", metavar="TEXT", help="a label drawn before the count")
    parser.add_argument(
        "--log-interval",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="seconds between lines when stderr is not a terminal (default: 10)",
    )
    return parser


def main(argv: Optional[Sequence[str]] = None, *, stdin: int = 0, stdout: int = 1) -> int:
    """Run the pipe; the exit status (or death by signal) is what ``cat`` would give."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        size = parse_size(args.size) if args.size is not None else regular_size(stdin)
    except ValueError as exc:
        parser.error(f"--size: {exc}")
    if not args.log_interval >= 0:
        parser.error(f"--log-interval must be >= 0, got {args.log_interval}")
    grow_pipes(stdin, stdout)
    bar = Progbar(
        size,
        units="bytes",
        unit_name="B",
        file=sys.stderr,
        description=args.desc,
        log_interval=args.log_interval,
    )
    progress = _Progress(bar)
    try:
        total = copy_fd(stdin, stdout, progress.report)
    except BrokenPipeError:  # the reader left (`| head -c 10`): what cat dies of
        progress.stop()
        die_of("SIGPIPE")
    except KeyboardInterrupt:
        progress.stop()
        die_of("SIGINT")
    except OSError as exc:  # a read or write fault: cat's message, cat's status
        progress.stop()
        write(f"progbar pipe: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if bar.target != total:
        bar.target = total  # the true total: the line ends at 100%
    bar.update(total, finalize=True)
    bar.close()
    return 0


class _Progress:
    """Feeds the bar the byte count, without letting it finish before the end of the input.

    A bar finishes when its count reaches the total; but a ``--size`` can be
    wrong, and a file can grow. Reaching the total exactly waits for the next
    chunk (or the end) to tell; going past it makes the total unknown, so the
    bar counts on, and the true total is set at the end.
    """

    def __init__(self, bar: Progbar) -> None:
        self.bar = bar
        self.total = 0

    def report(self, total: int) -> None:
        self.total = total
        target = self.bar.target
        if target is not None and total >= target:
            if total == target:
                return
            self.bar.target = None
        self.bar.update(total)

    def stop(self) -> None:
        """End the line at the count reached (every byte written is counted)."""
        self.bar.update(self.total)
        self.bar.close()


if __name__ == "__main__":
    raise SystemExit(main())
