"""What the first time entrants and custody pages share: the view in context, comparisons,
charts that fail or come up empty becoming a message in place, and the cards both pages
draw alike (IndicatorPage)."""
from __future__ import annotations

import logging
from types import ModuleType
from typing import Callable

import pandas as pd
from dash import html

from dashboard.web import chart_results as charts
from dashboard.web.chart_results import ChartResult
from dashboard.core.db import get_engine
from dashboard.figures.indicator_charts import Measure
from dashboard.words.indicator_words import (comparator_sentence, no_rate_reason,
                                               peer_sentence, where_words, who_words)
from dashboard.contract.periods import add_months, period_start, period_words
from dashboard.web.state import ViewState
from dashboard.words.text import month_words
from dashboard.analysis.comparators import (authority_split, line_name, published_lines, rate_name,
                                service_lines, service_peers, services_note)
from queries.meta import area_label, load_meta, resolve_period
from dashboard.web.session import selection_for

log = logging.getLogger(__name__)
SOURCE = "Source: local case management outcomes; ONS mid-year population estimates."
BENCH_SOURCE = "Comparators: published youth justice statistics."
COUNT_QUARTERS = 12


def join_notes(parts) -> str:
    """Join the non-empty note sentences of a chart."""
    return " ".join(part for part in parts if part)


def as_shown(frame: pd.DataFrame, rate_places: int) -> pd.DataFrame:
    """Rates rounded as the charts show them (shares to one decimal), for tables and CSVs."""
    rounded = frame.copy()
    for column in rounded.columns:
        if not pd.api.types.is_float_dtype(rounded[column]):
            continue
        places = 1 if column == "share_pct" else rate_places
        rounded[column] = rounded[column].round(places)
        if places == 0:
            rounded[column] = rounded[column].astype("Int64")
    return rounded


safe_chart = charts.safe_chart  # re-exported for the indicator pages' callbacks


class PageContext:
    """The view state resolved against what is loaded, plus the words that describe it."""

    def __init__(self, view):
        self.engine = get_engine()
        self.meta = load_meta(self.engine)
        self.state = ViewState.from_dict(view)
        self.period = resolve_period(self.meta, self.state.period_end)
        self.area_name = area_label(self.meta, self.state.level, self.state.area_code)
        self.where = where_words(self.state.level, self.area_name)
        self.cohort = self.state.cohort
        self.selection = selection_for(self.state)
        self.rate_available = self.cohort.population_available
        self.who, self.population = who_words(self.cohort)
        self.present = self.state.present == "1"
        self.dark = self.state.theme == "dark"

    @property
    def as_of(self) -> str:
        return f"Data as of {self.meta['as_of']:%-d %B %Y}."

    @property
    def data_start(self):
        return self.meta.get("first_outcome_date")

    def check(self) -> None:
        """Raise LookupError saying why, when the selected period cannot be shown."""
        if self.period is None:
            raise LookupError("No reporting periods are loaded.")
        if self.data_start and period_start(self.period) < self.data_start:
            raise LookupError(
                f"The {period_words(self.period)} starts before the loaded data begin "
                f"({self.data_start:%-d %B %Y}), so its figures would be incomplete. "
                "Choose a later reporting period.")

    def complete_years(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Only rolling years that start on or after the first loaded outcome."""
        if not self.data_start or frame.empty:
            return frame
        return frame[frame["period_start"] >= self.data_start].reset_index(drop=True)

    def incomplete_note(self) -> str:
        if not self.data_start:
            return ""
        return (f"Years starting before {self.data_start:%-d %B %Y}, when the loaded data "
                "begin, are left out.")


def comparisons(page: PageContext, area: pd.DataFrame, query, value_col: str, indicator: str,
                shown) -> tuple[pd.DataFrame, str | None, str]:
    """Comparator lines, the comparison sentence for the headlines and a note for the chart.

    `query`: the page's query function (for other services); `value_col`: its rate column;
    `indicator`: the benchmark indicator; `shown(value)`: a benchmark value in words.
    No rate (looked-after or offence filters) means no comparison.
    """
    if not page.rate_available:
        return pd.DataFrame(), None, ""
    current = area.loc[area["period_end"] == page.period, value_col]
    value = current.iloc[0] if not current.empty else None
    if page.state.compare == "services":
        services = query(page.engine, page.selection.every_area("service"))
        peers = service_peers(services, value_col, page.area_name, page.period)
        sentence = peer_sentence(value, peers, is_peer=page.state.level == "service")
        return service_lines(services, value_col, page.area_name), sentence, services_note(peers)
    lines, chosen, note = published_lines(page.engine, page.meta, page.selection, page.state.compare,
                                          indicator)
    if not chosen:
        return lines, None, note
    kind, name = chosen[0]
    primary = lines[(lines["line"] == line_name(kind, name))
                    & (lines["period_end"] == page.period)]
    bench = primary["value"].iloc[0] if not primary.empty else None
    filtered = bool(page.cohort.active())
    sentence = comparator_sentence(value, rate_name(kind, name), bench, shown(bench),
                                   filtered=filtered)
    if filtered:
        note = join_notes([note, "Comparator lines are for all children: published figures "
                                 "are not split by these filters."])
    return lines, sentence, note


class IndicatorPage(PageContext):
    """The cards the first time entrants and custody pages draw alike: the headlines, the
    trend and the counts (one callback, as they share the trend frame) and the authority
    split. A page's subclass sets the attributes below and defines drill() and
    counts_title(latest, previous)."""

    name: str                     # in the log: "first time entrants"
    slug: str                     # starts the CSV file names: "first-time-entrants"
    query: Callable               # the page's query (a staticmethod)
    figures: ModuleType           # its figure module: headlines, titles, MEASURE's charts
    benchmark: str                # the published indicator: "fte_rate"
    benchmark_words: Callable     # a published value in words (a staticmethod)
    rate_places: int              # the rate's decimals in tables and CSVs
    count_header: str             # "Children entering (count)"
    trend_count_header: str       # the trend table's count column; {area_name}
    rate_header: str              # "Rate per 100,000"
    share_header: str             # "% of children entering"
    trend_units: tuple[str, str]  # what the trend shows: with a rate, with counts only
    area_units: tuple[str, str]   # the same for the authority split
    trend_cautions: tuple[str, ...] = ()  # notes on the trend before the standard ones
    no_figures: tuple[str, str]   # the headline and the chart message with no rows; {where}

    @property
    def measure(self) -> Measure:
        return self.figures.MEASURE

    def trend_frame(self) -> pd.DataFrame:
        return self.complete_years(self.query(self.engine, self.selection))

    def words(self, template: str) -> str:
        """One of the page's word templates filled in for this view."""
        return template.format(population=self.population, who=self.who, where=self.where,
                               area_name=self.area_name)

    def unit(self, units: tuple[str, str]) -> str:
        """What a chart shows: the rate's words, or the count's when there is no rate."""
        return self.words(units[0] if self.rate_available else units[1])

    def payload(self, frame: pd.DataFrame, filename: str, headers: dict,
                drill: dict | None = None) -> dict:
        """A card's table and CSV: the figures as shown on the chart."""
        return charts.table_payload(as_shown(frame, self.rate_places), filename, headers,
                                    drill=drill)

    def row_headers(self, rate_available: bool) -> dict:
        headers = {"label": "Group", "period": "Period", "count": self.count_header}
        if rate_available:
            headers.update({"population": "Children aged 10–17 (population)",
                            "rate": self.rate_header})
        headers["share_pct"] = self.share_header
        return headers

    @classmethod
    def headline_cards(cls, view) -> tuple:
        """The headline sentences, then the trend's and the counts' card outputs."""
        try:
            page = cls(view)
            page.check()
            area = page.trend_frame()
        except LookupError as exc:
            message = charts.message_result(str(exc))
            return html.P(str(exc)), *message, *message
        except Exception:  # noqa: BLE001 - the page says so instead of a traceback
            log.exception("%s page failed", cls.name)
            message = charts.message_result("The figures could not be loaded. Try again shortly.")
            return "The figures could not be loaded.", *message, *message
        if area.empty:
            headline, chart = (page.words(words) for words in cls.no_figures)
            empty = charts.message_result(chart)
            return html.P(headline), *empty, *empty
        comparators, sentence, note = comparisons(page, area, cls.query, page.measure.rate_col,
                                                  cls.benchmark, cls.benchmark_words)
        sentences = cls.figures.headlines(area, page.period, page.area_name, page.who,
                                          page.population, sentence,
                                          no_rate_reason(page.cohort), page.where)
        return (html.Ul([html.Li(s) for s in sentences]),
                *safe_chart(page.trend_chart, area, comparators, note),
                *safe_chart(page.counts_chart, area))

    def trend_chart(self, area: pd.DataFrame, comparators: pd.DataFrame, note: str) -> tuple:
        measure = self.measure
        lines = measure.trend_lines(area, self.area_name, comparators, self.rate_available)
        figure = measure.trend(lines, self.period, self.rate_available, self.present, self.dark)
        column = measure.rate_col if self.rate_available else measure.count_col
        rates = area.set_index("period_end")[column]
        first, last = area["period_end"].min(), area["period_end"].max()
        subtitle = (f"{self.unit(self.trend_units)}, rolling 12 months, {month_words(first)} "
                    f"to {month_words(last)}. {self.as_of}")
        notes = [note] if note else []
        if not self.rate_available:
            notes.append(f"A rate is not available: {no_rate_reason(self.cohort)}, so counts "
                         "are shown and comparators are left out.")
        notes += [*self.trend_cautions, self.incomplete_note(),
                  "Click a quarter to select that reporting period.", SOURCE, BENCH_SOURCE]
        table = lines.pivot_table(index="period_end", columns="line", values="value",
                                  sort=False).reset_index()
        table.insert(1, "count", table["period_end"].map(
            area.set_index("period_end")[measure.count_col]))
        unit_words = self.rate_header.lower() if self.rate_available else "count"
        headers = {"period_end": "Rolling 12 months ending",
                   "count": self.words(self.trend_count_header)}
        headers.update({c: f"{c} ({unit_words})" for c in table.columns[2:]})
        payload = self.payload(table, f"{self.slug}-trend", headers, drill=self.drill())
        return ChartResult(figure, self.figures.trend_title(rates, self.period), subtitle,
                           join_notes(notes), payload).as_tuple()

    def counts_chart(self, area: pd.DataFrame) -> tuple:
        measure = self.measure
        upto = area[area["period_end"] <= self.period].tail(COUNT_QUARTERS)
        counts = upto.set_index("period_end")[measure.count_col]
        title = self.counts_title(int(counts.get(self.period, 0)),
                                  counts.get(add_months(self.period, -12)))
        count_unit = self.words(self.trend_units[1])  # bars count, with or without a rate
        subtitle = (f"{count_unit} in each rolling year, up to the {period_words(self.period)}. "
                    f"{self.as_of}")
        note = ("Each bar counts a whole year, so neighbouring bars share nine months. "
                f"Click a bar to select that period. {SOURCE}")
        payload = self.payload(upto, f"{self.slug}-counts",
                               {"period_end": "Rolling 12 months ending",
                                measure.count_col: self.count_header,
                                "population": "Children aged 10–17 (population)",
                                measure.rate_col: self.rate_header}, drill=self.drill())
        return ChartResult(measure.counts(upto, self.period, self.present, self.dark), title,
                           subtitle, note, payload).as_tuple()

    def authority_chart(self) -> tuple:
        frame = authority_split(self.engine, self.meta, self.selection, self.query, self.period)
        if len(frame) < 2:
            raise LookupError(f"{self.area_name} has one local authority, so there is no "
                              "split to show.")
        selected = self.state.area_code if self.state.level == "local_authority" else None
        rows = self.measure.area_rows(frame, selected, self.rate_available)
        subtitle = (f"{self.unit(self.area_units)}, by local authority, "
                    f"{period_words(self.period)}. {self.as_of}")
        notes = ["Click an authority to show its figures across the page.", SOURCE]
        if selected:
            notes.insert(0, "The other authorities of the same service are shown for context.")
        payload = self.payload(rows.assign(period=period_words(self.period)),
                               f"{self.slug}-by-local-authority",
                               self.row_headers(self.rate_available))
        return ChartResult(self.measure.breakdown(rows, self.rate_available, None, self.present,
                                                  self.dark),
                           self.figures.area_title(rows), subtitle, join_notes(notes),
                           payload).as_tuple()
