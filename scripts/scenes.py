"""The programs behind the pictures in ``docs/img/`` (see ``screenshots.py``).

Each scene is ordinary user code. ``SimClock`` stands in for the wall
clock, through the public ``clock=`` argument, so the pictures are the same
on every run; ``clock.sleep(s)`` is where a real program would do work.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scene:
    """A program to run on a pseudo-terminal of ``columns`` x ``rows``."""

    title: str
    code: str
    columns: int = 100
    rows: int = 12
    env: dict[str, str] = field(default_factory=dict)


PRELUDE = """
import math, random

class SimClock:
    '''Simulated seconds: the picture does not depend on this machine's speed.'''
    def __init__(self):
        self.now = 0.0
    def __call__(self):
        return self.now
    def sleep(self, seconds):
        self.now += seconds

clock = SimClock()
rng = random.Random(0)
"""

TRAINING = (
    PRELUDE
    + """
import progbar

steps = 469
for epoch in progbar.epochs(3, steps, best="val_loss", clock=clock):
    for step in range(1, steps + 1):
        clock.sleep(0.06 + 0.01 * rng.random())
        loss = 0.3 * math.exp(-(epoch.number - 1 + step / steps)) + 0.02 * rng.random()
        epoch.update(step, loss=loss, accuracy=1 - loss)
    clock.sleep(2.0)  # the validation pass: not counted in the time per step
    val_loss = 0.25 * math.exp(-epoch.number / 2) + 0.01 * epoch.number
    epoch.end(val_loss=val_loss, val_accuracy=1 - val_loss)
"""
)

TRAINING_LIVE = (
    PRELUDE
    + """
from progbar import Progbar

steps = 469
for epoch in range(1, 4):
    print(f"Epoch {epoch}/3")
    bar = Progbar(steps, clock=clock, stateful_metrics=["lr"])
    last = steps if epoch < 3 else 301   # the third epoch is still running
    for step in range(1, last + 1):
        clock.sleep(0.06 + 0.01 * rng.random())
        loss = 0.3 * math.exp(-(epoch - 1 + step / steps)) + 0.02 * rng.random()
        bar.update(step, values=[("loss", loss), ("accuracy", 1 - loss), ("lr", 1e-3)])
"""
)

KERAS3 = (
    PRELUDE
    + """
from progbar import Progbar

for epoch in range(1, 3):
    print(f"Epoch {epoch}/2")
    bar = Progbar(469, clock=clock, look="keras3")
    last = 469 if epoch < 2 else 180
    for step in range(1, last + 1):
        clock.sleep(0.06 + 0.01 * rng.random())
        loss = 0.3 * math.exp(-(epoch - 1 + step / 469)) + 0.02 * rng.random()
        bar.update(step, values=[("loss", loss), ("accuracy", 1 - loss)])
"""
)

CJK = (
    PRELUDE
    + """
from progbar import Progbar

for label, total, done in [("下载数据集", 120, 120), ("データを処理中", 120, 120),
                           ("🚀 학습 중", 120, 77)]:
    bar = Progbar(total, clock=clock, description=label)
    for step in range(1, done + 1):
        clock.sleep(0.05)
        bar.update(step, values=[("loss", 1.0 / step)])
"""
)

DOWNLOAD = (
    PRELUDE
    + """
import progbar

block, total = 8192, 87910968
for name, stop in [("vocabulary.json", None), ("resnet50_weights.h5", 37036032)]:
    print(f"Downloading data from https://example.org/models/{name}")
    size = 1_622_016 if stop is None else total
    hook = progbar.reporthook(clock=clock)
    for block_num in range(0, -(-size // block) + 1):
        if stop is not None and block_num * block > stop:
            break  # the picture is taken mid-download
        hook(block_num, block, size)
        clock.sleep(block / (3.3e6 * (0.7 + 0.6 * rng.random())))
    if stop is None:
        hook.close()
"""
)

LOGGING = (
    PRELUDE
    + """
import logging

import progbar

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("trainer")
with progbar.redirect_logging():
    bar = progbar.Progbar(1000, clock=clock, description="fine-tuning")
    for step in range(1, 701):
        clock.sleep(0.05 + 0.01 * rng.random())
        if step % 250 == 0:
            log.info("checkpoint saved: step-%d.pt", step)
        bar.update(step, values=[("loss", 2.0 / (1 + step / 100))])
"""
)

STOP_HERE = """
def stop_here():
    # End the picture at this moment: let the live region draw it, then leave as is.
    import os, sys, time
    time.sleep(0.3)  # real time: the region redraws about 10 times a second
    sys.stdout.flush()
    os._exit(0)  # no exit handlers: the bars stay live in the picture
"""

NESTED = (
    PRELUDE
    + STOP_HERE
    + """
import progbar

for epoch in progbar.track(range(1, 4), description="epoch", clock=clock):
    for batch in progbar.track(range(300), description="train", clock=clock):
        clock.sleep(0.04 + 0.01 * rng.random())
        if epoch == 2 and batch == 180:
            stop_here()
    for batch in progbar.track(range(50), description="valid", clock=clock):
        clock.sleep(0.02)
    progbar.write(f"epoch {epoch}: val_loss {0.4 / epoch:.4f}")
"""
)

THREAD_POOL = (
    PRELUDE
    + STOP_HERE
    + """
import threading
from concurrent.futures import ThreadPoolExecutor

from progbar import Progbar

MiB = 2**20
files = {"train-00.tar": 48, "train-01.tar": 64, "train-02.tar": 40, "valid.tar": 24,
         "test.tar": 32, "labels.json": 8}
total = Progbar(len(files), description="files", unit_name="file", clock=clock)
# The pool threads do the work; the main thread only says when each may take a
# step, so the picture is the same on every run (a real program needs none of this).
turn = {name: threading.Semaphore(0) for name in files}
done = threading.Semaphore(0)

def fetch(name):
    turn[name].acquire()
    bar = Progbar(files[name] * MiB, description=name, units="bytes", clock=clock)
    done.release()
    for _ in range(files[name]):
        turn[name].acquire()
        bar.add(MiB)
        done.release()
    total.add(1)

def step(name):
    turn[name].release()
    done.acquire()

with ThreadPoolExecutor(max_workers=3) as pool:
    for name in files:
        pool.submit(fetch, name)
    waiting, running, left = list(files), [], dict(files)
    for tick in range(1000):
        while len(running) < 3 and waiting:
            running.append(waiting.pop(0))
            step(running[-1])  # the bar is created
        for name in list(running):
            clock.sleep(0.01 + 0.01 * rng.random())
            step(name)
            left[name] -= 1
            if not left[name]:
                running.remove(name)
        if tick == 52:
            stop_here()
"""
)

PRINTING = (
    PRELUDE
    + STOP_HERE
    + """
import logging

import progbar

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
log = logging.getLogger("crawler")
with progbar.redirect_logging():
    pages = progbar.Progbar(500, description="pages", clock=clock)
    links = progbar.Progbar(None, description="links", clock=clock, unit_name="link")
    for page in range(1, 501):
        clock.sleep(0.05 + 0.01 * rng.random())
        links.add(7)
        pages.update(page)
        if page % 90 == 0:
            progbar.write(f"saved batch {page // 90}: pages {page - 89}-{page}")
        if page == 200:
            log.warning("robots.txt disallows /private: skipped 12 links")
        if page == 320:
            stop_here()
"""
)

SCENES: dict[str, Scene] = {
    "training": Scene("progbar.epochs, 132 columns", TRAINING, columns=132, rows=9),
    "training-live": Scene("a live Progbar, 100 columns", TRAINING_LIVE, columns=100, rows=8),
    "download": Scene("progbar.reporthook, 80 columns", DOWNLOAD, columns=80, rows=6),
    "keras3-look": Scene('look="keras3", 100 columns', KERAS3, columns=100, rows=6),
    "logging": Scene("redirect_logging(), 80 columns", LOGGING, columns=80, rows=5),
    "cjk-40": Scene("CJK, 40 columns", CJK, columns=40, rows=6),
    "nested": Scene("nested track() loops, 80 columns", NESTED, columns=80, rows=6),
    "thread-pool": Scene("bars from a thread pool, 80 columns", THREAD_POOL, columns=80, rows=9),
    "printing-above": Scene("write() and logging above two bars", PRINTING, columns=80, rows=7),
}

NOTEBOOK_CELL = """
import time
from progbar import Progbar

for epoch in range(1, 3):
    print(f"Epoch {epoch}/2")
    bar = Progbar(50, stateful_metrics=["lr"])
    for step in range(1, 51):
        time.sleep(0.02)  # a training step
        loss = 0.5 / (epoch + step / 50)
        bar.update(step, values=[("loss", loss), ("lr", 1e-3)])
"""
"""Run in a real kernel with real sleeps: a notebook shows only the final state."""

NOTEBOOK_NESTED = """
import time
import progbar

print("start")
for epoch in progbar.track(range(2), description="epoch"):
    for batch in progbar.track(range(40), description="batch"):
        time.sleep(0.02)  # a training step
print("end")
"""
"""Nested loops in a real kernel: one output for the cell, updated in place."""
