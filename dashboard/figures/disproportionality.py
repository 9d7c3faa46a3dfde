"""Disproportionality figures: relative rate dots with intervals and words, share bars, and
the dots by area. Pure functions of rows of `queries.disproportionality.disproportionality`
(one area and period, one stage); the words are dashboard/words/disproportionality_words.py.

The `Minority ethnic` total comes first, set apart from the five groups by a rule.
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.contract.schema import MINORITY_ETHNIC, WHITE
from dashboard.figures.style import (COMPARATOR_GREYS, DARK, MARKERS, PALETTE, TEXT_COLOUR,
                                     THIS_AREA, Draft, apply_style, sizes)
from dashboard.words import text
from dashboard.words.disproportionality_words import (GROUP_ORDER, STAGE_CHILDREN, area_words,
                                                      dot_words, ordered, verdict)

DEFAULT_STAGE = "court"
SIGNIFICANCE_COLOURS = {"over": PALETTE[2], "under": PALETTE[1], "none": PALETTE[4],
                        "reference": TEXT_COLOUR}
LESS_MORE = "less likely ◀   ▶ more likely"
RULE = "#B1B4B6"  # between the minority total and the groups
TWO_LINE_ROWS = 12  # the by-area chart's labels take two lines up to this many rows


def tick_text(group: str) -> str:
    """The minority total in bold on the axis."""
    return f"<b>{group}</b>" if group == MINORITY_ETHNIC else group


def _rule_after_total(fig: Draft, rows_of_total: int) -> None:
    """A rule under the minority total's rows (the y axis is reversed categories)."""
    if rows_of_total:
        fig.add_shape(type="line", xref="paper", x0=0, x1=1, yref="y",
                      y0=rows_of_total - 0.5, y1=rows_of_total - 0.5,
                      line={"color": RULE, "width": 1})


def _log_range(rows: pd.DataFrame) -> list[float]:
    values = pd.concat([rows["rri_lower_95"], rows["relative_rate_index"],
                        rows["rri_upper_95"]]).astype("float64")
    values = values[values > 0]
    low = min([*values, 0.5]) / 1.4
    high = max([*values, 2.0]) * 1.4
    return [math.log10(low), math.log10(high)]


def _log_ticks(log_range: list[float]) -> tuple[list[float], list[str]]:
    candidates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]
    low, high = 10 ** log_range[0], 10 ** log_range[1]
    vals = [v for v in candidates if low <= v <= high]
    if len(vals) > 7:  # a wide range: 1, 5 and 10 steps only, so labels never run together
        vals = [v for v in vals if f"{v:g}".strip("0.")[:1] != "2"]
    return vals, [f"{v:g}" for v in vals]


def _dots(rows: pd.DataFrame, y, name: str, colour_of, symbol: str, highlight: str | None,
          presentation: bool) -> dict:
    size = sizes(presentation)
    plotted = rows["relative_rate_index"].astype("float64") > 0
    rri = rows["relative_rate_index"].astype("float64").where(plotted)
    upper = (rows["rri_upper_95"].astype("float64") - rri).fillna(0)
    lower = (rri - rows["rri_lower_95"].astype("float64")).fillna(0)
    faded = [bool(highlight) and g != highlight for g in rows["ethnicity"]]
    significant = rows["significance"].isin(["over", "under", "reference"])
    return dict(
        type="scatter", x=rri, y=y, mode="markers", name=name,
        error_x={"type": "data", "symmetric": False, "array": list(upper),
                 "arrayminus": list(lower), "thickness": size["line"] - 1, "width": 6,
                 "color": COMPARATOR_GREYS[0]},
        marker={"size": size["marker"] + 6, "symbol": [
                    symbol if sig else f"{symbol}-open" for sig in significant],
                "color": [colour_of(r) for _, r in rows.iterrows()],
                "line": {"width": 2, "color": [colour_of(r) for _, r in rows.iterrows()]},
                "opacity": [0.3 if f else 1 for f in faded]},
        customdata=[[f"ethnicity={g}", verdict(r).replace("<br>", " "), int(r["count"]),
                     f"{int(r['count']):,} {'child' if int(r['count']) == 1 else 'children'}"]
                    for g, (_, r) in zip(rows["ethnicity"], rows.iterrows())],
        hovertemplate="%{y}: %{customdata[1]}<br>%{customdata[3]}<extra></extra>")


def _words_column(fig: Draft, y, words: list[str], faded: list[bool],
                  presentation: bool, dark: bool) -> None:
    """The verdicts as a text column right of the plot (a hidden second x axis)."""
    ink = DARK["text"] if dark else TEXT_COLOUR
    fig.add_trace(dict(
        type="scatter", x=[0] * len(words), y=y, xaxis="x2", mode="text", text=words,
        textposition="middle right", hoverinfo="skip", showlegend=False, cliponaxis=False,
        textfont={"size": sizes(presentation)["label"],
                  "color": [COMPARATOR_GREYS[2] if f else ink for f in faded]}))


def _frame_log_axis(fig: Draft, rows: pd.DataFrame, presentation: bool,
                    split: float = 0.45) -> dict:
    """Log x axis for the dots (left), a hidden linear axis for the words (right): the
    reference line and its words added, the axes returned (layout settings applied after
    the style)."""
    log_range = _log_range(rows)
    vals, labels = _log_ticks(log_range)
    fig.add_shape(type="line", x0=1, x1=1, xref="x", y0=0, y1=1, yref="paper",
                  line={"color": TEXT_COLOUR, "width": 2, "dash": "dash"})
    fig.add_annotation(x=0, xref="x", y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=LESS_MORE, font={"size": sizes(presentation)["tick"]})
    return {"xaxis": {"type": "log", "range": log_range, "tickvals": vals, "ticktext": labels,
                      "domain": [0, split - 0.01], "showgrid": True, "gridcolor": "#EEEEEE",
                      "title": {"text": "Times as likely as White children (log scale)"}},
            "xaxis2": {"domain": [split + 0.01, 1], "range": [0, 1], "visible": False,
                       "fixedrange": True}}


def rri_figure(rows: pd.DataFrame, highlight: str | None = None, presentation: bool = False,
               dark: bool = False) -> go.Figure:
    """A dot per ethnic group at its relative rate index, with its 95% interval,
    a dashed reference line at 1 on a log scale and the significance in words beside it."""
    rows = ordered(rows)
    groups = list(rows["ethnicity"])
    fig = Draft([_dots(rows, groups, "Relative rate index",
                       lambda r: SIGNIFICANCE_COLOURS.get(r["significance"], PALETTE[4]),
                       "circle", highlight, presentation)])
    shapes = {WHITE: "diamond", MINORITY_ETHNIC: "square"}
    marker = fig.data[0]["marker"]
    marker["symbol"] = [
        shapes[g] + ("-open" if s.endswith("-open") else "") if g in shapes else s
        for g, s in zip(groups, marker["symbol"])]
    faded = [bool(highlight) and g != highlight for g in groups]
    _words_column(fig, groups, [dot_words(r, wide=presentation) for _, r in rows.iterrows()],
                  faded, presentation, dark)
    axes = _frame_log_axis(fig, rows, presentation)
    _rule_after_total(fig, groups.count(MINORITY_ETHNIC))
    return apply_style(fig, presentation, dark, layout={**axes, "margin": {"t": 34}},
                              yaxes={"autorange": "reversed", "showgrid": False,
                                     "rangemode": "normal", "ticklabelstandoff": 8,
                                     "tickmode": "array", "tickvals": groups,
                                     "ticktext": [tick_text(g) for g in groups]})


def area_rri_figure(rows: pd.DataFrame, highlight: str | None = None,
                    presentation: bool = False, dark: bool = False) -> go.Figure:
    """The relative rate dots split by area: groups on the left, an area per row beneath."""
    areas = list(dict.fromkeys(rows["area_name"]))
    rows = ordered(rows)
    order = {g: i for i, g in enumerate(GROUP_ORDER)}
    rows = rows.assign(_a=rows["area_name"].map({a: i for i, a in enumerate(areas)}),
                       _g=rows["ethnicity"].map(order)).sort_values(["_g", "_a"])
    fig = Draft()
    for i, area in enumerate(areas):
        mine = rows[rows["area_name"] == area]
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(_dots(mine, [list(mine["ethnicity"]), list(mine["area_name"])], area,
                            lambda r, c=colour: c, MARKERS[i % len(MARKERS)], highlight,
                            presentation))
    y = [list(rows["ethnicity"]), list(rows["area_name"])]
    faded = [bool(highlight) and g != highlight for g in rows["ethnicity"]]
    one_line = len(rows) > TWO_LINE_ROWS
    words = [area_words(r, one_line) for _, r in rows.iterrows()]
    _words_column(fig, y, words, faded, presentation, dark)
    axes = _frame_log_axis(fig, rows, presentation, split=0.4)
    return apply_style(fig, presentation, dark, legend=True,
                              layout={**axes, "margin": {"t": 34}, "legend": {"y": 1.06}},
                              yaxes={"autorange": "reversed", "showgrid": False,
                                     "rangemode": "normal", "showdividers": True,
                                     "dividercolor": "#DDDDDD"})


def share_figure(rows: pd.DataFrame, stage: str, highlight: str | None = None,
                 presentation: bool = False, dark: bool = False) -> go.Figure:
    """Paired bars per group: share of the children at the stage vs share of all 10-17s."""
    rows = ordered(rows)
    size = sizes(presentation)
    fig = Draft()
    custom = [[f"ethnicity={g}"] for g in rows["ethnicity"]]
    opacity = [0.35 if highlight and g != highlight else 1 for g in rows["ethnicity"]]
    stage_text = [f"{text.pct(s)} ({text.count(c)})" if not pd.isna(s) else "–"
                  for s, c in zip(rows["share_of_stage_pct"], rows["count"])]
    fig.add_trace(dict(
        type="bar", y=rows["ethnicity"], x=rows["share_of_stage_pct"], orientation="h",
        name=f"% of children {STAGE_CHILDREN[stage]} (count)",
        marker={"color": THIS_AREA, "opacity": opacity}, text=stage_text,
        textposition="outside", cliponaxis=False, customdata=custom,
        hovertemplate="%{y}: %{x:.1f}% of children at this stage<extra></extra>"))
    if rows["share_of_population_pct"].notna().any():
        fig.add_trace(dict(
            type="bar", y=rows["ethnicity"], x=rows["share_of_population_pct"], orientation="h",
            name="% of all children aged 10–17",
            marker={"color": COMPARATOR_GREYS[2], "opacity": opacity,
                    "pattern": {"shape": "/", "fgcolor": "white", "solidity": 0.3}},
            text=[text.pct(v) for v in rows["share_of_population_pct"]],
            textposition="outside", cliponaxis=False, customdata=custom,
            hovertemplate="%{y}: %{x:.1f}% of children aged 10–17<extra></extra>"))
    groups = list(rows["ethnicity"])
    fig.layout.update(barmode="group", bargap=0.3, bargroupgap=0.05,
                      uniformtext={"minsize": size["tick"] - 2},
                      yaxis={"autorange": "reversed", "tickmode": "array", "tickvals": groups,
                             "ticktext": [tick_text(g) for g in groups],
                             "ticklabelstandoff": 8},
                      xaxis={"title": {"text": "% of children"}, "ticksuffix": "%",
                             "range": [0, 118], "tickvals": [0, 20, 40, 60, 80, 100],
                             "showgrid": True})
    _rule_after_total(fig, groups.count(MINORITY_ETHNIC))
    return apply_style(fig, presentation, dark, legend=True)
