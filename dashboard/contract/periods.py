"""Calendar rules of CONTRACT §3-4: month arithmetic, quarters, rolling 12-month periods."""
from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """Calendar-month arithmetic; a day past the end of a shorter month falls on its last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: date) -> date:
    end_month = 3 * ((day.month - 1) // 3) + 3
    return date(day.year, end_month, calendar.monthrange(day.year, end_month)[1])


def period_start(period_end: date) -> date:
    """The day after the same date one year earlier (rolling 12 months, both ends inclusive)."""
    return add_months(period_end, -12) + timedelta(days=1)


def quarter_ends_between(first: date, last: date) -> list[date]:
    """Every quarter end from the quarter containing `first` to the one containing `last`."""
    ends, current = [], quarter_end(first)
    while current <= quarter_end(last):
        ends.append(current)
        current = quarter_end(current + timedelta(days=1))
    return ends


def population_year(period_end: date) -> int:
    """Mid-year estimate used for a period: the year of (period_end minus 6 months)."""
    return add_months(period_end, -6).year


def nearest_year(wanted: int, loaded: list[int] | set[int]) -> int | None:
    """The loaded year nearest to `wanted`, the earlier one on a tie."""
    if not loaded:
        return None
    return min(loaded, key=lambda year: (abs(year - wanted), year))


def cohort_complete(cohort_end: date, as_of: date) -> bool:
    return as_of >= add_months(cohort_end, 18)


def month_words(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def period_words(period_end: date) -> str:
    """'year to March 2024'."""
    return f"year to {month_words(period_end)}"


def cohort_words(cohort_start: date, cohort_end: date) -> str:
    """'cohort of April–June 2023'."""
    first = calendar.month_name[cohort_start.month]
    last = calendar.month_name[cohort_end.month]
    return f"cohort of {first}–{last} {cohort_end.year}"


def quarter_label(day: date) -> str:
    """Short axis label for a quarter end, e.g. 'Mar 2024'."""
    return f"{calendar.month_abbr[day.month]} {day.year}"


def shift_cohort(cohort_end: date, months: int) -> date:
    """The end of the quarter `months` (a multiple of 3) before or after a cohort's end."""
    return quarter_end(add_months(quarter_start(cohort_end), months))


def march_31_year(period_end: date) -> int:
    """The year of the 31 March inside the rolling year ending period_end (v2 looked-after
    population): every rolling 12 months holds exactly one 31 March."""
    return period_end.year if (period_end.month, period_end.day) >= (3, 31) else period_end.year - 1
