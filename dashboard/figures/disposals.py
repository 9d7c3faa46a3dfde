"""Outcomes (disposals) page: figures, titles and sentences, pure functions of small frames.

Frames come from `queries.disposals.disposals` for one area: one row per period_end and
outcome_type with disposals (outcome rows), children and tier.
"""
from __future__ import annotations

import calendar
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.style import COMPARATOR_GREYS, THIS_AREA, Draft, apply_style, sizes
from dashboard.contract.periods import add_months, period_words
from dashboard.contract.schema import ALL_TIERS, OTHER_TIER, OUTCOME_TYPES, TIER_LABELS, TIERS
from dashboard.analysis.comparisons import change_words
from dashboard.words import text

# Colour, fill pattern and label colour per tier: colour is never the only cue.
TIER_STYLE = {
    "diversion": ("#28A197", "", "#0B0C0C"),
    "pre_court": ("#12436D", "/", "#FFFFFF"),
    "first_tier": ("#A285D1", ".", "#0B0C0C"),
    "community": ("#F46A25", "x", "#0B0C0C"),
    "custody": ("#801650", "-", "#FFFFFF"),
    OTHER_TIER: ("#BFC1C3", "+", "#0B0C0C"),   # v2 local codes only: drawn when present
}
DIVERSION = "Diversion (no formal outcome)"
FORMAL = "Formal outcomes (cautions and sentences)"


def counted(number, singular: str, plural: str) -> str:
    """'1 outcome', '1,240 outcomes'."""
    return f"{text.count(number)} {singular if number == 1 else plural}"


def year_before(period_end: date) -> date:
    return add_months(period_end, -12)


def year_words(period_end: date) -> str:
    """'Year to March 2024', for a label that starts a line."""
    return "Y" + period_words(period_end)[1:]


def year_axis_label(period_end: date) -> str:
    """The bar's label: the year its rolling year ends in (the month is in the axis title)."""
    return str(period_end.year)


def year_axis_title(tiers: pd.DataFrame) -> str:
    ends = tiers["period_end"]
    month = calendar.month_name[ends.iloc[0].month] if len(ends) else ""
    return f"Rolling year to the end of {month}"


def annual_period_ends(available, chosen: date, years: int = 10) -> list[date]:
    """Non-overlapping rolling years ending in the chosen quarter's month, oldest first."""
    ends = sorted(p for p in available if p <= chosen and p.month == chosen.month)
    return ends[-years:]


def tier_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Outcomes per period and tier (every tier present), with each tier's share."""
    columns = ["period_end", "tier", "disposals", "share_pct"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    sums = frame.groupby(["period_end", "tier"], as_index=False)["disposals"].sum()
    tiers = TIERS + ((OTHER_TIER,) if (sums["tier"] == OTHER_TIER).any() else ())
    grid = pd.MultiIndex.from_product([sorted(sums["period_end"].unique()), tiers],
                                      names=["period_end", "tier"]).to_frame(index=False)
    sums = grid.merge(sums, how="left").fillna({"disposals": 0})
    sums["disposals"] = sums["disposals"].astype("int64")
    totals = sums.groupby("period_end")["disposals"].transform("sum")
    sums["share_pct"] = (sums["disposals"] / totals.where(totals > 0) * 100)
    return sums[columns]


def diversion_series(frame: pd.DataFrame) -> pd.DataFrame:
    """Diversion and formal outcomes per rolling year."""
    columns = ["period_end", "diversion", "formal"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    # Tier `other` (local codes) is neither diversion nor a formal outcome.
    kinds = frame[frame["tier"] != OTHER_TIER]
    kinds = kinds.assign(kind=kinds["tier"].map(
        lambda t: "diversion" if t == "diversion" else "formal"))
    wide = kinds.pivot_table(index="period_end", columns="kind", values="disposals",
                             aggfunc="sum", fill_value=0)
    # Every period stays (zeros), even one with only tier `other` outcomes.
    wide = wide.reindex(index=sorted(frame["period_end"].unique()),
                        columns=["diversion", "formal"], fill_value=0)
    wide = wide.rename_axis("period_end").reset_index()
    wide.columns.name = None
    return wide[columns].sort_values("period_end").reset_index(drop=True)


def _tier_bars(tiers: pd.DataFrame, value: str, presentation: bool, labels: bool):
    size = sizes(presentation)
    for tier in [t for t in ALL_TIERS if t in set(tiers["tier"])]:
        rows = tiers[tiers["tier"] == tier]
        colour, pattern, ink = TIER_STYLE[tier]
        shown = rows[value].map(lambda v: text.pct(v) if value == "share_pct" else text.count(v))
        yield dict(
            type="bar", x=[year_axis_label(p) for p in rows["period_end"]], y=rows[value],
            name=TIER_LABELS[tier], marker={"color": colour, "line": {"color": "white",
                                                                        "width": 1},
                                            "pattern": {"shape": pattern, "fgcolor": ink,
                                                        "fgopacity": 0.35, "size": 7,
                                                        "solidity": 0.2}},
            text=shown if labels else None, textposition="inside", insidetextanchor="middle",
            textangle=0,
            textfont={"color": ink, "size": size["label"]},
            customdata=list(zip([f"tier={tier}"] * len(rows), rows["disposals"],
                                rows["share_pct"].fillna(0))),
            hovertemplate=(f"<b>{TIER_LABELS[tier]}</b><br>%{{x}}<br>%{{customdata[1]:,}} "
                           "outcomes (%{customdata[2]:.1f}%)<extra></extra>"))


def tier_counts_figure(tiers: pd.DataFrame, presentation: bool = False,
                       dark: bool = False) -> go.Figure:
    """Stacked bars of outcomes by tier per rolling year, total labelled on each bar."""
    fig = Draft(list(_tier_bars(tiers, "disposals", presentation, labels=False)), {
        "barmode": "stack", "legend": {"traceorder": "normal"},
        "yaxis": {"title": {"text": "Outcomes given (count)"}, "tickformat": ","},
        "xaxis": {"title": {"text": year_axis_title(tiers)}, "type": "category"}})
    totals = tiers.groupby("period_end", as_index=False)["disposals"].sum()
    fig.add_trace(dict(
        type="scatter",
        x=[year_axis_label(p) for p in totals["period_end"]], y=totals["disposals"],
        text=[text.count(v) for v in totals["disposals"]], mode="text",
        textposition="top center", textfont={"size": sizes(presentation)["label"]},
        hoverinfo="skip", showlegend=False))
    fig = apply_style(fig, presentation, dark, legend=True,
                      yaxes={"range": [0, max(totals["disposals"].max(), 1) * 1.15]})
    return fig


def tier_shares_figure(tiers: pd.DataFrame, presentation: bool = False,
                       dark: bool = False) -> go.Figure:
    """100% stacked bars: each tier's share of outcomes per rolling year, labelled."""
    fig = Draft(list(_tier_bars(tiers, "share_pct", presentation, labels=True)), {
        "barmode": "stack", "legend": {"traceorder": "normal"},
        "uniformtext": {"minsize": sizes(presentation)["tick"] - 3, "mode": "hide"},
        "yaxis": {"title": {"text": "% of outcomes"}, "ticksuffix": "%", "range": [0, 100]},
        "xaxis": {"title": {"text": year_axis_title(tiers)}, "type": "category"}})
    return apply_style(fig, presentation, dark, legend=True)


def diversion_figure(series: pd.DataFrame, presentation: bool = False,
                     dark: bool = False) -> go.Figure:
    """Two lines (diversion, formal) per rolling year, labelled at their ends.

    Points carry customdata 'period=YYYY-MM-DD': clicking one selects that period.
    """
    size = sizes(presentation)
    fig = Draft()
    styles = [("diversion", DIVERSION, TIER_STYLE["diversion"][0], "circle"),
              ("formal", FORMAL, THIS_AREA, "square")]
    x = list(series["period_end"])
    for column, name, colour, marker in styles:
        fig.add_trace(dict(
            type="scatter", x=x, y=series[column], name=name, mode="lines+markers",
            line={"color": colour, "width": size["line"]},
            marker={"symbol": marker, "size": size["marker"], "color": colour},
            customdata=[[f"period={p.isoformat()}", period_words(p)] for p in x],
            hovertemplate=f"<b>{name}</b><br>%{{customdata[1]}}: %{{y:,}}<extra></extra>"))
        if x:
            fig.add_annotation(x=x[-1], y=series[column].iloc[-1], xanchor="left", xshift=8,
                               text=f"<b>{text.count(series[column].iloc[-1])}</b> "
                                    f"{name.split(' (')[0].lower()}",
                               showarrow=False, font={"color": colour, "size": size["label"]})
    fig.layout.update(
        yaxis={"title": {"text": "Outcomes in the rolling year (count)"}, "tickformat": ","},
        xaxis={"title": {"text": "Rolling year ending"}, "tickformat": "%b %Y"})
    fig = apply_style(fig, presentation, dark, legend=True,
                      xaxes={"range": [add_months(x[0], -2), add_months(x[-1], 2)]} if x else None,
                      layout={"margin": {"r": 190}})
    return fig


def types_table(current: pd.DataFrame, previous: pd.DataFrame, children_now: int | None,
                children_before: int | None) -> pd.DataFrame:
    """The boards' table: one row per outcome type given in either year, then a Total row.

    `current`/`previous` are one period's rows from `disposals`; children totals are
    distinct children over all types (a child with two types counts once).
    """
    def one(frame, suffix):
        return frame.set_index("outcome_type")[["disposals", "children"]].add_suffix(suffix)

    table = one(current, "_now").join(one(previous, "_before"), how="outer")
    # §2 codes in their order, then local codes (v2) as the query lists them.
    known = pd.concat([previous, current])
    local = [c for c in known["outcome_type"] if c not in OUTCOME_TYPES]
    order = {code: i for i, code in enumerate(list(OUTCOME_TYPES) + list(dict.fromkeys(local)))}
    labels = {c: spec[0] for c, spec in OUTCOME_TYPES.items()}
    tiers = {c: spec[1] for c, spec in OUTCOME_TYPES.items()}
    for column, found in (("label", labels), ("tier", tiers)):
        if column in known:
            found.update(dict(zip(known["outcome_type"], known[column])))
    table = table.sort_index(key=lambda codes: codes.map(order)).reset_index()
    for column in ["disposals_now", "children_now", "disposals_before", "children_before"]:
        table[column] = table[column].fillna(0).astype("int64")
    table.insert(1, "outcome", table["outcome_type"].map(lambda c: labels.get(c, c)))
    table.insert(2, "tier", table["outcome_type"].map(
        lambda c: TIER_LABELS.get(tiers.get(c), tiers.get(c, ""))))
    total = {"outcome_type": "total", "outcome": "Total", "tier": "",
             "disposals_now": int(table["disposals_now"].sum()),
             "children_now": children_now if children_now is not None else pd.NA,
             "disposals_before": int(table["disposals_before"].sum()),
             "children_before": children_before if children_before is not None else pd.NA}
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    for when in ("now", "before"):
        grand = total[f"disposals_{when}"]
        table[f"pct_{when}"] = table[f"disposals_{when}"] / grand * 100 if grand else pd.NA
    return table[["outcome_type", "outcome", "tier", "disposals_now", "children_now", "pct_now",
                  "disposals_before", "children_before", "pct_before"]]


def types_figure(table: pd.DataFrame, now_label: str, before_label: str,
                 presentation: bool = False, dark: bool = False) -> go.Figure:
    """Horizontal bars per outcome type: the chosen year (bold) beside the year before."""
    size = sizes(presentation)
    rows = table[table["outcome_type"] != "total"]
    fig = Draft()
    for column, name, colour, pattern in [
            ("disposals_before", before_label, COMPARATOR_GREYS[2], "/"),
            ("disposals_now", now_label, THIS_AREA, "")]:
        fig.add_trace(dict(
            type="bar", y=rows["outcome"], x=rows[column], name=name, orientation="h",
            marker={"color": colour, "pattern": {"shape": pattern, "fgcolor": "white",
                                                 "solidity": 0.3}},
            text=[text.count(v) for v in rows[column]], textposition="outside",
            textfont={"size": size["label"] - 2}, cliponaxis=False,
            hovertemplate=f"%{{y}}<br>{name}: %{{x:,}}<extra></extra>"))
    fig.layout.update(barmode="group", bargap=0.25, bargroupgap=0.05,
                      legend={"traceorder": "reversed"}, yaxis={"autorange": "reversed"},
                      xaxis={"title": {"text": "Outcomes given (count)"}, "tickformat": ",",
                             "showgrid": True})
    top = max(rows[["disposals_now", "disposals_before"]].max().max(), 1)
    fig = apply_style(fig, presentation, dark, legend=True,
                      xaxes={"range": [0, top * 1.12], "rangemode": "tozero"})
    return fig


# --- titles and sentences -----------------------------------------------------------


def _latest_two(frame: pd.DataFrame, value: str) -> tuple:
    ordered = frame.sort_values("period_end")
    latest = ordered[value].iloc[-1] if len(ordered) else None
    previous = ordered[value].iloc[-2] if len(ordered) > 1 else None
    return latest, previous


def tier_counts_title(tiers: pd.DataFrame) -> str:
    totals = tiers.groupby("period_end", as_index=False)["disposals"].sum()
    latest, previous = _latest_two(totals, "disposals")
    if latest is None:
        return "No outcomes in this period"
    change = change_words(latest, previous)
    if change["direction"] is None:
        return f"{counted(latest, 'outcome', 'outcomes')} given this year"
    if change["direction"] == "same":
        return f"{counted(latest, 'outcome', 'outcomes')} given, unchanged on the year before"
    return f"{counted(latest, 'outcome', 'outcomes')} given, {change['words']} on the year before"


def tier_shares_title(tiers: pd.DataFrame) -> str:
    """The tier whose share moved most against the year before, else the largest share."""
    ends = sorted(tiers["period_end"].unique())
    if not ends:
        return "No outcomes in this period"
    now = tiers[tiers["period_end"] == ends[-1]].set_index("tier")["share_pct"]
    if len(ends) > 1:
        before = tiers[tiers["period_end"] == ends[-2]].set_index("tier")["share_pct"]
        moves = (now - before).dropna()
        if not moves.empty and moves.abs().max() >= 1:
            tier = moves.abs().idxmax()
            verb = "rose" if moves[tier] > 0 else "fell"
            return (f"{TIER_LABELS[tier]} share {verb} most, to {text.pct(now[tier])} "
                    f"from {text.pct(before[tier])}")
    tier = now.idxmax()
    return f"Largest share: {TIER_LABELS[tier]}, {text.pct(now[tier])} of outcomes"


def diversion_title(series: pd.DataFrame) -> str:
    if series.empty:
        return "No outcomes in this period"
    words = []
    for column, name in (("diversion", "Diversion"), ("formal", "formal outcomes")):
        change = change_words(*_latest_two(series, column))
        if change["direction"] is None:
            return f"Diversion was {text.pct(diversion_share(series.iloc[-1]))} of outcomes this year"
        words.append(f"{name} {change['words']}")
    return f"{words[0]}, {words[1]} on a year before"


def diversion_share(row) -> float | None:
    total = row["diversion"] + row["formal"]
    return row["diversion"] / total * 100 if total else None


def types_title(table: pd.DataFrame) -> str:
    rows = table[(table["outcome_type"] != "total") & (table["disposals_now"] > 0)]
    if rows.empty:
        return "No outcomes in this period"
    top = rows.loc[rows["disposals_now"].idxmax()]
    return f"{top['outcome']} was the most common outcome ({text.count(top['disposals_now'])})"


def headline_sentences(series: pd.DataFrame, table: pd.DataFrame, period_end: date,
                       custody_children: int) -> list[str]:
    """2-3 plain sentences: how many outcomes and children, the diversion share, custody.

    `custody_children` is the distinct count (a child with two custodial outcomes is one).
    """
    total = table[table["outcome_type"] == "total"].iloc[0]
    period = period_words(period_end)
    if not total["disposals_now"]:
        return [f"No outcomes were given in the {period} for this selection."]
    children = total["children_now"]
    verb = "was" if total["disposals_now"] == 1 else "were"
    outcomes = counted(total["disposals_now"], "outcome", "outcomes")
    first = f"In the {period}, {outcomes} {verb} given"
    first += f" to {counted(children, 'child', 'children')}" if not pd.isna(children) else ""
    change = change_words(total["disposals_now"], total["disposals_before"] or None)
    if change["direction"] in ("up", "down"):
        first += f", {change['words']} on the year before"
    elif change["direction"] == "same":
        first += ", the same as the year before"
    sentences = [first + "."]
    latest = series[series["period_end"] == period_end]
    if not latest.empty:
        share_now = diversion_share(latest.iloc[0])
        before = series[series["period_end"] == year_before(period_end)]
        diversion = f"{text.pct(share_now)} of outcomes were diversion (no formal outcome)"
        if not before.empty and diversion_share(before.iloc[0]) is not None:
            diversion += f", against {text.pct(diversion_share(before.iloc[0]))} a year before"
        sentences.append(diversion + ".")
    custody = table[table["tier"] == TIER_LABELS["custody"]]
    sentences.append(_custody_sentence(int(custody["disposals_now"].sum()), custody_children))
    return sentences


def _custody_sentence(sentences: int, children: int) -> str:
    if sentences == 0:
        return "No child was sentenced to custody."
    went = f"{counted(sentences, 'custodial sentence', 'custodial sentences')} went to " \
        f"{counted(children, 'child', 'children')}"
    return went + (" (a child can have more than one)." if sentences > children else ".")
