"""Insert the validated local-indicator files (validate_local.LocalData) inside the loader's
transaction, with the columns worked out at load: each row's calendar quarter and the
remand days as ordinals (see contract/local_schema.py)."""
from __future__ import annotations

from dashboard.contract.schema import LoadedFile
from dashboard.contract.local_schema import (BoardAttendance, Intervention,
                                             Remand, Victim)
from dashboard.contract.periods import quarter_end
from dashboard.etl.validate_local import LocalData, loaded_files


def _with(rows: list[dict], **columns) -> list[dict]:
    """Each row with derived columns added in place (name -> function(row)): the rows are
    the load's own, and a copy of a million interventions would double their memory."""
    for row in rows:
        for name, make in columns.items():
            row[name] = make(row)
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


def local_tables(local: LocalData | None) -> dict:
    """table -> rows to insert (files not loaded give no rows)."""
    local = local or LocalData()
    return {
        Intervention.__table__: _with(
            local.interventions or [],
            end_quarter=lambda r: _quarter(r["end_date"])),
        Victim.__table__: _with(local.victims or [],
                                quarter_end=lambda r: _quarter(r["contact_date"])),
        BoardAttendance.__table__: _with(local.board_attendance or [],
                                         quarter_end=lambda r: _quarter(r["meeting_date"])),
        Remand.__table__: _with(
            local.remands or [], start_day=lambda r: r["start_date"].toordinal(),
            end_day=lambda r: r["end_date"].toordinal() if r["end_date"] else None),
        LoadedFile.__table__: [{"name": file, "rows": rows}
                               for file, rows in loaded_files(local).items()],
    }


def insert_local(conn, local: LocalData | None, insert) -> None:
    """Insert with the loader's own chunked `insert(conn, table, rows)`."""
    for table, rows in local_tables(local).items():
        if rows:
            insert(conn, table, rows)
