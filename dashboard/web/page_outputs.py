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

import hashlib
import json
from dataclasses import dataclass
from types import ModuleType

from dash import Output

from dashboard.web.page_content import FAILED_MESSAGE, FAILED_TITLE, Chart, PageContent, \
    message_chart
from dashboard.web.pages import content, resolved_view
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


def chart_values(chart: Chart, controls: dict | None = None,
                 view: ViewState | None = None) -> tuple:
    """A chart's values in CHART_PARTS order. The page's controls ride along in the data,
    so the CSV download and drill-down can rebuild the same chart on the server
    (dashboard/web/downloads.py) instead of trusting the table the browser holds. With
    the `view`, the figure carries its `uirevision` (`ui_revision`)."""
    data = {**chart.data, "controls": controls} if chart.data and controls else chart.data
    if view is not None and chart.figure is not None:
        chart.figure.layout.uirevision = ui_revision(chart.chart_id, view, controls)
    return chart.figure, chart.title, chart.subtitle, chart.note, data


# What decides a chart's numbers: the view's area, period, comparator and filters, and the
# page's controls; not how the view is shown (presentation mode, dark theme, slide timer).
NUMBERS_KEYS = ("area", "period", "compare", "sex", "age", "ethnicity", "looked_after",
                "tier", "offence", "basis")


def ui_revision(chart_id: str | None, view: ViewState, controls: dict | None) -> str:
    """Plotly's `uirevision` for a chart: the same while the chart shows the same numbers,
    so a zoom or a legend entry hidden survives the figure being sent again for the same
    view (dcc.Graph would otherwise reset it every time); another when the numbers change,
    so a zoom chosen on other numbers never hides the new ones."""
    numbers = [getattr(view, key) for key in NUMBERS_KEYS]
    text = json.dumps([chart_id, numbers, sorted((controls or {}).items())], default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


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

    def values(self, page: PageContent, controls: dict | None = None,
               view: ViewState | None = None) -> tuple:
        """The content as output values; a chart the content lacks shows as a failure."""
        charts = [page.chart(chart_id)
                  or message_chart(FAILED_MESSAGE, FAILED_TITLE, chart_id, True)
                  for chart_id in self.charts]
        return (page.headline_component(),
                *[page.extras.get(ident) for ident, _ in self.extras],
                *[value for chart in charts for value in chart_values(chart, controls, view)])

    def fill(self, view, **controls) -> tuple:
        """The callback's return value for the `view-state` store's data."""
        state = ViewState.from_dict(view)
        built = content(self.page, state, **controls)
        # the view the numbers are for (an area the role may not ask for becomes its own)
        return self.values(built, controls, resolved_view(state))
