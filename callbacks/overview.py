"""Overview page callbacks: headline sentences, indicator cards and the summary table."""
from __future__ import annotations

import logging
import re

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard.web.chart_results import table_payload
from dashboard.core.db import get_engine
from dashboard.words.headlines import (headline_sentences, nobody_counted, summary_table,
                                 summary_title)
from dashboard.web.overview_cards import indicator_card, summary_html
from dashboard.contract.periods import period_words
from dashboard.web.state import ViewState
from dashboard.analysis.thresholds import describe, load_thresholds
from queries.meta import area_label, load_meta, resolve_period
from dashboard.analysis.summary import INDICATORS
from dashboard.words.figure_notes import disproportionality_headline, headline_figures
from dashboard.web.session import selection_for

log = logging.getLogger(__name__)
OUTPUTS = ["overview-headlines", "overview-filter-note", "overview-cards",
           "overview-table-title", "overview-table-subtitle", "overview-table",
           "overview-table-note", "overview-table-data", "overview-rag-rules"]


@callback([Output(i, "children" if i != "overview-table-data" else "data") for i in OUTPUTS],
          Input("view-state", "data"))
def render_overview(view):
    state = ViewState.from_dict(view)
    engine = get_engine()
    try:
        meta = load_meta(engine)
        period = resolve_period(meta, state.period_end)
        thresholds = load_thresholds()
        figures = headline_figures(engine, selection_for(state), period, meta=meta,
                                   thresholds=thresholds)
    except Exception:  # noqa: BLE001 - one message in place of the page's figures
        log.exception("overview figures failed")
        return _failed("The headline figures could not be worked out for this selection.")
    area = area_label(meta, state.level, state.area_code)
    table = summary_table(figures)
    return (
        [html.P(_context(figures, area, period, meta), className="overview-context"),
         _headlines(figures, state, engine, period, area)],
        _filter_notes(state),
        _cards(figures, state),
        summary_title(figures),
        f"{area}, {period_words(period)}: latest figures, trends, comparators and rank",
        summary_html(figures),
        _table_note(figures, meta),
        table_payload(table, _slug(f"overview-summary-{area}-{period_words(period)}")),
        _rag_rules(thresholds),
    )


def _failed(message: str) -> tuple:
    alert = dbc.Alert(message, color="warning")
    return (alert, None, None, "Nothing to show for this selection", "", None, "", None, None)


def _headlines(figures, state, engine, period, area) -> html.Div:
    try:
        dispro = disproportionality_headline(engine, selection_for(state), period)
    except Exception:  # noqa: BLE001 - the other sentences still stand
        log.exception("disproportionality headline failed")
        dispro = None
    sentences = headline_sentences(figures, state.compare, dispro)
    if nobody_counted(figures):
        filtered = " match these filters" if state.cohort.active() else ""
        remove = " Remove a filter (× on its chip) to see more." if filtered else ""
        return html.P(f"No children{filtered} in {area} in the {period_words(period)}.{remove}",
                      className="headline-empty")
    return html.Ul([html.Li(s) for s in sentences], className="headline-list")


def _context(figures, area, period, meta) -> str:
    text = f"{area}, {period_words(period)}."
    reoffending = next((f for f in figures if f.get("cohort_year_words")), None)
    if reoffending:
        text += (f" Reoffending is for the latest complete year: children cautioned or "
                 f"sentenced {reoffending['cohort_year_words']}.")
    return text + f" Data as of {meta['as_of']:%-d %B %Y}."


def _filter_notes(state: ViewState) -> list | None:
    """Say plainly where a filter does not apply."""
    cohort = state.cohort
    if not cohort.active():
        return None
    notes = ["Counting only the children chosen in the filters. Published comparators "
             "(national, region, family) cover all children: the filters do not apply to "
             "them. Ranks among the areas loaded do follow the filters."]
    if not cohort.population_available:
        notes.append("There is no population figure for children looked after or by offence, "
                     "so first time entrants and custody show counts, with no rate, RAG or "
                     "rank.")
    if cohort.ethnicity:
        notes.append("The disproportionality sentence compares ethnic groups, so the "
                     "ethnicity filter does not apply to it.")
    if cohort.tier and cohort.tier != "custody":
        notes.append("Custody counts custodial sentences only, so with another outcome tier "
                     "chosen it shows none.")
    return [html.P(n) for n in notes]


def _cards(figures, state: ViewState) -> dbc.Row:
    query = state.to_query()
    return dbc.Row([dbc.Col(indicator_card(f, f["page"] + query, bool(state.present)),
                            xs=12, md=6, xxl=3, className="mb-3") for f in figures],
                   className="g-3")


def _table_note(figures, meta) -> str:
    note = ("Lower is better for every indicator. Rank 1st = lowest. Annual trend compares "
            "with the same period a year before; 3-year trend with three years before. "
            "Sources: local case management outcomes; ONS mid-year population estimates; "
            "published comparators where loaded.")
    return note + f" Data as of {meta['as_of']:%-d %B %Y}."


def _rag_rules(thresholds) -> html.Div:
    def rule(key):
        return describe(key, thresholds[key]) if key in thresholds else "no threshold set"
    items = [html.Li(f"{spec['label']}: {rule(key)}.") for key, spec in INDICATORS.items()]
    return html.Div([
        html.Ul(items),
        html.P(["Thresholds are set in ", html.Code("dashboard/thresholds.toml"),
                " (or the file named by the ", html.Code("RAG_THRESHOLDS"),
                " setting). Values are rated as shown on screen."]),
    ])


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


@callback(Output("overview-table-download", "data"),
          Input("overview-table-csv", "n_clicks"),
          State("overview-table-data", "data"),
          prevent_initial_call=True)
def download_summary(clicks, data):
    if not clicks or not isinstance(data, dict) or not data.get("rows"):
        return no_update
    frame = pd.DataFrame(data["rows"], columns=data.get("columns"))
    return dcc.send_data_frame(frame.to_csv, f"{data['filename']}.csv", index=False)
