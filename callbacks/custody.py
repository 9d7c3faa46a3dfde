"""Custody page: queries → pure figure builders → chart cards. Counts always beside rates."""
from __future__ import annotations

import logging

from dash import Input, Output, callback

from dashboard.web.chart_results import ChartResult, chart_outputs
from dashboard.figures import custody as fig
from dashboard.words.indicator_words import no_rate_reason, who_words
from dashboard.web.chart_results import message_result
from dashboard.web.indicator_page import (SOURCE, IndicatorPage, join_notes,
                                      safe_chart)
from dashboard.contract.periods import period_words
from dashboard.contract.schema import TIER_LABELS
from dashboard.words.text import rate_1000
from queries.custody import custody

log = logging.getLogger(__name__)
DRILL_TITLE = "Custodial sentences {where}, {period}"


class Page(IndicatorPage):
    name = slug = "custody"
    query = staticmethod(custody)
    figures = fig
    benchmark = "custody_rate"
    rate_places = 2
    count_header = "Custodial sentences"
    trend_count_header = "Custodial sentences ({area_name})"
    rate_header = "Rate per 1,000"
    share_header = "% of custodial sentences"
    trend_units = area_units = ("Custodial sentences per 1,000 {population}, with the count",
                                "Custodial sentences for {who}")
    trend_cautions = ("Small numbers: one sentence more or fewer moves the rate noticeably.",)
    no_figures = ("There are no custody figures {where} yet.",
                  "There are no custody figures {where}.")

    @staticmethod
    def benchmark_words(value) -> str:
        return f"{rate_1000(value)} per 1,000"

    def check(self) -> None:
        """Raise LookupError with the reason when the view leaves nothing to show."""
        super().check()
        if self.cohort.tier not in (None, "custody"):
            raise LookupError(
                "Custodial sentences are all in the custody tier, so the outcome tier filter "
                f"({TIER_LABELS[self.cohort.tier].lower()}) leaves nothing to show. "
                "Remove it to see custody figures.")

    def drill(self) -> dict:
        return {"kind": "custodial",
                "title": DRILL_TITLE.format(where=self.where, period=period_words(self.period))}

    def counts_title(self, latest: int, previous) -> str:
        return fig.counts_title(latest, previous)


# --- headline, trend and counts -------------------------------------------------------


@callback(
    Output("custody-headlines", "children"),
    *chart_outputs("custody-trend"),
    *chart_outputs("custody-counts"),
    Input("view-state", "data"),
)
def update_trend(view):
    return Page.headline_cards(view)


# --- breakdowns -----------------------------------------------------------------------


@callback(*chart_outputs("custody-type"), *chart_outputs("custody-la"),
          *chart_outputs("custody-ethnicity"), Input("view-state", "data"))
def update_breakdowns(view):
    try:
        page = Page(view)
        page.check()
    except LookupError as exc:
        return message_result(str(exc)) * 3
    except Exception:  # noqa: BLE001 - the page says so instead of a traceback
        log.exception("custody breakdowns failed")
        return message_result("The figures could not be loaded. Try again shortly.") * 3
    return (*safe_chart(_type_chart, page), *safe_chart(page.authority_chart),
            *safe_chart(_ethnicity_chart, page))


def _type_chart(page: Page):
    frame = custody(page.engine, page.selection, by="outcome_type", period_ends=(page.period,))
    rows = fig.type_rows(frame)
    subtitle = (f"Number of custodial sentences for {page.who} by type, "
                f"{period_words(page.period)}. {page.as_of}")
    note = ("Counts: a rate by sentence type would add nothing at these small numbers. "
            f"{SOURCE}")
    payload = page.payload(rows.assign(period=period_words(page.period)), "custody-by-type",
                           page.row_headers(False), drill=page.drill())
    return ChartResult(fig.breakdown(rows, False, None, page.present, page.dark),
                       fig.type_title(rows), subtitle, note, payload).as_tuple()


def _ethnicity_chart(page: Page):
    cohort = page.cohort.without("ethnicity")
    rate_available = cohort.population_available
    frame = custody(page.engine, page.selection.with_(cohort=cohort), by="ethnicity",
                    period_ends=(page.period,))
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
    payload = page.payload(rows.assign(period=period_words(page.period)),
                           "custody-by-ethnicity", page.row_headers(rate_available))
    return ChartResult(fig.breakdown(rows, rate_available, None, page.present, page.dark),
                       fig.ethnicity_title(rows), subtitle, join_notes(notes), payload).as_tuple()
