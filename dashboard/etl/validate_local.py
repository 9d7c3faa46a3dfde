"""Validation of the optional local-indicator files (CONTRACT §1 v2): interventions.csv,
victims.csv, board_attendance.csv and remands.csv.

Called from validate.read_import_folder with the same Problems list, so these files are
checked with the rest and any problem fails the whole load. Messages follow validate.py:
`file:line: column: reason`. Enumerations are exact (case matters); an empty optional field
means "not recorded" and is stored as NULL.
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.contract.local_schema import (END_REASONS, ETE_STATUSES, INTERVENTION_FLAGS,
                                             INTERVENTION_KINDS, PARTNERS, REMAND_RESULTS,
                                             REMAND_TYPES, SUITABILITY, BoardAttendance,
                                             Intervention, Remand, Victim)
from dashboard.etl.validate import (Problems, Rows, _choice, _choice_code, _date,
                                    _read_rows, _required, _shown)

FILES = {
    "interventions.csv": ("intervention_id", "child_id", "local_authority", "kind",
                          "start_date", "end_date", "end_reason", "accommodation_end",
                          "ete_end", "ete_status_end", *INTERVENTION_FLAGS),
    "victims.csv": ("victim_id", "local_authority", "contact_date", "consented", "engaged"),
    "board_attendance.csv": ("meeting_date", "service", "partner", "attended"),
    "remands.csv": ("remand_id", "child_id", "local_authority", "start_date", "end_date",
                    "type", "result", "cost_per_night"),
}
# A file without this column is read as if every value were empty (not recorded).
OPTIONAL_COLUMNS = {"remands.csv": ("cost_per_night",)}
_TABLES = {"interventions.csv": Intervention, "victims.csv": Victim,
           "board_attendance.csv": BoardAttendance, "remands.csv": Remand}
MAX_LENGTHS = {name: {c: table.__table__.c[c].type.length for c in FILES[name]
                      if c in table.__table__.c and getattr(table.__table__.c[c].type,
                                                            "length", None)}
               for name, table in _TABLES.items()}
DECIMAL_PATTERN = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")  # ASCII digits only
YES_NO = ("Y", "N")


@dataclass
class LocalData:
    """Validated rows of each local file (validate.Rows: kept column by column, read as a
    list of row dicts); None when the file was not in the folder."""
    interventions: Rows | None = None
    victims: Rows | None = None
    board_attendance: Rows | None = None
    remands: Rows | None = None


def _rows(path: Path, problems: Problems):
    """(line, row) of a local file; header-only is fine (the file is optional)."""
    name = path.name
    header = _header(path)
    absent = [c for c in OPTIONAL_COLUMNS.get(name, ()) if header is not None
              and c not in header]
    columns = tuple(c for c in FILES[name] if c not in absent)
    for line, row in _read_rows(path, columns, problems):
        too_long = [(c, len(row[c]), limit) for c, limit in MAX_LENGTHS[name].items()
                    if c in row and len(row[c]) > limit]
        for column, length, limit in too_long:
            problems.add(name, line, column,
                         f"value is {length} characters long (at most {limit} allowed)")
        if not too_long:
            yield line, {**row, **{c: "" for c in absent}}


def _header(path: Path) -> list[str] | None:
    """The header's column names; None when unreadable (_read_rows then says why)."""
    try:
        with open(path, newline="", encoding="utf-8-sig", errors="surrogateescape") as handle:
            first = next(csv.reader(handle), None)
    except csv.Error:
        return None
    return [h.strip() for h in first] if first else None


def _unique(value: str | None, seen: dict, name: str, line: int, column: str,
            problems: Problems) -> bool:
    """Record an id's first line; report a repeat (the repeating row is then skipped)."""
    if value is None:
        return True
    if value in seen:
        problems.add(name, line, column,
                     f"duplicate {column} {value!r} (first on line {seen[value]})")
        return False
    seen[value] = line
    return True


def _optional_choice(value: str, allowed, name, line, column, problems):
    """(ok, value): empty is 'not recorded' (None); otherwise one of `allowed`."""
    if not value:
        return True, None
    chosen = _choice(value, allowed, name, line, column, problems)
    return chosen is not None, chosen


def _flag(value: str, name, line, column, problems, optional: bool = True):
    """(ok, True/False/None) for a Y/N field; empty is None where allowed."""
    if optional:
        ok, chosen = _optional_choice(value, YES_NO, name, line, column, problems)
    else:
        chosen = _choice(value, YES_NO, name, line, column, problems)
        ok = chosen is not None
    return ok, (None if chosen is None else chosen == "Y")


def _end_date(row, start, name, line, problems):
    """(ok, end_date or None): empty while open; otherwise a date not before start."""
    if not row["end_date"]:
        return True, None
    end = _date(row["end_date"], name, line, "end_date", problems)
    if end is None:
        return False, None
    if start is not None and end < start:
        problems.add(name, line, "end_date", f"{end} is before start_date {start}")
        return False, None
    return True, end


def _interventions(path: Path, codes: set[str], problems: Problems) -> Rows:
    rows, seen, name = Rows(), {}, path.name
    for line, row in _rows(path, problems):
        record_id = _required(row["intervention_id"], name, line, "intervention_id", problems)
        ok = _unique(record_id, seen, name, line, "intervention_id", problems)
        record = {
            "intervention_id": record_id,
            "child_id": _required(row["child_id"], name, line, "child_id", problems),
            "local_authority": _choice_code(row["local_authority"], codes, name, line,
                                            problems),
            "kind": _choice(row["kind"], INTERVENTION_KINDS, name, line, "kind", problems),
            "start_date": _date(row["start_date"], name, line, "start_date", problems),
        }
        ok = ok and None not in record.values()
        ended, record["end_date"] = _end_date(row, record["start_date"], name, line, problems)
        reason_ok, record["end_reason"] = _optional_choice(row["end_reason"], END_REASONS,
                                                           name, line, "end_reason", problems)
        ok = ok and ended and reason_ok
        if reason_ok and ended:
            ok = _open_and_reason_agree(row, name, line, problems) and ok
        for column, allowed in (("accommodation_end", SUITABILITY), ("ete_end", SUITABILITY),
                                ("ete_status_end", ETE_STATUSES)):
            good, record[column] = _optional_choice(row[column], allowed, name, line, column,
                                                    problems)
            ok = ok and good
        for column in INTERVENTION_FLAGS:
            good, record[column] = _flag(row[column], name, line, column, problems)
            ok = ok and good
        if ok:
            rows.append(record)
    return rows.compact()


def _open_and_reason_agree(row, name, line, problems) -> bool:
    """the contract: end_reason is 'empty while open'. Choice: it is given exactly when end_date is,
    so an ended intervention always says how it ended and an open one cannot have ended."""
    if row["end_date"] and not row["end_reason"]:
        problems.add(name, line, "end_reason", f"value is empty, but end_date "
                     f"{row['end_date']} is given (an ended intervention needs its end reason)")
        return False
    if row["end_reason"] and not row["end_date"]:
        problems.add(name, line, "end_reason", f"{row['end_reason']!r} is given, but end_date "
                     "is empty (an open intervention has no end reason)")
        return False
    return True


def _victims(path: Path, codes: set[str], problems: Problems) -> Rows:
    rows, seen, name = Rows(), {}, path.name
    for line, row in _rows(path, problems):
        victim_id = _required(row["victim_id"], name, line, "victim_id", problems)
        ok = _unique(victim_id, seen, name, line, "victim_id", problems)
        record = {
            "victim_id": victim_id,
            "local_authority": _choice_code(row["local_authority"], codes, name, line,
                                            problems),
            "contact_date": _date(row["contact_date"], name, line, "contact_date", problems),
        }
        ok = ok and None not in record.values()
        for column in ("consented", "engaged"):
            good, record[column] = _flag(row[column], name, line, column, problems,
                                         optional=False)
            ok = ok and good
        if record["consented"] is False and record["engaged"] is True:
            problems.add(name, line, "engaged", "'Y' but consented is N (a victim who did "
                                                "not consent cannot have engaged)")
            ok = False
        if ok:
            rows.append(record)
    return rows.compact()


def _board_attendance(path: Path, services: set[str], problems: Problems) -> Rows:
    rows, seen, name = Rows(), {}, path.name
    for line, row in _rows(path, problems):
        service = row["service"]
        if service not in services:
            problems.add(name, line, "service",
                         f"{service!r} is not a service named in local_authorities.csv")
            service = None
        ok, attended = _flag(row["attended"], name, line, "attended", problems,
                             optional=False)
        record = {
            "meeting_date": _date(row["meeting_date"], name, line, "meeting_date", problems),
            "service": service,
            "partner": _choice(row["partner"], PARTNERS, name, line, "partner", problems),
            "attended": attended,
        }
        if not ok or None in record.values():
            continue
        key = (record["meeting_date"], service, record["partner"])
        if key in seen:
            problems.add(name, line, "partner",
                         f"repeated meeting_date {key[0]}, service {service!r}, partner "
                         f"{key[2]!r} (first on line {seen[key]})")
            continue
        seen[key] = line
        rows.append(record)
    return rows.compact()


def _cost(value: str, name: str, line: int, problems: Problems) -> tuple[bool, float | None]:
    """(ok, pounds or None): optional decimal >= 0."""
    if not value:
        return True, None
    if not DECIMAL_PATTERN.fullmatch(value):  # float() would also take "nan", "1e3", "1_0"
        problems.add(name, line, "cost_per_night", f"{_shown(value)} is not a decimal number")
        return False, None
    if not math.isfinite(float(value)) or float(value) < 0:
        problems.add(name, line, "cost_per_night",
                     f"{value} is out of range (expected at least 0)")
        return False, None
    return True, float(value)


def _remands(path: Path, codes: set[str], problems: Problems) -> Rows:
    rows, seen, name = Rows(), {}, path.name
    for line, row in _rows(path, problems):
        remand_id = _required(row["remand_id"], name, line, "remand_id", problems)
        ok = _unique(remand_id, seen, name, line, "remand_id", problems)
        record = {
            "remand_id": remand_id,
            "child_id": _required(row["child_id"], name, line, "child_id", problems),
            "local_authority": _choice_code(row["local_authority"], codes, name, line,
                                            problems),
            "start_date": _date(row["start_date"], name, line, "start_date", problems),
            "type": _choice(row["type"], REMAND_TYPES, name, line, "type", problems),
        }
        ok = ok and None not in record.values()
        ended, record["end_date"] = _end_date(row, record["start_date"], name, line, problems)
        result_ok, record["result"] = _optional_choice(row["result"], REMAND_RESULTS, name,
                                                       line, "result", problems)
        cost_ok, record["cost_per_night"] = _cost(row["cost_per_night"], name, line, problems)
        if ok and ended and result_ok and cost_ok:
            rows.append(record)
    return rows.compact()


def read_local_files(directory: Path, authorities: Rows,
                     problems: Problems) -> LocalData:
    """Validate whichever local files the folder has, adding to `problems`."""
    codes = {row["code"] for row in authorities}
    services = {row["service"] for row in authorities}
    readers = {
        "interventions.csv": lambda path: _interventions(path, codes, problems),
        "victims.csv": lambda path: _victims(path, codes, problems),
        "board_attendance.csv": lambda path: _board_attendance(path, services, problems),
        "remands.csv": lambda path: _remands(path, codes, problems),
    }
    found = {}
    for file, reader in readers.items():
        path = Path(directory) / file
        if path.is_file():
            found[file.removesuffix(".csv")] = reader(path)
    return LocalData(**found)


def loaded_files(local: LocalData | None) -> dict[str, int]:
    """file name -> rows, for the files the folder had."""
    if local is None:
        return {}
    return {f"{field}.csv": len(rows) for field, rows in vars(local).items()
            if rows is not None}
