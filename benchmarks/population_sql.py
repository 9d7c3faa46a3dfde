"""The population statements a page runs, before and after `population_summary`.

    python benchmarks/population_sql.py --database-url sqlite:////tmp/yj.db
    python benchmarks/population_sql.py --services 155 --years 18   # population only

Times each statement the unfiltered population queries ran on the `population` table
(years loaded per authority; population per authority and year, whole and by ethnicity)
against the one they run now on `population_summary`, interleaved, `--repeats` times on
a fresh connection each (SQLite's page cache is per connection), and prints the median
and the fastest in ms. `--services N --years Y` builds a scratch SQLite database holding
only the population `generate --services N --years Y` writes (seed 42; the national
set's 311,040 rows in seconds, without the whole load). Speed is measured here, never
asserted by a test.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, insert, text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PAIRS = [
    ("years loaded per authority",
     "SELECT DISTINCT local_authority, year FROM population",
     "SELECT local_authority, year FROM population_summary WHERE dim = ''"),
    ("population per authority and year",
     "SELECT local_authority, year, sum(population) FROM population "
     "GROUP BY local_authority, year",
     "SELECT local_authority, year, population FROM population_summary WHERE dim = ''"),
    ("... by ethnicity",
     "SELECT local_authority, year, ethnicity, sum(population) FROM population "
     "GROUP BY local_authority, year, ethnicity",
     "SELECT local_authority, year, grp, population FROM population_summary "
     "WHERE dim = 'ethnicity'"),
]


def scratch_database(services: int, years: int) -> str:
    from dashboard.contract.schema import Population, PopulationSummary
    from dashboard.etl.derive import population_summary
    from dashboard.etl.generate import build_services, population_rows
    url = f"sqlite:///{tempfile.mkdtemp(prefix='population-sql-')}/population.db"
    engine = create_engine(url)
    for model in (Population, PopulationSummary):
        model.__table__.create(engine)
    keys = ("local_authority", "year", "sex", "age", "ethnicity", "population")
    rows = [dict(zip(keys, row))
            for row in population_rows(build_services(42, services), 42, 2015, years)]
    summary = population_summary(rows)
    with engine.begin() as conn:
        conn.execute(insert(Population.__table__), rows)
        conn.execute(insert(PopulationSummary.__table__), summary.to_dict("records"))
    print(f"{len(rows):,} population rows, {len(summary):,} summary rows in {url}")
    engine.dispose()
    return url


def timed(engine, sql: str) -> tuple[float, int]:
    with engine.connect() as conn:
        started = time.perf_counter()
        rows = conn.execute(text(sql)).fetchall()
        return (time.perf_counter() - started) * 1000, len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--database-url")
    where.add_argument("--services", type=int, help="a scratch database of this many "
                       "generated services' population (with --years)")
    parser.add_argument("--years", type=int, default=18)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    url = args.database_url or scratch_database(args.services, args.years)
    engine = create_engine(url)
    print(f"{'statement':36} {'population':>22} {'population_summary':>22}")
    for name, before, after in PAIRS:
        times = {before: [], after: []}
        rows = {}
        for _ in range(args.repeats):
            for sql in (before, after):
                ms, rows[sql] = timed(engine, sql)
                times[sql].append(ms)
        cells = [f"{statistics.median(times[s]):7.1f} (min {min(times[s]):6.1f}) ms"
                 for s in (before, after)]
        print(f"{name:36} {cells[0]:>22} {cells[1]:>22}   rows {rows[before]:,} / {rows[after]:,}")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
