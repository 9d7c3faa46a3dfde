"""Disposals (CONTRACT §4): outcome rows and distinct children per outcome type, all tiers.

v2: local codes from outcome_types.csv are listed with their tier (tier `other` included,
and only here), after the §2 codes in the order the file declares them."""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from dashboard.contract.schema import Outcome, OutcomeType
from queries.cache import memoized
from dashboard.contract.selection import Selection
from queries.common import area_columns, filter_clauses, periods, read, scoped, with_periods
from queries.custody import quarter_counts
from queries.summary import period_counts

COLUMNS = ["area_type", "area_code", "area_name", "period_start", "period_end",
           "outcome_type", "tier", "disposals", "children", "pct_of_disposals"]


def children_by(engine: Engine, selection: Selection, group_column: str, *, period_ends=None,
                extra_where=(), label: str = "children") -> pd.DataFrame:
    """Distinct children (aged 10-17 at the outcome) per period, area and a grouping column.

    Every tier counts here, `other` included (in the periods it alone reaches, too)."""
    if not extra_where:
        counts = period_counts(engine, selection, {label: "children"}, by=group_column,
                               period_ends=period_ends, every_tier=True)
        if counts is not None:
            return counts
    o = Outcome.__table__
    p = periods(engine, period_ends, every_tier=True)
    area, join = area_columns(selection.level, o.c.local_authority)
    keys = [p.c.period_end, area, o.c[group_column].label("group")]
    stmt = (select(*keys, func.count(o.c.child_id.distinct()).label(label))
            .select_from(o.join(p, o.c.outcome_date.between(p.c.period_start, p.c.period_end)))
            .where(and_(o.c.in_age, *filter_clauses(o, selection.cohort), *extra_where)))
    stmt = scoped(stmt, selection, o.c.local_authority, join).group_by(*keys)
    return read(engine, stmt)


@memoized
def disposals(engine: Engine, selection: Selection, *,
              period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    counts = period_counts(engine, selection, {"disposals": "outcome_rows",
                                               "children": "children"},
                           by="outcome_type", period_ends=period_ends, every_tier=True)
    if counts is None:
        rows = quarter_counts(engine, selection, by="outcome_type", period_ends=period_ends,
                              label="disposals", every_tier=True)
        kids = children_by(engine, selection, "outcome_type", period_ends=period_ends)
        counts = rows.merge(kids, on=["period_end", "area_code", "group"], how="outer")
    frame = with_periods(engine, selection, counts, ["disposals", "children"],
                         by="outcome_type", period_ends=period_ends, every_tier=True)
    frame = frame[frame["disposals"] > 0].rename(columns={"group": "outcome_type"})
    totals = frame.groupby(["area_code", "period_end"])["disposals"].transform("sum")
    frame["pct_of_disposals"] = frame["disposals"] / totals * 100
    types = outcome_types(engine).set_index("code")
    frame["tier"] = frame["outcome_type"].map(types["tier"])
    frame["label"] = frame["outcome_type"].map(types["label"])
    frame = frame.assign(_order=frame["outcome_type"].map(types["sort_order"]))
    frame = frame.sort_values(["area_code", "period_end", "_order"]).reset_index(drop=True)
    return frame[COLUMNS + ["label"]]


@memoized
def outcome_types(engine: Engine) -> pd.DataFrame:
    """The loaded outcome types (§2 and local): code, label, tier, substantive, custodial,
    local, sort_order - in display order."""
    ot = OutcomeType.__table__
    return read(engine, select(ot).order_by(ot.c.sort_order))
