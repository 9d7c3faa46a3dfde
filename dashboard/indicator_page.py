"""What the first time entrants and custody page callbacks share: the view in context, and
charts that fail or come up empty becoming a message in place."""
from __future__ import annotations

import textwrap
from functools import partial

import pandas as pd

from dashboard import charts
from dashboard.db import get_engine
from dashboard.figures.indicator_words import (comparator_sentence, peer_sentence, where_words,
                                               who_words)
from dashboard.periods import period_start, period_words
from dashboard.state import ViewState
from queries.breakdowns import (line_name, published_lines, rate_name, service_lines,
                                service_peers, services_note)
from queries.meta import area_label, load_meta, resolve_period


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


def empty_result(message: str) -> tuple:
    """An empty-state chart whose message wraps to fit a half-width card."""
    return charts.message_result("<br>".join(textwrap.wrap(message, 48)))


# Indicator pages wrap their chart messages to fit half-width cards.
safe_chart = partial(charts.safe_chart, message=empty_result)


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
        services = query(page.engine, "service", page.cohort, None, None)
        peers = service_peers(services, value_col, page.area_name, page.period)
        sentence = peer_sentence(value, peers, is_peer=page.state.level == "service")
        return service_lines(services, value_col, page.area_name), sentence, services_note(peers)
    lines, chosen, note = published_lines(page.engine, page.meta, page.state, indicator)
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
