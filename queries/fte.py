"""First time entrants (SPEC §4): children whose first-ever substantive outcome falls in the
period while aged 10-17, per 100,000 children aged 10-17."""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from dashboard.contract.schema import FirstEntry
from queries.cache import memoized
from queries.common import (NO_FILTER, CohortFilter, Scope, area_columns, breakdown_expr,
                            filter_clauses, periods, population, rate, read, scoped,
                            with_periods)

COLUMNS = ["area_type", "area_code", "area_name", "period_start", "period_end", "fte_count",
           "population", "rate_per_100k"]


@memoized
def fte(engine: Engine, level: str = "service", cohort: CohortFilter = NO_FILTER,
        scope: Scope = None, area_code: str | None = None, by: str | None = None,
        period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    fe = FirstEntry.__table__
    p = periods(engine, period_ends)
    area, join = area_columns(level, fe.c.local_authority)
    group = breakdown_expr(fe, by)
    keys = [p.c.period_end, area] + ([group] if group is not None else [])
    stmt = (select(*keys, func.count().label("fte_count"))
            .select_from(fe.join(p, fe.c.entry_date.between(p.c.period_start, p.c.period_end)))
            .where(and_(fe.c.in_age, *filter_clauses(fe, cohort))))
    stmt = scoped(stmt, level, fe.c.local_authority, scope, area_code, join).group_by(*keys)
    counts = read(engine, stmt)
    pops = population(engine, level, cohort, scope, area_code, period_ends, by)
    frame = with_periods(engine, level, counts, ["fte_count"], scope, area_code, by, pops,
                         period_ends)
    frame["rate_per_100k"] = rate(frame["fte_count"], frame["population"], 100_000)
    extra = ["group"] if by else []
    return frame[COLUMNS[:5] + extra + COLUMNS[5:]]
