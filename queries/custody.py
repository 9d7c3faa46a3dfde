"""Use of custody (CONTRACT §4): custodial outcome rows per 1,000 children aged 10-17.

Reads the pre-aggregated quarter_summary table: rolling years are sums of four quarters.
v2: the distinct children behind the sentences.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pandas as pd
from sqlalchemy import Engine, func, select

from dashboard.contract.schema import Outcome, QuarterSummary
from queries.cache import memoized
from dashboard.contract.selection import Selection
from queries.children import distinct_children
from queries.common import (area_columns, breakdown_expr, filter_clauses, periods, population,
                            rate, read, scoped, with_periods)
from queries.summary import period_counts

COLUMNS = ["area_type", "area_code", "area_name", "period_start", "period_end",
           "custodial_sentences", "population", "rate_per_1000",
           "children"]   # v2 column last (the export adds the rate's interval after it)


def quarter_counts(engine: Engine, selection: Selection, *, by: str | None = None,
                   period_ends=None, extra_where=(), label: str = "rows",
                   every_tier: bool = False) -> pd.DataFrame:
    """Sum of quarter_summary rows per rolling period, area and optional breakdown (for
    cohort filters: unfiltered views read period_summary, queries/summary.py)."""
    qs = QuarterSummary.__table__
    p = periods(engine, period_ends, every_tier=every_tier)
    area, join = area_columns(selection.level, qs.c.local_authority)
    group = breakdown_expr(qs, by)
    keys = [p.c.period_end, area] + ([group] if group is not None else [])
    stmt = (select(*keys, func.sum(qs.c.rows).label(label))
            .select_from(qs.join(p, qs.c.quarter_end.between(p.c.period_start, p.c.period_end)))
            .where(*filter_clauses(qs, selection.cohort), *extra_where))
    stmt = scoped(stmt, selection, qs.c.local_authority, join).group_by(*keys)
    return read(engine, stmt)


@memoized
def custody(engine: Engine, selection: Selection, *, by: str | None = None,
            period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    counts = period_counts(engine, selection, {"custodial_sentences": "custodial_sentences",
                                               "children": "custodial_children"},
                           by=by, period_ends=period_ends)
    if counts is None:
        qs = QuarterSummary.__table__
        counts = quarter_counts(engine, selection, by=by, period_ends=period_ends,
                                extra_where=[qs.c.custodial], label="custodial_sentences")
        children = distinct_children(engine, selection, by=by, period_ends=period_ends,
                                     where=[Outcome.__table__.c.custodial])
        keys = ["period_end", "area_code"] + (["group"] if by else [])
        counts = counts.merge(children, on=keys, how="outer")
    pops = population(engine, selection, period_ends=period_ends, by=by)
    frame = with_periods(engine, selection, counts, ["custodial_sentences", "children"], by=by,
                         population_frame=pops, period_ends=period_ends)
    frame["rate_per_1000"] = rate(frame["custodial_sentences"], frame["population"], 1000)
    extra = ["group"] if by else []
    return frame[COLUMNS[:5] + extra + COLUMNS[5:]]
