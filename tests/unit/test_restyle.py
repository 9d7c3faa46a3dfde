"""`restyle` and `apply_style` give the figure Plotly's own update_layout / update_xaxes /
update_yaxes calls give (they only skip Plotly's relayout replay)."""
from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from dashboard.figures.style import apply_style, restyle


def _plotly_way(fig: go.Figure, *steps) -> go.Figure:
    update = {"layout": fig.update_layout, "xaxes": fig.update_xaxes,
              "yaxes": fig.update_yaxes}
    for kind, settings in steps:
        if settings:
            update[kind](**settings)
    return fig


def _one_trace() -> go.Figure:
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    fig.update_layout(title_text="Title", margin={"l": 99}, legend_title_text="Key")
    return fig


def _subplots() -> go.Figure:
    fig = make_subplots(rows=2, cols=2, subplot_titles=["a", "b", "c", "d"])
    fig.add_trace(go.Bar(x=[1, 2], y=[3, 4]), row=2, col=2)
    fig.update_layout(template="plotly_dark")   # not the default template: kept as it is
    return fig


STEPS = [
    # nested objects merged, magic underscores, later steps win
    [("layout", {"margin": {"t": 5}, "legend_traceorder": "normal", "height": 300}),
     ("xaxes", {"title_font": {"size": 15}, "showgrid": False, "range": [0, 9]}),
     ("yaxes", {"tickfont_size": 12, "autorange": "reversed"}),
     ("layout", {"margin_r": 7, "legend": {"y": 1.1}}), ("xaxes", {"showgrid": True})],
    # an axis added by the layout is styled by a later axes step
    [("layout", {"xaxis2": {"anchor": "y", "overlaying": "x"}}),
     ("xaxes", {"gridcolor": "#EEEEEE"})],
    # unsetting a value (None) and lists of objects go through Plotly's own update
    [("layout", {"height": None, "annotations": [{"text": "note", "showarrow": False}]}),
     ("yaxes", {"dtick": None, "title_text": "y"})],
]


@pytest.mark.parametrize("make", [_one_trace, _subplots])
@pytest.mark.parametrize("steps", STEPS)
def test_restyle_gives_what_plotly_updates_give(make, steps):
    expected = json.loads(_plotly_way(make(), *steps).to_json())
    assert json.loads(restyle(make(), *steps).to_json()) == expected


@pytest.mark.parametrize("make", [_one_trace, _subplots])
@pytest.mark.parametrize("options", [{}, {"presentation": True, "dark": True, "height": 300,
                                          "legend": True}])
def test_apply_style_with_a_charts_own_settings_is_plotlys_sequence(make, options):
    own = {"layout": {"bargap": 0.3, "margin": {"t": 30}},
           "xaxes": {"title_text": "Year", "showgrid": True},
           "yaxes": {"range": [0, 10], "tickfont": {"size": 20}}}
    sequential = apply_style(make(), **options)
    _plotly_way(sequential, *own.items())
    together = apply_style(make(), **options, **own)
    assert json.loads(together.to_json()) == json.loads(sequential.to_json())
    # the style itself is there: the plot's font, no y grid line colour lost
    layout = together.to_plotly_json()["layout"]
    assert layout["xaxis"]["showgrid"] is True and layout["yaxis"]["tickfont"]["size"] == 20
    assert layout["margin"] == {"l": 10, "r": 10, "t": 30, "b": 10}
