"""Fill each slide of the presentation deck from the pages' own callbacks."""
from __future__ import annotations

import logging

from dash import MATCH, Input, Output, callback, dcc, html

from dashboard.web.page_charts import page_content

log = logging.getLogger(__name__)
GRAPH_CONFIG = {"displayModeBar": False, "responsive": True, "staticPlot": False}
# Dark rooms: the palette's dark blue, greys and black text vanish on black, so lighten
# them; white backgrounds (label boxes) turn black.
DARK_INK = {"#12436d": "#8FC3EA", "#505a5f": "#C8CCCE", "#6f777b": "#C8CCCE",
            "#3d3d3d": "#D0D0D0", "#8c9196": "#DADCDD", "#0b0c0c": "#FFFFFF",
            "black": "#FFFFFF", "#000000": "#FFFFFF", "#801650": "#F49AC2"}
DARK_BACKGROUND = {"white": "#0B0C0C", "#ffffff": "#0B0C0C", "#fff": "#0B0C0C"}


def for_dark_room(value, key: str = ""):
    """Recolour a figure's JSON for the dark theme (light lines and labels on black).

    Bar fills keep their colours (their labels were chosen to contrast with them).
    """
    if key == "data" and isinstance(value, list):
        return [{k: (v if (t.get("type") == "bar" and k in ("marker", "textfont"))
                     else for_dark_room(v, k)) for k, v in t.items()} for t in value]
    if isinstance(value, dict):
        return {k: for_dark_room(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [for_dark_room(v, key) for v in value]
    if isinstance(value, str) and "color" in key.lower():
        colour = value.replace(" ", "").lower()
        if key.lower().endswith("bgcolor"):
            return DARK_BACKGROUND.get(colour, value)
        return DARK_INK.get(colour, value)
    return value


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
    figure = chart.figure
    if view.get("theme") == "dark":
        figure = for_dark_room(figure.to_plotly_json())
    return [html.H1(chart.title, className="slide-title"),
            *_sentences(content.headlines, 1),
            html.Div(dcc.Graph(figure=figure, config=GRAPH_CONFIG,
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
