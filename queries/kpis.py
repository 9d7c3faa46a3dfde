"""Local key performance indicators (CONTRACT §4c), per calendar quarter, in SQL.

Each KPI is a numerator over a denominator. Interventions count in the quarter of their
end_date and the area of their local_authority (a service is the union of its authorities,
so each intervention counts once; every intervention has one authority). Board attendance
belongs to a service, so it has service and `all` rows only. Serious violence counts
outcome rows per 10,000 children aged 10-17, only for quarters ending on a period end the
area reports (the area-periods of fte.csv).

Cohort filters do not apply: the local files carry no demographics. `value` is the plain
ratio; the analysis layer adds the confidence interval (dashboard/analysis/kpis.py).
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pandas as pd
from sqlalchemy import Engine, and_, case, func, literal, select

from dashboard.contract.local_schema import (OTHER_PARTNER, BoardAttendance, Intervention,
                                             InterventionSummary, LocalQuarterSummary, Victim)
from dashboard.contract.periods import quarter_start
from dashboard.contract.schema import LocalAuthority, Outcome
from dashboard.contract.selection import Selection
from queries.cache import memoized
from queries.common import (area_columns, area_names, data_presence, population, rate, read,
                            scoped)
from dashboard.etl.local_summary import (SERIOUS_VIOLENCE_GRAVITY, SERIOUS_VIOLENCE_GROUPS,
                                         intervention_measures)
from queries.local_periods import quarter_bounds
from queries import summary as summaries

# CONTRACT §4c, in its table's order (also the export's order within an area and quarter).
UNITS = {
    "accommodation_suitable": "pct", "ete_suitable": "pct", "send_plan": "pct",
    "mental_health_intervention": "pct", "substance_intervention": "pct",
    "out_of_court_completed": "pct", "wider_looked_after": "pct",
    "wider_child_in_need": "pct", "wider_child_protection": "pct",
    "board_attendance": "pct", "victims_engaged": "pct", "serious_violence": "per_10000",
}
KPI_ORDER = list(UNITS)
INTERVENTION_KPIS = KPI_ORDER[:9]
PER = {"pct": 100, "per_10000": 10_000}
COLUMNS = ["area_type", "area_code", "area_name", "period_start", "period_end", "kpi",
           "numerator", "denominator", "value", "unit"]
_COUNTS = ["area_code", "period_end", "kpi", "numerator", "denominator"]


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def _summary_stmt(engine, selection, table, *columns):
    """A statement on a local summary table (level, area_code, quarter) for the selection's
    level, area, scope and quarters, or None when a scope splits a service or all areas
    (the caller reads the rows) or the summaries are off."""
    if not summaries.ENABLED:   # read at call time: tests switch the summaries off
        return None
    areas = summaries.summary_areas(engine, selection)
    if areas is False:
        return None
    stmt = select(*columns).where(table.c.level == selection.level)
    if selection.area and selection.level != "all":
        stmt = stmt.where(table.c.area_code == selection.area)
    if areas is not None:
        stmt = stmt.where(table.c.area_code.in_(list(areas)))
    return stmt


def _intervention_counts(engine, selection, by, period_ends) -> pd.DataFrame:
    measures = intervention_measures(Intervention.__table__)
    s = InterventionSummary.__table__
    keys = [s.c.quarter_end.label("period_end"), s.c.area_code] + (
        [s.c.kind.label("group")] if by else [])
    stmt = _summary_stmt(engine, selection, s, *keys, *[
        func.sum(s.c[f"{kpi}_{part}"]).label(f"{kpi}__{part}") for kpi in measures
        for part in ("numerator", "denominator")])
    if stmt is not None:   # built at load: a few summary rows
        if period_ends is not None:
            stmt = stmt.where(s.c.quarter_end.in_(list(period_ends)))
        wide = read(engine, stmt.group_by(*keys))
    else:
        wide = _intervention_rows(engine, selection, by, period_ends, measures)
    ids = ["area_code", "period_end"] + (["group"] if by else [])
    long = [wide[ids].assign(kpi=kpi, numerator=wide[f"{kpi}__numerator"],
                             denominator=wide[f"{kpi}__denominator"]) for kpi in measures]
    return pd.concat(long, ignore_index=True)


def _intervention_rows(engine, selection, by, period_ends, measures) -> pd.DataFrame:
    """_intervention_counts on the intervention rows (a scope splitting a service)."""
    i = Intervention.__table__
    area, join = area_columns(selection.level, i.c.local_authority)
    keys = [i.c.end_quarter.label("period_end"), area] + (
        [i.c.kind.label("group")] if by else [])
    sums = [_count(cond).label(f"{kpi}__{part}") for kpi, conds in measures.items()
            for part, cond in zip(("numerator", "denominator"), conds)]
    stmt = select(*keys, *sums).where(i.c.end_quarter.is_not(None))  # ended only
    if period_ends is not None:
        stmt = stmt.where(i.c.end_quarter.in_(list(period_ends)))
    return read(engine, scoped(stmt, selection, i.c.local_authority, join).group_by(*keys))


def local_summary_rows(engine, selection, measure, period_ends, *columns) -> pd.DataFrame | None:
    """Rows of local_quarter_summary for one measure (period_end, area_code, then
    `columns` as labelled), or None when the summary cannot answer."""
    s = LocalQuarterSummary.__table__
    stmt = _summary_stmt(engine, selection, s, s.c.quarter_end.label("period_end"),
                         s.c.area_code, *[s.c[name].label(label) for label, name in columns])
    if stmt is None:
        return None
    stmt = stmt.where(s.c.measure == measure)
    if period_ends is not None:
        stmt = stmt.where(s.c.quarter_end.in_(list(period_ends)))
    return read(engine, stmt)


def _board_attendance(engine, selection, period_ends) -> pd.DataFrame:
    """Rows with a statutory partner (not `other`); a service's rows are in scope when any
    of its authorities is."""
    if selection.level == "local_authority":
        return pd.DataFrame(columns=_COUNTS)
    found = local_summary_rows(engine, selection, "board_attendance", period_ends,
                           ("numerator", "numerator"), ("denominator", "denominator"))
    if found is not None:
        found.insert(2, "kpi", "board_attendance")
        return found
    b, la = BoardAttendance.__table__, LocalAuthority.__table__
    area = (b.c.service if selection.level == "service" else literal("all")).label("area_code")
    stmt = select(b.c.quarter_end.label("period_end"), area,
                  literal("board_attendance").label("kpi"),
                  _count(b.c.attended.is_(True)).label("numerator"),
                  func.count().label("denominator")).where(b.c.partner != OTHER_PARTNER)
    if selection.scope is not None:
        stmt = stmt.where(b.c.service.in_(
            select(la.c.service).where(la.c.code.in_(list(selection.scope)))))
    if selection.area and selection.level == "service":
        stmt = stmt.where(b.c.service == selection.area)
    if period_ends is not None:
        stmt = stmt.where(b.c.quarter_end.in_(list(period_ends)))
    return read(engine, stmt.group_by(b.c.quarter_end, area))


def _victims(engine, selection, period_ends) -> pd.DataFrame:
    found = local_summary_rows(engine, selection, "victims_engaged", period_ends,
                           ("numerator", "numerator"), ("denominator", "denominator"))
    if found is not None:
        found.insert(2, "kpi", "victims_engaged")
        return found
    v = Victim.__table__
    area, join = area_columns(selection.level, v.c.local_authority)
    stmt = select(v.c.quarter_end.label("period_end"), area,
                  literal("victims_engaged").label("kpi"),
                  _count(and_(v.c.consented.is_(True), v.c.engaged.is_(True))).label(
                      "numerator"),
                  _count(v.c.consented.is_(True)).label("denominator"))
    if period_ends is not None:
        stmt = stmt.where(v.c.quarter_end.in_(list(period_ends)))
    stmt = scoped(stmt, selection, v.c.local_authority, join)
    return read(engine, stmt.group_by(v.c.quarter_end, area))


def _serious_violence(engine, selection, period_ends) -> pd.DataFrame:
    """Qualifying outcome rows in the quarter ending at each of the area's reported period
    ends, over that period's population (CONTRACT §3 rule)."""
    place = selection.place()
    reported = data_presence(engine, place)
    if period_ends is not None:
        reported = reported[reported["period_end"].isin(list(period_ends))]
    if reported.empty:
        return pd.DataFrame(columns=_COUNTS)
    counts = local_summary_rows(engine, selection, "serious_violence", period_ends,
                            ("numerator", "rows"))
    if counts is None:
        counts = _serious_violence_rows(engine, selection, period_ends)
        if counts is None:
            return pd.DataFrame(columns=_COUNTS)
    pops = population(engine, place, period_ends=period_ends).rename(
        columns={"population": "denominator"})
    frame = reported.merge(pops, on=["area_code", "period_end"]).merge(
        counts, on=["area_code", "period_end"], how="left")
    frame["numerator"] = frame["numerator"].fillna(0)
    frame["kpi"] = "serious_violence"
    return frame[_COUNTS]


def _serious_violence_rows(engine, selection, period_ends) -> pd.DataFrame | None:
    """Serious violence's outcome rows per quarter on the rows (a scope splitting a
    service): period_end, area_code, numerator."""
    q = quarter_bounds(engine, period_ends)
    if q is None:
        return None
    o = Outcome.__table__
    area, join = area_columns(selection.level, o.c.local_authority)
    stmt = (select(q.c.period_end, area, func.count().label("numerator"))
            .select_from(o.join(q, o.c.outcome_date.between(q.c.quarter_start,
                                                            q.c.period_end)))
            .where(o.c.substantive, o.c.in_age,
                   o.c.gravity >= SERIOUS_VIOLENCE_GRAVITY,
                   func.lower(o.c.offence_group).in_(SERIOUS_VIOLENCE_GROUPS)))
    stmt = scoped(stmt, selection, o.c.local_authority, join).group_by(q.c.period_end, area)
    return read(engine, stmt)


@memoized
def kpis(engine: Engine, selection: Selection, *, by: str | None = None,
         period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    """One row per area, quarter and KPI (and kind, with by="kind") whose denominator is
    above 0. `period_ends` picks quarters by their last day. by="kind" splits the nine
    intervention KPIs by the intervention's kind (column `group`); the other three KPIs have
    no kind and are left out then."""
    if by not in (None, "kind"):
        raise ValueError(f"KPIs split only by kind, not {by!r}")
    parts = [_intervention_counts(engine, selection, by, period_ends)]
    if by is None:
        parts += [_board_attendance(engine, selection, period_ends),
                  _victims(engine, selection, period_ends),
                  _serious_violence(engine, selection, period_ends)]
    extra = ["group"] if by else []
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=COLUMNS[:6] + extra + COLUMNS[6:])
    frame = pd.concat(parts, ignore_index=True)
    for column in ("numerator", "denominator"):
        frame[column] = pd.to_numeric(frame[column]).astype("int64")
    frame = frame[frame["denominator"] > 0].copy()
    frame["unit"] = frame["kpi"].map(UNITS)
    frame["value"] = rate(frame["numerator"], frame["denominator"], 1) * frame["unit"].map(PER)
    frame["period_start"] = [quarter_start(end) for end in frame["period_end"]]
    frame = frame.merge(area_names(engine, selection.level, selection.scope), on="area_code",
                        how="left")
    frame.insert(0, "area_type", selection.level)
    frame["order"] = frame["kpi"].map(KPI_ORDER.index)
    frame = frame.sort_values(["area_code", "period_end", "order"] + extra)
    return frame.reset_index(drop=True)[COLUMNS[:6] + extra + COLUMNS[6:]]
