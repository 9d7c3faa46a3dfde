"""Charts the first time entrants and custody pages draw alike from frames with a count and
a rate column: the trend against comparators, counts per rolling year and bars per group.

A `Measure` names what differs between the pages: the columns, the rate's format and the
words on the axes. Where no rate can be worked out (no population), counts are drawn.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.intervals import with_rate_interval
from dashboard.figures.breakdown import LIMIT_COLUMNS, breakdown_bars, breakdown_rows, period_bars
from dashboard.figures.trend import trend_figure, trend_lines as shared_trend_lines
from dashboard.words.text import count


def rate_limits_of(row) -> tuple[float, float] | None:
    """A row's 95% limits (rate_lower_95, rate_upper_95), None when it has none."""
    if row is None or any(c not in row for c in LIMIT_COLUMNS):
        return None
    return float(row[LIMIT_COLUMNS[0]]), float(row[LIMIT_COLUMNS[1]])


@dataclass(frozen=True)
class Measure:
    count_col: str                      # the query frame's count: "custodial_sentences"
    rate_col: str                       # and its rate: "rate_per_1000"
    rate_fmt: Callable[[float], str]    # a rate as shown: text.rate_1000
    noun: tuple[str, str]               # what a bar's count counts: ("sentence", "sentences")
    trend_noun: str | tuple[str, str]   # what the count beside a trend value counts
    rate_axis: str
    count_axis: str                     # the trend's and the counts' axis for counts
    bar_count_axis: str                 # the breakdown bars' axis for counts
    per: float                          # the rate's multiplier: 100,000 or 1,000
    # The counts chart's second bar per year (a column and both bars' names), e.g. the
    # children behind the sentences; None: one bar.
    second: tuple[str, tuple[str, str]] | None = None

    def with_interval(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame with the rate's 95% limits (rate_lower_95, rate_upper_95; CONTRACT §4)."""
        if frame.empty or "population" not in frame or all(c in frame for c in LIMIT_COLUMNS):
            return frame
        return with_rate_interval(frame, self.count_col, self.per)

    def rows(self, frame: pd.DataFrame, **options) -> pd.DataFrame:
        """breakdown_rows of this measure's columns, with the rate's 95% limits; options as
        there."""
        return breakdown_rows(self.with_interval(frame), count_col=self.count_col,
                              rate_col=self.rate_col, rate_fmt=self.rate_fmt, noun=self.noun,
                              **options)

    def area_rows(self, frame: pd.DataFrame, selected_code: str | None,
                  rate_available: bool = True) -> pd.DataFrame:
        """One bar per local authority (query frame at level local_authority)."""
        named = frame.assign(group=frame["area_code"])
        rows = self.rows(named, labels=dict(zip(frame["area_code"], frame["area_name"])),
                         order=list(frame.sort_values("area_name")["area_code"]),
                         click_key="area", selected=selected_code,
                         rate_available=rate_available)
        rows["click"] = [f"area=la:{code}" for code in rows["group"]]
        return rows

    def trend_lines(self, area: pd.DataFrame, area_name: str,
                    comparators: pd.DataFrame | None,
                    rate_available: bool = True) -> pd.DataFrame:
        """Rows for trend_figure: this area's rate with its count, and the comparators; with
        no rate, the count alone (published comparators are rates)."""
        if not rate_available:
            return shared_trend_lines(area, area_name, None, self.count_col, self.count_col)
        return shared_trend_lines(self.with_interval(area), area_name, comparators,
                                  self.rate_col, self.count_col, LIMIT_COLUMNS)

    def trend(self, lines: pd.DataFrame, selected: date | None, rate_available: bool = True,
              presentation: bool = False, dark: bool = False) -> go.Figure:
        return trend_figure(lines, y_title=self.rate_axis if rate_available else self.count_axis,
                            fmt=self.rate_fmt if rate_available else count, selected=selected,
                            count_noun=self.trend_noun if rate_available else None,
                            presentation=presentation, dark=dark)

    def counts(self, frame: pd.DataFrame, selected: date | None, presentation: bool = False,
               dark: bool = False) -> go.Figure:
        """A bar per rolling year of the frame, its count (and the second count beside it)."""
        shown = frame.rename(columns={self.count_col: "count"})
        names, axis = None, self.count_axis
        if self.second and self.second[0] in frame:
            shown, names = shown.assign(second=frame[self.second[0]]), self.second[1]
            axis = "Count"
        return period_bars(shown, y_title=axis, selected=selected,
                           presentation=presentation, dark=dark, names=names)

    def breakdown(self, rows: pd.DataFrame, rate_available: bool,
                  overall_rate: float | None = None, presentation: bool = False,
                  dark: bool = False) -> go.Figure:
        """Bars of `rows`; `overall_rate`, when given, is drawn as the area's reference line."""
        reference = None
        if rate_available and overall_rate is not None and not pd.isna(overall_rate):
            reference = (overall_rate, f"All: {self.rate_fmt(overall_rate)}")
        return breakdown_bars(rows,
                              x_title=self.rate_axis if rate_available else self.bar_count_axis,
                              reference=reference, counts=not rate_available,
                              presentation=presentation, dark=dark)
