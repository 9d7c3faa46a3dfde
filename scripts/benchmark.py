"""Speed of load, export and the dashboard's queries on a large synthetic data set.

    python scripts/benchmark.py [--services 30] [--database-url URL]

Generates ~100,000+ outcome rows, loads them (target: under 30 s on 2 cores), exports
every the contract file, and times the queries a page makes for one service. Prints a table;
nothing is asserted (timings belong here, not in tests).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.core.db import get_engine  # noqa: E402
from dashboard.output.export import export_all  # noqa: E402
from dashboard.etl.generate import generate  # noqa: E402
from dashboard.etl.loader import load_folder  # noqa: E402
from queries import custody, disposals, disproportionality, fte, reoffending  # noqa: E402
from queries.meta import load_meta  # noqa: E402


def timed(function, *args, repeat: int = 1, **kwargs) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args, **kwargs)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=30)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        seconds, summary = timed(generate, folder, seed=7, services=args.services)
        print(f"generate   {seconds:6.2f} s  {summary}")
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        engine = get_engine(url)
        seconds, loaded = timed(load_folder, folder, engine)
        print(f"load       {seconds:6.2f} s  {loaded['outcome_rows']:,} outcome rows "
              f"({loaded['outcome_rows'] / seconds:,.0f} rows/s)")
        seconds, written = timed(export_all, Path(tmp) / "export", None, engine)
        print(f"export     {seconds:6.2f} s  {sum(written.values()):,} rows in {len(written)} files")
        meta = load_meta(engine)
        service, period = meta["services"][0], meta["latest_period"]
        page_queries = {
            "fte trend": (fte.fte, {}),
            "fte by ethnicity": (fte.fte, {"by": "ethnicity", "period_ends": [period]}),
            "custody trend": (custody.custody, {}),
            "reoffending": (reoffending.reoffending, {}),
            "tracker": (reoffending.tracker, {}),
            "disposals": (disposals.disposals, {"period_ends": [period]}),
            "disproportionality": (disproportionality.disproportionality,
                                   {"period_ends": [period]}),
        }
        for name, (function, kwargs) in page_queries.items():
            seconds, frame = timed(function, engine, "service", area_code=service, repeat=3,
                                   **kwargs)
            print(f"{name:18s} {seconds * 1000:7.1f} ms  {len(frame):,} rows (one service, "
                  "uncached)")


if __name__ == "__main__":
    main()
