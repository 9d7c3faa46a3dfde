"""Chart style: GOV.UK Analysis Function palette, readable type, and presentation sizes."""
from __future__ import annotations

import json
import os
import re
import textwrap
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.basevalidators import (copy_to_readonly_numpy_array, is_homogeneous_array,
                                          to_scalar_or_list)

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


# Set (to "1") in the tests: every figure new_figure builds is built Plotly's validating way
# as well, and must come out the same (tests/conftest.py).
CHECK_FIGURES = "YJ_CHECK_FIGURES"


def new_figure(data: list[dict] = (), layout: dict | None = None) -> go.Figure:
    """A go.Figure of plain trace dicts ({"type": "scatter", ...}) and a plain layout, built
    without Plotly's property-by-property validation (its object model costs a chart-heavy
    page 100 ms and more). Arrays and numpy / pandas values are turned into what Plotly's
    validators make of them, so the figure reads (`fig.data[0].x`) and serialises as one
    built with go.Scatter / go.Bar would; what it is built of must be what Plotly accepts
    (spelt out: {"title": {"text": ...}}, not a bare title), which the tests check by
    building every figure both ways. Later changes (add_annotation, update_layout,
    apply_style) are validated as usual."""
    data = [_rounded(_plain(trace)) for trace in data]
    layout = _plain(layout or {})
    template = _default_template() if "template" not in layout else None
    # A placeholder: Plotly would otherwise copy its default template into every figure
    # (a deep copy of some thousand values, the dearest part of a figure built so).
    fig = go.Figure(data=data, layout={**layout, "template": {}} if template else layout,
                    _validate=False)
    if template:
        fig.layout["template"] = template   # one plain copy, shared: never changed in place
    fig._validate = fig.layout._validate = True
    for trace in fig.data:
        trace._validate = True
    if os.environ.get(CHECK_FIGURES) == "1":
        _check_figure(fig, data, layout)
    return fig


# What of Plotly's default template a chart here can use: the defaults of its trace types
# and of a flat (cartesian) plot's layout. The rest (defaults for heatmaps, geographic and
# 3-D scenes, polar and ternary plots, colour scales) is never read by a chart of bars and
# lines, and was two thirds of every figure's JSON.
TEMPLATE_TRACES = ("scatter", "bar")
TEMPLATE_LAYOUT = ("annotationdefaults", "autotypenumbers", "colorway", "font", "hoverlabel",
                   "hovermode", "paper_bgcolor", "plot_bgcolor", "shapedefaults", "title",
                   "xaxis", "yaxis")


def _default_template() -> dict | None:
    """Plotly's default template as plain values, cut to what these charts use, made once;
    None when the default is not a registered name (Plotly then sets it itself)."""
    name = pio.templates.default
    return _template_values(name) if isinstance(name, str) and name in pio.templates else None


@lru_cache(maxsize=4)
def _template_values(name: str) -> dict:
    full = pio.templates[name].to_plotly_json()
    return {"data": {kind: traces for kind, traces in full.get("data", {}).items()
                     if kind in TEMPLATE_TRACES},
            "layout": {key: value for key, value in full.get("layout", {}).items()
                       if key in TEMPLATE_LAYOUT}}


_SCALARS = {str, int, float, bool, type(None)}
# Numbers nothing prints (docs/DEFINITIONS.md): sent to this many significant figures.
DRAWN_ONLY_FIGURES = 6


def _rounded(trace: dict) -> dict:
    """`trace` with the numbers that are only drawn, never printed, rounded: the x and y of
    a trace never hovered (control limits, interval bands, label columns) and the lengths
    of error bars on a trace whose hover template does not print them. Six significant
    figures move a point by a millionth of the axis: nothing a screen shows."""
    if trace.get("hoverinfo") == "skip" and "text" not in trace.get("mode", ""):
        for key in ("x", "y"):
            if key in trace:
                trace[key] = _significant(trace[key])
    template = trace.get("hovertemplate")
    for key in ("error_x", "error_y"):
        bar = trace.get(key)
        if isinstance(bar, dict) and template is not None and "error" not in template:
            for side in ("array", "arrayminus"):
                if side in bar:
                    bar[side] = _significant(bar[side])
    return trace


def _significant(values):
    """Floats in a list rounded; numpy arrays are sent as binary (8 bytes a number
    whatever its digits), so left as they are."""
    if isinstance(values, list):
        return [float(f"{v:.{DRAWN_ONLY_FIGURES}g}") if type(v) is float else v
                for v in values]
    return values


class Draft:
    """A figure being drawn, as plain dicts: traces added as dicts ({"type": "bar", ...}),
    annotations and shapes as go.Figure's add_* methods add them to a figure of one plot;
    `figure()` builds it once (new_figure). Properties spelt out ({"line": {"width": 0}},
    not line_width), as new_figure asks."""

    def __init__(self, data: list[dict] | None = None, layout: dict | None = None):
        self.data = list(data or [])
        self.layout = dict(layout or {})

    def add_trace(self, trace: dict) -> "Draft":
        self.data.append(trace)
        return self

    def add_traces(self, traces: list[dict]) -> "Draft":
        self.data += traces
        return self

    def add_annotation(self, **props) -> "Draft":
        self.layout.setdefault("annotations", []).append(props)
        return self

    def add_shape(self, **props) -> "Draft":
        self.layout.setdefault("shapes", []).append(props)
        return self

    def add_vline(self, x, **props) -> "Draft":
        return self.add_shape(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain",
                              **props)

    def add_vrect(self, x0, x1, **props) -> "Draft":
        return self.add_shape(type="rect", x0=x0, x1=x1, xref="x", y0=0, y1=1,
                              yref="y domain", **props)

    def add_hline(self, y, **props) -> "Draft":
        return self.add_shape(type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y",
                              **props)

    def figure(self) -> go.Figure:
        return new_figure(self.data, self.layout)


def _plain(value):
    """`value` as Plotly's validators store it: arrays of numbers as read-only numpy arrays,
    other arrays (and tuples) as lists, numpy scalars as Python numbers; a property set to
    None, or to an object with nothing set, is left unset."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        plain = ((key, _plain(item)) for key, item in value.items() if item is not None)
        return {key: item for key, item in plain if not (type(item) is dict and not item)}
    if kind is list or kind is tuple:
        return [item if type(item) in _SCALARS else _plain(item) for item in value]
    if isinstance(value, np.generic):
        return to_scalar_or_list(value)
    if isinstance(value, (np.ndarray, pd.Series, pd.Index)):
        if is_homogeneous_array(value):
            return copy_to_readonly_numpy_array(value)
        return to_scalar_or_list(value)
    return value


def _check_figure(fig: go.Figure, data: list[dict], layout: dict) -> None:
    validated = go.Figure(data=data, layout=layout)
    built, expected = json.loads(fig.to_json()), json.loads(validated.to_json())
    if "template" not in layout:   # the default template, cut (compared in the tests)
        built["layout"].pop("template", None)
        expected["layout"].pop("template", None)
    if built != expected:
        raise AssertionError("new_figure built a figure Plotly's validation would change: "
                             + _first_difference(built, expected))
    for trace in data:
        if trace.get("type", "scatter") not in TEMPLATE_TRACES:   # its defaults were cut
            raise AssertionError(f"a {trace.get('type')} trace: add it to TEMPLATE_TRACES")
    for built, checked in zip(fig.data, validated.data):
        for key in ("x", "y", "customdata", "text", "hovertext"):
            if type(built[key]) is not type(checked[key]):
                raise AssertionError(f"{key}: {type(built[key])} != {type(checked[key])}")


def _first_difference(built, expected, path: str = "") -> str:
    if isinstance(built, dict) and isinstance(expected, dict):
        for key in sorted(set(built) | set(expected)):
            if built.get(key, "<unset>") != expected.get(key, "<unset>"):
                return _first_difference(built.get(key, "<unset>"),
                                         expected.get(key, "<unset>"), f"{path}.{key}")
    if isinstance(built, list) and isinstance(expected, list) and len(built) == len(expected):
        for index, (one, other) in enumerate(zip(built, expected)):
            if one != other:
                return _first_difference(one, other, f"{path}[{index}]")
    return f"{path}: {built!r:.200} built, {expected!r:.200} when validated"


def sizes(presentation: bool = False) -> dict:
    return SIZES[bool(presentation)]


def apply_style(fig: go.Figure | Draft, presentation: bool = False, dark: bool = False,
                height: int | None = None, legend: bool = False, *, layout: dict | None = None,
                xaxes: dict | None = None, yaxes: dict | None = None) -> go.Figure:
    """Common layout: no chart title (the card holds the active title), horizontal text.

    `layout`, `xaxes`, `yaxes`: the chart's own settings, as it would pass them to
    update_layout, update_xaxes and update_yaxes after this, applied with the style in
    one go (`restyle`). A Draft is styled as plain values and built once (the figure is
    returned): in the tests it is also built and restyled, and must come out the same."""
    size = sizes(presentation)
    text = DARK["text"] if dark else TEXT_COLOUR
    grid = DARK["grid"] if dark else "#DDDDDD"
    style = {
        "font": {"family": FONT_FAMILY, "size": size["font"], "color": text},
        "paper_bgcolor": DARK["paper"] if dark else "white",
        "plot_bgcolor": DARK["paper"] if dark else "white",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "showlegend": legend,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0,
                   "font": {"size": size["tick"]}},
        "hoverlabel": {"font": {"size": size["tick"]}},
        "separators": ".,",
    }
    if height:
        style["height"] = height
    return restyle(fig, ("layout", style),
                   ("xaxes", {"tickfont": {"size": size["tick"]},
                              "title_font": {"size": size["font"]}, "showgrid": False,
                              "linecolor": text, "ticks": "outside", "automargin": True,
                              "tickangle": 0}),
                   ("yaxes", {"tickfont": {"size": size["tick"]},
                              "title_font": {"size": size["font"]}, "gridcolor": grid,
                              "zeroline": False, "automargin": True, "rangemode": "tozero"}),
                   ("layout", layout), ("xaxes", xaxes), ("yaxes", yaxes))


# Layout properties holding lists of objects: Plotly's update merges them item by item,
# which restyle does not copy (it hands them to Plotly's own update).
_OBJECT_LISTS = {"annotations", "shapes", "images", "sliders", "updatemenus", "selections"}


def restyle(fig: go.Figure | Draft, *changes: tuple[str, dict | None]) -> go.Figure:
    """Each ("layout" | "xaxes" | "yaxes", settings) in turn, as `fig.update_layout`,
    `fig.update_xaxes` and `fig.update_yaxes` would apply them: the same figure, made
    faster. Plotly's update_* record each change and replay it through the figure's
    relayout machinery (several milliseconds a call); here the changes are validated on
    their own (Plotly's rules and property names, `title_font` included) and merged into
    the layout in order as update_* merge them. A Draft is styled as plain values and
    built once (new_figure)."""
    changes = [(kind, settings) for kind, settings in changes if settings]
    plotlys_way = any((kind == "layout" and _OBJECT_LISTS & set(settings))
                      or _holds_none(settings) for kind, settings in changes)
    if isinstance(fig, Draft):
        if plotlys_way:
            return restyle(fig.figure(), *changes)
        axes = {kind: [prefix] + [key for key in fig.layout
                                  if re.fullmatch(prefix + r"\d+", key)]
                for kind, prefix in (("xaxes", "xaxis"), ("yaxes", "yaxis"))}
        styled = _merged_layout(fig.layout, axes, changes)
        built = new_figure(fig.data, {**fig.layout, **styled})
        if os.environ.get(CHECK_FIGURES) == "1":
            _check_same(built, restyle(fig.figure(), *changes))
        return built
    if plotlys_way:
        update = {"layout": fig.update_layout, "xaxes": fig.update_xaxes,
                  "yaxes": fig.update_yaxes}
        for kind, settings in changes:   # unsetting (None), lists of objects: Plotly's way
            update[kind](**settings)
        return fig
    # The layout as Plotly holds it: validated plain values. Only the top-level entries a
    # change touches are rebuilt and set back as they are: every piece is validated
    # already, so Plotly's layout setter (which validates the whole layout again and
    # deep-copies it twice) is not needed.
    axes = {"xaxes": [axis.plotly_name for axis in fig.select_xaxes()],
            "yaxes": [axis.plotly_name for axis in fig.select_yaxes()]}
    merged = _merged_layout(fig.layout._props or {}, axes, changes)
    layout = fig.layout
    layout._validate = False
    try:
        for key, value in merged.items():
            layout[key] = value
    finally:
        layout._validate = True
    return fig


def _merged_layout(held: dict, axes: dict, changes) -> dict:
    """The top-level layout entries `changes` touch, merged into `held` as update_layout,
    update_xaxes and update_yaxes merge them, in order (new dicts along the changed paths,
    the rest shared); `axes` lists the x and y axes there are (an axis a layout change
    adds is styled by later axes changes)."""
    merged = {}
    axes = {kind: list(names) for kind, names in axes.items()}
    kinds = {"layout": go.Layout, "xaxes": go.layout.XAxis, "yaxes": go.layout.YAxis}
    for kind, settings in changes:
        checked = _validated(kinds[kind], settings)
        if kind == "layout":
            for key, value in checked.items():
                merged[key] = _merged_value(merged.get(key, held.get(key)), value)
            for axis_kind, prefix in (("xaxes", "xaxis"), ("yaxes", "yaxis")):
                axes[axis_kind] += [key for key in checked if key not in axes[axis_kind]
                                    and re.fullmatch(prefix + r"\d*", key)]
        else:
            for name in axes[kind]:
                merged[name] = _merged(merged.get(name, held.get(name)) or {}, checked)
    return merged


def _check_same(built: go.Figure, expected: go.Figure) -> None:
    shown, wanted = json.loads(built.to_json()), json.loads(expected.to_json())
    if shown != wanted:
        raise AssertionError("a Draft styled as plain values differs from the figure "
                             "restyled: " + _first_difference(shown, wanted))


def _validated(kind, changes: dict) -> dict:
    """`changes` checked and spelt out by Plotly (`title_font` -> title.font), as plain
    values; remembered for changes made of plain values (the style's, on every figure)."""
    try:
        key = json.dumps(changes, sort_keys=True)
    except TypeError:   # dates, arrays: not remembered
        return kind().update(changes).to_plotly_json()
    return _copied(_validated_once(kind, key))


@lru_cache(maxsize=512)
def _validated_once(kind, key: str) -> dict:
    return kind().update(json.loads(key)).to_plotly_json()


def _copied(value):
    """A copy of plain JSON values (dicts, lists): what deepcopy gives, far faster."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def _merged_value(base, value):
    return _merged(base, value) if isinstance(value, dict) and isinstance(base, dict) else value


def _merged(base: dict, changes: dict) -> dict:
    """`base` updated by `changes` as Plotly's update does: nested objects merged, other
    values (numbers, text, lists) replaced."""
    out = dict(base)
    for key, value in changes.items():
        out[key] = (_merged(out[key], value)
                    if isinstance(value, dict) and isinstance(out.get(key), dict) else value)
    return out


def _holds_none(value) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return any(_holds_none(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_none(v) for v in value)
    return False


def empty_figure(message: str, presentation: bool = False) -> go.Figure:
    """A figure that says why there is nothing to show, instead of a blank chart.

    Long messages wrap so they fit a half-width card (unless already broken with <br>).
    """
    if "<br>" not in message:
        message = "<br>".join(textwrap.wrap(message, MESSAGE_WRAP)) or message
    return new_figure([], {
        "annotations": [{"text": message, "showarrow": False, "x": 0.5, "y": 0.5,
                         "xref": "paper", "yref": "paper",
                         "font": {"size": sizes(presentation)["title"]}}],
        "xaxis": {"visible": False}, "yaxis": {"visible": False},
        "plot_bgcolor": "white", "paper_bgcolor": "white", "height": 260,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10}})
