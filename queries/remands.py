"""Remands (CONTRACT §4d) per reported area and rolling 12-month period, in SQL.

Nights: an episode is on remand on the nights of start_date up to the day before end_date
(1 to 3 January = the nights of 1 and 2 January). An open episode runs to the as-of date
inclusive: its nights run through the as-of date's night, as if it ended the day after.
A period counts the nights d with period_start <= d <= period_end. With day numbers
(date.toordinal) that is
    max(0, min(stop, last_day + 1) - max(start_day, first_day)),
    stop = end_day, or as_of + 1 for an open episode.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pandas as pd
from sqlalchemy import Engine, and_, case, distinct, func, or_, select

from dashboard.contract.schema import LoadedFile
from dashboard.contract.local_schema import (CUSTODIAL_SENTENCE, YOUTH_DETENTION, Remand)
from dashboard.contract.selection import Selection
from queries.cache import memoized
from queries.common import area_columns, rate, read, scoped, with_periods
from queries.local_periods import year_day_bounds
from queries.reoffending import default_as_of

COLUMNS = ["area_type", "area_code", "area_name", "period_start", "period_end", "episodes",
           "children", "nights", "yda_nights", "cost", "yda_ended", "yda_not_custodial",
           "yda_not_custodial_pct"]
COUNTS = ["episodes", "children", "nights", "yda_nights", "yda_ended", "yda_not_custodial"]


@memoized
def remands_loaded(engine: Engine) -> bool:
    """Whether the last load had a remands.csv (even one with no rows)."""
    stmt = select(func.count()).select_from(LoadedFile).where(LoadedFile.name == "remands.csv")
    with engine.connect() as conn:
        return bool(conn.execute(stmt).scalar())


def _least(a, b):
    return case((a < b, a), else_=b)


def _greatest(a, b):
    return case((a > b, a), else_=b)


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def _counts(engine, selection, as_of: date, period_ends) -> pd.DataFrame:
    r, y = Remand.__table__, year_day_bounds(engine, period_ends)
    if y is None:
        return pd.DataFrame(columns=["area_code", "period_end", *COUNTS, "cost"])
    area, join = area_columns(selection.level, r.c.local_authority)
    stop = func.coalesce(r.c.end_day, as_of.toordinal() + 1)
    nights_in = _least(stop, y.c.last_day + 1) - _greatest(r.c.start_day, y.c.first_day)
    nights = case((nights_in > 0, nights_in), else_=0)
    started = r.c.start_day.between(y.c.first_day, y.c.last_day)
    yda = r.c.type == YOUTH_DETENTION
    yda_ended = and_(yda, r.c.end_day.between(y.c.first_day, y.c.last_day),
                     r.c.result.is_not(None))
    costed = and_(r.c.cost_per_night.is_not(None), nights_in > 0)
    # Episodes whose span [start, end] meets the period: every one that starts, ends or
    # has a night in it.
    meets = and_(r.c.start_day <= y.c.last_day,
                 or_(r.c.end_day.is_(None), r.c.end_day >= y.c.first_day))
    stmt = (select(y.c.period_end, area,
                   _count(started).label("episodes"),
                   func.count(distinct(case((started, r.c.child_id)))).label("children"),
                   func.sum(nights).label("nights"),
                   func.sum(case((yda, nights), else_=0)).label("yda_nights"),
                   # NULL (an empty cell) when no episode with nights here has a cost
                   func.sum(case((costed, nights * r.c.cost_per_night))).label("cost"),
                   _count(yda_ended).label("yda_ended"),
                   _count(and_(yda_ended, r.c.result != CUSTODIAL_SENTENCE)).label(
                       "yda_not_custodial"))
            .select_from(r.join(y, meets)))
    stmt = scoped(stmt, selection, r.c.local_authority, join)
    return read(engine, stmt.group_by(y.c.period_end, area))


@memoized
def remands(engine: Engine, selection: Selection, *, as_of: date | None = None,
            period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    """One row per area-period the area reports (as fte.csv), zeros where no episode;
    as_of defaults to the latest outcome date loaded."""
    as_of = as_of or default_as_of(engine)
    counts = _counts(engine, selection, as_of, period_ends)
    frame = with_periods(engine, selection, counts, COUNTS, period_ends=period_ends)
    cost = frame["cost"] if "cost" in frame else pd.Series(index=frame.index, dtype="float64")
    frame["cost"] = pd.to_numeric(cost, errors="coerce").astype("float64")
    frame["yda_not_custodial_pct"] = rate(frame["yda_not_custodial"], frame["yda_ended"], 100)
    return frame[COLUMNS]
