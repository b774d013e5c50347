"""One benchmark worker: runs every case in rotating rounds, bars going to its stdout.

Usage (from run.py): ``worker.py RESULT_JSON SIZES_JSON ROUNDS [KEY_PREFIX]``
(with a prefix, only the cases whose key starts with it: ``draw/``).
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

from cases import CASES  # a script: its own folder is first on sys.path


def main() -> int:
    result, sizes, rounds = Path(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
    timings: dict[str, list[float]] = {key: [] for key in CASES}
    prefix = sys.argv[4] if len(sys.argv) > 4 else ""
    keys = [key for key in CASES if key.startswith(prefix)]
    for round_no in range(rounds):
        shift = round_no % len(keys)
        for key in keys[shift:] + keys[:shift]:  # rotate: no case always runs first
            size_name, case = CASES[key]
            n = sizes[size_name]
            gc.collect()
            try:
                seconds = case(n, sys.stdout)
            except ImportError:  # a library that is not installed is reported as skipped
                continue
            timings[key].append(seconds / n * 1e9)
    result.write_text(json.dumps(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
