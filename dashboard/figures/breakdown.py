"""Bar charts for breakdowns (small multiples) and per-quarter counts, and their titles.

Shared by the first time entrants and custody pages. Builders are pure: DataFrame in,
figure out. Every bar is labelled with its value and count; bars carry customdata
"key=value" so clicking one filters the page (callbacks/shell.cross_filter).
"""
from __future__ import annotations

import textwrap
from datetime import date
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.words.indicator_words import plural
from dashboard.figures.style import DARK, THIS_AREA, Draft, apply_style, empty_figure, sizes
from dashboard.contract.periods import quarter_label
from dashboard.words.text import pct

OTHER_BARS = "#5B7FA6"      # lighter blue for bars that are not the selected one (3:1 on white)
PLOT_WIDTH_GUESS = 440     # px of a half-width card's plot area, to leave room for labels
LABEL_WRAP = 24            # characters per line of a category label
ROW_COLUMNS = ["group", "label", "count", "population", "rate", "lower", "upper", "share_pct",
               "value", "text", "interval", "click", "highlight"]
LIMIT_COLUMNS = ("rate_lower_95", "rate_upper_95")   # intervals.with_rate_interval's names
WHISKER = "#0B0C0C"        # interval whiskers: near-black, on a white halo over dark bars
DARK_PAPER = DARK["paper"]
WHISKER_REACH = 2.5        # whiskers are drawn up to this many times the longest bar


def breakdown_rows(frame: pd.DataFrame, *, count_col: str, rate_col: str,
                   rate_fmt: Callable, noun: tuple[str, str], labels: dict | None = None,
                   order: list | None = None, click_key: str | None = None,
                   selected: str | None = None, rate_available: bool = True,
                   complete: list | None = None) -> pd.DataFrame:
    """One row per group of a query frame (columns group, count_col, population, rate_col),
    ready for `breakdown_bars` and for the chart's table.

    Rates are drawn where a population exists, else counts; every bar's text gives the count.
    A rate's 95% limits (`lower`, `upper`, and in words `interval`) come from the frame's
    rate_lower_95 and rate_upper_95 columns when it has them. `order`: groups in display order (others follow, largest first); `labels`: group → words;
    `complete`: groups shown even when nobody is counted in them (as zero).
    """
    if frame is None or frame.empty:
        return pd.DataFrame(columns=ROW_COLUMNS)
    missing = [g for g in complete or [] if g not in set(frame["group"].astype(str))]
    if missing:
        frame = pd.concat([frame, pd.DataFrame({"group": missing, count_col: 0})],
                          ignore_index=True)
    rows = pd.DataFrame({"group": frame["group"].astype(str),
                         "count": frame[count_col].astype("int64"),
                         "population": frame.get("population", pd.Series(pd.NA, index=frame.index)),
                         "rate": frame[rate_col] if rate_available else float("nan")})
    for column, source in zip(("lower", "upper"), LIMIT_COLUMNS):
        rows[column] = (pd.to_numeric(frame[source], errors="coerce").astype("float64")
                        if rate_available and source in frame else float("nan"))
    rows["label"] = rows["group"].map(lambda g: (labels or {}).get(g, g))
    total = rows["count"].sum()
    rows["share_pct"] = rows["count"] / total * 100 if total else float("nan")
    rows["value"] = rows["rate"] if rate_available else rows["count"]
    rows["text"] = [_bar_text(c, r, s, rate_fmt, noun, rate_available)
                    for c, r, s in zip(rows["count"], rows["rate"], rows["share_pct"])]
    rows["interval"] = [None if pd.isna(lo) or pd.isna(hi) else f"{rate_fmt(lo)} to {rate_fmt(hi)}"
                        for lo, hi in zip(rows["lower"], rows["upper"])]
    rows["click"] = [f"{click_key}={g}" for g in rows["group"]] if click_key else None
    rows["highlight"] = rows["group"] == selected if selected else False
    rank = {g: i for i, g in enumerate(order or [])}
    rows["_order"] = [rank.get(g, len(rank)) for g in rows["group"]]
    rows = rows.sort_values(["_order", "count"], ascending=[True, False], kind="stable")
    return rows[ROW_COLUMNS].reset_index(drop=True)


def _bar_text(count, rate, share, rate_fmt, noun, rate_available) -> str:
    counted = plural(int(count), *noun)
    if not rate_available:
        return f"{counted} ({pct(share)})"
    if rate is None or pd.isna(rate):
        return f"{counted} · rate not available"
    return f"{rate_fmt(rate)} ({counted})"


def breakdown_bars(frame: pd.DataFrame, *, x_title: str, reference: tuple[float, str] | None
                   = None, counts: bool = False, height: int | None = None,
                   presentation: bool = False, dark: bool = False) -> go.Figure:
    """Horizontal bars, one per row, top to bottom in the frame's order.

    Columns: label (category), value (bar length; missing → no bar, text still shown),
    text (shown at the bar's end), optional click ("sex=F"), optional highlight (bool:
    the selected category, drawn darker with its label in bold).
    `reference`: (value, words) drawn as a dashed vertical line, e.g. the overall rate.
    `counts`: the bars are counts, so the axis has whole-number ticks.
    """
    if frame is None or frame.empty:
        return empty_figure("Nothing to show for this selection", presentation)
    if "count" in frame and frame["count"].sum() == 0:
        return empty_figure("None in this period: nothing to break down", presentation)
    size = sizes(presentation)
    highlight = (frame["highlight"].astype(bool) if "highlight" in frame
                 else pd.Series(False, index=frame.index))
    any_highlight = bool(highlight.any())
    colours = [THIS_AREA if (h or not any_highlight) else OTHER_BARS for h in highlight]
    wrapped = ["<br>".join(textwrap.wrap(str(label), LABEL_WRAP)) for label in frame["label"]]
    labels = [f"<b>{label}</b>" if h else label for label, h in zip(wrapped, highlight)]
    values = pd.to_numeric(frame["value"], errors="coerce")
    custom = [[c] for c in frame["click"]] if "click" in frame else None
    whiskers = not counts and _has_limits(frame)
    hover = [f"{label}: {text}" for label, text in zip(frame["label"], frame["text"])]
    if whiskers and "interval" in frame:
        hover = [f"{h}<br>95% interval {i}" if isinstance(i, str) and i else h
                 for h, i in zip(hover, frame["interval"])]
    fig = Draft([dict(
        type="bar", x=values.fillna(0), y=labels, orientation="h", marker={"color": colours},
        text=None if whiskers else list(frame["text"]), textposition="outside",
        cliponaxis=False, textfont={"size": size["label"]}, customdata=custom,
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")])
    ends = values.fillna(0)
    if whiskers:
        reach = max(float(values.max()) if values.notna().any() else 0.0,
                    float(reference[0]) if reference and not pd.isna(reference[0]) else 0.0)
        ends = _add_whiskers(fig, frame, labels, values, size, dark,
                             cap=reach * WHISKER_REACH or None)
        # Each bar's words sit after its interval, where the whisker cannot cross them.
        fig.add_trace(dict(
            type="scatter", x=list(ends), y=labels, mode="text", text=list(frame["text"]),
            textposition="middle right", textfont={"size": size["label"]},
            hoverinfo="skip", showlegend=False, cliponaxis=False, customdata=custom,
            name="labels"))
    top = float(values.max()) if values.notna().any() else 0.0
    if reference is not None and not pd.isna(reference[0]):
        top = max(top, float(reference[0]))
        fig.add_shape(type="line", x0=reference[0], x1=reference[0], y0=0, y1=1, yref="paper",
                      line={"color": "#3D3D3D", "width": 2, "dash": "dash"}, layer="below")
        fig.add_annotation(x=reference[0], y=1, yref="paper", yanchor="bottom",
                           showarrow=False, text=reference[1], bgcolor="white",
                           font={"size": size["label"], "color": "#3D3D3D"})
    axis_end = _axis_end(ends, frame["text"], top, size)
    if whiskers:   # a small gap between each whisker's cap and its words
        for trace in fig.data:
            if trace.get("name") == "labels":
                trace["x"] = list(ends + axis_end * 0.012)
    x_axis = {"title_text": x_title, "range": [0, axis_end], "showgrid": True,
              "gridcolor": "#EEEEEE"}
    if counts:   # whole numbers; a tick per count when counts are small
        x_axis.update(tickformat=",d", **({"dtick": 1} if top <= 8 else {}))
    fig = apply_style(fig, presentation=presentation, dark=dark,
                      height=height or max(200, 70 + len(frame) * (size["label"] * 3)),
                      # Hovering (and so clicking) anywhere along a row picks its bar, even a
                      # very short one.
                      layout={"bargap": 0.3, "hovermode": "y",
                              "margin": {"t": size["label"] * 2 + 6 if reference else 10}},
                      xaxes=x_axis,
                      yaxes={"autorange": "reversed", "showgrid": False, "ticks": "",
                             "ticksuffix": "  "})
    return fig


def _has_limits(frame: pd.DataFrame) -> bool:
    return ("lower" in frame and "upper" in frame
            and bool(pd.to_numeric(frame["upper"], errors="coerce").notna().any()))


def _add_whiskers(fig: go.Figure, frame: pd.DataFrame, labels: list[str], values: pd.Series,
                  size: dict, dark: bool, cap: float | None = None) -> pd.Series:
    """A whisker from each bar's lower to upper 95% limit, with end caps: a dark line over a
    wider halo of the background colour, so it shows on the bar and beside it.

    A whisker reaching past `cap` (a few times the longest bar: a rate from a handful of
    children in a small group) stops there with an arrowhead, so one vague group does not
    squash every bar; its limits are in the hover and the table. Returns where each bar's
    words start (the whisker's drawn end, or the bar's end)."""
    lower = pd.to_numeric(frame["lower"], errors="coerce")
    upper = pd.to_numeric(frame["upper"], errors="coerce")
    drawn = upper.clip(upper=cap) if cap else upper
    xs, ys, symbols = [], [], []
    for lo, hi, shown, label in zip(lower, upper, drawn, labels):
        if pd.isna(lo) or pd.isna(hi):
            continue
        xs += [min(lo, shown), shown, None]
        ys += [label, label, None]
        symbols += ["line-ns", "triangle-right" if shown < hi else "line-ns", "line-ns"]
    line = size["line"] * 0.6
    halo = DARK_PAPER if dark else "white"
    colour = "white" if dark else WHISKER
    for width, tone in ((line + 2, halo), (line, colour)):
        fig.add_trace(dict(
            type="scatter", x=xs, y=ys, mode="lines+markers", hoverinfo="skip", showlegend=False,
            name="95% interval", line={"color": tone, "width": width},
            marker={"symbol": symbols, "size": size["marker"] * 1.6, "color": tone,
                    "line": {"color": tone, "width": width}}, cliponaxis=False))
    return pd.concat([values.fillna(0), drawn.fillna(0)], axis=1).max(axis=1)


def _axis_end(values: pd.Series, texts, top: float, size: dict) -> float:
    """An axis end leaving room for each bar's label after its end (estimated in pixels)."""
    end = top or 1.0
    for value, text in zip(values.fillna(0), texts):
        share = min(0.6, len(str(text)) * size["label"] * 0.55 / PLOT_WIDTH_GUESS)
        end = max(end, float(value) / (1 - share))
    return end


def period_bars(frame: pd.DataFrame, *, y_title: str, selected: date | None = None,
                height: int = 320, presentation: bool = False, dark: bool = False,
                names: tuple[str, str] | None = None) -> go.Figure:
    """Vertical bars of a count per rolling year (columns period_end, count), each labelled.

    The selected period's bar is drawn darker and its tick label marked; clicking a bar
    selects that reporting period. With a `second` column (e.g. the children behind the
    sentences) and `names` (the two series' names), each year has a second, hatched bar
    beside the first and a legend names both.
    """
    if frame is None or frame.empty:
        return empty_figure("No counts for this selection", presentation)
    size = sizes(presentation)
    frame = frame.sort_values("period_end")
    chosen = [p == selected for p in frame["period_end"]]
    ticks = [quarter_label(p).replace(" ", "<br>") for p in frame["period_end"]]
    ticks = [f"<b>{t}</b><br>selected" if c else t for t, c in zip(ticks, chosen)]
    colours = [THIS_AREA if (c or selected is None) else OTHER_BARS for c in chosen]
    custom = [[f"period={p.isoformat()}"] for p in frame["period_end"]]
    counts = [int(c) for c in frame["count"]]
    paired = names is not None and "second" in frame
    fig = Draft([dict(
        type="bar", x=ticks, y=counts, marker={"color": colours}, text=[f"{c:,}" for c in counts],
        textposition="outside", cliponaxis=False, textfont={"size": size["label"]},
        customdata=custom, name=names[0] if paired else None,
        hovertemplate=(f"{names[0]}: " if paired else "") + "%{y:,}<extra></extra>")])
    top = max(counts + [1])
    if paired:
        second = [int(c) if not pd.isna(c) else 0 for c in frame["second"]]
        fig.add_trace(dict(
            type="bar", x=ticks, y=second, name=names[1], text=[f"{c:,}" for c in second],
            textposition="outside", cliponaxis=False, textfont={"size": size["label"]},
            customdata=custom, hovertemplate=f"{names[1]}: " + "%{y:,}<extra></extra>",
            marker={"color": "white", "line": {"color": THIS_AREA, "width": 1.5},
                    "pattern": {"shape": "/", "fgcolor": THIS_AREA, "solidity": 0.35}}))
        top = max([top] + second)
    fig = apply_style(fig, presentation=presentation, dark=dark, height=height, legend=paired,
                      layout={"bargap": 0.25, "bargroupgap": 0.05,
                              "margin": {"t": size["label"] * (3 if paired else 1) + 10},
                              "hovermode": "x", "legend": {"itemclick": False,
                                                           "itemdoubleclick": False}},
                      xaxes={"title_text": "Rolling 12 months ending", "type": "category"},
                      # Whole-number ticks: one per count when counts are small, else Plotly's
                      # own steps.
                      yaxes={"title_text": y_title, "range": [0, top * 1.18], "tickformat": ",d",
                             **({"dtick": 1} if top <= 8 else {})})
    return fig
