"""Fill each slide of the presentation deck from the pages' own callbacks."""
from __future__ import annotations

import logging

from dash import MATCH, Input, Output, callback, dcc, html

from dashboard.page_charts import page_content

log = logging.getLogger(__name__)
GRAPH_CONFIG = {"displayModeBar": False, "responsive": True, "staticPlot": False}


def _sentences(headlines: list[str], limit: int) -> list:
    return [html.P(text, className="slide-sentence") for text in headlines[:limit]]


def overview_slide(view: dict) -> list:
    content = page_content("overview", view, wanted={"overview-headlines"})
    context, *sentences = content.headlines or ["", "No figures for this selection."]
    return [html.H1("How are we doing?", className="slide-title"),
            html.P(context, className="slide-context"),
            html.Ul([html.Li(s) for s in sentences[:5]], className="slide-list")]


def chart_slide(page: str, chart_id: str, view: dict) -> list:
    content = page_content(page, view, wanted={chart_id, f"{page}-headlines"})
    chart = next((c for c in content.charts if c.chart_id == chart_id), None)
    if chart is None:
        return [html.H1("Nothing to show for this selection", className="slide-title")]
    chart.figure.update_layout(height=None, width=None, autosize=True)  # fill the slide
    return [html.H1(chart.title, className="slide-title"),
            *_sentences(content.headlines, 1),
            html.Div(dcc.Graph(figure=chart.figure, config=GRAPH_CONFIG,
                               className="slide-graph", style={"height": "100%"}),
                     className="slide-chart")]


@callback(Output({"type": "slide-body", "slide": MATCH}, "children"),
          Input({"type": "slide-spec", "slide": MATCH}, "data"))
def render_slide(spec):
    if not isinstance(spec, dict) or not isinstance(spec.get("view"), dict):
        return html.H1("Nothing to show", className="slide-title")
    view = {**spec["view"], "present": "1"}
    try:
        if not spec.get("chart"):
            return overview_slide(view)
        return chart_slide(str(spec.get("page")), str(spec["chart"]), view)
    except Exception:  # noqa: BLE001 - a slide says so rather than breaking the deck
        log.exception("slide %s failed", spec.get("page"))
        return html.H1("This slide could not be prepared", className="slide-title")
