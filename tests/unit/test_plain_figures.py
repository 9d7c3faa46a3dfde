"""Figures built from plain dicts (dashboard/figures/style.py: new_figure, Draft) are the
figures Plotly's validating graph objects give."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.figures.style import Draft, empty_figure, new_figure, sizes


def _json(fig: go.Figure, template: bool = False) -> dict:
    """The figure's JSON; without its template unless asked (the last tests check it)."""
    shown = json.loads(fig.to_json())
    if not template:
        shown["layout"].pop("template", None)
    return shown


def test_values_become_what_plotlys_validators_make_of_them():
    built = new_figure(
        [{"type": "bar", "x": pd.Series([1.5, 2.5]), "y": ("a", "b"),
          "customdata": [[np.int64(3), "x"], [np.int64(4), "y"]], "name": None,
          "marker": {"color": ["red", "blue"], "line": {}}}],
        {"xaxis": {"title": {"text": None}, "range": (0, np.float64(3.5))}})
    validated = go.Figure(go.Bar(x=pd.Series([1.5, 2.5]), y=("a", "b"),
                                 customdata=[[np.int64(3), "x"], [np.int64(4), "y"]],
                                 marker={"color": ["red", "blue"]}),
                          layout={"xaxis": {"range": (0, np.float64(3.5))}})
    assert _json(built) == _json(validated)
    # read back as from a validated figure: numbers as a read-only array, text as a tuple
    assert isinstance(built.data[0].x, np.ndarray) and list(built.data[0].x) == [1.5, 2.5]
    assert built.data[0].y == ("a", "b") and built.layout.xaxis.range == (0, 3.5)
    assert built.data[0].customdata == ([3, "x"], [4, "y"])


def test_a_figure_built_so_is_still_checked_by_plotly_when_changed_later():
    fig = new_figure([{"type": "scatter", "x": [1], "y": [2]}])
    with pytest.raises(ValueError):
        fig.update_layout(not_a_property=1)
    with pytest.raises(ValueError):
        fig.data[0].mode = "not a mode"


def test_in_the_tests_a_figure_plotly_would_change_is_refused(monkeypatch):
    monkeypatch.setenv("YJ_CHECK_FIGURES", "1")
    with pytest.raises(AssertionError, match="title"):   # a bare title: Plotly spells it out
        new_figure([], {"yaxis": {"title": "Rate"}})
    with pytest.raises(AssertionError, match="line"):    # a magic underscore in a dict
        new_figure([], {"shapes": [{"type": "line", "line_width": 0}]})
    with pytest.raises(ValueError):                      # not a property at all
        new_figure([{"type": "scatter", "colour": "red"}])


def test_a_drafts_lines_bands_and_labels_are_plotlys_add_methods():
    draft = Draft([{"type": "scatter", "x": [1, 2], "y": [3, 4]}])
    draft.add_vline(x=1.5, line={"color": "red", "dash": "dot"}, layer="below")
    draft.add_vrect(x0=1, x1=2, fillcolor="rgba(0, 0, 0, 0.1)", line={"width": 0})
    draft.add_hline(y=3.5, line={"dash": "dash"})
    draft.add_annotation(x=2, y=4, text="four", showarrow=False, font={"size": 14})
    draft.add_shape(type="line", x0=1, x1=2, y0=1, y1=1, yref="paper")
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    fig.add_vline(x=1.5, line={"color": "red", "dash": "dot"}, layer="below")
    fig.add_vrect(x0=1, x1=2, fillcolor="rgba(0, 0, 0, 0.1)", line_width=0)
    fig.add_hline(y=3.5, line_dash="dash")
    fig.add_annotation(x=2, y=4, text="four", showarrow=False, font={"size": 14})
    fig.add_shape(type="line", x0=1, x1=2, y0=1, y1=1, yref="paper")
    assert _json(draft.figure()) == _json(fig)


@pytest.mark.parametrize("presentation", [False, True])
def test_the_empty_state_figure_is_the_one_plotlys_updates_made(presentation):
    fig = go.Figure()
    fig.add_annotation(text="Nothing to show", showarrow=False, x=0.5, y=0.5, xref="paper",
                       yref="paper", font={"size": sizes(presentation)["title"]})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(plot_bgcolor="white", paper_bgcolor="white", height=260,
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    assert _json(empty_figure("Nothing to show", presentation)) == _json(fig)


def test_every_figure_carries_the_default_templates_parts_for_bars_and_lines():
    first = new_figure()
    first.update_layout(template="plotly_dark")   # another figure's template is its own
    template = _json(new_figure(), template=True)["layout"]["template"]
    full = _json(go.Figure(), template=True)["layout"]["template"]
    assert set(template["data"]) == {"scatter", "bar"}
    assert template["data"]["bar"] == full["data"]["bar"]
    assert template["data"]["scatter"] == full["data"]["scatter"]
    # a flat plot's defaults kept as they are; maps, 3-D, polar plots and colour scales cut
    kept = {"annotationdefaults", "autotypenumbers", "colorway", "font", "hoverlabel",
            "hovermode", "paper_bgcolor", "plot_bgcolor", "shapedefaults", "title", "xaxis",
            "yaxis"}
    assert set(template["layout"]) == kept
    assert all(template["layout"][key] == full["layout"][key] for key in kept)


def test_a_trace_type_whose_defaults_were_cut_is_refused_in_the_tests(monkeypatch):
    monkeypatch.setenv("YJ_CHECK_FIGURES", "1")
    with pytest.raises(AssertionError, match="TEMPLATE_TRACES"):
        new_figure([{"type": "heatmap", "z": [[1, 2]]}])


def test_numbers_only_drawn_go_to_six_significant_figures_printed_ones_stay_exact():
    fig = new_figure([
        # a line nobody hovers (a control limit): rounded
        {"type": "scatter", "x": [1 / 3, None, 2.0], "y": [262.33333333, 0.1 + 0.2],
         "hoverinfo": "skip", "mode": "lines"},
        # hovered, printing y with a format: y exact; its error bars not printed: rounded
        {"type": "scatter", "x": ["a", "b"], "y": [14.099999999999994, 2 / 3],
         "hovertemplate": "%{y:.1f}", "error_y": {"type": "data", "array": [2 / 3, 1.0],
                                                  "arrayminus": [1 / 7, 0.5]}},
        # no hover template: Plotly's own hover may print the error bars, so exact
        {"type": "scatter", "x": [1.0], "y": [1 / 3], "error_y": {"array": [1 / 3]}}])
    limit, hovered, plain = fig.data
    assert list(limit.x) == [0.333333, None, 2.0]
    assert list(limit.y) == [262.333, 0.3]
    assert list(hovered.y) == [14.099999999999994, 2 / 3]
    assert list(hovered.error_y.array) == [0.666667, 1.0]
    assert list(hovered.error_y.arrayminus) == [0.142857, 0.5]
    assert list(plain.error_y.array) == [1 / 3] and list(plain.y) == [1 / 3]
    # numpy arrays travel as binary, 8 bytes a number: nothing to gain, left exact
    band = new_figure([{"type": "scatter", "y": np.array([1 / 3]), "hoverinfo": "skip"}])
    assert list(band.data[0].y) == [1 / 3]
