"""``progbar watch FILE``: records another process writes, drawn as live bars on a real pty.

The writer is a real process appending to a file while the watcher follows
it; what the watcher drew is read back through pyte, as a user sees it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from harness import run_in_pty

from progbar._cli.watch import Watcher, parse_record

pytestmark = pytest.mark.slow

WRITER = """
import sys, time
import progbar
path, steps = sys.argv[1], int(sys.argv[2])
with open(path, "a", buffering=1) as log:
    bar = progbar.Progbar(steps, display="jsonl", file=log, description="train", log_interval=0)
    for i in range(steps):
        log.write(f"INFO step {i} of the job {{not a record}}\\n")
        time.sleep(0.02)
        bar.add(1, values=[("loss", 1.0 / (i + 1))])
"""


def watch_in_pty(path: Path, before: str = "") -> tuple[list[str], bytes]:
    code = f"""
import sys
{before}
from progbar._cli.watch import main
status = main([{str(path)!r}])
print("status", status)
"""
    run = run_in_pty(code, columns=80, rows=12, timeout=60)
    assert run.returncode == 0, run.output[-500:]
    return run.lines, run.output


def test_bars_follow_a_file_another_process_appends_to(tmp_path: Path) -> None:
    path = tmp_path / "progress.jsonl"
    path.write_text("")
    start = (
        "import subprocess\n"
        f"subprocess.Popen([sys.executable, '-c', {WRITER!r}, {str(path)!r}, '40'])"
    )
    lines, _ = watch_in_pty(path, start)
    text = "\n".join(lines)
    assert any(line.startswith("train 40/40 [=") for line in lines), text
    assert "INFO" not in text  # the other log lines are not drawn
    assert "status 0" in text
    records = [parse_record(line.encode()) for line in path.read_text().splitlines()]
    final = [r for r in records if r is not None][-1]
    assert final["count"] == 40 and final["final"] is True  # what the writer ended at


def test_nested_records_with_ids_and_a_truncated_last_line(tmp_path: Path) -> None:
    path = tmp_path / "progress.jsonl"
    rows = [
        {"id": "a", "parent": None, "description": "epochs", "count": 1, "target": 2},
        {"id": "b", "parent": "a", "description": "batches", "count": 30, "target": 50},
        {"id": "b", "parent": "a", "description": "batches", "count": 50, "target": 50},
        {"id": "a", "parent": None, "description": "epochs", "count": 2, "target": 2},
    ]
    records = []
    for row in rows:
        final = row["count"] == row["target"]
        records.append(json.dumps({**row, "final": final, "metrics": {}, "time": 1.0}))
    head = "\n".join(["2026-12-07 INFO starting", records[0], "WARNING {", *records[1:3]]) + "\n"
    last = records[3]
    path.write_text(head + last[:20])  # the writer is in the middle of its last line
    finish = (
        "import threading, time\n"
        "def finish():\n"
        "    time.sleep(0.5)\n"
        f"    with open({str(path)!r}, 'a') as f: f.write({last[20:] + chr(10)!r})\n"
        "threading.Thread(target=finish).start()\n"
    )
    lines, output = watch_in_pty(path, finish)
    text = "\n".join(lines)
    assert any(line.startswith("epochs 2/2 [=") for line in lines), text
    assert "status 0" in text
    # the nested bar was drawn under its parent (indented); "status 0": every bar finished
    assert b"\n  batches 30/50 [" in output.replace(b"\r", b"\n"), output


def test_records_are_picked_out_of_other_lines() -> None:
    assert parse_record(b'{"count":1,"target":2,"final":false}') is not None
    assert parse_record(b'12:00:01 app {"count":1,"target":null,"final":false}') is not None
    assert parse_record(b'{"count":1,"target":2}') is None  # not a record: no "final"
    assert parse_record(b'{"count":"1","target":2,"final":false}') is None
    assert parse_record(b'["count","target","final"]') is None
    assert parse_record(b'{"count":1,"target":2,"final":false') is None  # truncated


def test_bars_without_ids_are_keyed_by_description() -> None:
    import io

    watcher = Watcher(file=io.StringIO(), display="log")
    watcher.feed({"count": 1, "target": 3, "final": False, "description": "a"})
    watcher.feed({"count": 2, "target": 5, "final": False, "description": "b"})
    assert not watcher.done
    watcher.feed({"count": 3, "target": 3, "final": True, "description": "a"})
    watcher.feed({"count": 4, "target": 5, "final": True, "description": "b"})  # stopped early
    assert watcher.done
    watcher.close()


def test_a_name_that_comes_back_after_its_bar_finished_gets_a_new_bar() -> None:
    import io

    out = io.StringIO()
    watcher = Watcher(file=out, display="log")
    for count in (2, 2, 1, 2):  # two runs of "batch" (the first ends twice), no ids
        final = count == 2
        watcher.feed({"count": count, "target": 2, "final": final, "description": "batch"})
    assert watcher.done
    watcher.close()
    assert out.getvalue().count("batch 2/2 [") == 2, out.getvalue()


def test_a_finished_file_shows_the_writer_s_times_not_the_watcher_s() -> None:
    import io

    out = io.StringIO()
    watcher = Watcher(file=out, display="log")
    for count, elapsed in ((10, 30.0), (50, 150.0), (100, 300.0)):
        record = {"count": count, "target": 100, "final": count == 100, "elapsed": elapsed}
        watcher.feed({**record, "description": "job"})
    watcher.close()
    assert out.getvalue().splitlines()[-1].startswith("job 100/100 [====="), out.getvalue()
    assert " - 300s 3s/step" in out.getvalue().splitlines()[-1]  # read instantly, shown as run


def test_an_endless_line_is_skipped_in_bounded_memory() -> None:
    import io

    from progbar._cli import watch

    record = b'{"count":1,"target":1,"final":true}'
    junk = b"x" * (3 * watch.MAX_LINE)
    lines = list(watch.follow(io.BytesIO(junk + b"tail\n" + record + b"\n"), keep_following=False))
    assert lines == [record]


def test_stdin_pipe(tmp_path: Path) -> None:
    import subprocess

    data = "noise\n" + json.dumps({"count": 7, "target": 7, "final": True, "description": "d"})
    done = subprocess.run(
        [sys.executable, "-m", "progbar", "watch", "-"],
        input=data + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1].startswith("d 7/7 [")
