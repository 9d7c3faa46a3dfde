"""A load that prints where its memory goes: resident and peak memory (MiB) after the
folder is validated and before each table is written.

    DATABASE_URL=sqlite:////tmp/yj-nat.db /usr/bin/time -v \
        python benchmarks/load_memory.py /tmp/scale-national

Runs `load_folder` as `python -m dashboard load` does, with the loader's insert wrapped to
print (Linux: /proc/self/status). Speed and memory are measured here, never asserted by a
test.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.core.db import get_engine  # noqa: E402
from dashboard.etl import loader  # noqa: E402

STARTED = time.perf_counter()


def memory() -> str:
    found = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS", "VmHWM")):
                found[line.split(":")[0]] = int(line.split()[1]) // 1024
    return f"rss {found['VmRSS']} MiB, peak {found['VmHWM']} MiB"


def say(what: str) -> None:
    print(f"{time.perf_counter() - STARTED:7.1f} s  {what:40} {memory()}", flush=True)


def main(folder: str) -> None:
    insert, read = loader._insert, loader.read_import_folder

    def inserting(conn, table, rows):
        say(f"insert {table.name} ({len(rows):,})")
        return insert(conn, table, rows)

    def reading(directory):
        data = read(directory)
        say("validated")
        return data

    loader._insert, loader.read_import_folder = inserting, reading
    summary = loader.load_folder(Path(folder), get_engine(os.environ["DATABASE_URL"]))
    say(f"done: {loader.format_summary(summary)}")


if __name__ == "__main__":
    main(sys.argv[1])
