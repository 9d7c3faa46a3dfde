"""Published comparator figures (benchmarks.csv) and which apply to an area."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, or_, select

from dashboard.contract.schema import Benchmark
from queries.cache import memoized
from queries.common import read

INDICATORS = ("fte_rate", "custody_rate", "reoffending_binary_rate", "reoffences_per_reoffender")


def comparator_areas(meta: dict, level: str, area_code: str | None) -> dict[str, str]:
    """area_type -> area_name of the comparators that apply to an area.

    National is always England and Wales; region and family come from the area's
    authorities (the most common one for a service).
    """
    if level == "all":
        las = meta["authorities"]
    elif level == "service":
        las = [la for la in meta["authorities"] if la["service"] == area_code]
    else:
        las = [la for la in meta["authorities"] if la["code"] == area_code]
    found = {"national": "England and Wales"}
    for key in ("region", "family"):
        values = [la[key] for la in las if la.get(key)]
        if values and (level != "all" or len(set(values)) == 1):
            found[key] = max(set(values), key=values.count)
    return found


@memoized
def benchmark_series(engine: Engine, indicator: str,
                     areas: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """Columns: area_type, area_name, period_end, value (sorted by period)."""
    b = Benchmark.__table__
    if not areas:
        return pd.DataFrame(columns=["area_type", "area_name", "period_end", "value"])
    clauses = [(b.c.area_type == t) & (b.c.area_name == n) for t, n in areas]
    stmt = (select(b.c.area_type, b.c.area_name, b.c.period_end, b.c.value)
            .where(b.c.indicator == indicator, or_(*clauses))
            .order_by(b.c.area_type, b.c.period_end))
    return read(engine, stmt)
