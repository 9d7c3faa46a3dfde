"""Figures for the reoffending page: pure functions, DataFrame in, go.Figure out.

Provisional cohorts are drawn dashed with hollow markers and labelled "provisional";
complete cohorts solid with filled markers (UX.md). Cohorts under 30 children get a
diamond marker as well as words in the chart note.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.words.reoffending_words import cohort_short
from dashboard.figures.style import (COMPARATOR_GREYS, DASHES, MARKERS, PALETTE, THIS_AREA,
                                     apply_style, sizes)
from dashboard.words.text import count, pct

MUTED_BAR = "#A9BCCF"      # groups other than the selected one
SELECTED_BAND = "rgba(18, 67, 109, 0.07)"
GREY_TEXT = "#505A5F"


def spread(values: list[float], heights: list[float]) -> list[float]:
    """Nudge label centres apart (keeping their order) so labels of the given heights
    never overlap; heights are in the units of the values."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = list(values)
    for previous, current in zip(order, order[1:]):
        room = (heights[previous] + heights[current]) / 2
        placed[current] = max(placed[current], placed[previous] + room)
    return placed


def _symbol(status: str, small: bool) -> str:
    base = "diamond" if small else "circle"
    return base + ("-open" if status == "provisional" else "")


def _end_labels(fig: go.Figure, labels: list[tuple[str, float, str, str]], y_span: float,
                size: dict) -> None:
    """Labels at the right-hand end of lines: (x, y, text, colour)."""
    line_height = y_span * 0.07 * size["label"] / 14  # about one line of label text
    heights = [line_height * (text.count("<br>") + 1) for _, _, text, _ in labels]
    positions = spread([y for _, y, _, _ in labels], heights)
    for (x, _, text, colour), y in zip(labels, positions):
        fig.add_annotation(x=x, y=y, text=text, showarrow=False, xanchor="left", xshift=12,
                           font={"color": colour, "size": size["label"]}, align="left")


def cohort_trend_figure(local: pd.DataFrame, comparators: pd.DataFrame, value_column: str,
                        formatter: Callable, axis_title: str, area_label: str,
                        selected_ends: tuple[date, ...] = (), max_labels: int = 12,
                        presentation: bool = False, dark: bool = False) -> go.Figure:
    """One value per quarterly cohort for this area, with comparators grey and dashed.

    local: cohort_end, status, cohort_size, <value_column>.
    comparators: name, cohort_end, value (only cohorts shown in `local` are drawn).
    Clicking a cohort selects the reporting period ending with it. At most `max_labels`
    cohorts are named on the axis (always the latest), so labels never overlap.
    """
    size = sizes(presentation)
    local = local.sort_values("cohort_end").reset_index(drop=True)
    ends = list(local["cohort_end"])
    x = [axis_label(end) for end in ends]
    fig = go.Figure()
    _selected_band(fig, ends, selected_ends, size)
    labels = []
    for index, (name, series) in enumerate(comparators.groupby("name", sort=False)):
        series = series[series["cohort_end"].isin(ends)].sort_values("cohort_end")
        if series.empty:
            continue
        grey = COMPARATOR_GREYS[index % len(COMPARATOR_GREYS)]
        fig.add_trace(go.Scatter(
            x=[axis_label(end) for end in series["cohort_end"]], y=series["value"],
            name=name, mode="lines", line={"color": grey, "width": size["line"] - 1,
                                           "dash": DASHES[1 + index % 3]},
            hovertemplate=f"{name}<br>%{{text}}<extra></extra>",
            text=[f"{cohort_short(e)}: {formatter(v)}" for e, v in
                  zip(series["cohort_end"], series["value"])]))
        last = series.iloc[-1]
        labels.append((axis_label(last["cohort_end"]), last["value"],
                       f"{name} {formatter(last['value'])}", grey))
    _local_traces(fig, local, x, value_column, formatter, area_label, size)
    labels += _local_labels(local, x, value_column, formatter, area_label)
    values = pd.concat([local[value_column], comparators["value"]]).dropna()
    span = float(values.max()) if not values.empty else 1.0
    _end_labels(fig, labels, span, size)
    _label_latest_complete(fig, local, value_column, formatter, size)
    _status_boundary(fig, local, size)
    apply_style(fig, presentation=presentation, dark=dark)
    fig.update_layout(margin={"r": 260 if presentation else 190, "t": 30},
                      hovermode="closest", clickmode="event")
    step = -(-len(x) // max_labels)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x,
                     tickvals=x[::-1][::step][::-1],
                     title_text="Quarterly cohort (when children were cautioned or sentenced)")
    fig.update_yaxes(title_text=axis_title, range=[0, span * 1.15],
                     ticksuffix="%" if formatter is pct else "")
    return fig


def axis_label(cohort_end: date) -> str:
    """A cohort on the x axis: 'Jan–Mar' over '2024'."""
    return cohort_short(cohort_end).replace(" ", "<br>", 1)


def _selected_band(fig: go.Figure, ends: list[date], selected_ends, size: dict) -> None:
    """Shade the cohorts of the selected year, labelled at the foot of the band."""
    chosen = [i for i, end in enumerate(ends) if end in set(selected_ends)]
    if not chosen:
        return
    fig.add_vrect(x0=min(chosen) - 0.5, x1=max(chosen) + 0.5, fillcolor=SELECTED_BAND,
                  line_width=0, layer="below")
    fig.add_annotation(x=(min(chosen) + max(chosen)) / 2, y=0, yref="paper", yanchor="bottom",
                       text="Selected year", showarrow=False, yshift=4,
                       font={"size": size["tick"], "color": GREY_TEXT})


def _status_boundary(fig: go.Figure, local: pd.DataFrame, size: dict) -> None:
    """A dotted line where complete cohorts end and provisional ones begin."""
    statuses = list(local["status"])
    if "provisional" not in statuses or "complete" not in statuses:
        return
    boundary = statuses.index("provisional") - 0.5
    fig.add_vline(x=boundary, line={"color": GREY_TEXT, "dash": "dot", "width": 1})
    fig.add_annotation(x=boundary, xanchor="left", y=1.0, yref="paper", yanchor="bottom",
                       text="provisional: will rise →", showarrow=False, xshift=4,
                       font={"size": size["tick"], "color": GREY_TEXT})


def _local_traces(fig, local, x, value_column, formatter, area_label, size) -> None:
    hover = [f"{cohort_short(row.cohort_end)} cohort ({row.status})<br>"
             f"{formatter(getattr(row, value_column))} · {count(row.cohort_size)} children"
             for row in local.itertuples()]
    custom = [[f"period={row.cohort_end.isoformat()}", row.status]
              for row in local.itertuples()]
    symbols = [_symbol(row.status, row.cohort_size < 30) for row in local.itertuples()]
    complete = local.index[local["status"] == "complete"].tolist()
    provisional = local.index[local["status"] == "provisional"].tolist()
    if provisional and complete:  # join the dashed part to the last complete cohort
        provisional = [complete[-1]] + provisional
    for rows, dash, name in ((complete, "solid", area_label),
                             (provisional, "dash", f"{area_label} (provisional)")):
        if not rows:
            continue
        fig.add_trace(go.Scatter(
            x=[x[i] for i in rows], y=local.loc[rows, value_column], name=name,
            mode="lines+markers", customdata=[custom[i] for i in rows],
            text=[hover[i] for i in rows], hovertemplate="%{text}<extra></extra>",
            line={"color": THIS_AREA, "width": size["line"], "dash": dash},
            marker={"color": THIS_AREA, "size": size["marker"] + 2,
                    "symbol": [symbols[i] for i in rows], "line": {"width": 2,
                                                                   "color": THIS_AREA}}))


def _local_labels(local, x, value_column, formatter, area_label) -> list:
    """The latest value labelled at the line end; the latest complete one labelled too."""
    labels = []
    valued = local[local[value_column].notna()]
    if valued.empty:
        return labels
    last = valued.index[-1]
    suffix = " provisional" if valued.loc[last, "status"] == "provisional" else ""
    labels.append((x[last], valued.loc[last, value_column],
                   f"<b>{area_label}</b><br><b>{formatter(valued.loc[last, value_column])}"
                   f"</b>{suffix}", THIS_AREA))
    return labels


def _label_latest_complete(fig, local, value_column, formatter, size) -> None:
    """With provisional cohorts after it, the latest complete value gets its own label."""
    complete = local[(local["status"] == "complete") & local[value_column].notna()]
    if complete.empty or not (local["status"] == "provisional").any():
        return
    row = complete.iloc[-1]
    fig.add_annotation(x=axis_label(row["cohort_end"]), y=row[value_column],
                       text=f"<b>{formatter(row[value_column])}</b><br>latest complete",
                       showarrow=True, arrowhead=0, ay=-42, ax=0,
                       font={"size": size["label"], "color": THIS_AREA},
                       bgcolor="rgba(255,255,255,0.85)")


def tracker_figure(curves: pd.DataFrame, presentation: bool = False,
                   dark: bool = False) -> go.Figure:
    """Cumulative % reoffended by months since the index outcome, one line per cohort.

    curves: cohort_end, status, cohort_size, month, pct_reoffended — observed months only,
    the chosen cohort first. Unobserved months are never drawn.
    """
    size = sizes(presentation)
    fig = go.Figure()
    full_lines, short_lines = [], []
    for index, end in enumerate(dict.fromkeys(curves["cohort_end"])):
        line = curves[curves["cohort_end"] == end].sort_values("month")
        provisional = line["status"].iloc[0] == "provisional"
        colour = PALETTE[index % len(PALETTE)]
        name = cohort_short(end) + (" (provisional)" if provisional else "")
        fig.add_trace(go.Scatter(
            x=line["month"], y=line["pct_reoffended"], name=name, mode="lines+markers",
            line={"color": colour, "width": size["line"] + (1 if index == 0 else 0),
                  "dash": "dash" if provisional else "solid"},
            marker={"symbol": MARKERS[index % len(MARKERS)] + ("-open" if provisional else ""),
                    "size": size["marker"] + 2, "color": colour,
                    "line": {"width": 2, "color": colour}},
            customdata=[[f"period={end.isoformat()}"]] * len(line),
            hovertemplate=f"{name}<br>%{{y:.1f}}% within %{{x}} months<extra></extra>"))
        last = line.iloc[-1]
        label = (int(last["month"]), float(last["pct_reoffended"]),
                 f"<b>{cohort_short(end)}</b> {pct(last['pct_reoffended'])}"
                 + (" provisional" if provisional else ""), colour)
        (full_lines if label[0] == 12 else short_lines).append(label)
    top = max(float(curves["pct_reoffended"].max()) if not curves.empty else 0.0, 10.0)
    _end_labels(fig, full_lines, top, size)
    for month, value, text, colour in short_lines:  # a line still being followed up
        fig.add_annotation(x=month, y=value, text=text, showarrow=True, arrowhead=0,
                           arrowcolor=colour, ax=36, ay=-34, xanchor="left",
                           bgcolor="rgba(255,255,255,0.9)",
                           font={"color": colour, "size": size["label"]})
    apply_style(fig, presentation=presentation, dark=dark)
    fig.update_layout(margin={"r": 280 if presentation else 200, "t": 20}, hovermode="closest")
    fig.update_xaxes(title_text="Months since the index outcome", range=[0.6, 12.4],
                     tickvals=list(range(1, 13)))
    fig.update_yaxes(title_text="% of cohort who had reoffended", ticksuffix="%",
                     range=[0, top * 1.2])
    return fig


def breakdown_figure(groups: pd.DataFrame, filter_key: str, selected: str | None = None,
                     overall: float | None = None, presentation: bool = False,
                     dark: bool = False) -> go.Figure:
    """% who reoffended per group, counts labelled, small groups hatched and worded.

    groups: key, label, cohort_size, reoffenders, binary_rate_pct, small_cohort (in the
    order to show, top first). Clicking a bar filters the page to that group.
    """
    size = sizes(presentation)
    rates = groups["binary_rate_pct"].fillna(0)
    if selected not in set(groups["key"]):
        selected = None
    texts = []
    for row in groups.itertuples():
        text = f"{pct(row.binary_rate_pct)} · {count(row.reoffenders)} of {count(row.cohort_size)}"
        if row.small_cohort:
            text += " · small number"
        if selected and row.key == selected:
            text += " · selected"
        texts.append(text)
    colours = [THIS_AREA if not selected or row.key == selected else MUTED_BAR
               for row in groups.itertuples()]
    fig = go.Figure(go.Bar(
        x=rates, y=groups["label"], orientation="h", text=texts, textposition="outside",
        cliponaxis=False, customdata=[[f"{filter_key}={key}"] for key in groups["key"]],
        marker={"color": colours, "line": {"color": THIS_AREA, "width": 1},
                "pattern": {"shape": ["/" if small else "" for small in groups["small_cohort"]],
                            "fgcolor": "white", "size": 8}},
        hovertemplate="%{y}: %{text}<extra>click to filter</extra>",
        textfont={"size": size["label"]}))
    top = max(float(rates.max()) if not rates.empty else 0, overall or 0, 10.0)
    if overall is not None and not pd.isna(overall):
        fig.add_vline(x=overall, line={"color": GREY_TEXT, "dash": "dash", "width": 2},
                      layer="below")
        fig.add_annotation(x=overall, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                           text=f"All children {pct(overall)}", xanchor="left", xshift=4,
                           font={"size": size["tick"], "color": GREY_TEXT})
    apply_style(fig, presentation=presentation, dark=dark)
    fig.update_layout(margin={"t": 28, "r": 20}, bargap=0.35, clickmode="event")
    ticks = [v for v in range(0, 101, 20 if top > 40 else 10) if v <= top]
    fig.update_xaxes(title_text="% who reoffended within a year", showgrid=True,
                     range=[0, top / _room_for_labels(texts, presentation)], gridcolor="#DDDDDD",
                     tickvals=ticks, ticktext=[f"{v}%" for v in ticks])
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return fig


def _room_for_labels(texts: list[str], presentation: bool) -> float:
    """The share of the axis the longest bar may use, leaving room for its outside label
    (a chart roughly 480 px wide, about 7.5 px a character)."""
    longest = max((len(text) for text in texts), default=0)
    per_char = 13 if presentation else 7.5
    return max(0.35, 1 - longest * per_char / 480)


BUCKETS = (("1", 1, 1), ("2", 2, 2), ("3–4", 3, 4), ("5 or more", 5, None))


def concentration_buckets(counts: pd.DataFrame) -> pd.DataFrame:
    """Children by number of reoffences (1, 2, 3–4, 5 or more) and their share of all."""
    total = int((counts["reoffences"] * counts["children"]).sum()) if not counts.empty else 0
    rows = []
    for label, low, high in BUCKETS:
        within = counts[(counts["reoffences"] >= low) &
                        ((counts["reoffences"] <= high) if high else True)]
        reoffences = int((within["reoffences"] * within["children"]).sum())
        rows.append({"bucket": label, "children": int(within["children"].sum()),
                     "reoffences": reoffences,
                     "share_pct": reoffences / total * 100 if total else None})
    return pd.DataFrame(rows)


def concentration_figure(buckets: pd.DataFrame, presentation: bool = False,
                         dark: bool = False) -> go.Figure:
    """How many children had 1, 2, 3–4 or 5+ reoffences, labelled with their share."""
    size = sizes(presentation)
    texts = [f"{count(row.children)} {'child' if row.children == 1 else 'children'}<br>"
             f"{pct(row.share_pct)} of reoffences" for row in buckets.itertuples()]
    colours = [THIS_AREA if label == BUCKETS[-1][0] else MUTED_BAR for label in buckets["bucket"]]
    fig = go.Figure(go.Bar(
        x=buckets["bucket"], y=buckets["children"], text=texts, textposition="outside",
        cliponaxis=False, marker={"color": colours, "line": {"color": THIS_AREA, "width": 1}},
        textfont={"size": size["label"]},
        hovertemplate="%{x} reoffences: %{text}<extra></extra>"))
    top = max(int(buckets["children"].max()) if not buckets.empty else 0, 1)
    apply_style(fig, presentation=presentation, dark=dark)
    fig.update_layout(margin={"t": 20}, bargap=0.3)
    fig.update_xaxes(title_text="Proven reoffences per child who reoffended", type="category")
    fig.update_yaxes(title_text="Children", range=[0, top * 1.35])
    return fig
