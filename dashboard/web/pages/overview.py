"""Overview page: the board summary — headline sentences, a card per national indicator and
the summary table boards know."""
from __future__ import annotations

import re

import dash_bootstrap_components as dbc
from dash import html

from dashboard.analysis.summary import INDICATORS
from dashboard.analysis.thresholds import describe, load_thresholds
from dashboard.contract.periods import period_words
from dashboard.contract.selection import Selection
from dashboard.core.db import get_engine
from dashboard.web import registry
from dashboard.web.pages import needs
from dashboard.web.overview_cards import indicator_card, summary_html
from dashboard.web.page_content import PageContent, table_payload
from dashboard.web.state import ViewState
from dashboard.words.figure_notes import disproportionality_headline, headline_figures
from dashboard.words.headlines import (headline_sentences, nobody_counted, summary_table,
                                       summary_title)
from dashboard.words.text import day_month_year
from queries.meta import area_label, load_meta, resolve_period

PAGE = "overview"
CHARTS: dict[str, str] = {}  # cards and a table, no chart cards
FILTER_NOTE, CARDS = "overview-filter-note", "overview-cards"
TABLE_TITLE, TABLE_SUBTITLE = "overview-table-title", "overview-table-subtitle"
TABLE, TABLE_NOTE, TABLE_DATA = "overview-table", "overview-table-note", "overview-table-data"
TABLE_CSV, TABLE_DOWNLOAD = "overview-table-csv", "overview-table-download"
RAG_RULES = "overview-rag-rules"
SUMMARY_TITLE = "Latest performance at a glance"  # the summary table's name in the pack


def build(state: ViewState, selection: Selection, only=None) -> PageContent:
    """The overview for a resolved view state and its selection."""
    engine = get_engine()
    meta = load_meta(engine)
    period = resolve_period(meta, state.period_end)
    thresholds = load_thresholds()
    figures = headline_figures(engine, selection, period, meta=meta, thresholds=thresholds)
    area = area_label(meta, state.level, state.area_code)
    content = PageContent(PAGE, wanted=only)
    context = _context(figures, area, period, meta)
    dispro = content.attempt("the disproportionality sentence", disproportionality_headline,
                             engine, selection, period)
    local = content.attempt("the local indicators", needs.overview_part, engine, selection,
                            period, thresholds) or needs.NO_PART
    content.headlines = [context, *_sentences(figures, state, dispro, period, area),
                         *local.sentences]
    content.headline_block = [html.P(context, className="overview-context"),
                              _headlines_block(figures, content.headlines[1:])]
    content.extras = {
        FILTER_NOTE: _filter_notes(state),
        CARDS: _cards(figures, state),
        TABLE_TITLE: summary_title(figures),
        TABLE_SUBTITLE: f"{area}, {period_words(period)}: latest figures, trends, "
                        "comparators and rank",
        TABLE: summary_html(figures + local.figures),
        TABLE_NOTE: _table_note(figures, meta),
        TABLE_DATA: table_payload(summary_table(figures + local.figures),
                                  _slug(f"overview-summary-{area}-{period_words(period)}")),
        RAG_RULES: _rag_rules(thresholds),
    }
    return content


def _sentences(figures, state: ViewState, dispro, period, area) -> list[str]:
    """The headline sentences, or the one sentence saying that nobody is counted."""
    if nobody_counted(figures):
        filtered = " match these filters" if state.cohort.active() else ""
        remove = " Remove a filter (× on its chip) to see more." if filtered else ""
        return [f"No children{filtered} in {area} in the {period_words(period)}.{remove}"]
    return headline_sentences(figures, state.compare, dispro)


def _headlines_block(figures, sentences: list[str]):
    if nobody_counted(figures):
        return html.P(sentences[0], className="headline-empty")
    return html.Ul([html.Li(s) for s in sentences], className="headline-list")


def _context(figures, area, period, meta) -> str:
    text = f"{area}, {period_words(period)}."
    reoffending = next((f for f in figures if f.get("cohort_year_words")), None)
    if reoffending:
        text += (f" Reoffending is for the latest complete year: children cautioned or "
                 f"sentenced {reoffending['cohort_year_words']}.")
    return text + f" Data as of {day_month_year(meta['as_of'])}."


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
    return dbc.Row([dbc.Col(indicator_card(f, registry.path_for_indicator(f["indicator"])
                                           + query, bool(state.present)),
                            xs=12, md=6, xxl=3, className="mb-3") for f in figures],
                   className="g-3")


def _table_note(figures, meta) -> str:
    note = ("Lower is better for the national indicators; higher for the local ones marked "
            "so. Rank 1st = lowest. Annual trend compares "
            "with the same period a year before; 3-year trend with three years before. "
            "Sources: local case management outcomes; ONS mid-year population estimates; "
            "published comparators where loaded.")
    return note + f" Data as of {day_month_year(meta['as_of'])}."


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
