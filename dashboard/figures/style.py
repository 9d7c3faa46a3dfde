"""Chart style: GOV.UK Analysis Function palette, readable type, and presentation sizes."""
from __future__ import annotations

import textwrap

import plotly.graph_objects as go

# GOV.UK Analysis Function categorical palette; the first is "this area".
PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
THIS_AREA = PALETTE[0]
COMPARATOR_GREYS = ["#505A5F", "#6F777B", "#8C9196", "#3D3D3D"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
MARKERS = ["circle", "square", "diamond", "triangle-up", "x", "star"]
FONT_FAMILY = '"Helvetica Neue", Arial, "Liberation Sans", sans-serif'
TEXT_COLOUR = "#0B0C0C"
MESSAGE_WRAP = 48  # characters per line of an empty-state message

# Sizes (px) for the normal screen and for presentation mode (read from 3 m away).
SIZES = {
    False: {"font": 15, "tick": 14, "title": 18, "line": 3, "marker": 8, "label": 14},
    True: {"font": 26, "tick": 22, "title": 30, "line": 5, "marker": 14, "label": 24},
}
DARK = {"paper": "#0B0C0C", "text": "#FFFFFF", "grid": "#505A5F"}


def sizes(presentation: bool = False) -> dict:
    return SIZES[bool(presentation)]


def apply_style(fig: go.Figure, presentation: bool = False, dark: bool = False,
                height: int | None = None, legend: bool = False) -> go.Figure:
    """Common layout: no chart title (the card holds the active title), horizontal text."""
    size = sizes(presentation)
    text = DARK["text"] if dark else TEXT_COLOUR
    grid = DARK["grid"] if dark else "#DDDDDD"
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": size["font"], "color": text},
        paper_bgcolor=DARK["paper"] if dark else "white",
        plot_bgcolor=DARK["paper"] if dark else "white",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0,
                "font": {"size": size["tick"]}},
        hoverlabel={"font": {"size": size["tick"]}},
        separators=".,",
    )
    if height:
        fig.update_layout(height=height)
    fig.update_xaxes(tickfont={"size": size["tick"]}, title_font={"size": size["font"]},
                     showgrid=False, linecolor=text, ticks="outside", automargin=True,
                     tickangle=0)
    fig.update_yaxes(tickfont={"size": size["tick"]}, title_font={"size": size["font"]},
                     gridcolor=grid, zeroline=False, automargin=True, rangemode="tozero")
    return fig


def empty_figure(message: str, presentation: bool = False) -> go.Figure:
    """A figure that says why there is nothing to show, instead of a blank chart.

    Long messages wrap so they fit a half-width card (unless already broken with <br>).
    """
    if "<br>" not in message:
        message = "<br>".join(textwrap.wrap(message, MESSAGE_WRAP)) or message
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper",
                       yref="paper", font={"size": sizes(presentation)["title"]})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(plot_bgcolor="white", paper_bgcolor="white", height=260,
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig
