"""Outcomes page: one query for the area, then pure figure builders per card."""
from __future__ import annotations

import logging

import pandas as pd
from dash import Input, Output, callback, html

from dashboard.words import text
from dashboard.web.chart_results import (ChartResult, chart_outputs, message_result, safe_chart,
                              table_payload)
from dashboard.web.components import resolve_state
from dashboard.core.db import get_engine
from dashboard.figures import disposals as fig
from dashboard.contract.periods import add_months, period_start, period_words
from dashboard.contract.schema import TIER_LABELS
from dashboard.web.state import ViewState
from queries.disposals import children_by, disposals
from queries.meta import area_label, load_meta
from dashboard.web.session import selection_for

log = logging.getLogger(__name__)
CHARTS = ["disposals-tier-counts", "disposals-tier-shares", "disposals-types",
          "disposals-diversion"]
SOURCE = "Source: local case management records, children aged 10–17."


def _subtitle(area: str, span: str, meta: dict) -> str:
    return f"{area} · {span} · data as of {meta['as_of']:%-d %B %Y}"


def _years_span(tiers: pd.DataFrame) -> str:
    """'years to September, 2015–2024' for the annual bars."""
    ends = sorted(tiers["period_end"].unique())
    if len(ends) == 1:
        return period_words(ends[0])
    return f"years to {ends[0]:%B}, {ends[0].year}–{ends[-1].year}"


def _rolling_span(series: pd.DataFrame) -> str:
    ends = list(series["period_end"])
    return (f"rolling years ending each quarter, {text.month_words(ends[0])} to "
            f"{text.month_words(ends[-1])}")


def _part_year(first_end, meta: dict) -> str:
    """A warning when the first period starts before the data do (a part-year)."""
    first_data = meta.get("first_outcome_date")
    if first_data and period_start(first_end) < first_data.replace(day=1):
        full = text.month_words(add_months(first_data, 11))
        return (f" Data begin in {text.month_words(first_data)}: years ending before {full} "
                "are part-years.")
    return ""


def _tier_payload(tiers, filename: str, figures: dict) -> dict:
    """A tier chart's table: period and tier in words, then `figures` (shares as shown)."""
    data = tiers.assign(year=tiers["period_end"].map(fig.year_words),
                        tier_label=tiers["tier"].map(TIER_LABELS),
                        share=tiers["share_pct"].round(1))
    return table_payload(data, filename, {"year": "Period", "tier_label": "Outcome tier",
                                          **figures})


def tier_counts(tiers, area, meta, present, dark):
    payload = _tier_payload(tiers, "outcomes-by-tier",
                            {"disposals": "Outcomes", "share": "% of outcomes"})
    note = ("Outcomes are every out-of-court and court outcome given. Click a tier to show "
            "only that tier." + _part_year(tiers["period_end"].min(), meta) + " " + SOURCE)
    return ChartResult(fig.tier_counts_figure(tiers, present, dark),
                       fig.tier_counts_title(tiers), _subtitle(area, _years_span(tiers), meta),
                       note, payload).as_tuple()


def tier_shares(tiers, area, meta, present, dark):
    payload = _tier_payload(tiers, "outcome-shares-by-tier",
                            {"share": "% of outcomes", "disposals": "Outcomes"})
    note = ("Shares of all outcomes in each rolling year; labels hidden where a segment is "
            f"too thin to read (see the table). {SOURCE}")
    return ChartResult(fig.tier_shares_figure(tiers, present, dark),
                       fig.tier_shares_title(tiers), _subtitle(area, _years_span(tiers), meta),
                       note, payload).as_tuple()


def outcome_types(table, period_end, area, meta, present, dark):
    now, before = period_words(period_end), period_words(fig.year_before(period_end))
    shown = table.assign(**{column: pd.to_numeric(table[column], errors="coerce").round(1)
                            for column in ("pct_now", "pct_before")})
    payload = table_payload(shown, f"outcomes-by-type-{period_end:%Y-%m}", {
        "outcome": "Outcome", "tier": "Tier",
        "disposals_now": f"Disposals ({now})", "children_now": f"Children ({now})",
        "pct_now": f"% of total ({now})", "disposals_before": f"Disposals ({before})",
        "children_before": f"Children ({before})", "pct_before": f"% of total ({before})"},
        drill={"kind": "outcomes",
               "title": f"Children given an outcome in the {now} — {area}"})
    note = ("Disposals are outcomes given; children are counted once per row, and once in "
            "the total however many outcomes they had. " + SOURCE)
    figure = fig.types_figure(table, fig.year_words(period_end),
                              fig.year_words(fig.year_before(period_end)), present, dark)
    return ChartResult(figure, fig.types_title(table), _subtitle(area, now, meta), note,
                       payload).as_tuple()


def diversion(series, area, meta, present, dark):
    data = series.assign(year=series["period_end"].map(fig.year_words),
                         share=pd.to_numeric(series.apply(fig.diversion_share, axis=1),
                                             errors="coerce").round(1))
    payload = table_payload(data, "diversion-and-formal-outcomes", {
        "year": "Period", "diversion": "Diversion outcomes", "formal": "Formal outcomes",
        "share": "Diversion as % of outcomes"})
    note = ("Diversion: community resolution, youth restorative disposal, outcome 22. Formal: "
            "youth cautions and court sentences. Each point is a rolling year; click one to "
            "report that period." + _part_year(series["period_end"].min(), meta) + " "
            + SOURCE)
    return ChartResult(fig.diversion_figure(series, present, dark), fig.diversion_title(series),
                       _subtitle(area, _rolling_span(series), meta), note, payload).as_tuple()


def _year_cells(row, when: str, extra: str) -> list:
    values = (text.count(getattr(row, f"disposals_{when}")),
              text.count(getattr(row, f"children_{when}")), text.pct(getattr(row, f"pct_{when}")))
    return [html.Td(value, className="num" + extra) for value in values]


def board_table(table: pd.DataFrame, period_end) -> html.Table:
    """The boards' familiar table: both years side by side, Total row in bold."""
    now, before = period_words(period_end), period_words(fig.year_before(period_end))
    head = html.Thead([
        html.Tr([html.Th("Outcome", rowSpan=2, scope="col"),
                 html.Th(fig.year_words(period_end), colSpan=3, scope="colgroup"),
                 html.Th(fig.year_words(fig.year_before(period_end)), colSpan=3, scope="colgroup",
                         className="year-before")]),
        html.Tr([html.Th(h, scope="col", className="num" + extra)
                 for extra in ("", " year-before")
                 for h in ("Disposals", "Children", "% of total")]),
    ])
    rows = [html.Tr([html.Th(row.outcome, scope="row"),
                     *_year_cells(row, "now", ""), *_year_cells(row, "before", " year-before")],
                    className="total-row" if row.outcome_type == "total" else None)
            for row in table.itertuples()]
    return html.Table([head, html.Tbody(rows)], className="table table-sm board-table",
                      **{"aria-label": f"Outcomes by type, {now} and {before}"})


def _view(view_data):
    engine = get_engine()
    meta = load_meta(engine)
    state = resolve_state(ViewState.from_dict(view_data).to_dict(), meta)
    frame = disposals(engine, selection_for(state))
    return state, engine, meta, state.period_end, frame


def _nothing(area: str, state: ViewState, period_end) -> str:
    filtered = " match these filters" if state.cohort.active() else ""
    when = f" in the {period_words(period_end)}" if period_end else ""
    return f"No outcomes for {area}{filtered}{when}."


def _children_total(engine, state, period_end, column="in_age") -> pd.DataFrame:
    """Distinct children per period (and per value of `column`) across all outcome types."""
    ends = (period_end, fig.year_before(period_end))
    return children_by(engine, selection_for(state), column, period_ends=ends)


def _total_for(kids: pd.DataFrame, period_end, group=True) -> int:
    match = kids[(kids["period_end"] == period_end) & (kids["group"] == group)]
    return int(match["children"].iloc[0]) if not match.empty else 0


def _types_table(engine, state: ViewState, frame: pd.DataFrame, period_end) -> pd.DataFrame:
    """The boards' table for the period and the year before, with distinct-children totals."""
    before = fig.year_before(period_end)
    current, previous = frame[frame["period_end"] == period_end], \
        frame[frame["period_end"] == before]
    kids = _children_total(engine, state, period_end)
    return fig.types_table(current, previous, _total_for(kids, period_end),
                           _total_for(kids, before) if not previous.empty else None)


@callback(
    Output("disposals-headlines", "children"),
    Output("disposals-filter-note", "children"),
    Output("disposals-board-table", "children"),
    *[output for chart in CHARTS for output in chart_outputs(chart)],
    Input("view-state", "data"),
)
def update_outcomes(view_data):
    try:
        return _render(*_view(view_data))
    except Exception:  # noqa: BLE001 - the database failing is shown, not raised
        log.exception("outcomes page failed")
        empty = message_result("The outcomes could not be read from the database.")
        return [html.P("Figures are unavailable right now.")], "", None, *(empty * len(CHARTS))


def _render(state, engine, meta, period_end, frame) -> tuple:
    area = area_label(meta, state.level, state.area_code)
    present, dark = state.present == "1", state.theme == "dark"
    note = ("No published comparators exist for outcomes, so ‘Compare with’ does not change "
            "this page. Cohort filters narrow the children counted.")
    current = frame[frame["period_end"] == period_end] if period_end else frame.iloc[0:0]
    if current.empty:
        message = _nothing(area, state, period_end)
        return [html.P(message)], note, None, *(message_result(message) * len(CHARTS))
    upto = frame[frame["period_end"] <= period_end]
    tiers = fig.tier_totals(upto[upto["period_end"].isin(
        fig.annual_period_ends(set(upto["period_end"]), period_end))])
    series = fig.diversion_series(upto)
    table = _types_table(engine, state, frame, period_end)
    custody_kids = _total_for(_children_total(engine, state, period_end, "tier"),
                              period_end, "custody")
    headlines = html.Ul([html.Li(s) for s in
                         fig.headline_sentences(series, table, period_end, custody_kids)])
    return (headlines, note, board_table(table, period_end),
            *safe_chart(tier_counts, tiers, area, meta, present, dark),
            *safe_chart(tier_shares, tiers, area, meta, present, dark),
            *safe_chart(outcome_types, table, period_end, area, meta, present, dark),
            *safe_chart(diversion, series, area, meta, present, dark))
