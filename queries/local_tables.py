"""The tables boards know for the local indicators (CONTRACT §1 v2 files), in SQL.

- `ended_by`: interventions ending in each quarter by kind and by their status at the end
  (accommodation, education, training or employment), blanks included as None, so a board
  table can show "not recorded" beside the KPIs of queries/kpis.py;
- `victim_counts`: victims contacted, consenting and taking part, per quarter;
- `board_meetings`: who attended which board meeting (a board belongs to a service);
- `local_files_loaded`: which of the optional local files the last load had.

Every function takes a `Selection`: the area and the user's scope apply in SQL, as in
queries/kpis.py. Cohort filters do not apply: the local files carry no demographics.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from dashboard.contract.local_schema import BoardAttendance, Intervention, Victim
from dashboard.contract.schema import LoadedFile, LocalAuthority
from dashboard.contract.selection import Selection
from queries.cache import memoized
from queries.common import area_columns, read, scoped
from queries.kpis import local_summary_rows

STATUS_COLUMNS = ("accommodation_end", "ete_status_end")
LOCAL_FILES = ("interventions.csv", "victims.csv", "board_attendance.csv", "remands.csv")


@memoized
def local_files_loaded(engine: Engine) -> frozenset[str]:
    """The optional local files the last load had (a header-only file counts)."""
    with engine.connect() as conn:
        names = conn.execute(select(LoadedFile.name)).scalars()
        return frozenset(name for name in names if name in LOCAL_FILES)


def _quarters(column, period_ends):
    return [] if period_ends is None else [column.in_(list(period_ends))]


@memoized
def ended_by(engine: Engine, selection: Selection, column: str, *,
             period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    """Interventions ending in each quarter, by kind and by `column`'s value at the end
    (None: not recorded). Columns: area_code, period_end, kind, status, interventions."""
    if column not in STATUS_COLUMNS:
        raise ValueError(f"no board table of {column!r}")
    i = Intervention.__table__
    area, join = area_columns(selection.level, i.c.local_authority)
    keys = [i.c.end_quarter.label("period_end"), area, i.c.kind.label("kind"),
            i.c[column].label("status")]
    stmt = select(*keys, func.count().label("interventions")).where(
        i.c.end_quarter.is_not(None), *_quarters(i.c.end_quarter, period_ends))
    stmt = scoped(stmt, selection, i.c.local_authority, join).group_by(*keys)
    frame = read(engine, stmt)
    frame["interventions"] = frame["interventions"].astype("int64")
    frame["status"] = frame["status"].astype(object).where(frame["status"].notna(), None)
    return frame[["area_code", "period_end", "kind", "status", "interventions"]]


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


@memoized
def victim_counts(engine: Engine, selection: Selection, *,
                  period_ends: Iterable[date] | None = None) -> pd.DataFrame:
    """Victims contacted in each quarter, those who consented to hear about restorative
    justice and those who took part. Columns: area_code, period_end, contacted, consented,
    engaged."""
    frame = local_summary_rows(engine, selection, "victims_engaged", period_ends,
                               ("contacted", "rows"), ("consented", "denominator"),
                               ("engaged", "numerator"))
    if frame is not None:   # built at load
        for name in ("contacted", "consented", "engaged"):
            frame[name] = frame[name].astype("int64")
        return frame
    v = Victim.__table__
    area, join = area_columns(selection.level, v.c.local_authority)
    stmt = select(v.c.quarter_end.label("period_end"), area,
                  func.count().label("contacted"),
                  _count(v.c.consented.is_(True)).label("consented"),
                  _count(and_(v.c.consented.is_(True), v.c.engaged.is_(True))).label("engaged"))
    stmt = stmt.where(*_quarters(v.c.quarter_end, period_ends))
    stmt = scoped(stmt, selection, v.c.local_authority, join)
    frame = read(engine, stmt.group_by(v.c.quarter_end, area))
    for name in ("contacted", "consented", "engaged"):
        frame[name] = frame[name].astype("int64")
    return frame


@memoized
def board_meetings(engine: Engine, selection: Selection, *, first: date,
                   last: date) -> pd.DataFrame:
    """Every partner's attendance at the board meetings held from `first` to `last`
    (inclusive): service, meeting_date, partner, attended. A board belongs to a service, so
    an authority has none; with a user scope, a service's board is visible when any of its
    authorities is in scope (as queries/kpis.py)."""
    columns = ["service", "meeting_date", "partner", "attended"]
    if selection.level == "local_authority":
        return pd.DataFrame(columns=columns)
    b, la = BoardAttendance.__table__, LocalAuthority.__table__
    stmt = select(b.c.service, b.c.meeting_date, b.c.partner, b.c.attended).where(
        b.c.meeting_date.between(first, last))
    if selection.scope is not None:
        stmt = stmt.where(b.c.service.in_(
            select(la.c.service).where(la.c.code.in_(list(selection.scope)))))
    if selection.area and selection.level == "service":
        stmt = stmt.where(b.c.service == selection.area)
    frame = read(engine, stmt.order_by(b.c.service, b.c.meeting_date, b.c.partner))
    frame["attended"] = frame["attended"].astype(bool)
    return frame[columns]
