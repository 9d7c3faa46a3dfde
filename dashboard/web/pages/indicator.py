"""What the first time entrants and custody pages share: the view in context, comparisons
and the cards both pages draw alike (IndicatorPage: headlines, trend, counts, the split by
local authority)."""
from __future__ import annotations

from types import ModuleType
from typing import Callable

import pandas as pd

from dashboard.analysis.comparators import (authority_split, line_name, published_lines,
                                            service_lines, service_peers, services_note)
from dashboard.analysis.ranking import Comparison, service_comparison
from dashboard.contract.periods import add_months, period_start, period_words
from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.figures.breakdown import LIMIT_COLUMNS
from dashboard.figures.funnel import funnel_figure, funnel_rows, highlight_position
from dashboard.figures.indicator_charts import Measure, rate_limits_of
from dashboard.web.page_content import Chart, NothingToShow, PageContent, join_notes, \
    table_payload
from dashboard.web.state import ViewState
from dashboard.words.funnel_words import (funnel_sentence, funnel_title, position_sentence,
                                          rank_words)
from dashboard.words.headlines import comparator_name
from dashboard.words.indicator_words import (comparator_sentence, interval_text,
                                             no_rate_reason, peer_sentence, where_words,
                                             who_words)
from dashboard.words.text import day_month_year, month_words
from queries.meta import area_label, load_meta, resolve_period

SOURCE = "Source: local case management outcomes; ONS mid-year population estimates."
BENCH_SOURCE = "Comparators: published youth justice statistics."
COUNT_QUARTERS = 12
POPULATION_HEADER = "Children aged 10–17 (population)"
LIMIT_HEADERS = {"lower": "95% interval: lower", "upper": "95% interval: upper"}
BAND_NOTE = ("The shaded band around our line is its 95% interval: the range the rate could "
             "take by chance alone, given how few children it counts.")
WHISKER_NOTE = "Each whisker is the rate's 95% interval."


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


class PageContext:
    """The view state resolved against what is loaded, plus the words that describe it."""

    def __init__(self, state: ViewState, selection: Selection):
        self.engine = get_engine()
        self.meta = load_meta(self.engine)
        self.state = state
        self.period = resolve_period(self.meta, state.period_end)
        self.area_name = area_label(self.meta, state.level, state.area_code,
                                    selection.scope)
        self.where = where_words(state.level, self.area_name)
        self.cohort = state.cohort
        self.selection = selection
        self.rate_available = self.cohort.population_available
        self.who, self.population = who_words(self.cohort)
        self.present = state.present == "1"
        self.dark = state.theme == "dark"

    @property
    def as_of(self) -> str:
        return f"Data as of {day_month_year(self.meta['as_of'])}."

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
                f"({day_month_year(self.data_start)}), so its figures would be incomplete. "
                "Choose a later reporting period.")

    def complete_years(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Only rolling years that start on or after the first loaded outcome."""
        if not self.data_start or frame.empty:
            return frame
        return frame[frame["period_start"] >= self.data_start].reset_index(drop=True)

    def incomplete_note(self) -> str:
        if not self.data_start:
            return ""
        return (f"Years starting before {day_month_year(self.data_start)}, when the loaded "
                "data begin, are left out.")


def comparisons(page: PageContext, area: pd.DataFrame, query, value_col: str, indicator: str,
                shown, fmt) -> tuple[pd.DataFrame, str | None, str]:
    """Comparator lines, the comparison sentence for the headlines and a note for the chart.

    `query`: the page's query function (for other services); `value_col`: its rate column;
    `indicator`: the benchmark indicator; `shown(value)`: a benchmark value in words; `fmt`:
    a rate's number alone. The sentence says statistically higher, similar or lower by the
    area's 95% interval (CONTRACT §4). No rate (looked-after or offence filters) means no
    comparison.
    """
    if not page.rate_available:
        return pd.DataFrame(), None, ""
    current = area[area["period_end"] == page.period]
    value = current[value_col].iloc[0] if not current.empty else None
    limits = rate_limits_of(current.iloc[0]) if not current.empty else None
    if page.state.compare == "services":
        services = query(page.engine, page.selection.every_area("service"))
        peers = service_peers(services, value_col, page.area_name, page.period)
        sentence = peer_sentence(value, peers, is_peer=page.state.level == "service",
                                 limits=limits, fmt=fmt)
        return service_lines(services, value_col, page.area_name), sentence, services_note(peers)
    lines, chosen, note = published_lines(page.engine, page.meta, page.selection,
                                          page.state.compare, indicator, page.period)
    if not chosen:
        return lines, None, note
    kind, name = chosen[0]
    primary = lines[(lines["line"] == line_name(kind, name))
                    & (lines["period_end"] == page.period)]
    bench = primary["value"].iloc[0] if not primary.empty else None
    filtered = bool(page.cohort.active())
    interval = interval_text(limits, fmt)
    sentence = comparator_sentence(value, comparator_name(kind, name), bench, shown(bench),
                                   filtered=filtered, limits=limits,
                                   interval=interval.removeprefix("95% interval ")
                                   if interval else None)
    if filtered:
        note = join_notes([note, "Comparator lines are for all children: published figures "
                                 "are not split by these filters."])
    return lines, sentence, note


class IndicatorPage(PageContext):
    """What the first time entrants and custody pages draw alike: the headlines, the trend
    and the counts (they share the trend frame), the funnel plot against every service and
    the split by local authority. A page's subclass sets the attributes below, defines
    drill(), counts_title(counts) and breakdowns(content, area) for its own charts."""

    key: str                      # the page key: "fte"
    charts: dict[str, str]        # the page's CHARTS
    trend_id: str                 # the trend's chart id
    counts_id: str                # the counts' chart id
    funnel_id: str                # the funnel plot's chart id
    slug: str                     # starts the CSV file names: "first-time-entrants"
    query: Callable               # the page's query (a staticmethod)
    figures: ModuleType           # its figure module: headlines, titles, MEASURE's charts
    benchmark: str                # the published indicator: "fte_rate"
    benchmark_words: Callable     # a published value in words (a staticmethod)
    rate_places: int              # the rate's decimals in tables and CSVs
    rate_unit: str                # after a rate in hover: " per 100,000"
    count_header: str             # "Children entering (count)"
    trend_count_header: str       # the trend table's count column; {area_name}
    rate_header: str              # "Rate per 100,000"
    share_header: str             # "% of children entering"
    trend_units: tuple[str, str]  # what the trend shows: with a rate, with counts only
    area_units: tuple[str, str]   # the same for the authority split
    funnel_units: str             # what the funnel plots: "Children entering per 100,000 …"
    trend_cautions: tuple[str, ...] = ()  # notes on the trend before the standard ones
    no_figures: tuple[str, str]   # the headline and the chart message with no rows; {where}
    _comparison: Comparison | None = None

    @property
    def measure(self) -> Measure:
        return self.figures.MEASURE

    def trend_frame(self) -> pd.DataFrame:
        """This area's rolling years, with each rate's 95% interval."""
        return self.measure.with_interval(
            self.complete_years(self.query(self.engine, self.selection)))

    def funnel_counts(self, numerator: int, denominator: int) -> str:
        """A funnel point's counts in words, for its hover."""
        raise NotImplementedError

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
        return table_payload(as_shown(frame, self.rate_places), filename, headers, drill=drill)

    def row_headers(self, rate_available: bool) -> dict:
        headers = {"label": "Group", "period": "Period", "count": self.count_header}
        if rate_available:
            headers.update({"population": POPULATION_HEADER, "rate": self.rate_header,
                            **LIMIT_HEADERS})
        headers["share_pct"] = self.share_header
        return headers

    def content(self, only=None) -> PageContent:
        """The page: headlines, trend and counts, the funnel plot, then the page's own
        breakdowns."""
        content = PageContent(self.key, wanted=only)
        try:
            self.check()
        except LookupError as exc:
            return content.say(str(exc), self.charts)
        area = self.trend_frame()
        if area.empty:
            headline, message = (self.words(words) for words in self.no_figures)
            content.message = headline
            content.empty(self.trend_id, message)
            content.empty(self.counts_id, message)
        else:
            comparators, sentence, note = comparisons(self, area, self.query,
                                                      self.measure.rate_col, self.benchmark,
                                                      self.benchmark_words,
                                                      self.measure.rate_fmt)
            content.headlines = self.figures.headlines(area, self.period, self.area_name,
                                                       self.who, self.population, sentence,
                                                       no_rate_reason(self.cohort), self.where)
            placed = content.attempt("the funnel sentence", self.funnel_headline)
            if placed:   # before the small-number caution, if there is one
                cautions = [i for i, h in enumerate(content.headlines) if h.startswith("Based")]
                content.headlines.insert(cautions[0] if cautions else len(content.headlines),
                                         placed)
            content.draw(self.trend_id, self.trend_chart, area, comparators, note)
            content.draw(self.counts_id, self.counts_chart, area)
        content.draw(self.funnel_id, self.funnel_chart)
        self.breakdowns(content, area)
        return content

    def breakdowns(self, content: PageContent, area: pd.DataFrame) -> None:
        raise NotImplementedError

    def trend_chart(self, area: pd.DataFrame, comparators: pd.DataFrame, note: str) -> Chart:
        measure = self.measure
        lines = measure.trend_lines(area, self.area_name, comparators, self.rate_available)
        figure = measure.trend(lines, self.period, self.rate_available, self.present, self.dark)
        column = measure.rate_col if self.rate_available else measure.count_col
        rates = area.set_index("period_end")[column]
        first, last = area["period_end"].min(), area["period_end"].max()
        band = " The shaded band is its 95% interval." if self.rate_available else ""
        subtitle = (f"{self.unit(self.trend_units)}, rolling 12 months, {month_words(first)} "
                    f"to {month_words(last)}.{band} {self.as_of}")
        notes = [note] if note else []
        if self.rate_available:
            notes.append(BAND_NOTE)
        else:
            notes.append(f"A rate is not available: {no_rate_reason(self.cohort)}, so counts "
                         "are shown and comparators are left out.")
        notes += [*self.trend_cautions, self.incomplete_note(),
                  "Click a quarter to select that reporting period.", SOURCE, BENCH_SOURCE]
        table = lines.pivot_table(index="period_end", columns="line", values="value",
                                  sort=False).reset_index()
        by_period = area.set_index("period_end")
        table.insert(1, "count", table["period_end"].map(by_period[measure.count_col]))
        unit_words = self.rate_header.lower() if self.rate_available else "count"
        headers = {"period_end": "Rolling 12 months ending",
                   "count": self.words(self.trend_count_header)}
        headers.update({c: f"{c} ({unit_words})" for c in table.columns[2:]})
        if self.rate_available:
            # The area's interval beside its rate (the area's column is the first line's).
            at = table.columns.get_loc(self.area_name) + 1 if self.area_name in table else 2
            for offset, (column, limit) in enumerate(zip(("lower", "upper"), LIMIT_COLUMNS)):
                table.insert(at + offset, column, table["period_end"].map(by_period[limit]))
            headers = _insert_after(headers, self.area_name, {
                column: f"{self.area_name} ({words})" for column, words in LIMIT_HEADERS.items()})
        payload = self.payload(table, f"{self.slug}-trend", headers, drill=self.drill())
        return Chart(figure=figure, title=self.figures.trend_title(rates, self.period),
                     subtitle=subtitle, note=join_notes(notes), data=payload)

    def counts_chart(self, area: pd.DataFrame) -> Chart:
        measure = self.measure
        upto = area[area["period_end"] <= self.period].tail(COUNT_QUARTERS)
        title = self.counts_title(upto.set_index("period_end"))
        count_unit = self.words(self.trend_units[1])  # bars count, with or without a rate
        subtitle = (f"{count_unit} in each rolling year, up to the {period_words(self.period)}. "
                    f"{self.as_of}")
        note = ("Each bar counts a whole year, so neighbouring bars share nine months. "
                f"Click a bar to select that period. {SOURCE}")
        headers = {"period_end": "Rolling 12 months ending",
                   measure.count_col: self.count_header}
        if measure.second:
            headers[measure.second[0]] = measure.second[1][1]
        headers.update({"population": POPULATION_HEADER, measure.rate_col: self.rate_header})
        if self.rate_available:
            headers.update(dict(zip(LIMIT_COLUMNS, LIMIT_HEADERS.values())))
        payload = self.payload(upto, f"{self.slug}-counts", headers, drill=self.drill())
        return Chart(figure=measure.counts(upto, self.period, self.present, self.dark),
                     title=title, subtitle=subtitle, note=note, data=payload)

    def counts_title(self, counts: pd.DataFrame) -> str:
        raise NotImplementedError

    def authority_chart(self) -> Chart:
        frame = authority_split(self.engine, self.meta, self.selection, self.query, self.period)
        if len(frame) < 2:
            raise NothingToShow(f"{self.area_name} has one local authority, so there is no "
                                "split to show.")
        selected = self.state.area_code if self.state.level == "local_authority" else None
        rows = self.measure.area_rows(frame, selected, self.rate_available)
        subtitle = (f"{self.unit(self.area_units)}, by local authority, "
                    f"{period_words(self.period)}. {self.as_of}")
        notes = ["Click an authority to show its figures across the page.", SOURCE]
        if self.rate_available:
            notes.insert(0, WHISKER_NOTE)
        if selected:
            notes.insert(0, "The other authorities of the same service are shown for context.")
        payload = self.payload(rows.assign(period=period_words(self.period)),
                               f"{self.slug}-by-local-authority",
                               self.row_headers(self.rate_available))
        return Chart(figure=self.measure.breakdown(rows, self.rate_available, None,
                                                  self.present, self.dark),
                     title=self.figures.area_title(rows), subtitle=subtitle,
                     note=join_notes(notes), data=payload)

    # --- every service: the funnel plot and the rank (CONTRACT §4b) ---------------------------

    def comparison(self) -> Comparison:
        """Every service of England and Wales for the period (for all children: published
        figures are not split by the filters), read once per build."""
        if self._comparison is None:
            self._comparison = service_comparison(self.engine, self.benchmark, self.period,
                                                  self.selection.scope)
        return self._comparison

    def rank_text(self, comparison: Comparison) -> str | None:
        """'38th of 155 services (upper middle quartile)', None when not in the field."""
        found = comparison.field.position(self.area_name)
        if found is None:
            return None
        table = comparison.field.table
        tied = int((table["rank"] == found["rank"]).sum()) > 1
        return rank_words(found["rank"], comparison.field.size, found["quartile_name"],
                          tied=tied)

    def funnel_headline(self) -> str | None:
        """Where the service lies among every service, and its rank; only for a service and
        only for all children (the published figures are not split by filters)."""
        if self.state.level != "service" or self.cohort.active():
            return None
        comparison = self.comparison()
        if comparison.national is None or comparison.funnel.empty:
            return None
        position = highlight_position(comparison.funnel, self.area_name)
        return funnel_sentence(self.area_name, position, self.rank_text(comparison),
                               published=comparison.field.published)

    def funnel_chart(self) -> Chart:
        if self.state.level != "service":
            raise NothingToShow(
                "Funnel plots compare youth justice services with each other, so they are "
                "drawn for a service. Choose a service under Area to see where it lies among "
                "every service in England and Wales.", title="Funnel plots compare services")
        comparison = self.comparison()
        when = period_words(self.period)
        if comparison.national is None:
            raise NothingToShow(f"No England and Wales figure is loaded for the {when}, so "
                                "there are no limits to draw a funnel plot around.")
        if comparison.funnel.empty:
            raise NothingToShow(f"No service has published counts for the {when}, so there "
                                "is nothing to place on a funnel plot.")
        points = comparison.funnel
        position = highlight_position(points, self.area_name)
        measure = self.measure
        figure = funnel_figure(points, self.benchmark, comparison.national,
                               highlight=self.area_name, fmt=measure.rate_fmt,
                               value_title=measure.rate_axis,
                               denominator_title=POPULATION_HEADER, unit=self.rate_unit,
                               counts=self.funnel_counts, presentation=self.present,
                               dark=self.dark)
        rank = self.rank_text(comparison)
        placed = f" {self.area_name} ranks {rank}; 1st is lowest." if rank else ""
        subtitle = (f"{self.funnel_units}: each of {len(points):,} services against its "
                    f"population, {when}.{placed} {self.as_of}")
        national = self.benchmark_words(comparison.national)
        notes = [position_sentence(self.area_name, position),
                 f"The lines show how far a service's rate can stray from England and Wales "
                 f"({national}) by chance alone: 95% of services would fall inside the dashed "
                 "lines and 99.8% inside the dotted ones. The range narrows as the population "
                 "grows.",
                 f"{self.area_name}'s point is worked out from the loaded data; the other "
                 "services' are published figures."]
        if not comparison.field.published:
            notes.append("No published figures for other services are loaded, so only the "
                         "services loaded are compared.")
        if self.cohort.active():
            notes.append("The funnel plot is for all children: published figures for other "
                         "services are not split by the filters.")
        notes += ["Hover over a point to see which service it is.", BENCH_SOURCE]
        rows = funnel_rows(points, self.area_name)
        headers = {"service": "Service", "denominator": POPULATION_HEADER,
                   "numerator": self.count_header, "value": self.rate_header,
                   "lower_95": "95% limit: lower", "upper_95": "95% limit: upper",
                   "lower_998": "99.8% limit: lower", "upper_998": "99.8% limit: upper",
                   "position": "Position"}
        payload = self.payload(rows, f"{self.slug}-every-service", headers)
        lead = funnel_sentence(self.area_name, position, rank,
                               published=comparison.field.published)
        return Chart(figure=figure, title=funnel_title(position), subtitle=subtitle,
                     note=join_notes(notes), data=payload, lead=lead)


def _insert_after(headers: dict, key: str, extra: dict) -> dict:
    """The headers with `extra` placed right after `key` (at the end when key is absent)."""
    if key not in headers:
        return {**headers, **extra}
    result = {}
    for name, words in headers.items():
        result[name] = words
        if name == key:
            result.update(extra)
    return result
