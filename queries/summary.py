"""Reading the period summaries built at load (dashboard/etl/derive.py, `period_summary`
and `area_period`) instead of range-joining `outcome` with the reporting periods.

`period_counts` answers for an unfiltered cohort (no cohort filter) when the summary's
areas are the ones asked about: always at authority level; at service level when every
authority of each service in the result is in the user's scope; for all areas when nothing
is out of scope. Otherwise it returns None and the caller runs its own query on the rows,
which gives the same numbers (tests/integration check both ways).
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd
from sqlalchemy import Engine, or_, select

from dashboard.contract.schema import (AreaLevelPeriod, AreaPeriod, PeriodSummary,
                                       ReportingPeriod)
from dashboard.contract.selection import Selection
from queries.common import authorities, read

# A query's `by` -> the summary's dim; "in_age" is every row aged 10-17 (the whole area).
DIMS = {None: "", "sex": "sex", "age_band": "age_band", "ethnicity": "ethnicity",
        "looked_after": "looked_after", "tier": "tier", "offence_group": "offence_group",
        "outcome_type": "outcome_type", "minority": "minority", "in_age": ""}
BOOLEAN_GROUPS = {"true": True, "false": False}
# Off: every query runs on the rows (tests compare the two ways; a diagnosis switch).
ENABLED = True


def summary_areas(engine: Engine, selection: Selection) -> list[str] | None:
    """The area codes the summary may answer for (None: any area of the level), or False
    when a service or all areas would mix authorities in and out of the user's scope."""
    scope = selection.scope
    if scope is None:
        return None
    if selection.level == "local_authority":
        return list(scope)
    las = authorities(engine)
    if selection.level == "all":
        return None if set(las["code"]) <= set(scope) else False
    inside = set(scope)
    by_service = las.groupby("service")["code"].apply(set)
    touched = [s for s, codes in by_service.items() if codes & inside]
    if any(not by_service[s] <= inside for s in touched):
        return False
    return touched


def summary_usable(selection: Selection) -> bool:
    """Whether a summary of additive counts (per authority, summed within the scope) can
    answer: no cohort filter (and the summaries switched on)."""
    return ENABLED and not selection.cohort.active()


def period_counts(engine: Engine, selection: Selection, measures: dict[str, str], *,
                  by: str | None = None, period_ends: Iterable | None = None,
                  every_tier: bool = False, positive: bool = True) -> pd.DataFrame | None:
    """period_end, area_code, [group], one column per measure (label -> summary column),
    or None when the summary cannot answer (cohort filters, a scope splitting an area).

    `positive`: only rows where a measure is above 0, as GROUP BY over matching rows gives;
    indicator periods only unless `every_tier` (disposals)."""
    if not ENABLED or selection.cohort.active() or by not in DIMS:
        return None
    areas = summary_areas(engine, selection)
    if areas is False:
        return None
    ps, rp = PeriodSummary.__table__, ReportingPeriod.__table__
    columns = [ps.c.period_end, ps.c.area_code.label("area_code")]
    if by is not None:
        columns.append(ps.c.grp.label("group"))
    columns += [ps.c[column].label(label) for label, column in measures.items()]
    stmt = select(*columns).where(ps.c.level == selection.level, ps.c.dim == DIMS[by])
    if not every_tier:
        stmt = stmt.where(ps.c.period_end.in_(select(rp.c.period_end).where(rp.c.indicators)))
    if period_ends is not None:
        stmt = stmt.where(ps.c.period_end.in_(list(period_ends)))
    if selection.area and selection.level != "all":
        stmt = stmt.where(ps.c.area_code == selection.area)
    if areas is not None:
        stmt = stmt.where(ps.c.area_code.in_(areas))
    if positive:
        stmt = stmt.where(or_(*(ps.c[column] > 0 for column in measures.values())))
    frame = read(engine, stmt)
    if by == "in_age":
        frame["group"] = True
    elif by == "looked_after":
        frame["group"] = frame["group"].map(BOOLEAN_GROUPS)
    return frame


def presence_rows(engine: Engine, selection: Selection, *, every_tier: bool = False,
                  period_ends: Iterable | None = None) -> pd.DataFrame | None:
    """area_code, period_end where the area has outcome rows aged 10-17 in the period (of a
    tier other than `other` unless every_tier), ordered by period_end and area_code, read
    without grouping: authorities from area_period, services and all areas from
    area_level_period; only `period_ends` when given. None when a scope splits a service or all areas (the caller groups
    the authorities' rows within the scope) or the summaries are switched off."""
    if not ENABLED:
        return None
    rp = ReportingPeriod.__table__
    wanted = select(rp.c.period_end)
    if not every_tier:
        wanted = wanted.where(rp.c.indicators)
    if selection.level == "local_authority":
        table = AreaPeriod.__table__
        area = table.c.local_authority
        stmt = select(area.label("area_code"), table.c.period_end)
        if selection.scope is not None:
            stmt = stmt.where(area.in_(list(selection.scope)))
    else:
        areas = summary_areas(engine, selection)
        if areas is False:
            return None
        table = AreaLevelPeriod.__table__
        area = table.c.area_code
        stmt = select(area, table.c.period_end).where(table.c.level == selection.level)
        if areas is not None:
            stmt = stmt.where(area.in_(areas))
    if selection.area and selection.level != "all":
        stmt = stmt.where(area == selection.area)
    rows = table.c.rows if every_tier else table.c.indicator_rows
    stmt = stmt.where(rows > 0, table.c.period_end.in_(wanted))
    if period_ends is not None:
        stmt = stmt.where(table.c.period_end.in_(list(period_ends)))
    stmt = stmt.order_by(table.c.period_end, area)
    return read(engine, stmt)
