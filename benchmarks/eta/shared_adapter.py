"""progbar's adapter for the shared ETA yardstick (``/work/shared/eta``).

Run from that folder with this project's Python, e.g.::

    PYTHONPATH=/path/to/progbar/benchmarks/eta python run.py --markdown \
        --adapter shared_adapter:PROGBAR --only progbar tqdm rich keras

It drives the real ``Progbar`` (display silenced) with the yardstick's fake
clock and reads its ``eta`` property, the number the bar would show.
"""

from __future__ import annotations

from harness import ClockInjectedAdapter  # the yardstick's module, on sys.path when run.py runs

import progbar

PROGBAR = ClockInjectedAdapter(
    "progbar",
    make=lambda total, clock: progbar.Progbar(total, clock=clock, display="silent"),
    update=lambda bar, n, dn: bar.update(n),  # type: ignore[attr-defined]
    eta=lambda bar: bar.eta,  # type: ignore[attr-defined]
)
