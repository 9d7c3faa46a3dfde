"""What a page shows, as plain data: its headline sentences, its charts, its other outputs and
what could not be drawn.

Every page's pure `build(state, selection, **controls)` (dashboard/web/pages/) returns a
`PageContent`; the page's callback, the presentation deck and the board pack all read it,
so a slide or a page of the pack shows exactly what the page shows.

`PageContent.draw` is the one error wrapper for charts: a builder that raises LookupError
(usually `NothingToShow`) becomes an empty-state chart that says why; any other exception is
logged, becomes a chart saying it could not be drawn, and is recorded in
`PageContent.failures`, so the board pack can say which chart is missing.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Collection

import numpy as np
import pandas as pd
from pandas.core.dtypes.cast import maybe_box_native
import plotly.graph_objects as go
from dash import html

from dashboard.figures.style import empty_figure
from dashboard.words.text import day_mon_year

log = logging.getLogger(__name__)
EMPTY_TITLE = "Nothing to show for this selection"
FAILED_TITLE = "Something went wrong with this chart"
FAILED_MESSAGE = "This chart could not be drawn. Other charts are unaffected."
UNAVAILABLE = "The figures could not be loaded. Try again shortly."


class NothingToShow(LookupError):
    """Raised by a chart builder when the selection leaves nothing to draw; says why."""

    def __init__(self, message: str, title: str = EMPTY_TITLE):
        super().__init__(message)
        self.title = title


@dataclass
class Chart:
    """One chart card: the figure, its active title, subtitle, note and the data shown."""
    chart_id: str = ""
    figure: go.Figure | None = None
    title: str = ""
    subtitle: str = ""
    note: str = ""
    data: dict | None = None      # table_payload(): the table, CSV and drill-down spec
    failed: bool = False          # drawn as an apology: the builder raised
    lead: str = ""                # its sentence on a slide or report page of its own


@dataclass(frozen=True)
class Failure:
    """Something a page could not draw: a chart id (or another part's name) and the error."""
    page: str
    part: str
    error: str


def message_chart(message: str, title: str = EMPTY_TITLE, chart_id: str = "",
                  failed: bool = False) -> Chart:
    """A chart card that says, in place, why there is nothing to show."""
    return Chart(chart_id, empty_figure(message), title, "", "", None, failed)


@dataclass
class PageContent:
    """What one page shows for one view.

    headlines       the headline sentences, in order
    headline_block  the rendered headline component, where a page draws its own
                    (the overview); else the sentences as a list, or `message`
    charts          every chart card drawn, in order
    extras          other outputs by component id (notes, tables, cards)
    message         a page-level message shown in place of the headlines
    failures        what could not be drawn (logged, and listed by the board pack)
    wanted          only these chart ids are drawn (None: all); slides ask for one
    """
    page: str
    headlines: list[str] = field(default_factory=list)
    headline_block: object | None = None
    charts: list[Chart] = field(default_factory=list)
    extras: dict[str, object] = field(default_factory=dict)
    message: str | None = None
    failures: list[Failure] = field(default_factory=list)
    wanted: frozenset[str] | None = None

    def __post_init__(self):
        if self.wanted is not None:
            self.wanted = frozenset(self.wanted)

    def wants(self, chart_id: str) -> bool:
        return self.wanted is None or chart_id in self.wanted

    def chart(self, chart_id: str) -> Chart | None:
        return next((c for c in self.charts if c.chart_id == chart_id), None)

    @property
    def sentences(self) -> list[str]:
        """The headline sentences, or the page's message as the one sentence."""
        return self.headlines or ([self.message] if self.message else [])

    def draw(self, chart_id: str, build: Callable[..., Chart], *args, **kwargs) -> Chart | None:
        """Add `build(*args, **kwargs)` as chart `chart_id` (if wanted), whatever happens."""
        if not self.wants(chart_id):
            return None
        try:
            chart = build(*args, **kwargs)
        except LookupError as exc:
            chart = message_chart(_reason(exc), getattr(exc, "title", EMPTY_TITLE))
        except Exception as exc:  # noqa: BLE001 - one broken chart must not blank the page
            self.fail(chart_id, exc)
            chart = message_chart(FAILED_MESSAGE, FAILED_TITLE, failed=True)
        chart.chart_id = chart_id
        self.charts.append(chart)
        return chart

    def empty(self, chart_id: str, message: str, title: str = EMPTY_TITLE) -> None:
        """Add chart `chart_id` (if wanted) as an empty-state message."""
        if self.wants(chart_id):
            self.charts.append(message_chart(message, title, chart_id))

    def say(self, message: str, chart_ids: Collection[str]) -> "PageContent":
        """Nothing on the page can be shown: the message in place of the headlines and of
        every chart."""
        self.message = message
        for chart_id in chart_ids:
            self.empty(chart_id, message)
        return self

    def attempt(self, part: str, work: Callable, *args, **kwargs):
        """`work(*args, **kwargs)` for a part that is not a chart (a sentence, a panel);
        on failure it is logged and recorded, and None returned."""
        try:
            return work(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the rest of the page still stands
            self.fail(part, exc)
            return None

    def fail(self, part: str, exc: BaseException) -> None:
        log.error("%s: %s could not be drawn", self.page, part, exc_info=exc)
        self.failures.append(Failure(self.page, part, type(exc).__name__))

    def headline_component(self):
        """The headline block as the page shows it."""
        if self.headline_block is not None:
            return self.headline_block
        if self.message and not self.headlines:
            return html.P(self.message)
        return html.Ul([html.Li(s) for s in self.headlines])

    @classmethod
    def unavailable(cls, page: str, chart_ids: Collection[str], exc: BaseException,
                    wanted: Collection[str] | None = None) -> "PageContent":
        """A page whose build failed as a whole: a message, and every chart a failure."""
        content = cls(page, message=UNAVAILABLE, wanted=wanted)
        log.error("%s: the page could not be built", page, exc_info=exc)
        parts = [c for c in chart_ids if content.wants(c)]
        for chart_id in parts:
            content.charts.append(message_chart(UNAVAILABLE, FAILED_TITLE, chart_id, True))
        content.failures += [Failure(page, part, type(exc).__name__)
                             for part in parts or ["the page"]]
        return content


def _reason(exc: LookupError) -> str:
    return str(exc.args[0] if exc.args else exc)


def table_payload(frame: pd.DataFrame, filename: str, headers: dict[str, str] | None = None,
                  drill: dict | None = None) -> dict:
    """The exact data shown, with readable headers and dates as '31 Mar 2024'.

    Built column by column in plain Python (a page's tables are small: a pandas pass per
    cell kind costs more than the cells); `_frame_payload` is the same in pandas, kept for
    frames with repeated column names."""
    kept = [c for c in headers if c in frame.columns] if headers else list(frame.columns)
    names = [headers[c] for c in kept] if headers else kept
    if not kept or frame.columns.has_duplicates or len(set(names)) < len(names):
        return _frame_payload(frame, filename, headers, drill)
    cells = [_cells(frame[column]) for column in kept]
    return {"filename": filename, "columns": names,
            "rows": [dict(zip(names, row)) for row in zip(*cells)], "drill": drill}


def _cells(column: pd.Series) -> list:
    """One column's cells as the table shows them: dates as '31 Mar 2024', every missing
    value None, numbers as Python numbers (what `DataFrame.to_dict("records")` gives)."""
    values = column.astype(object).tolist()
    if any(isinstance(v, date) for v in values):
        values = [day_mon_year(v) if isinstance(v, date) else v for v in values]
    missing = pd.isna(np.array(values, dtype=object)).tolist() if values else []
    return [None if gap else maybe_box_native(v) for v, gap in zip(values, missing)]


def _frame_payload(frame: pd.DataFrame, filename: str, headers: dict[str, str] | None,
                   drill: dict | None) -> dict:
    shown = frame.copy()
    if headers:
        shown = shown[[c for c in headers if c in shown.columns]].rename(columns=headers)
    for column in shown.columns:
        if shown[column].map(lambda v: isinstance(v, date)).any():
            shown[column] = shown[column].map(
                lambda v: day_mon_year(v) if isinstance(v, date) else v)
    shown = shown.astype(object).where(shown.notna(), None)
    return {"filename": filename, "columns": list(shown.columns),
            "rows": shown.to_dict("records"), "drill": drill}


def join_notes(parts) -> str:
    """Join the non-empty note sentences of a chart."""
    return " ".join(part for part in parts if part)
