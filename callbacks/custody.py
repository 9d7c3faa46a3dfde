"""Custody page: queries → pure figure builders → chart cards. Counts always beside rates."""
from __future__ import annotations

import logging

import pandas as pd
from dash import Input, Output, callback, html

from dashboard.charts import ChartResult, chart_outputs, table_payload
from dashboard.figures import custody as fig
from dashboard.figures.indicator_words import no_rate_reason, who_words
from dashboard.indicator_page import (PageContext, as_shown, comparisons, empty_result,
                                      join_notes, safe_chart)
from dashboard.periods import add_months, period_words
from dashboard.schema import TIER_LABELS
from dashboard.text import month_words, rate_1000
from queries.breakdowns import authority_split
from queries.custody import custody

log = logging.getLogger(__name__)
SOURCE = "Source: local case management outcomes; ONS mid-year population estimates."
BENCH_SOURCE = "Comparators: published youth justice statistics."
COUNT_QUARTERS = 12
DRILL_TITLE = "Custodial sentences {where}, {period}"


def _payload(frame: pd.DataFrame, filename: str, headers: dict, drill: dict | None = None):
    """The card's table and CSV: the figures as shown on the chart."""
    return table_payload(as_shown(frame, 2), filename, headers, drill=drill)


class Page(PageContext):
    def check(self) -> None:
        """Raise LookupError with the reason when the view leaves nothing to show."""
        super().check()
        if self.cohort.tier not in (None, "custody"):
            raise LookupError(
                "Custodial sentences are all in the custody tier, so the outcome tier filter "
                f"({TIER_LABELS[self.cohort.tier].lower()}) leaves nothing to show. "
                "Remove it to see custody figures.")

    def trend_frame(self) -> pd.DataFrame:
        return self.complete_years(custody(self.engine, self.state.level, self.cohort, None,
                                           self.state.area_code))

    def drill(self) -> dict:
        return {"kind": "custodial",
                "title": DRILL_TITLE.format(where=self.where, period=period_words(self.period))}


def _row_headers(rate_available: bool) -> dict:
    headers = {"label": "Group", "period": "Period", "count": "Custodial sentences"}
    if rate_available:
        headers.update({"population": "Children aged 10–17 (population)",
                        "rate": "Rate per 1,000"})
    headers["share_pct"] = "% of custodial sentences"
    return headers


# --- headline, trend and counts -------------------------------------------------------


@callback(
    Output("custody-headlines", "children"),
    *chart_outputs("custody-trend"),
    *chart_outputs("custody-counts"),
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
        log.exception("custody page failed")
        message = empty_result("The figures could not be loaded. Try again shortly.")
        return "The figures could not be loaded.", *message, *message
    if area.empty:
        empty = empty_result(f"There are no custody figures {page.where}.")
        return html.P(f"There are no custody figures {page.where} yet."), *empty, *empty
    comparators, sentence, note = comparisons(page, area, custody, "rate_per_1000", "custody_rate",
                                              lambda value: f"{rate_1000(value)} per 1,000")
    sentences = fig.headlines(area, page.period, page.area_name, page.who, page.population,
                              sentence, no_rate_reason(page.cohort), page.where)
    return (html.Ul([html.Li(s) for s in sentences]),
            *safe_chart(_trend_chart, page, area, comparators, note),
            *safe_chart(_counts_chart, page, area))


def _trend_chart(page: Page, area: pd.DataFrame, comparators: pd.DataFrame, note: str):
    lines = fig.trend_lines(area, page.area_name, comparators, page.rate_available)
    figure = fig.trend(lines, page.period, page.rate_available, page.present, page.dark)
    column = "rate_per_1000" if page.rate_available else "custodial_sentences"
    rates = area.set_index("period_end")[column]
    first, last = area["period_end"].min(), area["period_end"].max()
    unit = (f"Custodial sentences per 1,000 {page.population}, with the count"
            if page.rate_available else f"Custodial sentences for {page.who}")
    subtitle = (f"{unit}, rolling 12 months, {month_words(first)} to {month_words(last)}. "
                f"{page.as_of}")
    notes = [note] if note else []
    if not page.rate_available:
        notes.append(f"A rate is not available: {no_rate_reason(page.cohort)}, so counts are "
                     "shown and comparators are left out.")
    notes += ["Small numbers: one sentence more or fewer moves the rate noticeably.",
              page.incomplete_note(), "Click a quarter to select that reporting period.",
              SOURCE, BENCH_SOURCE]
    table = lines.pivot_table(index="period_end", columns="line", values="value",
                              sort=False).reset_index()
    table.insert(1, "count", table["period_end"].map(
        area.set_index("period_end")["custodial_sentences"]))
    unit_words = "rate per 1,000" if page.rate_available else "count"
    headers = {"period_end": "Rolling 12 months ending",
               "count": f"Custodial sentences ({page.area_name})"}
    headers.update({c: f"{c} ({unit_words})" for c in table.columns[2:]})
    payload = _payload(table, "custody-trend", headers, drill=page.drill())
    return ChartResult(figure, fig.trend_title(rates, page.period), subtitle, join_notes(notes),
                       payload).as_tuple()


def _counts_chart(page: Page, area: pd.DataFrame):
    upto = area[area["period_end"] <= page.period].tail(COUNT_QUARTERS)
    counts = upto.set_index("period_end")["custodial_sentences"]
    earlier = add_months(page.period, -12)
    title = fig.counts_title(int(counts.get(page.period, 0)), counts.get(earlier))
    subtitle = (f"Custodial sentences for {page.who} in each rolling year, up to the "
                f"{period_words(page.period)}. {page.as_of}")
    note = ("Each bar counts a whole year, so neighbouring bars share nine months. "
            f"Click a bar to select that period. {SOURCE}")
    payload = _payload(upto, "custody-counts",
                       {"period_end": "Rolling 12 months ending",
                        "custodial_sentences": "Custodial sentences",
                        "population": "Children aged 10–17 (population)",
                        "rate_per_1000": "Rate per 1,000"}, drill=page.drill())
    return ChartResult(fig.counts(upto, page.period, page.present, page.dark), title, subtitle,
                       note, payload).as_tuple()


# --- breakdowns -----------------------------------------------------------------------


@callback(*chart_outputs("custody-type"), *chart_outputs("custody-la"),
          *chart_outputs("custody-ethnicity"), Input("view-state", "data"))
def update_breakdowns(view):
    try:
        page = Page(view)
        page.check()
    except LookupError as exc:
        return empty_result(str(exc)) * 3
    except Exception:  # noqa: BLE001 - the page says so instead of a traceback
        log.exception("custody breakdowns failed")
        return empty_result("The figures could not be loaded. Try again shortly.") * 3
    return (*safe_chart(_type_chart, page), *safe_chart(_authority_chart, page),
            *safe_chart(_ethnicity_chart, page))


def _type_chart(page: Page):
    frame = custody(page.engine, page.state.level, page.cohort, None, page.state.area_code,
                    by="outcome_type", period_ends=(page.period,))
    rows = fig.type_rows(frame)
    subtitle = (f"Number of custodial sentences for {page.who} by type, "
                f"{period_words(page.period)}. {page.as_of}")
    note = ("Counts: a rate by sentence type would add nothing at these small numbers. "
            f"{SOURCE}")
    payload = _payload(rows.assign(period=period_words(page.period)), "custody-by-type",
                       _row_headers(False), drill=page.drill())
    return ChartResult(fig.breakdown(rows, False, None, page.present, page.dark),
                       fig.type_title(rows), subtitle, note, payload).as_tuple()


def _authority_chart(page: Page):
    frame = authority_split(page.engine, page.meta, page.state, custody, page.period)
    if len(frame) < 2:
        raise LookupError(f"{page.area_name} has one local authority, so there is no split "
                          "to show.")
    selected = page.state.area_code if page.state.level == "local_authority" else None
    rows = fig.area_rows(frame, selected, page.rate_available)
    unit = (f"Custodial sentences per 1,000 {page.population}, with the count"
            if page.rate_available else f"Custodial sentences for {page.who}")
    subtitle = f"{unit}, by local authority, {period_words(page.period)}. {page.as_of}"
    notes = ["Click an authority to show its figures across the page.", SOURCE]
    if selected:
        notes.insert(0, "The other authorities of the same service are shown for context.")
    payload = _payload(rows.assign(period=period_words(page.period)),
                       "custody-by-local-authority", _row_headers(page.rate_available))
    return ChartResult(fig.breakdown(rows, page.rate_available, None, page.present, page.dark),
                       fig.area_title(rows), subtitle, join_notes(notes), payload).as_tuple()


def _ethnicity_chart(page: Page):
    cohort = page.cohort.without("ethnicity")
    rate_available = cohort.population_available
    frame = custody(page.engine, page.state.level, cohort, None, page.state.area_code,
                    by="ethnicity", period_ends=(page.period,))
    rows = fig.ethnicity_rows(frame, page.cohort.ethnicity, rate_available)
    _, population = who_words(cohort)
    unit = (f"Custodial sentences per 1,000 {population} in each group, with the count"
            if rate_available else "Number of custodial sentences")
    subtitle = f"{unit}, {period_words(page.period)}. {page.as_of}"
    notes = []
    if page.cohort.ethnicity:
        notes.append("The ethnicity filter is not applied here, so the groups can be "
                     "compared; the selected one is in bold.")
    if not rate_available:
        notes.append(f"Counts are shown because {no_rate_reason(cohort)}.")
    population_note = fig.minority_population_note(rows)
    if population_note:
        notes.append(population_note)
    notes += ["Rates from a handful of sentences swing widely: read the counts first.",
              "Click a bar to show only that group across the page.", SOURCE]
    payload = _payload(rows.assign(period=period_words(page.period)), "custody-by-ethnicity",
                       _row_headers(rate_available))
    return ChartResult(fig.breakdown(rows, rate_available, None, page.present, page.dark),
                       fig.ethnicity_title(rows), subtitle, join_notes(notes), payload).as_tuple()
