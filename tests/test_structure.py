"""The structure the rest stands on: one writer of bar state, no cycles, hints that resolve.

Also the bugs the old coupling caused: a target learned mid-run after a burst of
throttled updates, and epoch bars whose ETA froze between slow steps.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
import typing
from pathlib import Path

import pytest
from harness import FakeClock, TtyStringIO, run_in_pty, screen_of

import progbar
from progbar import Progbar

PACKAGE = Path(progbar.__file__).parent


# -- the code's shape, read with ast ------------------------------------------------


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(("progbar", *path.relative_to(PACKAGE).with_suffix("").parts))
        found[name.removesuffix(".__init__")] = ast.parse(path.read_text(), str(path))
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def _imports(name: str, tree: ast.Module) -> set[str]:
    """Package modules ``name`` imports when it is imported (not under ``if TYPE_CHECKING:``).

    Imports inside functions run later, when the function is called, by which time
    every module of the package has loaded: they cannot make an import cycle.
    """
    package = name if (PACKAGE / Path(*name.split(".")[1:]) / "__init__.py").exists() else None
    base = (package or name.rpartition(".")[0]).split(".")
    out: set[str] = set()
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        parent = base[: len(base) - node.level + 1]
        module = ".".join(parent + (node.module.split(".") if node.module else []))
        if node.module:  # "from . import x" loads only the submodule x: the package is loading
            out.add(module)
        out.update(f"{module}.{alias.name}" for alias in node.names)
    return out


def test_no_import_cycle_among_the_package_modules() -> None:
    modules = _modules()
    graph = {name: _imports(name, tree) & set(modules) - {name} for name, tree in modules.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for dep in graph[name]:
            if state.get(dep) == 1:
                cycle = [*path[path.index(dep) :], dep]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        path.pop()
        state[name] = 2

    for name in graph:
        if name not in state:
            visit(name)
    assert len(graph) > 30  # the walk really saw the package


def _all_imports(name: str, tree: ast.Module, known: set[str]) -> dict[str, str]:
    """Every package module ``name`` imports, at any level: target -> "run" or "annotation".

    Imports inside functions count ("run": they run when the function does);
    those under ``if TYPE_CHECKING:`` are annotation-only, and so is everything
    ``_hints`` imports: its ``__getattr__`` loads a name only when
    ``typing.get_type_hints`` resolves an annotation that names it.
    """
    package = name if (PACKAGE / Path(*name.split(".")[1:]) / "__init__.py").exists() else None
    base = (package or name.rpartition(".")[0]).split(".")
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            typing_only.update(id(n) for child in node.body for n in ast.walk(child))
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        parent = base[: len(base) - node.level + 1]
        module = ".".join(parent + (node.module.split(".") if node.module else []))
        targets = ([module] if node.module else []) + [f"{module}.{a.name}" for a in node.names]
        kind = "annotation" if id(node) in typing_only or name == "progbar._hints" else "run"
        for target in targets:
            if target in known and out.get(target) != "run":
                out[target] = kind
    return out


ANNOTATION_EDGES = {
    # the only edges allowed to close an import cycle: names for the type checker, never run
    # (the Display protocol, Progbar in annotations, the names _hints resolves on demand)
    ("progbar._hints", "progbar._output.suspending"),
    ("progbar._hints", "progbar._share.handle"),
    ("progbar._hints", "progbar.types"),
    ("progbar._loops", "progbar._progbar"),
    ("progbar._output.notify_display", "progbar._output.displays"),
    ("progbar._output.taskbar_display", "progbar._output.displays"),
    ("progbar._remote", "progbar._progbar"),
    ("progbar._remote.registry", "progbar._progbar"),
    ("progbar._remote.web", "progbar._remote.registry"),
    ("progbar._share", "progbar._progbar"),
    ("progbar._share.door", "progbar._share.served"),
    ("progbar._share.served", "progbar._progbar"),
    ("progbar._share.server", "progbar._progbar"),
}


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = set()
            while True:
                top = stack.pop()
                part.add(top)
                if top == node:
                    break
            if len(part) > 1:
                found.append(part)

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_at_any_level_but_the_listed_annotation_edges() -> None:
    """Function-level imports count; an annotation-only edge may close a cycle only if listed."""
    modules = _modules()
    edges = {name: _all_imports(name, tree, set(modules)) for name, tree in modules.items()}
    running = {a: {b for b, kind in out.items() if kind == "run"} for a, out in edges.items()}
    assert _cycles(running) == [], "an import cycle made of imports that run"
    everything = {a: set(out) for a, out in edges.items()}
    closing = {
        (a, b)
        for part in _cycles(everything)
        for a in part
        for b, kind in edges[a].items()
        if b in part and kind == "annotation"
    }
    assert closing == ANNOTATION_EDGES


def test_no_module_writes_another_objects_private_attributes() -> None:
    offences = []
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if (
                        isinstance(sub, ast.Attribute)
                        and sub.attr.startswith("_")
                        and not sub.attr.startswith("__")
                        and not (isinstance(sub.value, ast.Name) and sub.value.id in ("self", "o"))
                    ):
                        offences.append(f"{name}:{sub.lineno} .{sub.attr}")
    assert offences == []


def test_only_the_state_module_writes_the_count_and_the_throttle_window() -> None:
    guarded = {"_current", "_target", "_low", "_check_at", "_next_draw", "_rate", "_metrics"}
    writers = set()
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Attribute) and sub.attr in guarded:
                            writers.add(name)
    assert writers == {"progbar._core.state"}


def test_the_architecture_page_names_every_module() -> None:
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.endswith("/__init__.py"):
            continue  # a subpackage's docstring says what it holds
        assert f"`{relative}`" in page, relative


def test_the_pure_core_reads_no_clock_and_touches_no_stream() -> None:
    for name, tree in _modules().items():
        if not name.startswith("progbar._core"):
            continue
        source = ast.unparse(tree)
        for forbidden in ("time.monotonic", "time.time", "sys.stdout", "sys.stderr", "os.environ"):
            assert forbidden not in source, (name, forbidden)


WRITES_ALLOWED = {
    # module: why it may write outside the output layer (data, not progress output)
    "progbar._transfer.filewrap": "wrap_file() writes the user's own data to the user's file",
    "progbar._cli.copy": "progbar pipe copies stdin to stdout: the data itself",
    "progbar._demo.server": "the demo's HTTP server answers its client",
    "progbar._remote.web": "the web view answers its HTTP clients (bars as escaped JSON)",
    "progbar._demo.run": "the demo is a user program: its print() goes through capture",
}


def test_only_the_output_layer_writes_to_a_device() -> None:
    """One owner per device: no writer is made, and no stream written, outside ``_output``.

    Epoch headers, the Best epoch line, callback lines, taskbar sequences and
    error messages all go through the output layer (``progbar.write`` and the
    screens); ``write(...)`` by bare name is that function.
    """
    found = []
    for name, tree in _modules().items():
        if name.startswith("progbar._output") or name in WRITES_ALLOWED:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and any(
                alias.name in ("StreamWriter", "writer_for") for alias in node.names
            ):
                found.append((name, node.lineno, "imports the stream writer"))
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("print", "StreamWriter", "writer_for"):
                found.append((name, node.lineno, func.id))
            if isinstance(func, ast.Attribute) and func.attr in ("write", "writelines", "flush"):
                found.append((name, node.lineno, ast.unparse(node)[:60]))
    assert not found, found


# -- type hints resolve at run time --------------------------------------------------


def _public_callables() -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for name in progbar.__all__:
        if name == "__version__":
            continue
        obj = getattr(progbar, name)
        found.append((name, obj))
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr == "__init__" or (not attr.startswith("_") and callable(member)):
                    found.append((f"{name}.{attr}", member))
    return found


@pytest.mark.parametrize(("name", "obj"), _public_callables(), ids=lambda x: str(x)[:40])
def test_get_type_hints_works_on_every_public_callable(name: str, obj: object) -> None:
    hints = typing.get_type_hints(obj)
    if name in ("Progbar.__init__", "track", "write"):
        assert hints  # these were the ones that raised NameError


def test_type_hints_name_the_real_types() -> None:
    hints = typing.get_type_hints(Progbar.__init__)
    assert hints["file"] == typing.Optional[typing.TextIO]
    assert hints["target"] == typing.Optional[float]
    track_hints = typing.get_type_hints(progbar.track)
    assert track_hints["total"] == typing.Optional[float]


def test_type_hints_in_a_fresh_interpreter_without_typing_imported_first() -> None:
    import subprocess

    code = (
        "import sys, progbar\n"
        "assert 'typing' not in sys.modules, 'import progbar loaded typing'\n"
        "import typing\n"
        "for name in progbar.__all__:\n"
        "    obj = getattr(progbar, name)\n"
        "    if callable(obj):\n"
        "        typing.get_type_hints(getattr(obj, '__init__', obj) if isinstance(obj, type)"
        " else obj)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


# -- bug 1: a target set mid-run after a burst of throttled updates -------------------


def test_a_target_set_after_a_burst_finishes_the_bar(clock: FakeClock) -> None:
    stream = TtyStringIO()
    bar = Progbar(None, file=stream, display="tty", clock=clock)
    for i in range(1, 10_001):
        if i % 100 == 0:
            clock.tick(0.01)
        bar.update(i)  # fast: nearly all of these take the throttled path
    bar.target = 12_000
    bar.update(12_000)
    assert bar.finished
    screen = screen_of(stream.getvalue())
    assert screen.display[0].startswith("12000/12000 [")
    assert (screen.cursor.x, screen.cursor.y) == (0, 1)  # the next print starts a new line


RETARGET = """
import progbar
bar = progbar.Progbar(None, interval=0.05)
for i in range(1, 10_001):
    bar.update(i)
bar.target = 12_000
bar.update(12_000)
print("after")
"""


@pytest.mark.slow
def test_a_target_set_mid_run_gets_its_final_line_in_a_pty() -> None:
    run = run_in_pty(RETARGET, columns=80, rows=6)
    assert run.returncode == 0, run.output[-500:]
    lines = [line for line in run.lines if line]
    assert lines[0].startswith("12000/12000 [==============================] - ")
    assert lines[1] == "after"


@pytest.mark.slow
def test_a_target_set_mid_run_gets_its_final_line_in_a_log(tmp_path: Path) -> None:
    import subprocess

    out = tmp_path / "out.log"
    with open(out, "w") as f:
        subprocess.run([sys.executable, "-c", RETARGET], stdout=f, timeout=60, check=True)
    lines = out.read_text().splitlines()
    assert lines[-2].startswith("12000/12000 [==============================] - ")
    assert lines[-1] == "after"


# -- bug 2: an epoch's ETA counts down between slow steps -----------------------------

SLOW_EPOCH = """
import time
import progbar
for epoch in progbar.epochs(1, steps=20):
    for step in range(1, 4):
        time.sleep(3.0)  # steps of 3 s, as a slow training step
        epoch.update(step, loss=1.0 / step)
    break
"""


@pytest.mark.slow
def test_an_epoch_eta_counts_down_between_slow_steps_in_a_pty() -> None:
    run = run_in_pty(SLOW_EPOCH, columns=100, rows=6)
    assert run.returncode == 0, run.output[-500:]
    text = run.output.decode("utf-8", "replace")
    between = text[text.index(" 2/20 [") : text.index(" 3/20 [")]  # while step 3 runs
    etas = [_seconds(m) for m in re.findall(r"ETA: (\S+)", between)]
    assert len(etas) >= 3, between  # redrawn while nothing called the bar
    assert etas == sorted(etas, reverse=True) and etas[0] > etas[-1], etas


def _seconds(text: str) -> int:
    parts = [int(p) for p in text.rstrip("s").split(":")]
    total = 0
    for part in parts:
        total = total * 60 + part
    return total


# -- settable width and interval, read live as Keras does -------------------------------


def test_width_set_after_construction_applies_at_the_next_draw(clock: FakeClock) -> None:
    stream = TtyStringIO()
    bar = Progbar(100, file=stream, display="tty", clock=clock)
    bar.update(50)
    bar.width = 10
    clock.tick(1)
    bar.update(60)
    last = stream.getvalue().rsplit("\r", 1)[-1]
    assert last.startswith(" 60/100 [=====>....]"), last


def test_interval_set_after_construction_applies_at_the_next_call(clock: FakeClock) -> None:
    stream = TtyStringIO()
    bar = Progbar(1000, file=stream, display="tty", clock=clock, interval=10.0)
    bar.update(1)
    for i in range(2, 6):
        clock.tick(0.001)
        bar.update(i)
    assert stream.getvalue().count("\r") == 1  # throttled by the 10 s interval
    bar.interval = 0
    for i in range(6, 11):
        clock.tick(0.001)
        bar.update(i)
    assert stream.getvalue().count("\r") == 6  # every call draws now


def test_public_state_replaces_private_fields(clock: FakeClock) -> None:
    bar = Progbar(3, display="silent", clock=clock, stateful_metrics=["lr"])
    assert (bar.finished, bar.closed, bar.metrics) == (False, False, {})
    bar.update(1, {"loss": 1.0, "lr": 0.1})  # a Keras logs dict is accepted too
    bar.update(3, [("loss", 3.0), ("lr", 0.2)], finalize=False)
    assert bar.metrics == {"loss": pytest.approx(7 / 3), "lr": 0.2}  # weighted by 1 and 2 steps
    bar.update(3)
    bar.close()
    assert (bar.finished, bar.closed) == (True, True)
