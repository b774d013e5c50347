"""Keras-style training lines for a plain NumPy model: a 2-layer MLP on two interleaved moons.

python examples/train_numpy.py               # 5 epochs, a few seconds
python examples/train_numpy.py --verbose 2   # one line per epoch: what a log file wants
python examples/train_numpy.py --fast        # small data, no pauses (used by the test suite)

The data are generated here; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import progbar


def two_moons(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` noisy points on two interleaved half circles, labelled 0 and 1."""
    angle = rng.uniform(0.0, np.pi, n)
    label = rng.integers(0, 2, n)
    x = np.where(label == 0, np.cos(angle), 1.0 - np.cos(angle))
    y = np.where(label == 0, np.sin(angle), 0.5 - np.sin(angle))
    points = np.stack([x, y], axis=1) + rng.normal(0.0, 0.15, (n, 2))
    return points, label.astype(np.float64)


class MLP:
    """2 inputs -> ``hidden`` tanh units -> 1 sigmoid output, trained with plain momentum SGD."""

    def __init__(self, hidden: int, rng: np.random.Generator) -> None:
        self.params = {
            "w1": rng.normal(0.0, 1.0, (2, hidden)),
            "b1": np.zeros(hidden),
            "w2": rng.normal(0.0, 1.0 / np.sqrt(hidden), (hidden, 1)),
            "b2": np.zeros(1),
        }
        self.velocity = {name: np.zeros_like(p) for name, p in self.params.items()}

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        hidden = np.tanh(x @ self.params["w1"] + self.params["b1"])
        logits = (hidden @ self.params["w2"] + self.params["b2"])[:, 0]
        return hidden, 1.0 / (1.0 + np.exp(-logits))

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """Binary cross-entropy and accuracy."""
        _, prob = self.forward(x)
        prob = np.clip(prob, 1e-7, 1 - 1e-7)
        loss = -np.mean(y * np.log(prob) + (1 - y) * np.log(1 - prob))
        return float(loss), float(np.mean((prob > 0.5) == y))

    def train_step(self, x: np.ndarray, y: np.ndarray, lr: float) -> tuple[float, float]:
        """One SGD step on a batch; returns the batch's loss and accuracy before the step."""
        hidden, prob = self.forward(x)
        clipped = np.clip(prob, 1e-7, 1 - 1e-7)
        loss = -np.mean(y * np.log(clipped) + (1 - y) * np.log(1 - clipped))
        d_logits = (prob - y)[:, None] / len(y)
        d_hidden = (d_logits @ self.params["w2"].T) * (1 - hidden**2)
        grads = {
            "w2": hidden.T @ d_logits,
            "b2": d_logits.sum(axis=0),
            "w1": x.T @ d_hidden,
            "b1": d_hidden.sum(axis=0),
        }
        for name, grad in grads.items():
            self.velocity[name] = 0.9 * self.velocity[name] - lr * grad
            self.params[name] += self.velocity[name]
        return float(loss), float(np.mean((prob > 0.5) == y))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--verbose", type=int, default=1, choices=(0, 1, 2))
    parser.add_argument("--fast", action="store_true", help="small data, 3 epochs, no pauses")
    args = parser.parse_args()
    samples, pause, count = (600, 0.0, 3) if args.fast else (4000, 0.004, args.epochs)

    rng = np.random.default_rng(0)
    x_train, y_train = two_moons(samples, rng)
    x_val, y_val = two_moons(samples // 4, rng)
    model = MLP(hidden=16, rng=rng)
    batch = 32
    steps = -(-samples // batch)  # ceil: the last batch is smaller

    training = progbar.epochs(count, steps, verbose=args.verbose, best="val_loss")
    for epoch in training:
        order = rng.permutation(samples)
        for step in range(1, steps + 1):
            rows = order[(step - 1) * batch : step * batch]
            loss, accuracy = model.train_step(x_train[rows], y_train[rows], lr=0.1)
            epoch.update(step, loss=loss, accuracy=accuracy)
            time.sleep(pause)  # stands in for a bigger model, so the bar can be watched
        val_loss, val_accuracy = model.evaluate(x_val, y_val)
        epoch.end(val_loss=val_loss, val_accuracy=val_accuracy)


if __name__ == "__main__":
    main()
