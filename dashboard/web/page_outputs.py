"""From PageContent to a page callback's outputs: the one mapping every page callback uses.

A chart card (`components.chart_card`) has five parts a callback fills, each a
pattern-matching id `{"type": part, "chart": chart_id}`. `PageOutputs` lists a page's
outputs (headlines, then the page's other components, then every chart's parts) and turns
the page's `PageContent` into the values in the same order, so a page's callback is:

    OUTPUTS = PageOutputs(fte)
    @callback(*OUTPUTS.outputs(), Input(VIEW_STATE, "data"))
    def update_fte(view):
        return OUTPUTS.fill(view)
"""
from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from dash import Output

from dashboard.web.page_content import FAILED_MESSAGE, FAILED_TITLE, Chart, PageContent, \
    message_chart
from dashboard.web.pages import content
from dashboard.web.state import ViewState

VIEW_STATE = "view-state"  # the store of the view every page callback reads
CHART_PARTS = (("chart-graph", "figure"), ("chart-title", "children"),
               ("chart-subtitle", "children"), ("chart-note", "children"),
               ("chart-data", "data"))


def headlines_id(page: str) -> str:
    """The id of a page's headline block."""
    return f"{page}-headlines"


def chart_key(part: str, chart_id: str) -> dict:
    """The id of one part of a chart card."""
    return {"type": part, "chart": chart_id}


def chart_values(chart: Chart, controls: dict | None = None) -> tuple:
    """A chart's values in CHART_PARTS order. The page's controls ride along in the data,
    so the CSV download and drill-down can rebuild the same chart on the server
    (dashboard/web/downloads.py) instead of trusting the table the browser holds."""
    data = {**chart.data, "controls": controls} if chart.data and controls else chart.data
    return chart.figure, chart.title, chart.subtitle, chart.note, data


@dataclass(frozen=True)
class PageOutputs:
    """What a page's callback fills.

    page     the page's module (dashboard/web/pages/): PAGE, CHARTS and build()
    extras   (component id, property) of the page's other outputs, in order
    """
    page: ModuleType
    extras: tuple[tuple[str, str], ...] = ()

    @property
    def charts(self) -> tuple[str, ...]:
        return tuple(self.page.CHARTS)

    def outputs(self) -> list[Output]:
        return [Output(headlines_id(self.page.PAGE), "children"),
                *[Output(ident, prop) for ident, prop in self.extras],
                *[Output(chart_key(part, chart_id), prop)
                  for chart_id in self.charts for part, prop in CHART_PARTS]]

    def values(self, page: PageContent, controls: dict | None = None) -> tuple:
        """The content as output values; a chart the content lacks shows as a failure."""
        charts = [page.chart(chart_id)
                  or message_chart(FAILED_MESSAGE, FAILED_TITLE, chart_id, True)
                  for chart_id in self.charts]
        return (page.headline_component(),
                *[page.extras.get(ident) for ident, _ in self.extras],
                *[value for chart in charts for value in chart_values(chart, controls)])

    def fill(self, view, **controls) -> tuple:
        """The callback's return value for the `view-state` store's data."""
        return self.values(content(self.page, ViewState.from_dict(view), **controls), controls)
