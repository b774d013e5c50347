"""Environment detection as pure functions: environ and modules are plain dicts here."""

from __future__ import annotations

import io
import os
import types
from collections.abc import Iterator
from typing import Any, Optional

import pytest
from harness import TtyStringIO

from progbar._output.detect import (
    CI_VARIABLES,
    choose_display,
    color_enabled,
    env_flag,
    in_ci,
    in_kernel,
    is_tty,
    process_rank,
    terminal_width,
)
from progbar._output.displays import LogDisplay, NullDisplay, TerminalDisplay, make_display
from progbar._output.notebook import NotebookDisplay


class _Shell:
    def __init__(self, kernel: Optional[object]) -> None:
        if kernel is not None:
            self.kernel = kernel


def _ipython(shell: Optional[object], *, raises: bool = False) -> types.ModuleType:
    module = types.ModuleType("IPython")

    def get_ipython() -> Optional[object]:
        if raises:
            raise RuntimeError("torn down")
        return shell

    module.get_ipython = get_ipython  # type: ignore[attr-defined]
    return module


def _kernel_modules(stdout: object) -> dict[str, object]:
    fake_sys = types.SimpleNamespace(stdout=stdout, stderr=io.StringIO())
    return {"IPython": _ipython(_Shell(kernel=object())), "ipykernel": object(), "sys": fake_sys}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("0", False),
        ("false", False),
        ("False", False),
        ("no", False),
        ("off", False),
        ("1", True),
        ("true", True),
        ("TRUE", True),
        ("yes", True),
        ("on", True),
        ("http://jenkins.example/", True),  # JENKINS_URL carries a URL, not a flag
        ("2023.1", True),
    ],
)
def test_env_flag_parses_booleans(value: Optional[str], expected: Optional[bool]) -> None:
    environ = {} if value is None else {"X": value}
    assert env_flag(environ, "X") is expected


@pytest.mark.parametrize("name", CI_VARIABLES)
def test_each_ci_variable_is_recognised(name: str) -> None:
    assert in_ci({name: "true"})
    assert not in_ci({name: "false"})
    assert not in_ci({name: ""})
    assert choose_display(TtyStringIO(), {name: "1"}, {}) == "log"


def test_ci_beats_force_color_and_a_tty() -> None:
    assert choose_display(TtyStringIO(), {"CI": "true", "FORCE_COLOR": "1"}, {}) == "log"


@pytest.mark.parametrize(
    ("environ", "tty", "expected"),
    [
        ({}, True, "tty"),
        ({}, False, "log"),
        ({"TERM": "dumb"}, True, "log"),
        ({"TERM": "xterm-256color"}, True, "tty"),
        ({"FORCE_COLOR": "1"}, False, "log"),  # colour does not make a file a terminal
        ({"JPY_PARENT_PID": "4242"}, True, "tty"),  # every kernel *client* sets it
        ({"JPY_PARENT_PID": "4242"}, False, "log"),
        ({"PROGBAR_DISPLAY": "log"}, True, "log"),
        ({"PROGBAR_DISPLAY": "TTY"}, False, "tty"),
        ({"PROGBAR_DISPLAY": "silent"}, True, "silent"),
        ({"PROGBAR_DISPLAY": "notebook"}, False, "notebook"),
        ({"PROGBAR_DISPLAY": "auto"}, True, "tty"),
        ({"PROGBAR_DISPLAY": "bogus"}, True, "tty"),  # unknown values are ignored
        ({"PROGBAR_DISPLAY": "tty", "CI": "1"}, False, "tty"),
    ],
)
def test_choose_display(environ: dict[str, str], tty: bool, expected: str) -> None:
    stream = TtyStringIO() if tty else io.StringIO()
    assert choose_display(stream, environ, {}) == expected


def test_kernel_wins_over_its_own_term_and_force_color() -> None:
    stdout = io.StringIO()
    environ = {"TERM": "xterm-color", "FORCE_COLOR": "1", "CI": "true"}
    assert choose_display(stdout, environ, _kernel_modules(stdout)) == "notebook"


def test_spyder_console_gets_carriage_returns_not_display_updates() -> None:
    stdout = io.StringIO()
    modules = {**_kernel_modules(stdout), "spyder_kernels": object()}
    assert choose_display(stdout, {}, modules) == "tty"


def test_a_file_passed_in_a_kernel_gets_log_lines() -> None:
    kernel = _kernel_modules(io.StringIO())
    assert choose_display(io.StringIO(), {}, kernel) == "log"


def test_kernel_stream_class_counts_without_being_sys_stdout() -> None:
    out_stream = type("OutStream", (io.StringIO,), {"__module__": "ipykernel.iostream"})()
    assert choose_display(out_stream, {}, _kernel_modules(io.StringIO())) == "notebook"


@pytest.mark.parametrize(
    ("modules", "expected"),
    [
        ({}, False),
        ({"IPython": _ipython(_Shell(kernel=object()))}, False),  # IPython in a script
        ({"IPython": _ipython(None), "ipykernel": object()}, False),
        ({"IPython": _ipython(_Shell(kernel=None)), "ipykernel": object()}, False),  # terminal
        ({"IPython": types.ModuleType("IPython"), "ipykernel": object()}, False),
        ({"IPython": _ipython(None, raises=True), "ipykernel": object()}, False),
        ({"IPython": _ipython(_Shell(kernel=object())), "ipykernel": object()}, True),
    ],
)
def test_in_kernel(modules: dict[str, Any], expected: bool) -> None:
    assert in_kernel(modules) is expected


def test_idle_shell_is_a_log_although_it_claims_a_tty() -> None:
    idle_file = type("StdOutputFile", (TtyStringIO,), {"__module__": "idlelib.run"})()
    assert idle_file.isatty()
    assert choose_display(idle_file, {}, {}) == "log"


class _Closed(io.StringIO):
    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


def test_is_tty_survives_missing_and_closed_streams() -> None:
    assert not is_tty(object())
    assert not is_tty(_Closed())
    assert is_tty(TtyStringIO())


@pytest.mark.parametrize(
    ("environ", "default", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # only a non-empty value counts
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "0"}, True, False),
        ({"FORCE_COLOR": ""}, False, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False),  # NO_COLOR wins, as in CPython
        ({"TERM": "dumb"}, True, False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, False, True),
    ],
)
def test_color_conventions(environ: dict[str, str], default: bool, expected: bool) -> None:
    assert color_enabled(environ, default) is expected


@pytest.mark.parametrize(
    ("environ", "rank"),
    [
        ({}, None),
        ({"RANK": "0", "WORLD_SIZE": "4"}, 0),
        ({"RANK": "3", "WORLD_SIZE": "4"}, 3),
        ({"RANK": "3"}, 3),
        ({"RANK": "0", "WORLD_SIZE": "1"}, None),
        ({"LOCAL_RANK": "1", "WORLD_SIZE": "2"}, 1),
        ({"RANK": "0", "LOCAL_RANK": "1", "WORLD_SIZE": "8"}, 0),  # the global rank decides
        ({"OMPI_COMM_WORLD_RANK": "2", "OMPI_COMM_WORLD_SIZE": "4"}, 2),
        ({"PMI_RANK": "1", "PMI_SIZE": "2"}, 1),
        ({"SLURM_PROCID": "1", "SLURM_NTASKS": "2"}, 1),
        ({"SLURM_PROCID": "0", "SLURM_NTASKS": "1"}, None),
        ({"SLURM_PROCID": "0"}, None),  # set for every Slurm job, even one task
        ({"RANK": "x", "WORLD_SIZE": "2"}, None),
        ({"RANK": "²"}, None),
    ],
)
def test_process_rank(environ: dict[str, str], rank: Optional[int]) -> None:
    assert process_rank(environ) == rank


@pytest.fixture
def pty_fd() -> Iterator[int]:
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 57, 0, 0))
    yield slave
    os.close(slave)
    os.close(master)


def test_terminal_width_reads_the_descriptor_then_columns_then_80(pty_fd: int) -> None:
    assert terminal_width(pty_fd, {}) == 57
    assert terminal_width(pty_fd, {"COLUMNS": "40"}) == 40  # narrower: honoured
    assert terminal_width(pty_fd, {"COLUMNS": "200"}) == 57  # never wider than the terminal
    assert terminal_width(None, {"COLUMNS": "123"}) == 123
    assert terminal_width(None, {"COLUMNS": "junk"}) == 80
    assert terminal_width(None, {"COLUMNS": "0"}) == 80
    assert terminal_width(None, {}) == 80


def test_terminal_width_of_a_file_falls_back(tmp_path: Any) -> None:
    with open(tmp_path / "f.txt", "w") as f:
        fd = f.fileno()
        assert terminal_width(fd, {}) == 80
        assert terminal_width(fd, {"COLUMNS": "33"}) == 33
    assert terminal_width(fd, {}) == 80  # a descriptor closed since


def test_terminal_display_reads_the_width_at_every_draw(pty_fd: int) -> None:
    import fcntl
    import struct
    import termios

    with open(pty_fd, "w", closefd=False) as stream:
        display = TerminalDisplay(stream, {}, color=False)
        assert display.width() == 57
        fcntl.ioctl(pty_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 31, 0, 0))
        assert display.width() == 31


def _make(kind: str, stream: Any, environ: dict[str, str], **kw: Any) -> object:
    modules = kw.pop("modules", {})
    verbose = kw.pop("verbose", 1)
    return make_display(kind, stream, verbose, None, "keras3", environ=environ,
                        modules=modules, **kw)  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "environ", "kw", "expected"),
    [
        ("auto", {}, {}, TerminalDisplay),
        ("auto", {"PROGBAR_DISABLE": "1"}, {}, NullDisplay),
        ("tty", {"PROGBAR_DISABLE": "true"}, {}, NullDisplay),  # the operator's kill switch
        ("auto", {"PROGBAR_DISABLE": "0"}, {}, TerminalDisplay),
        ("auto", {"PROGBAR_DISABLE": "false"}, {}, TerminalDisplay),
        ("auto", {"PROGBAR_DISPLAY": "log"}, {}, LogDisplay),
        ("tty", {"PROGBAR_DISPLAY": "log"}, {}, TerminalDisplay),  # explicit beats env
        ("silent", {}, {}, NullDisplay),
        ("auto", {}, {"verbose": 0}, NullDisplay),
        ("auto", {}, {"verbose": 2}, TerminalDisplay),  # its one line fits the terminal
        ("auto", {"RANK": "1", "WORLD_SIZE": "2"}, {}, NullDisplay),
        ("tty", {"RANK": "1", "WORLD_SIZE": "2"}, {}, NullDisplay),
        ("auto", {"RANK": "1", "WORLD_SIZE": "2"}, {"all_ranks": True}, TerminalDisplay),
        ("auto", {"RANK": "0", "WORLD_SIZE": "2"}, {}, TerminalDisplay),
        ("notebook", {}, {}, LogDisplay),  # no kernel to show it in
    ],
)
def test_make_display_is_the_one_factory(
    kind: str, environ: dict[str, str], kw: dict[str, Any], expected: type
) -> None:
    assert type(_make(kind, TtyStringIO(), environ, **kw)) is expected


def test_make_display_builds_a_notebook_display_inside_a_kernel() -> None:
    stdout = io.StringIO()
    display = _make("auto", stdout, {}, modules=_kernel_modules(stdout))
    assert isinstance(display, NotebookDisplay)
    assert display.width() is None
    assert not display.color


@pytest.mark.parametrize(
    ("environ", "color"),
    [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)],
)
def test_terminal_colour_follows_the_environment(environ: dict[str, str], color: bool) -> None:
    display = _make("tty", TtyStringIO(), environ)
    assert display.color is color  # type: ignore[attr-defined]


def test_explicit_colour_argument_wins() -> None:
    display = make_display("tty", TtyStringIO(), 1, True, "classic", environ={"NO_COLOR": "1"})
    assert display.color
