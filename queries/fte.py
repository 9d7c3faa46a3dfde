"""First time entrants (CONTRACT §4): children whose first-ever substantive outcome falls in the
period while aged 10-17, per 100,000 children aged 10-17."""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from dashboard.contract.schema import FirstEntry
from queries.cache import memoized
from dashboard.contract.selection import Selection
from queries.common import (area_columns, breakdown_expr, filter_clauses, periods, population,
                            rate, read, scoped, with_periods)
from queries.summary import period_counts

COLUMNS = ["area_type", "area_code", "area_name", "period_start", "period_end", "fte_count",
           "population", "rate_per_100k"]


def fte_counts(engine: Engine, selection: Selection, *, by: str | None = None,
               period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    """First entries per period, area (and group) from first_entry: any cohort filters."""
    fe = FirstEntry.__table__
    p = periods(engine, period_ends)
    area, join = area_columns(selection.level, fe.c.local_authority)
    group = breakdown_expr(fe, by)
    keys = [p.c.period_end, area] + ([group] if group is not None else [])
    stmt = (select(*keys, func.count().label("fte_count"))
            .select_from(fe.join(p, fe.c.entry_date.between(p.c.period_start, p.c.period_end)))
            .where(and_(fe.c.in_age, *filter_clauses(fe, selection.cohort))))
    stmt = scoped(stmt, selection, fe.c.local_authority, join).group_by(*keys)
    return read(engine, stmt)


@memoized
def fte(engine: Engine, selection: Selection, *, by: str | None = None,
        period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    counts = period_counts(engine, selection, {"fte_count": "fte_count"}, by=by,
                           period_ends=period_ends)
    if counts is None:
        counts = fte_counts(engine, selection, by=by, period_ends=period_ends)
    pops = population(engine, selection, period_ends=period_ends, by=by)
    frame = with_periods(engine, selection, counts, ["fte_count"], by=by, population_frame=pops,
                         period_ends=period_ends)
    frame["rate_per_100k"] = rate(frame["fte_count"], frame["population"], 100_000)
    extra = ["group"] if by else []
    return frame[COLUMNS[:5] + extra + COLUMNS[5:]]
