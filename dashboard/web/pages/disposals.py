"""Outcomes page: what children received, by tier and type, and how the mix is changing
(one query for the area, then pure figure builders per card)."""
from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.contract.periods import add_months, period_start, period_words
from dashboard.contract.schema import TIER_LABELS
from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.figures import disposals as fig
from dashboard.web.page_content import Chart, PageContent, table_payload
from dashboard.web.state import ViewState
from dashboard.words import text
from queries.disposals import children_by, disposals
from queries.meta import area_label, load_meta

PAGE = "disposals"
TIER_COUNTS, TIER_SHARES = "disposals-tier-counts", "disposals-tier-shares"
TYPES, DIVERSION = "disposals-types", "disposals-diversion"
FILTER_NOTE, BOARD_TABLE = "disposals-filter-note", "disposals-board-table"
CHARTS = {TIER_COUNTS: "outcomes by tier", TIER_SHARES: "shares of outcomes by tier",
          TYPES: "outcomes by type, this year and last", DIVERSION: "diversion and formal "
                                                                  "outcomes over time"}
SOURCE = "Source: local case management records, children aged 10–17."
NOTE = ("No published comparators exist for outcomes, so ‘Compare with’ does not change "
        "this page. Cohort filters narrow the children counted.")


def _subtitle(area: str, span: str, meta: dict) -> str:
    return f"{area} · {span} · data as of {text.day_month_year(meta['as_of'])}"


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
    return Chart(figure=fig.tier_counts_figure(tiers, present, dark),
                 title=fig.tier_counts_title(tiers),
                 subtitle=_subtitle(area, _years_span(tiers), meta), note=note, data=payload)


def tier_shares(tiers, area, meta, present, dark):
    payload = _tier_payload(tiers, "outcome-shares-by-tier",
                            {"share": "% of outcomes", "disposals": "Outcomes"})
    note = ("Shares of all outcomes in each rolling year; labels hidden where a segment is "
            f"too thin to read (see the table). {SOURCE}")
    return Chart(figure=fig.tier_shares_figure(tiers, present, dark),
                 title=fig.tier_shares_title(tiers),
                 subtitle=_subtitle(area, _years_span(tiers), meta), note=note, data=payload)


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
    return Chart(figure=figure, title=fig.types_title(table),
                 subtitle=_subtitle(area, now, meta), note=note, data=payload)


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
    return Chart(figure=fig.diversion_figure(series, present, dark),
                 title=fig.diversion_title(series),
                 subtitle=_subtitle(area, _rolling_span(series), meta), note=note, data=payload)


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


def _nothing(area: str, state: ViewState, period_end) -> str:
    filtered = " match these filters" if state.cohort.active() else ""
    when = f" in the {period_words(period_end)}" if period_end else ""
    return f"No outcomes for {area}{filtered}{when}."


def _children_total(engine, selection: Selection, period_end,
                    column="in_age") -> pd.DataFrame:
    """Distinct children per period (and per value of `column`) across all outcome types."""
    ends = (period_end, fig.year_before(period_end))
    return children_by(engine, selection, column, period_ends=ends)


def _total_for(kids: pd.DataFrame, period_end, group=True) -> int:
    match = kids[(kids["period_end"] == period_end) & (kids["group"] == group)]
    return int(match["children"].iloc[0]) if not match.empty else 0


def _types_table(engine, selection: Selection, frame: pd.DataFrame,
                 period_end) -> pd.DataFrame:
    """The boards' table for the period and the year before, with distinct-children totals."""
    before = fig.year_before(period_end)
    current, previous = frame[frame["period_end"] == period_end], \
        frame[frame["period_end"] == before]
    kids = _children_total(engine, selection, period_end)
    return fig.types_table(current, previous, _total_for(kids, period_end),
                           _total_for(kids, before) if not previous.empty else None)


def build(state: ViewState, selection: Selection, only=None) -> PageContent:
    """The outcomes page for a resolved view state and its selection."""
    engine = get_engine()
    meta = load_meta(engine)
    frame = disposals(engine, selection)
    period_end = state.period_end
    area = area_label(meta, state.level, state.area_code, selection.scope)
    present, dark = state.present == "1", state.theme == "dark"
    content = PageContent(PAGE, extras={FILTER_NOTE: NOTE}, wanted=only)
    current = frame[frame["period_end"] == period_end] if period_end else frame.iloc[0:0]
    if current.empty:
        return content.say(_nothing(area, state, period_end), CHARTS)
    upto = frame[frame["period_end"] <= period_end]
    tiers = fig.tier_totals(upto[upto["period_end"].isin(
        fig.annual_period_ends(set(upto["period_end"]), period_end))])
    series = fig.diversion_series(upto)
    table = _types_table(engine, selection, frame, period_end)
    custody_kids = _total_for(_children_total(engine, selection, period_end, "tier"),
                              period_end, "custody")
    content.headlines = fig.headline_sentences(series, table, period_end, custody_kids)
    content.extras[BOARD_TABLE] = board_table(table, period_end)
    content.draw(TIER_COUNTS, tier_counts, tiers, area, meta, present, dark)
    content.draw(TIER_SHARES, tier_shares, tiers, area, meta, present, dark)
    content.draw(TYPES, outcome_types, table, period_end, area, meta, present, dark)
    content.draw(DIVERSION, diversion, series, area, meta, present, dark)
    return content
