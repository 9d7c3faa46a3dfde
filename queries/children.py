"""Distinct children per rolling period and area (v2: custody's children, looked-after
offending). Distinct counts cannot be summed from quarter_summary: unfiltered views read
them from period_summary (built at load); with cohort filters this range-joins `outcome`
with the reporting periods on the indexed outcome_date."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from dashboard.contract.schema import Outcome
from dashboard.contract.selection import Selection
from queries.common import area_columns, breakdown_expr, filter_clauses, periods, read, scoped
from queries.summary import period_counts


def distinct_children(engine: Engine, selection: Selection, *, where=(), by: str | None = None,
                      period_ends=None, label: str = "children",
                      summary: str | None = None) -> pd.DataFrame:
    """Children aged 10-17 at an outcome row meeting `where`, per period_end, area_code (and
    `group` when `by`): a child counts once per area however many rows or authorities.

    `summary`: the period_summary column counting the same children (read when it can
    answer, queries/summary.py)."""
    if summary is not None:
        counts = period_counts(engine, selection, {label: summary}, by=by,
                               period_ends=period_ends)
        if counts is not None:
            return counts
    o = Outcome.__table__
    p = periods(engine, period_ends)
    area, join = area_columns(selection.level, o.c.local_authority)
    group = breakdown_expr(o, by)
    keys = [p.c.period_end, area] + ([group] if group is not None else [])
    stmt = (select(*keys, func.count(o.c.child_id.distinct()).label(label))
            .select_from(o.join(p, o.c.outcome_date.between(p.c.period_start, p.c.period_end)))
            .where(and_(o.c.in_age, *filter_clauses(o, selection.cohort), *where)))
    stmt = scoped(stmt, selection, o.c.local_authority, join).group_by(*keys)
    return read(engine, stmt)
