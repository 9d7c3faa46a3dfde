"""Published comparator figures (benchmarks.csv) and which apply to an area."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, or_, select

from dashboard.contract.schema import Benchmark
from queries.cache import memoized
from queries.common import read, read_rows

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


# --- v2: published figures with their counts (national rank, funnel plot) ---------------
PUBLISHED_COLUMNS = ["area_type", "area_name", "period_end", "value", "numerator", "denominator"]


@memoized
def published_figures(engine: Engine, indicator: str, period_end,
                      area_types: tuple[str, ...] = ("service",)) -> pd.DataFrame:
    """Published rows of benchmarks.csv for one indicator and period_end, with the optional
    numerator and denominator (None when not published), in file order. Only INDICATORS
    are ever published (the loader refuses others): for the rest, no statement."""
    wanted = set(area_types)
    rows = _published_period(engine, period_end) if indicator in INDICATORS else []
    return pd.DataFrame([row[1:] for row in rows if row[0] == indicator and row[1] in wanted],
                        columns=PUBLISHED_COLUMNS)


@memoized
def _published_period(engine: Engine, period_end) -> list[tuple]:
    """Every published row of one period_end (indicator, then PUBLISHED_COLUMNS), in file
    order: one read serves a page's comparators and national ranks of every indicator for
    that period."""
    b = Benchmark.__table__
    stmt = (select(b.c.indicator, *[b.c[c] for c in PUBLISHED_COLUMNS])
            .where(b.c.indicator.in_(list(INDICATORS)), b.c.period_end == period_end)
            .order_by(b.c.id))
    return read_rows(engine, stmt)


def national_value(engine: Engine, indicator: str, period_end) -> float | None:
    """England and Wales's published value (the first national row), or None."""
    frame = published_figures(engine, indicator, period_end, ("national",))
    return float(frame["value"].iloc[0]) if not frame.empty else None
