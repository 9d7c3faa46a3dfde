"""First time entrants page: the rolling-year rate against comparators, counts, the split by
local authority and who entered (queries → pure figure builders → chart cards)."""
from __future__ import annotations

import pandas as pd

from dashboard.contract.periods import add_months, period_words
from dashboard.contract.selection import Selection
from dashboard.figures import fte as fig
from dashboard.web.page_content import Chart, NothingToShow, PageContent, join_notes
from dashboard.web.pages.indicator import SOURCE, WHISKER_NOTE, IndicatorPage
from dashboard.web.state import ViewState
from dashboard.words.indicator_words import no_rate_reason, plural, who_words
from dashboard.words.text import rate_100k
from queries.disposals import outcome_types
from queries.fte import fte

PAGE = "fte"
TREND, COUNTS, FUNNEL, LA = "fte-trend", "fte-counts", "fte-funnel", "fte-la"
SEX, AGE, ETHNICITY, OFFENCE, OUTCOME = ("fte-sex", "fte-age", "fte-ethnicity", "fte-offence",
                                         "fte-outcome")
BREAKDOWNS = {SEX: "sex", AGE: "age", ETHNICITY: "ethnicity", OFFENCE: "offence",
              OUTCOME: "outcome"}
CHARTS = {TREND: "the rate over time", COUNTS: "children entering each year",
          FUNNEL: "against every service", LA: "by local authority", SEX: "by sex", AGE: "by age", ETHNICITY: "by ethnicity",
          OFFENCE: "by offence group", OUTCOME: "by first outcome"}
FILTER_NAMES = {"sex": "sex", "age": "age", "ethnicity": "ethnicity",
                "offence": "offence group", "outcome": "outcome tier"}


class Page(IndicatorPage):
    key = PAGE
    charts = CHARTS
    trend_id, counts_id, funnel_id = TREND, COUNTS, FUNNEL
    slug = "first-time-entrants"
    query = staticmethod(fte)
    figures = fig
    benchmark = "fte_rate"
    benchmark_words = staticmethod(rate_100k)
    rate_places = 0
    rate_unit = " per 100,000"
    funnel_units = "Children entering per 100,000 aged 10–17"
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

    def counts_title(self, counts: pd.DataFrame) -> str:
        latest = counts["fte_count"].get(self.period, 0)
        return fig.counts_title(int(latest), counts["fte_count"].get(
            add_months(self.period, -12)), self.who)

    def funnel_counts(self, numerator: int, denominator: int) -> str:
        return f"{plural(numerator, 'child', 'children')} entered, of {denominator:,} aged 10–17"

    def breakdowns(self, content: PageContent, area: pd.DataFrame) -> None:
        content.draw(LA, self.authority_chart)
        overall = self.overall_rate(area)
        for chart_id, dimension in BREAKDOWNS.items():
            content.draw(chart_id, self.breakdown_chart, dimension, overall)

    def overall_rate(self, area: pd.DataFrame) -> float | None:
        """The area's rate for the period: the reference line on the breakdowns."""
        if not self.rate_available or area.empty:
            return None
        now = area.loc[area["period_end"] == self.period, "rate_per_100k"]
        return now.iloc[0] if not now.empty else None

    def breakdown_chart(self, dimension: str, overall) -> Chart:
        spec = fig.DIMENSIONS[dimension]
        own_filter = getattr(self.cohort, spec["field"])
        cohort = self.cohort.without(spec["field"])
        frame = fte(self.engine, self.selection.with_(cohort=cohort), by=spec["by"],
                    period_ends=(self.period,))
        rate_available = cohort.population_available and dimension in ("sex", "age",
                                                                         "ethnicity")
        types = outcome_types(self.engine) if dimension == "outcome" else None
        rows = fig.dimension_rows(frame, dimension, own_filter, rate_available, types)
        if rows.empty or rows["count"].sum() == 0:
            raise NothingToShow(f"No {self.who} entered the justice system in "
                                f"{self.area_name} in the {period_words(self.period)}.")
        payload = self.payload(rows.assign(period=period_words(self.period)),
                               f"{self.slug}-by-{dimension}", self.row_headers(rate_available))
        figure = fig.breakdown(rows, rate_available, overall if own_filter is None else None,
                               self.present, self.dark)
        return Chart(figure=figure, title=fig.breakdown_title(rows, dimension),
                     subtitle=self.breakdown_subtitle(rate_available, cohort),
                     note=join_notes(self.breakdown_notes(dimension, own_filter,
                                                          rate_available, rows)),
                     data=payload)

    def breakdown_subtitle(self, rate_available: bool, cohort) -> str:
        who, population = who_words(cohort)
        unit = (f"Children entering per 100,000 {population} in each group" if rate_available
                else f"Number of {who} entering the justice system")
        return f"{unit}, {period_words(self.period)}. {self.as_of}"

    def breakdown_notes(self, dimension, own_filter, rate_available, rows) -> list[str]:
        notes = []
        if own_filter is not None:
            notes.append(f"The {FILTER_NAMES[dimension]} filter is not applied here, so the "
                         "groups can be compared; the selected one is in bold.")
        if not rate_available:
            reason = ("there is no population by offence group or outcome"
                      if dimension in ("offence", "outcome") else no_rate_reason(self.cohort))
            notes.append(f"Counts are shown because {reason}, so a rate is not available.")
        if rate_available:
            notes.append(WHISKER_NOTE)
        small = rows[(rows["count"] > 0) & (rows["count"] < 30)]
        if rate_available and not small.empty:
            notes.append("Groups of fewer than 30 children are small numbers: treat their "
                         "rates with caution.")
        if dimension == "outcome":
            notes.append("Click a bar to show only children whose first outcome was in that "
                         "tier.")
        else:
            notes.append("Click a bar to show only that group across the page.")
        notes.append(SOURCE)
        return notes


def build(state: ViewState, selection: Selection, only=None) -> PageContent:
    """The first time entrants page for a resolved view state and its selection."""
    return Page(state, selection).content(only)
