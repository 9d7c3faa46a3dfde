"""Period bounds as small literal tables for the local indicators' range joins.

The reporting_period table holds each rolling year's dates; serious violence needs each
quarter's first day and remands need day numbers (date.toordinal) to count nights with
integer arithmetic, which neither database's date functions give portably. A UNION ALL of
one-row SELECTs works on SQLite and PostgreSQL alike (a VALUES list with column names does
not run on SQLite).
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy import Date, Engine, Integer, literal, select, union_all

from dashboard.contract.periods import quarter_start
from queries.common import period_table


def _literal_table(rows: list[tuple], columns: dict, name: str):
    """A subquery with one row per tuple; None when there are no rows."""
    if not rows:
        return None
    selects = [select(*[literal(value, type_).label(column)
                        for value, (column, type_) in zip(row, columns.items())])
               for row in rows]
    query = selects[0] if len(selects) == 1 else union_all(*selects)
    return query.subquery(name)


def _period_rows(engine: Engine, period_ends: Iterable[date] | None):
    periods = period_table(engine)
    if period_ends is not None:
        periods = periods[periods["period_end"].isin(list(period_ends))]
    return list(periods.itertuples(index=False))


def quarter_bounds(engine: Engine, period_ends: Iterable[date] | None = None):
    """(period_end, quarter_start): the calendar quarter ending at each reported period end."""
    rows = [(p.period_end, quarter_start(p.period_end)) for p in _period_rows(engine,
                                                                               period_ends)]
    return _literal_table(rows, {"period_end": Date, "quarter_start": Date}, "q")


def year_day_bounds(engine: Engine, period_ends: Iterable[date] | None = None):
    """(period_end, first_day, last_day): each rolling year's first and last day numbers."""
    rows = [(p.period_end, p.period_start.toordinal(), p.period_end.toordinal())
            for p in _period_rows(engine, period_ends)]
    return _literal_table(rows, {"period_end": Date, "first_day": Integer, "last_day": Integer},
                          "y")
