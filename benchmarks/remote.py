"""What watching costs the watched: a loop's CPU time and memory with the web view's clients.

    python benchmarks/remote.py            # 5 rounds
    python benchmarks/remote.py --quick    # 1 small round (CI: proves it runs)

Two cases in one process, rounds alternating: the loop alone (no server),
and serving to 200 stream clients that read
every frame plus one that never reads (in another process, so their own
CPU is not counted). Each case is a loop of ``bar.update(i)``
on ten silent bars. Figures (medians): the main thread's CPU time as a
ratio to the loop alone (the run's own speed), the CPU the other threads
(the server's) use per second of the run, and the traced memory the
process gained while the 201 clients were served.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import tracemalloc

import progbar


def loop(n: int) -> tuple[float, float, float]:
    """(process CPU, main-thread CPU, wall) seconds of ``n`` updates, time passing for frames.

    Ten bars are live (a frame of about 4 kB); the loop pauses 50 ms every
    20,000 updates, as a real loop does work between them.
    """
    root = progbar.Progbar(None, display="silent", description="training")
    others = [
        progbar.Progbar(1000, display="silent", description=f"shard {k}", parent=root)
        for k in range(9)
    ]
    wall, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
    for i in range(1, n + 1):
        root.update(i)
        if i % 20_000 == 0:
            others[i // 20_000 % 9].add(1)
            time.sleep(0.05)  # frames go out meanwhile (4 a second)
    result = (
        time.process_time() - cpu,
        time.thread_time() - own,
        time.perf_counter() - wall,
    )
    for bar in (*others, root):
        bar.close()
    return result


CROWD = """
import selectors, socket, sys
host, port, path, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
request = f"GET {path}events HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n".encode()
selector = selectors.DefaultSelector()
for _ in range(count):
    sock = socket.create_connection((host, port))
    sock.sendall(request)
    selector.register(sock, selectors.EVENT_READ)
idle = socket.create_connection((host, port))  # the one that never reads
idle.sendall(request)
print("connected", flush=True)
while True:
    for key, _ in selector.select():
        if not key.fileobj.recv(65536):
            selector.unregister(key.fileobj)
"""


def crowd(url: str, count: int) -> subprocess.Popen[str]:
    """``count`` reading clients and one that never reads, in a process of their own."""
    host, port = url.split("/")[2].split(":")
    path = "/" + url.split("/", 3)[3]
    proc = subprocess.Popen(
        [sys.executable, "-c", CROWD, host, port, path, str(count)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "connected"
    time.sleep(1.0)  # every stream started
    return proc


def watched(n: int, clients: int, *, trace: bool = False) -> tuple[float, float, float, int]:
    """:func:`loop` while serving ``clients`` readers and a non-reader (and bytes traced)."""
    server = progbar.serve()
    clients_process = crowd(server.url, clients)
    if trace:
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0] if trace else 0
    cpu, own, wall = loop(n)
    gained = tracemalloc.get_traced_memory()[0] - before if trace else 0
    if trace:
        tracemalloc.stop()
    clients_process.kill()  # the process this function started
    clients_process.wait()
    clients_process.stdout.close()  # type: ignore[union-attr]
    server.stop()
    return cpu, own, wall, gained


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n, rounds, clients = (20_000, 1, 5) if args.quick else (400_000, 5, 200)
    alone: list[tuple[float, float, float]] = []
    crowded: list[tuple[float, float, float]] = []
    for r in range(rounds):  # the order alternates, so drift hits both cases
        for case in ("alone", "watched") if r % 2 == 0 else ("watched", "alone"):
            if case == "alone":
                alone.append(loop(n))
            else:
                crowded.append(watched(n, clients)[:3])
    gained = watched(n // 4, clients, trace=True)[3]
    own = statistics.median(x[1] for x in alone)
    ratio = statistics.median(x[1] for x in crowded) / own
    print(f"main thread CPU: {own:.3f} s alone, x{ratio:.2f} with {clients} clients + 1 non-reader")
    server = statistics.median((x[0] - x[1]) / x[2] for x in crowded)
    idle = statistics.median((x[0] - x[1]) / x[2] for x in alone)
    print(f"other threads' CPU: {idle * 1e3:.0f} ms/s alone, {server * 1e3:.0f} ms/s serving")
    print(f"memory traced while watched: {gained / 1e3:+.0f} kB")


if __name__ == "__main__":
    main()
