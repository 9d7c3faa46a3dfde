"""Insert the validated local-indicator files (validate_local.LocalData) inside the loader's
transaction, with the columns worked out at load: each row's calendar quarter and the
remand days as ordinals (see contract/local_schema.py)."""
from __future__ import annotations

from dashboard.contract.schema import LoadedFile
from dashboard.contract.local_schema import (BoardAttendance, Intervention,
                                             Remand, Victim)
from dashboard.contract.periods import quarter_end
from dashboard.etl.validate import Coded, Rows
from dashboard.etl.validate_local import LocalData, loaded_files


def _with(rows, **columns) -> Rows:
    """The rows with derived columns added (name -> (source column, function of its
    value)): on a validate.Rows each is one more list beside the others; a list of dicts
    is read into a Rows first."""
    if not isinstance(rows, Rows):
        listed, rows = rows, Rows()
        for row in listed:
            rows.append(row)
    for name, (source, make) in columns.items():
        values = rows.columns.get(source)
        if isinstance(values, Coded):   # each distinct value worked out once, same codes
            rows.columns[name] = Coded(values.codes, [make(value) for value in values.values])
        elif values is not None:
            rows.columns[name] = [make(value) for value in values]
    return rows


def _quarter(day):
    """quarter_end, one date object per quarter for a million rows (not one a row)."""
    if day is None:
        return None
    found = _QUARTERS.get(day)
    if found is None:
        found = _QUARTERS[day] = quarter_end(day)
    return found


_QUARTERS: dict = {}


def _ordinal(day):
    return None if day is None else day.toordinal()


def local_tables(local: LocalData | None) -> dict:
    """table -> rows to insert (files not loaded give no rows)."""
    local = local or LocalData()
    return {
        Intervention.__table__: _with(local.interventions or [],
                                      end_quarter=("end_date", _quarter)),
        Victim.__table__: _with(local.victims or [], quarter_end=("contact_date", _quarter)),
        BoardAttendance.__table__: _with(local.board_attendance or [],
                                         quarter_end=("meeting_date", _quarter)),
        Remand.__table__: _with(local.remands or [], start_day=("start_date", _ordinal),
                                end_day=("end_date", _ordinal)),
        LoadedFile.__table__: [{"name": file, "rows": rows}
                               for file, rows in loaded_files(local).items()],
    }


def insert_local(conn, local: LocalData | None, insert) -> dict:
    """Insert with the loader's own chunked `insert(conn, table, rows)`; returns what was
    inserted (local_tables), for the summaries built from it."""
    tables = local_tables(local)
    for table, rows in tables.items():
        if rows:
            insert(conn, table, rows)
    return tables
