"""Numbers and words for people: formats, directions and small-number cautions (UX.md)."""
from __future__ import annotations

import calendar
from datetime import date, datetime

import pandas as pd

from dashboard.contract.periods import cohort_words, month_words, period_words  # noqa: F401 - re-export
from queries.kpis import UNITS as KPI_UNITS

SMALL_NUMBER = 30


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def count(value) -> str:
    return "–" if _missing(value) else f"{int(round(value)):,}"


def rate_100k(value) -> str:
    """FTE rate: a whole number per 100,000."""
    return "–" if _missing(value) else f"{value:,.0f}"


def rate_1000(value) -> str:
    """Custody rate: 2 decimals per 1,000."""
    return "–" if _missing(value) else f"{value:,.2f}"


def pct(value) -> str:
    return "–" if _missing(value) else f"{value:.1f}%"


def ratio(value, places: int = 2) -> str:
    return "–" if _missing(value) else f"{value:.{places}f}"


INDICATOR_FORMATS = {
    "fte_rate": rate_100k,
    "custody_rate": rate_1000,
    "reoffending_binary_rate": pct,
    "reoffences_per_reoffender": ratio,
    "looked_after_rate": pct,
    # local KPIs (CONTRACT §4c): percentages, and serious violence per 10,000 to 1 decimal
    **{kpi: pct if unit == "pct" else (lambda v: ratio(v, 1)) for kpi, unit in KPI_UNITS.items()},
}


def day_month_year(day: date | None) -> str:
    """'1 December 2024' (no leading zero, on any platform: strftime's %-d is glibc's)."""
    return f"{day.day} {month_words(day)}" if day else "–"


def day_mon_year(day: date | None) -> str:
    """'1 Dec 2024', for tables."""
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}" if day else "–"


def day_month_year_time(moment: datetime | None) -> str:
    """'1 December 2024 at 09:30'."""
    return f"{day_month_year(moment)} at {moment:%H:%M}" if moment else "–"


def small_number_note(size, noun: str = "children") -> str | None:
    """'based on 12 children — treat with caution' for figures under 30."""
    if _missing(size) or size >= SMALL_NUMBER:
        return None
    return f"based on {count(size)} {noun} — treat with caution"
