"""Keras 3 ``model.fit`` with progbar's epoch lines: a small classifier on two interleaved moons.

KERAS_BACKEND=jax python examples/train_keras.py     # needs keras and a backend (jax, torch, tf)
python examples/train_keras.py --verbose 2           # one line per epoch: what a log file wants
python examples/train_keras.py --fast                # small data, 3 epochs (used by the test suite)

``progbar.keras_callback()`` replaces Keras's own bar: it draws whatever
``fit``'s ``verbose`` is (``verbose=0`` here only silences Keras's bar; 2
asks for one line per epoch), and every finished epoch line keeps every
figure, ``val_*`` included, on a terminal of any width. The data are
generated here; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("KERAS_BACKEND", "jax")  # before keras is imported; yours wins if set

import keras
import numpy as np

import progbar


def two_moons(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` noisy points on two interleaved half circles, labelled 0 and 1."""
    angle = rng.uniform(0.0, np.pi, n)
    label = rng.integers(0, 2, n)
    x = np.where(label == 0, np.cos(angle), 1.0 - np.cos(angle))
    y = np.where(label == 0, np.sin(angle), 0.5 - np.sin(angle))
    points = np.stack([x, y], axis=1) + rng.normal(0.0, 0.15, (n, 2))
    return points.astype("float32"), label.astype("float32")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--verbose", type=int, default=0, choices=(0, 1, 2))
    parser.add_argument("--fast", action="store_true", help="small data, 3 epochs")
    args = parser.parse_args()
    samples, epochs = (400, 3) if args.fast else (4000, args.epochs)

    keras.utils.set_random_seed(0)  # the same figures on every run
    x, y = two_moons(samples, np.random.default_rng(0))
    model = keras.Sequential(
        [
            keras.Input((2,)),
            keras.layers.Dense(16, activation="tanh"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(0.05),
        loss="binary_crossentropy",
        metrics=["accuracy", keras.metrics.AUC(name="auc")],
    )
    model.fit(
        x,
        y,
        validation_split=0.2,
        epochs=epochs,
        batch_size=32,
        verbose=args.verbose,  # 0: Keras's own bar is off; progbar's callback draws anyway
        callbacks=[progbar.keras_callback()],
    )


if __name__ == "__main__":
    main()
