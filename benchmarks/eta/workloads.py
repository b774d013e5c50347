"""Seeded synthetic progress traces for the ETA benchmark.

A trace is a bar created at t = 0 that then sees ``update(n[i])`` at time
``t[i]``; the last event completes the work, so the true time remaining at
``t`` is ``t[-1] - t``. Everything is drawn from ``random.Random(seed)``,
so a trace is identical on every machine and Python version.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Trace:
    name: str
    total: float
    t: list[float]
    n: list[float]

    @property
    def duration(self) -> float:
        return self.t[-1]


def _steps(name: str, durations: list[float], every: float = 0.0) -> Trace:
    """One unit per step; with ``every`` > 0 the caller only reports a step
    once ``every`` seconds passed since its previous report (and the last)."""
    t, n, now, last = [], [], 0.0, -math.inf
    for i, d in enumerate(durations):
        now += d
        if now - last >= every or i == len(durations) - 1:
            t.append(now)
            n.append(float(i + 1))
            last = now
    return Trace(name, float(len(durations)), t, n)


def _jitter(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(sigma * rng.gauss(0.0, 1.0))


def constant(rng: random.Random) -> Trace:
    return _steps("constant", [0.08] * 800)


def noisy(rng: random.Random) -> Trace:
    return _steps("noisy", [_jitter(rng, 0.08, 0.6) for _ in range(800)])


def warmup(rng: random.Random) -> Trace:
    d = [_jitter(rng, 0.1, 0.1) for _ in range(400)]
    d[0] = 8.0  # compile / connect / cache fill
    return _steps("warmup", d)


def speedup(rng: random.Random) -> Trace:
    return _steps("speedup", [_jitter(rng, 0.25 if i < 250 else 0.06, 0.15) for i in range(900)])


def slowdown(rng: random.Random) -> Trace:
    return _steps("slowdown", [_jitter(rng, 0.04 if i < 450 else 0.15, 0.15) for i in range(900)])


def stalls(rng: random.Random) -> Trace:
    d = [_jitter(rng, 0.1, 0.15) * (15.0 if i % 80 == 79 else 1.0) for i in range(800)]
    return _steps("stalls", d)


def download(rng: random.Random) -> Trace:
    """Blocks in bursts separated by heavy-tailed network gaps."""
    size, block = 12 * 2**20, 16384
    t, n, now, got = [], [], _jitter(rng, 0.4, 0.5), 0
    while got < size:
        for _ in range(1 + int(rng.expovariate(1 / 30))):
            got = min(size, got + block)
            now += rng.expovariate(1 / 0.0004)
            t.append(now)
            n.append(float(got))
            if got >= size:
                break
        now += _jitter(rng, 0.2, 0.9)
    return Trace("download", float(size), t, n)


def few_steps(rng: random.Random) -> Trace:
    return _steps("few_steps", [_jitter(rng, 4.0, 0.08) for _ in range(8)])


def drift(rng: random.Random) -> Trace:
    return _steps("drift", [_jitter(rng, 0.04 * 3 ** (i / 900), 0.15) for i in range(900)])


def oscillating(rng: random.Random) -> Trace:
    period, phase, now, d = 15.0 + 10 * rng.random(), 2 * math.pi * rng.random(), 0.0, []
    for _ in range(900):
        step = _jitter(rng, 0.1 * (1 + 0.4 * math.sin(2 * math.pi * now / period + phase)), 0.1)
        d.append(step)
        now += step
    return _steps("oscillating", d)


def hang(rng: random.Random) -> Trace:
    d = [_jitter(rng, 0.1, 0.2) for _ in range(900)]
    d[rng.randrange(200, 600)] += 20.0
    return _steps("hang", d)


def throttled(rng: random.Random) -> Trace:
    """Very many tiny steps reported at most every 0.1 s."""
    return _steps("throttled", [_jitter(rng, 4e-5, 0.3) for _ in range(120_000)], every=0.1)


WORKLOADS: dict[str, Callable[[random.Random], Trace]] = {
    f.__name__: f
    for f in (
        constant,
        noisy,
        warmup,
        speedup,
        slowdown,
        stalls,
        download,
        few_steps,
        drift,
        oscillating,
        hang,
        throttled,
    )
}


def make(name: str, seed: int) -> Trace:
    return WORKLOADS[name](random.Random(f"{name}/{seed}"))
