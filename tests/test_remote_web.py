"""``progbar.serve()``: the live web view, read by a real HTTP client and by headless Chromium.

A child process (``remote_run.py``) serves its bars and does one step of
work per line the test sends, so every count the page or the JSON must show
is known exactly. The in-process tests use a real server on 127.0.0.1 too.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import tracemalloc
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import remote_run
from harness import browser

import progbar
from progbar._remote import web

pytestmark = pytest.mark.slow  # real HTTP servers, child runs and headless Chromium

HERE = Path(__file__).resolve().parent

needs_chromium = pytest.mark.skipif(
    browser.chromium() is None,
    reason="headless Chromium is not installed (Debian: apt-get install chromium)",
)


class Run:
    """The child run: its URL, and a step at a time."""

    def __init__(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
        env["PYTHONPATH"] = os.pathsep.join([str(HERE.parent), env.get("PYTHONPATH", "")])
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "remote_run.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=HERE,
        )
        self.url = self._line()

    def _line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def go(self, expect: str) -> None:
        """One step of work; returns when the child says it is done (``expect``)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()
        assert self._line() == expect

    def end(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0


@pytest.fixture
def run() -> Iterator[Run]:
    child = Run()
    yield child
    child.proc.kill()
    child.proc.wait(timeout=30)
    for pipe in (child.proc.stdin, child.proc.stdout):
        if pipe is not None and not pipe.closed:
            pipe.close()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def bars(url: str) -> dict[str, list[dict[str, object]]]:
    """The bars of ``bars.json`` by the first word of their description, in creation order."""
    status, body = get(url + "bars.json")
    assert status == 200
    named: dict[str, list[dict[str, object]]] = {}
    for bar in json.loads(body)["bars"]:
        named.setdefault(str(bar["description"]).split(" ")[0], []).append(bar)
    return named


@pytest.fixture
def serving() -> Iterator[web.WebView]:
    server = progbar.serve()
    yield server
    server.stop()


# -- the JSON endpoint and the stream ------------------------------------------------------


@pytest.mark.slow
def test_json_gives_exact_counts_of_nested_and_shared_bars(run: Run) -> None:
    run.go("shared done")
    (shared,) = bars(run.url)["shared"]
    assert shared["count"] == remote_run.WORKERS * remote_run.PER_WORKER
    workers = shared["workers"]
    assert isinstance(workers, list)
    assert sorted(w["count"] for w in workers) == [remote_run.PER_WORKER] * remote_run.WORKERS
    per = remote_run.BATCHES
    for done in range(1, 6):  # five batches: the first epoch, and one of the second
        run.go("step")
        seen = bars(run.url)
        (epochs,) = seen["epochs"]
        batch = seen["batch"][(done - 1) // per]  # the one this step advanced
        assert epochs["count"] == done // per
        assert batch["count"] == (done - 1) % per + 1
        assert batch["parent"] == epochs["id"]
        assert epochs["description"] == remote_run.DESCRIPTION  # text, as given


def test_wrong_or_missing_token_is_403(serving: web.WebView) -> None:
    base = serving.url.rsplit("/", 2)[0]
    wrong = serving.token[:-1] + ("A" if serving.token[-1] != "A" else "B")
    for path in ("/", "/bars.json", "/events", f"/{wrong}/", f"/{wrong}/bars.json", "/x/events"):
        status, _ = get(base + path)
        assert status == 403, path
    assert get(serving.url + "bars.json")[0] == 200
    assert get(serving.url + "nothing")[0] == 404


def _read_events(url: str, until: float) -> Iterator[dict[str, object]]:
    """The ``data:`` frames of the stream at ``url``, parsed, until its end event."""
    with urllib.request.urlopen(url + "events", timeout=until) as response:
        assert response.headers["Content-Type"] == "text/event-stream"
        event = "message"
        for raw in response:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                if event == "end":
                    return
                yield json.loads(line[6:])
                event = "message"


def test_stream_follows_the_bars_to_their_exact_end(serving: web.WebView) -> None:
    bar = progbar.Progbar(1000, description="<script>alert(1)</script>", display="silent")
    child = progbar.Progbar(10, parent=bar, description="inner", display="silent")
    frames = _read_events(serving.url, until=30)
    first = next(frames)
    assert [b["description"] for b in first["bars"]] == ["<script>alert(1)</script>", "inner"]
    assert first["bars"][1]["parent"] == first["bars"][0]["id"]
    for i in range(1, 1001):
        bar.update(i)
    child.update(7)
    child.close()
    last = list(frames)[-1]  # the server ends the stream once every bar ended
    assert [(b["count"], b["finished"], b["closed"]) for b in last["bars"]] == [
        (1000, True, False),
        (7, True, True),  # closed short of its target: the page shows it stopped
    ]
    assert last["ended"] is True
    assert serving.stopped


def test_the_page_carries_bar_text_only_as_escaped_json(serving: web.WebView) -> None:
    bar = progbar.Progbar(5, description="</script><script>alert(1)</script>", display="silent")
    status, body = get(serving.url)
    bar.close()
    page = body.decode()
    assert status == 200
    assert "alert(1)" in page  # the text is there...
    assert "<script>alert" not in page and "</script><script>" not in page  # ...never as markup
    assert page.count("<script") == 2  # the first frame's data block and the page's own code


def test_a_full_server_refuses_more_connections_with_503(
    serving: web.WebView, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, port = serving.url.split("/")[2].split(":")
    held = []
    try:
        for _ in range(web.MAX_CLIENTS):
            sock = socket.create_connection((host, int(port)), timeout=10)
            sock.sendall(f"GET /{serving.token}/events HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            held.append(sock)
        for sock in held[-3:]:  # the last ones were taken: they get their stream
            assert sock.recv(15) == b"HTTP/1.0 200 OK"
        extra = socket.create_connection((host, int(port)), timeout=10)
        assert extra.recv(100).startswith(b"HTTP/1.0 503")
        extra.close()
    finally:
        for sock in held:
            sock.close()


# -- a crowd of clients costs the run nothing -----------------------------------------------


def _loop_cpu(bar: progbar.Progbar, n: int) -> float:
    start = time.thread_time()
    for i in range(1, n + 1):
        bar.update(i)
    return time.thread_time() - start


def _crowd(url: str, count: int) -> list[socket.socket]:
    """``count`` stream clients that connect, then never read a byte (tiny receive buffers)."""
    host, port = url.split("/")[2].split(":")
    path = "/" + url.split("/", 3)[3]
    crowd = []
    for _ in range(count):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect((host, int(port)))
        sock.sendall(f"GET {path}events HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        crowd.append(sock)
    return crowd


@pytest.mark.slow
def test_200_idle_clients_and_one_that_never_reads_change_neither_speed_nor_memory(
    serving: web.WebView,
) -> None:
    n = 300_000
    big = "x" * 20_000  # big frames fill a non-reader's buffers within the test
    bar = progbar.Progbar(None, display="silent", description=big)
    alone = min(_loop_cpu(bar, n) for _ in range(3))
    crowd = _crowd(serving.url, 201)
    try:
        time.sleep(1)  # all of them joined
        crowded = min(_loop_cpu(bar, n) for _ in range(3))
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        for i in range(20):  # frames keep coming meanwhile: 4 a second to 201 clients
            bar.update(n + i)
            time.sleep(0.1)
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
        grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
        with urllib.request.urlopen(serving.url + "events", timeout=10) as reader:
            reader.readline()  # a new client is still served at once
    finally:
        for sock in crowd:
            sock.close()
    # the frames live in kernel buffers and one shared bytes object, never per client
    assert grown < 1_000_000, f"memory grew by {grown} bytes"
    assert crowded < alone * 1.5 + 0.05, f"loop CPU {alone:.3f}s alone, {crowded:.3f}s crowded"


@pytest.mark.slow
def test_a_client_that_never_reads_is_dropped_not_buffered(
    serving: web.WebView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web._Handler, "timeout", 1.0)  # seconds a blocked write may wait
    bar = progbar.Progbar(None, display="silent", description="x" * 1_000_000)
    (sock,) = _crowd(serving.url, 1)
    try:
        deadline = time.monotonic() + 30
        while serving.clients != 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert serving.clients == 1
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(60):  # 1 MB frames, 4 a second, for up to 6 s: far more than buffers hold
            bar.update(i)
            time.sleep(0.1)
            if serving.clients == 0:
                break
        peak = tracemalloc.get_traced_memory()[1] - before
        tracemalloc.stop()
        assert serving.clients == 0  # its write blocked for a second: it was dropped
        assert peak < 8_000_000, f"peak {peak} bytes"  # a few frames being built, never a queue
    finally:
        sock.close()


# -- the page in a real browser -----------------------------------------------------------


RUNNING, DONE = (0x09, 0x69, 0xDA), (0x1A, 0x7F, 0x37)  # the page's fill colours
TRACK = 240 * 12  # pixels of a full bar's track


def _fills(shot: Path) -> tuple[int, int]:
    """Pixels of running and done fill colour in a screenshot."""
    from harness.png_pixels import colour_counts

    counts = colour_counts(shot)
    return counts[RUNNING], counts[DONE]


@pytest.mark.slow
@needs_chromium
def test_chromium_shows_nested_and_shared_bars_live_to_the_end(run: Run, tmp_path: Path) -> None:
    from harness.live_browser import LiveBrowser

    rows = (
        "Array.from(document.querySelectorAll('.bar'), e => [e.dataset.id,"
        " e.querySelector('.desc').textContent, e.querySelector('.figures').textContent,"
        " e.parentElement.closest('.bar') ? e.parentElement.closest('.bar').dataset.id : null])"
    )
    with LiveBrowser(1000, 400) as chrome:
        chrome.open(run.url)
        chrome.wait_for("document.getElementById('status').textContent === 'live'")
        run.go("shared done")
        chrome.wait_for("document.body.innerText.includes('worker 2: 50')")
        for done in range(1, remote_run.EPOCHS * remote_run.BATCHES + 1):
            run.go("step")
            epochs, batch = done // remote_run.BATCHES, done % remote_run.BATCHES or 4
            # the page follows each step: the counts it shows are the run's
            chrome.wait_for(
                f"{rows}.some(r => r[1] === 'batch' && r[2].startsWith('{batch}/4 '))"
                f" && {rows}.some(r => r[1].startsWith('epochs') && r[2].startsWith('{epochs}/3 '))"
            )
            if done == 6:  # epochs 1/3, batch 4/4 and 2/4, shared 100/100
                shot = chrome.screenshot(tmp_path / "live.png")
                running, finished = _fills(shot)
                # the picture shows the counts: 1/3 + 2/4 of a track running, two tracks done
                assert running == pytest.approx(TRACK * (1 / 3 + 2 / 4), rel=0.05)
                assert finished == pytest.approx(TRACK * 2, rel=0.05)
        assert run.proc.stdout is not None
        assert run.proc.stdout.readline().strip() == "all done"
        chrome.wait_for("document.getElementById('status').textContent === 'ended'")
        final = chrome.evaluate(rows)
        title = chrome.evaluate("document.title")
        scripts = chrome.evaluate("document.scripts.length")
        text = chrome.evaluate("document.body.innerText")
    run.end()
    by_name = {r[1].split(" ")[0]: r for r in final}
    assert by_name["shared"][2].startswith("100/100 ")
    assert by_name["epochs"][1] == remote_run.DESCRIPTION  # shown as text, never run
    assert by_name["epochs"][2].startswith("3/3 ")
    assert [r[2].split(" ")[0] for r in final if r[1] == "batch"] == ["4/4"] * 3
    assert all(r[3] == by_name["epochs"][0] for r in final if r[1] == "batch")
    assert "worker 1: 50" in text and "worker 2: 50" in text
    assert title != "pwned" and scripts == 2


# -- nothing starts until asked -------------------------------------------------------------

_THREADS = (
    "import sys, threading, progbar\n"
    "bar = progbar.Progbar(3, display='silent')\n"
    "bar.update(3)\n"
    "names = sorted(t.name for t in threading.enumerate())\n"
    "print('progbar._remote' in sys.modules, names)\n"
)


def _child(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full, timeout=60
    )


def test_nothing_is_served_or_loaded_until_asked() -> None:
    done = _child(_THREADS)
    assert done.stdout.strip() == "False ['MainThread']"
    assert done.stderr == ""


def test_progbar_serve_in_the_environment_serves_from_the_first_bar() -> None:
    code = _THREADS + (
        "import json, urllib.request\n"
        "from progbar._remote import serve\n"
        "url = serve().url\n"  # the running one
        "print(json.load(urllib.request.urlopen(url + 'bars.json'))['bars'][0]['count'])\n"
    )
    done = _child(code, PROGBAR_SERVE="127.0.0.1:0")
    first, count = done.stdout.splitlines()
    assert first.startswith("True") and "progbar-web-serve" in first
    assert count == "3"
    assert re.fullmatch(
        r"progbar: the bars of this process are at http://127\.0\.0\.1:\d+/\S+/\n", done.stderr
    )


def test_a_serving_script_ends_when_its_work_does() -> None:
    # the threads are daemons and the server stops with its bars: nothing waits for a client
    code = (
        "import progbar, socket\n"
        "server = progbar.serve()\n"
        "host, port = server.url.split('/')[2].split(':')\n"
        "idle = socket.create_connection((host, int(port)))\n"  # a client that never asks
        "for _ in progbar.track(range(5), display='silent'): pass\n"
        "print('end')\n"
    )
    done = _child(code)
    assert done.returncode == 0 and done.stdout == "end\n"


def test_addresses_are_checked() -> None:
    from progbar._remote import parse_address

    assert parse_address(":8000") == ("127.0.0.1", 8000)
    with pytest.raises(ValueError, match="serve\\(\\) address must be HOST:PORT"):
        progbar.serve("localhost")
    with pytest.raises(ValueError, match=r"port must be in 0\.\.65535"):
        progbar.serve("127.0.0.1:70000")
    with pytest.raises(TypeError, match="serve\\(\\) address must be"):
        progbar.serve(8000)  # type: ignore[arg-type]


@pytest.mark.slow
def test_the_watching_benchmark_runs() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROGBAR_")}
    env["PYTHONPATH"] = os.pathsep.join([str(HERE.parent), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, str(HERE.parent / "benchmarks" / "remote.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"main thread CPU: [\d.]+ s alone, x[\d.]+ with 5 clients", done.stdout)
    assert "memory traced while watched" in done.stdout


def test_a_bad_progbar_serve_warns_and_the_bar_goes_on() -> None:
    code = "import progbar\nbar = progbar.Progbar(2, display='silent')\nbar.update(2)\n"
    done = _child(code + "print(bar.current)", PROGBAR_SERVE="nowhere")
    assert done.returncode == 0 and done.stdout == "2\n"
    assert "PROGBAR_SERVE='nowhere'" in done.stderr and "RuntimeWarning" in done.stderr
    strict = _child(f"import warnings\nwarnings.simplefilter('error')\n{code}", PROGBAR_SERVE="x")
    assert strict.returncode == 0, strict.stderr  # a warning made an error does not raise


def test_frames_come_at_most_four_times_a_second_however_many_clients_join() -> None:
    from harness import FakeClock

    from progbar._remote.registry import Registry

    clock = FakeClock()
    view = web.WebView(Registry(), ("127.0.0.1", 0), "t", lambda _: None, clock=clock)
    try:
        versions = []
        for _ in range(40):  # a client joins every 1/16 s (of the fake clock)
            view.joined(+1)
            versions.append(view.next_frame(-1)[0])
            clock.tick(0.0625)
        # never two new frames within 0.25 s, and a new one as soon as 0.25 s passed
        assert all(versions[i + 3] - versions[i] <= 1 for i in range(len(versions) - 3))
        assert versions[-1] - versions[0] == 9
    finally:
        view.stop(timeout=0)
