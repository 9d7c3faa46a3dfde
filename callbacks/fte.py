"""First time entrants page: queries → pure figure builders → chart cards."""
from __future__ import annotations

import logging

from dash import Input, Output, callback

from dashboard.web.chart_results import ChartResult, chart_outputs
from dashboard.figures import fte as fig
from dashboard.words.indicator_words import no_rate_reason, who_words
from dashboard.web.chart_results import message_result
from dashboard.web.indicator_page import (SOURCE, IndicatorPage, join_notes,
                                      safe_chart)
from dashboard.contract.periods import period_words
from dashboard.words.text import rate_100k
from queries.fte import fte

log = logging.getLogger(__name__)
BREAKDOWNS = ["sex", "age", "ethnicity", "offence", "outcome"]
FILTER_NAMES = {"sex": "sex", "age": "age", "ethnicity": "ethnicity",
                "offence": "offence group", "outcome": "outcome tier"}


class Page(IndicatorPage):
    name = "first time entrants"
    slug = "first-time-entrants"
    query = staticmethod(fte)
    figures = fig
    benchmark = "fte_rate"
    benchmark_words = staticmethod(rate_100k)
    rate_places = 0
    count_header = trend_count_header = "Children entering (count)"
    rate_header = "Rate per 100,000"
    share_header = "% of children entering"
    trend_units = ("Children entering the justice system per 100,000 {population}",
                   "Number of {who} entering the justice system")
    area_units = ("Children entering per 100,000 {population}", "Number of {who} entering")
    no_figures = ("There are no first time entrant figures {where}.",) * 2  # headline, chart

    def drill(self) -> dict:
        return {"kind": "fte", "title": f"Children who entered the justice system "
                                        f"{self.where}, {period_words(self.period)}"}

    def counts_title(self, latest: int, previous) -> str:
        return fig.counts_title(latest, previous, self.who)


# --- headline, trend and counts -------------------------------------------------------


@callback(
    Output("fte-headlines", "children"),
    *chart_outputs("fte-trend"),
    *chart_outputs("fte-counts"),
    Input("view-state", "data"),
)
def update_trend(view):
    return Page.headline_cards(view)


# --- local authorities ----------------------------------------------------------------


@callback(*chart_outputs("fte-la"), Input("view-state", "data"))
def update_authorities(view):
    return safe_chart(_authority_chart, view)


def _authority_chart(view):
    page = Page(view)
    page.check()
    return page.authority_chart()


# --- breakdowns -----------------------------------------------------------------------


@callback(*[o for d in BREAKDOWNS for o in chart_outputs(f"fte-{d}")],
          Input("view-state", "data"))
def update_breakdowns(view):
    try:
        page = Page(view)
        overall = _overall_rate(page)
    except Exception:  # noqa: BLE001 - the page says so instead of a traceback
        log.exception("first time entrants breakdowns failed")
        message = message_result("The figures could not be loaded. Try again shortly.")
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
    frame = fte(page.engine, page.selection.with_(cohort=cohort), by=spec["by"],
                period_ends=(page.period,))
    rate_available = cohort.population_available and dimension in ("sex", "age", "ethnicity")
    rows = fig.dimension_rows(frame, dimension, own_filter, rate_available)
    if rows.empty or rows["count"].sum() == 0:
        raise LookupError(f"No {page.who} entered the justice system in "
                          f"{page.area_name} in the {period_words(page.period)}.")
    subtitle = _breakdown_subtitle(page, rate_available, cohort)
    notes = _breakdown_notes(page, dimension, own_filter, rate_available, rows)
    payload = page.payload(rows.assign(period=period_words(page.period)),
                           f"{page.slug}-by-{dimension}", page.row_headers(rate_available))
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
