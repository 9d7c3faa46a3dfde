"""A rolling 12-month trend for this area against up to three comparators (UX.md charts).

Shared by the first time entrants and custody pages (and usable for reoffending):

    trend_figure(lines, y_title="Rate per 100,000 children aged 10–17", fmt=text.rate_100k,
                 selected=date(2024, 3, 31), count_noun="children")

`lines` holds one row per point:
    line         name shown at the line's end ("Kingsmoor YJS", "England and Wales")
    role         "area" (bold blue, solid, circles) or "comparator" (grey, dashed, other markers)
    period_end   the quarter end (a date) the rolling year finishes on
    value        the figure; missing values leave a gap
    count        optional: the count behind the value, shown beside it ("0.09 (4 sentences)");
                 `count_noun` names it: a plural ("children") or ("sentence", "sentences")
    provisional  optional bool: the area's provisional points, drawn hollow on a dashed line
    lower, upper optional: the area's 95% limits, drawn as a shaded band around its line and
                 given in its hover ("95% interval 267 to 376")

The area comes first; comparators keep their order and only the first three are drawn, so
a chart never has more than four lines. Every line is labelled at its end with its latest
value; the selected period is marked and its value labelled. Points carry customdata
"period=YYYY-MM-DD", so clicking a quarter selects that reporting period.
"""
from __future__ import annotations

import math
import textwrap
from datetime import date
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.placement import Obstacles, PlotFrame, label_px, place
from dashboard.figures.style import (COMPARATOR_GREYS, DASHES, MARKERS, THIS_AREA, Draft,
                                     apply_style, empty_figure, sizes)
from dashboard.contract.periods import period_words, quarter_label

MAX_COMPARATORS = 3
BAND = "rgba(18, 67, 109, 0.16)"   # this area's colour, light: its 95% interval
LABEL_WRAP = 18          # characters per line of an end label
PLOT_SHARE = 0.8         # rough share of the card height taken by the plot area


def _words(value, count, fmt: Callable, count_noun) -> str:
    """'334 (146 children)'; count_noun is a plural word or (singular, plural)."""
    shown = fmt(value)
    if count_noun and count is not None and not pd.isna(count):
        singular, many = (count_noun, count_noun) if isinstance(count_noun, str) else count_noun
        number = int(count)
        counted = f"no {many}" if number == 0 else f"{number:,} {singular if number == 1 else many}"
        shown += f" ({counted})"
    return shown


def _ordered_lines(lines: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The area line first, then at most three comparators, each sorted by period."""
    names = list(dict.fromkeys(lines["line"]))
    area = [n for n in names if (lines.loc[lines["line"] == n, "role"] == "area").any()][:1]
    comparators = [n for n in names if n not in area][:MAX_COMPARATORS]
    return [(name, lines[lines["line"] == name].sort_values("period_end"))
            for name in area + comparators]


MAX_YEAR_TICKS = 6


def _tick_values(periods: list[date], last: date) -> list[date]:
    """Quarter ends to label: every quarter over short spans, else yearly, at most six (every
    other year over ten years), so the labels never run together on a tablet."""
    if len(periods) <= 8:
        return periods
    yearly = [p for p in periods if p.month == last.month]
    step = math.ceil(len(yearly) / MAX_YEAR_TICKS)
    return yearly[::-1][::step][::-1]


def _spread(positions: list[float], heights: list[float]) -> list[float]:
    """Move label centres apart (in data units) so labels of the given heights never overlap."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    # No label hangs below the axis.
    placed = [max(p, h / 2) for p, h in zip(positions, heights)]
    for before, after in zip(order, order[1:]):
        gap = (heights[before] + heights[after]) / 2
        placed[after] = max(placed[after], placed[before] + gap)
    return placed


def _interval(points: pd.DataFrame, fmt) -> list[str]:
    """', 95% interval 267 to 376' per point ('' where there are no limits)."""
    if "lower" not in points or "upper" not in points:
        return [""] * len(points)
    return ["" if pd.isna(lo) or pd.isna(hi) else f", 95% interval {fmt(lo)} to {fmt(hi)}"
            for lo, hi in zip(points["lower"], points["upper"])]


def _has_band(points: pd.DataFrame) -> bool:
    return "upper" in points and bool(pd.to_numeric(points["upper"], errors="coerce")
                                      .notna().any())


def _band_traces(points: pd.DataFrame) -> list[dict]:
    """The area's 95% interval as a shaded band (upper edge, then lower edge filled to it)."""
    x = list(points["period_end"])
    edge = {"mode": "lines", "line": {"width": 0, "color": BAND}, "hoverinfo": "skip",
            "showlegend": False, "connectgaps": False}
    return [dict(type="scatter", x=x, y=list(points["upper"]), name="95% interval (upper)",
                 **edge),
            dict(type="scatter", x=x, y=list(points["lower"]), name="95% interval",
                 fill="tonexty", fillcolor=BAND, **edge)]


def _trace(name: str, points: pd.DataFrame, style: dict, fmt, count_noun, click_key) -> dict:
    counts = points["count"] if "count" in points else [None] * len(points)
    hover = [f"{name}: {_words(v, c, fmt, count_noun)}{i}"
             for v, c, i in zip(points["value"], counts, _interval(points, fmt))]
    custom = ([[f"{click_key}={p.isoformat()}"] for p in points["period_end"]]
              if click_key else None)
    return dict(type="scatter", x=list(points["period_end"]), y=list(points["value"]), name=name,
                      mode="lines+markers", customdata=custom, hovertext=hover,
                      hovertemplate="%{hovertext}<extra></extra>", connectgaps=False, **style)


def trend_lines(area: pd.DataFrame, area_name: str, comparators: pd.DataFrame | None,
                value_col: str, count_col: str | None = None,
                limit_cols: tuple[str, str] | None = None) -> pd.DataFrame:
    """`lines` for trend_figure from a query frame of this area (period_end, value_col,
    count_col, and the limit_cols of its 95% interval) and comparator lines (line,
    period_end, value), clipped to the area's span."""
    own = pd.DataFrame({"line": area_name, "role": "area", "period_end": area["period_end"],
                        "value": area[value_col]})
    if count_col:
        own["count"] = area[count_col]
    if limit_cols and all(c in area for c in limit_cols):
        own["lower"], own["upper"] = area[limit_cols[0]], area[limit_cols[1]]
    if comparators is None or comparators.empty:
        return own
    others = comparators.assign(role="comparator")[["line", "role", "period_end", "value"]]
    first, last = own["period_end"].min(), own["period_end"].max()
    others = others[others["period_end"].between(first, last)]
    return pd.concat([own, others], ignore_index=True)


def _provisional_flags(points: pd.DataFrame) -> pd.Series:
    if "provisional" not in points:
        return pd.Series(False, index=points.index)
    return points["provisional"].astype("boolean").fillna(False).astype(bool)


def _area_traces(name, points, size, fmt, count_noun, click_key) -> list[dict]:
    """The area line; provisional points (if any) continue it dashed with hollow markers."""
    width = size["line"] * 1.4
    solid = {"line": {"color": THIS_AREA, "width": width, "dash": "solid"},
             "marker": {"color": THIS_AREA, "size": size["marker"], "symbol": MARKERS[0]}}
    provisional = _provisional_flags(points)
    if not provisional.any():
        return [_trace(name, points, solid, fmt, count_noun, click_key)]
    complete = points[~provisional]
    # The dashed part starts at the last complete point so the line stays continuous.
    joined = pd.concat([complete.tail(1), points[provisional]])
    hollow = {"line": {"color": THIS_AREA, "width": width, "dash": "dash"},
              "marker": {"color": "white", "size": size["marker"], "symbol": "circle-open",
                         "line": {"color": THIS_AREA, "width": 2}}}
    traces = [_trace(f"{name} (provisional)", joined, hollow, fmt, count_noun, click_key)]
    if not complete.empty:
        traces.insert(0, _trace(name, complete, solid, fmt, count_noun, click_key))
    return traces


def _comparator_trace(index, name, points, size, fmt, count_noun, click_key) -> dict:
    style = {"line": {"color": COMPARATOR_GREYS[index], "width": size["line"] * 0.8,
                      "dash": DASHES[index + 1]},
             "marker": {"color": COMPARATOR_GREYS[index], "size": size["marker"] * 0.85,
                        "symbol": MARKERS[index + 1]}}
    return _trace(name, points, style, fmt, count_noun, click_key)


def _end_label(name, last, fmt, count_noun, is_area, provisional) -> str:
    value = _words(last["value"], last.get("count"), fmt, count_noun if is_area else None)
    title = "<br>".join(textwrap.wrap(name, LABEL_WRAP))
    suffix = " provisional" if provisional else ""
    return f"{title}<br><b>{value}</b>{suffix}" if is_area else f"{title}<br>{value}"


def _mark_selected(fig, area_points, selected, size, fmt, count_noun, y_top,
                   presentation) -> None:
    """A dotted line at the selected quarter, its name in words and its value labelled."""
    fig.add_shape(type="line", x0=selected, x1=selected, y0=0, y1=1, yref="paper",
                  line={"color": "#3D3D3D", "width": 1.5, "dash": "dot"}, layer="below")
    fig.add_annotation(x=selected, y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=f"Selected: {period_words(selected)}",
                       font={"size": size["label"], "color": "#3D3D3D"}, bgcolor="white")
    row = area_points[area_points["period_end"] == selected]
    if row.empty or pd.isna(row["value"].iloc[0]):
        return
    point = row.iloc[0]
    fig.add_trace(dict(type="scatter", x=[selected], y=[point["value"]], mode="markers",
                             hoverinfo="skip", showlegend=False,
                             marker={"size": size["marker"] * 2.2, "symbol": "circle-open",
                                     "color": THIS_AREA, "line": {"width": 3}}))
    if selected != area_points["period_end"].iloc[-1]:
        value = _words(point["value"], point.get("count"), fmt, count_noun)
        _free_label(fig, selected, float(point["value"]), f"<b>{value}</b>", size, y_top,
                    presentation)


def _day(value) -> int:
    return pd.Timestamp(value).toordinal()


def _drawn(fig: go.Figure, frame: PlotFrame, size: dict) -> Obstacles:
    """Every line, marker and shaded band drawn so far, in plot fractions."""
    obstacles = Obstacles()
    upper = None
    for trace in fig.data:
        xs = [_day(x) for x in trace["x"]]
        ys = [None if y is None or pd.isna(y) else float(y) for y in trace["y"]]
        if trace.get("fill") == "tonexty" and upper is not None:      # a band: its lower edge
            kept = [i for i, (lo, hi) in enumerate(zip(ys, upper)) if None not in (lo, hi)]
            obstacles.bands.append(([frame.fx(xs[i]) for i in kept],
                                    [frame.fy(ys[i]) for i in kept],
                                    [frame.fy(upper[i]) for i in kept]))
            continue
        if trace.get("line", {}).get("width") == 0:             # a band's upper edge
            upper = ys
            continue
        if "lines" in (trace.get("mode") or ""):
            obstacles.lines.append(frame.polyline(xs, ys))
        if "markers" in (trace.get("mode") or ""):
            across = (trace.get("marker", {}).get("size") or size["marker"]) + 6
            obstacles.markers += [frame.marker(x, y, across) for x, y in zip(xs, ys)
                                  if y is not None]
    return obstacles


def _free_label(fig: go.Figure, x: date, y: float, text: str, size: dict, y_top: float,
                presentation: bool) -> None:
    """The selected period's value in free space beside its point, never over a line, a
    marker or (when there is room) the band; a leader line joins them when it sits further
    off."""
    days = [_day(v) for trace in fig.data for v in trace["x"]]
    frame = PlotFrame.for_figure((min(days), max(days)), (0, y_top), presentation)
    gap = frame.size((size["marker"] + 4, size["marker"] + 4))
    spot = place(frame.fx(_day(x)), frame.fy(y), frame.size(label_px(text, size["label"])),
                 _drawn(fig, frame, size), gap)
    where = (date.fromordinal(round(frame.data_x(spot.x))), frame.data_y(spot.y))
    leader = {} if spot.near else {
        "showarrow": True, "arrowhead": 0, "arrowwidth": 1.5, "arrowcolor": THIS_AREA,
        "axref": "x", "ayref": "y", "ax": where[0], "ay": where[1],
        "standoff": size["marker"] + 3}
    fig.add_annotation(x=x if leader else where[0], y=y if leader else where[1],
                       xanchor=spot.xanchor, yanchor=spot.yanchor, text=text,
                       font={"size": size["label"], "color": THIS_AREA},
                       **({"showarrow": False} | leader))


def trend_figure(lines: pd.DataFrame, *, y_title: str, fmt: Callable[[float], str],
                 selected: date | None = None, count_noun: str | tuple[str, str] | None = None,
                 click_key: str | None = "period", height: int = 380,
                 presentation: bool = False, dark: bool = False) -> go.Figure:
    """The trend chart described in the module docstring."""
    if lines is None or lines.empty or lines["value"].dropna().empty:
        return empty_figure("No figures to plot for this selection", presentation)
    size = sizes(presentation)
    fig = Draft()
    ordered = _ordered_lines(lines)
    labels = []
    comparators = 0
    for name, points in ordered:
        is_area = (points["role"] == "area").any()
        if is_area:
            if _has_band(points):
                fig.add_traces(_band_traces(points))
            traces = _area_traces(name, points, size, fmt, count_noun, click_key)
        else:
            traces = [_comparator_trace(comparators, name, points, size, fmt, count_noun,
                                        click_key)]
            comparators += 1
        fig.add_traces(traces)
        shown = points.dropna(subset=["value"])
        if not shown.empty:
            last = shown.iloc[-1]
            provisional = bool(_provisional_flags(shown).iloc[-1])
            labels.append((last["period_end"], last["value"],
                           _end_label(name, last, fmt, count_noun, is_area, provisional),
                           THIS_AREA if is_area else COMPARATOR_GREYS[comparators - 1]))

    highest = lines["value"].max()
    if "upper" in lines and lines["upper"].notna().any():
        highest = max(highest, lines["upper"].max())
    y_max = float(highest) * 1.15 or 1.0
    plot_px = height * PLOT_SHARE
    line_height = size["label"] * 1.3 / plot_px * y_max
    heights = [label[2].count("<br>") * line_height + line_height for label in labels]
    placed = _spread([label[1] for label in labels], heights)
    x_last = max(label[0] for label in labels) if labels else None
    for (_, _, text, colour), y in zip(labels, placed):
        fig.add_annotation(x=x_last, y=y, xanchor="left", xshift=size["marker"] + 4,
                           showarrow=False, align="left", text=text,
                           font={"size": size["label"], "color": colour})

    area_points = ordered[0][1] if (ordered[0][1]["role"] == "area").any() else None
    y_top = max(y_max, max(placed, default=0) * 1.05)
    if selected is not None and area_points is not None:
        _mark_selected(fig, area_points, selected, size, fmt, count_noun, y_top, presentation)

    periods = sorted(set(lines["period_end"]))
    widest = max((len(part) for label in labels for part in label[2]
                  .replace("<b>", "").replace("</b>", "").split("<br>")), default=10)
    ticks = _tick_values(periods, periods[-1])
    fig = apply_style(fig, presentation=presentation, dark=dark, height=height,
                      layout={"margin": {"r": int(widest * size["label"] * 0.6)
                                         + size["marker"] + 12,
                                         "t": size["label"] * 2 + 8},
                              "hovermode": "x unified", "clickmode": "event"},
                      xaxes={"type": "date", "title_text": "Rolling 12 months ending",
                             "tickvals": ticks,
                             # Yearly or many ticks wrap ("Dec<br>2016") so they fit a narrow
                             # screen.
                             "ticktext": [quarter_label(t).replace(" ", "<br>")
                                          if len(periods) > 8 or len(ticks) > 6
                                          else quarter_label(t) for t in ticks]},
                      yaxes={"title_text": y_title, "range": [0, y_top], "rangemode": "tozero"})
    return fig
