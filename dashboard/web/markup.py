"""Names from the import are data, never markup, in charts.

Plotly renders a subset of HTML in every text it draws (titles, tick labels, bar text,
hover labels, legend names): an authority called "<b>Northmoor</b>" would be drawn in bold,
and "<a href=...>" would become a link. Dash's own components escape text, so only figures
need this. `escape_figures(content, names)` replaces, in every string of every figure of a
page's content, each imported name holding < > or & (queries/names.py) by its HTML-escaped
form, which Plotly shows as the literal characters. Markup the figure builders add around
the names themselves (<b>, <br>) is left alone.
"""
from __future__ import annotations

import html

import plotly.graph_objects as go

from dashboard.web.page_content import PageContent


def _escape_strings(value, names: tuple[str, ...]):
    if isinstance(value, str):
        for name in names:
            if name in value:
                value = value.replace(name, html.escape(name, quote=False))
        return value
    if isinstance(value, list):
        return [_escape_strings(v, names) for v in value]
    if isinstance(value, tuple):
        return tuple(_escape_strings(v, names) for v in value)
    if isinstance(value, dict):
        return {k: _escape_strings(v, names) for k, v in value.items()}
    return value


def escape_figure(figure, names: tuple[str, ...]):
    """`figure` (a go.Figure or its dict) with every name in `names` escaped."""
    if not names or figure is None:
        return figure
    if isinstance(figure, go.Figure):
        return go.Figure(_escape_strings(figure.to_plotly_json(), names), skip_invalid=True)
    return _escape_strings(figure, names) if isinstance(figure, dict) else figure


def _graphs(node, visit) -> None:
    if isinstance(node, (list, tuple)):
        for child in node:
            _graphs(child, visit)
    elif node is not None and not isinstance(node, (str, int, float)):
        if type(node).__name__ == "Graph" and hasattr(node, "figure"):
            visit(node)
        _graphs(getattr(node, "children", None), visit)


def escape_figures(content: PageContent, names: tuple[str, ...]) -> PageContent:
    """Every figure of `content` (charts, and graphs inside other outputs) escaped, in place."""
    if not names:
        return content
    for chart in content.charts:
        chart.figure = escape_figure(chart.figure, names)

    def visit(graph):
        graph.figure = escape_figure(getattr(graph, "figure", None), names)
    for value in [content.headline_block, *content.extras.values()]:
        _graphs(value, visit)
    return content
