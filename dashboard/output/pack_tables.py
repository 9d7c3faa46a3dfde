"""The board pack's tables as the template prints them: a chart's full table (the appendix)
and its compact form beside the chart in the report (the latest eight periods).

A chart's data (`table_payload`: columns and rows of plain values) becomes a `Table` of
formatted cells; numbers are right-aligned. `compact` keeps the eight rows ending at the
reporting period (printed in bold), turns a long table (a row per period and group) into a
period × group table, prints an interval's lower and upper columns as one ("0.02 to 0.16"),
and leaves out columns with nothing in them, prose (the full table has it) and dates that
restate the period the first column names ("Cohort start").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from dashboard.contract.periods import period_words
from dashboard.words.text import day_mon_year

COMPACT_ROWS = 8
WIDE = 8          # columns from which a table is printed in smaller type
MAX_GROUPS = 8    # a long table is pivoted only when it has at most this many groups
LONG_TEXT = 40    # characters: a column with longer values is prose, left to the appendix
SAID_ONCE = 20    # characters: longer words alike in every row are said once, under the table
A_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$")   # '1 Jan 2024', as tables show dates


@dataclass
class Table:
    columns: list[str]
    numeric: list[bool]
    rows: list[list[str]]
    caption: str = ""
    total_rows: int = 0
    notes: list[str] = field(default_factory=list)
    current: int | None = None    # the row of the reporting period, printed in bold

    @property
    def wide(self) -> bool:
        return len(self.columns) >= WIDE


def cell(value) -> str:
    """A value as printed: thousands separators, no trailing zeros, '–' for nothing."""
    if value is None or value == "":
        return "–" if value is None else ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        if value != value:  # NaN
            return "–"
        if value == int(value):
            return f"{int(value):,}"
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numeric(columns: list[str], rows: list[dict]) -> list[bool]:
    return [any(_is_number(r.get(c)) for r in rows)
            and all(_is_number(r.get(c)) or r.get(c) in (None, "") for r in rows)
            for c in columns]


def _table(columns: list[str], rows: list[dict], caption: str = "",
           total_rows: int | None = None) -> Table:
    return Table(columns, _numeric(columns, rows),
                 [[cell(r.get(c)) for c in columns] for r in rows], caption,
                 len(rows) if total_rows is None else total_rows)


def _one_text(rows: list[dict], column: str) -> str | None:
    """The words (over SAID_ONCE characters) a text column holds in every row alike, of
    two rows or more; else None."""
    values = {r.get(column) for r in rows}
    if len(rows) < 2 or len(values) != 1:
        return None
    value = values.pop()
    return value if isinstance(value, str) and len(value.strip()) > SAID_ONCE else None


def full_table(data: dict | None, fold: bool = True) -> Table | None:
    """Every row and column of a chart's table; with `fold`, a text column that says the
    same in every row ("Basis: National definition ...") is said once, under the table."""
    if not data or not data.get("rows"):
        return None
    columns, rows = list(data["columns"]), list(data["rows"])
    same = {c: value for c in columns[1:] if fold and (value := _one_text(rows, c)) is not None}
    table = _table([c for c in columns if c not in same], rows)
    table.notes = [f"{column}: {value} (every row)." for column, value in same.items()]
    return table


def _period_row(rows: list[dict], column: str, period: date | None) -> int | None:
    """The last row naming the reporting period ('31 Dec 2024', 'Year to December 2024')."""
    if period is None:
        return None
    names = {day_mon_year(period).lower(), period_words(period).lower()}
    return max((i for i, r in enumerate(rows) if str(r.get(column, "")).lower() in names),
               default=None)


def _dates_only(rows: list[dict], column: str) -> bool:
    values = [r.get(column) for r in rows if r.get(column) not in (None, "")]
    return bool(values) and all(isinstance(v, str) and A_DATE.match(v) for v in values)


def _pivot(columns: list[str], rows: list[dict]) -> tuple[list[str], list[dict], str] | None:
    """A long table (period, group, value, ...) as one row per period, a column per group."""
    if len(columns) < 3 or len({r.get(columns[0]) for r in rows}) == len(rows):
        return None
    key, group = columns[0], columns[1]
    groups = list(dict.fromkeys(r.get(group) for r in rows))
    value = next((c for c in columns[2:] if any(_is_number(r.get(c)) for r in rows)), None)
    if value is None or len(groups) > MAX_GROUPS or any(_is_number(g) for g in groups):
        return None
    wide: dict = {}
    for row in rows:
        wide.setdefault(row.get(key), {key: row.get(key)})[str(row.get(group))] = \
            row.get(value)
    return [key, *map(str, groups)], list(wide.values()), f"{value}, by {group.lower()}."


def _join_intervals(columns: list[str], rows: list[dict]) -> tuple[list[str], list[dict]]:
    """Adjacent '… lower' and '… upper' columns as one '…' column reading '0.02 to 0.16'."""
    joined, out, skip = [], [dict(r) for r in rows], False
    for i, column in enumerate(columns):
        if skip:
            skip = False
            continue
        upper = columns[i + 1] if i + 1 < len(columns) else None
        if "lower" in column and upper == column.replace("lower", "upper"):
            name = re.sub(r"[:\s]*\blower\b", "", column)
            for row in out:
                low, high = row.get(column), row.get(upper)
                row[name] = (None if low is None and high is None
                             else f"{cell(low)} to {cell(high)}")
            joined.append(name)
            skip = True
        else:
            joined.append(column)
    return joined, out


def compact(data: dict | None, period: date | None, limit: int = COMPACT_ROWS) -> Table | None:
    """The latest `limit` rows up to the reporting period, for the report's page."""
    if not data or not data.get("rows"):
        return None
    columns, rows = list(data["columns"]), list(data["rows"])
    caption = ""
    pivoted = _pivot(columns, rows)
    if pivoted:
        columns, rows, caption = pivoted
    columns, rows = _join_intervals(columns, rows)
    current = _period_row(rows, columns[0], period)
    if current is not None:
        rows = rows[:current + 1]
    shown = rows[-limit:]
    # Left out: empty columns, prose, and dates restating the period the first column names.
    named_by_dates = _dates_only(shown, columns[0])
    columns = [c for i, c in enumerate(columns)
               if i == 0 or (any(r.get(c) not in (None, "") for r in shown)
                             and not any(len(str(r.get(c) or "")) > LONG_TEXT for r in shown)
                             and (named_by_dates or not _dates_only(shown, c)))]
    table = _table(columns, shown, caption, total_rows=len(rows))
    table.current = len(shown) - 1 if current is not None else None
    return table
