"""First time entrants page: queries → pure figure builders → chart cards."""
from __future__ import annotations

import logging

import pandas as pd
from dash import Input, Output, callback, html

from dashboard.charts import ChartResult, chart_outputs, table_payload
from dashboard.figures import fte as fig
from dashboard.figures.indicator_words import no_rate_reason, who_words
from dashboard.indicator_page import (PageContext, as_shown, comparisons, empty_result,
                                      join_notes, safe_chart)
from dashboard.periods import add_months, period_words
from dashboard.text import month_words, rate_100k
from queries.breakdowns import authority_split
from queries.fte import fte

log = logging.getLogger(__name__)
BREAKDOWNS = ["sex", "age", "ethnicity", "offence", "outcome"]
SOURCE = "Source: local case management outcomes; ONS mid-year population estimates."
BENCH_SOURCE = "Comparators: published youth justice statistics."
FILTER_NAMES = {"sex": "sex", "age": "age", "ethnicity": "ethnicity",
                "offence": "offence group", "outcome": "outcome tier"}
COUNT_QUARTERS = 12


def _payload(frame: pd.DataFrame, filename: str, headers: dict, drill: dict | None = None):
    """The card's table and CSV: the figures as shown on the chart."""
    return table_payload(as_shown(frame, 0), filename, headers, drill=drill)


class Page(PageContext):
    def trend_frame(self) -> pd.DataFrame:
        return self.complete_years(fte(self.engine, self.state.level, self.cohort, None,
                                       self.state.area_code))

    def drill(self) -> dict:
        return {"kind": "fte", "title": f"Children who entered the justice system "
                                        f"{self.where}, {period_words(self.period)}"}


# --- headline, trend and counts -------------------------------------------------------


@callback(
    Output("fte-headlines", "children"),
    *chart_outputs("fte-trend"),
    *chart_outputs("fte-counts"),
    Input("view-state", "data"),
)
def update_trend(view):
    try:
        page = Page(view)
        page.check()
        area = page.trend_frame()
    except LookupError as exc:
        message = empty_result(str(exc))
        return html.P(str(exc)), *message, *message
    except Exception:  # noqa: BLE001 - the page says so instead of a traceback
        log.exception("first time entrants page failed")
        message = empty_result("The figures could not be loaded. Try again shortly.")
        return "The figures could not be loaded.", *message, *message
    if area.empty:
        message = f"There are no first time entrant figures {page.where}."
        empty = empty_result(message)
        return html.P(message), *empty, *empty
    comparators, sentence, note = comparisons(page, area, fte, "rate_per_100k", "fte_rate",
                                              rate_100k)
    sentences = fig.headlines(area, page.period, page.area_name, page.who, page.population,
                              sentence, no_rate_reason(page.cohort), page.where)
    return (html.Ul([html.Li(s) for s in sentences]),
            *safe_chart(_trend_chart, page, area, comparators, note),
            *safe_chart(_counts_chart, page, area))


def _trend_chart(page: Page, area: pd.DataFrame, comparators: pd.DataFrame, note: str):
    lines = fig.trend_lines(area, page.area_name, comparators, page.rate_available)
    figure = fig.trend(lines, page.period, page.rate_available, page.present, page.dark)
    rates = area.set_index("period_end")["rate_per_100k" if page.rate_available else "fte_count"]
    first, last = area["period_end"].min(), area["period_end"].max()
    unit = ("Children entering the justice system per 100,000 " + page.population
            if page.rate_available else f"Number of {page.who} entering the justice system")
    subtitle = (f"{unit}, rolling 12 months, {month_words(first)} to {month_words(last)}. "
                f"{page.as_of}")
    notes = [note] if note else []
    if not page.rate_available:
        notes.append(f"A rate is not available: {no_rate_reason(page.cohort)}, so counts "
                     "are shown and comparators are left out.")
    notes += [page.incomplete_note(), "Click a quarter to select that reporting period.", SOURCE,
              BENCH_SOURCE]
    table = lines.pivot_table(index="period_end", columns="line", values="value",
                              sort=False).reset_index()
    table.insert(1, "Children entering (count)",
                 table["period_end"].map(area.set_index("period_end")["fte_count"]))
    headers = {"period_end": "Rolling 12 months ending",
               "Children entering (count)": "Children entering (count)"}
    headers.update({c: f"{c} ({'rate per 100,000' if page.rate_available else 'count'})"
                    for c in table.columns[2:]})
    payload = _payload(table, "first-time-entrants-trend", headers, drill=page.drill())
    return ChartResult(figure, fig.trend_title(rates, page.period), subtitle, join_notes(notes),
                       payload).as_tuple()


def _counts_chart(page: Page, area: pd.DataFrame):
    upto = area[area["period_end"] <= page.period].tail(COUNT_QUARTERS)
    counts = upto.set_index("period_end")["fte_count"]
    earlier = add_months(page.period, -12)
    title = fig.counts_title(counts.get(page.period, 0), counts.get(earlier), page.who)
    subtitle = (f"Number of {page.who} entering the justice system in each rolling year, "
                f"up to the {period_words(page.period)}. {page.as_of}")
    note = ("Each bar counts a whole year, so neighbouring bars share nine months. "
            f"Click a bar to select that period. {SOURCE}")
    payload = _payload(upto, "first-time-entrants-counts",
                       {"period_end": "Rolling 12 months ending",
                        "fte_count": "Children entering (count)",
                        "population": "Children aged 10–17 (population)",
                        "rate_per_100k": "Rate per 100,000"}, drill=page.drill())
    return ChartResult(fig.counts(upto, page.period, page.present, page.dark), title, subtitle,
                       note, payload).as_tuple()


# --- local authorities ----------------------------------------------------------------


@callback(*chart_outputs("fte-la"), Input("view-state", "data"))
def update_authorities(view):
    return safe_chart(lambda: _authority_chart(Page(view)))


def _authority_chart(page: Page):
    page.check()
    frame = authority_split(page.engine, page.meta, page.state, fte, page.period)
    if len(frame) < 2:
        raise LookupError(f"{page.area_name} has one local authority, so there is no split "
                          "to show.")
    selected = page.state.area_code if page.state.level == "local_authority" else None
    rows = fig.area_rows(frame, selected, page.rate_available)
    unit = ("Children entering per 100,000 " + page.population if page.rate_available
            else f"Number of {page.who} entering")
    subtitle = f"{unit}, by local authority, {period_words(page.period)}. {page.as_of}"
    notes = ["Click an authority to show its figures across the page.", SOURCE]
    if selected:
        notes.insert(0, "The other authorities of the same service are shown for context.")
    payload = _payload(rows.assign(period=period_words(page.period)),
                       "first-time-entrants-by-local-authority", _row_headers(page))
    return ChartResult(fig.breakdown(rows, page.rate_available, None, page.present, page.dark),
                       fig.area_title(rows), subtitle, join_notes(notes), payload).as_tuple()


def _row_headers(page: Page) -> dict:
    headers = {"label": "Group", "period": "Period", "count": "Children entering (count)"}
    if page.rate_available:
        headers.update({"population": "Children aged 10–17 (population)",
                        "rate": "Rate per 100,000"})
    headers["share_pct"] = "% of children entering"
    return headers


# --- breakdowns -----------------------------------------------------------------------


@callback(*[o for d in BREAKDOWNS for o in chart_outputs(f"fte-{d}")],
          Input("view-state", "data"))
def update_breakdowns(view):
    try:
        page = Page(view)
        overall = _overall_rate(page)
    except Exception:  # noqa: BLE001 - the page says so instead of a traceback
        log.exception("first time entrants breakdowns failed")
        message = empty_result("The figures could not be loaded. Try again shortly.")
        return message * len(BREAKDOWNS)
    return tuple(value for d in BREAKDOWNS
                 for value in safe_chart(_breakdown_chart, page, d, overall))


def _overall_rate(page: Page) -> float | None:
    """The area's rate for the period: the reference line on the breakdowns."""
    if not page.rate_available or page.period is None:
        return None
    area = page.trend_frame()
    now = area.loc[area["period_end"] == page.period, "rate_per_100k"]
    return now.iloc[0] if not now.empty else None


def _breakdown_chart(page: Page, dimension: str, overall):
    page.check()
    spec = fig.DIMENSIONS[dimension]
    own_filter = getattr(page.cohort, spec["field"])
    cohort = page.cohort.without(spec["field"])
    frame = fte(page.engine, page.state.level, cohort, None, page.state.area_code,
                by=spec["by"], period_ends=(page.period,))
    rate_available = cohort.population_available and dimension in ("sex", "age", "ethnicity")
    rows = fig.dimension_rows(frame, dimension, own_filter, rate_available)
    if rows.empty or rows["count"].sum() == 0:
        raise LookupError(f"No {page.who} entered the justice system in "
                          f"{page.area_name} in the {period_words(page.period)}.")
    subtitle = _breakdown_subtitle(page, rate_available, cohort)
    notes = _breakdown_notes(page, dimension, own_filter, rate_available, rows)
    headers = _row_headers(page) if rate_available else {
        "label": "Group", "period": "Period", "count": "Children entering (count)",
        "share_pct": "% of children entering"}
    payload = _payload(rows.assign(period=period_words(page.period)),
                       f"first-time-entrants-by-{dimension}", headers)
    return ChartResult(fig.breakdown(rows, rate_available, overall if own_filter is None else None,
                                     page.present, page.dark),
                       fig.breakdown_title(rows, dimension), subtitle, join_notes(notes),
                       payload).as_tuple()


def _breakdown_subtitle(page: Page, rate_available: bool, cohort) -> str:
    who, population = who_words(cohort)
    unit = (f"Children entering per 100,000 {population} in each group" if rate_available
            else f"Number of {who} entering the justice system")
    return f"{unit}, {period_words(page.period)}. {page.as_of}"


def _breakdown_notes(page, dimension, own_filter, rate_available, rows) -> list[str]:
    notes = []
    if own_filter is not None:
        notes.append(f"The {FILTER_NAMES[dimension]} filter is not applied here, so the groups "
                     "can be compared; the selected one is in bold.")
    if not rate_available:
        reason = ("there is no population by offence group or outcome"
                  if dimension in ("offence", "outcome") else no_rate_reason(page.cohort))
        notes.append(f"Counts are shown because {reason}, so a rate is not available.")
    small = rows[(rows["count"] > 0) & (rows["count"] < 30)]
    if rate_available and not small.empty:
        notes.append("Groups of fewer than 30 children are small numbers: treat their rates "
                     "with caution.")
    if dimension == "outcome":
        notes.append("Click a bar to show only children whose first outcome was in that tier.")
    else:
        notes.append("Click a bar to show only that group across the page.")
    notes.append(SOURCE)
    return notes
