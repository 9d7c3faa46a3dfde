"""What the needs-and-outcomes page says about each local KPI (CONTRACT §4c), from the quarterly
rows of queries.kpis.kpis for one area: pure pandas on top of dashboard/analysis/kpis.py.

For a chosen quarter end (the page's reporting period) each KPI has
- `year`: the four quarters to it pooled (sum the numerators and the denominators, then
  divide), with its 95% interval; `year_before` and `three_years_ago` likewise;
- `quarter`: the quarter itself, with its interval;
- `change`: whether the year differs from the year before by more than chance: CONTRACT §4's
  rule for a comparator value, both ways round. `higher` when the year before's figure is
  below this year's 95% interval and this year's figure above the year before's interval,
  `lower` the other way, otherwise `similar` (one year's figure inside the other's
  interval). Both years are counts with chance in them, so neither is taken as fixed: a
  year with none (0 of a population) against a year with two is `similar`. `judgement`
  (`better`/`worse`) only for such a change of a KPI that has a direction (links to wider
  services have none);
- `trend`: the quarters up to the chosen one (with intervals) and `by_kind`: the year split
  by the intervention's kind.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard.analysis.intervals import significance
from dashboard.analysis.kpis import pooled_year, with_intervals
from dashboard.analysis.thresholds import HigherThreshold, rag
from dashboard.contract.periods import add_months
from dashboard.contract.local_schema import INTERVENTION_KINDS
from queries.kpis import KPI_ORDER, UNITS

TREND_QUARTERS = 12
# Which way is better: higher for the shares of needs met and of engagement, lower for
# serious violence; none for the links to wider services (context, not performance).
BETTER = {**{kpi: "higher" for kpi in KPI_ORDER}, "serious_violence": "lower",
          "wider_looked_after": None, "wider_child_in_need": None,
          "wider_child_protection": None}
KIND_ORDER = {kind: i for i, kind in enumerate(INTERVENTION_KINDS)}
FIGURE = ["numerator", "denominator", "value", "value_lower_95", "value_upper_95"]


@dataclass
class KpiSummary:
    kpi: str
    unit: str
    year: dict | None = None
    year_before: dict | None = None
    three_years_ago: dict | None = None
    quarter: dict | None = None
    change: str | None = None       # higher / lower / similar; None: nothing to compare
    judgement: str | None = None    # better / worse, only for a change beyond chance
    rag: dict | None = None
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_kind: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def better(self) -> str | None:
        return BETTER[self.kpi]


def _figure(row) -> dict:
    values = {k: row[k] for k in FIGURE}
    values["quarters"] = int(row["quarters"]) if "quarters" in row else 1
    return values


def _by_kpi(frame: pd.DataFrame) -> dict[str, dict]:
    return {row["kpi"]: _figure(row) for _, row in frame.iterrows()}


def year_change(year: dict | None, before: dict | None) -> str | None:
    """`higher`/`lower` when each year's figure lies outside the other year's 95% interval
    (CONTRACT §4's comparator rule, both ways round: either figure may be chance), else
    `similar`; None when there is nothing to compare."""
    if not year or not before:
        return None
    now, then = _float(year["value"]), _float(before["value"])
    against_then = significance(_float(year["value_lower_95"]),
                                _float(year["value_upper_95"]), then)
    against_now = significance(_float(before["value_lower_95"]),
                               _float(before["value_upper_95"]), now)
    if {against_then, against_now} == {"higher", "lower"}:
        return "higher" if now > then else "lower"
    return None if None in (against_then, against_now) else "similar"


def judgement(kpi: str, change: str | None) -> str | None:
    """`better`/`worse` for a change beyond chance of a KPI with a direction, else None."""
    if change not in ("higher", "lower") or BETTER[kpi] is None:
        return None
    return "better" if change == BETTER[kpi] else "worse"


def _float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def summarise(quarters: pd.DataFrame, by_kind: pd.DataFrame, year_end: date,
              thresholds: dict | None = None) -> dict[str, KpiSummary]:
    """Every KPI with a figure for the year to `year_end` or the year before, in CONTRACT §4c's
    order, from one area's quarterly rows (`kpis(...)` and `kpis(..., by="kind")`)."""
    quarters = quarters[quarters["period_end"] <= year_end]
    years = {when: _by_kpi(pooled_year(quarters, when)) if not quarters.empty else {}
             for when in (year_end, add_months(year_end, -12), add_months(year_end, -36))}
    now, before, three = years.values()
    latest = _by_kpi(with_intervals(quarters[quarters["period_end"] == year_end]))
    split = (pooled_year(by_kind[by_kind["period_end"] <= year_end], year_end)
             if not by_kind.empty else pd.DataFrame(columns=["kpi", "group"]))
    trend = with_intervals(quarters[quarters["period_end"] > add_months(
        year_end, -3 * TREND_QUARTERS)]) if not quarters.empty else quarters
    found = {}
    for kpi in KPI_ORDER:
        if kpi not in now and kpi not in before:
            continue
        summary = KpiSummary(kpi, UNITS[kpi], now.get(kpi), before.get(kpi), three.get(kpi),
                             latest.get(kpi))
        summary.change = year_change(summary.year, summary.year_before)
        summary.judgement = judgement(kpi, summary.change)
        if thresholds is not None:
            summary.rag = rag(kpi, summary.year["value"] if summary.year else None,
                              thresholds)
        summary.trend = trend[trend["kpi"] == kpi].sort_values("period_end").reset_index(
            drop=True)
        kinds = split[split["kpi"] == kpi]
        summary.by_kind = kinds.assign(order=kinds["group"].map(KIND_ORDER)).sort_values(
            "order").drop(columns="order").reset_index(drop=True)
        found[kpi] = summary
    return found


def shortfall(summary: KpiSummary, thresholds: dict) -> float:
    """How far the year's figure is from green, as a share of the green threshold."""
    threshold = thresholds.get(summary.kpi)
    if threshold is None or not summary.year:
        return 0.0
    value = summary.year["value"]
    if isinstance(threshold, HigherThreshold):
        return (threshold.green_from - value) / (threshold.green_from or 1)
    return (value - threshold.green_below) / (threshold.green_below or 1)


def most_notable(summaries: dict[str, KpiSummary], thresholds: dict) -> KpiSummary | None:
    """The local indicator a board should hear about first: the largest change beyond chance
    on a year before (in the KPI's own unit) of a KPI with a direction; else the one
    furthest from green (relative to its green threshold) among those rated red, then
    amber; else None."""
    changed = [s for s in summaries.values() if s.judgement is not None]
    if changed:
        return max(changed, key=lambda s: abs(s.year["value"] - s.year_before["value"]))
    for status in ("red", "amber"):
        rated = [s for s in summaries.values() if s.rag and s.rag["status"] == status]
        if rated:
            return max(rated, key=lambda s: shortfall(s, thresholds))
    return None
