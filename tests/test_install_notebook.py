"""``progbar.install()`` in a real Jupyter kernel: ``tqdm.notebook`` bars are progbar's one output.

``tqdm.notebook``'s class (what ``tqdm.auto`` picks in a kernel with
ipywidgets) draws a widget, and fails without ipywidgets. After ``install()``
its bars, nested in a ``track()`` loop, must be rows of progbar's single output
for the cell (one ``display_id``), with no widget, ipywidgets installed or not.
"""

from __future__ import annotations

import pytest
from harness.notebook import Kernel, bar_messages

CODE = """
import progbar
progbar.install()
from tqdm.notebook import tqdm
for epoch in progbar.track(range(2), description="epoch"):
    for i in tqdm(range(100), desc="batch"):
        pass
kind = type(tqdm(total=1, disable=True)).__module__
"""


@pytest.mark.slow
def test_tqdm_notebook_in_a_kernel_draws_in_progbars_one_output(kernel: Kernel) -> None:
    messages, reply = kernel.run(CODE, {"kind": "kind"})
    assert reply["user_expressions"]["kind"]["data"]["text/plain"] == "'tqdm.notebook'"
    bar = bar_messages(messages)
    assert all(set(m["content"]["data"]) == {"text/plain", "text/html"} for m in bar)  # no widget
    assert len({m["content"]["transient"]["display_id"] for m in bar}) == 1
    assert not [m for m in messages if m["msg_type"] == "error"]
    final = bar[-1]["content"]["data"]["text/plain"].splitlines()
    assert [line.split(":")[0] for line in final if "batch" in line] == ["  batch", "  batch"]
    assert all("100%|██████████| 100/100 [" in line for line in final if "batch" in line)
    assert final[-1].startswith("epoch 2/2 [=============================="), final
