"""Local KPIs (CONTRACT §4c) on top of queries.kpis: confidence intervals and the year's figure.

- Intervals: Wilson's score interval for the percentages, Poisson limits (exact below 10
  events, Byar from 10) for serious violence per 10,000 children.
- A year's figure pools the four quarters ending at the year's last quarter: the
  percentages sum numerators and denominators, then divide (CONTRACT §4c). Serious violence sums
  the four quarters' counts over the population of the year (the §3 population of the
  rolling year ending there): summing four quarterly populations would count every child
  four times and give a quarterly average instead of a yearly rate.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.analysis.intervals import (rate_interval_columns, rate_limits, wilson_interval_columns,
                                          wilson_limits)
from dashboard.contract.periods import add_months, period_start

PER = {"pct": 100, "per_10000": 10_000}
AREA = ["area_type", "area_code", "area_name"]


def with_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """Add value_lower_95 and value_upper_95 to KPI rows (numerator, denominator, unit)."""
    frame = frame.copy()
    lower = pd.Series(float("nan"), index=frame.index, dtype="float64")
    upper = lower.copy()
    for unit, mask in (("pct", frame["unit"] == "pct"), ("per_10000",
                                                          frame["unit"] == "per_10000")):
        if not mask.any():
            continue
        x, n = frame.loc[mask, "numerator"], frame.loc[mask, "denominator"]
        low, high = (wilson_interval_columns(x, n) if unit == "pct"
                     else rate_interval_columns(x, n, PER[unit]))
        lower[mask], upper[mask] = low, high
    frame["value_lower_95"], frame["value_upper_95"] = lower, upper
    return frame


def pooled_year(frame: pd.DataFrame, year_end: date) -> pd.DataFrame:
    """The year to `year_end` (a quarter end) per area, KPI (and `group`, if split), from
    quarterly rows of queries.kpis.kpis; `quarters` says how many quarters had a row."""
    keys = [c for c in AREA + ["kpi", "group", "unit"] if c in frame]
    in_year = frame[(frame["period_end"] > add_months(year_end, -12))
                    & (frame["period_end"] <= year_end)]
    year = in_year.groupby(keys, as_index=False, dropna=False).agg(
        numerator=("numerator", "sum"), denominator=("denominator", "sum"),
        quarters=("period_end", "size"))
    # Serious violence: the population of the year ending at year_end, not a sum.
    last = in_year[in_year["period_end"] == year_end].set_index(keys)["denominator"]
    rates = year["unit"] == "per_10000"
    if rates.any():  # (an empty assignment fails on an int column: split by kind has none)
        year.loc[rates, "denominator"] = [last.get(tuple(row), 0) for row in
                                          year.loc[rates, keys].itertuples(index=False)]
    year = year[year["denominator"] > 0].copy()
    year["value"] = year["numerator"] / year["denominator"] * year["unit"].map(PER)
    year.insert(len(AREA), "period_start", period_start(year_end))
    year.insert(len(AREA) + 1, "period_end", year_end)
    order = [*AREA, "period_start", "period_end", "kpi", *(["group"] if "group" in year else []),
             "numerator", "denominator", "value", "value_lower_95", "value_upper_95", "unit",
             "quarters"]
    return with_intervals(year).reset_index(drop=True)[order]


def _limits(unit: str, x: float, n: float) -> tuple[float, float]:
    """`with_intervals` for one row."""
    if unit == "pct":
        return wilson_limits(x, n)
    if unit == "per_10000":
        return rate_limits(x, n, PER[unit])
    return float("nan"), float("nan")


def _one_area(frame: pd.DataFrame) -> bool:
    """Quarterly KPI rows of one area, with no `group` and no missing key or unit (the shape
    the plain-Python forms below handle; anything else goes through pandas)."""
    if "group" in frame or any(c not in frame for c in AREA + ["kpi", "unit"]):
        return False
    areas = set(zip(*(frame[c].tolist() for c in AREA)))
    keys = set(zip(frame["kpi"].tolist(), frame["unit"].tolist()))
    return len(areas) <= 1 and all(isinstance(v, str) for key in areas | keys for v in key)


def year_figures(frame: pd.DataFrame, year_end: date) -> dict[str, dict]:
    """{kpi: {numerator, denominator, value, value_lower_95, value_upper_95, quarters}} of
    `pooled_year(frame, year_end)`, in plain Python for one area's rows (the overview and
    the needs page pool three years of a few hundred rows; pandas costs more than the sums)."""
    if not _one_area(frame):
        return {row["kpi"]: _year_row(row) for _, row in pooled_year(frame, year_end).iterrows()}
    start = add_months(year_end, -12)
    sums: dict[tuple[str, str], list] = {}
    last: dict[tuple[str, str], int] = {}
    for kpi, unit, end, numerator, denominator in zip(
            *(frame[c].tolist() for c in ("kpi", "unit", "period_end", "numerator",
                                          "denominator"))):
        if not start < end <= year_end:
            continue
        found = sums.setdefault((kpi, unit), [0, 0, 0])
        found[0] += numerator
        found[1] += denominator
        found[2] += 1
        if end == year_end:
            last.setdefault((kpi, unit), denominator)
    figures = {}
    for (kpi, unit), (numerator, denominator, quarters) in sorted(sums.items()):
        if unit == "per_10000":  # the population of the year ending at year_end
            denominator = last.get((kpi, unit), 0)
        if not denominator > 0:
            continue
        lower, upper = _limits(unit, float(numerator), float(denominator))
        figures[kpi] = {"numerator": numerator, "denominator": denominator,
                        "value": numerator / denominator * PER[unit] if unit in PER
                        else float("nan"),
                        "value_lower_95": lower, "value_upper_95": upper,
                        "quarters": quarters}
    return figures


def quarter_figures(frame: pd.DataFrame, quarter_end: date) -> dict[str, dict]:
    """{kpi: figure} of the quarter ending at `quarter_end` (`with_intervals` of its rows,
    `quarters` 1), in plain Python for one area's rows."""
    if not _one_area(frame):
        rows = with_intervals(frame[frame["period_end"] == quarter_end])
        return {row["kpi"]: {**_year_row(row), "quarters": 1} for _, row in rows.iterrows()}
    figures = {}
    for kpi, unit, end, numerator, denominator, value in zip(
            *(frame[c].tolist() for c in ("kpi", "unit", "period_end", "numerator",
                                          "denominator", "value"))):
        if end != quarter_end:
            continue
        lower, upper = _limits(unit, float(numerator), float(denominator))
        figures[kpi] = {"numerator": numerator, "denominator": denominator, "value": value,
                        "value_lower_95": lower, "value_upper_95": upper, "quarters": 1}
    return figures


def _year_row(row) -> dict:
    values = {k: row[k] for k in ("numerator", "denominator", "value", "value_lower_95",
                                  "value_upper_95")}
    values["quarters"] = int(row["quarters"]) if "quarters" in row else 1
    return values
