"""tqdm's ``bar_format`` on ``Progbar``: its fields checked when the bar is made.

The line itself is drawn by ``progbar._compat``'s ``format_meter`` (the one
tqdm formatter progbar has, see ``progbar/_shaping.py``); the core only
checks the names, so that a misspelt field fails at the call that made
the bar, naming it, not at the first draw.
"""

from __future__ import annotations

__all__ = ["TQDM_FIELDS", "check_bar_format"]

_TQDM = (
    "n n_fmt total total_fmt elapsed elapsed_s desc unit rate rate_fmt rate_noinv rate_noinv_fmt"
)
TQDM_FIELDS = frozenset(
    (_TQDM + " rate_inv rate_inv_fmt remaining remaining_s eta l_bar r_bar bar percentage"
     " postfix ncols unit_divisor colour").split(" ")
)  # fmt: skip
"""The fields tqdm's ``bar_format`` may name (``tqdm.format_meter``'s)."""


def check_bar_format(source: object, caller: str) -> str:
    """Check tqdm's ``bar_format``: its fields checked against tqdm's now, not at the first draw.

    Raises:
        TypeError: not a string.
        ValueError: a field tqdm does not have, or one that does not parse.
    """
    if not isinstance(source, str):
        raise TypeError(f"{caller} bar_format must be a string, got {type(source).__name__}")
    import string

    try:
        names = [name for _, name, _, _ in string.Formatter().parse(source) if name is not None]
    except ValueError as exc:
        raise ValueError(
            f"{caller} got a bar_format that does not parse ({exc}): {source!r}"
        ) from None
    for name in names:
        if name.partition(".")[0].partition("[")[0] not in TQDM_FIELDS:
            known = ", ".join(sorted(TQDM_FIELDS))
            raise ValueError(
                f"{caller} got a bar_format with an unknown field {{{name}}} "
                f"(tqdm's fields are {known}): {source!r}"
            )
    return source
