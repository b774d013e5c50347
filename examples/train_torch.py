"""Keras-style training lines for a PyTorch loop: a small MLP on generated data.

python examples/train_torch.py               # 5 epochs
python examples/train_torch.py --verbose 2   # one line per epoch, for log files
python examples/train_torch.py --fast        # small data, 3 epochs (used by the test suite)

Needs ``torch`` (not a progbar dependency); the data are generated here.
"""

from __future__ import annotations

import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

import progbar


def make_data(n: int, generator: torch.Generator) -> TensorDataset:
    """Points in the plane, labelled by which side of a circle they fall."""
    x = torch.randn(n, 2, generator=generator)
    y = ((x**2).sum(dim=1) < 1.2).float()
    return TensorDataset(x, y)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--verbose", type=int, default=1, choices=(0, 1, 2))
    parser.add_argument("--fast", action="store_true", help="small data, 3 epochs")
    args = parser.parse_args()
    samples, count = (640, 3) if args.fast else (20000, args.epochs)

    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    train = DataLoader(make_data(samples, generator), batch_size=32, shuffle=True)
    val = DataLoader(make_data(samples // 4, generator), batch_size=256)
    model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    loss_fn = nn.BCEWithLogitsLoss()

    # len(train) is the number of batches; without it, the first epoch learns the count
    for epoch in progbar.epochs(count, steps=len(train), verbose=args.verbose, best="val_loss"):
        model.train()
        for step, (x, y) in enumerate(train, 1):
            optimizer.zero_grad()
            logits = model(x).squeeze(1)
            loss = loss_fn(logits, y)
            loss.backward()
            optimizer.step()
            accuracy = ((logits > 0).float() == y).float().mean()
            epoch.update(step, loss=loss.item(), accuracy=accuracy.item())

        model.eval()
        total_loss, correct = 0.0, 0.0
        with torch.no_grad():
            for x, y in val:
                logits = model(x).squeeze(1)
                total_loss += loss_fn(logits, y).item() * len(y)
                correct += ((logits > 0).float() == y).sum().item()
        size = len(val.dataset)  # type: ignore[arg-type]
        epoch.end(val_loss=total_loss / size, val_accuracy=correct / size)


if __name__ == "__main__":
    main()
