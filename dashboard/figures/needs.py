"""Needs and outcomes page (the local KPIs, CONTRACT §4c, and remands, §4d): Plotly figures from
small frames. Pure functions; the words come from dashboard/words/needs_words.py.

Every figure draws a 95% interval as whiskers where it has one, labels its values in text
(hover never holds the only copy), and tells series apart by pattern or marker as well as
colour.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.contract.periods import quarter_label
from dashboard.figures.style import DARK, PALETTE, THIS_AREA, Draft, apply_style, sizes
from dashboard.words import needs_words as words
from dashboard.words.text import count, pct

RAG_COLOURS = {"green": "#00703C", "amber": "#B35C00", "red": "#D4351C", "grey": "#505A5F"}
RAG_SYMBOLS = {"green": "circle", "amber": "diamond", "red": "x", "grey": "circle-open"}
PERCENT_TICKS = [0, 25, 50, 75, 100]
# Series of the count charts: colour, fill pattern, label ink (colour is never the only cue)
SERIES = [(THIS_AREA, "", "#FFFFFF"), ("#28A197", "/", "#0B0C0C"),
          ("#BFC1C3", ".", "#0B0C0C"), ("#801650", "x", "#FFFFFF")]


def _whiskers(frame: pd.DataFrame) -> dict:
    return {"type": "data", "symmetric": False, "thickness": 2, "color": "#6F777B",
            "array": (frame["value_upper_95"] - frame["value"]).tolist(),
            "arrayminus": (frame["value"] - frame["value_lower_95"]).tolist()}


def _grid(dark: bool) -> dict:
    """Gridlines on a value axis that runs across (apply_style grids only the y axis)."""
    return {"showgrid": True, "gridcolor": DARK["grid"] if dark else "#DDDDDD"}


def _percent_axis(room: float = 0) -> dict:
    """0–100 with ticks at quarters; `room` beyond 100 for labels."""
    return {"range": [0, 100 + room], "tickvals": PERCENT_TICKS,
            "ticktext": [f"{t}%" for t in PERCENT_TICKS]}


def quarter_tick(day) -> str:
    """'Sep<br>2024': two short lines, so twelve quarters fit a half-width card."""
    return quarter_label(day).replace(" ", "<br>")


def _trend(kpi: str, trend: pd.DataFrame, present: bool, axes: dict) -> dict:
    size = sizes(present)
    shown = [words.value_text(kpi, v) for v in trend["value"]]
    return dict(
        type="scatter", x=[quarter_tick(d) for d in trend["period_end"]],
        y=trend["value"].tolist(), mode="lines+markers", name=words.KPIS[kpi].label,
        showlegend=False, line={"color": THIS_AREA, "width": size["line"]},
        marker={"color": THIS_AREA, "size": size["marker"]},
        error_y={**_whiskers(trend), "width": 4},
        customdata=list(zip([words.quarter_words(d) for d in trend["period_end"]],
                            trend["numerator"].tolist(), trend["denominator"].tolist(), shown)),
        hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[3]} (%{customdata[1]:,} of "
                       "%{customdata[2]:,})<extra></extra>"), **axes)


def _latest_label(kpi: str, trend: pd.DataFrame, present: bool) -> dict:
    """The latest quarter's value, just above its interval (hover is never the only copy)."""
    last = trend.iloc[-1]
    return {"text": words.value_text(kpi, last["value"]), "x": quarter_tick(last["period_end"]),
            "y": last["value_upper_95"], "xref": "x", "yref": "y", "yanchor": "bottom",
            "showarrow": False, "font": {"size": sizes(present)["label"], "color": THIS_AREA}}


def _quarter_ticks(trend: pd.DataFrame) -> dict:
    """Every quarter labelled when they fit; else every other one, the latest included."""
    if len(trend) <= 8:
        return {}
    return {"dtick": 2, "tick0": (len(trend) - 1) % 2}


def _by_kind(kpi: str, rows: pd.DataFrame, present: bool, axes: dict) -> list[dict]:
    size = sizes(present)
    labels = [words.KIND_LABELS[g] for g in rows["group"]]
    text = [f"{words.value_text(kpi, v)} ({count(x)} of {count(n)})"
            for v, x, n in zip(rows["value"], rows["numerator"], rows["denominator"])]
    return [dict(type="scatter", x=rows["value"].tolist(), y=labels, mode="markers",
                 showlegend=False, text=text,
                 marker={"color": THIS_AREA, "size": size["marker"] + 4, "symbol": "diamond"},
                 error_x={**_whiskers(rows), "width": 6},
                 hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>", **axes),
            # the label just beyond the interval's upper end
            dict(type="scatter", x=rows["value_upper_95"].tolist(), y=labels, mode="text",
                 text=[f"  {t}" for t in text], textposition="middle right", cliponaxis=False,
                 textfont={"size": size["label"] - 1}, showlegend=False, hoverinfo="skip",
                 **axes)]


def _heading(text: str, y: float, present: bool) -> dict:
    return {"text": text, "x": 0, "y": y, "xref": "paper", "yref": "paper",
            "xanchor": "left", "yanchor": "bottom", "showarrow": False,
            "font": {"size": sizes(present)["font"]}}


def kpi_figure(kpi: str, trend: pd.DataFrame, by_kind: pd.DataFrame, present: bool = False,
               dark: bool = False) -> go.Figure:
    """Each quarter with its interval; below it, the year by kind of intervention (the
    intervention KPIs). Built in one pass: a figure per KPI card, a dozen on the page."""
    split = kpi in words.BY_KIND and not by_kind.empty
    percent = words.KPIS[kpi].file is not None
    value_axis = _percent_axis(12) if percent else {
        "title": {"text": "Per 10,000 in the quarter"}, "rangemode": "tozero"}
    layout = {"xaxis": {"title": {"text": None if split else "Quarter ending"},
                        **_quarter_ticks(trend)},
              "yaxis": {**value_axis}, "annotations": []}
    if len(trend):
        layout["annotations"].append(_latest_label(kpi, trend, present))
    data = [_trend(kpi, trend, present, {})]
    if split:
        layout["yaxis"]["domain"] = [0.5, 0.92]
        layout["xaxis2"] = {"anchor": "y2", **_percent_axis(45), **_grid(dark)}
        layout["yaxis2"] = {"anchor": "x2", "domain": [0, 0.28], "autorange": "reversed",
                            "categoryorder": "array", "showgrid": False,
                            "categoryarray": [words.KIND_LABELS[g] for g in by_kind["group"]]}
        layout["annotations"] += [_heading("Each quarter", 0.95, present),
                                  _heading("The year, by kind of intervention", 0.32, present)]
        data += _by_kind(kpi, by_kind, present, {"xaxis": "x2", "yaxis": "y2"})
    return apply_style(Draft(data, layout), present, dark,
                       layout={"xaxis2": _grid(dark), "yaxis2": {"rangemode": "normal"}}
                       if split else None)


def summary_figure(rows: pd.DataFrame, present: bool = False, dark: bool = False) -> go.Figure:
    """The year's figure of each KPI where higher is better, with its interval; marker
    colour and shape and the label give its RAG rating."""
    size = sizes(present)
    fig = Draft()
    for status in ("green", "amber", "red", "grey"):
        part = rows[rows["rag"] == status]
        if part.empty:
            continue
        fig.add_trace(dict(
            type="scatter",
            x=part["value"], y=part["label"], mode="markers", name=status.capitalize(),
            marker={"color": RAG_COLOURS[status], "symbol": RAG_SYMBOLS[status],
                    "size": size["marker"] + 6, "line": {"width": 2,
                                                         "color": RAG_COLOURS[status]}},
            error_x={**_whiskers(part), "color": "#6F777B", "width": 6},
            customdata=list(zip(part["text"], part["rag_word"])),
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>RAG: %{customdata[1]}"
                          "<extra></extra>"))
    fig.add_trace(dict(
        type="scatter", x=rows["value_upper_95"], y=rows["label"], mode="text",
        text=[f"  {t}" for t in rows["text"]], cliponaxis=False,
        textposition="middle right", textfont={"size": size["label"]}, showlegend=False,
        hoverinfo="skip"))
    fig = apply_style(fig, present, dark,
                      xaxes=dict(**_percent_axis(55), **_grid(dark),
                                 title_text="% in the year, with its 95% interval"),
                      yaxes=dict(categoryorder="array", categoryarray=list(rows["label"]),
                                 autorange="reversed", showgrid=False))
    return fig


def _stacked(fig: go.Figure, categories, series: list[tuple[str, list]], present: bool,
             horizontal: bool) -> None:
    size = sizes(present)
    for (name, values), (colour, pattern, ink) in zip(series, SERIES):
        fig.add_trace(dict(
            type="bar",
            x=values if horizontal else categories, y=categories if horizontal else values,
            orientation="h" if horizontal else "v", name=name,
            marker={"color": colour, "line": {"color": "white", "width": 1},
                    "pattern": {"shape": pattern, "fgcolor": ink, "fgopacity": 0.35,
                                "size": 7, "solidity": 0.2}},
            text=[count(v) if v else "" for v in values], textposition="inside",
            insidetextanchor="middle", textangle=0,
            textfont={"color": ink, "size": size["label"]},
            hovertemplate=f"<b>%{{{'y' if horizontal else 'x'}}}</b><br>{name}: "
                          f"%{{{'x' if horizontal else 'y'}:,}}<extra></extra>"))


def accommodation_figure(table: pd.DataFrame, present: bool = False,
                         dark: bool = False) -> go.Figure:
    """Orders and programmes ending in the year by kind: suitable, unsuitable, not
    recorded (stacked counts)."""
    rows = table[table["kind"] != "total"]
    fig = Draft()
    _stacked(fig, list(rows["label"]), [("Suitable", list(rows["suitable"])),
                                        ("Unsuitable", list(rows["unsuitable"])),
                                        (words.NOT_RECORDED, list(rows["not_recorded"]))],
             present, horizontal=True)
    fig = apply_style(fig, present, dark, legend=True,
                      layout=dict(barmode="stack", legend_traceorder="normal"),
                      xaxes=dict(title_text="Orders and programmes ending in the year",
                                 **_grid(dark)),
                      yaxes=dict(autorange="reversed"))
    return fig


def ete_status_figure(table: pd.DataFrame, present: bool = False,
                      dark: bool = False) -> go.Figure:
    """Status at the end, all kinds together: a bar per status with its count and share."""
    size = sizes(present)
    rows = table[table["status"] != "total"]
    text = [f"{count(n)} ({pct(s)})" if s == s and s is not None else count(n)
            for n, s in zip(rows["total"], rows["share"])]
    colours = ["#BFC1C3" if status in ("not_recorded",) else
               ("#801650" if status == "neet" else THIS_AREA) for status in rows["status"]]
    fig = Draft([dict(
        type="bar", x=rows["total"], y=rows["label"], orientation="h", marker={"color": colours},
        text=text, textposition="outside", textfont={"size": size["label"]}, cliponaxis=False,
        hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>")])
    top = max(rows["total"].max() if len(rows) else 0, 1)
    fig = apply_style(fig, present, dark,
                      xaxes=dict(title_text="Orders and programmes ending in the year",
                                 **_grid(dark), range=[0, top * 1.35]),
                      yaxes=dict(autorange="reversed"))
    return fig


def remands_figure(years: pd.DataFrame, present: bool = False, dark: bool = False) -> go.Figure:
    """Nights on remand in each year shown: in youth detention and in local authority
    accommodation (stacked)."""
    labels = [f"Year to {quarter_label(d)}" for d in years["period_end"]]
    fig = Draft()
    _stacked(fig, labels, [("Youth detention accommodation", list(years["yda_nights"])),
                           ("Local authority accommodation",
                            list(years["nights"] - years["yda_nights"]))],
             present, horizontal=False)
    fig = apply_style(fig, present, dark, legend=True,
                      layout=dict(barmode="stack", legend_traceorder="normal"),
                      yaxes=dict(title_text="Nights on remand"))
    return fig


def board_figure(partners: pd.DataFrame, present: bool = False, dark: bool = False) -> go.Figure:
    """Each partner's share of the year's board meetings attended, with the count."""
    size = sizes(present)
    text = [f"{pct(v)} ({count(x)} of {count(n)})"
            for v, x, n in zip(partners["value"], partners["attended"], partners["meetings"])]
    colours = [PALETTE[4] if p == "other" else THIS_AREA for p in partners["partner"]]
    fig = Draft([dict(
        type="bar",
        x=partners["value"], y=partners["label"], orientation="h", marker={"color": colours},
        text=text, textposition="outside", cliponaxis=False,
        textfont={"size": size["label"]},
        hovertemplate="<b>%{y}</b><br>%{text}<extra></extra>")])
    fig = apply_style(fig, present, dark,
                      xaxes=dict(**_percent_axis(40), **_grid(dark),
                                 title_text="% of the year's board meetings attended"),
                      yaxes=dict(autorange="reversed"))
    return fig


def victims_figure(quarters: pd.DataFrame, present: bool = False,
                   dark: bool = False) -> go.Figure:
    """Victims contacted, agreeing to hear about restorative justice and taking part, in
    each quarter of the year (grouped bars)."""
    size = sizes(present)
    rows = quarters[quarters["period_end"].notna()]
    labels = [words.quarter_short(d) for d in rows["period_end"]]
    fig = Draft()
    for (name, column), (colour, pattern, ink) in zip(
            (("Contacted", "contacted"), ("Agreed to hear about restorative justice",
                                          "consented"), ("Took part", "engaged")), SERIES):
        fig.add_trace(dict(
            type="bar", x=labels, y=rows[column], name=name, text=[count(v) for v in rows[column]],
            textposition="outside", cliponaxis=False, textfont={"size": size["label"]},
            marker={"color": colour, "line": {"color": "white", "width": 1},
                    "pattern": {"shape": pattern, "fgcolor": ink, "fgopacity": 0.35,
                                "size": 7, "solidity": 0.2}},
            hovertemplate=f"<b>%{{x}}</b><br>{name}: %{{y:,}}<extra></extra>"))
    fig = apply_style(fig, present, dark, legend=True,
                      layout=dict(barmode="group"),
                      xaxes=dict(title_text="Quarter"),
                      yaxes=dict(title_text="Victims"))
    return fig
