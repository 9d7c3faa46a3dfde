"""Overview components built from headline figures: indicator cards and the summary table.

Pure functions (figure dicts in, Dash components out), so presentation mode can reuse them.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.figures.overview import sparkline
from dashboard.words.headlines import (JUDGEMENT_WORDS, comparator_label, count_text,
                                       interval_text, plural, rank_cohort, rank_note, rank_text,
                                       summary_table, value_text)
from dashboard.contract.periods import quarter_label
from dashboard.words.text import count

CLICKABLE_TRENDS = {"fte_rate", "custody_rate"}   # rolling years: a point is a period
JUDGEMENT_CLASS = {"better": "better", "worse": "worse", "similar": "similar",
                   "no change": "similar", "could be chance": "similar"}
CARD_LABELS = {"national": "National", "statistical_neighbours": "Neighbours"}


def rag_badge(rag: dict) -> html.Span:
    """RAG as icon + word + colour, with the rule as its tooltip; "(could be Green)" beside
    it when the figure's 95% interval reaches another band."""
    could = rag.get("could_be") or []
    title = rag["rule"]
    if could:
        title += (". The 95% interval reaches " + " and ".join(w.capitalize() for w in could)
                  + ", so the rating could be chance.")
    badge = html.Span([html.I(className=f"bi {rag['icon']}", **{"aria-hidden": "true"}),
                       rag["word"]], className=f"rag rag-{rag['status']}", title=title)
    if not could:
        return badge
    return html.Span([badge, html.Span(rag["label"][len(rag["word"]):],
                                       className="rag-could-be")], className="rag-rating")


def _judgement(word: str | None) -> html.Span | None:
    if not word:
        return None
    return html.Span(word.lower(), className=f"judgement {JUDGEMENT_CLASS[word.lower()]}")


def change_line(figure: dict) -> html.P:
    """'▼ down 12% on a year before — better' (or '— could be chance'), with the earlier value
    beside it; untested changes (no interval) carry no judgement."""
    change = figure["change"]
    if change["direction"] is None:
        return html.P("No figure for a year before to compare with.", className="card-change")
    before = (value_text(figure["indicator"], figure["previous"]) if figure["rate_available"]
              else count_text({**figure, "count": figure.get("previous_count")}))
    parts = [html.Span(f"{change['arrow']} {change['words']}", className="change-words"),
             " a year before" if change["change"] is None else " on a year before"]
    if change["direction"] != "same" and change.get("judgement"):
        parts += [" — ", _judgement(change["judgement"])]
    parts.append(html.Span(f" (was {before})", className="card-muted"))
    return html.P(parts, className="card-change")


def comparator_list(figure: dict) -> html.Ul | None:
    """Each comparator with its figure and, from our 95% interval, whether we are
    statistically higher, similar or lower ('higher (worse)'); 'not tested' without one."""
    items = []
    for area_type, bench in figure["benchmarks"].items():
        if bench["value"] is None:
            continue
        found = bench.get("significance")
        if bench.get("all_children"):
            verdict = html.Span("all children", className="judgement similar",
                                title="Published figures cover all children: the filters do "
                                      "not apply to them, so they are not compared.")
        elif found is None:
            verdict = html.Span("not tested", className="judgement similar",
                                title="This figure has no confidence interval, so the "
                                      "difference is not tested against chance.")
        elif found in JUDGEMENT_WORDS:
            verdict = [found, " (", _judgement(JUDGEMENT_WORDS[found]), ")"]
        else:
            verdict = _judgement("similar")
        items.append(html.Li([
            html.Span(CARD_LABELS.get(area_type, bench["name"]), className="vs-name",
                      title=comparator_label(area_type, bench["name"])),
            html.Span(value_text(figure["indicator"], bench["value"]), className="vs-value"),
            html.Span(verdict, className="vs-position")]))
    if not items:
        return None
    return html.Ul(items, className="vs-list",
                   **{"aria-label": "Compared with (statistically, at 95%)"})


def _trend_frame(figure: dict) -> pd.DataFrame:
    frame = pd.DataFrame(figure["series"], columns=["period_end", "value"])
    cohort = figure["indicator"] not in CLICKABLE_TRENDS
    frame["label"] = [f"{'Cohorts to ' if cohort else 'Year to '}{quarter_label(d)}"
                      for d in frame["period_end"]]
    return frame


def trend(figure: dict, presentation: bool = False) -> html.Div:
    """The sparkline, described in words for screen readers, with its time span below."""
    key = figure["indicator"]
    frame = _trend_frame(figure)
    shown = frame.dropna(subset=["value"])

    def fmt(value):  # without a rate the trend is of counts
        return value_text(key, value) if figure["rate_available"] else count(value)
    graph = dcc.Graph(
        id={"type": "chart-graph", "chart": f"overview-spark-{key}"},
        figure=sparkline(frame, fmt, key in CLICKABLE_TRENDS, presentation),
        config={"displayModeBar": False, "responsive": True}, className="sparkline")
    if len(shown) < 2:
        return html.Div(graph, role="img", **{"aria-label": "No trend to show"})
    first, last = shown.iloc[0], shown.iloc[-1]
    span = (f"Last {len(shown)} quarters, {quarter_label(first['period_end'])} to "
            f"{quarter_label(last['period_end'])}")
    described = f"{span}: from {fmt(first['value'])} to {fmt(last['value'])}"
    return html.Div([html.Div(graph, role="img", **{"aria-label": described}),
                     html.P(span, className="spark-caption")])


def indicator_card(figure: dict, href: str, presentation: bool = False) -> dbc.Card:
    """Big number, unit, period, change, comparators, rank, RAG and trend for one indicator."""
    key = figure["indicator"]
    number = value_text(key, figure["value"]) if figure["rate_available"] else (
        count_text(figure) or "–")
    unit = figure["unit"] if figure["rate_available"] else "no rate for this filter"
    counted = count_text(figure)
    interval = interval_text(figure) if figure["rate_available"] else None
    body = [
        html.Div([html.H2(dcc.Link(figure["label"], href=href), className="card-label"),
                  rag_badge(figure["rag"])], className="card-top"),
        html.P([html.Span(number, className="big-number"), " ",
                html.Span(unit, className="unit")]
               + ([html.Span(interval, className="card-interval")] if interval else []),
               className="card-value"),
        html.P(_period_line(figure, counted), className="card-period"),
    ]
    if figure["value"] is None and figure["count"] is None:
        body.append(html.P("No figures for this selection.", className="card-empty"))
    else:
        body += [change_line(figure), comparator_list(figure), _rank_line(figure),
                 trend(figure, presentation)]
    notes = (figure["small_note"], figure.get("coverage_note"), figure["note"])
    body += [html.P(n, className="card-note") for n in notes if n]
    body.append(dcc.Link(f"More on {figure['label'].lower()} ›", href=href,
                         className="card-more"))
    return dbc.Card(dbc.CardBody([b for b in body if b is not None]),
                    className=f"indicator-card card-{key}", id=f"overview-card-{key}")


def _period_line(figure: dict, counted: str | None) -> str:
    words = figure["period_words"]
    text = words[0].upper() + words[1:]
    if counted and figure["rate_available"]:
        text += f" · {counted}"
        if figure.get("children") is not None:   # custody: "5 sentences for 4 children"
            text += f" for {plural(figure['children'], 'child', 'children')}"
    return text


def _rank_line(figure: dict) -> html.P | None:
    """'38th of 155 services (1st = lowest) · Upper middle quartile', what the field is when
    not every service, or why there is no rank."""
    ranked, note = rank_text(figure), rank_note(figure)
    if not ranked:
        return html.P(note, className="card-rank") if note else None
    cohort = rank_cohort(figure)
    text = f"{ranked[0].upper()}{ranked[1:]} (1st = lowest"
    text += f"; {cohort})" if cohort else ")"
    if figure.get("quartile_name"):
        text += f" · {figure['quartile_name']} quartile"
    return html.P([text] + ([html.Br(), note] if note else []), className="card-rank")


def _cell(column: str, text: str, figure: dict):
    if column == "RAG":
        return rag_badge(figure["rag"])
    lowered = text.lower()
    for word in ("better", "worse"):
        if lowered == word or lowered.endswith(f"({word})"):
            return html.Span(text, className=word)
    return text


def summary_html(figures: list[dict]) -> html.Div:
    """The summary table as boards know it, every cell in words.

    On a narrow screen it scrolls sideways inside its own region, which takes the keyboard
    focus (tabIndex) so the scroll works without a mouse (WCAG 2.1.1)."""
    frame = summary_table(figures)
    head = html.Thead(html.Tr([html.Th(c, scope="col") for c in frame.columns]))
    rows = []
    for figure, (_, row) in zip(figures, frame.iterrows()):
        cells = [html.Th(row.iloc[0], scope="row")]
        cells += [html.Td(_cell(c, row[c], figure)) for c in frame.columns[1:]]
        rows.append(html.Tr(cells))
    table = dbc.Table([head, html.Tbody(rows)], bordered=False, hover=True,
                      className="summary-table", id="overview-summary-table")
    return html.Div(table, className="table-responsive", tabIndex="0", role="region",
                    **{"aria-label": "Summary table"})
