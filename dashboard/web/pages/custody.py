"""Custody page: the rate against comparators with counts beside it, the sentence types,
the split by local authority and ethnicity (queries → pure figure builders → chart cards)."""
from __future__ import annotations

import pandas as pd

from dashboard.contract.periods import add_months, period_words
from dashboard.contract.schema import TIER_LABELS
from dashboard.contract.selection import Selection
from dashboard.figures import custody as fig
from dashboard.web.page_content import Chart, PageContent, join_notes
from dashboard.web.pages.indicator import SOURCE, WHISKER_NOTE, IndicatorPage
from dashboard.web.state import ViewState
from dashboard.words.indicator_words import no_rate_reason, plural, who_words
from dashboard.words.text import rate_1000
from queries.custody import custody
from queries.disposals import outcome_types

PAGE = "custody"
TREND, COUNTS, FUNNEL, TYPE, LA, ETHNICITY = (
    "custody-trend", "custody-counts", "custody-funnel", "custody-type", "custody-la",
    "custody-ethnicity")
CHARTS = {TREND: "the rate over time", COUNTS: "custodial sentences each year",
          FUNNEL: "against every service", TYPE: "by type of sentence",
          LA: "by local authority", ETHNICITY: "by ethnicity"}
DRILL_TITLE = "Custodial sentences {where}, {period}"


class Page(IndicatorPage):
    key = PAGE
    charts = CHARTS
    trend_id, counts_id, funnel_id = TREND, COUNTS, FUNNEL
    slug = "custody"
    query = staticmethod(custody)
    figures = fig
    benchmark = "custody_rate"
    rate_places = 2
    rate_unit = " per 1,000"
    funnel_units = "Custodial sentences per 1,000 children aged 10–17"
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

    def counts_title(self, counts: pd.DataFrame) -> str:
        latest = counts["custodial_sentences"].get(self.period, 0)
        children = counts["children"].get(self.period) if "children" in counts else None
        return fig.counts_title(int(latest), counts["custodial_sentences"].get(
            add_months(self.period, -12)), children)

    def funnel_counts(self, numerator: int, denominator: int) -> str:
        return (f"{plural(numerator, 'custodial sentence')}, {denominator:,} children "
                "aged 10–17")

    def breakdowns(self, content: PageContent, area: pd.DataFrame) -> None:
        content.draw(TYPE, self.type_chart)
        content.draw(LA, self.authority_chart)
        content.draw(ETHNICITY, self.ethnicity_chart)

    def type_chart(self) -> Chart:
        frame = custody(self.engine, self.selection, by="outcome_type",
                        period_ends=(self.period,))
        types = outcome_types(self.engine)
        custodial = types[types["custodial"].astype(bool)]
        rows = fig.type_rows(frame, dict(zip(custodial["code"], custodial["label"])))
        subtitle = (f"Number of custodial sentences for {self.who} by type, "
                    f"{period_words(self.period)}. {self.as_of}")
        note = ("Counts: a rate by sentence type would add nothing at these small numbers. "
                f"{SOURCE}")
        payload = self.payload(rows.assign(period=period_words(self.period)),
                               "custody-by-type", self.row_headers(False), drill=self.drill())
        return Chart(figure=fig.breakdown(rows, False, None, self.present, self.dark),
                     title=fig.type_title(rows), subtitle=subtitle, note=note, data=payload)

    def ethnicity_chart(self) -> Chart:
        cohort = self.cohort.without("ethnicity")
        rate_available = cohort.population_available
        frame = custody(self.engine, self.selection.with_(cohort=cohort), by="ethnicity",
                        period_ends=(self.period,))
        rows = fig.ethnicity_rows(frame, self.cohort.ethnicity, rate_available)
        _, population = who_words(cohort)
        unit = (f"Custodial sentences per 1,000 {population} in each group, with the count"
                if rate_available else "Number of custodial sentences")
        subtitle = f"{unit}, {period_words(self.period)}. {self.as_of}"
        notes = []
        if self.cohort.ethnicity:
            notes.append("The ethnicity filter is not applied here, so the groups can be "
                         "compared; the selected one is in bold.")
        if not rate_available:
            notes.append(f"Counts are shown because {no_rate_reason(cohort)}.")
        population_note = fig.minority_population_note(rows)
        if population_note:
            notes.append(population_note)
        if rate_available:
            notes.append(WHISKER_NOTE)
        notes += ["Rates from a handful of sentences swing widely: read the counts first.",
                  "Click a bar to show only that group across the page.", SOURCE]
        payload = self.payload(rows.assign(period=period_words(self.period)),
                               "custody-by-ethnicity", self.row_headers(rate_available))
        return Chart(figure=fig.breakdown(rows, rate_available, None, self.present, self.dark),
                     title=fig.ethnicity_title(rows), subtitle=subtitle,
                     note=join_notes(notes), data=payload)


def build(state: ViewState, selection: Selection, only=None) -> PageContent:
    """The custody page for a resolved view state and its selection."""
    return Page(state, selection).content(only)
