"""Overview figures: the small trend line (sparkline) on each headline card."""
from __future__ import annotations

from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.style import THIS_AREA, apply_style, sizes

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
    fig = go.Figure()
    if shown.empty:
        fig.add_annotation(text="No trend to show", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper", font={"size": size["tick"]})
    else:
        latest = shown.iloc[-1]
        custom = [[f"period={d.isoformat()}"] for d in shown["period_end"]] if clickable \
            else None
        fig.add_trace(go.Scatter(
            x=shown["period_end"], y=shown["value"], mode="lines+markers",
            line={"color": THIS_AREA, "width": size["line"] - 1},
            marker={"size": size["marker"] - 3, "color": THIS_AREA},
            text=[f"{label}: {fmt(v)}" for label, v in zip(shown["label"], shown["value"])],
            hovertemplate="%{text}<extra></extra>", customdata=custom, showlegend=False))
        fig.add_trace(go.Scatter(
            x=[latest["period_end"]], y=[latest["value"]], mode="markers+text",
            marker={"size": size["marker"] + 2, "color": THIS_AREA,
                    "line": {"color": "white", "width": 2}},
            text=[fmt(latest["value"])], textposition="middle right",
            textfont={"size": size["label"], "color": THIS_AREA}, hoverinfo="skip",
            cliponaxis=False, showlegend=False))
    apply_style(fig, presentation=presentation, height=SPARK_HEIGHT[bool(presentation)])
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, rangemode="normal")
    # Room on the right for the latest value's label.
    fig.update_layout(margin={"l": 4, "r": 70 if not presentation else 120, "t": 8, "b": 8},
                      hovermode="closest", dragmode=False)
    return fig
