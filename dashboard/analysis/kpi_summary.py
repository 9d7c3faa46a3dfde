"""What the needs-and-outcomes page says about each local KPI (CONTRACT §4c), from the quarterly
rows of queries.kpis.kpis for one area: pure pandas on top of dashboard/analysis/kpis.py.

For a chosen quarter end (the page's reporting period) each KPI has
- `year`: the four quarters to it pooled (sum the numerators and the denominators, then
  divide), with its 95% interval; `year_before` and `three_years_ago` likewise;
- `quarter`: the quarter itself, with its interval;
- serious violence (a count over the year's population) is compared with an earlier year
  only when both have all four quarters: the data's first, partial year would understate it;
- `change`: whether the year differs from the year before by more than chance, by the
  rule the overview uses for every trend (dashboard/analysis/summary.py `judged_change`):
  this year's figure against the year before's 95% interval, `higher` above it, `lower`
  below it, otherwise `similar`. So a year with two serious violence outcomes after one
  with none is `similar` (none of 10,000 has an interval up to 3.7). `judgement`
  (`better`/`worse`) only for such a change of a KPI that has a direction (links to wider
  services have none);
- `trend`: the quarters up to the chosen one (with intervals) and `by_kind`: the year split
  by the intervention's kind.

`local_kpi_figures` gives the overview's summary table a row for each KPI with a direction, in
the shape of dashboard/analysis/summary.py's figures (it is one of its SUMMARY_ROWS);
`most_notable` picks the one its headline sentence names.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard.analysis.intervals import significance
from dashboard.analysis.kpis import pooled_year, quarter_figures, with_intervals, year_figures
from dashboard.analysis.thresholds import HigherThreshold, load_thresholds, rag
from dashboard.contract.periods import add_months
from dashboard.contract.local_schema import INTERVENTION_KINDS
from queries.kpis import KPI_ORDER, UNITS, kpis

TREND_QUARTERS = 12
# Which way is better: higher for the shares of needs met and of engagement, lower for
# serious violence; none for the links to wider services (context, not performance).
BETTER = {**{kpi: "higher" for kpi in KPI_ORDER}, "serious_violence": "lower",
          "wider_looked_after": None, "wider_child_in_need": None,
          "wider_child_protection": None}
KIND_ORDER = {kind: i for i, kind in enumerate(INTERVENTION_KINDS)}


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


def year_change(year: dict | None, before: dict | None) -> str | None:
    """`higher`/`lower` when this year's figure lies above/below the year before's 95%
    interval, else `similar`; None when there is nothing to compare."""
    if not year or not before:
        return None
    earlier = significance(_float(before["value_lower_95"]), _float(before["value_upper_95"]),
                           _float(year["value"]))
    return {"higher": "lower", "lower": "higher"}.get(earlier, earlier)  # the earlier's place


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
              thresholds: dict | None = None, *, series: bool = True
              ) -> dict[str, KpiSummary]:
    """Every KPI with a figure for the year to `year_end` or the year before, in CONTRACT §4c's
    order, from one area's quarterly rows (`kpis(...)` and `kpis(..., by="kind")`).
    `series=False` leaves each KPI's `trend` and `by_kind` empty (the overview's table
    shows neither: only the needs page's charts do)."""
    quarters = quarters[quarters["period_end"] <= year_end]
    years = {when: year_figures(quarters, when) if not quarters.empty else {}
             for when in (year_end, add_months(year_end, -12), add_months(year_end, -36))}
    now, before, three = years.values()
    latest = quarter_figures(quarters, year_end)
    if series:
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
        if UNITS[kpi] == "per_10000":   # a part of a year's outcomes is not a year's rate
            summary.year_before, summary.three_years_ago = (
                earlier if _whole(earlier) and _whole(summary.year) else None
                for earlier in (summary.year_before, summary.three_years_ago))
        summary.change = year_change(summary.year, summary.year_before)
        summary.judgement = judgement(kpi, summary.change)
        if thresholds is not None:
            year = summary.year or {}
            summary.rag = rag(kpi, year.get("value"), thresholds, year.get("value_lower_95"),
                              year.get("value_upper_95"))
        if series:
            summary.trend = trend[trend["kpi"] == kpi].sort_values(
                "period_end").reset_index(drop=True)
            kinds = split[split["kpi"] == kpi]
            summary.by_kind = kinds.assign(order=kinds["group"].map(KIND_ORDER)).sort_values(
                "order").drop(columns="order").reset_index(drop=True)
        found[kpi] = summary
    return found


def _whole(figure: dict | None) -> bool:
    """A year with all four quarters: a rate over a part of one (the data's first months)
    counts only some of the year's outcomes, so it is not compared with another year."""
    return figure is not None and figure.get("quarters", 4) == 4


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


# --- the overview's summary table ----------------------------------------------------------

# The board's summary table names a KPI by what it measures (the page's words say more).
TOPICS = {
    "accommodation_suitable": "Suitable accommodation at the end of orders",
    "ete_suitable": "Suitable education, training or employment at the end of orders",
    "send_plan": "Plans for children with special educational needs (SEND)",
    "mental_health_intervention": "Mental health needs met with an intervention",
    "substance_intervention": "Substance misuse needs met with an intervention",
    "out_of_court_completed": "Out-of-court and diversion programmes completed",
    "wider_looked_after": "Looked after at the end of orders",
    "wider_child_in_need": "Children in need at the end of orders",
    "wider_child_protection": "Child protection at the end of orders",
    "board_attendance": "Statutory partners' attendance at the board",
    "victims_engaged": "Victims taking part in restorative justice",
    "serious_violence": "Serious violence",
}
SHORT_UNITS = {"pct": "%, higher is better", "per_10000": "per 10,000 aged 10–17"}
NO_KINDS = pd.DataFrame(columns=["period_end", "kpi", "group"])


def kpi_change(summary: KpiSummary, earlier: dict | None) -> dict:
    """This year against an earlier year, as the summary table's trend cells say it
    (`judged_change`'s keys): 'up 28.8 points' for a percentage, 'down 7%' for a rate,
    better or worse only beyond chance (`year_change`), else 'could be chance'."""
    year = summary.year
    if not year or not earlier:
        return {"direction": None, "arrow": "", "words": "no comparison available",
                "judgement": None, "change": None, "significance": None}
    difference = round(year["value"], 1) - round(earlier["value"], 1)
    tested = year_change(year, earlier)
    if difference == 0:
        return {"direction": "same", "arrow": "↔", "words": "unchanged",
                "judgement": "no change", "change": 0.0, "significance": tested}
    direction = "up" if difference > 0 else "down"
    if summary.unit == "pct":
        amount = f"{abs(difference):.1f} points"
    elif earlier["value"]:
        amount = f"{round(abs(difference) / earlier['value'] * 100)}%"
    else:
        amount = "from none"
    verdict = judgement(summary.kpi, tested) or ("could be chance" if tested == "similar"
                                                 else None)
    return {"direction": direction, "arrow": "▲" if direction == "up" else "▼",
            "words": f"{direction} {amount}", "judgement": verdict, "change": difference,
            "significance": tested}


def overview_figure(summary: KpiSummary, period_end: date) -> dict:
    """One local KPI in the shape of the overview's figures (summary.py `_base`): no
    comparators or rank are published for it; `local` keeps the summary for its words."""
    year = summary.year
    return {
        "indicator": summary.kpi, "label": TOPICS[summary.kpi],
        "unit": SHORT_UNITS[summary.unit], "short_unit": SHORT_UNITS[summary.unit],
        "value": year["value"], "period_end": period_end, "period_kind": "rolling_year",
        "lower_95": _number(year["value_lower_95"]), "upper_95": _number(year["value_upper_95"]),
        "previous": summary.year_before["value"] if summary.year_before else None,
        "three_years_ago": (summary.three_years_ago["value"] if summary.three_years_ago
                            else None),
        "change": kpi_change(summary, summary.year_before),
        "trend_3y": kpi_change(summary, summary.three_years_ago),
        "rate_available": True, "count": None, "count_noun": None, "population": None,
        "series": [], "benchmarks": {}, "rank_status": None, "rank": None, "rank_of": None,
        "rank_tied": False, "rank_noun": "services", "quartile": None, "quartile_name": None,
        "rank_field": None, "rank_period_end": None, "note_key": None, "partial_from": None,
        "local": summary,
    }


def _number(value) -> float | None:
    value = _float(value)
    return None if math.isnan(value) else value


def local_kpi_figures(engine, selection, period_end: date, *, meta: dict,
                      thresholds: dict | None = None) -> list[dict]:
    """The overview's summary-table rows for the local KPIs (issue: "the local indicators
    join the summary table"): every KPI with a direction (the three links to wider services
    describe the children and have no RAG) and a figure for the year, in CONTRACT §4c's
    order, so the board's table keeps the same rows from one quarter to the next. The
    headline sentence names the most notable of them (dashboard/words/needs_words.py
    `overview_sentences`). The local files carry no demographics, so with cohort filters on
    (the overview counts only the children chosen) there are no rows."""
    if selection.cohort.active():
        return []
    thresholds = load_thresholds() if thresholds is None else thresholds
    summaries = summarise(kpis(engine, selection), NO_KINDS, period_end, thresholds,
                          series=False)
    return [overview_figure(summary, period_end) for summary in summaries.values()
            if summary.better is not None and summary.year]
