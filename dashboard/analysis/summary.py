"""Headline figures for boards: the single source for the overview page, presentation mode
and the board pack.

`headline_figures(...)` returns one dict per headline indicator (FTE rate, custody rate,
reoffending binary rate, reoffences per reoffender) with:
  indicator, label, unit, short_unit           what it is (its page: dashboard/web/registry.py)
  value, period_end, period_kind               the latest figure; its period (`rolling_year`,
                                               `cohort_year` or `no_cohort`)
  previous, three_years_ago                    the same period one and three years before
  change, trend_3y                             `dashboard.analysis.comparisons.change_words` dicts
  count, count_noun                            the count behind it (for the small-number caution)
  rate_available, note_key, partial_from       why a rate is missing or lags; the data's start
                                               when the year is only partly covered
  series                                       [{period_end, value}] for the sparkline (≤ 12)
  benchmarks                                   {national|region|family: {name, value,
                                               position, judgement}} for the same period_end
  rank, rank_of, rank_tied, rank_noun, quartile  among the loaded areas of the same level
  rag                                          `dashboard.analysis.thresholds.rag` dict
  comparators_ignore_filters                   True when cohort filters are on
Every sentence about them is added by dashboard/words/figure_notes.py (`with_words`).
Reoffending figures also carry cohort_end, cohort_size, reoffenders,
reoffences and cohorts (how many of the year's four quarterly cohorts have children).

Every number comes from the indicator queries (SQL aggregation); this module only picks
the right periods, pools reoffending cohorts, ranks areas and attaches comparators and RAG.
"""
from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Engine

from dashboard.analysis.comparisons import change_words, compare_words, judgement_vs, quartile_words
from dashboard.contract.periods import (add_months, cohort_complete, period_start, quarter_end,
                                        quarter_start)
from dashboard.analysis.thresholds import load_thresholds, rag
from queries.benchmarks import benchmark_series, comparator_areas
from dashboard.contract.selection import Selection
from queries.custody import custody
from queries.disproportionality import STAGE_LABELS, disproportionality
from queries.fte import fte
from queries.meta import load_meta
from queries.reoffending import add_rates, pooled, reoffending

SERIES_LENGTH = 12
INDICATORS = {
    "fte_rate": {"label": "First time entrants",
                 "unit": "children per 100,000 aged 10–17",
                 "short_unit": "per 100,000 aged 10–17"},
    "custody_rate": {"label": "Use of custody",
                     "unit": "custodial sentences per 1,000 children aged 10–17",
                     "short_unit": "per 1,000 aged 10–17"},
    "reoffending_binary_rate": {"label": "Children who reoffended",
                                "unit": "% reoffended within 12 months",
                                "short_unit": "% within 12 months"},
    "reoffences_per_reoffender": {"label": "Reoffences per child who reoffended",
                                  "unit": "reoffences each, on average",
                                  "short_unit": "average"},
}
PEER_NOUNS = {"service": "services", "local_authority": "local authorities"}
COMPARATOR_KEYS = ("national", "region", "family")


def _number(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def _at(frame: pd.DataFrame, column: str, key: str, when: date):
    """The value of `column` in the row where `key` == when (None if absent or empty)."""
    rows = frame[frame[key] == when]
    return _number(rows[column].iloc[0]) if len(rows) else None


def _rank(peers: dict[str, float | None], area: str | None) -> dict:
    """Rank 1 = lowest = best; ties share the better rank."""
    values = {k: v for k, v in peers.items() if v is not None}
    if area not in values:
        return {"rank": None, "rank_of": len(values) or None, "quartile": None,
                "rank_tied": False}
    mine = values[area]
    rank = 1 + sum(v < mine for v in values.values())
    return {"rank": rank, "rank_of": len(values), "quartile": quartile_words(rank, len(values)),
            "rank_tied": sum(v == mine for v in values.values()) > 1}


def _base(key: str, value, previous, three_years_ago, when: date, period_kind: str) -> dict:
    spec = INDICATORS[key]
    return {
        "indicator": key, "label": spec["label"], "unit": spec["unit"],
        "short_unit": spec["short_unit"],
        "value": value, "period_end": when, "period_kind": period_kind,
        "previous": previous, "three_years_ago": three_years_ago,
        "change": change_words(value, previous), "trend_3y": change_words(value, three_years_ago),
        "rate_available": True, "count": None, "count_noun": None,
        "series": [], "benchmarks": {}, "rank": None, "rank_of": None, "rank_tied": False,
        "rank_noun": None, "quartile": None, "note_key": None, "partial_from": None,
    }


def _series(frame: pd.DataFrame, when: date, key: str, column: str) -> list[dict]:
    shown = frame[frame[key] <= when].tail(SERIES_LENGTH)
    return [{"period_end": day, "value": _number(v)} for day, v in zip(shown[key], shown[column])]


def _rolling_figure(key: str, query, rate_col: str, count_col: str, noun: str, *, engine,
                    selection: Selection, period_end, data_start) -> dict:
    """FTE and custody: rolling 12-month periods ending each quarter."""
    frame = query(engine, selection)
    rates = selection.cohort.population_available
    column = rate_col if rates else count_col
    year_ago, three_ago = add_months(period_end, -12), add_months(period_end, -36)
    value = _at(frame, column, "period_end", period_end) if rates else None
    figure = _base(key, value, _at(frame, column, "period_end", year_ago) if rates else None,
                   _at(frame, column, "period_end", three_ago) if rates else None,
                   period_end, "rolling_year")
    count = _at(frame, count_col, "period_end", period_end)
    figure.update(count=count, previous_count=_at(frame, count_col, "period_end", year_ago),
                  rate_available=rates, series=_series(frame, period_end, "period_end", column),
                  partial_from=_partial_from(period_end, data_start),
                  count_noun=noun)
    if not rates:  # no population for this filter: compare counts instead
        figure["change"] = change_words(count, figure["previous_count"])
        figure["trend_3y"] = change_words(count, _at(frame, count_col, "period_end", three_ago))
        figure["note_key"] = "no_population"
    if selection.level != "all" and rates:
        peers = query(engine, selection.every_area(), period_ends=(period_end,))
        figure.update(_rank(dict(zip(peers["area_code"], map(_number, peers[rate_col]))),
                            _area_key(frame)))
    return figure


def _partial_from(period_end: date, data_start: date | None) -> date | None:
    """The data's first date when the year starts before it (the year is partly counted)."""
    if data_start is None or period_start(period_end) >= data_start:
        return None
    return data_start


def _area_key(frame: pd.DataFrame) -> str | None:
    return frame["area_code"].iloc[0] if len(frame) else None


def latest_complete_cohort_end(period_end: date, as_of: date | None) -> date | None:
    """The latest quarterly cohort end on/before period_end that is complete at as_of."""
    if as_of is None:
        return None
    end = period_end
    while not cohort_complete(end, as_of):
        end = quarter_start(end) - timedelta(days=1)
    return end


def pooled_years(frame: pd.DataFrame, ends: list[date]) -> dict[date, dict]:
    """Annual figures for each year ending at `ends` (one area): the counts of the quarterly
    cohorts in the year summed, then divided (SPEC §4) — `pooled` for many years at once."""
    keyed = pd.concat([frame.assign(year_end=end, year_start=add_months(end, -12))
                       for end in ends], ignore_index=True)
    window = keyed[(keyed["cohort_end"] <= keyed["year_end"])
                   & (keyed["cohort_start"] > keyed["year_start"])]
    totals = window.groupby("year_end")[["cohort_size", "reoffenders", "reoffences"]].sum()
    totals["cohorts"] = window.groupby("year_end").size()
    totals = add_rates(totals)
    return {end: (totals.loc[end].to_dict() if end in totals.index else {}) for end in ends}


def _reoffending_figures(*, engine, selection: Selection, period_end, as_of) -> list[dict]:
    """Annual figures pooled over the four quarterly cohorts of the latest complete year."""
    end = latest_complete_cohort_end(period_end, as_of)
    if end is None:
        return [_no_reoffending(key, period_end) for key in
                ("reoffending_binary_rate", "reoffences_per_reoffender")]
    frame = reoffending(engine, selection, as_of=as_of)
    ends = [quarter_end(add_months(end, -3 * i)) for i in reversed(range(SERIES_LENGTH))]
    three_ago = add_months(end, -36)
    years = pooled_years(frame, [three_ago] + ends)
    now, before, three = years[end], years[add_months(end, -12)], years.pop(three_ago)
    peers = _peer_pooled(engine, selection, as_of, end)
    figures = []
    for key, column, base_col, noun in (
            ("reoffending_binary_rate", "binary_rate_pct", "cohort_size", "children"),
            ("reoffences_per_reoffender", "reoffences_per_reoffender", "reoffenders",
             "children who reoffended")):
        figure = _base(key, _number(now.get(column)), _number(before.get(column)),
                       _number(three.get(column)), end, "cohort_year")
        figure.update(
            count=_number(now.get(base_col)), count_noun=noun,
            reoffenders=_number(now.get("reoffenders")),
            reoffences=_number(now.get("reoffences")),
            cohort_size=_number(now.get("cohort_size")), cohorts=now.get("cohorts"),
            series=[{"period_end": e, "value": _number(y.get(column))} for e, y in years.items()],
            note_key="reoffending_lag", cohort_end=end)
        if peers is not None:
            figure.update(_rank(dict(zip(peers["area_code"], map(_number, peers[column]))),
                                _area_key(frame)))
        figures.append(figure)
    return figures


def _peer_pooled(engine, selection: Selection, as_of, end) -> pd.DataFrame | None:
    if selection.level == "all":
        return None
    starts = tuple(quarter_start(add_months(end, -3 * i)) for i in range(4))
    frame = reoffending(engine, selection.every_area(), as_of=as_of, cohort_starts=starts)
    return pooled(frame, end)


def _no_reoffending(key: str, period_end: date) -> dict:
    figure = _base(key, None, None, None, period_end, "no_cohort")
    figure["note_key"] = "no_complete_cohort"
    return figure


def _attach_comparators(engine, figure: dict, comparators: dict[str, str]) -> None:
    series = benchmark_series(engine, figure["indicator"], tuple(sorted(comparators.items())))
    at = series[series["period_end"] == figure["period_end"]]
    value = figure["value"]
    for area_type in COMPARATOR_KEYS:
        if area_type not in comparators:
            continue
        rows = at[at["area_type"] == area_type]
        bench = _number(rows["value"].iloc[0]) if len(rows) else None
        figure["benchmarks"][area_type] = {
            "name": comparators[area_type], "value": bench,
            "position": compare_words(value, bench), "judgement": judgement_vs(value, bench)}


def headline_figures(engine: Engine, selection: Selection, period_end: date, *,
                     meta: dict | None = None, thresholds: dict | None = None) -> list[dict]:
    """One dict per headline indicator for an area and reporting period (see module doc)."""
    meta = meta or load_meta(engine)
    thresholds = load_thresholds() if thresholds is None else thresholds
    where = {"engine": engine, "selection": selection, "period_end": period_end}
    figures = [
        _rolling_figure("fte_rate", fte, "rate_per_100k", "fte_count", "children",
                        data_start=meta["first_outcome_date"], **where),
        _rolling_figure("custody_rate", custody, "rate_per_1000", "custodial_sentences",
                        "sentences", data_start=meta["first_outcome_date"], **where),
        *_reoffending_figures(as_of=meta["as_of"], **where),
    ]
    comparators = comparator_areas(meta, selection.level, selection.area)
    for figure in figures:
        _attach_comparators(engine, figure, comparators)
        figure["rag"] = rag(figure["indicator"], figure["value"], thresholds)
        figure["rank_noun"] = PEER_NOUNS.get(selection.level)
        figure["comparators_ignore_filters"] = bool(selection.cohort.active())
    return figures


def disproportionality_headline(engine: Engine, selection: Selection,
                                period_end: date) -> dict | None:
    """The stage with the largest significant over-representation (vs White children).

    Returns None when there is nothing at all for the period; `found` is None when no
    relative rate can be computed (no population for the filter), False when no group is
    significantly over-represented.
    """
    frame = disproportionality(engine, selection, period_ends=(period_end,))
    if frame.empty or not frame["count"].sum():
        return None
    result = {"period_end": period_end,
              "ignores_ethnicity_filter": selection.cohort.ethnicity is not None}
    if not frame["relative_rate_index"].notna().any():
        return {**result, "found": None}
    over = frame[frame["significance"] == "over"]
    if over.empty:
        return {**result, "found": False}
    top = over.sort_values("relative_rate_index", ascending=False).iloc[0]
    return {**result, "found": True, "stage": top["stage"],
            "stage_label": STAGE_LABELS[top["stage"]], "group": top["ethnicity"],
            "rri": float(top["relative_rate_index"]), "lower": float(top["rri_lower_95"]),
            "upper": float(top["rri_upper_95"]), "count": int(top["count"])}
