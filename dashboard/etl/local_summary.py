"""Summaries of the local indicators built at load (contract/local_schema.py), so a page's
KPIs read a few summary rows instead of the intervention, victim, board attendance and
outcome rows:

- intervention_summary: ended interventions per quarter of their end, area and kind, with
  each intervention KPI's numerator and denominator (the conditions below, which
  queries/kpis.py also uses on the rows);
- local_quarter_summary: victims, board attendance and serious violence per quarter and area.

Interventions are counted on their validated columns by integer codes (the conditions of
`intervention_measures` worked out once per distinct value); victims and board attendance
are grouped by SQL inside the load's transaction; serious violence is counted on the
outcomes frame the load holds. Authority rows are summed to
services and to all areas (exact: each row has one authority; a board belongs to a service).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, func, select

from dashboard.contract.local_schema import (INTERVENTION_KPIS, OTHER_PARTNER,
                                             OUT_OF_COURT_KINDS, BoardAttendance,
                                             Intervention, Victim)
from dashboard.contract.periods import quarter_end
from dashboard.etl.derive import _each, with_levels
from dashboard.etl.validate import Coded, Rows

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


def _coded(values) -> tuple[np.ndarray, list]:
    """A validated column as integer codes and the value of each code (None: empty)."""
    if isinstance(values, Coded):   # its values may repeat (end_quarter: one per end date)
        dtype = np.uint8 if values.codes.itemsize == 1 else np.uint16
        codes, values = np.frombuffer(values.codes, dtype=dtype), values.values
    else:
        codes, values = None, values
    distinct, uniques = pd.factorize(pd.Series(list(values), dtype=object),
                                     use_na_sentinel=False)
    distinct = distinct.astype(np.intp)
    return (distinct if codes is None else distinct[codes],
            [None if u is None or u != u else u for u in uniques])


def _where(rows: Rows, name: str, test) -> np.ndarray:
    """Each row's test(value of column `name`), as booleans (a test per distinct value)."""
    codes, values = _coded(rows.columns[name])
    return np.array([bool(test(value)) for value in values] + [False], dtype=bool)[codes]


def _is(value):
    return lambda v: v is not None and v == value


def _recorded(v) -> bool:
    return v is not None


def _row_measures(rows: Rows) -> dict:
    """kpi -> (numerator, denominator) booleans per row: intervention_measures' conditions
    (SQL: NULL is neither equal to a value nor true) on the validated columns."""
    def share(column, value):
        return _where(rows, column, _is(value)), _where(rows, column, _recorded)

    def need_met(need, met):
        needed = _where(rows, need, _is(True))
        return needed & _where(rows, met, _is(True)), needed

    out_of_court = _where(rows, "kind", lambda kind: kind in OUT_OF_COURT_KINDS)
    return {
        "accommodation_suitable": share("accommodation_end", "suitable"),
        "ete_suitable": share("ete_end", "suitable"),
        "send_plan": need_met("send_identified", "send_plan"),
        "mental_health_intervention": need_met("mental_health_need",
                                               "mental_health_intervention"),
        "substance_intervention": need_met("substance_need", "substance_intervention"),
        "out_of_court_completed": (out_of_court & _where(rows, "end_reason",
                                                         _is("completed")), out_of_court),
        "wider_looked_after": share("looked_after_end", True),
        "wider_child_in_need": share("child_in_need_end", True),
        "wider_child_protection": share("child_protection_end", True),
    }


def intervention_summary(rows: Rows, authorities: list[dict]) -> pd.DataFrame:
    """Ended interventions per level, area, quarter of their end and kind, with each KPI's
    numerator and denominator, counted on the validated rows (with their end_quarter, as
    inserted: load_local.local_tables) by integer codes."""
    if not len(rows):
        return pd.DataFrame()
    quarter_at, quarters = _coded(rows.columns["end_quarter"])
    la_at, las = _coded(rows.columns["local_authority"])
    kind_at, kinds = _coded(rows.columns["kind"])
    ended = np.array([q is not None for q in quarters] + [False], dtype=bool)[quarter_at]
    cells = (quarter_at * len(las) + la_at) * len(kinds) + kind_at
    n = len(quarters) * len(las) * len(kinds)
    counts = {"interventions": np.bincount(cells[ended], minlength=n)}
    for kpi, (numerator, denominator) in _row_measures(rows).items():
        for part, mask in (("numerator", numerator), ("denominator", denominator)):
            counts[f"{kpi}_{part}"] = np.bincount(cells[ended & mask], minlength=n)
    at = np.nonzero(counts["interventions"])[0]
    kind, rest = at % len(kinds), at // len(kinds)
    la, quarter = rest % len(las), rest // len(las)
    frame = pd.DataFrame({"quarter_end": np.asarray(quarters, dtype=object)[quarter],
                          "local_authority": np.asarray(las, dtype=object)[la],
                          "kind": np.asarray(kinds, dtype=object)[kind],
                          **{name: values[at] for name, values in counts.items()}})
    return with_levels(frame, authorities, ["quarter_end", "kind"], INTERVENTION_COLUMNS)


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
