"""Overview figures: the small trend line (sparkline) on each headline card."""
from __future__ import annotations

from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.style import THIS_AREA, Draft, apply_style, sizes

SPARK_HEIGHT = {False: 90, True: 160}


def sparkline(frame: pd.DataFrame, fmt: Callable[[float], str], clickable: bool = False,
              presentation: bool = False) -> go.Figure:
    """A bare trend of `value` over `period_end`, the latest value labelled at its end.

    `frame` has columns period_end, value and label (the period in words, for hover).
    With `clickable`, each point carries 'period=YYYY-MM-DD' so a click selects that
    reporting period.
    """
    size = sizes(presentation)
    shown = frame.dropna(subset=["value"])
    fig = Draft()
    if shown.empty:
        fig.add_annotation(text="No trend to show", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper", font={"size": size["tick"]})
    else:
        latest = shown.iloc[-1]
        custom = [[f"period={d.isoformat()}"] for d in shown["period_end"]] if clickable \
            else None
        fig.add_trace(dict(
            type="scatter", x=shown["period_end"], y=shown["value"], mode="lines+markers",
            line={"color": THIS_AREA, "width": size["line"] - 1},
            marker={"size": size["marker"] - 3, "color": THIS_AREA},
            text=[f"{label}: {fmt(v)}" for label, v in zip(shown["label"], shown["value"])],
            hovertemplate="%{text}<extra></extra>", customdata=custom, showlegend=False))
        fig.add_trace(dict(
            type="scatter", x=[latest["period_end"]], y=[latest["value"]], mode="markers+text",
            marker={"size": size["marker"] + 2, "color": THIS_AREA,
                    "line": {"color": "white", "width": 2}},
            text=[fmt(latest["value"])], textposition="middle right",
            textfont={"size": size["label"], "color": THIS_AREA}, hoverinfo="skip",
            cliponaxis=False, showlegend=False))
    fig = apply_style(fig, presentation=presentation, height=SPARK_HEIGHT[bool(presentation)],
                      # Room on the right for the latest value's label.
                      layout={"margin": {"l": 4, "r": 70 if not presentation else 120, "t": 8,
                                         "b": 8},
                              "hovermode": "closest", "dragmode": False},
                      xaxes={"visible": False}, yaxes={"visible": False, "rangemode": "normal"})
    return fig


# The year before: light grey with a hatch; this year: the area's blue, solid. Colour is
# never the only cue: the legend names each year and the hatch tells them apart too.
MIX_BARS = {"before": ("#B1B4B6", "/", "#505A5F"), "now": (THIS_AREA, "", THIS_AREA)}
MIX_HEIGHT = {False: 250, True: 420}


def outcome_mix_figure(mix: pd.DataFrame, labels: dict[str, str], years: dict,
                       presentation: bool = False) -> go.Figure:
    """The mix of outcomes this year against the year before: a pair of horizontal bars per
    group (`labels`: group -> its name, in order from the top), each labelled with its share.

    `mix` has period_end, group, outcomes and share_pct for two periods; `years` names each
    period_end ('Year to March 2024')."""
    size = sizes(presentation)
    ends = sorted(mix["period_end"].unique())
    names = [labels[g] for g in labels]
    fig = Draft()
    # In time order: with the axis reversed (groups from the top) each pair reads the year
    # before, then this year, from the top.
    for end, look in zip(ends, ("before", "now")[-len(ends):]):
        colour, pattern, ink = MIX_BARS[look]
        rows = mix[mix["period_end"] == end].set_index("group").reindex(list(labels))
        shares = rows["share_pct"].astype("float64")
        fig.add_trace(dict(
            type="bar", y=names, x=shares.fillna(0), orientation="h", name=years[end],
            marker={"color": colour, "pattern": {"shape": pattern, "fgcolor": "#505A5F",
                                                 "solidity": 0.3}},
            text=[("–" if pd.isna(v) else f"{v:.1f}%") for v in shares],
            textposition="outside", cliponaxis=False,
            textfont={"size": size["label"], "color": ink},
            customdata=list(zip(rows["outcomes"].fillna(0).astype(int), [years[end]] * len(rows))),
            hovertemplate="<b>%{y}</b>, %{customdata[1]}<br>%{x:.1f}% of outcomes "
                          "(%{customdata[0]:,})<extra></extra>"))
    top = max([v for v in mix["share_pct"] if pd.notna(v)] or [100])
    fig = apply_style(fig, presentation=presentation, height=MIX_HEIGHT[bool(presentation)],
                      legend=True,
                      layout={"barmode": "group", "bargap": 0.25, "bargroupgap": 0.08,
                              "hovermode": "closest", "dragmode": False,
                              "margin": {"l": 10, "r": 20, "t": 10, "b": 10}},
                      xaxes={"visible": False, "range": [0, top * 1.25]},
                      yaxes={"autorange": "reversed", "gridcolor": "rgba(0,0,0,0)", "ticks": "",
                             "ticksuffix": "  ", "tickfont": {"size": size["tick"] + 1}})
    return fig
