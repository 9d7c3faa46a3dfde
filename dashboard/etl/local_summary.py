"""Summaries of the local indicators built at load (contract/local_schema.py), so a page's
KPIs read a few summary rows instead of the intervention, victim, board attendance and
outcome rows:

- intervention_summary: ended interventions per quarter of their end, area and kind, with
  each intervention KPI's numerator and denominator (the conditions below, which
  queries/kpis.py also uses on the rows);
- local_quarter_summary: victims, board attendance and serious violence per quarter and area.

The interventions, victims and board attendance are grouped by SQL inside the load's
transaction (after they are inserted: no second copy of a million rows in Python); serious
violence is counted on the outcomes frame the load holds. Authority rows are summed to
services and to all areas (exact: each row has one authority; a board belongs to a service).
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, case, func, select

from dashboard.contract.local_schema import (INTERVENTION_KPIS, OTHER_PARTNER,
                                             OUT_OF_COURT_KINDS, BoardAttendance,
                                             Intervention, Victim)
from dashboard.contract.periods import quarter_end
from dashboard.etl.derive import _each, with_levels

SERIOUS_VIOLENCE_GROUPS = ("violence against the person", "robbery", "drug offences",
                           "possession of weapons")  # compared in lower case
SERIOUS_VIOLENCE_GRAVITY = 5
LOCAL_MEASURES = ["rows", "numerator", "denominator"]


def intervention_measures(i) -> dict:
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


def count_where(condition):
    return func.sum(case((condition, 1), else_=0))


INTERVENTION_COLUMNS = ["interventions"] + [f"{kpi}_{part}" for kpi in INTERVENTION_KPIS
                                            for part in ("numerator", "denominator")]


def _fetch(conn, stmt) -> pd.DataFrame:
    result = conn.execute(stmt)
    return pd.DataFrame(list(map(tuple, result.fetchall())), columns=list(result.keys()))


def intervention_summary(conn, authorities: list[dict]) -> pd.DataFrame:
    """Ended interventions per level, area, quarter of their end and kind, with each KPI's
    numerator and denominator (read from the loaded intervention rows)."""
    i = Intervention.__table__
    sums = [func.count().label("interventions")]
    for kpi, conditions in intervention_measures(i).items():
        sums += [count_where(condition).label(f"{kpi}_{part}")
                 for part, condition in zip(("numerator", "denominator"), conditions)]
    keys = [i.c.end_quarter.label("quarter_end"), i.c.local_authority, i.c.kind]
    frame = _fetch(conn, select(*keys, *sums).where(i.c.end_quarter.is_not(None))
                   .group_by(*keys))
    if frame.empty:
        return frame
    return with_levels(frame, authorities, ["quarter_end", "kind"],
                                 INTERVENTION_COLUMNS)


def serious_violence_rows(outcomes: pd.DataFrame) -> pd.Series:
    """Which outcome rows count in serious violence (CONTRACT §4c)."""
    gravity = pd.to_numeric(outcomes["gravity"], errors="coerce")
    return (outcomes["substantive"] & outcomes["in_age"]
            & (gravity >= SERIOUS_VIOLENCE_GRAVITY).to_numpy()
            & outcomes["offence_group"].str.lower().isin(SERIOUS_VIOLENCE_GROUPS))


def local_quarter_summary(conn, outcomes: pd.DataFrame,
                          authorities: list[dict]) -> pd.DataFrame:
    """Victims engaged, board attendance and serious violence per level, area and quarter."""
    columns = ["level", "area_code", "quarter_end", "measure", *LOCAL_MEASURES]
    parts = []
    v = Victim.__table__
    victims = _fetch(conn, select(
        v.c.quarter_end, v.c.local_authority, func.count().label("rows"),
        count_where(and_(v.c.consented.is_(True), v.c.engaged.is_(True))).label("numerator"),
        count_where(v.c.consented.is_(True)).label("denominator"))
        .group_by(v.c.quarter_end, v.c.local_authority))
    if not victims.empty:
        parts.append(with_levels(victims.assign(measure="victims_engaged"),
                                           authorities, ["quarter_end", "measure"],
                                           LOCAL_MEASURES))
    counted = outcomes.loc[serious_violence_rows(outcomes), ["outcome_date", "local_authority"]]
    if not counted.empty:
        counted["quarter_end"] = _each(quarter_end, counted["outcome_date"])
        violence = (counted.groupby(["quarter_end", "local_authority"]).size()
                    .rename("rows").reset_index())
        violence["numerator"], violence["denominator"] = violence["rows"], 0
        parts.append(with_levels(violence.assign(measure="serious_violence"),
                                           authorities, ["quarter_end", "measure"],
                                           LOCAL_MEASURES))
    b = BoardAttendance.__table__
    statutory = b.c.partner != OTHER_PARTNER
    board = _fetch(conn, select(
        b.c.quarter_end, b.c.service.label("area_code"), func.count().label("rows"),
        count_where(and_(statutory, b.c.attended.is_(True))).label("numerator"),
        count_where(statutory).label("denominator"))
        .group_by(b.c.quarter_end, b.c.service))
    if not board.empty:
        board.insert(0, "level", "service")
        every = board.groupby("quarter_end", as_index=False)[LOCAL_MEASURES].sum()
        every.insert(0, "area_code", "all")
        every.insert(0, "level", "all")
        board = pd.concat([board, every], ignore_index=True).assign(measure="board_attendance")
        board[LOCAL_MEASURES] = board[LOCAL_MEASURES].astype("int64")
        parts.append(board[columns])
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]
