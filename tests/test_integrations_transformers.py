"""``progbar.integrations.transformers`` with a real ``Trainer`` (torch on the CPU, a tiny model).

One child trains twice in a pseudo-terminal: once drawing on the terminal
(read back through pyte, frame by frame: the evaluation bar nested under the
training bar while it runs), once into a log file (plain lines). The training
bar must end at the Trainer's step count with the last logged loss, learning
rate and grad norm beside it; every log is a line above the bars.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from harness import run_in_pty
from harness.terminals import nested_in_some_frame

from progbar._output.detect import CI_VARIABLES

# looked up, not imported: torch in this process (its threads) slowed the signal fuzz test
# five times over; the library runs in the child the test starts
if not all(importlib.util.find_spec(name) for name in ("torch", "transformers")):
    pytest.skip("torch or transformers is not installed", allow_module_level=True)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals"),
]

PROGRAM = """
import sys, torch
from transformers import Trainer, TrainingArguments
from progbar.integrations.transformers import attach

class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(4, 1)
    def forward(self, x, labels=None):
        out = self.linear(x).squeeze(-1)
        return {"loss": torch.nn.functional.mse_loss(out, labels), "logits": out}

class Data(torch.utils.data.Dataset):
    def __init__(self, n):
        self.x = torch.randn(n, 4, generator=torch.Generator().manual_seed(n))
        self.y = self.x.sum(1)
    def __len__(self):
        return len(self.x)
    def __getitem__(self, i):
        return {"x": self.x[i], "labels": self.y[i]}

def train(output, **options):
    args = TrainingArguments(output_dir=output, num_train_epochs=2, per_device_train_batch_size=8,
        per_device_eval_batch_size=2, logging_steps=2, eval_strategy="epoch", save_strategy="no",
        report_to=[], use_cpu=True)
    trainer = Trainer(model=Tiny(), args=args, train_dataset=Data(64), eval_dataset=Data(24))
    attach(trainer, **options)
    trainer.train()
    return trainer.state.global_step

folder = sys.argv[1]
print("#steps", train(folder + "/a"))
with open(folder + "/train.log", "w") as log:
    print("#steps", train(folder + "/b", file=log, description="fine-tune"))
"""

FINAL = re.compile(
    r"^(?:train|fine-tune) 16/16 \[=+\] - \d+s \d+\w?s/step - loss: \d+\.\d{4}(?:e[-+]\d+)?"
    r" - learning_rate: \S+ - grad_norm: \S+$"
)


def test_trainer_draws_progbar_lines_with_its_metrics(tmp_path: Path) -> None:
    env = {name: "" for name in CI_VARIABLES}
    code = f"import sys\nsys.argv[1:] = [{str(tmp_path)!r}]\n{PROGRAM}"
    run = run_in_pty(code, columns=160, rows=40, env=env, timeout=300)
    assert run.returncode == 0, run.output.decode(errors="replace")
    lines = [line for line in run.lines if line]
    assert lines[-2:] == ["#steps 16", "#steps 16"], lines
    assert FINAL.match(lines[-3]), lines
    logs = lines[:-3]
    assert sum(line.startswith("loss=") for line in logs) == 8  # every 2 of 16 steps
    assert sum(line.startswith("eval_loss=") for line in logs) == 2  # after each epoch
    # while evaluating, the evaluation bar is drawn nested under the training bar
    assert nested_in_some_frame(run.output, 160, 40, "train ", "  eval ")
    text = (tmp_path / "train.log").read_text(encoding="utf-8")
    assert "\r" not in text and "\x1b" not in text
    assert FINAL.match(text.splitlines()[-1]), text
    # the user's description names the training bar (it was passed twice: a TypeError
    # inside the Trainer)
    assert text.splitlines()[-1].startswith("fine-tune 16/16"), text
