"""Figures for the reoffending page: pure functions, DataFrame in, go.Figure out.

Provisional cohorts are drawn dashed with hollow markers and labelled "provisional";
complete cohorts solid with filled markers (UX.md). Cohorts under 30 children get a
diamond marker as well as words in the chart note. The binary rate carries its 95% interval
as a shaded band. Labels inside the plot are put in free space (dashboard/figures/placement.py);
the selected year and the complete/provisional boundary are marked above the plot, so
nothing is drawn over the figures.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.placement import Obstacles, PlotFrame, label_px, place
from dashboard.figures.style import (COMPARATOR_GREYS, DASHES, MARKERS, PALETTE, THIS_AREA, Draft,
                                     apply_style, sizes)
from dashboard.words.reoffending_words import cohort_short
from dashboard.words.text import count, pct

MUTED_BAR = "#A9BCCF"      # groups other than the selected one
SELECTED_BAND = "rgba(18, 67, 109, 0.08)"
INTERVAL_BAND = "rgba(18, 67, 109, 0.13)"
GREY_TEXT = "#505A5F"
INTERVAL = ("binary_rate_lower_95", "binary_rate_upper_95")
X_TITLE = "Quarterly cohort (when children were cautioned or sentenced)"
TRACKER_MONTHS = (0.6, 12.4)  # the tracker's x range


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


END_SHIFT = 12  # px between a line's last point and its label


def _end_labels(fig: go.Figure, labels: list[tuple[str, float, str, str]], y_span: float,
                size: dict) -> int:
    """Labels at the right-hand end of lines: (x, y, text, colour). Returns the right
    margin (px) they need."""
    line_height = y_span * 0.07 * size["label"] / 14  # about one line of label text
    heights = [line_height * (text.count("<br>") + 1) for _, _, text, _ in labels]
    positions = spread([y for _, y, _, _ in labels], heights)
    for (x, _, text, colour), y in zip(labels, positions):
        fig.add_annotation(x=x, y=y, text=text, showarrow=False, xanchor="left",
                           xshift=END_SHIFT, font={"color": colour, "size": size["label"]},
                           align="left")
    widths = [label_px(text, size["label"])[0] for _, _, text, _ in labels]
    return round(max(widths, default=0) + END_SHIFT + 8)


def _rows_px(size: dict) -> tuple[int, int]:
    """Heights (px) of the two rows above the plot: the provisional boundary's label, then
    the selected year's bracket and label."""
    row = round(size["tick"] * 1.35) + 4
    return row, row + 12


def cohort_trend_figure(local: pd.DataFrame, comparators: pd.DataFrame, value_column: str,
                        formatter: Callable, axis_title: str, area_label: str,
                        selected_ends: tuple[date, ...] = (), max_labels: int = 12,
                        presentation: bool = False, dark: bool = False,
                        x_title: str = X_TITLE, interval: bool = False,
                        no_comparator: str = "") -> go.Figure:
    """One value per quarterly cohort for this area, with comparators grey and dashed.

    local: cohort_end, status, cohort_size, <value_column> (and, with `interval`, the
    binary rate's binary_rate_lower_95 / binary_rate_upper_95, drawn as a shaded band).
    comparators: name, cohort_end, value (only cohorts shown in `local` are drawn).
    `no_comparator`: a label at the line ends saying why no comparator is drawn.
    Clicking a cohort selects the reporting period ending with it. At most `max_labels`
    cohorts are named on the axis (always the latest), so labels never overlap.
    """
    size = sizes(presentation)
    local = local.sort_values("cohort_end").reset_index(drop=True)
    ends = list(local["cohort_end"])
    x = [axis_label(end) for end in ends]
    position = {end: i for i, end in enumerate(ends)}
    interval = interval and all(c in local for c in INTERVAL)
    fig = Draft()
    labels, obstacles_data = [], []
    if interval:
        _interval_band(fig, local, x)
    for index, (name, series) in enumerate(comparators.groupby("name", sort=False)):
        series = series[series["cohort_end"].isin(ends)].sort_values("cohort_end")
        if series.empty:
            continue
        grey = COMPARATOR_GREYS[index % len(COMPARATOR_GREYS)]
        fig.add_trace(dict(
            type="scatter", x=[axis_label(end) for end in series["cohort_end"]], y=series["value"],
            name=name, mode="lines", line={"color": grey, "width": size["line"] - 1,
                                           "dash": DASHES[1 + index % 3]},
            hovertemplate=f"{name}<br>%{{text}}<extra></extra>",
            text=[f"{cohort_short(e)}: {formatter(v)}" for e, v in
                  zip(series["cohort_end"], series["value"])]))
        obstacles_data.append(([position[e] for e in series["cohort_end"]],
                               list(series["value"])))
        last = series.iloc[-1]
        labels.append((axis_label(last["cohort_end"]), last["value"],
                       f"{name} {formatter(last['value'])}", grey))
    _local_traces(fig, local, x, value_column, formatter, area_label, size, interval)
    labels += _local_labels(local, x, value_column, formatter, area_label)
    values = [local[value_column], comparators["value"]]
    if interval:
        values.append(local[INTERVAL[1]])
    values = pd.concat(values).dropna()
    span = float(values.max()) if len(values) and float(values.max()) > 0 else 1.0
    y_range = [0, span * 1.15]
    if no_comparator:  # two lines resting on the x axis, clear of the labels above the plot
        labels.append((x[-1], span * 0.07 * size["label"] / 14, no_comparator, GREY_TEXT))
    right = _end_labels(fig, labels, span, size)
    frame = PlotFrame.for_figure((-0.5, len(x) - 0.5), y_range, presentation)
    obstacles = _obstacles(frame, local, value_column, obstacles_data, size, interval)
    _label_latest_complete(fig, local, value_column, formatter, size, frame, obstacles)
    rows = _rows_px(size)
    _selected_year(fig, local, selected_ends, size, rows[1])
    _status_boundary(fig, local, size)
    step = -(-len(x) // max_labels)
    fig = apply_style(fig, presentation=presentation, dark=dark,
                      layout={"margin": {"r": max(right, 120), "t": rows[1] + rows[0] + 6},
                              "hovermode": "closest", "clickmode": "event"},
                      xaxes={"type": "category", "categoryorder": "array", "categoryarray": x,
                             "range": [-0.5, len(x) - 0.5], "tickvals": x[::-1][::step][::-1],
                             "title_text": x_title},
                      yaxes={"title_text": axis_title, "range": y_range,
                             "ticksuffix": "%" if formatter is pct else ""})
    return fig


def axis_label(cohort_end: date) -> str:
    """A cohort on the x axis: 'Jan–Mar' over '2024'."""
    return cohort_short(cohort_end).replace(" ", "<br>", 1)


def _interval_band(fig: go.Figure, local: pd.DataFrame, x: list[str]) -> None:
    """The 95% interval of each cohort's rate as a shaded band behind the line."""
    lower, upper = local[INTERVAL[0]], local[INTERVAL[1]]
    fig.add_trace(dict(type="scatter", x=x, y=upper, mode="lines", line={"width": 0},
                       hoverinfo="skip", showlegend=False, name="95% interval (upper)"))
    fig.add_trace(dict(type="scatter", x=x, y=lower, mode="lines", line={"width": 0},
                       hoverinfo="skip", fill="tonexty", fillcolor=INTERVAL_BAND,
                       showlegend=False, name="95% interval"))


def _obstacles(frame: PlotFrame, local: pd.DataFrame, value_column: str, comparators: list,
               size: dict, interval: bool) -> Obstacles:
    """This area's line and markers, the comparator lines and the band, in fractions."""
    xs = list(range(len(local)))
    obstacles = Obstacles()
    obstacles.lines.append(frame.polyline(xs, list(local[value_column])))
    for comp_x, comp_y in comparators:
        obstacles.lines.append(frame.polyline(comp_x, comp_y))
    for i, value in zip(xs, local[value_column]):
        if not pd.isna(value):
            obstacles.markers.append(frame.marker(i, value, size["marker"] + 6))
    if interval:
        lows, highs = local[INTERVAL[0]], local[INTERVAL[1]]
        kept = [i for i in xs if not (pd.isna(lows[i]) or pd.isna(highs[i]))]
        obstacles.bands.append(([frame.fx(i) for i in kept], [frame.fy(lows[i]) for i in kept],
                                [frame.fy(highs[i]) for i in kept]))
    return obstacles


def _selected_year(fig: go.Figure, local: pd.DataFrame, selected_ends, size: dict,
                   row_px: int) -> None:
    """Mark the selected year above the plot: a bracket over its cohorts, solid over complete
    ones and dashed over provisional ones, labelled; shade only its complete cohorts, so
    no provisional figure reads as the selection's final one."""
    chosen = [i for i, end in enumerate(local["cohort_end"]) if end in set(selected_ends)]
    if not chosen:
        return
    status = list(local["status"])
    complete = [i for i in chosen if status[i] == "complete"]
    provisional = [i for i in chosen if status[i] == "provisional"]
    if complete:
        fig.add_vrect(x0=min(complete) - 0.5, x1=max(complete) + 0.5, fillcolor=SELECTED_BAND,
                      line={"width": 0}, layer="below")
    first, last = min(chosen) - 0.45, max(chosen) + 0.45
    split = (max(complete) + 0.5) if complete and provisional else None
    pieces = ([(first, split, "solid"), (split, last, "dash")] if split is not None else
              [(first, last, "solid" if complete else "dash")])
    bracket = {"xref": "x", "yref": "paper", "ysizemode": "pixel", "yanchor": 1}
    ink = {"color": GREY_TEXT, "width": 3 if size["tick"] > 16 else 2}
    for x0, x1, dash in pieces:
        fig.add_shape(type="line", x0=x0, x1=x1, y0=row_px, y1=row_px,
                      line={**ink, "dash": dash}, **bracket)
    for end in (first, last):
        fig.add_shape(type="line", x0=end, x1=end, y0=row_px - 7, y1=row_px, line=ink,
                      **bracket)
    if not provisional:
        text = "Selected year"
    elif not complete:
        text = f"Selected year: all {len(chosen)} cohorts provisional"
    else:
        text = f"Selected year: {len(provisional)} of {len(chosen)} cohorts provisional"
    fig.add_annotation(x=(min(chosen) + max(chosen)) / 2, y=1, yref="paper", yanchor="bottom",
                       yshift=row_px + 1, text=text, showarrow=False,
                       font={"size": size["tick"], "color": GREY_TEXT})


def _status_boundary(fig: go.Figure, local: pd.DataFrame, size: dict) -> None:
    """A dotted line where complete cohorts end and provisional ones begin, labelled above
    the plot."""
    statuses = list(local["status"])
    if "provisional" not in statuses or "complete" not in statuses:
        return
    boundary = statuses.index("provisional") - 0.5
    fig.add_vline(x=boundary, line={"color": GREY_TEXT, "dash": "dot", "width": 1})
    fig.add_annotation(x=boundary, xanchor="left", y=1.0, yref="paper", yanchor="bottom",
                       text="provisional: will rise →", showarrow=False, xshift=4, yshift=2,
                       font={"size": size["tick"], "color": GREY_TEXT})


def _local_traces(fig, local, x, value_column, formatter, area_label, size,
                  interval: bool = False) -> None:
    ranges = ([f" (95% interval {pct(low)}–{pct(high)})" if not pd.isna(low) else ""
               for low, high in zip(local[INTERVAL[0]], local[INTERVAL[1]])]
              if interval else [""] * len(local))
    hover = [f"{cohort_short(row.cohort_end)} cohort ({row.status})<br>"
             f"{formatter(getattr(row, value_column))}{ranges[i]} · "
             f"{count(row.cohort_size)} children"
             for i, row in enumerate(local.itertuples())]
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
        fig.add_trace(dict(
            type="scatter", x=[x[i] for i in rows], y=local.loc[rows, value_column], name=name,
            mode="lines+markers", customdata=[custom[i] for i in rows],
            text=[hover[i] for i in rows], hovertemplate="%{text}<extra></extra>",
            line={"color": THIS_AREA, "width": size["line"], "dash": dash},
            marker={"color": THIS_AREA, "size": size["marker"] + 2,
                    "symbol": [symbols[i] for i in rows], "line": {"width": 2,
                                                                   "color": THIS_AREA}}))


def _local_labels(local, x, value_column, formatter, area_label) -> list:
    """The latest value labelled at the line end. The band is named in the chart's subtitle
    and note, not here: a third line under a low end value ran into the x axis's ticks."""
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


def _label_latest_complete(fig, local, value_column, formatter, size, frame: PlotFrame,
                           obstacles: Obstacles) -> None:
    """With provisional cohorts after it, the latest complete value gets its own label, in
    free space beside its point (a leader line joins them when it has to sit further off)."""
    complete = local[(local["status"] == "complete") & local[value_column].notna()]
    if complete.empty or not (local["status"] == "provisional").any():
        return
    index = complete.index[-1]
    value = float(local.loc[index, value_column])
    _free_label(fig, frame, obstacles, index, value,
                f"<b>{formatter(value)}</b><br>latest complete", THIS_AREA, size)


def _free_label(fig: go.Figure, frame: PlotFrame, obstacles: Obstacles, x: float, y: float,
                text: str, colour: str, size: dict) -> None:
    """A label for the point (x, y) in free space beside it; a leader line joins them when
    it has to sit further off."""
    gap = frame.size((size["marker"] + 4, size["marker"] + 4))
    spot = place(frame.fx(x), frame.fy(y), frame.size(label_px(text, size["label"])),
                 obstacles, gap)
    leader = {} if spot.near else {
        "showarrow": True, "arrowhead": 0, "arrowwidth": 1.5, "arrowcolor": colour,
        "axref": "x", "ayref": "y", "ax": frame.data_x(spot.x), "ay": frame.data_y(spot.y),
        "standoff": size["marker"] / 2 + 3}
    fig.add_annotation(
        x=x if leader else frame.data_x(spot.x), y=y if leader else frame.data_y(spot.y),
        xanchor=spot.xanchor, yanchor=spot.yanchor, text=text,
        font={"size": size["label"], "color": colour}, **({"showarrow": False} | leader))


def tracker_figure(curves: pd.DataFrame, presentation: bool = False,
                   dark: bool = False) -> go.Figure:
    """Cumulative % reoffended by months since the index outcome, one line per cohort.

    curves: cohort_end, status, cohort_size, month, pct_reoffended — observed months only,
    the chosen cohort first. Unobserved months are never drawn.
    """
    size = sizes(presentation)
    fig = Draft()
    full_lines, short_lines = [], []
    for index, end in enumerate(dict.fromkeys(curves["cohort_end"])):
        line = curves[curves["cohort_end"] == end].sort_values("month")
        provisional = line["status"].iloc[0] == "provisional"
        colour = PALETTE[index % len(PALETTE)]
        name = cohort_short(end) + (" (provisional)" if provisional else "")
        fig.add_trace(dict(
            type="scatter",
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
                 f"<b>{cohort_short(end)}</b><br>{pct(last['pct_reoffended'])}"
                 + (" provisional" if provisional else ""), colour)
        (full_lines if label[0] == 12 else short_lines).append(label)
    top = max(float(curves["pct_reoffended"].max()) if not curves.empty else 0.0, 10.0)
    right = _end_labels(fig, full_lines, top, size)
    frame = PlotFrame.for_figure(TRACKER_MONTHS, (0, top * 1.2), presentation)
    obstacles = Obstacles()
    for end in dict.fromkeys(curves["cohort_end"]):
        line = curves[curves["cohort_end"] == end].sort_values("month")
        obstacles.lines.append(frame.polyline(list(line["month"]),
                                              list(line["pct_reoffended"])))
        obstacles.markers += [frame.marker(m, v, size["marker"] + 6)
                              for m, v in zip(line["month"], line["pct_reoffended"])]
    for month, value, text, colour in short_lines:  # a line still being followed up
        _free_label(fig, frame, obstacles, month, value, text, colour, size)
    fig = apply_style(fig, presentation=presentation, dark=dark,
                      layout={"margin": {"r": max(right, 40), "t": 20}, "hovermode": "closest"},
                      xaxes={"title_text": "Months since the index outcome",
                             "range": list(TRACKER_MONTHS), "tickvals": list(range(1, 13))},
                      yaxes={"title_text": "% of cohort who had reoffended", "ticksuffix": "%",
                             "range": [0, top * 1.2]})
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
    fig = Draft([dict(
        type="bar",
        x=rates, y=groups["label"], orientation="h", text=texts, textposition="outside",
        cliponaxis=False, customdata=[[f"{filter_key}={key}"] for key in groups["key"]],
        marker={"color": colours, "line": {"color": THIS_AREA, "width": 1},
                "pattern": {"shape": ["/" if small else "" for small in groups["small_cohort"]],
                            "fgcolor": "white", "size": 8}},
        hovertemplate="%{y}: %{text}<extra>click to filter</extra>",
        textfont={"size": size["label"]})])
    top = max(float(rates.max()) if not rates.empty else 0, overall or 0, 10.0)
    if overall is not None and not pd.isna(overall):
        fig.add_vline(x=overall, line={"color": GREY_TEXT, "dash": "dash", "width": 2},
                      layer="below")
        fig.add_annotation(x=overall, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                           text=f"All children {pct(overall)}", xanchor="left", xshift=4,
                           font={"size": size["tick"], "color": GREY_TEXT})
    ticks = [v for v in range(0, 101, 20 if top > 40 else 10) if v <= top]
    fig = apply_style(fig, presentation=presentation, dark=dark,
                      layout={"margin": {"t": 28, "r": 20}, "bargap": 0.35, "clickmode": "event"},
                      xaxes={"title_text": "% who reoffended within a year", "showgrid": True,
                             "range": [0, top / _room_for_labels(texts, presentation)],
                             "gridcolor": "#DDDDDD", "tickvals": ticks,
                             "ticktext": [f"{v}%" for v in ticks]},
                      yaxes={"autorange": "reversed", "showgrid": False})
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
    fig = Draft([dict(
        type="bar", x=buckets["bucket"], y=buckets["children"], text=texts, textposition="outside",
        cliponaxis=False, marker={"color": colours, "line": {"color": THIS_AREA, "width": 1}},
        textfont={"size": size["label"]},
        hovertemplate="%{x} reoffences: %{text}<extra></extra>")])
    top = max(int(buckets["children"].max()) if not buckets.empty else 0, 1)
    fig = apply_style(fig, presentation=presentation, dark=dark,
                      layout={"margin": {"t": 20}, "bargap": 0.3},
                      xaxes={"title_text": "Proven reoffences per child who reoffended",
                             "type": "category"},
                      yaxes={"title_text": "Children", "range": [0, top * 1.35]})
    return fig
