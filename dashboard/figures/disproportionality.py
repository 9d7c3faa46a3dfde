"""Disproportionality page: relative rate dots, share bars, titles and sentences.

Frames are rows of `queries.disproportionality.disproportionality` (one area and period,
one or all stages): ethnicity, count, relative_rate_index, rri_lower_95, rri_upper_95,
share_of_stage_pct, share_of_population_pct, significance (+ stage, area_name).
"""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.words import text
from dashboard.figures.style import (COMPARATOR_GREYS, DARK, MARKERS, PALETTE, TEXT_COLOUR,
                                     THIS_AREA, apply_style, sizes)
from dashboard.contract.periods import period_words
from dashboard.contract.schema import ETHNIC_GROUPS, WHITE

DEFAULT_STAGE = "court"
STAGE_TO = {  # "… times as likely as White children <to …>"
    "fte": "to enter the justice system",
    "cautioned_or_sentenced": "to be cautioned or sentenced",
    "out_of_court": "to be given a youth caution",
    "court": "to be sentenced at court",
    "custody": "to be sentenced to custody",
}
STAGE_SHORT = {  # for titles
    "fte": "entering the system",
    "cautioned_or_sentenced": "cautioned or sentenced",
    "out_of_court": "cautioned out of court",
    "court": "at court",
    "custody": "in custody",
}
STAGE_CHILDREN = {  # "children <…>"
    "fte": "entering the justice system",
    "cautioned_or_sentenced": "cautioned or sentenced",
    "out_of_court": "given a youth caution",
    "court": "sentenced at court",
    "custody": "sentenced to custody",
}
SIGNIFICANCE_COLOURS = {"over": PALETTE[2], "under": PALETTE[1], "none": PALETTE[4],
                        "reference": TEXT_COLOUR}
LESS_MORE = "less likely ◀   ▶ more likely"


def group_noun(group: str, capital: bool = True) -> str:
    """'Black children', 'Children of other ethnicities' for Other."""
    noun = {"Mixed": "Mixed ethnicity children",
            "Other": "children of other ethnicities"}.get(group, f"{group} children")
    return noun[:1].upper() + noun[1:] if capital else noun


def times(rri: float) -> str:
    """'2.9 times'; two decimals under 1 so small values don't read as 0.0."""
    return f"{rri:.1f} times" if rri >= 0.995 else f"{rri:.2f} times"


def children_words(count: int) -> str:
    """'4 children' or, for small numbers, 'based on 4 children — treat with caution'."""
    noun = "child" if count == 1 else "children"
    return text.small_number_note(count, noun) or f"{text.count(count)} {noun}"


def verdict(row) -> str:
    """The significance of one group's relative rate, in words."""
    if row["ethnicity"] == WHITE:
        return "reference group"
    if row["count"] == 0:
        return "no children at this stage"
    rri = row["relative_rate_index"]
    if pd.isna(rri):
        return "no comparison possible"
    words = {"over": "significantly over-represented",
             "under": "significantly under-represented"}.get(row["significance"],
                                                            "not significantly different")
    return f"{times(rri)} as likely — {words}"


def dot_words(row) -> str:
    """Two lines beside a dot: the verdict, then the children it rests on."""
    if row["count"] == 0 and row["ethnicity"] != WHITE:
        return verdict(row)
    return f"{verdict(row)}<br>{children_words(int(row['count']))}"


def area_words(row) -> str:
    """One line beside a dot in the by-area chart."""
    n = int(row["count"])
    kids = f"{text.count(n)} {'child' if n == 1 else 'children'}"
    kids += ", treat with caution" if text.small_number_note(n) else ""
    if row["ethnicity"] == WHITE:
        return f"reference group · {kids}"
    if n == 0 or pd.isna(row["relative_rate_index"]):
        return verdict(row)
    short = {"over": "significantly higher", "under": "significantly lower"}.get(
        row["significance"], "not significant")
    return f"{times(row['relative_rate_index'])} as likely — {short} · {kids}"


def _count_note(count: int) -> str:
    """' (4 children)' after a title resting on few children, else ''."""
    if not text.small_number_note(count):
        return ""
    return f" ({text.count(count)} {'child' if count == 1 else 'children'})"


def known_groups(rows: pd.DataFrame) -> pd.DataFrame:
    order = {g: i for i, g in enumerate(ETHNIC_GROUPS)}
    known = rows[rows["ethnicity"].isin(ETHNIC_GROUPS)]
    return known.assign(_o=known["ethnicity"].map(order)).sort_values("_o").drop(columns="_o")


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
    return vals, [f"{v:g}" for v in vals]


def _dots(rows: pd.DataFrame, y, name: str, colour_of, symbol: str, highlight: str | None,
          presentation: bool) -> go.Scatter:
    size = sizes(presentation)
    plotted = rows["relative_rate_index"].astype("float64") > 0
    rri = rows["relative_rate_index"].astype("float64").where(plotted)
    upper = (rows["rri_upper_95"].astype("float64") - rri).fillna(0)
    lower = (rri - rows["rri_lower_95"].astype("float64")).fillna(0)
    faded = [bool(highlight) and g != highlight for g in rows["ethnicity"]]
    significant = rows["significance"].isin(["over", "under", "reference"])
    return go.Scatter(
        x=rri, y=y, mode="markers", name=name,
        error_x={"type": "data", "symmetric": False, "array": list(upper),
                 "arrayminus": list(lower), "thickness": size["line"] - 1, "width": 6,
                 "color": COMPARATOR_GREYS[0]},
        marker={"size": size["marker"] + 6, "symbol": [
                    symbol if sig else f"{symbol}-open" for sig in significant],
                "color": [colour_of(r) for _, r in rows.iterrows()],
                "line": {"width": 2, "color": [colour_of(r) for _, r in rows.iterrows()]},
                "opacity": [0.3 if f else 1 for f in faded]},
        customdata=[[f"ethnicity={g}", verdict(r).replace("<br>", " "), int(r["count"])]
                    for g, (_, r) in zip(rows["ethnicity"], rows.iterrows())],
        hovertemplate="%{customdata[1]}<br>%{customdata[2]:,} children<extra></extra>")


def _words_column(fig: go.Figure, y, words: list[str], faded: list[bool],
                  presentation: bool, dark: bool) -> None:
    """The verdicts as a text column right of the plot (a hidden second x axis)."""
    ink = DARK["text"] if dark else TEXT_COLOUR
    fig.add_trace(go.Scatter(
        x=[0] * len(words), y=y, xaxis="x2", mode="text", text=words,
        textposition="middle right", hoverinfo="skip", showlegend=False,
        textfont={"size": sizes(presentation)["label"],
                  "color": [COMPARATOR_GREYS[2] if f else ink for f in faded]}))


def _frame_log_axis(fig: go.Figure, rows: pd.DataFrame, presentation: bool,
                    split: float = 0.57) -> None:
    """Log x axis for the dots (left), a hidden linear axis for the words (right)."""
    log_range = _log_range(rows)
    vals, labels = _log_ticks(log_range)
    fig.layout.xaxis.update(type="log", range=log_range, tickvals=vals, ticktext=labels,
                            domain=[0, split - 0.01], showgrid=True, gridcolor="#EEEEEE",
                            title_text="Times as likely as White children (log scale)")
    fig.layout.xaxis2 = {"domain": [split + 0.01, 1], "range": [0, 1], "visible": False,
                         "fixedrange": True}
    fig.add_shape(type="line", x0=1, x1=1, xref="x", y0=0, y1=1, yref="paper",
                  line={"color": TEXT_COLOUR, "width": 2, "dash": "dash"})
    fig.add_annotation(x=0, xref="x", y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=LESS_MORE, font={"size": sizes(presentation)["tick"]})


def rri_figure(rows: pd.DataFrame, highlight: str | None = None, presentation: bool = False,
               dark: bool = False) -> go.Figure:
    """A dot per ethnic group at its relative rate index, with its 95% interval,
    a dashed reference line at 1 on a log scale and the significance in words beside it."""
    rows = known_groups(rows)
    fig = go.Figure(_dots(rows, list(rows["ethnicity"]), "Relative rate index",
                          lambda r: SIGNIFICANCE_COLOURS.get(r["significance"], PALETTE[4]),
                          "circle", highlight, presentation))
    fig.data[0].marker.symbol = ["diamond" if g == WHITE else s for g, s in
                                 zip(rows["ethnicity"], fig.data[0].marker.symbol)]
    faded = [bool(highlight) and g != highlight for g in rows["ethnicity"]]
    _words_column(fig, list(rows["ethnicity"]), [dot_words(r) for _, r in rows.iterrows()],
                  faded, presentation, dark)
    apply_style(fig, presentation, dark)
    _frame_log_axis(fig, rows, presentation)
    fig.update_yaxes(autorange="reversed", showgrid=False, rangemode="normal",
                     ticklabelstandoff=8)
    fig.update_layout(margin={"t": 34})
    return fig


def area_rri_figure(rows: pd.DataFrame, highlight: str | None = None,
                    presentation: bool = False, dark: bool = False) -> go.Figure:
    """The relative rate dots split by area: groups on the left, an area per row beneath."""
    areas = list(dict.fromkeys(rows["area_name"]))
    rows = known_groups(rows)
    order = {g: i for i, g in enumerate(ETHNIC_GROUPS)}
    rows = rows.assign(_a=rows["area_name"].map({a: i for i, a in enumerate(areas)}),
                       _g=rows["ethnicity"].map(order)).sort_values(["_g", "_a"])
    fig = go.Figure()
    for i, area in enumerate(areas):
        mine = rows[rows["area_name"] == area]
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(_dots(mine, [list(mine["ethnicity"]), list(mine["area_name"])], area,
                            lambda r, c=colour: c, MARKERS[i % len(MARKERS)], highlight,
                            presentation))
    y = [list(rows["ethnicity"]), list(rows["area_name"])]
    faded = [bool(highlight) and g != highlight for g in rows["ethnicity"]]
    words = [area_words(r) for _, r in rows.iterrows()]
    _words_column(fig, y, words, faded, presentation, dark)
    apply_style(fig, presentation, dark, legend=True)
    _frame_log_axis(fig, rows, presentation, split=0.5)
    fig.update_yaxes(autorange="reversed", showgrid=False, rangemode="normal",
                     showdividers=True, dividercolor="#DDDDDD")
    fig.update_layout(margin={"t": 34}, legend={"y": 1.06})
    return fig


def share_figure(rows: pd.DataFrame, stage: str, highlight: str | None = None,
                 presentation: bool = False, dark: bool = False) -> go.Figure:
    """Paired bars per group: share of the children at the stage vs share of all 10-17s."""
    rows = known_groups(rows)
    size = sizes(presentation)
    fig = go.Figure()
    custom = [[f"ethnicity={g}"] for g in rows["ethnicity"]]
    opacity = [0.35 if highlight and g != highlight else 1 for g in rows["ethnicity"]]
    stage_text = [f"{text.pct(s)} ({text.count(c)})" if not pd.isna(s) else "–"
                  for s, c in zip(rows["share_of_stage_pct"], rows["count"])]
    fig.add_trace(go.Bar(
        y=rows["ethnicity"], x=rows["share_of_stage_pct"], orientation="h",
        name=f"% of children {STAGE_CHILDREN[stage]} (count)",
        marker={"color": THIS_AREA, "opacity": opacity}, text=stage_text,
        textposition="outside", cliponaxis=False, customdata=custom,
        hovertemplate="%{y}: %{x:.1f}% of children at this stage<extra></extra>"))
    if rows["share_of_population_pct"].notna().any():
        fig.add_trace(go.Bar(
            y=rows["ethnicity"], x=rows["share_of_population_pct"], orientation="h",
            name="% of all children aged 10–17",
            marker={"color": COMPARATOR_GREYS[2], "opacity": opacity,
                    "pattern": {"shape": "/", "fgcolor": "white", "solidity": 0.3}},
            text=[text.pct(v) for v in rows["share_of_population_pct"]],
            textposition="outside", cliponaxis=False, customdata=custom,
            hovertemplate="%{y}: %{x:.1f}% of children aged 10–17<extra></extra>"))
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.05,
                      uniformtext={"minsize": size["tick"] - 2})
    fig.update_yaxes(autorange="reversed", title_text=None)
    fig.update_xaxes(title_text="% of children", ticksuffix="%", range=[0, 118],
                     tickvals=[0, 20, 40, 60, 80, 100], showgrid=True)
    return apply_style(fig, presentation, dark, legend=True)


# --- titles and sentences -----------------------------------------------------------


def largest_over(rows: pd.DataFrame) -> pd.Series | None:
    """The significantly over-represented row with the largest relative rate index."""
    over = rows[rows["significance"] == "over"]
    if over.empty:
        return None
    return over.loc[over["relative_rate_index"].astype("float64").idxmax()]


def rri_title(rows: pd.DataFrame, stage: str) -> str:
    if not comparable(rows):
        return "No comparison with White children is possible here"
    top = largest_over(rows)
    if top is None:
        return f"No group significantly over-represented {STAGE_SHORT[stage]}"
    return (f"{group_noun(top['ethnicity'])} over-represented {STAGE_SHORT[stage]}: "
            f"{times(top['relative_rate_index'])} as likely{_count_note(top['count'])}")


def comparable(rows: pd.DataFrame) -> bool:
    others = rows[rows["ethnicity"].isin(ETHNIC_GROUPS) & (rows["ethnicity"] != WHITE)]
    return others["relative_rate_index"].notna().any()


def minority_shares(rows: pd.DataFrame) -> tuple[int, int, float | None, float | None]:
    """(minority count, known count, % of the stage, % of the population) for one stage."""
    known = known_groups(rows)
    minority = known[known["ethnicity"] != WHITE]
    count, total = int(minority["count"].sum()), int(known["count"].sum())
    stage_pct = count / total * 100 if total else None
    pop = known["share_of_population_pct"]
    pop_pct = float(minority["share_of_population_pct"].sum()) if pop.notna().any() else None
    return count, total, stage_pct, pop_pct


def share_title(rows: pd.DataFrame, stage: str) -> str:
    count, total, stage_pct, pop_pct = minority_shares(rows)
    if not total:
        return f"No children {STAGE_CHILDREN[stage]} with a recorded ethnicity"
    if pop_pct is None:
        return f"Minority ethnic children: {text.pct(stage_pct)} of those {STAGE_SHORT[stage]}"
    return (f"Minority ethnic children: {text.pct(stage_pct)} {STAGE_SHORT[stage]}, "
            f"{text.pct(pop_pct)} of all children")


def area_title(rows: pd.DataFrame, stage: str) -> str:
    if not comparable(rows):
        return "No comparison with White children is possible here"
    top = largest_over(rows)
    if top is None:
        return f"No significant over-representation {STAGE_SHORT[stage]} in any area"
    return (f"{top['area_name']}: {group_noun(top['ethnicity'], capital=False)} "
            f"{times(top['relative_rate_index'])} as likely {STAGE_SHORT[stage]}"
            f"{_count_note(top['count'])}")


def headline_sentences(frame: pd.DataFrame, stage: str, period_end: date,
                       stage_labels: dict[str, str]) -> list[str]:
    """Plain sentences for one area and period over all stages, then the chosen stage."""
    period = period_words(period_end)
    if not comparable(frame):
        sentences = [f"Relative rates cannot be worked out for the {period}: there is no "
                     "population for this selection or no White children to compare with."]
    else:
        sentences = _over_sentences(frame, period, stage_labels)
    stage_rows = frame[frame["stage"] == stage]
    count, total, stage_pct, pop_pct = minority_shares(stage_rows)
    if total:
        share = (f"{stage_labels[stage]}: children from minority ethnic groups were "
                 f"{text.pct(stage_pct)} of the children ({text.count(count)} of "
                 f"{text.count(total)} with a recorded ethnicity)")
        share += f", against {text.pct(pop_pct)} of all children aged 10–17." \
            if pop_pct is not None else "."
        sentences.append(share)
    unknown = int(stage_rows.loc[stage_rows["ethnicity"] == "Unknown", "count"].sum())
    if unknown:
        sentences.append(f"{text.count(unknown)} {'child' if unknown == 1 else 'children'} "
                         f"{STAGE_CHILDREN[stage]} had no recorded ethnicity and "
                         f"{'is' if unknown == 1 else 'are'} left out of the comparison.")
    return sentences


def _over_sentences(frame: pd.DataFrame, period: str, stage_labels: dict[str, str]) -> list:
    top = largest_over(frame)
    if top is None:
        minority = int(frame[(frame["stage"] == "cautioned_or_sentenced")
                             & frame["ethnicity"].isin(ETHNIC_GROUPS)
                             & (frame["ethnicity"] != WHITE)]["count"].sum())
        sentence = (f"No ethnic group was significantly over-represented at any stage in the "
                    f"{period}")
        who = (f"{text.count(minority)} {'child' if minority == 1 else 'children'} from "
               f"minority ethnic groups {'was' if minority == 1 else 'were'} cautioned or "
               "sentenced")
        if text.small_number_note(minority):
            return [f"{sentence}. Numbers are small ({who}), so only large differences would "
                    "show as significant."]
        return [f"{sentence} ({who})."]
    count = int(top["count"])
    caution = "; small numbers — treat with caution" if text.small_number_note(count) else ""
    first = (f"{group_noun(top['ethnicity'])} were {times(top['relative_rate_index'])} as "
             f"likely as White children {STAGE_TO[top['stage']]} in the {period} "
             f"({text.count(count)} {'child' if count == 1 else 'children'}{caution}).")
    stages = list(dict.fromkeys(frame.loc[frame["significance"] == "over", "stage"]))
    names = [stage_labels[s].lower() for s in stages]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    of = len(frame["stage"].unique())
    second = (f"Over-representation was statistically significant at {len(stages)} of the "
              f"{of} stages: {listed}.")
    return [first, second]


def filter_note(ethnicity: str, population_available: bool, population_words: str) -> str:
    """What the filters do (and don't do) on this page."""
    notes = []
    if ethnicity:
        shown = f"{group_noun(ethnicity, capital=False)} are highlighted" \
            if ethnicity in ETHNIC_GROUPS else "every group is shown"
        notes.append(f"The ethnicity filter does not narrow this page — every group is "
                     f"compared with White children; {shown}.")
    if not population_available:
        notes.append("There is no population for looked-after status, offence group or "
                     "unrecorded sex, so rates and relative rate indices are not available: "
                     "counts and shares only.")
    elif population_words:
        notes.append(f"Rates use the population of {population_words}.")
    return " ".join(notes)
