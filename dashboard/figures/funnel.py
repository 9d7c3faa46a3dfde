"""Funnel plot (CONTRACT §4b): every service's value against its denominator, with the 95% and
99.8% control limits around the England and Wales value, one service highlighted.

Shared by the first time entrants, custody and reoffending pages:

    comparison = ranking.service_comparison(engine, "fte_rate", period_end, scope)
    figure = funnel_figure(comparison.funnel, "fte_rate", comparison.national,
                           highlight="Kingsmoor and Fenby YJS", fmt=text.rate_100k,
                           value_title="Children entering per 100,000 aged 10–17",
                           denominator_title="Children aged 10–17 (population)",
                           counts=lambda x, n: f"{x:,} of {n:,} children")
    rows = funnel_rows(comparison.funnel, "Kingsmoor and Fenby YJS")   # the card's table

`points` is `ranking.funnel`'s frame (name, source, value, numerator, denominator, lower_95,
upper_95, lower_998, upper_998, position). The limits are drawn as lines over the
denominators' range (`ranking.funnel_curves`): 95% dashed, 99.8% dotted, each labelled at its
right end, and England and Wales as a solid line labelled with its value. Other services are
hollow grey circles; the highlighted one a large filled diamond labelled with its name and
value (an annotation on a white ground), so neither colour nor hover is the only cue. Hovering any point names the service
with its value, counts and position. A loaded service's point carries customdata
"area=service:NAME", so clicking it shows that service.
"""
from __future__ import annotations

import textwrap
from typing import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.ranking import funnel_curves, name_key
from dashboard.figures.placement import Obstacles, PlotFrame, label_px, place
from dashboard.figures.style import (COMPARATOR_GREYS, THIS_AREA, Draft, apply_style,
                                     empty_figure, sizes)
from dashboard.words.funnel_words import position_cell

LIMIT_STEPS = 160            # points along each control limit line
LIMIT_95 = {"color": "#3D3D3D", "dash": "dash"}
LIMIT_998 = {"color": "#3D3D3D", "dash": "dot"}
NATIONAL_LINE = {"color": "#0B0C0C", "dash": "solid"}
OTHERS = COMPARATOR_GREYS[1]   # #6F777B: 4.7:1 on white
LABEL_WRAP = 22
ROW_COLUMNS = ["service", "denominator", "numerator", "value", "lower_95", "upper_95",
               "lower_998", "upper_998", "position"]


def limit_grid(denominators, steps: int = LIMIT_STEPS) -> list[float]:
    """Denominators to draw the limits at: geometric steps from a little below the smallest
    service's denominator to a little above the largest (smooth where the funnel is wide)."""
    values = [float(d) for d in denominators if d is not None and not pd.isna(d) and d > 0]
    if not values:
        return []
    low, high = max(min(values) * 0.85, 1.0), max(values) * 1.04
    if high <= low:
        high = low + 1
    return [float(v) for v in np.geomspace(low, high, steps)]


def _highlighted(points: pd.DataFrame, highlight: str | None) -> pd.Series:
    if not highlight:
        return pd.Series(False, index=points.index)
    return points["name"].map(name_key) == name_key(highlight)


def _hover(row, fmt: Callable, unit: str, counts: Callable | None) -> str:
    value = f"{fmt(row.value)}{unit}"
    counted = (counts(int(row.numerator), int(row.denominator)) if counts
               else f"{int(row.numerator):,} of {int(row.denominator):,}")
    return f"<b>{row.name}</b><br>{value} ({counted})<br>{position_cell(row.position)}"


def _points_trace(points: pd.DataFrame, name: str, marker: dict, fmt, unit,
                  counts) -> dict:
    hover = [_hover(row, fmt, unit, counts) for row in points.itertuples()]
    custom = [[f"area=service:{row.name}" if row.source == "loaded" else ""]
              for row in points.itertuples()]
    return dict(
        type="scatter", x=list(points["denominator"].astype(float)),
        y=list(points["value"].astype(float)),
        name=name, mode="markers", marker=marker, hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>", customdata=custom, cliponaxis=False)


def _limit_trace(curves: pd.DataFrame, level: str, style: dict, width: float) -> dict:
    """Upper and lower limit as one line with a gap between them."""
    x = list(curves["denominator"]) + [None] + list(curves["denominator"])
    y = list(curves[f"upper_{level}"]) + [None] + list(curves[f"lower_{level}"])
    label = "95%" if level == "95" else "99.8%"
    return dict(type="scatter", x=x, y=y, mode="lines", name=f"{label} control limits",
                      line={**style, "width": width}, hoverinfo="skip", connectgaps=False)


def funnel_figure(points: pd.DataFrame, indicator: str, national: float | None, *,
                  highlight: str | None, fmt: Callable[[float], str], value_title: str,
                  denominator_title: str, unit: str = "",
                  counts: Callable[[int, int], str] | None = None,
                  national_name: str = "England and Wales", height: int = 460,
                  presentation: bool = False, dark: bool = False) -> go.Figure:
    """The funnel plot described in the module docstring.

    `fmt` formats a value ('219'), `unit` follows it in hover (' per 100,000'); `counts(x, n)`
    describes a point's numerator and denominator ('96 of 43,747 children').
    """
    if points is None or points.empty or national is None or pd.isna(national):
        return empty_figure("No published figures with counts to compare services with",
                            presentation)
    size = sizes(presentation)
    points = points.copy()
    chosen = _highlighted(points, highlight)
    others, ours = points[~chosen], points[chosen]
    curves = funnel_curves(indicator, float(national), limit_grid(points["denominator"]))
    line = size["line"]
    x_ends = [float(curves["denominator"].iloc[0]), float(curves["denominator"].iloc[-1])]
    traces = [
        _limit_trace(curves, "998", LIMIT_998, line * 0.7),
        _limit_trace(curves, "95", LIMIT_95, line * 0.7),
        dict(type="scatter", x=x_ends, y=[national, national], mode="lines",
             name=f"{national_name}: {fmt(national)}", hoverinfo="skip",
             line={**NATIONAL_LINE, "width": line * 0.6}),
        _points_trace(others, "Other services",
                      {"symbol": "circle-open", "color": OTHERS, "size": size["marker"],
                       "line": {"width": 1.5}}, fmt, unit, counts)]
    if not ours.empty:
        point = ours.iloc[0]
        traces.append(_points_trace(
            ours, str(point["name"]),
            {"symbol": "diamond", "color": THIS_AREA, "size": size["marker"] * 2.2,
             "line": {"color": "white", "width": 1.5}}, fmt, unit, counts))
    fig = Draft(traces)
    top = _y_top(points, float(national), chosen)
    if not ours.empty:
        _name_on_plot(fig, ours.iloc[0], fmt, size, (0, x_ends[1] * 1.02), (0, top),
                      presentation)
    return apply_style(fig, presentation=presentation, dark=dark, height=height, legend=True,
                       # The legend names the lines by their dash (no colour needed); clicking it
                       # hides nothing.
                       layout={"margin": {"r": size["label"] * 2, "t": size["label"] * 4},
                               "hovermode": "closest", "clickmode": "event",
                               "legend": {"itemclick": False, "itemdoubleclick": False,
                                          "traceorder": "reversed", "itemwidth": 40}},
                       xaxes={"title_text": denominator_title, "tickformat": ",d",
                              "showgrid": True, "gridcolor": "#EEEEEE", "rangemode": "tozero",
                              "range": [0, x_ends[1] * 1.02]},
                       yaxes={"title_text": value_title, "range": [0, top]})


LABEL_GROUND = 4   # px of white around the highlighted service's name (borderpad)


def _name_on_plot(fig: Draft, point, fmt: Callable, size: dict, x_range, y_range,
                  presentation: bool) -> None:
    """The highlighted service named on the plot, on a white ground, in free space beside
    its point (dashboard/figures/placement.py): never on another service's marker or a
    limit line; a leader line joins them when it must sit further off."""
    label = "<br>".join(textwrap.wrap(str(point["name"]), LABEL_WRAP))
    text = f"<b>{label}: {fmt(point['value'])}</b>"
    frame = PlotFrame.for_figure(x_range, y_range, presentation)
    obstacles = Obstacles()
    for trace in fig.data:
        xs, ys = list(trace.get("x") or []), list(trace.get("y") or [])
        if trace.get("mode") == "lines":
            obstacles.lines.append(frame.polyline(xs, ys))
        elif trace.get("mode") == "markers":
            across = (trace.get("marker", {}).get("size") or size["marker"]) + 4
            obstacles.markers += [frame.marker(x, y, across) for x, y in zip(xs, ys)
                                  if x is not None and y is not None]
    gap = frame.size((size["marker"] + 4, size["marker"] + 4))
    x, y = float(point["denominator"]), float(point["value"])
    # A funnel's plot is shorter than a trend's (its legend takes two rows on a tablet and
    # the slide): the label's box is sought with room to spare, anchored at its corner
    # nearest the point, so the label drawn always fits inside the box found free.
    width, height = label_px(text, size["label"])
    spot = place(frame.fx(x), frame.fy(y),
                 frame.size(((width + 2 * LABEL_GROUND) * 1.15,
                             (height + 2 * LABEL_GROUND) * 1.4)),
                 obstacles, gap)
    where = (frame.data_x(spot.x), frame.data_y(spot.y))
    leader = {} if spot.near else {
        "showarrow": True, "arrowhead": 0, "arrowwidth": 1.5, "arrowcolor": THIS_AREA,
        "axref": "x", "ayref": "y", "ax": where[0], "ay": where[1],
        "standoff": size["marker"] * 1.2}
    fig.add_annotation(x=x if leader else where[0], y=y if leader else where[1],
                       xanchor=spot.xanchor, yanchor=spot.yanchor, text=text,
                       bgcolor="rgba(255,255,255,0.9)", borderpad=LABEL_GROUND,
                       font={"size": size["label"], "color": THIS_AREA},
                       **({"showarrow": False} | leader))


def _y_top(points: pd.DataFrame, national: float, highlight: pd.Series) -> float:
    """Room for every point, England and Wales and the highlighted service's 99.8% limit; the
    funnel's mouth at the very smallest services may run off the top."""
    highest = max([float(points["value"].max()), float(national)]
                  + [float(v) for v in points.loc[highlight, "upper_998"]])
    return highest * 1.12 if highest > 0 else 1.0


def funnel_rows(points: pd.DataFrame, highlight: str | None) -> pd.DataFrame:
    """The card's table: the highlighted service first, then the rest by name, with the
    position in words."""
    if points is None or points.empty:
        return pd.DataFrame(columns=ROW_COLUMNS)
    chosen = _highlighted(points, highlight)
    table = points.assign(_first=~chosen, _key=points["name"].map(name_key))
    table = table.sort_values(["_first", "_key"], kind="stable")
    table = table.rename(columns={"name": "service"})
    table["position"] = table["position"].map(position_cell)
    return table[ROW_COLUMNS].reset_index(drop=True)


def highlight_position(points: pd.DataFrame, highlight: str | None) -> str | None:
    """Where the highlighted service lies (`within`, `above`, ...), None when not plotted."""
    if points is None or points.empty:
        return None
    hit = points[_highlighted(points, highlight)]
    return str(hit["position"].iloc[0]) if not hit.empty else None


__all__ = ["funnel_figure", "funnel_rows", "highlight_position", "limit_grid", "ROW_COLUMNS"]
