"""``progbar.integrations.lightning.ProgbarProgressBar`` with a real Lightning ``Trainer`` (CPU).

One child, on a pseudo-terminal, fits a tiny module for two epochs with
validation, then tests and predicts, then fits on an iterable dataset of
unknown length: once drawing on the terminal (read back through pyte, frame
by frame: validation nested under the epoch's bar), once into a log file
(plain lines). Each epoch's
bar ends at its batch count with the trainer's metrics; the unknown length
ends as the count reached.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from harness import run_in_pty
from harness.terminals import nested_in_some_frame

from progbar._output.detect import CI_VARIABLES

# looked up, not imported: torch in this process (its threads) slowed the signal fuzz test
# five times over; the library runs in the child the test starts
if not all(importlib.util.find_spec(name) for name in ("torch", "lightning")):
    pytest.skip("torch or lightning is not installed", allow_module_level=True)
pytestmark = pytest.mark.slow

PROGRAM = """
import sys, torch, lightning as L
from progbar.integrations.lightning import ProgbarProgressBar

class Tiny(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(4, 1)
    def _loss(self, batch):
        x, y = batch
        return torch.nn.functional.mse_loss(self.linear(x).squeeze(-1), y)
    def training_step(self, batch, i):
        loss = self._loss(batch)
        self.log("train_loss", loss, prog_bar=True)
        return loss
    def validation_step(self, batch, i):
        self.log("val_loss", self._loss(batch), prog_bar=True)
    def test_step(self, batch, i):
        self.log("test_loss", self._loss(batch))
    def predict_step(self, batch, i):
        return self.linear(batch[0])
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)

def loader(n, seed):
    x = torch.randn(n, 4, generator=torch.Generator().manual_seed(seed))
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, x.sum(1)), batch_size=8)

class Endless(torch.utils.data.IterableDataset):
    def __iter__(self):
        g = torch.Generator().manual_seed(1)
        for _ in range(5):
            x = torch.randn(8, 4, generator=g)
            yield x, x.sum(1)

def trainer(epochs, options):
    return L.Trainer(max_epochs=epochs, callbacks=[ProgbarProgressBar(**options)], logger=False,
                     enable_checkpointing=False, enable_model_summary=False, accelerator="cpu",
                     enable_progress_bar=True)

def run(**options):
    torch.manual_seed(0)
    model = Tiny()
    fit = trainer(2, options)
    fit.fit(model, loader(64, 0), loader(240, 1))
    fit.test(model, loader(16, 2), verbose=False)
    fit.predict(model, loader(16, 3))
    trainer(1, options).fit(model, torch.utils.data.DataLoader(Endless(), batch_size=None))
    return fit.global_step

print("#done", run())  # on the terminal
with open(sys.argv[1], "w") as log:
    print("#done", run(file=log))  # into a log file
"""

METRIC = r"\d+\.\d{4}(?:e[-+]\d+)?"  # Keras's format: small values in e-notation
EPOCH = re.compile(
    rf"^Epoch [01] 8/8 \[=+\] - \d+s \d+\w?s/step - train_loss: {METRIC} - val_loss: {METRIC}$"
)


def _env() -> dict[str, str]:
    env = {name: "" for name in CI_VARIABLES}
    env.update(PYTHONWARNINGS="ignore")
    return env


def _check(lines: list[str]) -> None:
    assert sum(bool(EPOCH.match(line)) for line in lines) == 2, lines
    assert any(line.startswith("Testing 2/2 [=====") for line in lines), lines
    assert any(line.startswith("Predicting 2/2 [=====") for line in lines), lines
    assert any(re.match(rf"^Epoch 0 5/5 \[=+\] .* - train_loss: {METRIC}$", x) for x in lines)
    assert lines[-1] == "#done 16"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_fit_test_predict_on_a_terminal_and_into_a_log(tmp_path: Path) -> None:
    log = tmp_path / "out.log"
    code = f"import sys\nsys.argv[1:] = [{str(log)!r}]\n{PROGRAM}"
    run = run_in_pty(code, columns=160, rows=60, env=_env(), timeout=300)
    assert run.returncode == 0, run.output.decode(errors="replace")
    lines = [line for line in run.lines if line]
    _check(lines)
    assert not any(line.startswith(("Sanity", "  Validation")) for line in lines)  # gone
    assert nested_in_some_frame(run.output, 160, 60, "Epoch ", "  Validation ")
    text = log.read_text(encoding="utf-8")
    assert "\r" not in text and "\x1b" not in text
    _check([*text.splitlines(), "#done 16"])  # the bars' lines; #done went to the terminal


@pytest.mark.parametrize("keyword", ["description", "desc", "parent"])
def test_keywords_each_stage_sets_itself_are_refused_at_the_call(keyword: str) -> None:
    """Passed on beside the stage's own, they raised inside ``fit()``; now at the user's call."""
    code = (
        "from progbar.integrations.lightning import ProgbarProgressBar\n"
        f"try:\n    ProgbarProgressBar({keyword}=None if {keyword!r} == 'parent' else 'x')\n"
        "except TypeError as exc:\n    print('#refused', exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **_env()},
    )
    assert "#refused ProgbarProgressBar() " in out.stdout, out.stdout + out.stderr
    assert f"{keyword}=" in out.stdout, out.stdout
