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

from dashboard.contract.local_schema import (OTHER_PARTNER, OUT_OF_COURT_KINDS, BoardAttendance,
                                             Intervention, Victim)
from dashboard.contract.periods import quarter_start
from dashboard.contract.schema import LocalAuthority, Outcome
from dashboard.contract.selection import Selection
from queries.cache import memoized
from queries.common import (area_columns, area_names, data_presence, population, rate, read,
                            scoped)
from queries.local_periods import quarter_bounds

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
SERIOUS_VIOLENCE_GROUPS = ("violence against the person", "robbery", "drug offences",
                           "possession of weapons")  # compared in lower case
SERIOUS_VIOLENCE_GRAVITY = 5
COLUMNS = ["area_type", "area_code", "area_name", "period_start", "period_end", "kpi",
           "numerator", "denominator", "value", "unit"]
_COUNTS = ["area_code", "period_end", "kpi", "numerator", "denominator"]


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def _intervention_measures(i) -> dict:
    """kpi -> (numerator condition, denominator condition), among ended interventions."""
    def share(column, value):  # "= value" over "recorded"
        return column == value, column.is_not(None)

    def need_met(need, met):   # "need and met" over "need"
        return and_(need.is_(True), met.is_(True)), need.is_(True)

    out_of_court = i.c.kind.in_(OUT_OF_COURT_KINDS)
    return {
        "accommodation_suitable": share(i.c.accommodation_end, "suitable"),
        "ete_suitable": share(i.c.ete_end, "suitable"),
        "send_plan": need_met(i.c.send_identified, i.c.send_plan),
        "mental_health_intervention": need_met(i.c.mental_health_need,
                                               i.c.mental_health_intervention),
        "substance_intervention": need_met(i.c.substance_need, i.c.substance_intervention),
        "out_of_court_completed": (and_(out_of_court, i.c.end_reason == "completed"),
                                   out_of_court),
        "wider_looked_after": share(i.c.looked_after_end, True),
        "wider_child_in_need": share(i.c.child_in_need_end, True),
        "wider_child_protection": share(i.c.child_protection_end, True),
    }


def _intervention_counts(engine, selection, by, period_ends) -> pd.DataFrame:
    i = Intervention.__table__
    area, join = area_columns(selection.level, i.c.local_authority)
    keys = [i.c.end_quarter.label("period_end"), area] + (
        [i.c.kind.label("group")] if by else [])
    measures = _intervention_measures(i)
    sums = [_count(cond).label(f"{kpi}__{part}") for kpi, conds in measures.items()
            for part, cond in zip(("numerator", "denominator"), conds)]
    stmt = select(*keys, *sums).where(i.c.end_quarter.is_not(None))  # ended only
    if period_ends is not None:
        stmt = stmt.where(i.c.end_quarter.in_(list(period_ends)))
    wide = read(engine, scoped(stmt, selection, i.c.local_authority, join).group_by(*keys))
    ids = ["area_code", "period_end"] + (["group"] if by else [])
    long = [wide[ids].assign(kpi=kpi, numerator=wide[f"{kpi}__numerator"],
                             denominator=wide[f"{kpi}__denominator"]) for kpi in measures]
    return pd.concat(long, ignore_index=True)


def _board_attendance(engine, selection, period_ends) -> pd.DataFrame:
    """Rows with a statutory partner (not `other`); a service's rows are in scope when any
    of its authorities is."""
    if selection.level == "local_authority":
        return pd.DataFrame(columns=_COUNTS)
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
    q = quarter_bounds(engine, period_ends)
    if reported.empty or q is None:
        return pd.DataFrame(columns=_COUNTS)
    o = Outcome.__table__
    area, join = area_columns(selection.level, o.c.local_authority)
    stmt = (select(q.c.period_end, area, func.count().label("numerator"))
            .select_from(o.join(q, o.c.outcome_date.between(q.c.quarter_start,
                                                            q.c.period_end)))
            .where(o.c.substantive, o.c.in_age,
                   o.c.gravity >= SERIOUS_VIOLENCE_GRAVITY,
                   func.lower(o.c.offence_group).in_(SERIOUS_VIOLENCE_GROUPS)))
    stmt = scoped(stmt, selection, o.c.local_authority, join).group_by(q.c.period_end, area)
    counts = read(engine, stmt)
    pops = population(engine, place, period_ends=period_ends).rename(
        columns={"population": "denominator"})
    frame = reported.merge(pops, on=["area_code", "period_end"]).merge(
        counts, on=["area_code", "period_end"], how="left")
    frame["numerator"] = frame["numerator"].fillna(0)
    frame["kpi"] = "serious_violence"
    return frame[_COUNTS]


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
