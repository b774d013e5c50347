"""A real ipykernel runs a cell: its outputs, for the notebook tests and the notebook pictures.

The kernel is started through ``jupyter_client`` from this interpreter (a
private kernelspec, so nothing needs ``ipykernel install``). The iopub
messages are folded as a frontend folds them (``update_display_data``
replaces its output in place), which is also what a saved ``.ipynb`` holds.
The tests read the folded outputs; for ``scripts/screenshots.py`` two files
come out: an SVG of the cell with the outputs' ``text/plain``, and an HTML
fragment of the outputs' ``text/html`` for the docs to embed.
"""

from __future__ import annotations

import html
import json
import os
import queue
import subprocess
import sys
import tempfile
import textwrap
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import pytest

FONT = "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace"
CELL_W, CELL_H, PAD = 8.4, 18.0, 14.0


def run_cell(code: str) -> list[dict[str, Any]]:
    """Execute ``code`` in a fresh kernel; the outputs a notebook would keep."""
    return fold(run_cell_messages(code))


def run_cell_messages(code: str) -> list[dict[str, Any]]:
    """Execute ``code`` in a fresh kernel; its iopub messages, in order, up to idle."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    with started_kernel(env, "progbar-docs", quiet=True) as kernel:
        return _execute(kernel.client, code)


class Kernel:
    """A started ipykernel and a blocking client."""

    def __init__(self, manager: Any, client: Any) -> None:
        self.manager = manager
        self.client = client

    def run(
        self, code: str, expressions: Optional[dict[str, str]] = None
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Execute ``code``; return its iopub messages and the shell reply's content."""
        msg_id = self.client.execute(textwrap.dedent(code), user_expressions=expressions or {})
        messages: list[dict[str, Any]] = []
        while True:
            try:
                msg = self.client.get_iopub_msg(timeout=60)
            except queue.Empty:
                pytest.fail(f"no idle status from the kernel; got {messages}")
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            messages.append(msg)
        reply = self.client.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:  # e.g. kernel_info at start
            reply = self.client.get_shell_msg(timeout=60)
        assert reply["content"]["status"] == "ok", reply["content"]
        return messages, reply["content"]


@contextmanager
def started_kernel(env: dict[str, str], name: str, quiet: bool = False) -> Iterator[Kernel]:
    """A fresh ipykernel with ``env``, ready for code; shut down on the way out.

    The kernel command is built from this interpreter, so a fresh venv needs no
    ``ipykernel install``: a private kernelspec directory holds just this kernel.
    ``quiet`` sends the kernel's stderr to ``/dev/null``.
    """
    with tempfile.TemporaryDirectory() as spec_root, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # third-party ones are not ours
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import KernelManager

        (Path(spec_root) / name).mkdir()
        spec = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": name,
            "language": "python",
        }
        (Path(spec_root) / name / "kernel.json").write_text(json.dumps(spec))
        specs = KernelSpecManager(kernel_dirs=[spec_root], ensure_native_kernel=False)
        manager = KernelManager(kernel_name=name, kernel_spec_manager=specs)
        manager.start_kernel(env=env, **({"stderr": subprocess.DEVNULL} if quiet else {}))
        client = manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=90)
            yield Kernel(manager, client)
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


def bar_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages that draw a bar: the display, then its updates."""
    kinds = ("display_data", "update_display_data")
    return [m for m in messages if m["msg_type"] in kinds]


def _execute(client: Any, code: str) -> list[dict[str, Any]]:
    msg_id = client.execute(textwrap.dedent(code))
    messages: list[dict[str, Any]] = []
    while True:
        try:
            msg = client.get_iopub_msg(timeout=60)
        except queue.Empty as exc:
            raise RuntimeError(f"the kernel did not finish; got {messages}") from exc
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        if msg["msg_type"] == "error":
            raise RuntimeError("\n".join(msg["content"]["traceback"]))
        messages.append(msg)
    return messages


def fold(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Outputs as a frontend keeps them: streams appended, displays updated in place."""
    outputs: list[dict[str, Any]] = []
    for msg in messages:
        content, kind = msg["content"], msg["msg_type"]
        if kind == "stream":
            if outputs and "stream" in outputs[-1]:
                outputs[-1]["stream"] += content["text"]
            else:
                outputs.append({"stream": content["text"]})
        elif kind == "display_data":
            display_id = content.get("transient", {}).get("display_id")
            outputs.append({"id": display_id, "data": content["data"]})
        elif kind == "update_display_data":
            for out in outputs:
                if out.get("id") == content["transient"]["display_id"]:
                    out["data"] = content["data"]
    return outputs


def plain_lines(outputs: list[dict[str, Any]]) -> list[str]:
    """The ``text/plain`` view of the outputs, line by line."""
    lines: list[str] = []
    for out in outputs:
        text = out["stream"] if "stream" in out else out["data"]["text/plain"]
        lines.extend(text.rstrip("\n").split("\n"))
    return lines


def outputs_html(outputs: list[dict[str, Any]]) -> str:
    """The outputs as a notebook renders them: streams as text, displays as their HTML."""
    parts = ['<div class="progbar-notebook-output">']
    for out in outputs:
        if "stream" in out:
            text = html.escape(out["stream"].rstrip("\n"))
            parts.append(f'<pre style="margin:0">{text}</pre>')
        else:
            parts.append(out["data"].get("text/html") or html.escape(out["data"]["text/plain"]))
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def cell_svg(code: str, lines: list[str], title: str) -> str:
    """A notebook cell: the code in a box, then the output lines, as a picture."""
    code_lines = textwrap.dedent(code).strip("\n").split("\n")
    columns = max(len(line) for line in code_lines + lines) + 10
    width = 2 * PAD + columns * CELL_W
    code_h = len(code_lines) * CELL_H + PAD
    height = 28 + code_h + 2 * PAD + len(lines) * CELL_H
    left = PAD + 8 * CELL_W
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" role="img" aria-label="{html.escape(title)}">',
        '<rect width="100%" height="100%" rx="8" fill="#ffffff" stroke="#d0d7de"/>',
        f'<text x="{PAD:.1f}" y="20" fill="#57606a" font-family="{FONT}" font-size="12">'
        f"{html.escape(title)}</text>",
        f'<rect x="{left - 6:.1f}" y="28" width="{width - left - PAD + 6:.1f}" '
        f'height="{code_h:.1f}" rx="4" fill="#f6f8fa" stroke="#d0d7de"/>',
        f'<g font-family="{FONT}" font-size="14">',
        f'<text x="{PAD:.1f}" y="{28 + PAD + 4:.1f}" fill="#303f9f">In [1]:</text>',
    ]
    for i, line in enumerate(code_lines):
        parts.append(_line(left, 28 + PAD / 2 + (i + 1) * CELL_H - 4.5, line))
    top = 28 + code_h + PAD
    for i, line in enumerate(lines):
        parts.append(_line(left, top + (i + 1) * CELL_H - 4.5, line))
    parts.extend(["</g>", "</svg>"])
    return "\n".join(parts) + "\n"


def _line(left: float, y: float, line: str) -> str:
    """One line of monospace text; indentation placed by position, inner runs of spaces kept.

    SVG renderers collapse spaces unless told otherwise, and not all of them
    honour ``xml:space``; placing the indentation by ``x`` works in all.
    """
    text = line.lstrip(" ")
    x = left + (len(line) - len(text)) * CELL_W
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" fill="#1f2328" xml:space="preserve" '
        f'style="white-space:pre">{html.escape(text)}</text>'
    )


def shoot_notebook(code: str, title: str, out: Path, name: str = "notebook") -> list[Path]:
    """Run ``code`` in a kernel; write ``name.svg`` and ``name.html`` into ``out``."""
    outputs = run_cell(code)
    svg = out / f"{name}.svg"
    svg.write_text(cell_svg(code, plain_lines(outputs), title), encoding="utf-8")
    page = out / f"{name}.html"
    page.write_text(outputs_html(outputs), encoding="utf-8")
    return [svg, page]


def nested_moment(messages: list[dict[str, Any]]) -> int:
    """Index of a display message half-way through those that show a bar with a child below.

    That is the moment worth a picture of nested loops: at the end only the
    root's line is left. -1 when no message shows two bars.
    """
    kinds = ("display_data", "update_display_data")
    nested = [
        i
        for i, msg in enumerate(messages)
        if msg["msg_type"] in kinds and msg["content"]["data"]["text/plain"].count("\n") >= 1
    ]
    return nested[len(nested) // 2] if nested else -1


def shoot_notebook_nested(code: str, out: Path, name: str = "notebook-nested") -> list[Path]:
    """Run ``code`` in a kernel; a browser's PNG of its output while the loops run, and its HTML."""
    from .browser import screenshot

    messages = run_cell_messages(code)
    moment = nested_moment(messages)
    if moment < 0:
        raise RuntimeError("no output of the cell shows nested bars")
    fragment = outputs_html(fold(messages[: moment + 1]))
    page = out / f"{name}.html"
    page.write_text(fragment, encoding="utf-8")
    png = screenshot(fragment, out / f"{name}.png", code=code, width=760, height=300)
    return [png, page]
